"""Benchmark: score N records with a 10-feature scorecard and run Benford on N amounts.

Prints one JSON object: times of otccore's numpy and pure-Python batch scoring, of a
plain pandas/numpy implementation of the same scoring (the baseline, same run), their
ratios, Benford's time against a numpy baseline, and the process's peak memory.

    PYTHONPATH=src python benchmarks/risk.py --size 1000000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from decimal import Decimal

import numpy as np
import pandas as pd

from otccore.risk import Scaling, Scorecard, benford, bin_categorical, bin_numeric

NUMERIC = [f"x{i}" for i in range(8)]
CATEGORICAL = ["sector", "region"]
SECTORS = ["retail", "b2b", "gov", "construction", "energy", "media"]
REGIONS = ["north", "south", "east", "west", "abroad"]


def make_columns(n: int, seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    cols: dict[str, np.ndarray] = {}
    for i, name in enumerate(NUMERIC):
        x = rng.gamma(2.0 + i % 3, 10.0 + i, n)
        x[rng.random(n) < 0.02] = np.nan  # some missing values
        cols[name] = x
    cols["sector"] = rng.choice(np.array(SECTORS, dtype=object), n)
    cols["region"] = rng.choice(np.array(REGIONS, dtype=object), n)
    return cols


def make_target(cols: dict[str, np.ndarray], seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    logit = (
        -3.0
        + sum(
            np.nan_to_num(cols[name], nan=20.0) / (40.0 + 10 * i) for i, name in enumerate(NUMERIC)
        )
        * 0.4
    )
    logit = logit + (
        pd.Series(cols["sector"]).map({"construction": 0.8, "gov": -0.7}).fillna(0).to_numpy()
    )
    return (rng.random(len(logit)) < 1 / (1 + np.exp(-logit + 2.5))).astype(int)


def build_card() -> Scorecard:
    train = make_columns(20_000, seed=1)
    target = make_target(train, seed=2)
    binnings = [
        bin_numeric(train[name].tolist(), target.tolist(), feature=name, prebins=10, smoothing=0.5)
        for name in NUMERIC
    ] + [
        bin_categorical(
            train[name].tolist(), target.tolist(), feature=name, smoothing=0.5, min_bin_share=0.02
        )
        for name in CATEGORICAL
    ]
    rnd = random.Random(3)
    coefficients = [-rnd.uniform(0.5, 1.0) for _ in binnings]
    return Scorecard.build(
        binnings, coefficients, -2.5, Scaling(pdo=20, base_score=600, base_odds=50)
    )


def baseline_scores(card: Scorecard, frame: pd.DataFrame) -> np.ndarray:
    """The same scoring written directly in pandas/numpy: searchsorted + take, map, sum."""
    total = np.zeros(len(frame))
    for f in card.features:
        points = np.array([float(p) for p in f.points])
        b = f.binning
        if b.kind == "numeric":
            x = frame[f.name].to_numpy(dtype=float)
            part = points[np.searchsorted(np.array(b.edges), x, side="right")]
            part[np.isnan(x)] = points[-1]  # missing bin
        else:
            mapping = {v: points[i] for i, g in enumerate(b.groups) for v in g}
            part = frame[f.name].map(mapping).to_numpy(dtype=float)
        total += part
    return total


def timed(fn):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument(
        "--python-size",
        type=int,
        default=None,
        help="records for the pure-Python path (default: --size)",
    )
    args = parser.parse_args(argv)
    n = args.size
    card, build_s = timed(build_card)
    cols = make_columns(n, seed=10)
    frame = pd.DataFrame(cols)

    numpy_scores, numpy_s = timed(lambda: card.score_batch(frame, engine="numpy"))
    base, base_s = timed(lambda: baseline_scores(card, frame))
    py_n = min(n, args.python_size or n)
    py_data = {k: v[:py_n].tolist() for k, v in cols.items()}
    py_scores, py_s = timed(lambda: card.score_batch(py_data, engine="python"))

    rng = np.random.default_rng(20)
    cents = np.floor(10 ** rng.uniform(3, 8, n)).astype(np.int64)
    amounts = [Decimal(int(c)).scaleb(-2) for c in cents]
    result, benford_s = timed(lambda: benford(amounts))

    def benford_baseline() -> np.ndarray:
        a = cents[cents >= 1000]  # amounts ≥ 10.00, as otccore's default
        first = a // 10 ** np.floor(np.log10(a)).astype(np.int64)
        return np.bincount(first, minlength=10)[1:]

    base_counts, benford_base_s = timed(benford_baseline)

    out = {
        "benchmark": "risk",
        "size": n,
        "features": len(card.features),
        "build_card_s": round(build_s, 3),
        "score_numpy_s": round(numpy_s, 3),
        "score_baseline_pandas_numpy_s": round(base_s, 3),
        "ratio_numpy_to_baseline": round(numpy_s / base_s, 2),
        "score_python_records": py_n,
        "score_python_s": round(py_s, 3),
        "ratio_python_to_baseline_per_record": round((py_s / py_n) / (base_s / n), 2),
        "scores_agree": bool(np.allclose(numpy_scores, base, atol=1e-9))
        and list(numpy_scores[:py_n]) == py_scores,
        "benford_s": round(benford_s, 3),
        "benford_baseline_numpy_s": round(benford_base_s, 3),
        "ratio_benford_to_baseline": round(benford_s / benford_base_s, 1),
        "benford_counts_agree": [d.count for d in result.digits] == base_counts.tolist(),
        "benford_mad": round(result.mad, 5),
        "benford_conformity": str(result.conformity),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
