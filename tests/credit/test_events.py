"""Every change to an account that matters for audit is an event (docs/credit/rules.md)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import pytest

from otccore.credit import (
    AccountOpened,
    CreditLimit,
    LimitChanged,
    LimitRule,
    RiskClass,
    RiskPolicy,
    Score,
    propose_limit,
)
from otccore.errors import DuplicateId, InvalidInput, NotFound
from otccore.money import money
from otccore.receivables import OpenItem

if TYPE_CHECKING:
    from conftest import World  # type only: tests/credit/conftest.py

DAY = date(2026, 3, 2)


def test_opening_an_account_is_an_event_with_its_starting_exposure(world: World) -> None:
    world.book.add_items(
        [OpenItem.invoice("I1", "C1", money(40, "EUR"), issue_date=DAY, due_date=date(2026, 4, 1))]
    )
    world.svc.open_account("P", "EUR", limit=CreditLimit.of(money(1000, "EUR")))
    acc = world.svc.open_account("C1", "EUR", parent_id="P", risk_class="B")
    opened = [e for e in world.sink.events if isinstance(e, AccountOpened)]
    assert [e.customer_id for e in opened] == ["P", "C1"]
    assert opened[1].account == acc == world.svc.account("C1")
    assert opened[1].account.exposure.total() == money(40, "EUR")
    assert opened[1].account.parent_id == "P"


def test_a_refused_opening_emits_nothing(world: World) -> None:
    world.svc.open_account("C1", "EUR")
    with pytest.raises(DuplicateId):
        world.svc.open_account("C1", "EUR")
    with pytest.raises(NotFound):
        world.svc.open_account("C2", "EUR", parent_id="P9")
    assert [e.name for e in world.sink.events] == ["AccountOpened"]


def test_setting_a_limit_is_an_event_with_before_and_after(world: World) -> None:
    world.svc.open_account("C1", "EUR", limit=CreditLimit.of(money(100, "EUR")))
    new = CreditLimit.of(money(250, "EUR"), valid_to=date(2026, 12, 31))
    after = world.svc.set_limit("C1", new, risk_class="A", review_date=date(2026, 9, 1))
    event = world.sink.events[-1]
    assert isinstance(event, LimitChanged)
    assert event.customer_id == "C1"
    assert event.limit_before == CreditLimit.of(money(100, "EUR"))
    assert event.limit_after == new
    assert (event.before.version, event.after.version) == (1, 2)
    assert event.after == after == world.svc.account("C1")
    assert (event.before.risk_class, event.after.risk_class) == (None, "A")
    assert event.after.review_date == date(2026, 9, 1)
    assert event.proposal is None


def test_a_refused_limit_change_emits_nothing(world: World) -> None:
    world.svc.open_account("C1", "EUR")
    with pytest.raises(NotFound, match="GHOST"):
        world.svc.set_limit("GHOST", CreditLimit.of(money(1, "EUR")))
    with pytest.raises(InvalidInput, match="not a CreditLimit"):
        world.svc.set_limit("C1", money(1, "EUR"))  # type: ignore[arg-type]
    assert [e.name for e in world.sink.events] == ["AccountOpened"]
    assert world.svc.account("C1").version == 1


def test_applying_a_proposal_is_one_event_carrying_the_proposal(world: World) -> None:
    world.svc.open_account("C1", "EUR")
    policy = RiskPolicy.of(
        "EUR",
        [
            RiskClass.of(
                "B", low=0, high=100, level="medium", rule=LimitRule.of(cap=money(5000, "EUR"))
            )
        ],
    )
    proposal = propose_limit(policy, Score(Decimal(60), DAY), as_of=DAY)
    world.svc.apply_proposal("C1", proposal)
    changes = [e for e in world.sink.events if isinstance(e, LimitChanged)]
    assert len(changes) == 1
    assert changes[0].proposal == proposal
    assert changes[0].limit_after == proposal.to_limit()
    assert changes[0].after.risk_class == "B"
    assert changes[0].after.review_date == date(2026, 6, 2)


def test_a_limit_change_is_for_one_account() -> None:
    from otccore.credit import CreditAccount

    a = CreditAccount.open("A", "EUR").next_version()
    b = CreditAccount.open("B", "EUR").next_version()
    with pytest.raises(InvalidInput, match="one account"):
        LimitChanged(a, b)


def test_recompute_exposure_as_of_a_date(world: World) -> None:
    from datetime import timedelta

    from otccore.credit import Order

    world.book.add_items(
        [
            OpenItem.invoice(
                "I1", "C1", money(100, "EUR"), issue_date=date(2026, 2, 1), due_date=DAY
            ),
            OpenItem.invoice(
                "I2", "C1", money(30, "EUR"), issue_date=DAY, due_date=date(2026, 4, 1)
            ),
        ]
    )
    world.svc.open_account("P", "EUR")
    world.svc.open_account("C1", "EUR", parent_id="P")
    later = DAY + timedelta(days=3)
    world.svc.check_and_reserve(Order.create("SO-1", "C1", money(7, "EUR"), order_date=DAY))
    world.svc.check_and_reserve(Order.create("SO-2", "C1", money(9, "EUR"), order_date=later))
    assert world.svc.recompute_exposure("P") == world.svc.exposure("P")
    assert world.svc.recompute_exposure("P", as_of=None) == world.svc.exposure("P")
    before = world.svc.recompute_exposure("P", as_of=date(2026, 3, 1))
    assert before.amount("open_receivables") == money(100, "EUR")
    assert before.amount("open_orders") == money(0, "EUR")
    on_day = world.svc.recompute_exposure("C1", as_of=DAY)
    assert on_day.amount("open_receivables") == money(130, "EUR")
    assert on_day.amount("open_orders") == money(7, "EUR")
    assert world.svc.recompute_exposure("C1", as_of=later) == world.svc.exposure("C1")
    with pytest.raises(InvalidInput, match="as of"):
        world.svc.recompute_exposure("C1", as_of="2026-03-02")  # type: ignore[arg-type]
