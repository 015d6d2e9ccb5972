"""The shared kernel: one Reason, the tabular protocol, receivables events, Broadcast."""

from __future__ import annotations

import warnings
from datetime import date, datetime
from decimal import Decimal

import pytest

from otccore import _kernel
from otccore._tabular import TableMixin, frame_of
from otccore.errors import ConfigurationError, InvalidInput
from otccore.money import money
from otccore.ports import Broadcast, Event
from otccore.reasons import Reason
from otccore.receivables import OpenItem
from otccore.receivables.events import CashApplied, ItemChanged, ItemIssued


def _inv(number: str = "I1", customer: str = "C1") -> OpenItem:
    return OpenItem.invoice(
        number, customer, money(100, "EUR"), issue_date=date(2026, 1, 1), due_date=date(2026, 1, 31)
    )


def test_reason_of_writes_data_as_sorted_text() -> None:
    r = Reason.of("x", "why", b=Decimal("1.50"), a=2)
    assert r.data == (("a", "2"), ("b", "1.50"))
    assert str(r) == "x: why"


def test_reason_create_keeps_values_and_refuses_bad_input() -> None:
    r = Reason.create("x", "why", {"share": Decimal("0.6"), "ids": ["b", "a"]})
    assert r.details == {"ids": ("b", "a"), "share": Decimal("0.6")}
    with pytest.raises(InvalidInput, match="non-empty str: 7"):
        Reason.create(7, "why")
    with pytest.raises(InvalidInput, match="message must be a str"):
        Reason.create("x", None)
    with pytest.raises(InvalidInput, match="mapping"):
        Reason.create("x", "why", [("a", 1)])  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("check", "value", "message"),
    [
        (_kernel.text, 1, "must be a str, not int: 1"),
        (_kernel.text, " ", "must not be empty"),
        (_kernel.day, datetime(2026, 1, 1), "must be a datetime.date, not datetime"),
        (_kernel.day, "2026-01-01", "must be a datetime.date, not str"),
        (_kernel.whole, True, "must be an int, not bool"),
        (_kernel.whole, -1, "must be at least 0"),
    ],
)
def test_kernel_checks_name_the_value(check, value, message) -> None:
    with pytest.raises(InvalidInput, match=message):
        check(value, "field")


def test_setting_raises_configuration_error() -> None:
    import enum

    class Mode(enum.StrEnum):
        ON = "on"

    with pytest.raises(ConfigurationError):
        _kernel.setting(Mode, "off", "mode")


def test_renamed_parameters_warn_and_still_work() -> None:
    with pytest.warns(DeprecationWarning, match=r"OpenItem.invoice\(issued=...\) is deprecated"):
        item = OpenItem.invoice(
            "I1", "C1", money(1, "EUR"), issued=date(2026, 1, 1), due_date=date(2026, 1, 2)
        )
    assert item.issue_date == date(2026, 1, 1)
    with pytest.raises(InvalidInput, match="both issue_date and its old name issued"):
        OpenItem.create(
            "invoice", "I1", "C1", money(1, "EUR"), issue_date=date(2026, 1, 1),
            issued=date(2026, 1, 1),
        )  # fmt: skip


def test_deprecated_names_warn() -> None:
    getattr_ = _kernel.deprecated_names("m", {"Old": ("New", 1)})
    with pytest.warns(DeprecationWarning, match="m.Old is deprecated; use m.New"):
        assert getattr_("Old") == 1
    with pytest.raises(AttributeError):
        getattr_("Nothing")


def test_trusted_skips_converters() -> None:
    import attrs

    @attrs.frozen
    class V:
        a: int = attrs.field(converter=int)

    assert _kernel.trusted(V, a="1").a == "1"  # by design: no converter on the hot path


def test_show_writes_amount_then_code() -> None:
    assert _kernel.show(money("-0.40", "EUR")) == "-0.40 EUR"


class _Rows(TableMixin):
    def to_records(self) -> list[dict[str, object]]:
        return [
            {"customer_id": "C1", "open_amount": Decimal("10.50"), "currency": "EUR"},
            {"customer_id": "C2", "open_amount": None, "currency": None},
        ]


def test_table_mixin_frames_with_each_amount_mode() -> None:
    pytest.importorskip("pandas")
    rows = _Rows()
    assert rows.to_frame()["open_amount"].tolist()[0] == Decimal("10.50")
    assert rows.to_frame(amounts="float")["open_amount"].tolist()[0] == 10.5
    pytest.importorskip("pyarrow")
    arrow = rows.to_frame(amounts="arrow")
    assert "decimal128(38, 2)" in str(arrow["open_amount"].dtype)
    assert arrow["open_amount"].tolist()[0] == Decimal("10.50")
    assert rows.to_frame(index="customer_id").index.tolist() == ["C1", "C2"]


def test_frame_of_refuses_unknown_amount_modes() -> None:
    with pytest.raises(InvalidInput, match="'cents'"):
        frame_of([], amounts="cents")


def test_item_events_check_their_items() -> None:
    inv = _inv()
    assert ItemIssued(inv).customer_id == "C1"
    with pytest.raises(InvalidInput, match="item must be an OpenItem"):
        ItemIssued("I1")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="same item before and after"):
        ItemChanged(inv, _inv("I2"))
    applied = CashApplied(inv, inv.with_open(money("0.01", "EUR")), payment_id="P1")
    assert applied.applied == money("99.99", "EUR")
    assert isinstance(applied, ItemChanged)


def test_broadcast_reaches_every_target_in_order() -> None:
    seen: list[str] = []

    class Sink:
        def emit(self, event: Event) -> None:
            seen.append("sink")

    Broadcast(Sink(), lambda e: seen.append("handler")).emit(Event())
    assert seen == ["sink", "handler"]
    with pytest.raises(InvalidInput, match="sink or a callable: 3"):
        Broadcast(3)  # type: ignore[arg-type]


def test_no_warning_leaks_from_new_names() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _inv()


def test_keyword_only_warns_for_positional_use_and_refuses_too_many() -> None:
    @_kernel.keyword_only
    def f(a: int, *, b: int = 0, c: int = 0) -> tuple[int, int, int]:
        return a, b, c

    assert f(1, b=2) == (1, 2, 0)
    with pytest.warns(DeprecationWarning, match=r"f\(\): pass b, c by keyword"):
        assert f(1, 2, 3) == (1, 2, 3)
    with pytest.raises(InvalidInput, match="takes 3 arguments, 4 given"):
        f(1, 2, 3, 4)
    with pytest.raises(InvalidInput, match="got b twice"):
        f(1, 2, b=2)
