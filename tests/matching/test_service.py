from datetime import date, datetime

import pytest

from otccore.adapters.memory import (
    FixedClock,
    MemoryEventSink,
    MemoryMatchOutcomes,
    MemoryReceivables,
)
from otccore.errors import (
    ConcurrencyConflict,
    ConfigurationError,
    CurrencyMismatch,
    InvalidInput,
    NotFound,
    OverApplication,
    StorageError,
)
from otccore.matching import Band, CashApplication, MatchConfig, ReasonCode
from otccore.money import money
from otccore.receivables import Allocation
from otccore.receivables.events import CashApplied as ItemCashApplied

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


def names(sink):
    """The names of the matching events (the receivables-level item events left out)."""
    return [e.name for e in sink.events if not isinstance(e, ItemCashApplied)]


def app(store, outcomes=None, sink=None):
    return CashApplication(
        store,
        outcomes or MemoryMatchOutcomes(),
        events=sink or MemoryEventSink(),
        clock=FixedClock(AS_OF),
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
    assert names(sink) == ["MatchPosted", "ExceptionRaised", "ExceptionRaised", "ReconciliationRun"]
    assert sink.events[-1].as_dict()["auto_applied"] == 1


def test_running_twice_applies_nothing_twice(book):
    outcomes = MemoryMatchOutcomes()
    app(book, outcomes).run()
    before = book.list_allocations()
    stored = outcomes.list_outcomes()
    sink = MemoryEventSink()
    again = app(book, outcomes, sink).run(as_of=date(2026, 4, 1))
    assert again.applied == ()
    assert book.list_allocations() == before
    # nothing changed, so nothing is re-recorded (the first day stays) or re-announced
    assert outcomes.list_outcomes() == stored
    assert again.recorded == ()
    assert [o.payment_id for o in again.outcomes] == ["P2", "P3"]
    assert [e.name for e in sink.events] == ["ReconciliationRun"]
    assert sink.events[0].as_dict()["exceptions"] == 2


def test_an_event_only_when_the_outcome_changes(book):
    outcomes = MemoryMatchOutcomes()
    app(book, outcomes).run()
    book.add_items([inv("INV-4", 999)])  # P2 (999 from Acme's account) now has its item
    sink = MemoryEventSink()
    report = app(book, outcomes, sink).run()
    assert [m.item_ids for m in report.applied] == [("INV-4",)]
    assert [o.payment_id for o in report.recorded] == ["P2"]
    assert names(sink) == ["MatchPosted", "ReconciliationRun"]
    [p2] = outcomes.list_outcomes(payment_id="P2")
    assert p2.band is Band.AUTO_APPLY


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


class RejectingStore(MemoryReceivables):
    """A store that refuses every posting although nothing changed (a stricter host ledger)."""

    def record_allocations(self, allocations):
        raise OverApplication("item 'INV-1': allocations exceed its open amount")


class RuleStore(MemoryReceivables):
    """A host ledger with a rule of its own that is neither currency nor amount."""

    def record_allocations(self, allocations):
        raise InvalidInput("posting period 2026-03 is closed")


def test_any_other_refusal_is_rejected_not_conflict(acme):
    store = RuleStore()
    store.add_customers([acme])
    store.add_items([inv("INV-1", 100)])
    store.add_payments([pay("P1", 100, references=["INV-1"])])
    report = app(store).run()
    [case] = report.rejected
    assert case.code is ReasonCode.REJECTED
    assert "posting period 2026-03 is closed" in case.explanation
    assert report.conflicts == ()


def test_a_rejected_match_is_not_called_a_conflict(acme):
    store = RejectingStore()
    store.add_customers([acme])
    store.add_items([inv("INV-1", 100)])
    store.add_payments([pay("P1", 100, references=["INV-1"])])
    outcomes, sink = MemoryMatchOutcomes(), MemoryEventSink()
    report = app(store, outcomes, sink).run()
    assert report.applied == () and report.conflicts == ()
    [case] = report.rejected
    assert case.code is ReasonCode.AMOUNT_MISMATCH
    [reason] = case.reasons
    assert dict(reason.data)["cause"] == "rejected"
    assert "rejected" in case.explanation and "meanwhile" not in case.explanation
    assert store.get_item("INV-1").is_open
    [o] = outcomes.list_outcomes()
    assert (o.band, o.code) == (Band.EXCEPTION, ReasonCode.AMOUNT_MISMATCH)
    assert o.matches == case.proposals
    assert [e.name for e in sink.events] == ["ExceptionRaised", "ReconciliationRun"]


class AlwaysStale(MemoryReceivables):
    """A host store whose versioned write loses every race."""

    attempts = 0

    def record_allocations(self, allocations):
        self.attempts += 1
        raise ConcurrencyConflict("allocation ledger version moved on")


def test_a_race_lost_on_every_retry_is_a_conflict(acme):
    store = AlwaysStale()
    store.add_customers([acme])
    store.add_items([inv("INV-1", 100)])
    store.add_payments([pay("P1", 100, references=["INV-1"])])
    outcomes = MemoryMatchOutcomes()
    report = CashApplication(
        store, outcomes, events=MemoryEventSink(), clock=FixedClock(AS_OF), max_retries=2
    ).run()
    assert store.attempts == 3  # the first try and two retries, each from fresh data
    [case] = report.conflicts
    assert case.code is ReasonCode.CONFLICT
    assert dict(case.reasons[0].data)["cause"] == "concurrent_change"
    assert "changed meanwhile" in case.explanation and "3 attempts" in case.explanation
    [o] = outcomes.list_outcomes()
    assert (o.band, o.code) == (Band.EXCEPTION, ReasonCode.CONFLICT)


class CountingStale(AlwaysStale):
    """Counts the whole-book reads a run makes while it loses every race."""

    def __init__(self):
        super().__init__()
        self.reads = {"list_items": 0, "list_customers": 0}

    def list_items(self, **kwargs):
        self.reads["list_items"] += 1
        return super().list_items(**kwargs)

    def list_customers(self, **kwargs):
        self.reads["list_customers"] += 1
        return super().list_customers(**kwargs)


def test_retries_read_the_lost_items_not_the_whole_book_again(acme):
    store = CountingStale()
    store.add_customers([acme])
    store.add_items([inv("INV-1", 100), inv("INV-2", 250)])
    store.add_payments([pay("P1", 100, references=["INV-1"])])
    report = CashApplication(
        store, MemoryMatchOutcomes(), events=MemoryEventSink(), clock=FixedClock(AS_OF),
        max_retries=2,
    ).run()  # fmt: skip
    assert store.attempts == 3 and len(report.conflicts) == 1
    assert store.reads == {"list_items": 1, "list_customers": 1}


def test_max_retries_must_be_a_count():
    with pytest.raises(ConfigurationError, match="max_retries"):
        CashApplication(
            MemoryReceivables(), MemoryMatchOutcomes(), events=MemoryEventSink(),
            clock=FixedClock(AS_OF), max_retries=-1,
        )  # fmt: skip


class ForeignLedger(MemoryReceivables):
    """A host ledger that keeps payment P1 in another currency and says so."""

    def record_allocations(self, allocations):
        if any(a.payment_id == "P1" for a in allocations):
            raise CurrencyMismatch("allocation in EUR for payment 'P1' in CHF")
        super().record_allocations(allocations)


def test_a_store_error_on_one_match_is_its_exception_and_the_run_goes_on(acme):
    store = ForeignLedger()
    store.add_customers([acme])
    store.add_items([inv("INV-1", 100), inv("INV-2", 250)])
    store.add_payments([pay("P1", 100, references=["INV-1"]), pay("P4", 250, references=["INV-2"])])
    outcomes, sink = MemoryMatchOutcomes(), MemoryEventSink()
    report = app(store, outcomes, sink).run()
    assert [m.payment_ids for m in report.applied] == [("P4",)]
    assert not store.get_item("INV-2").is_open and store.get_item("INV-1").is_open
    [case] = report.rejected
    assert (case.payment_id, case.code) == ("P1", ReasonCode.CURRENCY_MISMATCH)
    assert "CHF" in case.explanation
    assert [(o.payment_id, o.band, o.code) for o in outcomes.list_outcomes()] == [
        ("P1", Band.EXCEPTION, ReasonCode.CURRENCY_MISMATCH),
        ("P4", Band.AUTO_APPLY, None),
    ]
    assert names(sink) == ["MatchPosted", "ExceptionRaised", "ReconciliationRun"]


class FailingDisk(MemoryReceivables):
    """The storage fails on the second posting."""

    posts = 0

    def record_allocations(self, allocations):
        self.posts += 1
        if self.posts == 2:
            raise StorageError("disk I/O error")
        super().record_allocations(allocations)


def test_a_storage_failure_stops_the_run_but_keeps_what_was_posted(acme):
    store = FailingDisk()
    store.add_customers([acme])
    store.add_items([inv("INV-1", 100), inv("INV-2", 250)])
    store.add_payments([pay("P1", 100, references=["INV-1"]), pay("P4", 250, references=["INV-2"])])
    outcomes, sink = MemoryMatchOutcomes(), MemoryEventSink()
    with pytest.raises(StorageError, match="disk"):
        app(store, outcomes, sink).run()
    assert [(o.payment_id, o.band) for o in outcomes.list_outcomes()] == [("P1", Band.AUTO_APPLY)]
    assert names(sink) == ["MatchPosted"]
    assert store.get_item("INV-2").is_open


@pytest.mark.parametrize(
    ("kwargs", "error", "text"),
    [
        ({"as_of": datetime(2026, 3, 31, 12, 0)}, InvalidInput, "as_of"),
        ({"payment_ids": "P1"}, InvalidInput, "payment_ids"),
        ({"payment_ids": ["P1", "P404"]}, NotFound, "P404"),
    ],
)
def test_bad_arguments_post_nothing(book, kwargs, error, text):
    outcomes, sink = MemoryMatchOutcomes(), MemoryEventSink()
    with pytest.raises(error, match=text):
        app(book, outcomes, sink).run(**kwargs)
    assert book.list_allocations() == []
    assert outcomes.list_outcomes() == [] and sink.events == ()


def test_bad_data_in_the_book_posts_nothing(book):
    # An item of a customer the book does not know: reconcile refuses the whole
    # run before anything is posted, although P1 alone would match.
    book.add_items([inv("INV-9", 40, customer="C9")])
    outcomes, sink = MemoryMatchOutcomes(), MemoryEventSink()
    with pytest.raises(InvalidInput, match="unknown customer: 'C9'"):
        app(book, outcomes, sink).run()
    assert book.list_allocations() == []
    assert book.get_item("INV-1").is_open
    assert outcomes.list_outcomes() == [] and sink.events == ()


def test_the_config_must_be_a_match_config():
    with pytest.raises(InvalidInput, match="MatchConfig"):
        CashApplication(
            MemoryReceivables(), MemoryMatchOutcomes(), events=MemoryEventSink(),
            clock=FixedClock(AS_OF), config={"auto_apply_score": 90},
        )  # fmt: skip


# -- two runners over one book -------------------------------------------------


@pytest.fixture(params=["memory", "sqlite"])
def runner(request, tmp_path):
    """Each call opens another runner's view (store, outcomes) onto one shared book."""
    if request.param == "memory":
        store, outcomes = MemoryReceivables(), MemoryMatchOutcomes()
        yield lambda: (store, outcomes)
        return
    from otccore.adapters.sqlite import SqliteDatabase, SqliteMatchOutcomes, SqliteReceivables

    opened = []

    def view():
        db = SqliteDatabase(tmp_path / "book.sqlite")  # its own connection, as a process has
        opened.append(db)
        return SqliteReceivables(db), SqliteMatchOutcomes(db)

    yield view
    for db in opened:
        db.close()


class Meanwhile:
    """Delegates to ``inner``, but runs ``other`` once just before ``method`` is first called."""

    def __init__(self, inner, method, other):
        self._inner, self._method, self._other = inner, method, other

    def __getattr__(self, name):
        attr = getattr(self._inner, name)
        if name != self._method or self._other is None:
            return attr

        def hooked(*args, **kwargs):
            other, self._other = self._other, None
            other()
            return attr(*args, **kwargs)

        return hooked


def seed(view, acme, items, payments):
    store, _ = view()
    store.add_customers([acme])
    store.add_items(items)
    store.add_payments(payments)


def test_a_stale_runner_leaves_a_posted_payment_alone(runner, acme):
    seed(runner, acme, [inv("INV-1", 100), inv("INV-2", 250)],
         [pay("P1", 100, references=["INV-1"])])  # fmt: skip
    store_a, outcomes_a = runner()
    store_b, outcomes_b = runner()
    first = {}
    # B has loaded the book and decided when A runs from start to end and posts P1.
    racing = Meanwhile(store_b, "record_allocations",
                       lambda: first.update(report=app(store_a, outcomes_a).run()))  # fmt: skip
    sink = MemoryEventSink()
    late = app(racing, outcomes_b, sink).run()
    assert [m.payment_ids for m in first["report"].applied] == [("P1",)]
    assert late.applied == () and late.conflicts == () and late.rejected == ()
    assert late.already_posted == ("P1",)
    [o] = outcomes_b.list_outcomes()
    assert (o.payment_id, o.band, o.code) == ("P1", Band.AUTO_APPLY, None)
    assert len(store_b.list_allocations(payment_id="P1")) == 1
    assert [e.name for e in sink.events] == ["ReconciliationRun"]


def test_a_runner_that_lost_an_item_decides_again_from_fresh_data(runner, acme):
    seed(runner, acme, [inv("INV-1", 100), inv("INV-2", 250)],
         [pay("P1", 100, references=["INV-1"]), pay("P2", 100, payer_account=ACCOUNT)])  # fmt: skip
    store_a, outcomes_a = runner()
    store_b, outcomes_b = runner()
    # B sees INV-1 as the only 100.00 of Acme and takes it for P2; A posts P1 to it first.
    racing = Meanwhile(store_b, "record_allocations",
                       lambda: app(store_a, outcomes_a).run(payment_ids=["P1"]))  # fmt: skip
    late = app(racing, outcomes_b).run(payment_ids=["P2"])
    assert late.result.auto_applied[0].item_ids == ("INV-1",)  # what B first decided
    assert late.applied == () and late.conflicts == ()
    assert late.rejected == ()  # a lost race, not a refusal of the match
    [o] = outcomes_b.list_outcomes(payment_id="P2")
    assert o.band is Band.EXCEPTION
    assert o.code is not ReasonCode.CONFLICT  # a decision on today's book, not a shrug
    # On today's book only INV-2 (250.00) is open: 100.00 does not fit it.
    assert o.code is ReasonCode.AMOUNT_MISMATCH
    assert "rejected" not in o.explanation
    reasons = [r for case in late.rejected + late.conflicts for r in case.reasons]
    reasons += [r for out in late.outcomes for m in out.matches for r in m.reasons]
    assert not [r for r in reasons if dict(r.data).get("cause") == "rejected"]
    assert [a.payment_id for a in store_b.list_allocations(item_id="INV-1")] == ["P1"]


def test_a_stale_suggestion_never_replaces_a_posting(runner, acme):
    seed(runner, acme, [inv("INV-1", 100)], [pay("P1", 100, references=["INV-1"])])
    store_a, outcomes_a = runner()
    store_b, outcomes_b = runner()
    # B is stricter and only suggests P1; A posts it while B is about to record.
    racing = Meanwhile(outcomes_b, "record_outcomes",
                       lambda: app(store_a, outcomes_a).run())  # fmt: skip
    sink = MemoryEventSink()
    strict = MatchConfig(auto_apply_score=100)
    late = CashApplication(
        store_b, racing, events=sink, clock=FixedClock(AS_OF), config=strict
    ).run()
    assert late.result.suggestions[0].payment_ids == ("P1",)
    assert late.already_posted == ("P1",)
    [o] = outcomes_b.list_outcomes()
    assert (o.payment_id, o.band) == ("P1", Band.AUTO_APPLY)
    assert "MatchSuggested" not in [e.name for e in sink.events]


def test_events_and_clock_by_position_still_work_and_warn(book):
    sink = MemoryEventSink()
    with pytest.warns(DeprecationWarning, match="pass events, clock by keyword"):
        old = CashApplication(book, MemoryMatchOutcomes(), sink, FixedClock(AS_OF), max_retries=1)
    assert (old.events, old.clock.today(), old.max_retries) == (sink, AS_OF, 1)
    assert [m.item_ids for m in old.run().applied] == [("INV-1",)]
