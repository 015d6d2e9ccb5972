"""Bounded subset search over integer minor units: which items add up to a payment?

Two exact methods, both counting solutions up to two (one solution is a unique
explanation, two or more mean *ambiguous*, which only ever suggests):

- **DP over reachable sums** (the default). Reachable sums are kept as the bits
  of a Python integer; adding an amount ``a`` is ``R | R << a``. A second bitset
  holds the sums reachable in at least two ways, so uniqueness is exact and
  counts subsets of *every* size — a combination of twelve items is found as
  easily as one of two. One solution (and a second one when there is one) is
  read back from the per-item snapshots. The cost is ``n × (target / 64)``
  machine words, which is what the step budget counts.
- **Meet in the middle** (Horowitz–Sahni) for up to 24 items (every subset of
  each half, so every size counts, exactly like the DP) and when the target is
  too large for the bitsets within the budget: each half of the items is enumerated depth-first
  with pruning (sum at most the target, at most ``max_size`` items), and the
  halves are joined on ``target − sum``. Every enumerated subset is one step.

Budgets are deterministic: a **step budget** bounds the work, and a search that
runs out says so (``complete=False``), which the matcher treats as "not proven
unique" — never as a match. An optional wall-clock ``deadline`` (a
``time.monotonic()`` value) is honoured too; because it makes the outcome
depend on machine speed it is off by default and off in every test.

Example:
    >>> from otccore.matching import find_subsets
    >>> search = find_subsets(700, [100, 250, 300, 450])   # A, B, C, D
    >>> search.solutions, search.unique
    (((1, 3),), True)
    >>> find_subsets(300, [100, 200, 300]).count            # {C} and {A, B}
    2
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import attrs

from otccore.errors import InvalidInput

__all__ = ["SubsetSearch", "find_subsets"]

_DEFAULT_BUDGET = 8_000_000
_SMALL = 24


@attrs.frozen
class SubsetSearch:
    """What a subset search found.

    Attributes:
        target: the sum looked for, in minor units.
        solutions: up to two index tuples (sorted) whose amounts add up to ``target``.
        count: 0, 1, or 2 meaning "two or more".
        complete: ``True`` when the search finished within its budget, so ``count``
            is exact (up to the cap of two).
        steps: the work done (bitset words or enumerated subsets).
        method: ``"dp"`` or ``"mitm"``.

    Example:
        >>> from otccore.matching import find_subsets
        >>> find_subsets(5, [2, 3]).unique
        True
    """

    target: int
    solutions: tuple[tuple[int, ...], ...]
    count: int
    complete: bool
    steps: int
    method: str

    @property
    def unique(self) -> bool:
        """Exactly one subset adds up to the target, and the search proved it."""
        return self.complete and self.count == 1


def find_subsets(
    target: int,
    amounts: Sequence[int],
    *,
    max_size: int = 6,
    step_budget: int = _DEFAULT_BUDGET,
    deadline: float | None = None,
) -> SubsetSearch:
    """Find the subsets of ``amounts`` (positive minor units) that sum to ``target``.

    ``max_size`` bounds the subsets only in the meet-in-the-middle fallback; the
    default DP method finds subsets of any size. Amounts larger than the target
    can never take part and cost nothing.

    Example:
        >>> from otccore.matching import find_subsets
        >>> amounts = [1001, 1002, 1004, 1008, 1016, 1032, 1064, 1128, 1256, 1512, 2024, 3048]
        >>> search = find_subsets(sum(amounts[:11]), amounts)
        >>> len(search.solutions[0]), search.unique
        (11, True)
        >>> find_subsets(0, [1])
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: subset target must be a positive int: 0
    """
    if isinstance(target, bool) or not isinstance(target, int) or target <= 0:
        raise InvalidInput(f"subset target must be a positive int: {target!r}")
    for a in amounts:
        if isinstance(a, bool) or not isinstance(a, int) or a <= 0:
            raise InvalidInput(f"subset amounts must be positive ints: {a!r}")
    usable = [i for i, a in enumerate(amounts) if a <= target]
    words = target // 64 + 1
    if len(usable) <= _SMALL:
        # few items: enumerating both halves completely is cheaper than the bitsets
        # and just as exact (every size counts, as in the DP)
        exact = _mitm(target, amounts, usable, len(usable), step_budget, deadline)
        if exact.complete:
            return exact
    if len(usable) * words <= step_budget:
        return _dp(target, amounts, usable, words)
    return _mitm(target, amounts, usable, max_size, step_budget, deadline)


def _dp(target: int, amounts: Sequence[int], usable: list[int], words: int) -> SubsetSearch:
    mask = (1 << (target + 1)) - 1
    once, twice = 1, 0
    snapshots = [once]
    for i in usable:
        a = amounts[i]
        twice = (twice | (twice << a) | (once & (once << a))) & mask
        once = (once | (once << a)) & mask
        snapshots.append(once)
    steps = len(usable) * words
    if not (once >> target) & 1:
        return SubsetSearch(target, (), 0, True, steps, "dp")
    count = 2 if (twice >> target) & 1 else 1
    first = _read_back(target, amounts, usable, snapshots, prefer_take=False)
    solutions = [first]
    if count == 2:
        second = _read_back(target, amounts, usable, snapshots, prefer_take=True)
        if second != first:
            solutions.append(second)
    return SubsetSearch(target, tuple(solutions), count, True, steps, "dp")


def _read_back(
    target: int,
    amounts: Sequence[int],
    usable: list[int],
    snapshots: list[int],
    *,
    prefer_take: bool,
) -> tuple[int, ...]:
    chosen: list[int] = []
    rest = target
    for pos in range(len(usable) - 1, -1, -1):
        if rest == 0:
            break
        before = snapshots[pos]
        a = amounts[usable[pos]]
        can_skip = bool((before >> rest) & 1)
        can_take = a <= rest and bool((before >> (rest - a)) & 1)
        if can_take and (prefer_take or not can_skip):
            chosen.append(usable[pos])
            rest -= a
    return tuple(sorted(chosen))


class _Budget:
    def __init__(self, steps: int, deadline: float | None) -> None:
        self.left = steps
        self.used = 0
        self.deadline = deadline
        self.out = False

    def spend(self) -> bool:
        self.used += 1
        self.left -= 1
        if self.left < 0:
            self.out = True
        elif self.deadline is not None and self.used % 1024 == 0:
            self.out = time.monotonic() > self.deadline
        return not self.out


def _enumerate(
    half: list[int], amounts: Sequence[int], target: int, max_size: int, budget: _Budget
) -> list[tuple[int, int, int]]:
    """(sum, size, bitmask over positions in ``half``) of every pruned subset, DFS order."""
    order = sorted(range(len(half)), key=lambda p: (amounts[half[p]], p))
    out: list[tuple[int, int, int]] = [(0, 0, 0)]
    stack: list[tuple[int, int, int, int]] = [(0, 0, 0, 0)]  # next position, sum, size, mask
    while stack:
        start, total, size, mask = stack.pop()
        if size >= max_size:
            continue
        for q in range(start, len(order)):
            p = order[q]
            new = total + amounts[half[p]]
            if new > target:
                break  # sorted ascending: nothing further fits
            if not budget.spend():
                return out
            entry = (new, size + 1, mask | (1 << p))
            out.append(entry)
            stack.append((q + 1, new, size + 1, mask | (1 << p)))
    return out


def _mitm(
    target: int,
    amounts: Sequence[int],
    usable: list[int],
    max_size: int,
    step_budget: int,
    deadline: float | None,
) -> SubsetSearch:
    budget = _Budget(step_budget, deadline)
    middle = len(usable) // 2
    left, right = usable[:middle], usable[middle:]
    left_sums: dict[int, list[tuple[int, int]]] = {}
    for total, size, mask in _enumerate(left, amounts, target, max_size, budget):
        slot = left_sums.setdefault(total, [])
        if len(slot) < 2 * (max_size + 1):
            slot.append((size, mask))
    found: list[tuple[int, ...]] = []
    count = 0
    if not budget.out:
        for total, size, mask in _enumerate(right, amounts, target, max_size, budget):
            for lsize, lmask in left_sums.get(target - total, ()):
                if lsize + size > max_size or lsize + size == 0:
                    continue
                count += 1
                if len(found) < 2:
                    chosen = [left[p] for p in range(len(left)) if lmask >> p & 1]
                    chosen += [right[p] for p in range(len(right)) if mask >> p & 1]
                    found.append(tuple(sorted(chosen)))
    return SubsetSearch(
        target,
        tuple(sorted(found)),
        min(count, 2),
        not budget.out,
        budget.used,
        "mitm",
    )
