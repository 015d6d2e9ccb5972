"""Money discipline: no floats, exact minor units, explicit rounding, lossless splits."""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal
from fractions import Fraction

import moneyed
import pytest
from hypothesis import given
from hypothesis import strategies as st

from otccore.credit import Order
from otccore.errors import (
    CurrencyMismatch,
    InvalidAmount,
    InvalidInput,
    MissingRate,
    UnknownCurrency,
)
from otccore.money import (
    Money,
    RoundingPolicy,
    StaticRates,
    allocate,
    as_decimal,
    convert,
    from_minor,
    minor_digits,
    money,
    round_money,
    sum_money,
    to_minor,
    zero,
)
from otccore.receivables import Allocation, OpenItem, Payment, RemittanceLine

CURRENCIES = ["EUR", "USD", "JPY", "BHD", "CHF"]


@pytest.mark.parametrize(
    "bad", [1.5, float("nan"), float("inf"), True, False, None, [1], complex(1, 0)]
)
def test_money_refuses_non_exact_amounts(bad: object) -> None:
    with pytest.raises(InvalidAmount, match="amount must be an int, Decimal or str"):
        money(bad, "EUR")


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-inf", Decimal("NaN"), Decimal("Infinity")])
def test_money_refuses_nan_and_infinity_given_as_text_or_decimal(bad: object) -> None:
    with pytest.raises(InvalidAmount, match="must be finite"):
        money(bad, "EUR")


def test_money_refuses_text_that_is_not_a_number() -> None:
    with pytest.raises(InvalidAmount, match="not a number: '12,50'"):
        money("12,50", "EUR")


@pytest.mark.parametrize("code", ["XXZ", "", "euro", 978])
def test_unknown_currency_is_named(code: object) -> None:
    with pytest.raises(UnknownCurrency):
        money(1, code)


def test_money_accepts_int_decimal_text_and_lowercase_code() -> None:
    assert money(12, "eur") == Money(Decimal(12), "EUR")
    assert money("12.50", "EUR").amount == Decimal("12.50")
    assert money(Decimal("0.1"), "USD").currency.code == "USD"


def test_money_from_plain_moneyed_money_keeps_value_and_checks_currency() -> None:
    assert isinstance(money(moneyed.Money(3, "EUR"), "EUR"), Money)
    with pytest.raises(CurrencyMismatch, match="amount is in USD, expected EUR"):
        money(moneyed.Money(3, "USD"), "EUR")


@pytest.mark.parametrize("op", ["__add__", "__sub__", "__lt__", "__le__", "__gt__", "__ge__"])
def test_mixed_currency_arithmetic_raises_currency_mismatch(op: str) -> None:
    with pytest.raises(CurrencyMismatch, match="EUR 1 and USD 2"):
        getattr(money(1, "EUR"), op)(money(2, "USD"))


def test_currency_mismatch_is_still_a_type_error_for_moneyed_code() -> None:
    with pytest.raises(TypeError):
        money(1, "EUR") + money(2, "USD")


def test_multiplying_money_by_a_float_is_refused() -> None:
    with pytest.raises(InvalidAmount, match="float"):
        money(1, "EUR") * 1.1
    assert money("1.50", "EUR") * 3 == money("4.50", "EUR")


BAD_AMOUNTS = [
    1.5,
    0.0,
    float("nan"),
    float("inf"),
    float("-inf"),
    True,
    False,
    Decimal("NaN"),
    Decimal("sNaN"),
    Decimal("Infinity"),
    Decimal("-Infinity"),
    "NaN",
    "inf",
    None,
]


@pytest.mark.parametrize("bad", BAD_AMOUNTS)
def test_the_money_class_itself_refuses_floats_bools_nan_and_infinities(bad: object) -> None:
    with pytest.raises(InvalidAmount):
        Money(bad, "EUR")


def test_the_money_class_accepts_exact_amounts_and_checks_the_currency() -> None:
    assert Money(Decimal("1.50"), "EUR").amount == Decimal("1.50")
    assert Money(2, "eur") == money(2, "EUR")
    assert Money("3.25", moneyed.get_currency("USD")) == money("3.25", "USD")
    assert Money(currency="EUR") == zero("EUR")
    with pytest.raises(UnknownCurrency, match="unknown currency code: 'XXZ'"):
        Money(1, "XXZ")


@pytest.mark.parametrize("divisor", [1.5, 2.0, True, Decimal("NaN"), Decimal("Infinity"), "x"])
def test_dividing_money_by_a_float_bool_or_non_number_is_refused(divisor: object) -> None:
    with pytest.raises(InvalidAmount):
        money(1, "EUR") / divisor


def test_dividing_money_by_zero_or_dividing_by_money_is_refused() -> None:
    with pytest.raises(InvalidAmount, match="by zero"):
        money(1, "EUR") / 0
    with pytest.raises(InvalidAmount, match="by zero"):
        money(1, "EUR") / money(0, "EUR")
    with pytest.raises(InvalidAmount, match="only money divides money, not float: 1.5"):
        1.5 / money(1, "EUR")
    with pytest.raises(InvalidAmount, match="only money divides money, not int: 1"):
        1 / money(1, "EUR")
    with pytest.raises(CurrencyMismatch):
        money(1, "EUR") / money(1, "USD")


def test_division_by_exact_numbers_and_by_money() -> None:
    assert money("10.00", "EUR") / 4 == money("2.50", "EUR")
    assert money("10.00", "EUR") / Decimal("2.5") == money(4, "EUR")
    assert money("10.00", "EUR") / "8" == money("1.25", "EUR")
    assert money(10, "EUR") / money(4, "EUR") == Decimal("2.5")
    assert (money(1, "EUR") / 3).amount == Decimal("0.3333333333333333333333333333")


@pytest.mark.parametrize("factor", [1.5, True, Decimal("NaN"), "inf"])
def test_multiplying_money_by_a_float_bool_or_non_finite_number_is_refused(factor: object) -> None:
    with pytest.raises(InvalidAmount):
        money(1, "EUR") * factor
    with pytest.raises(InvalidAmount):
        factor * money(1, "EUR")


def test_multiplying_money_by_money_is_refused() -> None:
    with pytest.raises(InvalidAmount, match="multiplier of money must not be money"):
        money(1, "EUR") * money(2, "EUR")


def test_percentage_of_money_is_exact_and_refuses_floats() -> None:
    assert 5 % money(200, "USD") == money(10, "USD")
    assert Decimal("2.5") % money(200, "USD") == money(5, "USD")
    with pytest.raises(InvalidAmount, match="float"):
        2.5 % money(200, "USD")


def test_no_float_reaches_the_receivables_nouns_through_the_money_class() -> None:
    # Each route took a Money built from a float before Money refused it itself.
    routes = [
        lambda m: OpenItem.invoice(
            "I", "C", m, issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31)
        ),
        lambda m: Payment.create("P", m, value_date=date(2026, 1, 1)),
        lambda m: Allocation.create("applied", m, payment_id="P", item_id="I"),
        lambda m: RemittanceLine.create("INV-1", m),
        lambda m: Order.create("O", "C", m, order_date=date(2026, 1, 1)),
    ]
    with pytest.raises(InvalidAmount, match="not float: 1.5"):
        Money(1.5, "EUR")  # the Money those routes trusted can no longer be built
    for route in routes:
        with pytest.raises(InvalidAmount, match="must be Money, not float: 1.5"):
            route(1.5)
        assert route(Money(Decimal("1.50"), "EUR")) is not None


def test_unary_operators_round_and_sub_units_ignore_a_hostile_ambient_context() -> None:
    big = money("12345.67", "EUR")
    with decimal.localcontext(decimal.Context(prec=3, rounding=decimal.ROUND_DOWN)):
        negated, plus, absolute = -big, +big, abs(-big)
        doubled, halved = big * 2, big / 2
        percent = 10 % big
        ratio = big / money("0.01", "EUR")
        rounded = money("12345.675", "EUR").round(2)
        units = big.get_amount_in_sub_unit()
        reversed_sub = 0 - big
    assert negated.amount == Decimal("-12345.67")
    assert plus == big and absolute == big
    assert doubled.amount == Decimal("24691.34")
    assert halved.amount == Decimal("6172.835")
    assert percent.amount == Decimal("1234.567")
    assert ratio == Decimal(1234567)
    assert rounded.amount == Decimal("12345.68")
    assert units == 1234567
    assert reversed_sub.amount == Decimal("-12345.67")


@pytest.mark.parametrize(("code", "digits"), [("EUR", 2), ("JPY", 0), ("BHD", 3), ("CLF", 4)])
def test_minor_digits(code: str, digits: int) -> None:
    assert minor_digits(code) == digits


def test_to_minor_refuses_sub_minor_amounts_instead_of_rounding() -> None:
    assert to_minor(money("1.50", "EUR")) == 150
    assert to_minor(money("1.5", "EUR")) == 150
    assert to_minor(money(7, "JPY")) == 7
    with pytest.raises(InvalidAmount, match=r"finer than the minor unit \(0 decimals\)"):
        to_minor(money("7.5", "JPY"))


def test_from_minor_refuses_non_int() -> None:
    with pytest.raises(InvalidAmount):
        from_minor(1.0, "EUR")  # type: ignore[arg-type]
    with pytest.raises(InvalidAmount):
        from_minor(True, "EUR")


@given(st.integers(min_value=-(10**15), max_value=10**15), st.sampled_from(CURRENCIES))
def test_minor_round_trip(units: int, code: str) -> None:
    assert to_minor(from_minor(units, code)) == units
    value = from_minor(units, code)
    assert from_minor(to_minor(value), code) == value


@pytest.mark.parametrize(
    ("amount", "expected"),
    [("1.005", "1.01"), ("-1.005", "-1.01"), ("2.345", "2.35"), ("2.3449", "2.34")],
)
def test_default_rounding_is_half_up_away_from_zero(amount: str, expected: str) -> None:
    assert round_money(money(amount, "EUR")).amount == Decimal(expected)


def test_rounding_modes_and_cash_rounding() -> None:
    even = RoundingPolicy(mode=decimal.ROUND_HALF_EVEN)
    assert round_money(money("2.345", "EUR"), even).amount == Decimal("2.34")
    cash = RoundingPolicy(quantum=Decimal("0.05"))
    assert round_money(money("1.024", "CHF"), cash).amount == Decimal("1.00")
    assert round_money(money("1.025", "CHF"), cash).amount == Decimal("1.05")
    assert round_money(money("1.076", "CHF"), cash).amount == Decimal("1.10")


def test_rounding_policy_validates() -> None:
    with pytest.raises(InvalidInput, match="unknown rounding mode"):
        RoundingPolicy(mode="UP")
    with pytest.raises(InvalidInput, match="positive Decimal"):
        RoundingPolicy(quantum=Decimal(0))


def test_rounding_does_not_touch_the_global_decimal_context() -> None:
    before = decimal.getcontext().copy()
    round_money(money("1.005", "EUR"), RoundingPolicy(quantum=Decimal("0.05")))
    allocate(money("100", "EUR"), [1, 2, 3])
    after = decimal.getcontext()
    assert (before.prec, before.rounding) == (after.prec, after.rounding)


def test_minor_units_and_rounding_ignore_a_hostile_ambient_context() -> None:
    hostile = decimal.Context(prec=3, rounding=decimal.ROUND_DOWN)
    cash = RoundingPolicy(quantum=Decimal("0.05"))
    with decimal.localcontext(hostile):
        assert from_minor(1234567, "EUR").amount == Decimal("12345.67")
        assert to_minor(money("12345.67", "EUR")) == 1234567
        assert round_money(money("1234.565", "EUR")).amount == Decimal("1234.57")
        assert round_money(money("1234.565", "CHF"), cash).amount == Decimal("1234.55")
        parts = allocate(money("1000.00", "EUR"), [1, 1, 1])
    assert [p.amount for p in parts] == [Decimal("333.34"), Decimal("333.33"), Decimal("333.33")]


def test_sum_and_allocate_by_decimal_weights_ignore_a_hostile_ambient_context() -> None:
    total = money("10000.00", "EUR")
    weights = [Decimal("1.99"), Decimal("1.99"), Decimal("0.0199")]
    amounts = [money("12345.67", "EUR"), money("0.01", "EUR"), money("-0.02", "EUR")]
    expected = (allocate(total, weights), sum_money(amounts))
    with decimal.localcontext(decimal.Context(prec=3, rounding=decimal.ROUND_DOWN)):
        hostile = (allocate(total, weights), sum_money(amounts))
    assert hostile == expected
    assert expected[1] == money("12345.66", "EUR")
    assert sum_money(expected[0]) == total


def test_allocate_hand_cases() -> None:
    parts = allocate(money("100.00", "EUR"), [1, 1, 1])
    assert [p.amount for p in parts] == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    parts = allocate(money("-0.05", "EUR"), [1, 1])
    assert [p.amount for p in parts] == [Decimal("-0.03"), Decimal("-0.02")]
    parts = allocate(money(10, "EUR"), [0, 1])
    assert [p.amount for p in parts] == [Decimal("0.00"), Decimal("10.00")]


@pytest.mark.parametrize(
    ("weights", "message"),
    [([], "at least one weight"), ([1, -1], "must not be negative"), ([0, 0], "not all be zero")],
)
def test_allocate_refuses_bad_weights(weights: list[int], message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        allocate(money(1, "EUR"), weights)


def test_allocate_refuses_float_weights() -> None:
    with pytest.raises(InvalidAmount):
        allocate(money(1, "EUR"), [0.5, 0.5])  # type: ignore[list-item]


@given(
    units=st.integers(min_value=-(10**12), max_value=10**12),
    weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=30).filter(
        any
    ),
    code=st.sampled_from(CURRENCIES),
)
def test_allocate_conserves_the_total_and_stays_within_one_unit(
    units: int, weights: list[int], code: str
) -> None:
    total = from_minor(units, code)
    parts = allocate(total, weights)
    assert len(parts) == len(weights)
    assert sum(to_minor(p) for p in parts) == units
    weight_sum = sum(weights)
    for part, w in zip(parts, weights, strict=True):
        exact = Decimal(abs(units)) * w / weight_sum
        assert abs(Decimal(abs(to_minor(part))) - exact) < 1
        if w == 0:
            assert to_minor(part) == 0


# Weights as the API takes them: ints and Decimals (any exponent), mixed, zeros included.
WEIGHTS = st.one_of(
    st.just(0),
    st.just(Decimal("0.000")),
    st.integers(min_value=0, max_value=10**6),
    st.decimals(min_value=0, max_value=10**6, places=4),
    st.decimals(min_value=0, max_value=10**9).filter(lambda d: d.is_finite()),
)


@given(
    units=st.integers(min_value=-(10**12), max_value=10**12),
    weights=st.lists(WEIGHTS, min_size=1, max_size=30).filter(any),
    code=st.sampled_from(CURRENCIES),
)
def test_allocate_by_mixed_int_and_decimal_weights_is_within_one_unit_of_the_exact_share(
    units: int, weights: list[int | Decimal], code: str
) -> None:
    total = from_minor(units, code)
    parts = allocate(total, weights)
    assert len(parts) == len(weights)
    assert sum(to_minor(p) for p in parts) == units
    weight_sum = sum(Fraction(w) for w in weights)  # exact, independent of any context
    for part, w in zip(parts, weights, strict=True):
        share = to_minor(part)
        assert part.currency.code == code
        assert share == 0 or (share < 0) == (units < 0)  # every part has the total's sign
        exact = Fraction(units) * Fraction(w) / weight_sum
        assert abs(share - exact) < 1
        if w == 0:
            assert share == 0


def test_sum_money() -> None:
    assert sum_money([money(1, "EUR"), money("0.50", "EUR")]) == money("1.50", "EUR")
    assert sum_money([], "EUR") == zero("EUR")
    with pytest.raises(InvalidInput, match="needs a currency"):
        sum_money([])
    with pytest.raises(CurrencyMismatch):
        sum_money([money(1, "EUR"), money(1, "USD")])
    with pytest.raises(InvalidAmount):
        sum_money([Decimal(1)])  # type: ignore[list-item]


def test_static_rates_and_convert() -> None:
    rates = StaticRates({("EUR", "USD"): Decimal("1.25")})
    on = date(2026, 1, 2)
    assert convert(money(10, "EUR"), "USD", rates, on=on) == money("12.50", "USD")
    assert convert(money(10, "USD"), "EUR", rates, on=on) == money("8.00", "EUR")
    assert convert(money(10, "EUR"), "EUR", rates, on=on) == money(10, "EUR")
    with pytest.raises(MissingRate, match="no rate from EUR to JPY on 2026-01-02"):
        convert(money(10, "EUR"), "JPY", rates, on=on)


@pytest.mark.parametrize("bad", [Decimal(0), Decimal(-1), Decimal("NaN"), 1.2])
def test_static_rates_refuse_bad_rates(bad: object) -> None:
    with pytest.raises(InvalidInput):
        StaticRates({("EUR", "USD"): bad})  # type: ignore[dict-item]


def test_as_decimal_keeps_exponent() -> None:
    assert str(as_decimal("1.10")) == "1.10"


def test_money_arithmetic_is_exact_under_a_low_precision_caller_context() -> None:
    with decimal.localcontext(decimal.Context(prec=3)):
        total = money("1234567.89", "EUR") + money("0.01", "EUR")
        diff = money("1234567.89", "EUR") - money("0.09", "EUR")
        summed = sum([money("1000.01", "EUR"), money("2000.02", "EUR")], money(0, "EUR"))
    assert total == money("1234567.90", "EUR")
    assert diff == money("1234567.80", "EUR")
    assert summed == money("3000.03", "EUR")


def test_numpy_integers_are_exact_amounts_and_numpy_floats_are_not() -> None:
    np = pytest.importorskip("numpy")
    assert as_decimal(np.int64(1250)) == Decimal(1250)
    with pytest.raises(InvalidAmount):
        as_decimal(np.float64(1.5))
    with pytest.raises(InvalidAmount):
        as_decimal(np.bool_(True))
