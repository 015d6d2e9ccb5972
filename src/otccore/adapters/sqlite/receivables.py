"""The receivables book in SQLite: customers, open items, payments and allocations.

:class:`SqliteReceivables` is a façade over one store per port, each in its own
module (``_customers``, ``_items``, ``_payments``, ``_allocations``, ``_totals``),
sharing one money codec (``_codec``) and the transaction helpers (``_book``).

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
    >>> from datetime import date
    >>> from otccore.adapters.sqlite import SqliteReceivables
    >>> from otccore.money import money
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

import os

from otccore.adapters.sqlite._allocations import AllocationStore
from otccore.adapters.sqlite._customers import CustomerStore
from otccore.adapters.sqlite._db import Component, SqliteDatabase
from otccore.adapters.sqlite._payments import PaymentStore
from otccore.adapters.sqlite._totals import FILL_OPEN_TOTALS

__all__ = ["RECEIVABLES_SCHEMA", "SqliteReceivables"]


def _list_table(name: str, owner: str, owner_table: str, columns: str) -> str:
    """A table holding a list of each ``owner_table`` row (accounts, references, lines,
    discount terms): one row per element, keyed by its owner and its position."""
    return f"""
        CREATE TABLE {name} (
            {owner} TEXT NOT NULL REFERENCES {owner_table} (id),
            position INTEGER NOT NULL,
            {columns},
            PRIMARY KEY ({owner}, position)
        ) WITHOUT ROWID;"""


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
        """
        + _list_table(
            "rcv_customer_accounts", "customer_id", "rcv_customers", "account TEXT NOT NULL"
        )
        + """
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
        """
        + _list_table(
            "rcv_item_discounts",
            "item_id",
            "rcv_items",
            "until TEXT NOT NULL, percent TEXT NOT NULL, "
            "base_currency TEXT, base_minor INTEGER, base_exp INTEGER",
        )
        + """
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
        """
        + _list_table(
            "rcv_payment_references", "payment_id", "rcv_payments", "reference TEXT NOT NULL"
        )
        + _list_table(
            "rcv_remittance_lines",
            "payment_id",
            "rcv_payments",
            "document TEXT NOT NULL, currency TEXT NOT NULL, "
            "amount_minor INTEGER NOT NULL, amount_exp INTEGER, "
            "discount_minor INTEGER, discount_exp INTEGER, "
            "adjustment_minor INTEGER, adjustment_exp INTEGER, reason TEXT NOT NULL",
        )
        + """
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
        + FILL_OPEN_TOTALS
        + ";",
    ),
)
"""The receivables tables' schema component (``rcv_*`` tables), version 2.

Version 1 holds the book; version 2 adds ``rcv_open_totals``, the per-customer
buckets behind :meth:`SqliteReceivables.open_item_totals`. Opening a version-1 file
migrates it and fills the buckets from the stored items.
"""


class SqliteReceivables(CustomerStore, PaymentStore, AllocationStore):
    """Every receivables port (customers, items, payments, allocations) in one SQLite file.

    Give it a path (the file is created, or migrated, on first use) or an open
    :class:`SqliteDatabase` to share one file with other otccore stores. A file
    whose receivables schema is newer than this otccore raises
    :class:`~otccore.errors.IncompatibleSchema`.

    Example:
        >>> import pathlib, tempfile
        >>> from otccore.adapters.sqlite import SqliteReceivables
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
            >>> from otccore.adapters.sqlite import SqliteDatabase, SqliteReceivables
            >>> folder = tempfile.TemporaryDirectory()
            >>> db = SqliteDatabase(pathlib.Path(folder.name) / "shared.sqlite")
            >>> SqliteReceivables(db).close()  # the shared database stays open
            >>> db.schema_version("receivables")
            2
            >>> db.close(); folder.cleanup()
        """
        if self._owns_db:
            self.db.close()
