"""Pin the public names: a change here is a change of the public API (and of the CHANGELOG)."""

from __future__ import annotations

import inspect
from types import ModuleType

import otccore
import otccore.adapters.csv
import otccore.adapters.memory
import otccore.adapters.pandas
import otccore.adapters.plot
import otccore.adapters.sqlite
import otccore.adapters.ubl
import otccore.credit
import otccore.errors
import otccore.invoicing
import otccore.matching
import otccore.money
import otccore.ports
import otccore.receivables
import otccore.risk
import otccore.testing.credit
import otccore.testing.invoicing
import otccore.testing.matching
import otccore.testing.receivables
import otccore.testing.scenarios
import otccore.testing.strategies


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
    assert otccore.ports.__all__ == ["Broadcast", "Clock", "Event", "EventSink"]


# Every module with public names: each public class and function, and each public
# method, property and fixture of an exported class, shows its use in a
# doctest-run ``Example:`` section (DESIGN §7). One walk for the whole library.
DOCUMENTED = (
    otccore, otccore.errors, otccore.money, otccore.ports, otccore.receivables,
    otccore.credit, otccore.risk, otccore.invoicing, otccore.matching,
    otccore.adapters.memory, otccore.adapters.sqlite, otccore.adapters.ubl,
    otccore.adapters.pandas, otccore.adapters.plot, otccore.adapters.csv,
    otccore.testing.receivables, otccore.testing.strategies, otccore.testing.credit,
    otccore.testing.invoicing, otccore.testing.matching, otccore.testing.scenarios,
)  # fmt: skip


def _public_methods(cls: type) -> list[tuple[str, object]]:
    """Methods, class and static methods, properties and pytest fixtures a class defines.

    A contract suite's ``test_*`` methods are left out: pytest runs them, and each
    name says what it checks.
    """
    found = []
    for name, value in vars(cls).items():
        if name.startswith("_") or name.startswith("test_"):
            continue
        target = value.__func__ if isinstance(value, classmethod | staticmethod) else value
        fixture = type(value).__name__ == "FixtureFunctionDefinition"
        if inspect.isfunction(target) or isinstance(value, property) or fixture:
            found.append((name, target))
    return found


def _has_example(obj: object) -> bool:
    doc = inspect.getdoc(obj) or ""
    return "Example:" in doc and ">>>" in doc.split("Example:", 1)[1]


def _exported_classes(modules: tuple[ModuleType, ...]) -> dict[str, type]:
    classes = {}
    for module in modules:
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj):
                classes[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return classes


def test_every_public_class_and_function_has_an_example() -> None:
    missing = [
        f"{module.__name__}.{name}"
        for module in DOCUMENTED
        for name in module.__all__
        if (inspect.isclass(obj := getattr(module, name)) or inspect.isfunction(obj))
        and not _has_example(obj)
    ]
    assert missing == []


# Trivial properties that only restate their definition keep a one-line docstring
# (issue 10); the kernel's Reason is reached through otccore.matching.Reason.
_TRIVIAL = {"otccore.reasons.Reason.details"}


def test_every_public_method_and_property_has_an_example() -> None:
    classes = _exported_classes(DOCUMENTED)
    assert {  # the walk reaches every area it is meant to
        "otccore.receivables.model.OpenItem",
        "otccore.credit.checks.Decision",
        "otccore.credit.service.CreditService",
        "otccore.risk.scorecard.Scorecard",
        "otccore.invoicing.terms.NetDays",
        "otccore.matching.service.CashApplication",
        "otccore.matching.subset.SubsetSearch",
        "otccore.adapters.memory.credit.MemoryCredit",
        "otccore.adapters.memory.matching.MemoryMatchOutcomes",
        "otccore.adapters.memory.numbering.MemoryNumberSequence",
        "otccore.adapters.sqlite.credit.SqliteCredit",
        "otccore.adapters.sqlite.matching.SqliteMatchOutcomes",
        "otccore.adapters.sqlite.numbering.SqliteNumberSequence",
        "otccore.adapters.sqlite._db.SqliteDatabase",
        "otccore.testing.receivables.ReceivablesStoreContract",
        "otccore.testing.credit.CreditStoreContract",
        "otccore.testing.credit.ItemTotalsContract",
        "otccore.testing.invoicing.NumberSequenceContract",
        "otccore.testing.scenarios.ScenarioScore",
    } <= set(classes)
    missing = [
        f"{path}.{name}"
        for path, cls in sorted(classes.items())
        for name, method in _public_methods(cls)
        if not _has_example(method) and f"{path}.{name}" not in _TRIVIAL
    ]
    assert missing == []


def test_the_method_walk_sees_properties_class_methods_and_fixtures() -> None:
    def names(cls: type) -> list[str]:
        return [n for n, _ in _public_methods(cls)]

    assert {"invoice", "create", "currency", "with_open"} <= set(
        names(otccore.receivables.OpenItem)
    )
    assert names(otccore.testing.receivables.ReceivablesStoreContract) == ["store"]
    assert {"approved", "available", "utilisation", "light", "with_outcome"} <= set(
        names(otccore.credit.Decision)
    )
    assert names(otccore.credit.CheckStep) == ["code", "evaluate"]
    assert {"open_account", "set_limit", "apply_proposal", "check_and_reserve", "release",
            "cancel", "handle", "recompute_exposure"} <= set(names(otccore.credit.CreditService))  # fmt: skip
    assert names(otccore.testing.credit.CreditStoreContract) == ["store"]
    assert names(otccore.testing.credit.ItemTotalsContract) == ["book"]
    assert names(otccore.testing.invoicing.NumberSequenceContract) == ["sequence"]
    assert {"due_date", "describe", "schedule"} <= set(names(otccore.invoicing.NetDays))
    assert "is_draft" in names(otccore.invoicing.Invoice)  # a property
    assert "of" in names(otccore.invoicing.TaxCategory)  # a classmethod
    assert {"score", "score_batch", "from_json", "to_frame", "min_score", "example"} <= set(
        names(otccore.risk.Scorecard)
    )
    assert {"run"} <= set(names(otccore.matching.CashApplication))
    assert {"unique"} <= set(names(otccore.matching.SubsetSearch))
    assert "heavy" in names(otccore.testing.scenarios.Noise)
