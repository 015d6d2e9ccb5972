"""Aging by customer and bucket plus DSO / best possible DSO / ADD over N open items.

Times otccore's columnar path (``ItemTable`` + ``aging``) and the same computation in
pandas from an existing DataFrame, in the same run, and prints one JSON object.

    python benchmarks/aging.py --size 1000000
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import sys
import time
from datetime import date, timedelta
from decimal import Decimal

from otccore.receivables import ItemTable, aging, average_days_delinquent, best_possible_dso, dso

AS_OF = date(2026, 6, 30)
EDGES = (0, 30, 60, 90)


def make_columns(size: int, seed: int) -> dict[str, list]:  # type: ignore[type-arg]
    rng = random.Random(seed)
    customers = [f"C{n:06d}" for n in range(max(1, size // 10))]
    cols: dict[str, list] = {"customer": [], "open_minor": [], "issue": [], "due": []}  # type: ignore[type-arg]
    for _ in range(size):
        issue = AS_OF - timedelta(days=rng.randrange(0, 400))
        cols["customer"].append(rng.choice(customers))
        cols["open_minor"].append(rng.randrange(100, 5_000_000))
        cols["issue"].append(issue)
        cols["due"].append(issue + timedelta(days=rng.choice((14, 30, 45, 60))))
    return cols


def peak_rss_mib() -> float:
    scale = 1 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def run_otccore(table: ItemTable) -> dict[str, object]:
    report = aging(table, as_of=AS_OF)
    sales = Decimal(sum(table.open_minor)) / 100 * 3  # a quarter's sales, for the ratios
    total, current = report.total().amount, report.current().amount
    return {
        "buckets": [m.amount for m in report.totals()],
        "dso": dso(total, credit_sales=sales, days=90),
        "bpdso": best_possible_dso(current, credit_sales=sales, days=90),
        "add": average_days_delinquent(
            total, current_receivables=current, credit_sales=sales, days=90
        ),
        "customers": len(report.customers),
    }


def run_pandas(df, pd, np) -> dict[str, object]:  # type: ignore[no-untyped-def]
    days = (pd.Timestamp(AS_OF) - df["due"]).dt.days.to_numpy()
    bucket = np.searchsorted(np.array(EDGES), days, side="left")
    grouped = (
        df.assign(bucket=bucket).groupby(["customer", "bucket"], observed=True)["open_minor"].sum()
    )
    per_customer = grouped.unstack(fill_value=0)
    totals = per_customer.sum(axis=0)
    total = Decimal(int(df["open_minor"].sum())) / 100
    current = Decimal(int(df["open_minor"].to_numpy()[days <= 0].sum())) / 100
    sales = total * 3
    return {
        "buckets": [Decimal(int(totals.get(i, 0))) / 100 for i in range(len(EDGES) + 1)],
        "dso": dso(total, credit_sales=sales, days=90),
        "bpdso": best_possible_dso(current, credit_sales=sales, days=90),
        "add": average_days_delinquent(
            total, current_receivables=current, credit_sales=sales, days=90
        ),
        "customers": len(per_customer),
    }


def best_of(repeat: int, fn, *args):  # type: ignore[no-untyped-def]
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn(*args)
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=1_000_000, help="open items (1,000,000)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N runs (3)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    cols = make_columns(args.size, args.seed)
    start = time.perf_counter()
    table = ItemTable.from_columns(
        "EUR",
        customer_ids=cols["customer"],
        open_minor=cols["open_minor"],
        issue_dates=cols["issue"],
        due_dates=cols["due"],
    )
    build_s = time.perf_counter() - start
    otc_s, ours = best_of(args.repeat, run_otccore, table)
    rss_after_otccore = peak_rss_mib()

    import numpy as np
    import pandas as pd

    df = pd.DataFrame(
        {
            "customer": pd.Categorical(cols["customer"]),
            "open_minor": np.array(cols["open_minor"], dtype=np.int64),
            "due": pd.to_datetime(cols["due"]),
        }
    )
    pandas_s, theirs = best_of(args.repeat, run_pandas, df, pd, np)
    if ours != theirs:  # Decimal equality is numeric: 1.10 == 1.1
        raise SystemExit(f"results differ:\n otccore {ours}\n pandas  {theirs}")
    print(
        json.dumps(
            {
                "benchmark": "aging",
                "size": args.size,
                "customers": ours["customers"],
                "python": platform.python_version(),
                "table_build_s": round(build_s, 4),
                "otccore_aging_and_metrics_s": round(otc_s, 4),
                "pandas_from_dataframe_s": round(pandas_s, 4),
                "ratio_otccore_to_pandas": round(otc_s / pandas_s, 2),
                "peak_rss_mib_after_otccore": round(rss_after_otccore, 1),
                "peak_rss_mib_total": round(peak_rss_mib(), 1),
                "results_equal": True,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
