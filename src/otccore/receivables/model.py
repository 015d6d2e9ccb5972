"""The shared accounts-receivable nouns: customers, open items, payments, allocations.

They live in :mod:`~otccore.receivables.customers` (ids and customers),
:mod:`~otccore.receivables.items` (open items and discounts) and
:mod:`~otccore.receivables.payments` (payments, remittance lines, allocations);
this module gathers them under their old import path.

Every value is frozen (immutable, slotted) and checks itself when built, so a bad
record fails at the boundary with an :mod:`otccore.errors` exception and never
reaches a ledger.

Sign convention: an item's amounts carry the sign of what the customer owes.
Invoices and debit notes are positive; credit notes and unapplied payments on
account are negative. The open amount always has the sign of the original (or is
zero) and is never larger in size. A payment amount is positive; allocation
amounts are positive sizes.

Example:
    >>> from datetime import date
    >>> from otccore.money import money
    >>> from otccore.receivables import OpenItem
    >>> item = OpenItem.invoice("INV-1", "C1", money("119.00", "EUR"),
    ...                         issue_date=date(2026, 1, 5), due_date=date(2026, 2, 4))
    >>> item.open, item.is_open
    (Money('119.00', 'EUR'), True)
"""

from otccore.receivables.customers import Customer, CustomerId, ItemId, PaymentId
from otccore.receivables.items import DiscountTerm, ItemKind, OpenItem
from otccore.receivables.payments import Allocation, AllocationKind, Payment, RemittanceLine

__all__ = [
    "Allocation",
    "AllocationKind",
    "Customer",
    "CustomerId",
    "DiscountTerm",
    "ItemId",
    "ItemKind",
    "OpenItem",
    "Payment",
    "PaymentId",
    "RemittanceLine",
]
