"""In-memory implementations of every port: fakes for tests, stores for notebooks.

Thread-safe: each write holds one lock, so writes are atomic and two writers can
never over-apply an item or a payment. :class:`MemoryReceivables` also keeps
open-item totals per customer, currency, issue and due date on every write, for the
credit :class:`~otccore.receivables.ItemTotals` port.

Example:
    >>> from datetime import date
    >>> from otccore.adapters.memory import MemoryReceivables
    >>> from otccore.money import money
    >>> from otccore.receivables import Allocation, OpenItem, Payment
    >>> book = MemoryReceivables()
    >>> book.add_items([OpenItem.invoice("I1", "C1", money(100, "EUR"),
    ...                                  issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31))])
    >>> book.add_payments([Payment.create("P1", money(100, "EUR"), value_date=date(2026, 2, 1))])
    >>> book.record_allocations([Allocation.create("applied", money(100, "EUR"),
    ...                                            payment_id="P1", item_id="I1")])
    >>> book.get_item("I1").is_open, book.unapplied("P1")
    (False, Money('0.00', 'EUR'))
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TypeVar

from otccore.errors import CurrencyMismatch, DuplicateId, NotFound
from otccore.money import Money, check_currency, from_minor, to_minor
from otccore.ports import Event
from otccore.receivables.aging import ItemTable
from otccore.receivables.ledger import apply_allocations, check_payment_allocations, index_unique
from otccore.receivables.model import (
    Allocation,
    Customer,
    CustomerId,
    ItemId,
    OpenItem,
    Payment,
    PaymentId,
)
from otccore.receivables.totals import BucketKey, OpenItemTotal, add_to_bucket, totals_from_buckets

__all__ = ["FixedClock", "MemoryEventSink", "MemoryReceivables", "SystemClock"]

V = TypeVar("V")


class FixedClock:
    """A :class:`~otccore.ports.Clock` that always says the same day (tests, batch runs).

    Example:
        >>> from datetime import date
        >>> from otccore.adapters.memory import FixedClock
        >>> FixedClock(date(2026, 6, 30)).today()
        datetime.date(2026, 6, 30)
    """

    def __init__(self, today: date) -> None:
        self._today = today

    def today(self) -> date:
        """The fixed date, on every call."""
        return self._today


class SystemClock:
    """A :class:`~otccore.ports.Clock` reading the machine's local date.

    Example:
        >>> from datetime import date
        >>> from otccore.adapters.memory import SystemClock
        >>> isinstance(SystemClock().today(), date)
        True
    """

    def today(self) -> date:
        """Today's local date (``date.today()``): the only clock in otccore that moves."""
        return date.today()


class MemoryEventSink:
    """An :class:`~otccore.ports.EventSink` that keeps events in a list.

    Example:
        >>> from otccore.adapters.memory import MemoryEventSink
        >>> from otccore.ports import Event
        >>> sink = MemoryEventSink()
        >>> sink.emit(Event())
        >>> len(sink.events)
        1
    """

    def __init__(self) -> None:
        self._events: list[Event] = []
        self._lock = threading.Lock()

    def emit(self, event: Event) -> None:
        """Append ``event``."""
        with self._lock:
            self._events.append(event)

    @property
    def events(self) -> tuple[Event, ...]:
        """Everything emitted so far, in order (a snapshot: later events do not appear in it)."""
        with self._lock:
            return tuple(self._events)


class MemoryReceivables:
    """Every receivables port (customers, items, payments, allocations) in memory.

    Example:
        >>> from otccore.adapters.memory import MemoryReceivables
        >>> from otccore.receivables import Customer
        >>> store = MemoryReceivables()
        >>> store.add_customers([Customer.create("C1", "Acme", "EUR")])
        >>> store.get_customer("C1").name
        'Acme'
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._customers: dict[str, Customer] = {}
        self._items: dict[str, OpenItem] = {}
        self._payments: dict[str, Payment] = {}
        self._used: dict[str, int] = {}
        self._allocations: list[Allocation] = []
        # Per customer: (currency, issue date, due date) -> [open minor, positive open
        # minor, open items], kept on every write so open_item_totals reads no item.
        self._buckets: dict[str, dict[BucketKey, list[int]]] = {}

    def _add(self, store: dict[str, V], values: Iterable[V], what: str) -> list[V]:
        """Store new values by id, all or nothing; the values stored, in id order."""
        new = index_unique(values, "id", what)
        with self._lock:
            clash = sorted(set(new) & set(store))
            if clash:
                raise DuplicateId(f"{what} id already stored: {clash[0]!r}")
            store.update(new)
        return [new[key] for key in sorted(new)]

    def _get(self, store: dict[str, V], key: str, what: str) -> V:
        """The value stored under ``key``, or NotFound."""
        with self._lock:
            try:
                return store[key]
            except KeyError:
                raise NotFound(f"no {what} with id {key!r}") from None

    # customers -----------------------------------------------------------
    def add_customers(self, customers: Iterable[Customer]) -> None:
        """Implements :meth:`~otccore.receivables.CustomerRepository.add_customers`."""
        self._add(self._customers, customers, "customer")

    def get_customer(self, customer_id: CustomerId) -> Customer:
        """Implements :meth:`~otccore.receivables.CustomerRepository.get_customer`."""
        return self._get(self._customers, customer_id, "customer")

    def list_customers(self, *, parent_id: CustomerId | None = None) -> list[Customer]:
        """Implements :meth:`~otccore.receivables.CustomerRepository.list_customers`."""
        with self._lock:
            found = [
                c for c in self._customers.values() if parent_id is None or c.parent_id == parent_id
            ]
        return sorted(found, key=lambda c: c.id)

    # items -----------------------------------------------------------------
    def add_items(self, items: Iterable[OpenItem]) -> None:
        """Implements :meth:`~otccore.receivables.OpenItemRepository.add_items`."""
        with self._lock:  # re-entrant: the counts are written with the items
            for item in self._add(self._items, items, "item"):
                self._count(item, 1)

    def get_item(self, item_id: ItemId) -> OpenItem:
        """Implements :meth:`~otccore.receivables.OpenItemRepository.get_item`."""
        return self._get(self._items, item_id, "item")

    def list_items(
        self,
        *,
        customer_id: CustomerId | None = None,
        open_only: bool = False,
        currency: str | None = None,
    ) -> list[OpenItem]:
        """Implements :meth:`~otccore.receivables.OpenItemRepository.list_items`."""
        code = check_currency(currency) if currency is not None else None
        with self._lock:
            found = [
                i
                for i in self._items.values()
                if (customer_id is None or i.customer_id == customer_id)
                and (not open_only or i.is_open)
                and (code is None or i.currency == code)
            ]
        return sorted(found, key=lambda i: i.id)

    def item_table(
        self, *, currency: str, customer_id: CustomerId | None = None, open_only: bool = True
    ) -> ItemTable:
        """Implements :meth:`~otccore.receivables.OpenItemRepository.item_table`."""
        items = self.list_items(customer_id=customer_id, open_only=open_only, currency=currency)
        return ItemTable.from_items(items, currency=currency)

    def open_item_totals(
        self, *, customer_id: CustomerId, as_of: date, currency: str | None = None
    ) -> list[OpenItemTotal]:
        """Implements :meth:`~otccore.receivables.ItemTotals.open_item_totals`.

        Read from buckets kept on every write, so the cost grows with the customer's
        distinct dates, not its items.
        """
        with self._lock:
            rows = [(*k, b[0], b[1]) for k, b in self._buckets.get(customer_id, {}).items()]
        return totals_from_buckets(rows, as_of=as_of, currency=currency)

    def _count(self, item: OpenItem, sign: int) -> None:
        """Add (``sign`` 1) or take out (-1) the item's share of its customer's buckets."""
        buckets = self._buckets.setdefault(item.customer_id, {})
        key = add_to_bucket(buckets, item, sign)
        if key is not None and buckets[key][2] == 0:
            del buckets[key]

    # payments ----------------------------------------------------------------
    def add_payments(self, payments: Iterable[Payment]) -> None:
        """Implements :meth:`~otccore.receivables.PaymentRepository.add_payments`."""
        self._add(self._payments, payments, "payment")

    def get_payment(self, payment_id: PaymentId) -> Payment:
        """Implements :meth:`~otccore.receivables.PaymentRepository.get_payment`."""
        return self._get(self._payments, payment_id, "payment")

    def list_payments(
        self, *, customer_id: CustomerId | None = None, unapplied_only: bool = False
    ) -> list[Payment]:
        """Implements :meth:`~otccore.receivables.PaymentRepository.list_payments`."""
        with self._lock:
            found = [
                p
                for p in self._payments.values()
                if (customer_id is None or p.customer_id == customer_id)
                and (not unapplied_only or self._used.get(p.id, 0) < to_minor(p.amount))
            ]
        return sorted(found, key=lambda p: p.id)

    def unapplied(self, payment_id: PaymentId) -> Money:
        """Implements :meth:`~otccore.receivables.PaymentRepository.unapplied`."""
        with self._lock:
            payment = self._get(self._payments, payment_id, "payment")
            return from_minor(
                to_minor(payment.amount) - self._used.get(payment.id, 0), payment.currency
            )

    # allocations -----------------------------------------------------------
    def record_allocations(self, allocations: Sequence[Allocation]) -> None:
        """Implements :meth:`~otccore.receivables.AllocationLedger.record_allocations`."""
        allocs = list(allocations)
        with self._lock:
            item_ids = {a.item_id for a in allocs if a.item_id is not None and a.kind.settles_item}
            items = [self._get(self._items, i, "item") for i in sorted(item_ids)]
            pay_ids = {a.payment_id for a in allocs if a.payment_id is not None}
            payments = [self._get(self._payments, p, "payment") for p in sorted(pay_ids)]
            for alloc in allocs:
                if alloc.payment_id is not None:
                    payment = self._payments[alloc.payment_id]
                    if payment.currency != alloc.currency:
                        raise CurrencyMismatch(
                            f"allocation in {alloc.currency} for payment {payment.id!r} "
                            f"in {payment.currency}"
                        )
            updated = apply_allocations(items, allocs)
            used = check_payment_allocations(
                payments,
                allocs,
                already_used={
                    PaymentId(p.id): from_minor(self._used.get(p.id, 0), p.currency)
                    for p in payments
                },
            )
            for item in updated:
                self._count(self._items[item.id], -1)
                self._count(item, 1)
                self._items[item.id] = item
            for pid, amount in used.items():
                self._used[pid] = to_minor(amount)
            self._allocations.extend(allocs)

    def list_allocations(
        self, *, payment_id: PaymentId | None = None, item_id: ItemId | None = None
    ) -> list[Allocation]:
        """Implements :meth:`~otccore.receivables.AllocationLedger.list_allocations`."""
        with self._lock:
            return [
                a
                for a in self._allocations
                if (payment_id is None or a.payment_id == payment_id)
                and (item_id is None or a.item_id == item_id)
            ]
