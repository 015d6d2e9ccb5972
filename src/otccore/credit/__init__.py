"""Credit management: limits, exposure, ordered checks, hold and release, limits from risk.

What SAP credit management does, as a library (the rules: docs/credit/rules.md):

- :class:`CreditLimit` — an amount (``None`` = no limit set, zero = no credit) in a
  currency with a validity window, temporary limits and per-category sub-limits;
- :class:`Exposure` — typed categories (:class:`ExposureCategory`), each relevant
  or statistical (:class:`ExposurePolicy`), computed from items and orders
  (:func:`compute_exposure`) and kept incrementally from events;
- :class:`CheckRule` — ordered steps (:class:`StaticLimit`, :class:`DynamicLimit`,
  :class:`MaxDocumentValue`, :class:`OldestOverdue`, :class:`OverdueShare`,
  :class:`DunningLevel`, :class:`BlockedRiskClass`, :class:`LimitValidity`, or your
  own :class:`CheckStep`) with a :class:`Reaction` each, giving a :class:`Decision`
  whose reasons are :class:`CheckReason` (a shared :class:`~otccore.reasons.Reason`
  with its reaction; built-in codes in :class:`CheckCode`);
- :func:`propose_limit` — score → :class:`RiskClass` → :class:`LimitRule`, capped
  increase, score validity, next review date; the classes' intervals are an
  :class:`otccore.risk.RatingScale`, and :meth:`RiskPolicy.from_rating_scale` takes
  one (a scorecard's or a bureau's, either direction) straight into credit terms;
- :class:`CreditService` — atomic ``check_and_reserve``, ``release``, ``cancel``,
  ``recompute_exposure``; ``handle`` keeps exposure current from order events and
  the receivables-level events (:mod:`otccore.receivables.events`); corporate
  families checked at every level.

Example:
    >>> from otccore.credit import CreditLimit, Exposure
    >>> from otccore.money import money
    >>> limit = CreditLimit.of(money(1000, "EUR"))
    >>> exposure = Exposure.of("EUR", {"open_receivables": money(700, "EUR"),
    ...                                "open_orders": money(400, "EUR")})
    >>> exposure.total(), exposure.total() > limit.amount
    (Money('1100.00', 'EUR'), True)
"""

from otccore._kernel import deprecated_names
from otccore.credit.accounts import (
    CreditAccount,
)
from otccore.credit.checks import (
    BlockedRiskClass,
    Boundary,
    CheckCode,
    CheckContext,
    CheckReason,
    CheckRule,
    CheckStep,
    Decision,
    DunningLevel,
    DynamicLimit,
    Level,
    LevelStatus,
    LimitValidity,
    MaxDocumentValue,
    OldestOverdue,
    Outcome,
    OverdueShare,
    Reaction,
    Reason,
    RuleStep,
    StaticLimit,
    StepResult,
    TrafficLight,
    TrafficLightPolicy,
    account_status,
    build_context,
    evaluate,
    limit_minor,
)
from otccore.credit.events import (
    _MOVED_EVENTS,
    AccountOpened,
    CreditChecked,
    LimitChanged,
    OrderCancelled,
    OrderChanged,
    OrderDelivered,
    OrderPlaced,
    OrderReleased,
    PaymentCleared,
    PaymentInTransit,
    ReservationCancelled,
)
from otccore.credit.exposure import (
    CATEGORIES,
    DEFAULT_EXPOSURE_POLICY,
    Exposure,
    ExposureCategory,
    ExposurePolicy,
    compute_exposure,
    item_contribution,
    order_contribution,
    to_account_minor,
    transit_contribution,
)
from otccore.credit.facts import (
    CreditFacts,
    OpenItemTotal,
    facts_from_items,
    facts_from_totals,
    item_bucket,
    open_item_totals,
    totals_from_buckets,
)
from otccore.credit.limit_rules import (
    DEFAULT_REVIEW_MONTHS,
    LimitProposal,
    LimitRule,
    RiskClass,
    RiskLevel,
    RiskPolicy,
    Score,
    classify,
    propose_limit,
)
from otccore.credit.limits import (
    CreditLimit,
    TemporaryLimit,
)
from otccore.credit.orders import (
    Order,
    OrderId,
    OrderKind,
    OrderRecord,
    OrderStatus,
    Release,
    TransitPayment,
)
from otccore.credit.ports import (
    CreditChange,
    CreditStore,
    FactsProvider,
    ItemSource,
    ItemTotals,
)
from otccore.credit.service import (
    CreditService,
)

__all__ = [
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

__getattr__ = deprecated_names(__name__, _MOVED_EVENTS)
