"""Risk scoring and fraud signals: Altman, Ohlson, WoE/IV, binning, scorecards,
payment behaviour, rating scales and anomaly tests.

Each sign, direction and boundary convention is explained with its source on the
docs page "Risk conventions and their sources" (``docs/risk/conventions.md``).

The same functions score one customer inside a credit check and a million rows in
a notebook. Features and scores may be floats; money never is (fraud signals and
financial statements take ``Money``, ``Decimal`` or ``int``). Tabular results have
``to_records()`` and ``to_frame()`` (a DataFrame, extra ``pandas``);
:func:`otccore.adapters.pandas.to_frame` also turns sequences of findings and
one-record results into a frame, and :mod:`otccore.adapters.plot` draws Benford and
score charts (extra ``plot``).

Example:
    >>> from otccore.risk import RatingScale, Scorecard
    >>> scale = RatingScale.create([("A", 600, None), ("B", 520, 600), ("C", None, 520)])
    >>> scale.classify(Scorecard.example().score({"utilisation": 0.3, "days_late": 0}).score).name
    'A'
"""

from otccore.risk.altman import (
    AltmanModel,
    AltmanResult,
    FinancialStatement,
    Zone,
    altman_z,
    altman_z_many,
)
from otccore.risk.behaviour import (
    DEFAULT_INDEX_POINTS,
    PaymentBehaviour,
    Trend,
    paydex_like,
    payment_behaviour,
)
from otccore.risk.benford import (
    NIGRINI_MAD_BANDS,
    BenfordDigit,
    BenfordResult,
    BenfordTest,
    Conformity,
    NegativeAmounts,
    benford,
    benford_expected,
)
from otccore.risk.binning import (
    Binning,
    FeatureKind,
    MissingValues,
    Monotonic,
    bin_categorical,
    bin_numeric,
)
from otccore.risk.codes import SignalCode
from otccore.risk.findings import Finding, Findings
from otccore.risk.fit import fit_scorecard
from otccore.risk.ohlson import OhlsonResult, ohlson_o
from otccore.risk.rating import (
    CREDITREFORM_SCALE,
    CREDITSAFE_SCALE,
    PAYDEX_SCALE,
    Direction,
    ExternalRating,
    RatingClass,
    RatingScale,
)
from otccore.risk.scaling import OddsConvention
from otccore.risk.scorecard import (
    Contribution,
    Scaling,
    Scorecard,
    ScorecardFeature,
    ScoreResult,
    ScoringEngine,
    UnknownPolicy,
)
from otccore.risk.service import paid_items
from otccore.risk.signals import (
    BankDetailsChange,
    Document,
    Refund,
    exact_duplicates,
    near_duplicate_numbers,
    new_payer_accounts,
    order_spikes,
    refunds_to_changed_accounts,
    relative_size_factor,
    round_numbers,
    same_same_different,
    same_same_same,
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
    "CREDITREFORM_SCALE",
    "CREDITSAFE_SCALE",
    "DEFAULT_INDEX_POINTS",
    "MISSING",
    "NIGRINI_MAD_BANDS",
    "PAYDEX_SCALE",
    "AltmanModel",
    "AltmanResult",
    "BankDetailsChange",
    "BenfordDigit",
    "BenfordResult",
    "BenfordTest",
    "Binning",
    "Conformity",
    "Contribution",
    "Direction",
    "Document",
    "ExternalRating",
    "FeatureKind",
    "FinancialStatement",
    "Finding",
    "Findings",
    "IvBand",
    "MissingValues",
    "Monotonic",
    "NegativeAmounts",
    "OddsConvention",
    "OhlsonResult",
    "PaymentBehaviour",
    "RatingClass",
    "RatingScale",
    "Refund",
    "Scaling",
    "ScoreResult",
    "Scorecard",
    "ScorecardFeature",
    "ScoringEngine",
    "SignalCode",
    "Trend",
    "UnknownPolicy",
    "WoeBin",
    "WoeConvention",
    "WoeTable",
    "Zone",
    "altman_z",
    "altman_z_many",
    "benford",
    "benford_expected",
    "bin_categorical",
    "bin_numeric",
    "exact_duplicates",
    "fit_scorecard",
    "iv_band",
    "near_duplicate_numbers",
    "new_payer_accounts",
    "ohlson_o",
    "order_spikes",
    "paid_items",
    "paydex_like",
    "payment_behaviour",
    "refunds_to_changed_accounts",
    "relative_size_factor",
    "round_numbers",
    "same_same_different",
    "same_same_same",
    "woe_from_data",
    "woe_table",
]
