"""The invoice document: parties, lines, allowances and charges, VAT breakdown, totals.

Every value is frozen. An :class:`Invoice` states its amounts (as a document read
from a file does); :class:`~otccore.invoicing.InvoiceBuilder` computes them by the
EN 16931 formulas and :func:`~otccore.invoicing.validate` checks them. The
business terms (BT-…) of EN 16931 are named in each field's docstring.

Signs: an invoice (380) and a credit note (381) both carry positive amounts; a
negative invoice (380) carries negative quantities and amounts with positive
prices.

Example:
    >>> from otccore.invoicing import TaxCategory, VatCategory
    >>> TaxCategory.of("S", "19")
    TaxCategory(category=<VatCategory.STANDARD: 'S'>, rate=Decimal('19'))
    >>> TaxCategory.of("O").rate is None
    True
"""

from __future__ import annotations

import decimal
import enum
from datetime import date
from decimal import Decimal
from typing import Final

import attrs
import moneyed

from otccore.errors import CurrencyMismatch, InvalidAmount, InvalidInput
from otccore.money import (
    Money,
    as_decimal,
    as_money,
    check_currency,
    from_minor,
    minor_digits,
    to_minor,
)
from otccore.receivables import Customer, CustomerId

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

CUSTOMIZATION_ID: Final = (
    "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
)
"""BT-24, the Peppol BIS Billing 3.0 specification identifier."""
PROFILE_ID: Final = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"
"""BT-23, the Peppol billing business process."""

# Work precision for every product and quotient; rounding is always explicit.
CONTEXT: Final = decimal.Context(prec=40, rounding=decimal.ROUND_HALF_UP)


class VatCategory(enum.StrEnum):
    """VAT category codes of EN 16931 (UNCL 5305 subset), BT-118 / BT-151.

    Example:
        >>> VatCategory("AE").name, VatCategory.NOT_SUBJECT.value
        ('REVERSE_CHARGE', 'O')
    """

    STANDARD = "S"
    ZERO = "Z"
    EXEMPT = "E"
    REVERSE_CHARGE = "AE"
    INTRA_COMMUNITY = "K"
    EXPORT = "G"
    NOT_SUBJECT = "O"
    CANARY_ISLANDS = "L"
    CEUTA_MELILLA = "M"

    @classmethod
    def parse(cls, code: object) -> VatCategory:
        """The category for a code, or :class:`~otccore.errors.InvalidInput` naming it.

        Example:
            >>> VatCategory.parse("X")
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: unknown VAT category: 'X' (expected one of S, Z, E, AE, K, G, O, L, M)
        """
        if isinstance(code, VatCategory):
            return code
        try:
            if not isinstance(code, str):
                raise ValueError(code)
            return cls(code)
        except ValueError:
            known = ", ".join(c.value for c in cls)
            raise InvalidInput(
                f"unknown VAT category: {code!r} (expected one of {known})"
            ) from None


# Default exemption reason (BT-120) and code (BT-121) per category that needs one.
EXEMPTIONS: Final[dict[VatCategory, tuple[str, str | None]]] = {
    VatCategory.EXEMPT: ("Exempt from VAT", None),
    VatCategory.REVERSE_CHARGE: ("Reverse charge", "VATEX-EU-AE"),
    VatCategory.INTRA_COMMUNITY: ("Intra-community supply", "VATEX-EU-IC"),
    VatCategory.EXPORT: ("Export outside the EU", "VATEX-EU-G"),
    VatCategory.NOT_SUBJECT: ("Not subject to VAT", "VATEX-EU-O"),
}


class DocumentType(enum.StrEnum):
    """Invoice type code BT-3 (UNCL 1001): a commercial invoice or a credit note.

    Example:
        >>> DocumentType("381").name
        'CREDIT_NOTE'
    """

    INVOICE = "380"
    CREDIT_NOTE = "381"


class VatRounding(enum.StrEnum):
    """Where VAT is rounded.

    ``DOCUMENT`` (the EN 16931 default): once per (category, rate) on the taxable
    amount. ``LINE``: on every line and document allowance or charge, then summed;
    the difference to ``DOCUMENT`` is surfaced on each
    :attr:`VatBreakdown.rounding_difference`.

    Example:
        >>> VatRounding("line") is VatRounding.LINE
        True
    """

    DOCUMENT = "document"
    LINE = "line"


class TaxReduction(enum.StrEnum):
    """Whether taking the discount reduces the VAT.

    ``PROPORTIONAL`` (default): the discount contains VAT in proportion to each
    VAT group, and the seller corrects its output VAT by that share when the
    discount is taken (for example § 17 UStG). ``NONE``: no VAT correction; the
    whole discount is a net financial reduction.

    Example:
        >>> TaxReduction.NONE.value
        'none'
    """

    PROPORTIONAL = "proportional"
    NONE = "none"


def _text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(f"{what} must be a non-empty str: {value!r}")
    return value


def _opt_text(value: object, what: str) -> str | None:
    return None if value is None else _text(value, what)


def _decimal(value: object, what: str) -> Decimal:
    return as_decimal(value, what=what)


def _money(value: object, what: str, currency: str | None = None) -> Money:
    if not isinstance(value, moneyed.Money):
        raise InvalidAmount(f"{what} must be Money, not {type(value).__name__}: {value!r}")
    result = as_money(value)
    if currency is not None and result.currency.code != currency:
        raise CurrencyMismatch(
            f"{what} is in {result.currency.code} {result.amount}, the invoice is in {currency}"
        )
    return result


def step(currency: str) -> Decimal:
    """The minor-unit quantum of ``currency`` (``Decimal('0.01')`` for EUR).

    Example:
        >>> step("EUR"), step("JPY")
        (Decimal('0.01'), Decimal('1'))
    """
    return Decimal(1).scaleb(-minor_digits(currency))


def minor_amount(value: Money, what: str) -> Money:
    """``value`` written to its currency's minor unit; finer amounts raise InvalidAmount.

    Amounts on the document (allowances, charges, prepaid …) have at most the
    currency's decimals (EN 16931 BR-DEC); unit prices may have more.

    Example:
        >>> minor_amount(Money("5", "EUR"), "charge amount")
        Money('5.00', 'EUR')
        >>> minor_amount(Money("0.333", "EUR"), "charge amount")
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidAmount: charge amount: EUR 0.333 is finer than the minor unit (2 decimals)
    """
    try:
        return from_minor(to_minor(value), value.currency.code)
    except InvalidAmount as exc:
        raise InvalidAmount(f"{what}: {exc}") from None


@attrs.frozen
class TaxCategory:
    """A VAT category with its rate in percent (BT-151/152, BT-95/96, BT-102/103).

    Category O (not subject to VAT) has no rate; every other category should have
    one (BR-48). The value accepts any combination so that a document read from a
    file can be represented; :func:`~otccore.invoicing.validate` reports the rules.

    Example:
        >>> TaxCategory.of("Z", 0)
        TaxCategory(category=<VatCategory.ZERO: 'Z'>, rate=Decimal('0'))
        >>> TaxCategory.of("S", 19.0)
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidAmount: VAT rate must be an int, Decimal or str, not float: 19.0
    """

    category: VatCategory
    rate: Decimal | None = None

    @classmethod
    def of(cls, category: object, rate: object = None) -> TaxCategory:
        """Named constructor: checks the code and the rate (no float).

        Example:
            >>> TaxCategory.of("AE", "0").category.name
            'REVERSE_CHARGE'
        """
        return cls(
            VatCategory.parse(category),
            None if rate is None else _decimal(rate, "VAT rate"),
        )

    @property
    def key(self) -> tuple[str, Decimal]:
        """Sort and group key: (code, rate), the rate 0 when absent.

        Example:
            >>> TaxCategory.of("S", "19").key, TaxCategory.of("O").key
            (('S', Decimal('19')), ('O', Decimal('0')))
        """
        return (self.category.value, self.rate if self.rate is not None else Decimal(0))

    @property
    def factor(self) -> Decimal:
        """The rate as a fraction (0 when absent).

        Example:
            >>> TaxCategory.of("S", "5.5").factor, TaxCategory.of("O").factor
            (Decimal('0.055'), Decimal('0'))
        """
        return Decimal(0) if self.rate is None else self.rate / 100


@attrs.frozen
class Party:
    """Seller (BG-4) or buyer (BG-7).

    ``id`` is the party identifier (BT-29 / BT-46): for the buyer it is the
    receivables customer id. ``endpoint`` is the electronic address (BT-34 /
    BT-49) and ``endpoint_scheme`` its scheme (BT-34-1 / BT-49-1), a code of the
    Electronic Address Scheme list, for example ``"0088"`` GLN, ``"0192"``
    Norwegian organisation number, ``"0208"`` Belgian enterprise number or
    ``"9930"`` German VAT number. Peppol BIS Billing 3.0, the default profile of
    :func:`~otccore.invoicing.validate`, needs one on both parties
    (PEPPOL-EN16931-R020 / R010) with a scheme Peppol accepts
    (PEPPOL-EN16931-CL008, :data:`~otccore.invoicing.PEPPOL_EAS_CODES`). The
    value itself accepts any scheme, so that a document read from a file can be
    represented; an endpoint without its scheme (BR-62 / BR-63) is refused.

    Example:
        >>> from otccore.receivables import Customer
        >>> buyer = Party.from_customer(Customer.create("C1", "Acme GmbH", "EUR"), country="DE",
        ...                             endpoint="4000001000005", endpoint_scheme="0088")
        >>> buyer.id, buyer.name, buyer.country, buyer.endpoint_scheme
        ('C1', 'Acme GmbH', 'DE', '0088')
        >>> Party.create("C2", "Beta AS", country="NO", endpoint="974760673")
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: party 'C2': an electronic address needs its scheme and a scheme its address (BR-62/BR-63): endpoint='974760673', endpoint_scheme=None
    """

    id: str
    name: str
    country: str
    vat_id: str | None = None
    street: str | None = None
    city: str | None = None
    postal_zone: str | None = None
    endpoint: str | None = None
    endpoint_scheme: str | None = None

    def __attrs_post_init__(self) -> None:
        _text(self.id, "party id")
        _text(self.name, "party name")
        if (
            not isinstance(self.country, str)
            or len(self.country) != 2
            or not self.country.isupper()
        ):
            raise InvalidInput(f"country must be an ISO 3166 alpha-2 code: {self.country!r}")
        for field in ("vat_id", "street", "city", "postal_zone", "endpoint", "endpoint_scheme"):
            _opt_text(getattr(self, field), field)
        if (self.endpoint is None) != (self.endpoint_scheme is None):
            raise InvalidInput(
                f"party {self.id!r}: an electronic address needs its scheme and a scheme "
                f"its address (BR-62/BR-63): endpoint={self.endpoint!r}, "
                f"endpoint_scheme={self.endpoint_scheme!r}"
            )

    @classmethod
    def create(
        cls,
        id: str,
        name: str,
        *,
        country: str,
        vat_id: str | None = None,
        street: str | None = None,
        city: str | None = None,
        postal_zone: str | None = None,
        endpoint: str | None = None,
        endpoint_scheme: str | None = None,
    ) -> Party:
        """Named constructor: upper-cases the country code.

        Example:
            >>> Party.create("S1", "Seller AG", country="de").country
            'DE'
        """
        return cls(
            id=id,
            name=name,
            country=country.strip().upper() if isinstance(country, str) else country,
            vat_id=vat_id,
            street=street,
            city=city,
            postal_zone=postal_zone,
            endpoint=endpoint,
            endpoint_scheme=endpoint_scheme,
        )

    @classmethod
    def from_customer(
        cls,
        customer: object,
        *,
        country: str,
        vat_id: str | None = None,
        street: str | None = None,
        city: str | None = None,
        postal_zone: str | None = None,
        endpoint: str | None = None,
        endpoint_scheme: str | None = None,
    ) -> Party:
        """The buyer party of a receivables :class:`~otccore.receivables.Customer`.

        A :class:`~otccore.receivables.Customer` has no electronic address, so
        give ``endpoint`` and ``endpoint_scheme`` for an invoice that goes over
        Peppol (without them the default validation reports PEPPOL-EN16931-R010).

        Example:
            >>> from otccore.receivables import Customer
            >>> beta = Party.from_customer(Customer.create("C9", "Beta", "EUR"), country="FR",
            ...                            endpoint="FR12345678901", endpoint_scheme="9957")
            >>> beta.id, beta.endpoint, beta.endpoint_scheme
            ('C9', 'FR12345678901', '9957')
        """
        if not isinstance(customer, Customer):
            raise InvalidInput(f"expected a Customer, not {type(customer).__name__}: {customer!r}")
        return cls.create(
            customer.id,
            customer.name,
            country=country,
            vat_id=vat_id,
            street=street,
            city=city,
            postal_zone=postal_zone,
            endpoint=endpoint,
            endpoint_scheme=endpoint_scheme,
        )

    @property
    def customer_id(self) -> CustomerId:
        """The party id as a receivables customer id.

        Example:
            >>> Party.create("C1", "Acme", country="DE").customer_id
            'C1'
        """
        return CustomerId(self.id)


@attrs.frozen
class AllowanceCharge:
    """An allowance (reduction) or a charge, on a line (BG-27/28) or the document (BG-20/21).

    ``amount`` is BT-92/99/136/141; ``percent`` and ``base_amount`` are the
    optional percentage and its base (BT-94/93 …); ``reason`` and ``reason_code``
    the text and code (UNCL 5189 for allowances, UNCL 7161 for charges, e.g.
    ``"FC"`` freight); ``tax`` the VAT category (document level only).

    Example:
        >>> freight = AllowanceCharge.charge(money("12.50", "EUR"), reason="Freight", code="FC",
        ...                                  tax=TaxCategory.of("S", 19))
        >>> freight.is_charge, freight.signed_amount
        (True, Decimal('12.50'))
    """

    is_charge: bool
    amount: Money
    reason: str | None = None
    reason_code: str | None = None
    percent: Decimal | None = None
    base_amount: Money | None = None
    tax: TaxCategory | None = None

    @classmethod
    def allowance(
        cls,
        amount: moneyed.Money,
        *,
        reason: str | None = None,
        code: str | None = None,
        percent: object = None,
        base: moneyed.Money | None = None,
        tax: TaxCategory | None = None,
    ) -> AllowanceCharge:
        """An allowance (a reduction) of ``amount``.

        Example:
            >>> AllowanceCharge.allowance(money(5, "EUR"), reason="Discount").signed_amount
            Decimal('-5.00')
        """
        return cls._make(False, amount, reason, code, percent, base, tax)

    @classmethod
    def charge(
        cls,
        amount: moneyed.Money,
        *,
        reason: str | None = None,
        code: str | None = None,
        percent: object = None,
        base: moneyed.Money | None = None,
        tax: TaxCategory | None = None,
    ) -> AllowanceCharge:
        """A charge (an addition) of ``amount``.

        Example:
            >>> AllowanceCharge.charge(money(5, "EUR"), code="ABL").reason_code
            'ABL'
        """
        return cls._make(True, amount, reason, code, percent, base, tax)

    @classmethod
    def _make(
        cls,
        is_charge: bool,
        amount: moneyed.Money,
        reason: str | None,
        code: str | None,
        percent: object,
        base: moneyed.Money | None,
        tax: TaxCategory | None,
    ) -> AllowanceCharge:
        value = minor_amount(_money(amount, "allowance/charge amount"), "allowance/charge amount")
        return cls(
            is_charge=is_charge,
            amount=value,
            reason=_opt_text(reason, "allowance/charge reason"),
            reason_code=_opt_text(code, "allowance/charge reason code"),
            percent=None if percent is None else _decimal(percent, "allowance/charge percent"),
            base_amount=None
            if base is None
            else minor_amount(
                _money(base, "allowance/charge base", value.currency.code), "allowance/charge base"
            ),
            tax=tax,
        )

    @property
    def signed_amount(self) -> Decimal:
        """The amount as it enters a total: positive for a charge, negative for an allowance.

        Example:
            >>> AllowanceCharge.charge(money("4.90", "EUR"), reason="Freight").signed_amount
            Decimal('4.90')
        """
        return self.amount.amount if self.is_charge else -self.amount.amount


@attrs.frozen
class InvoiceLine:
    """One invoice line (BG-25).

    ``price`` is the item net price BT-146 for ``base_quantity`` units (BT-149);
    ``gross_price`` and ``price_discount`` are BT-148 and BT-147 when the price
    was given before an item price discount; ``net_amount`` is BT-131 =
    round(price ÷ base quantity × quantity) + line charges − line allowances.
    ``order_reference`` is the order (or delivery) the line comes from; the UBL
    writer puts it in the order line reference (BT-132).

    Example:
        >>> from otccore.invoicing import InvoiceBuilder
        >>> line = (InvoiceBuilder.example().line("Widget", 3, money("9.99", "EUR"),
        ...          vat=TaxCategory.of("S", 19)).draft().lines[0])
        >>> line.net_amount
        Money('29.97', 'EUR')
    """

    id: str
    name: str
    quantity: Decimal
    unit_code: str
    price: Money
    base_quantity: Decimal
    tax: TaxCategory
    net_amount: Money
    allowance_charges: tuple[AllowanceCharge, ...] = ()
    gross_price: Money | None = None
    price_discount: Money | None = None
    order_reference: str | None = None


@attrs.frozen
class VatBreakdown:
    """One VAT breakdown group (BG-23) per (category, rate).

    ``taxable`` is BT-116, ``tax`` BT-117; ``exemption_reason`` and
    ``exemption_code`` are BT-120 and BT-121.

    Example:
        >>> group = VatBreakdown(TaxCategory.of("S", 19), money("100.00", "EUR"),
        ...                      money("19.00", "EUR"))
        >>> group.rounding_difference
        Money('0.00', 'EUR')
    """

    tax_category: TaxCategory
    taxable: Money
    tax: Money
    exemption_reason: str | None = None
    exemption_code: str | None = None

    @property
    def expected_tax(self) -> Money:
        """round(BT-116 × rate ÷ 100), half-up: the tax EN 16931 computes for this group.

        Example:
            >>> VatBreakdown(TaxCategory.of("S", 5), money("0.30", "EUR"),
            ...              money("0.03", "EUR")).expected_tax
            Money('0.02', 'EUR')
        """
        code = self.taxable.currency.code
        with decimal.localcontext(CONTEXT):
            raw = self.taxable.amount * self.tax_category.factor
        return Money(raw.quantize(step(code), rounding=decimal.ROUND_HALF_UP), code)

    @property
    def rounding_difference(self) -> Money:
        """BT-117 minus :attr:`expected_tax`: zero unless VAT was rounded per line.

        Example:
            >>> VatBreakdown(TaxCategory.of("S", 5), money("0.30", "EUR"),
            ...              money("0.03", "EUR")).rounding_difference
            Money('0.01', 'EUR')
        """
        return self.tax - self.expected_tax


@attrs.frozen
class Totals:
    """Document totals (BG-22).

    Example:
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
        >>> from otccore.invoicing import InvoiceBuilder
        >>> draft = InvoiceBuilder.example().line("Widget", 2, money(50, "EUR"),
        ...                                       vat=TaxCategory.of("S", 19)).draft()
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
        """True until a number is assigned.

        Example:
            >>> from otccore.invoicing import InvoiceBuilder
            >>> InvoiceBuilder.example().draft().is_draft
            True
        """
        return self.number is None

    @property
    def is_credit_note(self) -> bool:
        """True for type 381.

        Example:
            >>> from otccore.invoicing import InvoiceBuilder
            >>> InvoiceBuilder.example().draft().is_credit_note
            False
        """
        return self.type is DocumentType.CREDIT_NOTE
