"""The invoice document: its type, references, payment instructions, totals and the Invoice.

Every value is frozen. An :class:`Invoice` states its amounts (as a document read
from a file does); :class:`~otccore.invoicing.InvoiceBuilder` computes them by the
EN 16931 formulas and :func:`~otccore.invoicing.validate` checks them. The
business terms (BT-…) of EN 16931 are named in each field's docstring.

Signs: an invoice (380) and a credit note (381) both carry positive amounts; a
negative invoice (380) carries negative quantities and amounts with positive
prices.

Example:
    >>> from otccore.invoicing import DocumentType
    >>> DocumentType("381").name
    'CREDIT_NOTE'
"""

from __future__ import annotations

import enum
from datetime import date
from decimal import Decimal
from typing import Final

import attrs

from otccore.invoicing.lines import AllowanceCharge, InvoiceLine
from otccore.invoicing.parties import Party
from otccore.invoicing.tax import TaxReduction, VatBreakdown, VatRounding
from otccore.money import Money, check_currency

__all__ = [
    "CUSTOMIZATION_ID",
    "PROFILE_ID",
    "DiscountOffer",
    "DocumentReference",
    "DocumentType",
    "Installment",
    "Invoice",
    "PaymentMeans",
    "Totals",
]

CUSTOMIZATION_ID: Final = (
    "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
)
"""BT-24, the Peppol BIS Billing 3.0 specification identifier."""
PROFILE_ID: Final = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
"""BT-23, the Peppol billing business process."""


class DocumentType(enum.StrEnum):
    """Invoice type code BT-3 (UNCL 1001): a commercial invoice or a credit note.

    Example:
        >>> from otccore.invoicing import DocumentType
        >>> DocumentType("381").name
        'CREDIT_NOTE'
    """

    INVOICE = "380"
    CREDIT_NOTE = "381"


@attrs.frozen
class Totals:
    """Document totals (BG-22).

    Example:
        >>> from otccore.invoicing import Totals
        >>> from otccore.money import money
        >>> z = money("0.00", "EUR")
        >>> t = Totals(money(100, "EUR"), z, z, money(100, "EUR"), money(19, "EUR"),
        ...            money(119, "EUR"), z, z, money(119, "EUR"))
        >>> t.payable
        Money('119', 'EUR')
    """

    line_total: Money
    """BT-106: sum of invoice line net amounts."""
    allowance_total: Money
    """BT-107: sum of document-level allowances."""
    charge_total: Money
    """BT-108: sum of document-level charges."""
    tax_exclusive: Money
    """BT-109: invoice total without VAT."""
    tax_total: Money
    """BT-110: invoice total VAT."""
    tax_inclusive: Money
    """BT-112: invoice total with VAT."""
    prepaid: Money
    """BT-113: amount already paid."""
    rounding: Money
    """BT-114: rounding amount (cash rounding)."""
    payable: Money
    """BT-115: amount due for payment."""


@attrs.frozen
class DocumentReference:
    """A preceding invoice (BG-3: BT-25 number, BT-26 issue date).

    Example:
        >>> from datetime import date
        >>> from otccore.invoicing import DocumentReference
        >>> DocumentReference("INV-1", date(2026, 1, 5)).number
        'INV-1'
    """

    number: str
    issue_date: date | None = None


@attrs.frozen
class PaymentMeans:
    """Payment instructions (BG-16): means code BT-81, remittance BT-83, account BT-84.

    Code 30 is credit transfer, 58 SEPA credit transfer, 59 SEPA direct debit.

    Example:
        >>> from otccore.invoicing import PaymentMeans
        >>> PaymentMeans("58", payment_reference="RF18INV1", iban="DE89370400440532013000").code
        '58'
    """

    code: str = "30"
    payment_reference: str | None = None
    iban: str | None = None


@attrs.frozen
class DiscountOffer:
    """A resolved early-payment discount: ``percent`` off if paid by ``until``.

    ``base`` is the amount the percentage applies to when it is not the amount
    due (a discount on the net amount); ``amount`` is the discount in money;
    ``tax_reduction`` says whether taking it reduces the VAT (the terms' mode,
    which :func:`~otccore.invoicing.discount_split` follows).

    Example:
        >>> from datetime import date
        >>> from decimal import Decimal
        >>> from otccore.invoicing import DiscountOffer
        >>> from otccore.money import money
        >>> offer = DiscountOffer(date(2026, 1, 15), Decimal("2"), None, money("2.38", "EUR"))
        >>> offer.amount, offer.tax_reduction
        (Money('2.38', 'EUR'), <TaxReduction.PROPORTIONAL: 'proportional'>)
    """

    until: date
    percent: Decimal
    base: Money | None
    amount: Money
    tax_reduction: TaxReduction = TaxReduction.PROPORTIONAL


@attrs.frozen
class Installment:
    """One part of the amount due with its own due date.

    Example:
        >>> from datetime import date
        >>> from otccore.invoicing import Installment
        >>> from otccore.money import money
        >>> Installment(date(2026, 2, 1), money("50.00", "EUR")).amount
        Money('50.00', 'EUR')
    """

    due_date: date
    amount: Money


@attrs.frozen
class Invoice:
    """An invoice or credit note as a document: every amount stated, nothing recomputed.

    A draft has ``number=None``; :func:`~otccore.invoicing.issue` assigns the
    number. Build drafts with :class:`~otccore.invoicing.InvoiceBuilder`.

    Example:
        >>> from otccore.invoicing import InvoiceBuilder, TaxCategory
        >>> from otccore.money import money
        >>> draft = InvoiceBuilder.example().line("Widget", 2, money(50, "EUR"),
        ...                                       tax_category=TaxCategory.of("S", 19)).draft()
        >>> draft.number is None, draft.totals.payable
        (True, Money('119.00', 'EUR'))
    """

    type: DocumentType
    number: str | None
    issue_date: date
    currency: str
    seller: Party
    buyer: Party
    lines: tuple[InvoiceLine, ...]
    allowance_charges: tuple[AllowanceCharge, ...]
    vat_breakdown: tuple[VatBreakdown, ...]
    totals: Totals
    due_date: date | None = None
    terms_note: str | None = None
    discounts: tuple[DiscountOffer, ...] = ()
    installments: tuple[Installment, ...] = ()
    payment_means: PaymentMeans | None = None
    order_reference: str | None = None
    buyer_reference: str | None = None
    preceding: tuple[DocumentReference, ...] = ()
    tax_currency: str | None = None
    tax_total_in_tax_currency: Money | None = None
    vat_rounding: VatRounding = VatRounding.DOCUMENT

    def __attrs_post_init__(self) -> None:
        check_currency(self.currency)
        if self.tax_currency is not None:
            check_currency(self.tax_currency)

    @property
    def is_draft(self) -> bool:
        """True until a number is assigned."""
        return self.number is None

    @property
    def is_credit_note(self) -> bool:
        """True for type 381."""
        return self.type is DocumentType.CREDIT_NOTE
