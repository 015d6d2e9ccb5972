"""The credit demo stage: limits follow the risk stage's payment classes, and it prints its tables."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta
from pathlib import Path

from rich.console import Console

from otccore._demo import risk
from otccore._demo.context import DemoContext
from otccore._demo.credit import RATES, stage
from otccore.adapters.memory import MemoryReceivables
from otccore.adapters.sqlite import SqliteCredit, SqliteDatabase
from otccore.credit import OrderStatus, TrafficLight, account_status
from otccore.money import from_minor, money, to_minor
from otccore.receivables import Allocation, Customer, CustomerId, OpenItem, Payment

AS_OF = date(2026, 3, 31)
FIRST = date(2025, 4, 1)  # twelve monthly invoices, April to March: the book covers 12 months


def _book() -> tuple[MemoryReceivables, list[Customer]]:
    """G and its child G1 pay early, U pays three months late, S has paid nothing yet."""
    book = MemoryReceivables()
    customers = [
        Customer.create("G", "Group AG", "EUR"),
        Customer.create("G1", "Group Sub 1", "EUR", parent_id="G"),
        Customer.create("U", "US Corp", "USD"),
        Customer.create("S", "Small Ltd", "GBP"),
    ]
    book.add_customers(customers)
    delay = {"G": -5, "G1": -5, "U": 90}  # days after the due date each pays
    items, payments, allocations = [], [], []
    for c in customers:
        for month in range(12):
            issued = FIRST + timedelta(days=30 * month)
            item = OpenItem.invoice(
                f"{c.id}-I{month}",
                c.id,
                money(1_200, c.currency),
                issue_date=issued,
                due_date=issued + timedelta(days=30),
            )
            items.append(item)
            if c.id in delay and item.due_date + timedelta(days=delay[c.id]) <= AS_OF:
                pid = f"{c.id}-P{month}"
                paid_on = item.due_date + timedelta(days=delay[c.id])
                payments.append(
                    Payment.create(pid, item.original, value_date=paid_on, customer_id=c.id)
                )
                allocations.append(
                    Allocation.create("applied", item.original, payment_id=pid, item_id=item.id)
                )
    book.add_items(items)
    book.add_payments(payments)
    book.record_allocations(allocations)
    return book, customers


def _run(tmp_path: Path, *, with_risk_stage: bool) -> tuple[str, SqliteDatabase, DemoContext]:
    book, customers = _book()
    out = io.StringIO()
    db = SqliteDatabase(tmp_path / "demo.sqlite")
    ctx = DemoContext(
        console=Console(file=out, width=140),
        db=db,
        store=book,
        as_of=AS_OF,
        rng=random.Random(7),
        size=40,
        customers=customers,
    )
    if with_risk_stage:
        risk.stage(ctx)
    stage(ctx)
    return out.getvalue(), db, ctx


def test_limits_follow_the_payment_classes_of_the_risk_stage(tmp_path: Path) -> None:
    text, db, ctx = _run(tmp_path, with_risk_stage=True)
    behaviours = risk.payment_behaviours(ctx)
    credit = SqliteCredit(db)

    def account(cid: str):  # type: ignore[no-untyped-def]
        return credit.get_account(CustomerId(cid))

    # the class the risk stage shows is the class the credit stage gives
    for cid in ("G", "G1", "U"):
        index = behaviours[cid].index
        assert index is not None
        assert account(cid).risk_class == risk.PAYMENT_CLASSES.classify(index).name
    assert account("G").risk_class == "A"  # pays promptly ...
    assert account("U").risk_class == "D"  # ... pays very late
    assert account("S").risk_class == "C"  # no payment yet: starts in C
    # monthly sales are a year's sales / 12: 1,200 a month; A may owe 3 months, C one
    assert account("G").limit.amount == money(3_600, "EUR")
    assert account("G1").limit.amount == money(3_600, "EUR")
    assert account("S").limit.amount == money(1_200, "GBP")
    assert account("U").limit.amount == money(0, "USD")
    assert "the book covers 12 months" in " ".join(text.split())
    # prompt payers are not red (they owe nothing overdue), the blocked class is
    lights = {
        cid: account_status(account(cid), as_of=AS_OF, rates=RATES).light
        for cid in ("G", "G1", "S", "U")
    }
    assert lights["G1"] is not TrafficLight.RED
    assert lights["U"] is TrafficLight.RED
    # the blocked class is rejected, never approved
    u = credit.list_orders(customer_id=CustomerId("U"))
    assert u and all(o.status is OrderStatus.REJECTED for o in u)
    db.close()


def test_stage_alone_checks_orders_and_prints_its_tables(tmp_path: Path) -> None:
    text, db, _ = _run(tmp_path, with_risk_stage=False)  # computes the behaviour itself
    assert "orders checked on 2026-03-31" in text
    assert "Customers by traffic light" in text
    assert "Group Sub 1 (G1)" in text
    credit = SqliteCredit(db)
    orders = credit.list_orders()
    assert len(orders) == 40
    statuses = {o.status for o in orders}
    assert OrderStatus.OPEN in statuses and OrderStatus.REJECTED in statuses
    released = [o for o in orders if o.release is not None]
    assert released, "some held orders are released"
    assert all(o.status is OrderStatus.OPEN for o in released)
    assert all(o.release is not None and o.release.by.startswith("A. Moreau") for o in released)
    assert credit.get_account(CustomerId("G1")).parent_id == "G"
    # every limit is exact to the minor unit of the account's currency
    for a in credit.list_accounts():
        assert a.limit.amount is not None
        assert from_minor(to_minor(a.limit.amount), a.currency) == a.limit.amount
    db.close()
