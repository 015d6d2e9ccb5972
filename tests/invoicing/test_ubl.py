"""UBL 2.1 / Peppol BIS 3.0 writer and reader: structure, round trip, malformed input."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal

import pytest

from otccore.adapters.memory import MemoryNumberSequence
from otccore.adapters.ubl import CAC, CBC, CREDIT_NOTE_NS, INVOICE_NS, read_ubl, write_ubl
from otccore.errors import InvalidInput, ParseError
from otccore.invoicing import (
    CUSTOMIZATION_ID,
    PROFILE_ID,
    DocumentType,
    EarlyPaymentDiscount,
    Invoice,
    InvoiceBuilder,
    NetDays,
    TaxCategory,
    VatRounding,
    credit_note,
    issue,
    validate,
)
from otccore.money import StaticRates, money

S19 = TaxCategory.of("S", 19)
S7 = TaxCategory.of("S", 7)


def eur(x: str):
    return money(x, "EUR")


def _invoice() -> Invoice:
    draft = (
        InvoiceBuilder.example()
        .line("Shoes", 2, eur("19.99"), tax_category=S19, order_reference="PO-1")
        .line("Books", 3, eur("4.49"), tax_category=S7, price_discount=eur("0.50"))
        .line_allowance(percent=10, reason="Volume", code="95")
        .line("Export", 1, eur("10"), tax_category=TaxCategory.of("O"))
        .charge(eur("5.90"), reason="Freight", code="FC", tax_category=S19)
        .allowance(percent=2, reason="Loyalty", code="95", tax_category=S7)
        .terms(EarlyPaymentDiscount(Decimal(2), 10, NetDays(30)))
        .payment_means("58", iban="DE89370400440532013000")
        .order_reference("PO-1")
        .tax_currency("SEK", StaticRates({("EUR", "SEK"): Decimal("11.4563")}))
        .draft()
    )
    inv = issue(draft, MemoryNumberSequence()).invoice
    assert inv is not None
    return inv


def _local(tag: str) -> str:
    ns, _, local = tag[1:].partition("}")
    return {CAC: "cac:", CBC: "cbc:"}.get(ns, "") + local


def test_header_and_peppol_element_order() -> None:
    root = ET.fromstring(write_ubl(_invoice()))
    assert root.tag == f"{{{INVOICE_NS}}}Invoice"
    order = [_local(el.tag) for el in root]
    assert order == [
        "cbc:CustomizationID",
        "cbc:ProfileID",
        "cbc:ID",
        "cbc:IssueDate",
        "cbc:DueDate",
        "cbc:InvoiceTypeCode",
        "cbc:DocumentCurrencyCode",
        "cbc:TaxCurrencyCode",
        "cbc:BuyerReference",
        "cac:OrderReference",
        "cac:AccountingSupplierParty",
        "cac:AccountingCustomerParty",
        "cac:PaymentMeans",
        "cac:PaymentTerms",
        "cac:AllowanceCharge",
        "cac:AllowanceCharge",
        "cac:TaxTotal",
        "cac:TaxTotal",
        "cac:LegalMonetaryTotal",
        "cac:InvoiceLine",
        "cac:InvoiceLine",
        "cac:InvoiceLine",
    ]
    ns = {"cac": CAC, "cbc": CBC}
    assert root.findtext("cbc:CustomizationID", namespaces=ns) == CUSTOMIZATION_ID
    assert root.findtext("cbc:ProfileID", namespaces=ns) == PROFILE_ID
    assert root.findtext("cbc:InvoiceTypeCode", namespaces=ns) == "380"
    assert root.findtext("cac:PaymentMeans/cbc:PaymentID", namespaces=ns) == "INV-000001"
    assert (
        root.findtext("cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID", namespaces=ns)
        == "DE89370400440532013000"
    )
    assert "#SKONTO#TAGE=10#PROZENT=2.00#" in root.findtext(
        "cac:PaymentTerms/cbc:Note", namespaces=ns
    )
    line = root.find("cac:InvoiceLine", ns)
    assert [_local(el.tag) for el in line] == [
        "cbc:ID",
        "cbc:InvoicedQuantity",
        "cbc:LineExtensionAmount",
        "cac:OrderLineReference",
        "cac:Item",
        "cac:Price",
    ]
    assert root.find("cac:TaxTotal[2]/cbc:TaxAmount", ns).attrib == {"currencyID": "SEK"}
    o_line = root.findall("cac:InvoiceLine", ns)[2]
    assert o_line.find("cac:Item/cac:ClassifiedTaxCategory/cbc:Percent", ns) is None
    lmt = root.find("cac:LegalMonetaryTotal", ns)
    assert [_local(el.tag) for el in lmt] == [
        "cbc:LineExtensionAmount",
        "cbc:TaxExclusiveAmount",
        "cbc:TaxInclusiveAmount",
        "cbc:AllowanceTotalAmount",
        "cbc:ChargeTotalAmount",
        "cbc:PayableAmount",
    ]


def test_round_trip_of_a_rich_invoice() -> None:
    inv = _invoice()
    back = read_ubl(write_ubl(inv))
    assert back == inv
    assert validate(back) == ()


def test_credit_note_document() -> None:
    inv = _invoice()
    cn = issue(credit_note(inv, issue_date=date(2026, 1, 20)), MemoryNumberSequence()).invoice
    assert cn is not None
    data = write_ubl(cn)
    root = ET.fromstring(data)
    ns = {"cac": CAC, "cbc": CBC}
    assert root.tag == f"{{{CREDIT_NOTE_NS}}}CreditNote"
    assert root.findtext("cbc:CreditNoteTypeCode", namespaces=ns) == "381"
    assert (
        root.findtext("cac:BillingReference/cac:InvoiceDocumentReference/cbc:ID", namespaces=ns)
        == "INV-000001"
    )
    assert root.find("cac:CreditNoteLine/cbc:CreditedQuantity", ns) is not None
    assert read_ubl(data) == cn


def test_credit_note_due_date_goes_into_payment_means() -> None:
    sample = InvoiceBuilder.example().draft()
    draft = (
        InvoiceBuilder(
            seller=sample.seller,
            buyer=sample.buyer,
            currency="EUR",
            issue_date=date(2026, 1, 20),
            document_type=DocumentType.CREDIT_NOTE,
        )
        .line("A", 1, eur("10"), tax_category=S19)
        .preceding("INV-1", date(2026, 1, 5))
        .due(date(2026, 1, 30))
    )
    cn = issue(draft.draft(), MemoryNumberSequence()).invoice
    assert cn is not None
    assert cn.is_credit_note
    with pytest.raises(InvalidInput, match="payment means"):
        write_ubl(cn)
    draft.payment_means("58", iban="DE89370400440532013000")
    cn = issue(draft.draft(), MemoryNumberSequence()).invoice
    assert cn is not None
    data = write_ubl(cn)
    assert b"<cbc:PaymentDueDate>2026-01-30</cbc:PaymentDueDate>" in data
    assert b"<cbc:DueDate>" not in data
    assert read_ubl(data) == cn


def test_a_draft_cannot_be_written() -> None:
    with pytest.raises(InvalidInput, match="only an issued invoice"):
        write_ubl(InvoiceBuilder.example().draft())


def _replace(data: bytes, old: str, new: str) -> bytes:
    assert old.encode() in data
    return data.replace(old.encode(), new.encode(), 1)


def test_missing_element_names_its_xpath() -> None:
    data = write_ubl(_invoice())
    start = data.index(b"<cbc:PayableAmount")
    end = data.index(b"</cbc:PayableAmount>") + len(b"</cbc:PayableAmount>")
    bad = data[:start] + data[end:]
    with pytest.raises(ParseError) as err:
        read_ubl(bad, file="inv.xml")
    assert err.value.xpath == "/Invoice/cac:LegalMonetaryTotal/cbc:PayableAmount"
    assert err.value.file == "inv.xml"
    assert "missing required element" in str(err.value)


def test_bad_number_names_the_line() -> None:
    bad = _replace(
        write_ubl(_invoice()),
        '<cbc:LineExtensionAmount currencyID="EUR">10.77<',
        '<cbc:LineExtensionAmount currencyID="EUR">10,77<',
    )
    with pytest.raises(ParseError, match="not a valid number: '10,77'") as err:
        read_ubl(bad)
    assert err.value.xpath == "/Invoice/cac:InvoiceLine[2]/cbc:LineExtensionAmount"


def test_bad_values_in_files() -> None:
    data = write_ubl(_invoice())
    cases = [
        (_replace(data, "<cbc:ID>S</cbc:ID>", "<cbc:ID>X</cbc:ID>"), "unknown VAT category"),
        (_replace(data, 'currencyID="EUR">19.99', 'currencyID="XXZ">19.99'), "unknown currency"),
        (_replace(data, "<cbc:IssueDate>2026-01-05", "<cbc:IssueDate>05.01.2026"), "date"),
        (_replace(data, "<cbc:InvoiceTypeCode>380", "<cbc:InvoiceTypeCode>325"), "type code"),
        (_replace(data, "<cbc:ChargeIndicator>true", "<cbc:ChargeIndicator>yes"), "boolean"),
        (_replace(data, 'currencyID="EUR">19.99', 'currencyID="EUR">NaN'), "finite"),
        (_replace(data, "billing:3.0</cbc:CustomizationID>", "x</cbc:CustomizationID>"), "Peppol"),
    ]
    for bad, message in cases:
        with pytest.raises(ParseError, match=message) as err:
            read_ubl(bad)
        assert err.value.xpath is not None
        assert err.value.xpath.startswith("/Invoice")


def test_malformed_xml_gives_the_line() -> None:
    with pytest.raises(ParseError, match="malformed XML") as err:
        read_ubl(b"<Invoice>\n<cbc:ID>1</Invoice>", file="broken.xml")
    assert err.value.line == 2


def test_entities_are_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]>'
        b'<Invoice xmlns="' + INVOICE_NS.encode() + b'">&a;</Invoice>'
    )
    with pytest.raises(ParseError, match="refused"):
        read_ubl(bomb)


def test_read_accepts_text_and_refuses_other_types() -> None:
    data = write_ubl(_invoice())
    assert read_ubl(data.decode("utf-8")) == read_ubl(data)
    with pytest.raises(InvalidInput, match="bytes or str"):
        read_ubl(123)  # type: ignore[arg-type]


def test_special_characters_are_escaped() -> None:
    draft = (
        InvoiceBuilder.example()
        .line('Tea & <Biscuits> "fine"', 1, eur("1"), tax_category=S19)
        .terms(NetDays(30))
        .draft()
    )
    inv = issue(draft, MemoryNumberSequence()).invoice
    assert inv is not None
    assert read_ubl(write_ubl(inv)).lines[0].name == 'Tea & <Biscuits> "fine"'


def test_texts_keep_their_spaces_and_codes_tolerate_them() -> None:
    draft = (
        InvoiceBuilder.example()
        .line("  padded name ", 1, eur("1"), tax_category=S19)
        .terms(NetDays(30))
        .draft()
    )
    inv = issue(draft, MemoryNumberSequence()).invoice
    assert inv is not None
    data = write_ubl(inv)
    assert read_ubl(data).lines[0].name == "  padded name "
    spaced = _replace(data, "<cbc:InvoiceTypeCode>380<", "<cbc:InvoiceTypeCode> 380 <")
    assert read_ubl(spaced) == inv


def _issued(builder: InvoiceBuilder) -> Invoice:
    inv = issue(builder.terms(NetDays(30)).draft(), MemoryNumberSequence()).invoice
    assert inv is not None
    return inv


def test_a_tampered_vat_amount_is_br_co_17_after_reading() -> None:
    data = write_ubl(
        _issued(InvoiceBuilder.example().line("A", 1, eur("100.00"), tax_category=S19))
    )
    # 19.90 instead of 19.00, with totals made consistent so only the VAT itself is wrong
    tampered = data.replace(b">19.00<", b">19.90<").replace(b">119.00<", b">119.90<")
    assert tampered.count(b">19.90<") == 2  # TaxTotal and TaxSubtotal
    back = read_ubl(tampered)
    assert back.vat_rounding is VatRounding.DOCUMENT  # not inferred from the mismatch
    [v] = validate(back)
    assert (v.rule, v.location) == ("BR-CO-17", "VAT breakdown S 19")
    assert dict(v.values) == {"BT-117": "19.90", "expected": "19.00", "difference": "0.90"}


def _line_rounded() -> Invoice:
    b = InvoiceBuilder.example().vat_rounding(VatRounding.LINE)
    for _ in range(3):
        b.line("Sticker", 1, eur("0.10"), tax_category=TaxCategory.of("S", 5))
    inv = _issued(b)
    # per line round(0.005) = 0.01 three times; per document round(0.015) = 0.02
    assert (inv.vat_rounding, inv.totals.tax_total) == (VatRounding.LINE, eur("0.03"))
    return inv


def test_line_rounding_is_stated_in_the_note_and_read_back() -> None:
    inv = _line_rounded()
    data = write_ubl(inv)
    root = ET.fromstring(data)
    assert root.findtext(f"{{{CBC}}}Note") == "VAT rounded per line"
    order = [_local(el.tag) for el in root]
    assert order.index("cbc:Note") == order.index("cbc:InvoiceTypeCode") + 1
    back = read_ubl(data)
    assert back == inv
    assert validate(back) == ()
    plain = _issued(InvoiceBuilder.example().line("A", 1, eur("1.00"), tax_category=S19))
    assert ET.fromstring(write_ubl(plain)).find(f"{{{CBC}}}Note") is None


def test_a_line_rounded_document_is_checked_exactly() -> None:
    data = write_ubl(_line_rounded())
    # one cent more than the lines give: within a currency unit, and still wrong
    tampered = data.replace(b">0.03<", b">0.04<").replace(b">0.33<", b">0.34<")
    [v] = validate(read_ubl(tampered))
    assert (v.rule, dict(v.values)) == (
        "BR-CO-17",
        {"BT-117": "0.04", "expected": "0.03", "difference": "0.01"},
    )
    # without the note the document claims nothing: the document rule applies
    unstated = data.replace(b"<cbc:Note>VAT rounded per line</cbc:Note>", b"")
    back = read_ubl(unstated)
    assert back.vat_rounding is VatRounding.DOCUMENT
    [v] = validate(back)
    assert (v.rule, v.details["expected"]) == ("BR-CO-17", "0.02")
