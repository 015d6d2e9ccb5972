"""Fitting a scorecard from a labelled dataset with scikit-learn (extra ``ml``).

:func:`fit_scorecard` bins every feature (:func:`~otccore.risk.bin_numeric` or
:func:`~otccore.risk.bin_categorical`), replaces values by their bin's WoE, fits
scikit-learn's ``LogisticRegression`` of the bad (target 1) log-odds on those WoE
columns and scales the coefficients into points (:meth:`Scorecard.build`).
scikit-learn is imported only when this function runs; scoring needs no extra.

Example:
    >>> from otccore.risk import fit_scorecard
    >>> data = {"x": [1, 2, 3, 4, 5, 6, 7, 8] * 25, "y": [1, 1, 0, 1, 0, 0, 1, 0] * 25}
    >>> card = fit_scorecard(data, "y", ["x"], prebins=8, min_bin_share=0.1)
    >>> card.feature_names, len(card.features[0].points)
    (('x',), 4)
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from otccore.errors import InvalidInput
from otccore.risk._common import as_list, column, is_missing, target_flag
from otccore.risk.binning import Binning, bin_categorical, bin_numeric
from otccore.risk.scorecard import Scaling, Scorecard, UnknownPolicy
from otccore.risk.woe import WoeConvention

__all__ = ["fit_scorecard"]


def _is_categorical(values: list[Any]) -> bool:
    return any(isinstance(v, str) for v in values if not is_missing(v))


def fit_scorecard(
    data: Mapping[str, Iterable[Any]] | Any,
    target: str,
    features: Sequence[str],
    *,
    categorical: Iterable[str] = (),
    scaling: Scaling | None = None,
    prebins: int = 20,
    min_bin_share: float = 0.05,
    monotonic: str | None = "auto",
    max_bins: int | None = None,
    smoothing: float | None = 0.5,
    convention: WoeConvention | str = WoeConvention.GOOD_OVER_BAD,
    regularisation: float | None = None,
    unknown: UnknownPolicy | str = UnknownPolicy.RAISE,
    places: int = 2,
) -> Scorecard:
    """Bin, fit and scale a scorecard from columns (a mapping or a pandas DataFrame).

    ``target`` names the 0/1 column (1 = bad). Features holding strings, or named in
    ``categorical``, are binned as categories; the others as numbers.
    ``regularisation`` is scikit-learn's ``C`` (``None``: no penalty, as a
    classical scorecard is fitted). Smoothing defaults to 0.5 here so that a pure
    bin does not stop a fit; pass ``None`` to refuse pure bins instead.

    Example:
        >>> from otccore.risk import fit_scorecard
        >>> fit_scorecard({"x": [1.0, 2.0], "y": [0, 0]}, "y", ["x"])
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: the target needs both goods (0) and bads (1): 2 goods, 0 bads
    """
    try:
        import numpy as np
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - exercised without the extra
        raise ImportError('fit_scorecard needs scikit-learn: pip install "otccore[ml]"') from exc
    names = list(features)
    if not names:
        raise InvalidInput("no features to fit")
    ys = [target_flag(y, i) for i, y in enumerate(as_list(column(data, target)))]
    bads = sum(ys)
    if bads == 0 or bads == len(ys):
        raise InvalidInput(
            f"the target needs both goods (0) and bads (1): {len(ys) - bads} goods, {bads} bads"
        )
    forced = set(categorical)
    binnings: list[Binning] = []
    columns = []
    for name in names:
        values = as_list(column(data, name))
        if len(values) != len(ys):
            raise InvalidInput(f"column {name!r} has {len(values)} values, the target {len(ys)}")
        common: dict[str, Any] = {
            "feature": name,
            "min_bin_share": min_bin_share,
            "max_bins": max_bins,
            "smoothing": smoothing,
            "convention": convention,
        }
        if name in forced or _is_categorical(values):
            binning = bin_categorical(values, ys, **common)
        else:
            binning = bin_numeric(values, ys, prebins=prebins, monotonic=monotonic, **common)
        binnings.append(binning)
        columns.append([binning.woe_of(v) for v in values])
    x = np.array(columns, dtype=np.float64).T
    c = math.inf if regularisation is None else float(regularisation)
    model = LogisticRegression(C=c, max_iter=1000)
    model.fit(x, np.array(ys, dtype=np.int64))
    betas = [float(b) for b in model.coef_[0]]
    return Scorecard.build(
        binnings,
        betas,
        float(model.intercept_[0]),
        scaling,
        unknown=unknown,
        places=places,
    )
