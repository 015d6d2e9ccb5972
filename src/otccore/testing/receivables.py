"""The contract every receivables store passes: :class:`ReceivablesStoreContract`.

A host that implements :class:`~otccore.receivables.ReceivablesStore` over its own
tables subclasses the contract in its test suite and overrides one fixture,
``store``, that returns a fresh, empty store (``yield`` it to clean up after).
pytest then runs every test method against it: adding, reading and listing
customers, items and payments; all-or-nothing writes; atomic allocation that never
over-applies an item or a payment, also with concurrent writers.

Needs the ``test`` extra (``pip install "otccore[test]"``) for pytest and Hypothesis.

Example:
    >>> import pytest
    >>> from otccore.adapters.memory import MemoryReceivables
    >>> from otccore.testing.receivables import ReceivablesStoreContract
    >>> class TestMemoryStore(ReceivablesStoreContract):
    ...     @pytest.fixture
    ...     def store(self):
    ...         return MemoryReceivables()
    >>> "test_record_allocations_refuses_item_over_application" in dir(TestMemoryStore)
    True
"""

from __future__ import annotations

import itertools
import threading
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import attrs

try:
    import pytest
    from hypothesis import HealthCheck, given, settings
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "otccore.testing needs pytest and Hypothesis: install the test extra, "
        'pip install "otccore[test]"'
    ) from exc

from otccore.errors import (
    CurrencyMismatch,
    DuplicateId,
    InvalidInput,
    NotFound,
    OverApplication,
    UnknownCurrency,
)
from otccore.money import from_minor, money, to_minor
from otccore.receivables import (
    Allocation,
    Customer,
    CustomerId,
    DiscountTerm,
    ItemId,
    ItemTable,
    ItemTotals,
    OpenItem,
    OpenItemTotal,
    Payment,
    PaymentId,
    ReceivablesStore,
    RemittanceLine,
    apply_allocations,
    open_item_totals,
)
from otccore.testing.strategies import ReceivablesBook, receivables_books

__all__ = ["ItemTotalsContract", "ReceivablesStoreContract"]

_D = date(2026, 1, 1)


def _on_one_store(*, max_examples: int) -> settings:
    """Hypothesis settings of a property test that runs every example on one store.

    The store fixture serves every example (ids are made unique per example), and each
    subclass runs the inherited test with its own store: both are intended.
    """
    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.differing_executors,
            HealthCheck.too_slow,
        ],
    )


def _invoice(
    number: str, customer: str = "C1", amount: object = 100, currency: str = "EUR", **kw: object
) -> OpenItem:
    return OpenItem.invoice(
        number,
        customer,
        money(amount, currency),
        issue_date=kw.pop("issue_date", _D),  # type: ignore[arg-type]
        due_date=kw.pop("due_date", date(2026, 1, 31)),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


def _payment(pid: str, amount: object = 100, currency: str = "EUR", **kw: object) -> Payment:
    return Payment.create(pid, money(amount, currency), value_date=date(2026, 2, 1), **kw)  # type: ignore[arg-type]


def _applied(amount: object, pid: str | None, iid: str | None, currency: str = "EUR") -> Allocation:
    return Allocation.create("applied", money(amount, currency), payment_id=pid, item_id=iid)


def _table_rows(table: ItemTable) -> list[tuple[object, ...]]:
    return [
        (
            table.customers[table.customer_index[i]],
            table.open_minor[i],
            table.issue_ordinal[i],
            table.due_ordinal[i],
            table.disputed[i],
        )
        for i in range(len(table))
    ]


_unique = itertools.count()


class ReceivablesStoreContract:
    """pytest tests every :class:`~otccore.receivables.ReceivablesStore` must pass.

    Subclass it (the subclass's name must start with ``Test``) and override the
    ``store`` fixture to return, or yield, a fresh empty store.

    Example:
        >>> import pytest
        >>> from otccore.adapters.memory import MemoryReceivables
        >>> from otccore.testing.receivables import ReceivablesStoreContract
        >>> class TestMine(ReceivablesStoreContract):
        ...     @pytest.fixture
        ...     def store(self):
        ...         yield MemoryReceivables()
        >>> len([n for n in dir(TestMine) if n.startswith("test_")]) > 30
        True
    """

    @pytest.fixture
    def store(self) -> ReceivablesStore:
        """Override: a fresh, empty store (``yield`` it to close it afterwards).

        pytest calls the fixture once per test method and passes the store in.

        Example:
            >>> import pytest
            >>> from otccore.testing.receivables import ReceivablesStoreContract
            >>> import pathlib, tempfile
            >>> from otccore.adapters.sqlite import SqliteReceivables
            >>> class TestSqliteBook(ReceivablesStoreContract):
            ...     @pytest.fixture
            ...     def store(self, tmp_path):
            ...         book = SqliteReceivables(tmp_path / "book.sqlite")
            ...         yield book
            ...         book.close()
            >>> folder = tempfile.TemporaryDirectory()  # pytest's tmp_path, by hand
            >>> book = SqliteReceivables(pathlib.Path(folder.name) / "book.sqlite")
            >>> TestSqliteBook().test_record_allocations_applies(book)  # as pytest runs it
            >>> book.close(); folder.cleanup()
        """
        raise NotImplementedError(
            f"{type(self).__name__} must override the 'store' fixture of ReceivablesStoreContract"
        )

    # customers -----------------------------------------------------------
    def test_add_and_get_customer(self, store: ReceivablesStore) -> None:
        parent = Customer.create("C1", "Acme Holding", "EUR", bank_accounts=["DE89 3704 0044"])
        child = Customer.create("C2", "Acme Süd", "CHF", parent_id="C1")
        store.add_customers([parent, child])
        assert store.get_customer(CustomerId("C1")) == parent
        assert store.get_customer(CustomerId("C2")) == child
        assert store.get_customer(CustomerId("C1")).bank_accounts == ("DE8937040044",)

    def test_list_customers_sorted_by_id(self, store: ReceivablesStore) -> None:
        store.add_customers(
            Customer.create(cid, f"name {cid}", "EUR") for cid in ["C3", "C1", "C2", "C10"]
        )
        assert [c.id for c in store.list_customers()] == ["C1", "C10", "C2", "C3"]

    def test_list_customers_of_a_parent(self, store: ReceivablesStore) -> None:
        store.add_customers(
            [
                Customer.create("G", "Group", "EUR"),
                Customer.create("B", "Beta", "EUR", parent_id="G"),
                Customer.create("A", "Alpha", "EUR", parent_id="G"),
                Customer.create("X", "Other", "EUR"),
                Customer.create("Y", "Grandchild", "EUR", parent_id="A"),
            ]
        )
        assert [c.id for c in store.list_customers(parent_id=CustomerId("G"))] == ["A", "B"]
        assert store.list_customers(parent_id=CustomerId("nobody")) == []

    def test_get_unknown_customer_is_not_found(self, store: ReceivablesStore) -> None:
        with pytest.raises(NotFound, match="'C9'"):
            store.get_customer(CustomerId("C9"))

    def test_add_customers_repeated_id_stores_none(self, store: ReceivablesStore) -> None:
        with pytest.raises(DuplicateId, match="'C1'"):
            store.add_customers(
                [
                    Customer.create("C0", "Zero", "EUR"),
                    Customer.create("C1", "One", "EUR"),
                    Customer.create("C1", "One again", "EUR"),
                ]
            )
        assert store.list_customers() == []

    def test_add_customers_known_id_stores_none(self, store: ReceivablesStore) -> None:
        first = Customer.create("C1", "One", "EUR")
        store.add_customers([first])
        with pytest.raises(DuplicateId, match="'C1'"):
            store.add_customers(
                [Customer.create("C2", "Two", "EUR"), Customer.create("C1", "Other", "USD")]
            )
        assert store.list_customers() == [first]

    # items -----------------------------------------------------------------
    def test_add_and_get_items_round_trip(self, store: ReceivablesStore) -> None:
        terms = [
            DiscountTerm(date(2026, 1, 20), Decimal("1.5")),
            DiscountTerm(date(2026, 1, 10), Decimal(3), base=money("84.03", "EUR")),
        ]
        items = [
            _invoice(
                "I1",
                amount="119.00",
                open=money("19.00", "EUR"),
                disputed=True,
                discounts=terms,
                payment_reference="RF18539007547034",
            ),
            OpenItem.create("credit_note", "CN1", "C1", money("-20.50", "EUR"), issue_date=_D),
            OpenItem.create(
                "on_account", "OA1", "C2", money(-5, "JPY"), issue_date=_D, id="OA-JPY"
            ),
            OpenItem.create(
                "debit_note",
                "DN1",
                "C2",
                money("1.234", "BHD"),
                issue_date=_D,
                due_date=date(2026, 3, 1),
            ),
            _invoice("I2", amount=7, open=money(0, "EUR")),
        ]
        store.add_items(items)
        for item in items:
            assert store.get_item(item.id) == item
        assert store.list_items() == sorted(items, key=lambda i: i.id)

    def test_list_items_filters_and_sorts(self, store: ReceivablesStore) -> None:
        items = [
            _invoice("I3", "C1"),
            _invoice("I1", "C2"),
            _invoice("I2", "C1", open=money(0, "EUR")),
            _invoice("I4", "C1", currency="USD"),
            OpenItem.create("credit_note", "I0", "C1", money(-3, "EUR"), issue_date=_D),
        ]
        store.add_items(items)

        def ids(**filters: object) -> list[str]:
            return [i.id for i in store.list_items(**filters)]  # type: ignore[arg-type]

        assert ids() == ["I0", "I1", "I2", "I3", "I4"]
        assert ids(customer_id="C1") == ["I0", "I2", "I3", "I4"]
        assert ids(open_only=True) == ["I0", "I1", "I3", "I4"]
        assert ids(currency="usd") == ["I4"]
        assert ids(customer_id="C1", open_only=True, currency="EUR") == ["I0", "I3"]
        assert ids(customer_id="nobody") == []

    def test_list_items_unknown_currency(self, store: ReceivablesStore) -> None:
        with pytest.raises(UnknownCurrency, match="XXY"):
            store.list_items(currency="XXY")

    def test_get_unknown_item_is_not_found(self, store: ReceivablesStore) -> None:
        store.add_items([_invoice("I1")])
        with pytest.raises(NotFound, match="'I2'"):
            store.get_item(ItemId("I2"))

    def test_add_items_repeated_id_stores_none(self, store: ReceivablesStore) -> None:
        with pytest.raises(DuplicateId, match="'I1'"):
            store.add_items([_invoice("I0"), _invoice("I1"), _invoice("I1", "C2")])
        assert store.list_items() == []

    def test_add_items_known_id_stores_none(self, store: ReceivablesStore) -> None:
        store.add_items([_invoice("I1")])
        with pytest.raises(DuplicateId, match="'I1'"):
            store.add_items(_invoice(n) for n in ["I0", "I2", "I1"])
        assert [i.id for i in store.list_items()] == ["I1"]

    def test_item_table_matches_the_items(self, store: ReceivablesStore) -> None:
        items = [
            _invoice("I5", "C2", amount=50, disputed=True, due_date=date(2026, 2, 15)),
            _invoice("I1", "C3", amount="10.01"),
            _invoice("I3", "C1", amount=30, open=money(0, "EUR")),
            OpenItem.create(
                "credit_note", "I2", "C2", money(-7, "EUR"), issue_date=date(2026, 1, 9)
            ),
            _invoice("I4", "C1", amount=40, currency="USD"),
        ]
        store.add_items(items)
        table = store.item_table(currency="EUR")
        assert table.currency == "EUR"
        assert table.customers == ("C2", "C3")
        assert _table_rows(table) == [
            ("C3", 1001, _D.toordinal(), date(2026, 1, 31).toordinal(), 0),
            ("C2", -700, date(2026, 1, 9).toordinal(), date(2026, 1, 9).toordinal(), 0),
            ("C2", 5000, _D.toordinal(), date(2026, 2, 15).toordinal(), 1),
        ]
        everything = store.item_table(currency="EUR", open_only=False)
        expected = ItemTable.from_items(
            sorted([i for i in items if i.currency == "EUR"], key=lambda i: i.id)
        )
        assert _table_rows(everything) == _table_rows(expected)
        assert everything.customers == expected.customers
        one = store.item_table(currency="EUR", customer_id=CustomerId("C2"))
        assert [row[1] for row in _table_rows(one)] == [-700, 5000]
        empty = store.item_table(currency="GBP")
        assert (len(empty), empty.currency, empty.customers) == (0, "GBP", ())

    # payments ----------------------------------------------------------------
    def test_add_and_get_payments_round_trip(self, store: ReceivablesStore) -> None:
        rich = Payment.create(
            "P1",
            money("250.00", "EUR"),
            value_date=date(2026, 2, 3),
            payer_name="ACME LTD",
            payer_account="DE89 3704 0044 0532 0130 00",
            customer_id="C1",
            references=["INV-2", "INV-1"],
            remittance_text="INV-1 INV-2",
            remittance=[
                RemittanceLine.create("INV-1", money(98, "EUR"), discount=money(2, "EUR")),
                RemittanceLine.create(
                    "INV-2", money(152, "EUR"), adjustment=money(-3, "EUR"), reason="damaged"
                ),
            ],
        )
        plain = _payment("P0", 7, "JPY")
        store.add_payments([rich, plain])
        assert store.get_payment(PaymentId("P1")) == rich
        assert store.get_payment(PaymentId("P0")) == plain
        assert store.list_payments() == [plain, rich]

    def test_list_payments_filters(self, store: ReceivablesStore) -> None:
        store.add_payments(
            [
                _payment("P3", customer_id="C1"),
                _payment("P1", customer_id="C2"),
                _payment("P2", customer_id="C1"),
                _payment("P4"),
            ]
        )
        store.add_items([_invoice("I1", amount=500)])
        store.record_allocations([_applied(100, "P2", "I1"), _applied(40, "P3", "I1")])
        assert [p.id for p in store.list_payments()] == ["P1", "P2", "P3", "P4"]
        assert [p.id for p in store.list_payments(customer_id=CustomerId("C1"))] == ["P2", "P3"]
        assert [p.id for p in store.list_payments(unapplied_only=True)] == ["P1", "P3", "P4"]
        assert [
            p.id for p in store.list_payments(customer_id=CustomerId("C1"), unapplied_only=True)
        ] == ["P3"]

    def test_get_unknown_payment_is_not_found(self, store: ReceivablesStore) -> None:
        with pytest.raises(NotFound, match="'P9'"):
            store.get_payment(PaymentId("P9"))
        with pytest.raises(NotFound, match="'P9'"):
            store.unapplied(PaymentId("P9"))

    def test_add_payments_repeated_id_stores_none(self, store: ReceivablesStore) -> None:
        with pytest.raises(DuplicateId, match="'P1'"):
            store.add_payments([_payment("P1"), _payment("P2"), _payment("P1", 5)])
        assert store.list_payments() == []

    def test_add_payments_known_id_stores_none(self, store: ReceivablesStore) -> None:
        store.add_payments([_payment("P1")])
        with pytest.raises(DuplicateId, match="'P1'"):
            store.add_payments([_payment("P0"), _payment("P1", 5)])
        assert [p.id for p in store.list_payments()] == ["P1"]
        assert store.unapplied(PaymentId("P1")) == money(100, "EUR")

    def test_unapplied_of_a_new_payment_is_its_amount(self, store: ReceivablesStore) -> None:
        store.add_payments([_payment("P1", "12.34")])
        assert store.unapplied(PaymentId("P1")) == money("12.34", "EUR")

    # allocations -----------------------------------------------------------
    def _book(self, store: ReceivablesStore) -> None:
        store.add_items(
            [
                _invoice("I1", amount=100),
                _invoice("I2", amount=50),
                OpenItem.create("credit_note", "CN1", "C1", money(-30, "EUR"), issue_date=_D),
            ]
        )
        store.add_payments([_payment("P1", 120), _payment("P2", 10), _payment("PU", 10, "USD")])

    def _state(self, store: ReceivablesStore) -> tuple[object, ...]:
        return (
            [(i.id, i.open) for i in store.list_items()],
            [(p.id, store.unapplied(p.id)) for p in store.list_payments()],
            store.list_allocations(),
        )

    def test_record_allocations_applies(self, store: ReceivablesStore) -> None:
        self._book(store)
        allocations = [
            _applied(98, "P1", "I1"),
            Allocation.create("discount", money(2, "EUR"), payment_id="P1", item_id="I1"),
            _applied(20, "P1", "I2"),
            Allocation.create("write_off", money(30, "EUR"), item_id="CN1", note="agreed"),
        ]
        store.record_allocations(allocations)
        assert store.get_item(ItemId("I1")).open == money(0, "EUR")
        assert not store.get_item(ItemId("I1")).is_open
        assert store.get_item(ItemId("I2")).open == money(30, "EUR")
        assert store.get_item(ItemId("CN1")).open == money(0, "EUR")
        assert store.unapplied(PaymentId("P1")) == money(2, "EUR")
        assert store.list_allocations() == allocations
        assert [i.id for i in store.list_items(open_only=True)] == ["I2"]

    def test_record_allocations_on_account_uses_cash_only(self, store: ReceivablesStore) -> None:
        self._book(store)
        on_account = Allocation.create("on_account", money(10, "EUR"), payment_id="P2")
        store.record_allocations([on_account])
        assert store.unapplied(PaymentId("P2")) == money(0, "EUR")
        assert [i.open for i in store.list_items()] == [
            money(-30, "EUR"),
            money(100, "EUR"),
            money(50, "EUR"),
        ]
        assert store.list_allocations(payment_id=PaymentId("P2")) == [on_account]
        assert [p.id for p in store.list_payments(unapplied_only=True)] == ["P1", "PU"]

    def test_record_no_allocations_changes_nothing(self, store: ReceivablesStore) -> None:
        self._book(store)
        before = self._state(store)
        store.record_allocations([])
        assert self._state(store) == before

    def test_record_allocations_refuses_item_over_application(
        self, store: ReceivablesStore
    ) -> None:
        self._book(store)
        before = self._state(store)
        with pytest.raises(OverApplication, match="'I2'"):
            store.record_allocations(
                [
                    _applied(10, "P1", "I1"),
                    _applied(30, "P1", "I2"),
                    Allocation.create("write_off", money("20.01", "EUR"), item_id="I2"),
                ]
            )
        assert self._state(store) == before

    def test_record_allocations_refuses_over_application_across_calls(
        self, store: ReceivablesStore
    ) -> None:
        self._book(store)
        store.record_allocations([_applied(40, "P1", "I2")])
        before = self._state(store)
        with pytest.raises(OverApplication, match="'I2'"):
            store.record_allocations([_applied(5, "P2", "I1"), _applied("10.01", "P2", "I2")])
        assert self._state(store) == before
        assert store.get_item(ItemId("I2")).open == money(10, "EUR")

    def test_record_allocations_refuses_payment_over_application(
        self, store: ReceivablesStore
    ) -> None:
        self._book(store)
        store.record_allocations([_applied(5, "P2", "I1")])
        before = self._state(store)
        with pytest.raises(OverApplication, match="'P2'"):
            store.record_allocations(
                [
                    _applied(4, "P2", "I1"),
                    Allocation.create("on_account", money("1.01", "EUR"), payment_id="P2"),
                ]
            )
        assert self._state(store) == before
        assert store.unapplied(PaymentId("P2")) == money(5, "EUR")

    def test_non_cash_allocations_do_not_use_the_payment(self, store: ReceivablesStore) -> None:
        self._book(store)
        store.record_allocations(
            [
                _applied(10, "P2", "I1"),
                Allocation.create("bank_fee", money(5, "EUR"), payment_id="P2", item_id="I1"),
            ]
        )
        assert store.unapplied(PaymentId("P2")) == money(0, "EUR")
        assert store.get_item(ItemId("I1")).open == money(85, "EUR")

    def test_record_allocations_currency_mismatch_with_item(self, store: ReceivablesStore) -> None:
        self._book(store)
        before = self._state(store)
        with pytest.raises(CurrencyMismatch):
            store.record_allocations(
                [_applied(1, "P1", "I2"), _applied(5, "PU", "I1", currency="USD")]
            )
        assert self._state(store) == before

    def test_record_allocations_currency_mismatch_with_payment(
        self, store: ReceivablesStore
    ) -> None:
        self._book(store)
        before = self._state(store)
        with pytest.raises(CurrencyMismatch):
            store.record_allocations(
                [Allocation.create("on_account", money(5, "EUR"), payment_id="PU")]
            )
        assert self._state(store) == before

    def test_record_allocations_unknown_item(self, store: ReceivablesStore) -> None:
        self._book(store)
        before = self._state(store)
        with pytest.raises(NotFound, match="'I9'"):
            store.record_allocations([_applied(1, "P1", "I1"), _applied(1, "P1", "I9")])
        assert self._state(store) == before

    def test_record_allocations_unknown_payment(self, store: ReceivablesStore) -> None:
        self._book(store)
        before = self._state(store)
        with pytest.raises(NotFound, match="'P9'"):
            store.record_allocations([_applied(1, "P1", "I1"), _applied(1, "P9", "I2")])
        assert self._state(store) == before

    def test_list_allocations_order_and_filters(self, store: ReceivablesStore) -> None:
        self._book(store)
        a1 = _applied(10, "P1", "I2")
        a2 = _applied(10, "P1", "I1")
        a3 = _applied(5, "P2", "I2")
        a4 = Allocation.create("write_off", money(1, "EUR"), item_id="I2")
        a5 = _applied(1, "P1", "I2")
        store.record_allocations([a1, a2])
        store.record_allocations([a3, a4])
        store.record_allocations([a5])
        assert store.list_allocations() == [a1, a2, a3, a4, a5]
        assert store.list_allocations(payment_id=PaymentId("P1")) == [a1, a2, a5]
        assert store.list_allocations(item_id=ItemId("I2")) == [a1, a3, a4, a5]
        assert store.list_allocations(payment_id=PaymentId("P1"), item_id=ItemId("I2")) == [
            a1,
            a5,
        ]
        assert store.list_allocations(payment_id=PaymentId("P9")) == []

    def test_concurrent_writers_never_over_apply(self, store: ReceivablesStore) -> None:
        # 8 threads race to apply 1.00 at a time from two payments to two items.
        # Items hold 2 x 10.00 and the payments 15.00 + 10.00: at most 20 can succeed.
        store.add_items([_invoice("I1", amount=10), _invoice("I2", amount=10)])
        store.add_payments([_payment("P1", 15), _payment("P2", 10)])
        threads, attempts = 8, 5
        barrier = threading.Barrier(threads)
        done: list[Allocation] = []
        refused: list[Exception] = []
        unexpected: list[BaseException] = []
        lock = threading.Lock()

        def work(n: int) -> None:
            try:
                barrier.wait()
                for k in range(attempts):
                    alloc = _applied(1, f"P{1 + (n + k) % 2}", f"I{1 + (n * 3 + k) % 2}")
                    try:
                        store.record_allocations([alloc])
                    except OverApplication as exc:
                        with lock:
                            refused.append(exc)
                    else:
                        with lock:
                            done.append(alloc)
            except BaseException as exc:  # pragma: no cover - reported below
                unexpected.append(exc)

        workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        assert unexpected == []
        assert len(done) + len(refused) == threads * attempts
        stored = store.list_allocations()
        assert Counter(stored) == Counter(done)
        applied_units = sum(to_minor(a.amount) for a in stored)
        items_left = sum(to_minor(i.open) for i in store.list_items())
        cash_left = sum(to_minor(store.unapplied(p.id)) for p in store.list_payments())
        assert applied_units + items_left == 2000
        assert applied_units + cash_left == 2500
        assert items_left >= 0
        assert cash_left >= 0
        for item in store.list_items():
            taken = sum(to_minor(a.amount) for a in store.list_allocations(item_id=item.id))
            assert to_minor(item.open) == 1000 - taken >= 0
        for payment in store.list_payments():
            given_ = sum(to_minor(a.amount) for a in store.list_allocations(payment_id=payment.id))
            assert to_minor(store.unapplied(payment.id)) == to_minor(payment.amount) - given_ >= 0

    # properties --------------------------------------------------------------
    @_on_one_store(max_examples=20)
    @given(data=receivables_books(prefix="book"))
    def test_any_book_round_trips_and_applies(
        self, store: ReceivablesStore, data: ReceivablesBook
    ) -> None:
        # The store is shared by every example: give this example's ids their own prefix.
        book = _renamed(data, f"x{next(_unique)}-")
        store.add_customers(book.customers)
        store.add_items(book.items)
        store.add_payments(book.payments)
        for customer in book.customers:
            assert store.get_customer(customer.id) == customer
        for item in book.items:
            assert store.get_item(item.id) == item
        for payment in book.payments:
            assert store.get_payment(payment.id) == payment
        store.record_allocations(book.allocations)
        expected = {i.id: i for i in apply_allocations(book.items, book.allocations)}
        for item_id, item in expected.items():
            assert store.get_item(item_id) == item
        for payment in book.payments:
            used = sum(
                to_minor(a.amount)
                for a in book.allocations
                if a.payment_id == payment.id and a.kind.uses_cash
            )
            assert store.unapplied(payment.id) == from_minor(
                to_minor(payment.amount) - used, payment.currency
            )
        mine = [a for a in store.list_allocations() if _owned(a, book)]
        assert mine == list(book.allocations)


def _owned(allocation: Allocation, book: ReceivablesBook) -> bool:
    ids = {i.id for i in book.items} | {p.id for p in book.payments}
    return allocation.item_id in ids or allocation.payment_id in ids


def _renamed(book: ReceivablesBook, prefix: str) -> ReceivablesBook:
    def cid(value: str | None) -> CustomerId | None:
        return CustomerId(prefix + value) if value is not None else None

    return ReceivablesBook(
        customers=tuple(
            attrs.evolve(c, id=CustomerId(prefix + c.id), parent_id=cid(c.parent_id))
            for c in book.customers
        ),
        items=tuple(
            attrs.evolve(
                i, id=ItemId(prefix + i.id), customer_id=CustomerId(prefix + i.customer_id)
            )
            for i in book.items
        ),
        payments=tuple(
            attrs.evolve(p, id=PaymentId(prefix + p.id), customer_id=cid(p.customer_id))
            for p in book.payments
        ),
        allocations=tuple(
            attrs.evolve(
                a,
                payment_id=PaymentId(prefix + a.payment_id) if a.payment_id else None,
                item_id=ItemId(prefix + a.item_id) if a.item_id else None,
            )
            for a in book.allocations
        ),
    )


_TOTALS_BOOK = itertools.count()
_CHECK_DAY = date(2026, 3, 2)


def _dated_invoice(
    iid: str, customer: str, amount: object, issue_date: date, due_date: date
) -> OpenItem:
    return OpenItem.invoice(
        iid, customer, money(amount, "EUR"), issue_date=issue_date, due_date=due_date
    )


class ItemTotalsContract:
    """What every :class:`~otccore.receivables.ItemTotals` receivables store keeps.

    Its answer always equals :func:`~otccore.receivables.open_item_totals` over the
    customer's open items, after every write, and a refused write changes no total.

    Example:
        >>> from otccore.testing.receivables import ItemTotalsContract
        >>> "test_totals_follow_every_write_of_any_book" in dir(ItemTotalsContract)
        True
    """

    @pytest.fixture
    def book(self) -> ReceivablesStore:
        """Override: a fresh, empty receivables store that implements ItemTotals.

        Example:
            >>> import pytest
            >>> from otccore.adapters.memory import MemoryReceivables
            >>> from otccore.testing.receivables import ItemTotalsContract
            >>> class TestMemoryBookTotals(ItemTotalsContract):
            ...     @pytest.fixture
            ...     def book(self):
            ...         return MemoryReceivables()
            >>> TestMemoryBookTotals().test_hand_computed_totals(MemoryReceivables())  # as pytest runs it
        """
        raise NotImplementedError("subclass ItemTotalsContract and provide a book fixture")

    @staticmethod
    def _totals(
        book: ReceivablesStore, customer: str, as_of: date, currency: str | None = None
    ) -> list[OpenItemTotal]:
        assert isinstance(book, ItemTotals), "the store does not implement ItemTotals"
        return book.open_item_totals(
            customer_id=CustomerId(customer), as_of=as_of, currency=currency
        )

    @staticmethod
    def _reference(
        book: ReceivablesStore, customer: str, as_of: date, currency: str | None = None
    ) -> list[OpenItemTotal]:
        items = book.list_items(customer_id=CustomerId(customer), open_only=True)
        return open_item_totals(items, as_of=as_of, currency=currency)

    def test_a_customer_without_items_has_no_totals(self, book: ReceivablesStore) -> None:
        assert self._totals(book, "C1", _CHECK_DAY) == []
        assert self._totals(book, "C1", _CHECK_DAY, currency="EUR") == []

    def test_bad_arguments_are_refused(self, book: ReceivablesStore) -> None:
        assert isinstance(book, ItemTotals)
        with pytest.raises(InvalidInput, match="as of"):
            book.open_item_totals(customer_id=CustomerId("C1"), as_of="2026-03-02")  # type: ignore[arg-type]
        with pytest.raises(InvalidInput, match="XYZ"):
            book.open_item_totals(customer_id=CustomerId("C1"), as_of=_CHECK_DAY, currency="XYZ")

    def test_hand_computed_totals(self, book: ReceivablesStore) -> None:
        jan1, jan31, feb10 = date(2026, 1, 1), date(2026, 1, 31), date(2026, 2, 10)
        book.add_items(
            [
                _dated_invoice("I1", "C1", 100, jan1, jan31),
                _dated_invoice(
                    "I2", "C1", 50, jan1, _CHECK_DAY
                ),  # due on the check date: not overdue
                _dated_invoice("I3", "C1", 20, jan1, date(2026, 1, 20)),
                OpenItem.create("credit_note", "CN", "C1", money(-30, "EUR"), issue_date=feb10),
                OpenItem.invoice(
                    "U1", "C1", money(70, "USD"), issue_date=feb10, due_date=date(2026, 2, 20)
                ),
                _dated_invoice("X1", "C2", 999, jan1, jan31),  # another customer
            ]
        )
        totals = self._totals(book, "C1", _CHECK_DAY)
        assert totals == [
            OpenItemTotal("EUR", jan1, 170_00, 120_00, date(2026, 1, 20)),
            OpenItemTotal("EUR", feb10, -30_00, 0, None),
            OpenItemTotal("USD", feb10, 70_00, 70_00, date(2026, 2, 20)),
        ]
        assert totals == self._reference(book, "C1", _CHECK_DAY)
        # in the account's currency, one total over every issue date
        assert self._totals(book, "C1", _CHECK_DAY, currency="EUR") == [
            OpenItemTotal("EUR", None, 140_00, 120_00, date(2026, 1, 20)),
            OpenItemTotal("USD", feb10, 70_00, 70_00, date(2026, 2, 20)),
        ]
        assert self._totals(book, "C1", _CHECK_DAY, currency="usd")[-1] == OpenItemTotal(
            "USD", None, 70_00, 70_00, date(2026, 2, 20)
        )
        # before anything is due nothing is overdue
        assert [t.overdue_minor for t in self._totals(book, "C1", jan1)] == [0, 0, 0]

    def test_totals_follow_allocations_and_refused_writes_change_none(
        self, book: ReceivablesStore
    ) -> None:
        jan1, jan31 = date(2026, 1, 1), date(2026, 1, 31)
        book.add_customers([Customer.create("C1", "Acme", "EUR")])
        book.add_items(
            [
                _dated_invoice("I1", "C1", 100, jan1, jan31),
                _dated_invoice("I2", "C1", 40, jan1, _CHECK_DAY),
            ]
        )
        book.add_payments(
            [Payment.create("P1", money(130, "EUR"), value_date=_CHECK_DAY, customer_id="C1")]
        )
        start = self._totals(book, "C1", _CHECK_DAY)
        with pytest.raises(DuplicateId):
            book.add_items(
                [
                    _dated_invoice("I9", "C1", 5, jan1, jan31),
                    _dated_invoice("I1", "C1", 5, jan1, jan31),
                ]
            )
        with pytest.raises(OverApplication):
            book.record_allocations(
                [Allocation.create("applied", money(101, "EUR"), payment_id="P1", item_id="I1")]
            )
        assert self._totals(book, "C1", _CHECK_DAY) == start
        book.record_allocations(
            [Allocation.create("applied", money(100, "EUR"), payment_id="P1", item_id="I1")]
        )
        assert self._totals(book, "C1", _CHECK_DAY) == [OpenItemTotal("EUR", jan1, 40_00, 0, None)]
        book.record_allocations(
            [Allocation.create("applied", money(30, "EUR"), payment_id="P1", item_id="I2")]
        )
        after = self._totals(book, "C1", date(2026, 3, 3))
        assert after == [OpenItemTotal("EUR", jan1, 10_00, 10_00, _CHECK_DAY)]
        assert after == self._reference(book, "C1", date(2026, 3, 3))

    @_on_one_store(max_examples=25)
    @given(data=receivables_books(prefix="tot"))
    def test_totals_follow_every_write_of_any_book(
        self, book: ReceivablesStore, data: ReceivablesBook
    ) -> None:
        rb = _renamed(data, f"t{next(_TOTALS_BOOK)}-")
        customers = sorted({i.customer_id for i in rb.items} | {c.id for c in rb.customers})
        days = sorted(
            {d for i in rb.items for d in (i.due_date, i.due_date + timedelta(days=1))}
            | {date(2000, 1, 1), date(2100, 1, 1)}
        )

        codes = [None, *sorted({i.currency for i in rb.items})]

        def agree() -> None:
            for customer in customers:
                # The reference reads the customer's items once for every day and code.
                items = list(book.list_items(customer_id=CustomerId(customer), open_only=True))
                for as_of in days:
                    for code in codes:
                        assert self._totals(book, customer, as_of, code) == open_item_totals(
                            items, as_of=as_of, currency=code
                        )

        book.add_customers(rb.customers)
        book.add_items(rb.items)
        agree()
        book.add_payments(rb.payments)
        book.record_allocations(rb.allocations)
        agree()
