"""Credit limits: an amount (or none) in a currency, a validity window, temporary limits, sub-limits.

``amount=None`` means no limit is set: nothing is checked against it. A zero
amount means no credit at all. The two are never confused (docs/credit/rules.md).

A :class:`TemporaryLimit` *supersedes* the standing amount while its window lasts
(for a season, a large project): it is the limit in force, not an amount added to
the standing one, so it may raise or lower the limit for a while, and the standing
limit resumes the day after the window ends: "a limit with an end date on top of
the standing one" is layered over it, not added to it (docs/credit/rules.md). While a
temporary limit covers the day, the standing limit's own validity window does not
matter (the limit is not expired). Windows of temporary limits must not overlap.
A sub-limit caps one exposure category on its own (OCA account_financial_risk).

Example:
    >>> from datetime import date
    >>> from otccore.credit import CreditLimit, TemporaryLimit
    >>> from otccore.money import money
    >>> limit = CreditLimit.of(money(10_000, "EUR"), valid_to=date(2026, 12, 31),
    ...     temporary=[TemporaryLimit.of(money(15_000, "EUR"), valid_from=date(2026, 11, 1), valid_to=date(2026, 11, 30))],
    ...     sub_limits={"open_orders": money(4_000, "EUR")})
    >>> limit.amount_on(date(2026, 11, 15)), limit.amount_on(date(2026, 12, 1))
    (Money('15000', 'EUR'), Money('10000', 'EUR'))
    >>> limit.is_expired(date(2027, 1, 1)), CreditLimit.none("EUR").amount_on(date(2026, 1, 1))
    (True, None)
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from datetime import date

import attrs
import moneyed

from otccore._kernel import choice, day, keyword_only, opt_day
from otccore.credit._util import amount
from otccore.credit.exposure import ExposureCategory, _category
from otccore.errors import CurrencyMismatch, InvalidInput
from otccore.money import Money, check_currency

__all__ = ["CreditLimit", "TemporaryLimit"]


@attrs.frozen
class TemporaryLimit:
    """A limit amount valid from ``valid_from`` to ``valid_to`` inclusive, superseding the standing one.

    While it covers a day it *is* the limit (not an addition to the standing
    amount); the standing limit applies again from ``valid_to`` + 1 day.

    Example:
        >>> from datetime import date
        >>> from otccore.credit import CreditLimit, TemporaryLimit
        >>> from otccore.money import money
        >>> t = TemporaryLimit.of(money(500, "EUR"), valid_from=date(2026, 3, 1), valid_to=date(2026, 3, 31))
        >>> limit = CreditLimit.of(money(100, "EUR"), temporary=[t])
        >>> limit.amount_on(date(2026, 3, 31)), limit.amount_on(date(2026, 4, 1))
        (Money('500', 'EUR'), Money('100', 'EUR'))
        >>> TemporaryLimit.of(money(5, "EUR"), valid_from=date(2026, 2, 1), valid_to=date(2026, 1, 1))
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: temporary limit ends 2026-01-01 before it starts 2026-02-01
    """

    amount: Money
    valid_from: date
    valid_to: date

    def __attrs_post_init__(self) -> None:
        amount(self.amount, "temporary limit")
        day(self.valid_from, "temporary limit start")
        day(self.valid_to, "temporary limit end")
        if self.valid_to < self.valid_from:
            raise InvalidInput(
                f"temporary limit ends {self.valid_to} before it starts {self.valid_from}"
            )

    @classmethod
    @keyword_only
    def of(cls, value: moneyed.Money, *, valid_from: date, valid_to: date) -> TemporaryLimit:
        """Named constructor (``valid_from`` and ``valid_to`` by keyword).

        Example:
            >>> from datetime import date
            >>> from otccore.credit import TemporaryLimit
            >>> from otccore.money import money
            >>> TemporaryLimit.of(money(5, "EUR"), valid_from=date(2026, 11, 1), valid_to=date(2026, 11, 30)).valid_to
            datetime.date(2026, 11, 30)
        """
        return cls(amount(value, "temporary limit"), valid_from, valid_to)

    def covers(self, as_of: date) -> bool:
        """True when ``as_of`` lies in the window.

        Example:
            >>> from datetime import date
            >>> from otccore.credit import TemporaryLimit
            >>> from otccore.money import money
            >>> t = TemporaryLimit.of(money(5, "EUR"), valid_from=date(2026, 11, 1), valid_to=date(2026, 11, 30))
            >>> t.covers(date(2026, 11, 30)), t.covers(date(2026, 12, 1))
            (True, False)
        """
        return self.valid_from <= as_of <= self.valid_to


def _subs(
    value: Mapping[ExposureCategory | str, moneyed.Money]
    | Iterable[tuple[ExposureCategory, Money]],
) -> tuple[tuple[ExposureCategory, Money], ...]:
    pairs = value.items() if isinstance(value, Mapping) else value
    result: dict[ExposureCategory, Money] = {}
    for key, limit in pairs:
        category = choice(ExposureCategory, key, "exposure category for a sub-limit")
        if category in result:
            raise InvalidInput(f"two sub-limits for {category}")
        result[category] = amount(limit, f"sub-limit for {category}")
    return tuple(sorted(result.items(), key=lambda kv: kv[0].value))


@attrs.frozen
class CreditLimit:
    """A customer's credit limit in ``currency``.

    ``amount`` ``None`` = no limit set; zero = no credit. ``valid_from`` /
    ``valid_to`` (inclusive, ``None`` = open-ended) bound the standing limit; an
    expired limit still has its amount but is a reason to hold (the
    :class:`~otccore.credit.checks.LimitValidity` step).

    Example:
        >>> from datetime import date
        >>> from otccore.credit import CreditLimit
        >>> from otccore.money import money
        >>> CreditLimit.of(money(0, "EUR")).amount_on(date(2026, 1, 1))
        Money('0', 'EUR')
        >>> CreditLimit.of(money(-1, "EUR"))
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidAmount: credit limit must not be negative: -1 EUR
    """

    currency: str = attrs.field(converter=check_currency)
    amount: Money | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    temporary: tuple[TemporaryLimit, ...] = ()
    sub_limits: tuple[tuple[ExposureCategory, Money], ...] = attrs.field(
        default=(), converter=_subs
    )

    def __attrs_post_init__(self) -> None:
        values: list[tuple[str, Money]] = []
        if self.amount is not None:
            values.append(("credit limit", amount(self.amount, "credit limit")))
        opt_day(self.valid_from, "limit valid from")
        opt_day(self.valid_to, "limit valid to")
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise InvalidInput(
                f"limit valid to {self.valid_to} is before valid from {self.valid_from}"
            )
        if not isinstance(self.temporary, tuple):
            raise InvalidInput("temporary limits must be a tuple (use CreditLimit.of)")
        for t in self.temporary:
            if not isinstance(t, TemporaryLimit):
                raise InvalidInput(f"not a TemporaryLimit: {t!r}")
            values.append(("temporary limit", t.amount))
        ordered = sorted(self.temporary, key=lambda t: t.valid_from)
        for a, b in itertools.pairwise(ordered):
            if b.valid_from <= a.valid_to:
                raise InvalidInput(
                    f"temporary limits overlap: {a.valid_from}..{a.valid_to} and "
                    f"{b.valid_from}..{b.valid_to}"
                )
        values.extend((f"sub-limit for {c}", m) for c, m in self.sub_limits)
        for what, value in values:
            if value.currency.code != self.currency:
                raise CurrencyMismatch(
                    f"{what} is {value.currency.code} {value.amount}, the limit is in {self.currency}"
                )

    @classmethod
    def of(
        cls,
        value: moneyed.Money,
        *,
        valid_from: date | None = None,
        valid_to: date | None = None,
        temporary: Iterable[TemporaryLimit] = (),
        sub_limits: Mapping[ExposureCategory | str, moneyed.Money] = {},
    ) -> CreditLimit:
        """A limit of ``value`` (its currency is the limit's).

        Example:
            >>> from otccore.credit import CreditLimit
            >>> from otccore.money import money
            >>> CreditLimit.of(money(500, "USD")).currency
            'USD'
        """
        limit = amount(value, "credit limit")
        return cls(
            currency=limit.currency.code,
            amount=limit,
            valid_from=valid_from,
            valid_to=valid_to,
            temporary=tuple(sorted(temporary, key=lambda t: t.valid_from)),
            sub_limits=_subs(sub_limits),
        )

    @classmethod
    def none(
        cls,
        currency: str,
        *,
        temporary: Iterable[TemporaryLimit] = (),
        sub_limits: Mapping[ExposureCategory | str, moneyed.Money] = {},
    ) -> CreditLimit:
        """No standing limit set (nothing is checked), optionally with sub-limits or temporary ones.

        Example:
            >>> from otccore.credit import CreditLimit
            >>> CreditLimit.none("EUR").amount is None
            True
        """
        return cls(
            currency=currency,
            amount=None,
            temporary=tuple(sorted(temporary, key=lambda t: t.valid_from)),
            sub_limits=_subs(sub_limits),
        )

    def amount_on(self, as_of: date) -> Money | None:
        """The limit in force on ``as_of``: a temporary one covering it, else the standing amount.

        A temporary limit replaces the standing amount for its window (it is not
        added to it), even when it is lower.

        Example:
            >>> from datetime import date
            >>> from otccore.credit import CreditLimit, TemporaryLimit
            >>> from otccore.money import money
            >>> lower = TemporaryLimit.of(money(300, "EUR"), valid_from=date(2026, 8, 1), valid_to=date(2026, 8, 31))
            >>> CreditLimit.of(money(1000, "EUR"), temporary=[lower]).amount_on(date(2026, 8, 15))
            Money('300', 'EUR')
        """
        for t in self.temporary:
            if t.covers(as_of):
                return t.amount
        return self.amount

    def is_expired(self, as_of: date) -> bool:
        """True when ``as_of`` lies outside the standing limit's validity window.

        A limit with no amount set never expires. A temporary limit covering
        ``as_of`` keeps the limit in force.

        Example:
            >>> from datetime import date
            >>> from otccore.credit import CreditLimit
            >>> from otccore.money import money
            >>> limit = CreditLimit.of(money(100, "EUR"), valid_to=date(2026, 6, 30))
            >>> limit.is_expired(date(2026, 6, 30)), limit.is_expired(date(2026, 7, 1))
            (False, True)
        """
        if any(t.covers(as_of) for t in self.temporary):
            return False
        if self.amount is None:
            return False
        if self.valid_from is not None and as_of < self.valid_from:
            return True
        return self.valid_to is not None and as_of > self.valid_to

    def sub_limit(self, category: ExposureCategory | str) -> Money | None:
        """The sub-limit for ``category``, or ``None``.

        Example:
            >>> from otccore.credit import CreditLimit
            >>> from otccore.money import money
            >>> limit = CreditLimit.of(money(100, "EUR"), sub_limits={"open_orders": money(40, "EUR")})
            >>> limit.sub_limit("open_orders"), limit.sub_limit("disputed")
            (Money('40', 'EUR'), None)
            >>> limit.sub_limit("gold")
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: unknown exposure category: 'gold' (expected one of 'open_receivables', 'open_orders', 'delivered_not_invoiced', 'reservations', 'disputed', 'payments_in_transit')
        """
        wanted = _category(category)
        for c, m in self.sub_limits:
            if c is wanted:
                return m
        return None
