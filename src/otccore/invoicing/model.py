"""The invoice model, re-exported from its rooms (import from :mod:`otccore.invoicing`).

- :mod:`otccore.invoicing.tax`: VAT category codes, a category with its rate,
  the VAT breakdown, the rounding and discount-reduction modes;
- :mod:`otccore.invoicing.parties`: the seller and the buyer;
- :mod:`otccore.invoicing.lines`: line specs, lines, allowances and charges;
- :mod:`otccore.invoicing.document`: the document with its references,
  payment instructions and totals.

Example:
    >>> from otccore.invoicing import TaxCategory
    >>> TaxCategory.of("O").rate is None
    True
"""

from __future__ import annotations

# A re-export shim: every name lives in one of the rooms below.
# ruff: noqa: F405
from otccore.invoicing.document import *  # noqa: F403
from otccore.invoicing.lines import *  # noqa: F403
from otccore.invoicing.parties import *  # noqa: F403
from otccore.invoicing.tax import *  # noqa: F403

__all__ = [
    "CUSTOMIZATION_ID",
    "PROFILE_ID",
    "AllowanceCharge",
    "DiscountOffer",
    "DocumentReference",
    "DocumentType",
    "Installment",
    "Invoice",
    "InvoiceLine",
    "Party",
    "PaymentMeans",
    "TaxCategory",
    "TaxReduction",
    "Totals",
    "VatBreakdown",
    "VatCategory",
    "VatRounding",
]
