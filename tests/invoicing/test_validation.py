"""Bad input: clear errors from the builder, violations from validate(), nothing issued."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import attrs
import pytest

from otccore.adapters.memory import MemoryNumberSequence
from otccore.errors import CurrencyMismatch, InvalidAmount, InvalidInput
from otccore.invoicing import (
    AllowanceCharge,
    DocumentReference,
    DocumentType,
    InvoiceBuilder,
    NetDays,
    TaxCategory,
    VatRounding,
    Violation,
    issue,
    validate,
)
from otccore.money import StaticRates, money

S19 = TaxCategory.of("S", 19)


def eur(x: str):
    return money(x, "EUR")


def _b() -> InvoiceBuilder:
    return InvoiceBuilder.example().terms(NetDays(30))


def _refused(draft, *rules: str) -> tuple[Violation, ...]:
    seq = MemoryNumberSequence()
    result = issue(draft, seq)
    assert not result.issued
    assert result.invoice is None
    assert result.open_item is None
    assert seq.current("INV") == 0  # no number consumed
    found = [v.rule for v in result.violations]
    for rule in rules:
        assert rule in found
    return result.violations


def test_negative_price_is_br_27() -> None:
    draft = _b().line("Refund", 1, eur("-5.00"), tax_category=S19).draft()
    [v] = _refused(draft, "BR-27")
    assert v.location == "line 1"
    assert dict(v.values) == {"BT-146": "-5.00"}


def test_negative_gross_price_is_br_28() -> None:
    draft = _b().line("A", 1, eur("-5.00"), tax_category=S19, price_discount=eur("1.00")).draft()
    _refused(draft, "BR-27", "BR-28")


def test_zero_base_quantity_is_refused_by_the_builder() -> None:
    with pytest.raises(InvalidInput, match="base quantity must be greater than zero: 0"):
        _b().line("A", 1, eur("1"), tax_category=S19, base_quantity=0)
    with pytest.raises(InvalidInput, match="base quantity must be greater than zero: -1"):
        _b().line("A", 1, eur("1"), tax_category=S19, base_quantity=-1)


def test_zero_base_quantity_in_a_document_is_r121() -> None:
    draft = _b().line("A", 1, eur("1"), tax_category=S19).draft()
    bad = attrs.evolve(draft, lines=(attrs.evolve(draft.lines[0], base_quantity=Decimal(0)),))
    [v] = _refused(bad, "PEPPOL-EN16931-R121")
    assert dict(v.values) == {"BT-149": "0"}


def test_unknown_vat_category() -> None:
    with pytest.raises(InvalidInput, match="unknown VAT category: 'X'"):
        TaxCategory.of("X", 19)


def test_rate_on_category_o() -> None:
    draft = _b().line("A", 1, eur("10"), tax_category=TaxCategory.of("O", 7)).draft()
    [v] = _refused(draft, "BR-O-05")
    assert dict(v.values) == {"category": "O", "rate": "7"}


def test_missing_rate_is_br_48() -> None:
    draft = _b().line("A", 1, eur("10"), tax_category=TaxCategory.of("S")).draft()
    _refused(draft, "BR-48")


@pytest.mark.parametrize(
    ("cat", "rate", "rule"),
    [
        ("S", 0, "BR-S-05"),
        ("Z", 5, "BR-Z-05"),
        ("E", 5, "BR-E-05"),
        ("AE", 19, "BR-AE-05"),
        ("K", 1, "BR-IC-05"),
        ("G", 2, "BR-G-05"),
        ("L", -1, "BR-IG-05"),
        ("M", -1, "BR-IP-05"),
    ],
)
def test_rate_rules_per_category(cat: str, rate: int, rule: str) -> None:
    draft = _b().line("A", 1, eur("10"), tax_category=TaxCategory.of(cat, rate)).draft()
    _refused(draft, rule)


def test_mixed_currencies_are_refused_on_entry() -> None:
    b = _b()
    with pytest.raises(CurrencyMismatch, match="10 USD"):
        b.line("A", 1, money(10, "USD"), tax_category=S19)
    with pytest.raises(CurrencyMismatch, match="USD"):
        b.charge(money(5, "USD"), reason="Freight", tax_category=S19)
    with pytest.raises(CurrencyMismatch, match="USD"):
        b.prepaid(money(5, "USD"))
    with pytest.raises(InvalidInput, match="tax currency must differ"):
        b.tax_currency("EUR", StaticRates({}))


def test_mixed_currencies_in_a_document_are_r051() -> None:
    draft = _b().line("A", 1, eur("10"), tax_category=S19).draft()
    bad = attrs.evolve(draft, lines=(attrs.evolve(draft.lines[0], price=money(10, "USD")),))
    [v] = _refused(bad, "PEPPOL-EN16931-R051")
    assert dict(v.values) == {"currency": "USD", "invoice currency": "EUR"}


def test_no_lines() -> None:
    violations = _refused(_b().draft(), "BR-16", "BR-CO-18")
    assert str(violations[0]) == "[BR-16] document: an invoice has at least one line"


@pytest.mark.parametrize(
    "bad",
    [
        lambda b: b.line("A", 1.5, eur("1"), tax_category=S19),
        lambda b: b.line("A", 1, 9.99, tax_category=S19),
        lambda b: b.line("A", True, eur("1"), tax_category=S19),
        lambda b: b.line("A", "NaN", eur("1"), tax_category=S19),
        lambda b: b.line("A", 1, eur("1"), tax_category=S19, base_quantity=0.5),
        lambda b: b.allowance(percent=2.5, reason="x"),
        lambda b: b.cash_rounding(0.05),
        lambda b: TaxCategory.of("S", 19.0),
    ],
)
def test_floats_bools_and_nan_are_refused(bad) -> None:
    with pytest.raises(InvalidAmount):
        bad(_b())


def test_builder_input_errors() -> None:
    b = _b()
    with pytest.raises(InvalidInput, match="add a line first"):
        b.line_allowance(eur("1"), reason="x")
    with pytest.raises(InvalidInput, match="either an amount or a percent"):
        b.allowance(eur("1"), percent=2, reason="x")
    with pytest.raises(InvalidInput, match="either an amount or a percent"):
        b.allowance(reason="x")
    with pytest.raises(InvalidInput, match="unknown VAT rounding mode"):
        b.vat_rounding("cent")
    with pytest.raises(InvalidInput, match="tax-inclusive"):
        b.line("A", 1, eur("10"), tax_category=S19, tax_inclusive=True, price_discount=eur("1"))
    with pytest.raises(InvalidInput, match="rounding quantum"):
        b.cash_rounding("-0.05")


def test_missing_allowance_and_charge_reasons() -> None:
    draft = (
        _b()
        .line("A", 10, eur("10"), tax_category=S19)
        .line_allowance(eur("1"))
        .line_charge(eur("1"))
        .allowance(eur("1"), tax_category=S19)
        .charge(eur("1"), tax_category=S19)
        .draft()
    )
    _refused(draft, "BR-CO-21", "BR-CO-22", "BR-CO-23", "BR-CO-24")


def test_document_allowance_without_vat_category() -> None:
    draft = _b().line("A", 1, eur("10"), tax_category=S19).allowance(eur("1"), reason="x").draft()
    _refused(draft, "BR-32")


def test_positive_amount_due_needs_a_due_date_or_terms() -> None:
    draft = InvoiceBuilder.example().line("A", 1, eur("10"), tax_category=S19).draft()
    [v] = _refused(draft, "BR-CO-25")
    assert dict(v.values) == {"BT-115": "11.90"}
    assert (
        validate(InvoiceBuilder.example().line("Return", -1, eur("10"), tax_category=S19).draft())
        == ()
    )


def test_tampered_totals_report_every_identity_with_values() -> None:
    draft = _b().line("A", 1, eur("100"), tax_category=S19).draft()
    t = draft.totals
    bad = attrs.evolve(
        draft,
        totals=attrs.evolve(t, line_total=eur("100.01"), tax_total=eur("19.01"), payable=eur("1")),
    )
    violations = _refused(bad, "BR-CO-10", "BR-CO-13", "BR-CO-14", "BR-CO-15", "BR-CO-16")
    by_rule = {v.rule: dict(v.values) for v in violations}
    assert by_rule["BR-CO-10"] == {"BT-106": "100.01", "sum of BT-131": "100.00"}
    assert by_rule["BR-CO-16"] == {"BT-115": "1", "BT-112 - BT-113 + BT-114": "119.00"}


def test_tampered_vat_breakdown() -> None:
    draft = _b().line("A", 1, eur("100"), tax_category=S19).draft()
    g = draft.vat_breakdown[0]
    bad = attrs.evolve(
        draft,
        vat_breakdown=(attrs.evolve(g, tax=eur("19.01")),),
        totals=attrs.evolve(
            draft.totals, tax_total=eur("19.01"), tax_inclusive=eur("119.01"), payable=eur("119.01")
        ),
    )
    [v] = _refused(bad, "BR-CO-17")
    assert dict(v.values) == {"BT-117": "19.01", "expected": "19.00", "difference": "0.01"}
    missing = attrs.evolve(draft, vat_breakdown=())
    _refused(missing, "BR-CO-18", "BR-S-08", "BR-CO-14")


def test_percent_amount_mismatch_is_r040() -> None:
    draft = _b().line("A", 1, eur("100"), tax_category=S19).draft()
    wrong = AllowanceCharge.allowance(
        eur("3.00"), reason="x", percent=2, base=eur("100"), tax_category=S19
    )
    bad = attrs.evolve(draft, allowance_charges=(wrong,))
    _refused(bad, "PEPPOL-EN16931-R040", "BR-CO-11")


def test_tax_currency_rules() -> None:
    rates = StaticRates({("EUR", "SEK"): Decimal(11)})
    draft = _b().line("A", 1, eur("100"), tax_category=S19).tax_currency("SEK", rates).draft()
    assert validate(draft) == ()
    _refused(attrs.evolve(draft, tax_total_in_tax_currency=None), "BR-53")
    _refused(
        attrs.evolve(draft, tax_total_in_tax_currency=money(-209, "SEK")), "PEPPOL-EN16931-R055"
    )


def test_credit_transfer_needs_an_account() -> None:
    draft = _b().line("A", 1, eur("10"), tax_category=S19).payment_means("58").draft()
    [v] = _refused(draft, "BR-61")
    assert dict(v.values) == {"BT-81": "58"}
    direct_debit = _b().line("A", 1, eur("10"), tax_category=S19).payment_means("59").draft()
    assert validate(direct_debit) == ()


def test_line_rounding_mode_gives_no_tolerance() -> None:
    draft = _b().line("A", 1, eur("100"), tax_category=S19).draft()
    g = draft.vat_breakdown[0]
    bad = attrs.evolve(
        draft,
        vat_rounding=VatRounding.LINE,
        vat_breakdown=(attrs.evolve(g, tax=eur("19.90")),),
        totals=attrs.evolve(
            draft.totals, tax_total=eur("19.90"), tax_inclusive=eur("119.90"), payable=eur("119.90")
        ),
    )
    # one line: its rounded VAT is round(100.00 × 0.19) = 19.00, whatever the mode says
    [v] = _refused(bad, "BR-CO-17")
    assert dict(v.values) == {"BT-117": "19.90", "expected": "19.00", "difference": "0.90"}
    assert "line rounding" in v.message


def _credit_note_builder() -> InvoiceBuilder:
    sample = InvoiceBuilder.example().draft()
    return (
        InvoiceBuilder(
            seller=sample.seller,
            buyer=sample.buyer,
            currency="EUR",
            issue_date=date(2026, 1, 20),
            document_type=DocumentType.CREDIT_NOTE,
        )
        .line("Returned", 1, eur("10"), tax_category=S19)
        .due(date(2026, 1, 20))
    )


def test_a_credit_note_must_reference_the_invoice_it_credits() -> None:
    seq = MemoryNumberSequence()
    result = issue(_credit_note_builder().draft(), seq)
    assert [(v.rule, v.location, dict(v.values)) for v in result.violations] == [
        ("OTC-CN-01", "document", {"BT-3": "381"})
    ]
    assert seq.current("CN") == 0
    blank = attrs.evolve(_credit_note_builder().draft(), preceding=(DocumentReference("  "),))
    assert [v.rule for v in validate(blank)] == ["OTC-CN-01"]
    referenced = _credit_note_builder().preceding("INV-000001", date(2026, 1, 5)).draft()
    assert validate(referenced) == ()
    # an invoice (380) needs no preceding reference
    assert validate(_b().line("A", 1, eur("10"), tax_category=S19).draft()) == ()
