"""Benchmark: the whole cash-application pipeline, N payments against N open items.

Generates a book with :func:`otccore.testing.scenarios.generate_scenario` (default
noise: mostly references, the rest noisy), then times ``reconcile`` end to end
(normalisation, payer identification, components, every tier, result objects).
The baseline is what a naive matcher does: a pandas inner merge of payments and
items on (reference, amount), timed in the same run from the same objects
(frame construction included, as reconcile's own preparation is). Peak memory is
the process's maximum resident set (``ru_maxrss``), inputs included; the resident
set right after generating the inputs is reported beside it.

    python benchmarks/matching.py --size 1000000     # the issue's full size (default)
    python benchmarks/matching.py --size 2000        # CI

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time

import pandas as pd

from otccore.matching import reconcile
from otccore.money import to_minor
from otccore.testing.scenarios import generate_scenario, score


def pandas_baseline(payments, items) -> tuple[float, int]:
    start = time.perf_counter()
    left = pd.DataFrame(
        {
            "reference": [
                p.remittance_text.split(" ", 1)[1] if " " in p.remittance_text else ""
                for p in payments
            ],
            "amount": [to_minor(p.amount) for p in payments],
            "payment_id": [p.id for p in payments],
        }
    )
    right = pd.DataFrame(
        {
            "reference": [i.number for i in items],
            "amount": [to_minor(i.open) for i in items],
            "item_id": [i.id for i in items],
        }
    )
    merged = left.merge(right, on=["reference", "amount"], how="inner")
    return time.perf_counter() - start, len(merged)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--size", type=int, default=1_000_000, help="payments (and about as many items)"
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    t0 = time.perf_counter()
    sc = generate_scenario(payments=args.size, seed=args.seed, open_per_payment=1.2)
    generated = time.perf_counter() - t0
    inputs_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    t1 = time.perf_counter()
    result = reconcile(sc.payments, sc.items, customers=sc.customers, as_of=sc.as_of)
    elapsed = time.perf_counter() - t1

    baseline, merged_rows = pandas_baseline(sc.payments, sc.items)
    quality = score(result, sc)
    summary = result.summary()
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out = {
        "benchmark": "matching",
        "payments": len(sc.payments),
        "open_items": len(sc.items),
        "customers": len(sc.customers),
        "generate_seconds": round(generated, 2),
        "reconcile_seconds": round(elapsed, 2),
        "payments_per_second": round(len(sc.payments) / elapsed),
        "pandas_merge_seconds": round(baseline, 2),
        "pandas_merge_rows": merged_rows,
        "ratio_to_pandas_merge": round(elapsed / baseline, 1),
        "peak_memory_gib": round(peak_kib / 1024 / 1024, 2),
        "memory_after_generating_inputs_gib": round(inputs_kib / 1024 / 1024, 2),
        "payment_auto_rate_percent": float(round(summary.payment_auto_rate or 0, 2)),
        "item_auto_rate_percent": float(round(quality.item_auto_rate or 0, 2)),
        "precision_percent": float(round(quality.precision or 0, 3)),
        "wrong_links_per_1000": float(round(quality.wrong_links_per_1000 or 0, 3)),
        "python": sys.version.split()[0],
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
