"""Consolidation: many orders or deliveries into few invoices.

Billables are grouped by buyer, currency, payment terms and a host-chosen key
(a project, a cost centre, "one invoice per delivery address" …). Each group
becomes one draft invoice whose lines keep the reference of the order or
delivery they come from. The result does not depend on the input order.

Example:
    >>> from datetime import date
    >>> from otccore.invoicing import (Billable, InvoiceBuilder, LineSpec,
    ...     NetDays, TaxCategory, consolidate)
    >>> from otccore.money import money
    >>> sample = InvoiceBuilder.example().draft()
    >>> s19 = TaxCategory.of("S", 19)
    >>> orders = [
    ...     Billable.create("PO-2", sample.buyer, "EUR",
    ...                     [LineSpec.create("B", 1, money(20, "EUR"), tax_category=s19)], terms=NetDays(30)),
    ...     Billable.create("PO-1", sample.buyer, "EUR",
    ...                     [LineSpec.create("A", 1, money(10, "EUR"), tax_category=s19)], terms=NetDays(30)),
    ... ]
    >>> [inv] = consolidate(orders, seller=sample.seller, issue_date=date(2026, 1, 31))
    >>> [(ln.name, ln.order_reference) for ln in inv.lines], inv.totals.payable
    ([('A', 'PO-1'), ('B', 'PO-2')], Money('35.70', 'EUR'))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

import attrs

from otccore._kernel import day, text
from otccore.errors import DuplicateId, InvalidInput
from otccore.invoicing.builder import InvoiceBuilder
from otccore.invoicing.document import Invoice
from otccore.invoicing.lines import LineSpec
from otccore.invoicing.parties import Party
from otccore.invoicing.terms import PaymentTerms
from otccore.money import check_currency

__all__ = ["Billable", "consolidate"]

_Group = tuple[str, str, str, PaymentTerms | None]


@attrs.frozen
class Billable:
    """An order or delivery ready to invoice: its reference, buyer, currency, lines and terms.

    Example:
        >>> from otccore.invoicing import Billable, LineSpec, Party, TaxCategory
        >>> from otccore.money import money
        >>> b = Billable.create("DN-7", Party.create("C1", name="Acme", country="DE"), "eur",
        ...     [LineSpec.create("A", 1, money(1, "EUR"), tax_category=TaxCategory.of("S", 19))],
        ...     key="site-1")
        >>> b.currency, b.key
        ('EUR', 'site-1')
    """

    reference: str
    buyer: Party
    currency: str
    lines: tuple[LineSpec, ...]
    terms: PaymentTerms | None = None
    key: str = ""

    @classmethod
    def create(
        cls,
        reference: str,
        buyer: Party,
        currency: str,
        lines: Iterable[LineSpec],
        *,
        terms: PaymentTerms | None = None,
        key: str = "",
    ) -> Billable:
        """Named constructor: checks the reference, buyer, currency and lines.

        Example:
            >>> from otccore.invoicing import Billable, Party
            >>> Billable.create("PO-1", Party.create("C1", name="A", country="DE"), "EUR", [])
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: billable 'PO-1' has no lines
        """
        text(reference, "billable reference")
        if not isinstance(buyer, Party):
            raise InvalidInput(f"billable {reference!r}: buyer must be a Party: {buyer!r}")
        specs = tuple(lines)
        if not specs:
            raise InvalidInput(f"billable {reference!r} has no lines")
        for spec in specs:
            if not isinstance(spec, LineSpec):
                raise InvalidInput(f"billable {reference!r}: not a LineSpec: {spec!r}")
        if not isinstance(key, str):
            raise InvalidInput(f"billable {reference!r}: key must be a str: {key!r}")
        try:
            hash(terms)
        except TypeError:
            raise InvalidInput(
                f"billable {reference!r}: terms must be a hashable value (a frozen attrs "
                f"class, as NetDays is): {terms!r}"
            ) from None
        return cls(reference, buyer, check_currency(currency), specs, terms, key)

    @property
    def group(self) -> _Group:
        """The grouping key: (buyer id, currency, key, terms), the terms compared by value."""
        return (self.buyer.id, self.currency, self.key, self.terms)


def _order(group: _Group) -> tuple[str, str, str, str]:
    # invoices come sorted by buyer, currency and key, then by the terms' text; equal
    # terms share one group whatever their text, so the text only orders the groups
    return (group[0], group[1], group[2], repr(group[3]))


def consolidate(
    billables: Iterable[Billable],
    *,
    seller: Party,
    issue_date: date,
    configure: Callable[[InvoiceBuilder, tuple[Billable, ...]], object] | None = None,
) -> tuple[Invoice, ...]:
    """Draft one invoice per (buyer, currency, key, terms) group, sorted by that group.

    Terms are compared by value: two equal terms values built separately (say
    ``EarlyPaymentDiscount(Decimal("2"), …)`` and ``EarlyPaymentDiscount(Decimal("2.00"), …)``)
    put their billables on one invoice.

    Within an invoice the billables come in reference order and each line keeps
    its billable's reference (BT-132 in UBL) unless it has its own; when a group
    holds a single order its reference is also the invoice's order reference
    (BT-13). ``configure(builder, group)`` may add anything else (payment means,
    freight, a prepaid amount) before the draft is made. A reference given twice
    raises :class:`~otccore.errors.DuplicateId`.

    The invoice's buyer is the billables' :class:`Party`, electronic address
    (BT-49) included, so give each billable the buyer's full party. Billables
    of one buyer id whose parties differ (say one with the electronic address
    and one without) raise :class:`~otccore.errors.InvalidInput` rather than
    the invoice silently taking whichever sorts first.

    Example:
        >>> from datetime import date
        >>> from otccore.invoicing import Party, consolidate
        >>> consolidate([], seller=Party.create("S", name="S", country="DE"),
        ...             issue_date=date(2026, 1, 1))
        ()
    """
    day(issue_date, "issue_date")
    ordered = sorted(billables, key=lambda b: b.reference)
    seen: set[str] = set()
    groups: dict[_Group, list[Billable]] = {}
    for bill in ordered:
        if not isinstance(bill, Billable):
            raise InvalidInput(f"not a Billable: {bill!r}")
        if bill.reference in seen:
            raise DuplicateId(f"billable reference given twice: {bill.reference!r}")
        seen.add(bill.reference)
        groups.setdefault(bill.group, []).append(bill)
    invoices: list[Invoice] = []
    # sorted() is stable and the groups were filled in reference order, so groups
    # whose sort keys tie still come in the same order whatever the input order
    for key in sorted(groups, key=_order):
        members = tuple(groups[key])
        first = members[0]
        differing = [bill.reference for bill in members if bill.buyer != first.buyer]
        if differing:
            raise InvalidInput(
                f"billables of buyer {first.buyer.id!r} give different parties: "
                f"{first.reference!r} has {first.buyer!r}, "
                f"{', '.join(map(repr, differing))} another"
            )
        builder = InvoiceBuilder(
            seller=seller, buyer=first.buyer, currency=first.currency, issue_date=issue_date
        )
        for bill in members:
            for spec in bill.lines:
                if spec.order_reference is None:
                    spec = attrs.evolve(spec, order_reference=bill.reference)
                builder.add(spec)
        if first.terms is not None:
            builder.terms(first.terms)
        if len(members) == 1:
            builder.order_reference(first.reference)
        if configure is not None:
            configure(builder, members)
        invoices.append(builder.draft())
    return tuple(invoices)
