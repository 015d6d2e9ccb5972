"""Demo stage: issue a few invoices through the builder, show totals and VAT, write one UBL file."""

from __future__ import annotations

import random
import tempfile
import zlib
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from stdnum import ean

from otccore.adapters.memory import MemoryNumberSequence
from otccore.adapters.sqlite import SqliteNumberSequence
from otccore.adapters.ubl import write_ubl
from otccore.errors import InvalidInput
from otccore.invoicing import (
    EarlyPaymentDiscount,
    Invoice,
    InvoiceBuilder,
    NetDays,
    NumberSequence,
    Party,
    TaxCategory,
    issue,
)
from otccore.money import Money, allocate, check_currency, from_minor
from otccore.receivables import Customer, OpenItem

if TYPE_CHECKING:
    from otccore._demo.context import DemoContext

__all__ = [
    "DEMO_IBAN",
    "DEMO_SELLER",
    "demo_buyer",
    "issue_demo_invoice",
    "make_book_invoice",
    "stage",
]

DEMO_IBAN = "DE89370400440532013000"
"""The seller's account in the demo (the well-known example IBAN)."""

DEMO_SELLER = Party.create(
    "SELLER",
    name="otccore Demo Supplies GmbH",
    country="DE",
    vat_id="DE123456789",
    city="Berlin",
    postal_zone="10115",
    endpoint="DE123456789",
    endpoint_scheme="9930",
)
"""The demo's seller, reached over Peppol at its German VAT number (scheme 9930)."""


def demo_buyer(customer: Customer, *, country: str) -> Party:
    """The buyer party of a demo customer, with a Peppol electronic address.

    A receivables customer carries no electronic address, so the demo makes one:
    a GLN (scheme 0088) with a valid GS1 check digit, derived from the customer
    id. Its prefix 02 is GS1's range for restricted (in-company) circulation, so
    no real company's GLN is made up.

    Example:
        >>> from stdnum import ean
        >>> from otccore._demo.invoicing import demo_buyer
        >>> from otccore.receivables import Customer
        >>> party = demo_buyer(Customer.create("C1", "Acme", "EUR"), country="DE")
        >>> party.endpoint_scheme, len(party.endpoint), ean.is_valid(party.endpoint)
        ('0088', 13, True)
    """
    digits = f"0200{zlib.crc32(customer.id.encode()) % 10**8:08d}"
    return Party.from_customer(
        customer,
        country=country,
        endpoint=digits + ean.calc_check_digit(digits),
        endpoint_scheme="0088",
    )


def issue_demo_invoice(
    *,
    sequence: NumberSequence,
    seller: Party,
    buyer: Customer,
    lines: Sequence[tuple[str, Decimal, Money]],
    vat_rate: Decimal,
    issue_date: date,
    net_days: int,
    discount: tuple[Decimal, int] | None,
    series: str | None = None,
    number_format: str = "{series}-{value:06d}",
) -> tuple[Invoice, OpenItem]:
    """Build, validate and issue one invoice; return it with its receivables open item.

    ``lines`` are (description, quantity, net unit price); every line carries
    standard VAT at ``vat_rate`` (zero-rated when the rate is 0). ``discount`` is
    (percent, days) for "percent/days net ``net_days``" terms. The buyer is the
    receivables customer (country taken from the seller, electronic address from
    :func:`demo_buyer`, so the invoice is Peppol-valid); payment is by SEPA
    credit transfer to :data:`DEMO_IBAN` with the invoice number as reference.
    ``series`` and ``number_format`` go to :func:`~otccore.invoicing.issue`.
    A refused invoice raises :class:`~otccore.errors.InvalidInput` listing the rules.

    Example:
        >>> from datetime import date
        >>> from decimal import Decimal
        >>> from otccore._demo.invoicing import DEMO_SELLER, issue_demo_invoice
        >>> from otccore.adapters.memory import MemoryNumberSequence
        >>> from otccore.money import money
        >>> from otccore.receivables import Customer
        >>> inv, item = issue_demo_invoice(
        ...     sequence=MemoryNumberSequence(), seller=DEMO_SELLER,
        ...     buyer=Customer.create("C1", "Acme", "EUR"),
        ...     lines=[("Widget", Decimal(3), money("9.99", "EUR"))], vat_rate=Decimal(19),
        ...     issue_date=date(2026, 1, 5), net_days=30, discount=(Decimal(2), 10))
        >>> inv.number, item.original, item.due_date, item.discount_on(date(2026, 1, 15))
        ('INV-000001', Money('35.66', 'EUR'), datetime.date(2026, 2, 4), Money('0.71', 'EUR'))
    """
    if not isinstance(buyer, Customer):
        raise InvalidInput(f"buyer must be a Customer: {buyer!r}")
    currency = check_currency(buyer.currency)
    vat = TaxCategory.of("Z", 0) if vat_rate == 0 else TaxCategory.of("S", vat_rate)
    builder = InvoiceBuilder(
        seller=seller,
        buyer=demo_buyer(buyer, country=seller.country),
        currency=currency,
        issue_date=issue_date,
    )
    for description, quantity, price in lines:
        builder.line(description, quantity, price, tax_category=vat)
    net = NetDays(net_days)
    if discount is None:
        builder.terms(net)
    else:
        builder.terms(EarlyPaymentDiscount(discount[0], discount[1], net))
    builder.payment_means("58", iban=DEMO_IBAN)
    result = issue(builder.draft(), sequence, series=series, number_format=number_format)
    if result.invoice is None or result.open_item is None:
        rules = "; ".join(str(v) for v in result.violations) or "nothing is due"
        raise InvalidInput(f"demo invoice for {buyer.id!r} refused: {rules}")
    return result.invoice, result.open_item


def make_book_invoice(
    *,
    number: str,
    customer: Customer,
    net_minor: int,
    issue_date: date,
    net_days: int,
    discount: tuple[Decimal, int] | None,
    rng: random.Random,
) -> OpenItem:
    """One invoice of the demo book (``otccore._demo.book.generate_book``) through the builder.

    The net amount is split over one to three catalogue lines (with
    :func:`~otccore.money.allocate`, so the net total is exact) at 19 % VAT, and
    the invoice is issued under the book's own number (``INV-2026-000123`` is
    value 123 of series ``INV-2026``).

    Example:
        >>> import random
        >>> from datetime import date
        >>> from otccore._demo.invoicing import make_book_invoice
        >>> from otccore.receivables import Customer
        >>> item = make_book_invoice(number="INV-2026-000123",
        ...     customer=Customer.create("C1", "Acme", "EUR"), net_minor=10000,
        ...     issue_date=date(2026, 1, 5), net_days=30, discount=None, rng=random.Random(1))
        >>> item.number, item.original
        ('INV-2026-000123', Money('119.00', 'EUR'))
    """
    series, _, digits = number.rpartition("-")
    if series and digits.isdigit() and len(digits) == 6:
        sequence = MemoryNumberSequence({series: int(digits) - 1})
        number_format = "{series}-{value:06d}"
    else:
        series, sequence, number_format = number, MemoryNumberSequence(), "{series}"
    net = from_minor(net_minor, customer.currency)
    count = 1 + rng.randrange(3)
    picks = rng.sample(_CATALOGUE, count)
    parts = allocate(net, [1] * count)
    lines = [(name, Decimal(1), part) for (name, _), part in zip(picks, parts, strict=True)]
    _, item = issue_demo_invoice(
        sequence=sequence,
        seller=DEMO_SELLER,
        buyer=customer,
        lines=lines,
        vat_rate=Decimal(19),
        issue_date=issue_date,
        net_days=net_days,
        discount=discount,
        series=series,
        number_format=number_format,
    )
    return item


_CATALOGUE = (
    ("Industrial fastener kit", Decimal("12.50")),
    ("Hydraulic hose 2 m", Decimal("38.90")),
    ("Safety gloves (pair)", Decimal("4.75")),
    ("Pallet wrap roll", Decimal("19.99")),
    ("Torque wrench", Decimal("129.00")),
)


def stage(ctx: DemoContext) -> None:
    """Issue one invoice per demo customer (up to five), print them and write one as UBL."""
    from rich.table import Table

    sequence = SqliteNumberSequence(ctx.db)
    customers = list(ctx.customers[:5]) or [Customer.create("DEMO-1", "Demo Customer", "EUR")]
    issued: list[Invoice] = []
    for i, customer in enumerate(customers):
        n = 1 + ctx.rng.randrange(3)
        picks = ctx.rng.sample(_CATALOGUE, n)
        lines = [
            (name, Decimal(1 + ctx.rng.randrange(20)), Money(price, customer.currency))
            for name, price in picks
        ]
        invoice, _ = issue_demo_invoice(
            sequence=sequence,
            seller=DEMO_SELLER,
            buyer=customer,
            lines=lines,
            vat_rate=Decimal(19) if i % 3 else Decimal(7),
            issue_date=ctx.as_of,
            net_days=30,
            discount=(Decimal(2), 10) if i % 2 == 0 else None,
        )
        issued.append(invoice)

    table = Table(title="Invoices issued through the EN 16931 builder")
    for column in ("number", "customer", "net (BT-109)", "VAT (BT-110)", "due (BT-115)", "VAT"):
        table.add_column(column, justify="right" if "BT" in column else "left")
    for inv in issued:
        vat = ", ".join(
            f"{g.tax_category.category.value} {g.tax_category.rate}%: {g.tax.amount}"
            for g in inv.vat_breakdown
        )
        t = inv.totals
        table.add_row(
            inv.number or "",
            inv.buyer.name,
            f"{t.tax_exclusive.amount} {inv.currency}",
            f"{t.tax_total.amount}",
            f"{t.payable.amount}",
            vat,
        )
    ctx.console.print(table)
    folder = Path(tempfile.mkdtemp(prefix="otccore-ubl-"))
    path = folder / f"{issued[0].number}.xml"
    path.write_bytes(write_ubl(issued[0]))
    ctx.console.print(f"Peppol BIS 3.0 UBL of {issued[0].number} written to {path}")
