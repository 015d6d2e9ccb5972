"""Aging by bucket and customer, and its columnar fast path."""

from __future__ import annotations

import decimal
import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otccore.errors import ConfigurationError, CurrencyMismatch, InvalidInput
from otccore.money import from_minor, money, to_minor
from otccore.receivables import (
    AgingBuckets,
    ItemTable,
    OpenItem,
    aging,
)

AS_OF = date(2026, 3, 31)


def item(
    n: str, customer: str, amount: str, due_days_ago: int, *, age: int = 30, **kw: object
) -> OpenItem:
    due = AS_OF - timedelta(days=due_days_ago)
    return OpenItem.invoice(
        n,
        customer,
        money(amount, "EUR"),
        issue_date=due - timedelta(days=age),
        due_date=due,
        **kw,  # type: ignore[arg-type]
    )


BOOK = [
    item("A", "C1", "100", -5),  # not yet due
    item("B", "C1", "50", 0),  # due today: still current
    item("C", "C1", "20", 1),  # 1-30
    item("D", "C2", "30", 30),  # 1-30
    item("E", "C2", "40", 31),  # 31-60
    item("F", "C2", "60", 90),  # 61-90
    item("G", "C3", "70", 91, disputed=True),  # 91+
    OpenItem.create(
        "credit_note", "CN", "C1", money(-10, "EUR"), issue_date=AS_OF - timedelta(days=3)
    ),
]


def amounts(values: tuple[object, ...]) -> list[str]:
    return [str(v.amount) for v in values]  # type: ignore[attr-defined]


def test_default_buckets_by_due_date() -> None:
    report = aging(BOOK, as_of=AS_OF)
    assert report.labels == ("current", "1-30", "31-60", "61-90", "91+")
    assert report.customers == ("C1", "C2", "C3")
    assert amounts(report.row("C1")) == ["150.00", "10.00", "0.00", "0.00", "0.00"]
    assert amounts(report.row("C2")) == ["0.00", "30.00", "40.00", "60.00", "0.00"]
    assert amounts(report.totals()) == ["150.00", "40.00", "40.00", "60.00", "70.00"]
    assert report.total() == money(360, "EUR")
    assert report.current() == money(150, "EUR")
    assert report.past_due() == money(210, "EUR")
    assert amounts(report.row("nobody")) == ["0.00"] * 5


def test_disputed_shown_separately_when_asked() -> None:
    report = aging(BOOK, as_of=AS_OF, separate_disputed=True)
    assert report.labels[-1] == "disputed"
    assert amounts(report.row("C3")) == ["0.00"] * 5 + ["70.00"]
    assert report.total() == money(360, "EUR")
    assert report.current() == money(150, "EUR")


def test_issue_date_basis_and_custom_buckets() -> None:
    report = aging(BOOK, as_of=AS_OF, basis="issue_date", buckets=AgingBuckets((30, 60, 90)))
    assert report.labels == ("0-30", "31-60", "61-90", "91+")
    # Issue ages: A 25, B 30, C 31, D 60, E 61, F 120, G 121, CN 3.
    assert amounts(report.row("C1")) == ["140.00", "20.00", "0.00", "0.00"]
    assert amounts(report.row("C2")) == ["0.00", "30.00", "40.00", "60.00"]
    # Current is still by due date, whatever the basis.
    assert report.current() == money(150, "EUR")


def test_top_past_due_and_customer_metrics() -> None:
    report = aging(BOOK, as_of=AS_OF)
    assert report.top_past_due(2) == [("C2", money(130, "EUR")), ("C3", money(70, "EUR"))]
    m = report.customer_metrics("C2", credit_sales=money(390, "EUR"), days=90)
    assert m == {"dso": 30, "best_possible_dso": 0, "average_days_delinquent": 30}


def test_customer_metrics_ignore_a_hostile_ambient_context() -> None:
    book = [item("B1", "C1", "12345.67", 10), item("B2", "C1", "0.01", -5)]
    report = aging(book, as_of=AS_OF)
    expected = report.customer_metrics("C1", credit_sales=Decimal("100000"), days=90)
    with decimal.localcontext(decimal.Context(prec=3, rounding=decimal.ROUND_DOWN)):
        hostile = report.customer_metrics("C1", credit_sales=Decimal("100000"), days=90)
    assert hostile == expected
    assert expected["dso"] == Decimal("11.111112")  # 12345.68 / 100000 x 90


def test_closed_items_contribute_nothing() -> None:
    closed = item("Z", "C9", "10", 40, open=money(0, "EUR"))
    report = aging([closed], as_of=AS_OF)
    assert report.total().amount == 0 and report.top_past_due() == []


def test_rows_for_frames() -> None:
    rows = aging(BOOK, as_of=AS_OF).rows()
    assert rows[0]["customer"] == "C1" and str(rows[0]["current"]) == "150.00"


def test_bad_inputs() -> None:
    with pytest.raises(ConfigurationError, match="strictly increasing"):
        AgingBuckets((30, 10))
    with pytest.raises(ConfigurationError, match="must not be negative"):
        AgingBuckets((-1, 10))
    with pytest.raises(ConfigurationError, match="at least one"):
        AgingBuckets(())
    with pytest.raises(ConfigurationError, match="whole days"):
        AgingBuckets((1.5,))  # type: ignore[arg-type]
    usd = OpenItem.invoice("U", "C1", money(1, "USD"), issue_date=AS_OF, due_date=AS_OF)
    with pytest.raises(CurrencyMismatch, match="convert first"):
        aging([*BOOK, usd], as_of=AS_OF)
    with pytest.raises(InvalidInput, match="basis"):
        aging(BOOK, as_of=AS_OF, basis="posting_date")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="needs a currency"):
        aging([], as_of=AS_OF)
    with pytest.raises(InvalidInput, match="equally long"):
        ItemTable.from_columns(
            "EUR", customer_ids=["C"], open_minor=[], issue_dates=[], due_dates=[]
        )
    with pytest.raises(InvalidInput, match="ints"):
        ItemTable.from_columns(
            "EUR",
            customer_ids=["C"],
            open_minor=[1.5],
            issue_dates=[AS_OF],
            due_dates=[AS_OF],  # type: ignore[list-item]
        )
    with pytest.raises(InvalidInput, match="before issue date"):
        ItemTable.from_columns(
            "EUR",
            customer_ids=["C"],
            open_minor=[1],
            issue_dates=[AS_OF],
            due_dates=[AS_OF - timedelta(days=1)],
        )


def test_table_is_read_only() -> None:
    table = ItemTable.from_items(BOOK)
    with pytest.raises(TypeError):
        table.open_minor[0] = 5  # type: ignore[index]


item_lists = st.lists(
    st.tuples(
        st.sampled_from(["C1", "C2", "C3", "C4"]),
        st.integers(1, 10**7),
        st.integers(-60, 400),
        st.booleans(),
    ),
    max_size=40,
).map(
    lambda rows: [
        OpenItem.invoice(
            f"I{i}",
            c,
            from_minor(units, "EUR"),
            issue_date=AS_OF - timedelta(days=max(d, 0) + 10),
            due_date=AS_OF - timedelta(days=d),
            disputed=disp,
        )
        for i, (c, units, d, disp) in enumerate(rows)
    ]
)


@settings(max_examples=60)
@given(item_lists, st.booleans(), st.randoms(use_true_random=False))
def test_aging_conserves_money_and_ignores_order(
    items: list[OpenItem], separate: bool, rnd: random.Random
) -> None:
    report = aging(items, as_of=AS_OF, currency="EUR", separate_disputed=separate)
    assert to_minor(report.total()) == sum(to_minor(i.open) for i in items)
    assert sum(to_minor(m) for m in report.totals()) == to_minor(report.total())
    shuffled = list(items)
    rnd.shuffle(shuffled)
    again = aging(shuffled, as_of=AS_OF, currency="EUR", separate_disputed=separate)
    assert (again.customers, again.cells, again.not_due) == (
        report.customers,
        report.cells,
        report.not_due,
    )
    # Each item lands in the bucket its days say.
    if not separate:
        buckets = AgingBuckets()
        for i in items:
            col = buckets.index(i.days_past_due(AS_OF))
            assert to_minor(report.row(i.customer_id)[col]) >= to_minor(i.open)


def test_the_aging_report_is_a_table() -> None:
    from decimal import Decimal

    from otccore._tabular import Tabular
    from otccore.adapters.pandas import to_frame
    from otccore.receivables import AgingBuckets, ItemTable, OpenItem, aging

    items = [
        OpenItem.invoice("I1", "C2", money(80, "EUR"), issue_date=date(2026, 1, 1),
                         due_date=date(2026, 1, 31)),
        OpenItem.invoice("I2", "C1", money("12.50", "EUR"), issue_date=date(2026, 2, 1),
                         due_date=date(2026, 3, 3)),
    ]  # fmt: skip
    report = aging(items, as_of=date(2026, 2, 10), buckets=AgingBuckets((0, 30)))
    assert isinstance(report, Tabular)
    records = report.to_records()
    assert len(records) == 2 * 3
    assert records[0] == {
        "customer_id": "C1", "bucket": "current", "open_amount": Decimal("12.50"), "currency": "EUR"
    }  # fmt: skip
    assert sum(r["open_amount"] for r in records) == report.total().amount  # type: ignore[misc]
    frame = report.to_frame()
    assert list(frame.columns) == ["customer_id", "bucket", "open_amount", "currency"]
    grid = frame.pivot(index="customer_id", columns="bucket", values="open_amount")
    assert grid.loc["C2", "1-30"] == Decimal("80.00")
    assert to_frame(report).equals(frame)  # the pandas adapter takes it too
    table = ItemTable.from_items(items)
    assert isinstance(table, Tabular)
    assert [r["customer_id"] for r in table.to_records()] == ["C2", "C1"]
    assert table.to_frame(amounts="float")["open_amount"].tolist() == [80.0, 12.5]
