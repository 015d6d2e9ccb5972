"""Risk results never depend on the caller's ambient decimal context (DESIGN §1).

Each test computes a result in the default context and again under a precision of
three digits; the two must be equal. Every input is chosen so that three digits
would round (or refuse) at least one step of the computation.
"""

import decimal
from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from otccore.risk import (
    CREDITREFORM_SCALE,
    ExternalRating,
    Scorecard,
    altman_z,
    benford,
    ohlson_o,
    order_spikes,
    payment_behaviour,
    relative_size_factor,
    round_numbers,
)


def both(fn):
    """``fn()`` in the default context and under ``prec=3``."""
    expected = fn()
    with decimal.localcontext(prec=3):
        return expected, fn()


def test_ohlson_divisions():
    expected, low = both(
        lambda: ohlson_o(
            total_assets=123_456_789,
            total_liabilities=50_000_001,
            current_assets=40_000_003,
            current_liabilities=20_000_007,
            net_income=5_000_011,
            net_income_prior=4_000_013,
            funds_from_operations=8_000_017,
            assets_unit=1_000_000,
            price_index=100,
        )
    )
    assert low == expected
    assert expected.variables["TLTA"] == 50_000_001 / 123_456_789


def test_relative_size_factor_and_round_numbers():
    docs = [("1", "C1", "A", 123_457, date(2026, 1, 1)), ("2", "C1", "B", 3, date(2026, 1, 2))]
    expected, low = both(lambda: relative_size_factor(docs))
    assert low == expected
    assert str(expected[0].details["rsf"]).startswith("41152.333333333")
    rows = [
        (str(i), "C1", f"N{i}", 1_234_500 if i < 4 else 1_234_567 + i, date(2026, 1, 1))
        for i in range(10)
    ]
    expected, low = both(lambda: round_numbers(rows))
    assert low == expected
    assert [f.details["share"] for f in expected] == [Decimal("0.4")]


def test_order_spikes_median_and_ratio():
    rows = [(str(i), "C1", f"O{i}", 100_001 + i, date(2026, 1, 1 + i)) for i in range(4)]
    rows.append(("9", "C1", "O9", 450_017, date(2026, 2, 1)))
    expected, low = both(lambda: order_spikes(rows))
    assert low == expected
    assert expected[0].details["median"] == Decimal("100002.5")


def test_benford_magnitudes_are_exact():
    amounts = [Decimal("-199.96")] * 5 + [Decimal("-123.45")] * 5
    expected, low = both(lambda: benford(amounts, negative="abs", min_records=0))
    assert low == expected
    assert expected.digits[0].count == 10


def test_scores_and_ratings():
    card = Scorecard.example()
    record = {"utilisation": 0.3, "days_late": 0}
    columns = {"utilisation": [0.3, 0.95], "days_late": [0, 40]}
    expected, low = both(
        lambda: (
            card.score(record),
            card.score_batch(columns, engine="python"),
            list(card.score_batch(columns, engine="numpy")),
            card.min_score,
            card.max_score,
        )
    )
    assert low == expected
    assert expected[0].score == Decimal("618.89")
    expected, low = both(lambda: ExternalRating.create(CREDITREFORM_SCALE, 177).normalised)
    assert low == expected == Decimal("0.846")
    expected, low = both(lambda: altman_z("private", x1=0.1234, x2=0.2, x3=0.1, x4=1.0, x5=1.0))
    assert low == expected


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(-30, 120), st.integers(1, 10**7), st.integers(0, 200)),
        min_size=1,
        max_size=12,
    ),
    st.integers(0, 3),
    st.integers(0, 3),
)
def test_payment_behaviour(rows, bounced, broken):
    as_of = date(2026, 12, 31)
    items = []
    for late, cents, age in rows:
        paid = as_of - timedelta(days=age)
        due = paid - timedelta(days=late)
        items.append((due - timedelta(days=30), due, paid, Decimal(cents).scaleb(-2)))
    expected, low = both(
        lambda: payment_behaviour(
            items, as_of=as_of, bounced_payments=bounced, broken_promises=broken
        )
    )
    assert low == expected
