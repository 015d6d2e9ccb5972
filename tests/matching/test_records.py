"""Tabular matching results feed ``otccore.adapters.pandas.to_frame``."""

import pytest

from otccore.matching import PaymentOutcome, reconcile

from .conftest import AS_OF, inv, pay

pd = pytest.importorskip("pandas")
from otccore.adapters.pandas import to_frame  # noqa: E402


@pytest.fixture
def result(acme):
    items = [inv("INV-1", 100), inv("INV-2", 500), inv("INV-3", 250)]
    payments = [
        pay("P1", 100, references=["INV-1"]),
        pay("P2", 300, references=["INV-2"]),  # short pay: exception with a deduction proposal
        pay("P3", 7),  # nobody
    ]
    return reconcile(payments, items, customers=[acme], as_of=AS_OF)


def test_a_result_is_one_frame_of_allocations_and_exceptions(result):
    frame = to_frame(result)
    assert len(frame) == len(result.match_rows()) + len(result.exception_rows())
    assert list(frame.columns) == [*result.match_rows()[0], "code", "proposal_items"]
    assert frame.groupby("band").size().to_dict() == {"auto_apply": 1, "exception": 2}
    exceptions = frame[frame["band"] == "exception"].set_index("payment_id")
    assert exceptions.loc["P2", "code"] == "short_pay_over_tolerance"
    assert exceptions.loc["P2", "proposal_items"] == "INV-2"
    assert exceptions.loc["P3", "code"] == "no_payer"
    posted = frame[frame["band"] == "auto_apply"]
    assert posted["amount"].sum() == 100
    assert set(posted["code"]) == {""}


def test_records_agree_with_the_rows(result):
    records = result.to_records()
    rows = result.match_rows()
    assert [{k: r[k] for k in rows[0]} for r in records[: len(rows)]] == rows
    for record, row in zip(records[len(rows) :], result.exception_rows(), strict=True):
        assert {k: record[k] for k in row} == row
        assert record["band"] == "exception" and record["amount"] is None


def test_other_tables(result):
    assert len(to_frame(result.matches)) == len(result.match_rows())
    assert to_frame(result.exceptions)["code"].tolist() == ["short_pay_over_tolerance", "no_payer"]
    summary = to_frame(result.summary())
    assert summary.loc[0, "payments"] == 3 and summary.loc[0, "auto_applied"] == 1
    outcomes = to_frame(PaymentOutcome.from_result(result, AS_OF), index="payment_id")
    assert outcomes.loc["P1", "band"] == "auto_apply"
    assert outcomes.loc["P2", "items"] == "INV-2"
    assert outcomes.loc["P3", "code"] == "no_payer"


def test_an_empty_result_is_an_empty_frame():
    assert to_frame(reconcile([], [], as_of=AS_OF)).empty


def test_a_scenario_score_is_one_row():
    from otccore.testing.scenarios import generate_scenario, score

    sc = generate_scenario(payments=50, seed=3)
    quality = score(reconcile(sc.payments, sc.items, customers=sc.customers, as_of=sc.as_of), sc)
    row = to_frame(quality).iloc[0]
    assert row["payments"] == 50
    assert row["precision"] == quality.precision
    assert row["payment_auto_rate"] == quality.payment_auto_rate


def test_every_row_has_the_match_columns_in_order(result):
    from otccore.matching.result import _MATCH_COLUMNS

    assert tuple(result.match_rows()[0]) == _MATCH_COLUMNS
    for record in result.to_records():
        assert tuple(record) == (*_MATCH_COLUMNS, "code", "proposal_items")


def _service_report(acme):
    from otccore.adapters.memory import (
        FixedClock,
        MemoryEventSink,
        MemoryMatchOutcomes,
        MemoryReceivables,
    )
    from otccore.matching import CashApplication

    store = MemoryReceivables()
    store.add_customers([acme])
    store.add_items([inv("INV-1", 100), inv("INV-2", 500)])
    store.add_payments([pay("P1", 100, references=["INV-1"]), pay("P3", 7)])
    outcomes = MemoryMatchOutcomes()
    return CashApplication(store, outcomes, events=MemoryEventSink(), clock=FixedClock(AS_OF)).run()


def test_every_tabular_result_keeps_the_protocol(result, acme):
    """to_records() gives dicts with snake_case keys, Decimal amounts beside a currency,
    enum values as text; to_frame() is the same rows as a frame."""
    import enum
    import re
    from decimal import Decimal

    from otccore._tabular import Tabular
    from otccore.testing.scenarios import generate_scenario, score

    sc = generate_scenario(payments=20, seed=1)
    quality = score(reconcile(sc.payments, sc.items, customers=sc.customers, as_of=sc.as_of), sc)
    tables = [result, result.matches[0], result.summary(), _service_report(acme), quality]
    for table in tables:
        assert isinstance(table, Tabular), type(table)
        records = table.to_records()
        assert records and all(isinstance(r, dict) for r in records)
        for r in records:
            for key, value in r.items():
                assert re.fullmatch(r"[a-z][a-z0-9_]*", key), key
                assert not isinstance(value, float | enum.Enum), (key, value)
                if key == "amount" and value is not None:
                    assert isinstance(value, Decimal) and isinstance(r["currency"], str)
        frame = table.to_frame()
        assert len(frame) == len(records)
        assert list(frame.columns) == list(records[0])
    for rows in (result.match_rows(), result.allocation_rows(), result.exception_rows()):
        assert rows and all("customer_id" in r for r in rows)
    assert [r["item_id"] for r in result.allocation_rows()] == ["INV-1"]


def test_existing_row_methods_still_feed_the_pandas_adapter(result):
    assert len(to_frame(result.allocation_rows())) == len(result.allocations())
    assert to_frame(result.summary()).loc[0, "payments"] == 3
