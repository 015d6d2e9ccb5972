"""Use cases that read the receivables book through its ports.

Example:
    >>> from otccore.adapters.memory import MemoryReceivables
    >>> from otccore.risk import paid_items
    >>> paid_items(MemoryReceivables())
    {}
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from otccore.receivables import (
    AllocationKind,
    CustomerId,
    ItemKind,
    PaidItem,
    ReceivablesStore,
)

__all__ = ["paid_items"]


def paid_items(
    store: ReceivablesStore, *, customer_id: str | None = None
) -> dict[str, list[PaidItem]]:
    """Fully settled invoices and debit notes per customer, as :class:`PaidItem`.

    The paid date is the latest value date of the payments applied to the item (an
    item settled without any payment — a write-off — is left out: it says nothing
    about payment timing). The amount is the original amount. Customers and items
    come back sorted by id.

    Example:
        >>> from datetime import date
        >>> from otccore.adapters.memory import MemoryReceivables
        >>> from otccore.money import money
        >>> from otccore.receivables import Allocation, OpenItem, Payment
        >>> from otccore.risk import paid_items
        >>> book = MemoryReceivables()
        >>> book.add_items([OpenItem.invoice("I1", "C1", money(10, "EUR"),
        ...                 issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31))])
        >>> book.add_payments([Payment.create("P1", money(10, "EUR"), value_date=date(2026, 2, 3),
        ...                                   customer_id="C1")])
        >>> book.record_allocations([Allocation.create("applied", money(10, "EUR"),
        ...                                            payment_id="P1", item_id="I1")])
        >>> paid_items(book)["C1"][0].days_late
        3
    """
    out: dict[str, list[PaidItem]] = defaultdict(list)
    items = store.list_items(customer_id=CustomerId(customer_id) if customer_id else None)
    for item in items:
        if item.is_open or item.kind not in (ItemKind.INVOICE, ItemKind.DEBIT_NOTE):
            continue
        dates: list[date] = []
        for allocation in store.list_allocations(item_id=item.id):
            if allocation.kind is AllocationKind.APPLIED and allocation.payment_id is not None:
                dates.append(store.get_payment(allocation.payment_id).value_date)
        if dates:
            out[item.customer_id].append(
                PaidItem(item.issue_date, item.due_date, max(dates), item.original)
            )
    return {k: out[k] for k in sorted(out)}
