"""Credit notes and negative invoices: same signs, references, partial credit, balances back."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings

from otccore.adapters.memory import MemoryNumberSequence, MemoryReceivables
from otccore.errors import InvalidInput, NotFound
from otccore.invoicing import (
    DocumentType,
    Invoice,
    InvoiceBuilder,
    NetDays,
    TaxCategory,
    credit_note,
    issue,
    negative_invoice,
    validate,
)
from otccore.money import money
from otccore.receivables import ItemKind, OpenItem, balances
from otccore.testing.invoicing import draft_invoices

S19 = TaxCategory.of("S", 19)
S7 = TaxCategory.of("S", 7)


def eur(x: str):
    return money(x, "EUR")


def _invoice() -> Invoice:
    draft = (
        InvoiceBuilder.example()
        .line("A", 10, eur("10.00"), vat=S19)
        .line_allowance(eur("5.00"), reason="Damaged box")
        .line("B", 4, eur("12.50"), vat=S7)
        .line_allowance(percent=10, reason="Volume", code="95")
        .charge(eur("4.90"), reason="Freight", code="FC", vat=S19)
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
    draft = InvoiceBuilder.example().line("A", 1, eur("1"), vat=S19).draft()
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
        "OLD-1", draft.buyer.id, eur("42.00"), issued=date(2020, 1, 1), due=date(2020, 2, 1)
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
