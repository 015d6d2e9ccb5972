"""UBL 2.1 invoices and credit notes in Peppol BIS Billing 3.0: a writer and a reader.

:func:`write_ubl` turns an issued :class:`~otccore.invoicing.Invoice` into an
``Invoice`` (380) or ``CreditNote`` (381) document with parties, VAT breakdown,
allowances and charges, payment terms, payment means (IBAN, payment reference),
the order reference and preceding-invoice references, in the element order of
the Peppol BIS 3.0 syntax. :func:`read_ubl` reads such a document back (with
defusedxml: no entity expansion, no external entities): reading what was written
gives an equal invoice. A malformed document raises
:class:`~otccore.errors.ParseError` carrying the XPath of the offending element.

Mapping notes:

- each party's electronic address (BT-34 seller, BT-49 buyer) is
  ``cbc:EndpointID`` with its scheme in ``@schemeID``, the first child of
  ``cac:Party`` as Peppol BIS 3.0 orders it. The writer does not validate: a
  party without an address (an invoice issued under the ``en16931`` profile) is
  written without ``cbc:EndpointID``, and a Peppol access point refuses such a
  document (PEPPOL-EN16931-R010 / R020). The reader takes the address as it
  stands; an ``cbc:EndpointID`` without ``@schemeID`` (BR-62 / BR-63) is a
  :class:`~otccore.errors.ParseError`;
- the line's order reference goes to the order line reference (BT-132);
- payment terms go to the terms note (BT-20), whose discount lines follow the
  XRechnung ``#SKONTO#`` convention and installment lines ``#INSTALMENT#``;
- a credit note has no ``cbc:DueDate`` in UBL 2.1: its due date is written as
  ``cac:PaymentMeans/cbc:PaymentDueDate``, so it needs payment means;
- the VAT total in the tax currency (BT-111) is a second ``cac:TaxTotal``
  without subtotals;
- an invoice whose VAT is rounded per line (``VatRounding.LINE``) says so in its
  invoice note (BT-22, ``cbc:Note``: ``VAT rounded per line``). The reader takes
  a document as rounded per line only when it says so, never because its VAT
  differs from the document rule, so :func:`~otccore.invoicing.validate` reports
  such a difference as BR-CO-17.

Needs the ``ubl`` extra (``pip install "otccore[ubl]"``) for defusedxml.

Example:
    >>> from otccore.adapters.memory import MemoryNumberSequence
    >>> from otccore.adapters.ubl import read_ubl, write_ubl
    >>> from otccore.invoicing import InvoiceBuilder, NetDays, TaxCategory, issue
    >>> from otccore.money import money
    >>> inv = issue(InvoiceBuilder.example().line("Widget", 2, money("9.99", "EUR"),
    ...     tax_category=TaxCategory.of("S", 19)).terms(NetDays(30)).draft(),
    ...     MemoryNumberSequence()).invoice
    >>> data = write_ubl(inv)
    >>> b"<cbc:PayableAmount currencyID=\\"EUR\\">23.78</cbc:PayableAmount>" in data
    True
    >>> read_ubl(data) == inv
    True
"""

from __future__ import annotations

import decimal
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Final, TypeVar

try:
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("otccore.adapters.ubl needs defusedxml: pip install 'otccore[ubl]'") from exc

from otccore._kernel import WIDE
from otccore.errors import InvalidInput, OtcError, ParseError
from otccore.invoicing import (
    CUSTOMIZATION_ID,
    PROFILE_ID,
    AllowanceCharge,
    DocumentReference,
    DocumentType,
    Invoice,
    InvoiceLine,
    Party,
    PaymentMeans,
    TaxCategory,
    Totals,
    VatBreakdown,
    VatCategory,
    VatRounding,
    parse_terms_note,
)
from otccore.money import Money, check_currency

__all__ = ["CAC", "CBC", "CREDIT_NOTE_NS", "INVOICE_NS", "read_ubl", "write_ubl"]

INVOICE_NS: Final = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
"""Namespace of the UBL 2.1 Invoice root."""
CREDIT_NOTE_NS: Final = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
"""Namespace of the UBL 2.1 CreditNote root."""
CAC: Final = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
"""Namespace of the aggregate components (``cac:``)."""
CBC: Final = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
"""Namespace of the basic components (``cbc:``)."""

# ---------------------------------------------------------------------------- writer
# Elements are created with literal ``cac:``/``cbc:`` names and the prefixes are
# declared on the root: the output is ordinary namespaced XML, and no global
# ET.register_namespace call is needed.

_Sub = ET.SubElement
_DECLARATION: Final = '<?xml version="1.0" encoding="UTF-8"?>\n'
# BT-22 note of a document whose VAT is rounded per line (EN 16931 has no field for it)
_LINE_ROUNDING_NOTE: Final = "VAT rounded per line"


def _num(value: Decimal) -> str:
    return format(value, "f")


def _amount(parent: ET.Element, tag: str, value: Money) -> None:
    _Sub(parent, tag, {"currencyID": value.currency.code}).text = format(value.amount, "f")


def _text(parent: ET.Element, tag: str, value: str) -> None:
    _Sub(parent, tag).text = value


def _tax_category(parent: ET.Element, tag: str, tax: TaxCategory) -> ET.Element:
    el = _Sub(parent, tag)
    _Sub(el, "cbc:ID").text = tax.category.value
    if tax.rate is not None:
        _Sub(el, "cbc:Percent").text = _num(tax.rate)
    return el


def _tax_scheme(parent: ET.Element) -> None:
    _Sub(_Sub(parent, "cac:TaxScheme"), "cbc:ID").text = "VAT"


def _party(parent: ET.Element, tag: str, party: Party) -> None:
    el = _Sub(_Sub(parent, tag), "cac:Party")
    if party.endpoint is not None and party.endpoint_scheme is not None:
        _Sub(el, "cbc:EndpointID", {"schemeID": party.endpoint_scheme}).text = party.endpoint
    _Sub(_Sub(el, "cac:PartyIdentification"), "cbc:ID").text = party.id
    _Sub(_Sub(el, "cac:PartyName"), "cbc:Name").text = party.name
    address = _Sub(el, "cac:PostalAddress")
    if party.street is not None:
        _text(address, "cbc:StreetName", party.street)
    if party.city is not None:
        _text(address, "cbc:CityName", party.city)
    if party.postal_zone is not None:
        _text(address, "cbc:PostalZone", party.postal_zone)
    _Sub(_Sub(address, "cac:Country"), "cbc:IdentificationCode").text = party.country
    if party.vat_id is not None:
        scheme = _Sub(el, "cac:PartyTaxScheme")
        _text(scheme, "cbc:CompanyID", party.vat_id)
        _tax_scheme(scheme)
    _Sub(_Sub(el, "cac:PartyLegalEntity"), "cbc:RegistrationName").text = party.name


def _allowance_charge(parent: ET.Element, ac: AllowanceCharge, document_level: bool) -> None:
    el = _Sub(parent, "cac:AllowanceCharge")
    _Sub(el, "cbc:ChargeIndicator").text = "true" if ac.is_charge else "false"
    if ac.reason_code is not None:
        _text(el, "cbc:AllowanceChargeReasonCode", ac.reason_code)
    if ac.reason is not None:
        _text(el, "cbc:AllowanceChargeReason", ac.reason)
    if ac.percent is not None:
        _text(el, "cbc:MultiplierFactorNumeric", _num(ac.percent))
    _amount(el, "cbc:Amount", ac.amount)
    if ac.base_amount is not None:
        _amount(el, "cbc:BaseAmount", ac.base_amount)
    if document_level and ac.tax_category is not None:
        _tax_scheme(_tax_category(el, "cac:TaxCategory", ac.tax_category))


def _line(parent: ET.Element, ln: InvoiceLine, credit: bool) -> None:
    el = _Sub(parent, "cac:CreditNoteLine" if credit else "cac:InvoiceLine")
    _Sub(el, "cbc:ID").text = ln.id
    qty_tag = "cbc:CreditedQuantity" if credit else "cbc:InvoicedQuantity"
    _Sub(el, qty_tag, {"unitCode": ln.unit_code}).text = _num(ln.quantity)
    _amount(el, "cbc:LineExtensionAmount", ln.net_amount)
    if ln.order_reference is not None:
        _Sub(_Sub(el, "cac:OrderLineReference"), "cbc:LineID").text = ln.order_reference
    for ac in ln.allowance_charges:
        _allowance_charge(el, ac, False)
    item = _Sub(el, "cac:Item")
    _Sub(item, "cbc:Name").text = ln.name
    _tax_scheme(_tax_category(item, "cac:ClassifiedTaxCategory", ln.tax_category))
    price = _Sub(el, "cac:Price")
    _amount(price, "cbc:PriceAmount", ln.price)
    _Sub(price, "cbc:BaseQuantity", {"unitCode": ln.unit_code}).text = _num(ln.base_quantity)
    if ln.gross_price is not None and ln.price_discount is not None:
        disc = _Sub(price, "cac:AllowanceCharge")
        _Sub(disc, "cbc:ChargeIndicator").text = "false"
        _amount(disc, "cbc:Amount", ln.price_discount)
        _amount(disc, "cbc:BaseAmount", ln.gross_price)


def write_ubl(invoice: Invoice) -> bytes:
    """The UBL 2.1 (Peppol BIS Billing 3.0) document of an issued invoice, UTF-8 bytes.

    A draft (no number) raises :class:`~otccore.errors.InvalidInput`, as does a
    credit note with a due date but no payment means (see the module notes).

    Example:
        >>> from otccore.adapters.ubl import write_ubl
        >>> from otccore.invoicing import InvoiceBuilder
        >>> write_ubl(InvoiceBuilder.example().draft())
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: only an issued invoice (with a number) can be written as UBL
    """
    if not isinstance(invoice, Invoice):
        raise InvalidInput(f"expected an Invoice, not {type(invoice).__name__}: {invoice!r}")
    if invoice.number is None:
        raise InvalidInput("only an issued invoice (with a number) can be written as UBL")
    credit = invoice.type is DocumentType.CREDIT_NOTE
    if credit and invoice.due_date is not None and invoice.payment_means is None:
        raise InvalidInput(
            f"credit note {invoice.number!r}: a due date is written in the payment means "
            "(UBL 2.1 CreditNote has no DueDate); give payment means or no due date"
        )
    root = ET.Element(
        "CreditNote" if credit else "Invoice",
        {
            "xmlns": CREDIT_NOTE_NS if credit else INVOICE_NS,
            "xmlns:cac": CAC,
            "xmlns:cbc": CBC,
        },
    )
    _text(root, "cbc:CustomizationID", CUSTOMIZATION_ID)
    _text(root, "cbc:ProfileID", PROFILE_ID)
    _text(root, "cbc:ID", invoice.number)
    _text(root, "cbc:IssueDate", invoice.issue_date.isoformat())
    if invoice.due_date is not None and not credit:
        _text(root, "cbc:DueDate", invoice.due_date.isoformat())
    _text(root, "cbc:CreditNoteTypeCode" if credit else "cbc:InvoiceTypeCode", invoice.type.value)
    if invoice.vat_rounding is VatRounding.LINE:
        _text(root, "cbc:Note", _LINE_ROUNDING_NOTE)
    _text(root, "cbc:DocumentCurrencyCode", invoice.currency)
    if invoice.tax_currency is not None:
        _text(root, "cbc:TaxCurrencyCode", invoice.tax_currency)
    if invoice.buyer_reference is not None:
        _text(root, "cbc:BuyerReference", invoice.buyer_reference)
    if invoice.order_reference is not None:
        _Sub(_Sub(root, "cac:OrderReference"), "cbc:ID").text = invoice.order_reference
    for ref in invoice.preceding:
        doc = _Sub(_Sub(root, "cac:BillingReference"), "cac:InvoiceDocumentReference")
        _text(doc, "cbc:ID", ref.number)
        if ref.issue_date is not None:
            _text(doc, "cbc:IssueDate", ref.issue_date.isoformat())
    _party(root, "cac:AccountingSupplierParty", invoice.seller)
    _party(root, "cac:AccountingCustomerParty", invoice.buyer)
    means = invoice.payment_means
    if means is not None:
        el = _Sub(root, "cac:PaymentMeans")
        _text(el, "cbc:PaymentMeansCode", means.code)
        if credit and invoice.due_date is not None:
            _text(el, "cbc:PaymentDueDate", invoice.due_date.isoformat())
        if means.payment_reference is not None:
            _text(el, "cbc:PaymentID", means.payment_reference)
        if means.iban is not None:
            _Sub(_Sub(el, "cac:PayeeFinancialAccount"), "cbc:ID").text = means.iban
    if invoice.terms_note is not None:
        _Sub(_Sub(root, "cac:PaymentTerms"), "cbc:Note").text = invoice.terms_note
    for ac in invoice.allowance_charges:
        _allowance_charge(root, ac, True)
    tax_total = _Sub(root, "cac:TaxTotal")
    _amount(tax_total, "cbc:TaxAmount", invoice.totals.tax_total)
    for group in invoice.vat_breakdown:
        sub = _Sub(tax_total, "cac:TaxSubtotal")
        _amount(sub, "cbc:TaxableAmount", group.taxable)
        _amount(sub, "cbc:TaxAmount", group.tax)
        cat = _tax_category(sub, "cac:TaxCategory", group.tax_category)
        if group.exemption_code is not None:
            _text(cat, "cbc:TaxExemptionReasonCode", group.exemption_code)
        if group.exemption_reason is not None:
            _text(cat, "cbc:TaxExemptionReason", group.exemption_reason)
        _tax_scheme(cat)
    if invoice.tax_total_in_tax_currency is not None:
        _amount(_Sub(root, "cac:TaxTotal"), "cbc:TaxAmount", invoice.tax_total_in_tax_currency)
    t = invoice.totals
    total = _Sub(root, "cac:LegalMonetaryTotal")
    _amount(total, "cbc:LineExtensionAmount", t.line_total)
    _amount(total, "cbc:TaxExclusiveAmount", t.tax_exclusive)
    _amount(total, "cbc:TaxInclusiveAmount", t.tax_inclusive)
    if any(not ac.is_charge for ac in invoice.allowance_charges):
        _amount(total, "cbc:AllowanceTotalAmount", t.allowance_total)
    if any(ac.is_charge for ac in invoice.allowance_charges):
        _amount(total, "cbc:ChargeTotalAmount", t.charge_total)
    if t.prepaid.amount != 0:
        _amount(total, "cbc:PrepaidAmount", t.prepaid)
    if t.rounding.amount != 0:
        _amount(total, "cbc:PayableRoundingAmount", t.rounding)
    _amount(total, "cbc:PayableAmount", t.payable)
    for ln in invoice.lines:
        _line(root, ln, credit)
    out = [_DECLARATION]
    _serialize(root, out)
    return "".join(out).encode("utf-8")


# Our own serialiser for the tree built above. Measured with benchmarks/invoicing.py,
# ET.tostring spent over half of the pipeline's time in its generic machinery (qname
# maps for namespaces, comments, processing instructions, a codec writer per
# fragment); the tree here holds only plain tags, attributes and text, which this
# writes about three times faster. The round-trip tests parse its output back.


def _escape(text: str, attribute: bool = False) -> str:
    # "&" first, so that no reference written here is escaped again
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if attribute and ('"' in text or "\n" in text or "\t" in text):
        text = text.replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#09;")
    return text


def _serialize(el: ET.Element, out: list[str]) -> None:
    tag = el.tag
    start = "<" + tag
    if el.attrib:
        for key, value in el.attrib.items():
            start += f' {key}="{_escape(value, attribute=True)}"'
    text = el.text
    if len(el):
        out.append(start + ">" + (_escape(text) if text else ""))
        for child in el:
            _serialize(child, out)
        out.append("</" + tag + ">")
    elif text:
        out.append(f"{start}>{_escape(text)}</{tag}>")
    else:
        out.append(start + " />")


# ---------------------------------------------------------------------------- reader

_NS: Final = {"cac": CAC, "cbc": CBC}
T = TypeVar("T")


def _clark(name: str) -> str:
    prefix, _, local = name.partition(":")
    return f"{{{_NS[prefix]}}}{local}"


class _Reader:
    """Walks one document, keeping the XPath of every element it looks at."""

    def __init__(self, file: str | None) -> None:
        self.file = file

    def error(self, message: str, xpath: str) -> ParseError:
        return ParseError(message, file=self.file, xpath=xpath)

    def children(self, el: ET.Element, path: str, name: str) -> list[tuple[ET.Element, str]]:
        found = el.findall(_clark(name))
        if len(found) == 1:
            return [(found[0], f"{path}/{name}")]
        return [(child, f"{path}/{name}[{i}]") for i, child in enumerate(found, start=1)]

    def opt(self, el: ET.Element, path: str, name: str) -> tuple[ET.Element, str] | None:
        found = el.findall(_clark(name))
        if len(found) > 1:
            raise self.error(f"{name} occurs {len(found)} times, at most once allowed", path)
        return (found[0], f"{path}/{name}") if found else None

    def req(self, el: ET.Element, path: str, name: str) -> tuple[ET.Element, str]:
        got = self.opt(el, path, name)
        if got is None:
            raise self.error(f"missing required element {name}", f"{path}/{name}")
        return got

    def text(self, el: ET.Element, path: str) -> str:
        value = el.text or ""
        if not value.strip():
            raise self.error("element is empty", path)
        return value  # as written: names and references keep their spaces

    def req_text(self, el: ET.Element, path: str, name: str) -> str:
        return self.text(*self.req(el, path, name))

    def opt_text(self, el: ET.Element, path: str, name: str) -> str | None:
        got = self.opt(el, path, name)
        return None if got is None else self.text(*got)

    def convert(self, el: ET.Element, path: str, fn: Callable[[str], T], what: str) -> T:
        raw = self.text(el, path).strip()
        try:
            return fn(raw)
        except (ValueError, ArithmeticError, OtcError):
            raise self.error(f"not a valid {what}: {raw!r}", path) from None

    def decimal(self, el: ET.Element, path: str) -> Decimal:
        value = self.convert(el, path, Decimal, "number")
        if not value.is_finite():
            raise self.error(f"not a finite number: {el.text!r}", path)
        return value

    def date(self, el: ET.Element, path: str) -> date:
        return self.convert(el, path, date.fromisoformat, "date (YYYY-MM-DD)")

    def amount(self, el: ET.Element, path: str) -> Money:
        code = el.get("currencyID")
        if code is None:
            raise self.error("amount without currencyID", path)
        try:
            currency = check_currency(code)
        except OtcError:
            raise self.error(f"unknown currency: {code!r}", f"{path}/@currencyID") from None
        return Money(self.decimal(el, path), currency)

    def req_amount(self, el: ET.Element, path: str, name: str) -> Money:
        return self.amount(*self.req(el, path, name))

    def opt_amount(self, el: ET.Element, path: str, name: str) -> Money | None:
        got = self.opt(el, path, name)
        return None if got is None else self.amount(*got)

    def tax_category(self, el: ET.Element, path: str) -> TaxCategory:
        ident, ipath = self.req(el, path, "cbc:ID")
        code = self.text(ident, ipath).strip()
        try:
            category = VatCategory.parse(code)
        except InvalidInput as exc:
            raise self.error(str(exc), ipath) from None
        pct = self.opt(el, path, "cbc:Percent")
        return TaxCategory(category, None if pct is None else self.decimal(*pct))

    def party(self, root: ET.Element, path: str, tag: str) -> Party:
        outer, opath = self.req(root, path, tag)
        el, p = self.req(outer, opath, "cac:Party")
        endpoint = self.opt(el, p, "cbc:EndpointID")
        ident = self.req(el, p, "cac:PartyIdentification")
        address, apath = self.req(el, p, "cac:PostalAddress")
        country, cpath = self.req(address, apath, "cac:Country")
        tax_scheme = self.opt(el, p, "cac:PartyTaxScheme")
        legal, lpath = self.req(el, p, "cac:PartyLegalEntity")
        try:
            return Party(
                id=self.req_text(*ident, "cbc:ID"),
                name=self.req_text(legal, lpath, "cbc:RegistrationName"),
                country=self.req_text(country, cpath, "cbc:IdentificationCode"),
                vat_id=None if tax_scheme is None else self.req_text(*tax_scheme, "cbc:CompanyID"),
                street=self.opt_text(address, apath, "cbc:StreetName"),
                city=self.opt_text(address, apath, "cbc:CityName"),
                postal_zone=self.opt_text(address, apath, "cbc:PostalZone"),
                endpoint=None if endpoint is None else self.text(*endpoint),
                endpoint_scheme=None if endpoint is None else endpoint[0].get("schemeID"),
            )
        except ParseError:
            raise
        except InvalidInput as exc:
            raise self.error(str(exc), p) from None

    def boolean(self, el: ET.Element, path: str) -> bool:
        raw = self.text(el, path).strip()
        if raw not in ("true", "false"):
            raise self.error(f"not a boolean (true/false): {raw!r}", path)
        return raw == "true"

    def allowance_charge(self, el: ET.Element, path: str, document_level: bool) -> AllowanceCharge:
        pct = self.opt(el, path, "cbc:MultiplierFactorNumeric")
        tax = self.opt(el, path, "cac:TaxCategory") if document_level else None
        return AllowanceCharge(
            is_charge=self.boolean(*self.req(el, path, "cbc:ChargeIndicator")),
            amount=self.req_amount(el, path, "cbc:Amount"),
            reason=self.opt_text(el, path, "cbc:AllowanceChargeReason"),
            reason_code=self.opt_text(el, path, "cbc:AllowanceChargeReasonCode"),
            percent=None if pct is None else self.decimal(*pct),
            base_amount=self.opt_amount(el, path, "cbc:BaseAmount"),
            tax_category=None if tax is None else self.tax_category(*tax),
        )

    def line(self, el: ET.Element, path: str, credit: bool) -> InvoiceLine:
        qty, qpath = self.req(
            el, path, "cbc:CreditedQuantity" if credit else "cbc:InvoicedQuantity"
        )
        unit = qty.get("unitCode")
        if not unit:
            raise self.error("quantity without unitCode", qpath)
        order = self.opt(el, path, "cac:OrderLineReference")
        item, ipath = self.req(el, path, "cac:Item")
        price, ppath = self.req(el, path, "cac:Price")
        base = self.opt(price, ppath, "cbc:BaseQuantity")
        discount = self.opt(price, ppath, "cac:AllowanceCharge")
        return InvoiceLine(
            id=self.req_text(el, path, "cbc:ID"),
            name=self.req_text(item, ipath, "cbc:Name"),
            quantity=self.decimal(qty, qpath),
            unit_code=unit,
            price=self.req_amount(price, ppath, "cbc:PriceAmount"),
            base_quantity=Decimal(1) if base is None else self.decimal(*base),
            tax_category=self.tax_category(*self.req(item, ipath, "cac:ClassifiedTaxCategory")),
            net_amount=self.req_amount(el, path, "cbc:LineExtensionAmount"),
            allowance_charges=tuple(
                self.allowance_charge(a, apath, False)
                for a, apath in self.children(el, path, "cac:AllowanceCharge")
            ),
            gross_price=None if discount is None else self.req_amount(*discount, "cbc:BaseAmount"),
            price_discount=None if discount is None else self.req_amount(*discount, "cbc:Amount"),
            order_reference=None if order is None else self.req_text(*order, "cbc:LineID"),
        )

    def document(self, root: ET.Element) -> Invoice:
        if root.tag == f"{{{INVOICE_NS}}}Invoice":
            credit, path = False, "/Invoice"
        elif root.tag == f"{{{CREDIT_NOTE_NS}}}CreditNote":
            credit, path = True, "/CreditNote"
        else:
            raise self.error(f"not a UBL 2.1 Invoice or CreditNote: root is {root.tag!r}", "/")
        custom = self.req_text(root, path, "cbc:CustomizationID").strip()
        if not custom.startswith(CUSTOMIZATION_ID):
            raise self.error(
                f"not a Peppol BIS Billing 3.0 document: {custom!r}", f"{path}/cbc:CustomizationID"
            )
        type_tag = "cbc:CreditNoteTypeCode" if credit else "cbc:InvoiceTypeCode"
        type_el, type_path = self.req(root, path, type_tag)
        type_code = self.text(type_el, type_path).strip()
        try:
            doc_type = DocumentType(type_code)
        except ValueError:
            raise self.error(f"unsupported document type code: {type_code!r}", type_path) from None
        issue_date = self.date(*self.req(root, path, "cbc:IssueDate"))
        currency_el = self.req(root, path, "cbc:DocumentCurrencyCode")
        currency = self.convert(*currency_el, check_currency, "currency code")
        tax_cur_el = self.opt(root, path, "cbc:TaxCurrencyCode")
        tax_currency = (
            None
            if tax_cur_el is None
            else self.convert(*tax_cur_el, check_currency, "currency code")
        )
        due = self.opt(root, path, "cbc:DueDate")
        due_date = None if due is None else self.date(*due)
        order = self.opt(root, path, "cac:OrderReference")
        preceding = []
        for ref, rpath in self.children(root, path, "cac:BillingReference"):
            doc, dpath = self.req(ref, rpath, "cac:InvoiceDocumentReference")
            when = self.opt(doc, dpath, "cbc:IssueDate")
            preceding.append(
                DocumentReference(
                    self.req_text(doc, dpath, "cbc:ID"), None if when is None else self.date(*when)
                )
            )
        means = None
        means_el = self.opt(root, path, "cac:PaymentMeans")
        if means_el is not None:
            m, mpath = means_el
            account = self.opt(m, mpath, "cac:PayeeFinancialAccount")
            means = PaymentMeans(
                code=self.req_text(m, mpath, "cbc:PaymentMeansCode"),
                payment_reference=self.opt_text(m, mpath, "cbc:PaymentID"),
                iban=None if account is None else self.req_text(*account, "cbc:ID"),
            )
            if credit:
                pdue = self.opt(m, mpath, "cbc:PaymentDueDate")
                due_date = None if pdue is None else self.date(*pdue)
        terms = self.opt(root, path, "cac:PaymentTerms")
        note = None
        if terms is not None:
            note_el = self.req(*terms, "cbc:Note")
            note = note_el[0].text or ""
        doc_acs = tuple(
            self.allowance_charge(a, apath, True)
            for a, apath in self.children(root, path, "cac:AllowanceCharge")
        )
        tax_totals = self.children(root, path, "cac:TaxTotal")
        with_subtotals = [
            (t, p) for t, p in tax_totals if t.find(_clark("cac:TaxSubtotal")) is not None
        ]
        without = [(t, p) for t, p in tax_totals if t.find(_clark("cac:TaxSubtotal")) is None]
        if len(with_subtotals) != 1:
            raise self.error(
                f"exactly one cac:TaxTotal with subtotals is required, found {len(with_subtotals)}",
                f"{path}/cac:TaxTotal",
            )
        if len(without) > 1:
            raise self.error("at most one cac:TaxTotal without subtotals", f"{path}/cac:TaxTotal")
        tt, tpath = with_subtotals[0]
        tax_total = self.req_amount(tt, tpath, "cbc:TaxAmount")
        breakdown = []
        for sub, spath in self.children(tt, tpath, "cac:TaxSubtotal"):
            cat_el, cpath = self.req(sub, spath, "cac:TaxCategory")
            breakdown.append(
                VatBreakdown(
                    tax_category=self.tax_category(cat_el, cpath),
                    taxable=self.req_amount(sub, spath, "cbc:TaxableAmount"),
                    tax=self.req_amount(sub, spath, "cbc:TaxAmount"),
                    exemption_reason=self.opt_text(cat_el, cpath, "cbc:TaxExemptionReason"),
                    exemption_code=self.opt_text(cat_el, cpath, "cbc:TaxExemptionReasonCode"),
                )
            )
        tax_in_tax_currency = None
        if without:
            tax_in_tax_currency = self.req_amount(*without[0], "cbc:TaxAmount")
        lmt, lpath = self.req(root, path, "cac:LegalMonetaryTotal")
        zero = Money(Decimal("0.00"), currency)

        def opt_total(name: str) -> Money:
            value = self.opt_amount(lmt, lpath, name)
            return zero if value is None else value

        totals = Totals(
            line_total=self.req_amount(lmt, lpath, "cbc:LineExtensionAmount"),
            allowance_total=opt_total("cbc:AllowanceTotalAmount"),
            charge_total=opt_total("cbc:ChargeTotalAmount"),
            tax_exclusive=self.req_amount(lmt, lpath, "cbc:TaxExclusiveAmount"),
            tax_total=tax_total,
            tax_inclusive=self.req_amount(lmt, lpath, "cbc:TaxInclusiveAmount"),
            prepaid=opt_total("cbc:PrepaidAmount"),
            rounding=opt_total("cbc:PayableRoundingAmount"),
            payable=self.req_amount(lmt, lpath, "cbc:PayableAmount"),
        )
        line_tag = "cac:CreditNoteLine" if credit else "cac:InvoiceLine"
        lines = tuple(self.line(el, p, credit) for el, p in self.children(root, path, line_tag))
        discounts: tuple[object, ...] = ()
        installments: tuple[object, ...] = ()
        if note is not None:
            discounts, installments = parse_terms_note(
                note, issue_date=issue_date, amount_due=totals.payable
            )
        line_rounding = any(
            (el.text or "").strip() == _LINE_ROUNDING_NOTE
            for el, _ in self.children(root, path, "cbc:Note")
        )
        try:
            return Invoice(
                type=doc_type,
                number=self.req_text(root, path, "cbc:ID"),
                issue_date=issue_date,
                currency=currency,
                seller=self.party(root, path, "cac:AccountingSupplierParty"),
                buyer=self.party(root, path, "cac:AccountingCustomerParty"),
                lines=lines,
                allowance_charges=doc_acs,
                vat_breakdown=tuple(breakdown),
                totals=totals,
                due_date=due_date,
                terms_note=note,
                discounts=discounts,  # type: ignore[arg-type]
                installments=installments,  # type: ignore[arg-type]
                payment_means=means,
                order_reference=None if order is None else self.req_text(*order, "cbc:ID"),
                buyer_reference=self.opt_text(root, path, "cbc:BuyerReference"),
                preceding=tuple(preceding),
                tax_currency=tax_currency,
                tax_total_in_tax_currency=tax_in_tax_currency,
                vat_rounding=VatRounding.LINE if line_rounding else VatRounding.DOCUMENT,
            )
        except ParseError:
            raise
        except InvalidInput as exc:
            raise self.error(str(exc), path) from None


def read_ubl(data: bytes | str, *, file: str | None = None) -> Invoice:
    """Read a UBL 2.1 Invoice or CreditNote (Peppol BIS Billing 3.0) into an :class:`Invoice`.

    The amounts are taken as stated; run :func:`~otccore.invoicing.validate` to
    check them. Malformed XML, a missing required element or a bad value raises
    :class:`~otccore.errors.ParseError` with ``file`` and the element's XPath (or
    the line, for XML that does not parse); entity declarations are refused.

    Example:
        >>> from otccore.adapters.ubl import read_ubl
        >>> read_ubl(b"<Invoice/>", file="x.xml")
        Traceback (most recent call last):
        ...
        otccore.errors.ParseError: x.xml:/: not a UBL 2.1 Invoice or CreditNote: root is 'Invoice'
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    if not isinstance(data, bytes):
        raise InvalidInput(f"UBL data must be bytes or str, not {type(data).__name__}")
    try:
        root = SafeET.fromstring(data, forbid_dtd=True)
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise ParseError(f"malformed XML: {exc}", file=file, line=line) from None
    except DefusedXmlException as exc:
        raise ParseError(f"refused XML: {exc!r}", file=file) from None
    with decimal.localcontext(WIDE):
        return _Reader(file).document(root)
