"""Every renamed risk name still works for one deprecation period, with a warning."""

from datetime import date

import pytest

from otccore.errors import InvalidInput
from otccore.risk import (
    BankDetailsChange,
    Document,
    Finding,
    Refund,
    Scaling,
    round_numbers,
    same_same_different,
    same_same_same,
)

D = date(2026, 1, 5)
ROWS = [("1", "C1", "A", 500, D), ("2", "C1", "B", 500, D), ("3", "C2", "A", 500, D)]


def test_finding_party_keyword_and_property():
    with pytest.deprecated_call(match=r"Finding.create\(party=...\)"):
        f = Finding.create("s", "c", "why", party="C1")
    assert f.customer_id == "C1"
    with pytest.deprecated_call(match="Finding.party is deprecated"):
        assert f.party == "C1"
    assert f.to_record()["customer_id"] == "C1"
    with pytest.raises(InvalidInput, match="both customer_id and its old name party"):
        Finding.create("s", "c", "why", customer_id="C1", party="C1")


def test_document_old_keywords_positions_attributes_and_columns():
    new = Document.create("1", customer_id="C1", number="N", amount=5, document_date=D)
    with pytest.deprecated_call(match="by keyword"):
        assert Document.create("1", "C1", "N", 5, D) == new
    with pytest.deprecated_call(match=r"party=\.\.\.\) is deprecated"):
        assert Document.create("1", party="C1", number="N", amount=5, document_date=D) == new
    with pytest.deprecated_call(match=r"on=\.\.\.\) is deprecated"):
        assert Document.create("1", customer_id="C1", number="N", amount=5, on=D) == new
    with pytest.deprecated_call(match="Document.party is deprecated"):
        assert new.party == "C1"
    with pytest.deprecated_call(match="Document.date is deprecated"):
        assert new.date == D
    old_row = {"id": "1", "party": "C1", "number": "N", "amount": 5, "document_date": D}
    with pytest.deprecated_call(match="'party' column of a document"):
        assert Document.of(old_row) == new
    with pytest.raises(InvalidInput, match="both 'customer_id' and its old name 'party'"):
        Document.from_row({**old_row, "customer_id": "C1"})


def test_refund_and_bank_details_change_old_names():
    new = Refund.create("R1", customer_id="C1", account="GB22", amount=5, refund_date=D)
    with pytest.deprecated_call():
        assert Refund.create("R1", "C1", "GB22", 5, D) == new
    with pytest.deprecated_call():
        assert Refund.create("R1", party="C1", account="GB22", amount=5, on=D) == new
    with pytest.deprecated_call(match="Refund.date is deprecated"):
        assert new.date == D
    with pytest.deprecated_call(match="'date' column of a refund"):
        row = {"id": "R1", "customer_id": "C1", "account": "GB22", "amount": 5, "date": D}
        assert Refund.from_row(row) == new
    change = BankDetailsChange.create("C1", account="GB22", change_date=D)
    with pytest.deprecated_call():
        assert BankDetailsChange.create("C1", "GB22", D) == change
    with pytest.deprecated_call():
        assert BankDetailsChange.create(party="C1", account="GB22", change_date=D) == change
    with pytest.deprecated_call(match="BankDetailsChange.party is deprecated"):
        assert change.party == "C1"
    with pytest.deprecated_call(match="'party' column of a bank details change"):
        assert BankDetailsChange.from_row({"party": "C1", "account": "GB22", "change_date": D}) == (
            change
        )


def test_bank_details_change_changed_on_keyword():
    new = BankDetailsChange.create("C1", account="GB22", change_date=D)
    with pytest.deprecated_call(match=r"BankDetailsChange.create\(changed_on=\.\.\.\)"):
        assert BankDetailsChange.create("C1", account="GB22", changed_on=D) == new
    with pytest.raises(InvalidInput, match="both change_date and its old name changed_on"):
        BankDetailsChange.create("C1", account="GB22", change_date=D, changed_on=D)


def test_bank_details_change_changed_on_attribute():
    change = BankDetailsChange.create("C1", account="GB22", change_date=D)
    with pytest.deprecated_call(match="BankDetailsChange.changed_on is deprecated"):
        assert change.changed_on == D


def test_bank_details_change_changed_on_column():
    change = BankDetailsChange.create("C1", account="GB22", change_date=D)
    with pytest.deprecated_call(match="'changed_on' column of a bank details change"):
        assert BankDetailsChange.from_row(
            {"customer_id": "C1", "account": "GB22", "changed_on": D}
        ) == (change)
    with pytest.raises(InvalidInput, match="both 'change_date' and its old name 'changed_on'"):
        BankDetailsChange.of(
            {"customer_id": "C1", "account": "GB22", "changed_on": D, "change_date": D}
        )


def test_old_field_names_of_the_duplicate_tests():
    with pytest.deprecated_call(match="'date' in fields= is deprecated"):
        old = same_same_same(ROWS, fields=("customer_id", "amount", "date"))
    assert old == same_same_same(ROWS)
    with pytest.deprecated_call(match="'party' in different= is deprecated"):
        old = same_same_different(ROWS, same=("number", "amount"), different="party")
    assert old == same_same_different(ROWS)


def test_round_numbers_by_party():
    rows = [(str(i), "C1", f"N{i}", 500, D) for i in range(10)]
    with pytest.deprecated_call(match=r"round_numbers\(by_party=\.\.\.\)"):
        old = round_numbers(rows, by_party=False)
    assert old == round_numbers(rows, by_customer=False)
    assert [(f.code, f.customer_id) for f in old] == [("round_100", None)]


def test_scaling_points_by_position():
    s = Scaling()
    with pytest.deprecated_call(match="pass coefficient, woe, intercept, n_features by keyword"):
        old = s.points(-1.0, 0.5, -3.0, 2)
    assert old == s.points(coefficient=-1.0, woe=0.5, intercept=-3.0, n_features=2)
