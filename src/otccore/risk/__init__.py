"""Risk scoring and fraud signals: Altman, Ohlson, WoE/IV, binning, scorecards,
payment behaviour, rating scales and anomaly tests (DOMAIN §3).

The same functions score one customer inside a credit check and a million rows in
a notebook. Features and scores may be floats; money never is (fraud signals and
financial statements take ``Money``, ``Decimal`` or ``int``). Tabular results have
``to_records()``; :func:`otccore.adapters.pandas.to_frame` turns any of them into a
DataFrame (extra ``pandas``), and :mod:`otccore.adapters.plot` draws Benford and
score charts (extra ``plot``).

Example:
    >>> from otccore.risk import Scorecard, RatingScale
    >>> scale = RatingScale.create([("A", 600, None), ("B", 520, 600), ("C", None, 520)])
    >>> scale.classify(Scorecard.example().score({"utilisation": 0.3, "days_late": 0}).score).name
    'A'
"""

from otccore.risk._common import Finding
from otccore.risk.altman import AltmanModel, AltmanResult, FinancialStatement, Zone, altman_z
from otccore.risk.binning import Binning, FeatureKind, bin_categorical, bin_numeric
from otccore.risk.ohlson import OhlsonResult, ohlson_o
from otccore.risk.scorecard import (
    Contribution,
    Scaling,
    Scorecard,
    ScorecardFeature,
    ScoreResult,
    UnknownPolicy,
)
from otccore.risk.woe import (
    MISSING,
    IvBand,
    WoeBin,
    WoeConvention,
    WoeTable,
    iv_band,
    woe_from_data,
    woe_table,
)

__all__ = [
    "MISSING",
    "AltmanModel",
    "AltmanResult",
    "Binning",
    "Contribution",
    "FeatureKind",
    "FinancialStatement",
    "Finding",
    "IvBand",
    "OhlsonResult",
    "ScoreResult",
    "Scaling",
    "Scorecard",
    "ScorecardFeature",
    "UnknownPolicy",
    "WoeBin",
    "WoeConvention",
    "WoeTable",
    "Zone",
    "altman_z",
    "bin_categorical",
    "bin_numeric",
    "iv_band",
    "ohlson_o",
    "woe_from_data",
    "woe_table",
]
