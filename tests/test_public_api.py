"""Pin the public names: a change here is a change of the public API (and of the CHANGELOG)."""

from __future__ import annotations

import inspect

import otccore
import otccore.adapters.memory
import otccore.adapters.sqlite
import otccore.errors
import otccore.money
import otccore.ports
import otccore.receivables


def test_top_level() -> None:
    assert otccore.__all__ == [
        "Allocation", "AllocationKind", "ConcurrencyConflict", "CurrencyMismatch", "Customer",
        "InvalidAmount", "InvalidInput", "Money", "NotFound", "OpenItem", "OtcError", "Payment",
        "__version__", "aging", "allocate", "apply_allocations", "dso", "from_minor",
        "round_money", "sum_money", "to_minor",
    ]  # fmt: skip


def test_receivables() -> None:
    assert otccore.receivables.__all__ == [
        "DEFAULT_BUCKETS", "AgingBuckets", "AgingReport", "Allocation", "AllocationKind",
        "AllocationLedger", "Customer", "CustomerId", "CustomerRepository", "DiscountTerm",
        "ItemId", "ItemKind", "ItemTable", "OpenItem", "OpenItemRepository", "PaidItem",
        "Payment", "PaymentId", "PaymentRepository", "ReceivablesStore", "RemittanceLine",
        "aging", "apply_allocations", "average_days_delinquent", "average_days_late",
        "balances", "best_possible_dso", "check_payment_allocations",
        "collection_effectiveness_index", "countback_dso", "days_beyond_terms", "dso",
        "weighted_days_to_pay",
    ]  # fmt: skip


def test_errors_money_ports() -> None:
    assert sorted(otccore.errors.__all__) == otccore.errors.__all__
    assert len(otccore.errors.__all__) == 14
    assert set(otccore.money.__all__) >= {"Money", "money", "to_minor", "from_minor", "allocate",
                                          "RoundingPolicy", "round_money", "FxRates",
                                          "StaticRates", "convert", "sum_money"}  # fmt: skip
    assert otccore.ports.__all__ == ["Clock", "Event", "EventSink"]


def test_every_public_class_and_function_has_an_example() -> None:
    missing = []
    for module in (
        otccore, otccore.errors, otccore.money, otccore.ports, otccore.receivables,
        otccore.adapters.memory, otccore.adapters.sqlite,
    ):  # fmt: skip
        for name in module.__all__:
            obj = getattr(module, name)
            documented = "Example" in (obj.__doc__ or "")
            if (inspect.isclass(obj) or inspect.isfunction(obj)) and not documented:
                missing.append(f"{module.__name__}.{name}")
    assert missing == []
