from datetime import date

import pytest

from otccore.adapters.memory import (
    FixedClock,
    MemoryEventSink,
    MemoryMatchOutcomes,
    MemoryReceivables,
)
from otccore.errors import OverApplication
from otccore.matching import Band, CashApplication, ReasonCode
from otccore.money import money
from otccore.receivables import Allocation

from .conftest import ACCOUNT, AS_OF, inv, pay


@pytest.fixture
def book(acme):
    store = MemoryReceivables()
    store.add_customers([acme])
    store.add_items([inv("INV-1", 100), inv("INV-2", 250), inv("INV-3", 300)])
    store.add_payments(
        [
            pay("P1", 100, references=["INV-1"]),
            pay("P2", 999, payer_account=ACCOUNT),
            pay("P3", 5),
        ]
    )
    return store


def app(store, outcomes=None, sink=None):
    return CashApplication(
        store, outcomes or MemoryMatchOutcomes(), sink or MemoryEventSink(), FixedClock(AS_OF)
    )


def test_posts_records_and_emits(book):
    outcomes, sink = MemoryMatchOutcomes(), MemoryEventSink()
    report = app(book, outcomes, sink).run()
    assert [m.item_ids for m in report.applied] == [("INV-1",)]
    assert not book.get_item("INV-1").is_open
    assert book.unapplied("P1") == money(0, "EUR")
    assert [(o.payment_id, o.band) for o in outcomes.list_outcomes()] == [
        ("P1", Band.AUTO_APPLY),
        ("P2", Band.EXCEPTION),
        ("P3", Band.EXCEPTION),
    ]
    names = [e.name for e in sink.events]
    assert names == ["CashApplied", "ExceptionRaised", "ExceptionRaised", "ReconciliationRun"]
    assert sink.events[-1].as_dict()["auto_applied"] == 1


def test_running_twice_applies_nothing_twice(book):
    outcomes = MemoryMatchOutcomes()
    app(book, outcomes).run()
    before = book.list_allocations()
    again = app(book, outcomes).run()
    assert again.applied == ()
    assert book.list_allocations() == before
    assert len(outcomes.list_outcomes()) == 3


def test_partially_applied_payment_uses_the_cash_left(acme):
    store = MemoryReceivables()
    store.add_customers([acme])
    store.add_items([inv("INV-1", 100), inv("INV-2", 60)])
    store.add_payments([pay("P1", 160, references=["INV-1", "INV-2"])])
    store.record_allocations(
        [Allocation.create("applied", money(100, "EUR"), payment_id="P1", item_id="INV-1")]
    )
    report = app(store).run()
    [m] = report.applied
    assert m.item_ids == ("INV-2",)
    assert store.unapplied("P1") == money(0, "EUR")


def test_only_the_payments_asked_for(book):
    report = app(book).run(payment_ids=["P3"], as_of=date(2026, 4, 1))
    assert report.applied == ()
    assert [e.payment_id for e in report.result.exceptions] == ["P3"]


class RacingStore(MemoryReceivables):
    """Someone else settles the item between loading and posting."""

    def record_allocations(self, allocations):
        raise OverApplication("item 'INV-1': allocations exceed its open amount")


def test_a_lost_race_is_a_conflict_and_posts_nothing(acme):
    store = RacingStore()
    store.add_customers([acme])
    store.add_items([inv("INV-1", 100)])
    store.add_payments([pay("P1", 100, references=["INV-1"])])
    outcomes, sink = MemoryMatchOutcomes(), MemoryEventSink()
    report = app(store, outcomes, sink).run()
    assert report.applied == ()
    assert [c.code for c in report.conflicts] == [ReasonCode.CONFLICT]
    assert store.get_item("INV-1").is_open
    [o] = outcomes.list_outcomes()
    assert (o.band, o.code) == (Band.EXCEPTION, ReasonCode.CONFLICT)
    assert "CashApplied" not in [e.name for e in sink.events]
