"""Ports of the receivables book: what otccore needs a host's storage to do.

Small ``typing.Protocol`` classes with keyword-only filters and domain types only.
``otccore.adapters.memory`` and ``otccore.adapters.sqlite`` implement them; a host
implements them over its own ERP tables and proves it with the contract suite in
:mod:`otccore.testing`.

Rules every implementation keeps:

- writes are all-or-nothing: a bad record (duplicate id, over-application)
  raises an :mod:`otccore.errors` exception and nothing of that call is stored;
- ``get_*`` of an unknown id raises ``NotFound`` (:class:`CustomerRepository`
  shows both errors);
- ``record_allocations`` applies allocations atomically against the *stored*
  open amounts, so two writers can never over-apply an item or a payment;
- lists come back sorted by id, so results do not depend on storage order.

Example:
    >>> from datetime import date
    >>> from otccore.adapters.memory import MemoryReceivables
    >>> from otccore.money import money
    >>> from otccore.receivables import OpenItem, OpenItemRepository
    >>> book: OpenItemRepository = MemoryReceivables()
    >>> book.add_items([OpenItem.invoice("I1", "C1", money(10, "EUR"),
    ...                                  issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31))])
    >>> [i.id for i in book.list_items(customer_id="C1")]
    ['I1']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Protocol, runtime_checkable

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
from otccore.receivables.totals import OpenItemTotal

__all__ = [
    "AllocationLedger",
    "CustomerRepository",
    "ItemTotals",
    "OpenItemRepository",
    "PaymentRepository",
    "ReceivablesStore",
]


class CustomerRepository(Protocol):
    """Port: customers and their corporate families.

    Example:
        >>> from otccore.adapters.memory import MemoryReceivables
        >>> from otccore.receivables import Customer, CustomerId, CustomerRepository
        >>> port: CustomerRepository = MemoryReceivables()
        >>> port.add_customers([Customer.create("C3", "Child", "EUR", parent_id="C1"),
        ...                     Customer.create("C1", "Group", "EUR")])
        >>> [c.id for c in port.list_customers()]
        ['C1', 'C3']
        >>> [c.id for c in port.list_customers(parent_id=CustomerId("C1"))]
        ['C3']
        >>> port.add_customers([Customer.create("C2", "Beta", "EUR"),
        ...                     Customer.create("C1", "Group again", "EUR")])
        Traceback (most recent call last):
        ...
        otccore.errors.DuplicateId: customer id already stored: 'C1'
        >>> port.get_customer(CustomerId("C2"))
        Traceback (most recent call last):
        ...
        otccore.errors.NotFound: no customer with id 'C2'
    """

    def add_customers(self, customers: Iterable[Customer]) -> None:
        """Store new customers; a known or repeated id raises ``DuplicateId`` and stores none."""
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
        >>> from datetime import date
        >>> from otccore.adapters.memory import MemoryReceivables
        >>> from otccore.money import money
        >>> from otccore.receivables import CustomerId, ItemId, OpenItem, OpenItemRepository
        >>> port: OpenItemRepository = MemoryReceivables()
        >>> port.add_items([OpenItem.invoice("I1", "C1", money(100, "EUR"),
        ...                     issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31)),
        ...                 OpenItem.create("credit_note", "CN1", "C2", money(-5, "EUR"),
        ...                     issue_date=date(2026, 1, 1), open=money(0, "EUR"))])
        >>> [i.id for i in port.list_items()], [i.id for i in port.list_items(open_only=True)]
        (['CN1', 'I1'], ['I1'])
        >>> [i.id for i in port.list_items(customer_id=CustomerId("C2"), currency="EUR")]
        ['CN1']
        >>> port.get_item(ItemId("I1")).open
        Money('100', 'EUR')
    """

    def add_items(self, items: Iterable[OpenItem]) -> None:
        """Store new items; a known or repeated id raises ``DuplicateId`` and stores none."""
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
        """The matching items in columnar form, for aging and metrics in bulk.

        Example:
            >>> from datetime import date
            >>> from otccore.adapters.memory import MemoryReceivables
            >>> from otccore.money import money
            >>> from otccore.receivables import OpenItem, OpenItemRepository, aging
            >>> port: OpenItemRepository = MemoryReceivables()
            >>> port.add_items([OpenItem.invoice("I1", "C1", money(100, "EUR"),
            ...                     issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31))])
            >>> table = port.item_table(currency="EUR")
            >>> len(table), aging(table, as_of=date(2026, 3, 1)).past_due()
            (1, Money('100.00', 'EUR'))
        """
        ...


class PaymentRepository(Protocol):
    """Port: incoming payments.

    Example:
        >>> from datetime import date
        >>> from otccore.adapters.memory import MemoryReceivables
        >>> from otccore.money import money
        >>> from otccore.receivables import CustomerId, Payment, PaymentId, PaymentRepository
        >>> port: PaymentRepository = MemoryReceivables()
        >>> port.add_payments([
        ...     Payment.create("P2", money(5, "EUR"), value_date=date(2026, 2, 1), customer_id="C1"),
        ...     Payment.create("P1", money(9, "EUR"), value_date=date(2026, 2, 1))])
        >>> [p.id for p in port.list_payments()]
        ['P1', 'P2']
        >>> [p.id for p in port.list_payments(customer_id=CustomerId("C1"), unapplied_only=True)]
        ['P2']
        >>> port.get_payment(PaymentId("P1")).amount
        Money('9', 'EUR')
    """

    def add_payments(self, payments: Iterable[Payment]) -> None:
        """Store new payments; a known or repeated id raises ``DuplicateId`` and stores none."""
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
        """The payment's amount less the cash allocated from it so far (see
        :class:`AllocationLedger`)."""
        ...


class AllocationLedger(Protocol):
    """Port: the allocations that settle items with payments.

    Example:
        >>> from datetime import date
        >>> from otccore.adapters.memory import MemoryReceivables
        >>> from otccore.money import money
        >>> from otccore.receivables import Allocation, AllocationLedger, ItemId, OpenItem, Payment, PaymentId
        >>> store = MemoryReceivables()
        >>> store.add_items([OpenItem.invoice("I1", "C1", money(100, "EUR"),
        ...                      issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31))])
        >>> store.add_payments([Payment.create("P1", money(150, "EUR"), value_date=date(2026, 2, 1))])
        >>> port: AllocationLedger = store
        >>> port.record_allocations([
        ...     Allocation.create("applied", money(100, "EUR"), payment_id="P1", item_id="I1"),
        ...     Allocation.create("on_account", money(20, "EUR"), payment_id="P1")])
        >>> [a.kind.value for a in port.list_allocations(payment_id=PaymentId("P1"))]
        ['applied', 'on_account']
        >>> [a.kind.value for a in port.list_allocations(item_id=ItemId("I1"))]
        ['applied']
        >>> store.get_item(ItemId("I1")).is_open, store.unapplied(PaymentId("P1"))
        (False, Money('30.00', 'EUR'))
    """

    def record_allocations(self, allocations: Sequence[Allocation]) -> None:
        """Apply and store ``allocations`` atomically.

        Checks them against the stored open amounts and payment amounts: over-
        application raises ``OverApplication``, an unknown item or payment
        ``NotFound``, and nothing at all is changed.

        Example:
            >>> from datetime import date
            >>> from otccore.adapters.memory import MemoryReceivables
            >>> from otccore.money import money
            >>> from otccore.receivables import Allocation, AllocationLedger, ItemId, OpenItem, Payment
            >>> store = MemoryReceivables()
            >>> store.add_items([OpenItem.invoice("I1", "C1", money(100, "EUR"),
            ...                      issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31))])
            >>> store.add_payments([Payment.create("P1", money(150, "EUR"), value_date=date(2026, 2, 1))])
            >>> port: AllocationLedger = store
            >>> port.record_allocations([
            ...     Allocation.create("applied", money(60, "EUR"), payment_id="P1", item_id="I1"),
            ...     Allocation.create("applied", money(50, "EUR"), payment_id="P1", item_id="I1")])
            Traceback (most recent call last):
            ...
            otccore.errors.OverApplication: item 'I1': allocations of 110.00 EUR exceed its open amount of 100.00 EUR
            >>> store.get_item(ItemId("I1")).open, port.list_allocations()
            (Money('100', 'EUR'), [])
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
        >>> from otccore.receivables import ReceivablesStore
        >>> port: ReceivablesStore = MemoryReceivables()
        >>> port.list_customers(), port.list_items(), port.list_payments()
        ([], [], [])
    """


@runtime_checkable
class ItemTotals(Protocol):
    """Port (optional): a customer's open-item totals for a check date, without a scan.

    The answer must equal :func:`~otccore.receivables.open_item_totals` over the
    customer's open items (:class:`otccore.testing.receivables.ItemTotalsContract`
    checks it), but an implementation keeps per-(currency, issue date, due date)
    buckets up to date on every write instead of reading the items (see
    :mod:`otccore.receivables.totals`), so the cost depends on the number of distinct
    dates, not of items. The credit overdue checks use it whenever their item source has it.

    Example:
        >>> from datetime import date
        >>> from otccore.adapters.memory import MemoryReceivables
        >>> from otccore.money import money
        >>> from otccore.receivables import ItemTotals, OpenItem
        >>> book = MemoryReceivables()
        >>> book.add_items([OpenItem.invoice("I1", "C1", money(100, "EUR"),
        ...                     issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31)),
        ...                 OpenItem.invoice("U1", "C1", money(50, "USD"),
        ...                     issue_date=date(2026, 2, 1), due_date=date(2026, 2, 28))])
        >>> isinstance(book, ItemTotals)
        True
        >>> totals = book.open_item_totals(customer_id="C1", as_of=date(2026, 3, 2), currency="EUR")
        >>> [(t.currency, t.issue_date, t.overdue, t.oldest_due_date) for t in totals]
        [('EUR', None, Money('100.00', 'EUR'), datetime.date(2026, 1, 31)), ('USD', datetime.date(2026, 2, 1), Money('50.00', 'USD'), datetime.date(2026, 2, 28))]
    """

    def open_item_totals(
        self, *, customer_id: CustomerId, as_of: date, currency: str | None = None
    ) -> list[OpenItemTotal]:
        """The customer's open items summed per (currency, issue date) for ``as_of``.

        Positive open amounts due before ``as_of`` are overdue. Totals in
        ``currency`` (the account's, when given) are one total over every issue
        date (``issue_date`` ``None``: they need no conversion). Sorted by currency,
        then issue date; an empty list for a customer with no open item.
        """
        ...
