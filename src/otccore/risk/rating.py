"""Rating scales: score intervals mapped to risk classes, each scale with its direction.

A :class:`RatingScale` is a list of classes over non-overlapping, gap-free intervals
``[lower, upper)`` (the highest class also includes its ``upper`` bound, so a
Creditreform 600 or a Paydex 100 has a class). The first class may start at −∞
(``lower=None``), the last may end at +∞ (``upper=None``). Overlaps, gaps, repeated
names or empty intervals are a :class:`~otccore.errors.ConfigurationError`.

The scale declares its ``direction``: internal scorecards, D&B Paydex and Creditsafe
are higher-is-better; the Creditreform Bonitätsindex (100–600) is lower-is-better.
``rank`` orders classes best first whatever the direction, so a limit rule can say
"class rank ≥ 3 gets no open credit" for any provider.

Scores may be ``int``, ``Decimal`` or ``float`` (floats are read by their repr).

Example:
    >>> from otccore.risk import CREDITREFORM_SCALE
    >>> c = CREDITREFORM_SCALE.classify(180)
    >>> c.name, CREDITREFORM_SCALE.rank(c.name), CREDITREFORM_SCALE.direction
    ('very_good', 1, <Direction.LOWER_IS_BETTER: 'lower_is_better'>)
"""

from __future__ import annotations

import bisect
import enum
import itertools
from collections.abc import Iterable
from decimal import Decimal

import attrs

from otccore import _kernel
from otccore._kernel import WIDE
from otccore._tabular import TableMixin
from otccore.errors import ConfigurationError, InvalidInput
from otccore.risk._common import as_list, one_value, ratio_decimal

__all__ = [
    "CREDITREFORM_SCALE",
    "CREDITSAFE_SCALE",
    "PAYDEX_SCALE",
    "Direction",
    "ExternalRating",
    "RatingClass",
    "RatingScale",
]


class Direction(enum.StrEnum):
    """Whether a higher score is better (less risky) or worse.

    Example:
        >>> from otccore.risk import Direction
        >>> Direction("lower_is_better").higher_is_better
        False
    """

    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"

    @property
    def higher_is_better(self) -> bool:
        """True for ``HIGHER_IS_BETTER``."""
        return self is Direction.HIGHER_IS_BETTER


@attrs.frozen
class RatingClass:
    """A named class over ``[lower, upper)`` (``None`` is unbounded), with a label.

    Example:
        >>> from decimal import Decimal
        >>> from otccore.risk import RatingClass
        >>> RatingClass("B", Decimal(50), Decimal(80), "medium risk").label
        'medium risk'
    """

    name: str
    lower: Decimal | None
    upper: Decimal | None
    label: str = ""


def _interval_key(c: RatingClass) -> tuple[bool, Decimal, bool, Decimal, str]:
    """Ascending ``lower`` (−∞ first), then ``upper`` (+∞ last), then name: a total order,
    so a misconfigured scale is reported the same way whatever order its classes came in."""
    return (
        c.lower is not None,
        c.lower if c.lower is not None else Decimal(0),
        c.upper is None,
        c.upper if c.upper is not None else Decimal(0),
        c.name,
    )


@attrs.frozen
class RatingScale(TableMixin):
    """Classes sorted by ascending ``lower``, a direction and a name; see the module.

    Build it with :meth:`create`, which validates the intervals.

    Example:
        >>> from otccore.risk import RatingScale
        >>> scale = RatingScale.create([("low", 80, 100), ("medium", 50, 80), ("high", 0, 50)])
        >>> scale.classify(80).name, scale.classify(100).name, scale.best_first()
        ('low', 'low', ('low', 'medium', 'high'))
        >>> RatingScale.create([("a", 0, 50), ("b", 60, 100)])
        Traceback (most recent call last):
        ...
        otccore.errors.ConfigurationError: rating scale has a gap: class 'a' ends at 50, class 'b' starts at 60 (no class covers scores from 50 to 60)
    """

    classes: tuple[RatingClass, ...]
    direction: Direction = Direction.HIGHER_IS_BETTER
    name: str = ""

    def __attrs_post_init__(self) -> None:
        if not self.classes:
            raise ConfigurationError("a rating scale needs at least one class")
        names = [c.name for c in self.classes]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ConfigurationError(f"class names repeat: {repeated}")
        last = len(self.classes) - 1
        for i, c in enumerate(self.classes):
            if c.lower is None and i != 0:
                raise ConfigurationError(f"only the lowest class may start at -inf: {c.name!r}")
            if c.upper is None and i != last:
                raise ConfigurationError(f"only the highest class may end at +inf: {c.name!r}")
            if (
                c.lower is not None
                and c.upper is not None
                and (c.upper < c.lower or (c.upper == c.lower and i != last))
            ):
                raise ConfigurationError(f"class {c.name!r} is empty: [{c.lower}, {c.upper})")
        for a, b in itertools.pairwise(self.classes):
            if a.upper is None or b.lower is None:  # pragma: no cover - excluded above
                raise ConfigurationError(f"classes {a.name!r} and {b.name!r} are unbounded")
            if a.upper > b.lower:
                raise ConfigurationError(
                    f"rating scale overlaps: class {a.name!r} ends at {a.upper}, "
                    f"class {b.name!r} starts at {b.lower}"
                )
            if a.upper < b.lower:
                raise ConfigurationError(
                    f"rating scale has a gap: class {a.name!r} ends at {a.upper}, "
                    f"class {b.name!r} starts at {b.lower} "
                    f"(no class covers scores from {a.upper} to {b.lower})"
                )

    @classmethod
    def create(
        cls,
        classes: Iterable[RatingClass | tuple[object, ...]],
        *,
        direction: Direction | str = Direction.HIGHER_IS_BETTER,
        name: str = "",
    ) -> RatingScale:
        """A scale from classes or ``(name, lower, upper[, label])`` tuples, in any order.

        Example:
            >>> from otccore.risk import RatingScale
            >>> RatingScale.create([("x", 0, 10)], direction="sideways")
            Traceback (most recent call last):
            ...
            otccore.errors.ConfigurationError: unknown direction: 'sideways' (expected one of 'higher_is_better', 'lower_is_better')
        """
        chosen = _kernel.setting(Direction, direction, "direction")
        built = []
        for item in classes:
            if isinstance(item, RatingClass):
                built.append(item)
                continue
            if not isinstance(item, tuple | list) or len(item) not in (3, 4):
                raise ConfigurationError(f"a class is (name, lower, upper[, label]): {item!r}")
            cname, lower, upper, *rest = item
            if not isinstance(cname, str) or not cname:
                raise ConfigurationError(f"class name must be a non-empty str: {cname!r}")
            built.append(
                RatingClass(
                    name=cname,
                    lower=None
                    if lower is None
                    else ratio_decimal(lower, f"lower bound of {cname}"),
                    upper=None
                    if upper is None
                    else ratio_decimal(upper, f"upper bound of {cname}"),
                    label=str(rest[0]) if rest else "",
                )
            )
        built.sort(key=_interval_key)
        return cls(classes=tuple(built), direction=chosen, name=name)

    def classify(self, score: object) -> RatingClass:
        """The class holding ``score`` (``InvalidInput`` when it is outside the scale).

        Example:
            >>> from otccore.risk import RatingScale
            >>> RatingScale.create([("only", 0, 10)]).classify(11)
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: score 11 is outside the rating scale [0, 10]
            >>> RatingScale.create([("only", 0, 10)]).classify([1, 2])
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: score must be one number, not a list; for a column of them use classify_many
        """
        value = ratio_decimal(one_value(score, "score", "classify_many"), "score")
        return self._class_of(value, self._lowers())

    def classify_many(self, scores: Iterable[object]) -> tuple[RatingClass, ...]:
        """The class of every score in a column (a list, a tuple, a pandas Series, a numpy
        array), in order; a missing score or one outside the scale is refused with
        ``InvalidInput`` naming its position.

        Example:
            >>> from otccore.risk import PAYDEX_SCALE
            >>> [c.name for c in PAYDEX_SCALE.classify_many([85, 50, 49.5, 100])]
            ['low', 'moderate', 'high', 'low']
            >>> PAYDEX_SCALE.classify_many([70, None])
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: score at position 1 is missing: None
        """
        lowers = self._lowers()
        return tuple(
            self._class_of(ratio_decimal(s, f"score at position {i}"), lowers, i)
            for i, s in enumerate(as_list(scores))
        )

    def _lowers(self) -> list[Decimal]:
        """Lower bounds of the classes after the first (only the first may be -inf)."""
        return [c.lower for c in self.classes[1:] if c.lower is not None]

    def _class_of(
        self, value: Decimal, lowers: list[Decimal], position: int | None = None
    ) -> RatingClass:
        # The classes are sorted and gap-free: the candidate is the last class whose
        # lower bound is at most the value; only the ends can leave it outside.
        i = bisect.bisect_right(lowers, value)
        c = self.classes[i]
        last = i == len(self.classes) - 1
        if (c.lower is None or c.lower <= value) and (
            c.upper is None or value < c.upper or (last and value == c.upper)
        ):
            return c
        low, high = self.classes[0].lower, self.classes[-1].upper
        where = "" if position is None else f" at position {position}"
        raise InvalidInput(
            f"score {value}{where} is outside the rating scale "
            f"[{'-inf' if low is None else low}, {'inf' if high is None else high}]"
        )

    def best_first(self) -> tuple[str, ...]:
        """Class names from the best to the worst.

        Example:
            >>> from otccore.risk import CREDITREFORM_SCALE, PAYDEX_SCALE
            >>> CREDITREFORM_SCALE.best_first()[:3], PAYDEX_SCALE.best_first()
            (('excellent', 'very_good', 'good'), ('low', 'moderate', 'high'))
        """
        names = tuple(c.name for c in self.classes)
        return names[::-1] if self.direction.higher_is_better else names

    def rank(self, name: str) -> int:
        """0 for the best class, 1 for the next … (``InvalidInput`` for an unknown name).

        Example:
            >>> from otccore.risk import PAYDEX_SCALE
            >>> PAYDEX_SCALE.rank("low"), PAYDEX_SCALE.rank("high")
            (0, 2)
            >>> PAYDEX_SCALE.rank("AAA")
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: no class 'AAA' in this scale: ('low', 'moderate', 'high')
        """
        order = self.best_first()
        if name not in order:
            raise InvalidInput(f"no class {name!r} in this scale: {order}")
        return order.index(name)

    def is_better(self, a: object, b: object) -> bool:
        """True when score ``a`` is strictly better than score ``b`` on this scale.

        Example:
            >>> from otccore.risk import CREDITREFORM_SCALE, PAYDEX_SCALE
            >>> CREDITREFORM_SCALE.is_better(150, 300), PAYDEX_SCALE.is_better(50, 80)
            (True, False)
        """
        x, y = ratio_decimal(a, "score"), ratio_decimal(b, "score")
        return x > y if self.direction.higher_is_better else x < y

    def to_records(self) -> list[dict[str, object]]:
        """One dict per class, best first.

        Example:
            >>> from otccore.risk import PAYDEX_SCALE
            >>> PAYDEX_SCALE.to_records()[0]
            {'rank': 0, 'name': 'low', 'lower': Decimal('80'), 'upper': Decimal('100'), 'label': 'low risk: pays promptly or anticipates'}
        """
        by_name = {c.name: c for c in self.classes}
        return [
            {
                "rank": i,
                "name": n,
                "lower": by_name[n].lower,
                "upper": by_name[n].upper,
                "label": by_name[n].label,
            }
            for i, n in enumerate(self.best_first())
        ]


PAYDEX_SCALE = RatingScale.create(
    [
        ("high", 0, 50, "high risk: pays 30+ days beyond terms"),
        ("moderate", 50, 80, "moderate risk: pays up to 30 days beyond terms"),
        ("low", 80, 100, "low risk: pays promptly or anticipates"),
    ],
    name="D&B Paydex",
)
"""D&B Paydex 0–100, higher is better (80 = prompt). Bands as D&B publishes them."""

CREDITSAFE_SCALE = RatingScale.create(
    [
        ("D", 0, 30, "high risk"),
        ("C", 30, 51, "moderate risk"),
        ("B", 51, 71, "low risk"),
        ("A", 71, 100, "very low risk"),
    ],
    name="Creditsafe international score",
)
"""Creditsafe 0–100, higher is better (A 71–100 … D below 30). Check your contract's bands."""

CREDITREFORM_SCALE = RatingScale.create(
    [
        ("excellent", 100, 150, "ausgezeichnete Bonität"),
        ("very_good", 150, 201, "sehr gute Bonität"),
        ("good", 201, 251, "gute Bonität"),
        ("medium", 251, 301, "mittlere Bonität"),
        ("weak", 301, 351, "schwache Bonität"),
        ("very_weak", 351, 500, "sehr schwache Bonität"),
        ("hard_negative", 500, 600, "harte Negativmerkmale"),
        ("insolvent", 600, 600, "Zahlungseinstellung"),
    ],
    direction=Direction.LOWER_IS_BETTER,
    name="Creditreform Bonitätsindex",
)
"""Creditreform Bonitätsindex 100–600, lower is better (600 = insolvency)."""


@attrs.frozen
class ExternalRating:
    """A provider's rating read on its own scale: the class and a comparable 0–1 value.

    ``normalised`` maps the scale's finite range onto 0 (worst) … 1 (best) whatever
    the provider's direction, so ratings from several bureaus can be compared.

    Example:
        >>> from otccore.risk import CREDITREFORM_SCALE, ExternalRating, PAYDEX_SCALE
        >>> ExternalRating.create(CREDITREFORM_SCALE, 150).normalised
        Decimal('0.9')
        >>> ExternalRating.create(PAYDEX_SCALE, 80).risk_class.name
        'low'
    """

    scale: RatingScale
    value: Decimal
    risk_class: RatingClass

    @classmethod
    def create(cls, scale: RatingScale, value: object) -> ExternalRating:
        """Read ``value`` on ``scale`` (``InvalidInput`` outside it).

        Example:
            >>> from otccore.risk import CREDITREFORM_SCALE, ExternalRating
            >>> ExternalRating.create(CREDITREFORM_SCALE, 700)
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: score 700 is outside the rating scale [100, 600]
        """
        if not isinstance(scale, RatingScale):
            raise InvalidInput(f"not a RatingScale: {scale!r}")
        return cls(
            scale=scale, value=ratio_decimal(value, "rating"), risk_class=scale.classify(value)
        )

    @property
    def normalised(self) -> Decimal | None:
        """0 (worst) … 1 (best); ``None`` when the scale is unbounded."""
        low, high = self.scale.classes[0].lower, self.scale.classes[-1].upper
        if low is None or high is None or high == low:
            return None
        share = WIDE.divide(WIDE.subtract(self.value, low), WIDE.subtract(high, low))
        return share if self.scale.direction.higher_is_better else WIDE.subtract(1, share)
