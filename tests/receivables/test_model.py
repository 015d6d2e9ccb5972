"""The receivables nouns validate themselves at construction."""

from __future__ import annotations

import decimal
from datetime import date, datetime
from decimal import Decimal

import pytest

from otccore.errors import CurrencyMismatch, InvalidAmount, InvalidInput, UnknownCurrency
from otccore.money import money
from otccore.receivables import (
    Allocation,
    AllocationKind,
    Customer,
    DiscountTerm,
    ItemKind,
    OpenItem,
    Payment,
    RemittanceLine,
)

D1, D31 = date(2026, 1, 1), date(2026, 1, 31)


def inv(**kw: object) -> OpenItem:
    return OpenItem.invoice("INV-1", "C1", money(100, "EUR"), issue_date=D1, due_date=D31, **kw)  # type: ignore[arg-type]


def test_invoice_defaults() -> None:
    item = inv()
    assert item.id == "INV-1" and item.kind is ItemKind.INVOICE
    assert item.open == item.original and item.is_open
    assert item.currency == "EUR"
    assert item.days_past_due(date(2026, 2, 10)) == 10
    assert item.days_past_due(D31) == 0


def test_due_before_issue_is_refused() -> None:
    with pytest.raises(InvalidInput, match="due date 2025-12-31 is before issue date 2026-01-01"):
        OpenItem.invoice("I", "C", money(1, "EUR"), issue_date=D1, due_date=date(2025, 12, 31))


@pytest.mark.parametrize("amount", ["-5", "0"])
def test_invoice_amount_must_be_positive(amount: str) -> None:
    with pytest.raises(InvalidAmount, match="invoice amounts must be positive"):
        OpenItem.invoice("I", "C", money(amount, "EUR"), issue_date=D1, due_date=D31)


def test_negative_open_amount_on_invoice_is_refused() -> None:
    with pytest.raises(InvalidAmount, match="open amount -1 must lie between 0 and the original"):
        OpenItem.invoice(
            "I", "C", money(10, "EUR"), issue_date=D1, due_date=D31, open=money(-1, "EUR")
        )
    with pytest.raises(InvalidAmount, match="open amount 11"):
        OpenItem.invoice(
            "I", "C", money(10, "EUR"), issue_date=D1, due_date=D31, open=money(11, "EUR")
        )


def test_credit_note_is_negative_and_due_at_once() -> None:
    cn = OpenItem.create("credit_note", "CN-1", "C1", money(-20, "EUR"), issue_date=D1)
    assert cn.due_date == D1 and cn.open.amount == -20
    with pytest.raises(InvalidAmount, match="credit note amounts must be negative"):
        OpenItem.create("credit_note", "CN-2", "C1", money(20, "EUR"), issue_date=D1)


def test_unknown_kind_and_float_amounts_and_datetimes_are_refused() -> None:
    with pytest.raises(InvalidInput, match="unknown item kind: 'bill'"):
        OpenItem.create("bill", "B", "C", money(1, "EUR"), issue_date=D1)
    with pytest.raises(InvalidAmount, match="must be Money"):
        OpenItem.invoice("I", "C", 10.0, issue_date=D1, due_date=D31)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="must be a datetime.date"):
        OpenItem.invoice("I", "C", money(1, "EUR"), issue_date=datetime(2026, 1, 1), due_date=D31)


def test_sub_minor_amounts_and_mixed_currencies_are_refused() -> None:
    with pytest.raises(InvalidAmount, match="finer than the minor unit"):
        OpenItem.invoice("I", "C", money("1.001", "EUR"), issue_date=D1, due_date=D31)
    with pytest.raises(CurrencyMismatch):
        OpenItem.invoice(
            "I", "C", money(1, "EUR"), issue_date=D1, due_date=D31, open=money(1, "USD")
        )


def test_empty_ids_are_refused() -> None:
    with pytest.raises(InvalidInput, match="item id must not be empty"):
        OpenItem.invoice("  ", "C", money(1, "EUR"), issue_date=D1, due_date=D31)


def test_discount_terms() -> None:
    item = inv(
        discounts=[
            DiscountTerm(date(2026, 1, 21), Decimal(1)),
            DiscountTerm(date(2026, 1, 11), Decimal(2)),
        ]
    )
    assert [t.until for t in item.discounts] == [date(2026, 1, 11), date(2026, 1, 21)]
    assert item.discount_on(date(2026, 1, 5)) == money("2.00", "EUR")
    assert item.discount_on(date(2026, 1, 15)) == money("1.00", "EUR")
    assert item.discount_on(date(2026, 1, 22)).amount == 0
    net = DiscountTerm(date(2026, 1, 11), Decimal(2), base=money("84.03", "EUR"))
    assert net.amount_for(money("100.00", "EUR")) == money("1.68", "EUR")
    with pytest.raises(InvalidInput, match="between 0 and 100"):
        DiscountTerm(D31, Decimal(100))
    with pytest.raises(InvalidAmount):
        DiscountTerm(D31, 2.0)  # type: ignore[arg-type]


def test_discount_ignores_a_hostile_ambient_context() -> None:
    big = OpenItem.invoice("I", "C", money("12345.67", "EUR"), issue_date=D1, due_date=D31,
                           discounts=[DiscountTerm(D31, Decimal("2.5"))])  # fmt: skip
    with decimal.localcontext(decimal.Context(prec=3, rounding=decimal.ROUND_DOWN)):
        discount = big.discount_on(D1)
        on_base = DiscountTerm(D31, Decimal("2"), base=money("-99999.99", "EUR")).amount_for(
            money("-120000.00", "EUR")
        )
    assert discount == money("308.64", "EUR")  # 12345.67 x 2.5 % = 308.64175, half-up
    assert on_base == money("2000.00", "EUR")  # 99999.99 x 2 % = 1999.9998, half-up


def test_discount_percent_may_be_given_as_int_or_text() -> None:
    assert DiscountTerm(D31, 2).percent == Decimal(2)
    assert DiscountTerm(D31, "2.5").amount_for(money(100, "EUR")) == money("2.50", "EUR")
    with pytest.raises(InvalidAmount, match="discount percent is not a number"):
        DiscountTerm(D31, "two")


def test_customer() -> None:
    c = Customer.create("C2", "Beta", "chf", parent_id="C1", bank_accounts=["ch93 0076 2011"])
    assert c.currency == "CHF" and c.bank_accounts == ("CH9300762011",)
    with pytest.raises(UnknownCurrency):
        Customer.create("C1", "A", "XXZ")
    with pytest.raises(InvalidInput, match="own parent"):
        Customer.create("C1", "A", "EUR", parent_id="C1")


def test_payment() -> None:
    p = Payment.create(
        "P1",
        money(10, "EUR"),
        value_date=D1,
        payer_account="de89 3704",
        remittance=[RemittanceLine.create("INV-1", money(10, "EUR"))],
    )
    assert p.payer_account == "DE893704" and p.currency == "EUR"
    for bad in ("0", "-1"):
        with pytest.raises(InvalidAmount, match="amount must be positive"):
            Payment.create("P", money(bad, "EUR"), value_date=D1)
    with pytest.raises(CurrencyMismatch):
        Payment.create(
            "P",
            money(1, "EUR"),
            value_date=D1,
            remittance=[RemittanceLine.create("I", money(1, "USD"))],
        )


def test_allocation_rules() -> None:
    a = Allocation.create("discount", money(2, "EUR"), payment_id="P", item_id="I")
    assert a.kind is AllocationKind.DISCOUNT and not a.kind.uses_cash
    with pytest.raises(InvalidInput, match="must name an item"):
        Allocation.create("applied", money(1, "EUR"), payment_id="P")
    with pytest.raises(InvalidInput, match="names a payment and no item"):
        Allocation.create("on_account", money(1, "EUR"), payment_id="P", item_id="I")
    with pytest.raises(InvalidAmount, match="must be positive"):
        Allocation.create("applied", money(0, "EUR"), payment_id="P", item_id="I")
    with pytest.raises(InvalidInput, match="unknown allocation kind"):
        Allocation.create("gift", money(1, "EUR"), payment_id="P", item_id="I")
    write_off = Allocation.create("write_off", money(1, "EUR"), item_id="I")
    assert write_off.payment_id is None
