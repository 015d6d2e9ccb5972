"""Scorecards: per-attribute points and scoring with reasons.

**Points.** For a logistic regression of the *bad* (event) log-odds on WoE
features, ln(bad:good) = α + Σ βᵢ·WoEᵢ, each attribute gets
points = −(β × WoE + α ÷ n) × factor + offset ÷ n (n features; factor and offset
from the card's :class:`~otccore.risk.Scaling`), so the points of a record's
attributes add up to its score. Points are rounded half-up to ``places`` decimals
(default 2) when the card is built; the score is their exact ``Decimal`` sum, so
the per-feature breakdown always sums to the score.

**The other convention.** Binnings built with ``convention="bad/good"`` carry the
opposite WoE sign. A logistic fit on opposite-signed WoE has opposite-signed β, so
β × WoE, and the points, are the same either way (the tests check this).

**Unknown values.** A value with no bin (a category not seen in fitting, or a
missing value when no missing bin was fitted) is handled by the card's
:class:`UnknownPolicy`: ``raise`` (default: ``InvalidInput`` naming the feature and
value), ``neutral`` (WoE 0: −α ÷ n × factor + offset ÷ n) or ``lowest`` (the
feature's lowest points, the conservative choice). Each contribution says when it
came from the policy.

Scores are numbers, not money: a record's score is a ``Decimal``, batch scores are
floats. :class:`Scaling` lives in :mod:`otccore.risk.scaling`, the results in
:mod:`otccore.risk.points`; both are importable from here as before.

Example:
    >>> from otccore.risk import Scorecard
    >>> Scorecard.example().score({"utilisation": 0.3, "days_late": 0}).score
    Decimal('618.89')
"""

from __future__ import annotations

import decimal
import enum
import importlib.util
import json
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from otccore import _kernel
from otccore._tabular import TableMixin
from otccore.errors import IncompatibleSchema, InvalidInput
from otccore.risk._batch import numpy_column, python_column
from otccore.risk._common import as_list, column, feature_number
from otccore.risk.binning import Binning
from otccore.risk.points import (
    Contribution,
    ScorecardFeature,
    ScoreResult,
    UnknownPolicy,
    fallback_points,
    quantize,
    total,
)
from otccore.risk.scaling import Scaling
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
    "ScoringEngine",
    "UnknownPolicy",
]

_FORMAT = "otccore.scorecard"
_VERSION = 1


class ScoringEngine(enum.StrEnum):
    """How :meth:`Scorecard.score_batch` computes: pure Python, numpy, or numpy when installed.

    Example:
        >>> from otccore.risk import Scorecard, ScoringEngine
        >>> Scorecard.example().score_batch({"utilisation": [0.3], "days_late": [0]},
        ...                                 engine=ScoringEngine.PYTHON)
        [618.89]
    """

    AUTO = "auto"
    PYTHON = "python"
    NUMPY = "numpy"


def _policy(unknown: object) -> UnknownPolicy:
    return _kernel.choice(UnknownPolicy, unknown, "policy")


@attrs.frozen
class Scorecard(TableMixin):
    """A points table over binned features that scores one record or many.

    Build it with :meth:`build` (from binnings, logistic coefficients and a
    :class:`Scaling`), :func:`otccore.risk.fit_scorecard` (scikit-learn, extra
    ``ml``) or :meth:`from_json`. Scoring needs no extra; ``score_batch`` uses numpy
    when it is installed.

    Example:
        >>> from otccore.risk import Scorecard
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
            >>> from otccore.risk import Scorecard
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
                        quantize(
                            scale.points(coefficient=b, woe=woe, intercept=alpha, n_features=n),
                            places,
                        )
                        for woe in binning.woes
                    ),
                    neutral_points=quantize(
                        scale.points(coefficient=b, woe=0.0, intercept=alpha, n_features=n), places
                    ),
                )
            )
        policy = _policy(unknown)
        return cls(
            features=tuple(features), intercept=alpha, scaling=scale, unknown=policy, places=places
        )

    @classmethod
    def example(cls) -> Scorecard:
        """A tiny two-feature card used in the documentation's examples.

        Example:
            >>> from otccore.risk import Scorecard
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
        """The features in card order."""
        return tuple(f.name for f in self.features)

    @property
    def convention(self) -> WoeConvention:
        """The WoE convention of the card's binnings."""
        return self.features[0].binning.table.convention

    @property
    def min_score(self) -> Decimal:
        """The lowest score any record can get (unknown values aside)."""
        return total(f.lowest for f in self.features)

    @property
    def max_score(self) -> Decimal:
        """The highest score any record can get."""
        return total(f.highest for f in self.features)

    def _policy(self, unknown: UnknownPolicy | str | None) -> UnknownPolicy:
        return self.unknown if unknown is None else _policy(unknown)

    def score(
        self, record: Mapping[str, Any], *, unknown: UnknownPolicy | str | None = None
    ) -> ScoreResult:
        """Score one record (a mapping of feature name to value, e.g. a pandas row).

        ``unknown`` overrides the card's :class:`UnknownPolicy` for this call. A
        record without one of the card's features is refused; extra keys are ignored.

        Example:
            >>> from otccore.risk import Scorecard
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
                points = fallback_points(f, value, policy)
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
        return ScoreResult(score=total(c.points for c in parts), contributions=tuple(parts))

    def score_batch(
        self,
        data: Mapping[str, Iterable[Any]] | Any,
        *,
        engine: ScoringEngine | str = ScoringEngine.AUTO,
        unknown: UnknownPolicy | str | None = None,
    ) -> list[float] | npt.NDArray[np.float64]:
        """Scores of many records given as columns: a mapping ``{feature: values}`` or a
        pandas DataFrame.

        ``engine`` is a :class:`ScoringEngine` or its text. ``"python"`` returns a
        list of floats and needs nothing installed; ``"numpy"`` returns a float64 array (extra ``numpy``); ``"auto"`` uses numpy
        when it is importable. Both give exactly the scores :meth:`score` gives
        (points are summed as integers in units of 10^-places) and refuse the same
        inputs: strings (even ``"0.3"``), bytes, bools and infinities are an
        ``InvalidInput`` on either engine, never a score.

        Example:
            >>> from otccore.risk import Scorecard
            >>> Scorecard.example().score_batch({"utilisation": [0.9], "days_late": [None]},
            ...                                 engine="python", unknown="lowest")
            [498.17]
        """
        policy = self._policy(unknown)
        chosen = _kernel.choice(ScoringEngine, engine, "scoring engine")
        if chosen is ScoringEngine.AUTO:
            numpy_found = importlib.util.find_spec("numpy") is not None
            chosen = ScoringEngine.NUMPY if numpy_found else ScoringEngine.PYTHON
        scale = 10**self.places
        first, *rest = self.features
        if chosen is ScoringEngine.NUMPY:
            total = numpy_column(first, column(data, first.name), policy, self.places)
            for f in rest:
                col = numpy_column(f, column(data, f.name), policy, self.places)
                if len(col) != len(total):
                    raise InvalidInput(
                        f"column {f.name!r} has {len(col)} values, others {len(total)}"
                    )
                total = total + col
            result: npt.NDArray[np.float64] = total / scale
            return result
        totals = python_column(first, as_list(column(data, first.name)), policy, self.places)
        for f in rest:
            units = python_column(f, as_list(column(data, f.name)), policy, self.places)
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
            >>> from otccore.risk import Scorecard
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

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (points as strings, so they stay exact).

        Example:
            >>> from otccore.risk import Scorecard
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
            >>> from otccore.risk import Scorecard
            >>> card = Scorecard.example()
            >>> Scorecard.from_json(card.to_json()) == card
            True
        """
        return json.dumps(self.to_dict(), indent=indent, allow_nan=False)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scorecard:
        """Read a card written by :meth:`to_dict` (``IncompatibleSchema`` for a newer version).

        Example:
            >>> from otccore.risk import Scorecard
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
            >>> from otccore.errors import InvalidInput
            >>> from otccore.risk import Scorecard
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
