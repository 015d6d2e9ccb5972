"""Issuing tells the rest of the library: one ItemIssued per issued document, none when refused."""

from __future__ import annotations

from datetime import date

import pytest

from otccore.adapters.memory import MemoryEventSink, MemoryNumberSequence
from otccore.errors import InvalidInput
from otccore.invoicing import InvoiceBuilder, NetDays, TaxCategory, credit_note, issue
from otccore.money import money
from otccore.ports import Broadcast
from otccore.receivables.events import ItemIssued

S19 = TaxCategory.of("S", 19)


def _draft(order_reference: str | None = None):
    builder = (
        InvoiceBuilder.example().line("A", 2, money(50, "EUR"), tax_category=S19).terms(NetDays(30))
    )
    if order_reference is not None:
        builder.order_reference(order_reference)
    return builder.draft()


def test_issuing_emits_one_item_issued_with_the_stored_open_item() -> None:
    sink = MemoryEventSink()
    result = issue(_draft(), MemoryNumberSequence(), events=sink)
    assert result.issued
    assert sink.events == (ItemIssued(result.open_item),)
    [event] = sink.events
    assert event.item is result.open_item
    assert event.order_id is None
    assert event.customer_id == "C1"


def test_the_order_reference_is_the_events_order_id() -> None:
    sink = MemoryEventSink()
    result = issue(_draft("SO-7"), MemoryNumberSequence(), events=sink)
    assert [(e.item.id, e.order_id) for e in sink.events] == [(result.invoice.number, "SO-7")]


def test_a_credit_note_emits_its_credit_item() -> None:
    seq = MemoryNumberSequence()
    invoice = issue(_draft("SO-7"), seq).invoice
    sink = MemoryEventSink()
    result = issue(credit_note(invoice, issue_date=date(2026, 1, 20)), seq, events=sink)
    [event] = sink.events
    assert event.item == result.open_item
    assert event.item.original == money("-119.00", "EUR")
    assert event.order_id == "SO-7"


def test_a_refused_issue_emits_nothing() -> None:
    sink = MemoryEventSink()
    result = issue(InvoiceBuilder.example().draft(), MemoryNumberSequence(), events=sink)
    assert not result.issued
    assert sink.events == ()


def test_nothing_due_emits_nothing() -> None:
    sink = MemoryEventSink()
    draft = (
        InvoiceBuilder.example()
        .line("A", 1, money(100, "EUR"), tax_category=S19)
        .prepaid(money(119, "EUR"))
        .terms(NetDays(30))
        .draft()
    )
    result = issue(draft, MemoryNumberSequence(), events=sink)
    assert result.issued and result.open_item is None
    assert sink.events == ()


def test_events_reach_every_sink_of_a_broadcast() -> None:
    seen: list[object] = []
    sink = MemoryEventSink()
    issue(_draft(), MemoryNumberSequence(), events=Broadcast(sink, seen.append))
    assert len(seen) == 1 and tuple(seen) == sink.events


def test_a_bad_sink_is_refused_before_a_number_is_taken() -> None:
    seq = MemoryNumberSequence()
    with pytest.raises(InvalidInput, match="EventSink"):
        issue(_draft(), seq, events="log")  # type: ignore[arg-type]
    assert seq.current("INV") == 0
