"""Allocations in SQLite: applied atomically against the stored open amounts."""

from __future__ import annotations

from collections.abc import Sequence

from otccore.adapters.sqlite._book import _one, _only, _savepoint, _where
from otccore.adapters.sqlite._codec import decode, digits, encode, row_of
from otccore.adapters.sqlite._items import ItemStore
from otccore.adapters.sqlite._totals import _count, _write_buckets
from otccore.errors import CurrencyMismatch, NotFound
from otccore.money import Money, from_minor
from otccore.receivables.ledger import apply_allocations, check_payment_allocations
from otccore.receivables.model import Allocation, ItemId, Payment, PaymentId
from otccore.receivables.totals import BucketKey

# The columns of rcv_allocations, in the order they are written and read.
_COLUMNS = ("kind", "currency", "amount_minor", "amount_exp", "payment_id", "item_id", "note")
_AMOUNT = {"amount": "amount"}


class AllocationStore(ItemStore):
    """The :class:`~otccore.receivables.AllocationLedger` port of the SQLite book."""

    def record_allocations(self, allocations: Sequence[Allocation]) -> None:
        """Implements :meth:`~otccore.receivables.AllocationLedger.record_allocations`.

        The stored open amounts and the cash already used are read inside the
        write transaction, which holds the file's write lock, so a concurrent
        writer can never make two applications that together over-apply.
        """
        allocs = list(_only(allocations, Allocation, "allocation"))
        item_ids = sorted(
            {a.item_id for a in allocs if a.item_id is not None and a.kind.settles_item}
        )
        pay_ids = sorted({a.payment_id for a in allocs if a.payment_id is not None})
        with self.db.write() as con, _savepoint(con):
            items = [_one(self._items([("i.id = ?", i)]), "item", i) for i in item_ids]
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
                payments[pid] = Payment.from_row(
                    {"id": pid, "amount": decode(amount, exponent, code), "value_date": value_date}
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
                [(*encode(i.open, digits(i.currency)), i.id) for i in updated],
            )
            buckets: dict[str, dict[BucketKey, list[int]]] = {}
            before = {i.id: i for i in items}
            for item in updated:
                _count(buckets, before[item.id], -1)
                _count(buckets, item, 1)
            _write_buckets(con, buckets)
            con.executemany(
                "UPDATE rcv_payments SET used_minor = ? WHERE id = ?",
                [(encode(m, digits(m.currency.code))[0], pid) for pid, m in used.items()],
            )
            con.executemany(
                f"INSERT INTO rcv_allocations ({', '.join(_COLUMNS)}) "  # noqa: S608
                f"VALUES ({', '.join('?' * len(_COLUMNS))})",
                [
                    (
                        a.kind.value,
                        a.currency,
                        *encode(a.amount, digits(a.currency)),
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
        """Implements :meth:`~otccore.receivables.AllocationLedger.list_allocations`."""
        conditions: list[tuple[str, object]] = []
        if payment_id is not None:
            conditions.append(("payment_id = ?", payment_id))
        if item_id is not None:
            conditions.append(("item_id = ?", item_id))
        where, params = _where(conditions)
        rows = (
            self.db.read()
            .execute(
                f"SELECT {', '.join(_COLUMNS)} FROM rcv_allocations{where} ORDER BY seq",  # noqa: S608
                params,
            )
            .fetchall()
        )
        return [Allocation.from_row(row_of(_COLUMNS, values, _AMOUNT)) for values in rows]
