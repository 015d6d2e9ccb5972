"""What credit's modules share beyond the kernel (not public)."""

from __future__ import annotations

import moneyed

# facts.py still imports ``day`` from here: its open-item totals are moving to
# receivables in parallel, so its imports are left alone until then.
from otccore._kernel import day as day
from otccore.errors import InvalidAmount
from otccore.money import Money, as_money, to_minor


def amount(value: object, what: str, *, allow_negative: bool = False) -> Money:
    """Money, exact to the minor unit, not negative unless allowed."""
    if not isinstance(value, moneyed.Money):
        raise InvalidAmount(f"{what} must be Money, not {type(value).__name__}: {value!r}")
    result = as_money(value)
    to_minor(result)
    if not allow_negative and result.amount < 0:
        raise InvalidAmount(f"{what} must not be negative: {result.amount} {result.currency.code}")
    return result
