"""Issuing: the number comes at issue, never on a draft; the open item carries the terms."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from otccore.adapters.memory import MemoryNumberSequence
from otccore.errors import InvalidAmount, InvalidInput
from otccore.invoicing import (
    EarlyPaymentDiscount,
    InvoiceBuilder,
    NetDays,
    TaxCategory,
    credit_note,
    issue,
    open_item,
)
from otccore.money import money
from otccore.receivables import DiscountTerm, ItemKind

S19 = TaxCategory.of("S", 19)


def eur(x: str):
    return money(x, "EUR")


def _draft():
    return (
        InvoiceBuilder.example()
        .line("A", 1, eur("100"), tax_category=S19)
        .terms(EarlyPaymentDiscount(Decimal(2), 10, NetDays(30)))
        .payment_means("58", iban="DE89370400440532013000")
        .draft()
    )


def test_drafts_have_no_number_and_issue_assigns_consecutive_ones() -> None:
    seq = MemoryNumberSequence()
    draft = _draft()
    assert draft.number is None
    assert draft.is_draft
    first = issue(draft, seq)
    second = issue(draft, seq)
    assert first.invoice is not None
    assert second.invoice is not None
    assert (first.invoice.number, second.invoice.number) == ("INV-000001", "INV-000002")
    assert draft.number is None  # the draft itself is unchanged


def test_open_item_of_an_issued_invoice() -> None:
    result = issue(_draft(), MemoryNumberSequence())
    item = result.open_item
    assert item is not None
    assert result.invoice is not None
    assert item.kind is ItemKind.INVOICE
    assert (item.number, item.customer_id, item.original, item.open) == (
        "INV-000001",
        "C1",
        eur("119.00"),
        eur("119.00"),
    )
    assert (item.issue_date, item.due_date) == (date(2026, 1, 5), date(2026, 2, 4))
    assert item.discounts == (DiscountTerm(date(2026, 1, 15), Decimal(2), None),)
    assert item.payment_reference == "INV-000001"
    assert result.invoice.payment_means is not None
    assert result.invoice.payment_means.payment_reference == "INV-000001"
    assert open_item(result.invoice) == item


def test_a_given_payment_reference_is_kept() -> None:
    draft = (
        InvoiceBuilder.example()
        .line("A", 1, eur("10"), tax_category=S19)
        .terms(NetDays(30))
        .payment_means("58", iban="DE89370400440532013000", reference="RF18539007547034")
        .draft()
    )
    item = issue(draft, MemoryNumberSequence()).open_item
    assert item is not None
    assert item.payment_reference == "RF18539007547034"


def test_series_and_format() -> None:
    seq = MemoryNumberSequence({"2026": 41})
    result = issue(_draft(), seq, series="2026", number_format="{series}/{value:05d}")
    assert result.invoice is not None
    assert result.invoice.number == "2026/00042"
    with pytest.raises(InvalidInput, match="bad number format"):
        issue(_draft(), seq, series="X", number_format="{nope}")
    assert seq.current("X") == 0
    with pytest.raises(InvalidInput, match="series"):
        issue(_draft(), seq, series=" ")


def test_credit_notes_use_their_own_series() -> None:
    seq = MemoryNumberSequence()
    inv = issue(_draft(), seq).invoice
    assert inv is not None
    cn = issue(credit_note(inv, issue_date=date(2026, 1, 20)), seq)
    assert cn.invoice is not None
    assert cn.invoice.number == "CN-000001"
    assert seq.current("INV") == 1


def test_issuing_twice_is_refused() -> None:
    inv = issue(_draft(), MemoryNumberSequence()).invoice
    with pytest.raises(InvalidInput, match="already issued"):
        issue(inv, MemoryNumberSequence())  # type: ignore[arg-type]


def test_a_fully_prepaid_invoice_has_no_open_item() -> None:
    draft = (
        InvoiceBuilder.example()
        .line("A", 1, eur("100"), tax_category=S19)
        .prepaid(eur("119.00"))
        .draft()
    )
    result = issue(draft, MemoryNumberSequence())
    assert result.issued
    assert result.open_item is None
    with pytest.raises(InvalidAmount, match="nothing due"):
        open_item(result.invoice)  # type: ignore[arg-type]


def test_a_draft_has_no_open_item() -> None:
    with pytest.raises(InvalidInput, match="draft"):
        open_item(_draft())
