"""Named constructors from rows: ``from_row`` on every noun a reader yields."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from otccore.errors import CurrencyMismatch, InvalidAmount, InvalidInput
from otccore.money import money
from otccore.receivables import (
    Allocation,
    Customer,
    DiscountTerm,
    OpenItem,
    Payment,
    RemittanceLine,
)

D = date(2026, 3, 2)


def test_payment_from_row_equals_create() -> None:
    row = {
        "id": "P1",
        "amount": Decimal("12.50"),
        "currency": "eur",
        "value_date": D,
        "payer_name": "ACME",
        "payer_account": "de11 22",
        "customer_id": "C1",
        "references": ["INV-1", "INV-2"],
        "remittance_text": "thanks",
        "ignored": object(),
    }
    expected = Payment.create(
        "P1",
        money("12.50", "EUR"),
        value_date=D,
        payer_name="ACME",
        payer_account="DE1122",
        customer_id="C1",
        references=["INV-1", "INV-2"],
        remittance_text="thanks",
    )
    assert Payment.from_row(row) == expected
    assert Payment.from_row({**row, "amount": money("12.50", "EUR")}) == expected
    assert Payment.from_row({**row, "amount": money("12.50", "EUR"), "currency": None}) == expected


def test_payment_from_row_optional_fields() -> None:
    p = Payment.from_row(
        {"id": "P2", "amount": 5, "currency": "EUR", "value_date": D, "customer_id": None,
         "payer_account": None, "references": "RF18"}
    )  # fmt: skip
    assert (p.customer_id, p.payer_account, p.references, p.payer_name) == (None, "", ("RF18",), "")


def test_payment_from_row_bad_input() -> None:
    good = {"id": "P1", "amount": 5, "currency": "EUR", "value_date": D}
    with pytest.raises(InvalidAmount, match="float"):
        Payment.from_row({**good, "amount": 5.0})
    with pytest.raises(InvalidInput, match="payment row has no 'currency'"):
        Payment.from_row({k: v for k, v in good.items() if k != "currency"})
    with pytest.raises(InvalidInput, match="payment row has no 'value_date'"):
        Payment.from_row({**good, "value_date": None})
    with pytest.raises(CurrencyMismatch, match="amount is EUR, currency says 'USD'"):
        Payment.from_row({**good, "amount": money(5, "EUR"), "currency": "USD"})
    with pytest.raises(InvalidInput, match="payer account must be a str, not float"):
        Payment.from_row({**good, "payer_account": float("nan")})
    with pytest.raises(InvalidInput, match="reference must be a str or strings, not int"):
        Payment.from_row({**good, "references": 7})
    with pytest.raises(InvalidInput, match="a payment row must be a mapping, not tuple"):
        Payment.from_row(("P1", 5))  # type: ignore[arg-type]


def test_customer_from_row() -> None:
    c = Customer.from_row(
        {"id": "C2", "name": "Beta", "currency": "eur", "parent_id": "C1",
         "bank_accounts": ["gb22 33", "DE11"]}
    )  # fmt: skip
    assert c == Customer.create(
        "C2", "Beta", "EUR", parent_id="C1", bank_accounts=["GB2233", "DE11"]
    )
    assert Customer.from_row({"id": "C1", "name": "A", "currency": "EUR"}).bank_accounts == ()
    with pytest.raises(InvalidInput, match="customer row has no 'name'"):
        Customer.from_row({"id": "C1", "currency": "EUR"})
    with pytest.raises(InvalidInput, match="bank account must be a str"):
        Customer.from_row({"id": "C1", "name": "A", "currency": "EUR", "bank_accounts": [1]})


def _item() -> OpenItem:
    return OpenItem.create(
        "invoice",
        "INV-1",
        "C1",
        money("100.00", "EUR"),
        id="I-1",
        issue_date=date(2026, 3, 1),
        due_date=date(2026, 3, 31),
        open=money("40.00", "EUR"),
        disputed=True,
        discounts=[DiscountTerm(date(2026, 3, 11), Decimal(2), base=money("84.03", "EUR"))],
        payment_reference="RF18",
    )


def test_open_item_from_row_round_trips() -> None:
    item = _item()
    typed = {
        "id": item.id,
        "kind": item.kind,
        "number": item.number,
        "customer_id": item.customer_id,
        "amount": item.original,
        "open": item.open,
        "issue_date": item.issue_date,
        "due_date": item.due_date,
        "disputed": item.disputed,
        "discounts": item.discounts,
        "payment_reference": item.payment_reference,
    }
    assert OpenItem.from_row(typed) == item
    as_text = {
        **typed,
        "amount": "100.00",
        "open": "40.00",
        "currency": "EUR",
        "issue_date": "2026-03-01",
        "due_date": "2026-03-31",
        "disputed": "yes",
        "discounts": [{"until": "2026-03-11", "percent": "2", "base": "84.03", "currency": "EUR"}],
    }
    assert OpenItem.from_row(as_text) == item
    assert OpenItem.from_row({**typed, "disputed": 1}) == item


def test_open_item_from_row_defaults() -> None:
    row = {"number": "INV-2", "customer_id": "C1", "amount": 5, "currency": "EUR",
           "issue_date": D, "due_date": None, "open": None, "payment_reference": None}  # fmt: skip
    item = OpenItem.from_row(row)
    assert (item.id, item.kind, item.open, item.due_date, item.disputed, item.discounts) == (
        "INV-2", "invoice", money(5, "EUR"), D, False, ()
    )  # fmt: skip


@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        ({"amount": 5.0}, InvalidAmount, "float: 5.0"),
        ({"kind": "refund"}, InvalidInput, "unknown item kind: 'refund'"),
        ({"issue_date": "03/01/2026"}, InvalidInput, "issue_date is not an ISO date: '03/01/2026'"),
        ({"due_date": 20260331}, InvalidInput, "due_date must be a datetime.date, not int"),
        ({"disputed": "maybe"}, InvalidInput, "disputed must be true or false: 'maybe'"),
        ({"open": "120"}, InvalidAmount, "open amount 120 must lie between 0"),
        ({"amount": money(5, "USD")}, CurrencyMismatch, "amount is USD, currency says 'EUR'"),
        ({"discounts": [{"until": "2026-03-11"}]}, InvalidInput, "discount row has no 'percent'"),
        ({"discounts": "2%"}, InvalidInput, "discounts must be a sequence, not str: '2%'"),
        ({"number": None}, InvalidInput, "open item row has no 'number'"),
    ],
)
def test_open_item_from_row_refuses_a_bad_row(
    change: dict[str, object], error: type[Exception], message: str
) -> None:
    good = {"number": "INV-1", "customer_id": "C1", "amount": "100", "currency": "EUR",
            "issue_date": "2026-03-01"}  # fmt: skip
    assert OpenItem.from_row(good).open == money(100, "EUR")
    with pytest.raises(error, match=re.escape(message)):
        OpenItem.from_row({**good, **change})


def test_allocation_from_row_round_trips_and_refuses() -> None:
    alloc = Allocation.create("applied", money("98.00", "EUR"), payment_id="P1", item_id="I1")
    row = {"kind": "applied", "amount": "98.00", "currency": "EUR", "payment_id": "P1",
           "item_id": "I1", "note": None}  # fmt: skip
    assert Allocation.from_row(row) == alloc
    assert Allocation.from_row({**row, "amount": alloc.amount, "currency": None}) == alloc
    with pytest.raises(InvalidInput, match="unknown allocation kind: 'refund'"):
        Allocation.from_row({**row, "kind": "refund"})
    with pytest.raises(InvalidAmount, match=re.escape("allocation amount must be positive: -1")):
        Allocation.from_row({**row, "amount": "-1"})


def test_remittance_line_from_row_round_trips_and_refuses() -> None:
    line = RemittanceLine.create(
        "INV-9", money("485.00", "EUR"), adjustment=money("-15", "EUR"), reason="damaged"
    )
    row = {"document": "INV-9", "amount": "485.00", "adjustment": "-15", "discount": None,
           "currency": "EUR", "reason": "damaged"}  # fmt: skip
    assert RemittanceLine.from_row(row) == line
    with pytest.raises(CurrencyMismatch, match="adjustment is USD, currency says .EUR."):
        RemittanceLine.from_row({**row, "amount": line.amount, "adjustment": money(1, "USD")})
    with pytest.raises(InvalidInput, match="remittance row has no 'document'"):
        RemittanceLine.from_row({**row, "document": None})


def test_payment_from_row_reads_text_dates_and_remittance() -> None:
    line = RemittanceLine.create("INV-1", money("98.00", "EUR"))
    p = Payment.from_row(
        {"id": "P1", "amount": "98.00", "currency": "EUR", "value_date": "2026-03-02",
         "remittance": [line, {"document": "INV-2", "amount": 0, "currency": "EUR"}]}
    )  # fmt: skip
    assert p.value_date == D
    assert p.remittance == (line, RemittanceLine.create("INV-2", money(0, "EUR")))
