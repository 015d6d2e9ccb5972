"""apply_allocations and friends: nothing over-applied, nothing half-applied."""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from otccore.adapters.memory import MemoryReceivables
from otccore.errors import CurrencyMismatch, DuplicateId, NotFound, OverApplication
from otccore.money import from_minor, money, to_minor
from otccore.receivables import (
    Allocation,
    AllocationKind,
    OpenItem,
    Payment,
    apply_allocations,
    balances,
    check_payment_allocations,
)
from otccore.testing.strategies import allocations_for, open_items

D1, D31 = date(2026, 1, 1), date(2026, 1, 31)


def invoice(number: str, amount: int, customer: str = "C1") -> OpenItem:
    return OpenItem.invoice(number, customer, money(amount, "EUR"), issue_date=D1, due_date=D31)


def applied(item: str, amount: str, payment: str = "P1") -> Allocation:
    return Allocation.create("applied", money(amount, "EUR"), payment_id=payment, item_id=item)


def test_applies_in_input_order_and_leaves_others_alone() -> None:
    a, b, c = invoice("A", 100), invoice("B", 50), invoice("C", 10)
    result = apply_allocations(
        [a, b, c], [applied("B", "20"), applied("A", "100"), applied("B", "5")]
    )
    assert [i.id for i in result] == ["A", "B", "C"]
    assert [i.open.amount for i in result] == [0, 25, 10]
    assert result[2] is c


def test_credit_note_moves_towards_zero() -> None:
    cn = OpenItem.create("credit_note", "CN", "C1", money(-30, "EUR"), issue_date=D1)
    alloc = Allocation.create("applied", money(10, "EUR"), payment_id="P", item_id="CN")
    [after] = apply_allocations([cn], [alloc])
    assert after.open == money(-20, "EUR")


def test_over_application_raises_and_returns_nothing() -> None:
    items = [invoice("A", 100), invoice("B", 50)]
    with pytest.raises(
        OverApplication,
        match="item 'B': allocations of 60.00 EUR exceed its open amount of 50.00 EUR",
    ):
        apply_allocations(items, [applied("A", "10"), applied("B", "30"), applied("B", "30")])
    assert [i.open.amount for i in items] == [100, 50]


def test_unknown_item_duplicate_items_and_currency() -> None:
    with pytest.raises(NotFound, match="unknown item: 'Z'"):
        apply_allocations([invoice("A", 1)], [applied("Z", "1")])
    with pytest.raises(DuplicateId, match="duplicate item id: 'A'"):
        apply_allocations([invoice("A", 1), invoice("A", 2)], [])
    usd = Allocation.create("applied", money(1, "USD"), payment_id="P", item_id="A")
    with pytest.raises(CurrencyMismatch):
        apply_allocations([invoice("A", 5)], [usd])


def test_on_account_allocations_do_not_touch_items() -> None:
    a = invoice("A", 5)
    oa = Allocation.create("on_account", money(3, "EUR"), payment_id="P")
    assert apply_allocations([a], [oa]) == (a,)


def test_payment_cash_check() -> None:
    p = Payment.create("P1", money(100, "EUR"), value_date=D1)
    disc = Allocation.create("discount", money(5, "EUR"), payment_id="P1", item_id="A")
    used = check_payment_allocations([p], [applied("A", "60"), disc])
    assert used == {"P1": money("60.00", "EUR")}
    with pytest.raises(OverApplication, match="payment 'P1'"):
        check_payment_allocations([p], [applied("A", "60")], already_used={"P1": money(50, "EUR")})  # type: ignore[dict-item]
    with pytest.raises(NotFound):
        check_payment_allocations([p], [applied("A", "1", payment="P9")])


def test_balances_net_credits_per_customer_sorted() -> None:
    items = [
        invoice("A", 100, "C2"),
        invoice("B", 50, "C1"),
        OpenItem.create("credit_note", "CN", "C1", money(-20, "EUR"), issue_date=D1),
    ]
    assert balances(items) == {"C1": money(30, "EUR"), "C2": money(100, "EUR")}
    assert list(balances(items)) == ["C1", "C2"]
    assert balances([], currency="EUR") == {}
    with pytest.raises(CurrencyMismatch):
        balances(
            [
                invoice("A", 1),
                OpenItem.invoice("U", "C", money(1, "USD"), issue_date=D1, due_date=D31),
            ]
        )


@st.composite
def book(draw: st.DrawFn) -> tuple[list[OpenItem], list[Allocation]]:
    sizes = draw(st.lists(st.integers(1, 10_000), min_size=1, max_size=8))
    items = [
        OpenItem.invoice(f"I{i}", "C1", from_minor(s, "EUR"), issue_date=D1, due_date=D31)
        for i, s in enumerate(sizes)
    ]
    allocations = draw(
        st.lists(
            st.builds(
                lambda i, units: applied(f"I{i}", str(from_minor(units, "EUR").amount)),
                st.integers(0, len(sizes) - 1),
                st.integers(1, 12_000),
            ),
            max_size=12,
        )
    )
    return items, allocations


@given(book())
def test_open_amounts_stay_between_zero_and_original(
    case: tuple[list[OpenItem], list[Allocation]],
) -> None:
    items, allocations = case
    try:
        result = apply_allocations(items, allocations)
    except OverApplication:
        per_item: dict[str, int] = {}
        for a in allocations:
            assert a.item_id is not None
            per_item[a.item_id] = per_item.get(a.item_id, 0) + to_minor(a.amount)
        assert any(per_item.get(i.id, 0) > to_minor(i.open) for i in items)
        return
    for before, after in zip(items, result, strict=True):
        assert 0 <= to_minor(after.open) <= to_minor(before.original)
    taken = sum(to_minor(a.amount) for a in allocations)
    assert sum(to_minor(i.open) for i in items) - sum(to_minor(i.open) for i in result) == taken


@given(book(), st.randoms(use_true_random=False))
def test_result_does_not_depend_on_allocation_order(
    case: tuple[list[OpenItem], list[Allocation]], rnd: object
) -> None:
    import random

    assert isinstance(rnd, random.Random)
    items, allocations = case
    shuffled = list(allocations)
    rnd.shuffle(shuffled)
    try:
        first = apply_allocations(items, allocations)
    except OverApplication:
        with pytest.raises(OverApplication):
            apply_allocations(items, shuffled)
        return
    assert apply_allocations(items, shuffled) == first


SETTLING = [k for k in AllocationKind if k.settles_item]
CASH = Payment.create("P1", money(1000, "EUR"), value_date=D31)


@st.composite
def mixed_book(draw: st.DrawFn) -> tuple[list[OpenItem], list[Allocation]]:
    """Items of every kind (credits negative, some partly settled) and allocations of
    every kind: either a set that fits (allocations_for) or a free one that may not,
    with some amounts a cent either side of an item's open amount."""
    count = draw(st.integers(1, 6))
    items = [
        draw(open_items(id=st.just(f"I{i}"), currency="EUR", customer_ids=["C1"], max_value=100))
        for i in range(count)
    ]
    free = st.lists(
        st.one_of(
            st.builds(
                lambda i, kind, units: Allocation.create(
                    kind, from_minor(units, "EUR"), payment_id="P1", item_id=f"I{i}"
                ),
                st.integers(0, count - 1),
                st.sampled_from(SETTLING),
                st.integers(1, 12_000),
            ),
            st.builds(
                lambda i, kind, delta: Allocation.create(
                    kind,
                    from_minor(max(1, abs(to_minor(items[i].open)) + delta), "EUR"),
                    payment_id="P1",
                    item_id=f"I{i}",
                ),
                st.integers(0, count - 1),
                st.sampled_from(SETTLING),
                st.integers(-1, 1),
            ),
            st.builds(
                lambda units: Allocation.create(
                    "on_account", from_minor(units, "EUR"), payment_id="P1"
                ),
                st.integers(1, 12_000),
            ),
        ),
        max_size=12,
    )
    allocations = draw(allocations_for(items, [CASH]) | free)
    return items, allocations


@given(mixed_book())
def test_no_open_amount_crosses_zero_or_outgrows_its_original_for_any_kind(
    case: tuple[list[OpenItem], list[Allocation]],
) -> None:
    items, allocations = case
    snapshot = list(items)
    taken: dict[str, int] = {}
    for a in allocations:
        if a.kind.settles_item and a.item_id is not None:
            taken[a.item_id] = taken.get(a.item_id, 0) + to_minor(a.amount)
    try:
        result = apply_allocations(items, allocations)
    except OverApplication:
        assert any(taken.get(i.id, 0) > abs(to_minor(i.open)) for i in items)
        assert items == snapshot
        return
    assert all(taken.get(i.id, 0) <= abs(to_minor(i.open)) for i in items)
    for before, after in zip(items, result, strict=True):
        original, was, now = to_minor(before.original), to_minor(before.open), to_minor(after.open)
        # The open amount moves toward zero by what was taken, never past it, and
        # keeps the sign of its original: invoices and debit notes >= 0, credits <= 0.
        assert abs(now) == abs(was) - taken.get(before.id, 0)
        assert 0 <= now <= original if original > 0 else original <= now <= 0
        assert attrs.evolve(after, open=before.open) == before
        if before.id not in taken:
            assert after is before


@given(mixed_book())
def test_a_store_changes_nothing_when_it_refuses_an_allocation_set(
    case: tuple[list[OpenItem], list[Allocation]],
) -> None:
    items, allocations = case
    store = MemoryReceivables()
    store.add_items(items)
    store.add_payments([CASH])
    try:
        expected = apply_allocations(items, allocations)
        check_payment_allocations([CASH], allocations)
    except OverApplication:
        with pytest.raises(OverApplication):
            store.record_allocations(allocations)
        assert store.list_items() == sorted(items, key=lambda i: i.id)
        assert store.list_allocations() == []
        assert store.unapplied(CASH.id) == CASH.amount
        return
    store.record_allocations(allocations)
    assert store.list_items() == sorted(expected, key=lambda i: i.id)
    assert store.list_allocations() == allocations
