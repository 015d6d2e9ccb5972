"""Benchmark: the SQLite receivables store writing and loading N open items.

Times, in one run:

1. building N ``OpenItem`` values (reported on its own: it is the domain's cost,
   not the store's);
2. ``SqliteReceivables.add_items`` of those items (one all-or-nothing bulk insert),
   against a baseline of a raw ``sqlite3`` ``executemany`` of ready-made row tuples
   into an identical empty table (the floor any Python store pays);
   (The store rebuilds the customer index after a batch this large; the raw
   baseline updates it row by row, so the ratio can fall below 1.)
3. ``SqliteReceivables.item_table`` loading them back as an ``ItemTable``, against
   ``pandas.read_sql`` of the same columns of the same rows.

The issue's target: the SQLite adapter loads 1,000,000 items in under 10 s (both
directions are reported). Prints one JSON object with wall-clock and CPU seconds
(on a shared machine the CPU figures are the steadier ones).

    python benchmarks/sqlite_load.py --size 1000000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import pandas as pd

from otccore.adapters.sqlite import RECEIVABLES_SCHEMA, SqliteReceivables
from otccore.money import from_minor
from otccore.receivables import ItemKind, OpenItem

TARGET_S = 10.0


def build_items(size: int, seed: int) -> list[OpenItem]:
    rng = random.Random(seed)
    customers = [f"C{n:06d}" for n in range(max(1, size // 100))]
    start = date(2025, 1, 1)
    items = []
    for n in range(size):
        issued = start + timedelta(days=rng.randrange(365))
        units = rng.randrange(100, 5_000_000)
        if rng.random() < 0.05:
            kind, units = ItemKind.CREDIT_NOTE, -units
            due = issued
        else:
            kind = ItemKind.INVOICE
            due = issued + timedelta(days=rng.choice((14, 30, 60)))
        open_units = units if rng.random() < 0.8 else (0 if rng.random() < 0.5 else units // 2)
        items.append(
            OpenItem.create(
                kind,
                f"D{n:08d}",
                rng.choice(customers),
                from_minor(units, "EUR"),
                issue_date=issued,
                due_date=due,
                open=from_minor(open_units, "EUR"),
                disputed=rng.random() < 0.02,
            )
        )
    return items


class Clock:
    """Wall-clock and CPU seconds since creation (CPU time is steadier on a shared machine)."""

    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.cpu = time.process_time()

    def lap(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


def raw_insert_seconds(items: list[OpenItem], folder: Path) -> tuple[float, float]:
    rows = [
        (
            i.id,
            i.kind.value,
            i.number,
            i.customer_id,
            "EUR",
            int(i.original.amount.scaleb(2)),
            int(i.open.amount.scaleb(2)),
            i.issue_date.isoformat(),
            i.due_date.isoformat(),
            int(i.disputed),
            None,
            None,
            None,
            0,
        )
        for i in items
    ]
    con = sqlite3.connect(folder / "raw.sqlite", isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    schema = RECEIVABLES_SCHEMA.migrations[0]
    for statement in (s.strip() for s in schema.split(";")):
        if statement.startswith(("CREATE TABLE rcv_items ", "CREATE INDEX rcv_items_")):
            con.execute(statement)
    clock = Clock()
    con.execute("BEGIN IMMEDIATE")
    con.executemany(f"INSERT INTO rcv_items VALUES ({', '.join('?' * 14)})", rows)
    con.execute("COMMIT")
    seconds = clock.lap()
    con.close()
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="number of open items")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "book.sqlite"

        clock = Clock()
        items = build_items(args.size, args.seed)
        build_s, build_cpu = clock.lap()
        expected_open = sum(1 for i in items if i.is_open)

        store = SqliteReceivables(path)
        clock = Clock()
        store.add_items(items)
        insert_s, insert_cpu = clock.lap()
        raw_s, raw_cpu = raw_insert_seconds(items, folder)
        del items

        clock = Clock()
        table = store.item_table(currency="EUR")
        load_s, load_cpu = clock.lap()
        assert len(table) == expected_open, (len(table), expected_open)

        con = sqlite3.connect(path)
        clock = Clock()
        frame = pd.read_sql(
            "SELECT customer_id, open_minor, issue_date, due_date, disputed FROM rcv_items "
            "WHERE currency = 'EUR' AND open_minor != 0 ORDER BY id",
            con,
        )
        pandas_s, pandas_cpu = clock.lap()
        con.close()
        assert len(frame) == len(table)
        store.close()
        file_mib = path.stat().st_size / 2**20

    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    result = {
        "benchmark": "sqlite_load",
        "size": args.size,
        "build_items_s": round(build_s, 3),
        "build_items_cpu_s": round(build_cpu, 3),
        "insert_s": round(insert_s, 3),
        "insert_cpu_s": round(insert_cpu, 3),
        "insert_items_per_s": round(args.size / insert_s) if insert_s else None,
        "baseline_raw_executemany_s": round(raw_s, 3),
        "baseline_raw_executemany_cpu_s": round(raw_cpu, 3),
        "insert_ratio_to_raw": round(insert_s / raw_s, 2) if raw_s else None,
        "open_items_loaded": len(table),
        "item_table_s": round(load_s, 3),
        "item_table_cpu_s": round(load_cpu, 3),
        "item_table_items_per_s": round(len(table) / load_s) if load_s else None,
        "baseline_pandas_read_sql_s": round(pandas_s, 3),
        "baseline_pandas_read_sql_cpu_s": round(pandas_cpu, 3),
        "item_table_ratio_to_pandas": round(load_s / pandas_s, 2) if pandas_s else None,
        "target_s": TARGET_S,
        "insert_within_target": insert_s < TARGET_S,
        "load_within_target": load_s < TARGET_S,
        "file_mib": round(file_mib, 1),
        "peak_rss_mib": round(peak_kib / 1024, 1),
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
    }
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
