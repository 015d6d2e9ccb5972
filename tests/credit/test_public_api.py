"""Pin the public names of otccore.credit."""

import inspect

import otccore.credit

EXPECTED = [
    "CATEGORIES",
    "DEFAULT_EXPOSURE_POLICY",
    "DEFAULT_REVIEW_MONTHS",
    "AccountOpened",
    "BlockedRiskClass",
    "Boundary",
    "CheckContext",
    "CheckRule",
    "CheckStep",
    "CreditAccount",
    "CreditChange",
    "CreditChecked",
    "CreditFacts",
    "CreditLimit",
    "CreditNoteIssued",
    "CreditService",
    "CreditStore",
    "Decision",
    "DunningLevel",
    "DynamicLimit",
    "Exposure",
    "ExposureCategory",
    "ExposurePolicy",
    "FactsProvider",
    "InvoiceIssued",
    "ItemChanged",
    "ItemSource",
    "ItemTotals",
    "Level",
    "LevelStatus",
    "LimitChanged",
    "LimitProposal",
    "LimitRule",
    "LimitValidity",
    "MaxDocumentValue",
    "OldestOverdue",
    "OpenItemTotal",
    "Order",
    "OrderCancelled",
    "OrderChanged",
    "OrderDelivered",
    "OrderId",
    "OrderKind",
    "OrderPlaced",
    "OrderRecord",
    "OrderReleased",
    "OrderStatus",
    "Outcome",
    "OverdueShare",
    "PaymentApplied",
    "PaymentCleared",
    "PaymentInTransit",
    "Reaction",
    "Reason",
    "Release",
    "ReservationCancelled",
    "RiskClass",
    "RiskLevel",
    "RiskPolicy",
    "RuleStep",
    "Score",
    "StaticLimit",
    "StepResult",
    "TemporaryLimit",
    "TrafficLight",
    "TrafficLightPolicy",
    "TransitPayment",
    "account_status",
    "build_context",
    "classify",
    "compute_exposure",
    "evaluate",
    "facts_from_items",
    "facts_from_totals",
    "item_bucket",
    "item_contribution",
    "limit_minor",
    "open_item_totals",
    "order_contribution",
    "propose_limit",
    "to_account_minor",
    "totals_from_buckets",
    "transit_contribution",
]


def test_public_api_is_pinned() -> None:
    assert otccore.credit.__all__ == EXPECTED


def test_every_public_name_is_documented_with_an_example() -> None:
    for name in EXPECTED:
        obj = getattr(otccore.credit, name)
        if callable(obj) and not isinstance(obj, dict):
            assert obj.__doc__, name
            assert "Example:" in obj.__doc__, name


def _public_methods(cls: type) -> list[tuple[str, object]]:
    """Methods (plain, class and static) and properties a class defines itself, not inherited ones."""
    found = []
    for attr, value in vars(cls).items():
        if attr.startswith("_"):
            continue
        if isinstance(value, staticmethod | classmethod):
            value = value.__func__
        if inspect.isfunction(value) or isinstance(value, property):
            found.append((attr, value))
    return found


def _has_example(obj: object) -> bool:
    doc = inspect.getdoc(obj) or ""
    return "Example:" in doc and ">>>" in doc.split("Example:", 1)[1]


def test_every_public_method_and_property_has_an_example() -> None:
    missing = [
        f"{name}.{attr}"
        for name in EXPECTED
        if isinstance(getattr(otccore.credit, name), type)
        for attr, method in _public_methods(getattr(otccore.credit, name))
        if not _has_example(method)
    ]
    assert missing == []


def test_the_walk_sees_properties() -> None:
    decision = {attr for attr, _ in _public_methods(otccore.credit.Decision)}
    assert {"approved", "available", "utilisation", "light", "with_outcome"} <= decision
    assert [attr for attr, _ in _public_methods(otccore.credit.CheckStep)] == ["code", "evaluate"]
    assert [attr for attr, _ in _public_methods(otccore.credit.Reaction)] == ["severity"]


def test_the_service_methods_are_all_covered() -> None:
    names = {attr for attr, _ in _public_methods(otccore.credit.CreditService)}
    assert {
        "open_account",
        "set_limit",
        "apply_proposal",
        "account",
        "exposure",
        "status",
        "recompute_exposure",
        "check_and_reserve",
        "release",
        "cancel",
        "handle",
    } <= names
