"""The credit path ignores a hostile ambient decimal context (DESIGN §1, §9).

Inside ``decimal.localcontext(prec=3)`` an order of 12,345.67 used to be reserved
as 12,300.00, a light compared rounded products and ``LimitRule.limit`` raised
``InvalidOperation``. Every figure here is what an ordinary context gives.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from otccore.credit import (
    CheckRule,
    CreditAccount,
    CreditFacts,
    CreditLimit,
    LimitRule,
    Order,
    Outcome,
    RiskClass,
    RiskPolicy,
    Score,
    TrafficLight,
    TrafficLightPolicy,
    build_context,
    evaluate,
    propose_limit,
)
from otccore.money import StaticRates, money

if TYPE_CHECKING:
    from conftest import World  # type only: tests/credit/conftest.py

DAY = date(2026, 3, 2)
HOSTILE = decimal.Context(prec=3, rounding=decimal.ROUND_DOWN)


@pytest.fixture
def hostile() -> Iterator[decimal.Context]:
    with decimal.localcontext(HOSTILE) as ctx:
        yield ctx


def _order(oid: str, amount: str) -> Order:
    return Order.create(oid, "C1", money(amount, "EUR"), order_date=DAY)


def test_reserve_keeps_every_cent(hostile: decimal.Context, make_world: type[World]) -> None:
    w = make_world()
    w.svc.open_account("C1", "EUR", limit=CreditLimit.of(money("20000.00", "EUR")))
    d = w.svc.check_and_reserve(_order("SO-1", "12345.67"))
    assert d.outcome is Outcome.APPROVED
    assert w.svc.exposure("C1").amount("open_orders") == money("12345.67", "EUR")
    assert d.available == money("7654.33", "EUR")
    assert d.utilisation == Decimal("61.73")
    assert w.svc.recompute_exposure("C1") == w.svc.exposure("C1")
    assert w.svc.status("C1").light is TrafficLight.GREEN
    # and the host's context is left as it was
    assert (hostile.prec, hostile.rounding) == (3, decimal.ROUND_DOWN)


@pytest.mark.usefixtures("hostile")
def test_decide_at_the_boundary_to_the_cent() -> None:
    acc = CreditAccount.open("C1", "EUR", limit=CreditLimit.of(money("12345.67", "EUR")))
    rates = StaticRates({})
    equal = build_context(_order("A", "12345.67"), [acc], as_of=DAY, rates=rates)
    above = build_context(_order("B", "12345.68"), [acc], as_of=DAY, rates=rates)
    assert evaluate(CheckRule.default(), equal).outcome is Outcome.APPROVED
    assert evaluate(CheckRule.default(), above).outcome is Outcome.HELD
    assert evaluate(CheckRule.default(), above).available == money("-0.01", "EUR")


@pytest.mark.usefixtures("hostile")
def test_limit_rules_compute_exactly() -> None:
    rule = LimitRule.of(cap=money(50_000, "EUR"), sales_multiple=Decimal("1.5"))
    assert rule.limit("EUR", equity=None, average_monthly_sales=money("12345.67", "EUR")) == money(
        "18518.50", "EUR"
    )
    policy = RiskPolicy.of(
        "EUR",
        [
            RiskClass.of(
                "A", low=0, high=100, level="low", rule=LimitRule.of(cap=money(90_000, "EUR"))
            )
        ],
        max_increase_percent=50,
    )
    p = propose_limit(policy, Score(Decimal(50), DAY), as_of=DAY, current=money("12345.67", "EUR"))
    assert p.amount == money("18518.50", "EUR")
    assert p.capped


@pytest.mark.usefixtures("hostile")
def test_traffic_light_and_overdue_share_compare_exact_products() -> None:
    lights = TrafficLightPolicy()
    # 100,499.99 of 100,500.00 is 99.99999 %: amber (3 digits would round both sides
    # to 1.00E+9 and say red)
    assert lights.light(exposure_minor=100_499_99, limit_minor=100_500_00) is TrafficLight.AMBER
    assert lights.light(exposure_minor=100_500_00, limit_minor=100_500_00) is TrafficLight.RED
    assert lights.light(exposure_minor=80_399_99, limit_minor=100_500_00) is TrafficLight.GREEN
    facts = CreditFacts(money("12345.67", "EUR"), money("3086.41", "EUR"))
    assert facts.overdue_share == 24  # 24.99998 %, rounded down
