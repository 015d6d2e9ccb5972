"""Ports of the receivables book: what otccore needs a host's storage to do.

Small ``typing.Protocol`` classes with keyword-only filters and domain types only.
``otccore.adapters.memory`` and ``otccore.adapters.sqlite`` implement them; a host
implements them over its own ERP tables and proves it with the contract suite in
:mod:`otccore.testing`.

Rules every implementation keeps:

- writes are all-or-nothing: a bad record (duplicate id, over-application)
  raises an :mod:`otccore.errors` exception and nothing of that call is stored;
- ``record_allocations`` applies allocations atomically against the *stored*
  open amounts, so two writers can never over-apply an item or a payment;
- lists come back sorted by id, so results do not depend on storage order.

Example:
    >>> from datetime import date
    >>> from otccore.adapters.memory import MemoryReceivables
    >>> from otccore.money import money
    >>> from otccore.receivables import OpenItem
    >>> book: OpenItemRepository = MemoryReceivables()
    >>> book.add_items([OpenItem.invoice("I1", "C1", money(10, "EUR"),
    ...                                  issued=date(2026, 1, 1), due=date(2026, 1, 31))])
    >>> [i.id for i in book.list_items(customer_id="C1")]
    ['I1']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from otccore.money import Money
from otccore.receivables.aging import ItemTable
from otccore.receivables.model import (
    Allocation,
    Customer,
    CustomerId,
    ItemId,
    OpenItem,
    Payment,
    PaymentId,
)

__all__ = [
    "AllocationLedger",
    "CustomerRepository",
    "OpenItemRepository",
    "PaymentRepository",
    "ReceivablesStore",
]


class CustomerRepository(Protocol):
    """Port: customers and their corporate families.

    Example:
        >>> from otccore.adapters.memory import MemoryReceivables
        >>> port: CustomerRepository = MemoryReceivables()
        >>> port.list_customers()
        []
    """

    def add_customers(self, customers: Iterable[Customer]) -> None:
        """Store new customers; a known id raises ``DuplicateId`` and stores none."""
        ...

    def get_customer(self, customer_id: CustomerId) -> Customer:
        """The customer, or ``NotFound``."""
        ...

    def list_customers(self, *, parent_id: CustomerId | None = None) -> list[Customer]:
        """All customers (or the direct children of ``parent_id``), sorted by id."""
        ...


class OpenItemRepository(Protocol):
    """Port: receivable documents and their open amounts.

    Example:
        >>> from otccore.adapters.memory import MemoryReceivables
        >>> port: OpenItemRepository = MemoryReceivables()
        >>> port.list_items(open_only=True)
        []
    """

    def add_items(self, items: Iterable[OpenItem]) -> None:
        """Store new items; a known id raises ``DuplicateId`` and stores none."""
        ...

    def get_item(self, item_id: ItemId) -> OpenItem:
        """The item, or ``NotFound``."""
        ...

    def list_items(
        self,
        *,
        customer_id: CustomerId | None = None,
        open_only: bool = False,
        currency: str | None = None,
    ) -> list[OpenItem]:
        """Items matching every given filter, sorted by id."""
        ...

    def item_table(
        self, *, currency: str, customer_id: CustomerId | None = None, open_only: bool = True
    ) -> ItemTable:
        """The matching items in columnar form, for aging and metrics in bulk."""
        ...


class PaymentRepository(Protocol):
    """Port: incoming payments.

    Example:
        >>> from otccore.adapters.memory import MemoryReceivables
        >>> port: PaymentRepository = MemoryReceivables()
        >>> port.list_payments(unapplied_only=True)
        []
    """

    def add_payments(self, payments: Iterable[Payment]) -> None:
        """Store new payments; a known id raises ``DuplicateId`` and stores none."""
        ...

    def get_payment(self, payment_id: PaymentId) -> Payment:
        """The payment, or ``NotFound``."""
        ...

    def list_payments(
        self, *, customer_id: CustomerId | None = None, unapplied_only: bool = False
    ) -> list[Payment]:
        """Payments matching the filters, sorted by id; ``unapplied_only`` keeps those
        with cash not yet allocated."""
        ...

    def unapplied(self, payment_id: PaymentId) -> Money:
        """The payment's amount less the cash allocated from it so far."""
        ...


class AllocationLedger(Protocol):
    """Port: the allocations that settle items with payments.

    Example:
        >>> from otccore.adapters.memory import MemoryReceivables
        >>> port: AllocationLedger = MemoryReceivables()
        >>> port.list_allocations()
        []
    """

    def record_allocations(self, allocations: Sequence[Allocation]) -> None:
        """Apply and store ``allocations`` atomically.

        Checks them against the stored open amounts and payment amounts: over-
        application raises ``OverApplication``, an unknown item or payment
        ``NotFound``, and nothing at all is changed.
        """
        ...

    def list_allocations(
        self, *, payment_id: PaymentId | None = None, item_id: ItemId | None = None
    ) -> list[Allocation]:
        """Stored allocations matching the filters, in the order they were recorded."""
        ...


class ReceivablesStore(
    CustomerRepository, OpenItemRepository, PaymentRepository, AllocationLedger, Protocol
):
    """All four receivables ports in one object, as both bundled adapters provide them.

    Example:
        >>> from otccore.adapters.memory import MemoryReceivables
        >>> port: ReceivablesStore = MemoryReceivables()
        >>> port.list_customers()
        []
    """
