"""The receivables book in SQLite: customers, open items, payments and allocations.

:class:`SqliteReceivables` implements every receivables port
(:class:`~otccore.receivables.ReceivablesStore`) over one SQLite file. Amounts are
stored as ``INTEGER`` minor units with their currency code (plus the decimal
exponent when the domain built an amount at another precision than the minor unit,
so every value reads back exactly as it was written); dates are ISO text.

Writes run in ``BEGIN IMMEDIATE`` transactions: ``add_*`` store all or nothing, and
``record_allocations`` re-reads the stored open amounts and the cash already used
inside its transaction, so concurrent writers (threads or processes) can never
over-apply an item or a payment. :meth:`SqliteReceivables.item_table` loads the
columnar :class:`~otccore.receivables.ItemTable` straight from SQL rows, without
building an :class:`~otccore.receivables.OpenItem` per row.

Every write also keeps ``rcv_open_totals`` (schema version 2): per customer, due
day, currency and issue day, the open minor units, the positive ones and the number
of open items. :meth:`SqliteReceivables.open_item_totals` (the
:class:`~otccore.receivables.ItemTotals` port) answers the credit overdue checks from it
with one aggregate query, so their cost does not grow with the number of items.

Example:
    >>> import pathlib, tempfile
    >>> from otccore.receivables import Allocation, OpenItem, Payment
    >>> book = SqliteReceivables(pathlib.Path(tempfile.mkdtemp()) / "book.sqlite")
    >>> book.add_items([OpenItem.invoice("I1", "C1", money(100, "EUR"),
    ...                                  issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31))])
    >>> book.add_payments([Payment.create("P1", money(60, "EUR"), value_date=date(2026, 2, 1))])
    >>> book.record_allocations([Allocation.create("applied", money(60, "EUR"),
    ...                                            payment_id="P1", item_id="I1")])
    >>> book.get_item("I1").open, book.unapplied("P1")
    (Money('40.00', 'EUR'), Money('0.00', 'EUR'))
    >>> book.close()
"""

from __future__ import annotations

import contextlib
import decimal
import os
import sqlite3
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from otccore.adapters.sqlite._db import Component, SqliteDatabase
from otccore.errors import (
    CurrencyMismatch,
    DuplicateId,
    InvalidAmount,
    InvalidInput,
    NotFound,
    StorageError,
)
from otccore.money import Money, check_currency, from_minor, minor_digits
from otccore.receivables.aging import ItemTable
from otccore.receivables.ledger import apply_allocations, check_payment_allocations, index_unique
from otccore.receivables.model import (
    Allocation,
    AllocationKind,
    Customer,
    CustomerId,
    DiscountTerm,
    ItemId,
    ItemKind,
    OpenItem,
    Payment,
    PaymentId,
    RemittanceLine,
)
from otccore.receivables.totals import BucketKey, OpenItemTotal, add_to_bucket

__all__ = ["RECEIVABLES_SCHEMA", "SqliteReceivables"]

# Fills rcv_open_totals from rcv_items (part of migration 2, and how a large
# add_items rebuilds the totals): change it only together with a new migration.
_FILL_OPEN_TOTALS = """
        INSERT INTO rcv_open_totals (customer_id, due_day, currency, issue_day, open_minor,
                                     positive_minor, open_items)
        SELECT customer_id, CAST(julianday(due_date) - 1721424.5 AS INTEGER), currency,
               CAST(julianday(issue_date) - 1721424.5 AS INTEGER), SUM(open_minor),
               SUM(CASE WHEN open_minor > 0 THEN open_minor ELSE 0 END), COUNT(*)
        FROM rcv_items WHERE open_minor != 0
        GROUP BY customer_id, due_date, currency, issue_date
        """

RECEIVABLES_SCHEMA = Component(
    "receivables",
    (
        # version 1
        """
        CREATE TABLE rcv_customers (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            currency TEXT NOT NULL,
            parent_id TEXT
        ) WITHOUT ROWID;
        CREATE INDEX rcv_customers_parent ON rcv_customers (parent_id);
        CREATE TABLE rcv_customer_accounts (
            customer_id TEXT NOT NULL REFERENCES rcv_customers (id),
            position INTEGER NOT NULL,
            account TEXT NOT NULL,
            PRIMARY KEY (customer_id, position)
        ) WITHOUT ROWID;
        CREATE TABLE rcv_items (
            id TEXT PRIMARY KEY,
            kind TEXT NOT NULL,
            number TEXT NOT NULL,
            customer_id TEXT NOT NULL,
            currency TEXT NOT NULL,
            original_minor INTEGER NOT NULL,
            open_minor INTEGER NOT NULL,
            issue_date TEXT NOT NULL,
            due_date TEXT NOT NULL,
            disputed INTEGER NOT NULL,
            payment_reference TEXT,
            original_exp INTEGER,
            open_exp INTEGER,
            discounted INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX rcv_items_customer ON rcv_items (customer_id);
        CREATE TABLE rcv_item_discounts (
            item_id TEXT NOT NULL REFERENCES rcv_items (id),
            position INTEGER NOT NULL,
            until TEXT NOT NULL,
            percent TEXT NOT NULL,
            base_currency TEXT,
            base_minor INTEGER,
            base_exp INTEGER,
            PRIMARY KEY (item_id, position)
        ) WITHOUT ROWID;
        CREATE TABLE rcv_payments (
            id TEXT PRIMARY KEY,
            currency TEXT NOT NULL,
            amount_minor INTEGER NOT NULL,
            amount_exp INTEGER,
            value_date TEXT NOT NULL,
            payer_name TEXT NOT NULL,
            payer_account TEXT NOT NULL,
            customer_id TEXT,
            remittance_text TEXT NOT NULL,
            used_minor INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        CREATE INDEX rcv_payments_customer ON rcv_payments (customer_id);
        CREATE TABLE rcv_payment_references (
            payment_id TEXT NOT NULL REFERENCES rcv_payments (id),
            position INTEGER NOT NULL,
            reference TEXT NOT NULL,
            PRIMARY KEY (payment_id, position)
        ) WITHOUT ROWID;
        CREATE TABLE rcv_remittance_lines (
            payment_id TEXT NOT NULL REFERENCES rcv_payments (id),
            position INTEGER NOT NULL,
            document TEXT NOT NULL,
            currency TEXT NOT NULL,
            amount_minor INTEGER NOT NULL,
            amount_exp INTEGER,
            discount_minor INTEGER,
            discount_exp INTEGER,
            adjustment_minor INTEGER,
            adjustment_exp INTEGER,
            reason TEXT NOT NULL,
            PRIMARY KEY (payment_id, position)
        ) WITHOUT ROWID;
        CREATE TABLE rcv_allocations (
            seq INTEGER PRIMARY KEY,
            kind TEXT NOT NULL,
            currency TEXT NOT NULL,
            amount_minor INTEGER NOT NULL,
            amount_exp INTEGER,
            payment_id TEXT REFERENCES rcv_payments (id),
            item_id TEXT REFERENCES rcv_items (id),
            note TEXT NOT NULL
        );
        CREATE INDEX rcv_allocations_payment ON rcv_allocations (payment_id);
        CREATE INDEX rcv_allocations_item ON rcv_allocations (item_id);
        """,
        # version 2: open-item totals per (customer, due day, currency, issue day), kept
        # by add_items and record_allocations, for the credit overdue checks; filled
        # from the items already stored when an older file is opened.
        """
        CREATE TABLE rcv_open_totals (
            customer_id TEXT NOT NULL,
            due_day INTEGER NOT NULL,
            currency TEXT NOT NULL,
            issue_day INTEGER NOT NULL,
            open_minor INTEGER NOT NULL,
            positive_minor INTEGER NOT NULL,
            open_items INTEGER NOT NULL,
            PRIMARY KEY (customer_id, due_day, currency, issue_day)
        ) WITHOUT ROWID;
        """
        + _FILL_OPEN_TOTALS
        + ";",
    ),
)
"""The receivables tables' schema component (``rcv_*`` tables), version 2.

Version 1 holds the book; version 2 adds ``rcv_open_totals``, the per-customer
buckets behind :meth:`SqliteReceivables.open_item_totals`. Opening a version-1 file
migrates it and fills the buckets from the stored items.
"""

# Exact decimal arithmetic for moving exponents: never the ambient context.
_EXACT = decimal.Context(
    prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=decimal.MIN_EMIN, traps=[]
)
# Python's date.toordinal() of an ISO date, computed by SQLite (0001-01-01 is day 1).
_ORDINAL = "CAST(julianday({}) - 1721424.5 AS INTEGER)"
# Keep in step with the index the schema creates (bulk inserts rebuild it).
_ITEMS_CUSTOMER_INDEX = "CREATE INDEX rcv_items_customer ON rcv_items (customer_id)"
_REINDEX_AT = 50_000
_REFILL_AT = 10_000
_QUANTUM = {d: Decimal(1).scaleb(-d, _EXACT) for d in range(5)}
_CHUNK = 20_000
_VARS = 500

T = TypeVar("T")


def _digits_cache() -> Callable[[str], int]:
    cache: dict[str, int] = {}

    def digits(code: str) -> int:
        value = cache.get(code)
        if value is None:
            value = cache[code] = minor_digits(code)
        return value

    return digits


_digits = _digits_cache()


def _encode(value: Money, digits: int) -> tuple[int, int | None]:
    """Integer minor units, and the exponent when it is not the minor unit's."""
    amount = value.amount
    quantum = _QUANTUM.get(digits) or Decimal(1).scaleb(-digits, _EXACT)
    if amount.same_quantum(quantum):  # the common case, about 4x cheaper than as_tuple()
        return int(amount.scaleb(digits, _EXACT)), None
    exponent = amount.as_tuple().exponent
    scaled = amount.scaleb(digits, _EXACT)
    if not isinstance(exponent, int) or scaled != scaled.to_integral_value(context=_EXACT):
        raise InvalidAmount(f"{value.currency.code} {amount} is not a whole number of minor units")
    return int(scaled), exponent


def _decode(units: int, exponent: int | None, code: str) -> Money:
    amount = Decimal(units).scaleb(-_digits(code), _EXACT)
    if exponent is not None:
        amount = amount.quantize(Decimal(1).scaleb(exponent, _EXACT), context=_EXACT)
    return Money(amount, code)


def _maybe(units: int | None, exponent: int | None, code: str) -> Money | None:
    return None if units is None else _decode(units, exponent, code)


def _where(conditions: Sequence[tuple[str, object]]) -> tuple[str, list[object]]:
    if not conditions:
        return "", []
    return " WHERE " + " AND ".join(c for c, _ in conditions), [
        v for _, v in conditions if v is not None
    ]


@contextlib.contextmanager
def _savepoint(con: sqlite3.Connection) -> Iterator[None]:
    # One store call is all or nothing even inside a host's longer transaction
    # (``with db.write():``): on any error this call's changes are undone, the rest kept.
    con.execute("SAVEPOINT otccore_call")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK TO otccore_call")
        con.execute("RELEASE otccore_call")
        raise
    con.execute("RELEASE otccore_call")


def _chunks(values: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


class SqliteReceivables:
    """Every receivables port (customers, items, payments, allocations) in one SQLite file.

    Give it a path (the file is created, or migrated, on first use) or an open
    :class:`SqliteDatabase` to share one file with other otccore stores. A file
    whose receivables schema is newer than this otccore raises
    :class:`~otccore.errors.IncompatibleSchema`.

    Example:
        >>> import pathlib, tempfile
        >>> from otccore.receivables import Customer
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "book.sqlite"
        >>> store = SqliteReceivables(path)
        >>> store.add_customers([Customer.create("C1", "Acme", "EUR")])
        >>> store.close()
        >>> again = SqliteReceivables(path)
        >>> again.get_customer("C1").name
        'Acme'
        >>> again.close()
    """

    def __init__(self, database: str | os.PathLike[str] | SqliteDatabase) -> None:
        if isinstance(database, SqliteDatabase):
            self.db = database
            self._owns_db = False
        else:
            self.db = SqliteDatabase(database)
            self._owns_db = True
        try:
            self.db.ensure(RECEIVABLES_SCHEMA)
        except BaseException:
            if self._owns_db:
                self.db.close()
            raise

    def close(self) -> None:
        """Close the database if this store opened it (a shared one stays open).

        Example:
            >>> import pathlib, tempfile
            >>> folder = tempfile.TemporaryDirectory()
            >>> db = SqliteDatabase(pathlib.Path(folder.name) / "shared.sqlite")
            >>> SqliteReceivables(db).close()  # the shared database stays open
            >>> db.schema_version("receivables")
            2
            >>> db.close(); folder.cleanup()
        """
        if self._owns_db:
            self.db.close()

    @contextlib.contextmanager
    def _snapshot(self) -> Iterator[sqlite3.Connection]:
        # Several SELECTs that must see one state of the file: a read transaction,
        # unless this thread is already inside a write (then that one is the snapshot).
        con = self.db.read()
        if con.in_transaction:
            yield con
            return
        try:
            con.execute("BEGIN")
            try:
                yield con
            finally:
                con.execute("COMMIT")
        except sqlite3.Error as exc:
            raise StorageError(f"SQLite error on {self.db.path!r}: {exc}") from exc

    def _insert(
        self,
        what: str,
        table: str,
        new: dict[str, Any],
        write: Callable[[sqlite3.Connection], None],
    ) -> None:
        """Run ``write`` in a transaction; an id already stored becomes DuplicateId."""
        try:
            with self.db.write() as con, _savepoint(con):
                try:
                    write(con)
                except sqlite3.IntegrityError:
                    con.execute("ROLLBACK TO otccore_call")
                    clash = _known_ids(con, table, sorted(new))
                    if clash:
                        raise DuplicateId(f"{what} id already stored: {clash[0]!r}") from None
                    raise
        except UnicodeEncodeError as exc:
            raise InvalidInput(
                f"a {what} holds text SQLite cannot store (not UTF-8 encodable): "
                f"{exc.object[exc.start : exc.end]!r}"
            ) from None
        except OverflowError as exc:
            raise InvalidAmount(
                f"a {what} amount is too large for SQLite's 64-bit integers: {exc}"
            ) from None

    # customers -----------------------------------------------------------
    def add_customers(self, customers: Iterable[Customer]) -> None:
        """Store new customers; all or nothing (``DuplicateId`` for a known or repeated id).

        Example:
            >>> import pathlib, tempfile
            >>> folder = tempfile.TemporaryDirectory()
            >>> store = SqliteReceivables(pathlib.Path(folder.name) / "book.sqlite")
            >>> store.add_customers([Customer.create("C1", "Acme", "EUR",
            ...                                      bank_accounts=["DE89 3704 0044 0532 0130 00"])])
            >>> store.add_customers([Customer.create("C1", "Acme again", "EUR")])
            Traceback (most recent call last):
            ...
            otccore.errors.DuplicateId: customer id already stored: 'C1'
            >>> store.get_customer(CustomerId("C1")).bank_accounts
            ('DE89370400440532013000',)
            >>> store.close(); folder.cleanup()
        """
        new = index_unique(_only(customers, Customer, "customer"), "id", "customer")

        def write(con: sqlite3.Connection) -> None:
            con.executemany(
                "INSERT INTO rcv_customers (id, name, currency, parent_id) VALUES (?, ?, ?, ?)",
                [(c.id, c.name, c.currency, c.parent_id) for c in new.values()],
            )
            con.executemany(
                "INSERT INTO rcv_customer_accounts (customer_id, position, account) "
                "VALUES (?, ?, ?)",
                [(c.id, i, a) for c in new.values() for i, a in enumerate(c.bank_accounts)],
            )

        self._insert("customer", "rcv_customers", new, write)

    def get_customer(self, customer_id: CustomerId) -> Customer:
        """The customer, or ``NotFound``.

        Example:
            >>> import pathlib, tempfile
            >>> folder = tempfile.TemporaryDirectory()
            >>> store = SqliteReceivables(pathlib.Path(folder.name) / "book.sqlite")
            >>> store.get_customer(CustomerId("C9"))
            Traceback (most recent call last):
            ...
            otccore.errors.NotFound: no customer with id 'C9'
            >>> store.close(); folder.cleanup()
        """
        found = self._customers([("c.id = ?", customer_id)])
        if not found:
            raise NotFound(f"no customer with id {customer_id!r}")
        return found[0]

    def list_customers(self, *, parent_id: CustomerId | None = None) -> list[Customer]:
        """Customers sorted by id, optionally only the children of ``parent_id``.

        Example:
            >>> import pathlib, tempfile
            >>> folder = tempfile.TemporaryDirectory()
            >>> store = SqliteReceivables(pathlib.Path(folder.name) / "book.sqlite")
            >>> store.add_customers([Customer.create("C2", "Child", "EUR", parent_id="C1"),
            ...                      Customer.create("C1", "Group", "EUR")])
            >>> [c.id for c in store.list_customers()]
            ['C1', 'C2']
            >>> [c.id for c in store.list_customers(parent_id=CustomerId("C1"))]
            ['C2']
            >>> store.close(); folder.cleanup()
        """
        return self._customers([("c.parent_id = ?", parent_id)] if parent_id is not None else [])

    def _customers(self, conditions: Sequence[tuple[str, object]]) -> list[Customer]:
        where, params = _where(conditions)
        with self._snapshot() as con:
            rows = con.execute(
                "SELECT c.id, c.name, c.currency, c.parent_id "  # noqa: S608
                f"FROM rcv_customers c{where} ORDER BY c.id",
                params,
            ).fetchall()
            accounts: dict[str, list[str]] = {}
            for cid, account in con.execute(
                "SELECT a.customer_id, a.account FROM rcv_customer_accounts a "  # noqa: S608
                f"JOIN rcv_customers c ON c.id = a.customer_id{where} "
                "ORDER BY a.customer_id, a.position",
                params,
            ):
                accounts.setdefault(cid, []).append(account)
        return [
            Customer(
                id=CustomerId(cid),
                name=name,
                currency=currency,
                parent_id=CustomerId(parent) if parent is not None else None,
                bank_accounts=tuple(accounts.get(cid, ())),
            )
            for cid, name, currency, parent in rows
        ]

    # items -----------------------------------------------------------------
    def add_items(self, items: Iterable[OpenItem]) -> None:
        """Store new items in one bulk insert; all or nothing.

        ``DuplicateId`` for an id already stored or repeated in ``items``.

        Example:
            >>> import pathlib, tempfile
            >>> folder = tempfile.TemporaryDirectory()
            >>> store = SqliteReceivables(pathlib.Path(folder.name) / "book.sqlite")
            >>> store.add_items([OpenItem.invoice("I1", "C1", money(100, "EUR"), issue_date=date(2026, 1, 1),
            ...                                    due_date=date(2026, 1, 31))])
            >>> store.add_items([OpenItem.invoice("I1", "C1", money(100, "EUR"), issue_date=date(2026, 1, 1),
            ...                                    due_date=date(2026, 1, 31))])
            Traceback (most recent call last):
            ...
            otccore.errors.DuplicateId: item id already stored: 'I1'
            >>> store.close(); folder.cleanup()
        """
        new = index_unique(_only(items, OpenItem, "item"), "id", "item")

        buckets: dict[str, dict[BucketKey, list[int]]] = {}

        def rows(count: bool) -> Iterator[tuple[object, ...]]:
            digits = _digits
            # In id order the primary-key B-tree grows at its end instead of splitting
            # pages all over (cheap to sort: callers usually pass ids nearly in order).
            for key in sorted(new):
                item = new[key]
                code = item.original.currency.code
                d = digits(code)
                original, original_exp = _encode(item.original, d)
                open_, open_exp = _encode(item.open, d)
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
                        _encode(base, _digits(base.currency.code))
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
                "INSERT INTO rcv_items (id, kind, number, customer_id, currency, "
                "original_minor, open_minor, issue_date, due_date, disputed, "
                "payment_reference, original_exp, open_exp, discounted) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows(count=not refill),
            )
            if rebuild:
                con.execute(_ITEMS_CUSTOMER_INDEX)
            if refill:
                con.execute("DELETE FROM rcv_open_totals")
                con.execute(_FILL_OPEN_TOTALS)
            else:
                _write_buckets(con, buckets)
            con.executemany(
                "INSERT INTO rcv_item_discounts (item_id, position, until, percent, "
                "base_currency, base_minor, base_exp) VALUES (?, ?, ?, ?, ?, ?, ?)",
                discount_rows(),
            )

        self._insert("item", "rcv_items", new, write)

    def get_item(self, item_id: ItemId) -> OpenItem:
        """The item, or ``NotFound``.

        Example:
            >>> import pathlib, tempfile
            >>> folder = tempfile.TemporaryDirectory()
            >>> store = SqliteReceivables(pathlib.Path(folder.name) / "book.sqlite")
            >>> store.add_items([OpenItem.invoice("I1", "C1", money(100, "EUR"), issue_date=date(2026, 1, 1),
            ...                                    due_date=date(2026, 1, 31))])
            >>> store.get_item(ItemId("I1")).open  # read back exactly as written
            Money('100', 'EUR')
            >>> store.close(); folder.cleanup()
        """
        found = self._items([("i.id = ?", item_id)])
        if not found:
            raise NotFound(f"no item with id {item_id!r}")
        return found[0]

    def list_items(
        self,
        *,
        customer_id: CustomerId | None = None,
        open_only: bool = False,
        currency: str | None = None,
    ) -> list[OpenItem]:
        """Items matching every filter, sorted by id.

        Example:
            >>> import pathlib, tempfile
            >>> folder = tempfile.TemporaryDirectory()
            >>> store = SqliteReceivables(pathlib.Path(folder.name) / "book.sqlite")
            >>> store.add_items([OpenItem.invoice("I1", "C1", money(100, "EUR"), issue_date=date(2026, 1, 1),
            ...                                    due_date=date(2026, 1, 31)),
            ...                  OpenItem.invoice("I0", "C2", money(5, "USD"), issue_date=date(2026, 1, 1),
            ...                                   due_date=date(2026, 1, 31), open=money(0, "USD"))])
            >>> [i.id for i in store.list_items()], [i.id for i in store.list_items(open_only=True)]
            (['I0', 'I1'], ['I1'])
            >>> [i.id for i in store.list_items(customer_id=CustomerId("C2"), currency="USD")]
            ['I0']
            >>> store.close(); folder.cleanup()
        """
        return self._items(_item_filters(customer_id, open_only, currency))

    def _items(self, conditions: Sequence[tuple[str, object]]) -> list[OpenItem]:
        where, params = _where(conditions)
        with self._snapshot() as con:
            rows = con.execute(
                "SELECT i.id, i.kind, i.number, i.customer_id, i.currency, i.original_minor, "  # noqa: S608
                "i.open_minor, i.issue_date, i.due_date, i.disputed, i.payment_reference, "
                f"i.original_exp, i.open_exp, i.discounted FROM rcv_items i{where} ORDER BY i.id",
                params,
            ).fetchall()
            terms: dict[str, list[DiscountTerm]] = {}
            if any(row[13] for row in rows):
                extra = " AND i.discounted = 1" if where else " WHERE i.discounted = 1"
                for item_id, until, percent, base_code, base_minor, base_exp in con.execute(
                    "SELECT d.item_id, d.until, d.percent, d.base_currency, d.base_minor, "  # noqa: S608
                    "d.base_exp FROM rcv_item_discounts d JOIN rcv_items i ON i.id = d.item_id"
                    f"{where}{extra} ORDER BY d.item_id, d.position",
                    params,
                ):
                    terms.setdefault(item_id, []).append(
                        DiscountTerm(
                            until=date.fromisoformat(until),
                            percent=Decimal(percent),
                            base=_maybe(base_minor, base_exp, base_code),
                        )
                    )
        return [
            OpenItem(
                id=ItemId(item_id),
                kind=ItemKind(kind),
                number=number,
                customer_id=CustomerId(customer),
                original=_decode(original, original_exp, code),
                open=_decode(open_, open_exp, code),
                issue_date=date.fromisoformat(issued),
                due_date=date.fromisoformat(due),
                disputed=bool(disputed),
                discounts=tuple(terms.get(item_id, ())),
                payment_reference=reference,
            )
            for (
                item_id,
                kind,
                number,
                customer,
                code,
                original,
                open_,
                issued,
                due,
                disputed,
                reference,
                original_exp,
                open_exp,
                _,
            ) in rows
        ]

    def item_table(
        self, *, currency: str, customer_id: CustomerId | None = None, open_only: bool = True
    ) -> ItemTable:
        """Matching items as an :class:`~otccore.receivables.ItemTable`, straight from SQL.

        Rows come in id order, as :meth:`list_items` gives them; no
        :class:`~otccore.receivables.OpenItem` is built.

        Example:
            >>> import pathlib, tempfile
            >>> folder = tempfile.TemporaryDirectory()
            >>> store = SqliteReceivables(pathlib.Path(folder.name) / "book.sqlite")
            >>> store.add_items([OpenItem.invoice("I1", "C1", money(100, "EUR"), issue_date=date(2026, 1, 1),
            ...                                    due_date=date(2026, 1, 31))])
            >>> table = store.item_table(currency="EUR")
            >>> table.customers, list(table.open_minor)
            (('C1',), [10000])
            >>> store.close(); folder.cleanup()
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

    def open_item_totals(
        self, *, customer_id: CustomerId, as_of: date, currency: str | None = None
    ) -> list[OpenItemTotal]:
        """The customer's open items summed per (currency, issue date) for ``as_of``.

        The :class:`~otccore.receivables.ItemTotals` port: one aggregate query over the
        customer's rows of ``rcv_open_totals`` (its primary key starts with
        customer and due day; one row per due day, currency and issue day, kept by
        every write), so the cost grows with the customer's distinct dates, not its
        items. The query is :func:`~otccore.receivables.totals_from_buckets` in
        SQL; the :class:`~otccore.testing.receivables.ItemTotalsContract` pins both to
        the same answer.

        Example:
            >>> import pathlib, tempfile
            >>> book = SqliteReceivables(pathlib.Path(tempfile.mkdtemp()) / "book.sqlite")
            >>> book.add_items([OpenItem.invoice("I1", "C1", money(100, "EUR"),
            ...                                  issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31))])
            >>> [(t.open_minor, t.overdue_minor) for t in
            ...  book.open_item_totals(customer_id="C1", as_of=date(2026, 2, 1))]
            [(10000, 10000)]
            >>> book.close()
        """
        if not isinstance(as_of, date) or isinstance(as_of, datetime):
            raise InvalidInput(f"as of must be a datetime.date: {as_of!r}")
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

    # payments ----------------------------------------------------------------
    def add_payments(self, payments: Iterable[Payment]) -> None:
        """Store new payments; all or nothing (``DuplicateId`` for a known or repeated id).

        Example:
            >>> import pathlib, tempfile
            >>> folder = tempfile.TemporaryDirectory()
            >>> store = SqliteReceivables(pathlib.Path(folder.name) / "book.sqlite")
            >>> store.add_payments([Payment.create("P1", money(150, "EUR"), value_date=date(2026, 2, 1),
            ...                                     references=["INV-1", "INV-2"])])
            >>> store.get_payment(PaymentId("P1")).references
            ('INV-1', 'INV-2')
            >>> store.close(); folder.cleanup()
        """
        new = index_unique(_only(payments, Payment, "payment"), "id", "payment")

        def write(con: sqlite3.Connection) -> None:
            rows = []
            for p in new.values():
                units, exponent = _encode(p.amount, _digits(p.currency))
                rows.append(
                    (
                        p.id,
                        p.currency,
                        units,
                        exponent,
                        p.value_date.isoformat(),
                        p.payer_name,
                        p.payer_account,
                        p.customer_id,
                        p.remittance_text,
                    )
                )
            con.executemany(
                "INSERT INTO rcv_payments (id, currency, amount_minor, amount_exp, value_date, "
                "payer_name, payer_account, customer_id, remittance_text) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            con.executemany(
                "INSERT INTO rcv_payment_references (payment_id, position, reference) "
                "VALUES (?, ?, ?)",
                [(p.id, i, r) for p in new.values() for i, r in enumerate(p.references)],
            )
            con.executemany(
                "INSERT INTO rcv_remittance_lines (payment_id, position, document, currency, "
                "amount_minor, amount_exp, discount_minor, discount_exp, adjustment_minor, "
                "adjustment_exp, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (p.id, i, *_remittance_row(line))
                    for p in new.values()
                    for i, line in enumerate(p.remittance)
                ],
            )

        self._insert("payment", "rcv_payments", new, write)

    def get_payment(self, payment_id: PaymentId) -> Payment:
        """The payment, or ``NotFound``.

        Example:
            >>> import pathlib, tempfile
            >>> folder = tempfile.TemporaryDirectory()
            >>> store = SqliteReceivables(pathlib.Path(folder.name) / "book.sqlite")
            >>> store.get_payment(PaymentId("P9"))
            Traceback (most recent call last):
            ...
            otccore.errors.NotFound: no payment with id 'P9'
            >>> store.close(); folder.cleanup()
        """
        found = self._payments([("p.id = ?", payment_id)])
        if not found:
            raise NotFound(f"no payment with id {payment_id!r}")
        return found[0]

    def list_payments(
        self, *, customer_id: CustomerId | None = None, unapplied_only: bool = False
    ) -> list[Payment]:
        """Payments sorted by id, optionally of one customer or with cash left.

        Example:
            >>> import pathlib, tempfile
            >>> folder = tempfile.TemporaryDirectory()
            >>> store = SqliteReceivables(pathlib.Path(folder.name) / "book.sqlite")
            >>> store.add_payments([Payment.create("P1", money(150, "EUR"), value_date=date(2026, 2, 1)),
            ...     Payment.create("P2", money(5, "EUR"), value_date=date(2026, 2, 1), customer_id="C1")])
            >>> store.record_allocations([Allocation.create("on_account", money(150, "EUR"),
            ...                                             payment_id="P1")])
            >>> [p.id for p in store.list_payments()], [p.id for p in store.list_payments(unapplied_only=True)]
            (['P1', 'P2'], ['P2'])
            >>> [p.id for p in store.list_payments(customer_id=CustomerId("C1"))]
            ['P2']
            >>> store.close(); folder.cleanup()
        """
        conditions: list[tuple[str, object]] = []
        if customer_id is not None:
            conditions.append(("p.customer_id = ?", customer_id))
        if unapplied_only:
            conditions.append(("p.used_minor < p.amount_minor", None))
        return self._payments(conditions)

    def _payments(self, conditions: Sequence[tuple[str, object]]) -> list[Payment]:
        where, params = _where(conditions)
        join = f" JOIN rcv_payments p ON p.id = x.payment_id{where}"
        with self._snapshot() as con:
            rows = con.execute(
                "SELECT p.id, p.currency, p.amount_minor, p.amount_exp, p.value_date, "  # noqa: S608
                "p.payer_name, p.payer_account, p.customer_id, p.remittance_text "
                f"FROM rcv_payments p{where} ORDER BY p.id",
                params,
            ).fetchall()
            references: dict[str, list[str]] = {}
            for pid, reference in con.execute(
                f"SELECT x.payment_id, x.reference FROM rcv_payment_references x{join} "  # noqa: S608
                "ORDER BY x.payment_id, x.position",
                params,
            ):
                references.setdefault(pid, []).append(reference)
            lines: dict[str, list[RemittanceLine]] = {}
            for pid, *line in con.execute(
                "SELECT x.payment_id, x.document, x.currency, x.amount_minor, x.amount_exp, "  # noqa: S608
                "x.discount_minor, x.discount_exp, x.adjustment_minor, x.adjustment_exp, "
                f"x.reason FROM rcv_remittance_lines x{join} ORDER BY x.payment_id, x.position",
                params,
            ):
                document, code, amount, amount_exp, disc, disc_exp, adj, adj_exp, reason = line
                lines.setdefault(pid, []).append(
                    RemittanceLine(
                        document=document,
                        amount=_decode(amount, amount_exp, code),
                        discount=_maybe(disc, disc_exp, code),
                        adjustment=_maybe(adj, adj_exp, code),
                        reason=reason,
                    )
                )
        return [
            Payment(
                id=PaymentId(pid),
                amount=_decode(amount, exponent, code),
                value_date=date.fromisoformat(value_date),
                payer_name=payer_name,
                payer_account=payer_account,
                customer_id=CustomerId(customer) if customer is not None else None,
                references=tuple(references.get(pid, ())),
                remittance_text=remittance_text,
                remittance=tuple(lines.get(pid, ())),
            )
            for (
                pid,
                code,
                amount,
                exponent,
                value_date,
                payer_name,
                payer_account,
                customer,
                remittance_text,
            ) in rows
        ]

    def unapplied(self, payment_id: PaymentId) -> Money:
        """The payment's amount less the cash allocated from it.

        Example:
            >>> import pathlib, tempfile
            >>> folder = tempfile.TemporaryDirectory()
            >>> store = SqliteReceivables(pathlib.Path(folder.name) / "book.sqlite")
            >>> store.add_payments([Payment.create("P1", money(150, "EUR"), value_date=date(2026, 2, 1))])
            >>> store.record_allocations([Allocation.create("on_account", money(20, "EUR"),
            ...                                             payment_id="P1")])
            >>> store.unapplied(PaymentId("P1"))
            Money('130.00', 'EUR')
            >>> store.close(); folder.cleanup()
        """
        row = (
            self.db.read()
            .execute(
                "SELECT amount_minor - used_minor, currency FROM rcv_payments WHERE id = ?",
                (payment_id,),
            )
            .fetchone()
        )
        if row is None:
            raise NotFound(f"no payment with id {payment_id!r}")
        return from_minor(row[0], row[1])

    # allocations -----------------------------------------------------------
    def record_allocations(self, allocations: Sequence[Allocation]) -> None:
        """Apply and store ``allocations`` atomically; nothing changes on error.

        The stored open amounts and the cash already used are read inside the
        write transaction, which holds the file's write lock, so a concurrent
        writer can never make two applications that together over-apply.

        Example:
            >>> import pathlib, tempfile
            >>> folder = tempfile.TemporaryDirectory()
            >>> store = SqliteReceivables(pathlib.Path(folder.name) / "book.sqlite")
            >>> store.add_items([OpenItem.invoice("I1", "C1", money(100, "EUR"), issue_date=date(2026, 1, 1),
            ...                                    due_date=date(2026, 1, 31))])
            >>> store.add_payments([Payment.create("P1", money(150, "EUR"), value_date=date(2026, 2, 1))])
            >>> store.record_allocations([
            ...     Allocation.create("applied", money(100, "EUR"), payment_id="P1", item_id="I1"),
            ...     Allocation.create("applied", money(60, "EUR"), payment_id="P1", item_id="I1")])
            Traceback (most recent call last):
            ...
            otccore.errors.OverApplication: item 'I1': allocations of 160.00 EUR exceed its open amount of 100.00 EUR
            >>> store.get_item(ItemId("I1")).open, store.list_allocations()  # nothing changed
            (Money('100', 'EUR'), [])
            >>> store.close(); folder.cleanup()
        """
        allocs = list(_only(allocations, Allocation, "allocation"))
        item_ids = sorted(
            {a.item_id for a in allocs if a.item_id is not None and a.kind.settles_item}
        )
        pay_ids = sorted({a.payment_id for a in allocs if a.payment_id is not None})
        with self.db.write() as con, _savepoint(con):
            items = []
            for item_id in item_ids:
                found = self._items([("i.id = ?", item_id)])
                if not found:
                    raise NotFound(f"no item with id {item_id!r}")
                items.extend(found)
            payments: dict[str, Payment] = {}
            used_before: dict[PaymentId, Money] = {}
            for pid in pay_ids:
                row = con.execute(
                    "SELECT currency, amount_minor, amount_exp, value_date, used_minor "
                    "FROM rcv_payments WHERE id = ?",
                    (pid,),
                ).fetchone()
                if row is None:
                    raise NotFound(f"no payment with id {pid!r}")
                code, amount, exponent, value_date, used = row
                # Only the id and amount take part in the check below.
                payments[pid] = Payment(
                    id=pid,
                    amount=_decode(amount, exponent, code),
                    value_date=date.fromisoformat(value_date),
                )
                used_before[pid] = from_minor(used, code)
            for alloc in allocs:
                if alloc.payment_id is not None:
                    payment = payments[alloc.payment_id]
                    if payment.currency != alloc.currency:
                        raise CurrencyMismatch(
                            f"allocation in {alloc.currency} for payment {payment.id!r} "
                            f"in {payment.currency}"
                        )
            updated = apply_allocations(items, allocs)
            used = check_payment_allocations(payments.values(), allocs, already_used=used_before)
            con.executemany(
                "UPDATE rcv_items SET open_minor = ?, open_exp = ? WHERE id = ?",
                [(*_encode(i.open, _digits(i.currency)), i.id) for i in updated],
            )
            buckets: dict[str, dict[BucketKey, list[int]]] = {}
            before = {i.id: i for i in items}
            for item in updated:
                _count(buckets, before[item.id], -1)
                _count(buckets, item, 1)
            _write_buckets(con, buckets)
            con.executemany(
                "UPDATE rcv_payments SET used_minor = ? WHERE id = ?",
                [(_encode(m, _digits(m.currency.code))[0], pid) for pid, m in used.items()],
            )
            con.executemany(
                "INSERT INTO rcv_allocations (kind, currency, amount_minor, amount_exp, "
                "payment_id, item_id, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        a.kind.value,
                        a.currency,
                        *_encode(a.amount, _digits(a.currency)),
                        a.payment_id,
                        a.item_id,
                        a.note,
                    )
                    for a in allocs
                ],
            )

    def list_allocations(
        self, *, payment_id: PaymentId | None = None, item_id: ItemId | None = None
    ) -> list[Allocation]:
        """Allocations in recording order, filtered.

        Example:
            >>> import pathlib, tempfile
            >>> folder = tempfile.TemporaryDirectory()
            >>> store = SqliteReceivables(pathlib.Path(folder.name) / "book.sqlite")
            >>> store.add_items([OpenItem.invoice("I1", "C1", money(100, "EUR"), issue_date=date(2026, 1, 1),
            ...                                    due_date=date(2026, 1, 31))])
            >>> store.add_payments([Payment.create("P1", money(150, "EUR"), value_date=date(2026, 2, 1))])
            >>> store.record_allocations([
            ...     Allocation.create("applied", money(100, "EUR"), payment_id="P1", item_id="I1"),
            ...     Allocation.create("on_account", money(50, "EUR"), payment_id="P1")])
            >>> [a.kind.value for a in store.list_allocations(payment_id=PaymentId("P1"))]
            ['applied', 'on_account']
            >>> [a.amount for a in store.list_allocations(item_id=ItemId("I1"))]
            [Money('100', 'EUR')]
            >>> store.close(); folder.cleanup()
        """
        conditions: list[tuple[str, object]] = []
        if payment_id is not None:
            conditions.append(("payment_id = ?", payment_id))
        if item_id is not None:
            conditions.append(("item_id = ?", item_id))
        where, params = _where(conditions)
        rows = (
            self.db.read()
            .execute(
                "SELECT kind, currency, amount_minor, amount_exp, payment_id, item_id, note "  # noqa: S608
                f"FROM rcv_allocations{where} ORDER BY seq",
                params,
            )
            .fetchall()
        )
        return [
            Allocation(
                kind=AllocationKind(kind),
                amount=_decode(amount, exponent, code),
                payment_id=PaymentId(pid) if pid is not None else None,
                item_id=ItemId(iid) if iid is not None else None,
                note=note,
            )
            for kind, code, amount, exponent, pid, iid, note in rows
        ]


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


def _remittance_row(line: RemittanceLine) -> tuple[object, ...]:
    code = str(line.amount.currency.code)
    d = _digits(code)
    disc = _encode(line.discount, d) if line.discount is not None else (None, None)
    adj = _encode(line.adjustment, d) if line.adjustment is not None else (None, None)
    return (line.document, code, *_encode(line.amount, d), *disc, *adj, line.reason)


def _only(values: Iterable[T], kind: type[T], what: str) -> Iterator[T]:
    for value in values:
        if not isinstance(value, kind):
            raise InvalidInput(f"not a {kind.__name__} ({what}): {value!r}")
        yield value


def _known_ids(con: sqlite3.Connection, table: str, ids: Sequence[str]) -> list[str]:
    known: list[str] = []
    for chunk in _chunks(ids, _VARS):
        marks = ", ".join("?" * len(chunk))
        known.extend(
            row[0]
            for row in con.execute(
                f"SELECT id FROM {table} WHERE id IN ({marks})",  # noqa: S608
                list(chunk),
            )
        )
    return sorted(known)


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
