"""Shared builders for the credit tests."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from otccore.adapters.memory import MemoryCredit, MemoryEventSink, MemoryReceivables
from otccore.credit import CheckRule, CreditService, Order
from otccore.money import StaticRates, money

DAY = date(2026, 3, 2)
RATES = StaticRates({("USD", "EUR"): Decimal("0.9")})


def order(oid: str, cid: str, amount: str | int, currency: str = "EUR", **kw: object) -> Order:
    return Order.create(oid, cid, money(amount, currency), order_date=DAY, **kw)  # type: ignore[arg-type]


class MovableClock:
    """A clock a test can move forward (``clock.day = ...``)."""

    def __init__(self, day: date) -> None:
        self.day = day

    def today(self) -> date:
        return self.day


class World:
    def __init__(self, rule: CheckRule | None = None, rates: StaticRates = RATES) -> None:
        self.store = MemoryCredit()
        self.book = MemoryReceivables()
        self.sink = MemoryEventSink()
        self.clock = MovableClock(DAY)
        self.svc = CreditService(
            self.store, self.book, rates=rates, events=self.sink, clock=self.clock, rule=rule
        )


@pytest.fixture
def world() -> World:
    return World()


@pytest.fixture
def make_world() -> type[World]:
    return World
