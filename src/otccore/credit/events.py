"""Events: what the host tells credit (inputs) and what credit tells the host (audit trail).

Inputs keep exposure current through :meth:`CreditService.handle
<otccore.credit.CreditService.handle>`: order placed / changed / cancelled /
delivered, invoice issued, credit note issued, payment applied (an item before
and after), any other item change (dispute flag, write-off), payments in transit
announced and cleared. Item events carry the item itself so the change in
exposure is exact.

Outputs go to the host's :class:`~otccore.ports.EventSink`: every decision
(:class:`CreditChecked`), every release (:class:`OrderReleased`) and every
cancellation of a reservation (:class:`ReservationCancelled`).

Example:
    >>> from otccore.credit.orders import Order
    >>> e = OrderPlaced(Order.create("SO-1", "C1", money(5, "EUR"), order_date=date(2026, 1, 1)))
    >>> e.name, e.customer_id
    ('OrderPlaced', 'C1')
"""

from __future__ import annotations

import attrs
import moneyed

from otccore.credit.checks import Decision
from otccore.credit.orders import Order, OrderId, Release, TransitPayment
from otccore.errors import InvalidInput
from otccore.ports import Event
from otccore.receivables import CustomerId, OpenItem, PaymentId

__all__ = [
    "CreditChecked",
    "CreditNoteIssued",
    "InvoiceIssued",
    "ItemChanged",
    "OrderCancelled",
    "OrderChanged",
    "OrderDelivered",
    "OrderPlaced",
    "OrderReleased",
    "PaymentApplied",
    "PaymentCleared",
    "PaymentInTransit",
    "ReservationCancelled",
]


def _item(value: object) -> OpenItem:
    if not isinstance(value, OpenItem):
        raise InvalidInput(f"not an OpenItem: {value!r}")
    return value


def _pair(before: OpenItem, after: OpenItem) -> None:
    _item(before)
    _item(after)
    if before.id != after.id or before.customer_id != after.customer_id:
        raise InvalidInput(
            f"an item change needs the same item before and after: {before.id!r} / {after.id!r}"
        )


@attrs.frozen
class OrderPlaced(Event):
    """An order entered without a credit check (imported, entered in the ERP): it holds credit.

    Example:
        >>> OrderPlaced(Order.create("SO-1", "C1", money(5, "EUR"), order_date=date(2026, 3, 2))).order.id
        'SO-1'
    """

    order: Order

    @property
    def customer_id(self) -> CustomerId:
        """The ordering customer."""
        return self.order.customer_id


@attrs.frozen
class OrderChanged(Event):
    """An order's amount or dates changed outside a credit check (use ``check_and_reserve`` to check).

    Example:
        >>> OrderChanged(Order.create("SO-1", "C1", money(5, "EUR"), order_date=date(2026, 3, 2))).name
        'OrderChanged'
    """

    order: Order


@attrs.frozen
class OrderCancelled(Event):
    """The host cancelled an order: its undelivered part no longer holds credit.

    Example:
        >>> OrderCancelled(OrderId("SO-1")).order_id
        'SO-1'
    """

    order_id: OrderId


@attrs.frozen
class OrderDelivered(Event):
    """Part of an order shipped: it moves from open orders to delivered-not-invoiced.

    Example:
        >>> OrderDelivered(OrderId("SO-1"), money(2, "EUR")).amount
        Money('2', 'EUR')
    """

    order_id: OrderId
    amount: moneyed.Money


@attrs.frozen
class InvoiceIssued(Event):
    """An invoice (or debit note) became an open item; it may bill an order's delivered part.

    ``order_amount`` is the delivered part it bills, in the order's currency
    (default: all of it).

    Example:
        >>> InvoiceIssued(OpenItem.invoice("I1", "C1", money(5, "EUR"), issued=date(2026, 3, 2), due=date(2026, 4, 1)), order_id=OrderId("SO-1")).item.id
        'I1'
    """

    item: OpenItem = attrs.field(validator=lambda _, __, v: _item(v))
    order_id: OrderId | None = None
    order_amount: moneyed.Money | None = None


@attrs.frozen
class CreditNoteIssued(Event):
    """A credit note (negative item) became an open item.

    Example:
        >>> CreditNoteIssued(OpenItem.invoice("I1", "C1", money(5, "EUR"), issued=date(2026, 3, 2), due=date(2026, 4, 1))).name
        'CreditNoteIssued'
    """

    item: OpenItem = attrs.field(validator=lambda _, __, v: _item(v))


@attrs.frozen
class ItemChanged(Event):
    """An open item changed (dispute flag, write-off, correction): before and after.

    Example:
        >>> inv = OpenItem.invoice("I1", "C1", money(5, "EUR"), issued=date(2026, 3, 2), due=date(2026, 4, 1))
        >>> ItemChanged(inv, attrs.evolve(inv, disputed=True)).after.disputed
        True
    """

    before: OpenItem
    after: OpenItem

    def __attrs_post_init__(self) -> None:
        _pair(self.before, self.after)


@attrs.frozen
class PaymentApplied(ItemChanged):
    """Cash was applied to an item: its open amount before and after.

    Example:
        >>> inv = OpenItem.invoice("I1", "C1", money(5, "EUR"), issued=date(2026, 3, 2), due=date(2026, 4, 1))
        >>> PaymentApplied(inv, inv.with_open(money(0, "EUR"))).after.is_open
        False
    """

    payment_id: PaymentId | None = None


@attrs.frozen
class PaymentInTransit(Event):
    """A payment was announced (avis, remittance) and is not yet applied.

    Example:
        >>> p = TransitPayment.create("P1", "C1", money(5, "EUR"), value_date=date(2026, 3, 2))
        >>> PaymentInTransit(p).payment.id
        'P1'
    """

    payment: TransitPayment


@attrs.frozen
class PaymentCleared(Event):
    """A payment in transit arrived (apply it with :class:`PaymentApplied`) or was withdrawn.

    Example:
        >>> PaymentCleared(PaymentId("P1")).payment_id
        'P1'
    """

    payment_id: PaymentId


@attrs.frozen
class CreditChecked(Event):
    """A credit decision was taken (emitted by the service for the audit trail).

    Example:
        >>> CreditChecked.__mro__[1].__name__
        'Event'
    """

    decision: Decision


@attrs.frozen
class OrderReleased(Event):
    """A named person released a held order (emitted by the service).

    Example:
        >>> r = Release.create("j.doe", "ok", released_on=date(2026, 3, 2), valid_days=1,
        ...                    amount=money(5, "EUR"))
        >>> OrderReleased(OrderId("SO-1"), CustomerId("C1"), r).release.by
        'j.doe'
    """

    order_id: OrderId
    customer_id: CustomerId
    release: Release


@attrs.frozen
class ReservationCancelled(Event):
    """The service cancelled an order's reservation (emitted by the service).

    Example:
        >>> ReservationCancelled(OrderId("SO-1"), CustomerId("C1"), "withdrawn").reason
        'withdrawn'
    """

    order_id: OrderId
    customer_id: CustomerId
    reason: str
