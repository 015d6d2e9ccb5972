"""Named constructors from rows: ``Payment.from_row`` and ``Customer.from_row``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from otccore.errors import CurrencyMismatch, InvalidAmount, InvalidInput
from otccore.money import money
from otccore.receivables import Customer, Payment

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
