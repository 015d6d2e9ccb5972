"""The cash-application use case over the ports: load, reconcile, post, record, emit.

:class:`CashApplication` loads the unapplied payments (with the cash they have
left), the open items and the customers through the receivables ports, calls
:func:`~otccore.matching.reconcile`, posts each auto-apply match atomically with
``record_allocations``, stores one :class:`~otccore.matching.PaymentOutcome` per
payment and emits events. Running it twice posts nothing twice: a posted payment
has no cash left and is not loaded again.

What a run does when the book moves or the store says no:

- **Bad input changes nothing.** An unknown payment id, an item of an unknown
  customer, duplicate ids or a bad ``as_of`` raise an :mod:`otccore.errors`
  exception before anything is posted, recorded or emitted.
- **A lost race is decided again.** When a posting fails because another writer
  changed the payment or one of its items since the run loaded them (the store
  raised :class:`~otccore.errors.ConcurrencyConflict`, or over-application or
  ``NotFound`` against a book that is no longer as loaded), the run reloads the
  payment and the items of the lost match (the rest of the book it loaded stays,
  with this run's own postings applied) and reconciles that payment again, at most
  ``max_retries`` times. A payment someone else posted meanwhile is left alone
  (``RunReport.already_posted``); one that keeps losing becomes an exception
  with the ``conflict`` code and the reason "the book changed meanwhile".
- **A rejected match is not a conflict.** When the store refuses a match
  although nothing changed (a host ledger's own rule, a currency mismatch), the
  match becomes an exception with the store's message — ``currency_mismatch``
  for a :class:`~otccore.errors.CurrencyMismatch`, ``amount_mismatch`` for an
  over-application, ``conflict`` otherwise, each with the reason data
  ``cause=rejected`` — and the run goes on with the other matches.
- **A storage failure stops the run.** A
  :class:`~otccore.errors.StorageError` (or any error that is not a verdict on
  the match) propagates; the matches posted before it stay posted (each posting
  is atomic on its own) and their outcomes are recorded first.
- **A posted outcome is final.** A run never replaces a payment's auto-apply
  outcome with a suggestion or an exception decided from older data; the
  :class:`~otccore.matching.MatchOutcomeStore` enforces the same rule atomically.
- **Events announce changes.** ``MatchPosted`` for every posting, followed by
  one receivables-level :class:`otccore.receivables.events.CashApplied` per item
  (and payment) the posting changed — the item before and after, sorted by item
  id then payment id — which credit and collections consume; nothing for a
  posting that lost a race or was refused, nothing for a suggestion.
  ``MatchSuggested`` and ``ExceptionRaised`` only when a payment's outcome is new
  or differs from the stored one (band, code, matches, explanation). An
  unchanged outcome is not rewritten, so its ``as_of`` is the day it was first
  reached. ``ReconciliationRun`` closes every run.

The example of :class:`CashApplication` shows a run; :meth:`CashApplication.run`
shows the events.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import attrs

from otccore import _kernel
from otccore._tabular import TableMixin
from otccore.errors import (
    ConcurrencyConflict,
    ConfigurationError,
    CurrencyMismatch,
    InvalidInput,
    NotFound,
    OtcError,
    OverApplication,
)
from otccore.matching.config import MatchConfig
from otccore.matching.events import (  # re-exported: they were defined here
    ExceptionRaised,
    MatchPosted,
    MatchSuggested,
    ReconciliationRun,
)
from otccore.matching.pipeline import reconcile
from otccore.matching.ports import MatchOutcomeStore, PaymentOutcome
from otccore.matching.result import (
    Band,
    ExceptionCase,
    Match,
    ReasonCode,
    ReconciliationResult,
)
from otccore.money import from_minor, sum_money, to_minor
from otccore.ports import Clock, EventSink
from otccore.reasons import Reason
from otccore.receivables import (
    Customer,
    ItemId,
    OpenItem,
    Payment,
    PaymentId,
    ReceivablesStore,
    apply_allocations,
)
from otccore.receivables.events import CashApplied as ItemCashApplied

__all__ = [
    "CashApplication",
    "ExceptionRaised",
    "MatchPosted",
    "MatchSuggested",
    "ReconciliationRun",
    "RunReport",
]


@attrs.frozen
class RunReport(TableMixin):
    """What one :meth:`CashApplication.run` did.

    Attributes:
        result: the reconciliation the run started from (its first decision, on
            the book as loaded).
        applied: the matches actually posted, including those decided again
            after a lost race.
        conflicts: auto-apply matches not posted because other writers kept
            changing the book through every retry (code ``conflict``).
        outcomes: the current outcome of every payment the run decided, sorted by
            payment id: what it recorded, or the stored outcome it left unchanged.
        rejected: auto-apply matches the store refused as invalid although the
            book had not changed (for example a host ledger's currency rule); each
            is an exception case with the store's message, and the run went on.
        recorded: the outcomes written because they are new or changed; exactly
            these were announced with an event.
        already_posted: payments another writer posted while this run was
            deciding; their posted outcome was left as it is.

    Example:
        >>> from datetime import date
        >>> from otccore.matching import Band, PaymentOutcome, ReasonCode, RunReport, reconcile
        >>> queue = (PaymentOutcome("P1", Band.EXCEPTION, ReasonCode.NO_PAYER, (), "no payer",
        ...                         date(2026, 1, 2)),)
        >>> report = RunReport(reconcile([], [], as_of=date(2026, 1, 2)), (), (), queue)
        >>> [(r["payment_id"], r["band"], r["code"]) for r in report.to_records()]
        [('P1', 'exception', 'no_payer')]
    """

    result: ReconciliationResult
    applied: tuple[Match, ...]
    conflicts: tuple[ExceptionCase, ...]
    outcomes: tuple[PaymentOutcome, ...]
    rejected: tuple[ExceptionCase, ...] = ()
    recorded: tuple[PaymentOutcome, ...] = ()
    already_posted: tuple[PaymentId, ...] = ()

    def to_records(self) -> list[dict[str, object]]:
        """The queue after the run: one row per outcome (:meth:`PaymentOutcome.to_record
        <otccore.matching.PaymentOutcome.to_record>`), sorted by payment id.

        The posted matches are :attr:`applied`; their allocations as rows are
        ``report.result.allocation_rows()`` for the first decision.
        """
        return [o.to_record() for o in self.outcomes]


class CashApplication:
    """Cash application over a :class:`~otccore.receivables.ReceivablesStore`.

    Works with any store that keeps the receivables port contract (memory,
    SQLite, a host's own). Like every service, it takes its stores by position
    and its ports (``events``, ``clock``) by keyword; passing ``events, clock``
    by position still works, with a ``DeprecationWarning``.

    Args:
        store: the receivables book: payments, open items, customers, allocations.
        outcomes: where each payment's latest outcome is kept (the work queue).
        events: the host's event sink (see the module docstring for what is sent).
        clock: the business date of a run without ``as_of``.
        config: thresholds and weights of :func:`~otccore.matching.reconcile`.
        aliases: payer-name aliases (text to customer id), as for ``reconcile``.
        max_retries: how often one run decides a payment again after losing a
            race for it (see the module docstring).

    Example:
        >>> from datetime import date
        >>> from otccore.matching import CashApplication
        >>> from otccore.adapters.memory import (FixedClock, MemoryEventSink,
        ...     MemoryMatchOutcomes, MemoryReceivables)
        >>> app = CashApplication(MemoryReceivables(), MemoryMatchOutcomes(),
        ...                       events=MemoryEventSink(), clock=FixedClock(date(2026, 1, 2)),
        ...                       max_retries=5)
        >>> app.run().result.summary().payments
        0
    """

    @_kernel.keyword_only
    def __init__(
        self,
        store: ReceivablesStore,
        outcomes: MatchOutcomeStore,
        *,
        events: EventSink,
        clock: Clock,
        config: MatchConfig = MatchConfig(),  # noqa: B008 - frozen value
        aliases: Mapping[str, str] | None = None,
        max_retries: int = 3,
    ) -> None:
        if not isinstance(config, MatchConfig):
            raise InvalidInput(f"config must be a MatchConfig: {config!r}")
        if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
            raise ConfigurationError(f"max_retries must be an int of 0 or more: {max_retries!r}")
        self.store = store
        self.outcomes = outcomes
        self.events = events
        self.clock = clock
        self.config = config
        self.aliases = dict(aliases or {})
        self.max_retries = max_retries

    def run(
        self, *, payment_ids: Iterable[str] | None = None, as_of: date | None = None
    ) -> RunReport:
        """Reconcile the unapplied payments (all, or those in ``payment_ids``) and post.

        Bad arguments or bad data in the book (an unknown payment id, an item of
        an unknown customer, duplicate ids …) raise an :mod:`otccore.errors`
        exception before anything is posted or recorded.

        Example:
            >>> from datetime import date
            >>> from otccore.matching import CashApplication
            >>> from otccore.adapters.memory import (FixedClock, MemoryEventSink,
            ...     MemoryMatchOutcomes, MemoryReceivables)
            >>> from otccore.money import money
            >>> from otccore.receivables import OpenItem, Payment
            >>> book = MemoryReceivables()
            >>> book.add_items([OpenItem.invoice("INV-1", "C1", money(100, "EUR"),
            ...                 issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31))])
            >>> book.add_payments([
            ...     Payment.create("P1", money(100, "EUR"), value_date=date(2026, 1, 20),
            ...                    references=["INV-1"]),
            ...     Payment.create("P2", money(5, "EUR"), value_date=date(2026, 1, 20))])
            >>> sink = MemoryEventSink()
            >>> app = CashApplication(book, MemoryMatchOutcomes(), events=sink,
            ...                       clock=FixedClock(date(2026, 1, 20)))
            >>> report = app.run(payment_ids=["P1"])
            >>> [m.item_ids for m in report.applied]
            [('INV-1',)]
            >>> [(type(e).__module__, e.name) for e in sink.events]  # doctest: +NORMALIZE_WHITESPACE
            [('otccore.matching.events', 'MatchPosted'),
             ('otccore.receivables.events', 'CashApplied'),
             ('otccore.matching.events', 'ReconciliationRun')]
            >>> item_event = sink.events[1]
            >>> item_event.payment_id, item_event.before.open, item_event.after.open
            ('P1', Money('100.00', 'EUR'), Money('0.00', 'EUR'))
            >>> again = app.run(payment_ids=["P1"])   # posted once: nothing left to post
            >>> again.applied, again.recorded          # and the unchanged outcome is not rewritten
            ((), ())
            >>> app.run(payment_ids=["P404"])
            Traceback (most recent call last):
            ...
            otccore.errors.NotFound: no payment with id 'P404'
        """
        day = self._day(as_of)
        payments = self._load(self._wanted(payment_ids))
        items = self.store.list_items(open_only=True)
        # Customers do not change within a run: loaded once, for every decision.
        customers = self.store.list_customers()
        first = self._reconcile(payments, items, customers, day)
        run = _Run(
            {p.id: to_minor(p.amount) for p in payments}, {i.id: i for i in items}, customers
        )
        try:
            self._post_until_settled(first, run, day)
        except BaseException as exc:
            # Not a verdict on a match (a storage failure, a bug): stop, but let the
            # queue show what this run did post before it stopped.
            posted = [o for o in run.decided.values() if o.band is Band.AUTO_APPLY]
            try:
                self._record(posted, run)
            except Exception as again:  # pragma: no cover - the store failed twice
                exc.add_note(f"recording the outcomes of the posted matches failed too: {again}")
            raise
        recorded = self._record(list(run.decided.values()), run)
        for o in recorded:
            if o.band is Band.SUGGEST:
                self.events.emit(MatchSuggested(o.payment_id, tuple(m.item_ids for m in o.matches)))
            elif o.band is Band.EXCEPTION:
                self.events.emit(
                    ExceptionRaised(o.payment_id, code=str(o.code), explanation=o.explanation)
                )
        outcomes = sorted(run.current.values(), key=lambda o: o.payment_id)
        bands = [o.band for o in outcomes]
        self.events.emit(
            ReconciliationRun(
                day,
                payments=len(outcomes) + len(run.already_posted),
                auto_applied=len(run.applied),
                suggested=bands.count(Band.SUGGEST),
                exceptions=bands.count(Band.EXCEPTION),
                conflicts=len(run.conflicts),
            )
        )
        return RunReport(
            first,
            tuple(run.applied),
            tuple(run.conflicts),
            tuple(outcomes),
            rejected=tuple(run.rejected),
            recorded=tuple(recorded),
            already_posted=tuple(sorted(run.already_posted)),
        )

    # loading ------------------------------------------------------------------
    def _day(self, as_of: date | None) -> date:
        if as_of is None:
            return self.clock.today()
        return _kernel.day(as_of, "as_of")

    def _wanted(self, payment_ids: Iterable[str] | None) -> list[Payment] | None:
        """The payments asked for, sorted by id (``None``: all); ``NotFound`` for an unknown id."""
        if payment_ids is None:
            return None
        if isinstance(payment_ids, str | bytes):
            raise InvalidInput(f"payment_ids must be a collection of ids, not {payment_ids!r}")
        # NotFound before anything happens
        return [self.store.get_payment(PaymentId(pid)) for pid in sorted(set(payment_ids))]

    def _load(self, wanted: list[Payment] | None) -> list[Payment]:
        """The payments with cash left, each with its amount cut down to that cash."""
        if wanted is None:
            wanted = self.store.list_payments(unapplied_only=True)
        return [p for p in map(self._cash_left, wanted) if p is not None]

    def _cash_left(self, p: Payment) -> Payment | None:
        """``p`` with its amount cut down to the cash it has left; ``None`` when none is."""
        left = self.store.unapplied(p.id)
        if to_minor(left) <= 0:
            return None
        return p if left == p.amount else attrs.evolve(p, amount=left)

    def _reconcile(
        self, payments: list[Payment], items: list[OpenItem], customers: list[Customer], day: date
    ) -> ReconciliationResult:
        return reconcile(
            payments,
            items,
            customers=customers,
            config=self.config,
            as_of=day,
            aliases=self.aliases or None,
        )

    # posting ------------------------------------------------------------------
    def _post_until_settled(self, result: ReconciliationResult, run: _Run, day: date) -> None:
        """Post ``result``; decide the payments of lost races again, at most max_retries times."""
        for attempt in range(1, self.max_retries + 2):
            for o in PaymentOutcome.from_result(result, day):
                if o.band is not Band.AUTO_APPLY:
                    run.decided[o.payment_id] = o
            lost: dict[PaymentId, tuple[Match, OtcError]] = {}
            for m in result.auto_applied:
                exc = self._post(m, run)
                if exc is None:
                    run.applied.append(m)
                    for pid in m.payment_ids:
                        run.decided[pid] = PaymentOutcome.posted(m, pid, day)
                # _book_moved first: it reads the match's items again for a retry,
                # also when the store itself said the race was lost.
                elif self._book_moved(m, run) or isinstance(exc, ConcurrencyConflict):
                    lost.update((pid, (m, exc)) for pid in m.payment_ids)
                else:
                    case = _rejected(m, exc)
                    run.rejected.append(case)
                    for pid in m.payment_ids:
                        run.decided[pid] = PaymentOutcome.exception(case, day, payment_id=pid)
            fresh = self._still_open(lost, run)
            if not fresh:
                return
            if attempt > self.max_retries:
                for pid in sorted(fresh):
                    m, exc = lost[pid]
                    case = _conflict(m, PaymentId(pid), exc, attempt)
                    run.conflicts.append(case)
                    run.decided[PaymentId(pid)] = PaymentOutcome.exception(case, day)
                return
            # Only the items of the lost matches were read again (by _book_moved);
            # the rest of the book is as loaded, with this run's postings applied.
            run.reload(fresh)
            items = sorted(run.items.values(), key=lambda i: i.id)
            result = self._reconcile(list(fresh.values()), items, run.customers, day)

    def _post(self, m: Match, run: _Run) -> OtcError | None:
        """Post ``m``; ``None`` when posted, else the store's verdict on it.

        A :class:`~otccore.errors.ConcurrencyConflict` is a lost race. Over-application,
        an unknown item … means either the book moved under us (a race: decide
        again) or the store refuses the match as such: the caller asks
        ``_book_moved``.
        """
        try:
            self.store.record_allocations(m.allocations)
        except (ConcurrencyConflict, InvalidInput, NotFound) as exc:
            return exc
        run.posted(m)
        cash = sum_money(
            (a.amount for a in m.allocations if a.kind.uses_cash), m.allocations[0].currency
        )
        self.events.emit(MatchPosted(m.payment_ids, m.item_ids, cash, m.tier.value, m.score))
        for event in self._item_changes(m):
            self.events.emit(event)
        return None

    def _item_changes(self, m: Match) -> list[ItemCashApplied]:
        """One receivables ``CashApplied`` per item and payment of the posted match ``m``.

        Sorted by item id, then payment id. ``after`` is the item as the store holds
        it right after the posting; ``before`` adds back what this posting took off,
        so ``applied`` is exactly the match's allocations on the item. Several
        payments on one item (a split payment) give one event each, chained.
        """
        taken: dict[ItemId, dict[PaymentId, int]] = {}
        for a in m.allocations:
            if a.item_id is not None and a.kind.settles_item:
                per_payment = taken.setdefault(a.item_id, {})
                pid = PaymentId(a.payment_id or "")
                per_payment[pid] = per_payment.get(pid, 0) + to_minor(a.amount)
        events: list[ItemCashApplied] = []
        for iid in sorted(taken):
            after = self.store.get_item(iid)
            sign = 1 if after.original.amount >= 0 else -1
            pays = sorted(taken[iid].items())
            units = to_minor(after.open) + sign * sum(u for _, u in pays)
            for pid, u in pays:
                before = after.with_open(from_minor(units, after.currency))
                units -= sign * u
                now = after.with_open(from_minor(units, after.currency))
                events.append(ItemCashApplied(before, now, payment_id=pid or None))
        return events

    def _book_moved(self, m: Match, run: _Run) -> bool:
        """Has anyone changed the payments or items of ``m`` since the run loaded them?

        Reads every item of ``m`` again and keeps what it read in ``run.items``:
        the next decision, if any, is made on the items as they are now.
        """
        try:
            moved = any(
                to_minor(self.store.unapplied(pid)) != run.cash[pid] for pid in m.payment_ids
            )
        except NotFound:
            moved = True
        for iid in sorted(_item_ids(m)):
            loaded = run.items.pop(iid, None)
            try:
                now = self.store.get_item(iid)
            except NotFound:
                moved = True
                continue
            if now.is_open:
                run.items[iid] = now
            moved = moved or loaded is None or now.open != loaded.open
        return moved

    def _still_open(
        self, lost: Mapping[PaymentId, tuple[Match, OtcError]], run: _Run
    ) -> dict[PaymentId, Payment]:
        """The lost payments that still have cash (cut down to it); the rest were posted."""
        fresh: dict[PaymentId, Payment] = {}
        for pid in sorted(lost):
            p = self._cash_left(self.store.get_payment(pid))
            if p is None:
                run.already_posted.add(pid)
                run.decided.pop(pid, None)
            else:
                fresh[pid] = p
        return fresh

    # recording ------------------------------------------------------------------
    def _record(self, decided: list[PaymentOutcome], run: _Run) -> list[PaymentOutcome]:
        """Write the new or changed outcomes; a posted outcome is never replaced.

        Returns what was written. A stored auto-apply outcome wins over this
        run's suggestion or exception for the same payment: the payment was
        posted by someone else after this run loaded it. The store enforces the
        same rule atomically (``ConcurrencyConflict``), and then the comparison is
        simply made again on what is stored now.
        """
        for _ in range(self.max_retries + 1):
            changed: list[PaymentOutcome] = []
            ids = [o.payment_id for o in decided]
            stored = {o.payment_id: o for o in self.outcomes.list_outcomes(payment_ids=ids)}
            for o in sorted(decided, key=lambda o: o.payment_id):
                old = stored.get(o.payment_id)
                if old is not None and old.refusal(o) is not None:
                    run.already_posted.add(o.payment_id)
                    run.current.pop(o.payment_id, None)
                    continue
                if old is not None and _same(old, o):
                    run.current[o.payment_id] = old
                    continue
                run.current[o.payment_id] = o
                changed.append(o)
            try:
                self.outcomes.record_outcomes(changed)
            except ConcurrencyConflict:
                continue
            return changed
        raise ConcurrencyConflict(
            f"could not record the outcomes of {len(decided)} payment(s): other runs kept "
            f"posting them ({self.max_retries + 1} attempts)"
        )


@attrs.define
class _Run:
    """The mutable state of one run: what it loaded and what it decided so far."""

    cash: dict[str, int]
    items: dict[ItemId, OpenItem]
    """The open items as this run knows them: as loaded, with its own postings applied
    and the items of lost matches read again."""
    customers: list[Customer]
    decided: dict[PaymentId, PaymentOutcome] = attrs.Factory(dict)
    current: dict[PaymentId, PaymentOutcome] = attrs.Factory(dict)
    applied: list[Match] = attrs.Factory(list)
    conflicts: list[ExceptionCase] = attrs.Factory(list)
    rejected: list[ExceptionCase] = attrs.Factory(list)
    already_posted: set[PaymentId] = attrs.Factory(set)

    def posted(self, m: Match) -> None:
        """Apply the posted match ``m`` to this run's items (a closed item leaves them)."""
        known = _item_ids(m) & self.items.keys()
        touched = [self.items[i] for i in sorted(known)]
        for item in apply_allocations(touched, [a for a in m.allocations if a.item_id in known]):
            if item.is_open:
                self.items[item.id] = item
            else:
                del self.items[item.id]

    def reload(self, payments: Mapping[PaymentId, Payment]) -> None:
        """Take the fresh payments' cash as what the next decision is based on."""
        for pid, p in payments.items():
            self.cash[pid] = to_minor(p.amount)


def _item_ids(m: Match) -> set[ItemId]:
    return {a.item_id for a in m.allocations if a.item_id is not None}


def _same(a: PaymentOutcome, b: PaymentOutcome) -> bool:
    """The same decision (the date it was reached aside)."""
    return (a.band, a.code, a.matches, a.explanation) == (b.band, b.code, b.matches, b.explanation)


def _rejected(m: Match, exc: OtcError) -> ExceptionCase:
    code = ReasonCode.REJECTED
    if isinstance(exc, CurrencyMismatch):
        code = ReasonCode.CURRENCY_MISMATCH
    elif isinstance(exc, OverApplication):
        code = ReasonCode.AMOUNT_MISMATCH
    why = (
        f"not posted: the store rejected the allocations as invalid, although nothing "
        f"had changed since the run loaded the book: {exc}"
    )
    reason = Reason.of(code, why, cause="rejected", error=type(exc).__name__)
    return ExceptionCase(m.payment_ids[0], code, m.customer_id, (reason,), why, (m,))


def _conflict(m: Match, pid: PaymentId, exc: OtcError, attempts: int) -> ExceptionCase:
    why = (
        f"not posted: the book changed meanwhile on each of {attempts} attempts, "
        f"each decided from fresh data (last: {exc})"
    )
    reason = Reason.of(ReasonCode.CONFLICT, why, cause="concurrent_change", attempts=attempts)
    return ExceptionCase(pid, ReasonCode.CONFLICT, m.customer_id, (reason,), why, (m,))


__getattr__ = _kernel.deprecated_names(__name__, {"CashApplied": ("MatchPosted", MatchPosted)})
