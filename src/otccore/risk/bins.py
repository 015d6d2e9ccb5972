"""A fitted binning: how one feature's values map to bins, and each bin's WoE.

:func:`~otccore.risk.bin_numeric` and :func:`~otccore.risk.bin_categorical` fit one
(:mod:`otccore.risk.binning`); :meth:`Binning.numeric` and
:meth:`Binning.categorical` build one from cut points or groups and a WoE table;
:meth:`Binning.to_dict` and :meth:`Binning.from_dict` store it.

Example:
    >>> from otccore.risk import Binning, woe_table
    >>> b = Binning.numeric("x", [10.0], woe_table([("lo", 30, 10), ("hi", 10, 30)]))
    >>> b.label_of(12), [round(w, 4) for w in b.transform([3, 12])]
    ('hi', [1.0986, -1.0986])
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from otccore._tabular import TableMixin
from otccore.errors import InvalidInput
from otccore.risk._common import as_list, feature_number, is_missing
from otccore.risk.woe import MISSING, WoeBin, WoeConvention, WoeTable

__all__ = ["Binning", "FeatureKind"]


class FeatureKind(enum.StrEnum):
    """Numeric (bins are intervals) or categorical (bins are groups of values).

    Example:
        >>> from otccore.risk import FeatureKind
        >>> FeatureKind("numeric")
        <FeatureKind.NUMERIC: 'numeric'>
    """

    NUMERIC = "numeric"
    CATEGORICAL = "categorical"


@attrs.frozen
class Binning(TableMixin):
    """How one feature's values map to bins, and each bin's WoE.

    Numeric: ``edges`` are the inner cut points c1 < … < cm (bin i holds
    c_i ≤ x < c_{i+1}). Categorical: ``groups`` hold each bin's values (as
    strings). The missing bin, if any, is the last bin of ``table``. A value with
    no bin (an unseen category, or a missing value when no missing bin was fitted)
    gives ``None`` from :meth:`bin_index`: the scorecard decides what to do.

    Example:
        >>> from otccore.risk import Binning, woe_table
        >>> b = Binning.numeric("x", [10.0], woe_table([("lo", 30, 10), ("hi", 10, 30)]))
        >>> b.bin_index(9.99), b.bin_index(10), b.bin_index(float("nan"))
        (0, 1, None)
    """

    feature: str
    kind: FeatureKind
    table: WoeTable
    edges: tuple[float, ...] = ()
    groups: tuple[tuple[str, ...], ...] = ()
    _lookup: dict[str, int] = attrs.field(factory=dict, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.feature, str) or not self.feature:
            raise InvalidInput(f"feature name must be a non-empty str: {self.feature!r}")
        n = len(self.table.bins) - (1 if self.has_missing_bin else 0)
        if self.kind is FeatureKind.NUMERIC:
            if any(not b > a for a, b in zip(self.edges, self.edges[1:], strict=False)):
                raise InvalidInput(f"edges must be strictly increasing: {self.edges!r}")
            if n != len(self.edges) + 1:
                raise InvalidInput(
                    f"{len(self.edges)} edges make {len(self.edges) + 1} bins, the table has {n}"
                )
        else:
            if n != len(self.groups):
                raise InvalidInput(f"{len(self.groups)} groups but the table has {n} bins")
            for index, group in enumerate(self.groups):
                for value in group:
                    if value in self._lookup:
                        raise InvalidInput(f"category {value!r} is in two groups")
                    self._lookup[value] = index

    @classmethod
    def numeric(cls, feature: str, edges: Iterable[float], table: WoeTable) -> Binning:
        """A numeric binning from cut points and a table (missing bin last, if any).

        Example:
            >>> from otccore.risk import Binning, woe_table
            >>> b = Binning.numeric("x", [10], woe_table([("lo", 3, 1), ("hi", 1, 3)]))
            >>> b.edges, b.kind
            ((10.0,), <FeatureKind.NUMERIC: 'numeric'>)
        """
        return cls(
            feature=feature,
            kind=FeatureKind.NUMERIC,
            table=table,
            edges=tuple(feature_number(e, "edge") for e in edges),
        )

    @classmethod
    def categorical(
        cls, feature: str, groups: Iterable[Iterable[object]], table: WoeTable
    ) -> Binning:
        """A categorical binning from groups of values and a table (missing bin last, if any).

        Example:
            >>> from otccore.risk import Binning, woe_table
            >>> b = Binning.categorical("sector", [["retail"], ["b2b", "gov"]],
            ...                         woe_table([("retail", 5, 5), ("b2b, gov", 9, 1)]))
            >>> b.label_of("gov"), b.bin_index("mining")
            ('b2b, gov', None)
        """
        return cls(
            feature=feature,
            kind=FeatureKind.CATEGORICAL,
            table=table,
            groups=tuple(tuple(sorted(str(v) for v in g)) for g in groups),
        )

    @property
    def has_missing_bin(self) -> bool:
        """True when the last bin holds missing values."""
        return bool(self.table.bins) and self.table.bins[-1].label == MISSING

    @property
    def labels(self) -> tuple[str, ...]:
        """Bin labels in order."""
        return tuple(b.label for b in self.table.bins)

    @property
    def woes(self) -> tuple[float, ...]:
        """Bin WoEs in order."""
        return tuple(b.woe for b in self.table.bins)

    def bin_index(self, value: object) -> int | None:
        """The bin of ``value``, or ``None`` when it has none (see the class).

        Example:
            >>> from otccore.risk import Binning, woe_table
            >>> b = Binning.numeric("x", [0, 10], woe_table([("a", 1, 3), ("b", 2, 2), ("c", 3, 1)]))
            >>> b.bin_index(-5), b.bin_index(0), b.bin_index(10), b.bin_index(None)
            (0, 1, 2, None)
            >>> b.bin_index("7")
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: x must be a number, not str: '7'
        """
        if is_missing(value):
            return len(self.table.bins) - 1 if self.has_missing_bin else None
        if self.kind is FeatureKind.NUMERIC:
            return bisect.bisect_right(self.edges, feature_number(value, self.feature))
        return self._lookup.get(str(value))

    def label_of(self, value: object) -> str | None:
        """The label of ``value``'s bin, or ``None``.

        Example:
            >>> from otccore.risk import Binning, woe_table
            >>> Binning.numeric("x", [0], woe_table([("neg", 1, 3), ("pos", 3, 1)])).label_of(2.5)
            'pos'
        """
        index = self.bin_index(value)
        return None if index is None else self.table.bins[index].label

    def woe_of(self, value: object) -> float | None:
        """The WoE of ``value``'s bin, or ``None`` when it has no bin.

        Example:
            >>> from otccore.risk import Binning, woe_table
            >>> b = Binning.categorical("s", [["a"], ["b"]], woe_table([("a", 1, 1), ("b", 3, 1)]))
            >>> round(b.woe_of("a"), 4), b.woe_of("z")
            (-0.6931, None)
        """
        index = self.bin_index(value)
        return None if index is None else self.table.bins[index].woe

    def transform(self, values: Iterable[Any]) -> list[float | None]:
        """WoE of every value (``None`` where a value has no bin).

        Example:
            >>> from otccore.risk import Binning, woe_table
            >>> b = Binning.numeric("x", [0], woe_table([("neg", 1, 3), ("pos", 3, 1)]))
            >>> [round(w, 3) for w in b.transform([-1, 1])]
            [-1.099, 1.099]
        """
        return [self.woe_of(v) for v in as_list(values)]

    def to_records(self) -> list[dict[str, object]]:
        """The WoE table's rows with the feature name (for a frame).

        Example:
            >>> from otccore.risk import Binning, woe_table
            >>> Binning.numeric("x", [0], woe_table([("neg", 1, 3), ("pos", 3, 1)])).to_records()[0]["feature"]
            'x'
        """
        return [{"feature": self.feature, **row} for row in self.table.to_records()]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict; :meth:`from_dict` reads it back exactly.

        Example:
            >>> from otccore.risk import Binning, woe_table
            >>> d = Binning.numeric("x", [0], woe_table([("neg", 1, 3), ("pos", 3, 1)])).to_dict()
            >>> d["kind"], d["edges"], d["bins"][0][:3]
            ('numeric', [0.0], ['neg', 1, 3])
        """
        return {
            "feature": self.feature,
            "kind": str(self.kind),
            "edges": list(self.edges),
            "groups": [list(g) for g in self.groups],
            "convention": str(self.table.convention),
            "smoothing": self.table.smoothing,
            "iv": self.table.iv,
            "bins": [
                [b.label, b.goods, b.bads, b.share, b.bad_rate, b.woe, b.iv]
                for b in self.table.bins
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Binning:
        """Rebuild a binning written by :meth:`to_dict`.

        Example:
            >>> from otccore.risk import Binning, woe_table
            >>> b = Binning.numeric("x", [0], woe_table([("neg", 1, 3), ("pos", 3, 1)]))
            >>> Binning.from_dict(b.to_dict()) == b
            True
            >>> Binning.from_dict({"feature": "x"})
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: not a binning: KeyError('bins')
        """
        try:
            bins = tuple(
                WoeBin(
                    label=str(r[0]),
                    goods=int(r[1]),
                    bads=int(r[2]),
                    share=float(r[3]),
                    bad_rate=float(r[4]),
                    woe=float(r[5]),
                    iv=float(r[6]),
                )
                for r in data["bins"]
            )
            table = WoeTable(
                bins=bins,
                iv=float(data["iv"]),
                total_goods=sum(b.goods for b in bins),
                total_bads=sum(b.bads for b in bins),
                convention=WoeConvention(data["convention"]),
                smoothing=None if data["smoothing"] is None else float(data["smoothing"]),
            )
            return cls(
                feature=str(data["feature"]),
                kind=FeatureKind(data["kind"]),
                table=table,
                edges=tuple(float(e) for e in data["edges"]),
                groups=tuple(tuple(str(v) for v in g) for g in data["groups"]),
            )
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            if isinstance(exc, InvalidInput):
                raise
            raise InvalidInput(f"not a binning: {exc!r}") from None
