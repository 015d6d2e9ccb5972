"""The public strategies only build what they promise."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from otccore.money import minor_digits, money, to_minor
from otccore.receivables import (
    ItemKind,
    OpenItem,
    Payment,
    apply_allocations,
    check_payment_allocations,
)
from otccore.testing.strategies import (
    CURRENCIES,
    ReceivablesBook,
    allocations_for,
    amounts,
    currencies,
    money_values,
    open_items,
    payments,
    receivables_books,
)


@given(st.data())
def test_amounts_have_the_minor_unit_precision_and_bounds(data: st.DataObject) -> None:
    code = data.draw(currencies())
    value = data.draw(amounts(code, min_value=-5, max_value=5))
    assert isinstance(value, Decimal)
    assert value.as_tuple().exponent == -minor_digits(code)
    assert -5 <= value <= 5
    to_minor(money(value, code))


@given(money_values())
def test_money_values_are_in_known_currencies(value: object) -> None:
    assert value.currency.code in CURRENCIES  # type: ignore[attr-defined]


@given(open_items())
def test_open_items_carry_the_sign_of_their_kind(item: OpenItem) -> None:
    if item.kind in (ItemKind.CREDIT_NOTE, ItemKind.ON_ACCOUNT):
        assert item.original.amount <= item.open.amount <= 0
    else:
        assert 0 <= item.open.amount <= item.original.amount
    assert item.due_date >= item.issue_date


@given(payments(customer_ids=["C1", "C2"]))
def test_payments_are_positive(payment: Payment) -> None:
    assert payment.amount.amount > 0
    assert payment.customer_id in (None, "C1", "C2")


@settings(max_examples=50)
@given(receivables_books())
def test_book_allocations_fit(book: ReceivablesBook) -> None:
    apply_allocations(book.items, book.allocations)  # raises on over-application
    check_payment_allocations(book.payments, book.allocations)
    ids = [i.id for i in book.items]
    assert len(ids) == len(set(ids))
    customers = {c.id for c in book.customers}
    assert all(c.parent_id is None or c.parent_id in customers for c in book.customers)


@given(st.lists(open_items(currency="EUR"), max_size=4, unique_by=lambda i: i.id), st.data())
def test_allocations_for_never_over_apply(items: list[OpenItem], data: st.DataObject) -> None:
    pays = data.draw(st.lists(payments(currency="EUR"), max_size=3, unique_by=lambda p: p.id))
    allocations = data.draw(allocations_for(items, pays))
    after = apply_allocations(items, allocations)
    assert all(abs(a.open.amount) <= abs(b.open.amount) for a, b in zip(after, items, strict=True))
    check_payment_allocations(pays, allocations)
