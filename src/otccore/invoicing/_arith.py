"""EN 16931 arithmetic on bare Decimals (shared by the builder and the validator).

Every function rounds half-up (away from zero on ties, negatives included) to the
quantum it is given, inside an explicit decimal context; sums of rounded amounts
are never rounded again.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from otccore._kernel import HALF_UP
from otccore.invoicing.lines import AllowanceCharge
from otccore.invoicing.tax import TaxCategory, VatRounding

__all__ = ["line_extension", "line_net", "round_half_up", "vat_groups"]

GroupKey = tuple[str, Decimal]


def round_half_up(value: Decimal, quantum: Decimal) -> Decimal:
    """Round to ``quantum`` half-up (ties away from zero, as EN 16931 rounds)."""
    return value.quantize(quantum, rounding=ROUND_HALF_UP, context=HALF_UP)


def line_extension(
    price: Decimal, quantity: Decimal, base_quantity: Decimal, quantum: Decimal
) -> Decimal:
    """round(price ÷ base quantity × quantity): one rounding, product first."""
    with decimal.localcontext(HALF_UP):
        raw = price * quantity / base_quantity
    return round_half_up(raw, quantum)


def line_net(extension: Decimal, adjustments: Iterable[AllowanceCharge]) -> Decimal:
    """BT-131: the line extension plus line charges minus line allowances."""
    total = extension
    for ac in adjustments:
        total += ac.signed_amount
    return total


def vat_groups(
    lines: Iterable[tuple[TaxCategory, Decimal]],
    document: Iterable[AllowanceCharge],
    mode: VatRounding,
    quantum: Decimal,
) -> dict[GroupKey, tuple[TaxCategory, Decimal, Decimal]]:
    """Taxable amount and tax per (category, rate), sorted by key.

    ``lines`` are (tax category, BT-131) pairs; ``document`` the document-level
    allowances and charges (each with its tax category). In ``DOCUMENT`` mode the
    tax is round(taxable × rate) once per group; in ``LINE`` mode it is the sum of
    the rounded tax of each line and each allowance or charge.
    """
    taxable: dict[GroupKey, Decimal] = {}
    tax_by_line: dict[GroupKey, Decimal] = {}
    cats: dict[GroupKey, TaxCategory] = {}
    per_line = mode is VatRounding.LINE
    entries: list[tuple[TaxCategory, Decimal]] = list(lines)
    for ac in document:
        if ac.tax_category is not None:
            entries.append((ac.tax_category, ac.signed_amount))
    with decimal.localcontext(HALF_UP):
        for cat, amount in entries:
            key = cat.key
            if key not in cats:
                cats[key] = cat
                taxable[key] = Decimal(0)
                tax_by_line[key] = Decimal(0)
            taxable[key] += amount
            if per_line:
                tax_by_line[key] += round_half_up(amount * cat.factor, quantum)
        result: dict[GroupKey, tuple[TaxCategory, Decimal, Decimal]] = {}
        for key in sorted(cats):
            cat = cats[key]
            tax = (
                tax_by_line[key] if per_line else round_half_up(taxable[key] * cat.factor, quantum)
            )
            result[key] = (cat, taxable[key], tax)
    return result
