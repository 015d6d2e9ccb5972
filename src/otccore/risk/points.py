"""The points of a card: its features, what each contributes to a score, the result.

A :class:`ScoreResult` is a score with its per-feature breakdown
(:class:`Contribution`); the contributions sum exactly to the score.
:class:`UnknownPolicy` says what scoring does with a value that has no bin.

Example:
    >>> from otccore.risk import Scorecard
    >>> r = Scorecard.example().score({"utilisation": 0.95, "days_late": 3})
    >>> r.score, [c.feature for c in r.reasons()]
    (Decimal('528.68'), ['utilisation', 'days_late'])
"""

from __future__ import annotations

import enum
import math
from collections.abc import Iterable
from decimal import Decimal

import attrs

from otccore._kernel import HALF_UP, WIDE
from otccore._tabular import TableMixin
from otccore.errors import InvalidInput
from otccore.risk.binning import Binning

__all__ = ["Contribution", "ScoreResult", "ScorecardFeature", "UnknownPolicy"]


class UnknownPolicy(enum.StrEnum):
    """What scoring does with a value that has no bin (see the module).

    Example:
        >>> from otccore.risk import UnknownPolicy
        >>> UnknownPolicy("lowest")
        <UnknownPolicy.LOWEST: 'lowest'>
    """

    RAISE = "raise"
    NEUTRAL = "neutral"
    LOWEST = "lowest"


def quantize(value: float, places: int) -> Decimal:
    """``value`` rounded half-up to ``places`` decimals, read by its ``repr``.

    In the kernel's ``HALF_UP`` context (40 digits): a float's repr has at most 17
    significant digits, so the result is the same as in the 50 digits this used to
    run in for any points below 10^37 (the pinned scores do not move).
    """
    if math.isnan(value) or math.isinf(value):
        raise InvalidInput(f"points must be finite: {value!r}")
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), context=HALF_UP)


def total(points: Iterable[Decimal]) -> Decimal:
    """The exact sum of points, whatever the ambient decimal context."""
    total = Decimal(0)
    for p in points:
        total = WIDE.add(total, p)
    return total


@attrs.frozen
class ScorecardFeature:
    """One feature of a card: its binning, coefficient and points per bin.

    ``points[i]`` belongs to ``binning.table.bins[i]``; ``neutral_points`` are the
    points at WoE 0 (used by ``UnknownPolicy.NEUTRAL``).

    Example:
        >>> from otccore.risk import Scorecard
        >>> card = Scorecard.from_json(Scorecard.example().to_json())
        >>> card.features[0].name, card.features[0].points
        ('utilisation', (Decimal('313.93'), Decimal('280.66'), Decimal('254.13')))
    """

    binning: Binning
    coefficient: float
    points: tuple[Decimal, ...]
    neutral_points: Decimal

    @property
    def name(self) -> str:
        """The feature's name (the key of its value in a record)."""
        return self.binning.feature

    @property
    def lowest(self) -> Decimal:
        """The lowest points any bin gives."""
        return min(self.points)

    @property
    def highest(self) -> Decimal:
        """The highest points any bin gives."""
        return max(self.points)


@attrs.frozen
class Contribution:
    """One feature's part of a score: the value, its bin, WoE and points.

    ``note`` is empty for a value in a bin and names the :class:`UnknownPolicy`
    otherwise; ``shortfall`` is how many points the feature gave away against its
    best bin (the reason a score is low).

    Example:
        >>> from otccore.risk import Scorecard
        >>> r = Scorecard.example().score({"utilisation": 0.95, "days_late": 3})
        >>> c = r.contributions[0]
        >>> c.feature, c.bin, c.points, c.shortfall
        ('utilisation', '[0.8, inf)', Decimal('254.13'), Decimal('59.80'))
    """

    feature: str
    value: object
    bin: str | None
    woe: float | None
    points: Decimal
    shortfall: Decimal
    note: str = ""


@attrs.frozen
class ScoreResult(TableMixin):
    """A score with its per-feature breakdown; the contributions sum exactly to ``score``.

    Example:
        >>> from otccore.risk import Scorecard
        >>> r = Scorecard.example().score({"utilisation": 0.1, "days_late": 40})
        >>> r.score == sum(c.points for c in r.contributions)
        True
        >>> [c.feature for c in r.reasons(1)]
        ['days_late']
    """

    score: Decimal
    contributions: tuple[Contribution, ...]

    def reasons(self, top: int = 3) -> tuple[Contribution, ...]:
        """The ``top`` contributions that cost the most points against their best bin
        (adverse-action reasons), largest shortfall first, ties by feature name.

        Contributions that cost nothing (the feature is in its best bin) are never
        reasons, so fewer than ``top`` may come back.

        Example:
            >>> from otccore.risk import Scorecard
            >>> r = Scorecard.example().score({"utilisation": 0.95, "days_late": 40})
            >>> [(c.feature, c.shortfall) for c in r.reasons()]
            [('days_late', Decimal('60.92')), ('utilisation', Decimal('59.80'))]
            >>> Scorecard.example().score({"utilisation": 0.1, "days_late": 0}).reasons()
            ()
        """
        ranked = sorted(
            (c for c in self.contributions if c.shortfall > 0),
            key=lambda c: (-c.shortfall, c.feature),
        )
        return tuple(ranked[:top])

    def to_records(self) -> list[dict[str, object]]:
        """One dict per contribution (for a frame).

        Example:
            >>> from otccore.risk import Scorecard
            >>> r = Scorecard.example().score({"utilisation": 0.95, "days_late": 3})
            >>> [(row["feature"], row["bin"], row["points"]) for row in r.to_records()]
            [('utilisation', '[0.8, inf)', Decimal('254.13')), ('days_late', '[1, 30)', Decimal('274.55'))]
        """
        return [
            {
                "feature": c.feature,
                "value": c.value,
                "bin": c.bin,
                "woe": c.woe,
                "points": c.points,
                "shortfall": c.shortfall,
                "note": c.note,
            }
            for c in self.contributions
        ]


def fallback_points(feature: ScorecardFeature, value: object, policy: UnknownPolicy) -> Decimal:
    """The points of a ``value`` of ``feature`` that has no bin, by ``policy`` (``RAISE`` raises)."""
    if policy is UnknownPolicy.RAISE:
        raise InvalidInput(
            f"feature {feature.name!r}: value {value!r} has no bin (pass unknown='neutral' or "
            "'lowest', or fit a bin for it)"
        )
    return feature.neutral_points if policy is UnknownPolicy.NEUTRAL else feature.lowest
