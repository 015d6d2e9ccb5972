"""Aging of open items by days past due, per customer and in total.

:func:`aging` takes :class:`~otccore.receivables.OpenItem` values or an
:class:`ItemTable` (the columnar, integer-minor-unit form that storage adapters
load in bulk) and an explicit ``as_of`` date. Buckets are configurable; the basis is
the due date (default) or the issue date; disputed items can be shown in a column
of their own.

Example:
    >>> from datetime import date
    >>> from otccore.money import money
    >>> from otccore.receivables import OpenItem, aging
    >>> items = [
    ...     OpenItem.invoice("I1", "C1", money(100, "EUR"), issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31)),
    ...     OpenItem.invoice("I2", "C1", money(50, "EUR"), issue_date=date(2026, 3, 1), due_date=date(2026, 3, 31)),
    ... ]
    >>> report = aging(items, as_of=date(2026, 3, 15))
    >>> report.labels
    ('current', '1-30', '31-60', '61-90', '91+')
    >>> [str(m.amount) for m in report.totals()]
    ['50.00', '0.00', '100.00', '0.00', '0.00']
"""

from __future__ import annotations

import enum
from array import array
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

import attrs

from otccore._kernel import choice, keyword_only
from otccore._kernel import day as _check_day
from otccore._tabular import TableMixin
from otccore.errors import ConfigurationError, CurrencyMismatch, InvalidInput
from otccore.money import Money, check_currency, from_minor, to_minor
from otccore.receivables.ledger import _one_currency
from otccore.receivables.metrics import average_days_delinquent, best_possible_dso, dso
from otccore.receivables.model import CustomerId, OpenItem

__all__ = ["DEFAULT_BUCKETS", "AgingBasis", "AgingBuckets", "AgingReport", "ItemTable", "aging"]


class AgingBasis(enum.StrEnum):
    """The date aging counts days from.

    Example:
        >>> from otccore.receivables import AgingBasis
        >>> AgingBasis("issue_date") is AgingBasis.ISSUE_DATE
        True
    """

    DUE_DATE = "due_date"
    """Days past due (the default)."""
    ISSUE_DATE = "issue_date"
    """Days since issue (invoice age)."""


def _edges(value: Iterable[int]) -> tuple[int, ...]:
    edges = tuple(value)
    for e in edges:
        if isinstance(e, bool) or not isinstance(e, int):
            raise ConfigurationError(f"bucket edges must be whole days: {edges!r}")
    return edges


@attrs.frozen
class AgingBuckets:
    """Bucket upper bounds in days: ``(0, 30, 60, 90)`` gives current, 1–30, 31–60, 61–90, 91+.

    Bucket *i* holds items with ``edges[i-1] < days <= edges[i]``; the first holds
    everything up to ``edges[0]`` (with edge 0 it is "current": not yet due), the
    last everything above the final edge.

    Example:
        >>> from otccore.receivables import AgingBuckets
        >>> AgingBuckets((0, 15, 45)).labels
        ('current', '1-15', '16-45', '46+')
        >>> AgingBuckets((30, 60, 90)).labels
        ('0-30', '31-60', '61-90', '91+')
    """

    edges: tuple[int, ...] = attrs.field(default=(0, 30, 60, 90), converter=_edges)

    def __attrs_post_init__(self) -> None:
        if not self.edges:
            raise ConfigurationError("aging needs at least one bucket edge")
        if any(b <= a for a, b in zip(self.edges, self.edges[1:], strict=False)):
            raise ConfigurationError(f"bucket edges must be strictly increasing: {self.edges!r}")
        if self.edges[0] < 0:
            raise ConfigurationError(f"the first bucket edge must not be negative: {self.edges!r}")

    @property
    def labels(self) -> tuple[str, ...]:
        """One label per bucket, in order."""
        first = "current" if self.edges[0] == 0 else f"0-{self.edges[0]}"
        middle = [f"{a + 1}-{b}" for a, b in zip(self.edges, self.edges[1:], strict=False)]
        return (first, *middle, f"{self.edges[-1] + 1}+")

    def index(self, days: int) -> int:
        """The bucket index for ``days`` past due (or since issue).

        Example:
            >>> from otccore.receivables import DEFAULT_BUCKETS
            >>> DEFAULT_BUCKETS.index(0), DEFAULT_BUCKETS.index(31), DEFAULT_BUCKETS.index(400)
            (0, 2, 4)
        """
        for i, edge in enumerate(self.edges):
            if days <= edge:
                return i
        return len(self.edges)


DEFAULT_BUCKETS = AgingBuckets()
"""current (not yet due), 1–30, 31–60, 61–90, 91+ days past due."""


def _readonly(typecode: str, values: Iterable[int]) -> memoryview:
    return memoryview(array(typecode, values)).toreadonly()


@attrs.frozen(eq=False)
class ItemTable(TableMixin):
    """Open items in columns of integer minor units and day ordinals, one currency.

    The fast path for aging and metrics over millions of items: storage adapters
    load it without building an :class:`OpenItem` per row. Columns are read-only.

    Example:
        >>> from datetime import date
        >>> from otccore.receivables import ItemTable
        >>> table = ItemTable.from_columns(
        ...     "EUR", customer_ids=["C1", "C2"], open_minor=[10000, 2550],
        ...     issue_dates=[date(2026, 1, 1)] * 2, due_dates=[date(2026, 1, 31)] * 2)
        >>> len(table), table.customers
        (2, ('C1', 'C2'))
    """

    currency: str
    customers: tuple[CustomerId, ...]
    customer_index: memoryview
    open_minor: memoryview
    issue_ordinal: memoryview
    due_ordinal: memoryview
    disputed: memoryview

    def __len__(self) -> int:
        return len(self.open_minor)

    def to_records(self) -> list[dict[str, object]]:
        """One row per item: ``customer_id``, ``open_amount`` (``Decimal``), ``currency``,
        ``issue_date``, ``due_date`` and ``disputed``; ``to_frame()`` makes a frame of them.

        Example:
            >>> from datetime import date
            >>> from otccore.receivables import ItemTable
            >>> table = ItemTable.from_columns(
            ...     "EUR", customer_ids=["C1"], open_minor=[1250],
            ...     issue_dates=[date(2026, 1, 1)], due_dates=[date(2026, 1, 31)])
            >>> table.to_records()
            [{'customer_id': 'C1', 'open_amount': Decimal('12.50'), 'currency': 'EUR', 'issue_date': datetime.date(2026, 1, 1), 'due_date': datetime.date(2026, 1, 31), 'disputed': False}]
        """
        code = self.currency
        names = self.customers
        ordinal = date.fromordinal
        return [
            {
                "customer_id": names[c],
                "open_amount": from_minor(units, code).amount,
                "currency": code,
                "issue_date": ordinal(issued),
                "due_date": ordinal(due),
                "disputed": bool(flag),
            }
            for c, units, issued, due, flag in zip(
                self.customer_index,
                self.open_minor,
                self.issue_ordinal,
                self.due_ordinal,
                self.disputed,
                strict=True,
            )
        ]

    @classmethod
    def from_columns(
        cls,
        currency: str,
        *,
        customer_ids: Sequence[str],
        open_minor: Sequence[int],
        issue_dates: Sequence[date],
        due_dates: Sequence[date],
        disputed: Sequence[bool] | None = None,
    ) -> ItemTable:
        """Build a table from equally long columns (amounts in integer minor units).

        Raises :class:`~otccore.errors.InvalidInput` for unequal lengths, a due date
        before its issue date, or an amount that is not an ``int``.

        Example:
            >>> from datetime import date
            >>> from otccore.receivables import ItemTable
            >>> table = ItemTable.from_columns(
            ...     "EUR", customer_ids=["C2", "C1"], open_minor=[500, 1250],
            ...     issue_dates=[date(2026, 1, 1)] * 2, due_dates=[date(2026, 1, 31)] * 2,
            ...     disputed=[False, True])
            >>> table.customers, list(table.customer_index), list(table.disputed)
            (('C1', 'C2'), [1, 0], [0, 1])
            >>> ItemTable.from_columns("EUR", customer_ids=["C1"], open_minor=[1.5],
            ...     issue_dates=[date(2026, 1, 1)], due_dates=[date(2026, 1, 31)])
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: open_minor must hold ints (minor units), not floats
        """
        code = check_currency(currency)
        n = len(open_minor)
        lengths = {len(customer_ids), len(issue_dates), len(due_dates), n}
        if disputed is not None:
            lengths.add(len(disputed))
        if len(lengths) != 1:
            raise InvalidInput(f"columns must be equally long, got lengths {sorted(lengths)}")
        names = sorted(set(customer_ids))
        position = {name: i for i, name in enumerate(names)}
        try:
            amounts = array("q", open_minor)
        except TypeError:
            raise InvalidInput("open_minor must hold ints (minor units), not floats") from None
        issue = array("i", [d.toordinal() for d in issue_dates])
        due = array("i", [d.toordinal() for d in due_dates])
        for i, (a, b) in enumerate(zip(issue, due, strict=True)):
            if b < a:
                raise InvalidInput(
                    f"row {i}: due date {date.fromordinal(b)} is before issue date "
                    f"{date.fromordinal(a)}"
                )
        flags = bytes(bool(x) for x in disputed) if disputed is not None else bytes(n)
        return cls(
            currency=code,
            customers=tuple(CustomerId(c) for c in names),
            customer_index=_readonly("i", [position[c] for c in customer_ids]),
            open_minor=memoryview(amounts).toreadonly(),
            issue_ordinal=memoryview(issue).toreadonly(),
            due_ordinal=memoryview(due).toreadonly(),
            disputed=memoryview(flags).toreadonly(),
        )

    @classmethod
    def from_items(cls, items: Iterable[OpenItem], *, currency: str | None = None) -> ItemTable:
        """Build a table from open items of one currency (closed items are kept, at 0).

        ``currency`` is needed only when ``items`` may be empty.

        Example:
            >>> from datetime import date
            >>> from otccore.money import money
            >>> from otccore.receivables import ItemTable, OpenItem
            >>> inv = OpenItem.invoice("I1", "C1", money("12.50", "EUR"),
            ...                        issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31))
            >>> list(ItemTable.from_items([inv]).open_minor)
            [1250]
            >>> len(ItemTable.from_items([], currency="EUR"))
            0
        """
        rows = list(items)
        code = _one_currency(rows, currency, "aging needs")
        if code is None:
            raise InvalidInput("an empty item list needs a currency")
        return cls.from_columns(
            code,
            customer_ids=[i.customer_id for i in rows],
            open_minor=[to_minor(i.open) for i in rows],
            issue_dates=[i.issue_date for i in rows],
            due_dates=[i.due_date for i in rows],
            disputed=[i.disputed for i in rows],
        )


@attrs.frozen(eq=False)
class AgingReport(TableMixin):
    """Open amounts per customer and bucket, in integer minor units of one currency.

    Accessors return :class:`~otccore.money.Money`. ``disputed`` is the last column
    when the report was asked to separate disputed items. ``not_due`` holds each
    customer's not-yet-due amount (for best possible DSO), whatever the buckets.

    Example:
        >>> from datetime import date
        >>> from otccore.money import money
        >>> from otccore.receivables import OpenItem, aging
        >>> book = [OpenItem.invoice(n, c, money(a, "EUR"), issue_date=date(2026, 1, 1), due_date=d)
        ...         for n, c, a, d in [("I1", "C1", 100, date(2026, 1, 31)),
        ...                            ("I2", "C1", 50, date(2026, 4, 30)),
        ...                            ("I3", "C2", 70, date(2026, 3, 10))]]
        >>> report = aging(book, as_of=date(2026, 3, 31))
        >>> dict(zip(report.labels, (str(m.amount) for m in report.totals())))
        {'current': '50.00', '1-30': '70.00', '31-60': '100.00', '61-90': '0.00', '91+': '0.00'}
        >>> report.total(), report.current(), report.past_due()
        (Money('220.00', 'EUR'), Money('50.00', 'EUR'), Money('170.00', 'EUR'))
        >>> [str(m.amount) for m in report.row("C1")], report.row("C9")[0]
        (['50.00', '0.00', '100.00', '0.00', '0.00'], Money('0.00', 'EUR'))
        >>> aging([], as_of=date(2026, 1, 1), currency="EUR").total()
        Money('0.00', 'EUR')
    """

    as_of: date
    currency: str
    basis: AgingBasis
    labels: tuple[str, ...]
    customers: tuple[CustomerId, ...]
    cells: tuple[tuple[int, ...], ...]
    not_due: tuple[int, ...]

    def _money(self, units: int) -> Money:
        return from_minor(units, self.currency)

    def totals(self) -> tuple[Money, ...]:
        """Total per column (bucket, then disputed if separated)."""
        width = len(self.labels)
        sums = [0] * width
        for row in self.cells:
            for i, v in enumerate(row):
                sums[i] += v
        return tuple(self._money(v) for v in sums)

    def total(self) -> Money:
        """All open amounts."""
        return self._money(sum(sum(row) for row in self.cells))

    def current(self) -> Money:
        """Amounts not yet due (by due date), over all customers."""
        return self._money(sum(self.not_due))

    def past_due(self) -> Money:
        """Amounts past their due date (total − current)."""
        return self.total() - self.current()

    def row(self, customer_id: str) -> tuple[Money, ...]:
        """One customer's amounts per column; zeros for a customer with no items."""
        try:
            index = self.customers.index(CustomerId(customer_id))
        except ValueError:
            return tuple(self._money(0) for _ in self.labels)
        return tuple(self._money(v) for v in self.cells[index])

    def top_past_due(self, n: int = 10) -> list[tuple[CustomerId, Money]]:
        """The ``n`` customers with the most past-due amount, largest first (ties by id).

        Example:
            >>> from datetime import date
            >>> from otccore.receivables import aging
            >>> report = aging([], as_of=date(2026, 1, 1), currency="EUR")
            >>> report.top_past_due(3)
            []
        """
        scored = [
            (sum(row) - nd, cid)
            for cid, row, nd in zip(self.customers, self.cells, self.not_due, strict=True)
        ]
        scored = [s for s in scored if s[0] > 0]
        scored.sort(key=lambda s: (-s[0], s[1]))
        return [(cid, self._money(v)) for v, cid in scored[:n]]

    @keyword_only
    def customer_metrics(
        self, customer_id: str, *, credit_sales: object, days: object
    ) -> dict[str, Decimal | None]:
        """DSO, best possible DSO and average days delinquent for one customer.

        ``credit_sales`` is that customer's credit sales over the ``days`` period (both
        keyword-only; by position they still work, with a ``DeprecationWarning``).

        Example:
            >>> from datetime import date
            >>> from otccore.money import money
            >>> from otccore.receivables import OpenItem, aging
            >>> overdue = OpenItem.invoice("I1", "C1", money(100, "EUR"),
            ...     issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31))
            >>> current = OpenItem.invoice("I2", "C1", money(50, "EUR"),
            ...     issue_date=date(2026, 1, 1), due_date=date(2026, 4, 30))
            >>> report = aging([overdue, current], as_of=date(2026, 3, 31))
            >>> report.customer_metrics("C1", credit_sales=money(450, "EUR"), days=90)
            {'dso': Decimal('30'), 'best_possible_dso': Decimal('10'), 'average_days_delinquent': Decimal('20')}
        """
        try:
            index = self.customers.index(CustomerId(customer_id))
        except ValueError:
            total_units = current_units = 0
        else:
            # Sums in integer minor units: exact whatever the ambient decimal context.
            total_units = sum(self.cells[index])
            current_units = self.not_due[index]
        total = self._money(total_units).amount
        current = self._money(current_units).amount
        return {
            "dso": dso(total, credit_sales=credit_sales, days=days),
            "best_possible_dso": best_possible_dso(current, credit_sales=credit_sales, days=days),
            "average_days_delinquent": average_days_delinquent(
                total, current_receivables=current, credit_sales=credit_sales, days=days
            ),
        }

    def to_records(self) -> list[dict[str, object]]:
        """One row per customer and column (long form): ``customer_id``, ``bucket`` (the
        label), ``open_amount`` (``Decimal``) and ``currency``.

        Every customer has a row for every column, zeros included, in the report's
        order, so ``to_frame().pivot(index="customer_id", columns="bucket",
        values="open_amount")`` gives the familiar grid; :meth:`rows` is that grid
        as dicts already.

        Example:
            >>> from datetime import date
            >>> from otccore.money import money
            >>> from otccore.receivables import AgingBuckets, OpenItem, aging
            >>> item = OpenItem.invoice("I1", "C1", money(80, "EUR"), issue_date=date(2026, 1, 1),
            ...                         due_date=date(2026, 1, 31))
            >>> report = aging([item], as_of=date(2026, 2, 10), buckets=AgingBuckets((0, 30)))
            >>> for row in report.to_records():
            ...     print(row)
            {'customer_id': 'C1', 'bucket': 'current', 'open_amount': Decimal('0.00'), 'currency': 'EUR'}
            {'customer_id': 'C1', 'bucket': '1-30', 'open_amount': Decimal('80.00'), 'currency': 'EUR'}
            {'customer_id': 'C1', 'bucket': '31+', 'open_amount': Decimal('0.00'), 'currency': 'EUR'}
        """
        code = self.currency
        return [
            {
                "customer_id": cid,
                "bucket": label,
                "open_amount": self._money(units).amount,
                "currency": code,
            }
            for cid, row in zip(self.customers, self.cells, strict=True)
            for label, units in zip(self.labels, row, strict=True)
        ]

    def rows(self) -> list[dict[str, object]]:
        """One dict per customer (``customer`` then one ``Decimal`` per label), for CSV.

        The wide form; :meth:`to_records` is the long form with the shared column
        names that ``to_frame()`` uses.

        Example:
            >>> from datetime import date
            >>> from otccore.receivables import aging
            >>> aging([], as_of=date(2026, 1, 1), currency="EUR").rows()
            []
        """
        out: list[dict[str, object]] = []
        for cid, row in zip(self.customers, self.cells, strict=True):
            record: dict[str, object] = {"customer": cid}
            for label, v in zip(self.labels, row, strict=True):
                record[label] = self._money(v).amount
            out.append(record)
        return out


def aging(
    items: Iterable[OpenItem] | ItemTable,
    *,
    as_of: date,
    buckets: AgingBuckets = DEFAULT_BUCKETS,
    basis: AgingBasis | str = AgingBasis.DUE_DATE,
    separate_disputed: bool = False,
    currency: str | None = None,
) -> AgingReport:
    """Age open items into buckets per customer, as of ``as_of``.

    Days are counted from the due date (``basis="due_date"``, default) or the
    issue date (``basis="issue_date"``; see :class:`AgingBasis`). Closed items contribute nothing. With
    ``separate_disputed=True`` disputed items go to a last column "disputed"
    instead of their bucket. All items must share one currency (``currency`` is
    needed only for an empty input). Customers are sorted by id.

    Example:
        >>> from datetime import date
        >>> from otccore.money import money
        >>> from otccore.receivables import OpenItem, aging
        >>> item = OpenItem.invoice("I1", "C1", money(80, "EUR"), issue_date=date(2026, 1, 1),
        ...                         due_date=date(2026, 1, 31), disputed=True)
        >>> r = aging([item], as_of=date(2026, 2, 10), separate_disputed=True)
        >>> r.labels[-1], r.row("C1")[-1]
        ('disputed', Money('80.00', 'EUR'))
    """
    _check_day(as_of, "as_of")
    basis = choice(AgingBasis, basis, "basis")
    if not isinstance(buckets, AgingBuckets):
        raise InvalidInput(f"buckets must be AgingBuckets: {buckets!r}")
    table = (
        items if isinstance(items, ItemTable) else ItemTable.from_items(items, currency=currency)
    )
    if currency is not None and check_currency(currency) != table.currency:
        raise CurrencyMismatch(f"items are in {table.currency}, not {currency}")

    asof = as_of.toordinal()
    edges = buckets.edges
    first, last_edge = edges[0], edges[-1]
    last = len(edges)
    # Lookup table for the days between the first and last edge: one index per day.
    lut = [buckets.index(d) for d in range(first, last_edge + 1)]
    labels = buckets.labels + (("disputed",) if separate_disputed else ())
    width = len(labels)
    ncust = len(table.customers)
    acc = [0] * (ncust * width)
    not_due = [0] * ncust
    dates = table.due_ordinal if basis is AgingBasis.DUE_DATE else table.issue_ordinal

    # Hot loop over integer columns; see benchmarks/aging.py for its cost.
    if separate_disputed:
        dcol = width - 1
        for c, amount, day, flag in zip(
            table.customer_index, table.open_minor, dates, table.disputed, strict=True
        ):
            if flag:
                acc[c * width + dcol] += amount
                continue
            d = asof - day
            b = 0 if d <= first else (last if d > last_edge else lut[d - first])
            acc[c * width + b] += amount
    else:
        for c, amount, day in zip(table.customer_index, table.open_minor, dates, strict=True):
            d = asof - day
            b = 0 if d <= first else (last if d > last_edge else lut[d - first])
            acc[c * width + b] += amount

    if basis is AgingBasis.DUE_DATE and first == 0 and not separate_disputed:
        not_due = [acc[c * width] for c in range(ncust)]
    else:
        for c, amount, due in zip(
            table.customer_index, table.open_minor, table.due_ordinal, strict=True
        ):
            if due >= asof:
                not_due[c] += amount

    cells = tuple(tuple(acc[c * width : (c + 1) * width]) for c in range(ncust))
    return AgingReport(
        as_of=as_of,
        currency=table.currency,
        basis=basis,
        labels=labels,
        customers=table.customers,
        cells=cells,
        not_due=tuple(not_due),
    )
