"""Credit checks: ordered, composable steps with a configured reaction, and the decision.

This module gathers the names of three rooms, kept importable from here:

- :mod:`otccore.credit.decision` — the :class:`Decision` and what it is made of:
  :class:`Outcome`, :class:`Reaction`, :class:`CheckReason` (a shared
  :class:`~otccore.reasons.Reason` with its reaction), :class:`CheckCode`,
  :class:`StepResult`, :class:`LevelStatus`, :class:`Boundary` and the traffic lights;
- :mod:`otccore.credit.context` — :class:`CheckContext`, :class:`Level`,
  :func:`build_context`, :func:`limit_minor`, :func:`account_status`;
- :mod:`otccore.credit.steps` — the :class:`CheckStep` protocol, the built-in
  steps, :class:`RuleStep`, :class:`CheckRule` and :func:`evaluate`.

``Reason`` here is the shared :class:`otccore.reasons.Reason` (credit's own
reason class with a ``reaction`` field is gone: a step gives shared reasons and
the decision wraps them as :class:`CheckReason`).

The rules they apply (the boundary, limits, exposure) are written in
docs/credit/rules.md.

Example:
    >>> from datetime import date
    >>> from otccore.credit.checks import CheckRule, build_context, evaluate
    >>> from otccore.credit import CreditAccount, CreditLimit, Order
    >>> from otccore.money import StaticRates, money
    >>> acc = CreditAccount.open("C1", "EUR", limit=CreditLimit.of(money(1000, "EUR")))
    >>> order = Order.create("SO-1", "C1", money(1200, "EUR"), order_date=date(2026, 3, 2))
    >>> ctx = build_context(order, [acc], as_of=date(2026, 3, 2), rates=StaticRates({}))
    >>> evaluate(CheckRule.default(), ctx).outcome
    <Outcome.HELD: 'held'>
"""

from __future__ import annotations

from otccore.credit.context import CheckContext, Level, account_status, build_context, limit_minor
from otccore.credit.decision import (
    Boundary,
    CheckCode,
    CheckReason,
    Decision,
    LevelStatus,
    Outcome,
    Reaction,
    StepResult,
    TrafficLight,
    TrafficLightPolicy,
)
from otccore.credit.steps import (
    BlockedRiskClass,
    CheckRule,
    CheckStep,
    DunningLevel,
    DynamicLimit,
    LimitValidity,
    MaxDocumentValue,
    OldestOverdue,
    OverdueShare,
    RuleStep,
    StaticLimit,
    evaluate,
)
from otccore.reasons import Reason

__all__ = [
    "BlockedRiskClass",
    "Boundary",
    "CheckCode",
    "CheckContext",
    "CheckReason",
    "CheckRule",
    "CheckStep",
    "Decision",
    "DunningLevel",
    "DynamicLimit",
    "Level",
    "LevelStatus",
    "LimitValidity",
    "MaxDocumentValue",
    "OldestOverdue",
    "Outcome",
    "OverdueShare",
    "Reaction",
    "Reason",
    "RuleStep",
    "StaticLimit",
    "StepResult",
    "TrafficLight",
    "TrafficLightPolicy",
    "account_status",
    "build_context",
    "evaluate",
    "limit_minor",
]
