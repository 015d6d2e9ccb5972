"""The cash-application use case over the ports: load, reconcile, post, record, emit.

:class:`CashApplication` loads the unapplied payments (with the cash they have
left), the open items and the customers through the receivables ports, calls
:func:`~otccore.matching.reconcile`, posts each auto-apply match atomically with
``record_allocations``, stores one :class:`~otccore.matching.Outcome` per
payment and emits an event for everything it decided. A match that loses a race
(another writer settled the item first) is not posted: it becomes an exception
with the ``conflict`` code. Running it twice posts nothing twice: a posted
payment has no cash left and is not loaded again.

Example:
    >>> from otccore.adapters.memory import (FixedClock, MemoryEventSink,
    ...     MemoryMatchOutcomes, MemoryReceivables)
    >>> from otccore.money import money
    >>> from otccore.receivables import OpenItem, Payment
    >>> book = MemoryReceivables()
    >>> book.add_items([OpenItem.invoice("INV-1", "C1", money(100, "EUR"),
    ...                                  issued=date(2026, 1, 1), due=date(2026, 1, 31))])
    >>> book.add_payments([Payment.create("P1", money(100, "EUR"), value_date=date(2026, 1, 20),
    ...                                   references=["INV-1"])])
    >>> app = CashApplication(book, MemoryMatchOutcomes(), MemoryEventSink(),
    ...                       FixedClock(date(2026, 1, 20)))
    >>> app.run().applied[0].item_ids, book.get_item("INV-1").is_open
    (('INV-1',), False)
    >>> app.run().applied
    ()
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import attrs

from otccore.errors import ConcurrencyConflict, NotFound, OverApplication
from otccore.matching.config import MatchConfig
from otccore.matching.pipeline import reconcile
from otccore.matching.ports import MatchOutcomeStore, Outcome
from otccore.matching.result import (
    Band,
    ExceptionCase,
    Match,
    Reason,
    ReasonCode,
    ReconciliationResult,
)
from otccore.money import Money, from_minor, to_minor
from otccore.ports import Clock, Event, EventSink
from otccore.receivables import ItemId, PaymentId, ReceivablesStore

__all__ = [
    "CashApplication",
    "CashApplied",
    "ExceptionRaised",
    "MatchSuggested",
    "ReconciliationRun",
    "RunReport",
]


@attrs.frozen
class CashApplied(Event):
    """A match was posted: ``amount`` of cash from ``payment_ids`` went to ``item_ids``.

    Example:
        >>> CashApplied(("P1",), ("I1",), money(5, "EUR"), "reference", 90).name
        'CashApplied'
    """

    payment_ids: tuple[PaymentId, ...]
    item_ids: tuple[ItemId, ...]
    amount: Money
    tier: str
    score: int


@attrs.frozen
class MatchSuggested(Event):
    """A payment waits for a person to confirm one of ``options`` (item id tuples).

    Example:
        >>> MatchSuggested("P1", (("I1",), ("I2",))).name
        'MatchSuggested'
    """

    payment_id: PaymentId
    options: tuple[tuple[ItemId, ...], ...]


@attrs.frozen
class ExceptionRaised(Event):
    """A payment could not be matched; ``code`` says why.

    Example:
        >>> ExceptionRaised("P1", "no_payer", "no payer").code
        'no_payer'
    """

    payment_id: PaymentId
    code: str
    explanation: str


@attrs.frozen
class ReconciliationRun(Event):
    """A run finished, with its counts.

    Example:
        >>> ReconciliationRun(date(2026, 1, 2), 3, 2, 1, 0, 0).payments
        3
    """

    as_of: date
    payments: int
    auto_applied: int
    suggested: int
    exceptions: int
    conflicts: int


@attrs.frozen
class RunReport:
    """What one :meth:`CashApplication.run` did.

    Attributes:
        result: the pure reconciliation result.
        applied: the matches actually posted.
        conflicts: auto-apply matches that lost a race and were not posted.
        outcomes: the outcomes recorded, one per payment.

    Example:
        >>> RunReport.__name__
        'RunReport'
    """

    result: ReconciliationResult
    applied: tuple[Match, ...]
    conflicts: tuple[ExceptionCase, ...]
    outcomes: tuple[Outcome, ...]


class CashApplication:
    """Cash application over a :class:`~otccore.receivables.ReceivablesStore`.

    Works with any store that keeps the receivables port contract (memory,
    SQLite, a host's own).

    Example:
        >>> from otccore.adapters.memory import (FixedClock, MemoryEventSink,
        ...     MemoryMatchOutcomes, MemoryReceivables)
        >>> app = CashApplication(MemoryReceivables(), MemoryMatchOutcomes(),
        ...                       MemoryEventSink(), FixedClock(date(2026, 1, 2)))
        >>> app.run().result.summary().payments
        0
    """

    def __init__(
        self,
        store: ReceivablesStore,
        outcomes: MatchOutcomeStore,
        events: EventSink,
        clock: Clock,
        *,
        config: MatchConfig = MatchConfig(),  # noqa: B008 - frozen value
        aliases: Mapping[str, str] | None = None,
    ) -> None:
        self.store = store
        self.outcomes = outcomes
        self.events = events
        self.clock = clock
        self.config = config
        self.aliases = dict(aliases or {})

    def run(
        self, *, payment_ids: Iterable[str] | None = None, as_of: date | None = None
    ) -> RunReport:
        """Reconcile the unapplied payments (all, or those in ``payment_ids``) and post."""
        day = as_of if as_of is not None else self.clock.today()
        wanted = set(payment_ids) if payment_ids is not None else None
        payments = []
        for p in self.store.list_payments(unapplied_only=True):
            if wanted is not None and p.id not in wanted:
                continue
            left = self.store.unapplied(p.id)
            if to_minor(left) <= 0:
                continue
            payments.append(p if left == p.amount else attrs.evolve(p, amount=left))
        items = self.store.list_items(open_only=True)
        customers = self.store.list_customers()
        result = reconcile(
            payments,
            items,
            customers=customers,
            config=self.config,
            as_of=day,
            aliases=self.aliases or None,
        )
        applied: list[Match] = []
        conflicts: list[ExceptionCase] = []
        for m in result.auto_applied:
            try:
                self.store.record_allocations(m.allocations)
            except (OverApplication, NotFound, ConcurrencyConflict) as exc:
                why = f"not posted, the book changed meanwhile: {exc}"
                conflicts.append(
                    ExceptionCase(
                        m.payment_ids[0],
                        ReasonCode.CONFLICT,
                        m.customer_id,
                        (Reason.of(ReasonCode.CONFLICT, why),),
                        why,
                        (m,),
                    )
                )
                continue
            applied.append(m)
            cash = sum(to_minor(a.amount) for a in m.allocations if a.kind.uses_cash)
            self.events.emit(
                CashApplied(
                    m.payment_ids,
                    m.item_ids,
                    _money(cash, m.allocations[0].currency),
                    m.tier.value,
                    m.score,
                )
            )
        lost = {pid for case in conflicts for m in case.proposals for pid in m.payment_ids}
        outcomes = [o for o in Outcome.from_result(result, day) if o.payment_id not in lost]
        for case in conflicts:
            for pid in case.proposals[0].payment_ids:
                outcomes.append(
                    Outcome(pid, Band.EXCEPTION, case.code, case.proposals, case.explanation, day)
                )
        outcomes.sort(key=lambda o: o.payment_id)
        self.outcomes.record_outcomes(outcomes)
        for o in outcomes:
            if o.band is Band.SUGGEST:
                self.events.emit(MatchSuggested(o.payment_id, tuple(m.item_ids for m in o.matches)))
            elif o.band is Band.EXCEPTION:
                self.events.emit(ExceptionRaised(o.payment_id, str(o.code), o.explanation))
        summary = result.summary()
        self.events.emit(
            ReconciliationRun(
                day,
                summary.payments,
                len(applied),
                summary.suggested,
                summary.exceptions + len(conflicts),
                len(conflicts),
            )
        )
        return RunReport(result, tuple(applied), tuple(conflicts), tuple(outcomes))


def _money(units: int, currency: str) -> Money:
    return from_minor(units, currency)
