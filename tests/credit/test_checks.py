"""Hand-computed credit checks: boundary, None vs zero, expiry, horizon, sub-limits, families, FX."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from otccore.adapters.memory import FixedClock, MemoryCredit, MemoryEventSink, MemoryReceivables
from otccore.credit import (
    BlockedRiskClass,
    Boundary,
    CheckRule,
    CreditChecked,
    CreditFacts,
    CreditLimit,
    CreditService,
    DunningLevel,
    DynamicLimit,
    LimitValidity,
    MaxDocumentValue,
    OldestOverdue,
    Order,
    OrderReleased,
    OrderStatus,
    Outcome,
    OverdueShare,
    Reaction,
    ReservationCancelled,
    StaticLimit,
    TemporaryLimit,
    TrafficLight,
    TrafficLightPolicy,
)
from otccore.errors import InvalidInput
from otccore.money import StaticRates, money
from otccore.receivables import OpenItem

if TYPE_CHECKING:
    from conftest import World  # type only: tests/credit/conftest.py

DAY = date(2026, 3, 2)


def order(oid: str, cid: str, amount: str | int, currency: str = "EUR", **kw: object) -> Order:
    return Order.create(oid, cid, money(amount, currency), order_date=DAY, **kw)  # type: ignore[arg-type]


def eur(v: str | int) -> CreditLimit:
    return CreditLimit.of(money(v, "EUR"))


def test_equal_to_the_limit_passes(world: World) -> None:
    world.svc.open_account("C1", "EUR", limit=eur(1000))
    world.svc.check_and_reserve(order("A", "C1", 600))
    d = world.svc.check_and_reserve(order("B", "C1", 400))
    assert d.outcome is Outcome.APPROVED
    assert d.available == money(0, "EUR")
    assert d.utilisation == Decimal("100.00")
    assert d.light is TrafficLight.RED
    d2 = world.svc.check_and_reserve(order("C", "C1", "0.01"))
    assert d2.outcome is Outcome.HELD
    assert d2.reasons[0].code == "limit_exceeded"
    assert d2.reasons[0].reaction is Reaction.HOLD
    assert d2.available == money("-0.01", "EUR")


def test_oracle_convention_fails_at_the_limit(make_world: type[World]) -> None:
    w = make_world(rule=CheckRule.default(boundary=Boundary.REACHES))
    w.svc.open_account("C1", "EUR", limit=eur(1000))
    assert w.svc.check_and_reserve(order("A", "C1", "999.99")).outcome is Outcome.APPROVED
    assert w.svc.check_and_reserve(order("B", "C1", "0.01")).outcome is Outcome.HELD


def test_no_limit_set_checks_nothing_but_zero_means_no_credit(world: World) -> None:
    world.svc.open_account("NONE", "EUR")
    world.svc.open_account("ZERO", "EUR", limit=eur(0))
    d = world.svc.check_and_reserve(order("A", "NONE", 1_000_000))
    assert d.outcome is Outcome.APPROVED
    assert d.available is None
    assert d.utilisation is None
    assert d.light is None
    assert [r.code for r in d.reasons] == ["no_limit"]
    z = world.svc.check_and_reserve(order("B", "ZERO", "0.01"))
    assert z.outcome is Outcome.HELD
    assert z.light is TrafficLight.RED
    assert z.utilisation is None
    assert world.svc.check_and_reserve(order("C", "ZERO", 0)).outcome is Outcome.APPROVED


def test_an_expired_limit_holds(world: World) -> None:
    world.svc.open_account(
        "C1", "EUR", limit=CreditLimit.of(money(1000, "EUR"), valid_to=date(2026, 2, 28))
    )
    d = world.svc.check_and_reserve(order("A", "C1", 10))
    assert d.outcome is Outcome.HELD
    assert [r.code for r in d.reasons] == ["limit_expired"]
    assert world.svc.exposure("C1").total() == money(0, "EUR")


def test_an_overdue_review_holds(world: World) -> None:
    world.svc.open_account("C1", "EUR", limit=eur(1000), review_date=date(2026, 3, 1))
    d = world.svc.check_and_reserve(order("A", "C1", 10))
    assert [r.code for r in d.reasons] == ["review_overdue"]


def test_a_temporary_limit_replaces_the_standing_one_while_valid(world: World) -> None:
    lim = CreditLimit.of(
        money(100, "EUR"),
        temporary=[
            TemporaryLimit.of(
                money(500, "EUR"), valid_from=date(2026, 3, 1), valid_to=date(2026, 3, 31)
            )
        ],
    )
    world.svc.open_account("C1", "EUR", limit=lim)
    # superseded, not added to: 500 is the limit, not 100 + 500
    held = world.svc.check_and_reserve(order("BIG", "C1", "500.01"))
    assert held.outcome is Outcome.HELD
    assert dict(held.reasons[0].data)["limit"] == "500.00 EUR"
    assert world.svc.check_and_reserve(order("A", "C1", 400)).approved
    world.clock.day = date(2026, 3, 31)  # its last day
    assert world.svc.status("C1").limit == money(500, "EUR")
    world.clock.day = date(2026, 4, 1)  # the standing limit resumes
    assert world.svc.status("C1").limit == money(100, "EUR")
    assert world.svc.status("C1").light is TrafficLight.RED
    assert world.svc.check_and_reserve(order("B", "C1", 1)).outcome is Outcome.HELD


def test_a_lower_temporary_limit_lowers_the_limit_for_its_window(world: World) -> None:
    lim = CreditLimit.of(
        money(1000, "EUR"),
        valid_to=date(2026, 2, 28),  # the standing limit has expired ...
        temporary=[
            TemporaryLimit.of(
                money(300, "EUR"), valid_from=date(2026, 3, 1), valid_to=date(2026, 3, 31)
            )
        ],
    )
    world.svc.open_account("C1", "EUR", limit=lim)
    # ... but the temporary one is in force: no expiry, and 300 is the limit
    d = world.svc.check_and_reserve(order("A", "C1", 400))
    assert [r.code for r in d.reasons] == ["limit_exceeded"]
    assert world.svc.check_and_reserve(order("B", "C1", 300)).approved
    world.clock.day = date(2026, 4, 1)
    assert [r.code for r in world.svc.check_and_reserve(order("C", "C1", 1)).reasons] == [
        "limit_expired"
    ]


def test_horizon_leaves_out_orders_scheduled_past_it(make_world: type[World]) -> None:
    rule = CheckRule.of([(DynamicLimit(30), "hold")])
    w = make_world(rule=rule)
    w.svc.open_account("C1", "EUR", limit=eur(1000))
    far = date(2026, 6, 1)  # beyond 2026-04-01
    assert w.svc.check_and_reserve(order("FAR", "C1", 900, delivery_date=far)).approved
    # 900 is scheduled past the horizon, so 800 more within it still fits
    assert w.svc.check_and_reserve(
        order("NEAR", "C1", 800, delivery_date=date(2026, 3, 20))
    ).approved
    # an order itself scheduled past the horizon is left out too
    assert w.svc.check_and_reserve(order("FAR2", "C1", 5000, delivery_date=far)).approved
    held = w.svc.check_and_reserve(order("NOW", "C1", 300))
    assert held.outcome is Outcome.HELD
    assert held.reasons[0].code == "dynamic_limit_exceeded"
    # the static limit sees them all
    static = make_world()
    static.svc.open_account("C1", "EUR", limit=eur(1000))
    static.svc.check_and_reserve(order("FAR", "C1", 900, delivery_date=far))
    assert static.svc.check_and_reserve(order("NEAR", "C1", 800)).outcome is Outcome.HELD


def test_sub_limits_cap_one_category(world: World) -> None:
    lim = CreditLimit.of(money(10_000, "EUR"), sub_limits={"open_orders": money(500, "EUR")})
    world.svc.open_account("C1", "EUR", limit=lim)
    assert world.svc.check_and_reserve(order("A", "C1", 500)).approved
    d = world.svc.check_and_reserve(order("B", "C1", 1))
    assert d.outcome is Outcome.HELD
    assert [r.code for r in d.reasons] == ["sub_limit_exceeded"]
    assert dict(d.reasons[0].data)["category"] == "open_orders"
    # a reservation lands in another category, not capped
    assert world.svc.check_and_reserve(order("R", "C1", 900, kind="reservation")).approved


def test_family_child_passes_parent_fails(world: World) -> None:
    world.svc.open_account("P", "EUR", limit=eur(1000))
    world.svc.open_account("C1", "EUR", limit=eur(800), parent_id="P")
    world.svc.open_account("C2", "EUR", limit=eur(800), parent_id="P")
    assert world.svc.check_and_reserve(order("A", "C1", 700)).approved
    d = world.svc.check_and_reserve(order("B", "C2", 400))
    assert d.outcome is Outcome.HELD
    assert [(r.code, dict(r.data)["level"]) for r in d.reasons] == [("limit_exceeded", "P")]
    assert d.available == money(400, "EUR")  # the child's own level is fine
    assert [lv.customer_id for lv in d.levels] == ["C2", "P"]
    assert d.levels[1].available == money(-100, "EUR")
    assert world.svc.exposure("P").total() == money(700, "EUR")
    assert world.svc.exposure("C2").total() == money(0, "EUR")


def test_grandparent_with_other_currency(world: World) -> None:
    world.svc.open_account("G", "USD", limit=CreditLimit.of(money(1000, "USD")))
    world.svc.open_account("P", "EUR", parent_id="G")
    world.svc.open_account("C", "EUR", parent_id="P")
    # 900 EUR is 1000 USD (0.9 USD->EUR, inverse 1/0.9)
    d = world.svc.check_and_reserve(order("A", "C", 900))
    assert d.approved
    assert world.svc.exposure("G").total() == money("1000.00", "USD")
    assert world.svc.check_and_reserve(order("B", "C", "0.01")).outcome is Outcome.HELD


def test_order_in_another_currency_is_converted(world: World) -> None:
    world.svc.open_account("C1", "EUR", limit=eur(900))
    d = world.svc.check_and_reserve(order("A", "C1", 1000, currency="USD"))
    assert d.approved
    assert d.available == money(0, "EUR")
    assert world.svc.exposure("C1").amount("open_orders") == money("900.00", "EUR")
    assert (
        world.svc.check_and_reserve(order("B", "C1", "0.02", currency="USD")).outcome
        is Outcome.HELD
    )


def test_a_limit_in_another_currency_is_converted(world: World) -> None:
    world.svc.open_account("C1", "EUR", limit=CreditLimit.of(money(1000, "USD")))
    assert world.svc.check_and_reserve(order("A", "C1", 900)).approved
    assert world.svc.check_and_reserve(order("B", "C1", "0.01")).outcome is Outcome.HELD


def test_release_lets_a_held_order_through_and_is_an_event(world: World) -> None:
    world.svc.open_account("C1", "EUR", limit=eur(100))
    held = world.svc.check_and_reserve(order("A", "C1", 150))
    assert held.outcome is Outcome.HELD
    assert world.svc.exposure("C1").total() == money(0, "EUR")
    rel = world.svc.release("A", by="m.rossi", reason="prepayment received", valid_days=3)
    assert rel.valid_to == date(2026, 3, 4)  # 3 days counting the release day
    assert world.svc.exposure("C1").total() == money(150, "EUR")
    assert world.store.find_order("A").status is OrderStatus.OPEN  # type: ignore[arg-type, union-attr]
    names = [e.name for e in world.sink.events]
    assert names == ["AccountOpened", "CreditChecked", "OrderReleased"]
    assert isinstance(world.sink.events[2], OrderReleased)
    assert world.sink.events[2].release.by == "m.rossi"
    # checked again within validity (e.g. after a change to a lower amount): honoured
    again = world.svc.check_and_reserve(order("A", "C1", 140))
    assert again.outcome is Outcome.APPROVED_WITH_WARNING
    assert again.reasons[-1].code == "released"
    assert world.svc.exposure("C1").total() == money(140, "EUR")


@pytest.mark.parametrize("days", [1, 3, 30])
def test_a_release_for_n_days_counts_the_release_day(world: World, days: int) -> None:
    world.svc.open_account("C1", "EUR", limit=eur(100))
    assert world.svc.check_and_reserve(order("A", "C1", 150)).outcome is Outcome.HELD
    rel = world.svc.release("A", by="m.rossi", reason="guarantee", valid_days=days)
    last = DAY + timedelta(days=days - 1)
    assert (rel.release_date, rel.valid_to) == (DAY, last)
    # the last valid day: checked again, still let through on the release
    world.clock.day = last
    honoured = world.svc.check_and_reserve(order("A", "C1", 150))
    assert honoured.outcome is Outcome.APPROVED_WITH_WARNING
    assert [r.code for r in honoured.reasons] == ["limit_exceeded", "released"]
    assert world.svc.exposure("C1").total() == money(150, "EUR")
    # the first day after: the release has expired, the order is held again
    world.clock.day = last + timedelta(days=1)
    expired = world.svc.check_and_reserve(order("A", "C1", 150))
    assert expired.outcome is Outcome.HELD
    assert [r.code for r in expired.reasons] == ["limit_exceeded"]
    assert world.svc.exposure("C1").total() == money(0, "EUR")
    assert world.store.find_order("A").status is OrderStatus.HELD  # type: ignore[arg-type, union-attr]


@pytest.mark.parametrize("days", [0, -1])
def test_a_release_needs_at_least_one_day_and_changes_nothing(world: World, days: int) -> None:
    world.svc.open_account("C1", "EUR", limit=eur(100))
    world.svc.check_and_reserve(order("A", "C1", 150))
    with pytest.raises(InvalidInput, match=f"valid days must be at least 1: {days}"):
        world.svc.release("A", by="m.rossi", reason="guarantee", valid_days=days)
    assert world.store.find_order("A").status is OrderStatus.HELD  # type: ignore[arg-type, union-attr]
    assert world.svc.exposure("C1").total() == money(0, "EUR")
    assert [e.name for e in world.sink.events] == ["AccountOpened", "CreditChecked"]


def test_only_held_orders_are_released(world: World) -> None:
    world.svc.open_account("C1", "EUR", limit=eur(100))
    world.svc.check_and_reserve(order("A", "C1", 50))
    with pytest.raises(InvalidInput, match="order 'A' is open; only held orders are released"):
        world.svc.release("A", by="x", reason="y", valid_days=1)


def test_cancel_frees_the_reservation(world: World) -> None:
    world.svc.open_account("C1", "EUR", limit=eur(100))
    world.svc.check_and_reserve(order("A", "C1", 80))
    world.svc.cancel("A", reason="customer withdrew")
    assert world.svc.exposure("C1").total() == money(0, "EUR")
    assert isinstance(world.sink.events[-1], ReservationCancelled)
    assert world.svc.check_and_reserve(order("B", "C1", 100)).approved


def test_every_decision_is_emitted(world: World) -> None:
    world.svc.open_account("C1", "EUR", limit=eur(100))
    d = world.svc.check_and_reserve(order("A", "C1", 150))
    assert world.sink.events[1:] == (CreditChecked(d),)


def test_steps_react_as_configured_and_stop_at_reject(make_world: type[World]) -> None:
    rule = CheckRule.of(
        [
            (MaxDocumentValue(money(100, "EUR")), "warn"),
            (BlockedRiskClass(["E"]), "reject"),
            (StaticLimit(), "hold"),
        ]
    )
    w = make_world(rule=rule)
    w.svc.open_account("OK", "EUR", limit=eur(1000))
    w.svc.open_account("BAD", "EUR", limit=eur(1000), risk_class="E")
    d = w.svc.check_and_reserve(order("A", "OK", 200))
    assert d.outcome is Outcome.APPROVED_WITH_WARNING
    assert [(r.code, r.reaction) for r in d.reasons] == [("max_document_value", Reaction.WARN)]
    r = w.svc.check_and_reserve(order("B", "BAD", 5000))
    assert r.outcome is Outcome.REJECTED
    # stopped at the rejecting step: the limit step never ran
    assert [x.code for x in r.reasons] == ["max_document_value", "blocked_risk_class"]
    assert w.store.find_order("B").status is OrderStatus.REJECTED  # type: ignore[arg-type, union-attr]


def test_overdue_steps_read_the_items(make_world: type[World]) -> None:
    rule = CheckRule.of([(OldestOverdue(30), "hold"), (OverdueShare(25), "warn")])
    w = make_world(rule=rule)
    w.book.add_items(
        [
            OpenItem.invoice(
                "I1",
                "C1",
                money(100, "EUR"),
                issue_date=date(2026, 1, 1),
                due_date=date(2026, 1, 20),
            ),
            OpenItem.invoice(
                "I2",
                "C1",
                money(290, "EUR"),
                issue_date=date(2026, 2, 20),
                due_date=date(2026, 3, 20),
            ),
        ]
    )
    w.svc.open_account("C1", "EUR", limit=eur(10_000))
    assert w.svc.exposure("C1").amount("open_receivables") == money(390, "EUR")
    d = w.svc.check_and_reserve(order("A", "C1", 10))
    # oldest overdue 41 days; share 100/390 = 25.6 % -> 25 (rounded down), not above 25
    assert d.outcome is Outcome.HELD
    assert [r.code for r in d.reasons] == ["oldest_overdue"]


def test_overdue_share_rounds_down() -> None:
    f = CreditFacts(money(1000, "EUR"), money("259.99", "EUR"))
    assert f.overdue_share == 25
    assert CreditFacts(money(0, "EUR"), money(5, "EUR")).overdue_share == 0


class Facts:
    def __init__(self, level: int) -> None:
        self.level = level

    def facts(self, customer_id: str, as_of: date) -> CreditFacts:
        return CreditFacts(money(0, "EUR"), money(0, "EUR"), dunning_level=self.level)


def test_dunning_level_from_a_facts_provider() -> None:
    from otccore.adapters.memory import FixedClock, MemoryCredit, MemoryEventSink, MemoryReceivables
    from otccore.credit import CreditService
    from otccore.money import StaticRates

    svc = CreditService(
        MemoryCredit(),
        MemoryReceivables(),
        rates=StaticRates({}),
        events=MemoryEventSink(),
        clock=FixedClock(DAY),
        rule=CheckRule.of([(DunningLevel(2), "reject")]),
        facts=Facts(3),
    )
    svc.open_account("C1", "EUR")
    d = svc.check_and_reserve(order("A", "C1", 1))
    assert d.outcome is Outcome.REJECTED
    assert d.reasons[0].code == "dunning_level"


def test_traffic_light_thresholds(world: World) -> None:
    world.svc.open_account("C1", "EUR", limit=eur(1000))
    assert world.svc.check_and_reserve(order("A", "C1", "799.99")).light is TrafficLight.GREEN
    assert world.svc.status("C1").light is TrafficLight.GREEN
    assert world.svc.check_and_reserve(order("B", "C1", "0.01")).light is TrafficLight.AMBER
    assert world.svc.status("C1").utilisation == Decimal("80.00")


def test_configured_traffic_light_thresholds(make_world: type[World]) -> None:
    lights = TrafficLightPolicy(amber=60, red=90)
    w = make_world(rule=CheckRule.of([(StaticLimit(), "hold")], lights=lights))
    w.svc.open_account("C1", "EUR", limit=eur(1000))
    steps = [
        ("A", "599.99", TrafficLight.GREEN, "60.00"),  # 59.999 %: below amber
        ("B", "0.01", TrafficLight.AMBER, "60.00"),  # exactly 60 %: amber from it
        ("C", "299.99", TrafficLight.AMBER, "90.00"),  # 89.999 %
        ("D", "0.01", TrafficLight.RED, "90.00"),  # exactly 90 %: red from it
    ]
    for oid, amount, light, utilisation in steps:
        d = w.svc.check_and_reserve(order(oid, "C1", amount))
        assert (d.light, d.utilisation) == (light, Decimal(utilisation)), oid
        assert d.outcome is Outcome.APPROVED  # a light informs; the limit decides
    assert w.svc.status("C1").light is TrafficLight.RED
    assert lights.light(exposure_minor=59_999, limit_minor=100_000) is TrafficLight.GREEN
    assert lights.light(exposure_minor=60_000, limit_minor=100_000) is TrafficLight.AMBER
    assert lights.light(exposure_minor=90_000, limit_minor=100_000) is TrafficLight.RED
    assert lights.light(exposure_minor=0, limit_minor=0) is TrafficLight.RED  # a zero limit
    # the default rule keeps 80 / 100
    assert make_world().svc.rule.lights == TrafficLightPolicy(amber=80, red=100)


def test_limit_validity_step_alone(make_world: type[World]) -> None:
    rule = CheckRule.of([(LimitValidity(), "warn")])
    w = make_world(rule=rule)
    w.svc.open_account(
        "C1", "EUR", limit=CreditLimit.of(money(1, "EUR"), valid_from=date(2026, 4, 1))
    )
    assert w.svc.check_and_reserve(order("A", "C1", 5)).outcome is Outcome.APPROVED_WITH_WARNING


class CountingItems:
    """A host's item source with only ``list_items`` (no ItemTotals port)."""

    def __init__(self, items: list[OpenItem]) -> None:
        self.items = items
        self.calls = 0

    def list_items(
        self,
        *,
        customer_id: str | None = None,
        open_only: bool = False,
        currency: str | None = None,
    ) -> list[OpenItem]:
        self.calls += 1
        return [i for i in self.items if i.customer_id == customer_id and i.is_open]


class CountingBook(MemoryReceivables):
    """The memory book, counting item reads."""

    calls = 0

    def list_items(self, **filters: object) -> list[OpenItem]:  # type: ignore[override]
        self.calls += 1
        return super().list_items(**filters)  # type: ignore[arg-type]


OVERDUE_RULE = CheckRule.of(
    [
        (StaticLimit(), "hold"),
        (OldestOverdue(30), "hold"),
        (OverdueShare(25), "warn"),
        (DunningLevel(3), "hold"),
    ]
)


def _overdue_items() -> list[OpenItem]:
    return [
        OpenItem.invoice(
            "I1", "C1", money(100, "EUR"), issue_date=date(2026, 1, 1), due_date=date(2026, 1, 20)
        ),
        OpenItem.invoice(
            "I2", "C1", money(290, "EUR"), issue_date=date(2026, 2, 20), due_date=date(2026, 3, 20)
        ),
        OpenItem.invoice(
            "U1", "C1", money(50, "USD"), issue_date=date(2026, 2, 1), due_date=date(2026, 2, 15)
        ),
        OpenItem.invoice(
            "X", "C2", money(9, "EUR"), issue_date=date(2026, 1, 1), due_date=date(2026, 1, 2)
        ),
    ]


def _service(items: object) -> CreditService:
    return CreditService(
        MemoryCredit(),
        items,  # type: ignore[arg-type]
        rates=StaticRates({("USD", "EUR"): Decimal("0.9")}),
        events=MemoryEventSink(),
        clock=FixedClock(DAY),
        rule=OVERDUE_RULE,
    )


def test_a_check_reads_a_plain_item_source_once_however_many_steps_ask() -> None:
    source = CountingItems(_overdue_items())
    svc = _service(source)
    svc.open_account("C1", "EUR", limit=eur(10_000))
    source.calls = 0
    d = svc.check_and_reserve(order("A", "C1", 10))
    assert source.calls == 1  # three steps read the facts; the source is read once
    assert [r.code for r in d.reasons] == ["oldest_overdue", "overdue_share"]


def test_a_book_with_item_totals_is_not_read_item_by_item() -> None:
    book = CountingBook()
    book.add_items(_overdue_items())
    svc = _service(book)
    svc.open_account("C1", "EUR", limit=eur(10_000))
    book.calls = 0
    fast = svc.check_and_reserve(order("A", "C1", 10))
    assert book.calls == 0
    plain = _service(CountingItems(_overdue_items()))
    plain.open_account("C1", "EUR", limit=eur(10_000))
    slow = plain.check_and_reserve(order("A", "C1", 10))
    # the same facts either way: 41 days, (100 + 45) / 435 = 33 % overdue
    assert fast.outcome is slow.outcome is Outcome.HELD
    assert fast.reasons == slow.reasons
    assert dict(fast.reasons[1].data)["share"] == "33"
