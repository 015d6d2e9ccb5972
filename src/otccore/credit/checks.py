"""Credit checks: ordered, composable steps with a configured reaction, and the decision.

A :class:`CheckRule` is an ordered list of steps (SAP check rule steps), each with
its :class:`Reaction` when it fails: warn, hold for release, or reject. Steps are
values implementing the :class:`CheckStep` protocol, so a host adds its own (see
docs/credit/custom-check.md). :func:`evaluate` runs them in order over a
:class:`CheckContext` and returns a :class:`Decision` with the reasons, available
credit, utilisation and traffic light. It stops at the first failed step whose
reaction is ``REJECT`` (nothing later can change a rejection).

Boundary (DOMAIN §2): a limit fails when exposure plus the order is strictly
greater than the limit, so equal passes (ERPNext, Odoo, Tryton);
``Boundary.REACHES`` is the Oracle convention where equal fails.

Example:
    >>> from otccore.credit import CreditAccount, CreditLimit, Order, build_context
    >>> from otccore.money import StaticRates
    >>> acc = CreditAccount.open("C1", "EUR", limit=CreditLimit.of(money(1000, "EUR")))
    >>> order = Order.create("SO-1", "C1", money(1000, "EUR"), order_date=date(2026, 3, 2))
    >>> ctx = build_context(order, [acc], as_of=date(2026, 3, 2), rates=StaticRates({}))
    >>> d = evaluate(CheckRule.default(), ctx)
    >>> d.outcome, d.available, d.utilisation, d.light
    (<Outcome.APPROVED: 'approved'>, Money('0.00', 'EUR'), Decimal('100.00'), <TrafficLight.RED: 'red'>)
    >>> evaluate(CheckRule.default(boundary=Boundary.REACHES), ctx).outcome
    <Outcome.HELD: 'held'>
"""

from __future__ import annotations

import decimal
import enum
import functools
from collections.abc import Callable, Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Final, Protocol, runtime_checkable

import attrs

from otccore.credit._util import amount, day, setting, whole
from otccore.credit.accounts import CreditAccount
from otccore.credit.exposure import (
    DEFAULT_EXPOSURE_POLICY,
    Exposure,
    ExposureCategory,
    ExposurePolicy,
    fast_money,
    order_contribution,
    to_account_minor,
)
from otccore.credit.facts import CreditFacts
from otccore.credit.orders import Order, OrderId, OrderRecord, OrderStatus
from otccore.errors import ConfigurationError, InvalidInput
from otccore.money import _EXACT as EXACT
from otccore.money import FxRates, Money, as_decimal, from_minor, to_minor
from otccore.receivables import CustomerId

__all__ = [
    "BlockedRiskClass",
    "Boundary",
    "CheckContext",
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

_HUNDRED: Final = Decimal(100)
_CENT: Final = Decimal("0.01")


class Reaction(enum.StrEnum):
    """What a failed step does to the order: warn, hold for release, or reject.

    Example:
        >>> Reaction("hold").severity > Reaction.WARN.severity
        True
    """

    WARN = "warn"
    HOLD = "hold"
    REJECT = "reject"

    @property
    def severity(self) -> int:
        """0 warn, 1 hold, 2 reject.

        Example:
            >>> [r.severity for r in Reaction]
            [0, 1, 2]
            >>> max([Reaction.WARN, Reaction.REJECT, Reaction.HOLD], key=lambda r: r.severity)
            <Reaction.REJECT: 'reject'>
        """
        return {"warn": 0, "hold": 1, "reject": 2}[self.value]


class Outcome(enum.StrEnum):
    """The decision on an order.

    Example:
        >>> Outcome.APPROVED_WITH_WARNING.reserves, Outcome.HELD.reserves
        (True, False)
    """

    APPROVED = "approved"
    APPROVED_WITH_WARNING = "approved_with_warning"
    HELD = "held"
    REJECTED = "rejected"

    @property
    def reserves(self) -> bool:
        """True when the order is let through and its amount reserved.

        Example:
            >>> [o.value for o in Outcome if o.reserves]
            ['approved', 'approved_with_warning']
            >>> Outcome.REJECTED.reserves
            False
        """
        return self in (Outcome.APPROVED, Outcome.APPROVED_WITH_WARNING)


class Boundary(enum.StrEnum):
    """When a limit is breached: ``EXCEEDS`` (default, equal passes) or ``REACHES`` (Oracle, equal fails).

    Example:
        >>> Boundary.EXCEEDS.breached(100, 100), Boundary.REACHES.breached(100, 100)
        (False, True)
    """

    EXCEEDS = "exceeds"
    REACHES = "reaches"

    def breached(self, value: int, limit: int) -> bool:
        """True when ``value`` breaches ``limit`` under this convention.

        Example:
            >>> Boundary.EXCEEDS.breached(101, 100), Boundary.REACHES.breached(99, 100)
            (True, False)
        """
        return value >= limit if self is Boundary.REACHES else value > limit


class TrafficLight(enum.StrEnum):
    """Green below the amber threshold, amber from it, red at or above the red one.

    Example:
        >>> TrafficLight.AMBER.value
        'amber'
    """

    GREEN = "green"
    AMBER = "amber"
    RED = "red"


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


def _percent(value: object, what: str) -> Decimal:
    result = as_decimal(value, what=what)
    if result < 0:
        raise ConfigurationError(f"{what} must not be negative: {value!r}")
    return result


def _amber(value: object) -> Decimal:
    return _percent(value, "amber")


def _red(value: object) -> Decimal:
    return _percent(value, "red")


@attrs.frozen
class TrafficLightPolicy:
    """Thresholds in percent of the limit: amber from ``amber`` (80), red from ``red`` (100).

    Example:
        >>> TrafficLightPolicy().light(79_99, 100_00), TrafficLightPolicy().light(80_00, 100_00)
        (<TrafficLight.GREEN: 'green'>, <TrafficLight.AMBER: 'amber'>)
        >>> TrafficLightPolicy(amber=Decimal(90), red=Decimal(80))
        Traceback (most recent call last):
        ...
        otccore.errors.ConfigurationError: amber threshold 90 must not be above red 80
    """

    amber: Decimal = attrs.field(default=Decimal(80), converter=_amber)
    red: Decimal = attrs.field(default=Decimal(100), converter=_red)

    def __attrs_post_init__(self) -> None:
        if self.amber > self.red:
            raise ConfigurationError(
                f"amber threshold {self.amber} must not be above red {self.red}"
            )

    def light(self, exposure_minor: int, limit_minor: int) -> TrafficLight:
        """The light for an exposure against a limit (minor units); a zero limit is red.

        Example:
            >>> policy = TrafficLightPolicy(amber=Decimal(60), red=Decimal(90))
            >>> policy.light(59_99, 100_00), policy.light(60_00, 100_00), policy.light(90_00, 100_00)
            (<TrafficLight.GREEN: 'green'>, <TrafficLight.AMBER: 'amber'>, <TrafficLight.RED: 'red'>)
            >>> policy.light(0, 0)
            <TrafficLight.RED: 'red'>
        """
        if limit_minor <= 0:
            return TrafficLight.RED
        # Exact products whatever the ambient decimal context.
        scaled = EXACT.multiply(Decimal(exposure_minor), _HUNDRED)
        limit = Decimal(limit_minor)
        if scaled >= EXACT.multiply(self.red, limit):
            return TrafficLight.RED
        if scaled >= EXACT.multiply(self.amber, limit):
            return TrafficLight.AMBER
        return TrafficLight.GREEN


@attrs.frozen
class Reason:
    """Why a step passed or failed: a stable code, a message for people, data for machines.

    ``reaction`` is the configured reaction when the step failed, ``None`` for
    information (for example "no limit set").

    Example:
        >>> Reason.of("limit_exceeded", "over by 5", level="C1").data
        (('level', 'C1'),)
    """

    code: str
    message: str
    data: tuple[tuple[str, str], ...] = ()
    reaction: Reaction | None = None

    @classmethod
    def of(cls, code: str, message: str, **data: object) -> Reason:
        """A reason with ``data`` as sorted string pairs.

        Example:
            >>> r = Reason.of("limit_exceeded", "over by 5 EUR", level="C1", exposure=105)
            >>> r.code, r.data
            ('limit_exceeded', (('exposure', '105'), ('level', 'C1')))
        """
        return cls(code, message, tuple(sorted((k, str(v)) for k, v in data.items())))


@attrs.frozen
class StepResult:
    """What one step says: passed or not, and why.

    Example:
        >>> StepResult.fail(Reason.of("x", "no")).passed
        False
    """

    passed: bool
    reasons: tuple[Reason, ...] = ()

    @classmethod
    def ok(cls, *reasons: Reason) -> StepResult:
        """A pass, optionally with informational reasons.

        Example:
            >>> StepResult.ok(Reason.of("no_limit", "no credit limit set")).passed
            True
        """
        return cls(True, reasons)

    @classmethod
    def fail(cls, *reasons: Reason) -> StepResult:
        """A failure with at least one reason.

        Example:
            >>> StepResult.fail()
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: a failed step must give a reason
        """
        if not reasons:
            raise InvalidInput("a failed step must give a reason")
        return cls(False, reasons)


@attrs.frozen
class Level:
    """One account of the chain (the customer, then each ancestor) as a check sees it.

    ``limit`` and ``sub_limits`` are converted into the account's currency for the
    check date, in minor units (``None`` = no limit set). ``exposure`` excludes the
    order being checked; ``order`` is the order's contribution to this account.

    Example:
        >>> from otccore.credit import CreditAccount, CreditLimit, Order
        >>> from otccore.money import StaticRates
        >>> acc = CreditAccount.open("C1", "EUR", limit=CreditLimit.of(money(100, "EUR")))
        >>> ctx = build_context(Order.create("SO", "C1", money(30, "EUR"), order_date=date(2026, 3, 2)),
        ...                     [acc], as_of=date(2026, 3, 2), rates=StaticRates({}))
        >>> level = ctx.customer
        >>> level.limit, level.order.total(), level.projected.total()
        (10000, Money('30.00', 'EUR'), Money('30.00', 'EUR'))
    """

    account: CreditAccount
    limit: int | None
    sub_limits: tuple[tuple[ExposureCategory, int], ...]
    exposure: Exposure
    order: Exposure

    @property
    def customer_id(self) -> CustomerId:
        """The account's customer id.

        Example:
            >>> from otccore.money import StaticRates
            >>> parent = CreditAccount.open("G1", "EUR")
            >>> child = CreditAccount.open("C1", "EUR", parent_id="G1")
            >>> ctx = build_context(Order.create("SO", "C1", money(5, "EUR"), order_date=date(2026, 3, 2)),
            ...                     [child, parent], as_of=date(2026, 3, 2), rates=StaticRates({}))
            >>> [level.customer_id for level in ctx.levels]
            ['C1', 'G1']
        """
        return self.account.customer_id

    @property
    def currency(self) -> str:
        """The account currency.

        The level's figures are in this currency, whatever the order's.

        Example:
            >>> from otccore.money import StaticRates
            >>> ctx = build_context(Order.create("SO", "C1", money(10, "USD"), order_date=date(2026, 3, 2)),
            ...                     [CreditAccount.open("C1", "EUR")], as_of=date(2026, 3, 2),
            ...                     rates=StaticRates({("USD", "EUR"): Decimal("0.9")}))
            >>> ctx.customer.currency, ctx.customer.order.total()
            ('EUR', Money('9.00', 'EUR'))
        """
        return self.account.currency

    @property
    def projected(self) -> Exposure:
        """Exposure if the order is accepted.

        Example:
            >>> from otccore.money import StaticRates
            >>> acc = CreditAccount.open("C1", "EUR").next_version(
            ...     exposure=Exposure.of("EUR", {"open_receivables": money(70, "EUR")}))
            >>> ctx = build_context(Order.create("SO", "C1", money(30, "EUR"), order_date=date(2026, 3, 2)),
            ...                     [acc], as_of=date(2026, 3, 2), rates=StaticRates({}))
            >>> ctx.customer.exposure.total(), ctx.customer.projected.total()
            (Money('70.00', 'EUR'), Money('100.00', 'EUR'))
        """
        return self.exposure + self.order


def _once(source: Callable[[], CreditFacts] | None) -> Callable[[], CreditFacts] | None:
    """The facts source loading on its first call and keeping the result."""
    return None if source is None else functools.cache(source)


@attrs.frozen(eq=False)
class CheckContext:
    """Everything a step may look at: the order, the date, the chain of accounts, and sources.

    ``facts`` and ``beyond_horizon`` are loaded only when a step asks for them, so
    a rule without overdue or dynamic steps stays O(1) in the number of open items.

    Example:
        >>> from otccore.credit import CreditAccount, Order
        >>> from otccore.money import StaticRates
        >>> ctx = build_context(Order.create("SO", "C1", money(5, "EUR"), order_date=date(2026, 3, 2)),
        ...                     [CreditAccount.open("C1", "EUR")], as_of=date(2026, 3, 2), rates=StaticRates({}))
        >>> ctx.customer.customer_id, ctx.facts() is None, ctx.breached(5, 5)
        ('C1', True, False)
    """

    order: Order
    as_of: date
    levels: tuple[Level, ...]
    rates: FxRates
    policy: ExposurePolicy = DEFAULT_EXPOSURE_POLICY
    facts_source: Callable[[], CreditFacts] | None = attrs.field(default=None, converter=_once)
    horizon_source: Callable[[Level, date], Exposure] | None = None
    boundary: Boundary = Boundary.EXCEEDS
    record: OrderRecord | None = None

    @property
    def customer(self) -> Level:
        """The ordering customer's own level (the first of ``levels``; ancestors follow).

        Example:
            >>> from otccore.money import StaticRates
            >>> parent = CreditAccount.open("G1", "EUR")
            >>> child = CreditAccount.open("C1", "EUR", parent_id="G1")
            >>> ctx = build_context(Order.create("SO", "C1", money(5, "EUR"), order_date=date(2026, 3, 2)),
            ...                     [child, parent], as_of=date(2026, 3, 2), rates=StaticRates({}))
            >>> ctx.customer.customer_id, ctx.customer is ctx.levels[0]
            ('C1', True)
        """
        return self.levels[0]

    def facts(self) -> CreditFacts | None:
        """The customer's receivables facts, or ``None`` when no source was given.

        Loaded on the first call and kept: however many steps ask (the overdue
        share, the oldest overdue item, the dunning level), a check reads its
        source once.

        Example:
            >>> from otccore.credit import CreditAccount, Order
            >>> from otccore.money import StaticRates
            >>> reads = []
            >>> def load():
            ...     reads.append(1)
            ...     return CreditFacts(money(100, "EUR"), money(0, "EUR"))
            >>> ctx = build_context(Order.create("SO", "C1", money(5, "EUR"), order_date=date(2026, 3, 2)),
            ...                     [CreditAccount.open("C1", "EUR")], as_of=date(2026, 3, 2),
            ...                     rates=StaticRates({}), facts=load)
            >>> ctx.facts() is ctx.facts(), len(reads)
            (True, 1)
        """
        return self.facts_source() if self.facts_source is not None else None

    def beyond_horizon(self, level: Level, after: date) -> Exposure:
        """Contribution to ``level`` of other open orders scheduled after ``after``.

        Example:
            >>> from otccore.credit import CreditAccount, CreditLimit, Order
            >>> from otccore.money import StaticRates
            >>> acc = CreditAccount.open("C1", "EUR", limit=CreditLimit.of(money(100, "EUR")))
            >>> ctx = build_context(Order.create("SO", "C1", money(130, "EUR"), order_date=date(2026, 3, 2)),
            ...                     [acc], as_of=date(2026, 3, 2), rates=StaticRates({}))
            >>> ctx.beyond_horizon(ctx.customer, date(2026, 4, 1)).is_zero  # no source given: nothing
            True
        """
        if self.horizon_source is None:
            return Exposure.zero(level.currency)
        return self.horizon_source(level, after)

    def breached(self, value: int, limit: int) -> bool:
        """The boundary convention applied to minor units.

        Example:
            >>> from otccore.credit import CreditAccount, CreditLimit, Order
            >>> from otccore.money import StaticRates
            >>> acc = CreditAccount.open("C1", "EUR", limit=CreditLimit.of(money(100, "EUR")))
            >>> ctx = build_context(Order.create("SO", "C1", money(130, "EUR"), order_date=date(2026, 3, 2)),
            ...                     [acc], as_of=date(2026, 3, 2), rates=StaticRates({}))
            >>> ctx.breached(100_00, 100_00), attrs.evolve(ctx, boundary=Boundary.REACHES).breached(100_00, 100_00)
            (False, True)
        """
        return self.boundary.breached(value, limit)


@runtime_checkable
class CheckStep(Protocol):
    """A step of a check rule: a ``code`` and ``evaluate(ctx) -> StepResult``.

    Example:
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
        """A stable name for the step (used in reasons).

        Example:
            >>> step: CheckStep = OverdueShare(max_percent=20)
            >>> step.code
            'overdue_share'
        """
        ...

    def evaluate(self, ctx: CheckContext) -> StepResult:
        """Pass or fail, with reasons; must not change anything.

        Example:
            >>> from otccore.credit import CreditAccount, Order
            >>> from otccore.money import StaticRates
            >>> step: CheckStep = MaxDocumentValue(money(10, "EUR"))
            >>> ctx = build_context(Order.create("SO", "C1", money(25, "EUR"), order_date=date(2026, 3, 2)),
            ...                     [CreditAccount.open("C1", "EUR")], as_of=date(2026, 3, 2),
            ...                     rates=StaticRates({}))
            >>> step.evaluate(ctx).passed
            False
        """
        ...


def _fmt(minor: int, currency: str) -> str:
    value = from_minor(minor, currency)
    return f"{value.amount} {currency}"


def _limit_reasons(
    ctx: CheckContext,
    step: str,
    projected_of: Callable[[Level], tuple[int, Exposure]],
) -> StepResult:
    failures: list[Reason] = []
    info: list[Reason] = []
    for level in ctx.levels:
        total, projected = projected_of(level)
        cur = level.currency
        if level.limit is None:
            if level is ctx.customer:
                info.append(
                    Reason.of(
                        "no_limit",
                        f"no credit limit set for {level.customer_id}",
                        level=level.customer_id,
                    )
                )
        elif ctx.breached(total, level.limit):
            failures.append(
                Reason.of(
                    f"{step}_exceeded",
                    f"exposure {_fmt(total, cur)} with this order "
                    f"{'exceeds' if ctx.boundary is Boundary.EXCEEDS else 'reaches'} the limit "
                    f"{_fmt(level.limit, cur)} of {level.customer_id}",
                    level=level.customer_id,
                    exposure=_fmt(total, cur),
                    limit=_fmt(level.limit, cur),
                )
            )
        for category, sub in level.sub_limits:
            value = projected.minor_of(category)
            if ctx.breached(value, sub):
                failures.append(
                    Reason.of(
                        "sub_limit_exceeded",
                        f"{category} {_fmt(value, cur)} with this order breaches the sub-limit "
                        f"{_fmt(sub, cur)} of {level.customer_id}",
                        level=level.customer_id,
                        category=category.value,
                        exposure=_fmt(value, cur),
                        limit=_fmt(sub, cur),
                    )
                )
    return StepResult.fail(*failures) if failures else StepResult.ok(*info)


@attrs.frozen
class StaticLimit:
    """Relevant exposure plus the order against the limit, and every sub-limit, at every level.

    Example:
        >>> StaticLimit().code
        'static_limit'
    """

    code: str = "static_limit"

    def evaluate(self, ctx: CheckContext) -> StepResult:
        """Check each level of the chain.

        Example:
            >>> from otccore.credit import CreditAccount, CreditLimit, Order
            >>> from otccore.money import StaticRates
            >>> acc = CreditAccount.open("C1", "EUR", limit=CreditLimit.of(money(100, "EUR")))
            >>> ctx = build_context(Order.create("SO", "C1", money(130, "EUR"), order_date=date(2026, 3, 2)),
            ...                     [acc], as_of=date(2026, 3, 2), rates=StaticRates({}))
            >>> result = StaticLimit().evaluate(ctx)
            >>> result.passed, result.reasons[0].code
            (False, 'limit_exceeded')
        """

        def projected(level: Level) -> tuple[int, Exposure]:
            p = level.projected
            return p.total_minor(ctx.policy), p

        return _limit_reasons(ctx, "limit", projected)


@attrs.frozen
class DynamicLimit:
    """Like :class:`StaticLimit`, leaving out open orders scheduled beyond ``horizon_days``.

    The order itself is left out too when it is scheduled past the horizon.

    Example:
        >>> DynamicLimit(30).horizon_days
        30
    """

    horizon_days: int = attrs.field(converter=_horizon_days)
    code: str = "dynamic_limit"

    def evaluate(self, ctx: CheckContext) -> StepResult:
        """Check each level with the horizon applied.

        Example:
            >>> from otccore.credit import CreditAccount, CreditLimit, Order
            >>> from otccore.money import StaticRates
            >>> acc = CreditAccount.open("C1", "EUR", limit=CreditLimit.of(money(100, "EUR")))
            >>> later = Order.create("SO", "C1", money(130, "EUR"), order_date=date(2026, 3, 2),
            ...                      scheduled=date(2026, 6, 1))
            >>> ctx = build_context(later, [acc], as_of=date(2026, 3, 2), rates=StaticRates({}))
            >>> DynamicLimit(30).evaluate(ctx).passed, DynamicLimit(120).evaluate(ctx).passed
            (True, False)
        """
        horizon = ctx.as_of + timedelta(days=self.horizon_days)
        scheduled = ctx.order.scheduled
        order_in = scheduled is None or scheduled <= horizon

        def projected(level: Level) -> tuple[int, Exposure]:
            p = level.exposure - ctx.beyond_horizon(level, horizon)
            if order_in:
                p = p + level.order
            return p.total_minor(ctx.policy), p

        return _limit_reasons(ctx, "dynamic_limit", projected)


@attrs.frozen
class MaxDocumentValue:
    """Fails when one order is worth more than ``maximum`` (converted on the order date).

    Example:
        >>> MaxDocumentValue(money(5000, "EUR")).maximum
        Money('5000', 'EUR')
    """

    maximum: Money = attrs.field(converter=_maximum)
    code: str = "max_document_value"

    def evaluate(self, ctx: CheckContext) -> StepResult:
        """Compare the order's value with the maximum.

        Example:
            >>> from otccore.credit import CreditAccount, CreditLimit, Order
            >>> from otccore.money import StaticRates
            >>> acc = CreditAccount.open("C1", "EUR", limit=CreditLimit.of(money(100, "EUR")))
            >>> ctx = build_context(Order.create("SO", "C1", money(130, "EUR"), order_date=date(2026, 3, 2)),
            ...                     [acc], as_of=date(2026, 3, 2), rates=StaticRates({}))
            >>> MaxDocumentValue(money(100, "EUR")).evaluate(ctx).reasons[0].message
            'order value 130.00 EUR is above the maximum 100 EUR'
        """
        cur = self.maximum.currency.code
        value = to_account_minor(ctx.order.amount, cur, ctx.rates, ctx.order.order_date)
        if value > to_minor(self.maximum):
            return StepResult.fail(
                Reason.of(
                    self.code,
                    f"order value {_fmt(value, cur)} is above the maximum "
                    f"{self.maximum.amount} {cur}",
                    value=_fmt(value, cur),
                    maximum=f"{self.maximum.amount} {cur}",
                )
            )
        return StepResult.ok()


@attrs.frozen
class OldestOverdue:
    """Fails when the oldest overdue item is more than ``max_days`` past due.

    Example:
        >>> OldestOverdue(60).max_days
        60
    """

    max_days: int = attrs.field(converter=_max_days)
    code: str = "oldest_overdue"

    def evaluate(self, ctx: CheckContext) -> StepResult:
        """Read the customer's facts.

        Example:
            >>> from otccore.credit import CreditAccount, Order
            >>> from otccore.money import StaticRates
            >>> facts = CreditFacts(money(1000, "EUR"), money(300, "EUR"), oldest_overdue_days=45,
            ...                     dunning_level=3)
            >>> ctx = build_context(Order.create("SO", "C1", money(5, "EUR"), order_date=date(2026, 3, 2)),
            ...                     [CreditAccount.open("C1", "EUR")], as_of=date(2026, 3, 2),
            ...                     rates=StaticRates({}), facts=lambda: facts)
            >>> OldestOverdue(30).evaluate(ctx).passed, OldestOverdue(60).evaluate(ctx).passed
            (False, True)
        """
        facts = ctx.facts()
        days = facts.oldest_overdue_days if facts else None
        if days is not None and days > self.max_days:
            return StepResult.fail(
                Reason.of(
                    self.code,
                    f"oldest overdue item is {days} days past due (more than {self.max_days})",
                    days=days,
                    max_days=self.max_days,
                )
            )
        return StepResult.ok()


@attrs.frozen
class OverdueShare:
    """Fails when overdue receivables exceed ``max_percent`` of open ones (whole percent, rounded down).

    Example:
        >>> OverdueShare(20).max_percent
        20
    """

    max_percent: int = attrs.field(converter=_max_percent)
    code: str = "overdue_share"

    def evaluate(self, ctx: CheckContext) -> StepResult:
        """Read the customer's facts.

        Example:
            >>> from otccore.credit import CreditAccount, Order
            >>> from otccore.money import StaticRates
            >>> facts = CreditFacts(money(1000, "EUR"), money(300, "EUR"), oldest_overdue_days=45,
            ...                     dunning_level=3)
            >>> ctx = build_context(Order.create("SO", "C1", money(5, "EUR"), order_date=date(2026, 3, 2)),
            ...                     [CreditAccount.open("C1", "EUR")], as_of=date(2026, 3, 2),
            ...                     rates=StaticRates({}), facts=lambda: facts)
            >>> OverdueShare(25).evaluate(ctx).reasons[0].message
            '30 % of open receivables is overdue (more than 25 %)'
        """
        facts = ctx.facts()
        share = facts.overdue_share if facts else 0
        if share > self.max_percent:
            return StepResult.fail(
                Reason.of(
                    self.code,
                    f"{share} % of open receivables is overdue (more than {self.max_percent} %)",
                    share=share,
                    max_percent=self.max_percent,
                )
            )
        return StepResult.ok()


@attrs.frozen
class DunningLevel:
    """Fails when the customer's highest dunning level is above ``max_level``.

    Example:
        >>> DunningLevel(2).max_level
        2
    """

    max_level: int = attrs.field(converter=_max_dunning_level)
    code: str = "dunning_level"

    def evaluate(self, ctx: CheckContext) -> StepResult:
        """Read the customer's facts.

        Example:
            >>> from otccore.credit import CreditAccount, Order
            >>> from otccore.money import StaticRates
            >>> facts = CreditFacts(money(1000, "EUR"), money(300, "EUR"), oldest_overdue_days=45,
            ...                     dunning_level=3)
            >>> ctx = build_context(Order.create("SO", "C1", money(5, "EUR"), order_date=date(2026, 3, 2)),
            ...                     [CreditAccount.open("C1", "EUR")], as_of=date(2026, 3, 2),
            ...                     rates=StaticRates({}), facts=lambda: facts)
            >>> DunningLevel(2).evaluate(ctx).passed, DunningLevel(3).evaluate(ctx).passed
            (False, True)
        """
        facts = ctx.facts()
        level = facts.dunning_level if facts else None
        if level is not None and level > self.max_level:
            return StepResult.fail(
                Reason.of(
                    self.code,
                    f"highest dunning level {level} is above {self.max_level}",
                    level=level,
                    max_level=self.max_level,
                )
            )
        return StepResult.ok()


def _names(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str):
        raise ConfigurationError(f"blocked classes must be a collection of names, not {value!r}")
    return frozenset(value)


@attrs.frozen
class BlockedRiskClass:
    """Fails when the customer's risk class is one of ``classes``.

    Example:
        >>> BlockedRiskClass(["E"]).classes
        frozenset({'E'})
    """

    classes: frozenset[str] = attrs.field(converter=_names)
    code: str = "blocked_risk_class"

    def evaluate(self, ctx: CheckContext) -> StepResult:
        """Look at the account's risk class.

        Example:
            >>> from otccore.credit import CreditAccount, Order
            >>> from otccore.money import StaticRates
            >>> acc = CreditAccount.open("C1", "EUR", risk_class="E")
            >>> ctx = build_context(Order.create("SO", "C1", money(5, "EUR"), order_date=date(2026, 3, 2)),
            ...                     [acc], as_of=date(2026, 3, 2), rates=StaticRates({}))
            >>> BlockedRiskClass(["D", "E"]).evaluate(ctx).reasons[0].message
            'risk class E is blocked'
        """
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
        >>> LimitValidity().code
        'limit_validity'
    """

    code: str = "limit_validity"

    def evaluate(self, ctx: CheckContext) -> StepResult:
        """Check every level's limit window and review date.

        Example:
            >>> from otccore.credit import CreditAccount, CreditLimit, Order
            >>> from otccore.money import StaticRates
            >>> acc = CreditAccount.open("C1", "EUR", review_date=date(2026, 3, 1),
            ...                          limit=CreditLimit.of(money(100, "EUR"), valid_to=date(2026, 2, 28)))
            >>> ctx = build_context(Order.create("SO", "C1", money(5, "EUR"), order_date=date(2026, 3, 2)),
            ...                     [acc], as_of=date(2026, 3, 2), rates=StaticRates({}))
            >>> [r.code for r in LimitValidity().evaluate(ctx).reasons]
            ['limit_expired', 'review_overdue']
        """
        failures: list[Reason] = []
        for level in ctx.levels:
            acc = level.account
            if acc.limit.is_expired(ctx.as_of):
                failures.append(
                    Reason.of(
                        "limit_expired",
                        f"the credit limit of {acc.customer_id} is not valid on {ctx.as_of} "
                        f"(valid {acc.limit.valid_from or '…'} to {acc.limit.valid_to or '…'})",
                        level=acc.customer_id,
                    )
                )
            if acc.review_date is not None and acc.review_date < ctx.as_of:
                failures.append(
                    Reason.of(
                        "review_overdue",
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
    codes = [s.step.code for s in result]
    if len(set(codes)) != len(codes):
        raise ConfigurationError(f"step codes must be unique in a rule: {codes!r}")
    return tuple(result)


@attrs.frozen
class CheckRule:
    """An ordered list of steps with reactions, the boundary convention and traffic-light thresholds.

    Example:
        >>> rule = CheckRule.of([(StaticLimit(), "hold"), (MaxDocumentValue(money(5000, "EUR")), "reject")])
        >>> [s.step.code for s in rule.steps]
        ['static_limit', 'max_document_value']
    """

    steps: tuple[RuleStep, ...] = attrs.field(converter=_steps)
    boundary: Boundary = attrs.field(default=Boundary.EXCEEDS, converter=_boundary)
    lights: TrafficLightPolicy = TrafficLightPolicy()

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
            >>> [(s.step.code, s.reaction.value) for s in CheckRule.default().steps]
            [('static_limit', 'hold'), ('limit_validity', 'hold')]
        """
        return cls.of(
            [(StaticLimit(), Reaction.HOLD), (LimitValidity(), Reaction.HOLD)], boundary=boundary
        )


@attrs.frozen
class LevelStatus:
    """Limit, relevant exposure, available credit, utilisation and light of one account.

    ``limit``/``available``/``utilisation``/``light`` are ``None`` when no limit is
    set. Utilisation is a percent rounded half-up to 2 decimals (``None`` for a
    zero limit, whose light is red). ``available`` may be negative (the shortfall).

    Example:
        >>> s = LevelStatus.compute("C1", "EUR", 100_00, 85_00, TrafficLightPolicy())
        >>> s.available, s.utilisation, s.light
        (Money('15.00', 'EUR'), Decimal('85.00'), <TrafficLight.AMBER: 'amber'>)
    """

    customer_id: CustomerId
    limit: Money | None
    exposure: Money
    available: Money | None
    utilisation: Decimal | None
    light: TrafficLight | None

    @classmethod
    def compute(
        cls,
        customer_id: CustomerId,
        currency: str,
        limit: int | None,
        exposure: int,
        lights: TrafficLightPolicy,
    ) -> LevelStatus:
        """The status for ``exposure`` against ``limit`` (minor units of ``currency``).

        Example:
            >>> s = LevelStatus.compute("C1", "EUR", 100_00, 130_00, TrafficLightPolicy())
            >>> s.available, s.utilisation, s.light
            (Money('-30.00', 'EUR'), Decimal('130.00'), <TrafficLight.RED: 'red'>)
            >>> LevelStatus.compute("C1", "EUR", None, 5_00, TrafficLightPolicy()).light is None
            True
        """
        if limit is None:
            return cls(customer_id, None, fast_money(exposure, currency), None, None, None)
        utilisation: Decimal | None = None
        if limit > 0:
            share = EXACT.divide(EXACT.multiply(Decimal(exposure), _HUNDRED), Decimal(limit))
            utilisation = share.quantize(_CENT, rounding=decimal.ROUND_HALF_UP, context=EXACT)
        return cls(
            customer_id,
            fast_money(limit, currency),
            fast_money(exposure, currency),
            fast_money(limit - exposure, currency),
            utilisation,
            lights.light(exposure, limit),
        )


@attrs.frozen
class Decision:
    """The outcome of a credit check, with its reasons and the customer's figures.

    ``available``, ``utilisation`` and ``light`` are the ordering customer's, as
    they would be with this order accepted; ``levels`` has the same for every
    account of the chain (customer first, then each ancestor).

    Example:
        >>> from otccore.credit import CreditAccount, CreditLimit, Order
        >>> from otccore.money import StaticRates
        >>> acc = CreditAccount.open("C1", "EUR", limit=CreditLimit.of(money(100, "EUR")))
        >>> ctx = build_context(Order.create("SO", "C1", money(130, "EUR"), order_date=date(2026, 3, 2)),
        ...                     [acc], as_of=date(2026, 3, 2), rates=StaticRates({}))
        >>> d = evaluate(CheckRule.default(), ctx)
        >>> d.approved, d.available, [r.code for r in d.reasons]
        (False, Money('-30.00', 'EUR'), ['limit_exceeded'])
    """

    order_id: OrderId
    customer_id: CustomerId
    as_of: date
    outcome: Outcome
    reasons: tuple[Reason, ...]
    levels: tuple[LevelStatus, ...]

    @property
    def approved(self) -> bool:
        """True when the order goes through (approved, possibly with a warning).

        Example:
            >>> status = LevelStatus.compute("C1", "EUR", 100_00, 90_00, TrafficLightPolicy())
            >>> warned = Decision(OrderId("SO"), CustomerId("C1"), date(2026, 3, 2),
            ...                   Outcome.APPROVED_WITH_WARNING, (), (status,))
            >>> warned.approved, warned.with_outcome(Outcome.HELD).approved
            (True, False)
        """
        return self.outcome.reserves

    @property
    def available(self) -> Money | None:
        """The customer's available credit after this order (``None``: no limit set).

        Example:
            >>> status = LevelStatus.compute("C1", "EUR", 100_00, 90_00, TrafficLightPolicy())
            >>> Decision(OrderId("SO"), CustomerId("C1"), date(2026, 3, 2), Outcome.APPROVED, (),
            ...          (status,)).available
            Money('10.00', 'EUR')
            >>> no_limit = LevelStatus.compute("C1", "EUR", None, 90_00, TrafficLightPolicy())
            >>> Decision(OrderId("SO"), CustomerId("C1"), date(2026, 3, 2), Outcome.APPROVED, (),
            ...          (no_limit,)).available is None
            True
        """
        return self.levels[0].available

    @property
    def utilisation(self) -> Decimal | None:
        """The customer's utilisation in percent after this order (``None``: no limit, or a zero one).

        Example:
            >>> status = LevelStatus.compute("C1", "EUR", 300_00, 100_00, TrafficLightPolicy())
            >>> Decision(OrderId("SO"), CustomerId("C1"), date(2026, 3, 2), Outcome.APPROVED, (),
            ...          (status,)).utilisation
            Decimal('33.33')
        """
        return self.levels[0].utilisation

    @property
    def light(self) -> TrafficLight | None:
        """The customer's traffic light after this order (``None``: no limit set).

        Example:
            >>> status = LevelStatus.compute("C1", "EUR", 100_00, 85_00, TrafficLightPolicy())
            >>> Decision(OrderId("SO"), CustomerId("C1"), date(2026, 3, 2), Outcome.APPROVED, (),
            ...          (status,)).light
            <TrafficLight.AMBER: 'amber'>
        """
        return self.levels[0].light

    def with_outcome(self, outcome: Outcome, *extra: Reason) -> Decision:
        """A copy with another outcome and extra reasons appended.

        Example:
            >>> from otccore.credit import CreditAccount, CreditLimit, Order
            >>> from otccore.money import StaticRates
            >>> acc = CreditAccount.open("C1", "EUR", limit=CreditLimit.of(money(100, "EUR")))
            >>> ctx = build_context(Order.create("SO", "C1", money(130, "EUR"), order_date=date(2026, 3, 2)),
            ...                     [acc], as_of=date(2026, 3, 2), rates=StaticRates({}))
            >>> d = evaluate(CheckRule.default(), ctx)
            >>> released = d.with_outcome(Outcome.APPROVED_WITH_WARNING, Reason.of("released", "by j.doe"))
            >>> released.outcome, [r.code for r in released.reasons]
            (<Outcome.APPROVED_WITH_WARNING: 'approved_with_warning'>, ['limit_exceeded', 'released'])
        """
        return attrs.evolve(self, outcome=outcome, reasons=(*self.reasons, *extra))


def evaluate(rule: CheckRule, ctx: CheckContext) -> Decision:
    """Run ``rule``'s steps in order over ``ctx`` and decide.

    The outcome is set by the most severe reaction among failed steps: reject →
    rejected, hold → held, warn → approved with warning, none → approved.

    Example:
        >>> from otccore.credit import CreditAccount, Order
        >>> from otccore.money import StaticRates
        >>> ctx = build_context(Order.create("SO", "C1", money(9, "EUR"), order_date=date(2026, 3, 2)),
        ...                     [CreditAccount.open("C1", "EUR")], as_of=date(2026, 3, 2), rates=StaticRates({}))
        >>> rule = CheckRule.of([(MaxDocumentValue(money(5, "EUR")), "warn")])
        >>> evaluate(rule, ctx).outcome
        <Outcome.APPROVED_WITH_WARNING: 'approved_with_warning'>
    """
    if ctx.boundary is not rule.boundary:
        ctx = attrs.evolve(ctx, boundary=rule.boundary)
    reasons: list[Reason] = []
    worst: Reaction | None = None
    for rs in rule.steps:
        result = rs.step.evaluate(ctx)
        if result.passed:
            reasons.extend(result.reasons)
            continue
        reasons.extend(attrs.evolve(r, reaction=rs.reaction) for r in result.reasons)
        if worst is None or rs.reaction.severity > worst.severity:
            worst = rs.reaction
        if worst is Reaction.REJECT:
            break
    outcome = {
        None: Outcome.APPROVED,
        Reaction.WARN: Outcome.APPROVED_WITH_WARNING,
        Reaction.HOLD: Outcome.HELD,
        Reaction.REJECT: Outcome.REJECTED,
    }[worst]
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
        outcome=outcome,
        reasons=tuple(reasons),
        levels=levels,
    )


def limit_minor(
    account: CreditAccount, as_of: date, rates: FxRates
) -> tuple[int | None, tuple[tuple[ExposureCategory, int], ...]]:
    """The account's limit and sub-limits on ``as_of`` in its own currency, minor units.

    A limit in another currency is converted on ``as_of``; no rate raises
    :class:`~otccore.errors.MissingRate`.

    Example:
        >>> from otccore.credit import CreditAccount, CreditLimit
        >>> from otccore.money import StaticRates
        >>> acc = CreditAccount.open("C1", "EUR", limit=CreditLimit.of(money(100, "USD"),
        ...                          sub_limits={"disputed": money(10, "USD")}))
        >>> limit_minor(acc, date(2026, 3, 2), StaticRates({("USD", "EUR"): Decimal("0.9")}))
        (9000, ((<ExposureCategory.DISPUTED: 'disputed'>, 900),))
    """
    cur = account.currency
    value = account.limit.amount_on(as_of)
    limit = None if value is None else to_account_minor(value, cur, rates, as_of)
    subs = tuple((c, to_account_minor(m, cur, rates, as_of)) for c, m in account.limit.sub_limits)
    return limit, subs


def build_context(
    order: Order,
    chain: Sequence[CreditAccount],
    *,
    as_of: date,
    rates: FxRates,
    existing: OrderRecord | None = None,
    policy: ExposurePolicy = DEFAULT_EXPOSURE_POLICY,
    facts: Callable[[], CreditFacts] | None = None,
    beyond_horizon: Callable[[Level, date], Exposure] | None = None,
) -> CheckContext:
    """The check context for ``order`` against ``chain`` (customer first, then ancestors).

    ``existing`` is the stored record when the order is checked again after a
    change: its current contribution is taken out of the exposure first.
    Conversions that lack a rate raise :class:`~otccore.errors.MissingRate`.

    Example:
        >>> from otccore.credit import CreditAccount, Order
        >>> from otccore.money import StaticRates
        >>> parent = CreditAccount.open("P", "EUR")
        >>> child = CreditAccount.open("C", "EUR", parent_id="P")
        >>> ctx = build_context(Order.create("SO", "C", money(5, "EUR"), order_date=date(2026, 3, 2)),
        ...                     [child, parent], as_of=date(2026, 3, 2), rates=StaticRates({}))
        >>> [lv.customer_id for lv in ctx.levels]
        ['C', 'P']
    """
    if not isinstance(order, Order):
        raise InvalidInput(f"not an Order: {order!r}")
    day(as_of, "as of")
    if not chain:
        raise InvalidInput("a credit check needs at least the customer's account")
    if chain[0].customer_id != order.customer_id:
        raise InvalidInput(
            f"order {order.id!r} is for {order.customer_id!r}, not {chain[0].customer_id!r}"
        )
    record = _projected_record(order, existing)
    levels: list[Level] = []
    for account in chain:
        limit, subs = limit_minor(account, as_of, rates)
        old = (
            order_contribution(existing, account.currency, rates)
            if existing is not None
            else Exposure.zero(account.currency)
        )
        new = order_contribution(record, account.currency, rates)
        kept = _delivered_only(record, account.currency, rates)
        levels.append(
            Level(
                account=account,
                limit=limit,
                sub_limits=subs,
                exposure=account.exposure - old + kept,
                order=new - kept,
            )
        )
    return CheckContext(
        order=order,
        as_of=as_of,
        levels=tuple(levels),
        rates=rates,
        policy=policy,
        facts_source=facts,
        horizon_source=beyond_horizon,
        record=record,
    )


def _projected_record(order: Order, existing: OrderRecord | None) -> OrderRecord:
    """The record the order would have if accepted (keeping what was delivered already)."""
    if existing is None:
        return OrderRecord.new(order, OrderStatus.OPEN)
    return existing.with_order(order, OrderStatus.OPEN)


def _delivered_only(record: OrderRecord, currency: str, rates: FxRates) -> Exposure:
    """The part of the record's contribution that stays whatever the decision: the
    delivered part. It is in ``exposure`` already, so it is taken out of ``order``."""
    if not record.delivered.amount:
        return Exposure.zero(currency)
    return Exposure.single(
        currency,
        ExposureCategory.DELIVERED_NOT_INVOICED,
        to_account_minor(record.delivered, currency, rates, record.order.order_date),
    )


def account_status(
    account: CreditAccount,
    *,
    as_of: date,
    rates: FxRates,
    policy: ExposurePolicy = DEFAULT_EXPOSURE_POLICY,
    lights: TrafficLightPolicy | None = None,
) -> LevelStatus:
    """The account's current limit, exposure, available credit, utilisation and light.

    Example:
        >>> from otccore.credit import CreditAccount, CreditLimit, Exposure
        >>> from otccore.money import StaticRates
        >>> acc = CreditAccount.open("C1", "EUR", limit=CreditLimit.of(money(1000, "EUR")))
        >>> acc = acc.next_version(exposure=Exposure.of("EUR", {"open_receivables": money(850, "EUR")}))
        >>> s = account_status(acc, as_of=date(2026, 3, 2), rates=StaticRates({}))
        >>> s.available, s.utilisation, s.light
        (Money('150.00', 'EUR'), Decimal('85.00'), <TrafficLight.AMBER: 'amber'>)
    """
    limit, _ = limit_minor(account, as_of, rates)
    return LevelStatus.compute(
        account.customer_id,
        account.currency,
        limit,
        account.exposure.total_minor(policy),
        lights if lights is not None else TrafficLightPolicy(),
    )
