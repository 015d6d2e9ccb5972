"""Payments in SQLite, with their references and remittance lines."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from otccore.adapters.sqlite._book import BookBase, _first, _grouped, _nouns, _one, _only, _where
from otccore.adapters.sqlite._codec import columns, digits, encode, row_of
from otccore.errors import NotFound
from otccore.money import Money, from_minor
from otccore.receivables.ledger import index_unique
from otccore.receivables.model import CustomerId, Payment, PaymentId, RemittanceLine

# The columns of rcv_payments and rcv_remittance_lines, in the order they are written
# and read, and the from_row keys decoded from their money columns.
_COLUMNS = (
    "id",
    "currency",
    "amount_minor",
    "amount_exp",
    "value_date",
    "payer_name",
    "payer_account",
    "customer_id",
    "remittance_text",
)
_AMOUNT = {"amount": "amount"}
_LINE_COLUMNS = (
    "document",
    "currency",
    "amount_minor",
    "amount_exp",
    "discount_minor",
    "discount_exp",
    "adjustment_minor",
    "adjustment_exp",
    "reason",
)
_LINE_AMOUNTS = {"amount": "amount", "discount": "discount", "adjustment": "adjustment"}


class PaymentStore(BookBase):
    """The :class:`~otccore.receivables.PaymentRepository` port of the SQLite book."""

    def add_payments(self, payments: Iterable[Payment]) -> None:
        """Implements :meth:`~otccore.receivables.PaymentRepository.add_payments`."""
        new = index_unique(_only(payments, Payment, "payment"), "id", "payment")

        def write(con: sqlite3.Connection) -> None:
            rows = []
            for p in new.values():
                units, exponent = encode(p.amount, digits(p.currency))
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
                f"INSERT INTO rcv_payments ({', '.join(_COLUMNS)}) "  # noqa: S608
                f"VALUES ({', '.join('?' * len(_COLUMNS))})",
                rows,
            )
            con.executemany(
                "INSERT INTO rcv_payment_references (payment_id, position, reference) "
                "VALUES (?, ?, ?)",
                [(p.id, i, r) for p in new.values() for i, r in enumerate(p.references)],
            )
            con.executemany(
                "INSERT INTO rcv_remittance_lines (payment_id, position, "  # noqa: S608
                f"{', '.join(_LINE_COLUMNS)}) VALUES ({', '.join('?' * (2 + len(_LINE_COLUMNS)))})",
                [
                    (p.id, i, *_remittance_row(line))
                    for p in new.values()
                    for i, line in enumerate(p.remittance)
                ],
            )

        self._insert("payment", "rcv_payments", new, write)

    def get_payment(self, payment_id: PaymentId) -> Payment:
        """Implements :meth:`~otccore.receivables.PaymentRepository.get_payment`."""
        return _one(self._payments([("p.id = ?", payment_id)]), "payment", payment_id)

    def list_payments(
        self, *, customer_id: CustomerId | None = None, unapplied_only: bool = False
    ) -> list[Payment]:
        """Implements :meth:`~otccore.receivables.PaymentRepository.list_payments`."""
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
                f"SELECT {columns('p', _COLUMNS)} FROM rcv_payments p{where} ORDER BY p.id",  # noqa: S608
                params,
            ).fetchall()
            lists = {
                "references": _grouped(
                    con,
                    f"SELECT x.payment_id, x.reference FROM rcv_payment_references x{join} "  # noqa: S608
                    "ORDER BY x.payment_id, x.position",
                    params,
                    _first,
                ),
                "remittance": _grouped(
                    con,
                    f"SELECT x.payment_id, {columns('x', _LINE_COLUMNS)} "  # noqa: S608
                    f"FROM rcv_remittance_lines x{join} ORDER BY x.payment_id, x.position",
                    params,
                    _line,
                ),
            }
        return _nouns(rows, _COLUMNS, _AMOUNT, lists, Payment.from_row)

    def unapplied(self, payment_id: PaymentId) -> Money:
        """Implements :meth:`~otccore.receivables.PaymentRepository.unapplied`."""
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


def _line(values: list[object]) -> RemittanceLine:
    return RemittanceLine.from_row(row_of(_LINE_COLUMNS, values, _LINE_AMOUNTS))


def _remittance_row(line: RemittanceLine) -> tuple[object, ...]:
    code = str(line.amount.currency.code)
    d = digits(code)
    disc = encode(line.discount, d) if line.discount is not None else (None, None)
    adj = encode(line.adjustment, d) if line.adjustment is not None else (None, None)
    return (line.document, code, *encode(line.amount, d), *disc, *adj, line.reason)
