"""Pin the public names of otccore.credit."""

import otccore.credit

EXPECTED = [
    "CATEGORIES",
    "DEFAULT_EXPOSURE_POLICY",
    "DEFAULT_REVIEW_MONTHS",
    "AccountOpened",
    "BlockedRiskClass",
    "Boundary",
    "CheckCode",
    "CheckContext",
    "CheckReason",
    "CheckRule",
    "CheckStep",
    "CreditAccount",
    "CreditChange",
    "CreditChecked",
    "CreditFacts",
    "CreditLimit",
    "CreditService",
    "CreditStore",
    "Decision",
    "DunningLevel",
    "DynamicLimit",
    "Exposure",
    "ExposureCategory",
    "ExposurePolicy",
    "FactsProvider",
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


def test_the_checks_module_keeps_its_names() -> None:
    import otccore.credit.checks as checks
    from otccore.credit import context, decision, steps

    rooms = {*context.__all__, *decision.__all__, *steps.__all__}
    assert set(checks.__all__) == rooms | {"Reason"}
    for name in checks.__all__:
        assert getattr(checks, name) is getattr(otccore.credit, name)
