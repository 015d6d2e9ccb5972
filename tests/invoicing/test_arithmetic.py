"""Hand-computed EN 16931 examples: ties, tax-inclusive prices, percentages, freight, FX."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from otccore.invoicing import InvoiceBuilder, NetDays, TaxCategory, VatRounding, validate
from otccore.money import StaticRates, money

S19 = TaxCategory.of("S", 19)
S7 = TaxCategory.of("S", 7)
S5 = TaxCategory.of("S", 5)


def _b(currency: str = "EUR") -> InvoiceBuilder:
    return InvoiceBuilder.example(currency=currency).terms(NetDays(30))


def eur(x: str):
    return money(x, "EUR")


def test_vat_tie_rounds_half_up_away_from_zero() -> None:
    # 10.50 × 5 % = 0.525: half-up gives 0.53 (banker's rounding would give 0.52)
    inv = _b().line("A", 1, eur("10.50"), tax_category=S5).draft()
    assert inv.vat_breakdown[0].tax == eur("0.53")
    assert inv.totals.payable == eur("11.03")


def test_negative_tie_rounds_away_from_zero_too() -> None:
    # -1 × 10.50 at 5 %: taxable -10.50, VAT -0.525 -> -0.53 (not -0.52)
    inv = _b().line("Return", -1, eur("10.50"), tax_category=S5).draft()
    assert inv.lines[0].net_amount == eur("-10.50")
    assert inv.vat_breakdown[0].tax == eur("-0.53")
    assert inv.totals.payable == eur("-11.03")


@pytest.mark.parametrize(("qty", "expected"), [("3", "0.38"), ("-3", "-0.38")])
def test_line_amount_tie_rounds_half_up(qty: str, expected: str) -> None:
    # 3 × 0.125 = 0.375 -> 0.38; -3 × 0.125 = -0.375 -> -0.38
    inv = _b().line("Bolt", Decimal(qty), eur("0.125"), tax_category=S19).draft()
    assert inv.lines[0].net_amount == eur(expected)


def test_price_per_base_quantity_rounds_once() -> None:
    # 12.00 per 100 pieces, 250 pieces: 12 ÷ 100 × 250 = 30.00
    inv = _b().line("Screws", 250, eur("12.00"), tax_category=S19, base_quantity=100).draft()
    assert inv.lines[0].net_amount == eur("30.00")
    # 10.00 per 3 units, 1 unit: 3.333… rounds once to 3.33
    inv = _b().line("X", 1, eur("10.00"), tax_category=S19, base_quantity=3).draft()
    assert inv.lines[0].net_amount == eur("3.33")


def test_item_price_discount_gives_the_net_price() -> None:
    inv = _b().line("A", 3, eur("20.00"), tax_category=S19, price_discount=eur("2.50")).draft()
    line = inv.lines[0]
    assert (line.gross_price, line.price_discount, line.price) == (
        eur("20.00"),
        eur("2.50"),
        eur("17.50"),
    )
    assert line.net_amount == eur("52.50")


def test_tax_inclusive_price_converted_exactly() -> None:
    # 3 × 11.90 incl. 19 %: gross 35.70, net 35.70 / 1.19 = 30.00 exactly, VAT 5.70
    inv = _b().line("Tea", 3, eur("11.90"), tax_category=S19, tax_inclusive=True).draft()
    assert inv.lines[0].price == eur("10.00")
    assert inv.lines[0].net_amount == eur("30.00")
    assert inv.totals.tax_total == eur("5.70")
    assert inv.totals.payable == eur("35.70")


def test_tax_inclusive_price_with_a_non_terminating_net_price() -> None:
    # 3 × 9.99 incl. 19 %: gross 29.97, net 29.97 / 1.19 = 25.1848… -> 25.18;
    # the net price is the shortest decimal giving back 25.18: 8.393 (3 × 8.393 = 25.179)
    inv = _b().line("A", 3, eur("9.99"), tax_category=S19, tax_inclusive=True).draft()
    assert inv.lines[0].net_amount == eur("25.18")
    assert inv.lines[0].price == eur("8.393")
    assert inv.totals.tax_total == eur("4.78")  # 25.18 × 0.19 = 4.7842
    assert inv.totals.payable == eur("29.96")  # a cent below the quoted 29.97: see rounding.md
    assert validate(inv) == ()


def test_two_tax_inclusive_lines_can_lose_a_cent_at_document_level() -> None:
    # each 10.00 incl. 19 % -> net 8.40; document VAT round(16.80 × 0.19 = 3.192) = 3.19
    b = _b()
    b.line("A", 1, eur("10.00"), tax_category=S19, tax_inclusive=True)
    b.line("B", 1, eur("10.00"), tax_category=S19, tax_inclusive=True)
    inv = b.draft()
    assert inv.totals.tax_exclusive == eur("16.80")
    assert inv.totals.payable == eur("19.99")


def test_percentage_line_allowance_and_charge() -> None:
    inv = (
        _b()
        .line("A", 4, eur("12.50"), tax_category=S19)
        .line_allowance(percent=10, reason="Volume discount", code="95")
        .line_charge(percent="2.5", reason="Small-lot surcharge", code="SAA")
        .draft()
    )
    # extension 50.00; allowance 10 % = 5.00; charge 2.5 % = 1.25
    line = inv.lines[0]
    assert [(a.is_charge, a.amount, a.base_amount) for a in line.allowance_charges] == [
        (False, eur("5.00"), eur("50.00")),
        (True, eur("1.25"), eur("50.00")),
    ]
    assert line.net_amount == eur("46.25")


def test_percentage_document_allowance_split_per_vat_group() -> None:
    inv = (
        _b()
        .line("A", 1, eur("100.00"), tax_category=S19)
        .line("B", 1, eur("50.00"), tax_category=S7)
        .allowance(percent=3, reason="Loyalty", code="95")
        .draft()
    )
    # 3 % of 50.00 = 1.50 (7 %) and of 100.00 = 3.00 (19 %)
    assert [(a.tax_category.rate, a.amount) for a in inv.allowance_charges] == [
        (Decimal(7), eur("1.50")),
        (Decimal(19), eur("3.00")),
    ]
    groups = {g.tax_category.rate: (g.taxable, g.tax) for g in inv.vat_breakdown}
    assert groups[Decimal(19)] == (eur("97.00"), eur("18.43"))  # 18.43
    assert groups[Decimal(7)] == (eur("48.50"), eur("3.40"))  # 3.395 -> 3.40
    assert inv.totals.allowance_total == eur("4.50")
    assert inv.totals.tax_exclusive == eur("145.50")
    assert inv.totals.payable == eur("167.33")


def test_percentage_document_allowance_on_one_group_and_explicit_base() -> None:
    inv = (
        _b()
        .line("A", 1, eur("100.00"), tax_category=S19)
        .line("B", 1, eur("50.00"), tax_category=S7)
        .allowance(percent=10, reason="Promo", tax_category=S7)
        .charge(percent=1, base=eur("80.00"), reason="Insurance", code="IN", tax_category=S19)
        .draft()
    )
    assert [(a.amount, a.base_amount) for a in inv.allowance_charges] == [
        (eur("5.00"), eur("50.00")),
        (eur("0.80"), eur("80.00")),
    ]


def test_mixed_rate_invoice_with_freight() -> None:
    inv = (
        _b()
        .line("Shoes", 2, eur("19.99"), tax_category=S19)
        .line("Books", 3, eur("4.49"), tax_category=S7)
        .charge(eur("5.90"), reason="Freight", code="FC", tax_category=S19)
        .draft()
    )
    t = inv.totals
    assert t.line_total == eur("53.45")
    assert t.charge_total == eur("5.90")
    assert t.tax_exclusive == eur("59.35")
    groups = {g.tax_category.rate: (g.taxable, g.tax) for g in inv.vat_breakdown}
    assert groups[Decimal(19)] == (eur("45.88"), eur("8.72"))  # 8.7172
    assert groups[Decimal(7)] == (eur("13.47"), eur("0.94"))  # 0.9429
    assert t.tax_total == eur("9.66")
    assert t.tax_inclusive == eur("69.01")
    assert t.payable == eur("69.01")
    assert validate(inv) == ()


def test_tax_currency_total() -> None:
    rates = StaticRates({("EUR", "SEK"): Decimal("11.4563")})
    inv = (
        _b()
        .line("A", 1, eur("100.00"), tax_category=TaxCategory.of("S", 25))
        .tax_currency("SEK", rates)
        .draft()
    )
    assert inv.totals.tax_total == eur("25.00")
    assert inv.tax_currency == "SEK"
    assert inv.tax_total_in_tax_currency == money("286.41", "SEK")  # 286.4075


def test_tax_currency_keeps_the_sign() -> None:
    rates = StaticRates({("EUR", "SEK"): Decimal("11.4563")})
    inv = (
        _b()
        .line("Return", -1, eur("100.00"), tax_category=TaxCategory.of("S", 25))
        .tax_currency("SEK", rates)
        .draft()
    )
    assert inv.tax_total_in_tax_currency == money("-286.41", "SEK")


def test_prepaid_and_cash_rounding() -> None:
    inv = (
        InvoiceBuilder.example(currency="CHF")
        .line("A", 1, money("10.01", "CHF"), tax_category=TaxCategory.of("S", "8.1"))
        .prepaid(money("4.99", "CHF"))
        .cash_rounding("0.05")
        .draft()
    )
    t = inv.totals
    assert t.tax_total == money("0.81", "CHF")  # 0.81081
    assert t.tax_inclusive == money("10.82", "CHF")
    assert t.rounding == money("0.02", "CHF")  # 10.82 - 4.99 = 5.83 -> 5.85
    assert t.payable == money("5.85", "CHF")


def test_line_level_rounding_surfaces_its_difference() -> None:
    b = _b().vat_rounding(VatRounding.LINE)
    for _ in range(3):
        b.line("A", 1, eur("0.10"), tax_category=S5)
    inv = b.draft()
    # per line 0.005 -> 0.01, three times 0.03; document rule: round(0.30 × 5 %) = 0.02
    group = inv.vat_breakdown[0]
    assert group.tax == eur("0.03")
    assert group.expected_tax == eur("0.02")
    assert group.rounding_difference == eur("0.01")
    assert inv.vat_rounding is VatRounding.LINE
    assert validate(inv) == ()  # within the one-unit tolerance of line rounding


def test_line_mode_without_difference_is_recorded_as_document() -> None:
    inv = _b().vat_rounding("line").line("A", 1, eur("100"), tax_category=S19).draft()
    assert inv.vat_rounding is VatRounding.DOCUMENT


def test_document_mode_is_the_default() -> None:
    b = _b()
    for _ in range(3):
        b.line("A", 1, eur("0.10"), tax_category=S5)
    assert b.draft().totals.tax_total == eur("0.02")


def test_currency_without_minor_unit() -> None:
    inv = (
        InvoiceBuilder.example(currency="JPY")
        .line("A", 3, money(333, "JPY"), tax_category=TaxCategory.of("S", 10))
        .draft()
    )
    assert inv.totals.tax_total == money(100, "JPY")  # 99.9 -> 100
    assert inv.totals.payable == money(1099, "JPY")


def test_exempt_categories_carry_their_exemption_reason() -> None:
    inv = (
        _b()
        .line("A", 1, eur("100"), tax_category=TaxCategory.of("AE", 0))
        .line("B", 1, eur("50"), tax_category=TaxCategory.of("O"))
        .draft()
    )
    reasons = {g.tax_category.category.value: (g.exemption_code, g.tax) for g in inv.vat_breakdown}
    assert reasons == {"AE": ("VATEX-EU-AE", eur("0.00")), "O": ("VATEX-EU-O", eur("0.00"))}
    assert validate(inv) == ()


def test_issue_date_must_be_a_date() -> None:
    from datetime import datetime

    from otccore.errors import InvalidInput
    from otccore.invoicing import Party

    with pytest.raises(InvalidInput, match="issue_date"):
        InvoiceBuilder(
            seller=Party.create("S", name="S", country="DE"),
            buyer=Party.create("B", name="B", country="DE"),
            currency="EUR",
            issue_date=datetime(2026, 1, 1),
        )
    assert InvoiceBuilder.example(issue_date=date(2026, 2, 2)).draft().issue_date == date(
        2026, 2, 2
    )
