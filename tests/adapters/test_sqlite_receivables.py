"""What only the SQLite store must do: survive a reopen exactly, version its schema,
run in WAL mode, refuse foreign files, share one file, stay atomic across connections."""

import sqlite3
import threading
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from otccore.adapters.sqlite import (
    RECEIVABLES_SCHEMA,
    Component,
    SqliteDatabase,
    SqliteReceivables,
)
from otccore.errors import (
    DuplicateId,
    IncompatibleSchema,
    InvalidInput,
    OverApplication,
    StorageError,
)
from otccore.money import Money, money, to_minor
from otccore.receivables import (
    Allocation,
    Customer,
    CustomerId,
    DiscountTerm,
    ItemId,
    ItemTable,
    OpenItem,
    Payment,
    PaymentId,
    RemittanceLine,
    apply_allocations,
)
from otccore.testing.strategies import ReceivablesBook, receivables_books

D = date(2026, 1, 1)


def invoice(number: str, amount: Money, **kw: object) -> OpenItem:
    return OpenItem.invoice(number, "C1", amount, issue_date=D, due_date=date(2026, 1, 31), **kw)  # type: ignore[arg-type]


def count(path: Path, table: str) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        con.close()


def fill(store: SqliteReceivables, book: ReceivablesBook) -> None:
    store.add_customers(book.customers)
    store.add_items(book.items)
    store.add_payments(book.payments)
    store.record_allocations(book.allocations)


def test_reopened_file_reads_everything_back_exactly(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite"
    customers = [
        Customer.create("C1", "Acme", "EUR", bank_accounts=["CH93 0076 2011 6238 5295 7"]),
        Customer.create("C2", "Acme Süd", "EUR", parent_id="C1"),
    ]
    items = [
        # amounts at other exponents than the minor unit: 5 (exp 0), 1.500 (exp -3), 5E+2
        invoice("I1", money(5, "EUR")),
        invoice("I2", money("1.500", "EUR"), payment_reference="RF18 5390 0754 7034"),
        invoice("I3", money(Decimal("5E+2"), "EUR"), disputed=True),
        invoice(
            "I4",
            money("119.00", "EUR"),
            discounts=[
                DiscountTerm(date(2026, 1, 11), Decimal("2.50")),
                DiscountTerm(date(2026, 1, 21), Decimal(1), base=money("100", "EUR")),
            ],
        ),
        OpenItem.create("credit_note", "CN1", "C2", money(-12, "JPY"), issue_date=D),
        OpenItem.create("debit_note", "DN1", "C2", money("0.005", "BHD"), issue_date=D),
    ]
    payments = [
        Payment.create(
            "P1",
            money("120.0", "EUR"),
            value_date=date(2026, 1, 10),
            payer_name="ACME",
            payer_account="CH93 0076 2011 6238 5295 7",
            customer_id="C1",
            references=["I4", "I1"],
            remittance_text="I4 less 2.5%",
            remittance=[
                RemittanceLine.create(
                    "I4",
                    money("116.620", "EUR"),
                    discount=money("2.380", "EUR"),
                    adjustment=money(-1, "EUR"),
                    reason="rounding",
                )
            ],
        )
    ]
    allocations = [
        Allocation.create("applied", money("116.0", "EUR"), payment_id="P1", item_id="I4"),
        Allocation.create("discount", money("3", "EUR"), payment_id="P1", item_id="I4", note="2%"),
        Allocation.create("on_account", money(4, "EUR"), payment_id="P1"),
    ]
    store = SqliteReceivables(path)
    store.add_customers(customers)
    store.add_items(items)
    store.add_payments(payments)
    store.record_allocations(allocations)
    store.close()

    again = SqliteReceivables(str(path))
    try:
        expected_items = {i.id: i for i in apply_allocations(items, allocations)}
        # repr compares amounts digit for digit (Decimal equality would ignore exponents).
        assert repr(again.list_customers()) == repr(customers)
        assert repr(again.list_items()) == repr(sorted(expected_items.values(), key=lambda i: i.id))
        assert repr(again.get_item(ItemId("I3")).original) == "Money('5E+2', 'EUR')"
        assert repr(again.get_item(ItemId("I1")).open) == "Money('5', 'EUR')"
        assert repr(again.get_item(ItemId("I4")).open) == "Money('0.00', 'EUR')"
        assert repr(again.list_payments()) == repr(payments)
        assert repr(again.list_allocations()) == repr(allocations)
        assert again.unapplied(PaymentId("P1")) == money(0, "EUR")
    finally:
        again.close()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(book=receivables_books())
def test_any_book_survives_a_reopen_exactly(
    tmp_path_factory: pytest.TempPathFactory, book: ReceivablesBook
) -> None:
    path = tmp_path_factory.mktemp("book") / "book.sqlite"
    store = SqliteReceivables(path)
    fill(store, book)
    store.close()
    again = SqliteReceivables(path)
    try:
        assert repr(again.list_customers()) == repr(sorted(book.customers, key=lambda c: c.id))
        applied = apply_allocations(book.items, book.allocations)
        assert again.list_items() == sorted(applied, key=lambda i: i.id)
        assert repr(again.list_payments()) == repr(sorted(book.payments, key=lambda p: p.id))
        assert repr(again.list_allocations()) == repr(list(book.allocations))
        for code in {i.currency for i in book.items}:
            table = again.item_table(currency=code, open_only=False)
            expected = ItemTable.from_items(
                sorted((i for i in applied if i.currency == code), key=lambda i: i.id)
            )
            assert table.customers == expected.customers
            for column in ("customer_index", "open_minor", "issue_ordinal", "due_ordinal"):
                assert getattr(table, column).tolist() == getattr(expected, column).tolist()
            assert bytes(table.disputed) == bytes(expected.disputed)
    finally:
        again.close()


def test_item_table_columns_are_read_only(tmp_path: Path) -> None:
    store = SqliteReceivables(tmp_path / "book.sqlite")
    store.add_items([invoice("I1", money(1, "EUR"))])
    table = store.item_table(currency="EUR")
    with pytest.raises(TypeError):
        table.open_minor[0] = 5  # type: ignore[index]
    store.close()


def test_schema_is_created_and_versioned(tmp_path: Path) -> None:
    store = SqliteReceivables(tmp_path / "book.sqlite")
    assert store.db.schema_version("receivables") == RECEIVABLES_SCHEMA.version == 2
    store.close()


def test_a_version_1_file_is_migrated_and_its_open_totals_filled(tmp_path: Path) -> None:
    from otccore.receivables import open_item_totals

    path = tmp_path / "old.sqlite"
    db = SqliteDatabase(path)
    db.ensure(Component("receivables", RECEIVABLES_SCHEMA.migrations[:1]))  # as otccore 1 wrote it
    rows = [  # id, kind, customer, currency, original minor, open minor, issued, due
        ("I1", "invoice", "C1", "EUR", 100_00, 100_00, "2026-01-01", "2026-01-31"),
        ("I2", "invoice", "C1", "EUR", 80_00, 50_00, "2026-01-01", "2026-01-31"),
        ("I3", "invoice", "C1", "EUR", 60_00, 0, "2026-01-01", "2026-01-31"),  # paid
        ("CN", "credit_note", "C1", "EUR", -30_00, -30_00, "2026-02-10", "2026-02-10"),
        ("I4", "invoice", "C1", "USD", 70_00, 70_00, "2026-02-01", "2026-04-01"),
        ("I5", "invoice", "C2", "EUR", 9_00, 9_00, "2026-01-15", "2026-02-14"),
    ]
    with db.write() as con:
        con.executemany(
            "INSERT INTO rcv_items (id, kind, number, customer_id, currency, original_minor, "
            "open_minor, issue_date, due_date, disputed, discounted) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0)",
            [(r[0], r[1], r[0], *r[2:]) for r in rows],
        )
    assert db.schema_version("receivables") == 1
    db.close()

    store = SqliteReceivables(path)  # opening migrates to version 2
    assert store.db.schema_version("receivables") == 2
    for customer in ("C1", "C2", "C9"):
        for as_of in (date(2026, 1, 31), date(2026, 2, 1), date(2026, 3, 2)):
            items = store.list_items(customer_id=CustomerId(customer), open_only=True)
            assert store.open_item_totals(
                customer_id=CustomerId(customer), as_of=as_of
            ) == open_item_totals(items, as_of=as_of)
    (eur, cn_day, usd) = store.open_item_totals(
        customer_id=CustomerId("C1"), as_of=date(2026, 3, 2)
    )
    assert (eur.open_minor, eur.overdue_minor, eur.oldest_due_date) == (
        150_00,
        150_00,
        date(2026, 1, 31),
    )
    assert (cn_day.open_minor, cn_day.overdue_minor) == (-30_00, 0)
    assert (usd.currency, usd.open_minor, usd.overdue_minor) == ("USD", 70_00, 0)
    # and the migrated buckets are kept from then on
    store.add_items(
        [
            OpenItem.invoice(
                "I6", "C1", money(5, "EUR"), issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31)
            )
        ]
    )
    first = store.open_item_totals(customer_id=CustomerId("C1"), as_of=date(2026, 3, 2))[0]
    assert first.open_minor == 155_00
    store.close()


def test_newer_schema_on_disk_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite"
    SqliteReceivables(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE otccore_schema SET version = 99 WHERE component = 'receivables'")
    con.commit()
    con.close()
    with pytest.raises(IncompatibleSchema, match="'receivables' is at schema version 99"):
        SqliteReceivables(path)


def test_newer_schema_of_a_shared_database_is_refused(tmp_path: Path) -> None:
    db = SqliteDatabase(tmp_path / "book.sqlite")
    newer = Component("receivables", (*RECEIVABLES_SCHEMA.migrations, "CREATE TABLE x (a);"))
    db.ensure(newer)
    with pytest.raises(IncompatibleSchema, match="upgrade otccore"):
        SqliteReceivables(db)
    db.close()


def test_wal_mode_is_on(tmp_path: Path) -> None:
    store = SqliteReceivables(tmp_path / "book.sqlite")
    assert store.db.read().execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    store.close()
    con = sqlite3.connect(tmp_path / "book.sqlite")
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # persistent in the file
    con.close()


def test_a_file_that_is_not_sqlite_is_refused_clearly(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_text("These are my notes, not a database. " * 40)
    with pytest.raises(StorageError, match=r"notes\.sqlite.*not a database"):
        SqliteReceivables(path)


def test_stores_share_one_database_file(tmp_path: Path) -> None:
    db = SqliteDatabase(tmp_path / "book.sqlite")
    first = SqliteReceivables(db)
    second = SqliteReceivables(db)  # ensure() again: nothing to migrate
    first.add_items([invoice("I1", money(10, "EUR"))])
    assert second.get_item(ItemId("I1")).open == money(10, "EUR")
    first.close()  # a shared database stays open
    assert second.list_items()[0].id == "I1"
    db.close()


def test_duplicate_batch_leaves_no_trace_in_any_table(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite"
    store = SqliteReceivables(path)
    store.add_items([invoice("I1", money(10, "EUR"))])
    store.add_payments([Payment.create("P1", money(1, "EUR"), value_date=D)])
    term = DiscountTerm(date(2026, 1, 5), Decimal(2))
    with pytest.raises(DuplicateId, match="item id already stored: 'I1'"):
        store.add_items(
            [invoice("I0", money(1, "EUR"), discounts=[term]), invoice("I1", money(2, "EUR"))]
        )
    with pytest.raises(DuplicateId, match="payment id already stored: 'P1'"):
        store.add_payments(
            [
                Payment.create("P0", money(1, "EUR"), value_date=D, references=["x"]),
                Payment.create("P1", money(1, "EUR"), value_date=D),
            ]
        )
    with pytest.raises(DuplicateId, match="'C1'"):
        store.add_customers(
            [
                Customer.create("C1", "A", "EUR", bank_accounts=["X1"]),
                Customer.create("C1", "B", "EUR"),
            ]
        )
    store.close()
    assert count(path, "rcv_items") == 1
    assert count(path, "rcv_item_discounts") == 0
    assert count(path, "rcv_payments") == 1
    assert count(path, "rcv_payment_references") == 0
    assert count(path, "rcv_customers") == 0
    assert count(path, "rcv_customer_accounts") == 0


def test_text_sqlite_cannot_store_is_refused(tmp_path: Path) -> None:
    store = SqliteReceivables(tmp_path / "book.sqlite")
    with pytest.raises(InvalidInput, match="not UTF-8 encodable"):
        store.add_customers([Customer.create("C\ud800", "Bad", "EUR")])
    assert store.list_customers() == []
    store.close()


def test_values_of_the_wrong_type_are_refused(tmp_path: Path) -> None:
    store = SqliteReceivables(tmp_path / "book.sqlite")
    with pytest.raises(InvalidInput, match="not a OpenItem"):
        store.add_items([invoice("I1", money(1, "EUR")), "I2"])  # type: ignore[list-item]
    with pytest.raises(InvalidInput, match="not a Allocation"):
        store.record_allocations([{"amount": 1}])  # type: ignore[list-item]
    assert store.list_items() == []
    store.close()


def test_writers_on_separate_connections_never_over_apply(tmp_path: Path) -> None:
    # Each thread opens the file on its own (as separate processes would).
    path = tmp_path / "book.sqlite"
    setup = SqliteReceivables(path)
    setup.add_items([invoice("I1", money(10, "EUR"))])
    setup.add_payments([Payment.create("P1", money(100, "EUR"), value_date=D)])
    setup.close()
    results: list[bool] = []
    barrier = threading.Barrier(4)

    def work() -> None:
        store = SqliteReceivables(path)
        try:
            barrier.wait()
            for _ in range(5):
                try:
                    store.record_allocations(
                        [
                            Allocation.create(
                                "applied", money(1, "EUR"), payment_id="P1", item_id="I1"
                            )
                        ]
                    )
                    results.append(True)
                except OverApplication:
                    results.append(False)
        finally:
            store.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    check = SqliteReceivables(path)
    assert results.count(True) == 10
    assert len(check.list_allocations()) == 10
    assert check.get_item(ItemId("I1")).open == money(0, "EUR")
    assert to_minor(check.unapplied(PaymentId("P1"))) == 9000
    assert check.list_customers(parent_id=CustomerId("none")) == []
    check.close()


def test_bulk_insert_rebuilds_the_customer_index(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from otccore.adapters.sqlite import _items as module

    monkeypatch.setattr(module, "_REINDEX_AT", 3)
    path = tmp_path / "book.sqlite"
    store = SqliteReceivables(path)
    store.add_items(invoice(f"I{n}", money(n + 1, "EUR")) for n in range(5))
    with pytest.raises(DuplicateId, match="'I4'"):
        store.add_items(invoice(f"I{n}", money(1, "EUR")) for n in range(4, 12))
    assert len(store.list_items(customer_id=CustomerId("C1"))) == 5
    plan = (
        store.db.read()
        .execute("EXPLAIN QUERY PLAN SELECT id FROM rcv_items WHERE customer_id = 'C1'")
        .fetchall()
    )
    assert "rcv_items_customer" in str(plan)
    store.close()
    assert count(path, "rcv_items") == 5


def test_calls_inside_one_host_transaction_commit_or_roll_back_together(tmp_path: Path) -> None:
    store = SqliteReceivables(tmp_path / "book.sqlite")

    def several_calls() -> None:
        with store.db.write():
            store.add_items([invoice("I1", money(10, "EUR"))])
            store.add_payments([Payment.create("P1", money(10, "EUR"), value_date=D)])
            store.record_allocations(
                [Allocation.create("applied", money(10, "EUR"), payment_id="P1", item_id="I1")]
            )
            assert store.get_item(ItemId("I1")).open == money(0, "EUR")  # visible inside
            store.add_items([invoice("I1", money(1, "EUR"))])

    with pytest.raises(DuplicateId):
        several_calls()
    assert store.list_items() == []
    assert store.list_payments() == []
    assert store.list_allocations() == []
    with store.db.write():
        store.add_items([invoice("I1", money(10, "EUR"))])
        store.add_payments([Payment.create("P1", money(10, "EUR"), value_date=D)])
    assert [i.id for i in store.list_items()] == ["I1"]
    store.close()


def test_a_failed_call_inside_a_host_transaction_undoes_only_itself(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite"
    store = SqliteReceivables(path)
    store.add_payments([Payment.create("P1", money(5, "EUR"), value_date=D)])
    with store.db.write():
        store.add_items([invoice("I1", money(10, "EUR"))])
        with pytest.raises(DuplicateId):
            store.add_items([invoice("I2", money(1, "EUR")), invoice("I1", money(1, "EUR"))])
        with pytest.raises(OverApplication):
            store.record_allocations(
                [
                    Allocation.create("write_off", money(1, "EUR"), item_id="I1"),
                    Allocation.create("applied", money(6, "EUR"), payment_id="P1", item_id="I1"),
                ]
            )
        with pytest.raises(InvalidInput):
            store.add_customers(
                [Customer.create("C1", "Fine", "EUR"), Customer.create("C\udc00", "Bad", "EUR")]
            )
    store.close()
    assert count(path, "rcv_items") == 1
    assert count(path, "rcv_allocations") == 0
    assert count(path, "rcv_customers") == 0
    again = SqliteReceivables(path)
    assert again.get_item(ItemId("I1")).open == money(10, "EUR")
    again.close()


def test_open_totals_are_the_same_whether_filled_by_group_by_or_bucket_by_bucket(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from otccore.adapters.sqlite import _items as module
    from otccore.receivables import open_item_totals

    monkeypatch.setattr(module, "_REFILL_AT", 4)  # so that small batches take both paths
    store = SqliteReceivables(tmp_path / "book.sqlite")

    def inv(n: int, customer: str, amount: int, issued: date, due: date) -> OpenItem:
        return OpenItem.invoice(
            f"I{n}", customer, money(amount, "EUR"), issue_date=issued, due_date=due
        )

    jan, feb = date(2026, 1, 1), date(2026, 2, 1)
    store.add_items([inv(1, "C1", 10, jan, feb)])  # bucket by bucket (1 < 4)
    store.add_items([inv(n, f"C{n % 2}", n, jan, feb) for n in range(2, 8)])  # 6 >= 1: GROUP BY
    store.add_items([inv(n, "C1", n, feb, feb) for n in range(8, 10)])  # bucket by bucket
    store.add_items([inv(n, "C0", n, jan, jan) for n in range(10, 20)])  # 10 >= 9: GROUP BY
    for customer in ("C0", "C1"):
        items = store.list_items(customer_id=CustomerId(customer), open_only=True)
        for as_of in (jan, feb, date(2026, 3, 1)):
            assert store.open_item_totals(
                customer_id=CustomerId(customer), as_of=as_of
            ) == open_item_totals(items, as_of=as_of)
    store.close()
