"""CashApplication emits receivables-level CashApplied events for the items it posts to."""

from collections import defaultdict

from hypothesis import given, settings
from hypothesis import strategies as st

from otccore.adapters.memory import (
    FixedClock,
    MemoryEventSink,
    MemoryMatchOutcomes,
    MemoryReceivables,
)
from otccore.matching import CashApplication
from otccore.money import money, to_minor
from otccore.receivables.events import CashApplied
from otccore.testing.scenarios import Noise, generate_scenario

from .conftest import AS_OF, inv, pay


def _run(store, sink):
    return CashApplication(store, MemoryMatchOutcomes(), events=sink, clock=FixedClock(AS_OF)).run()


def test_a_posted_match_announces_each_item_before_and_after(acme):
    store = MemoryReceivables()
    store.add_customers([acme])
    store.add_items([inv("INV-1", 100), inv("INV-2", 250), inv("INV-3", 40)])
    # one payment for two items (reference), two payments for one item (split)
    store.add_payments(
        [
            pay("P1", 350, references=["INV-1", "INV-2"]),
            pay("P2", 15, references=["INV-3"]),
            pay("P3", 25, references=["INV-3"]),
        ]
    )
    sink = MemoryEventSink()
    report = _run(store, sink)
    assert len(report.applied) == 2
    items = [e for e in sink.events if isinstance(e, CashApplied)]
    assert [(e.after.id, e.payment_id, e.before.open, e.after.open) for e in items] == [
        ("INV-1", "P1", money(100, "EUR"), money(0, "EUR")),
        ("INV-2", "P1", money(250, "EUR"), money(0, "EUR")),
        ("INV-3", "P2", money(40, "EUR"), money(25, "EUR")),
        ("INV-3", "P3", money(25, "EUR"), money(0, "EUR")),
    ]
    assert all(e.after == store.get_item(e.after.id) for e in items if not e.after.is_open)
    assert [e.applied for e in items][-1] == money(25, "EUR")


def test_suggestions_and_exceptions_announce_no_item(acme):
    store = MemoryReceivables()
    store.add_customers([acme])
    store.add_items([inv("INV-1", 100), inv("INV-2", 100)])
    store.add_payments([pay("P1", 100, payer_account=acme.bank_accounts[0]), pay("P9", 7)])
    sink = MemoryEventSink()
    report = _run(store, sink)
    assert report.applied == ()
    assert not [e for e in sink.events if isinstance(e, CashApplied)]


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 10_000), size=st.integers(1, 40))
def test_applied_per_item_is_what_was_posted_and_a_rerun_announces_nothing(seed, size):
    sc = generate_scenario(payments=size, seed=seed, noise=Noise.heavy())
    store = MemoryReceivables()
    store.add_customers(sc.customers)
    store.add_items(sc.items)
    store.add_payments(sc.payments)
    sink = MemoryEventSink()
    app = CashApplication(store, MemoryMatchOutcomes(), events=sink, clock=FixedClock(sc.as_of))
    app.run()
    announced: dict[str, int] = defaultdict(int)
    for e in sink.events:
        if isinstance(e, CashApplied):
            assert e.before.id == e.after.id
            announced[e.after.id] += to_minor(e.applied)
    posted: dict[str, int] = defaultdict(int)
    for a in store.list_allocations():
        if a.item_id is not None and a.kind.settles_item:
            posted[a.item_id] += to_minor(a.amount)
    assert dict(announced) == dict(posted)
    for iid, units in posted.items():
        original = next(i for i in sc.items if i.id == iid)
        assert to_minor(original.open) - units == to_minor(store.get_item(iid).open)
    again = MemoryEventSink()
    app.events = again
    app.run()
    assert not [e for e in again.events if isinstance(e, CashApplied)]


def test_each_event_name_belongs_to_one_class(acme):
    """One sink receives matching's and receivables' events: a name says which class."""
    store = MemoryReceivables()
    store.add_customers([acme])
    store.add_items([inv("INV-1", 100), inv("INV-2", 100), inv("INV-3", 100)])
    store.add_payments(
        [
            pay("P1", 100, references=["INV-1"]),
            pay("P2", 100, payer_account=acme.bank_accounts[0]),
            pay("P9", 7),
        ]
    )
    sink = MemoryEventSink()
    _run(store, sink)
    classes: dict[str, set[type]] = defaultdict(set)
    for e in sink.events:
        classes[e.name].add(type(e))
    assert {name: len(kinds) for name, kinds in classes.items()} == dict.fromkeys(classes, 1)
    assert {"MatchPosted", "CashApplied", "MatchSuggested", "ExceptionRaised"} <= set(classes)
    assert classes["CashApplied"] == {CashApplied}
