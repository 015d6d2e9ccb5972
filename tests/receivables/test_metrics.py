"""Receivables metrics against hand-computed cases (DOMAIN §1)."""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from otccore.errors import CurrencyMismatch, InvalidAmount, InvalidInput
from otccore.money import money
from otccore.receivables import (
    PaidItem,
    average_days_delinquent,
    average_days_late,
    best_possible_dso,
    collection_effectiveness_index,
    countback_dso,
    days_beyond_terms,
    dso,
    weighted_days_to_pay,
)


def test_dso_standard_and_average_ar() -> None:
    # 250,000 AR on 1,000,000 quarterly credit sales over 90 days: 22.5 days.
    assert dso(250_000, credit_sales=1_000_000, days=90) == Decimal("22.5")
    # Average AR (200,000 + 250,000) / 2 = 225,000 -> 20.25 days.
    assert dso(250_000, credit_sales=1_000_000, days=90, opening_receivables=200_000) == Decimal(
        "20.25"
    )
    assert dso(money(300, "EUR"), credit_sales=money(900, "EUR"), days=30) == Decimal(10)


def test_zero_sales_gives_none_not_an_error() -> None:
    assert dso(100, credit_sales=0, days=30) is None
    assert best_possible_dso(100, credit_sales=0, days=30) is None
    assert average_days_delinquent(100, current_receivables=50, credit_sales=0, days=30) is None


def test_bpdso_and_add_add_up_to_dso() -> None:
    total, current, sales = Decimal("250000"), Decimal("150000"), Decimal("1000000")
    assert best_possible_dso(current, credit_sales=sales, days=90) == Decimal("13.5")
    assert average_days_delinquent(
        total, current_receivables=current, credit_sales=sales, days=90
    ) == Decimal(9)
    assert dso(total, credit_sales=sales, days=90) == Decimal("13.5") + Decimal(9)


def test_countback_walks_latest_first() -> None:
    # AR 250: Mar sales 100 (31 d) and Feb 100 (28 d) are exhausted, 50 of Jan's 200 (31 d).
    assert countback_dso(250, [(31, 100), (28, 100), (31, 200)]) == Decimal("66.75")
    assert countback_dso(100, [(30, 100), (30, 100)]) == Decimal(30)
    assert countback_dso(40, [(30, 100)]) == Decimal(12)
    assert countback_dso(0, [(30, 100)]) == Decimal(0)


def test_countback_stops_on_a_zero_or_negative_sales_period() -> None:
    assert countback_dso(250, [(30, 100), (31, 0), (30, 500)]) == Decimal(30)
    assert countback_dso(250, [(30, 100), (31, -5), (30, 500)]) == Decimal(30)
    assert countback_dso(250, [(30, 0)]) is None


def test_countback_beyond_history_counts_only_the_history() -> None:
    assert countback_dso(1_000, [(30, 100), (31, 100)]) == Decimal(61)


def test_countback_bad_periods() -> None:
    with pytest.raises(InvalidInput, match="period 0 must be a"):
        countback_dso(1, [(30,)])  # type: ignore[list-item]
    with pytest.raises(InvalidInput, match="days of period 1 must be positive"):
        countback_dso(1, [(30, 1), (0, 1)])


def test_cei_crf_form_and_total_variant() -> None:
    # Begin 100,000, quarterly sales 300,000 (N = 3), end total 120,000, end current 80,000.
    # Monthly basis: (100 + 100 - 120) / (100 + 100 - 80) = 80 / 120 = 66.67 %.
    cei = collection_effectiveness_index(
        100_000,
        credit_sales=300_000,
        closing_receivables=120_000,
        closing_current_receivables=80_000,
        months=3,
    )
    assert cei is not None and round(cei, 2) == Decimal("66.67")
    # Total basis: (100 + 300 - 120) / (100 + 300 - 80) = 280 / 320 = 87.5 %.
    assert collection_effectiveness_index(
        100_000,
        credit_sales=300_000,
        closing_receivables=120_000,
        closing_current_receivables=80_000,
        months=3,
        sales_basis="total",
    ) == Decimal("87.5")


def test_cei_zero_denominator_and_bad_arguments() -> None:
    assert (
        collection_effectiveness_index(
            0, credit_sales=0, closing_receivables=0, closing_current_receivables=0, months=1
        )
        is None
    )
    with pytest.raises(InvalidInput, match="months must be a positive int"):
        collection_effectiveness_index(
            1, credit_sales=1, closing_receivables=1, closing_current_receivables=1, months=0
        )
    with pytest.raises(InvalidInput, match="sales_basis"):
        collection_effectiveness_index(
            1,
            credit_sales=1,
            closing_receivables=1,
            closing_current_receivables=1,
            months=1,
            sales_basis="yearly",
        )  # type: ignore[arg-type]


ISSUED, DUE = date(2026, 1, 1), date(2026, 1, 31)
ROWS = [
    (ISSUED, DUE, date(2026, 2, 10), Decimal(100)),  # 10 days late, 40 days to pay
    (ISSUED, DUE, date(2026, 1, 29), Decimal(300)),  # 2 days early, 28 days to pay
]


def test_payment_timing_metrics() -> None:
    assert average_days_late(ROWS) == Decimal(4)  # (10 - 2) / 2
    assert average_days_late(ROWS, weighted=True) == Decimal(1)  # (1000 - 600) / 400
    assert days_beyond_terms(ROWS) == Decimal(1)
    assert days_beyond_terms(ROWS, clamp_early=True) == Decimal("2.5")  # 1000 / 400
    assert weighted_days_to_pay(ROWS) == Decimal(31)  # (4000 + 8400) / 400
    assert weighted_days_to_pay([PaidItem(*r) for r in ROWS]) == Decimal(31)


def test_payment_timing_metrics_on_nothing_are_none() -> None:
    assert average_days_late([]) is None
    assert days_beyond_terms([]) is None
    assert weighted_days_to_pay([(ISSUED, DUE, DUE, 0)]) is None


@pytest.mark.parametrize("bad", [1.5, float("nan"), float("inf"), True])
def test_metrics_refuse_floats_nan_and_bools(bad: object) -> None:
    with pytest.raises(InvalidAmount):
        dso(bad, credit_sales=100, days=30)
    with pytest.raises(InvalidAmount):
        days_beyond_terms([(ISSUED, DUE, DUE, bad)])


def test_metrics_refuse_mixed_currencies_and_bad_records() -> None:
    with pytest.raises(CurrencyMismatch, match="credit sales is in USD"):
        dso(money(1, "EUR"), credit_sales=money(1, "USD"), days=30)
    with pytest.raises(InvalidInput, match="days must be positive"):
        dso(1, credit_sales=1, days=0)
    with pytest.raises(InvalidInput, match="record 0 must be a PaidItem"):
        average_days_late([(ISSUED, DUE)])  # type: ignore[list-item]
    with pytest.raises(InvalidInput, match="must not be negative"):
        days_beyond_terms([(ISSUED, DUE, DUE, -1)])


records = st.lists(
    st.tuples(
        st.dates(date(2025, 1, 1), date(2025, 12, 31)),
        st.integers(0, 90),
        st.integers(-30, 120),
        st.integers(1, 10**9),
    ).map(
        lambda t: (
            t[0],
            t[0].fromordinal(t[0].toordinal() + t[1]),
            t[0].fromordinal(t[0].toordinal() + t[1] + t[2]),
            t[3],
        )
    ),
    min_size=1,
    max_size=30,
)


@given(records, st.randoms(use_true_random=False))
def test_timing_metrics_do_not_depend_on_order(
    rows: list[tuple[date, date, date, int]], rnd: object
) -> None:
    import random

    assert isinstance(rnd, random.Random)
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    for metric in (average_days_late, days_beyond_terms, weighted_days_to_pay):
        assert metric(rows) == metric(shuffled)
    assert average_days_late(rows, weighted=True) == days_beyond_terms(shuffled)


@given(
    st.integers(0, 10**9),
    st.lists(st.tuples(st.integers(28, 31), st.integers(1, 10**8)), min_size=1, max_size=12),
)
def test_countback_is_bounded_by_the_history(ar: int, periods: list[tuple[int, int]]) -> None:
    result = countback_dso(ar, periods)
    assert result is not None
    assert 0 <= result <= sum(d for d, _ in periods)


def test_metrics_ignore_a_hostile_ambient_context() -> None:
    ar, current, sales = Decimal("12345.67"), Decimal("0.01"), Decimal("100000")
    paid = [(date(2026, 1, 1), date(2026, 1, 31), date(2026, 2, 3), Decimal("12345.67")),
            (date(2026, 1, 1), date(2026, 1, 31), date(2026, 1, 30), Decimal("0.01"))]  # fmt: skip

    def figures() -> list[Decimal | None]:
        return [
            dso(ar, credit_sales=sales, days=90),
            dso(ar, credit_sales=sales, days=90, opening_receivables=Decimal("11111.11")),
            best_possible_dso(current, credit_sales=sales, days=90),
            average_days_delinquent(ar, current_receivables=current, credit_sales=sales, days=90),
            countback_dso(ar, [(30, Decimal("10000.01")), (31, Decimal("9999.99"))]),
            collection_effectiveness_index(
                ar,
                credit_sales=sales,
                closing_receivables=Decimal("12000.01"),
                closing_current_receivables=current,
                months=3,
            ),
            average_days_late(paid, weighted=True),
            days_beyond_terms(paid),
            weighted_days_to_pay(paid),
        ]

    expected = figures()
    with decimal.localcontext(decimal.Context(prec=3, rounding=decimal.ROUND_DOWN)):
        hostile = figures()
    assert hostile == expected
    assert expected[3] == Decimal("11.111094")  # (12345.67 - 0.01) / 100000 x 90
