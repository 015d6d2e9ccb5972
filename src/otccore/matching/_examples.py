"""Small books for the examples of :mod:`otccore.matching.result` (not public).

They live apart from the result module so that it never imports the pipeline
that builds its results (no import cycle).
"""

from __future__ import annotations

from datetime import date

from otccore.matching.pipeline import reconcile
from otccore.matching.result import ReconciliationResult
from otccore.money import money
from otccore.receivables import OpenItem, Payment


def _inv(number: str, amount: int) -> OpenItem:
    """An EUR invoice of customer C1 (for the examples)."""
    return OpenItem.invoice(
        number, "C1", money(amount, "EUR"), issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31)
    )


def _pay(pid: str, amount: int, *references: str) -> Payment:
    """An EUR payment of 2026-01-20 (for the examples)."""
    return Payment.create(
        pid, money(amount, "EUR"), value_date=date(2026, 1, 20), references=references
    )


def _example() -> ReconciliationResult:
    """Posted, two suggestions and an exception (for the examples): P2 names INV-2
    but pays exactly INV-3's amount."""
    pays = [_pay("P1", 100, "INV-1"), _pay("P2", 250, "INV-2"), _pay("P3", 7)]
    items = [_inv("INV-1", 100), _inv("INV-2", 240), _inv("INV-3", 250)]
    return reconcile(pays, items, as_of=date(2026, 1, 31))
