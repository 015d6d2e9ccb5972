"""The demo stage and the lead's issue_demo_invoice helper."""

from __future__ import annotations

import io
import random
import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from rich.console import Console

from otccore._demo.context import DemoContext
from otccore._demo.invoicing import DEMO_SELLER, demo_buyer, issue_demo_invoice, stage
from otccore.adapters.memory import MemoryNumberSequence, MemoryReceivables
from otccore.adapters.sqlite import SqliteDatabase, SqliteNumberSequence
from otccore.adapters.ubl import CAC, CBC, read_ubl
from otccore.errors import InvalidInput
from otccore.invoicing import PEPPOL_EAS_CODES, validate
from otccore.money import money
from otccore.receivables import Customer


def test_stage_prints_invoices_and_writes_ubl(tmp_path) -> None:
    out = io.StringIO()
    db = SqliteDatabase(tmp_path / "demo.sqlite")
    ctx = DemoContext(
        console=Console(file=out, width=160),
        db=db,
        store=MemoryReceivables(),
        as_of=date(2026, 3, 31),
        rng=random.Random(7),
        size=10,
        customers=[Customer.create(f"C{i}", f"Customer {i}", "EUR") for i in range(1, 8)],
    )
    stage(ctx)
    text = out.getvalue()
    assert "INV-000001" in text
    assert "INV-000005" in text
    assert "INV-000006" not in text
    assert SqliteNumberSequence(db).current("INV") == 5
    path = Path(re.search(r"written to (\S+\.xml)", text.replace("\n", "")).group(1))
    data = path.read_bytes()
    invoice = read_ubl(data)
    assert invoice.number == "INV-000001"
    assert validate(invoice) == ()  # Peppol profile: both parties have an endpoint
    root = ET.fromstring(data)
    for role in ("AccountingSupplierParty", "AccountingCustomerParty"):
        endpoint = root.find(f"cac:{role}/cac:Party/cbc:EndpointID", {"cac": CAC, "cbc": CBC})
        assert endpoint is not None and endpoint.text, role
        assert endpoint.get("schemeID") in PEPPOL_EAS_CODES
    assert (invoice.seller.endpoint_scheme, invoice.buyer.endpoint_scheme) == ("9930", "0088")
    db.close()


def test_issue_demo_invoice_returns_the_invoice_and_its_open_item() -> None:
    seq = MemoryNumberSequence()
    inv, item = issue_demo_invoice(
        sequence=seq,
        seller=DEMO_SELLER,
        buyer=Customer.create("C1", "Acme", "EUR"),
        lines=[("A", Decimal(2), money("50.00", "EUR")), ("B", Decimal(1), money("0.99", "EUR"))],
        vat_rate=Decimal(19),
        issue_date=date(2026, 1, 5),
        net_days=14,
        discount=None,
    )
    assert inv.totals.tax_exclusive == money("100.99", "EUR")
    assert inv.totals.payable == money("120.18", "EUR")  # 100.99 × 0.19 = 19.1881
    assert (item.id, item.customer_id, item.original) == ("INV-000001", "C1", inv.totals.payable)
    assert item.due_date == date(2026, 1, 19)
    assert item.discounts == ()


def test_issue_demo_invoice_refusal_takes_no_number() -> None:
    seq = MemoryNumberSequence()
    with pytest.raises(InvalidInput, match="BR-27"):
        issue_demo_invoice(
            sequence=seq,
            seller=DEMO_SELLER,
            buyer=Customer.create("C1", "Acme", "EUR"),
            lines=[("A", Decimal(1), money("-1", "EUR"))],
            vat_rate=Decimal(19),
            issue_date=date(2026, 1, 5),
            net_days=14,
            discount=None,
        )
    assert seq.current("INV") == 0


def test_the_demo_book_is_issued_through_the_builder() -> None:
    from otccore._demo.book import generate_book

    book = generate_book(3, 7, date(2026, 3, 31))
    assert book.items
    for item in book.items:
        assert item.id == item.number
        assert item.number.startswith("INV-2026-")
        assert item.payment_reference == item.number
        # The builder's totals: amount due is net plus VAT, never a bare net amount.
        assert item.original.amount > 0
    numbers = [item.number for item in book.items]
    assert len(set(numbers)) == len(numbers)


def test_make_book_invoice_keeps_an_unusual_number() -> None:
    from otccore._demo.invoicing import make_book_invoice

    item = make_book_invoice(
        number="X7",
        customer=Customer.create("C1", "Acme", "EUR"),
        net_minor=1001,
        issue_date=date(2026, 1, 5),
        net_days=10,
        discount=(Decimal(2), 5),
        rng=random.Random(3),
    )
    assert item.number == "X7"
    assert item.original == money("11.91", "EUR")  # 10.01 + 1.9019 -> 1.90
    assert item.discount_on(date(2026, 1, 10)) == money("0.24", "EUR")


def test_demo_buyers_get_a_valid_gln_of_their_own() -> None:
    from stdnum import ean

    parties = [
        demo_buyer(Customer.create(f"C{i:04d}", f"Customer {i}", "EUR"), country="DE")
        for i in range(200)
    ]
    endpoints = {p.endpoint for p in parties}
    assert len(endpoints) == 200  # one address per customer
    assert all(p.endpoint_scheme == "0088" for p in parties)
    assert all(e is not None and e.startswith("0200") and ean.is_valid(e) for e in endpoints)
    again = demo_buyer(Customer.create("C0007", "Customer 7", "EUR"), country="DE")
    assert again == parties[7]  # the same customer, the same address
