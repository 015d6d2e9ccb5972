"""Consolidation: grouped by buyer, currency, terms and host key; lines keep their order."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otccore.errors import DuplicateId, InvalidInput
from otccore.invoicing import (
    Billable,
    EarlyPaymentDiscount,
    EndOfMonth,
    InvoiceBuilder,
    LineSpec,
    NetDays,
    Party,
    TaxCategory,
    consolidate,
    validate,
)
from otccore.money import money

S19 = TaxCategory.of("S", 19)
SELLER = InvoiceBuilder.example().draft().seller
# buyers with their Peppol electronic addresses: a GLN and a French SIRET
ACME = Party.create(
    "C1", name="Acme", country="DE", endpoint="4000001000005", endpoint_scheme="0088"
)
BETA = Party.create(
    "C2", name="Beta", country="FR", endpoint="73282932000074", endpoint_scheme="0009"
)
NET30 = NetDays(30)


def _bill(
    ref: str,
    buyer: Party = ACME,
    currency: str = "EUR",
    terms=NET30,
    key: str = "",
    amount: str = "10",
):
    return Billable.create(
        ref,
        buyer,
        currency,
        [LineSpec.create(f"Item of {ref}", 1, money(amount, currency), tax_category=S19)],
        terms=terms,
        key=key,
    )


BILLS = [
    _bill("PO-3"),
    _bill("PO-1"),
    _bill("PO-2", buyer=BETA),
    _bill("PO-4", currency="USD"),
    _bill("PO-5", terms=EndOfMonth(30)),
    _bill("PO-6", key="site-B"),
    _bill("PO-7", key="site-B"),
]


def _summary(invoices):
    return [
        (
            inv.buyer.id,
            inv.currency,
            inv.order_reference,
            [(ln.name, ln.order_reference) for ln in inv.lines],
        )
        for inv in invoices
    ]


def test_grouping_by_buyer_currency_terms_and_key() -> None:
    # groups sorted by (buyer, currency, key, terms): EndOfMonth sorts before NetDays
    invoices = consolidate(BILLS, seller=SELLER, issue_date=date(2026, 1, 31))
    assert _summary(invoices) == [
        ("C1", "EUR", "PO-5", [("Item of PO-5", "PO-5")]),
        ("C1", "EUR", None, [("Item of PO-1", "PO-1"), ("Item of PO-3", "PO-3")]),
        ("C1", "EUR", None, [("Item of PO-6", "PO-6"), ("Item of PO-7", "PO-7")]),
        ("C1", "USD", "PO-4", [("Item of PO-4", "PO-4")]),
        ("C2", "EUR", "PO-2", [("Item of PO-2", "PO-2")]),
    ]
    assert [inv.due_date for inv in invoices][:2] == [date(2026, 3, 2), date(2026, 3, 2)]
    assert all(validate(inv) == () for inv in invoices)


def test_a_line_keeps_its_own_order_reference() -> None:
    spec = LineSpec.create("A", 1, money(1, "EUR"), tax_category=S19, order_reference="PO-9/line-2")
    [inv] = consolidate(
        [Billable.create("DN-1", ACME, "EUR", [spec], terms=NetDays(30))],
        seller=SELLER,
        issue_date=date(2026, 1, 31),
    )
    assert inv.lines[0].order_reference == "PO-9/line-2"


def test_configure_adds_to_each_invoice() -> None:
    def freight(builder: InvoiceBuilder, group) -> None:
        builder.charge(
            money("4.90", group[0].currency), reason="Freight", code="FC", tax_category=S19
        )

    invoices = consolidate(
        BILLS[:2], seller=SELLER, issue_date=date(2026, 1, 31), configure=freight
    )
    assert [inv.totals.charge_total for inv in invoices] == [money("4.90", "EUR")]


@settings(max_examples=30, deadline=None)
@given(st.permutations(BILLS))
def test_the_result_does_not_depend_on_input_order(bills) -> None:
    assert consolidate(bills, seller=SELLER, issue_date=date(2026, 1, 31)) == consolidate(
        BILLS, seller=SELLER, issue_date=date(2026, 1, 31)
    )


def test_bad_billables() -> None:
    with pytest.raises(DuplicateId, match="PO-1"):
        consolidate([_bill("PO-1"), _bill("PO-1")], seller=SELLER, issue_date=date(2026, 1, 31))
    with pytest.raises(InvalidInput, match="no lines"):
        Billable.create("PO-1", ACME, "EUR", [])
    with pytest.raises(InvalidInput, match="buyer must be a Party"):
        Billable.create("PO-1", "C1", "EUR", [])  # type: ignore[arg-type]


def test_equal_terms_built_separately_share_an_invoice() -> None:
    # equal values whose repr differs (Decimal("2") == Decimal("2.00")): one group
    two = EarlyPaymentDiscount(Decimal("2"), 10, NetDays(30))
    two_again = EarlyPaymentDiscount(Decimal("2.00"), 10, NetDays(30))
    assert two == two_again and two is not two_again and repr(two) != repr(two_again)
    bills = [_bill("PO-1", terms=two), _bill("PO-2", terms=two_again), _bill("PO-3", terms=NET30)]
    invoices = consolidate(bills, seller=SELLER, issue_date=date(2026, 1, 31))
    assert [[ln.order_reference for ln in inv.lines] for inv in invoices] == [
        ["PO-1", "PO-2"],
        ["PO-3"],
    ]
    assert invoices[0].discounts[0].amount == money("0.48", "EUR")  # 2 % of 23.80
    for order in (bills, bills[::-1]):
        assert consolidate(order, seller=SELLER, issue_date=date(2026, 1, 31)) == invoices


def test_terms_must_be_hashable_values() -> None:
    class Loose:  # terms-like, but a mutable, unhashable object
        __hash__ = None  # type: ignore[assignment]

        def schedule(self, *args: object) -> None: ...

    with pytest.raises(InvalidInput, match="terms must be a hashable value"):
        _bill("PO-1", terms=Loose())


def test_billables_of_one_buyer_must_agree_on_its_party() -> None:
    # without the check the invoice would take PO-1's party and lose the endpoint
    no_address = Party.create("C1", name="Acme", country="DE")
    bills = [_bill("PO-2"), _bill("PO-1", buyer=no_address), _bill("PO-3")]
    for order in (bills, bills[::-1]):
        with pytest.raises(
            InvalidInput, match=r"buyer 'C1' give different parties.*'PO-2', 'PO-3'"
        ):
            consolidate(order, seller=SELLER, issue_date=date(2026, 1, 31))
    # different parties of one buyer in different groups do not meet
    apart = [_bill("PO-1", buyer=no_address, currency="USD"), _bill("PO-2")]
    invoices = consolidate(apart, seller=SELLER, issue_date=date(2026, 1, 31))
    assert [inv.buyer.endpoint for inv in invoices] == ["4000001000005", None]
