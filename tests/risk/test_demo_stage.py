import io
import random
from datetime import date, timedelta

from rich.console import Console

from otccore._demo.context import DemoContext
from otccore._demo.risk import stage
from otccore.adapters.memory import MemoryReceivables
from otccore.adapters.sqlite import SqliteDatabase
from otccore.money import money
from otccore.receivables import Allocation, Customer, OpenItem, Payment


def build_book(n_customers=6, per_customer=30, seed=4):
    rnd = random.Random(seed)
    store = MemoryReceivables()
    customers = [Customer.create(f"C{i}", f"Customer {i}", "EUR") for i in range(n_customers)]
    store.add_customers(customers)
    items, payments, allocations = [], [], []
    for c_index, c in enumerate(customers):
        for k in range(per_customer):
            issued = date(2025, 7, 1) + timedelta(days=rnd.randint(0, 300))
            due = issued + timedelta(days=30)
            amount = money(f"{rnd.randint(1000, 900000) / 100:.2f}", "EUR")
            item_id = f"{c.id}-I{k}"
            items.append(OpenItem.invoice(item_id, c.id, amount, issue_date=issued, due_date=due))
            late = rnd.randint(-10, 0) + 15 * c_index
            paid = due + timedelta(days=late)
            if paid <= date(2026, 6, 30) and rnd.random() < 0.8:
                pid = f"P-{item_id}"
                payments.append(Payment.create(pid, amount, value_date=paid, customer_id=c.id))
                allocations.append(
                    Allocation.create("applied", amount, payment_id=pid, item_id=item_id)
                )
    store.add_items(items)
    store.add_payments(payments)
    store.record_allocations(allocations)
    return store, customers


def test_stage_prints_behaviour_classes_and_benford(tmp_path):
    store, customers = build_book()
    out = io.StringIO()
    ctx = DemoContext(
        console=Console(file=out, width=140),
        db=SqliteDatabase(tmp_path / "demo.sqlite"),
        store=store,
        as_of=date(2026, 6, 30),
        rng=random.Random(1),
        size=len(customers),
        customers=customers,
    )
    try:
        stage(ctx)
    finally:
        ctx.db.close()
    text = out.getvalue()
    assert "Payment behaviour" in text
    assert "Customers per risk class" in text
    assert "Benford first digit on 180 invoice amounts" in text
    assert "only 180 records" in text  # the small-sample warning
    # the punctual customer C0 lands in class A, the slowest in a worse class
    rows = {
        cells[1].strip(): [c.strip() for c in cells]
        for cells in (line.split("│") for line in text.splitlines() if line.startswith("│ C"))
    }
    assert rows["C0"][7] == "A"
    assert rows["C5"][7] == "D"


def test_stage_copes_with_an_empty_book(tmp_path):
    out = io.StringIO()
    ctx = DemoContext(
        console=Console(file=out, width=120),
        db=SqliteDatabase(tmp_path / "demo.sqlite"),
        store=MemoryReceivables(),
        as_of=date(2026, 6, 30),
        rng=random.Random(1),
        size=0,
    )
    try:
        stage(ctx)
    finally:
        ctx.db.close()
    assert "not enough invoice amounts" in out.getvalue()
