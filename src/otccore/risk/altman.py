"""Altman Z-scores for the three published models, with their zones.

Boundary values are grey (``docs/risk/conventions.md``, "Altman zones: boundaries
are grey").

=====================  ==========================================================  ==============================
model                  Z                                                           zones (boundaries are grey)
=====================  ==========================================================  ==============================
public manufacturer    1.2 X1 + 1.4 X2 + 3.3 X3 + 0.6 X4 + 1.0 X5                  distress < 1.81 ≤ grey ≤ 2.99 < safe
private firm  (Z')     0.717 X1 + 0.847 X2 + 3.107 X3 + 0.420 X4 + 0.998 X5         distress < 1.23 ≤ grey ≤ 2.90 < safe
non-manufacturer (Z'') 6.56 X1 + 3.26 X2 + 6.72 X3 + 1.05 X4                        distress < 1.10 ≤ grey ≤ 2.60 < safe
=====================  ==========================================================  ==============================

X1 working capital ÷ total assets, X2 retained earnings ÷ total assets, X3 EBIT ÷
total assets, X4 equity ÷ total liabilities (market value of equity for the public
model, book equity for Z' and Z''), X5 sales ÷ total assets (not used by Z'').

Ratios are features: ``float``, ``int`` or ``Decimal`` (floats are read by their
repr, so ``1.81`` is exactly 1.81). Z is computed exactly in ``Decimal`` so that a
score equal to a zone boundary really lands in the grey zone. Financial-statement
values are money: ``Money``, ``Decimal`` or ``int``, never float.

Example:
    >>> from otccore.risk import AltmanModel, altman_z
    >>> r = altman_z(AltmanModel.PUBLIC_MANUFACTURER, x1=0.1, x2=0.2, x3=0.1, x4=1.0, x5=1.0)
    >>> r.z, r.zone
    (Decimal('2.33'), <Zone.GREY: 'grey'>)
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from otccore._kernel import WIDE, choice
from otccore.errors import CurrencyMismatch, InvalidInput
from otccore.risk._common import (
    amount_decimal,
    as_list,
    column,
    one_value,
    plain,
    ratio_decimal,
)

__all__ = [
    "AltmanModel",
    "AltmanResult",
    "FinancialStatement",
    "Zone",
    "altman_z",
    "altman_z_many",
]


class AltmanModel(enum.StrEnum):
    """The three Altman models.

    Example:
        >>> from otccore.risk import AltmanModel
        >>> AltmanModel("private").coefficients[0]
        Decimal('0.717')
    """

    PUBLIC_MANUFACTURER = "public_manufacturer"
    PRIVATE = "private"
    NON_MANUFACTURER = "non_manufacturer"

    @property
    def coefficients(self) -> tuple[Decimal, ...]:
        """The weights of X1…X5 (X5's weight is 0 for the non-manufacturer model)."""
        return _COEFFICIENTS[self]

    @property
    def bounds(self) -> tuple[Decimal, Decimal]:
        """(distress bound, safe bound): below the first is distress, above the second safe."""
        return _BOUNDS[self]

    def zone_of(self, z: object) -> Zone:
        """The zone of a Z value under this model; boundary values are grey.

        Example:
            >>> from decimal import Decimal
            >>> from otccore.risk import AltmanModel
            >>> AltmanModel.PRIVATE.zone_of(Decimal("2.90")), AltmanModel.PRIVATE.zone_of(3)
            (<Zone.GREY: 'grey'>, <Zone.SAFE: 'safe'>)
        """
        value = ratio_decimal(z, "z")
        low, high = self.bounds
        return Zone.DISTRESS if value < low else Zone.SAFE if value > high else Zone.GREY


_COEFFICIENTS = {
    AltmanModel.PUBLIC_MANUFACTURER: tuple(Decimal(c) for c in ("1.2", "1.4", "3.3", "0.6", "1.0")),
    AltmanModel.PRIVATE: tuple(Decimal(c) for c in ("0.717", "0.847", "3.107", "0.420", "0.998")),
    AltmanModel.NON_MANUFACTURER: tuple(Decimal(c) for c in ("6.56", "3.26", "6.72", "1.05", "0")),
}
_BOUNDS = {
    AltmanModel.PUBLIC_MANUFACTURER: (Decimal("1.81"), Decimal("2.99")),
    AltmanModel.PRIVATE: (Decimal("1.23"), Decimal("2.90")),
    AltmanModel.NON_MANUFACTURER: (Decimal("1.10"), Decimal("2.60")),
}


class Zone(enum.StrEnum):
    """Altman zone. Boundary values belong to ``GREY``.

    Example:
        >>> from otccore.risk import Zone
        >>> Zone.SAFE.value
        'safe'
    """

    SAFE = "safe"
    GREY = "grey"
    DISTRESS = "distress"


@attrs.frozen
class FinancialStatement:
    """The few statement values Altman (and Ohlson) need, in one currency.

    Amounts are ``Money``, ``Decimal`` or ``int`` (never float). ``equity`` is the
    market value of equity for the public model and book equity for the others —
    you choose which figure to put here. Build with :meth:`create`, which checks
    the values; total assets must be positive.

    Example:
        >>> from otccore.risk import FinancialStatement
        >>> s = FinancialStatement.create(total_assets=1000, total_liabilities=600,
        ...     working_capital=100, retained_earnings=200, ebit=100, equity=400, sales=1000)
        >>> s.ratios()
        (Decimal('0.1'), Decimal('0.2'), Decimal('0.1'), Decimal('0.6666666666666666666666666666666666666667'), Decimal('1'))
    """

    total_assets: Decimal
    total_liabilities: Decimal
    working_capital: Decimal
    retained_earnings: Decimal
    ebit: Decimal
    equity: Decimal
    sales: Decimal
    currency: str | None = None

    @classmethod
    def create(
        cls,
        *,
        total_assets: object,
        total_liabilities: object,
        working_capital: object,
        retained_earnings: object,
        ebit: object,
        equity: object,
        sales: object = 0,
    ) -> FinancialStatement:
        """Check and convert the amounts (one currency when Money is given).

        Example:
            >>> from otccore.money import money
            >>> from otccore.risk import FinancialStatement
            >>> FinancialStatement.create(total_assets=money(10, "EUR"), total_liabilities=money(5, "USD"),
            ...     working_capital=0, retained_earnings=0, ebit=0, equity=0)
            Traceback (most recent call last):
            ...
            otccore.errors.CurrencyMismatch: statement values are in several currencies: ['EUR', 'USD']
        """
        values = {
            "total_assets": total_assets,
            "total_liabilities": total_liabilities,
            "working_capital": working_capital,
            "retained_earnings": retained_earnings,
            "ebit": ebit,
            "equity": equity,
            "sales": sales,
        }
        currencies = {
            v.currency.code
            for v in values.values()
            if hasattr(v, "currency") and hasattr(v, "amount")
        }
        if len(currencies) > 1:
            raise CurrencyMismatch(
                f"statement values are in several currencies: {sorted(currencies)}"
            )
        converted = {k: amount_decimal(v, k.replace("_", " ")) for k, v in values.items()}
        if converted["total_assets"] <= 0:
            raise InvalidInput(f"total assets must be positive: {total_assets!r}")
        if converted["total_liabilities"] <= 0:
            raise InvalidInput(
                f"total liabilities must be positive (X4 divides by them): {total_liabilities!r}"
            )
        return cls(**converted, currency=currencies.pop() if currencies else None)

    def ratios(self) -> tuple[Decimal, Decimal, Decimal, Decimal, Decimal]:
        """X1…X5 as exact Decimals (40 significant digits).

        Example:
            >>> from otccore.risk import FinancialStatement
            >>> FinancialStatement.create(total_assets=200, total_liabilities=100, working_capital=50,
            ...     retained_earnings=20, ebit=10, equity=100, sales=300).ratios()
            (Decimal('0.25'), Decimal('0.1'), Decimal('0.05'), Decimal('1'), Decimal('1.5'))
        """
        with decimal.localcontext(WIDE):
            ta = self.total_assets
            return (
                self.working_capital / ta,
                self.retained_earnings / ta,
                self.ebit / ta,
                self.equity / self.total_liabilities,
                self.sales / ta,
            )


@attrs.frozen
class AltmanResult:
    """A Z-score, its zone and the ratios it was computed from.

    Example:
        >>> from otccore.risk import altman_z
        >>> altman_z("non_manufacturer", x1=0, x2=0, x3=0, x4=1).zone
        <Zone.DISTRESS: 'distress'>
    """

    model: AltmanModel
    z: Decimal
    zone: Zone
    ratios: tuple[Decimal, Decimal, Decimal, Decimal, Decimal]

    def to_record(self) -> dict[str, object]:
        """A flat dict (for a table row).

        Example:
            >>> from otccore.risk import altman_z
            >>> altman_z("private", x1=0, x2=0, x3=0, x4=1, x5=1).to_record()
            {'model': 'private', 'z': Decimal('1.418'), 'zone': 'grey', 'x1': Decimal('0'), 'x2': Decimal('0'), 'x3': Decimal('0'), 'x4': Decimal('1'), 'x5': Decimal('1')}
        """
        return {
            "model": str(self.model),
            "z": self.z,
            "zone": str(self.zone),
            **{f"x{i + 1}": x for i, x in enumerate(self.ratios)},
        }


def altman_z(
    model: AltmanModel | str,
    *,
    x1: object = None,
    x2: object = None,
    x3: object = None,
    x4: object = None,
    x5: object = None,
    statement: FinancialStatement | None = None,
) -> AltmanResult:
    """Altman Z for ``model`` from the ratios X1…X5 or from a :class:`FinancialStatement`.

    Give either all ratios the model needs (X5 is not used by the non-manufacturer
    model and may be left out) or ``statement``. Boundary values are
    grey: Altman gives the safe and distress cut-offs as open intervals. This scores one company; :func:`altman_z_many` scores
    columns of ratios (a DataFrame).

    Example:
        >>> from decimal import Decimal
        >>> from otccore.money import money
        >>> from otccore.risk import FinancialStatement, altman_z
        >>> altman_z("public_manufacturer", x1=0, x2=0, x3=0, x4=0, x5=Decimal("1.81")).zone
        <Zone.GREY: 'grey'>
        >>> s = FinancialStatement.create(total_assets=money(1000, "EUR"),
        ...     total_liabilities=money(500, "EUR"), working_capital=money(300, "EUR"),
        ...     retained_earnings=money(300, "EUR"), ebit=money(200, "EUR"),
        ...     equity=money(500, "EUR"), sales=money(1500, "EUR"))
        >>> altman_z("private", statement=s).z
        Decimal('3.0076')
    """
    chosen = choice(AltmanModel, model, "Altman model")
    given = {"x1": x1, "x2": x2, "x3": x3, "x4": x4, "x5": x5}
    if statement is not None:
        if any(v is not None for v in given.values()):
            raise InvalidInput("give either the ratios or a statement, not both")
        if not isinstance(statement, FinancialStatement):
            raise InvalidInput(f"statement must be a FinancialStatement: {statement!r}")
        ratios = statement.ratios()
    else:
        if chosen is AltmanModel.NON_MANUFACTURER and x5 is None:
            given["x5"] = 0
        ratios = tuple(  # type: ignore[assignment]
            ratio_decimal(one_value(v, k.upper(), "altman_z_many"), k.upper())
            for k, v in given.items()
        )
    with decimal.localcontext(WIDE):
        z = sum((c * x for c, x in zip(chosen.coefficients, ratios, strict=True)), Decimal(0))
    return AltmanResult(model=chosen, z=plain(z), zone=chosen.zone_of(z), ratios=ratios)


def altman_z_many(
    model: AltmanModel | str, data: Mapping[str, Iterable[Any]] | Any
) -> tuple[AltmanResult, ...]:
    """Altman Z for every row of ratio columns ``x1`` … ``x5``: a mapping of columns or a
    pandas DataFrame (one company per row). :func:`altman_z` scores one company.

    The non-manufacturer model needs no ``x5`` column. Columns must have equal
    lengths; a bad ratio is refused with ``InvalidInput`` naming its row, and nothing
    is returned. ``otccore.adapters.pandas.to_frame`` makes the results a frame.

    Example:
        >>> from otccore.risk import altman_z_many
        >>> results = altman_z_many("public_manufacturer", {
        ...     "x1": [0.1, 0.3], "x2": [0.2, 0.4], "x3": [0.1, 0.2], "x4": [1.0, 2.0],
        ...     "x5": [1.0, 1.5]})
        >>> [(r.z, r.zone.value) for r in results]
        [(Decimal('2.33'), 'grey'), (Decimal('4.28'), 'safe')]
        >>> altman_z_many("private", {"x1": [0.1], "x2": [0.2], "x3": [0.1], "x4": [1.0]})
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: no column 'x5' in the data
    """
    chosen = choice(AltmanModel, model, "Altman model")
    names = ["x1", "x2", "x3", "x4", "x5"]
    if chosen is AltmanModel.NON_MANUFACTURER and "x5" not in data:
        names.pop()
    columns = {name: as_list(column(data, name)) for name in names}
    lengths = {name: len(values) for name, values in columns.items()}
    if len(set(lengths.values())) > 1:
        raise InvalidInput(f"ratio columns differ in length: {lengths}")
    results = []
    for row in range(lengths["x1"]):
        try:
            results.append(altman_z(chosen, **{n: columns[n][row] for n in names}))
        except InvalidInput as exc:
            raise InvalidInput(f"row {row}: {exc}") from None
    return tuple(results)
