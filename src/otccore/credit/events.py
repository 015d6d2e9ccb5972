"""Events: what the host tells credit (inputs) and what credit tells the host (audit trail).

Inputs keep exposure current through :meth:`CreditService.handle
<otccore.credit.CreditService.handle>`: order placed / changed / cancelled /
delivered, payments in transit announced and cleared (credit's own events, here),
and the receivables-level events of :mod:`otccore.receivables.events`: an item
issued (invoice, debit note or credit note, possibly billing an order), cash
applied (the item before and after) and any other item change (dispute flag,
write-off). Item events carry the item itself so the change in exposure is exact.

Credit's earlier item events are deprecated aliases of the receivables ones:
``InvoiceIssued`` and ``CreditNoteIssued`` are ``ItemIssued``, ``PaymentApplied``
is ``CashApplied`` and ``ItemChanged`` is the receivables ``ItemChanged``.

Outputs go to the host's :class:`~otccore.ports.EventSink`: every decision
(:class:`CreditChecked`), every release (:class:`OrderReleased`), every
cancellation of a reservation (:class:`ReservationCancelled`), every account
opened (:class:`AccountOpened`) and every change of a limit, risk class or review
date (:class:`LimitChanged`, with the proposal when it came from a score).

Example:
    >>> from datetime import date
    >>> from otccore.credit import Order, OrderPlaced
    >>> from otccore.money import money
    >>> e = OrderPlaced(Order.create("SO-1", "C1", money(5, "EUR"), order_date=date(2026, 1, 1)))
    >>> e.name, e.customer_id
    ('OrderPlaced', 'C1')
"""

from __future__ import annotations

import attrs
import moneyed

from otccore._kernel import deprecated_names
from otccore.credit.accounts import CreditAccount
from otccore.credit.decision import Decision
from otccore.credit.limit_rules import LimitProposal
from otccore.credit.limits import CreditLimit
from otccore.credit.orders import Order, OrderId, Release, TransitPayment
from otccore.errors import InvalidInput
from otccore.ports import Event
from otccore.receivables import CustomerId, PaymentId
from otccore.receivables import events as _receivables

__all__ = [
    "AccountOpened",
    "CreditChecked",
    "LimitChanged",
    "OrderCancelled",
    "OrderChanged",
    "OrderDelivered",
    "OrderPlaced",
    "OrderReleased",
    "PaymentCleared",
    "PaymentInTransit",
    "ReservationCancelled",
]


@attrs.frozen
class OrderPlaced(Event):
    """An order entered without a credit check (imported, entered in the ERP): it holds credit.

    Example:
        >>> from datetime import date
        >>> from otccore.credit import Order, OrderPlaced
        >>> from otccore.money import money
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
        >>> from datetime import date
        >>> from otccore.credit import Order, OrderChanged
        >>> from otccore.money import money
        >>> OrderChanged(Order.create("SO-1", "C1", money(5, "EUR"), order_date=date(2026, 3, 2))).name
        'OrderChanged'
    """

    order: Order


@attrs.frozen
class OrderCancelled(Event):
    """The host cancelled an order: its undelivered part no longer holds credit.

    Example:
        >>> from otccore.credit import OrderCancelled, OrderId
        >>> OrderCancelled(OrderId("SO-1")).order_id
        'SO-1'
    """

    order_id: OrderId


@attrs.frozen
class OrderDelivered(Event):
    """Part of an order shipped: it moves from open orders to delivered-not-invoiced.

    Example:
        >>> from otccore.credit import OrderDelivered, OrderId
        >>> from otccore.money import money
        >>> OrderDelivered(OrderId("SO-1"), money(2, "EUR")).amount
        Money('2', 'EUR')
    """

    order_id: OrderId
    amount: moneyed.Money


@attrs.frozen
class PaymentInTransit(Event):
    """A payment was announced (avis, remittance) and is not yet applied.

    Example:
        >>> from datetime import date
        >>> from otccore.credit import PaymentInTransit, TransitPayment
        >>> from otccore.money import money
        >>> p = TransitPayment.create("P1", "C1", money(5, "EUR"), value_date=date(2026, 3, 2))
        >>> PaymentInTransit(p).payment.id
        'P1'
    """

    payment: TransitPayment


@attrs.frozen
class PaymentCleared(Event):
    """A payment in transit arrived (apply it with a :class:`~otccore.receivables.events.CashApplied`) or was withdrawn.

    Example:
        >>> from otccore.credit import PaymentCleared
        >>> from otccore.receivables import PaymentId
        >>> PaymentCleared(PaymentId("P1")).payment_id
        'P1'
    """

    payment_id: PaymentId


@attrs.frozen
class CreditChecked(Event):
    """A credit decision was taken (emitted by the service for the audit trail).

    Example:
        >>> from otccore.credit import CreditChecked
        >>> CreditChecked.__mro__[1].__name__
        'Event'
    """

    decision: Decision


@attrs.frozen
class OrderReleased(Event):
    """A named person released a held order (emitted by the service).

    Example:
        >>> from datetime import date
        >>> from otccore.credit import OrderId, OrderReleased, Release
        >>> from otccore.money import money
        >>> from otccore.receivables import CustomerId
        >>> r = Release.create(by="j.doe", reason="ok", release_date=date(2026, 3, 2), valid_days=1,
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
        >>> from otccore.credit import OrderId, ReservationCancelled
        >>> from otccore.receivables import CustomerId
        >>> ReservationCancelled(OrderId("SO-1"), CustomerId("C1"), "withdrawn").reason
        'withdrawn'
    """

    order_id: OrderId
    customer_id: CustomerId
    reason: str


@attrs.frozen
class AccountOpened(Event):
    """A credit account was opened (emitted by the service): the account as stored.

    Its ``exposure`` is where it started (the customer's open items); the
    ancestors of a child account took that exposure on in the same write.

    Example:
        >>> from otccore.credit import AccountOpened, CreditAccount, CreditLimit
        >>> from otccore.money import money
        >>> acc = CreditAccount.open("C1", "EUR", limit=CreditLimit.of(money(100, "EUR")))
        >>> e = AccountOpened(acc.next_version())
        >>> e.name, e.customer_id, e.account.limit.amount
        ('AccountOpened', 'C1', Money('100', 'EUR'))
    """

    account: CreditAccount

    @property
    def customer_id(self) -> CustomerId:
        """The account's customer."""
        return self.account.customer_id


@attrs.frozen
class LimitChanged(Event):
    """An account's limit, risk class or review date changed (emitted by the service).

    ``before`` and ``after`` are the account as it was and as stored;
    ``proposal`` is the :class:`~otccore.credit.LimitProposal` when the change
    came from :meth:`CreditService.apply_proposal
    <otccore.credit.CreditService.apply_proposal>` (``None`` for a limit set by hand).

    Example:
        >>> from datetime import date
        >>> from otccore.credit import CreditAccount, CreditLimit, LimitChanged
        >>> from otccore.money import money
        >>> before = CreditAccount.open("C1", "EUR", limit=CreditLimit.of(money(100, "EUR"))).next_version()
        >>> after = before.next_version(limit=CreditLimit.of(money(250, "EUR")), review_date=date(2026, 6, 1))
        >>> e = LimitChanged(before, after)
        >>> e.customer_id, e.limit_before.amount, e.limit_after.amount, e.after.review_date
        ('C1', Money('100', 'EUR'), Money('250', 'EUR'), datetime.date(2026, 6, 1))
    """

    before: CreditAccount
    after: CreditAccount
    proposal: LimitProposal | None = None

    def __attrs_post_init__(self) -> None:
        if self.before.customer_id != self.after.customer_id:
            raise InvalidInput(
                f"a limit change is for one account: {self.before.customer_id!r} / "
                f"{self.after.customer_id!r}"
            )

    @property
    def customer_id(self) -> CustomerId:
        """The account's customer."""
        return self.after.customer_id

    @property
    def limit_before(self) -> CreditLimit:
        """The limit before the change."""
        return self.before.limit

    @property
    def limit_after(self) -> CreditLimit:
        """The limit after the change."""
        return self.after.limit


# Credit's own item events, before the receivables-level ones connected the
# subpackages: each is now the receivables event it stood for.
_MOVED_EVENTS: dict[str, tuple[str, object]] = {
    "InvoiceIssued": ("otccore.receivables.events.ItemIssued", _receivables.ItemIssued),
    "CreditNoteIssued": ("otccore.receivables.events.ItemIssued", _receivables.ItemIssued),
    "PaymentApplied": ("otccore.receivables.events.CashApplied", _receivables.CashApplied),
    "ItemChanged": ("otccore.receivables.events.ItemChanged", _receivables.ItemChanged),
}

__getattr__ = deprecated_names(__name__, _MOVED_EVENTS)
