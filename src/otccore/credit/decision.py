"""The decision of a credit check: outcome, reasons with their reaction, figures per level.

A step answers with a :class:`StepResult` holding shared
:class:`~otccore.reasons.Reason` values (codes from :class:`CheckCode` for the
built-in steps). :func:`~otccore.credit.evaluate` wraps each reason of a failed
step with the step's configured :class:`Reaction` into a :class:`CheckReason`,
and the most severe reaction sets the :class:`Outcome` of the :class:`Decision`.
Each account of the chain gets a :class:`LevelStatus`: limit, exposure,
available credit, utilisation and :class:`TrafficLight`.

The :class:`Boundary` convention decides whether reaching a limit breaches it;
the rule is written in docs/credit/rules.md ("The boundary").

Example:
    >>> from otccore.credit import CheckReason, Reaction
    >>> from otccore.reasons import Reason
    >>> r = CheckReason(Reason.of("limit_exceeded", "over by 5.00 EUR", level="C1"), Reaction.HOLD)
    >>> r.code, r.reaction, r.details
    ('limit_exceeded', <Reaction.HOLD: 'hold'>, {'level': 'C1'})
"""

from __future__ import annotations

import decimal
import enum
from datetime import date
from decimal import Decimal
from typing import Final

import attrs

from otccore._kernel import EXACT, keyword_only
from otccore._tabular import TableMixin
from otccore.credit.exposure import fast_money
from otccore.credit.orders import OrderId
from otccore.errors import ConfigurationError, InvalidInput
from otccore.money import Money, as_decimal
from otccore.reasons import Reason, ReasonFields
from otccore.receivables import CustomerId

__all__ = [
    "Boundary",
    "CheckCode",
    "CheckReason",
    "Decision",
    "LevelStatus",
    "Outcome",
    "Reaction",
    "StepResult",
    "TrafficLight",
    "TrafficLightPolicy",
]

_HUNDRED: Final = Decimal(100)
_CENT: Final = Decimal("0.01")


class CheckCode(enum.StrEnum):
    """The codes of credit's built-in steps and of the reasons they give.

    A member is a ``str``, so ``reason.code == "limit_exceeded"`` holds. A step a
    host writes gives codes of its own (any non-empty text).

    Example:
        >>> from otccore.credit import CheckCode
        >>> CheckCode.LIMIT_EXCEEDED == "limit_exceeded"
        True
    """

    STATIC_LIMIT = "static_limit"
    DYNAMIC_LIMIT = "dynamic_limit"
    LIMIT_VALIDITY = "limit_validity"
    NO_LIMIT = "no_limit"
    LIMIT_EXCEEDED = "limit_exceeded"
    DYNAMIC_LIMIT_EXCEEDED = "dynamic_limit_exceeded"
    SUB_LIMIT_EXCEEDED = "sub_limit_exceeded"
    MAX_DOCUMENT_VALUE = "max_document_value"
    OLDEST_OVERDUE = "oldest_overdue"
    OVERDUE_SHARE = "overdue_share"
    DUNNING_LEVEL = "dunning_level"
    BLOCKED_RISK_CLASS = "blocked_risk_class"
    LIMIT_EXPIRED = "limit_expired"
    REVIEW_OVERDUE = "review_overdue"
    RELEASED = "released"


class Reaction(enum.StrEnum):
    """What a failed step does to the order: warn, hold for release, or reject.

    Example:
        >>> from otccore.credit import Reaction
        >>> Reaction("hold").severity > Reaction.WARN.severity
        True
    """

    WARN = "warn"
    HOLD = "hold"
    REJECT = "reject"

    @property
    def severity(self) -> int:
        """0 warn, 1 hold, 2 reject."""
        return _SEVERITY[self]


_SEVERITY: Final = {Reaction.WARN: 0, Reaction.HOLD: 1, Reaction.REJECT: 2}


class Outcome(enum.StrEnum):
    """The decision on an order.

    Example:
        >>> from otccore.credit import Outcome
        >>> Outcome.APPROVED_WITH_WARNING.reserves, Outcome.HELD.reserves
        (True, False)
    """

    APPROVED = "approved"
    APPROVED_WITH_WARNING = "approved_with_warning"
    HELD = "held"
    REJECTED = "rejected"

    @property
    def reserves(self) -> bool:
        """True when the order is let through and its amount reserved."""
        return self in (Outcome.APPROVED, Outcome.APPROVED_WITH_WARNING)


class Boundary(enum.StrEnum):
    """When a limit is breached: ``EXCEEDS`` (default, equal passes) or ``REACHES`` (Oracle, equal fails).

    Example:
        >>> from otccore.credit import Boundary
        >>> Boundary.EXCEEDS.breached(100, 100), Boundary.REACHES.breached(100, 100)
        (False, True)
    """

    EXCEEDS = "exceeds"
    REACHES = "reaches"

    def breached(self, value: int, limit: int) -> bool:
        """True when ``value`` breaches ``limit`` under this convention."""
        return value >= limit if self is Boundary.REACHES else value > limit


class TrafficLight(enum.StrEnum):
    """Green below the amber threshold, amber from it, red at or above the red one.

    Example:
        >>> from otccore.credit import TrafficLight
        >>> TrafficLight("amber") is TrafficLight.AMBER
        True
    """

    GREEN = "green"
    AMBER = "amber"
    RED = "red"


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
        >>> from decimal import Decimal
        >>> from otccore.credit import TrafficLightPolicy
        >>> policy = TrafficLightPolicy()
        >>> [policy.light(exposure_minor=e, limit_minor=100_00) for e in (79_99, 80_00, 100_00)]
        [<TrafficLight.GREEN: 'green'>, <TrafficLight.AMBER: 'amber'>, <TrafficLight.RED: 'red'>]
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

    @keyword_only
    def light(self, *, exposure_minor: int, limit_minor: int) -> TrafficLight:
        """The light for an exposure against a limit (minor units, by keyword); a zero limit is red.

        Example:
            >>> from decimal import Decimal
            >>> from otccore.credit import TrafficLightPolicy
            >>> policy = TrafficLightPolicy(amber=Decimal(60), red=Decimal(90))
            >>> [policy.light(exposure_minor=e, limit_minor=100_00) for e in (59_99, 60_00, 90_00)]
            [<TrafficLight.GREEN: 'green'>, <TrafficLight.AMBER: 'amber'>, <TrafficLight.RED: 'red'>]
            >>> policy.light(exposure_minor=0, limit_minor=0)
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
class CheckReason(ReasonFields):
    """A shared :class:`~otccore.reasons.Reason` with the reaction of the step that gave it.

    ``reaction`` is the configured reaction when the step failed, ``None`` for
    information (for example "no limit set"). ``code``, ``message``, ``data`` and
    ``details`` read through to the reason.

    Example:
        >>> from otccore.credit import CheckReason, Reaction
        >>> from otccore.reasons import Reason
        >>> r = CheckReason(Reason.of("max_document_value", "too large", value="9.00 EUR"), Reaction.WARN)
        >>> r.code, r.message, r.data, r.reaction
        ('max_document_value', 'too large', (('value', '9.00 EUR'),), <Reaction.WARN: 'warn'>)
        >>> r.to_record()["reaction"]
        'warn'
    """

    reason: Reason
    reaction: Reaction | None = None

    def to_record(self) -> dict[str, object]:
        """The reason's record with a ``reaction`` column (``None`` for information)."""
        record = self.reason.to_record()
        record["reaction"] = None if self.reaction is None else self.reaction.value
        return record

    def __str__(self) -> str:
        return str(self.reason)


def _plain(reason: Reason | CheckReason) -> Reason:
    if isinstance(reason, Reason):
        return reason
    if isinstance(reason, CheckReason):
        return reason.reason
    raise InvalidInput(f"not a Reason: {reason!r}")


def _wrapped(reason: Reason | CheckReason) -> CheckReason:
    if isinstance(reason, CheckReason):
        return reason
    return CheckReason(_plain(reason))


@attrs.frozen
class StepResult:
    """What one step says: passed or not, and why (shared reasons, without a reaction).

    Example:
        >>> from otccore.credit import StepResult
        >>> from otccore.reasons import Reason
        >>> StepResult.fail(Reason.of("no_sunday", "no orders on Sunday")).passed
        False
        >>> StepResult.fail()
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: a failed step must give a reason
    """

    passed: bool
    reasons: tuple[Reason, ...] = ()

    @classmethod
    def ok(cls, *reasons: Reason | CheckReason) -> StepResult:
        """A pass, optionally with informational reasons."""
        if not reasons:
            return _PASSED  # most steps of most checks: one frozen value, not a new one
        return cls(True, tuple(_plain(r) for r in reasons))

    @classmethod
    def fail(cls, *reasons: Reason | CheckReason) -> StepResult:
        """A failure with at least one reason."""
        if not reasons:
            raise InvalidInput("a failed step must give a reason")
        return cls(False, tuple(_plain(r) for r in reasons))


_PASSED: Final = StepResult(True)


@attrs.frozen
class LevelStatus:
    """Limit, relevant exposure, available credit, utilisation and light of one account.

    ``limit``/``available``/``utilisation``/``light`` are ``None`` when no limit is
    set. Utilisation is a percent rounded half-up to 2 decimals (``None`` for a
    zero limit, whose light is red). ``available`` may be negative (the shortfall).

    Example:
        >>> from otccore.credit import LevelStatus, TrafficLightPolicy
        >>> s = LevelStatus.compute("C1", "EUR", limit=100_00, exposure=85_00, lights=TrafficLightPolicy())
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
            >>> from otccore.credit import LevelStatus, TrafficLightPolicy
            >>> s = LevelStatus.compute("C1", "EUR", limit=100_00, exposure=130_00,
            ...                         lights=TrafficLightPolicy())
            >>> s.available, s.utilisation, s.light
            (Money('-30.00', 'EUR'), Decimal('130.00'), <TrafficLight.RED: 'red'>)
            >>> LevelStatus.compute("C1", "EUR", limit=None, exposure=5_00,
            ...                     lights=TrafficLightPolicy()).light is None
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
            lights.light(exposure_minor=exposure, limit_minor=limit),
        )


@attrs.frozen
class Decision(TableMixin):
    """The outcome of a credit check, with its reasons and the customer's figures.

    ``reasons`` are :class:`CheckReason` values (a reason and the reaction of
    the step that gave it). ``available``, ``utilisation`` and ``light`` are the
    ordering customer's, as they would be with this order accepted; ``levels``
    has the same for every account of the chain (customer first, then each
    ancestor).

    It is also a table (``to_records()``, ``to_frame()``): one row per reason,
    each with the decision's outcome and the customer's figures.

    Example:
        >>> from datetime import date
        >>> from otccore.credit import (CheckRule, CreditAccount, CreditLimit, Order,
        ...                             build_context, evaluate)
        >>> from otccore.money import StaticRates, money
        >>> acc = CreditAccount.open("C1", "EUR", limit=CreditLimit.of(money(100, "EUR")))
        >>> ctx = build_context(Order.create("SO", "C1", money(130, "EUR"), order_date=date(2026, 3, 2)),
        ...                     [acc], as_of=date(2026, 3, 2), rates=StaticRates({}))
        >>> d = evaluate(CheckRule.default(), ctx)
        >>> d.approved, d.available, [str(r.code) for r in d.reasons]
        (False, Money('-30.00', 'EUR'), ['limit_exceeded'])
        >>> [row] = d.to_records()
        >>> row["outcome"], row["available_amount"], row["currency"], row["code"], row["reaction"]
        ('held', Decimal('-30.00'), 'EUR', 'limit_exceeded', 'hold')
    """

    order_id: OrderId
    customer_id: CustomerId
    as_of: date
    outcome: Outcome
    reasons: tuple[CheckReason, ...]
    levels: tuple[LevelStatus, ...]

    @property
    def approved(self) -> bool:
        """True when the order goes through (approved, possibly with a warning)."""
        return self.outcome.reserves

    @property
    def available(self) -> Money | None:
        """The customer's available credit after this order (``None``: no limit set)."""
        return self.levels[0].available

    @property
    def utilisation(self) -> Decimal | None:
        """The customer's utilisation in percent after this order (``None``: no limit, or a zero one)."""
        return self.levels[0].utilisation

    @property
    def light(self) -> TrafficLight | None:
        """The customer's traffic light after this order (``None``: no limit set)."""
        return self.levels[0].light

    def with_outcome(self, outcome: Outcome, *extra: Reason | CheckReason) -> Decision:
        """A copy with another outcome and extra reasons appended (shared reasons are
        added as information, without a reaction).

        Example:
            >>> from datetime import date
            >>> from otccore.credit import Decision, LevelStatus, Outcome, TrafficLightPolicy
            >>> from otccore.reasons import Reason
            >>> status = LevelStatus.compute("C1", "EUR", limit=100_00, exposure=130_00,
            ...                              lights=TrafficLightPolicy())
            >>> held = Decision("SO", "C1", date(2026, 3, 2), Outcome.HELD, (), (status,))
            >>> released = held.with_outcome(Outcome.APPROVED_WITH_WARNING, Reason.of("released", "by j.doe"))
            >>> released.approved, [(r.code, r.reaction) for r in released.reasons]
            (True, [('released', None)])
        """
        return attrs.evolve(
            self, outcome=outcome, reasons=(*self.reasons, *(_wrapped(r) for r in extra))
        )

    def to_records(self) -> list[dict[str, object]]:
        """One row per reason (one row with empty reason columns when there is none).

        Each row has the decision's ``order_id``, ``customer_id``, ``as_of`` and
        ``outcome``; the customer's figures after this order: ``exposure_amount``,
        ``available_amount`` (``None`` without a limit), ``currency``,
        ``utilisation`` (percent) and ``light``; then the reason's ``code``,
        ``message``, ``reaction`` and a ``data.<key>`` column per datum
        (:meth:`CheckReason.to_record`). See the class example.
        """
        status = self.levels[0]
        decision: dict[str, object] = {
            "order_id": self.order_id,
            "customer_id": self.customer_id,
            "as_of": self.as_of,
            "outcome": self.outcome.value,
            "exposure_amount": status.exposure.amount,
            "available_amount": None if status.available is None else status.available.amount,
            "currency": status.exposure.currency.code,
            "utilisation": status.utilisation,
            "light": None if status.light is None else status.light.value,
        }
        if not self.reasons:
            return [{**decision, "code": None, "message": None, "reaction": None}]
        return [{**decision, **reason.to_record()} for reason in self.reasons]
