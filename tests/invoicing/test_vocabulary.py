"""One name per concept: the new names work, each old one still works and warns."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

from otccore.errors import InvalidInput
from otccore.invoicing import (
    AllowanceCharge,
    InvoiceBuilder,
    LineSpec,
    TaxCategory,
    Violation,
    validate,
)
from otccore.money import money
from otccore.reasons import Reason

S19 = TaxCategory.of("S", 19)
EUR10 = money(10, "EUR")


def _line_draft(**vat):
    return InvoiceBuilder.example().line("A", 1, EUR10, **vat).draft()


def test_builder_line_vat_is_the_old_name_of_tax_category() -> None:
    with pytest.warns(DeprecationWarning, match=r"InvoiceBuilder.line\(vat=...\)"):
        old = _line_draft(vat=S19)
    assert old == _line_draft(tax_category=S19)


@pytest.mark.parametrize("kind", ["allowance", "charge"])
def test_builder_allowance_and_charge_vat_is_the_old_name(kind: str) -> None:
    def draft(**vat):
        builder = InvoiceBuilder.example().line("A", 1, EUR10, tax_category=S19)
        getattr(builder, kind)(money(1, "EUR"), reason="x", **vat)
        return builder.draft()

    with pytest.warns(DeprecationWarning, match=rf"InvoiceBuilder.{kind}\(vat=...\)"):
        old = draft(vat=S19)
    assert old == draft(tax_category=S19)


def test_line_spec_create_vat_is_the_old_name() -> None:
    with pytest.warns(DeprecationWarning, match=r"LineSpec.create\(vat=...\)"):
        old = LineSpec.create("A", 1, EUR10, vat=S19)
    assert old == LineSpec.create("A", 1, EUR10, tax_category=S19)


@pytest.mark.parametrize("kind", ["allowance", "charge"])
def test_allowance_charge_tax_is_the_old_name(kind: str) -> None:
    make = getattr(AllowanceCharge, kind)
    with pytest.warns(DeprecationWarning, match=rf"AllowanceCharge.{kind}\(tax=...\)"):
        old = make(money(1, "EUR"), reason="x", tax=S19)
    assert old == make(money(1, "EUR"), reason="x", tax_category=S19)


def test_both_names_at_once_are_refused() -> None:
    with pytest.raises(InvalidInput, match="both tax_category and its old name vat"):
        _line_draft(vat=S19, tax_category=S19)


def test_the_tax_fields_keep_their_old_name_for_reading_and_building() -> None:
    draft = (
        InvoiceBuilder.example()
        .line("A", 1, EUR10, tax_category=S19)
        .charge(money(1, "EUR"), reason="x", tax_category=S19)
        .draft()
    )
    line, charge = draft.lines[0], draft.allowance_charges[0]
    spec = LineSpec.create("A", 1, EUR10, tax_category=S19)
    for value in (line, charge, spec):
        with pytest.warns(DeprecationWarning, match=r"\.tax is deprecated; use .*\.tax_category"):
            assert value.tax == S19
        assert attrs.evolve(value, tax_category=S19) == value
    with pytest.warns(DeprecationWarning, match=r"AllowanceCharge\(tax=...\) is deprecated"):
        assert AllowanceCharge(True, money("1.00", "EUR"), reason="x", tax=S19) == charge


def test_exemption_code_by_position_is_deprecated() -> None:
    def draft(builder: InvoiceBuilder) -> object:
        return builder.draft()

    new = InvoiceBuilder.example().line("A", 1, EUR10, tax_category=TaxCategory.of("E", 0))
    old = InvoiceBuilder.example().line("A", 1, EUR10, tax_category=TaxCategory.of("E", 0))
    new.exemption("E", "Art. 132", code="VATEX-EU-132")
    with pytest.warns(DeprecationWarning, match="pass code by keyword"):
        old.exemption("E", "Art. 132", "VATEX-EU-132")
    assert draft(old) == draft(new)


def test_dates_are_checked_by_the_kernel() -> None:
    with pytest.raises(InvalidInput, match="due_date must be a datetime.date, not str"):
        InvoiceBuilder.example().due("2026-02-01")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="unknown VAT rounding mode: 'cent'"):
        InvoiceBuilder.example().vat_rounding("cent")
    assert InvoiceBuilder.example().due(date(2026, 2, 1)).draft().due_date == date(2026, 2, 1)


# -- a violation is a reason -------------------------------------------------------------


def _violation() -> Violation:
    return Violation.create(
        "BR-CO-10",
        "document",
        "BT-106 must be the sum of line net amounts",
        (("BT-106", "10.00"), ("sum of BT-131", "10.01")),
    )


def test_a_violation_is_a_reason_whose_data_holds_the_location() -> None:
    v = _violation()
    assert isinstance(v, Reason)
    assert v.code == v.rule == "BR-CO-10"
    assert v.data == (
        ("location", "document"),
        ("BT-106", "10.00"),
        ("sum of BT-131", "10.01"),
    )
    assert v.location == "document"
    assert v.values == (("BT-106", "10.00"), ("sum of BT-131", "10.01"))
    assert v.details == {"location": "document", "BT-106": "10.00", "sum of BT-131": "10.01"}
    assert str(v) == (
        "[BR-CO-10] document: BT-106 must be the sum of line net amounts "
        "(BT-106=10.00, sum of BT-131=10.01)"
    )


def test_a_violation_is_a_table_row() -> None:
    assert _violation().to_record() == {
        "code": "BR-CO-10",
        "location": "document",
        "message": "BT-106 must be the sum of line net amounts",
        "data.BT-106": "10.00",
        "data.sum of BT-131": "10.01",
    }
    bad = InvoiceBuilder.example().line("X", 1, money(-1, "EUR"), tax_category=S19).draft()
    rows = [v.to_record() for v in validate(bad)]
    assert [(r["code"], r["location"]) for r in rows] == [("BR-27", "line 1")]


def test_the_old_positional_violation_still_works_and_warns() -> None:
    with pytest.warns(DeprecationWarning, match=r"Violation\(rule, location, message, values\)"):
        old = Violation(
            "BR-CO-10",
            "document",
            "BT-106 must be the sum of line net amounts",
            (("BT-106", "10.00"), ("sum of BT-131", "10.01")),
        )
    assert old == _violation()
    with pytest.warns(DeprecationWarning, match="Violation"):
        assert Violation("BR-16", "document", "no lines") == Violation.create(
            "BR-16", "document", "no lines"
        )


def test_the_old_dict_reads_of_data_still_work_and_warn() -> None:
    v = _violation()
    with pytest.warns(DeprecationWarning, match="Violation.data"):
        assert v.data["BT-106"] == "10.00"
    with pytest.warns(DeprecationWarning, match="Violation.data"):
        assert v.data == {"BT-106": "10.00", "sum of BT-131": "10.01"}
    with pytest.warns(DeprecationWarning, match="Violation.data"):
        assert v.data.get("missing") is None
    assert v.data[0] == ("location", "document")


def test_a_violation_is_checked_when_created() -> None:
    with pytest.raises(InvalidInput, match="violation rule"):
        Violation.create("", "document", "why")
    with pytest.raises(InvalidInput, match="pairs"):
        Violation.create("BR-16", "document", "why", (("a", "b", "c"),))  # type: ignore[arg-type]


def test_party_name_by_position_is_deprecated() -> None:
    from otccore.invoicing import Party

    with pytest.warns(DeprecationWarning, match="pass name by keyword"):
        old = Party.create("C1", "Acme GmbH", country="DE")
    assert old == Party.create("C1", name="Acme GmbH", country="DE")
