"""Payment terms: each kind hand-computed, installments property-tested, bad terms refused."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otccore.adapters.memory import MemoryNumberSequence
from otccore.errors import InvalidAmount, InvalidInput
from otccore.invoicing import (
    DiscountBase,
    EarlyPaymentDiscount,
    EndOfMonth,
    Installments,
    Invoice,
    InvoiceBuilder,
    NetDays,
    TaxCategory,
    TaxReduction,
    discount_split,
    issue,
    parse_terms_note,
)
from otccore.money import from_minor, money

S19 = TaxCategory.of("S", 19)
S7 = TaxCategory.of("S", 7)


def eur(x: str):
    return money(x, "EUR")


@pytest.mark.parametrize(
    ("days", "issued", "due"),
    [
        (30, date(2026, 1, 5), date(2026, 2, 4)),
        (30, date(2024, 2, 1), date(2024, 3, 2)),  # leap year
        (0, date(2026, 1, 5), date(2026, 1, 5)),
        (14, date(2026, 12, 25), date(2027, 1, 8)),
    ],
)
def test_net_days(days: int, issued: date, due: date) -> None:
    assert NetDays(days).due_date(issued) == due


@pytest.mark.parametrize(
    ("terms", "issued", "due"),
    [
        (EndOfMonth(), date(2026, 1, 20), date(2026, 1, 31)),
        (EndOfMonth(30), date(2026, 1, 20), date(2026, 3, 2)),  # 31 Jan + 30 days
        (EndOfMonth(30), date(2026, 2, 1), date(2026, 3, 30)),  # 28 Feb + 30 days
        (EndOfMonth(day=10), date(2026, 1, 20), date(2026, 2, 10)),
        (EndOfMonth(day=10), date(2026, 12, 15), date(2027, 1, 10)),
        (EndOfMonth(day=31), date(2026, 1, 20), date(2026, 2, 28)),
        (EndOfMonth(day=31), date(2028, 1, 20), date(2028, 2, 29)),
        (EndOfMonth(day=15, months=2), date(2026, 1, 31), date(2026, 3, 15)),
    ],
)
def test_end_of_month(terms: EndOfMonth, issued: date, due: date) -> None:
    assert terms.due_date(issued) == due


def test_end_of_month_texts() -> None:
    assert EndOfMonth(30).describe() == "30 days end of month"
    assert EndOfMonth(day=10).describe() == "Day 10 of the following month"


def test_two_ten_net_thirty_with_vat() -> None:
    inv = (
        InvoiceBuilder.example()
        .line("A", 1, eur("100.00"), tax_category=S19)
        .terms(EarlyPaymentDiscount(Decimal(2), 10, NetDays(30)))
        .draft()
    )
    assert inv.due_date == date(2026, 2, 4)
    [offer] = inv.discounts
    assert (offer.until, offer.percent, offer.base, offer.amount) == (
        date(2026, 1, 15),
        Decimal(2),
        None,
        eur("2.38"),
    )
    assert inv.terms_note == (
        "2.00% discount if paid within 10 days, Net 30 days\n#SKONTO#TAGE=10#PROZENT=2.00#"
    )
    split = discount_split(inv, offer)
    assert (split.amount, split.net, split.vat) == (eur("2.38"), eur("2.00"), eur("0.38"))
    item = issue(inv, MemoryNumberSequence()).open_item
    assert item is not None
    assert item.discount_on(date(2026, 1, 15)) == eur("2.38")
    assert item.discount_on(date(2026, 1, 16)) == eur("0")


def test_discount_without_vat() -> None:
    terms = EarlyPaymentDiscount(Decimal(3), 8, EndOfMonth(30), base=DiscountBase.WITHOUT_VAT)
    inv = (
        InvoiceBuilder.example().line("A", 1, eur("100.00"), tax_category=S19).terms(terms).draft()
    )
    [offer] = inv.discounts
    assert (offer.amount, offer.base) == (eur("3.00"), eur("100.00"))
    assert inv.due_date == date(2026, 3, 2)
    split = discount_split(inv, offer)
    assert (split.amount, split.vat) == (eur("3.00"), eur("0"))  # the VAT stays due in full
    item = issue(inv, MemoryNumberSequence()).open_item
    assert item is not None
    assert item.discount_on(date(2026, 1, 13)) == eur("3.00")


def test_discount_vat_split_on_a_mixed_rate_invoice() -> None:
    inv = (
        InvoiceBuilder.example()
        .line("A", 1, eur("100.00"), tax_category=S19)
        .line("B", 1, eur("100.00"), tax_category=S7)
        .terms(EarlyPaymentDiscount(Decimal(2), 10, NetDays(30)))
        .draft()
    )
    [offer] = inv.discounts
    assert offer.amount == eur("4.52")  # 2 % of 226.00
    split = discount_split(inv, offer)
    # gross shares: 7 % group 107.00, 19 % group 119.00 -> 2.14 and 2.38
    assert split.by_group == (("S", Decimal(7), eur("0.14")), ("S", Decimal(19), eur("0.38")))
    assert split.vat == eur("0.52")
    assert split.net == eur("4.00")
    none = discount_split(inv, offer, TaxReduction.NONE)
    assert (none.net, none.vat) == (eur("4.52"), eur("0"))


def _two_rates(reduction: TaxReduction) -> Invoice:
    return (
        InvoiceBuilder.example()
        .line("A", 1, eur("100.00"), tax_category=S19)
        .line("B", 1, eur("50.00"), tax_category=S7)
        .terms(EarlyPaymentDiscount(Decimal(2), 10, NetDays(30), tax_reduction=reduction))
        .draft()
    )


def test_discount_split_follows_the_terms_proportional_mode() -> None:
    inv = _two_rates(TaxReduction.PROPORTIONAL)
    [offer] = inv.discounts
    # amount due 100.00 + 19.00 + 50.00 + 3.50 = 172.50; 2 % = 3.45
    assert (offer.amount, offer.tax_reduction) == (eur("3.45"), TaxReduction.PROPORTIONAL)
    split = discount_split(inv, offer)
    # gross shares 3.45 × 53.50 / 172.50 = 1.07 and 3.45 × 119.00 / 172.50 = 2.38;
    # VAT parts 1.07 × 7 / 107 = 0.07 and 2.38 × 19 / 119 = 0.38
    assert split.by_group == (("S", Decimal(7), eur("0.07")), ("S", Decimal(19), eur("0.38")))
    assert (split.amount, split.net, split.vat) == (eur("3.45"), eur("3.00"), eur("0.45"))


def test_discount_split_follows_the_terms_no_reduction_mode() -> None:
    inv = _two_rates(TaxReduction.NONE)
    [offer] = inv.discounts
    assert (offer.amount, offer.tax_reduction) == (eur("3.45"), TaxReduction.NONE)
    split = discount_split(inv, offer)
    assert (split.amount, split.net, split.vat, split.by_group) == (
        eur("3.45"),
        eur("3.45"),
        eur("0"),
        (),
    )
    # an explicit mode still overrides the terms'
    assert discount_split(inv, offer, TaxReduction.PROPORTIONAL).vat == eur("0.45")
    assert inv.terms_note == (
        "2.00% discount if paid within 10 days (VAT not reduced), Net 30 days\n"
        "#SKONTO#TAGE=10#PROZENT=2.00#\n#DISCOUNT-VAT#NONE#"
    )


def test_the_no_reduction_mode_is_read_back_from_the_terms_note() -> None:
    inv = _two_rates(TaxReduction.NONE)
    assert inv.terms_note is not None
    offers, _ = parse_terms_note(
        inv.terms_note, issue_date=inv.issue_date, amount_due=inv.totals.payable
    )
    assert offers == inv.discounts
    plain = _two_rates(TaxReduction.PROPORTIONAL)
    assert plain.terms_note is not None
    assert "#DISCOUNT-VAT#" not in plain.terms_note
    offers, _ = parse_terms_note(
        plain.terms_note, issue_date=plain.issue_date, amount_due=plain.totals.payable
    )
    assert offers == plain.discounts


def test_unknown_discount_modes_are_refused() -> None:
    with pytest.raises(InvalidInput, match="unknown TaxReduction: 'half'"):
        EarlyPaymentDiscount(Decimal(2), 10, NetDays(30), tax_reduction="half")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="unknown DiscountBase"):
        EarlyPaymentDiscount(Decimal(2), 10, NetDays(30), base="gross")  # type: ignore[arg-type]
    assert EarlyPaymentDiscount(
        Decimal(2), 10, NetDays(30), tax_reduction="none"
    ).tax_reduction is (  # type: ignore[arg-type]
        TaxReduction.NONE
    )
    inv = _two_rates(TaxReduction.PROPORTIONAL)
    with pytest.raises(InvalidInput, match="unknown TaxReduction"):
        discount_split(inv, inv.discounts[0], "all")  # type: ignore[arg-type]


def test_installments_hand_computed() -> None:
    inv = (
        InvoiceBuilder.example()
        .line("A", 1, eur("100.00"), tax_category=TaxCategory.of("O"))
        .terms(Installments(((1, 30), (1, 60), (1, 90))))
        .draft()
    )
    assert [(i.due_date, i.amount) for i in inv.installments] == [
        (date(2026, 2, 4), eur("33.34")),
        (date(2026, 3, 6), eur("33.33")),
        (date(2026, 4, 5), eur("33.33")),
    ]
    assert inv.due_date == date(2026, 4, 5)
    offers, parts = parse_terms_note(
        inv.terms_note or "", issue_date=inv.issue_date, amount_due=inv.totals.payable
    )
    assert offers == ()
    assert parts == inv.installments


def test_percentage_installments() -> None:
    s = Installments(((40, 0), (60, 30))).schedule(date(2026, 1, 1), eur("99.99"), eur("0"))
    assert [i.amount for i in s.installments] == [eur("40.00"), eur("59.99")]


@settings(max_examples=200, deadline=None)
@given(
    st.integers(-(10**9), 10**9).filter(lambda u: u != 0),
    st.lists(st.integers(1, 1000), min_size=1, max_size=12),
)
def test_installments_sum_to_the_amount_due(units: int, weights: list[int]) -> None:
    due = from_minor(units, "EUR")
    terms = Installments(tuple((Decimal(w), 10 * (i + 1)) for i, w in enumerate(weights)))
    parts = terms.schedule(date(2026, 1, 1), due, due).installments
    assert sum((p.amount.amount for p in parts), Decimal(0)) == due.amount
    assert len(parts) == len(weights)
    assert all(p.amount.amount * due.amount >= 0 for p in parts)  # no part of the other sign


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: NetDays(-1), "net days"),
        (lambda: NetDays(True), "net days"),
        (lambda: EndOfMonth(day=0), "day"),
        (lambda: EndOfMonth(10, day=5), "either"),
        (lambda: EarlyPaymentDiscount(Decimal(0), 10, NetDays(30)), "between 0 and 100"),
        (lambda: EarlyPaymentDiscount(Decimal(100), 10, NetDays(30)), "between 0 and 100"),
        (lambda: EarlyPaymentDiscount(Decimal(2), 10, "net 30"), "net terms"),
        (lambda: Installments(((1, 60), (1, 30))), "increasing"),
        (lambda: Installments(((0, 30),)), "positive"),
        (lambda: Installments(()), "at least one"),
    ],
)
def test_bad_terms_are_refused(make, message: str) -> None:
    with pytest.raises(InvalidInput, match=message):
        make()


def test_float_discount_percent_is_refused() -> None:
    with pytest.raises(InvalidAmount, match="float"):
        EarlyPaymentDiscount(2.0, 10, NetDays(30))
