"""Benchmark: score N records with a 10-feature scorecard, run Benford on N amounts and
two per-party fraud signals on N documents.

Prints one JSON object: times of otccore's numpy and pure-Python batch scoring, of a
plain pandas/numpy implementation of the same scoring (the baseline, same run), their
ratios, Benford's time against a numpy baseline, the near-duplicate-number and
order-spike signals against the brute-force algorithms they replaced (every pair of a
party's documents; every order's history filtered from the whole party), and the
process's peak memory.

The brute force is quadratic in a party's documents, so it runs on the first
``--signals-baseline-size`` documents (whole parties of ``--party-size`` documents
each); otccore runs on those same documents for the ratio, and on all N for the time.

    PYTHONPATH=src python benchmarks/risk.py --size 1000000
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from otccore.risk import (
    Document,
    Finding,
    Scaling,
    Scorecard,
    benford,
    bin_categorical,
    bin_numeric,
    near_duplicate_numbers,
    order_spikes,
)

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


def make_documents(n: int, party_size: int, seed: int) -> list[Document]:
    """Parties of ``party_size`` documents each: numbers drawn from one ledger-wide
    sequence, about 1 % of them re-keyed with a typo (one edit or a transposition),
    amounts from a gamma distribution with a few spikes, dates over two years."""
    rng = random.Random(seed)
    start = date(2024, 1, 1)
    docs = []
    for i in range(n):
        party = f"C{i // party_size:06d}"
        number = f"INV-{rng.randrange(10**7):07d}"
        if i % party_size and rng.random() < 0.01:
            earlier = list(docs[-1].number)
            k = rng.randrange(4, len(earlier) - 1)
            if rng.random() < 0.5:
                earlier[k], earlier[k + 1] = earlier[k + 1], earlier[k]
            else:
                earlier[k] = str(rng.randrange(10))
            number = "".join(earlier)
        amount = int(rng.gammavariate(2.0, 400.0) * 100) + 1
        if rng.random() < 0.005:
            amount *= 10
        on = start + timedelta(days=rng.randrange(730))
        docs.append(
            Document.create(
                f"D{i:08d}",
                customer_id=party,
                number=number,
                amount=Decimal(amount).scaleb(-2),
                document_date=on,
            )
        )
    return docs


# A finding as the brute force can state it independently: who, which records, why.
Key = tuple[str | None, tuple[str, ...], str]


def keys(findings: tuple[Finding, ...]) -> list[Key]:
    return [(f.customer_id, f.subjects, f.code) for f in findings]


def _edit_kind(a: str, b: str) -> str | None:
    """'transposed', 'one_edit' or None, the plain way (deletions tried one by one)."""
    if a == b:
        return None
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
        if len(diffs) == 1:
            return "one_edit"
        if len(diffs) == 2 and diffs[1] == diffs[0] + 1:
            i, j = diffs
            return "transposed" if (a[i], a[j]) == (b[j], b[i]) else None
        return None
    if abs(len(a) - len(b)) != 1:
        return None
    short, long_ = sorted((a, b), key=len)
    deletions = (long_[:i] + long_[i + 1 :] for i in range(len(long_)))
    return "one_edit" if short in deletions else None


def _by_party(records: list[Document]) -> dict[str, list[Document]]:
    by_party: dict[str, list[Document]] = defaultdict(list)
    for d in sorted(records, key=lambda d: d.id):
        by_party[d.customer_id].append(d)
    return by_party


def near_duplicates_brute_force(records: list[Document]) -> list[Key]:
    """The replaced algorithm: compare every pair of a party's documents."""
    by_party = _by_party(records)
    out: list[Key] = []
    for party in sorted(by_party):
        group = by_party[party]
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                kind = _edit_kind(a.number.upper(), b.number.upper())
                if kind is not None:
                    out.append((party, (a.id, b.id), kind))
    return sorted(out, key=lambda k: (k[0] or "", k[1]))


def order_spikes_brute_force(records: list[Document]) -> list[Key]:
    """The replaced algorithm: filter each order's history from the whole party."""
    factor, min_history, lookback = 3, 3, 365
    by_party = _by_party(records)
    out: list[Key] = []
    for party in sorted(by_party):
        group = sorted(by_party[party], key=lambda d: (d.document_date, d.id))
        for order in group:
            begin = order.document_date - timedelta(days=lookback)
            history = sorted(
                d.amount for d in group if begin <= d.document_date < order.document_date
            )
            if len(history) < min_history:
                continue
            mid = len(history) // 2
            # twice the median, exactly (amounts have two decimals, far below the precision)
            twice = 2 * history[mid] if len(history) % 2 else history[mid - 1] + history[mid]
            if twice > 0 and 2 * order.amount > factor * twice:
                out.append((party, (order.id,), "order_spike"))
    return out


def signals(n: int, party_size: int, baseline_n: int) -> dict[str, Any]:
    docs = make_documents(n, party_size, seed=30)
    subset = docs[: max(party_size, baseline_n - baseline_n % party_size)]
    near, near_s = timed(lambda: near_duplicate_numbers(docs))
    spikes, spikes_s = timed(lambda: order_spikes(docs))
    near_sub, near_sub_s = timed(lambda: near_duplicate_numbers(subset))
    near_bf, near_bf_s = timed(lambda: near_duplicates_brute_force(subset))
    spikes_sub, spikes_sub_s = timed(lambda: order_spikes(subset))
    spikes_bf, spikes_bf_s = timed(lambda: order_spikes_brute_force(subset))
    return {
        "signals_documents": n,
        "signals_party_size": party_size,
        "near_duplicates_s": round(near_s, 3),
        "near_duplicates_findings": len(near),
        "order_spikes_s": round(spikes_s, 3),
        "order_spikes_findings": len(spikes),
        "signals_baseline_documents": len(subset),
        "near_duplicates_on_baseline_s": round(near_sub_s, 3),
        "near_duplicates_brute_force_s": round(near_bf_s, 3),
        "ratio_near_duplicates_to_brute_force": round(near_sub_s / near_bf_s, 3),
        "order_spikes_on_baseline_s": round(spikes_sub_s, 3),
        "order_spikes_brute_force_s": round(spikes_bf_s, 3),
        "ratio_order_spikes_to_brute_force": round(spikes_sub_s / spikes_bf_s, 3),
        "signals_agree_with_brute_force": keys(near_sub) == near_bf
        and keys(spikes_sub) == spikes_bf,
    }


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
    parser.add_argument(
        "--party-size", type=int, default=200, help="documents per party for the signals"
    )
    parser.add_argument(
        "--signals-baseline-size",
        type=int,
        default=20_000,
        help="documents for the quadratic brute-force signals (whole parties; default 20000)",
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
        **signals(n, args.party_size, min(n, args.signals_baseline_size)),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
