"""Open-item totals live in receivables; the credit paths and the old field name still work."""

from datetime import date

import pytest

import otccore.credit
import otccore.credit.facts
import otccore.credit.ports
import otccore.receivables
import otccore.testing.credit
import otccore.testing.receivables
from otccore.errors import InvalidInput
from otccore.receivables import OpenItemTotal

D = date(2026, 1, 1)


def test_the_credit_paths_are_the_receivables_objects() -> None:
    for name in ("OpenItemTotal", "item_bucket", "open_item_totals", "totals_from_buckets"):
        moved = getattr(otccore.receivables, name)
        assert getattr(otccore.credit, name) is moved
        assert getattr(otccore.credit.facts, name) is moved
    assert otccore.credit.facts.add_to_bucket is otccore.receivables.add_to_bucket
    assert otccore.credit.ItemTotals is otccore.receivables.ItemTotals
    assert otccore.credit.ports.ItemTotals is otccore.receivables.ItemTotals
    assert (
        otccore.testing.credit.ItemTotalsContract is otccore.testing.receivables.ItemTotalsContract
    )


def test_issue_date_is_the_field() -> None:
    total = OpenItemTotal(
        "EUR", issue_date=D, open_minor=100, overdue_minor=0, oldest_due_date=None
    )
    assert total.issue_date == D
    assert total == OpenItemTotal("EUR", D, 100, 0, None)


def test_the_old_keyword_warns_and_still_works() -> None:
    with pytest.warns(DeprecationWarning, match=r"OpenItemTotal\(issued=...\) is deprecated"):
        total = OpenItemTotal(
            "EUR", issued=D, open_minor=100, overdue_minor=0, oldest_due_date=None
        )
    assert total.issue_date == D
    with pytest.raises(InvalidInput, match="both issue_date and its old name issued"):
        OpenItemTotal("EUR", D, 100, 0, None, issued=D)


def test_the_old_attribute_warns_and_still_works() -> None:
    total = OpenItemTotal("EUR", D, 100, 0, None)
    with pytest.warns(DeprecationWarning, match="OpenItemTotal.issued is deprecated"):
        assert total.issued == D


def test_checks_still_run_through_the_custom_init() -> None:
    with pytest.raises(InvalidInput, match="XYZ"):
        OpenItemTotal("XYZ", D, 1, 0, None)
    with pytest.raises(InvalidInput, match="must be an int"):
        OpenItemTotal("EUR", D, 1.5, 0, None)  # type: ignore[arg-type]


def test_oldest_due_is_the_old_name_of_oldest_due_date() -> None:
    due = date(2026, 1, 31)
    with pytest.warns(DeprecationWarning, match=r"OpenItemTotal\(oldest_due=...\) is deprecated"):
        total = OpenItemTotal("EUR", D, 100, 100, oldest_due=due)
    assert total == OpenItemTotal("EUR", D, 100, 100, oldest_due_date=due)
    with pytest.warns(DeprecationWarning, match="OpenItemTotal.oldest_due is deprecated"):
        assert total.oldest_due == due
