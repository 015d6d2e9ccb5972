"""Invoicing: an InvoiceBuilder with EN 16931 arithmetic, payment terms, validation, credit notes.

Build a draft, :func:`validate` it, :func:`issue` it (the number comes from a
:class:`NumberSequence` only then) and hand its :class:`~otccore.receivables.OpenItem`
to the receivables book. :mod:`otccore.adapters.ubl` writes and reads the
invoice as UBL 2.1 in Peppol BIS Billing 3.0.

The rooms: :mod:`~otccore.invoicing.tax`, :mod:`~otccore.invoicing.parties`,
:mod:`~otccore.invoicing.lines` and :mod:`~otccore.invoicing.document` hold the
document's values (:mod:`~otccore.invoicing.model` re-exports them);
:mod:`~otccore.invoicing.builder` collects a draft's inputs and a private module
computes its EN 16931 totals; :mod:`~otccore.invoicing.validation` checks the
rules, each broken one a :class:`Violation` (a :class:`~otccore.reasons.Reason`);
:mod:`~otccore.invoicing.service` issues, numbering through the
:class:`NumberSequence` port and emitting
:class:`~otccore.receivables.events.ItemIssued` to an optional event sink.

Example:
    >>> from otccore.adapters.memory import MemoryNumberSequence
    >>> from otccore.invoicing import InvoiceBuilder, NetDays, TaxCategory, issue
    >>> from otccore.money import money
    >>> draft = (InvoiceBuilder.example()
    ...          .line("Widget", 3, money("9.99", "EUR"), tax_category=TaxCategory.of("S", 19))
    ...          .terms(NetDays(30)).draft())
    >>> result = issue(draft, MemoryNumberSequence())
    >>> result.invoice.number, result.invoice.totals.payable
    ('INV-000001', Money('35.66', 'EUR'))
"""

from otccore.invoicing.builder import InvoiceBuilder
from otccore.invoicing.consolidation import Billable, consolidate
from otccore.invoicing.credit import credit_note, negative_invoice
from otccore.invoicing.document import (
    CUSTOMIZATION_ID,
    PROFILE_ID,
    DiscountOffer,
    DocumentReference,
    DocumentType,
    Installment,
    Invoice,
    PaymentMeans,
    Totals,
)
from otccore.invoicing.lines import AllowanceCharge, InvoiceLine, LineSpec
from otccore.invoicing.parties import Party
from otccore.invoicing.peppol import PEPPOL_EAS_CODES, ValidationProfile
from otccore.invoicing.ports import NumberSequence, check_series
from otccore.invoicing.service import IssueResult, issue, open_item
from otccore.invoicing.tax import TaxCategory, VatBreakdown, VatCategory, VatRounding
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
from otccore.invoicing.validation import validate
from otccore.invoicing.violation import Violation

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
