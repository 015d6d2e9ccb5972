"""Credit notes (381) and negative invoices (380) for an issued invoice, in full or in part.

A credit note keeps the credited invoice's signs (positive quantities and
amounts) and references it (BT-25, BT-26); in the receivables book it is a credit.
A negative invoice is an invoice (380) whose quantities and amounts are negated
while prices stay positive. Either credits the whole invoice (the document is
the invoice's mirror, including its document-level part, so the receivable is
cancelled to the cent) or the lines you choose, each in full or for part of its
quantity.

The document-level part of an invoice is its document-level allowances and
charges (BG-20, BG-21), its prepaid amount (BT-113) and its rounding amount
(BT-114). A partial credit leaves it out unless asked for with
``document_level=True``, which adds it once, as the invoice states it: crediting
every line one at a time, one of the credits with the document-level part, gives
back the invoice's net amounts, allowances, charges, prepaid and rounding amounts
exactly. The VAT of each credit note is computed on its own lines (BR-CO-17 holds
on every document), so in the default document-level VAT rounding the credits'
VAT may differ from the invoice's by the rounding of each credit: in each VAT
group by at most half a minor unit per credit note plus the invoice's own half.
With line-level rounding it adds up exactly.
A partial credit keeps the tax currency (BT-6): its VAT total in that currency
(BT-111) is converted from its own VAT at the rate of the invoice's issue date,
so it needs the ``rates``.

Example:
    >>> from datetime import date
    >>> from otccore.adapters.memory import MemoryNumberSequence
    >>> from otccore.invoicing import InvoiceBuilder, NetDays, TaxCategory, credit_note, issue
    >>> from otccore.money import money
    >>> seq = MemoryNumberSequence()
    >>> inv = issue(InvoiceBuilder.example().line("A", 2, money(50, "EUR"),
    ...     tax_category=TaxCategory.of("S", 19)).terms(NetDays(30)).draft(), seq).invoice
    >>> cn = credit_note(inv, issue_date=date(2026, 1, 20))
    >>> cn.type.value, cn.preceding[0].number, cn.totals.payable
    ('381', 'INV-000001', Money('119.00', 'EUR'))
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Required, TypedDict, Unpack

import attrs

from otccore._kernel import HALF_UP, day
from otccore.errors import InvalidInput, NotFound
from otccore.invoicing._amounts import step
from otccore.invoicing._arith import round_half_up
from otccore.invoicing.builder import InvoiceBuilder
from otccore.invoicing.document import DocumentReference, DocumentType, Invoice, Totals
from otccore.invoicing.lines import AllowanceCharge, InvoiceLine, LineSpec
from otccore.invoicing.tax import VatBreakdown
from otccore.money import FxRates, Money, as_decimal

__all__ = ["CreditChoice", "credit_note", "negative_invoice"]

Selection = Mapping[str, object] | Iterable[str] | None


class CreditChoice(TypedDict, total=False):
    """The keywords of :func:`credit_note` and :func:`negative_invoice`.

    Example:
        >>> from datetime import date
        >>> from otccore.invoicing.credit import CreditChoice
        >>> CreditChoice(issue_date=date(2026, 2, 1), lines=["1"])
        {'issue_date': datetime.date(2026, 2, 1), 'lines': ['1']}
    """

    issue_date: Required[date]
    lines: Selection
    document_level: bool | None
    rates: FxRates | None


def _selection(invoice: Invoice, lines: Selection) -> dict[str, Decimal]:
    if lines is None:
        return {ln.id: ln.quantity for ln in invoice.lines}
    by_id = {ln.id: ln for ln in invoice.lines}
    chosen: dict[str, Decimal] = {}
    items = lines.items() if isinstance(lines, Mapping) else ((i, None) for i in lines)
    for line_id, qty in items:
        line = by_id.get(line_id)
        if line is None:
            raise NotFound(f"invoice {invoice.number!r} has no line {line_id!r}")
        q = line.quantity if qty is None else as_decimal(qty, what=f"line {line_id!r} quantity")
        if q == 0 or abs(q) > abs(line.quantity) or (q > 0) != (line.quantity > 0):
            raise InvalidInput(
                f"line {line_id!r}: credited quantity {q} must be non-zero, of the line's sign "
                f"and at most its quantity {line.quantity}"
            )
        chosen[line_id] = q
    if not chosen:
        raise InvalidInput("choose at least one line to credit")
    return chosen


def _has_document_part(invoice: Invoice) -> bool:
    t = invoice.totals
    return bool(invoice.allowance_charges) or t.prepaid.amount != 0 or t.rounding.amount != 0


def _part(
    invoice: Invoice,
    chosen: dict[str, Decimal],
    issue_date: date,
    document_level: bool,
    rates: FxRates | None,
) -> Invoice:
    builder = InvoiceBuilder(
        seller=invoice.seller,
        buyer=invoice.buyer,
        currency=invoice.currency,
        issue_date=issue_date,
    ).vat_rounding(invoice.vat_rounding)
    for group in invoice.vat_breakdown:
        if group.exemption_reason is not None:
            builder.exemption(
                group.tax_category.category, group.exemption_reason, code=group.exemption_code
            )
    if invoice.tax_currency is not None:
        if rates is None:
            raise InvalidInput(
                f"invoice {invoice.number!r} states its VAT also in {invoice.tax_currency} "
                "(BT-6): a partial credit needs the rates to convert its own VAT at the "
                "invoice's rate"
            )
        builder.tax_currency(invoice.tax_currency, rates, on=invoice.issue_date)
    q = step(invoice.currency)
    for ln in invoice.lines:
        qty = chosen.get(ln.id)
        if qty is None:
            continue
        price = ln.gross_price if ln.gross_price is not None else ln.price
        builder.add(
            LineSpec.create(
                ln.name,
                qty,
                price,
                tax_category=ln.tax_category,
                base_quantity=ln.base_quantity,
                unit=ln.unit_code,
                price_discount=ln.price_discount,
                order_reference=ln.order_reference,
                id=ln.id,
            )
        )
        for ac in ln.allowance_charges:
            add = builder.line_charge if ac.is_charge else builder.line_allowance
            if ac.percent is not None:
                add(percent=ac.percent, reason=ac.reason, code=ac.reason_code)
            else:
                with decimal.localcontext(HALF_UP):
                    part = round_half_up(ac.amount.amount * qty / ln.quantity, q)
                add(Money(part, invoice.currency), reason=ac.reason, code=ac.reason_code)
    if not document_level:
        return builder.draft()
    for ac in invoice.allowance_charges:
        builder.allowance_charge(ac)
    builder.prepaid(invoice.totals.prepaid)
    # the invoice's rounding amount (BT-114) as stated; BT-115 = BT-112 - BT-113 + BT-114
    builder.rounding_amount(invoice.totals.rounding)
    return builder.draft()


def _base(
    invoice: Invoice,
    *,
    issue_date: date,
    lines: Selection = None,
    document_level: bool | None = None,
    rates: FxRates | None = None,
) -> Invoice:
    if invoice.number is None:
        raise InvalidInput("only an issued invoice can be credited")
    if invoice.type is not DocumentType.INVOICE:
        raise InvalidInput(f"only an invoice (380) can be credited, not {invoice.type.value}")
    day(issue_date, "issue_date")
    if document_level is not None and not isinstance(document_level, bool):
        raise InvalidInput(f"document_level must be a bool or None: {document_level!r}")
    if rates is not None and not callable(getattr(rates, "rate", None)):
        raise InvalidInput(f"rates must implement FxRates: {rates!r}")
    chosen = _selection(invoice, lines)
    with_document_part = lines is None if document_level is None else document_level
    everything = all(chosen.get(ln.id) == ln.quantity for ln in invoice.lines)
    if everything and (with_document_part or not _has_document_part(invoice)):
        doc = attrs.evolve(invoice, issue_date=issue_date)  # the invoice's mirror
    else:
        doc = _part(invoice, chosen, issue_date, with_document_part, rates)
    return attrs.evolve(
        doc,
        number=None,
        due_date=None,
        terms_note=f"Credits invoice {invoice.number} of {invoice.issue_date.isoformat()}",
        discounts=(),
        installments=(),
        payment_means=None,
        order_reference=invoice.order_reference,
        buyer_reference=invoice.buyer_reference,
        preceding=(DocumentReference(invoice.number, invoice.issue_date),),
    )


def credit_note(invoice: Invoice, **choice: Unpack[CreditChoice]) -> Invoice:
    """A draft credit note (381) for ``invoice``, with the invoice's signs.

    ``choice`` (:class:`CreditChoice`): ``issue_date`` (required) is the credit
    note's date; ``lines`` chooses what to credit: ``None`` for everything, an iterable of
    line ids for those lines in full, or a mapping ``{line id: quantity}`` for
    part of a line (fixed line allowances and charges pro rata, percentages as
    such). ``document_level`` says whether the credit carries the invoice's
    document-level allowances and charges, prepaid and rounding amounts: by
    default it does when crediting everything (``lines=None``) and does not for
    chosen lines. ``rates`` convert the VAT of a credit that is not the invoice's
    mirror into the invoice's tax currency, at the invoice's issue date; such a
    credit of an invoice with a tax currency needs them. Its terms note (BT-20) names the credited invoice; it has no due date,
    payment means or discount (the receivables item is due at once).

    Example:
        >>> from datetime import date
        >>> from otccore.adapters.memory import MemoryNumberSequence
        >>> from otccore.invoicing import InvoiceBuilder, NetDays, TaxCategory, credit_note, issue
        >>> from otccore.money import money
        >>> inv = issue(InvoiceBuilder.example()
        ...     .line("A", 10, money(10, "EUR"), tax_category=TaxCategory.of("S", 19))
        ...     .line("B", 1, money(50, "EUR"), tax_category=TaxCategory.of("S", 7))
        ...     .charge(money(5, "EUR"), reason="Freight", tax_category=TaxCategory.of("S", 19))
        ...     .terms(NetDays(30)).draft(), MemoryNumberSequence()).invoice
        >>> part = credit_note(inv, issue_date=date(2026, 2, 1), lines={"1": 3})
        >>> [(ln.id, ln.quantity) for ln in part.lines], part.totals.payable
        ([('1', Decimal('3'))], Money('35.70', 'EUR'))
        >>> rest = credit_note(inv, issue_date=date(2026, 2, 1), lines={"1": 7, "2": 1},
        ...                    document_level=True)
        >>> rest.totals.charge_total, (part.totals.payable + rest.totals.payable) == inv.totals.payable
        (Money('5.00', 'EUR'), True)
    """
    return attrs.evolve(_base(invoice, **choice), type=DocumentType.CREDIT_NOTE)


def _neg(value: Money) -> Money:
    return Money(-value.amount, value.currency.code)


def _neg_ac(ac: AllowanceCharge) -> AllowanceCharge:
    return attrs.evolve(
        ac,
        amount=_neg(ac.amount),
        base_amount=None if ac.base_amount is None else _neg(ac.base_amount),
    )


def _neg_line(ln: InvoiceLine) -> InvoiceLine:
    return attrs.evolve(
        ln,
        quantity=-ln.quantity,
        net_amount=_neg(ln.net_amount),
        allowance_charges=tuple(_neg_ac(ac) for ac in ln.allowance_charges),
    )


def negative_invoice(invoice: Invoice, **choice: Unpack[CreditChoice]) -> Invoice:
    """A draft negative invoice (380): quantities and amounts negated, prices positive.

    ``choice`` holds the keywords of :func:`credit_note` (:class:`CreditChoice`):
    ``issue_date`` (required), and ``lines``, ``document_level`` and ``rates``,
    which choose what to reverse. Half-up
    rounding is symmetric (ties away from zero), so every amount is exactly the
    negation of the positive document's.

    Example:
        >>> from datetime import date
        >>> from otccore.adapters.memory import MemoryNumberSequence
        >>> from otccore.invoicing import (InvoiceBuilder, NetDays, TaxCategory,
        ...     issue, negative_invoice)
        >>> from otccore.money import money
        >>> inv = issue(InvoiceBuilder.example().line("A", 2, money("9.99", "EUR"),
        ...     tax_category=TaxCategory.of("S", 19)).terms(NetDays(30)).draft(),
        ...     MemoryNumberSequence()).invoice
        >>> neg = negative_invoice(inv, issue_date=date(2026, 1, 20))
        >>> neg.type.value, neg.lines[0].quantity, neg.lines[0].price, neg.totals.payable
        ('380', Decimal('-2'), Money('9.99', 'EUR'), Money('-23.78', 'EUR'))
    """
    doc = _base(invoice, **choice)
    t = doc.totals
    totals = Totals(*(_neg(getattr(t, f.name)) for f in attrs.fields(Totals)))
    return attrs.evolve(
        doc,
        lines=tuple(_neg_line(ln) for ln in doc.lines),
        allowance_charges=tuple(_neg_ac(ac) for ac in doc.allowance_charges),
        vat_breakdown=tuple(
            VatBreakdown(
                g.tax_category, _neg(g.taxable), _neg(g.tax), g.exemption_reason, g.exemption_code
            )
            for g in doc.vat_breakdown
        ),
        totals=totals,
        tax_total_in_tax_currency=None
        if doc.tax_total_in_tax_currency is None
        else _neg(doc.tax_total_in_tax_currency),
    )
