"""Hand-computed examples, the issue's regression cases, and bad input."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from otccore.errors import DuplicateId, InvalidAmount, InvalidInput
from otccore.matching import Band, MatchConfig, ReasonCode, Tier, reconcile
from otccore.money import money
from otccore.money import to_minor as money_units
from otccore.receivables import (
    AllocationKind,
    Customer,
    DiscountTerm,
    RemittanceLine,
)

from .conftest import ACCOUNT, AS_OF, inv, pay

K = AllocationKind


def allocs(match):
    return sorted((a.kind.value, a.item_id, str(a.amount.amount)) for a in match.allocations)


def only(result):
    assert len(result.matches) == 1, result
    return result.matches[0]


def test_exact_reference_and_amount():
    m = only(reconcile([pay("P1", 100, references=["INV-1"])], [inv("INV-1", 100)], as_of=AS_OF))
    assert (m.band, m.tier) == (Band.AUTO_APPLY, Tier.REFERENCE)
    assert allocs(m) == [("applied", "INV-1", "100.00")]
    assert ReasonCode.REFERENCE in m.codes
    assert ReasonCode.EXACT_AMOUNT in m.codes
    assert "INV-1" in m.explanation


def test_subset_b_and_d_that_greedy_misses(acme):
    items = [
        inv(n, a, days=d)
        for n, a, d in [("A", 100, 0), ("B", 250, 1), ("C", 300, 2), ("D", 450, 3)]
    ]
    r = reconcile([pay("P1", 700, payer_account=ACCOUNT)], items, customers=[acme], as_of=AS_OF)
    m = only(r)
    assert (m.band, m.tier, m.item_ids) == (Band.AUTO_APPLY, Tier.SUBSET, ("B", "D"))
    assert {i.id for i in r.leftover_items} == {"A", "C"}


def test_combination_of_more_than_ten_items(acme):
    items = [inv(f"I{n:02d}", Decimal(1_000_00 + 2**n) / 100) for n in range(14)]
    chosen = [items[n] for n in (0, 1, 2, 4, 5, 6, 7, 9, 10, 12, 13)]
    total = sum(i.original.amount for i in chosen)
    r = reconcile([pay("P1", total, payer_account=ACCOUNT)], items, customers=[acme], as_of=AS_OF)
    m = only(r)
    assert m.band is Band.AUTO_APPLY
    assert m.item_ids == tuple(sorted(i.id for i in chosen))
    assert len(m.item_ids) == 11


def test_991_inside_inv_99910_is_not_evidence(acme):
    items = [inv("991", 50), inv("INV-5", 80)]
    r = reconcile(
        [pay("P1", 50, remittance_text="INV-99910")], items, customers=[acme], as_of=AS_OF
    )
    assert r.matches == ()
    [case] = r.exceptions
    assert case.code is ReasonCode.NO_PAYER
    # the payer known by account: amount alone may explain it, never the substring
    r2 = reconcile(
        [pay("P1", 60, remittance_text="INV-99910", payer_account=ACCOUNT)],
        items,
        customers=[acme],
        as_of=AS_OF,
    )
    assert not any(ReasonCode.REFERENCE in m.codes for m in r2.matches)
    assert r2.auto_applied == ()


def test_reference_hit_whose_amount_disagrees():
    r = reconcile([pay("P1", 300, references=["INV-1"])], [inv("INV-1", 500)], as_of=AS_OF)
    assert r.auto_applied == ()
    [case] = r.exceptions
    assert case.code is ReasonCode.SHORT_PAY_OVER_TOLERANCE
    [proposal] = case.proposals
    assert allocs(proposal) == [("applied", "INV-1", "300.00"), ("deduction", "INV-1", "200.00")]


def test_reference_says_one_item_amount_says_another():
    items = [inv("INV-1", 500), inv("INV-2", 300)]
    r = reconcile([pay("P1", 300, references=["INV-1"])], items, as_of=AS_OF)
    assert r.auto_applied == ()
    assert {m.item_ids for m in r.suggestions} == {("INV-1",), ("INV-2",)}
    assert all(ReasonCode.AMBIGUOUS in m.codes for m in r.suggestions)


def test_deduction_posted_when_configured():
    r = reconcile(
        [pay("P1", 300, references=["INV-1"])],
        [inv("INV-1", 500)],
        config=MatchConfig(auto_apply_deductions=True),
        as_of=AS_OF,
    )
    assert allocs(only(r)) == [("applied", "INV-1", "300.00"), ("deduction", "INV-1", "200.00")]
    assert only(r).band is Band.AUTO_APPLY


def test_discount_per_terms_at_value_date():
    term = DiscountTerm(until=date(2026, 3, 10), percent=Decimal(2))
    item = inv("INV-1", 100, discounts=[term])
    on_time = reconcile(
        [pay("P1", 98, references=["INV-1"], value_date=date(2026, 3, 10))], [item], as_of=AS_OF
    )
    assert allocs(only(on_time)) == [("applied", "INV-1", "98.00"), ("discount", "INV-1", "2.00")]
    late = reconcile(
        [pay("P1", 98, references=["INV-1"], value_date=date(2026, 3, 11))], [item], as_of=AS_OF
    )
    assert late.matches == ()
    [case] = late.exceptions
    assert case.code is ReasonCode.DISCOUNT_EXPIRED
    assert ("discount", "INV-1", "2.00") not in allocs(case.proposals[0])


def test_write_off_within_the_lower_limit():
    # 0.5 % of 1000.00 is 5.00, the absolute limit 5.00: 3.00 is written off
    m = only(
        reconcile([pay("P1", "997.00", references=["INV-1"])], [inv("INV-1", 1000)], as_of=AS_OF)
    )
    assert allocs(m) == [("applied", "INV-1", "997.00"), ("write_off", "INV-1", "3.00")]
    # on 100.00 the percent limit (0.50) is lower: 3.00 is not a write-off (nor a
    # bank fee, at more than 1 %): a short pay for a person
    r2 = reconcile([pay("P1", "97.00", references=["INV-1"])], [inv("INV-1", 100)], as_of=AS_OF)
    assert r2.auto_applied == ()
    [case] = r2.exceptions
    assert ("write_off", "INV-1", "3.00") not in allocs(case.proposals[0])


def test_bank_fee():
    # 15.00 is within the lower of 30.00 and 1 % of 2000.00 (20.00)
    m = only(reconcile([pay("P1", 1985, references=["INV-1"])], [inv("INV-1", 2000)], as_of=AS_OF))
    assert allocs(m) == [("applied", "INV-1", "1985.00"), ("bank_fee", "INV-1", "15.00")]
    assert m.band is Band.AUTO_APPLY


def test_bank_fee_beyond_the_percent_limit_is_a_deduction():
    # 15.00 on 1000.00 is more than 1 % (10.00): not a bank fee
    r = reconcile([pay("P1", 985, references=["INV-1"])], [inv("INV-1", 1000)], as_of=AS_OF)
    assert r.auto_applied == ()
    [case] = r.exceptions
    assert case.code is ReasonCode.SHORT_PAY_OVER_TOLERANCE


@pytest.mark.parametrize(("invoice", "paid"), [("40.00", "12.00"), ("30.00", "0.01")])
def test_a_large_share_of_a_small_invoice_is_never_a_bank_fee(invoice, paid):
    r = reconcile([pay("P1", paid, references=["INV-1"])], [inv("INV-1", invoice)], as_of=AS_OF)
    assert r.auto_applied == ()
    assert not any(a.kind is K.BANK_FEE for m in r.matches for a in m.allocations)
    [case] = r.exceptions
    assert case.code is ReasonCode.SHORT_PAY_OVER_TOLERANCE


def test_expired_discount_taken_is_never_posted():
    term = DiscountTerm(until=date(2026, 3, 10), percent=Decimal(2))
    item = inv("INV-1", 1000, discounts=[term])
    for config in (MatchConfig(), MatchConfig(auto_apply_deductions=True)):
        r = reconcile(
            [pay("P1", 980, references=["INV-1"], value_date=date(2026, 3, 20))],
            [item],
            config=config,
            as_of=AS_OF,
        )
        assert r.auto_applied == ()
        assert not any(a.kind is K.BANK_FEE for m in r.matches for a in m.allocations)
        [case] = r.exceptions
        assert case.code is ReasonCode.DISCOUNT_EXPIRED
        [proposal] = case.proposals
        assert allocs(proposal) == [
            ("applied", "INV-1", "980.00"),
            ("deduction", "INV-1", "20.00"),
        ]
        assert "expired" in case.explanation


def test_remittance_lines_short_by_more_than_a_bank_fee():
    lines = [
        RemittanceLine.create("INV-1", money(60, "EUR")),
        RemittanceLine.create("INV-2", money(50, "EUR")),
    ]
    r = reconcile(
        [pay("P1", 90, remittance=lines)], [inv("INV-1", 60), inv("INV-2", 50)], as_of=AS_OF
    )
    assert r.auto_applied == ()
    assert not any(a.kind is K.BANK_FEE for m in r.matches for a in m.allocations)


def test_bank_fee_limit_is_the_lower_of_absolute_and_percent():
    config = MatchConfig(bank_fee_max=Decimal("30.00"), bank_fee_percent=Decimal("1"))
    assert config.bank_fee_limit(10_000_00, "EUR") == 30_00
    assert config.bank_fee_limit(1_000_00, "EUR") == 10_00
    assert config.bank_fee_limit(40_00, "EUR") == 40
    with pytest.raises(InvalidInput, match="bank_fee_percent"):
        MatchConfig(bank_fee_percent=Decimal(-1))


def test_overpayment_goes_on_account(acme):
    m = only(
        reconcile(
            [pay("P1", 1050, references=["INV-1"], payer_account=ACCOUNT)],
            [inv("INV-1", 1000)],
            customers=[acme],
            as_of=AS_OF,
        )
    )
    assert allocs(m) == [("applied", "INV-1", "1000.00"), ("on_account", None, "50.00")]
    assert m.band is Band.AUTO_APPLY


def test_overpayment_needs_a_payer_found_apart_from_the_reference():
    # the reference found the payer: it may not count a second time (50 + 10 = 60)
    r = reconcile([pay("P1", 1050, references=["INV-1"])], [inv("INV-1", 1000)], as_of=AS_OF)
    assert r.auto_applied == ()
    [m] = r.suggestions
    assert ReasonCode.OVERPAYMENT in m.codes
    assert ("payer_reference", 0) in [(p.name, p.points) for p in m.parts]


@pytest.mark.parametrize(("invoice", "paid"), [(5, 105), (1000, 2000), (500, 600)])
def test_implausible_surplus_only_suggests(acme, invoice, paid):
    # the surplus must be within the lower of 100.00 and 10 %
    r = reconcile(
        [pay("P1", paid, references=["INV-1"], payer_account=ACCOUNT)],
        [inv("INV-1", invoice)],
        customers=[acme],
        as_of=AS_OF,
    )
    assert r.auto_applied == ()
    assert not any(a.kind is K.ON_ACCOUNT for m in r.auto_applied for a in m.allocations)


def test_remittance_surplus_must_be_plausible(acme):
    lines = [RemittanceLine.create("INV-1", money(5, "EUR"))]
    r = reconcile(
        [pay("P1", 105, remittance=lines, payer_account=ACCOUNT)],
        [inv("INV-1", 5)],
        customers=[acme],
        as_of=AS_OF,
    )
    assert r.auto_applied == ()


def test_overpayment_limit_is_the_lower_of_absolute_and_percent():
    config = MatchConfig()
    assert config.overpayment_limit(5_00, "EUR") == 50
    assert config.overpayment_limit(500_00, "EUR") == 50_00
    assert config.overpayment_limit(5_000_00, "EUR") == 100_00


def test_fx_difference_for_a_foreign_customer():
    cust = Customer.create("C1", "Yankee Corp", "USD", bank_accounts=[ACCOUNT])
    m = only(
        reconcile(
            [pay("P1", "992.00", references=["INV-1"])],
            [inv("INV-1", 1000)],
            customers=[cust],
            as_of=AS_OF,
        )
    )
    assert allocs(m) == [("applied", "INV-1", "992.00"), ("fx_difference", "INV-1", "8.00")]


def test_split_payments_by_reference():
    r = reconcile(
        [pay("P1", 400, references=["INV-1"]), pay("P2", 600, references=["INV-1"])],
        [inv("INV-1", 1000)],
        as_of=AS_OF,
    )
    m = only(r)
    assert (m.tier, m.band, m.payment_ids) == (Tier.SPLIT, Band.AUTO_APPLY, ("P1", "P2"))


def test_split_payments_by_amount(acme):
    r = reconcile(
        [pay("P1", "400.13", payer_account=ACCOUNT), pay("P2", "599.87", payer_account=ACCOUNT)],
        [inv("INV-1", 1000), inv("INV-2", 2500)],
        customers=[acme],
        as_of=AS_OF,
    )
    m = only(r)
    assert (m.tier, m.band, m.item_ids) == (Tier.SPLIT, Band.AUTO_APPLY, ("INV-1",))


def test_remittance_lines():
    lines = [
        RemittanceLine.create("INV-1", money(98, "EUR"), discount=money(2, "EUR")),
        RemittanceLine.create("INV-2", money(50, "EUR")),
    ]
    term = DiscountTerm(until=AS_OF, percent=Decimal(2))
    items = [inv("INV-1", 100, discounts=[term]), inv("INV-2", 50)]
    r = reconcile([pay("P1", 148, remittance=lines)], items, as_of=AS_OF)
    m = only(r)
    assert (m.tier, m.band) == (Tier.REMITTANCE, Band.AUTO_APPLY)
    assert allocs(m) == [
        ("applied", "INV-1", "98.00"),
        ("applied", "INV-2", "50.00"),
        ("discount", "INV-1", "2.00"),
    ]


def conserved(match, payments, items):
    """Cash of every payment accounted for exactly; no item allocated beyond its open."""
    amounts = {p.id: money_units(p.amount) for p in payments}
    open_ = {i.id: money_units(i.open) for i in items}
    cash = dict.fromkeys(match.payment_ids, 0)
    settled = {}
    for a in match.allocations:
        if a.kind.uses_cash:
            cash[a.payment_id] += money_units(a.amount)
        if a.kind.settles_item:
            settled[a.item_id] = settled.get(a.item_id, 0) + money_units(a.amount)
    assert cash == {pid: amounts[pid] for pid in match.payment_ids}, match
    assert all(v <= open_[iid] for iid, v in settled.items()), match
    return True


def test_remittance_discount_beyond_the_terms_is_a_deduction():
    lines = [RemittanceLine.create("INV-1", money(10, "EUR"), discount=money(90, "EUR"))]
    payments = [pay("P1", 10, remittance=lines)]
    items = [inv("INV-1", 100)]
    r = reconcile(payments, items, as_of=AS_OF)
    assert r.auto_applied == ()
    assert not any(a.kind is K.DISCOUNT for m in r.matches for a in m.allocations)
    [case] = r.exceptions
    assert case.code is ReasonCode.SHORT_PAY_OVER_TOLERANCE
    [proposal] = case.proposals
    assert allocs(proposal) == [("applied", "INV-1", "10.00"), ("deduction", "INV-1", "90.00")]
    assert conserved(proposal, payments, items)


def test_remittance_discount_up_to_the_terms_plus_tolerance():
    term = DiscountTerm(until=AS_OF, percent=Decimal(2))
    # 2.30 claimed, 2.00 per the terms, 0.30 within the write-off tolerance (0.49)
    lines = [RemittanceLine.create("INV-1", money("97.70", "EUR"), discount=money("2.30", "EUR"))]
    m = only(
        reconcile(
            [pay("P1", "97.70", remittance=lines)],
            [inv("INV-1", 100, discounts=[term])],
            as_of=AS_OF,
        )
    )
    assert m.band is Band.AUTO_APPLY
    assert allocs(m) == [
        ("applied", "INV-1", "97.70"),
        ("discount", "INV-1", "2.00"),
        ("write_off", "INV-1", "0.30"),
    ]


def test_remittance_adjustment_obeys_auto_apply_deductions():
    lines = [RemittanceLine.create("INV-1", money(95, "EUR"), adjustment=money(5, "EUR"))]
    payments, items = [pay("P1", 95, remittance=lines)], [inv("INV-1", 100)]
    r = reconcile(payments, items, as_of=AS_OF)
    assert r.auto_applied == ()
    [case] = r.exceptions
    assert case.code is ReasonCode.SHORT_PAY_OVER_TOLERANCE
    assert conserved(case.proposals[0], payments, items)
    posted = reconcile(payments, items, config=MatchConfig(auto_apply_deductions=True), as_of=AS_OF)
    m = only(posted)
    assert m.band is Band.AUTO_APPLY
    assert allocs(m) == [("applied", "INV-1", "95.00"), ("deduction", "INV-1", "5.00")]


def test_remittance_bank_fee_comes_off_cash_only():
    # a generous fee limit, so the fee step runs: it must take the fee off the
    # applied cash (10.00 -> 5.00), never off the 20.00 adjustment
    config = MatchConfig(bank_fee_percent=Decimal(100), auto_apply_deductions=True)
    lines = [RemittanceLine.create("INV-1", money(10, "EUR"), adjustment=money(20, "EUR"))]
    payments, items = [pay("P1", 5, remittance=lines)], [inv("INV-1", 30)]
    r = reconcile(payments, items, config=config, as_of=AS_OF)
    for m in r.matches:
        assert conserved(m, payments, items)
    for case in r.exceptions:
        for m in case.proposals:
            assert conserved(m, payments, items)
    m = only(r)
    assert allocs(m) == [
        ("applied", "INV-1", "5.00"),
        ("bank_fee", "INV-1", "5.00"),
        ("deduction", "INV-1", "20.00"),
    ]


# --- a reference that contradicts the amount is evidence, not noise ---------------


def test_reference_to_a_foreign_currency_item_blocks_the_amount(acme):
    items = [inv("INV-1", 100), inv("INV-2", 100, currency="USD")]
    r = reconcile(
        [pay("P1", 100, currency="USD", references=["INV-1"], payer_account=ACCOUNT)],
        items,
        customers=[acme],
        as_of=AS_OF,
    )
    assert r.auto_applied == ()
    [m] = r.suggestions
    assert m.item_ids == ("INV-2",)
    assert ReasonCode.CURRENCY_MISMATCH in m.codes


def test_reference_to_a_settled_item_is_a_duplicate_payment(acme):
    settled = inv("INV-1", 100).with_open(money(0, "EUR"))
    r = reconcile(
        [pay("P1", 100, references=["INV-1"], payer_account=ACCOUNT)],
        [settled, inv("INV-2", 100)],
        customers=[acme],
        as_of=AS_OF,
    )
    assert r.auto_applied == ()
    [m] = r.suggestions
    assert ReasonCode.DUPLICATE_PAYMENT in m.codes
    assert "INV-1" in m.explanation
    # and with nothing else of that amount: an exception saying so
    r2 = reconcile(
        [pay("P1", 100, references=["INV-1"], payer_account=ACCOUNT)],
        [settled, inv("INV-2", 70)],
        customers=[acme],
        as_of=AS_OF,
    )
    [case] = r2.exceptions
    assert case.code is ReasonCode.DUPLICATE_PAYMENT
    # without a payer too
    r3 = reconcile([pay("P1", 100, references=["INV-1"])], [settled], as_of=AS_OF)
    assert [e.code for e in r3.exceptions] == [ReasonCode.DUPLICATE_PAYMENT]


def test_an_item_settled_earlier_in_the_run_still_counts_against_the_amount(acme):
    payments = [
        pay("P1", 60, references=["INV-1"]),
        pay("P2", 40, references=["INV-1"]),
        pay("P3", 100, references=["INV-1"], payer_account=ACCOUNT),
    ]
    r = reconcile(payments, [inv("INV-1", 100), inv("INV-2", 100)], customers=[acme], as_of=AS_OF)
    assert [m.payment_ids for m in r.auto_applied] == [("P1", "P2")]
    assert not any("P3" in m.payment_ids for m in r.auto_applied)


def test_reference_to_a_document_not_in_the_book_blocks_the_amount(acme):
    r = reconcile(
        [pay("P1", 100, remittance_text="INV-777777", payer_account=ACCOUNT)],
        [inv("INV-1", 100)],
        customers=[acme],
        as_of=AS_OF,
    )
    assert r.auto_applied == ()
    [m] = r.suggestions
    assert ReasonCode.UNKNOWN_REFERENCE in m.codes
    assert "INV-777777" in m.explanation


def test_991_inside_inv_99910_with_a_matching_amount(acme):
    items = [inv("991", 50), inv("INV-5", 80)]
    r = reconcile(
        [pay("P1", 50, remittance_text="INV-99910", payer_account=ACCOUNT)],
        items,
        customers=[acme],
        as_of=AS_OF,
    )
    assert r.auto_applied == ()
    assert not any(ReasonCode.REFERENCE in m.codes for m in r.matches)


def test_a_mistyped_reference_of_the_amounts_item_still_posts(acme):
    r = reconcile(
        [pay("P1", 100, remittance_text="INV-102024", payer_account=ACCOUNT)],
        [inv("INV-102042", 100), inv("INV-2", 250)],
        customers=[acme],
        as_of=AS_OF,
    )
    assert [(m.band, m.item_ids) for m in r.matches] == [(Band.AUTO_APPLY, ("INV-102042",))]


def test_amounts_and_dates_in_free_text_do_not_block(acme):
    r = reconcile(
        [
            pay(
                "P1",
                100,
                remittance_text="Payment of 100.00 EUR, value 2026-03-15, order 12",
                payer_account=ACCOUNT,
            )
        ],
        [inv("INV-1", 100), inv("INV-2", 250)],
        customers=[acme],
        as_of=AS_OF,
    )
    assert [(m.band, m.item_ids) for m in r.matches] == [(Band.AUTO_APPLY, ("INV-1",))]


def test_a_shared_key_resolves_to_the_payers_own_item(acme, beta):
    # "1001" is FA-1001 of Acme (prefix stripped) and 1001 of Beta
    items = [inv("FA-1001", 100), inv("1001", 100, "C2")]
    r = reconcile(
        [pay("P1", 100, references=["1001"], payer_account=ACCOUNT)],
        items,
        customers=[acme, beta],
        as_of=AS_OF,
    )
    assert [(m.band, m.item_ids) for m in r.matches] == [(Band.AUTO_APPLY, ("FA-1001",))]
    assert ReasonCode.PAYER_CONFLICT not in r.matches[0].codes
    # nobody known apart from the key: both readings remain, nothing is posted
    r2 = reconcile(
        [pay("P1", 100, references=["1001"])], items, customers=[acme, beta], as_of=AS_OF
    )
    assert r2.auto_applied == ()


def test_a_remittance_line_that_nets_a_credit_is_not_read_as_cash():
    # found by the widened property strategy: a negative line used to become a
    # negative "applied" allocation (caught by the conservation check, never posted)
    lines = [RemittanceLine.create("INV-1", money("-1.00", "EUR"), discount=money(2, "EUR"))]
    payments, items = [pay("P1", "0.01", remittance=lines)], [inv("INV-1", 10)]
    r = reconcile(payments, items, as_of=AS_OF)
    assert r.auto_applied == ()
    for m in (*r.matches, *(p for e in r.exceptions for p in e.proposals)):
        assert conserved(m, payments, items)
        assert ReasonCode.CONFLICT not in m.codes


@pytest.mark.parametrize(
    ("reference", "text"),
    [
        ("RF18539007547034", "RF18 5390 0754 7034"),
        ("210000000003139471430009017", "21 00000 00003 13947 14300 09017"),
        ("+++010/8068/17183+++", "+++010/8068/17183+++"),
    ],
)
def test_structured_references(reference, text):
    item = inv("INV-1", 100, payment_reference=reference)
    m = only(reconcile([pay("P1", 100, remittance_text=text)], [item], as_of=AS_OF))
    assert m.band is Band.AUTO_APPLY
    assert ReasonCode.STRUCTURED_REFERENCE in m.codes


def test_wrong_check_digit_is_not_a_reference():
    item = inv("INV-1", 100, payment_reference="RF18539007547034")
    r = reconcile([pay("P1", 100, remittance_text="RF19 5390 0754 7034")], [item], as_of=AS_OF)
    assert r.auto_applied == ()


def test_payer_by_name_and_unique_amount(acme, beta):
    items = [inv("INV-1", 120), inv("INV-2", 130), inv("INV-3", 120, "C2")]
    r = reconcile(
        [pay("P1", 120, payer_name="ACME TRADING")], items, customers=[acme, beta], as_of=AS_OF
    )
    m = only(r)
    assert (m.band, m.tier, m.item_ids) == (Band.AUTO_APPLY, Tier.UNIQUE_AMOUNT, ("INV-1",))
    assert ReasonCode.PAYER_NAME in m.codes


def test_payer_conflict_never_posts_whatever_the_score(acme, beta):
    # reference 50 + exact 30 + account 20 - conflict 25 = 75 used to post
    item = inv("INV-7", 100, "C2")
    for kw in ({"payer_account": ACCOUNT}, {"customer_id": "C1"}):
        r = reconcile(
            [pay("P1", 100, references=["INV-7"], **kw)],
            [item],
            customers=[acme, beta],
            as_of=AS_OF,
        )
        assert r.auto_applied == (), kw
        [m] = r.suggestions
        assert m.item_ids == ("INV-7",)
        assert ReasonCode.PAYER_CONFLICT in m.codes


def test_payer_name_contradicting_the_references_is_a_conflict(acme, beta):
    item = inv("INV-7", 100, "C2")
    r = reconcile(
        [pay("P1", 100, references=["INV-7"], payer_name="ACME TRADING GMBH")],
        [item],
        customers=[acme, beta],
        as_of=AS_OF,
    )
    assert r.auto_applied == ()
    [m] = r.suggestions
    assert ReasonCode.PAYER_CONFLICT in m.codes
    assert "C1" in m.explanation


def test_payer_name_agreeing_with_the_references_posts(acme, beta):
    for name in ("Beta Foods", "BETA FOOODS", "Somebody Else"):
        r = reconcile(
            [pay("P1", 100, references=["INV-7"], payer_name=name)],
            [inv("INV-7", 100, "C2")],
            customers=[acme, beta],
            as_of=AS_OF,
        )
        assert [m.band for m in r.matches] == [Band.AUTO_APPLY], name


def test_learned_alias(acme):
    r = reconcile(
        [pay("P1", 120, payer_name="AT GMBH NL BRANCH")],
        [inv("INV-1", 120)],
        customers=[acme],
        aliases={"AT GMBH NL BRANCH": "C1"},
        as_of=AS_OF,
    )
    assert ReasonCode.PAYER_ALIAS in only(r).codes


def test_equal_amounts_only_suggest(acme):
    items = [inv("INV-1", 100, days=0), inv("INV-2", 100, days=5)]
    r = reconcile([pay("P1", 100, payer_account=ACCOUNT)], items, customers=[acme], as_of=AS_OF)
    assert r.auto_applied == ()
    assert [m.tier for m in r.suggestions] == [Tier.TIE]


def test_near_miss_only_suggests(acme):
    items = [inv("INV-102042", 150), inv("INV-2", 200)]
    r = reconcile(
        [pay("P1", 100, remittance_text="INV-102024", payer_account=ACCOUNT)],
        items,
        customers=[acme],
        as_of=AS_OF,
    )
    assert r.auto_applied == ()
    assert [(m.tier, m.item_ids) for m in r.suggestions] == [(Tier.NEAR_MISS, ("INV-102042",))]


def test_near_miss_against_the_amount_blocks_posting(acme):
    items = [inv("INV-102042", 150), inv("INV-2", 100)]
    r = reconcile(
        [pay("P1", 100, remittance_text="INV-102024", payer_account=ACCOUNT)],
        items,
        customers=[acme],
        as_of=AS_OF,
    )
    assert r.auto_applied == ()
    assert ("INV-2",) in {m.item_ids for m in r.suggestions}


def test_duplicate_payment_claims_are_not_posted():
    r = reconcile(
        [pay("P1", 100, references=["INV-1"]), pay("P2", 100, references=["INV-1"])],
        [inv("INV-1", 100)],
        as_of=AS_OF,
    )
    assert r.auto_applied == ()
    assert {m.payment_ids for m in r.suggestions} == {("P1",), ("P2",)}


def test_two_subsets_with_the_same_sum_suggest(acme):
    items = [inv("A", 100), inv("B", 200), inv("C", 150), inv("D", 150)]
    r = reconcile([pay("P1", 300, payer_account=ACCOUNT)], items, customers=[acme], as_of=AS_OF)
    assert r.auto_applied == ()
    assert len(r.suggestions) == 2
    assert all(ReasonCode.AMBIGUOUS in m.codes for m in r.suggestions)


def test_a_single_item_and_an_exact_subset_are_rival_explanations(acme):
    items = [inv("A", 100, days=0), inv("B", 60, days=1), inv("C", 40, days=2)]
    r = reconcile([pay("P1", 100, payer_account=ACCOUNT)], items, customers=[acme], as_of=AS_OF)
    assert r.auto_applied == ()
    assert {m.item_ids for m in r.suggestions} == {("A",), ("B", "C")}
    assert all(ReasonCode.AMBIGUOUS in m.codes for m in r.suggestions)
    for m in r.suggestions:
        assert conserved(m, [pay("P1", 100)], items)


def test_a_reference_settles_the_rivalry(acme):
    items = [inv("A-100", 100, days=0), inv("B-200", 60, days=1), inv("C-300", 40, days=2)]
    r = reconcile(
        [pay("P1", 100, payer_account=ACCOUNT, references=["A-100"])],
        items,
        customers=[acme],
        as_of=AS_OF,
    )
    assert [(m.band, m.item_ids) for m in r.matches] == [(Band.AUTO_APPLY, ("A-100",))]


def test_a_rival_search_out_of_budget_does_not_post(acme):
    items = [inv("A", 100)] + [inv(f"I{n}", 10 + n) for n in range(8)]
    r = reconcile(
        [pay("P1", 100, payer_account=ACCOUNT)],
        items,
        customers=[acme],
        config=MatchConfig(subset_step_budget=1),
        as_of=AS_OF,
    )
    assert r.auto_applied == ()


def test_many_to_many_inside_a_component_is_suggested(acme):
    items = [inv("A", 100, days=0), inv("B", 120, days=1), inv("C", 180, days=2), inv("D", 75)]
    payments = [pay("P1", 150, payer_account=ACCOUNT), pay("P2", 250, payer_account=ACCOUNT)]
    r = reconcile(payments, items, customers=[acme], as_of=AS_OF)
    assert r.auto_applied == ()
    assert r.exceptions == ()
    [m] = r.suggestions
    assert (m.tier, m.band) == (Tier.MANY_TO_MANY, Band.SUGGEST)
    assert (m.payment_ids, m.item_ids) == (("P1", "P2"), ("A", "B", "C"))
    assert conserved(m, payments, items)
    assert "2 payments" in m.explanation and "3 open items" in m.explanation


def test_many_to_many_needs_an_exact_total(acme):
    items = [inv("A", 100), inv("B", 120), inv("C", 180)]
    payments = [pay("P1", 150, payer_account=ACCOUNT), pay("P2", "250.01", payer_account=ACCOUNT)]
    r = reconcile(payments, items, customers=[acme], as_of=AS_OF)
    assert r.matches == ()
    assert {e.code for e in r.exceptions} == {ReasonCode.AMOUNT_MISMATCH}


def test_many_to_many_within_budget_only(acme):
    items = [inv("A", 100), inv("B", 120), inv("C", 180)]
    payments = [pay("P1", 150, payer_account=ACCOUNT), pay("P2", 250, payer_account=ACCOUNT)]
    r = reconcile(
        payments, items, customers=[acme], config=MatchConfig(subset_step_budget=1), as_of=AS_OF
    )
    assert r.auto_applied == ()
    assert not any(m.tier is Tier.MANY_TO_MANY for m in r.matches)


def test_budget_exhausted_never_posts(acme):
    items = [inv(f"I{n}", 100 + n) for n in range(8)]
    r = reconcile(
        [pay("P1", 100 + 101 + 105, payer_account=ACCOUNT)],
        items,
        customers=[acme],
        config=MatchConfig(subset_step_budget=1),
        as_of=AS_OF,
    )
    assert r.auto_applied == ()
    assert [e.code for e in r.exceptions] == [ReasonCode.BUDGET_EXHAUSTED]


_BUDGET_AMOUNTS = [1013, 2029, 3061, 4127, 5231, 6343, 7411, 8537, 9661, 10789, 11813, 12941]


def _three_subset_payments():
    a = _BUDGET_AMOUNTS
    items = [inv(f"I{n}", amount, days=n) for n, amount in enumerate(a)]
    payments = [
        pay("P1", a[0] + a[5], payer_account=ACCOUNT),
        pay("P2", a[2] + a[9], payer_account=ACCOUNT),
        pay("P3", a[3] + a[11], payer_account=ACCOUNT),
    ]
    return payments, items


def test_one_budget_bounds_all_the_searches_of_a_component(acme):
    payments, items = _three_subset_payments()
    free = reconcile(payments, items, customers=[acme], as_of=AS_OF)
    assert [(m.payment_ids, m.tier) for m in free.auto_applied] == [
        (("P1",), Tier.SUBSET),
        (("P2",), Tier.SUBSET),
        (("P3",), Tier.SUBSET),
    ]
    starved = reconcile(
        payments, items, customers=[acme], config=MatchConfig(component_step_budget=1), as_of=AS_OF
    )
    assert starved.auto_applied == ()
    assert {e.code for e in starved.exceptions} == {ReasonCode.BUDGET_EXHAUSTED}


def test_the_component_budget_is_shared_in_payment_order(acme):
    from otccore.matching import find_subsets

    payments, items = _three_subset_payments()
    cents = [a * 100 for a in _BUDGET_AMOUNTS]
    first = find_subsets(int(payments[0].amount.amount * 100), cents).steps
    # enough for the first payment's search, not for the second's as well
    r = reconcile(
        payments,
        items,
        customers=[acme],
        config=MatchConfig(component_step_budget=first + 1),
        as_of=AS_OF,
    )
    assert [m.payment_ids for m in r.auto_applied] == [("P1",)]
    assert {e.payment_id: e.code for e in r.exceptions} == {
        "P2": ReasonCode.BUDGET_EXHAUSTED,
        "P3": ReasonCode.BUDGET_EXHAUSTED,
    }


def test_oldest_first_only_when_asked(acme):
    items = [inv("OLD", 100, days=0), inv("NEW", 100, days=10)]
    p = pay("P1", 150, payer_account=ACCOUNT)
    assert reconcile([p], items, customers=[acme], as_of=AS_OF).matches == ()
    r = reconcile(
        [p], items, customers=[acme], config=MatchConfig(oldest_first_suggestions=True), as_of=AS_OF
    )
    m = only(r)
    assert (m.tier, m.band) == (Tier.OLDEST_FIRST, Band.SUGGEST)
    assert allocs(m) == [("applied", "NEW", "50.00"), ("applied", "OLD", "100.00")]


def test_exception_codes(acme):
    items = [inv("INV-1", 100)]
    r = reconcile(
        [
            pay("P1", 100, currency="USD", payer_account=ACCOUNT),
            pay("P2", 77, payer_account=ACCOUNT),
            pay("P3", 5),
        ],
        items,
        customers=[acme],
        as_of=AS_OF,
    )
    codes = {e.payment_id: e.code for e in r.exceptions}
    assert codes == {
        "P1": ReasonCode.CURRENCY_MISMATCH,
        "P2": ReasonCode.AMOUNT_MISMATCH,
        "P3": ReasonCode.NO_PAYER,
    }
    assert all(e.reasons and e.explanation for e in r.exceptions)


def test_mixed_currencies_apply_nothing_across(acme):
    items = [inv("INV-1", 100), inv("INV-2", 100, currency="USD")]
    r = reconcile([pay("P1", 100, currency="USD", references=["INV-1"])], items, as_of=AS_OF)
    assert r.auto_applied == ()
    assert all(a.currency == "USD" for m in r.matches for a in m.allocations)


def test_summary_and_rows():
    r = reconcile(
        [pay("P1", 100, references=["INV-1"]), pay("P2", 5)], [inv("INV-1", 100)], as_of=AS_OF
    )
    s = r.summary()
    assert (s.payments, s.auto_applied, s.exceptions) == (2, 1, 1)
    assert s.payment_auto_rate == Decimal(50)
    assert s.item_auto_rate == Decimal(100)
    assert r.match_rows()[0]["item_id"] == "INV-1"
    assert r.exception_rows()[0]["code"] == "no_payer"


# --- bad input ---------------------------------------------------------------


def test_duplicate_payment_ids():
    with pytest.raises(DuplicateId, match="P1"):
        reconcile([pay("P1", 1), pay("P1", 2)], [], as_of=AS_OF)


def test_duplicate_item_ids():
    with pytest.raises(DuplicateId, match="INV-1"):
        reconcile([], [inv("INV-1", 1), inv("INV-1", 2)], as_of=AS_OF)


def test_items_of_an_unknown_customer(acme):
    with pytest.raises(InvalidInput, match="unknown customer: 'C9'"):
        reconcile([], [inv("INV-1", 1, "C9")], customers=[acme], as_of=AS_OF)


def test_payment_of_an_unknown_customer(acme):
    with pytest.raises(InvalidInput, match="unknown customer: 'C9'"):
        reconcile([pay("P1", 1, customer_id="C9")], [], customers=[acme], as_of=AS_OF)


@pytest.mark.parametrize("amount", [0, -5])
def test_non_positive_payments_are_refused(amount):
    with pytest.raises(InvalidAmount, match="positive"):
        pay("P1", amount)


def test_float_amounts_are_refused():
    with pytest.raises(InvalidAmount, match="float"):
        pay("P1", 1.5)


def test_as_of_must_be_a_date():
    with pytest.raises(InvalidInput, match="as_of"):
        reconcile([], [], as_of=datetime(2026, 1, 1))


def test_not_a_payment():
    with pytest.raises(InvalidInput, match="not a Payment"):
        reconcile([{"id": "P1"}], [], as_of=AS_OF)


def test_bad_config():
    with pytest.raises(InvalidInput, match="suggest_score"):
        MatchConfig(suggest_score=90, auto_apply_score=80)
    with pytest.raises(InvalidInput, match="write_off_percent"):
        MatchConfig(write_off_percent=Decimal(-1))
    with pytest.raises(InvalidInput, match="float"):
        MatchConfig(write_off_absolute=1.5)


def test_unknown_alias_customer(acme):
    with pytest.raises(InvalidInput, match="alias"):
        reconcile([], [], customers=[acme], aliases={"X": "C9"}, as_of=AS_OF)


def test_the_collector_is_restored():
    import gc

    assert gc.isenabled()
    reconcile([pay("P1", 100, references=["INV-1"])], [inv("INV-1", 100)], as_of=AS_OF)
    assert gc.isenabled()
    gc.disable()
    try:
        reconcile([], [], as_of=AS_OF)
        assert not gc.isenabled()
    finally:
        gc.enable()
    with pytest.raises(DuplicateId):
        reconcile([pay("P1", 1), pay("P1", 1)], [], as_of=AS_OF)
    assert gc.isenabled()


def test_progress_counts_first_decisions_up_to_the_total():
    from otccore.testing.scenarios import generate_scenario

    sc = generate_scenario(payments=600, seed=5)
    calls = []
    with_progress = reconcile(
        sc.payments,
        sc.items,
        customers=sc.customers,
        as_of=sc.as_of,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert with_progress == reconcile(sc.payments, sc.items, customers=sc.customers, as_of=sc.as_of)
    assert len(calls) > 2
    assert {total for _, total in calls} == {600}
    done = [d for d, _ in calls]
    assert done == sorted(done) and done[-1] == 600


def test_progress_must_be_callable():
    with pytest.raises(InvalidInput, match="progress must be a callable"):
        reconcile([], [], as_of=AS_OF, progress="bar")


def test_a_hosts_frozen_generation_is_left_frozen():
    import gc

    kept = [[n] for n in range(10)]
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        reconcile([pay("P1", 100, references=["INV-1"])], [inv("INV-1", 100)], as_of=AS_OF)
        assert gc.get_freeze_count() == frozen
        assert gc.isenabled()
    finally:
        gc.unfreeze()
    assert kept


def test_objects_made_during_a_run_are_promoted_not_left_young():
    import gc

    gc.collect()
    r = reconcile([pay("P1", 100, references=["INV-1"])], [inv("INV-1", 100)], as_of=AS_OF)
    young = {id(o) for o in gc.get_objects(generation=0)}
    assert id(r) not in young
    assert gc.get_freeze_count() == 0


def test_tie_assignment_follows_reference_similarity(acme):
    items = [inv("INV-500111", 100, days=0), inv("INV-700999", 100, days=1)]
    payments = [
        pay("P1", 100, payer_account=ACCOUNT, remittance_text="ref 7009 99"),
        pay("P2", 100, payer_account=ACCOUNT, remittance_text="ref 500-11"),
    ]
    r = reconcile(payments, items, customers=[acme], as_of=AS_OF)
    assert r.auto_applied == ()
    pairs = {(m.payment_ids, m.item_ids) for m in r.suggestions if m.tier is Tier.TIE}
    assert pairs == {(("P1",), ("INV-700999",)), (("P2",), ("INV-500111",))}
