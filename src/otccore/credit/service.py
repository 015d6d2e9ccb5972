"""``CreditService``: check and reserve atomically, release, cancel, keep exposure, audit.

The service is thin: it loads accounts and records through the
:class:`~otccore.credit.ports.CreditStore` port, calls the pure domain
(:func:`~otccore.credit.build_context`, :func:`~otccore.credit.evaluate`,
the contribution functions), writes one :class:`~otccore.credit.CreditChange` and
emits an event. Every write carries the version of each account it read; a stale
write raises :class:`~otccore.errors.ConcurrencyConflict` in the store and the
service retries from a fresh read, a bounded number of times. So two orders
checked at the same moment can never both pass when together they breach a
limit, at any level of a corporate family.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Unpack

import attrs

from otccore._kernel import keyword_only, opt_day, text, whole
from otccore.credit._base import none
from otccore.credit._handlers import EventHandling
from otccore.credit.accounts import AccountTerms, CreditAccount
from otccore.credit.context import Level, account_status, build_context
from otccore.credit.decision import CheckCode, Decision, LevelStatus, Outcome
from otccore.credit.events import (
    AccountOpened,
    CreditChecked,
    LimitChanged,
    OrderReleased,
    ReservationCancelled,
)
from otccore.credit.exposure import (
    Exposure,
    compute_exposure,
    order_contribution,
)
from otccore.credit.facts import CreditFacts, facts_from_totals, open_item_totals
from otccore.credit.limit_rules import LimitProposal
from otccore.credit.limits import CreditLimit
from otccore.credit.orders import Order, OrderId, OrderRecord, OrderStatus, Release
from otccore.credit.ports import CreditChange
from otccore.credit.steps import evaluate
from otccore.errors import DuplicateId, InvalidInput
from otccore.reasons import Reason
from otccore.receivables import CustomerId

__all__ = ["CreditService"]


class CreditService(EventHandling):
    """Credit checks and exposure for a host's order flow, on ports.

    Args:
        store: the credit store (accounts, orders, payments in transit).
        items: the receivables book's open items (for the audit recomputation, new
            accounts and the default overdue facts).
        rates: FX rates for orders, items and limits in other currencies.
        events: the host's event sink (audit trail).
        clock: the business date (``as_of`` of every check).
        rule: the check rule (default :meth:`CheckRule.default`).
        policy: which exposure categories are relevant.
        facts: where overdue and dunning facts come from (default: computed from
            ``items``: through its :class:`~otccore.credit.ItemTotals` port when it
            has one, which does not read the open items, else from the customer's
            open items, read once per check that has an overdue step).
        max_attempts: how often a write that lost a race is retried from a fresh read.

    Example:
        >>> from datetime import date
        >>> from otccore.adapters.memory import FixedClock, MemoryCredit, MemoryEventSink, MemoryReceivables
        >>> from otccore.credit import CreditLimit, CreditService, Order
        >>> from otccore.money import StaticRates, money
        >>> svc = CreditService(MemoryCredit(), MemoryReceivables(), rates=StaticRates({}),
        ...                     events=MemoryEventSink(), clock=FixedClock(date(2026, 3, 2)))
        >>> _ = svc.open_account("C1", "EUR", limit=CreditLimit.of(money(1000, "EUR")))
        >>> svc.check_and_reserve(Order.create("SO-1", "C1", money(700, "EUR"), order_date=date(2026, 3, 2))).outcome
        <Outcome.APPROVED: 'approved'>
        >>> d = svc.check_and_reserve(Order.create("SO-2", "C1", money(400, "EUR"), order_date=date(2026, 3, 2)))
        >>> d.outcome, str(d.reasons[0].code)
        (<Outcome.HELD: 'held'>, 'limit_exceeded')
        >>> svc.release("SO-2", by="j.doe", reason="bank guarantee", valid_days=5).valid_to
        datetime.date(2026, 3, 6)
        >>> svc.exposure("C1").total()
        Money('1100.00', 'EUR')
    """

    # -- accounts -------------------------------------------------------------------

    def open_account(
        self, customer_id: str, currency: str, **terms: Unpack[AccountTerms]
    ) -> CreditAccount:
        """Open a credit account; its exposure starts from the customer's open items.

        ``terms`` are the keywords of :meth:`CreditAccount.open`: ``limit``,
        ``parent_id``, ``risk_class`` and ``review_date``. A child's parent must
        have an account already; the child's exposure is added to every ancestor
        in the same write.

        Example:
            >>> from datetime import date
            >>> from otccore.adapters.memory import FixedClock, MemoryCredit, MemoryEventSink, MemoryReceivables
            >>> from otccore.credit import CreditLimit, CreditService
            >>> from otccore.money import StaticRates, money
            >>> svc = CreditService(MemoryCredit(), MemoryReceivables(), rates=StaticRates({}),
            ...                     events=MemoryEventSink(), clock=FixedClock(date(2026, 3, 2)))
            >>> _ = svc.open_account("GROUP", "EUR", limit=CreditLimit.of(money(5000, "EUR")))
            >>> child = svc.open_account("SUB", "EUR", parent_id="GROUP")
            >>> child.version, child.parent_id, child.limit.amount is None
            (1, 'GROUP', True)
            >>> svc.open_account("SUB", "EUR")
            Traceback (most recent call last):
            ...
            otccore.errors.DuplicateId: credit account 'SUB' exists already
        """
        new = CreditAccount.open(customer_id, currency, **terms)
        items = self._items.list_items(customer_id=new.customer_id, open_only=True)

        def attempt() -> tuple[CreditChange, CreditAccount]:
            if self._store.find_account(new.customer_id) is not None:
                raise DuplicateId(f"credit account {new.customer_id!r} exists already")
            ancestors = self._chain(new.parent_id) if new.parent_id is not None else []

            def start(cur: str) -> Exposure:
                return compute_exposure(cur, items=items, rates=self._rates)

            stored = new.next_version(exposure=start(new.currency))
            return CreditChange(accounts=(stored, *self._moved(ancestors, none, start))), stored

        stored = self._retry(attempt)
        self._events.emit(AccountOpened(stored))
        return stored

    def set_limit(
        self,
        customer_id: str,
        limit: CreditLimit,
        *,
        risk_class: str | None = None,
        review_date: date | None = None,
    ) -> CreditAccount:
        """Replace the account's limit (and optionally its risk class and review date).

        Emits :class:`~otccore.credit.events.LimitChanged` with the account before
        and after. An unknown customer is ``NotFound`` and emits nothing.
        """
        return self._set_limit(
            customer_id, limit, risk_class=risk_class, review_date=review_date, proposal=None
        )

    def _set_limit(
        self,
        customer_id: str,
        limit: CreditLimit,
        *,
        risk_class: str | None,
        review_date: date | None,
        proposal: LimitProposal | None,
    ) -> CreditAccount:
        if not isinstance(limit, CreditLimit):
            raise InvalidInput(f"not a CreditLimit: {limit!r}")
        cid = CustomerId(text(customer_id, "customer id"))

        def attempt() -> tuple[CreditChange, tuple[CreditAccount, CreditAccount]]:
            account = self._store.get_account(cid)
            changes: dict[str, object] = {"limit": limit}
            if risk_class is not None:
                changes["risk_class"] = risk_class
            if review_date is not None:
                changes["review_date"] = review_date
            updated = account.next_version(**changes)
            return CreditChange(accounts=(updated,)), (account, updated)

        before, after = self._retry(attempt)
        self._events.emit(LimitChanged(before, after, proposal))
        return after

    def apply_proposal(self, customer_id: str, proposal: LimitProposal) -> CreditAccount:
        """Take a limit proposed from a score: its limit, risk class and next review date.

        Emits one :class:`~otccore.credit.events.LimitChanged` carrying the proposal.

        Example:
            >>> from datetime import date
            >>> from decimal import Decimal
            >>> from otccore.adapters.memory import FixedClock, MemoryCredit, MemoryEventSink, MemoryReceivables
            >>> from otccore.credit import CreditService
            >>> from otccore.money import StaticRates, money
            >>> svc = CreditService(MemoryCredit(), MemoryReceivables(), rates=StaticRates({}),
            ...                     events=MemoryEventSink(), clock=FixedClock(date(2026, 3, 2)))
            >>> from otccore.credit import LimitRule, RiskClass, RiskPolicy, Score, propose_limit
            >>> policy = RiskPolicy.of("EUR", [RiskClass.of("A", low=0, high=100, level="low", rule=LimitRule.of(cap=money(800, "EUR")))])
            >>> proposal = propose_limit(policy, Score(Decimal(70), date(2026, 3, 1)), as_of=date(2026, 3, 2))
            >>> _ = svc.open_account("C1", "EUR")
            >>> acc = svc.apply_proposal("C1", proposal)
            >>> acc.limit.amount, acc.risk_class, acc.review_date
            (Money('800.00', 'EUR'), 'A', datetime.date(2027, 3, 2))
        """
        if not isinstance(proposal, LimitProposal):
            raise InvalidInput(f"not a LimitProposal: {proposal!r}")
        return self._set_limit(
            customer_id,
            proposal.to_limit(),
            risk_class=proposal.risk_class.name,
            review_date=proposal.review_date,
            proposal=proposal,
        )

    def account(self, customer_id: str) -> CreditAccount:
        """The stored account (``NotFound`` if none)."""
        return self._store.get_account(CustomerId(customer_id))

    def exposure(self, customer_id: str) -> Exposure:
        """The incrementally kept exposure (a parent's covers its subtree)."""
        return self.account(customer_id).exposure

    def status(self, customer_id: str, *, as_of: date | None = None) -> LevelStatus:
        """Limit, exposure, available credit, utilisation and traffic light now."""
        return account_status(
            self.account(customer_id),
            as_of=as_of if as_of is not None else self._clock.today(),
            rates=self._rates,
            policy=self.policy,
            lights=self.rule.lights,
        )

    def recompute_exposure(self, customer_id: str, *, as_of: date | None = None) -> Exposure:
        """Exposure recomputed from the sources (items, orders, payments in transit), for audit.

        It equals :meth:`exposure` whenever every change reached the service as an
        event. ``as_of`` leaves out items issued and orders placed after it (see
        :func:`~otccore.credit.compute_exposure`); the default ``None`` counts
        every document. A parent's covers its whole subtree.

        Example:
            >>> from datetime import date
            >>> from otccore.adapters.memory import FixedClock, MemoryCredit, MemoryEventSink, MemoryReceivables
            >>> from otccore.credit import CreditService, Order
            >>> from otccore.money import StaticRates, money
            >>> from otccore.receivables import OpenItem
            >>> book = MemoryReceivables()
            >>> svc = CreditService(MemoryCredit(), book, rates=StaticRates({}),
            ...                     events=MemoryEventSink(), clock=FixedClock(date(2026, 3, 2)))
            >>> book.add_items([OpenItem.invoice("I1", "C1", money(300, "EUR"), issue_date=date(2026, 2, 1),
            ...                                  due_date=date(2026, 3, 3))])
            >>> _ = svc.open_account("C1", "EUR")
            >>> _ = svc.check_and_reserve(Order.create("SO-1", "C1", money(50, "EUR"), order_date=date(2026, 3, 2)))
            >>> svc.recompute_exposure("C1") == svc.exposure("C1")
            True
            >>> svc.recompute_exposure("C1", as_of=date(2026, 3, 1)).total()
            Money('300.00', 'EUR')
        """
        cutoff = opt_day(as_of, "as of")
        account = self.account(customer_id)
        ids = self._subtree(account.customer_id)
        items = [i for c in ids for i in self._items.list_items(customer_id=c, open_only=True)]
        orders = [o for c in ids for o in self._store.list_orders(customer_id=c)]
        transits = [t for c in ids for t in self._store.list_transits(customer_id=c)]
        return compute_exposure(
            account.currency,
            items=items,
            orders=orders,
            transits=transits,
            rates=self._rates,
            as_of=cutoff,
        )

    # -- the order flow -------------------------------------------------------------

    def _facts_for(self, customer_id: CustomerId, currency: str, as_of: date) -> CreditFacts:
        if self._facts is not None:
            return self._facts.facts(customer_id, as_of)
        if self._totals is not None:
            totals = self._totals(customer_id=customer_id, as_of=as_of, currency=currency)
        else:  # a host's item source without the fast port: read the open items
            items = self._items.list_items(customer_id=customer_id, open_only=True)
            totals = open_item_totals(items, as_of=as_of, currency=currency)
        return facts_from_totals(totals, currency=currency, as_of=as_of, rates=self._rates)

    def _beyond(self, order_id: OrderId) -> Callable[[Level, date], Exposure]:
        def beyond(level: Level, after: date) -> Exposure:
            total = Exposure.zero(level.currency)
            for rec in self._store.open_orders_after(self._subtree(level.customer_id), after):
                if rec.id == order_id:
                    continue
                undelivered = attrs.evolve(rec, delivered=rec.open * 0)
                total = total + order_contribution(undelivered, level.currency, self._rates)
            return total

        return beyond

    def check_and_reserve(self, order: Order) -> Decision:
        """Check ``order`` against the rule and, if it passes, reserve it: atomically.

        Checking an order again (after a change) replaces its earlier reservation.
        A held order comes back approved with a warning while a release still
        covers it. Unknown customers raise ``NotFound``; a missing FX rate
        ``MissingRate``; in every error case nothing is reserved. The decision is
        emitted as :class:`~otccore.credit.events.CreditChecked`.
        The class example shows an order approved and one held.
        """
        if not isinstance(order, Order):
            raise InvalidInput(f"not an Order: {order!r}")
        as_of = self._clock.today()

        def attempt() -> tuple[CreditChange, Decision]:
            chain = self._chain(order.customer_id)
            existing = self._store.find_order(order.id)
            if existing is not None:
                if existing.customer_id != order.customer_id:
                    raise InvalidInput(
                        f"order {order.id!r} belongs to {existing.customer_id!r}, "
                        f"not {order.customer_id!r}"
                    )
                if existing.status.is_final:
                    raise InvalidInput(
                        f"order {order.id!r} is {existing.status}; it cannot be checked"
                    )
            ctx = build_context(
                order,
                chain,
                as_of=as_of,
                rates=self._rates,
                existing=existing,
                policy=self.policy,
                facts=lambda: self._facts_for(order.customer_id, chain[0].currency, as_of),
                beyond_horizon=self._beyond(order.id),
            )
            decision = evaluate(self.rule, ctx)
            release = existing.release if existing is not None else None
            if (
                decision.outcome is Outcome.HELD
                and release is not None
                and release.honours(order.amount, as_of)
            ):
                decision = decision.with_outcome(
                    Outcome.APPROVED_WITH_WARNING,
                    Reason.of(
                        CheckCode.RELEASED,
                        f"released by {release.by} until {release.valid_to}: {release.reason}",
                        by=release.by,
                        valid_to=release.valid_to,
                    ),
                )
            status = {
                Outcome.APPROVED: OrderStatus.OPEN,
                Outcome.APPROVED_WITH_WARNING: OrderStatus.OPEN,
                Outcome.HELD: OrderStatus.HELD,
                Outcome.REJECTED: OrderStatus.REJECTED,
            }[decision.outcome]
            projected = ctx.record or OrderRecord.new(order, OrderStatus.OPEN)
            record = projected.with_status(status)
            accounts = self._moved(chain, self._order(existing), self._order(record))
            return CreditChange(accounts=accounts, orders=(record,)), decision

        decision = self._retry(attempt)
        self._events.emit(CreditChecked(decision))
        return decision

    @keyword_only
    def release(self, order: Order | str, *, by: str, reason: str, valid_days: int) -> Release:
        """Release a held order: a named person, a reason, honoured for ``valid_days`` days.

        ``by``, ``reason`` and ``valid_days`` are passed by keyword (by position is
        deprecated).

        ``valid_days`` counts calendar days including today: the release is
        honoured through today + ``valid_days`` − 1 (one day = today only), and a
        check of the order after that day holds it again. ``valid_days`` below 1 is
        :class:`~otccore.errors.InvalidInput` and changes nothing. The order then
        holds credit (the release overrides the limit). Only held orders can be
        released. Emits :class:`~otccore.credit.events.OrderReleased`.

        Example:
            >>> from datetime import date
            >>> from otccore.credit import CreditLimit, CreditService, Order
            >>> from otccore.money import StaticRates, money
            >>> from otccore.adapters.memory import FixedClock, MemoryCredit, MemoryEventSink, MemoryReceivables
            >>> svc = CreditService(MemoryCredit(), MemoryReceivables(), rates=StaticRates({}),
            ...                     events=MemoryEventSink(), clock=FixedClock(date(2026, 3, 2)))
            >>> _ = svc.open_account("C1", "EUR", limit=CreditLimit.of(money(100, "EUR")))
            >>> svc.check_and_reserve(Order.create("SO-1", "C1", money(150, "EUR"), order_date=date(2026, 3, 2))).outcome
            <Outcome.HELD: 'held'>
            >>> r = svc.release("SO-1", by="M. Rossi", reason="30 % prepaid", valid_days=3)
            >>> r.valid_to, svc.exposure("C1").total()
            (datetime.date(2026, 3, 4), Money('150.00', 'EUR'))
            >>> svc.release("SO-1", by="M. Rossi", reason="again", valid_days=3)
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: order 'SO-1' is open; only held orders are released
        """
        order_id = self._order_id(order)
        text(by, "released by")
        text(reason, "release reason")
        whole(valid_days, "valid days", minimum=1)
        as_of = self._clock.today()

        def attempt() -> tuple[CreditChange, tuple[OrderRecord, Release]]:
            rec = self._record(order_id)
            if rec.status is not OrderStatus.HELD:
                raise InvalidInput(
                    f"order {order_id!r} is {rec.status}; only held orders are released"
                )
            chain = self._chain(rec.customer_id)
            rel = Release.create(
                by=by,
                reason=reason,
                release_date=as_of,
                valid_days=valid_days,
                amount=rec.order.amount,
            )
            new = attrs.evolve(rec, status=OrderStatus.OPEN, release=rel)
            accounts = self._moved(chain, self._order(rec), self._order(new))
            return CreditChange(accounts=accounts, orders=(new,)), (new, rel)

        rec, rel = self._retry(attempt)
        self._events.emit(OrderReleased(order_id=rec.id, customer_id=rec.customer_id, release=rel))
        return rel

    def cancel(self, order: Order | str, reason: str = "cancelled") -> OrderRecord:
        """Cancel an order's reservation: its undelivered part stops holding credit.

        Emits :class:`~otccore.credit.events.ReservationCancelled`.
        """
        rec = self._cancel(self._order_id(order))
        self._events.emit(
            ReservationCancelled(order_id=rec.id, customer_id=rec.customer_id, reason=reason)
        )
        return rec
