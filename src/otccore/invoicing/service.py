"""Issuing: validate, then number, then hand the receivables book an open item.

The number is taken from the :class:`~otccore.invoicing.ports.NumberSequence`
only after the invoice has passed :func:`~otccore.invoicing.validate` and its
open item has been made, once, on a stand-in number, so a refused invoice
consumes no number and a draft never has one.

Example:
    >>> from otccore.adapters.memory import MemoryNumberSequence
    >>> from otccore.invoicing import InvoiceBuilder, NetDays, TaxCategory, issue
    >>> from otccore.money import money
    >>> seq = MemoryNumberSequence()
    >>> draft = (InvoiceBuilder.example().line("A", 1, money(100, "EUR"),
    ...          tax_category=TaxCategory.of("S", 19)).terms(NetDays(30)).draft())
    >>> result = issue(draft, seq)
    >>> result.invoice.number, result.open_item.original, result.open_item.due_date
    ('INV-000001', Money('119.00', 'EUR'), datetime.date(2026, 2, 4))
"""

from __future__ import annotations

import attrs

from otccore._kernel import show
from otccore.errors import InvalidAmount, InvalidInput
from otccore.invoicing.document import DocumentType, Invoice
from otccore.invoicing.peppol import ValidationProfile
from otccore.invoicing.ports import NumberSequence, check_series
from otccore.invoicing.validation import validate
from otccore.invoicing.violation import Violation
from otccore.ports import EventSink
from otccore.receivables import DiscountTerm, ItemId, ItemKind, OpenItem
from otccore.receivables.events import ItemIssued

__all__ = ["IssueResult", "issue", "open_item"]


@attrs.frozen
class IssueResult:
    """The outcome of :func:`issue`: the numbered invoice and its open item, or the violations.

    Example:
        >>> from otccore.invoicing import IssueResult
        >>> IssueResult(None, None, ()).issued
        False
    """

    invoice: Invoice | None
    open_item: OpenItem | None
    violations: tuple[Violation, ...]

    @property
    def issued(self) -> bool:
        """True when the invoice was numbered (no violations)."""
        return self.invoice is not None


def _default_series(invoice: Invoice) -> str:
    return "CN" if invoice.type is DocumentType.CREDIT_NOTE else "INV"


def issue(
    draft: Invoice,
    sequence: NumberSequence,
    *,
    series: str | None = None,
    number_format: str = "{series}-{value:06d}",
    profile: ValidationProfile | str = ValidationProfile.PEPPOL,
    events: EventSink | None = None,
) -> IssueResult:
    """Validate ``draft``; if it is valid, number it and make its open item.

    The draft is validated under ``profile``: by default Peppol BIS Billing 3.0,
    so both parties need an electronic address (PEPPOL-EN16931-R020 and R010);
    ``profile="en16931"`` issues plain EN 16931 invoices without that
    requirement (see :class:`~otccore.invoicing.ValidationProfile`).

    ``series`` defaults to ``"INV"`` for invoices and ``"CN"`` for credit notes;
    ``number_format`` is a :meth:`str.format` pattern over ``series`` and
    ``value``. A payment means without a payment reference gets the number as
    its reference. An invoice whose amount due is zero (fully prepaid) has no
    open item. An invalid draft is refused with its violations and takes no
    number; an already numbered invoice, a bad series or number format, or a
    draft whose open item cannot be made (a due date before the issue date, a
    discount percent out of range) raises :class:`~otccore.errors.InvalidInput`,
    also before any number is taken.

    ``events``, when given, receives one
    :class:`~otccore.receivables.events.ItemIssued` carrying the open item of
    the issued invoice or credit note (its ``order_id`` is the document's order
    reference, BT-13, when it has one), so credit and collections learn of it
    through their ``handle``; a refused draft, or one with nothing due, emits
    nothing.

    Example:
        >>> from otccore.adapters.memory import MemoryNumberSequence
        >>> from otccore.invoicing import InvoiceBuilder, issue
        >>> seq = MemoryNumberSequence()
        >>> refused = issue(InvoiceBuilder.example().draft(), seq)
        >>> refused.issued, [v.rule for v in refused.violations], seq.current("INV")
        (False, ['BR-16', 'BR-CO-18'], 0)
    """
    if not isinstance(draft, Invoice):
        raise InvalidInput(f"expected an Invoice draft, not {type(draft).__name__}: {draft!r}")
    if draft.number is not None:
        raise InvalidInput(f"invoice {draft.number!r} is already issued")
    violations = validate(draft, profile=profile)
    if violations:
        return IssueResult(None, None, violations)
    if events is not None and not callable(getattr(events, "emit", None)):
        raise InvalidInput(f"events must be an EventSink: {events!r}")
    name = check_series(series if series is not None else _default_series(draft))
    # Everything that can still fail (the number format, the open item with its
    # amount in minor units, due date and discount terms) is built once, on a
    # stand-in number, before a number is taken, so a refused invoice takes no
    # number from the sequence; the real number is then only written in.
    stand_in = _number(number_format, name, 1)
    item = _open_item(draft, stand_in) if draft.totals.payable.amount != 0 else None
    number = _number(number_format, name, sequence.next_value(name))
    means = draft.payment_means
    default_reference = means is None or means.payment_reference is None
    if means is not None and means.payment_reference is None:
        means = attrs.evolve(means, payment_reference=number)
    invoice = attrs.evolve(draft, number=number, payment_means=means)
    if item is not None:
        reference = number if default_reference else item.payment_reference
        item = attrs.evolve(item, id=ItemId(number), number=number, payment_reference=reference)
        if events is not None:
            events.emit(ItemIssued(item, order_id=invoice.order_reference))
    return IssueResult(invoice, item, ())


def _number(number_format: str, series: str, value: int) -> str:
    try:
        number = number_format.format(series=series, value=value)
    except (KeyError, IndexError, ValueError) as exc:
        raise InvalidInput(f"bad number format {number_format!r}: {exc}") from None
    if not number.strip():
        raise InvalidInput(f"number format {number_format!r} gives an empty number")
    return number


def open_item(invoice: Invoice) -> OpenItem:
    """The receivables item of an issued invoice or credit note.

    An invoice is owed (positive, with its discount terms); a credit note, or
    a negative invoice, is a credit (negative). The amount is BT-115; the due
    date BT-9 (the issue date when absent); the payment reference the payment
    means' (else the number).

    Example:
        >>> from datetime import date
        >>> from decimal import Decimal
        >>> from otccore.adapters.memory import MemoryNumberSequence
        >>> from otccore.invoicing import open_item
        >>> from otccore.money import money
        >>> from otccore.invoicing import (EarlyPaymentDiscount, InvoiceBuilder, NetDays,
        ...                                TaxCategory, issue)
        >>> inv = issue(InvoiceBuilder.example().line("A", 1, money(100, "EUR"),
        ...     tax_category=TaxCategory.of("S", 19)).terms(EarlyPaymentDiscount(Decimal(2), 10,
        ...     NetDays(30))).draft(), MemoryNumberSequence()).invoice
        >>> item = open_item(inv)
        >>> item.discount_on(date(2026, 1, 15)), item.payment_reference
        (Money('2.38', 'EUR'), 'INV-000001')
    """
    if invoice.number is None:
        raise InvalidInput("a draft has no open item: issue it first")
    return _open_item(invoice, invoice.number)


def _open_item(invoice: Invoice, number: str) -> OpenItem:
    """The open item of ``invoice`` under ``number`` (a draft's, on a stand-in number)."""
    payable = invoice.totals.payable
    signed = -payable if invoice.type is DocumentType.CREDIT_NOTE else payable
    if signed.amount == 0:
        raise InvalidAmount(f"invoice {number!r} has nothing due: {show(payable)}")
    kind = ItemKind.INVOICE if signed.amount > 0 else ItemKind.CREDIT_NOTE
    discounts = (
        tuple(DiscountTerm(d.until, d.percent, d.base) for d in invoice.discounts)
        if kind is ItemKind.INVOICE
        else ()
    )
    means = invoice.payment_means
    reference = means.payment_reference if means is not None else None
    due = invoice.due_date if invoice.due_date is not None else invoice.issue_date
    return OpenItem.create(
        kind,
        number,
        invoice.buyer.id,
        signed,
        issue_date=invoice.issue_date,
        due_date=max(due, invoice.issue_date) if kind is ItemKind.CREDIT_NOTE else due,
        discounts=discounts,
        payment_reference=reference if reference is not None else number,
    )
