"""The steps of a credit check, the rule that orders them, and :func:`evaluate`.

A :class:`CheckRule` is an ordered list of steps (SAP check rule steps), each with
its :class:`~otccore.credit.Reaction` when it fails: warn, hold for release, or
reject. Steps are values implementing the :class:`CheckStep` protocol, so a host
adds its own (see docs/credit/custom-check.md). :func:`evaluate` runs them in
order over a :class:`~otccore.credit.CheckContext` and returns a
:class:`~otccore.credit.Decision`; it stops at the first failed step whose
reaction is ``REJECT`` (nothing later can change a rejection).

Example:
    >>> from datetime import date
    >>> from otccore.credit import CheckRule, CreditAccount, CreditLimit, Order, build_context, evaluate
    >>> from otccore.money import StaticRates, money
    >>> acc = CreditAccount.open("C1", "EUR", limit=CreditLimit.of(money(1000, "EUR")))
    >>> order = Order.create("SO-1", "C1", money(1000, "EUR"), order_date=date(2026, 3, 2))
    >>> ctx = build_context(order, [acc], as_of=date(2026, 3, 2), rates=StaticRates({}))
    >>> d = evaluate(CheckRule.default(), ctx)
    >>> d.outcome, d.available, d.utilisation, d.light
    (<Outcome.APPROVED: 'approved'>, Money('0.00', 'EUR'), Decimal('100.00'), <TrafficLight.RED: 'red'>)
    >>> evaluate(CheckRule.default(boundary="reaches"), ctx).outcome
    <Outcome.HELD: 'held'>
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import ClassVar, NamedTuple, Protocol, runtime_checkable

import attrs

from otccore._kernel import setting, show, whole
from otccore.credit._util import amount
from otccore.credit.context import CheckContext, Level
from otccore.credit.decision import (
    Boundary,
    CheckCode,
    CheckReason,
    Decision,
    LevelStatus,
    Outcome,
    Reaction,
    StepResult,
    TrafficLightPolicy,
)
from otccore.credit.exposure import Exposure, to_account_minor
from otccore.errors import ConfigurationError
from otccore.money import Money, from_minor, to_minor
from otccore.reasons import Reason

__all__ = [
    "BlockedRiskClass",
    "CheckRule",
    "CheckStep",
    "DunningLevel",
    "DynamicLimit",
    "LimitValidity",
    "MaxDocumentValue",
    "OldestOverdue",
    "OverdueShare",
    "RuleStep",
    "StaticLimit",
    "evaluate",
]


def _reaction(value: object) -> Reaction:
    return setting(Reaction, value, "reaction")


def _boundary(value: object) -> Boundary:
    return setting(Boundary, value, "boundary")


def _horizon_days(value: object) -> int:
    return whole(value, "horizon days")


def _max_days(value: object) -> int:
    return whole(value, "max days")


def _max_percent(value: object) -> int:
    return whole(value, "max percent")


def _max_dunning_level(value: object) -> int:
    return whole(value, "max dunning level")


def _maximum(value: object) -> Money:
    return amount(value, "maximum document value")


def _show_minor(minor: int, currency: str) -> str:
    return show(from_minor(minor, currency))


@runtime_checkable
class CheckStep(Protocol):
    """A step of a check rule: a ``code`` and ``evaluate(ctx) -> StepResult``.

    Example:
        >>> import attrs
        >>> from otccore.credit import CheckContext, CheckStep, StepResult
        >>> from otccore.reasons import Reason
        >>> @attrs.frozen
        ... class NoOrdersOnSunday:
        ...     code: str = "no_sunday"
        ...     def evaluate(self, ctx: CheckContext) -> StepResult:
        ...         if ctx.as_of.weekday() == 6:
        ...             return StepResult.fail(Reason.of(self.code, "no orders on Sunday"))
        ...         return StepResult.ok()
        >>> isinstance(NoOrdersOnSunday(), CheckStep)
        True
    """

    @property
    def code(self) -> str:
        """A stable name for the step (used in reasons)."""
        ...

    def evaluate(self, ctx: CheckContext) -> StepResult:
        """Pass or fail, with reasons; must not change anything."""
        ...


def _limit_reasons(
    ctx: CheckContext,
    code: CheckCode,
    projected_of: Callable[[Level], tuple[int, Exposure]],
) -> StepResult:
    """The limit and sub-limits of every level against the projected exposure."""
    failures: list[Reason] = []
    info: list[Reason] = []
    for level in ctx.levels:
        total, projected = projected_of(level)
        cur = level.currency
        if level.limit is None:
            if level is ctx.customer:
                info.append(
                    Reason.of(
                        CheckCode.NO_LIMIT,
                        f"no credit limit set for {level.customer_id}",
                        level=level.customer_id,
                    )
                )
        elif ctx.breached(total, level.limit):
            exposure, limit = _show_minor(total, cur), _show_minor(level.limit, cur)
            failures.append(
                Reason.of(
                    code,
                    f"exposure {exposure} with this order "
                    f"{'exceeds' if ctx.boundary is Boundary.EXCEEDS else 'reaches'} the limit "
                    f"{limit} of {level.customer_id}",
                    level=level.customer_id,
                    exposure=exposure,
                    limit=limit,
                )
            )
        for category, sub in level.sub_limits:
            value = projected.minor_of(category)
            if ctx.breached(value, sub):
                exposure, limit = _show_minor(value, cur), _show_minor(sub, cur)
                failures.append(
                    Reason.of(
                        CheckCode.SUB_LIMIT_EXCEEDED,
                        f"{category} {exposure} with this order breaches the sub-limit "
                        f"{limit} of {level.customer_id}",
                        level=level.customer_id,
                        category=category.value,
                        exposure=exposure,
                        limit=limit,
                    )
                )
    return StepResult.fail(*failures) if failures else StepResult.ok(*info)


@attrs.frozen
class StaticLimit:
    """Relevant exposure plus the order against the limit, and every sub-limit, at every level.

    Example:
        >>> from datetime import date
        >>> from otccore.credit import CreditAccount, CreditLimit, Order, StaticLimit, build_context
        >>> from otccore.money import StaticRates, money
        >>> acc = CreditAccount.open("C1", "EUR", limit=CreditLimit.of(money(100, "EUR")))
        >>> ctx = build_context(Order.create("SO", "C1", money(130, "EUR"), order_date=date(2026, 3, 2)),
        ...                     [acc], as_of=date(2026, 3, 2), rates=StaticRates({}))
        >>> result = StaticLimit().evaluate(ctx)
        >>> result.passed, result.reasons[0].message
        (False, 'exposure 130.00 EUR with this order exceeds the limit 100.00 EUR of C1')
    """

    code: str = CheckCode.STATIC_LIMIT

    def evaluate(self, ctx: CheckContext) -> StepResult:
        """Check each level of the chain."""

        def projected(level: Level) -> tuple[int, Exposure]:
            p = level.projected
            return p.total_minor(ctx.policy), p

        return _limit_reasons(ctx, CheckCode.LIMIT_EXCEEDED, projected)


@attrs.frozen
class DynamicLimit:
    """Like :class:`StaticLimit`, leaving out open orders to be delivered beyond ``horizon_days``.

    The order itself is left out too when it is to be delivered past the horizon.

    Example:
        >>> from datetime import date
        >>> from otccore.credit import CreditAccount, CreditLimit, DynamicLimit, Order, build_context
        >>> from otccore.money import StaticRates, money
        >>> acc = CreditAccount.open("C1", "EUR", limit=CreditLimit.of(money(100, "EUR")))
        >>> later = Order.create("SO", "C1", money(130, "EUR"), order_date=date(2026, 3, 2),
        ...                      delivery_date=date(2026, 6, 1))
        >>> ctx = build_context(later, [acc], as_of=date(2026, 3, 2), rates=StaticRates({}))
        >>> DynamicLimit(30).evaluate(ctx).passed, DynamicLimit(120).evaluate(ctx).passed
        (True, False)
    """

    horizon_days: int = attrs.field(converter=_horizon_days)
    code: str = CheckCode.DYNAMIC_LIMIT

    def evaluate(self, ctx: CheckContext) -> StepResult:
        """Check each level with the horizon applied."""
        horizon = ctx.as_of + timedelta(days=self.horizon_days)
        delivery = ctx.order.delivery_date
        order_in = delivery is None or delivery <= horizon

        def projected(level: Level) -> tuple[int, Exposure]:
            p = level.exposure - ctx.beyond_horizon(level, horizon)
            if order_in:
                p = p + level.order
            return p.total_minor(ctx.policy), p

        return _limit_reasons(ctx, CheckCode.DYNAMIC_LIMIT_EXCEEDED, projected)


@attrs.frozen
class MaxDocumentValue:
    """Fails when one order is worth more than ``maximum`` (converted on the order date).

    Example:
        >>> from datetime import date
        >>> from otccore.credit import CreditAccount, MaxDocumentValue, Order, build_context
        >>> from otccore.money import StaticRates, money
        >>> ctx = build_context(Order.create("SO", "C1", money(130, "EUR"), order_date=date(2026, 3, 2)),
        ...                     [CreditAccount.open("C1", "EUR")], as_of=date(2026, 3, 2),
        ...                     rates=StaticRates({}))
        >>> MaxDocumentValue(money(100, "EUR")).evaluate(ctx).reasons[0].message
        'order value 130.00 EUR is above the maximum 100 EUR'
    """

    maximum: Money = attrs.field(converter=_maximum)
    code: str = CheckCode.MAX_DOCUMENT_VALUE

    def evaluate(self, ctx: CheckContext) -> StepResult:
        """Compare the order's value with the maximum."""
        cur = self.maximum.currency.code
        value = to_account_minor(ctx.order.amount, cur, ctx.rates, ctx.order.order_date)
        if value > to_minor(self.maximum):
            shown, maximum = _show_minor(value, cur), show(self.maximum)
            return StepResult.fail(
                Reason.of(
                    self.code,
                    f"order value {shown} is above the maximum {maximum}",
                    value=shown,
                    maximum=maximum,
                )
            )
        return StepResult.ok()


class _Ceiling(NamedTuple):
    fact: str
    field: str
    datum: str
    message: str


class _FactCeiling:
    """The one implementation of the steps that compare a receivables fact with a ceiling.

    A subclass sets ``_spec``: the :class:`~otccore.credit.CreditFacts`
    attribute it reads, its own ceiling field, the data key of the fact and the
    message (``{value}`` and ``{ceiling}`` filled in). No facts, or a fact that
    is ``None``, passes.
    """

    __slots__ = ()
    code: str
    _spec: ClassVar[_Ceiling]

    def evaluate(self, ctx: CheckContext) -> StepResult:
        """Read the customer's facts and compare."""
        fact, field, datum, message = self._spec
        facts = ctx.facts()
        value: int | None = getattr(facts, fact) if facts is not None else None
        ceiling: int = getattr(self, field)
        if value is None or value <= ceiling:
            return StepResult.ok()
        return StepResult.fail(
            Reason.of(
                self.code,
                message.format(value=value, ceiling=ceiling),
                **{datum: value, field: ceiling},
            )
        )


@attrs.frozen
class OldestOverdue(_FactCeiling):
    """Fails when the oldest overdue item is more than ``max_days`` past due.

    Example:
        >>> from datetime import date
        >>> from otccore.credit import CreditAccount, CreditFacts, OldestOverdue, Order, build_context
        >>> from otccore.money import StaticRates, money
        >>> facts = CreditFacts(money(1000, "EUR"), money(300, "EUR"), oldest_overdue_days=45)
        >>> ctx = build_context(Order.create("SO", "C1", money(5, "EUR"), order_date=date(2026, 3, 2)),
        ...                     [CreditAccount.open("C1", "EUR")], as_of=date(2026, 3, 2),
        ...                     rates=StaticRates({}), facts=lambda: facts)
        >>> OldestOverdue(30).evaluate(ctx).reasons[0].message
        'oldest overdue item is 45 days past due (more than 30)'
        >>> OldestOverdue(60).evaluate(ctx).passed
        True
    """

    _spec = _Ceiling(
        "oldest_overdue_days",
        "max_days",
        "days",
        "oldest overdue item is {value} days past due (more than {ceiling})",
    )

    max_days: int = attrs.field(converter=_max_days)
    code: str = CheckCode.OLDEST_OVERDUE


@attrs.frozen
class OverdueShare(_FactCeiling):
    """Fails when overdue receivables exceed ``max_percent`` of open ones (whole percent, rounded down).

    Example:
        >>> from otccore.credit import CheckRule, CreditFacts, OverdueShare
        >>> from otccore.money import money
        >>> CreditFacts(money(1000, "EUR"), money(300, "EUR")).overdue_share
        30
        >>> rule = CheckRule.of([(OverdueShare(25), "hold")])
        >>> [(str(s.step.code), s.reaction.value) for s in rule.steps]
        [('overdue_share', 'hold')]
    """

    _spec = _Ceiling(
        "overdue_share",
        "max_percent",
        "share",
        "{value} % of open receivables is overdue (more than {ceiling} %)",
    )

    max_percent: int = attrs.field(converter=_max_percent)
    code: str = CheckCode.OVERDUE_SHARE


@attrs.frozen
class DunningLevel(_FactCeiling):
    """Fails when the customer's highest dunning level is above ``max_level``.

    A customer without dunning (``dunning_level`` ``None`` in the facts) passes.

    Example:
        >>> from otccore.credit import DunningLevel
        >>> DunningLevel(2).max_level, str(DunningLevel(2).code)
        (2, 'dunning_level')
        >>> DunningLevel(-1)
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: max dunning level must be at least 0: -1
    """

    _spec = _Ceiling(
        "dunning_level", "max_level", "level", "highest dunning level {value} is above {ceiling}"
    )

    max_level: int = attrs.field(converter=_max_dunning_level)
    code: str = CheckCode.DUNNING_LEVEL


def _names(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        raise ConfigurationError(f"blocked classes must be a collection of names, not {value!r}")
    return frozenset(value)


@attrs.frozen
class BlockedRiskClass:
    """Fails when the customer's risk class is one of ``classes``.

    Example:
        >>> from datetime import date
        >>> from otccore.credit import BlockedRiskClass, CreditAccount, Order, build_context
        >>> from otccore.money import StaticRates, money
        >>> acc = CreditAccount.open("C1", "EUR", risk_class="E")
        >>> ctx = build_context(Order.create("SO", "C1", money(5, "EUR"), order_date=date(2026, 3, 2)),
        ...                     [acc], as_of=date(2026, 3, 2), rates=StaticRates({}))
        >>> BlockedRiskClass(["D", "E"]).evaluate(ctx).reasons[0].message
        'risk class E is blocked'
    """

    classes: frozenset[str] = attrs.field(converter=_names)
    code: str = CheckCode.BLOCKED_RISK_CLASS

    def evaluate(self, ctx: CheckContext) -> StepResult:
        """Look at the account's risk class."""
        risk = ctx.customer.account.risk_class
        if risk is not None and risk in self.classes:
            return StepResult.fail(
                Reason.of(self.code, f"risk class {risk} is blocked", risk_class=risk)
            )
        return StepResult.ok()


@attrs.frozen
class LimitValidity:
    """Fails when a limit in the chain has expired or its review date has passed.

    Example:
        >>> from datetime import date
        >>> from otccore.credit import CreditAccount, CreditLimit, LimitValidity, Order, build_context
        >>> from otccore.money import StaticRates, money
        >>> acc = CreditAccount.open("C1", "EUR", review_date=date(2026, 3, 1),
        ...                          limit=CreditLimit.of(money(100, "EUR"), valid_to=date(2026, 2, 28)))
        >>> ctx = build_context(Order.create("SO", "C1", money(5, "EUR"), order_date=date(2026, 3, 2)),
        ...                     [acc], as_of=date(2026, 3, 2), rates=StaticRates({}))
        >>> [str(r.code) for r in LimitValidity().evaluate(ctx).reasons]
        ['limit_expired', 'review_overdue']
    """

    code: str = CheckCode.LIMIT_VALIDITY

    def evaluate(self, ctx: CheckContext) -> StepResult:
        """Check every level's limit window and review date."""
        failures: list[Reason] = []
        for level in ctx.levels:
            acc = level.account
            if acc.limit.is_expired(ctx.as_of):
                failures.append(
                    Reason.of(
                        CheckCode.LIMIT_EXPIRED,
                        f"the credit limit of {acc.customer_id} is not valid on {ctx.as_of} "
                        f"(valid {acc.limit.valid_from or '…'} to {acc.limit.valid_to or '…'})",
                        level=acc.customer_id,
                    )
                )
            if acc.review_date is not None and acc.review_date < ctx.as_of:
                failures.append(
                    Reason.of(
                        CheckCode.REVIEW_OVERDUE,
                        f"the credit review of {acc.customer_id} was due on {acc.review_date}",
                        level=acc.customer_id,
                        review_date=acc.review_date,
                    )
                )
        return StepResult.fail(*failures) if failures else StepResult.ok()


@attrs.frozen
class RuleStep:
    """A step with its reaction on failure.

    Example:
        >>> from otccore.credit import RuleStep, StaticLimit
        >>> RuleStep(StaticLimit(), "reject").reaction
        <Reaction.REJECT: 'reject'>
    """

    step: CheckStep
    reaction: Reaction = attrs.field(converter=_reaction)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.step, CheckStep):
            raise ConfigurationError(f"not a check step (needs code and evaluate): {self.step!r}")


def _steps(value: Iterable[RuleStep | tuple[CheckStep, Reaction | str]]) -> tuple[RuleStep, ...]:
    result: list[RuleStep] = []
    for entry in value:
        if isinstance(entry, RuleStep):
            result.append(entry)
        elif isinstance(entry, tuple) and len(entry) == 2:
            result.append(RuleStep(entry[0], _reaction(entry[1])))
        else:
            raise ConfigurationError(f"a rule step is a (step, reaction) pair: {entry!r}")
    codes = [str(s.step.code) for s in result]
    if len(set(codes)) != len(codes):
        raise ConfigurationError(f"step codes must be unique in a rule: {codes!r}")
    return tuple(result)


@attrs.frozen
class CheckRule:
    """An ordered list of steps with reactions, the boundary convention and traffic-light thresholds.

    Example:
        >>> from otccore.credit import CheckRule, MaxDocumentValue, StaticLimit
        >>> from otccore.money import money
        >>> rule = CheckRule.of([(StaticLimit(), "hold"), (MaxDocumentValue(money(5000, "EUR")), "reject")])
        >>> [str(s.step.code) for s in rule.steps]
        ['static_limit', 'max_document_value']
    """

    steps: tuple[RuleStep, ...] = attrs.field(converter=_steps)
    boundary: Boundary = attrs.field(default=Boundary.EXCEEDS, converter=_boundary)
    lights: TrafficLightPolicy = attrs.field(factory=TrafficLightPolicy)

    @classmethod
    def of(
        cls,
        steps: Iterable[RuleStep | tuple[CheckStep, Reaction | str]],
        *,
        boundary: Boundary | str = Boundary.EXCEEDS,
        lights: TrafficLightPolicy | None = None,
    ) -> CheckRule:
        """Named constructor taking ``(step, reaction)`` pairs.

        Example:
            >>> from decimal import Decimal
            >>> from otccore.credit import CheckRule, StaticLimit, TrafficLightPolicy
            >>> rule = CheckRule.of([(StaticLimit(), "hold")], boundary="reaches",
            ...                     lights=TrafficLightPolicy(amber=Decimal(60), red=Decimal(90)))
            >>> rule.boundary, rule.lights.amber
            (<Boundary.REACHES: 'reaches'>, Decimal('60'))
            >>> CheckRule.of([(StaticLimit(), "maybe")])
            Traceback (most recent call last):
            ...
            otccore.errors.ConfigurationError: unknown reaction: 'maybe' (expected one of 'warn', 'hold', 'reject')
        """
        return cls(
            steps=_steps(steps),
            boundary=_boundary(boundary),
            lights=lights if lights is not None else TrafficLightPolicy(),
        )

    @classmethod
    def default(cls, *, boundary: Boundary | str = Boundary.EXCEEDS) -> CheckRule:
        """Static limit (hold) then limit validity and review date (hold).

        Example:
            >>> from otccore.credit import CheckRule
            >>> [(str(s.step.code), s.reaction.value) for s in CheckRule.default().steps]
            [('static_limit', 'hold'), ('limit_validity', 'hold')]
        """
        return cls.of(
            [(StaticLimit(), Reaction.HOLD), (LimitValidity(), Reaction.HOLD)], boundary=boundary
        )


_OUTCOMES = {
    None: Outcome.APPROVED,
    Reaction.WARN: Outcome.APPROVED_WITH_WARNING,
    Reaction.HOLD: Outcome.HELD,
    Reaction.REJECT: Outcome.REJECTED,
}


def evaluate(rule: CheckRule, ctx: CheckContext) -> Decision:
    """Run ``rule``'s steps in order over ``ctx`` and decide.

    The outcome is set by the most severe reaction among failed steps: reject →
    rejected, hold → held, warn → approved with warning, none → approved. A
    failed step's reasons carry its reaction; a passed step's reasons (information)
    carry none.

    Example:
        >>> from datetime import date
        >>> from otccore.credit import CheckRule, CreditAccount, MaxDocumentValue, Order, build_context, evaluate
        >>> from otccore.money import StaticRates, money
        >>> ctx = build_context(Order.create("SO", "C1", money(9, "EUR"), order_date=date(2026, 3, 2)),
        ...                     [CreditAccount.open("C1", "EUR")], as_of=date(2026, 3, 2), rates=StaticRates({}))
        >>> d = evaluate(CheckRule.of([(MaxDocumentValue(money(5, "EUR")), "warn")]), ctx)
        >>> d.outcome, d.reasons[0].reaction
        (<Outcome.APPROVED_WITH_WARNING: 'approved_with_warning'>, <Reaction.WARN: 'warn'>)
    """
    if ctx.boundary is not rule.boundary:
        ctx = attrs.evolve(ctx, boundary=rule.boundary)
    reasons: list[CheckReason] = []
    worst: Reaction | None = None
    for rs in rule.steps:
        result = rs.step.evaluate(ctx)
        reaction = None if result.passed else rs.reaction
        reasons.extend(CheckReason(r, reaction) for r in result.reasons)
        if reaction is None:
            continue
        if worst is None or reaction.severity > worst.severity:
            worst = reaction
        if worst is Reaction.REJECT:
            break
    levels = tuple(
        LevelStatus.compute(
            lv.customer_id,
            lv.currency,
            lv.limit,
            lv.projected.total_minor(ctx.policy),
            rule.lights,
        )
        for lv in ctx.levels
    )
    return Decision(
        order_id=ctx.order.id,
        customer_id=ctx.order.customer_id,
        as_of=ctx.as_of,
        outcome=_OUTCOMES[worst],
        reasons=tuple(reasons),
        levels=levels,
    )
