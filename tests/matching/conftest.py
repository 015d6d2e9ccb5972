from datetime import date, timedelta

import pytest

from otccore.money import money
from otccore.receivables import Customer, OpenItem, Payment

AS_OF = date(2026, 3, 31)


def inv(number, amount, customer="C1", *, days=0, **kw):
    issued = date(2026, 2, 1) + timedelta(days=days)
    return OpenItem.invoice(
        number,
        customer,
        money(amount, kw.pop("currency", "EUR")),
        issue_date=issued,
        due_date=issued + timedelta(days=30),
        **kw,
    )


def pay(pid, amount, *, currency="EUR", value_date=AS_OF, **kw):
    return Payment.create(pid, money(amount, currency), value_date=value_date, **kw)


ACCOUNT = "NL91ABNA0417164300"


@pytest.fixture
def acme():
    return Customer.create("C1", "Acme Trading GmbH", "EUR", bank_accounts=[ACCOUNT])


@pytest.fixture
def beta():
    return Customer.create("C2", "Beta Foods Ltd", "EUR", bank_accounts=["BE71096123456769"])
