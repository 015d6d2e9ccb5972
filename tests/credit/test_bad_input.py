"""Bad input: a clear otccore.errors exception, and nothing reserved or stored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from otccore.credit import (
    CheckRule,
    CreditLimit,
    DynamicLimit,
    Exposure,
    ExposurePolicy,
    LimitRule,
    Order,
    OrderRecord,
    OrderStatus,
    RiskClass,
    RiskPolicy,
    RuleStep,
    StaticLimit,
    TemporaryLimit,
    TrafficLightPolicy,
)
from otccore.errors import (
    ConfigurationError,
    CurrencyMismatch,
    DuplicateId,
    InvalidAmount,
    InvalidInput,
    MissingRate,
    NotFound,
)
from otccore.money import StaticRates, money

if TYPE_CHECKING:
    from conftest import World

DAY = date(2026, 3, 2)


def order(oid: str, cid: str, amount: str | int, currency: str = "EUR") -> Order:
    return Order.create(oid, cid, money(amount, currency), order_date=DAY)


def test_negative_order_amount_is_refused() -> None:
    with pytest.raises(InvalidAmount, match="-5"):
        order("A", "C1", -5)


@pytest.mark.parametrize("bad", [1.5, True, Decimal("NaN"), Decimal("Infinity")])
def test_float_bool_nan_infinity_are_refused(bad: object) -> None:
    with pytest.raises(InvalidAmount):
        Order.create("A", "C1", money(bad, "EUR"), order_date=DAY)


def test_a_finer_than_minor_unit_order_is_refused() -> None:
    with pytest.raises(InvalidAmount, match="finer"):
        order("A", "C1", "1.005")


def test_unknown_customer_reserves_nothing(world: World) -> None:
    with pytest.raises(NotFound, match="'GHOST'"):
        world.svc.check_and_reserve(order("A", "GHOST", 10))
    assert world.store.list_orders() == []
    assert world.sink.events == ()


def test_missing_order_rate_reserves_nothing(world: World) -> None:
    world.svc.open_account("C1", "EUR", limit=CreditLimit.of(money(1000, "EUR")))
    with pytest.raises(MissingRate, match="JPY"):
        world.svc.check_and_reserve(order("A", "C1", 10, currency="JPY"))
    assert world.store.list_orders() == []
    assert world.svc.account("C1").version == 1
    assert [e.name for e in world.sink.events] == ["AccountOpened"]


def test_a_limit_in_a_currency_with_no_rate_reserves_nothing(world: World) -> None:
    world.svc.open_account("C1", "EUR", limit=CreditLimit.of(money(1000, "CHF")))
    with pytest.raises(MissingRate, match="CHF"):
        world.svc.check_and_reserve(order("A", "C1", 10))
    assert world.store.list_orders() == []
    assert world.svc.exposure("C1").is_zero


def test_overlapping_risk_classes_are_a_configuration_error() -> None:
    rule = LimitRule.of(cap=money(1, "EUR"))
    with pytest.raises(ConfigurationError, match="overlap"):
        RiskPolicy.of(
            "EUR",
            [
                RiskClass.of("A", low=0, high=60, level="low", rule=rule),
                RiskClass.of("B", low=50, high=100, level="high", rule=rule),
            ],
        )


def test_a_gap_in_risk_classes_is_a_configuration_error() -> None:
    rule = LimitRule.of(cap=money(1, "EUR"))
    with pytest.raises(ConfigurationError, match=r"gap.*40 to 50"):
        RiskPolicy.of(
            "EUR",
            [
                RiskClass.of("A", low=0, high=40, level="low", rule=rule),
                RiskClass.of("B", low=50, high=100, level="high", rule=rule),
            ],
        )


def test_bad_limits() -> None:
    with pytest.raises(InvalidAmount, match="-1"):
        CreditLimit.of(money(-1, "EUR"))
    with pytest.raises(CurrencyMismatch, match="USD"):
        CreditLimit.of(money(1, "EUR"), sub_limits={"open_orders": money(1, "USD")})
    with pytest.raises(InvalidInput, match="overlap"):
        CreditLimit.of(
            money(1, "EUR"),
            temporary=[
                TemporaryLimit.of(
                    money(2, "EUR"), valid_from=date(2026, 1, 1), valid_to=date(2026, 1, 31)
                ),
                TemporaryLimit.of(
                    money(3, "EUR"), valid_from=date(2026, 1, 31), valid_to=date(2026, 2, 28)
                ),
            ],
        )
    with pytest.raises(InvalidInput, match="unknown exposure category"):
        CreditLimit.of(money(1, "EUR"), sub_limits={"gold": money(1, "EUR")})
    with pytest.raises(InvalidInput, match="before valid from"):
        CreditLimit.of(money(1, "EUR"), valid_from=date(2026, 2, 1), valid_to=date(2026, 1, 1))


def test_bad_rules() -> None:
    with pytest.raises(ConfigurationError, match="unique"):
        CheckRule.of([(DynamicLimit(3), "hold"), (DynamicLimit(5), "warn")])
    with pytest.raises(ConfigurationError, match=r"unknown reaction: 'maybe' \(expected one of"):
        CheckRule.of([(DynamicLimit(3), "maybe")])
    with pytest.raises(ConfigurationError, match="not a check step"):
        CheckRule.of([(object(), "hold")])  # type: ignore[list-item]
    with pytest.raises(InvalidInput, match="-1"):
        DynamicLimit(-1)
    with pytest.raises(ConfigurationError, match="amber"):
        TrafficLightPolicy(amber=Decimal(101))


def test_duplicate_account_and_unknown_parent(world: World) -> None:
    world.svc.open_account("C1", "EUR")
    with pytest.raises(DuplicateId, match="C1"):
        world.svc.open_account("C1", "EUR")
    with pytest.raises(NotFound, match="P9"):
        world.svc.open_account("C2", "EUR", parent_id="P9")
    assert [a.customer_id for a in world.store.list_accounts()] == ["C1"]


def test_release_needs_a_person_a_reason_and_days(world: World) -> None:
    world.svc.open_account("C1", "EUR", limit=CreditLimit.of(money(1, "EUR")))
    world.svc.check_and_reserve(order("A", "C1", 10))
    with pytest.raises(InvalidInput, match="released by"):
        world.svc.release("A", by=" ", reason="ok", valid_days=1)
    with pytest.raises(InvalidInput, match="valid days must be at least 1"):
        world.svc.release("A", by="x", reason="ok", valid_days=0)
    with pytest.raises(InvalidInput, match="valid days must be an int"):
        world.svc.release("A", by="x", reason="ok", valid_days=1.5)  # type: ignore[arg-type]
    with pytest.raises(NotFound, match="NOPE"):
        world.svc.release("NOPE", by="x", reason="ok", valid_days=1)
    assert world.svc.exposure("C1").is_zero


def test_an_order_cannot_move_to_another_customer(world: World) -> None:
    world.svc.open_account("C1", "EUR")
    world.svc.open_account("C2", "EUR")
    world.svc.check_and_reserve(order("A", "C1", 10))
    with pytest.raises(InvalidInput, match="belongs to 'C1'"):
        world.svc.check_and_reserve(order("A", "C2", 10))
    assert world.svc.exposure("C2").is_zero


def test_a_cancelled_order_cannot_be_checked_again(world: World) -> None:
    world.svc.open_account("C1", "EUR")
    world.svc.check_and_reserve(order("A", "C1", 10))
    world.svc.cancel("A")
    with pytest.raises(InvalidInput, match="cancelled"):
        world.svc.check_and_reserve(order("A", "C1", 10))
    with pytest.raises(InvalidInput, match="cancelled"):
        world.svc.cancel("A")


def test_a_stale_score_is_refused() -> None:
    from otccore.credit import Score, propose_limit

    policy = RiskPolicy.of(
        "EUR",
        [RiskClass.of("A", low=0, high=100, level="low", rule=LimitRule.of(cap=money(5, "EUR")))],
        score_validity_days=30,
    )
    with pytest.raises(InvalidInput, match="expired on 2026-01-31"):
        propose_limit(policy, Score(Decimal(50), date(2026, 1, 1)), as_of=DAY)
    with pytest.raises(InvalidInput, match="outside"):
        propose_limit(policy, Score(Decimal(101), DAY), as_of=DAY)


def test_the_rates_port_is_used_for_the_limit_not_the_float() -> None:
    with pytest.raises(InvalidInput):
        StaticRates({("EUR", "USD"): 1.1})  # type: ignore[dict-item]


def _raises_exactly(kind: type[Exception], call: Callable[[], object]) -> str:
    with pytest.raises(kind) as info:
        call()
    assert type(info.value) is kind, f"{type(info.value).__name__} is not {kind.__name__}"
    return str(info.value)


_ORDER = Order.create("SO-1", "C1", money(10, "EUR"), order_date=DAY)
_LIMIT = CreditLimit.of(money(10, "EUR"))
_EXPOSURE = Exposure.zero("EUR")


@pytest.mark.parametrize(
    ("call", "kind", "value", "allowed"),
    [
        (lambda: CheckRule.of([(StaticLimit(), "maybe")]), ConfigurationError, "maybe", "'hold'"),
        (lambda: RuleStep(StaticLimit(), "maybe"), ConfigurationError, "maybe", "'reject'"),
        (lambda: CheckRule.of([], boundary="above"), ConfigurationError, "above", "'reaches'"),
        (lambda: CheckRule.default(boundary="above"), ConfigurationError, "above", "'exceeds'"),
        (lambda: CheckRule(steps=(), boundary="above"), ConfigurationError, "above", "'exceeds'"),
        (lambda: ExposurePolicy.of(["gold"]), ConfigurationError, "gold", "'disputed'"),
        (
            lambda: RiskClass.of(
                "A", low=0, high=1, level="extreme", rule=LimitRule.of(cap=money(1, "EUR"))
            ),
            ConfigurationError,
            "extreme",
            "'medium'",
        ),
        (lambda: _LIMIT.sub_limit("gold"), InvalidInput, "gold", "'open_orders'"),
        (lambda: _EXPOSURE.amount("gold"), InvalidInput, "gold", "'reservations'"),
        (lambda: _EXPOSURE.minor_of("gold"), InvalidInput, "gold", "'open_receivables'"),
        (lambda: Exposure.single("EUR", "gold", 1), InvalidInput, "gold", "'disputed'"),  # type: ignore[arg-type]
        (lambda: OrderRecord.new(_ORDER, "bogus"), InvalidInput, "bogus", "'held'"),  # type: ignore[arg-type]
        (
            lambda: OrderRecord.new(_ORDER, OrderStatus.OPEN).with_status("bogus"),  # type: ignore[arg-type]
            InvalidInput,
            "bogus",
            "'closed'",
        ),
        (
            lambda: Order.create("SO", "C1", money(1, "EUR"), order_date=DAY, kind="bogus"),
            InvalidInput,
            "bogus",
            "'reservation'",
        ),
    ],
)
def test_unknown_enum_strings_name_the_value_and_the_choices(
    call: Callable[[], object], kind: type[Exception], value: str, allowed: str
) -> None:
    message = _raises_exactly(kind, call)
    assert repr(value) in message
    assert "expected one of" in message
    assert allowed in message


def test_a_non_string_is_refused_the_same_way() -> None:
    message = _raises_exactly(InvalidInput, lambda: _EXPOSURE.amount(3))  # type: ignore[arg-type]
    assert "unknown exposure category: 3" in message
    message = _raises_exactly(ConfigurationError, lambda: RuleStep(StaticLimit(), None))  # type: ignore[arg-type]
    assert "unknown reaction: None" in message
