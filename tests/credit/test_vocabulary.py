"""Credit consumes the receivables-level events, and every renamed credit name still works with a warning."""

from __future__ import annotations

import importlib
from datetime import date, timedelta
from typing import TYPE_CHECKING

import attrs
import pytest

from otccore.credit import (
    CheckReason,
    CheckRule,
    Order,
    OrderDelivered,
    OrderPlaced,
    StaticLimit,
)
from otccore.money import money
from otccore.reasons import Reason
from otccore.receivables import OpenItem, PaymentId
from otccore.receivables.events import CashApplied, ItemChanged, ItemIssued

if TYPE_CHECKING:
    from conftest import World  # type only: tests/credit/conftest.py

DAY = date(2026, 3, 2)


def order(oid: str, cid: str, amount: int) -> Order:
    return Order.create(oid, cid, money(amount, "EUR"), order_date=DAY)


def _invoice(iid: str, amount: int) -> OpenItem:
    return OpenItem.invoice(
        iid, "C1", money(amount, "EUR"), issue_date=DAY, due_date=DAY + timedelta(days=30)
    )


def test_an_invoice_issued_bills_the_delivered_part_of_its_order(world: World) -> None:
    world.svc.open_account("C1", "EUR")
    world.svc.handle(OrderPlaced(order("SO-1", "C1", 100)))
    world.svc.handle(OrderDelivered(order("SO-1", "C1", 100).id, money(60, "EUR")))
    world.svc.handle(ItemIssued(_invoice("I1", 50), order_id="SO-1", order_amount=money(40, "EUR")))
    e = world.svc.exposure("C1")
    assert e.amount("open_orders") == money(40, "EUR")
    assert e.amount("delivered_not_invoiced") == money(20, "EUR")
    assert e.amount("open_receivables") == money(50, "EUR")
    assert world.svc.recompute_exposure("C1") != e  # the book does not hold I1: events only


def test_a_credit_note_adds_its_item_and_bills_no_order(world: World) -> None:
    world.svc.open_account("C1", "EUR")
    world.svc.handle(OrderPlaced(order("SO-1", "C1", 100)))
    world.svc.handle(OrderDelivered(order("SO-1", "C1", 100).id, money(100, "EUR")))
    note = OpenItem.create("credit_note", "CN1", "C1", money(-30, "EUR"), issue_date=DAY)
    assert world.svc.handle(ItemIssued(note, order_id="SO-1"))
    e = world.svc.exposure("C1")
    assert e.amount("delivered_not_invoiced") == money(100, "EUR")
    assert e.total() == money(70, "EUR")


def test_cash_applied_and_item_changed_move_exposure(world: World) -> None:
    world.svc.open_account("C1", "EUR")
    inv = _invoice("I1", 100)
    world.svc.handle(ItemIssued(inv))
    paid = inv.with_open(money(40, "EUR"))
    assert world.svc.handle(CashApplied(inv, paid, payment_id=PaymentId("P1")))
    assert world.svc.exposure("C1").total() == money(40, "EUR")
    disputed = attrs.evolve(paid, disputed=True)
    world.svc.handle(ItemChanged(paid, disputed))
    assert world.svc.exposure("C1").amount("disputed") == money(40, "EUR")


def test_items_of_customers_without_an_account_are_ignored(world: World) -> None:
    assert world.svc.handle(ItemIssued(_invoice("I1", 100), order_id="SO-9")) is False


@pytest.mark.parametrize("module", ["otccore.credit", "otccore.credit.events"])
@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("InvoiceIssued", ItemIssued),
        ("CreditNoteIssued", ItemIssued),
        ("PaymentApplied", CashApplied),
        ("ItemChanged", ItemChanged),
    ],
)
def test_credit_item_events_are_deprecated_aliases(module: str, old: str, new: type) -> None:
    mod = importlib.import_module(module)
    assert old not in mod.__all__
    with pytest.warns(DeprecationWarning, match=rf"{module}\.{old} is deprecated; use otccore\."):
        alias = getattr(mod, old)
    assert alias is new


def test_the_old_event_names_still_work_through_handle(world: World) -> None:
    import otccore.credit as credit

    with pytest.warns(DeprecationWarning, match="is deprecated"):
        invoice_issued = credit.InvoiceIssued
    with pytest.warns(DeprecationWarning, match="is deprecated"):
        credit_note_issued = credit.CreditNoteIssued
    with pytest.warns(DeprecationWarning, match="is deprecated"):
        payment_applied = credit.PaymentApplied
    with pytest.warns(DeprecationWarning, match="is deprecated"):
        item_changed = credit.ItemChanged
    world.svc.open_account("C1", "EUR")
    world.svc.handle(OrderPlaced(order("SO-1", "C1", 100)))
    world.svc.handle(OrderDelivered(order("SO-1", "C1", 100).id, money(100, "EUR")))
    inv = _invoice("I1", 100)
    world.svc.handle(invoice_issued(inv, order_id="SO-1"))
    world.svc.handle(payment_applied(inv, inv.with_open(money(25, "EUR"))))
    world.svc.handle(item_changed(inv.with_open(money(25, "EUR")), inv.with_open(money(20, "EUR"))))
    note = OpenItem.create("credit_note", "CN1", "C1", money(-5, "EUR"), issue_date=DAY)
    world.svc.handle(credit_note_issued(note))
    assert world.svc.exposure("C1").total() == money(15, "EUR")


def test_unknown_module_names_still_raise_attribute_error() -> None:
    import otccore.credit as credit

    with pytest.raises(AttributeError):
        credit.NoSuchName  # noqa: B018


def test_a_custom_step_gives_shared_reasons_and_the_decision_adds_the_reaction(
    make_world: type[World],
) -> None:
    @attrs.frozen
    class Never:
        code: str = "never"

        def evaluate(self, ctx: object) -> object:
            from otccore.credit import StepResult

            return StepResult.fail(Reason.of(self.code, "never", why="test"))

    world = make_world(CheckRule.of([(StaticLimit(), "hold"), (Never(), "warn")]))
    world.svc.open_account("C1", "EUR")
    d = world.svc.check_and_reserve(order("SO-1", "C1", 5))
    warned = [r for r in d.reasons if r.code == "never"]
    assert warned == [CheckReason(Reason.of("never", "never", why="test"), "warn")]  # type: ignore[arg-type]
    assert warned[0].reaction == "warn"
    assert warned[0].details == {"why": "test"}
    from otccore.credit import Reason as CreditReason

    assert CreditReason is Reason


def test_release_by_position_still_works_with_a_warning(world: World) -> None:
    from otccore.credit import CreditLimit

    world.svc.open_account("C1", "EUR", limit=CreditLimit.of(money(10, "EUR")))
    world.svc.check_and_reserve(order("SO-1", "C1", 50))
    with pytest.warns(DeprecationWarning, match="pass by, reason, valid_days by keyword"):
        rel = world.svc.release("SO-1", "j.doe", "prepaid", 2)
    assert (rel.by, rel.reason, rel.valid_to) == ("j.doe", "prepaid", date(2026, 3, 3))


def test_release_old_names_warn_and_still_work() -> None:
    from otccore.credit import Release

    with pytest.warns(DeprecationWarning, match="pass by, reason by keyword"):
        rel = Release.create("j.doe", "ok", release_date=DAY, valid_days=2, amount=money(5, "EUR"))
    with pytest.warns(DeprecationWarning, match=r"released_on=\.\.\.\) is deprecated"):
        old = Release.create(
            by="j.doe", reason="ok", released_on=DAY, valid_days=2, amount=money(5, "EUR")
        )
    assert old == rel
    with pytest.warns(DeprecationWarning, match="use Release.release_date"):
        assert rel.released_on == DAY
    with pytest.warns(DeprecationWarning, match="use Release.valid_to"):
        assert rel.valid_until == date(2026, 3, 3)


def test_limits_and_risk_classes_by_position_still_work_with_a_warning() -> None:
    from otccore.credit import LimitRule, RiskClass, TemporaryLimit

    with pytest.warns(DeprecationWarning, match="pass valid_from, valid_to by keyword"):
        t = TemporaryLimit.of(money(5, "EUR"), DAY, date(2026, 3, 31))
    assert t == TemporaryLimit.of(money(5, "EUR"), valid_from=DAY, valid_to=date(2026, 3, 31))
    rule = LimitRule.of(cap=money(1, "EUR"))
    with pytest.warns(DeprecationWarning, match="pass low, high, level, rule by keyword"):
        c = RiskClass.of("A", 0, 100, "low", rule)
    assert c == RiskClass.of("A", low=0, high=100, level="low", rule=rule)


def test_traffic_light_by_position_still_works_with_a_warning() -> None:
    from otccore.credit import TrafficLight, TrafficLightPolicy

    with pytest.warns(DeprecationWarning, match="pass exposure_minor, limit_minor by keyword"):
        assert TrafficLightPolicy().light(80_00, 100_00) is TrafficLight.AMBER


def test_order_create_takes_scheduled_as_the_old_name_of_delivery_date() -> None:
    new = Order.create("SO", "C1", money(5, "EUR"), order_date=DAY, delivery_date=date(2026, 4, 1))
    with pytest.warns(DeprecationWarning, match=r"scheduled=\.\.\.\) is deprecated"):
        old = Order.create("SO", "C1", money(5, "EUR"), order_date=DAY, scheduled=date(2026, 4, 1))
    assert old == new


def test_order_init_takes_scheduled_as_the_old_name_of_delivery_date() -> None:
    new = Order.create("SO", "C1", money(5, "EUR"), order_date=DAY, delivery_date=date(2026, 4, 1))
    with pytest.warns(DeprecationWarning, match=r"scheduled=\.\.\.\) is deprecated"):
        old = Order("SO", "C1", money(5, "EUR"), DAY, scheduled=date(2026, 4, 1))  # type: ignore[call-arg]
    assert old == new


def test_order_scheduled_attribute_reads_delivery_date_with_a_warning() -> None:
    o = Order.create("SO", "C1", money(5, "EUR"), order_date=DAY, delivery_date=date(2026, 4, 1))
    with pytest.warns(DeprecationWarning, match="use Order.delivery_date"):
        assert o.scheduled == date(2026, 4, 1)


def test_score_takes_scored_on_as_the_old_name_of_score_date() -> None:
    from decimal import Decimal

    from otccore.credit import Score

    with pytest.warns(DeprecationWarning, match=r"scored_on=\.\.\.\) is deprecated"):
        old = Score(Decimal(50), scored_on=DAY)  # type: ignore[call-arg]
    assert old == Score(Decimal(50), score_date=DAY)


def test_score_scored_on_attribute_reads_score_date_with_a_warning() -> None:
    from decimal import Decimal

    from otccore.credit import Score

    with pytest.warns(DeprecationWarning, match="use Score.score_date"):
        assert Score(Decimal(50), DAY).scored_on == DAY


def test_handle_ignores_events_of_other_areas_and_refuses_what_is_no_event(world: World) -> None:
    from otccore.errors import InvalidInput
    from otccore.ports import Event

    assert world.svc.handle(Event()) is False
    with pytest.raises(InvalidInput, match="not an Event"):
        world.svc.handle("ItemIssued")  # type: ignore[arg-type]


def test_invoicing_and_cash_application_keep_exposure_current_through_a_broadcast(
    world: World,
) -> None:
    from otccore.adapters.memory import (
        FixedClock,
        MemoryEventSink,
        MemoryMatchOutcomes,
        MemoryNumberSequence,
    )
    from otccore.invoicing import InvoiceBuilder, NetDays, TaxCategory, issue
    from otccore.matching import CashApplication
    from otccore.ports import Broadcast
    from otccore.receivables import Payment

    world.svc.open_account("C1", "EUR")
    everyone = Broadcast(MemoryEventSink(), world.svc.handle)
    draft = (
        InvoiceBuilder.example(issue_date=DAY)
        .line("A", 1, money(100, "EUR"), tax_category=TaxCategory.of("S", 19))
        .terms(NetDays(30))
        .draft()
    )
    issued = issue(draft, MemoryNumberSequence(), events=everyone)
    assert issued.open_item is not None
    world.book.add_items([issued.open_item])
    assert world.svc.exposure("C1").amount("open_receivables") == money(119, "EUR")
    world.book.add_payments(
        [Payment.create("P1", money(119, "EUR"), value_date=DAY, references=[issued.open_item.id])]
    )
    CashApplication(world.book, MemoryMatchOutcomes(), events=everyone, clock=FixedClock(DAY)).run()
    assert world.svc.exposure("C1").amount("open_receivables") == money(0, "EUR")
    assert world.svc.recompute_exposure("C1") == world.svc.exposure("C1")
