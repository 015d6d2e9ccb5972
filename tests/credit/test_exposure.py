"""Exposure: categories, relevance, contributions, permutation invariance."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from otccore.credit import (
    CATEGORIES,
    Exposure,
    ExposureCategory,
    ExposurePolicy,
    Order,
    OrderRecord,
    OrderStatus,
    TransitPayment,
    compute_exposure,
)
from otccore.money import StaticRates, money
from otccore.receivables import OpenItem

DAY = date(2026, 3, 2)
RATES = StaticRates({("USD", "EUR"): Decimal("0.9137")})


def test_hand_computed_categories() -> None:
    items = [
        OpenItem.invoice("I1", "C", money(100, "EUR"), issue_date=DAY, due_date=DAY),
        OpenItem.invoice("I2", "C", money(50, "EUR"), issue_date=DAY, due_date=DAY, disputed=True),
        OpenItem.create("credit_note", "CN", "C", money(-30, "EUR"), issue_date=DAY),
        OpenItem.invoice(
            "I3", "C", money(10, "USD"), issue_date=DAY, due_date=DAY
        ),  # 9.14 EUR (9.137)
    ]
    so = OrderRecord.new(
        Order.create("SO", "C", money(200, "EUR"), order_date=DAY), OrderStatus.OPEN
    )
    so = so.deliver(money(80, "EUR"))
    res = OrderRecord.new(
        Order.create("R", "C", money(40, "EUR"), order_date=DAY, kind="reservation"),
        OrderStatus.OPEN,
    )
    held = OrderRecord.new(
        Order.create("H", "C", money(999, "EUR"), order_date=DAY), OrderStatus.HELD
    )
    pay = TransitPayment.create("P", "C", money(25, "EUR"), value_date=DAY)
    e = compute_exposure("EUR", items=items, orders=[so, res, held], transits=[pay], rates=RATES)
    assert e.as_dict() == {
        "open_receivables": money("79.14", "EUR"),
        "open_orders": money("120.00", "EUR"),
        "delivered_not_invoiced": money("80.00", "EUR"),
        "reservations": money("40.00", "EUR"),
        "disputed": money("50.00", "EUR"),
        "payments_in_transit": money("-25.00", "EUR"),
    }
    assert e.total() == money("369.14", "EUR")  # payments in transit statistical by default
    assert e.total(ExposurePolicy.of(CATEGORIES)) == money("344.14", "EUR")
    assert e.total(ExposurePolicy.of(["open_receivables", "disputed"])) == money("129.14", "EUR")


def test_statistical_categories_do_not_count_against_the_limit() -> None:
    e = Exposure.of("EUR", {ExposureCategory.DISPUTED: money(5, "EUR")})
    assert e.total(ExposurePolicy.of(["open_receivables"])) == money(0, "EUR")
    assert e.amount("disputed") == money(5, "EUR")


item_st = st.builds(
    lambda n, cents, usd, days, disputed: OpenItem.invoice(
        f"I{n}",
        "C",
        money(Decimal(cents).scaleb(-2), "USD" if usd else "EUR"),
        issue_date=DAY - timedelta(days=days),
        due_date=DAY,
        disputed=disputed,
    ),
    st.integers(0, 10_000),
    st.integers(1, 10_000_00),
    st.booleans(),
    st.integers(0, 60),
    st.booleans(),
)


@settings(max_examples=50)
@given(st.lists(item_st, max_size=12, unique_by=lambda i: i.id), st.randoms())
def test_exposure_does_not_depend_on_input_order(items: list[OpenItem], rnd) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(items)
    rnd.shuffle(shuffled)
    a = compute_exposure("EUR", items=items, rates=RATES)
    b = compute_exposure("EUR", items=shuffled, rates=RATES)
    assert a == b
    assert a.total_minor() == sum(a.minor[:5]) + 0  # default policy: all but transit


@given(
    st.lists(st.integers(-(10**9), 10**9), min_size=6, max_size=6),
    st.lists(st.integers(-(10**9), 10**9), min_size=6, max_size=6),
)
def test_exposure_arithmetic_round_trips(a: list[int], b: list[int]) -> None:
    x, y = Exposure("EUR", tuple(a)), Exposure("EUR", tuple(b))
    assert (x + y) - y == x
    assert (x + y).total_minor() == x.total_minor() + y.total_minor()


def test_as_of_counts_items_issued_and_orders_placed_on_or_before_it() -> None:
    def inv(n: str, issued: date) -> OpenItem:
        return OpenItem.invoice(n, "C", money(100, "EUR"), issue_date=issued, due_date=issued)

    def so(n: str, placed: date) -> OrderRecord:
        order = Order.create(n, "C", money(10, "EUR"), order_date=placed)
        return OrderRecord.new(order, OrderStatus.OPEN)

    items = [inv("I1", DAY - timedelta(days=1)), inv("I2", DAY), inv("I3", DAY + timedelta(1))]
    orders = [so("S1", DAY), so("S2", DAY + timedelta(days=1))]
    pay = TransitPayment.create("P", "C", money(5, "EUR"), value_date=DAY + timedelta(days=9))

    def at(as_of: date | None) -> Exposure:
        return compute_exposure(
            "EUR", items=items, orders=orders, transits=[pay], rates=RATES, as_of=as_of
        )

    assert at(DAY).amount("open_receivables") == money(200, "EUR")  # the day itself counts
    assert at(DAY).amount("open_orders") == money(10, "EUR")
    assert at(DAY).amount("payments_in_transit") == money(-5, "EUR")  # as announced
    assert at(DAY - timedelta(days=2)).minor[:5] == (0, 0, 0, 0, 0)
    assert at(None) == compute_exposure(
        "EUR", items=items, orders=orders, transits=[pay], rates=RATES
    )
    assert at(None).amount("open_receivables") == money(300, "EUR")


@settings(max_examples=50)
@given(st.lists(item_st, max_size=12, unique_by=lambda i: i.id), st.integers(0, 70))
def test_as_of_is_the_same_as_leaving_later_items_out(items: list[OpenItem], back: int) -> None:
    cutoff = DAY - timedelta(days=back)
    kept = [i for i in items if i.issue_date <= cutoff]
    assert compute_exposure("EUR", items=items, rates=RATES, as_of=cutoff) == compute_exposure(
        "EUR", items=kept, rates=RATES
    )


def test_as_of_must_be_a_date() -> None:
    import pytest

    from otccore.errors import InvalidInput

    with pytest.raises(InvalidInput, match="as of must be a datetime.date"):
        compute_exposure("EUR", rates=RATES, as_of="2026-03-02")  # type: ignore[arg-type]
