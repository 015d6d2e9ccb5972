import math
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from otccore.errors import CurrencyMismatch, InvalidAmount, InvalidInput
from otccore.money import money
from otccore.risk import AltmanModel, FinancialStatement, Zone, altman_z, ohlson_o


def test_public_manufacturer_by_hand():
    # 1.2·0.1 + 1.4·0.2 + 3.3·0.1 + 0.6·1.0 + 1.0·1.0 = 0.12 + 0.28 + 0.33 + 0.6 + 1.0
    r = altman_z("public_manufacturer", x1=0.1, x2=0.2, x3=0.1, x4=1.0, x5=1.0)
    assert r.z == Decimal("2.33")
    assert r.zone is Zone.GREY


def test_private_by_hand():
    # 0.717·0.3 + 0.847·0.3 + 3.107·0.2 + 0.420·1 + 0.998·1.5 = 3.0076
    r = altman_z(
        "private", x1=Decimal("0.3"), x2=Decimal("0.3"), x3=Decimal("0.2"), x4=1, x5=Decimal("1.5")
    )
    assert r.z == Decimal("3.0076")
    assert r.zone is Zone.SAFE


def test_non_manufacturer_by_hand_ignores_x5():
    # 6.56·0.1 + 3.26·0.1 + 6.72·0.1 + 1.05·0.5 = 2.179
    r = altman_z("non_manufacturer", x1=0.1, x2=0.1, x3=0.1, x4=0.5)
    assert r.z == Decimal("2.179")
    assert r.zone is Zone.GREY
    assert altman_z("non_manufacturer", x1=0.1, x2=0.1, x3=0.1, x4=0.5, x5=9).z == r.z


@pytest.mark.parametrize(
    ("model", "low", "high"),
    [
        (AltmanModel.PUBLIC_MANUFACTURER, "1.81", "2.99"),
        (AltmanModel.PRIVATE, "1.23", "2.90"),
        (AltmanModel.NON_MANUFACTURER, "1.10", "2.60"),
    ],
)
def test_zone_boundaries_are_grey(model, low, high):
    zone = model.zone_of
    assert zone(Decimal(low)) is Zone.GREY
    assert zone(Decimal(high)) is Zone.GREY
    assert zone(Decimal(low) - Decimal("0.0001")) is Zone.DISTRESS
    assert zone(Decimal(high) + Decimal("0.0001")) is Zone.SAFE


def test_from_statement_equals_from_ratios():
    s = FinancialStatement.create(
        total_assets=money(1000, "EUR"),
        total_liabilities=money(400, "EUR"),
        working_capital=money(150, "EUR"),
        retained_earnings=money(250, "EUR"),
        ebit=money(90, "EUR"),
        equity=money(600, "EUR"),
        sales=money(1100, "EUR"),
    )
    a = altman_z("public_manufacturer", statement=s)
    b = altman_z(
        "public_manufacturer",
        x1=Decimal("0.15"),
        x2=Decimal("0.25"),
        x3=Decimal("0.09"),
        x4=Decimal("1.5"),
        x5=Decimal("1.1"),
    )
    assert a.z == b.z == Decimal("2.827")  # 0.18 + 0.35 + 0.297 + 0.9 + 1.1
    assert s.currency == "EUR"


def test_statement_bad_input():
    base = {
        "total_liabilities": 1,
        "working_capital": 0,
        "retained_earnings": 0,
        "ebit": 0,
        "equity": 0,
    }
    with pytest.raises(InvalidInput, match="total assets must be positive: -100"):
        FinancialStatement.create(total_assets=-100, **base)
    with pytest.raises(InvalidInput, match="total assets must be positive"):
        FinancialStatement.create(total_assets=0, **base)
    with pytest.raises(InvalidAmount, match="float"):
        FinancialStatement.create(total_assets=100.0, **base)
    with pytest.raises(CurrencyMismatch):
        FinancialStatement.create(
            total_assets=money(1, "EUR"),
            total_liabilities=money(1, "USD"),
            working_capital=0,
            retained_earnings=0,
            ebit=0,
            equity=0,
        )


def test_ratio_bad_input():
    with pytest.raises(InvalidInput, match="X5 is missing"):
        altman_z("public_manufacturer", x1=0, x2=0, x3=0, x4=0)
    with pytest.raises(InvalidInput, match="X1 is missing"):
        altman_z("private", x1=float("nan"), x2=0, x3=0, x4=0, x5=0)
    with pytest.raises(InvalidInput, match="unknown Altman model"):
        altman_z("bank", x1=0, x2=0, x3=0, x4=0, x5=0)
    s = FinancialStatement.create(
        total_assets=1,
        total_liabilities=1,
        working_capital=0,
        retained_earnings=0,
        ebit=0,
        equity=0,
    )
    with pytest.raises(InvalidInput, match="not both"):
        altman_z("private", x1=0, statement=s)


def test_zone_boundary_end_to_end():
    # in the public model X5 has weight 1.0, so Z = X5 exactly
    for x5, zone in (
        ("1.81", Zone.GREY),
        ("2.99", Zone.GREY),
        ("1.8099", Zone.DISTRESS),
        ("2.9901", Zone.SAFE),
    ):
        assert altman_z("public_manufacturer", x1=0, x2=0, x3=0, x4=0, x5=Decimal(x5)).zone is zone
    # floats are read by their repr: 1.81 is exactly 1.81
    assert altman_z("public_manufacturer", x1=0, x2=0, x3=0, x4=0, x5=1.81).zone is Zone.GREY


@given(st.lists(st.decimals(min_value=-5, max_value=5, places=3), min_size=5, max_size=5))
def test_z_is_the_weighted_sum(xs):
    r = altman_z("public_manufacturer", x1=xs[0], x2=xs[1], x3=xs[2], x4=xs[3], x5=xs[4])
    assert r.z == sum(
        c * x for c, x in zip(AltmanModel.PUBLIC_MANUFACTURER.coefficients, xs, strict=True)
    )


OHLSON = {
    "total_assets": 100_000_000,
    "total_liabilities": 50_000_000,
    "current_assets": 40_000_000,
    "current_liabilities": 20_000_000,
    "net_income": 5_000_000,
    "net_income_prior": 4_000_000,
    "funds_from_operations": 8_000_000,
}


def test_ohlson_by_hand():
    r = ohlson_o(**OHLSON, assets_unit=1_000_000, price_index=100)
    v = r.variables
    assert v["SIZE"] == pytest.approx(math.log(100))
    assert (v["TLTA"], v["WCTA"], v["CLCA"], v["NITA"], v["FUTL"]) == pytest.approx(
        (0.5, 0.2, 0.5, 0.05, 0.16)
    )
    assert v["CHIN"] == pytest.approx(1 / 9)
    assert v["INTWO"] == v["OENEG"] == 0
    # −1.32 − 0.407·4.60517 + 6.03·0.5 − 1.43·0.2 + 0.0757·0.5 − 2.37·0.05 − 1.83·0.16 − 0.521/9
    assert r.o_score == pytest.approx(-0.896643, abs=1e-6)
    assert r.probability == pytest.approx(1 / (1 + math.exp(0.896643)), abs=1e-6)


def test_ohlson_units_are_explicit():
    millions = ohlson_o(**OHLSON, assets_unit=1_000_000, price_index=100)
    units = ohlson_o(**OHLSON, assets_unit=1, price_index=100)
    assert units.o_score - millions.o_score == pytest.approx(-0.407 * math.log(1_000_000))
    deflated = ohlson_o(**OHLSON, assets_unit=1_000_000, price_index=200)
    assert deflated.variables["SIZE"] == pytest.approx(math.log(50))
    with pytest.raises(TypeError):
        ohlson_o(**OHLSON)  # no default units


def test_ohlson_bad_input():
    with pytest.raises(InvalidInput, match="total assets must be positive: -1"):
        ohlson_o(**{**OHLSON, "total_assets": -1}, assets_unit=1, price_index=100)
    with pytest.raises(InvalidAmount):
        ohlson_o(**{**OHLSON, "net_income": 1.5}, assets_unit=1, price_index=100)
    with pytest.raises(InvalidInput, match="price_index"):
        ohlson_o(**OHLSON, assets_unit=1, price_index=0)
