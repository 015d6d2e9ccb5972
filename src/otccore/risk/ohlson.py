"""Ohlson's O-score (1980, model 1) with its units as explicit parameters.

O = −1.32 − 0.407 SIZE + 6.03 TLTA − 1.43 WCTA + 0.0757 CLCA − 2.37 NITA
− 1.83 FUTL + 0.285 INTWO − 1.72 OENEG − 0.521 CHIN, and the probability of
failure is P = 1 ÷ (1 + e^−O).

SIZE = ln(total assets ÷ GNP price-level index) is the one term that depends on
units, so both are parameters without defaults: ``assets_unit`` is how many
currency units make one unit of the model (Ohlson's data was in millions of US
dollars: ``assets_unit=1_000_000``) and ``price_index`` is the GNP implicit price
deflator with base year = 100 (Ohlson used 1968 = 100; pass ``100`` for no
adjustment). SIZE = ln((total assets ÷ assets_unit) ÷ (price_index ÷ 100)).

Statement values are money (``Money``, ``Decimal`` or ``int``, never float); the
score and probability are floats (they are model outputs, not money).

Example:
    >>> from otccore.risk import ohlson_o
    >>> r = ohlson_o(total_assets=100_000_000, total_liabilities=50_000_000,
    ...     current_assets=40_000_000, current_liabilities=20_000_000,
    ...     net_income=5_000_000, net_income_prior=4_000_000,
    ...     funds_from_operations=8_000_000, assets_unit=1_000_000, price_index=100)
    >>> round(r.o_score, 4), round(r.probability, 4)
    (-0.8966, 0.2897)
"""

from __future__ import annotations

import decimal
import math
from decimal import Decimal

import attrs

from otccore._kernel import WIDE
from otccore.errors import InvalidInput
from otccore.risk._common import amount_decimal, ratio_decimal

__all__ = ["OhlsonResult", "ohlson_o"]

_WEIGHTS = {
    "SIZE": -0.407,
    "TLTA": 6.03,
    "WCTA": -1.43,
    "CLCA": 0.0757,
    "NITA": -2.37,
    "FUTL": -1.83,
    "INTWO": 0.285,
    "OENEG": -1.72,
    "CHIN": -0.521,
}
_INTERCEPT = -1.32


@attrs.frozen
class OhlsonResult:
    """An O-score, its failure probability and the nine variables behind it.

    Example:
        >>> from otccore.risk import ohlson_o
        >>> r = ohlson_o(total_assets=1, total_liabilities=2, current_assets=1,
        ...     current_liabilities=1, net_income=-1, net_income_prior=-1,
        ...     funds_from_operations=0, assets_unit=1, price_index=100)
        >>> r.variables["OENEG"], r.variables["INTWO"]
        (1.0, 1.0)
    """

    o_score: float
    probability: float
    variables_: tuple[tuple[str, float], ...]

    @property
    def variables(self) -> dict[str, float]:
        """SIZE, TLTA, WCTA, CLCA, NITA, FUTL, INTWO, OENEG, CHIN."""
        return dict(self.variables_)

    def to_record(self) -> dict[str, object]:
        """A flat dict (for a table row).

        Example:
            >>> from otccore.risk import ohlson_o
            >>> r = ohlson_o(total_assets=100, total_liabilities=50, current_assets=40,
            ...     current_liabilities=20, net_income=5, net_income_prior=5,
            ...     funds_from_operations=10, assets_unit=1, price_index=100)
            >>> list(r.to_record())[:3]
            ['o_score', 'probability', 'CHIN']
        """
        return {"o_score": self.o_score, "probability": self.probability, **self.variables}


def ohlson_o(
    *,
    total_assets: object,
    total_liabilities: object,
    current_assets: object,
    current_liabilities: object,
    net_income: object,
    net_income_prior: object,
    funds_from_operations: object,
    assets_unit: object,
    price_index: object,
) -> OhlsonResult:
    """Ohlson O-score from statement values; units are explicit (see the module).

    Total assets and current assets must be positive (they divide). OENEG is 1 when
    total liabilities exceed total assets; INTWO is 1 when net income was negative
    in both years; CHIN is 0 when both years' net income are zero.

    Example:
        >>> from otccore.risk import ohlson_o
        >>> ohlson_o(total_assets=-5, total_liabilities=1, current_assets=1,
        ...     current_liabilities=1, net_income=0, net_income_prior=0,
        ...     funds_from_operations=0, assets_unit=1, price_index=100)
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: total assets must be positive: -5
    """
    ta = amount_decimal(total_assets, "total assets")
    tl = amount_decimal(total_liabilities, "total liabilities")
    ca = amount_decimal(current_assets, "current assets")
    cl = amount_decimal(current_liabilities, "current liabilities")
    ni = amount_decimal(net_income, "net income")
    ni_prior = amount_decimal(net_income_prior, "prior net income")
    ffo = amount_decimal(funds_from_operations, "funds from operations")
    unit = ratio_decimal(assets_unit, "assets_unit")
    index = ratio_decimal(price_index, "price_index")
    if ta <= 0:
        raise InvalidInput(f"total assets must be positive: {total_assets!r}")
    if ca <= 0:
        raise InvalidInput(
            f"current assets must be positive (CLCA divides by them): {current_assets!r}"
        )
    if tl <= 0:
        raise InvalidInput(
            f"total liabilities must be positive (FUTL divides by them): {total_liabilities!r}"
        )
    if unit <= 0 or index <= 0:
        raise InvalidInput(
            f"assets_unit and price_index must be positive: {assets_unit!r}, {price_index!r}"
        )
    with decimal.localcontext(WIDE):
        change_base = abs(ni) + abs(ni_prior)
        variables = {
            "SIZE": math.log(float(ta / unit) / float(index / Decimal(100))),
            "TLTA": float(tl / ta),
            "WCTA": float((ca - cl) / ta),
            "CLCA": float(cl / ca),
            "NITA": float(ni / ta),
            "FUTL": float(ffo / tl),
            "INTWO": 1.0 if ni < 0 and ni_prior < 0 else 0.0,
            "OENEG": 1.0 if tl > ta else 0.0,
            "CHIN": float((ni - ni_prior) / change_base) if change_base else 0.0,
        }
    o = _INTERCEPT + math.fsum(_WEIGHTS[k] * v for k, v in variables.items())
    probability = 1.0 / (1.0 + math.exp(-o)) if o > -700 else 0.0
    return OhlsonResult(
        o_score=o, probability=probability, variables_=tuple(sorted(variables.items()))
    )
