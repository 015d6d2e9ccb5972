"""Property tests: the EN 16931 identities hold exactly for any generated invoice."""

from __future__ import annotations

import decimal
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from otccore.adapters.memory import MemoryNumberSequence
from otccore.adapters.ubl import read_ubl, write_ubl
from otccore.invoicing import (
    DocumentType,
    Invoice,
    VatRounding,
    credit_note,
    issue,
    negative_invoice,
    validate,
)
from otccore.money import StaticRates
from otccore.testing.invoicing import draft_invoices

CTX = decimal.Context(prec=50)


def _round(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP, context=CTX)


def _line_net(line) -> Decimal:
    # computed here independently of the library: price ÷ base × quantity, one rounding
    ext = _round(CTX.divide(CTX.multiply(line.price.amount, line.quantity), line.base_quantity))
    for ac in line.allowance_charges:
        ext += ac.amount.amount if ac.is_charge else -ac.amount.amount
    return ext


@settings(max_examples=150, deadline=None)
@given(draft_invoices())
def test_bt_identities_hold_exactly(draft: Invoice) -> None:
    t = draft.totals
    # BT-131 and BT-106 = Σ BT-131
    for line in draft.lines:
        assert line.net_amount.amount == _line_net(line)
    assert t.line_total.amount == sum((ln.net_amount.amount for ln in draft.lines), Decimal(0))
    # BT-109 = BT-106 - BT-107 + BT-108
    allowances = sum(
        (a.amount.amount for a in draft.allowance_charges if not a.is_charge), Decimal(0)
    )
    charges = sum((a.amount.amount for a in draft.allowance_charges if a.is_charge), Decimal(0))
    assert t.allowance_total.amount == allowances
    assert t.charge_total.amount == charges
    assert t.tax_exclusive.amount == t.line_total.amount - allowances + charges
    # BT-116 per (category, rate), BT-117 = round(BT-116 × rate), BT-110 = Σ BT-117
    groups: dict[tuple[str, Decimal], Decimal] = {}
    for line in draft.lines:
        groups[line.tax_category.key] = (
            groups.get(line.tax_category.key, Decimal(0)) + line.net_amount.amount
        )
    for ac in draft.allowance_charges:
        assert ac.tax_category is not None
        groups[ac.tax_category.key] = groups.get(ac.tax_category.key, Decimal(0)) + ac.signed_amount
    assert {g.tax_category.key: g.taxable.amount for g in draft.vat_breakdown} == groups
    for g in draft.vat_breakdown:
        rate = g.tax_category.rate or Decimal(0)
        expected = _round(CTX.multiply(g.taxable.amount, rate) / 100)
        if draft.vat_rounding is VatRounding.DOCUMENT:
            assert g.tax.amount == expected
        assert g.tax.amount - g.rounding_difference.amount == expected
    assert t.tax_total.amount == sum((g.tax.amount for g in draft.vat_breakdown), Decimal(0))
    # BT-112 = BT-109 + BT-110; BT-115 = BT-112 - BT-113 + BT-114
    assert t.tax_inclusive.amount == t.tax_exclusive.amount + t.tax_total.amount
    assert t.payable.amount == t.tax_inclusive.amount - t.prepaid.amount + t.rounding.amount
    # BT-111 has the sign of BT-110
    if draft.tax_total_in_tax_currency is not None:
        assert draft.tax_total_in_tax_currency.amount * t.tax_total.amount >= 0
    # installments never lose a cent
    if draft.installments:
        assert sum((i.amount.amount for i in draft.installments), Decimal(0)) == t.payable.amount
    assert validate(draft) == ()


@settings(max_examples=100, deadline=None)
@given(draft_invoices())
def test_ubl_write_then_read_is_the_identity(draft: Invoice) -> None:
    result = issue(draft, MemoryNumberSequence())
    assert result.invoice is not None, result.violations
    data = write_ubl(result.invoice)
    back = read_ubl(data)
    assert back == result.invoice
    assert write_ubl(back) == data
    assert validate(back) == ()


def _round_trip(doc: Invoice, seq: MemoryNumberSequence) -> Invoice:
    result = issue(doc, seq)
    assert result.invoice is not None, result.violations
    data = write_ubl(result.invoice)
    back = read_ubl(data)
    assert back == result.invoice
    assert write_ubl(back) == data
    assert validate(back) == ()
    return back


RATE = Decimal("11.4563")


@settings(max_examples=60, deadline=None)
@given(draft_invoices(tax_rate=RATE), st.data())
def test_ubl_write_then_read_is_the_identity_for_credit_notes_and_negative_invoices(
    draft: Invoice, data: st.DataObject
) -> None:
    seq = MemoryNumberSequence()
    invoice = issue(draft, seq).invoice
    assert invoice is not None
    rates = StaticRates({("EUR", "SEK"): RATE})
    # some lines, one of them perhaps for part of its quantity
    ids = data.draw(
        st.lists(st.sampled_from([ln.id for ln in invoice.lines]), min_size=1, unique=True)
    )
    chosen: dict[str, Decimal] = {ln.id: ln.quantity for ln in invoice.lines if ln.id in ids}
    first = next(ln for ln in invoice.lines if ln.id == ids[0])
    if data.draw(st.booleans()):
        chosen[first.id] = data.draw(
            st.decimals(Decimal("0.001"), first.quantity, places=3).filter(lambda q: q != 0)
        )
    document_level = data.draw(st.booleans())
    issue_date = date(2028, 1, 1)
    for make in (credit_note, negative_invoice):
        full = _round_trip(make(invoice, issue_date=issue_date), seq)
        part = _round_trip(
            make(
                invoice,
                issue_date=issue_date,
                lines=chosen,
                document_level=document_level,
                rates=rates,
            ),
            seq,
        )
        expected = DocumentType.CREDIT_NOTE if make is credit_note else DocumentType.INVOICE
        assert full.type is part.type is expected
        assert full.preceding[0].number == part.preceding[0].number == invoice.number
