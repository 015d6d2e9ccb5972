"""Events from the host keep exposure current: ``CreditService.handle`` (not public).

Credit's own order events (placed, changed, cancelled, delivered) and payments in
transit (announced, cleared), and the receivables-level events of
:mod:`otccore.receivables.events` (an item issued, cash applied, any other item
change) each move the exposure of the account chain by the difference of a
document's contribution before and after, in one atomic write.
"""

from __future__ import annotations

from collections.abc import Callable

from otccore.credit._base import CreditBase, none
from otccore.credit.events import (
    OrderCancelled,
    OrderChanged,
    OrderDelivered,
    OrderPlaced,
    PaymentCleared,
    PaymentInTransit,
)
from otccore.credit.exposure import Exposure, transit_contribution
from otccore.credit.orders import Order, OrderId, OrderRecord, OrderStatus
from otccore.credit.ports import CreditChange
from otccore.errors import DuplicateId, InvalidInput, NotFound
from otccore.ports import Event
from otccore.receivables import CustomerId, ItemKind, OpenItem, PaymentId
from otccore.receivables.events import ItemChanged, ItemIssued


class EventHandling(CreditBase):
    """``handle`` and what it does for each kind of event."""

    def handle(self, event: Event) -> bool:
        """Keep exposure current from a host event; ``False`` when it concerns no credit account.

        It takes credit's order and payment-in-transit events and the
        receivables-level events of :mod:`otccore.receivables.events`:
        :class:`~otccore.receivables.events.ItemIssued` (an invoice or debit note
        bills the delivered part of the order it names; a credit note adds its
        negative item), :class:`~otccore.receivables.events.CashApplied` and any
        other :class:`~otccore.receivables.events.ItemChanged`. Events about items
        or payments of customers without a credit account are ignored (an account
        opened later starts from the open items), and so is every other event
        (``False``), so ``handle`` can sit in an :class:`~otccore.ports.Broadcast`
        that carries every event of the house. Events about unknown orders raise
        ``NotFound``; what is not an event at all raises ``InvalidInput``.

        Example:
            >>> from datetime import date
            >>> from otccore.adapters.memory import FixedClock, MemoryCredit, MemoryEventSink, MemoryReceivables
            >>> from otccore.credit import CreditService, Order, OrderDelivered, OrderPlaced
            >>> from otccore.money import StaticRates, money
            >>> from otccore.receivables import OpenItem
            >>> from otccore.receivables.events import CashApplied, ItemIssued
            >>> svc = CreditService(MemoryCredit(), MemoryReceivables(), rates=StaticRates({}),
            ...                     events=MemoryEventSink(), clock=FixedClock(date(2026, 3, 2)))
            >>> _ = svc.open_account("C1", "EUR")
            >>> order = Order.create("SO-1", "C1", money(100, "EUR"), order_date=date(2026, 3, 2))
            >>> svc.handle(OrderPlaced(order)), svc.handle(OrderDelivered(order.id, money(30, "EUR")))
            (True, True)
            >>> inv = OpenItem.invoice("I1", "C1", money(30, "EUR"), issue_date=date(2026, 3, 2),
            ...                        due_date=date(2026, 4, 1))
            >>> svc.handle(ItemIssued(inv, order_id="SO-1"))
            True
            >>> svc.handle(CashApplied(inv, inv.with_open(money(10, "EUR"))))
            True
            >>> e = svc.exposure("C1")
            >>> e.amount("open_orders"), e.amount("delivered_not_invoiced"), e.amount("open_receivables")
            (Money('70.00', 'EUR'), Money('0.00', 'EUR'), Money('10.00', 'EUR'))
            >>> svc.handle(OrderPlaced(Order.create("SO-2", "NO-ACCOUNT", money(5, "EUR"),
            ...                                     order_date=date(2026, 3, 2))))
            False
            >>> from otccore.ports import Event
            >>> svc.handle(Event())
            False
        """
        if isinstance(event, OrderPlaced):
            return self._placed(event.order)
        if isinstance(event, OrderChanged):
            return self._changed(event.order)
        if isinstance(event, OrderCancelled):
            self._cancel(event.order_id)
            return True
        if isinstance(event, OrderDelivered):
            return self._update_order(event.order_id, lambda r: r.deliver(event.amount))
        if isinstance(event, ItemIssued):
            return self._issued(event)
        if isinstance(event, ItemChanged):  # CashApplied too
            return self._item_moved(event.before.customer_id, event.before, event.after)
        if isinstance(event, PaymentInTransit):
            return self._transit(event)
        if isinstance(event, PaymentCleared):
            return self._cleared(event.payment_id)
        if not isinstance(event, Event):
            raise InvalidInput(f"not an Event: {event!r}")
        return False  # another area's event (a run report, a decision): not credit's concern

    def _placed(self, order: Order) -> bool:
        if not isinstance(order, Order):
            raise InvalidInput(f"not an Order: {order!r}")
        if self._store.find_account(order.customer_id) is None:
            return False

        def attempt() -> tuple[CreditChange, bool]:
            chain = self._chain(order.customer_id)
            existing = self._store.find_order(order.id)
            if existing is not None and (
                existing.status.is_final or existing.customer_id != order.customer_id
            ):
                raise InvalidInput(
                    f"order {order.id!r} is {existing.status} for {existing.customer_id!r}"
                )
            record = (
                existing.with_order(order, OrderStatus.OPEN)
                if existing is not None
                else OrderRecord.new(order, OrderStatus.OPEN)
            )
            accounts = self._moved(chain, self._order(existing), self._order(record))
            return CreditChange(accounts=accounts, orders=(record,)), True

        return self._retry(attempt)

    def _changed(self, order: Order) -> bool:
        def change(rec: OrderRecord) -> OrderRecord:
            if rec.customer_id != order.customer_id:
                raise InvalidInput(f"order {order.id!r} belongs to {rec.customer_id!r}")
            return rec.with_order(order)

        return self._update_order(order.id, change)

    def _update_order(
        self, order_id: OrderId, change: Callable[[OrderRecord], OrderRecord]
    ) -> bool:
        def attempt() -> tuple[CreditChange, bool]:
            rec = self._record(order_id)
            if rec.status.is_final and rec.status is not OrderStatus.CANCELLED:
                raise InvalidInput(f"order {order_id!r} is {rec.status}; it cannot change")
            new = change(rec)
            chain = self._chain(rec.customer_id)
            accounts = self._moved(chain, self._order(rec), self._order(new))
            return CreditChange(accounts=accounts, orders=(new,)), True

        return self._retry(attempt)

    def _issued(self, event: ItemIssued) -> bool:
        """An invoice or debit note bills its order's delivered part (when it names
        one); a credit note only adds its (negative) item."""
        item = event.item
        if item.kind is ItemKind.CREDIT_NOTE or event.order_id is None:
            return self._item_moved(item.customer_id, None, item)
        if self._store.find_account(item.customer_id) is None:
            return False
        order_id = OrderId(event.order_id)

        def attempt() -> tuple[CreditChange, bool]:
            chain = self._chain(item.customer_id)
            rec = self._record(order_id)
            if rec.customer_id != item.customer_id:
                raise InvalidInput(
                    f"invoice {item.id!r} is for {item.customer_id!r}, order "
                    f"{rec.id!r} for {rec.customer_id!r}"
                )
            new = rec.invoice(event.order_amount)
            billed_item, billed_order = self._item(item), self._order(new)

            def after(cur: str) -> Exposure:
                return billed_item(cur) + billed_order(cur)

            accounts = self._moved(chain, self._order(rec), after)
            return CreditChange(accounts=accounts, orders=(new,)), True

        return self._retry(attempt)

    def _item_moved(
        self, customer_id: CustomerId, before: OpenItem | None, after: OpenItem
    ) -> bool:
        if self._store.find_account(customer_id) is None:
            return False

        def attempt() -> tuple[CreditChange, bool]:
            chain = self._chain(customer_id)
            accounts = self._moved(chain, self._item(before), self._item(after))
            return CreditChange(accounts=accounts), True

        return self._retry(attempt)

    def _transit(self, event: PaymentInTransit) -> bool:
        payment = event.payment
        if self._store.find_account(payment.customer_id) is None:
            return False

        def attempt() -> tuple[CreditChange, bool]:
            if self._store.find_transit(payment.id) is not None:
                raise DuplicateId(f"payment {payment.id!r} is already in transit")
            chain = self._chain(payment.customer_id)
            accounts = self._moved(
                chain, none, lambda cur: transit_contribution(payment, cur, self._rates)
            )
            return CreditChange(accounts=accounts, transits=(payment,)), True

        return self._retry(attempt)

    def _cleared(self, payment_id: PaymentId) -> bool:
        def attempt() -> tuple[CreditChange, bool]:
            payment = self._store.find_transit(payment_id)
            if payment is None:
                raise NotFound(f"no payment {payment_id!r} in transit")
            chain = self._chain(payment.customer_id)
            accounts = self._moved(
                chain, lambda cur: transit_contribution(payment, cur, self._rates), none
            )
            return CreditChange(accounts=accounts, cleared=(payment.id,)), True

        return self._retry(attempt)
