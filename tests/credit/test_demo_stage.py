"""The credit demo stage runs over a temp SQLite file and prints its tables."""

from __future__ import annotations

import io
import random
from datetime import date
from pathlib import Path

from rich.console import Console

from otccore._demo.context import DemoContext
from otccore._demo.credit import stage
from otccore.adapters.memory import MemoryReceivables
from otccore.adapters.sqlite import SqliteCredit, SqliteDatabase
from otccore.credit import OrderStatus
from otccore.money import money
from otccore.receivables import Customer, OpenItem


def test_stage_checks_orders_and_prints_lights(tmp_path: Path) -> None:
    book = MemoryReceivables()
    customers = [
        Customer.create("G", "Group AG", "EUR"),
        Customer.create("G1", "Group Sub 1", "EUR", parent_id="G"),
        Customer.create("U", "US Corp", "USD"),
        Customer.create("S", "Small Ltd", "GBP"),
    ]
    book.add_customers(customers)
    book.add_items(
        [
            OpenItem.invoice(
                f"I{i}",
                c.id,
                money(1000 + i, c.currency),
                issued=date(2026, 1, 1),
                due=date(2026, 1, 31),
            )
            for i, c in enumerate(customers * 3)
        ]
    )
    out = io.StringIO()
    db = SqliteDatabase(tmp_path / "demo.sqlite")
    ctx = DemoContext(
        console=Console(file=out, width=140),
        db=db,
        store=book,
        as_of=date(2026, 3, 31),
        rng=random.Random(7),
        size=40,
        customers=customers,
    )
    stage(ctx)
    text = out.getvalue()
    assert "orders checked on 2026-03-31" in text
    assert "Customers by traffic light" in text
    assert "Group Sub 1 (G1)" in text
    credit = SqliteCredit(db)
    orders = credit.list_orders()
    assert len(orders) == 40
    released = [o for o in orders if o.release is not None]
    assert all(o.status is OrderStatus.OPEN for o in released)
    assert all(o.release is not None and o.release.by.startswith("A. Moreau") for o in released)
    assert credit.get_account("G1").parent_id == "G"  # type: ignore[arg-type]
    db.close()
