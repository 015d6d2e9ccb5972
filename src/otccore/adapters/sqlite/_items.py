"""Open items in SQLite: bulk inserts, reads, and the columnar item table."""

from __future__ import annotations

import sqlite3
from array import array
from collections.abc import Iterable, Iterator, Sequence

from otccore.adapters.sqlite._book import _grouped, _nouns, _one, _only, _where
from otccore.adapters.sqlite._codec import columns, digits, encode, row_of
from otccore.adapters.sqlite._totals import FILL_OPEN_TOTALS, TotalsStore, _count, _write_buckets
from otccore.money import check_currency
from otccore.receivables.aging import ItemTable
from otccore.receivables.ledger import index_unique
from otccore.receivables.model import CustomerId, DiscountTerm, ItemId, OpenItem
from otccore.receivables.totals import BucketKey

# Python's date.toordinal() of an ISO date, computed by SQLite (0001-01-01 is day 1).
_ORDINAL = "CAST(julianday({}) - 1721424.5 AS INTEGER)"
# Keep in step with the index the schema creates (bulk inserts rebuild it).
_ITEMS_CUSTOMER_INDEX = "CREATE INDEX rcv_items_customer ON rcv_items (customer_id)"
# The columns of rcv_items, in the order add_items writes them and _items reads them.
_COLUMNS = (
    "id",
    "kind",
    "number",
    "customer_id",
    "currency",
    "original_minor",
    "open_minor",
    "issue_date",
    "due_date",
    "disputed",
    "payment_reference",
    "original_exp",
    "open_exp",
    "discounted",
)
_DISCOUNT_COLUMNS = ("until", "percent", "base_currency", "base_minor", "base_exp")
# The keys of OpenItem.from_row decoded from the money columns.
_AMOUNTS = {"amount": "original", "open": "open"}
_REINDEX_AT = 50_000
_REFILL_AT = 10_000
_CHUNK = 20_000


class ItemStore(TotalsStore):
    """The :class:`~otccore.receivables.OpenItemRepository` port of the SQLite book."""

    def add_items(self, items: Iterable[OpenItem]) -> None:
        """Implements :meth:`~otccore.receivables.OpenItemRepository.add_items` (one bulk insert)."""
        new = index_unique(_only(items, OpenItem, "item"), "id", "item")

        buckets: dict[str, dict[BucketKey, list[int]]] = {}

        def rows(count: bool) -> Iterator[tuple[object, ...]]:
            digits_of = digits
            # In id order the primary-key B-tree grows at its end instead of splitting
            # pages all over (cheap to sort: callers usually pass ids nearly in order).
            for key in sorted(new):
                item = new[key]
                code = item.original.currency.code
                d = digits_of(code)
                original, original_exp = encode(item.original, d)
                open_, open_exp = encode(item.open, d)
                if count:
                    _count(buckets, item, 1, open_)
                yield (
                    item.id,
                    item.kind.value,
                    item.number,
                    item.customer_id,
                    code,
                    original,
                    open_,
                    item.issue_date.isoformat(),
                    item.due_date.isoformat(),
                    1 if item.disputed else 0,
                    item.payment_reference,
                    original_exp,
                    open_exp,
                    1 if item.discounts else 0,
                )

        def discount_rows() -> Iterator[tuple[object, ...]]:
            for item in new.values():
                for position, term in enumerate(item.discounts):
                    base = term.base
                    code = base.currency.code if base is not None else None
                    units, exponent = (
                        encode(base, digits(base.currency.code))
                        if base is not None
                        else (None, None)
                    )
                    yield (
                        item.id,
                        position,
                        term.until.isoformat(),
                        str(term.percent),
                        code,
                        units,
                        exponent,
                    )

        def write(con: sqlite3.Connection) -> None:
            # Inserting into the customer index row by row costs about as much as the
            # table itself at 1M rows (random keys); for a batch at least as large as
            # the table, rebuilding the index afterwards is about twice as fast overall.
            stored = (
                con.execute("SELECT count(*) FROM rcv_items").fetchone()[0]
                if len(new) >= _REFILL_AT
                else None
            )
            rebuild = stored is not None and len(new) >= _REINDEX_AT and len(new) >= stored
            # The open-item totals likewise: for a batch at least as large as the
            # table one GROUP BY over it is cheaper than adding each item to its
            # bucket (measured, add_items of 20,000 items into an empty file: 0.20 s
            # bucket by bucket, 0.12 s with the GROUP BY, 0.09 s before the totals).
            refill = stored is not None and len(new) >= stored
            if rebuild:
                con.execute("DROP INDEX rcv_items_customer")
            con.executemany(
                f"INSERT INTO rcv_items ({', '.join(_COLUMNS)}) "  # noqa: S608
                f"VALUES ({', '.join('?' * len(_COLUMNS))})",
                rows(count=not refill),
            )
            if rebuild:
                con.execute(_ITEMS_CUSTOMER_INDEX)
            if refill:
                con.execute("DELETE FROM rcv_open_totals")
                con.execute(FILL_OPEN_TOTALS)
            else:
                _write_buckets(con, buckets)
            con.executemany(
                "INSERT INTO rcv_item_discounts (item_id, position, until, percent, "
                "base_currency, base_minor, base_exp) VALUES (?, ?, ?, ?, ?, ?, ?)",
                discount_rows(),
            )

        self._insert("item", "rcv_items", new, write)

    def get_item(self, item_id: ItemId) -> OpenItem:
        """Implements :meth:`~otccore.receivables.OpenItemRepository.get_item`."""
        return _one(self._items([("i.id = ?", item_id)]), "item", item_id)

    def list_items(
        self,
        *,
        customer_id: CustomerId | None = None,
        open_only: bool = False,
        currency: str | None = None,
    ) -> list[OpenItem]:
        """Implements :meth:`~otccore.receivables.OpenItemRepository.list_items`."""
        return self._items(_item_filters(customer_id, open_only, currency))

    def _items(self, conditions: Sequence[tuple[str, object]]) -> list[OpenItem]:
        where, params = _where(conditions)
        with self._snapshot() as con:
            rows = con.execute(
                f"SELECT {columns('i', _COLUMNS)} FROM rcv_items i{where} ORDER BY i.id",  # noqa: S608
                params,
            ).fetchall()
            terms: dict[str, list[DiscountTerm]] = {}
            if any(row[-1] for row in rows):  # discounted
                extra = " AND i.discounted = 1" if where else " WHERE i.discounted = 1"
                terms = _grouped(
                    con,
                    f"SELECT d.item_id, {columns('d', _DISCOUNT_COLUMNS)} "  # noqa: S608
                    "FROM rcv_item_discounts d JOIN rcv_items i ON i.id = d.item_id"
                    f"{where}{extra} ORDER BY d.item_id, d.position",
                    params,
                    _term,
                )
        return _nouns(rows, _COLUMNS, _AMOUNTS, {"discounts": terms}, OpenItem.from_row)

    def item_table(
        self, *, currency: str, customer_id: CustomerId | None = None, open_only: bool = True
    ) -> ItemTable:
        """Implements :meth:`~otccore.receivables.OpenItemRepository.item_table`.

        Straight from SQL: rows come in id order, as :meth:`list_items` gives them,
        and no :class:`~otccore.receivables.OpenItem` is built.
        """
        code = check_currency(currency)
        where, params = _where(_item_filters(customer_id, open_only, code))
        position: dict[str, int] = {}
        first_seen: list[str] = []
        index = array("i")
        amounts = array("q")
        issued = array("i")
        due = array("i")
        flags = bytearray()
        with self._snapshot() as con:
            cursor = con.execute(
                f"SELECT i.customer_id, i.open_minor, {_ORDINAL.format('i.issue_date')}, "  # noqa: S608
                f"{_ORDINAL.format('i.due_date')}, i.disputed FROM rcv_items i{where} "
                "ORDER BY i.id",
                params,
            )
            while batch := cursor.fetchmany(_CHUNK):
                customers, opens, issues, dues, disputed = zip(*batch, strict=True)
                for name in customers:
                    if name not in position:
                        position[name] = len(first_seen)
                        first_seen.append(name)
                index.extend(map(position.__getitem__, customers))
                amounts.extend(opens)
                issued.extend(issues)
                due.extend(dues)
                flags.extend(disputed)
        names = sorted(first_seen)
        if names != first_seen:
            rank = array("i", [0] * len(names))
            for new_index, name in enumerate(names):
                rank[position[name]] = new_index
            index = array("i", map(rank.__getitem__, index))
        return ItemTable(
            currency=code,
            customers=tuple(CustomerId(n) for n in names),
            customer_index=memoryview(index).toreadonly(),
            open_minor=memoryview(amounts).toreadonly(),
            issue_ordinal=memoryview(issued).toreadonly(),
            due_ordinal=memoryview(due).toreadonly(),
            disputed=memoryview(bytes(flags)).toreadonly(),
        )


def _term(values: list[object]) -> DiscountTerm:
    return DiscountTerm.from_row(
        row_of(_DISCOUNT_COLUMNS, values, {"base": "base"}, currency="base_currency")
    )


def _item_filters(
    customer_id: CustomerId | None, open_only: bool, currency: str | None
) -> list[tuple[str, object]]:
    conditions: list[tuple[str, object]] = []
    if customer_id is not None:
        conditions.append(("i.customer_id = ?", customer_id))
    if open_only:
        conditions.append(("i.open_minor != 0", None))
    if currency is not None:
        conditions.append(("i.currency = ?", check_currency(currency)))
    return conditions
