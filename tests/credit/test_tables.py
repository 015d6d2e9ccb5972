"""Credit's tables (exposures and decisions) keep the shared column conventions."""

from __future__ import annotations

import enum
import re
from datetime import date
from decimal import Decimal

import pytest

from otccore.credit import (
    CheckRule,
    CreditAccount,
    CreditLimit,
    Decision,
    Exposure,
    Order,
    build_context,
    evaluate,
)
from otccore.money import StaticRates, money
from otccore.reasons import Reason

DAY = date(2026, 3, 2)


def _decision(amount: int, *, limit: int | None = 100) -> Decision:
    acc = CreditAccount.open(
        "C1", "EUR", limit=None if limit is None else CreditLimit.of(money(limit, "EUR"))
    )
    order = Order.create("SO-1", "C1", money(amount, "EUR"), order_date=DAY)
    return evaluate(
        CheckRule.default(), build_context(order, [acc], as_of=DAY, rates=StaticRates({}))
    )


def _tables() -> list[object]:
    exposure = Exposure.of(
        "EUR", {"open_receivables": money(100, "EUR"), "payments_in_transit": money(-30, "EUR")}
    )
    held = _decision(130)
    released = held.with_outcome(held.outcome, Reason.of("released", "by j.doe", by="j.doe"))
    return [exposure, _decision(50), held, released, _decision(50, limit=None)]


def _check_conventions(rows: list[dict[str, object]]) -> None:
    assert rows
    for row in rows:
        for key, value in row.items():
            assert re.fullmatch(r"[a-z][a-z0-9_]*(\.[a-z0-9_]+)?", key), key
            assert not isinstance(value, float | enum.Enum), (key, value)
            if key.endswith("_amount") and value is not None:
                assert isinstance(value, Decimal), key
                assert isinstance(row["currency"], str)


@pytest.mark.parametrize("table", _tables(), ids=lambda t: type(t).__name__)
def test_rows_keep_the_column_conventions(table: Exposure | Decision) -> None:
    _check_conventions(table.to_records())


@pytest.mark.parametrize("table", _tables(), ids=lambda t: type(t).__name__)
def test_the_frame_is_the_records(table: Exposure | Decision) -> None:
    pytest.importorskip("pandas")
    frame = table.to_frame()
    records = table.to_records()
    assert list(frame.columns) == list(dict.fromkeys(k for row in records for k in row))
    assert frame.astype(object).where(frame.notna(), None).to_dict("records") == [
        {column: row.get(column) for column in frame.columns} for row in records
    ]


def test_an_exposure_has_one_row_per_category() -> None:
    rows = Exposure.of("EUR", {"open_receivables": money(100, "EUR")}).to_records()
    assert [r["category"] for r in rows][:2] == ["open_receivables", "open_orders"]
    assert rows[0] == {
        "category": "open_receivables",
        "exposure_amount": Decimal("100.00"),
        "currency": "EUR",
        "relevant": True,
    }


def test_a_decision_has_one_row_per_reason_with_its_figures() -> None:
    held = _decision(130)
    released = held.with_outcome(held.outcome, Reason.of("released", "by j.doe", by="j.doe"))
    rows = released.to_records()
    assert [(r["code"], r["reaction"]) for r in rows] == [
        ("limit_exceeded", "hold"),
        ("released", None),
    ]
    assert {(r["order_id"], r["customer_id"], r["outcome"], r["light"]) for r in rows} == {
        ("SO-1", "C1", "held", "red")
    }
    assert rows[0]["available_amount"] == Decimal("-30.00")
    assert rows[0]["exposure_amount"] == Decimal("130.00")
    assert rows[1]["data.by"] == "j.doe"


def test_a_decision_without_reasons_is_one_row() -> None:
    [row] = _decision(50).to_records()
    assert (row["outcome"], row["code"], row["reaction"]) == ("approved", None, None)
    assert row["utilisation"] == Decimal("50.00")
    [no_limit] = _decision(50, limit=None).to_records()
    assert no_limit["available_amount"] is None and no_limit["currency"] == "EUR"
