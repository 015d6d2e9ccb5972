"""The receivables book: shared AR nouns, ledger application, aging and metrics.

Example:
    >>> from datetime import date
    >>> from otccore.money import money
    >>> from otccore.receivables import OpenItem, aging, dso
    >>> items = [OpenItem.invoice("I1", "C1", money(300, "EUR"),
    ...                           issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31))]
    >>> report = aging(items, as_of=date(2026, 3, 31))
    >>> dso(report.total(), credit_sales=money(900, "EUR"), days=90)
    Decimal('30')
"""

from otccore.receivables.aging import (
    DEFAULT_BUCKETS,
    AgingBasis,
    AgingBuckets,
    AgingReport,
    ItemTable,
    aging,
)
from otccore.receivables.ledger import apply_allocations, balances, check_payment_allocations
from otccore.receivables.metrics import (
    PaidItem,
    SalesBasis,
    average_days_delinquent,
    average_days_late,
    best_possible_dso,
    collection_effectiveness_index,
    countback_dso,
    days_beyond_terms,
    dso,
    weighted_days_to_pay,
)
from otccore.receivables.model import (
    Allocation,
    AllocationKind,
    Customer,
    CustomerId,
    DiscountTerm,
    ItemId,
    ItemKind,
    OpenItem,
    Payment,
    PaymentId,
    RemittanceLine,
)
from otccore.receivables.ports import (
    AllocationLedger,
    CustomerRepository,
    ItemTotals,
    OpenItemRepository,
    PaymentRepository,
    ReceivablesStore,
)
from otccore.receivables.totals import (
    OpenItemTotal,
    add_to_bucket,
    item_bucket,
    open_item_totals,
    totals_from_buckets,
)

__all__ = [
    "DEFAULT_BUCKETS",
    "AgingBasis",
    "AgingBuckets",
    "AgingReport",
    "Allocation",
    "AllocationKind",
    "AllocationLedger",
    "Customer",
    "CustomerId",
    "CustomerRepository",
    "DiscountTerm",
    "ItemId",
    "ItemKind",
    "ItemTable",
    "ItemTotals",
    "OpenItem",
    "OpenItemRepository",
    "OpenItemTotal",
    "PaidItem",
    "Payment",
    "PaymentId",
    "PaymentRepository",
    "ReceivablesStore",
    "RemittanceLine",
    "SalesBasis",
    "add_to_bucket",
    "aging",
    "apply_allocations",
    "average_days_delinquent",
    "average_days_late",
    "balances",
    "best_possible_dso",
    "check_payment_allocations",
    "collection_effectiveness_index",
    "countback_dso",
    "days_beyond_terms",
    "dso",
    "item_bucket",
    "open_item_totals",
    "totals_from_buckets",
    "weighted_days_to_pay",
]
