"""Peppol BIS Billing 3.0 electronic addresses: R010/R020, CL008, the profiles and the UBL."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otccore.adapters.memory import MemoryNumberSequence
from otccore.adapters.ubl import CAC, CBC, read_ubl, write_ubl
from otccore.errors import InvalidInput, ParseError
from otccore.invoicing import (
    PEPPOL_EAS_CODES,
    Billable,
    Invoice,
    InvoiceBuilder,
    LineSpec,
    NetDays,
    Party,
    TaxCategory,
    ValidationProfile,
    consolidate,
    issue,
    validate,
)
from otccore.money import money
from otccore.receivables import Customer

S19 = TaxCategory.of("S", 19)
NS = {"cac": CAC, "cbc": CBC}
SAMPLE = InvoiceBuilder.example().draft()
BARE_SELLER = attrs.evolve(SAMPLE.seller, endpoint=None, endpoint_scheme=None)
BARE_BUYER = attrs.evolve(SAMPLE.buyer, endpoint=None, endpoint_scheme=None)


def _draft(seller: Party = SAMPLE.seller, buyer: Party = SAMPLE.buyer) -> Invoice:
    return (
        InvoiceBuilder(seller=seller, buyer=buyer, currency="EUR", issue_date=date(2026, 1, 5))
        .line("Widget", 2, money("9.99", "EUR"), tax_category=S19)
        .terms(NetDays(30))
        .draft()
    )


def _refused(draft: Invoice, **kwargs: object) -> list[tuple[str, str, dict[str, str]]]:
    seq = MemoryNumberSequence()
    result = issue(draft, seq, **kwargs)  # type: ignore[arg-type]
    assert not result.issued
    assert result.invoice is None and result.open_item is None
    assert seq.current("INV") == 0  # no number consumed
    return [(v.rule, v.location, dict(v.values)) for v in result.violations]


def test_the_builder_example_is_peppol_valid() -> None:
    assert validate(_draft()) == ()
    assert issue(_draft(), MemoryNumberSequence()).issued


def test_missing_seller_endpoint_is_r020() -> None:
    assert _refused(_draft(seller=BARE_SELLER)) == [
        ("PEPPOL-EN16931-R020", "seller", {"party": "S1"})
    ]


def test_missing_buyer_endpoint_is_r010() -> None:
    assert _refused(_draft(buyer=BARE_BUYER)) == [("PEPPOL-EN16931-R010", "buyer", {"party": "C1"})]


def test_both_missing_are_both_reported_with_other_violations() -> None:
    draft = (
        InvoiceBuilder(
            seller=BARE_SELLER, buyer=BARE_BUYER, currency="EUR", issue_date=date(2026, 1, 5)
        )
        .line("Refund", 1, money("-5.00", "EUR"), tax_category=S19)
        .terms(NetDays(30))
        .draft()
    )
    assert [rule for rule, _, _ in _refused(draft)] == [
        "BR-27",
        "PEPPOL-EN16931-R010",
        "PEPPOL-EN16931-R020",
    ]
    message = str(validate(draft)[1])
    assert message == (
        "[PEPPOL-EN16931-R010] buyer: the buyer's electronic address (BT-49) must be provided"
        " (party=C1)"
    )


def test_endpoints_are_reported_even_when_currencies_are_mixed() -> None:
    draft = _draft(buyer=BARE_BUYER)
    line = attrs.evolve(draft.lines[0], net_amount=money("19.98", "USD"))
    rules = [v.rule for v in validate(attrs.evolve(draft, lines=(line,)))]
    assert rules == ["PEPPOL-EN16931-R010", "PEPPOL-EN16931-R051"]


@pytest.mark.parametrize("scheme", ["EM", "9999", "GLN", "0037", "88", " 0088"])
def test_a_scheme_not_in_the_peppol_eas_list_is_cl008(scheme: str) -> None:
    buyer = attrs.evolve(SAMPLE.buyer, endpoint="ap@acme.example", endpoint_scheme=scheme)
    assert _refused(_draft(buyer=buyer)) == [
        (
            "PEPPOL-EN16931-CL008",
            "buyer",
            {"BT-49-1": scheme, "BT-49": "ap@acme.example"},
        )
    ]
    seller = attrs.evolve(SAMPLE.seller, endpoint_scheme=scheme)
    [v] = validate(_draft(seller=seller))
    assert (v.rule, v.location, dict(v.values)) == (
        "PEPPOL-EN16931-CL008",
        "seller",
        {"BT-34-1": scheme, "BT-34": "DE123456789"},
    )


@pytest.mark.parametrize("scheme", ["0088", "0192", "9930", "0208", "0009", "9944", "0204"])
def test_schemes_from_the_peppol_list_pass(scheme: str) -> None:
    buyer = attrs.evolve(SAMPLE.buyer, endpoint="123", endpoint_scheme=scheme)
    assert validate(_draft(buyer=buyer)) == ()


def test_the_eas_list() -> None:
    assert isinstance(PEPPOL_EAS_CODES, frozenset)
    assert {"0088", "0192", "9930", "0208", "9957", "0204", "0248"} <= PEPPOL_EAS_CODES
    # not Peppol schemes: e-mail and the other letter codes of the CEF EAS list, and
    # the codes Peppol BIS Billing 3.0.21 removed
    assert not {"EM", "AN", "AQ", "AS", "AU", "0037", "0193", "0212", "9901"} & PEPPOL_EAS_CODES
    assert all(len(code) == 4 and code.isdigit() for code in PEPPOL_EAS_CODES)
    assert len(PEPPOL_EAS_CODES) == 83  # the eaid list of the 3.0.21 artefacts


def test_the_en16931_profile_leaves_the_peppol_address_rules_out() -> None:
    draft = _draft(seller=BARE_SELLER, buyer=BARE_BUYER)
    assert validate(draft, profile="en16931") == ()
    assert validate(draft, profile=ValidationProfile.EN16931) == ()
    email = attrs.evolve(SAMPLE.buyer, endpoint="ap@acme.example", endpoint_scheme="EM")
    assert validate(_draft(buyer=email), profile="en16931") == ()
    result = issue(draft, MemoryNumberSequence(), profile="en16931")
    assert result.issued and result.invoice is not None
    # every other rule is the same in both profiles
    negative = _draft(seller=BARE_SELLER).lines[0]
    bad = attrs.evolve(draft, lines=(attrs.evolve(negative, price=money("-9.99", "EUR")),))
    assert "BR-27" in [v.rule for v in validate(bad, profile="en16931")]


def test_an_unknown_profile_is_refused_before_any_number_is_taken() -> None:
    with pytest.raises(InvalidInput, match="unknown validation profile: 'xrechnung'"):
        validate(_draft(), profile="xrechnung")
    seq = MemoryNumberSequence()
    with pytest.raises(InvalidInput, match="unknown validation profile"):
        issue(_draft(), seq, profile="PEPPOL")
    with pytest.raises(InvalidInput, match="unknown validation profile: None"):
        validate(_draft(), profile=None)  # type: ignore[arg-type]
    assert seq.current("INV") == 0


def test_an_endpoint_needs_its_scheme() -> None:
    with pytest.raises(InvalidInput, match=r"party 'C1'.*BR-62/BR-63"):
        Party.create("C1", name="Acme", country="DE", endpoint="4000001000005")
    with pytest.raises(InvalidInput, match="BR-62/BR-63"):
        Party.create("C1", name="Acme", country="DE", endpoint_scheme="0088")


def test_from_customer_takes_the_endpoint_by_keyword() -> None:
    customer = Customer.create("C-7", "Fjord AS", "NOK")
    party = Party.from_customer(
        customer, country="NO", endpoint="974760673", endpoint_scheme="0192"
    )
    assert (party.id, party.endpoint, party.endpoint_scheme) == ("C-7", "974760673", "0192")
    assert Party.from_customer(customer, country="NO").endpoint is None
    with pytest.raises(TypeError):
        Party.from_customer(customer, "NO", None, None, None, None, "974760673")  # type: ignore[misc]


def test_consolidated_invoices_carry_the_billables_buyer_endpoint() -> None:
    spec = LineSpec.create("A", 1, money(10, "EUR"), tax_category=S19)
    bare = Party.create("C9", name="Nowhere GmbH", country="DE")
    [inv] = consolidate(
        [Billable.create("PO-1", bare, "EUR", [spec], terms=NetDays(30))],
        seller=SAMPLE.seller,
        issue_date=date(2026, 1, 31),
    )
    assert [(v.rule, dict(v.values)) for v in validate(inv)] == [
        ("PEPPOL-EN16931-R010", {"party": "C9"})
    ]
    reachable = attrs.evolve(bare, endpoint="4000001000005", endpoint_scheme="0088")
    [inv] = consolidate(
        [Billable.create("PO-1", reachable, "EUR", [spec], terms=NetDays(30))],
        seller=SAMPLE.seller,
        issue_date=date(2026, 1, 31),
    )
    assert inv.buyer.endpoint == "4000001000005"
    assert validate(inv) == ()


# ---------------------------------------------------------------------------- UBL


def _issued(seller: Party = SAMPLE.seller, buyer: Party = SAMPLE.buyer) -> Invoice:
    inv = issue(_draft(seller, buyer), MemoryNumberSequence()).invoice
    assert inv is not None
    return inv


def test_endpoint_id_is_the_first_child_of_each_party() -> None:
    buyer = attrs.evolve(SAMPLE.buyer, endpoint="4000001000005", endpoint_scheme="0088")
    root = ET.fromstring(write_ubl(_issued(buyer=buyer)))
    for path, scheme, value in (
        ("cac:AccountingSupplierParty/cac:Party", "9930", "DE123456789"),
        ("cac:AccountingCustomerParty/cac:Party", "0088", "4000001000005"),
    ):
        party = root.find(path, NS)
        assert party is not None
        first = party[0]
        assert first.tag == f"{{{CBC}}}EndpointID"
        assert first.attrib == {"schemeID": scheme}
        assert first.text == value
        assert len(party.findall("cbc:EndpointID", NS)) == 1


def test_round_trip_keeps_both_endpoints() -> None:
    inv = _issued()
    back = read_ubl(write_ubl(inv))
    assert back == inv
    assert (back.seller.endpoint, back.seller.endpoint_scheme) == ("DE123456789", "9930")
    assert (back.buyer.endpoint, back.buyer.endpoint_scheme) == ("DE987654321", "9930")


def test_a_document_without_endpoints_reads_and_is_reported() -> None:
    inv = issue(_draft(BARE_SELLER, BARE_BUYER), MemoryNumberSequence(), profile="en16931")
    assert inv.invoice is not None
    data = write_ubl(inv.invoice)
    assert b"EndpointID" not in data
    back = read_ubl(data)
    assert back == inv.invoice
    assert [v.rule for v in validate(back)] == ["PEPPOL-EN16931-R010", "PEPPOL-EN16931-R020"]
    assert validate(back, profile="en16931") == ()


def test_an_endpoint_without_scheme_in_a_file_is_a_parse_error() -> None:
    data = write_ubl(_issued())
    bad = data.replace(
        b'<cbc:EndpointID schemeID="9930">DE987654321<', b"<cbc:EndpointID>DE987654321<"
    )
    assert bad != data
    with pytest.raises(ParseError, match="BR-62/BR-63") as err:
        read_ubl(bad, file="inv.xml")
    assert err.value.xpath == "/Invoice/cac:AccountingCustomerParty/cac:Party"


def test_a_foreign_scheme_read_from_a_file_is_cl008() -> None:
    data = write_ubl(_issued())
    email = data.replace(
        b'<cbc:EndpointID schemeID="9930">DE987654321<',
        b'<cbc:EndpointID schemeID="EM">ap@buyer.example<',
    )
    assert email != data
    back = read_ubl(email)
    assert (back.buyer.endpoint, back.buyer.endpoint_scheme) == ("ap@buyer.example", "EM")
    assert [(v.rule, v.location) for v in validate(back)] == [("PEPPOL-EN16931-CL008", "buyer")]


_ENDPOINT_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Cn")), min_size=1, max_size=30
).filter(str.strip)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(sorted(PEPPOL_EAS_CODES)),
    _ENDPOINT_TEXT,
    st.sampled_from(sorted(PEPPOL_EAS_CODES)),
    _ENDPOINT_TEXT,
)
def test_ubl_round_trip_with_any_endpoints(
    seller_scheme: str, seller_endpoint: str, buyer_scheme: str, buyer_endpoint: str
) -> None:
    seller = attrs.evolve(SAMPLE.seller, endpoint=seller_endpoint, endpoint_scheme=seller_scheme)
    buyer = attrs.evolve(SAMPLE.buyer, endpoint=buyer_endpoint, endpoint_scheme=buyer_scheme)
    inv = _issued(seller, buyer)
    data = write_ubl(inv)
    back = read_ubl(data)
    assert back == inv
    assert write_ubl(back) == data
