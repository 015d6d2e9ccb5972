"""Invariants of reconcile over random small books (hypothesis)."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from otccore.matching import Band, ReasonCode, reconcile
from otccore.money import from_minor, to_minor
from otccore.receivables import (
    AllocationKind,
    Customer,
    DiscountTerm,
    OpenItem,
    Payment,
    apply_allocations,
)

AS_OF = date(2026, 3, 31)
CUSTOMERS = [
    Customer.create("C1", "Acme Trading GmbH", "EUR", bank_accounts=["ACC1"]),
    Customer.create("C2", "Beta Foods Ltd", "EUR", bank_accounts=["ACC2"]),
    Customer.create("C3", "Cobalt Labs SA", "EUR", bank_accounts=["ACC3"], parent_id="C1"),
]
AMOUNTS = [10_00, 25_00, 25_00, 40_00, 65_00, 100_00, 99_50]


@st.composite
def books(draw):
    n_items = draw(st.integers(0, 8))
    items = []
    for n in range(n_items):
        units = draw(st.sampled_from(AMOUNTS) | st.integers(1_00, 200_00))
        cust = draw(st.sampled_from(["C1", "C2", "C3"]))
        issued = date(2026, 2, 1) + timedelta(days=draw(st.integers(0, 40)))
        discounts = (
            [DiscountTerm(until=issued + timedelta(days=10), percent=Decimal(2))]
            if draw(st.booleans())
            else []
        )
        items.append(
            OpenItem.invoice(
                f"INV-{1000 + n}",
                cust,
                from_minor(units, "EUR"),
                issued=issued,
                due=issued + timedelta(days=30),
                discounts=discounts,
            )
        )
    payments = []
    for n in range(draw(st.integers(0, 6))):
        chosen = (
            draw(st.lists(st.sampled_from(items), max_size=3, unique_by=lambda i: i.id))
            if items
            else []
        )
        base = sum(to_minor(i.open) for i in chosen)
        delta = draw(
            st.sampled_from([0, 0, 0, -1, -3_00, -15_00, 7_00]) | st.integers(-50_00, 50_00)
        )
        units = base + delta if base + delta > 0 else draw(st.integers(1, 300_00))
        refs = [i.number for i in chosen if draw(st.booleans())]
        if draw(st.booleans()) and refs:
            refs = [refs[0][:-1] + "9"]  # a typo
        cust = chosen[0].customer_id if chosen else draw(st.sampled_from(["C1", "C2", "C3"]))
        account = {"C1": "ACC1", "C2": "ACC2", "C3": "ACC3"}[cust] if draw(st.booleans()) else ""
        name = draw(st.sampled_from(["", "ACME TRADING", "Beta Foods", "Kobalt Labs"]))
        payments.append(
            Payment.create(
                f"P{n}",
                from_minor(units, "EUR"),
                value_date=AS_OF - timedelta(days=draw(st.integers(0, 50))),
                references=refs,
                payer_account=account,
                payer_name=name,
            )
        )
    return items, payments


def run(items, payments):
    return reconcile(payments, items, customers=CUSTOMERS, as_of=AS_OF)


@settings(max_examples=80, deadline=None)
@given(books())
def test_cash_is_conserved_and_nothing_over_applied(book):
    items, payments = book
    result = run(items, payments)
    amounts = {p.id: to_minor(p.amount) for p in payments}
    open_ = {i.id: to_minor(i.open) for i in items}
    proposals = [m for e in result.exceptions for m in e.proposals]
    # every band: a suggestion or a proposal a person confirms must add up too
    for m in (*result.matches, *proposals):
        cash = dict.fromkeys(m.payment_ids, 0)
        settled = {}
        for a in m.allocations:
            assert a.payment_id in m.payment_ids
            assert a.amount.amount > 0
            if a.kind.uses_cash:
                cash[a.payment_id] += to_minor(a.amount)
            if a.kind.settles_item:
                settled[a.item_id] = settled.get(a.item_id, 0) + to_minor(a.amount)
        assert cash == {pid: amounts[pid] for pid in m.payment_ids}, m
        assert all(v <= open_[iid] for iid, v in settled.items()), m
        assert ReasonCode.CONFLICT not in m.codes, m  # the safety net never fires
    # apply_allocations raises on any over-application
    after = apply_allocations(items, result.allocations())
    assert tuple(i for i in after if i.is_open) == result.leftover_items
    for m in result.matches:
        assert m.reasons
        assert m.explanation
        for a in m.allocations:
            assert a.kind is AllocationKind.ON_ACCOUNT or a.item_id in m.item_ids


@settings(max_examples=80, deadline=None)
@given(books())
def test_every_payment_lands_in_exactly_one_place(book):
    items, payments = book
    result = run(items, payments)
    auto = {pid for m in result.auto_applied for pid in m.payment_ids}
    suggested = {pid for m in result.suggestions for pid in m.payment_ids}
    excepted = [e.payment_id for e in result.exceptions]
    assert len(excepted) == len(set(excepted))
    assert not auto & suggested
    assert not auto & set(excepted)
    assert not suggested & set(excepted)
    assert auto | suggested | set(excepted) == {p.id for p in payments}
    assert {p.id for p in result.leftover_payments} == {p.id for p in payments} - auto
    for e in result.exceptions:
        assert e.reasons
        assert e.explanation


@settings(max_examples=60, deadline=None)
@given(books(), st.randoms(use_true_random=False))
def test_order_does_not_matter(book, rnd):
    items, payments = book
    expected = run(items, payments)
    items2, payments2 = list(items), list(payments)
    rnd.shuffle(items2)
    rnd.shuffle(payments2)
    customers = list(CUSTOMERS)
    rnd.shuffle(customers)
    assert reconcile(payments2, items2, customers=customers, as_of=AS_OF) == expected


@settings(max_examples=60, deadline=None)
@given(books())
def test_reconciling_the_leftovers_changes_nothing(book):
    items, payments = book
    first = run(items, payments)
    again = run(first.leftover_items, first.leftover_payments)
    assert again.auto_applied == ()
    assert again.leftover_items == first.leftover_items
    assert again.suggestions == first.suggestions
    assert again.exceptions == first.exceptions


def test_auto_applied_allocations_post_on_a_band_basis():
    # a sanity anchor for the properties: something does get posted
    item = OpenItem.invoice(
        "INV-1", "C1", from_minor(100_00, "EUR"), issued=date(2026, 2, 1), due=date(2026, 3, 3)
    )
    pay = Payment.create("P1", from_minor(100_00, "EUR"), value_date=AS_OF, references=["INV-1"])
    result = run([item], [pay])
    assert [m.band for m in result.matches] == [Band.AUTO_APPLY]
