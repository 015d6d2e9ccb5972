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
import otccore.money
import otccore.ports
import otccore.receivables
import otccore.testing.credit
import otccore.testing.invoicing
import otccore.testing.receivables
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
    assert otccore.ports.__all__ == ["Clock", "Event", "EventSink"]


def test_every_public_class_and_function_has_an_example() -> None:
    missing = []
    for module in (
        otccore, otccore.errors, otccore.money, otccore.ports, otccore.receivables,
        otccore.adapters.memory, otccore.adapters.sqlite, otccore.testing.receivables,
        otccore.testing.strategies,
    ):  # fmt: skip
        for name in module.__all__:
            obj = getattr(module, name)
            documented = "Example" in (obj.__doc__ or "")
            if (inspect.isclass(obj) or inspect.isfunction(obj)) and not documented:
                missing.append(f"{module.__name__}.{name}")
    assert missing == []


# The foundation's modules; classes defined elsewhere (credit, matching, invoicing,
# risk and their adapters) are pinned by their own areas' tests.
FOUNDATION = (
    "otccore.errors", "otccore.money", "otccore.ports", "otccore.receivables",
    "otccore.adapters.memory.receivables", "otccore.adapters.sqlite._db",
    "otccore.adapters.sqlite.receivables", "otccore.testing.receivables",
    "otccore.testing.strategies",
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
            found.append((name, value))
    return found


def _has_example(obj: object) -> bool:
    doc = inspect.getdoc(obj) or ""
    return "Example:" in doc and ">>>" in doc.split("Example:", 1)[1]


def test_every_public_method_of_the_foundation_has_an_example() -> None:
    classes = {}
    for module in (
        otccore, otccore.errors, otccore.money, otccore.ports, otccore.receivables,
        otccore.adapters.memory, otccore.adapters.sqlite, otccore.testing.receivables,
        otccore.testing.strategies,
    ):  # fmt: skip
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj) and obj.__module__.startswith(FOUNDATION):
                classes[f"{obj.__module__}.{obj.__qualname__}"] = obj
    assert len(classes) > 30  # the walk itself works
    missing = [
        f"{path}.{name}"
        for path, cls in sorted(classes.items())
        for name, method in _public_methods(cls)
        if not _has_example(method)
    ]
    assert missing == []


# Beyond the foundation: every class these modules export, wherever it is defined
# (the credit domain, the memory and SQLite adapters of credit, matching and
# numbering, the file and frame adapters, the credit and invoicing contract suites).
WALKED = (
    otccore.credit, otccore.adapters.memory, otccore.adapters.sqlite, otccore.adapters.ubl,
    otccore.adapters.pandas, otccore.adapters.plot, otccore.adapters.csv,
    otccore.testing.credit, otccore.testing.invoicing,
)  # fmt: skip


def _exported_classes(modules: tuple[ModuleType, ...]) -> dict[str, type]:
    classes = {}
    for module in modules:
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj):
                classes[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return classes


def test_every_public_name_of_the_walked_modules_has_an_example() -> None:
    missing = [
        f"{module.__name__}.{name}"
        for module in WALKED
        for name in module.__all__
        if (inspect.isclass(obj := getattr(module, name)) or inspect.isfunction(obj))
        and not _has_example(obj)
    ]
    assert missing == []


def test_every_public_method_and_property_of_the_walked_modules_has_an_example() -> None:
    classes = _exported_classes(WALKED)
    assert {  # the walk reaches every area it is meant to
        "otccore.credit.checks.Decision",
        "otccore.adapters.memory.credit.MemoryCredit",
        "otccore.adapters.memory.matching.MemoryMatchOutcomes",
        "otccore.adapters.memory.numbering.MemoryNumberSequence",
        "otccore.adapters.sqlite.credit.SqliteCredit",
        "otccore.adapters.sqlite.matching.SqliteMatchOutcomes",
        "otccore.adapters.sqlite.numbering.SqliteNumberSequence",
        "otccore.adapters.sqlite._db.SqliteDatabase",
        "otccore.testing.credit.CreditStoreContract",
        "otccore.testing.credit.ItemTotalsContract",
        "otccore.testing.invoicing.NumberSequenceContract",
    } <= set(classes)
    missing = [
        f"{path}.{name}"
        for path, cls in sorted(classes.items())
        for name, method in _public_methods(cls)
        if not _has_example(method)
    ]
    assert missing == []


def test_the_method_walk_sees_properties_class_methods_and_fixtures() -> None:
    names = {n for n, _ in _public_methods(otccore.receivables.OpenItem)}
    assert {"invoice", "create", "currency", "with_open"} <= names
    contract = otccore.testing.receivables.ReceivablesStoreContract
    assert [n for n, _ in _public_methods(contract)] == ["store"]
    decision = {n for n, _ in _public_methods(otccore.credit.Decision)}
    assert {"approved", "available", "utilisation", "light", "with_outcome"} <= decision
    assert [n for n, _ in _public_methods(otccore.testing.credit.CreditStoreContract)] == ["store"]
    assert [n for n, _ in _public_methods(otccore.testing.credit.ItemTotalsContract)] == ["book"]
    numbers = otccore.testing.invoicing.NumberSequenceContract
    assert [n for n, _ in _public_methods(numbers)] == ["sequence"]
