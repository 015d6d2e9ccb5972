"""Amounts finer than the currency's minor unit: refused on entry, reported by validate
(BR-DEC), and never the cause of a number taken for an invoice that is then not issued."""

from __future__ import annotations

import re
from datetime import date

import attrs
import pytest

from otccore.adapters.memory import MemoryNumberSequence
from otccore.errors import InvalidAmount, InvalidInput
from otccore.invoicing import (
    AllowanceCharge,
    Invoice,
    InvoiceBuilder,
    NetDays,
    TaxCategory,
    issue,
    validate,
)
from otccore.money import Money, money

S19 = TaxCategory.of("S", 19)


def eur(x: str) -> Money:
    return money(x, "EUR")


def _b() -> InvoiceBuilder:
    return InvoiceBuilder.example().terms(NetDays(30)).line("A", 1, eur("100.00"), tax_category=S19)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (
            lambda b: b.prepaid(eur("1.005")),
            "prepaid amount: EUR 1.005 is finer than the minor unit",
        ),
        (
            lambda b: b.charge(eur("0.333"), reason="Freight", tax_category=S19),
            "charge amount: EUR 0.333 is finer than the minor unit (2 decimals)",
        ),
        (
            lambda b: b.allowance(eur("0.001"), reason="Loyalty", tax_category=S19),
            "allowance amount: EUR 0.001",
        ),
        (
            lambda b: b.allowance(
                percent=2, base=eur("10.001"), reason="Loyalty", tax_category=S19
            ),
            "allowance base: EUR 10.001",
        ),
        (lambda b: b.line_allowance(eur("0.004"), reason="Damaged"), "allowance amount: EUR 0.004"),
        (lambda b: b.line_charge(eur("0.125"), reason="Packing"), "charge amount: EUR 0.125"),
        (
            lambda b: b.cash_rounding("0.025"),
            "cash rounding quantum 0.025 is not a whole multiple of the EUR minor unit 0.01",
        ),
    ],
)
def test_the_builder_refuses_amounts_finer_than_the_minor_unit(bad, message: str) -> None:
    seq = MemoryNumberSequence()
    b = _b()
    before = b.draft()
    with pytest.raises(InvalidAmount, match=re.escape(message)):
        bad(b)
    assert b.draft() == before  # the refused input left nothing behind
    # the refused builder's draft with a finer amount put in by hand (the builder refuses
    # it) is refused by issue() on this sequence, and takes no number from it
    t = before.totals
    fine = attrs.evolve(
        before, totals=attrs.evolve(t, prepaid=eur("0.005"), payable=t.payable - eur("0.005"))
    )
    refused = issue(fine, seq)
    assert not refused.issued and "BR-DEC-16" in [v.rule for v in refused.violations]
    assert seq.current("INV") == 0
    assert issue(b.draft(), seq).issued
    assert seq.current("INV") == 1


def test_unit_prices_may_have_more_decimals_and_trailing_zeros_are_whole_cents() -> None:
    inv = (
        _b()
        .line("Screw", 7, eur("0.0333"), tax_category=S19)  # 7 × 0.0333 = 0.2331 -> 0.23
        .charge(eur("1.000"), reason="Freight", tax_category=S19)
        .prepaid(eur("2.0"))
        .draft()
    )
    assert inv.lines[1].price.amount == eur("0.0333").amount
    assert inv.lines[1].net_amount == eur("0.23")
    assert str(inv.allowance_charges[0].amount.amount) == "1.00"
    assert str(inv.totals.prepaid.amount) == "2.00"
    assert validate(inv) == ()


def test_a_currency_without_minor_unit() -> None:
    b = InvoiceBuilder.example(currency="JPY").terms(NetDays(30))
    b.line(
        "Tea", 3, money("333.5", "JPY"), tax_category=TaxCategory.of("S", 10)
    )  # unit price: free
    with pytest.raises(InvalidAmount, match="JPY 0.5 is finer than the minor unit"):
        b.prepaid(money("0.5", "JPY"))
    with pytest.raises(InvalidAmount, match="minor unit 1"):
        b.cash_rounding("0.5")
    assert validate(b.draft()) == ()


def test_named_allowance_charge_constructors_refuse_them_too() -> None:
    with pytest.raises(InvalidAmount, match="allowance/charge amount: EUR 0.333"):
        AllowanceCharge.charge(eur("0.333"), reason="Freight", tax_category=S19)
    with pytest.raises(InvalidAmount, match="allowance/charge base: EUR 9.999"):
        AllowanceCharge.allowance(
            eur("0.20"), percent=2, base=eur("9.999"), reason="x", tax_category=S19
        )


def _refused(invoice: Invoice) -> list[tuple[str, str, dict[str, str]]]:
    seq = MemoryNumberSequence()
    result = issue(invoice, seq)
    assert not result.issued
    assert seq.current("INV") == 0  # no number consumed
    assert result.violations == validate(invoice)
    return [(v.rule, v.location, dict(v.values)) for v in result.violations]


def test_validate_reports_a_fine_prepaid_amount_and_what_follows_from_it() -> None:
    draft = _b().draft()
    # 119.00 - 1.005 = 117.995: consistent totals, but two amounts below a cent
    t = attrs.evolve(draft.totals, prepaid=eur("1.005"), payable=eur("117.995"))
    assert _refused(attrs.evolve(draft, totals=t)) == [
        ("BR-DEC-16", "document", {"BT-113": "1.005"}),
        ("BR-DEC-18", "document", {"BT-115": "117.995"}),
    ]


def test_validate_reports_every_fine_amount_of_a_document_charge() -> None:
    draft = _b().draft()
    freight = AllowanceCharge(True, eur("0.333"), reason="Freight", tax_category=S19)
    # hand-computed: BT-109 = 100.00 + 0.333 = 100.333; VAT round(100.333 × 0.19 = 19.06327)
    # = 19.06; BT-112 = BT-115 = 119.393
    bad = attrs.evolve(
        draft,
        allowance_charges=(freight,),
        vat_breakdown=(
            attrs.evolve(draft.vat_breakdown[0], taxable=eur("100.333"), tax=eur("19.06")),
        ),
        totals=attrs.evolve(
            draft.totals,
            charge_total=eur("0.333"),
            tax_exclusive=eur("100.333"),
            tax_total=eur("19.06"),
            tax_inclusive=eur("119.393"),
            payable=eur("119.393"),
        ),
    )
    assert _refused(bad) == [
        ("BR-DEC-05", "document charge 1", {"BT-99": "0.333"}),
        ("BR-DEC-11", "document", {"BT-108": "0.333"}),
        ("BR-DEC-12", "document", {"BT-109": "100.333"}),
        ("BR-DEC-14", "document", {"BT-112": "119.393"}),
        ("BR-DEC-18", "document", {"BT-115": "119.393"}),
        ("BR-DEC-19", "VAT breakdown S 19", {"BT-116": "100.333"}),
    ]


def test_validate_reports_a_fine_line_allowance_and_base() -> None:
    draft = _b().draft()
    line = draft.lines[0]
    allowance = AllowanceCharge(False, eur("0.004"), reason="Damaged", base_amount=eur("0.401"))
    bad = attrs.evolve(
        draft, lines=(attrs.evolve(line, allowance_charges=(allowance,), net_amount=eur("99.996")),)
    )
    found = {(rule, where) for rule, where, _ in _refused(bad)}
    assert {
        ("BR-DEC-23", "line 1"),
        ("BR-DEC-24", "line 1"),
        ("BR-DEC-25", "line 1"),
        ("BR-CO-10", "document"),  # BT-106 still says 100.00
    } <= found


def test_validate_reports_fine_line_charges_and_vat_amounts() -> None:
    draft = _b().draft()
    line = draft.lines[0]
    charge = AllowanceCharge(True, eur("1.10"), reason="Packing", base_amount=eur("11.001"))
    g = draft.vat_breakdown[0]
    bad = attrs.evolve(
        draft,
        lines=(attrs.evolve(line, allowance_charges=(charge,), net_amount=eur("101.10")),),
        vat_breakdown=(attrs.evolve(g, tax=eur("19.005")),),
    )
    found = {(rule, where) for rule, where, _ in _refused(bad)}
    assert {("BR-DEC-28", "line 1"), ("BR-DEC-20", "VAT breakdown S 19")} <= found


def test_validate_reports_a_fine_tax_currency_total() -> None:
    draft = _b().draft()
    bad = attrs.evolve(draft, tax_currency="SEK", tax_total_in_tax_currency=money("217.671", "SEK"))
    assert _refused(bad) == [("BR-DEC-15", "document", {"BT-111": "217.671"})]


def test_issue_takes_no_number_when_the_open_item_cannot_be_made() -> None:
    seq = MemoryNumberSequence()
    before_issue = (  # valid by EN 16931, but a receivable cannot fall due before it exists
        InvoiceBuilder.example()
        .line("A", 1, eur("100.00"), tax_category=S19)
        .due(date(2025, 12, 31))
    ).draft()
    assert validate(before_issue) == ()
    with pytest.raises(InvalidInput, match="before issue date"):
        issue(before_issue, seq)
    assert seq.current("INV") == 0
    for fmt in ("{series:.0}", "{nope}-{value}"):
        with pytest.raises(InvalidInput, match="number format"):
            issue(_b().draft(), seq, number_format=fmt)
    assert seq.current("INV") == 0
