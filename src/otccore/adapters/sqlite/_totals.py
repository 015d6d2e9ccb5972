"""The open-item totals of the SQLite book: ``rcv_open_totals``, kept by every write.

Per customer, due day, currency and issue day: the open minor units, the positive
ones and the number of open items. :meth:`TotalsStore.open_item_totals` answers
the :class:`~otccore.receivables.ItemTotals` port with one aggregate query.
"""

from __future__ import annotations

import sqlite3
from datetime import date

from otccore._kernel import day as check_day
from otccore.adapters.sqlite._book import BookBase
from otccore.money import check_currency
from otccore.receivables.model import CustomerId, OpenItem
from otccore.receivables.totals import BucketKey, OpenItemTotal, add_to_bucket

# Fills rcv_open_totals from rcv_items (part of migration 2, and how a large
# add_items rebuilds the totals): change it only together with a new migration.
FILL_OPEN_TOTALS = """
        INSERT INTO rcv_open_totals (customer_id, due_day, currency, issue_day, open_minor,
                                     positive_minor, open_items)
        SELECT customer_id, CAST(julianday(due_date) - 1721424.5 AS INTEGER), currency,
               CAST(julianday(issue_date) - 1721424.5 AS INTEGER), SUM(open_minor),
               SUM(CASE WHEN open_minor > 0 THEN open_minor ELSE 0 END), COUNT(*)
        FROM rcv_items WHERE open_minor != 0
        GROUP BY customer_id, due_date, currency, issue_date
        """


class TotalsStore(BookBase):
    """The :class:`~otccore.receivables.ItemTotals` port of the SQLite book."""

    def open_item_totals(
        self, *, customer_id: CustomerId, as_of: date, currency: str | None = None
    ) -> list[OpenItemTotal]:
        """Implements :meth:`~otccore.receivables.ItemTotals.open_item_totals`.

        One aggregate query over the
        customer's rows of ``rcv_open_totals`` (its primary key starts with
        customer and due day; one row per due day, currency and issue day, kept by
        every write), so the cost grows with the customer's distinct dates, not its
        items. The query is :func:`~otccore.receivables.totals_from_buckets` in
        SQL; the :class:`~otccore.testing.receivables.ItemTotalsContract` pins both to
        the same answer.
        """
        check_day(as_of, "as of")
        code = check_currency(currency) if currency is not None else None
        day = as_of.toordinal()
        rows = (
            self.db.read()
            .execute(
                "SELECT currency, CASE WHEN currency = ? THEN NULL ELSE issue_day END AS issued, "
                "SUM(open_minor), "
                "SUM(CASE WHEN due_day < ? THEN positive_minor ELSE 0 END), "
                "MIN(CASE WHEN due_day < ? AND positive_minor > 0 THEN due_day END) "
                "FROM rcv_open_totals WHERE customer_id = ? "
                "GROUP BY currency, issued ORDER BY currency, issued",
                (code, day, day, customer_id),
            )
            .fetchall()
        )
        ordinal = date.fromordinal
        return [
            OpenItemTotal(
                c,
                ordinal(i) if i is not None else None,
                o,
                d,
                ordinal(oldest) if oldest is not None else None,
            )
            for c, i, o, d, oldest in rows
        ]


def _count(
    buckets: dict[str, dict[BucketKey, list[int]]],
    item: OpenItem,
    sign: int,
    open_minor: int | None = None,
) -> None:
    """Add (``sign`` 1) or take out (-1) the item's share of the buckets of one write."""
    add_to_bucket(buckets.setdefault(item.customer_id, {}), item, sign, open_minor=open_minor)


def _write_buckets(con: sqlite3.Connection, buckets: dict[str, dict[BucketKey, list[int]]]) -> None:
    """Add one write's bucket changes to ``rcv_open_totals``; drop buckets left empty."""
    changes = [
        (customer, due.toordinal(), code, issued.toordinal(), o, p, n)
        for customer, own in sorted(buckets.items())
        for (code, issued, due), (o, p, n) in sorted(own.items())
        if o or p or n
    ]
    con.executemany(
        "INSERT INTO rcv_open_totals (customer_id, due_day, currency, issue_day, open_minor, "
        "positive_minor, open_items) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (customer_id, due_day, currency, issue_day) DO UPDATE SET "
        "open_minor = open_minor + excluded.open_minor, "
        "positive_minor = positive_minor + excluded.positive_minor, "
        "open_items = open_items + excluded.open_items",
        changes,
    )
    con.executemany(
        "DELETE FROM rcv_open_totals WHERE customer_id = ? AND due_day = ? AND currency = ? "
        "AND issue_day = ? AND open_items = 0",
        [row[:4] for row in changes if row[6] < 0],
    )
