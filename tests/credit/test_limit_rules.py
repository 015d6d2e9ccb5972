"""Limits from risk: classification, the lower-of rule, increase cap, validity, review dates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from otccore.credit import (
    LimitRule,
    RiskClass,
    RiskLevel,
    RiskPolicy,
    Score,
    classify,
    propose_limit,
)
from otccore.money import money

DAY = date(2026, 3, 31)


def policy(**kw: object) -> RiskPolicy:
    return RiskPolicy.of(
        "EUR",
        [
            RiskClass.of(
                "A",
                low=700,
                high=1000,
                level=RiskLevel.LOW,
                rule=LimitRule.of(
                    cap=money(100_000, "EUR"),
                    equity_share=Decimal("0.10"),
                    sales_multiple=Decimal(2),
                ),
            ),
            RiskClass.of(
                "B",
                low=400,
                high=700,
                level=RiskLevel.MEDIUM,
                rule=LimitRule.of(cap=money(20_000, "EUR"), sales_multiple=Decimal("1.5")),
            ),
            RiskClass.of(
                "C",
                low=0,
                high=400,
                level=RiskLevel.HIGH,
                rule=LimitRule.of(cap=money(0, "EUR")),
                blocked=True,
            ),
        ],
        **kw,  # type: ignore[arg-type]
    )


def test_lower_of_cap_equity_share_and_sales_multiple() -> None:
    p = propose_limit(
        policy(),
        Score(Decimal(800), DAY),
        as_of=DAY,
        equity=money(300_000, "EUR"),
        average_monthly_sales=money(40_000, "EUR"),
    )
    # cap 100,000; 10 % of equity 30,000; 2 × sales 80,000 -> 30,000
    assert p.amount == money("30000.00", "EUR")
    assert p.risk_class.name == "A"
    p2 = propose_limit(
        policy(), Score(Decimal(800), DAY), as_of=DAY, average_monthly_sales=money(40_000, "EUR")
    )
    assert p2.amount == money("80000.00", "EUR")  # no equity given: that term is left out


def test_review_dates_by_class() -> None:
    kw = {"as_of": DAY, "average_monthly_sales": money(1000, "EUR")}
    assert propose_limit(policy(), Score(Decimal(900), DAY), **kw).review_date == date(2027, 3, 31)  # type: ignore[arg-type]
    assert propose_limit(policy(), Score(Decimal(500), DAY), **kw).review_date == date(2026, 6, 30)  # type: ignore[arg-type]
    assert propose_limit(policy(), Score(Decimal(10), DAY), **kw).review_date == date(2026, 4, 30)  # type: ignore[arg-type]


def test_increase_is_capped_per_review() -> None:
    p = propose_limit(
        policy(max_increase_percent=25),
        Score(Decimal(800), DAY),
        as_of=DAY,
        average_monthly_sales=money(40_000, "EUR"),
        current=money("10000.00", "EUR"),
    )
    assert p.uncapped == money("80000.00", "EUR")
    assert p.amount == money("12500.00", "EUR")
    assert p.capped
    first = propose_limit(
        policy(max_increase_percent=25),
        Score(Decimal(800), DAY),
        as_of=DAY,
        average_monthly_sales=money(40_000, "EUR"),
        current=money(0, "EUR"),
    )
    assert first.amount == money("80000.00", "EUR")
    assert not first.capped
    down = propose_limit(
        policy(max_increase_percent=25),
        Score(Decimal(500), DAY),
        as_of=DAY,
        average_monthly_sales=money(1000, "EUR"),
        current=money(90_000, "EUR"),
    )
    assert down.amount == money("1500.00", "EUR")  # decreases are never capped


def test_limit_expires_with_the_score() -> None:
    p = propose_limit(
        policy(score_validity_days=90),
        Score(Decimal(800), date(2026, 3, 1)),
        as_of=DAY,
        average_monthly_sales=money(1, "EUR"),
    )
    assert p.to_limit().valid_to == date(2026, 5, 30)
    assert p.to_limit().is_expired(date(2026, 5, 31))


def test_applying_a_proposal_sets_limit_class_and_review(world) -> None:  # type: ignore[no-untyped-def]
    world.svc.open_account("C1", "EUR")
    p = propose_limit(
        policy(),
        Score(Decimal(500), date(2026, 3, 1)),
        as_of=date(2026, 3, 2),
        average_monthly_sales=money(10_000, "EUR"),
    )
    acc = world.svc.apply_proposal("C1", p)
    assert acc.limit.amount == money("15000.00", "EUR")
    assert acc.risk_class == "B"
    assert acc.review_date == date(2026, 6, 2)
    assert acc.version == 2


@given(st.integers(min_value=0, max_value=1000))
def test_every_score_in_range_has_exactly_one_class(score: int) -> None:
    p = policy()
    c = classify(p, score)
    inside = [
        k for k in p.classes if k.low <= score < k.high or (k is p.classes[-1] and score == k.high)
    ]
    assert inside == [c]


@given(st.permutations([0, 1, 2]))
def test_class_order_does_not_matter(order: list[int]) -> None:
    classes = policy().classes
    shuffled = RiskPolicy.of("EUR", [classes[i] for i in order])
    assert shuffled.classes == classes
