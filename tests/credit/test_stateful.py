"""Random event sequences: the incrementally kept exposure always equals the recomputed one."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import attrs
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from otccore.adapters.memory import FixedClock, MemoryCredit, MemoryEventSink
from otccore.credit import (
    CheckRule,
    CreditLimit,
    CreditService,
    Order,
    OrderCancelled,
    OrderChanged,
    OrderDelivered,
    OrderPlaced,
    OrderStatus,
    PaymentCleared,
    PaymentInTransit,
    StaticLimit,
    TransitPayment,
)
from otccore.money import StaticRates, money
from otccore.receivables import OpenItem
from otccore.receivables.events import CashApplied, ItemChanged, ItemIssued

DAY = date(2026, 3, 2)
RATES = StaticRates(
    {
        ("USD", "EUR"): Decimal("0.9137"),
        ("EUR", "GBP"): Decimal("0.8511"),
        ("USD", "GBP"): Decimal("0.7777"),
    }
)
CUSTOMERS = ("P", "C1", "C2", "G1")  # P parent of C1 and C2; C1 parent of G1
CURRENCIES = ("EUR", "USD")


class Book:
    """The smallest ItemSource: items by id, replaceable (the host's book)."""

    def __init__(self) -> None:
        self.items: dict[str, OpenItem] = {}

    def list_items(
        self,
        *,
        customer_id: str | None = None,
        open_only: bool = False,
        currency: str | None = None,
    ) -> list[OpenItem]:
        return [
            i
            for _, i in sorted(self.items.items())
            if (customer_id is None or i.customer_id == customer_id)
            and (not open_only or i.is_open)
            and (currency is None or i.currency == currency)
        ]


amounts = st.integers(min_value=1, max_value=500_00).map(lambda c: Decimal(c).scaleb(-2))


class ExposureMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.book = Book()
        self.store = MemoryCredit()
        self.svc = CreditService(
            self.store,
            self.book,
            rates=RATES,
            events=MemoryEventSink(),
            clock=FixedClock(DAY),
            rule=CheckRule.of([(StaticLimit(), "hold")]),
        )
        self.svc.open_account("P", "GBP", limit=CreditLimit.of(money(3000, "GBP")))
        self.svc.open_account("C1", "EUR", limit=CreditLimit.of(money(2000, "EUR")), parent_id="P")
        self.svc.open_account("C2", "USD", parent_id="P")
        self.svc.open_account("G1", "EUR", limit=CreditLimit.of(money(1000, "EUR")), parent_id="C1")
        self.n = 0

    def _id(self, prefix: str) -> str:
        self.n += 1
        return f"{prefix}{self.n}"

    def _orders(self, *statuses: OrderStatus) -> list[str]:
        return [r.id for r in self.store.list_orders() if r.status in statuses]

    @rule(
        cust=st.sampled_from(CUSTOMERS),
        cur=st.sampled_from(CURRENCIES),
        value=amounts,
        days=st.integers(0, 90),
        checked=st.booleans(),
    )
    def new_order(self, cust: str, cur: str, value: Decimal, days: int, checked: bool) -> None:
        order = Order.create(
            self._id("SO"), cust, money(value, cur), order_date=DAY - timedelta(days=days)
        )
        if checked:
            self.svc.check_and_reserve(order)
        else:
            self.svc.handle(OrderPlaced(order))

    @precondition(lambda self: self._orders(OrderStatus.OPEN, OrderStatus.HELD))
    @rule(
        data=st.data(),
        factor=st.sampled_from([Decimal("0.5"), Decimal("1.5"), Decimal(1)]),
        checked=st.booleans(),
    )
    def change_order(self, data: st.DataObject, factor: Decimal, checked: bool) -> None:
        oid = data.draw(st.sampled_from(self._orders(OrderStatus.OPEN, OrderStatus.HELD)))
        rec = self.store.find_order(oid)  # type: ignore[arg-type]
        assert rec is not None
        delivered = rec.order.amount - rec.open
        new = max(delivered.amount, (rec.order.amount.amount * factor).quantize(Decimal("0.01")))
        order = attrs.evolve(rec.order, amount=money(new, rec.order.currency))
        if checked:
            self.svc.check_and_reserve(order)
        else:
            self.svc.handle(OrderChanged(order))

    @precondition(lambda self: self._orders(OrderStatus.HELD))
    @rule(data=st.data())
    def release(self, data: st.DataObject) -> None:
        oid = data.draw(st.sampled_from(self._orders(OrderStatus.HELD)))
        self.svc.release(oid, by="tester", reason="stateful", valid_days=3)

    @precondition(
        lambda self: self._orders(OrderStatus.OPEN, OrderStatus.HELD, OrderStatus.REJECTED)
    )
    @rule(data=st.data(), by_host=st.booleans())
    def cancel(self, data: st.DataObject, by_host: bool) -> None:
        oid = data.draw(
            st.sampled_from(self._orders(OrderStatus.OPEN, OrderStatus.HELD, OrderStatus.REJECTED))
        )
        if by_host:
            self.svc.handle(OrderCancelled(oid))  # type: ignore[arg-type]
        else:
            self.svc.cancel(oid)

    def _undelivered(self) -> list[str]:
        return [r.id for r in self.store.list_orders(open_only=True) if r.open.amount > 0]

    @precondition(lambda self: self._undelivered())
    @rule(data=st.data(), share=st.sampled_from([Decimal("0.3"), Decimal(1)]))
    def deliver(self, data: st.DataObject, share: Decimal) -> None:
        oid = data.draw(st.sampled_from(self._undelivered()))
        rec = self.store.find_order(oid)  # type: ignore[arg-type]
        assert rec is not None
        part = (rec.open.amount * share).quantize(Decimal("0.01"))
        if part > 0:
            self.svc.handle(OrderDelivered(oid, money(part, rec.order.currency)))  # type: ignore[arg-type]

    def _delivered(self) -> list[str]:
        return [r.id for r in self.store.list_orders() if r.delivered.amount > 0]

    @precondition(lambda self: self._delivered())
    @rule(data=st.data(), vat=st.sampled_from([Decimal(1), Decimal("1.19")]), partial=st.booleans())
    def invoice_order(self, data: st.DataObject, vat: Decimal, partial: bool) -> None:
        oid = data.draw(st.sampled_from(self._delivered()))
        rec = self.store.find_order(oid)  # type: ignore[arg-type]
        assert rec is not None
        billed = (
            rec.delivered
            if not partial
            else money((rec.delivered.amount / 2).quantize(Decimal("0.01")), rec.order.currency)
        )
        if billed.amount <= 0:
            return
        item = OpenItem.invoice(
            self._id("INV"),
            rec.customer_id,
            money((billed.amount * vat).quantize(Decimal("0.01")), rec.order.currency),
            issue_date=DAY,
            due_date=DAY + timedelta(days=30),
        )
        self.book.items[item.id] = item
        self.svc.handle(ItemIssued(item, order_id=rec.id, order_amount=billed))

    @rule(
        cust=st.sampled_from(CUSTOMERS),
        cur=st.sampled_from(CURRENCIES),
        value=amounts,
        credit=st.booleans(),
        days=st.integers(0, 60),
        disputed=st.booleans(),
    )
    def new_item(
        self, cust: str, cur: str, value: Decimal, credit: bool, days: int, disputed: bool
    ) -> None:
        issued = DAY - timedelta(days=days)
        if credit:
            item = OpenItem.create(
                "credit_note", self._id("CN"), cust, money(-value, cur), issue_date=issued
            )
            self.book.items[item.id] = item
            self.svc.handle(ItemIssued(item))
        else:
            item = OpenItem.invoice(
                self._id("INV"),
                cust,
                money(value, cur),
                issue_date=issued,
                due_date=issued + timedelta(days=30),
                disputed=disputed,
            )
            self.book.items[item.id] = item
            self.svc.handle(ItemIssued(item))

    def _open_items(self) -> list[str]:
        return [k for k, i in sorted(self.book.items.items()) if i.is_open]

    @precondition(lambda self: self._open_items())
    @rule(data=st.data(), share=st.sampled_from([Decimal("0.25"), Decimal(1)]))
    def pay(self, data: st.DataObject, share: Decimal) -> None:
        iid = data.draw(st.sampled_from(self._open_items()))
        before = self.book.items[iid]
        rest = (before.open.amount * (1 - share)).quantize(Decimal("0.01"))
        after = before.with_open(money(rest, before.currency))
        self.book.items[iid] = after
        self.svc.handle(CashApplied(before, after))

    @precondition(lambda self: self._open_items())
    @rule(data=st.data())
    def toggle_dispute(self, data: st.DataObject) -> None:
        iid = data.draw(st.sampled_from(self._open_items()))
        before = self.book.items[iid]
        after = attrs.evolve(before, disputed=not before.disputed)
        self.book.items[iid] = after
        self.svc.handle(ItemChanged(before, after))

    @rule(cust=st.sampled_from(CUSTOMERS), cur=st.sampled_from(CURRENCIES), value=amounts)
    def announce_payment(self, cust: str, cur: str, value: Decimal) -> None:
        p = TransitPayment.create(self._id("PAY"), cust, money(value, cur), value_date=DAY)
        self.svc.handle(PaymentInTransit(p))

    @precondition(lambda self: self.store.list_transits())
    @rule(data=st.data())
    def clear_payment(self, data: st.DataObject) -> None:
        p = data.draw(st.sampled_from(self.store.list_transits()))
        self.svc.handle(PaymentCleared(p.id))

    @invariant()
    def kept_equals_recomputed(self) -> None:
        for cust in CUSTOMERS:
            assert self.svc.exposure(cust) == self.svc.recompute_exposure(cust), cust


TestExposureMachine = ExposureMachine.TestCase
TestExposureMachine.settings = settings(
    max_examples=40,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
