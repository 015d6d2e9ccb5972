"""Binning of numeric and categorical features into WoE bins.

**Numeric** (:func:`bin_numeric`): quantile pre-bins (``prebins`` of them, cut at
distinct observed values), then adjacent bins are merged — first any bin below
``min_bin_share`` of the records (or, without smoothing, any bin lacking goods or
bads), then, when ``monotonic`` is asked, any pair breaking a strictly monotonic
WoE, until none is left; ``max_bins`` caps the count. ``monotonic="auto"`` tries
both directions and keeps the one with the higher IV. A bin is ``[lower, upper)``;
the first starts at −∞ and the last ends at +∞, so every number has a bin.

**Categorical** (:func:`bin_categorical`): categories are ordered by bad rate and
adjacent groups merged while one is below ``min_bin_share`` (or lacks goods or
bads without smoothing), and while there are more than ``max_bins``. Groups ordered
by bad rate have monotonic WoE by construction.

**Missing values** (None, NaN, pandas.NA) form their own bin, :data:`MISSING`, which
is never merged (``missing="raise"`` refuses them instead). Feature values may be
floats (features are not money); infinities and non-numbers are refused.

Example:
    >>> from otccore.risk import bin_numeric
    >>> xs = list(range(100))
    >>> ys = [1 if x < 30 else 0 for x in xs]
    >>> b = bin_numeric(xs, ys, feature="age", prebins=5, smoothing=0.5)
    >>> b.labels
    ('[-inf, 20)', '[20, 40)', '[40, inf)')
    >>> b.label_of(12.5), b.label_of(None)
    ('[-inf, 20)', None)
"""

from __future__ import annotations

import bisect
import enum
import itertools
import math
import numbers
from collections.abc import Iterable
from typing import Any

from otccore import _kernel
from otccore.errors import InvalidInput
from otccore.risk._common import as_list, feature_number, is_missing, target_flag
from otccore.risk.bins import Binning, FeatureKind
from otccore.risk.woe import (
    MISSING,
    WoeConvention,
    WoeTable,
    _check_smoothing,
    group_counts,
    woe_sign,
    woe_table,
)

__all__ = ["Binning", "FeatureKind", "MissingValues", "Monotonic", "bin_categorical", "bin_numeric"]

# Binning and FeatureKind live in otccore.risk.bins; importable from here as before.


class Monotonic(enum.StrEnum):
    """How :func:`bin_numeric` keeps the WoE monotonic (``None`` there: not at all).

    ``AUTO`` tries both directions and keeps the one with the higher IV.

    Example:
        >>> from otccore.risk import Monotonic, bin_numeric
        >>> xs, ys = [1, 2, 3, 4] * 10, [1, 0, 1, 0] * 10
        >>> bin_numeric(xs, ys, monotonic=Monotonic.DESCENDING, smoothing=0.5).labels
        ('[-inf, inf)',)
    """

    AUTO = "auto"
    ASCENDING = "ascending"
    DESCENDING = "descending"


class MissingValues(enum.StrEnum):
    """What the binnings do with a missing value: give it its own bin, or refuse it.

    Example:
        >>> from otccore.risk import MissingValues, bin_categorical
        >>> bin_categorical(["a", None], [0, 1], missing=MissingValues.RAISE)
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: value 1 is missing: None (pass missing='bin')
    """

    BIN = "bin"
    RAISE = "raise"


def _fmt(x: float) -> str:
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    return repr(int(x)) if x == int(x) and abs(x) < 1e15 else repr(x)


def _labels(bounds: list[float]) -> list[str]:
    """Interval labels with the fewest significant digits (4, 6, then exact) that keep
    every edge distinct; the edges themselves stay exact in ``Binning.edges``."""
    texts: list[str] = []
    for digits in (4, 6, None):
        texts = [_fmt(b) if math.isinf(b) or digits is None else f"{b:.{digits}g}" for b in bounds]
        if len(set(texts)) == len(texts):
            break
    return [f"[{lo}, {hi})" for lo, hi in itertools.pairwise(texts)]


def _check_share(min_bin_share: float) -> float:
    if isinstance(min_bin_share, bool) or not isinstance(min_bin_share, numbers.Real):
        raise InvalidInput(f"min_bin_share must be a number in [0, 0.5]: {min_bin_share!r}")
    if not 0 <= float(min_bin_share) <= 0.5:
        raise InvalidInput(f"min_bin_share must be a number in [0, 0.5]: {min_bin_share!r}")
    return float(min_bin_share)


def _check_bins(value: int | None, what: str, minimum: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidInput(f"{what} must be an int ≥ {minimum}: {value!r}")
    return value


def _woes(
    cells: list[list[int]], missing: list[int] | None, smoothing: float | None, sign: float
) -> list[float]:
    """WoE of each cell (missing bin included in the totals), allowing empty cells (→ ±inf)."""
    all_cells = cells + ([missing] if missing else [])
    tg = sum(c[0] for c in all_cells)
    tb = sum(c[1] for c in all_cells)
    k = len(all_cells)
    a = smoothing or 0.0
    out = []
    for g, b in cells:
        pg = (g + a) / (tg + k * a)
        pb = (b + a) / (tb + k * a)
        if pg == 0 or pb == 0:
            out.append(sign * (math.inf if pb == 0 else -math.inf))
        else:
            out.append(sign * math.log(pg / pb))
    return out


def _merge(cells: list[list[int]], keys: list[Any], i: int) -> None:
    """Merge bin i+1 into bin i."""
    cells[i] = [cells[i][0] + cells[i + 1][0], cells[i][1] + cells[i + 1][1]]
    del cells[i + 1]
    keys[i] = (keys[i], keys[i + 1])
    del keys[i + 1]


def _merge_small(
    cells: list[list[int]],
    keys: list[Any],
    total: int,
    min_bin_share: float,
    smoothing: float | None,
) -> None:
    def bad(c: list[int]) -> bool:
        return (c[0] + c[1]) < min_bin_share * total or (
            smoothing is None and (c[0] == 0 or c[1] == 0)
        )

    while len(cells) > 1:
        offenders = [i for i, c in enumerate(cells) if bad(c)]
        if not offenders:
            return
        i = min(offenders, key=lambda j: (cells[j][0] + cells[j][1], j))
        rate = cells[i][1] / max(cells[i][0] + cells[i][1], 1)
        if i == 0:
            _merge(cells, keys, 0)
        elif i == len(cells) - 1:
            _merge(cells, keys, i - 1)
        else:
            left, right = cells[i - 1], cells[i + 1]
            dl = abs(left[1] / max(sum(left), 1) - rate)
            dr = abs(right[1] / max(sum(right), 1) - rate)
            _merge(cells, keys, i - 1 if dl <= dr else i)


def _merge_monotonic(
    cells: list[list[int]],
    keys: list[Any],
    missing: list[int] | None,
    smoothing: float | None,
    sign: float,
    ascending: bool,
) -> None:
    while len(cells) > 1:
        w = _woes(cells, missing, smoothing, sign)
        for i in range(len(w) - 1):
            if (w[i + 1] <= w[i]) if ascending else (w[i + 1] >= w[i]):
                _merge(cells, keys, i)
                break
        else:
            return


def _merge_to_max(
    cells: list[list[int]],
    keys: list[Any],
    missing: list[int] | None,
    smoothing: float | None,
    sign: float,
    max_bins: int | None,
) -> None:
    while max_bins is not None and len(cells) > max_bins:
        w = _woes(cells, missing, smoothing, sign)
        i = min(range(len(w) - 1), key=lambda j: (abs(w[j + 1] - w[j]), j))
        _merge(cells, keys, i)


def _flatten(key: Any) -> list[Any]:
    if isinstance(key, tuple):
        return _flatten(key[0]) + _flatten(key[1])
    return [key]


def _parse_common(
    values: Iterable[Any], targets: Iterable[Any], missing: MissingValues | str
) -> tuple[list[Any], list[bool], list[int] | None]:
    chosen = _kernel.choice(MissingValues, missing, "missing")
    xs, ys = as_list(values), as_list(targets)
    if len(xs) != len(ys):
        raise InvalidInput(f"values and targets differ in length: {len(xs)} and {len(ys)}")
    kept_x: list[Any] = []
    kept_y: list[bool] = []
    miss = [0, 0]
    for index, (x, y) in enumerate(zip(xs, ys, strict=True)):
        flag = target_flag(y, index)
        if is_missing(x):
            if chosen is MissingValues.RAISE:
                raise InvalidInput(f"value {index} is missing: {x!r} (pass missing='bin')")
            miss[1 if flag else 0] += 1
        else:
            kept_x.append(x)
            kept_y.append(flag)
    if not kept_x:
        raise InvalidInput("no non-missing values to bin")
    return kept_x, kept_y, (miss if sum(miss) else None)


def _table(
    labels: list[str],
    cells: list[list[int]],
    missing: list[int] | None,
    smoothing: float | None,
    convention: WoeConvention | str,
) -> WoeTable:
    rows = [(label, g, b) for label, (g, b) in zip(labels, cells, strict=True)]
    if missing:
        rows.append((MISSING, missing[0], missing[1]))
    return woe_table(rows, smoothing=smoothing, convention=convention)


def bin_numeric(
    values: Iterable[Any],
    targets: Iterable[Any],
    *,
    feature: str = "x",
    prebins: int = 20,
    min_bin_share: float = 0.05,
    monotonic: Monotonic | str | None = Monotonic.AUTO,
    max_bins: int | None = None,
    missing: MissingValues | str = MissingValues.BIN,
    smoothing: float | None = None,
    convention: WoeConvention | str = WoeConvention.GOOD_OVER_BAD,
) -> Binning:
    """Bin a numeric feature against a binary target (1/True = bad); see the module.

    ``monotonic`` is a :class:`Monotonic` or its text: ``"auto"``, ``"ascending"``
    (WoE rises with the value), ``"descending"``; or ``None`` (no monotonic
    merging). ``missing`` is a :class:`MissingValues` or its text. The result does
    not depend on row order.

    Example:
        >>> from otccore.risk import bin_numeric
        >>> xs = [1, 2, 3, 4, 5, 6, 7, 8] * 5
        >>> ys = [1, 1, 0, 1, 0, 0, 0, 0] * 5
        >>> b = bin_numeric(xs, ys, prebins=8, min_bin_share=0.1, monotonic="ascending",
        ...                 smoothing=0.5)
        >>> b.labels, [round(w, 2) for w in b.woes]
        (('[-inf, 3)', '[3, 5)', '[5, inf)'), [-3.52, -0.47, 3.24])
    """
    direction = None if monotonic is None else _kernel.choice(Monotonic, monotonic, "monotonic")
    prebins = _check_bins(prebins, "prebins", 1) or 1
    max_bins = _check_bins(max_bins, "max_bins", 1)
    share = _check_share(min_bin_share)
    a = _check_smoothing(smoothing)
    sign = woe_sign(convention)
    raw_x, ys, miss = _parse_common(values, targets, missing)
    xs = [feature_number(x, f"{feature} value") for x in raw_x]
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    sorted_x = [xs[i] for i in order]
    n = len(sorted_x)
    cuts = sorted({sorted_x[(n * q) // prebins] for q in range(1, prebins)} - {sorted_x[0]})
    cells = [[0, 0] for _ in range(len(cuts) + 1)]
    for x, y in zip(xs, ys, strict=True):
        cells[bisect.bisect_right(cuts, x)][1 if y else 0] += 1
    total = n + (sum(miss) if miss else 0)

    def run(way: Monotonic | None) -> tuple[list[list[int]], list[Any]]:
        c = [list(cell) for cell in cells]
        k: list[Any] = list(range(len(c)))
        _merge_small(c, k, total, share, a)
        if way is not None:
            _merge_monotonic(c, k, miss, a, sign, way is Monotonic.ASCENDING)
        _merge_to_max(c, k, miss, a, sign, max_bins)
        if way is not None:
            _merge_monotonic(c, k, miss, a, sign, way is Monotonic.ASCENDING)
        return c, k

    if direction is Monotonic.AUTO:
        candidates = [run(Monotonic.ASCENDING), run(Monotonic.DESCENDING)]

        def iv_of(cand: tuple[list[list[int]], list[Any]]) -> float:
            try:
                return _table(
                    [str(i) for i in range(len(cand[0]))], cand[0], miss, a, convention
                ).iv
            except InvalidInput:
                return -1.0

        chosen = max(candidates, key=iv_of)  # ascending wins a tie (first)
    else:
        chosen = run(direction)
    final_cells, final_keys = chosen
    # bin j spans the pre-bins in final_keys[j]; its lower edge is the cut before its first pre-bin
    edges = [cuts[min(_flatten(key)) - 1] for key in final_keys[1:]]
    labels = _labels([-math.inf, *edges, math.inf])
    table = _table(labels, final_cells, miss, a, convention)
    return Binning.numeric(feature, edges, table)


def bin_categorical(
    values: Iterable[Any],
    targets: Iterable[Any],
    *,
    feature: str = "x",
    min_bin_share: float = 0.05,
    max_bins: int | None = None,
    missing: MissingValues | str = MissingValues.BIN,
    smoothing: float | None = None,
    convention: WoeConvention | str = WoeConvention.GOOD_OVER_BAD,
) -> Binning:
    """Bin a categorical feature against a binary target (1/True = bad); see the module.

    Values are compared as strings. A group's label joins its values with ", ".
    ``missing`` is a :class:`MissingValues` or its text.

    Example:
        >>> from otccore.risk import bin_categorical
        >>> xs = ["a"] * 40 + ["b"] * 40 + ["c"] * 2 + ["d"] * 18
        >>> ys = [0] * 30 + [1] * 10 + [0] * 10 + [1] * 30 + [0, 1] + [0] * 9 + [1] * 9
        >>> b = bin_categorical(xs, ys, min_bin_share=0.05)
        >>> b.labels
        ('a', 'c, d', 'b')
    """
    max_bins = _check_bins(max_bins, "max_bins", 1)
    share = _check_share(min_bin_share)
    a = _check_smoothing(smoothing)
    sign = woe_sign(convention)
    raw_x, ys, miss = _parse_common(values, targets, missing)
    counts = group_counts([str(x) for x in raw_x], [int(y) for y in ys])
    ordered = sorted(counts.items(), key=lambda kv: (kv[1][1] / (kv[1][0] + kv[1][1]), str(kv[0])))
    cells = [list(c) for _, c in ordered]
    keys: list[Any] = [str(k) for k, _ in ordered]
    total = len(raw_x) + (sum(miss) if miss else 0)
    _merge_small(cells, keys, total, share, a)
    _merge_to_max(cells, keys, miss, a, sign, max_bins)
    groups = [sorted(_flatten(k)) for k in keys]
    labels = [", ".join(g) for g in groups]
    table = _table(labels, cells, miss, a, convention)
    return Binning.categorical(feature, groups, table)
