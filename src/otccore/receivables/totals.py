"""Open-item totals: a customer's open items summed per currency and issue date.

The overdue questions about a customer (open total, overdue total, oldest overdue
due date on a check date) are answered from :class:`OpenItemTotal` rows, one per
currency and issue date:

- a store that keeps those totals up to date on every write answers them through
  the :class:`~otccore.receivables.ItemTotals` port at a cost that does not grow
  with the number of open items (the bundled memory and SQLite adapters do);
- any other source gives its open items and :func:`open_item_totals` sums them,
  which reads every open item.

Both paths give the same totals: an adapter keeps, per customer, buckets of
(currency, issue date, due date) with the open minor units, the positive open minor
units and the number of open items (:func:`item_bucket` is what one item adds,
:func:`add_to_bucket` the bookkeeping), and :func:`totals_from_buckets` reduces
them for a check date, the one home of that reduction. "Overdue" and "oldest" look
at items whose open amount is positive in their own currency.

Example:
    >>> from datetime import date
    >>> from otccore.adapters.memory import MemoryReceivables
    >>> from otccore.money import money
    >>> from otccore.receivables import OpenItem, open_item_totals
    >>> items = [OpenItem.invoice(n, "C1", money(a, "EUR"), issue_date=i, due_date=d)
    ...          for n, a, i, d in [("I1", 100, date(2026, 1, 1), date(2026, 1, 31)),
    ...                             ("I2", 300, date(2026, 3, 1), date(2026, 3, 31))]]
    >>> book = MemoryReceivables()  # keeps buckets on every write
    >>> book.add_items(items)
    >>> kept = book.open_item_totals(customer_id="C1", as_of=date(2026, 3, 2))
    >>> kept == open_item_totals(items, as_of=date(2026, 3, 2))  # the same as reading every item
    True
    >>> [(t.issue_date.isoformat(), t.open_minor, t.overdue_minor) for t in kept]
    [('2026-01-01', 10000, 10000), ('2026-03-01', 30000, 0)]
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import attrs

from otccore._kernel import EXACT, day, renamed, trusted
from otccore.errors import InvalidInput
from otccore.money import Money, check_currency, minor_digits, to_minor
from otccore.receivables.model import OpenItem

__all__ = [
    "BucketKey",
    "OpenItemTotal",
    "add_to_bucket",
    "item_bucket",
    "open_item_totals",
    "totals_from_buckets",
]

BucketKey = tuple[str, date, date]
"""(currency, issue date, due date) of a bucket of open items."""


def _money(units: int, code: str) -> Money:
    # from_minor without its currency check: ``code`` was checked when the total was built.
    return Money(Decimal(units).scaleb(-minor_digits(code), EXACT), code)


def _old_name(old: str, new: str) -> property:
    """A read-only attribute ``old`` that warns and gives the attribute ``new``."""

    def get(self: OpenItemTotal) -> date | None:
        warnings.warn(
            f"OpenItemTotal.{old} is deprecated; use OpenItemTotal.{new}",
            DeprecationWarning,
            stacklevel=2,
        )
        value: date | None = getattr(self, new)
        return value

    return property(get, doc=f"Deprecated name of :attr:`{new}` (warns).")


@attrs.frozen(init=False)
class OpenItemTotal:
    """A customer's open items in one currency issued on one day, summed for a check date.

    ``open_minor`` is the sum of their open amounts (credit notes negative),
    ``overdue_minor`` the sum of the positive ones due before the check date, and
    ``oldest_due_date`` the earliest due date among those (``None`` when none is
    overdue); amounts in integer minor units of ``currency``. ``issue_date`` is
    ``None`` for a total over every issue date, which only the account's own
    currency has (it needs no conversion). ``currency`` is checked once, here
    (:func:`~otccore.money.check_currency`: an ISO code, upper-cased).
    ``issued`` and ``oldest_due`` are the deprecated names of ``issue_date`` and
    ``oldest_due_date`` (keywords and attributes).

    Example:
        >>> from datetime import date
        >>> from otccore.receivables import OpenItemTotal
        >>> t = OpenItemTotal("EUR", date(2026, 1, 1), 150_00, 100_00, date(2026, 1, 31))
        >>> t.open, t.overdue
        (Money('150.00', 'EUR'), Money('100.00', 'EUR'))
        >>> OpenItemTotal("EUR", date(2026, 1, 1), 1, 2, None)
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: open item total EUR 2026-01-01: overdue 2 with no oldest due date
    """

    currency: str = attrs.field(converter=check_currency)
    issue_date: date | None
    open_minor: int
    overdue_minor: int
    oldest_due_date: date | None

    def __init__(
        self,
        currency: str,
        issue_date: date | None = None,
        open_minor: int = 0,
        overdue_minor: int = 0,
        oldest_due_date: date | None = None,
        *,
        issued: date | None = None,
        oldest_due: date | None = None,
    ) -> None:
        where = "OpenItemTotal"
        self.__attrs_init__(
            currency,
            renamed(issue_date, issued, new_name="issue_date", old_name="issued", where=where),
            open_minor,
            overdue_minor,
            renamed(
                oldest_due_date,
                oldest_due,
                new_name="oldest_due_date",
                old_name="oldest_due",
                where=where,
            ),
        )

    def __attrs_post_init__(self) -> None:
        for name in ("open_minor", "overdue_minor"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidInput(f"open item total {name} must be an int: {value!r}")
        if self.overdue_minor < 0:
            raise InvalidInput(
                f"open item total overdue must not be negative: {self.overdue_minor}"
            )
        if (self.overdue_minor > 0) != (self.oldest_due_date is not None):
            raise InvalidInput(
                f"open item total {self.currency} {self.issue_date}: overdue {self.overdue_minor} "
                f"with {'no' if self.oldest_due_date is None else 'an'} oldest due date"
            )

    issued = _old_name("issued", "issue_date")
    oldest_due = _old_name("oldest_due", "oldest_due_date")

    @property
    def open(self) -> Money:
        """The open total as money (credit notes make it smaller, even negative)."""
        return _money(self.open_minor, self.currency)

    @property
    def overdue(self) -> Money:
        """The overdue total as money."""
        return _money(self.overdue_minor, self.currency)


def item_bucket(
    item: OpenItem, *, open_minor: int | None = None
) -> tuple[BucketKey, int, int] | None:
    """What one item adds to its customer's buckets: key, open and positive open minor units.

    ``None`` for an item that is not open (it adds nothing). The bucket also
    counts the item once, so an adapter knows when a bucket is empty. An adapter
    that has the item's open amount in minor units already passes it as
    ``open_minor`` (a bulk insert saves the conversion).

    Example:
        >>> from datetime import date
        >>> from otccore.money import money
        >>> from otccore.receivables import OpenItem, item_bucket
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
        >>> from datetime import date
        >>> from otccore.money import money
        >>> from otccore.receivables import OpenItem, add_to_bucket
        >>> buckets = {}
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
    (``issue_date`` ``None``). Empty buckets must not be passed (an adapter drops a
    bucket once it holds no open item). A bad ``as_of`` or ``currency`` is
    :class:`~otccore.errors.InvalidInput`.

    Example:
        >>> from datetime import date
        >>> from otccore.receivables import totals_from_buckets
        >>> rows = [("EUR", date(2026, 1, 1), date(2026, 1, 31), 100_00, 100_00),
        ...         ("EUR", date(2026, 2, 1), date(2026, 3, 2), 50_00, 50_00)]
        >>> [(t.issue_date, t.open_minor, t.overdue_minor) for t in totals_from_buckets(rows, as_of=date(2026, 3, 2))]
        [(datetime.date(2026, 1, 1), 10000, 10000), (datetime.date(2026, 2, 1), 5000, 0)]
        >>> totals_from_buckets(rows, as_of=date(2026, 3, 2), currency="EUR")
        [OpenItemTotal(currency='EUR', issue_date=None, open_minor=15000, overdue_minor=10000, oldest_due_date=datetime.date(2026, 1, 31))]
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
    # Built on every check from adapter buckets, consistent by construction: trusted
    # skips the checks (measured: they were most of an overdue check's cost at 120
    # issue dates).
    return [
        trusted(
            OpenItemTotal,
            currency=key[0],
            issue_date=key[1],
            open_minor=opens[key],
            overdue_minor=overdue.get(key, 0),
            oldest_due_date=oldest.get(key),
        )
        for key in sorted(opens, key=_order)
    ]


def _order(key: tuple[str, date | None]) -> tuple[str, date]:
    return key[0], key[1] or date.min


def open_item_totals(
    items: Iterable[OpenItem], *, as_of: date, currency: str | None = None
) -> list[OpenItemTotal]:
    """The :class:`OpenItemTotal` rows of ``items`` for ``as_of``, by reading every item.

    The reference an :class:`~otccore.receivables.ItemTotals` adapter must agree with,
    and the fallback a caller (such as :class:`~otccore.credit.CreditService`) uses for a
    store without that port. Items that are not open are left out; totals in
    ``currency`` (when given) are one total over every issue date.

    Example:
        >>> from datetime import date
        >>> from otccore.money import money
        >>> from otccore.receivables import OpenItem, open_item_totals
        >>> items = [OpenItem.invoice("I1", "C1", money(100, "EUR"), issue_date=date(2026, 1, 1),
        ...                           due_date=date(2026, 1, 31)),
        ...          OpenItem.create("credit_note", "CN", "C1", money(-30, "EUR"),
        ...                          issue_date=date(2026, 1, 1))]
        >>> [(t.open_minor, t.overdue_minor, t.oldest_due_date) for t in
        ...  open_item_totals(items, as_of=date(2026, 3, 2))]
        [(7000, 10000, datetime.date(2026, 1, 31))]
    """
    buckets: dict[BucketKey, list[int]] = {}
    for item in items:
        add_to_bucket(buckets, item)
    return totals_from_buckets(
        ((*k, o, p) for k, (o, p, _) in buckets.items()), as_of=as_of, currency=currency
    )
