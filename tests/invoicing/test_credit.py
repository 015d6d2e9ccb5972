"""Credit notes and negative invoices: same signs, references, partial credit, balances back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otccore.adapters.memory import MemoryNumberSequence, MemoryReceivables
from otccore.errors import InvalidInput, NotFound
from otccore.invoicing import (
    DocumentType,
    Invoice,
    InvoiceBuilder,
    NetDays,
    TaxCategory,
    VatRounding,
    credit_note,
    issue,
    negative_invoice,
    validate,
)
from otccore.money import StaticRates, convert, money
from otccore.receivables import ItemKind, OpenItem, balances
from otccore.testing.invoicing import draft_invoices

S19 = TaxCategory.of("S", 19)
S7 = TaxCategory.of("S", 7)


def eur(x: str):
    return money(x, "EUR")


def _invoice() -> Invoice:
    draft = (
        InvoiceBuilder.example()
        .line("A", 10, eur("10.00"), tax_category=S19)
        .line_allowance(eur("5.00"), reason="Damaged box")
        .line("B", 4, eur("12.50"), tax_category=S7)
        .line_allowance(percent=10, reason="Volume", code="95")
        .charge(eur("4.90"), reason="Freight", code="FC", tax_category=S19)
        .terms(NetDays(30))
        .draft()
    )
    inv = issue(draft, MemoryNumberSequence()).invoice
    assert inv is not None
    return inv


def test_full_credit_note_mirrors_the_invoice() -> None:
    inv = _invoice()
    cn = credit_note(inv, issue_date=date(2026, 1, 20))
    assert cn.type is DocumentType.CREDIT_NOTE
    assert cn.number is None
    assert [(p.number, p.issue_date) for p in cn.preceding] == [("INV-000001", date(2026, 1, 5))]
    assert cn.lines == inv.lines
    assert cn.allowance_charges == inv.allowance_charges
    assert cn.totals == inv.totals  # same signs: positive
    assert cn.totals.payable.amount > 0
    assert cn.due_date is None
    assert cn.discounts == ()
    assert cn.terms_note is not None
    assert validate(cn) == ()
    item = issue(cn, MemoryNumberSequence()).open_item
    assert item is not None
    assert item.kind is ItemKind.CREDIT_NOTE
    assert item.original == -inv.totals.payable


def test_partial_credit_of_some_lines() -> None:
    inv = _invoice()
    cn = credit_note(inv, issue_date=date(2026, 2, 1), lines=["2"])
    assert [ln.id for ln in cn.lines] == ["2"]
    assert cn.lines[0] == inv.lines[1]
    assert cn.allowance_charges == ()  # no freight on a partial credit
    assert cn.totals.tax_exclusive == eur("45.00")
    assert cn.totals.payable == eur("48.15")  # 45.00 + 3.15
    assert validate(cn) == ()


def test_partial_quantity_prorates_fixed_allowances_and_keeps_percentages() -> None:
    inv = _invoice()
    cn = credit_note(inv, issue_date=date(2026, 2, 1), lines={"1": 4, "2": Decimal(2)})
    one, two = cn.lines
    # line 1: 4 × 10.00 = 40.00, allowance 5.00 × 4/10 = 2.00 -> 38.00
    assert (one.quantity, one.allowance_charges[0].amount, one.net_amount) == (
        Decimal(4),
        eur("2.00"),
        eur("38.00"),
    )
    # line 2: 2 × 12.50 = 25.00, 10 % = 2.50 -> 22.50
    assert (two.allowance_charges[0].amount, two.net_amount) == (eur("2.50"), eur("22.50"))
    assert validate(cn) == ()


def test_bad_credit_requests() -> None:
    inv = _invoice()
    with pytest.raises(NotFound, match="no line '9'"):
        credit_note(inv, issue_date=date(2026, 2, 1), lines=["9"])
    with pytest.raises(InvalidInput, match="at most its quantity"):
        credit_note(inv, issue_date=date(2026, 2, 1), lines={"1": 11})
    with pytest.raises(InvalidInput, match="non-zero"):
        credit_note(inv, issue_date=date(2026, 2, 1), lines={"1": 0})
    with pytest.raises(InvalidInput, match="at least one line"):
        credit_note(inv, issue_date=date(2026, 2, 1), lines=[])
    draft = InvoiceBuilder.example().line("A", 1, eur("1"), tax_category=S19).draft()
    with pytest.raises(InvalidInput, match="issued"):
        credit_note(draft, issue_date=date(2026, 2, 1))
    cn = issue(credit_note(inv, issue_date=date(2026, 2, 1)), MemoryNumberSequence()).invoice
    with pytest.raises(InvalidInput, match="only an invoice"):
        credit_note(cn, issue_date=date(2026, 2, 1))  # type: ignore[arg-type]


def test_negative_invoice_negates_quantities_and_amounts_not_prices() -> None:
    inv = _invoice()
    neg = negative_invoice(inv, issue_date=date(2026, 1, 20))
    assert neg.type is DocumentType.INVOICE
    for before, after in zip(inv.lines, neg.lines, strict=True):
        assert after.quantity == -before.quantity
        assert after.price == before.price
        assert after.price.amount > 0
        assert after.net_amount == -before.net_amount
    assert neg.totals.payable == -inv.totals.payable
    assert [a.amount for a in neg.allowance_charges] == [eur("-4.90")]
    assert validate(neg) == ()
    item = issue(neg, MemoryNumberSequence()).open_item
    assert item is not None
    assert item.kind is ItemKind.CREDIT_NOTE
    assert item.original == -inv.totals.payable


def test_partial_negative_invoice() -> None:
    neg = negative_invoice(_invoice(), issue_date=date(2026, 1, 20), lines={"1": 1})
    assert neg.lines[0].quantity == Decimal(-1)
    assert neg.lines[0].net_amount == eur("-9.50")  # -(10.00 - 0.50)
    assert validate(neg) == ()


@settings(max_examples=60, deadline=None)
@given(draft_invoices())
def test_crediting_every_line_brings_the_balance_back(draft: Invoice) -> None:
    seq = MemoryNumberSequence()
    book = MemoryReceivables()
    earlier = OpenItem.invoice(
        "OLD-1",
        draft.buyer.id,
        eur("42.00"),
        issue_date=date(2020, 1, 1),
        due_date=date(2020, 2, 1),
    )
    book.add_items([earlier])
    before = balances(book.list_items(), currency="EUR")
    result = issue(draft, seq)
    assert result.invoice is not None
    if result.open_item is None:  # nothing due: nothing to book
        return
    book.add_items([result.open_item])
    for make in (credit_note, negative_invoice):
        doc = make(result.invoice, issue_date=draft.issue_date)
        credit = issue(doc, seq)
        assert credit.open_item is not None, credit.violations
        after = balances([*book.list_items(), credit.open_item], currency="EUR")
        assert after == before


def test_a_partial_credit_carries_the_document_level_part_only_when_asked() -> None:
    inv = _invoice()
    # invoice: S19 95.00 + freight 4.90 = 99.90 -> 18.98; S7 45.00 -> 3.15; due 167.03
    assert inv.totals.payable == eur("167.03")
    first = credit_note(inv, issue_date=date(2026, 2, 1), lines=["1"])
    second = credit_note(inv, issue_date=date(2026, 2, 1), lines=["2"], document_level=True)
    assert first.allowance_charges == ()
    assert second.allowance_charges == inv.allowance_charges  # the freight, as stated
    # first: 95.00 + round(95.00 × 0.19 = 18.05) = 113.05
    assert (first.totals.tax_total, first.totals.payable) == (eur("18.05"), eur("113.05"))
    # second: 45.00 + 4.90 = 49.90; VAT 3.15 + round(4.90 × 0.19 = 0.931) = 4.08; due 53.98
    assert (second.totals.tax_exclusive, second.totals.tax_total, second.totals.payable) == (
        eur("49.90"),
        eur("4.08"),
        eur("53.98"),
    )
    assert first.totals.payable + second.totals.payable == inv.totals.payable
    assert validate(first) == () and validate(second) == ()
    # every line chosen, but not the document-level part: the lines only
    lines_only = credit_note(inv, issue_date=date(2026, 2, 1), lines=["1", "2"])
    assert lines_only.allowance_charges == ()
    assert lines_only.totals.payable == eur("161.20")  # 167.03 - 4.90 - 0.93
    # and the whole invoice without its document-level part, asked for explicitly
    assert credit_note(inv, issue_date=date(2026, 2, 1), document_level=False) == lines_only


def test_the_document_level_part_includes_prepaid_and_rounding() -> None:
    draft = (
        InvoiceBuilder.example(currency="CHF")
        .line("A", 1, money("10.01", "CHF"), tax_category=TaxCategory.of("S", "8.1"))
        .line("B", 1, money("20.00", "CHF"), tax_category=TaxCategory.of("S", "8.1"))
        .prepaid(money("5.00", "CHF"))
        .cash_rounding("0.05")
        .terms(NetDays(30))
        .draft()
    )
    inv = issue(draft, MemoryNumberSequence()).invoice
    assert inv is not None
    # 30.01 + round(30.01 × 0.081 = 2.43081) = 32.44; - 5.00 = 27.44 -> 27.45, rounding 0.01
    assert (inv.totals.rounding, inv.totals.payable) == (
        money("0.01", "CHF"),
        money("27.45", "CHF"),
    )
    one = credit_note(inv, issue_date=date(2026, 2, 1), lines=["1"], document_level=True)
    two = credit_note(inv, issue_date=date(2026, 2, 1), lines=["2"])
    # one: 10.01 + round(0.81081) = 10.82; - 5.00 + 0.01 = 5.83
    assert (one.totals.prepaid, one.totals.rounding, one.totals.payable) == (
        money("5.00", "CHF"),
        money("0.01", "CHF"),
        money("5.83", "CHF"),
    )
    # two: 20.00 + round(1.62) = 21.62, no prepaid, no rounding
    assert (two.totals.prepaid.amount, two.totals.rounding.amount) == (0, 0)
    assert one.totals.payable + two.totals.payable == inv.totals.payable
    assert validate(one) == () and validate(two) == ()


SEK = StaticRates({("EUR", "SEK"): Decimal("11.4563")})


def _sek_invoice() -> Invoice:
    draft = (
        InvoiceBuilder.example()
        .line("A", 1, eur("60.00"), tax_category=TaxCategory.of("S", 25))
        .line("B", 1, eur("40.00"), tax_category=TaxCategory.of("S", 25))
        .tax_currency("SEK", SEK)
        .terms(NetDays(30))
        .draft()
    )
    inv = issue(draft, MemoryNumberSequence()).invoice
    assert inv is not None
    return inv


def test_a_partial_credit_keeps_the_tax_currency_at_the_invoices_rate() -> None:
    inv = _sek_invoice()
    # 25.00 EUR × 11.4563 = 286.4075 -> 286.41 SEK
    assert inv.tax_total_in_tax_currency == money("286.41", "SEK")
    a = credit_note(inv, issue_date=date(2026, 3, 1), lines=["1"], rates=SEK)
    b = credit_note(inv, issue_date=date(2026, 3, 1), lines=["2"], rates=SEK)
    # 15.00 × 11.4563 = 171.8445 -> 171.84; 10.00 × 11.4563 = 114.563 -> 114.56
    assert (a.tax_currency, a.tax_total_in_tax_currency) == ("SEK", money("171.84", "SEK"))
    assert (b.tax_currency, b.tax_total_in_tax_currency) == ("SEK", money("114.56", "SEK"))
    assert validate(a) == () and validate(b) == ()
    neg = negative_invoice(inv, issue_date=date(2026, 3, 1), lines=["1"], rates=SEK)
    assert neg.tax_total_in_tax_currency == money("-171.84", "SEK")
    assert validate(neg) == ()


def test_the_rate_is_the_invoices_not_the_credits() -> None:
    class DatedRates:
        def rate(self, source: str, target: str, on: date) -> Decimal:
            return Decimal("11.4563") if on == date(2026, 1, 5) else Decimal(12)

    inv = _sek_invoice()
    a = credit_note(inv, issue_date=date(2026, 3, 1), lines=["1"], rates=DatedRates())
    assert a.tax_total_in_tax_currency == money("171.84", "SEK")  # not 15.00 × 12 = 180.00


def test_a_partial_credit_of_a_tax_currency_invoice_needs_the_rates() -> None:
    inv = _sek_invoice()
    with pytest.raises(InvalidInput, match="needs the rates"):
        credit_note(inv, issue_date=date(2026, 3, 1), lines=["1"])
    with pytest.raises(InvalidInput, match="FxRates"):
        credit_note(inv, issue_date=date(2026, 3, 1), lines=["1"], rates=object())  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="document_level"):
        credit_note(inv, issue_date=date(2026, 3, 1), document_level="yes")  # type: ignore[arg-type]
    full = credit_note(inv, issue_date=date(2026, 3, 1))  # the mirror needs no rates
    assert full.tax_total_in_tax_currency == inv.tax_total_in_tax_currency


def test_a_partial_credit_keeps_the_exemption_reasons() -> None:
    draft = (
        InvoiceBuilder.example()
        .line("A", 1, eur("10"), tax_category=TaxCategory.of("E", 0))
        .line("B", 1, eur("10"), tax_category=S19)
        .exemption("E", "Art. 132 VAT Directive", code="VATEX-EU-132")
        .terms(NetDays(30))
        .draft()
    )
    inv = issue(draft, MemoryNumberSequence()).invoice
    assert inv is not None
    cn = credit_note(inv, issue_date=date(2026, 2, 1), lines=["1"])
    [group] = cn.vat_breakdown
    assert (group.exemption_reason, group.exemption_code) == (
        "Art. 132 VAT Directive",
        "VATEX-EU-132",
    )


RATE = Decimal("11.4563")


@settings(max_examples=80, deadline=None)
@given(draft_invoices(document_level=False, tax_rate=RATE))
def test_per_line_credit_notes_add_up_to_the_invoice(draft: Invoice) -> None:
    inv = issue(draft, MemoryNumberSequence()).invoice
    assert inv is not None
    rates = StaticRates({("EUR", "SEK"): RATE})
    credits = [
        credit_note(inv, issue_date=date(2028, 1, 1), lines=[ln.id], rates=rates)
        for ln in inv.lines
    ]
    for cn in credits:
        assert validate(cn) == (), cn
        if cn.tax_total_in_tax_currency is not None:  # at the invoice's rate
            assert cn.tax_total_in_tax_currency == convert(
                cn.totals.tax_total, "SEK", rates, on=inv.issue_date
            )

    def total(name: str) -> Decimal:
        return sum((getattr(cn.totals, name).amount for cn in credits), Decimal(0))

    for name in ("line_total", "allowance_total", "charge_total", "tax_exclusive"):
        assert total(name) == getattr(inv.totals, name).amount, name
    taxable: dict[tuple[str, Decimal], Decimal] = {}
    tax: dict[tuple[str, Decimal], Decimal] = {}
    for cn in credits:
        for g in cn.vat_breakdown:
            key = g.tax_category.key
            taxable[key] = taxable.get(key, Decimal(0)) + g.taxable.amount
            tax[key] = tax.get(key, Decimal(0)) + g.tax.amount
    assert taxable == {g.tax_category.key: g.taxable.amount for g in inv.vat_breakdown}
    if inv.vat_rounding is VatRounding.LINE:  # line rounding adds up to the cent
        assert tax == {g.tax_category.key: g.tax.amount for g in inv.vat_breakdown}
        for name in ("tax_total", "tax_inclusive", "payable"):
            assert total(name) == getattr(inv.totals, name).amount, name
    else:  # each credit rounds its own VAT: at most half a cent per credit, plus the invoice's
        for g in inv.vat_breakdown:
            key = g.tax_category.key
            n = sum(1 for cn in credits for h in cn.vat_breakdown if h.tax_category.key == key)
            assert abs(tax[key] - g.tax.amount) * 200 <= n + 1


@settings(max_examples=60, deadline=None)
@given(draft_invoices(tax_rate=RATE), st.data())
def test_the_document_level_part_is_credited_exactly_once(draft: Invoice, data) -> None:
    inv = issue(draft, MemoryNumberSequence()).invoice
    assert inv is not None
    rates = StaticRates({("EUR", "SEK"): RATE})
    carrier = data.draw(st.sampled_from([ln.id for ln in inv.lines]))
    credits = [
        credit_note(
            inv,
            issue_date=date(2028, 1, 1),
            lines=[ln.id],
            document_level=ln.id == carrier,
            rates=rates,
        )
        for ln in inv.lines
    ]
    for name in (
        "line_total",
        "allowance_total",
        "charge_total",
        "tax_exclusive",
        "prepaid",
        "rounding",
    ):
        assert (
            sum((getattr(cn.totals, name).amount for cn in credits), Decimal(0))
            == getattr(inv.totals, name).amount
        ), name
    if inv.vat_rounding is VatRounding.LINE:
        assert (
            sum((cn.totals.payable.amount for cn in credits), Decimal(0))
            == inv.totals.payable.amount
        )
    for cn in credits:
        assert validate(cn) == (), cn


def test_a_builder_takes_a_stated_rounding_amount_or_a_cash_rounding_not_both() -> None:
    b = InvoiceBuilder.example().line("A", 1, eur("10.01"), tax_category=TaxCategory.of("S", 19))
    assert b.rounding_amount(eur("-0.01")).draft().totals.payable == eur("11.90")
    with pytest.raises(InvalidInput, match="rounding amount is stated"):
        b.cash_rounding("0.05")
    c = InvoiceBuilder.example().cash_rounding("0.05")
    with pytest.raises(InvalidInput, match="cash rounding quantum is set"):
        c.rounding_amount(eur("0.01"))
