"""Invoicing: an InvoiceBuilder with EN 16931 arithmetic, payment terms, validation, credit notes.

Build a draft, :func:`validate` it, :func:`issue` it (the number comes from a
:class:`NumberSequence` only then) and hand its :class:`~otccore.receivables.OpenItem`
to the receivables book. :mod:`otccore.adapters.ubl` writes and reads the
invoice as UBL 2.1 in Peppol BIS Billing 3.0.

Example:
    >>> from otccore.adapters.memory import MemoryNumberSequence
    >>> from otccore.invoicing import InvoiceBuilder, NetDays, TaxCategory, issue
    >>> draft = (InvoiceBuilder.example()
    ...          .line("Widget", 3, money("9.99", "EUR"), vat=TaxCategory.of("S", 19))
    ...          .terms(NetDays(30)).draft())
    >>> result = issue(draft, MemoryNumberSequence())
    >>> result.invoice.number, result.invoice.totals.payable
    ('INV-000001', Money('35.66', 'EUR'))
"""

from otccore.invoicing.builder import InvoiceBuilder, LineSpec
from otccore.invoicing.consolidation import Billable, consolidate
from otccore.invoicing.credit import credit_note, negative_invoice
from otccore.invoicing.model import (
    CUSTOMIZATION_ID,
    PROFILE_ID,
    AllowanceCharge,
    DiscountOffer,
    DocumentReference,
    DocumentType,
    Installment,
    Invoice,
    InvoiceLine,
    Party,
    PaymentMeans,
    TaxCategory,
    Totals,
    VatBreakdown,
    VatCategory,
    VatRounding,
)
from otccore.invoicing.ports import NumberSequence, check_series
from otccore.invoicing.service import IssueResult, issue, open_item
from otccore.invoicing.terms import (
    DiscountBase,
    DiscountSplit,
    EarlyPaymentDiscount,
    EndOfMonth,
    Installments,
    NetDays,
    PaymentSchedule,
    PaymentTerms,
    TaxReduction,
    discount_split,
    parse_terms_note,
)
from otccore.invoicing.validation import (
    PEPPOL_EAS_CODES,
    ValidationProfile,
    Violation,
    validate,
)

__all__ = [
    "CUSTOMIZATION_ID",
    "PEPPOL_EAS_CODES",
    "PROFILE_ID",
    "AllowanceCharge",
    "Billable",
    "DiscountBase",
    "DiscountOffer",
    "DiscountSplit",
    "DocumentReference",
    "DocumentType",
    "EarlyPaymentDiscount",
    "EndOfMonth",
    "Installment",
    "Installments",
    "Invoice",
    "InvoiceBuilder",
    "InvoiceLine",
    "IssueResult",
    "LineSpec",
    "NetDays",
    "NumberSequence",
    "Party",
    "PaymentMeans",
    "PaymentSchedule",
    "PaymentTerms",
    "TaxCategory",
    "TaxReduction",
    "Totals",
    "ValidationProfile",
    "VatBreakdown",
    "VatCategory",
    "VatRounding",
    "Violation",
    "check_series",
    "consolidate",
    "credit_note",
    "discount_split",
    "issue",
    "negative_invoice",
    "open_item",
    "parse_terms_note",
    "validate",
]
