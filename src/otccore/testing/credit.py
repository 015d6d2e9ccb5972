"""Contract suites of the credit ports: every adapter must pass them.

Subclass :class:`CreditStoreContract` in a test module and provide a ``store``
fixture that returns a fresh, empty store (backed by a file if it is a database,
so the concurrency test can use several threads)::

    class TestMyCreditStore(CreditStoreContract):
        @pytest.fixture
        def store(self, tmp_path):
            return MyCreditStore(tmp_path / "credit.db")

A receivables store that implements the optional :class:`~otccore.credit.ItemTotals`
port (so overdue checks need not read every open item) proves it with
:class:`ItemTotalsContract` and a ``book`` fixture giving a fresh, empty store::

    class TestMyBookTotals(ItemTotalsContract):
        @pytest.fixture
        def book(self, tmp_path):
            return MyReceivablesStore(tmp_path / "book.db")

Example:
    >>> from otccore.testing.credit import CreditStoreContract
    >>> CreditStoreContract.__name__
    'CreditStoreContract'
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection
from datetime import date
from decimal import Decimal

import attrs
import pytest

from otccore.adapters.memory import FixedClock, MemoryEventSink, MemoryReceivables
from otccore.credit import (
    CreditAccount,
    CreditChange,
    CreditLimit,
    CreditService,
    CreditStore,
    Exposure,
    Order,
    OrderId,
    OrderRecord,
    OrderStatus,
    Release,
    TemporaryLimit,
    TransitPayment,
)
from otccore.errors import ConcurrencyConflict, DuplicateId, InvalidInput, NotFound
from otccore.money import StaticRates, money
from otccore.receivables import CustomerId, PaymentId
from otccore.testing.receivables import ItemTotalsContract

__all__ = ["CreditStoreContract", "ItemTotalsContract"]

_DAY = date(2026, 3, 2)


def _account(cid: str, parent: str | None = None, limit: int | None = 1000) -> CreditAccount:
    lim = (
        CreditLimit.of(
            money(limit, "EUR"),
            valid_from=date(2026, 1, 1),
            valid_to=date(2026, 12, 31),
            temporary=[
                TemporaryLimit.of(
                    money(limit * 2, "EUR"),
                    valid_from=date(2026, 11, 1),
                    valid_to=date(2026, 11, 30),
                )
            ],
            sub_limits={"open_orders": money(limit // 2, "EUR")},
        )
        if limit is not None
        else None
    )
    return CreditAccount.open(
        cid, "EUR", limit=lim, parent_id=parent, risk_class="B", review_date=date(2026, 6, 30)
    ).next_version()


def _record(oid: str, cid: str, amount: str = "100.00", **kw: object) -> OrderRecord:
    order = Order.create(oid, cid, money(amount, "EUR"), order_date=_DAY, **kw)  # type: ignore[arg-type]
    return OrderRecord.new(order, OrderStatus.OPEN)


class CreditStoreContract:
    """Behaviour every credit store keeps (see :class:`~otccore.credit.CreditStore`).

    Example:
        >>> from otccore.testing.credit import CreditStoreContract
        >>> "test_concurrent_reservations_never_exceed_the_limit" in dir(CreditStoreContract)
        True
    """

    @pytest.fixture
    def store(self) -> CreditStore:
        """Override: a fresh, empty store (``yield`` it to close it afterwards).

        pytest calls the fixture once per test method and passes the store in; a
        store backed by a file lets the concurrency tests use several threads.

        Example:
            >>> import pytest
            >>> from otccore.testing.credit import CreditStoreContract
            >>> import pathlib, tempfile
            >>> from otccore.adapters.sqlite import SqliteCredit, SqliteDatabase
            >>> class TestSqliteCredit(CreditStoreContract):
            ...     @pytest.fixture
            ...     def store(self, tmp_path):
            ...         db = SqliteDatabase(tmp_path / "credit.sqlite")
            ...         yield SqliteCredit(db)
            ...         db.close()
            >>> folder = tempfile.TemporaryDirectory()  # pytest's tmp_path, by hand
            >>> db = SqliteDatabase(pathlib.Path(folder.name) / "credit.sqlite")
            >>> TestSqliteCredit().test_an_update_needs_the_version_it_was_read_at(SqliteCredit(db))
            >>> db.close(); folder.cleanup()
        """
        raise NotImplementedError("subclass CreditStoreContract and provide a store fixture")

    # -- accounts ---------------------------------------------------------------

    def test_an_account_round_trips(self, store: CreditStore) -> None:
        acc = attrs.evolve(
            _account("C1"),
            exposure=Exposure.of(
                "EUR", {"open_orders": money("12.34", "EUR"), "disputed": money("-1.05", "EUR")}
            ),
        )
        store.commit(CreditChange(accounts=(acc,)))
        assert store.get_account(CustomerId("C1")) == acc
        assert store.find_account(CustomerId("C1")) == acc

    def test_an_account_without_a_limit_round_trips(self, store: CreditStore) -> None:
        acc = _account("C1", limit=None)
        store.commit(CreditChange(accounts=(acc,)))
        assert store.get_account(CustomerId("C1")).limit.amount is None

    def test_unknown_account(self, store: CreditStore) -> None:
        assert store.find_account(CustomerId("nope")) is None
        with pytest.raises(NotFound, match="nope"):
            store.get_account(CustomerId("nope"))

    def test_inserting_a_known_account_changes_nothing(self, store: CreditStore) -> None:
        store.commit(CreditChange(accounts=(_account("C1"),)))
        with pytest.raises(DuplicateId, match="C1"):
            store.commit(CreditChange(accounts=(_account("C0"), _account("C1"))))
        assert store.find_account(CustomerId("C0")) is None

    def test_an_update_needs_the_version_it_was_read_at(self, store: CreditStore) -> None:
        acc = _account("C1")
        store.commit(CreditChange(accounts=(acc,)))
        first = acc.next_version(risk_class="A")
        store.commit(CreditChange(accounts=(first,)))
        stale = acc.next_version(risk_class="C")  # also based on version 1
        with pytest.raises(ConcurrencyConflict, match="C1"):
            store.commit(CreditChange(accounts=(stale,), orders=(_record("SO-1", "C1"),)))
        assert store.get_account(CustomerId("C1")) == first
        assert store.find_order(_record("SO-1", "C1").id) is None

    def test_a_conflict_on_one_account_writes_no_other(self, store: CreditStore) -> None:
        parent, child = _account("P"), _account("C", parent="P")
        store.commit(CreditChange(accounts=(parent, child)))
        store.commit(CreditChange(accounts=(parent.next_version(risk_class="X"),)))
        with pytest.raises(ConcurrencyConflict):
            store.commit(
                CreditChange(
                    accounts=(
                        child.next_version(risk_class="Y"),
                        parent.next_version(risk_class="Z"),
                    )
                )
            )
        assert store.get_account(CustomerId("C")) == child

    def test_updating_an_unknown_account(self, store: CreditStore) -> None:
        with pytest.raises(NotFound):
            store.commit(CreditChange(accounts=(_account("C1").next_version(),)))

    def test_a_child_needs_a_known_parent(self, store: CreditStore) -> None:
        with pytest.raises(NotFound, match="P9"):
            store.commit(CreditChange(accounts=(_account("C1", parent="P9"),)))
        assert store.list_accounts() == []

    def test_accounts_are_listed_sorted_and_by_parent(self, store: CreditStore) -> None:
        store.commit(
            CreditChange(
                accounts=(
                    _account("P"),
                    _account("B", parent="P"),
                    _account("A", parent="P"),
                    _account("Z"),
                )
            )
        )
        assert [a.customer_id for a in store.list_accounts()] == ["A", "B", "P", "Z"]
        assert [a.customer_id for a in store.list_accounts(parent_id=CustomerId("P"))] == ["A", "B"]
        assert store.list_accounts(parent_id=CustomerId("Z")) == []

    # -- orders -------------------------------------------------------------------

    def test_orders_round_trip_with_their_release(self, store: CreditStore) -> None:
        store.commit(CreditChange(accounts=(_account("C1"),)))
        rec = _record("SO-1", "C1", "250.50", delivery_date=date(2026, 4, 1)).deliver(
            money("50.25", "EUR")
        )
        rel = Release.create(
            by="j.doe",
            reason="guarantee",
            release_date=_DAY,
            valid_days=3,
            amount=money("250.50", "EUR"),
        )
        rec = attrs.evolve(rec, status=OrderStatus.HELD, release=rel)
        store.commit(CreditChange(orders=(rec,)))
        assert store.find_order(rec.id) == rec
        updated = attrs.evolve(rec, status=OrderStatus.OPEN)
        store.commit(CreditChange(orders=(updated,)))
        assert store.list_orders(customer_id=CustomerId("C1")) == [updated]

    def test_orders_are_listed_sorted_and_filtered(self, store: CreditStore) -> None:
        store.commit(CreditChange(accounts=(_account("C1"), _account("C2"))))
        held = OrderRecord.new(_record("SO-3", "C1").order, OrderStatus.HELD)
        store.commit(CreditChange(orders=(_record("SO-2", "C1"), _record("SO-1", "C2"), held)))
        assert [r.id for r in store.list_orders()] == ["SO-1", "SO-2", "SO-3"]
        assert [r.id for r in store.list_orders(customer_id=CustomerId("C1"))] == ["SO-2", "SO-3"]
        assert [r.id for r in store.list_orders(customer_id=CustomerId("C1"), open_only=True)] == [
            "SO-2"
        ]
        assert store.find_order(_record("SO-9", "C1").id) is None

    def test_open_orders_after_a_date(self, store: CreditStore) -> None:
        store.commit(CreditChange(accounts=(_account("C1"), _account("C2"))))
        store.commit(
            CreditChange(
                orders=(
                    _record("A", "C1", delivery_date=date(2026, 5, 1)),
                    _record("B", "C1", delivery_date=date(2026, 4, 1)),
                    _record("C", "C1"),
                    _record("D", "C2", delivery_date=date(2026, 6, 1)),
                    OrderRecord.new(
                        _record("E", "C1", delivery_date=date(2026, 7, 1)).order, OrderStatus.HELD
                    ),
                )
            )
        )
        after = store.open_orders_after([CustomerId("C1"), CustomerId("C2")], date(2026, 4, 1))
        assert [r.id for r in after] == ["A", "D"]
        assert store.open_orders_after([CustomerId("C1")], date(2026, 12, 1)) == []

    def test_an_order_cannot_change_customer(self, store: CreditStore) -> None:
        store.commit(CreditChange(accounts=(_account("C1"), _account("C2"))))
        store.commit(CreditChange(orders=(_record("SO-1", "C1"),)))
        with pytest.raises(InvalidInput, match="SO-1"):
            store.commit(CreditChange(orders=(_record("SO-1", "C2"),)))
        assert store.find_order(_record("SO-1", "C1").id) == _record("SO-1", "C1")

    # -- payments in transit ------------------------------------------------------

    def test_payments_in_transit(self, store: CreditStore) -> None:
        p1 = TransitPayment.create("P2", "C1", money("10.10", "EUR"), value_date=_DAY)
        p2 = TransitPayment.create("P1", "C2", money(5, "USD"), value_date=_DAY)
        store.commit(CreditChange(transits=(p1, p2)))
        assert store.list_transits() == [p2, p1]
        assert store.list_transits(customer_id=CustomerId("C1")) == [p1]
        assert store.find_transit(PaymentId("P2")) == p1
        with pytest.raises(DuplicateId, match="P2"):
            store.commit(CreditChange(transits=(p1,)))
        store.commit(CreditChange(cleared=(PaymentId("P2"),)))
        assert store.find_transit(PaymentId("P2")) is None
        with pytest.raises(NotFound, match="P2"):
            store.commit(CreditChange(cleared=(PaymentId("P2"),)))
        assert store.list_transits() == [p2]

    # -- through the service -----------------------------------------------------

    def test_a_family_reservation_updates_every_level(self, store: CreditStore) -> None:
        svc = _service(store)
        svc.open_account("P", "EUR", limit=CreditLimit.of(money(1000, "EUR")))
        svc.open_account("C", "EUR", limit=CreditLimit.of(money(800, "EUR")), parent_id="P")
        d = svc.check_and_reserve(Order.create("SO-1", "C", money(600, "EUR"), order_date=_DAY))
        assert d.approved
        assert svc.exposure("C").total() == money(600, "EUR")
        assert svc.exposure("P").total() == money(600, "EUR")
        assert svc.recompute_exposure("P") == svc.exposure("P")

    def test_concurrent_reservations_never_exceed_the_limit(self, store: CreditStore) -> None:
        racing, svc = _racing(store, "C1", limit=1000)
        approved, held = _race(svc, lambda n, i: ("C1", 25))
        # 48 orders of 25 EUR against 1,000 EUR: exactly 40 fit, whatever the interleaving
        assert len(approved) == 40
        assert len(held) == 8
        kept = svc.exposure("C1").total()
        assert kept == money(1000, "EUR")  # used up, never above
        assert kept.amount == sum(approved)  # no reservation lost
        assert kept == svc.recompute_exposure("C1").total()
        open_ids = {r.id for r in store.list_orders(customer_id=CustomerId("C1"), open_only=True)}
        assert len(open_ids) == 40
        assert racing.conflicts > 0  # the threads did race: stale writes were refused

    def test_concurrent_reservations_of_mixed_amounts_leave_no_room_unused(
        self, store: CreditStore
    ) -> None:
        racing, svc = _racing(store, "C1", limit=1000)
        approved, held = _race(svc, lambda n, i: ("C1", 30 + n))
        kept = svc.exposure("C1").total()
        assert kept.amount == sum(approved)  # no reservation lost
        assert kept <= money(1000, "EUR")  # never above the limit
        assert kept == svc.recompute_exposure("C1").total()
        assert len(approved) + len(held) == 48
        # Exposure only grew, so each held order was held because it did not fit;
        # it still does not: the limit is used up to less than the smallest of them.
        assert held
        assert Decimal(1000) - kept.amount < min(held)
        assert racing.conflicts > 0

    def test_concurrent_family_reservations_never_exceed_the_group_limit(
        self, store: CreditStore
    ) -> None:
        racing, svc = _racing(store, "P", limit=500)
        for n in range(8):
            svc.open_account(f"C{n}", "EUR", parent_id="P")
        approved, held = _race(svc, lambda n, i: (f"C{n}", 25), per_thread=4)
        assert len(approved) == 20  # exactly 500 EUR of 25 EUR orders fit under the group limit
        assert len(held) == 12
        assert svc.exposure("P").total() == money(500, "EUR")
        children = sum((svc.exposure(f"C{n}").total().amount for n in range(8)), Decimal(0))
        assert children == Decimal(500)
        assert svc.recompute_exposure("P") == svc.exposure("P")
        assert racing.conflicts > 0


class _Interleaving:
    """A credit store wrapper for the concurrency tests only: it pauses between a
    check's reads and its write, so other threads read the same account version in
    the meantime and the store's version check is what has to keep them apart.

    Without the pause the GIL often runs a whole check in one slice and the race
    never happens; with it a store that ignored versions loses reservations or
    goes over the limit, and these tests fail.
    """

    def __init__(self, store: CreditStore, pause: float = 0.001) -> None:
        self._store = store
        self._pause = pause
        self._lock = threading.Lock()
        self.conflicts = 0

    def get_account(self, customer_id: CustomerId) -> CreditAccount:
        return self._store.get_account(customer_id)

    def find_account(self, customer_id: CustomerId) -> CreditAccount | None:
        return self._store.find_account(customer_id)

    def list_accounts(self, *, parent_id: CustomerId | None = None) -> list[CreditAccount]:
        return self._store.list_accounts(parent_id=parent_id)

    def find_order(self, order_id: OrderId) -> OrderRecord | None:
        return self._store.find_order(order_id)

    def list_orders(
        self, *, customer_id: CustomerId | None = None, open_only: bool = False
    ) -> list[OrderRecord]:
        return self._store.list_orders(customer_id=customer_id, open_only=open_only)

    def open_orders_after(
        self, customer_ids: Collection[CustomerId], after: date
    ) -> list[OrderRecord]:
        return self._store.open_orders_after(customer_ids, after)

    def find_transit(self, payment_id: PaymentId) -> TransitPayment | None:
        return self._store.find_transit(payment_id)

    def list_transits(self, *, customer_id: CustomerId | None = None) -> list[TransitPayment]:
        return self._store.list_transits(customer_id=customer_id)

    def commit(self, change: CreditChange) -> None:
        time.sleep(self._pause)  # let the other threads read what this one read
        try:
            self._store.commit(change)
        except ConcurrencyConflict:
            with self._lock:
                self.conflicts += 1
            raise


def _race(
    svc: CreditService,
    order_of: Callable[[int, int], tuple[str, int]],
    *,
    threads: int = 8,
    per_thread: int = 6,
) -> tuple[list[Decimal], list[Decimal]]:
    """Run ``threads`` workers checking ``per_thread`` orders each, all released at once;
    return the amounts approved and held."""
    approved: list[Decimal] = []
    held: list[Decimal] = []
    failures: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(threads)

    def worker(n: int) -> None:
        try:
            start.wait()
            for i in range(per_thread):
                customer, amount = order_of(n, i)
                order = Order.create(f"SO-{n}-{i}", customer, money(amount, "EUR"), order_date=_DAY)
                decision = svc.check_and_reserve(order)
                with lock:
                    (approved if decision.approved else held).append(order.amount.amount)
        except BaseException as exc:  # pragma: no cover - reported below
            failures.append(exc)

    workers = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    assert failures == []
    return approved, held


def _racing(
    store: CreditStore, customer_id: str, *, limit: int
) -> tuple[_Interleaving, CreditService]:
    """A service over ``store`` whose threads interleave, with one account of ``limit`` EUR."""
    racing = _Interleaving(store)
    svc = _service(racing, max_attempts=1000)
    svc.open_account(customer_id, "EUR", limit=CreditLimit.of(money(limit, "EUR")))
    return racing, svc


def _service(store: CreditStore, *, max_attempts: int = 20) -> CreditService:
    return CreditService(
        store,
        MemoryReceivables(),
        rates=StaticRates({}),
        events=MemoryEventSink(),
        clock=FixedClock(_DAY),
        max_attempts=max_attempts,
    )
