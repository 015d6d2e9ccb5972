from datetime import date

import pytest

from otccore.errors import InvalidInput
from otccore.matching import PayerIndex
from otccore.money import money
from otccore.receivables import Customer, Payment


def payment(**kw):
    return Payment.create("P", money(1, "EUR"), value_date=date(2026, 1, 1), **kw)


CUSTOMERS = [
    Customer.create("C1", "Acme Trading GmbH", "EUR", bank_accounts=["ACC1", "SHARED"]),
    Customer.create("C2", "Acme Trading Ltd", "EUR", bank_accounts=["SHARED"]),
    Customer.create("C3", "Zephyr Optics SA", "EUR"),
]


def test_a_shared_account_identifies_nobody():
    idx = PayerIndex.build(CUSTOMERS)
    assert idx.identify(payment(payer_account="ACC1")).customers == ("C1",)
    assert not idx.by_account(payment(payer_account="SHARED")).found


def test_two_customers_with_the_same_normalised_name_are_not_guessed():
    idx = PayerIndex.build(CUSTOMERS)
    assert not idx.identify(payment(payer_name="ACME TRADING")).found


def test_fuzzy_name_with_a_typo():
    idx = PayerIndex.build(CUSTOMERS)
    found = idx.identify(payment(payer_name="Zephir Optics"))
    assert (found.customers, found.method, found.points) == (("C3",), "payer_name", 10)


def test_unrelated_name_is_not_identified():
    idx = PayerIndex.build(CUSTOMERS)
    assert not idx.identify(payment(payer_name="Quartz Paper")).found


def test_alias_wins_over_name():
    idx = PayerIndex.build(CUSTOMERS, aliases={"ACME TRADING": "C2"})
    assert idx.identify(payment(payer_name="acme trading")).customers == ("C2",)


def test_alias_to_unknown_customer():
    with pytest.raises(InvalidInput, match="unknown customer"):
        PayerIndex.build(CUSTOMERS, aliases={"X": "C9"})


def test_named_is_exact_only():
    idx = PayerIndex.build(CUSTOMERS, aliases={"ZO NL BRANCH": "C3"})
    assert idx.named("ZEPHYR OPTICS") == ("C3",)
    assert idx.named("zo nl branch") == ("C3",)
    assert idx.named("Acme Trading") == ("C1", "C2")  # both have this name
    assert idx.named("Zephir Optics") == ()  # a typo: no fuzzy matching here
    assert idx.named("") == ()
