"""Batch scoring of columns (not public): points summed as integers in units of
10^-places, in pure Python or vectorised with numpy, giving exactly the scores one
record at a time gives and refusing the same inputs."""

from __future__ import annotations

import bisect
import contextlib
import math
import numbers
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from otccore._kernel import WIDE
from otccore.errors import InvalidInput
from otccore.risk._common import as_list, feature_number, is_missing
from otccore.risk.binning import FeatureKind
from otccore.risk.points import ScorecardFeature, UnknownPolicy, fallback_points

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__: list[str] = []


def _object_floats(values: list[Any]) -> tuple[list[float], bool] | None:
    """An object column as floats with NaN for missing values, and whether any was missing;
    ``None`` when a value is not a finite number (a str, bytes, bool, date, infinity …),
    which the pure-Python column then refuses in its own order."""
    out: list[float] = []
    append = out.append
    missing = False
    isinf = math.isinf
    for v in values:
        if type(v) is float:  # the common case, checked cheaply
            if isinf(v):
                return None
            if v != v:
                missing = True
            append(v)
        elif v is None or is_missing(v):
            missing = True
            append(math.nan)
        elif isinstance(v, bool | str | bytes) or type(v).__name__ == "bool_":
            return None
        elif isinstance(v, float | int | Decimal | numbers.Real):
            try:
                x = float(v)
            except (OverflowError, ValueError):
                return None
            if math.isinf(x):
                return None
            append(x)
        else:
            return None
    return out, missing


def units(p: Decimal, places: int) -> int:
    """``p`` in units of 10^-places (points are summed as integers)."""
    return int(p.scaleb(places, WIDE))


def python_column(
    f: ScorecardFeature, values: list[Any], policy: UnknownPolicy, places: int
) -> list[int]:
    """The points of a column of values in units of 10^-places, in pure Python."""
    pts = [units(p, places) for p in f.points]
    binning = f.binning
    if (
        binning.kind is FeatureKind.NUMERIC
        and not binning.has_missing_bin
        and policy is UnknownPolicy.RAISE
    ):
        edges = binning.edges
        out = []
        for v in values:
            if is_missing(v):
                fallback_points(f, v, policy)
            out.append(pts[bisect.bisect_right(edges, feature_number(v, f.name))])
        return out
    cache: dict[Any, int] = {}
    out = []
    for v in values:
        try:
            out.append(cache[v])
            continue
        except (KeyError, TypeError):
            pass
        index = binning.bin_index(v)
        unit = pts[index] if index is not None else units(fallback_points(f, v, policy), places)
        with contextlib.suppress(TypeError):
            cache[v] = unit
        out.append(unit)
    return out


def numpy_column(
    f: ScorecardFeature, values: Any, policy: UnknownPolicy, places: int
) -> npt.NDArray[np.int64]:
    """:func:`python_column` vectorised with numpy (the same points, the same errors)."""
    import numpy as np

    pts = np.array([units(p, places) for p in f.points], dtype=np.int64)
    binning = f.binning
    raw = np.asarray(values) if binning.kind is FeatureKind.NUMERIC else None
    # Integer and float columns are vectorised as they are; an object column (a list
    # with None in it) is vectorised after one pass that maps missing values to NaN.
    # Bools, strings, bytes, dates and infinities go value by value through the
    # pure-Python path, so both engines refuse "0.3" and True alike, in the same
    # order and with the same message (np.asarray(dtype=float64) would convert them).
    arr = None
    if raw is not None and raw.ndim == 1:
        if raw.dtype.kind in "iuf":
            arr = raw.astype(np.float64, copy=False)
        elif raw.dtype.kind == "O":
            floats = _object_floats(raw.tolist())
            if floats is not None and not (
                floats[1] and policy is UnknownPolicy.RAISE and not binning.has_missing_bin
            ):
                arr = np.array(floats[0], dtype=np.float64)
    if arr is not None:
        nan = np.isnan(arr)
        infinite = np.flatnonzero(np.isinf(arr))
        if infinite.size:
            missing = np.flatnonzero(nan)
            if missing.size and missing[0] < infinite[0] and not binning.has_missing_bin:
                fallback_points(f, math.nan, policy)  # raises first, as the Python path does
            raise InvalidInput(f"{f.name} must be finite: {float(arr[infinite[0]])!r}")
        idx = np.searchsorted(np.asarray(binning.edges, dtype=np.float64), arr, side="right")
        out = pts[idx]
        if nan.any():
            if binning.has_missing_bin:
                out[nan] = pts[-1]
            else:
                out[nan] = units(fallback_points(f, math.nan, policy), places)
        return out
    return np.fromiter(python_column(f, as_list(values), policy, places), dtype=np.int64)
