import io
import random

from rich.console import Console

from otccore._demo.context import DemoContext
from otccore._demo.matching import stage
from otccore.adapters.memory import MemoryReceivables
from otccore.adapters.sqlite import SqliteDatabase
from otccore.testing.scenarios import generate_scenario


def test_stage_applies_cash_and_prints(tmp_path):
    sc = generate_scenario(payments=120, seed=11)
    store = MemoryReceivables()
    store.add_customers(sc.customers)
    store.add_items(sc.items)
    out = io.StringIO()
    db = SqliteDatabase(tmp_path / "demo.sqlite")
    try:
        ctx = DemoContext(
            console=Console(file=out, width=140),
            db=db,
            store=store,
            as_of=sc.as_of,
            rng=random.Random(1),
            size=120,
            customers=list(sc.customers),
        )
        stage(ctx)
    finally:
        db.close()
    text = out.getvalue()
    assert "payment-level auto-apply rate" in text
    assert "precision of posted links" in text
    assert store.list_allocations()  # cash was really applied
    assert any(p.id.startswith("CASH-") for p in store.list_payments())


def test_stage_with_an_empty_book(tmp_path):
    out = io.StringIO()
    db = SqliteDatabase(tmp_path / "demo.sqlite")
    try:
        ctx = DemoContext(
            console=Console(file=out), db=db, store=MemoryReceivables(),
            as_of=generate_scenario(payments=1).as_of, rng=random.Random(1), size=1,
        )  # fmt: skip
        stage(ctx)
    finally:
        db.close()
    assert "no open invoices" in out.getvalue()
