import csv
import re

import pytest

from otccore.adapters.csv import (
    read_customers,
    read_open_items,
    read_payments,
    write_exceptions,
    write_matches,
)
from otccore.errors import ParseError
from otccore.matching import reconcile
from otccore.money import money

from .conftest import AS_OF, inv, pay

ITEMS = """number,customer_id,amount,currency,issue_date,due_date,payment_reference,discount_until,discount_percent
INV-1,C1,100.00,EUR,2026-03-01,2026-03-31,,2026-03-11,2
INV-2,C1,250.00,EUR,2026-03-02,2026-04-01,RF18539007547034,,
"""
PAYMENTS = """id,amount,currency,value_date,payer_name,payer_account,references,remittance_text
P1,98.00,EUR,2026-03-10,Acme,NL91ABNA0417164300,INV-1,
P2,250.00,EUR,2026-03-31,,,,RF18 5390 0754 7034
"""


def read_rows(path):
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_read_items_and_payments(tmp_path):
    items = read_open_items(write(tmp_path, "items.csv", ITEMS))
    assert [i.id for i in items] == ["INV-1", "INV-2"]
    assert items[0].discount_on(AS_OF.replace(day=10)) == money(2, "EUR")
    assert items[1].payment_reference == "RF18539007547034"
    payments = read_payments(write(tmp_path, "payments.csv", PAYMENTS))
    assert payments[0].references == ("INV-1",)
    assert payments[1].remittance_text == "RF18 5390 0754 7034"
    result = reconcile(payments, items, as_of=AS_OF)
    assert len(result.auto_applied) == 2


def test_read_customers(tmp_path):
    path = write(
        tmp_path, "c.csv", "id,name,currency,bank_accounts,parent_id\nC1,Acme,eur,A1;A2,\n"
    )
    [c] = read_customers(path)
    assert (c.currency, c.bank_accounts, c.parent_id) == ("EUR", ("A1", "A2"), None)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("id,amount,currency\nP1,1,EUR\n", 1, "missing column(s): value_date"),
        (
            "id,amount,currency,value_date\nP1,1.00,EUR,2026-03-01\nP2,abc,EUR,2026-03-01\n",
            3,
            "not a number",
        ),
        ("id,amount,currency,value_date\nP1,-1.00,EUR,2026-03-01\n", 2, "positive"),
        ("id,amount,currency,value_date\nP1,0,EUR,2026-03-01\n", 2, "positive"),
        (
            "id,amount,currency,value_date\nP1,1.001,EUR,2026-03-01\n",
            2,
            "finer than the minor unit",
        ),
        ("id,amount,currency,value_date\nP1,1,XXZ,2026-03-01\n", 2, "unknown currency"),
        ("id,amount,currency,value_date\nP1,1,EUR,01/03/2026\n", 2, "not an ISO date"),
        ("id,amount,currency,value_date\n,1,EUR,2026-03-01\n", 2, "id is empty"),
        ("id,amount,currency,value_date\nP1,NaN,EUR,2026-03-01\n", 2, "finite"),
    ],
)
def test_bad_payment_files_say_where(tmp_path, text, line, message):
    path = write(tmp_path, "payments.csv", text)
    with pytest.raises(ParseError, match=re.escape(message)) as info:
        read_payments(path)
    assert info.value.file == str(path)
    assert info.value.line == line


def test_bad_item_row(tmp_path):
    bad = ITEMS + "INV-3,C1,10.00,EUR,2026-03-05,2026-03-01,,,\n"
    with pytest.raises(ParseError, match="before issue date") as info:
        read_open_items(write(tmp_path, "items.csv", bad))
    assert info.value.line == 4


def test_missing_file(tmp_path):
    with pytest.raises(ParseError, match="cannot open"):
        read_payments(tmp_path / "nope.csv")


def test_write_matches_and_exceptions(tmp_path):
    result = reconcile(
        [pay("P1", 100, references=["INV-1"]), pay("P2", 5)], [inv("INV-1", 100)], as_of=AS_OF
    )
    assert write_matches(result, tmp_path / "m.csv") == 1
    assert write_exceptions(result, tmp_path / "e.csv") == 1
    [row] = read_rows(tmp_path / "m.csv")
    assert (row["band"], row["kind"], row["item_id"], row["amount"]) == (
        "auto_apply",
        "applied",
        "INV-1",
        "100.00",
    )
    [exc] = read_rows(tmp_path / "e.csv")
    assert (exc["payment_id"], exc["code"]) == ("P2", "no_payer")
