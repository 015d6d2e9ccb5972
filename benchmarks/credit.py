"""Benchmark: check_and_reserve against one customer with many open items.

The check reads the customer's account (exposure kept incrementally, with a
version) and writes one atomic change, so its cost must not depend on how many
open items the customer has. The baseline is the naive check that recomputes
exposure from the items for every order (as ERPs do), timed in the same run:
once over the OpenItem objects (brute force) and once as a numpy sum over an
int64 column of open amounts (the best case for recomputing).

Prints one JSON object. ``--size`` is the number of open items (default 1,000,000);
the check is also timed at ``size // 100`` items to show it does not grow.

The ``overdue`` part times the same check with a rule that also has the overdue
steps (oldest overdue item, overdue share), whose facts come from the receivables
book: the memory and SQLite books answer them from totals kept on every write (the
``ItemTotals`` port), and the baseline is the naive scan of every open item per
check (an item source without that port). It runs at 10,000 items and at
``--size`` (``size // 10`` below 100,000) to show the growth.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from otccore.adapters.memory import FixedClock, MemoryCredit, MemoryEventSink, MemoryReceivables
from otccore.adapters.sqlite import SqliteCredit, SqliteDatabase, SqliteReceivables
from otccore.credit import (
    CheckRule,
    CreditLimit,
    CreditService,
    CreditStore,
    ItemSource,
    OldestOverdue,
    Order,
    OverdueShare,
    StaticLimit,
    compute_exposure,
)
from otccore.money import StaticRates, from_minor, money, to_minor
from otccore.receivables import OpenItem

DAY = date(2026, 3, 2)
RATES = StaticRates({})


class ItemList:
    """The smallest item source: a list of open items of one customer."""

    def __init__(self, items: list[OpenItem]) -> None:
        self.items = items

    def list_items(
        self,
        *,
        customer_id: str | None = None,
        open_only: bool = False,
        currency: str | None = None,
    ) -> list[OpenItem]:
        return self.items


def make_items(n: int) -> list[OpenItem]:
    issued = [DAY - timedelta(days=d) for d in range(120)]
    due = [d + timedelta(days=30) for d in issued]
    return [
        OpenItem.invoice(
            f"I{i:07d}",
            "C1",
            from_minor(1_000 + (i * 7919) % 100_000, "EUR"),
            issue_date=issued[i % 120],
            due_date=due[i % 120],
        )
        for i in range(n)
    ]


def quantile(ordered: list[float], q: float) -> float:
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def percentiles(samples: list[float], cpu: list[float]) -> dict[str, float]:
    """Wall-clock p50/p90/p99, and the p99 of the thread's CPU time (which leaves out
    the time the thread was preempted on a shared machine)."""
    ordered = sorted(samples)
    return {
        "p50_us": round(statistics.median(ordered) * 1e6, 2),
        "p90_us": round(quantile(ordered, 0.90) * 1e6, 2),
        "p99_us": round(quantile(ordered, 0.99) * 1e6, 2),
        "cpu_p99_us": round(quantile(sorted(cpu), 0.99) * 1e6, 2),
        "n": len(ordered),
    }


def time_checks(
    svc: CreditService, prefix: str, count: int, cpu: list[float] | None = None
) -> list[float]:
    """Time ``count`` checks one by one; the garbage collector is off while timing,
    as ``timeit`` does, so a collection of the item list does not land in one sample."""
    amount = money("10.00", "EUR")
    orders = [Order.create(f"{prefix}-{i}", "C1", amount, order_date=DAY) for i in range(count)]
    samples: list[float] = []
    gc.collect()
    gc.disable()
    try:
        for order in orders:
            start_cpu = time.thread_time()
            start = time.perf_counter()
            decision = svc.check_and_reserve(order)
            samples.append(time.perf_counter() - start)
            if cpu is not None:
                cpu.append(time.thread_time() - start_cpu)
            assert decision.approved
    finally:
        gc.enable()
    return samples


# Limit, then the two overdue steps; the items (due 30 days after issue, issued over
# 120 days) are 89 days overdue at most and about 74 % overdue, so orders pass.
OVERDUE_RULE = CheckRule.of(
    [(StaticLimit(), "hold"), (OldestOverdue(120), "hold"), (OverdueShare(90), "hold")]
)


def service(store: CreditStore, items: ItemSource, rule: CheckRule | None = None) -> CreditService:
    svc = CreditService(
        store, items, rates=RATES, events=MemoryEventSink(), clock=FixedClock(DAY), rule=rule
    )
    svc.open_account("C1", "EUR", limit=CreditLimit.of(money(10**12, "EUR")))
    return svc


def naive_check(items: list[OpenItem], order: Order, limit: int) -> bool:
    exposure = compute_exposure("EUR", items=items, rates=RATES)
    return exposure.total_minor() + to_minor(order.amount) <= limit


def time_it(fn: Callable[[], object], reps: int) -> list[float]:
    samples = []
    for _ in range(reps):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def run_size(items: list[OpenItem], checks: int, tmp: Path, label: str) -> dict[str, object]:
    source = ItemList(items)
    mem = service(MemoryCredit(), source)
    time_checks(mem, f"warm-{label}", 200)
    mem_cpu: list[float] = []
    mem_samples = time_checks(mem, f"m-{label}", checks, mem_cpu)
    db = SqliteDatabase(tmp / f"credit-{label}.sqlite")
    sql = service(SqliteCredit(db), source)
    time_checks(sql, f"warm-{label}", 50)
    sql_cpu: list[float] = []
    sql_samples = time_checks(sql, f"s-{label}", max(checks // 2, 50), sql_cpu)
    db.close()
    exposure = mem.exposure("C1").total()
    return {
        "open_items": len(items),
        "exposure": str(exposure.amount),
        "memory": percentiles(mem_samples, mem_cpu),
        "sqlite": percentiles(sql_samples, sql_cpu),
    }


def run_overdue(items: list[OpenItem], checks: int, tmp: Path, label: str) -> dict[str, object]:
    """The overdue rule over the memory book, the SQLite book and the naive scan."""
    book = MemoryReceivables()
    book.add_items(items)
    mem = service(MemoryCredit(), book, OVERDUE_RULE)
    time_checks(mem, f"warm-{label}", 200)
    mem_cpu: list[float] = []
    mem_samples = time_checks(mem, f"m-{label}", checks, mem_cpu)

    db = SqliteDatabase(tmp / f"overdue-{label}.sqlite")
    load_start = time.perf_counter()
    SqliteReceivables(db).add_items(items)
    load_s = time.perf_counter() - load_start
    sql = service(SqliteCredit(db), SqliteReceivables(db), OVERDUE_RULE)
    time_checks(sql, f"warm-{label}", 50)
    sql_cpu: list[float] = []
    sql_samples = time_checks(sql, f"s-{label}", max(checks // 2, 50), sql_cpu)
    db.close()

    naive = service(MemoryCredit(), ItemList(items), OVERDUE_RULE)  # no ItemTotals port
    reps = 3 if len(items) >= 100_000 else 20
    naive_cpu: list[float] = []
    naive_samples = time_checks(naive, f"n-{label}", reps, naive_cpu)
    return {
        "open_items": len(items),
        "memory": percentiles(mem_samples, mem_cpu),
        "sqlite": percentiles(sql_samples, sql_cpu),
        "naive_scan": percentiles(naive_samples, naive_cpu),
        "sqlite_add_items_s": round(load_s, 2),
    }


def overdue_part(items: list[OpenItem], checks: int, tmp: Path) -> dict[str, object]:
    size = len(items)
    small_n = 10_000 if size >= 100_000 else max(size // 10, 100)
    small = run_overdue(items[:small_n], checks, tmp, "small")
    large = run_overdue(items, checks, tmp, "large")

    def p50(part: dict[str, object], key: str) -> float:
        return float(part[key]["p50_us"])  # type: ignore[index]

    return {
        "rule": [s.step.code for s in OVERDUE_RULE.steps],
        "large": large,
        "small": small,
        "growth_memory_p50_large_over_small": round(p50(large, "memory") / p50(small, "memory"), 3),
        "growth_sqlite_p50_large_over_small": round(p50(large, "sqlite") / p50(small, "sqlite"), 3),
        "growth_naive_p50_large_over_small": round(
            p50(large, "naive_scan") / p50(small, "naive_scan"), 3
        ),
        "ratio_naive_over_memory": round(p50(large, "naive_scan") / p50(large, "memory"), 1),
        "ratio_naive_over_sqlite": round(p50(large, "naive_scan") / p50(large, "sqlite"), 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=1_000_000, help="open items of the customer")
    parser.add_argument("--checks", type=int, default=5_000, help="timed checks per adapter")
    args = parser.parse_args()
    size = max(args.size, 100)

    build_start = time.perf_counter()
    items = make_items(size)
    build_s = time.perf_counter() - build_start
    with tempfile.TemporaryDirectory() as tmp:
        small = run_size(items[: size // 100], args.checks, Path(tmp), "small")
        large = run_size(items, args.checks, Path(tmp), "large")
        overdue = overdue_part(items, args.checks, Path(tmp))

    order = Order.create("naive", "C1", money("10.00", "EUR"), order_date=DAY)
    limit = 10**14
    reps = 3 if size >= 100_000 else 20
    naive = time_it(lambda: naive_check(items, order, limit), reps)
    column = np.fromiter((to_minor(i.open) for i in items), dtype=np.int64, count=len(items))
    numpy_samples = time_it(
        lambda: int(column.sum()) + 1000 <= limit, 50 if size >= 100_000 else 500
    )

    mem_p50 = large["memory"]["p50_us"]  # type: ignore[index]
    sql_p50 = large["sqlite"]["p50_us"]  # type: ignore[index]
    naive_p50_us = statistics.median(naive) * 1e6
    numpy_p50_us = statistics.median(numpy_samples) * 1e6
    result = {
        "benchmark": "credit.check_and_reserve",
        "size": size,
        "checks": args.checks,
        "large": large,
        "small": small,
        "growth_memory_p50_large_over_small": round(mem_p50 / small["memory"]["p50_us"], 3),  # type: ignore[index]
        "growth_sqlite_p50_large_over_small": round(sql_p50 / small["sqlite"]["p50_us"], 3),  # type: ignore[index]
        "baseline_naive_recompute_p50_us": round(naive_p50_us, 1),
        "baseline_numpy_sum_p50_us": round(numpy_p50_us, 1),
        "ratio_naive_over_memory": round(naive_p50_us / mem_p50, 1),
        "ratio_naive_over_sqlite": round(naive_p50_us / sql_p50, 1),
        "ratio_numpy_over_memory": round(numpy_p50_us / mem_p50, 2),
        "targets": {
            "memory_p99_under_100us": large["memory"]["p99_us"] < 100,  # type: ignore[index]
            "memory_cpu_p99_under_100us": large["memory"]["cpu_p99_us"] < 100,  # type: ignore[index]
            "sqlite_p99_under_2ms": large["sqlite"]["p99_us"] < 2000,  # type: ignore[index]
            "sqlite_cpu_p99_under_2ms": large["sqlite"]["cpu_p99_us"] < 2000,  # type: ignore[index]
        },
        "overdue": overdue,
        "load_average_1min": round(os.getloadavg()[0], 2),
        "build_items_s": round(build_s, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
