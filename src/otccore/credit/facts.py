"""Overdue and dunning facts for the check steps, and the open-item totals they come from.

The overdue steps (:class:`~otccore.credit.OldestOverdue`,
:class:`~otccore.credit.OverdueShare`) need three numbers about a customer's open
items on the check date: the open total, the overdue total (positive open amounts
due before the check date) and the oldest overdue due date. They are computed from
:class:`OpenItemTotal` rows, one per currency and issue date, by
:func:`facts_from_totals`:

- an item source that keeps those totals up to date on every write answers them
  through the :class:`~otccore.credit.ItemTotals` port at a cost that does not
  grow with the number of open items (the bundled memory and SQLite adapters do);
- any other source gives its open items and :func:`open_item_totals` sums them
  (:func:`facts_from_items` is exactly that), which reads every open item.

Both paths give the same facts: an adapter keeps, per customer, buckets of
(currency, issue date, due date) with the open minor units, the positive open minor
units and the number of open items (:func:`item_bucket` is what one item adds), and
:func:`totals_from_buckets` reduces them for a check date, the one home of that
reduction.

Currencies: amounts in the account currency are summed exactly; amounts in another
currency are summed per currency and issue date and each sum is converted once, on
that issue date (half-up), as exposure converts an item. "Overdue" and "oldest"
look at items whose open amount is positive in their own currency.

Example:
    >>> from otccore.money import StaticRates
    >>> items = [OpenItem.invoice("I1", "C1", money(100, "EUR"), issue_date=date(2026, 1, 1),
    ...                           due_date=date(2026, 1, 31)),
    ...          OpenItem.invoice("I2", "C1", money(300, "EUR"), issue_date=date(2026, 3, 1),
    ...                           due_date=date(2026, 3, 31))]
    >>> totals = open_item_totals(items, as_of=date(2026, 3, 2))
    >>> [(t.issued.isoformat(), t.open_minor, t.overdue_minor) for t in totals]
    [('2026-01-01', 10000, 10000), ('2026-03-01', 30000, 0)]
    >>> facts_from_totals(totals, currency="EUR", as_of=date(2026, 3, 2),
    ...                   rates=StaticRates({})).overdue_share
    25
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Final

import attrs

from otccore.credit._util import day
from otccore.credit.exposure import fast_money, to_account_minor
from otccore.errors import InvalidInput
from otccore.money import _EXACT as EXACT
from otccore.money import FxRates, Money, check_currency, from_minor, to_minor
from otccore.receivables import OpenItem

__all__ = [
    "CreditFacts",
    "OpenItemTotal",
    "facts_from_items",
    "facts_from_totals",
    "item_bucket",
    "open_item_totals",
    "totals_from_buckets",
]

_HUNDRED: Final = Decimal(100)

BucketKey = tuple[str, date, date]
"""(currency, issue date, due date) of a bucket of open items."""


@attrs.frozen
class CreditFacts:
    """What the overdue and dunning steps need about a customer's receivables.

    Computed from open items (:func:`facts_from_items`) or open-item totals
    (:func:`facts_from_totals`), or kept by the host (a
    :class:`~otccore.credit.FactsProvider`). ``dunning_level`` ``None`` means
    unknown (the dunning step then passes).

    Example:
        >>> f = CreditFacts(money(1000, "EUR"), money(155, "EUR"), oldest_overdue_days=40)
        >>> f.overdue_share
        15
    """

    open: Money
    overdue: Money
    oldest_overdue_days: int | None = None
    dunning_level: int | None = None

    @property
    def overdue_share(self) -> int:
        """Overdue as a whole percent of open receivables, rounded down (as SAP does).

        Example:
            >>> CreditFacts(money(1000, "EUR"), money("259.99", "EUR")).overdue_share
            25
        """
        if self.open.amount <= 0 or self.overdue.amount <= 0:
            return 0
        share = EXACT.divide(EXACT.multiply(self.overdue.amount, _HUNDRED), self.open.amount)
        return int(share.to_integral_value(rounding=decimal.ROUND_FLOOR, context=EXACT))


@attrs.frozen
class OpenItemTotal:
    """A customer's open items in one currency issued on one day, summed for a check date.

    ``open_minor`` is the sum of their open amounts (credit notes negative),
    ``overdue_minor`` the sum of the positive ones due before the check date, and
    ``oldest_due`` the earliest due date among those (``None`` when none is
    overdue); amounts in integer minor units of ``currency``. ``issued`` is
    ``None`` for a total over every issue date, which only the account's own
    currency has (it needs no conversion). ``currency`` is checked once, here
    (:func:`~otccore.money.check_currency`: an ISO code, upper-cased).

    Example:
        >>> t = OpenItemTotal("EUR", date(2026, 1, 1), 150_00, 100_00, date(2026, 1, 31))
        >>> t.open, t.overdue
        (Money('150.00', 'EUR'), Money('100.00', 'EUR'))
        >>> OpenItemTotal("EUR", date(2026, 1, 1), 1, 2, None)
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: open item total EUR 2026-01-01: overdue 2 with no oldest due date
    """

    currency: str = attrs.field(converter=check_currency)
    issued: date | None
    open_minor: int
    overdue_minor: int
    oldest_due: date | None

    def __attrs_post_init__(self) -> None:
        for name in ("open_minor", "overdue_minor"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidInput(f"open item total {name} must be an int: {value!r}")
        if self.overdue_minor < 0:
            raise InvalidInput(
                f"open item total overdue must not be negative: {self.overdue_minor}"
            )
        if (self.overdue_minor > 0) != (self.oldest_due is not None):
            raise InvalidInput(
                f"open item total {self.currency} {self.issued}: overdue {self.overdue_minor} "
                f"with {'no' if self.oldest_due is None else 'an'} oldest due date"
            )

    @classmethod
    def _trusted(
        cls,
        currency: str,
        issued: date | None,
        open_minor: int,
        overdue_minor: int,
        oldest: date | None,
    ) -> OpenItemTotal:
        # totals_from_buckets builds these from adapter buckets on every check; the
        # values are consistent by construction, so skip the checks (measured: the
        # checks were most of an overdue check's cost at 120 issue dates).
        self = object.__new__(cls)
        object.__setattr__(self, "currency", currency)
        object.__setattr__(self, "issued", issued)
        object.__setattr__(self, "open_minor", open_minor)
        object.__setattr__(self, "overdue_minor", overdue_minor)
        object.__setattr__(self, "oldest_due", oldest)
        return self

    @property
    def open(self) -> Money:
        """The open total as money (credit notes make it smaller, even negative).

        Example:
            >>> OpenItemTotal("JPY", None, -1200, 0, None).open  # no minor digits in yen
            Money('-1200', 'JPY')
        """
        return fast_money(self.open_minor, self.currency)

    @property
    def overdue(self) -> Money:
        """The overdue total as money.

        Example:
            >>> OpenItemTotal("EUR", date(2026, 1, 1), 40_00, 25_50, date(2026, 1, 31)).overdue
            Money('25.50', 'EUR')
        """
        return fast_money(self.overdue_minor, self.currency)


def item_bucket(
    item: OpenItem, *, open_minor: int | None = None
) -> tuple[BucketKey, int, int] | None:
    """What one item adds to its customer's buckets: key, open and positive open minor units.

    ``None`` for an item that is not open (it adds nothing). The bucket also
    counts the item once, so an adapter knows when a bucket is empty. An adapter
    that has the item's open amount in minor units already passes it as
    ``open_minor`` (a bulk insert saves the conversion).

    Example:
        >>> cn = OpenItem.create("credit_note", "CN1", "C1", money(-20, "EUR"), issue_date=date(2026, 1, 1))
        >>> item_bucket(cn)
        (('EUR', datetime.date(2026, 1, 1), datetime.date(2026, 1, 1)), -2000, 0)
    """
    units = to_minor(item.open) if open_minor is None else open_minor
    if not units:
        return None
    return (item.currency, item.issue_date, item.due_date), units, max(units, 0)


def add_to_bucket(
    buckets: dict[BucketKey, list[int]],
    item: OpenItem,
    sign: int = 1,
    *,
    open_minor: int | None = None,
) -> BucketKey | None:
    """Add (``sign`` 1) or take out (-1) the item's share of ``buckets``; its key or ``None``.

    A bucket is ``[open, positive open, count]`` (:func:`item_bucket` is what the
    item adds); a missing one starts at zero. ``None`` (nothing changed) for an
    item that is not open. The one home of the bookkeeping that the adapters and
    :func:`open_item_totals` share; an adapter drops a bucket whose count is 0.

    Example:
        >>> buckets: dict[BucketKey, list[int]] = {}
        >>> i = OpenItem.invoice("I1", "C1", money(100, "EUR"), issue_date=date(2026, 1, 1),
        ...                      due_date=date(2026, 1, 31))
        >>> key = add_to_bucket(buckets, i)
        >>> buckets[key]
        [10000, 10000, 1]
        >>> _ = add_to_bucket(buckets, i, -1)
        >>> buckets[key]
        [0, 0, 0]
    """
    found = item_bucket(item, open_minor=open_minor)
    if found is None:
        return None
    key, units, positive = found
    bucket = buckets.get(key)
    if bucket is None:
        bucket = buckets[key] = [0, 0, 0]
    bucket[0] += sign * units
    bucket[1] += sign * positive
    bucket[2] += sign
    return key


def totals_from_buckets(
    buckets: Iterable[tuple[str, date, date, int, int]],
    *,
    as_of: date,
    currency: str | None = None,
) -> list[OpenItemTotal]:
    """Reduce (currency, issue date, due date, open, positive open) buckets for ``as_of``.

    Positive amounts of buckets due before ``as_of`` are overdue. The result has one
    total per (currency, issue date), sorted by them, except that totals in
    ``currency`` (the account's, when given) are one total over every issue date
    (``issued`` ``None``). Empty buckets must not be passed (an adapter drops a
    bucket once it holds no open item). A bad ``as_of`` or ``currency`` is
    :class:`~otccore.errors.InvalidInput`.

    Example:
        >>> rows = [("EUR", date(2026, 1, 1), date(2026, 1, 31), 100_00, 100_00),
        ...         ("EUR", date(2026, 2, 1), date(2026, 3, 2), 50_00, 50_00)]
        >>> [(t.issued, t.open_minor, t.overdue_minor) for t in totals_from_buckets(rows, as_of=date(2026, 3, 2))]
        [(datetime.date(2026, 1, 1), 10000, 10000), (datetime.date(2026, 2, 1), 5000, 0)]
        >>> totals_from_buckets(rows, as_of=date(2026, 3, 2), currency="EUR")
        [OpenItemTotal(currency='EUR', issued=None, open_minor=15000, overdue_minor=10000, oldest_due=datetime.date(2026, 1, 31))]
    """
    day(as_of, "as of")
    if currency is not None:
        currency = check_currency(currency)
    opens: dict[tuple[str, date | None], int] = {}
    overdue: dict[tuple[str, date | None], int] = {}
    oldest: dict[tuple[str, date | None], date] = {}
    for code, issued, due, open_minor, positive in buckets:
        key = (code, None if code == currency else issued)
        opens[key] = opens.get(key, 0) + open_minor
        if positive and due < as_of:
            overdue[key] = overdue.get(key, 0) + positive
            first = oldest.get(key)
            if first is None or due < first:
                oldest[key] = due
    make = OpenItemTotal._trusted
    return [
        make(key[0], key[1], opens[key], overdue.get(key, 0), oldest.get(key))
        for key in sorted(opens, key=_order)
    ]


def _order(key: tuple[str, date | None]) -> tuple[str, date]:
    return key[0], key[1] or date.min


def open_item_totals(
    items: Iterable[OpenItem], *, as_of: date, currency: str | None = None
) -> list[OpenItemTotal]:
    """The :class:`OpenItemTotal` rows of ``items`` for ``as_of``, by reading every item.

    The reference an :class:`~otccore.credit.ItemTotals` adapter must agree with,
    and the fallback :class:`~otccore.credit.CreditService` uses for an item source
    without that port. Items that are not open are left out; totals in
    ``currency`` (when given) are one total over every issue date.

    Example:
        >>> items = [OpenItem.invoice("I1", "C1", money(100, "EUR"), issue_date=date(2026, 1, 1),
        ...                           due_date=date(2026, 1, 31)),
        ...          OpenItem.create("credit_note", "CN", "C1", money(-30, "EUR"),
        ...                          issue_date=date(2026, 1, 1))]
        >>> [(t.open_minor, t.overdue_minor, t.oldest_due) for t in
        ...  open_item_totals(items, as_of=date(2026, 3, 2))]
        [(7000, 10000, datetime.date(2026, 1, 31))]
    """
    buckets: dict[BucketKey, list[int]] = {}
    for item in items:
        add_to_bucket(buckets, item)
    return totals_from_buckets(
        ((*k, o, p) for k, (o, p, _) in buckets.items()), as_of=as_of, currency=currency
    )


def facts_from_totals(
    totals: Iterable[OpenItemTotal],
    *,
    currency: str,
    as_of: date,
    rates: FxRates,
    dunning_level: int | None = None,
) -> CreditFacts:
    """Open and overdue receivables and the oldest overdue item, in ``currency``.

    Totals in another currency are converted on their issue date through
    ``rates`` (:class:`~otccore.errors.MissingRate` when there is none); such a
    total without an issue date is :class:`~otccore.errors.InvalidInput`.

    Example:
        >>> from decimal import Decimal
        >>> from otccore.money import StaticRates
        >>> totals = [OpenItemTotal("EUR", date(2026, 1, 1), 100_00, 100_00, date(2026, 1, 31)),
        ...           OpenItemTotal("USD", date(2026, 2, 1), 200_00, 0, None)]
        >>> f = facts_from_totals(totals, currency="EUR", as_of=date(2026, 3, 2),
        ...                       rates=StaticRates({("USD", "EUR"): Decimal("0.9")}))
        >>> f.open, f.overdue, f.oldest_overdue_days, f.overdue_share
        (Money('280.00', 'EUR'), Money('100.00', 'EUR'), 30, 35)
    """
    code = check_currency(currency)
    day(as_of, "as of")
    open_minor = overdue_minor = 0
    oldest: date | None = None
    for t in totals:
        if not isinstance(t, OpenItemTotal):
            raise InvalidInput(f"not an OpenItemTotal: {t!r}")
        if t.currency == code:
            open_minor += t.open_minor
            overdue_minor += t.overdue_minor
        elif t.issued is None:
            raise InvalidInput(
                f"an open-item total in {t.currency} needs its issue date to be converted "
                f"into {code}"
            )
        else:
            open_minor += _converted(t.open_minor, t.currency, t.issued, code, rates)
            overdue_minor += _converted(t.overdue_minor, t.currency, t.issued, code, rates)
        if t.oldest_due is not None and (oldest is None or t.oldest_due < oldest):
            oldest = t.oldest_due
    return CreditFacts(
        open=from_minor(open_minor, code),
        overdue=from_minor(overdue_minor, code),
        oldest_overdue_days=(as_of - oldest).days if oldest is not None else None,
        dunning_level=dunning_level,
    )


def _converted(units: int, source: str, issued: date, currency: str, rates: FxRates) -> int:
    if not units:
        return 0
    return to_account_minor(from_minor(units, source), currency, rates, issued)


def facts_from_items(
    items: Iterable[OpenItem],
    *,
    currency: str,
    as_of: date,
    rates: FxRates,
    dunning_level: int | None = None,
) -> CreditFacts:
    """Open and overdue receivables and the oldest overdue item, from open items.

    The same as :func:`facts_from_totals` over :func:`open_item_totals`: it reads
    every item, so its cost grows with the customer's open items.

    Example:
        >>> from otccore.money import StaticRates
        >>> items = [OpenItem.invoice("I1", "C1", money(100, "EUR"), issue_date=date(2026, 1, 1),
        ...                           due_date=date(2026, 1, 31)),
        ...          OpenItem.invoice("I2", "C1", money(300, "EUR"), issue_date=date(2026, 3, 1),
        ...                           due_date=date(2026, 3, 31))]
        >>> f = facts_from_items(items, currency="EUR", as_of=date(2026, 3, 2), rates=StaticRates({}))
        >>> f.overdue, f.oldest_overdue_days, f.overdue_share
        (Money('100.00', 'EUR'), 30, 25)
    """
    return facts_from_totals(
        open_item_totals(items, as_of=as_of, currency=currency),
        currency=currency,
        as_of=as_of,
        rates=rates,
        dunning_level=dunning_level,
    )
