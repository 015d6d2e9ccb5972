"""The EN 16931 arithmetic of a draft: from the builder's inputs to lines, VAT and totals.

:class:`~otccore.invoicing.InvoiceBuilder` collects and checks the inputs into
a :class:`DraftInputs` value; :func:`compute` turns it into the unnumbered
:class:`~otccore.invoicing.Invoice`:

1. each line's net amount BT-131 = round(price ÷ base quantity × quantity) +
   line charges − line allowances (a tax-inclusive price is converted first);
2. each document allowance or charge by amount, or by percent of its base (by
   default the lines of its VAT group; without a VAT category one per group);
3. the VAT breakdown per (category, rate), rounded per document or per line;
4. the totals BT-106 … BT-115, with cash rounding when asked for;
5. the payment schedule of the terms and the VAT in the tax currency.

Every rounding is half-up to the currency's minor unit inside
:data:`otccore._kernel.HALF_UP`; the formulas are described in the rounding
page of the invoicing docs.

Example:
    >>> from otccore.invoicing import InvoiceBuilder, TaxCategory
    >>> from otccore.money import money
    >>> draft = (InvoiceBuilder.example()
    ...          .line("A", 3, money("9.99", "EUR"), tax_category=TaxCategory.of("S", 19))
    ...          .draft())
    >>> draft.totals.tax_total, draft.totals.payable
    (Money('5.69', 'EUR'), Money('35.66', 'EUR'))
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from datetime import date
from decimal import Decimal

import attrs

from otccore._kernel import HALF_UP
from otccore.invoicing._amounts import step
from otccore.invoicing._arith import line_extension, line_net, round_half_up, vat_groups
from otccore.invoicing.document import (
    DocumentReference,
    DocumentType,
    Invoice,
    PaymentMeans,
    Totals,
)
from otccore.invoicing.lines import AllowanceCharge, InvoiceLine, LineSpec
from otccore.invoicing.parties import Party
from otccore.invoicing.tax import TaxCategory, VatBreakdown, VatCategory, VatRounding
from otccore.invoicing.terms import PaymentTerms
from otccore.money import FxRates, Money, RoundingPolicy, convert

__all__ = ["Adjustment", "DraftInputs", "compute"]


@attrs.frozen
class Adjustment:
    """An allowance or charge as entered: an amount, or a percent of a base (not public)."""

    is_charge: bool
    amount: Money | None
    percent: Decimal | None
    base: Money | None
    reason: str | None
    code: str | None
    tax_category: TaxCategory | None = None


@attrs.frozen
class DraftInputs:
    """Everything a builder collected, checked, ready for :func:`compute` (not public)."""

    document_type: DocumentType
    issue_date: date
    currency: str
    seller: Party
    buyer: Party
    prepaid: Money
    lines: tuple[tuple[LineSpec, tuple[Adjustment, ...]], ...] = ()
    document: tuple[Adjustment | AllowanceCharge, ...] = ()
    exemptions: tuple[tuple[VatCategory, tuple[str, str | None]], ...] = ()
    vat_rounding: VatRounding = VatRounding.DOCUMENT
    terms: PaymentTerms | None = None
    due_date: date | None = None
    stated_rounding: Money | None = None
    cash_quantum: Decimal | None = None
    tax_currency: str | None = None
    rates: FxRates | None = None
    rate_date: date | None = None
    payment_means: PaymentMeans | None = None
    order_reference: str | None = None
    buyer_reference: str | None = None
    preceding: tuple[DocumentReference, ...] = ()


def compute(inputs: DraftInputs) -> Invoice:
    """The unnumbered invoice of ``inputs`` with every amount computed by EN 16931."""
    code = inputs.currency
    q = step(code)
    lines = tuple(
        _line(i, spec, adjusts, code, q) for i, (spec, adjusts) in enumerate(inputs.lines, start=1)
    )
    doc = _document_level(inputs.document, lines, code, q)
    breakdown, any_difference = _breakdown(lines, doc, inputs, q)
    totals = _totals(
        code,
        [ln.net_amount.amount for ln in lines],
        doc,
        [g.tax.amount for g in breakdown],
        inputs.prepaid.amount,
        Decimal(0) if inputs.stated_rounding is None else inputs.stated_rounding.amount,
        inputs.cash_quantum,
    )
    schedule = (
        None
        if inputs.terms is None
        else inputs.terms.schedule(inputs.issue_date, totals.payable, totals.tax_exclusive)
    )
    tax_cur_total = None
    if inputs.tax_currency is not None and inputs.rates is not None:
        tax_cur_total = convert(
            totals.tax_total,
            inputs.tax_currency,
            inputs.rates,
            on=inputs.issue_date if inputs.rate_date is None else inputs.rate_date,
        )
    return Invoice(
        type=inputs.document_type,
        number=None,
        issue_date=inputs.issue_date,
        currency=code,
        seller=inputs.seller,
        buyer=inputs.buyer,
        lines=lines,
        allowance_charges=doc,
        vat_breakdown=breakdown,
        totals=totals,
        due_date=inputs.due_date if schedule is None else schedule.due_date,
        terms_note=None if schedule is None else schedule.note,
        discounts=() if schedule is None else schedule.discounts,
        installments=() if schedule is None else schedule.installments,
        payment_means=inputs.payment_means,
        order_reference=inputs.order_reference,
        buyer_reference=inputs.buyer_reference
        if inputs.buyer_reference is not None
        else inputs.buyer.id,
        preceding=inputs.preceding,
        tax_currency=inputs.tax_currency,
        tax_total_in_tax_currency=tax_cur_total,
        vat_rounding=VatRounding.LINE if any_difference else VatRounding.DOCUMENT,
    )


def _line(
    index: int, spec: LineSpec, adjusts: tuple[Adjustment, ...], code: str, q: Decimal
) -> InvoiceLine:
    price = spec.price.amount
    gross_price: Money | None = None
    discount: Money | None = None
    if spec.price_discount is not None:
        gross_price = spec.price
        discount = spec.price_discount
        price = price - spec.price_discount.amount
    if spec.tax_inclusive:
        price, extension = _from_tax_inclusive(
            price, spec.quantity, spec.base_quantity, spec.tax_category.factor, q
        )
    else:
        extension = line_extension(price, spec.quantity, spec.base_quantity, q)
    acs = tuple(_resolve(a, Money(extension, code), q, None) for a in adjusts)
    net = line_net(extension, acs)
    return InvoiceLine(
        id=spec.id if spec.id is not None else str(index),
        name=spec.name,
        quantity=spec.quantity,
        unit_code=spec.unit_code,
        price=Money(price, code),
        base_quantity=spec.base_quantity,
        tax_category=spec.tax_category,
        net_amount=Money(net, code),
        allowance_charges=acs,
        gross_price=gross_price,
        price_discount=discount,
        order_reference=spec.order_reference,
    )


def _document_level(
    entered: Iterable[Adjustment | AllowanceCharge],
    lines: tuple[InvoiceLine, ...],
    code: str,
    q: Decimal,
) -> tuple[AllowanceCharge, ...]:
    doc: list[AllowanceCharge] = []
    for adj in entered:
        if isinstance(adj, AllowanceCharge):
            doc.append(adj)  # stated, taken as it is
        elif adj.amount is None and adj.tax_category is None:
            # a percent allowance or charge over every VAT group of the lines
            groups: dict[tuple[str, Decimal], tuple[TaxCategory, Decimal]] = {}
            for ln in lines:
                cat, total = groups.get(ln.tax_category.key, (ln.tax_category, Decimal(0)))
                groups[ln.tax_category.key] = (cat, total + ln.net_amount.amount)
            for key in sorted(groups):
                cat, total = groups[key]
                doc.append(
                    _resolve(attrs.evolve(adj, tax_category=cat), Money(total, code), q, None)
                )
        else:
            base = None
            if adj.amount is None and adj.base is None and adj.tax_category is not None:
                key = adj.tax_category.key
                total = sum(
                    (ln.net_amount.amount for ln in lines if ln.tax_category.key == key),
                    Decimal(0),
                )
                base = Money(total, code)
            doc.append(_resolve(adj, base, q, adj.tax_category))
    return tuple(doc)


def _breakdown(
    lines: tuple[InvoiceLine, ...],
    doc: tuple[AllowanceCharge, ...],
    inputs: DraftInputs,
    q: Decimal,
) -> tuple[tuple[VatBreakdown, ...], bool]:
    """The VAT breakdown, and whether line rounding made any group differ."""
    code = inputs.currency
    exemptions = dict(inputs.exemptions)
    groups = vat_groups(
        ((ln.tax_category, ln.net_amount.amount) for ln in lines), doc, inputs.vat_rounding, q
    )
    breakdown = []
    any_difference = False
    for cat, taxable, tax in groups.values():
        reason, ex_code = exemptions.get(cat.category, (None, None))
        group = VatBreakdown(cat, Money(taxable, code), Money(tax, code), reason, ex_code)
        if inputs.vat_rounding is VatRounding.LINE and not any_difference:
            any_difference = group.rounding_difference.amount != 0
        breakdown.append(group)
    return tuple(breakdown), any_difference


def _resolve(
    adj: Adjustment, default_base: Money | None, q: Decimal, tax_category: TaxCategory | None
) -> AllowanceCharge:
    if adj.amount is not None:
        amount = adj.amount
        base = None
    else:
        base = adj.base if adj.base is not None else default_base
        assert base is not None  # the caller supplies the default base
        assert adj.percent is not None  # the builder sets an amount or a percent
        with decimal.localcontext(HALF_UP):
            raw = base.amount * adj.percent / 100
        amount = Money(round_half_up(raw, q), base.currency.code)
    return AllowanceCharge(
        is_charge=adj.is_charge,
        amount=amount,
        reason=adj.reason,
        reason_code=adj.code,
        percent=adj.percent,
        base_amount=base,
        tax_category=tax_category if tax_category is not None else adj.tax_category,
    )


def _from_tax_inclusive(
    gross_price: Decimal,
    quantity: Decimal,
    base_quantity: Decimal,
    factor: Decimal,
    q: Decimal,
) -> tuple[Decimal, Decimal]:
    """(net price, net line extension) for a tax-inclusive price."""
    gross = line_extension(gross_price, quantity, base_quantity, q)
    with decimal.localcontext(HALF_UP):
        net = round_half_up(gross / (1 + factor), q)
        if quantity == 0:
            return round_half_up(gross_price / (1 + factor), q), net
        exact = net * base_quantity / quantity
    # the shortest net price that gives back exactly the net extension
    for places in range(-q.as_tuple().exponent, 16):  # type: ignore[operator]
        price = round_half_up(exact, Decimal(1).scaleb(-places))
        if line_extension(price, quantity, base_quantity, q) == net:
            return price, net
    return exact, net  # pragma: no cover - 15 decimals always suffice for sane quantities


def _totals(
    code: str,
    line_nets: Iterable[Decimal],
    doc: Iterable[AllowanceCharge],
    taxes: Iterable[Decimal],
    prepaid: Decimal,
    stated_rounding: Decimal,
    cash_quantum: Decimal | None,
) -> Totals:
    line_total = sum(line_nets, Decimal(0))
    allowances = Decimal(0)
    charges = Decimal(0)
    for ac in doc:
        if ac.is_charge:
            charges += ac.amount.amount
        else:
            allowances += ac.amount.amount
    tax_exclusive = line_total - allowances + charges
    tax_total = sum(taxes, Decimal(0))
    tax_inclusive = tax_exclusive + tax_total
    due = tax_inclusive - prepaid
    rounding = stated_rounding  # zero when a cash quantum computes it
    if cash_quantum is not None:
        rounded = RoundingPolicy(quantum=cash_quantum).round(due, code)
        rounding = rounded - due
    q = step(code)

    def m(x: Decimal) -> Money:
        return Money(x.quantize(q) if x.as_tuple().exponent > q.as_tuple().exponent else x, code)  # type: ignore[operator]

    return Totals(
        line_total=m(line_total),
        allowance_total=m(allowances),
        charge_total=m(charges),
        tax_exclusive=m(tax_exclusive),
        tax_total=m(tax_total),
        tax_inclusive=m(tax_inclusive),
        prepaid=m(prepaid),
        rounding=m(rounding),
        payable=m(due + rounding),
    )
