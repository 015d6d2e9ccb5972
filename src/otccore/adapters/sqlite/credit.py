"""SQLite credit store on the shared :class:`~otccore.adapters.sqlite.SqliteDatabase`.

Tables ``credit_account`` (one row per account: limit, exposure per category in
minor units, version), ``credit_order`` and ``credit_transit``, declared as the
``credit`` schema component. :meth:`SqliteCredit.commit` runs in one
``BEGIN IMMEDIATE`` transaction and updates each account with
``... WHERE version = ?`` in sorted id order: a stale version raises
:class:`~otccore.errors.ConcurrencyConflict` and rolls the whole change back.

Example:
    >>> from otccore.adapters.sqlite import SqliteCredit
    >>> from otccore.money import money
    >>> import tempfile, pathlib
    >>> from otccore.adapters.sqlite import SqliteDatabase
    >>> from otccore.credit import CreditAccount, CreditChange, CreditLimit
    >>> db = SqliteDatabase(pathlib.Path(tempfile.mkdtemp()) / "credit.sqlite")
    >>> store = SqliteCredit(db)
    >>> acc = CreditAccount.open("C1", "EUR", limit=CreditLimit.of(money(500, "EUR"))).next_version()
    >>> store.commit(CreditChange(accounts=(acc,)))
    >>> store.get_account("C1") == acc
    True
    >>> db.close()
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Collection, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Final, TypeVar

from otccore.adapters.sqlite._db import Component, SqliteDatabase
from otccore.credit.accounts import CreditAccount
from otccore.credit.exposure import CATEGORIES, Exposure, ExposureCategory
from otccore.credit.limits import CreditLimit, TemporaryLimit
from otccore.credit.orders import (
    Order,
    OrderId,
    OrderKind,
    OrderRecord,
    OrderStatus,
    Release,
    TransitPayment,
)
from otccore.credit.ports import CreditChange
from otccore.errors import ConcurrencyConflict, DuplicateId, InvalidInput, NotFound
from otccore.money import Money
from otccore.receivables import CustomerId, PaymentId

__all__ = ["CREDIT_SCHEMA", "SqliteCredit"]

_EXPOSURE_COLUMNS: Final = tuple(f"x_{c.value}" for c in CATEGORIES)

CREDIT_SCHEMA: Final = Component(
    "credit",
    (
        "CREATE TABLE credit_account ("
        " customer_id TEXT PRIMARY KEY, parent_id TEXT, currency TEXT NOT NULL,"
        " credit_limit TEXT NOT NULL, risk_class TEXT, review_date TEXT,"
        " version INTEGER NOT NULL, "
        + ", ".join(f"{c} INTEGER NOT NULL" for c in _EXPOSURE_COLUMNS)
        + ");"
        "CREATE INDEX credit_account_parent ON credit_account (parent_id);"
        "CREATE TABLE credit_order ("
        " order_id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, kind TEXT NOT NULL,"
        " currency TEXT NOT NULL, amount TEXT NOT NULL, order_date TEXT NOT NULL,"
        " scheduled TEXT, status TEXT NOT NULL, open_amount TEXT NOT NULL,"
        " delivered TEXT NOT NULL, release TEXT);"
        "CREATE INDEX credit_order_customer ON credit_order (customer_id, status, scheduled);"
        "CREATE TABLE credit_transit ("
        " payment_id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, currency TEXT NOT NULL,"
        " amount TEXT NOT NULL, value_date TEXT NOT NULL);"
        "CREATE INDEX credit_transit_customer ON credit_transit (customer_id);",
    ),
)
"""The ``credit`` schema component (version 1)."""

_ACCOUNT_COLUMNS: Final = (
    "customer_id, parent_id, currency, credit_limit, risk_class, review_date, version, "
    + ", ".join(_EXPOSURE_COLUMNS)
)
_ORDER_COLUMNS: Final = (
    "order_id, customer_id, kind, currency, amount, order_date, scheduled, status, "
    "open_amount, delivered, release"
)
_TRANSIT_COLUMNS: Final = "payment_id, customer_id, currency, amount, value_date"
_T = TypeVar("_T")


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value is not None else None


def _limit_json(limit: CreditLimit) -> str:
    return json.dumps(
        {
            "currency": limit.currency,
            "amount": str(limit.amount.amount) if limit.amount is not None else None,
            "valid_from": _iso(limit.valid_from),
            "valid_to": _iso(limit.valid_to),
            "temporary": [
                [str(t.amount.amount), t.valid_from.isoformat(), t.valid_to.isoformat()]
                for t in limit.temporary
            ],
            "sub_limits": [[c.value, str(m.amount)] for c, m in limit.sub_limits],
        },
        sort_keys=True,
    )


def _limit(text: str) -> CreditLimit:
    data: dict[str, Any] = json.loads(text)
    cur = data["currency"]
    return CreditLimit(
        currency=cur,
        amount=Money(Decimal(data["amount"]), cur) if data["amount"] is not None else None,
        valid_from=_day(data["valid_from"]),
        valid_to=_day(data["valid_to"]),
        temporary=tuple(
            TemporaryLimit(Money(Decimal(a), cur), date.fromisoformat(f), date.fromisoformat(t))
            for a, f, t in data["temporary"]
        ),
        sub_limits=tuple(
            (ExposureCategory(c), Money(Decimal(a), cur)) for c, a in data["sub_limits"]
        ),
    )


def _account(row: Sequence[Any]) -> CreditAccount:
    cur = row[2]
    return CreditAccount(
        customer_id=CustomerId(row[0]),
        currency=cur,
        limit=_limit(row[3]),
        exposure=Exposure(cur, tuple(int(v) for v in row[7:])),
        parent_id=CustomerId(row[1]) if row[1] is not None else None,
        risk_class=row[4],
        review_date=_day(row[5]),
        version=int(row[6]),
    )


def _account_values(a: CreditAccount) -> tuple[Any, ...]:
    return (
        a.customer_id,
        a.parent_id,
        a.currency,
        _limit_json(a.limit),
        a.risk_class,
        _iso(a.review_date),
        a.version,
        *a.exposure.minor,
    )


def _release_json(r: Release | None) -> str | None:
    if r is None:
        return None
    return json.dumps(
        [r.by, r.reason, r.release_date.isoformat(), r.valid_to.isoformat(), str(r.amount.amount)]
    )


def _release(text: str | None, cur: str) -> Release | None:
    if text is None:
        return None
    by, reason, on, until, value = json.loads(text)
    return Release(
        by, reason, date.fromisoformat(on), date.fromisoformat(until), Money(Decimal(value), cur)
    )


def _order(row: Sequence[Any]) -> OrderRecord:
    cur = row[3]
    order = Order(
        id=OrderId(row[0]),
        customer_id=CustomerId(row[1]),
        amount=Money(Decimal(row[4]), cur),
        order_date=date.fromisoformat(row[5]),
        delivery_date=_day(row[6]),
        kind=OrderKind(row[2]),
    )
    return OrderRecord(
        order=order,
        status=OrderStatus(row[7]),
        open=Money(Decimal(row[8]), cur),
        delivered=Money(Decimal(row[9]), cur),
        release=_release(row[10], cur),
    )


def _order_values(r: OrderRecord) -> tuple[Any, ...]:
    o = r.order
    return (
        o.id,
        o.customer_id,
        o.kind.value,
        o.currency,
        str(o.amount.amount),
        o.order_date.isoformat(),
        _iso(o.delivery_date),
        r.status.value,
        str(r.open.amount),
        str(r.delivered.amount),
        _release_json(r.release),
    )


def _transit(row: Sequence[Any]) -> TransitPayment:
    return TransitPayment(
        id=PaymentId(row[0]),
        customer_id=CustomerId(row[1]),
        amount=Money(Decimal(row[3]), row[2]),
        value_date=date.fromisoformat(row[4]),
    )


class SqliteCredit:
    """A :class:`~otccore.credit.CreditStore` in the shared SQLite file.

    Example:
        >>> from otccore.adapters.sqlite import SqliteCredit
        >>> import tempfile, pathlib
        >>> from otccore.adapters.sqlite import SqliteDatabase
        >>> db = SqliteDatabase(pathlib.Path(tempfile.mkdtemp()) / "c.sqlite")
        >>> SqliteCredit(db).list_accounts()
        []
        >>> db.schema_version("credit")
        1
        >>> db.close()
    """

    def __init__(self, db: SqliteDatabase) -> None:
        self._db = db
        db.ensure(CREDIT_SCHEMA)

    def _find(self, sql: str, key: str, build: Callable[[Sequence[Any]], _T]) -> _T | None:
        """The one row ``sql`` finds by ``key``, built by ``build``; or ``None``."""
        row = self._db.read().execute(sql, (key,)).fetchone()
        return None if row is None else build(row)

    def get_account(self, customer_id: CustomerId) -> CreditAccount:
        """The account, or ``NotFound``."""
        account = self.find_account(customer_id)
        if account is None:
            raise NotFound(f"no credit account for customer {customer_id!r}")
        return account

    def find_account(self, customer_id: CustomerId) -> CreditAccount | None:
        """The account, or ``None``."""
        sql = f"SELECT {_ACCOUNT_COLUMNS} FROM credit_account WHERE customer_id = ?"  # noqa: S608
        return self._find(sql, customer_id, _account)

    def list_accounts(self, *, parent_id: CustomerId | None = None) -> list[CreditAccount]:
        """All accounts, or the direct children of ``parent_id``, sorted by id."""
        sql = f"SELECT {_ACCOUNT_COLUMNS} FROM credit_account"  # noqa: S608 - fixed columns
        params: tuple[Any, ...] = ()
        if parent_id is not None:
            sql += " WHERE parent_id = ?"
            params = (parent_id,)
        rows = self._db.read().execute(sql + " ORDER BY customer_id", params).fetchall()
        return [_account(r) for r in rows]

    def find_order(self, order_id: OrderId) -> OrderRecord | None:
        """The order record, or ``None``."""
        sql = f"SELECT {_ORDER_COLUMNS} FROM credit_order WHERE order_id = ?"  # noqa: S608
        return self._find(sql, order_id, _order)

    def list_orders(
        self, *, customer_id: CustomerId | None = None, open_only: bool = False
    ) -> list[OrderRecord]:
        """Order records, sorted by id; only a customer's, only open ones, or both."""
        clauses: list[str] = []
        params: list[Any] = []
        if customer_id is not None:
            clauses.append("customer_id = ?")
            params.append(customer_id)
        if open_only:
            clauses.append("status = ?")
            params.append(OrderStatus.OPEN.value)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = (
            self._db.read()
            .execute(f"SELECT {_ORDER_COLUMNS} FROM credit_order{where} ORDER BY order_id", params)  # noqa: S608
            .fetchall()
        )
        return [_order(r) for r in rows]

    def open_orders_after(
        self, customer_ids: Collection[CustomerId], after: date
    ) -> list[OrderRecord]:
        """Open orders of these customers to be delivered after ``after``, sorted by id.

        Orders without a delivery date ship at once and are never after anything.
        """
        result: list[OrderRecord] = []
        con = self._db.read()
        for c in sorted(set(customer_ids)):
            rows = con.execute(
                f"SELECT {_ORDER_COLUMNS} FROM credit_order "  # noqa: S608 - fixed columns
                "WHERE customer_id = ? AND status = ? AND scheduled > ?",
                (c, OrderStatus.OPEN.value, after.isoformat()),
            ).fetchall()
            result.extend(_order(r) for r in rows)
        return sorted(result, key=lambda r: r.id)

    def find_transit(self, payment_id: PaymentId) -> TransitPayment | None:
        """The payment in transit, or ``None``."""
        sql = f"SELECT {_TRANSIT_COLUMNS} FROM credit_transit WHERE payment_id = ?"  # noqa: S608
        return self._find(sql, payment_id, _transit)

    def list_transits(self, *, customer_id: CustomerId | None = None) -> list[TransitPayment]:
        """Payments in transit, sorted by id, optionally only one customer's."""
        sql = f"SELECT {_TRANSIT_COLUMNS} FROM credit_transit"  # noqa: S608 - fixed columns
        params: tuple[Any, ...] = ()
        if customer_id is not None:
            sql += " WHERE customer_id = ?"
            params = (customer_id,)
        rows = self._db.read().execute(sql + " ORDER BY payment_id", params).fetchall()
        return [_transit(r) for r in rows]

    def commit(self, change: CreditChange) -> None:
        """Apply ``change`` in one ``BEGIN IMMEDIATE`` transaction (all or nothing)."""
        if not isinstance(change, CreditChange):
            raise InvalidInput(f"not a CreditChange: {change!r}")
        update = (
            "UPDATE credit_account SET parent_id = ?, currency = ?, credit_limit = ?, "  # noqa: S608 - fixed columns
            "risk_class = ?, review_date = ?, version = ?, "
            + ", ".join(f"{c} = ?" for c in _EXPOSURE_COLUMNS)
            + " WHERE customer_id = ? AND version = ?"
        )
        insert = (
            f"INSERT INTO credit_account ({_ACCOUNT_COLUMNS}) "  # noqa: S608 - fixed columns
            f"VALUES ({', '.join('?' * (7 + len(_EXPOSURE_COLUMNS)))})"
        )
        with self._db.write() as con:
            inserted: list[CreditAccount] = []
            for a in sorted(change.accounts, key=lambda a: a.customer_id):
                values = _account_values(a)
                if a.version == 1:
                    try:
                        con.execute(insert, values)
                    except sqlite3.IntegrityError:
                        raise DuplicateId(
                            f"credit account {a.customer_id!r} exists already"
                        ) from None
                    inserted.append(a)
                    continue
                cur = con.execute(update, (*values[1:], a.customer_id, a.version - 1))
                if cur.rowcount != 1:
                    row = con.execute(
                        "SELECT version FROM credit_account WHERE customer_id = ?",
                        (a.customer_id,),
                    ).fetchone()
                    if row is None:
                        raise NotFound(f"no credit account for customer {a.customer_id!r}")
                    raise ConcurrencyConflict(
                        f"credit account {a.customer_id!r} is at version {row[0]}, "
                        f"the write was based on {a.version - 1}"
                    )
            for a in inserted:
                if a.parent_id is not None and (
                    con.execute(
                        "SELECT 1 FROM credit_account WHERE customer_id = ?", (a.parent_id,)
                    ).fetchone()
                    is None
                ):
                    raise NotFound(f"no credit account for parent {a.parent_id!r}")
            for r in change.orders:
                row = con.execute(
                    "SELECT customer_id FROM credit_order WHERE order_id = ?", (r.id,)
                ).fetchone()
                if row is not None and row[0] != r.customer_id:
                    raise InvalidInput(
                        f"order {r.id!r} belongs to {row[0]!r}, not {r.customer_id!r}"
                    )
                con.execute(
                    f"INSERT OR REPLACE INTO credit_order ({_ORDER_COLUMNS}) "  # noqa: S608
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    _order_values(r),
                )
            for payment_id in change.cleared:
                cur = con.execute("DELETE FROM credit_transit WHERE payment_id = ?", (payment_id,))
                if cur.rowcount != 1:
                    raise NotFound(f"no payment {payment_id!r} in transit")
            for t in change.transits:
                try:
                    con.execute(
                        "INSERT INTO credit_transit VALUES (?, ?, ?, ?, ?)",
                        (
                            t.id,
                            t.customer_id,
                            t.amount.currency.code,
                            str(t.amount.amount),
                            t.value_date.isoformat(),
                        ),
                    )
                except sqlite3.IntegrityError:
                    raise DuplicateId(f"payment {t.id!r} is already in transit") from None
