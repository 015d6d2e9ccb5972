"""Fraud and anomaly signals over documents, orders, payments and refunds.

Each signal returns :class:`~otccore.risk.Findings`, a tuple of
:class:`~otccore.risk.Finding` (what, why, which records) that is also a table,
sorted by stable keys so the same input in any order gives the same findings.
Every threshold is a keyword parameter. Amounts are ``Money``, ``Decimal`` or
``int``; a float is refused with ``InvalidAmount``.

The signals live by kind (this module re-exports them all):

- :mod:`otccore.risk.documents`: the records they read (:class:`Document`,
  :class:`Refund`, :class:`BankDetailsChange`);
- :mod:`otccore.risk.duplicates`: :func:`exact_duplicates`, :func:`same_same_same`,
  :func:`same_same_different`, :func:`near_duplicate_numbers`;
- :mod:`otccore.risk.outliers`: :func:`round_numbers`, :func:`relative_size_factor`,
  :func:`order_spikes`;
- :mod:`otccore.risk.accounts`: :func:`new_payer_accounts`,
  :func:`refunds_to_changed_accounts`.

Example:
    Several tests over the same rows, each finding naming its test (``signal``):

    >>> from datetime import date
    >>> from otccore.risk import exact_duplicates, near_duplicate_numbers, same_same_same
    >>> rows = [("1", "C1", "INV-7", 100, date(2026, 1, 2)), ("2", "C1", "INV-7", 100, date(2026, 1, 2)),
    ...         ("3", "C1", "INV-8", 100, date(2026, 1, 9))]
    >>> tests = (exact_duplicates, same_same_same, near_duplicate_numbers)
    >>> [(f.signal, f.subjects) for test in tests for f in test(rows)][:3]
    [('exact_duplicates', ('1', '2')), ('same_same_same', ('1', '2')), ('near_duplicate_numbers', ('1', '3'))]
"""

from otccore.risk.accounts import new_payer_accounts, refunds_to_changed_accounts
from otccore.risk.documents import BankDetailsChange, Document, Refund
from otccore.risk.duplicates import (
    exact_duplicates,
    near_duplicate_numbers,
    same_same_different,
    same_same_same,
)
from otccore.risk.outliers import order_spikes, relative_size_factor, round_numbers

__all__ = [
    "BankDetailsChange",
    "Document",
    "Refund",
    "exact_duplicates",
    "near_duplicate_numbers",
    "new_payer_accounts",
    "order_spikes",
    "refunds_to_changed_accounts",
    "relative_size_factor",
    "round_numbers",
    "same_same_different",
    "same_same_same",
]
