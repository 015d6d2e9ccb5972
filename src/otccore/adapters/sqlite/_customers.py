"""Customers in SQLite."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from otccore.adapters.sqlite._book import BookBase, _first, _grouped, _nouns, _one, _only, _where
from otccore.adapters.sqlite._codec import columns
from otccore.receivables.ledger import index_unique
from otccore.receivables.model import Customer, CustomerId

# The columns of rcv_customers, in the order they are written and read.
_COLUMNS = ("id", "name", "currency", "parent_id")


class CustomerStore(BookBase):
    """The :class:`~otccore.receivables.CustomerRepository` port of the SQLite book."""

    def add_customers(self, customers: Iterable[Customer]) -> None:
        """Implements :meth:`~otccore.receivables.CustomerRepository.add_customers`."""
        new = index_unique(_only(customers, Customer, "customer"), "id", "customer")

        def write(con: sqlite3.Connection) -> None:
            con.executemany(
                f"INSERT INTO rcv_customers ({', '.join(_COLUMNS)}) VALUES (?, ?, ?, ?)",  # noqa: S608
                [(c.id, c.name, c.currency, c.parent_id) for c in new.values()],
            )
            con.executemany(
                "INSERT INTO rcv_customer_accounts (customer_id, position, account) "
                "VALUES (?, ?, ?)",
                [(c.id, i, a) for c in new.values() for i, a in enumerate(c.bank_accounts)],
            )

        self._insert("customer", "rcv_customers", new, write)

    def get_customer(self, customer_id: CustomerId) -> Customer:
        """Implements :meth:`~otccore.receivables.CustomerRepository.get_customer`."""
        return _one(self._customers([("c.id = ?", customer_id)]), "customer", customer_id)

    def list_customers(self, *, parent_id: CustomerId | None = None) -> list[Customer]:
        """Implements :meth:`~otccore.receivables.CustomerRepository.list_customers`."""
        return self._customers([("c.parent_id = ?", parent_id)] if parent_id is not None else [])

    def _customers(self, conditions: Sequence[tuple[str, object]]) -> list[Customer]:
        where, params = _where(conditions)
        with self._snapshot() as con:
            rows = con.execute(
                f"SELECT {columns('c', _COLUMNS)} FROM rcv_customers c{where} ORDER BY c.id",  # noqa: S608
                params,
            ).fetchall()
            accounts = _grouped(
                con,
                "SELECT a.customer_id, a.account FROM rcv_customer_accounts a "  # noqa: S608
                f"JOIN rcv_customers c ON c.id = a.customer_id{where} "
                "ORDER BY a.customer_id, a.position",
                params,
                _first,
            )
        return _nouns(rows, _COLUMNS, {}, {"bank_accounts": accounts}, Customer.from_row)
