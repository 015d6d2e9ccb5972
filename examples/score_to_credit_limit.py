"""From a scorecard score to a credit decision, end to end.

Score a customer with a scorecard (keeping the reasons), classify the score on a
rating scale, build the credit policy from that same scale, propose a limit from
equity and sales, put it on the customer's credit account and check two orders
against it: the first passes, the second is held.

Run: python examples/score_to_credit_limit.py
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from otccore.adapters.memory import FixedClock, MemoryCredit, MemoryEventSink, MemoryReceivables
from otccore.credit import (
    BlockedRiskClass,
    CheckRule,
    CreditService,
    LimitRule,
    LimitValidity,
    Order,
    RiskLevel,
    RiskPolicy,
    Score,
    StaticLimit,
    classify,
    propose_limit,
)
from otccore.money import StaticRates, money
from otccore.risk import RatingScale, Scorecard

AS_OF = date(2026, 3, 2)


def main() -> None:
    # 1. The data scientist's scorecard, handed over as JSON.
    card = Scorecard.from_json(Scorecard.example().to_json())
    print(f"scorecard: features {card.feature_names}, scores {card.min_score}..{card.max_score}")

    # 2. Score the customer and keep the reasons (what cost the most points).
    record = {"utilisation": 0.72, "days_late": 12}
    result = card.score(record)
    print(f"\nACME {record} scores {result.score}")
    for c in result.reasons():
        print(f"  reason: {c.feature} in {c.bin} costs {c.shortfall} points")

    # 3. The rating scale: score intervals -> classes (higher is better here).
    scale = RatingScale.create(
        [
            ("low", 600, None, "low risk"),
            ("medium", 560, 600, "medium risk"),
            ("high", 520, 560, "high risk"),
            ("reject", None, 520, "outside appetite"),
        ],
        name="application score classes",
    )
    rating = scale.classify(result.score)
    print(f"rating class: {rating.name} ({rating.label}), rank {scale.rank(rating.name)}")

    # 4. The credit manager's terms per class, on that same scale.
    policy = RiskPolicy.from_rating_scale(
        scale,
        {
            "low": (
                RiskLevel.LOW,
                LimitRule.of(
                    cap=money(150_000, "EUR"), equity_share=Decimal("0.10"), sales_multiple=3
                ),
            ),
            "medium": (
                RiskLevel.MEDIUM,
                LimitRule.of(
                    cap=money(60_000, "EUR"), equity_share=Decimal("0.05"), sales_multiple=2
                ),
            ),
            "high": (RiskLevel.HIGH, LimitRule.of(cap=money(20_000, "EUR"), sales_multiple=1)),
            "reject": (RiskLevel.HIGH, LimitRule.of(cap=money(0, "EUR")), 1, True),
        },
        currency="EUR",
        max_increase_percent=50,
        score_validity_days=180,
    )
    assert classify(policy, result.score).name == rating.name  # one scale, one answer

    # 5. Propose a limit from the score, equity and average monthly sales.
    proposal = propose_limit(
        policy,
        Score(result.score, AS_OF),
        as_of=AS_OF,
        equity=money(900_000, "EUR"),
        average_monthly_sales=money(12_000, "EUR"),
    )
    print(
        f"\nproposed limit: {proposal.amount} for class {proposal.risk_class.name} "
        f"({proposal.risk_class.level.value} risk; uncapped {proposal.uncapped}), "
        f"valid to {proposal.valid_to}, next review {proposal.review_date}"
    )

    # 6. A credit service over the memory adapters; blocked classes are refused outright.
    blocked = [c.name for c in policy.classes if c.blocked]
    events = MemoryEventSink()
    service = CreditService(
        MemoryCredit(),
        MemoryReceivables(),
        rates=StaticRates({}),
        events=events,
        clock=FixedClock(AS_OF),
        rule=CheckRule.of(
            [
                (BlockedRiskClass(blocked), "reject"),
                (StaticLimit(), "hold"),
                (LimitValidity(), "hold"),
            ]
        ),
    )
    service.open_account("ACME", "EUR")
    account = service.apply_proposal("ACME", proposal)
    print(
        f"account ACME: limit {account.limit.amount if account.limit else None}, "
        f"risk class {account.risk_class}, review {account.review_date}"
    )

    # 7. Two orders: the first fits under the limit, the second would breach it.
    for order_id, amount in (("SO-1", 8_000), ("SO-2", 5_000)):
        decision = service.check_and_reserve(
            Order.create(order_id, "ACME", money(amount, "EUR"), order_date=AS_OF)
        )
        print(
            f"\n{order_id} over {money(amount, 'EUR')}: {decision.outcome.value}, "
            f"available after it {decision.available}"
        )
        for reason in decision.reasons:
            print(f"  {reason.code}: {reason.message}")
        if not decision.reasons:
            print("  every check passed")
    print(
        f"\nexposure {service.exposure('ACME').total()}; events {[e.name for e in events.events]}"
    )


if __name__ == "__main__":
    main()
