"""Renamed and keyword-only parameters of receivables: the old calls warn and still work."""

from datetime import date
from decimal import Decimal

import pytest

from otccore.errors import InvalidInput
from otccore.money import money
from otccore.receivables import (
    AgingBasis,
    DiscountTerm,
    OpenItem,
    SalesBasis,
    aging,
    average_days_delinquent,
    best_possible_dso,
    collection_effectiveness_index,
    dso,
)


def test_dso_by_position_warns_and_gives_the_same_answer() -> None:
    with pytest.warns(DeprecationWarning, match="pass credit_sales, days by keyword"):
        assert dso(120, 360, 30) == dso(120, credit_sales=360, days=30)


def test_best_possible_dso_by_position_warns() -> None:
    with pytest.warns(DeprecationWarning, match="best_possible_dso"):
        assert best_possible_dso(60, 360, 30) == Decimal(5)


def test_average_days_delinquent_by_position_warns() -> None:
    with pytest.warns(DeprecationWarning, match="current_receivables, credit_sales, days"):
        assert average_days_delinquent(120, 60, 360, 30) == Decimal(5)


def test_cei_by_position_warns() -> None:
    with pytest.warns(DeprecationWarning, match="collection_effectiveness_index"):
        old = collection_effectiveness_index(100, 300, 120, 80, months=3, sales_basis="total")
    assert old == Decimal("87.5")
    assert old == collection_effectiveness_index(
        100,
        credit_sales=300,
        closing_receivables=120,
        closing_current_receivables=80,
        months=3,
        sales_basis=SalesBasis.TOTAL,
    )


def test_customer_metrics_by_position_warns() -> None:
    item = OpenItem.invoice(
        "I1", "C1", money(100, "EUR"), issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31)
    )
    report = aging([item], as_of=date(2026, 3, 1))
    with pytest.warns(DeprecationWarning, match="customer_metrics"):
        old = report.customer_metrics("C1", money(300, "EUR"), 90)
    assert old == report.customer_metrics("C1", credit_sales=money(300, "EUR"), days=90)


def test_the_aging_basis_is_an_enum_and_still_takes_its_text() -> None:
    item = OpenItem.invoice(
        "I1", "C1", money(100, "EUR"), issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31)
    )
    by_text = aging([item], as_of=date(2026, 3, 1), basis="issue_date")
    assert by_text.basis is AgingBasis.ISSUE_DATE
    assert by_text.cells == aging([item], as_of=date(2026, 3, 1), basis=AgingBasis.ISSUE_DATE).cells
    with pytest.raises(InvalidInput, match="unknown basis: 'posting_date'"):
        aging([item], as_of=date(2026, 3, 1), basis="posting_date")


def test_discount_on_paid_on_warns_and_still_works() -> None:
    item = OpenItem.invoice(
        "I1",
        "C1",
        money(100, "EUR"),
        issue_date=date(2026, 1, 1),
        due_date=date(2026, 1, 31),
        discounts=[DiscountTerm(date(2026, 1, 11), Decimal(2))],
    )
    assert item.discount_on(payment_date=date(2026, 1, 10)) == money(2, "EUR")
    with pytest.warns(DeprecationWarning, match=r"discount_on\(paid_on=...\) is deprecated"):
        assert item.discount_on(paid_on=date(2026, 1, 10)) == money(2, "EUR")
    with pytest.raises(InvalidInput, match="payment_date"):
        item.discount_on()
