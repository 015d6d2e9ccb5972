"""Benchmark: one payment equal to k of n open items of one customer (k = 2…6, n = 20…200).

For each (n, k) cell, ``--size`` trials: n amounts between 20.00 and 5,000.00 (in
cents) with random issue dates, a payment equal to k of them. Reports, per cell:

- ``ms_per_payment``: :func:`otccore.matching.find_subsets` with the matcher's
  default step budget;
- ``found`` / ``right`` / ``unique``: share of trials where it found a set with
  the right sum / found exactly the true set / proved the set unique (with many
  items, other sets with the same sum exist: then the engine only suggests);
- ``brute_ms``: brute force over ``itertools.combinations`` of sizes 1…k (what
  Tryton does within chunks). Brute force is **capped** at 200,000 combinations
  per trial; beyond that its time is extrapolated linearly from the measured rate
  and the cell says ``brute_extrapolated: true``;
- ``ratio_to_brute``: brute-force time ÷ find_subsets time (> 1 means faster);
- ``greedy_right``: how often a greedy oldest-first pass (accumulate oldest items
  until the payment is used up, as FIFO allocators do) lands on the true set.

    python benchmarks/subset_search.py --size 20    # full (default)
    python benchmarks/subset_search.py --size 2     # CI

Prints one JSON object.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import resource
import time

from otccore.matching import MatchConfig, find_subsets

CAP = 200_000


def brute(target: int, amounts: list[int], k: int) -> tuple[float, bool]:
    total = sum(math.comb(len(amounts), r) for r in range(1, k + 1))
    start = time.perf_counter()
    seen = hits = 0
    for r in range(1, k + 1):
        for combo in itertools.combinations(amounts, r):
            seen += 1
            hits += sum(combo) == target
            if seen >= CAP:
                break
        if seen >= CAP:
            break
    spent = time.perf_counter() - start
    if seen < total:
        return spent * total / seen, True
    return spent, False


def greedy(target: int, amounts: list[int], dates: list[int], truth: set[int]) -> bool:
    chosen, running = set(), 0
    for i in sorted(range(len(amounts)), key=lambda i: (dates[i], i)):
        if running >= target:
            break
        chosen.add(i)
        running += amounts[i]
    return running == target and chosen == truth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20, help="trials per (n, k) cell")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    budget = MatchConfig().subset_step_budget
    cells = []
    for n in (20, 40, 100, 200):
        for k in range(2, 7):
            ours = brute_t = 0.0
            found = right = unique = greedy_ok = 0
            extrapolated = False
            for _ in range(args.size):
                amounts = [rng.randint(20_00, 5_000_00) for _ in range(n)]
                dates = [rng.randint(0, 90) for _ in range(n)]
                truth = set(rng.sample(range(n), k))
                target = sum(amounts[i] for i in truth)
                start = time.perf_counter()
                search = find_subsets(target, amounts, step_budget=budget)
                ours += time.perf_counter() - start
                found += bool(search.solutions)
                right += any(set(s) == truth for s in search.solutions)
                unique += search.unique
                spent, capped = brute(target, amounts, k)
                brute_t += spent
                extrapolated |= capped
                greedy_ok += greedy(target, amounts, dates, truth)
            cells.append(
                {
                    "n": n,
                    "k": k,
                    "ms_per_payment": round(1000 * ours / args.size, 3),
                    "brute_ms": round(1000 * brute_t / args.size, 1),
                    "brute_extrapolated": extrapolated,
                    "ratio_to_brute": round(brute_t / ours, 1) if ours else None,
                    "found": round(found / args.size, 3),
                    "right": round(right / args.size, 3),
                    "unique": round(unique / args.size, 3),
                    "greedy_right": round(greedy_ok / args.size, 3),
                }
            )
    out = {
        "benchmark": "subset_search",
        "trials_per_cell": args.size,
        "brute_force_cap_combinations": CAP,
        "step_budget": budget,
        "peak_memory_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "cells": cells,
    }
    print(json.dumps(out))


if __name__ == "__main__":
    main()
