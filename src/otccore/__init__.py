"""otccore: embeddable, pure-domain order-to-cash credit management.

The most used names are re-exported here; everything else lives in its
subpackage (:mod:`otccore.receivables`, :mod:`otccore.money`, ...).

Example:
    >>> import otccore
    >>> from otccore.money import money
    >>> otccore.sum_money([money("10.00", "EUR"), money(5, "EUR")])
    Money('15.00', 'EUR')

The function :func:`otccore.money.money` is deliberately not re-exported here:
``otccore.money`` is the module.
"""

from otccore.errors import (
    ConcurrencyConflict,
    CurrencyMismatch,
    InvalidAmount,
    InvalidInput,
    NotFound,
    OtcError,
)
from otccore.money import Money, allocate, from_minor, round_money, sum_money, to_minor
from otccore.receivables import (
    Allocation,
    AllocationKind,
    Customer,
    OpenItem,
    Payment,
    aging,
    apply_allocations,
    dso,
)

__version__ = "0.2.0"

__all__ = [
    "Allocation",
    "AllocationKind",
    "ConcurrencyConflict",
    "CurrencyMismatch",
    "Customer",
    "InvalidAmount",
    "InvalidInput",
    "Money",
    "NotFound",
    "OpenItem",
    "OtcError",
    "Payment",
    "__version__",
    "aging",
    "allocate",
    "apply_allocations",
    "dso",
    "from_minor",
    "round_money",
    "sum_money",
    "to_minor",
]
