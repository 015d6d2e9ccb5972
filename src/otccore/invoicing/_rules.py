"""The rules :func:`~otccore.invoicing.validate` checks, one function per rule group (not public).

Each function yields the :class:`~otccore.invoicing.Violation` values of its
group; :mod:`otccore.invoicing.validation` lists the rules and runs the groups.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterator
from decimal import Decimal
from typing import Final

from otccore._kernel import HALF_UP
from otccore.errors import InvalidAmount
from otccore.invoicing._amounts import step
from otccore.invoicing._arith import line_extension, round_half_up, vat_groups
from otccore.invoicing.document import DocumentType, Invoice
from otccore.invoicing.lines import AllowanceCharge
from otccore.invoicing.parties import Party
from otccore.invoicing.peppol import PEPPOL_EAS_CODES
from otccore.invoicing.tax import TaxCategory, VatCategory, VatRounding
from otccore.invoicing.violation import Violation
from otccore.money import Money, minor_digits, to_minor

__all__ = [
    "Amount",
    "amounts",
    "currency_checks",
    "decimal_checks",
    "document_allowance_checks",
    "document_checks",
    "endpoint_checks",
    "line_checks",
    "payment_checks",
    "tax_currency_checks",
    "totals_checks",
    "vat_checks",
]

_v = Violation.create

# (where, business term, decimals rule or None, amount)
Amount = tuple[str, str, str | None, Money]

_PREFIX: Final = {
    VatCategory.STANDARD: "BR-S",
    VatCategory.ZERO: "BR-Z",
    VatCategory.EXEMPT: "BR-E",
    VatCategory.REVERSE_CHARGE: "BR-AE",
    VatCategory.INTRA_COMMUNITY: "BR-IC",
    VatCategory.EXPORT: "BR-G",
    VatCategory.NOT_SUBJECT: "BR-O",
    VatCategory.CANARY_ISLANDS: "BR-IG",
    VatCategory.CEUTA_MELILLA: "BR-IP",
}
_CREDIT_TRANSFER: Final = frozenset({"30", "58"})
_ZERO_RATED: Final = frozenset({
    VatCategory.ZERO,
    VatCategory.EXEMPT,
    VatCategory.REVERSE_CHARGE,
    VatCategory.INTRA_COMMUNITY,
    VatCategory.EXPORT,
})  # fmt: skip

# Totals field -> (business term, EN 16931 decimals rule).
_TOTALS: Final = {
    "line_total": ("BT-106", "BR-DEC-09"),
    "allowance_total": ("BT-107", "BR-DEC-10"),
    "charge_total": ("BT-108", "BR-DEC-11"),
    "tax_exclusive": ("BT-109", "BR-DEC-12"),
    "tax_total": ("BT-110", "BR-DEC-13"),
    "tax_inclusive": ("BT-112", "BR-DEC-14"),
    "prepaid": ("BT-113", "BR-DEC-16"),
    "rounding": ("BT-114", "BR-DEC-17"),
    "payable": ("BT-115", "BR-DEC-18"),
}
# (is_charge, document level) -> ((amount term, rule), (base term, rule))
_AC_TERMS: Final = {
    (False, True): (("BT-92", "BR-DEC-01"), ("BT-93", "BR-DEC-02")),
    (True, True): (("BT-99", "BR-DEC-05"), ("BT-100", "BR-DEC-06")),
    (False, False): (("BT-136", "BR-DEC-24"), ("BT-137", "BR-DEC-25")),
    (True, False): (("BT-141", "BR-DEC-27"), ("BT-142", "BR-DEC-28")),
}
# (role, electronic address term, Peppol rule requiring it)
_ENDPOINT_TERMS: Final = {
    "seller": ("BT-34", "PEPPOL-EN16931-R020"),
    "buyer": ("BT-49", "PEPPOL-EN16931-R010"),
}


# -- where ---------------------------------------------------------------------------


def _ac_where(ac: AllowanceCharge, index: int) -> str:
    return f"document {'charge' if ac.is_charge else 'allowance'} {index}"


def _group_where(cat: TaxCategory) -> str:
    return f"VAT breakdown {cat.category.value} {cat.key[1]}"


# -- Peppol electronic addresses ----------------------------------------------------------


def endpoint_checks(role: str, party: Party) -> Iterator[Violation]:
    """PEPPOL-EN16931-R020 / R010 (an electronic address) and CL008 (a Peppol scheme)."""
    term, required = _ENDPOINT_TERMS[role]
    if party.endpoint is None or party.endpoint_scheme is None:
        yield _v(
            required,
            role,
            f"the {role}'s electronic address ({term}) must be provided",
            (("party", party.id),),
        )
    elif party.endpoint_scheme not in PEPPOL_EAS_CODES:
        yield _v(
            "PEPPOL-EN16931-CL008",
            role,
            f"the {role}'s electronic address scheme must be a Peppol EAS code",
            ((f"{term}-1", party.endpoint_scheme), (term, party.endpoint)),
        )


# -- amounts: one currency, whole minor units ------------------------------------------------


def _ac_amounts(ac: AllowanceCharge, where: str, document_level: bool) -> Iterator[Amount]:
    (amount_term, amount_rule), (base_term, base_rule) = _AC_TERMS[ac.is_charge, document_level]
    yield where, amount_term, amount_rule, ac.amount
    if ac.base_amount is not None:
        yield where, base_term, base_rule, ac.base_amount


def amounts(invoice: Invoice) -> Iterator[Amount]:
    """Every amount in the invoice currency; unit prices may have more decimals."""
    for name, (term, rule) in _TOTALS.items():
        yield "document", term, rule, getattr(invoice.totals, name)
    for ln in invoice.lines:
        where = f"line {ln.id}"
        yield where, "BT-146", None, ln.price
        yield where, "BT-131", "BR-DEC-23", ln.net_amount
        for ac in ln.allowance_charges:
            yield from _ac_amounts(ac, where, False)
    for i, ac in enumerate(invoice.allowance_charges, start=1):
        yield from _ac_amounts(ac, _ac_where(ac, i), True)
    for g in invoice.vat_breakdown:
        where = _group_where(g.tax_category)
        yield where, "BT-116", "BR-DEC-19", g.taxable
        yield where, "BT-117", "BR-DEC-20", g.tax


def currency_checks(invoice: Invoice, found: list[Amount]) -> Iterator[Violation]:
    """PEPPOL-EN16931-R051: every amount in the invoice currency."""
    code = invoice.currency
    for where, term, _, amount in found:
        cur = amount.currency.code
        if cur != code:
            yield _v(
                "PEPPOL-EN16931-R051",
                where,
                f"every amount must be in the invoice currency ({term})",
                (("currency", cur), ("invoice currency", code)),
            )


def _finer(value: Money) -> bool:
    """True when ``value`` is not a whole number of its currency's minor units."""
    try:
        to_minor(value)
    except InvalidAmount:
        return True
    return False


def _too_fine(rule: str, where: str, term: str, value: Money) -> Violation:
    code = value.currency.code
    return _v(
        rule,
        where,
        f"{term} has at most {minor_digits(code)} decimals (the {code} minor unit)",
        ((term, str(value.amount)),),
    )


def decimal_checks(invoice: Invoice, found: list[Amount]) -> Iterator[Violation]:
    """BR-DEC-01 … BR-DEC-28: document amounts have at most the currency's decimals."""
    for where, term, rule, amount in found:
        if rule is not None and _finer(amount):
            yield _too_fine(rule, where, term, amount)
    bt111 = invoice.tax_total_in_tax_currency
    if bt111 is not None and _finer(bt111):
        yield _too_fine("BR-DEC-15", "document", "BT-111", bt111)


# -- the document -------------------------------------------------------------------------


def document_checks(invoice: Invoice) -> Iterator[Violation]:
    """BR-02 (a number), BR-16 (a line), OTC-CN-01 (a credit note references its invoice)."""
    if invoice.number is not None and not invoice.number.strip():
        yield _v("BR-02", "document", "an issued invoice has a number")
    if not invoice.lines:
        yield _v("BR-16", "document", "an invoice has at least one line")
    if invoice.type is DocumentType.CREDIT_NOTE and not any(
        isinstance(ref.number, str) and ref.number.strip() for ref in invoice.preceding
    ):
        yield _v(
            "OTC-CN-01",
            "document",
            "a credit note references the invoice it credits (BT-25)",
            (("BT-3", invoice.type.value),),
        )


# -- lines, allowances and charges ------------------------------------------------------------


def _rate_rule(tax: TaxCategory, where: str) -> Violation | None:
    cat, rate = tax.category, tax.rate
    rule = f"{_PREFIX[cat]}-05"
    vals = (("category", cat.value), ("rate", "none" if rate is None else str(rate)))
    if cat is VatCategory.NOT_SUBJECT:
        if rate is not None:
            return _v(rule, where, "category O (not subject to VAT) has no VAT rate", vals)
        return None
    if rate is None:
        return None  # BR-48 reports it on the breakdown
    if cat is VatCategory.STANDARD and rate <= 0:
        return _v(rule, where, "standard-rated VAT needs a rate above zero", vals)
    if cat in _ZERO_RATED and rate != 0:
        return _v(rule, where, f"category {cat.value} has a VAT rate of 0", vals)
    if cat in (VatCategory.CANARY_ISLANDS, VatCategory.CEUTA_MELILLA) and rate < 0:
        return _v(rule, where, f"category {cat.value} has a rate of 0 or more", vals)
    return None


def _ac_checks(ac: AllowanceCharge, where: str, rule_reason: str) -> Iterator[Violation]:
    if ac.reason is None and ac.reason_code is None:
        kind = "charge" if ac.is_charge else "allowance"
        yield _v(
            rule_reason,
            where,
            f"a {kind} needs a reason or a reason code",
            (("amount", str(ac.amount.amount)),),
        )
    if ac.percent is not None and ac.base_amount is not None:
        q = step(ac.amount.currency.code)
        with decimal.localcontext(HALF_UP):
            expected = round_half_up(ac.base_amount.amount * ac.percent / 100, q)
        if expected != ac.amount.amount:
            yield _v(
                "PEPPOL-EN16931-R040",
                where,
                "allowance/charge amount must equal base × percent ÷ 100",
                (
                    ("amount", str(ac.amount.amount)),
                    ("base", str(ac.base_amount.amount)),
                    ("percent", str(ac.percent)),
                    ("expected", str(expected)),
                ),
            )


def line_checks(invoice: Invoice) -> Iterator[Violation]:
    """BR-27, BR-28, R046 (prices), the rate rules, BR-CO-23/24, R040, R121, R120 per line."""
    q = step(invoice.currency)
    for ln in invoice.lines:
        where = f"line {ln.id}"
        prices = (
            ("BR-27", "net", "BT-146", ln.price),
            ("BR-28", "gross", "BT-148", ln.gross_price),
        )
        for rule, kind, term, price in prices:
            if price is not None and price.amount < 0:
                message = f"the item {kind} price must not be negative"
                yield _v(rule, where, message, ((term, str(price.amount)),))
        if ln.gross_price is not None and ln.price_discount is not None:
            expected_price = ln.gross_price.amount - ln.price_discount.amount
            if expected_price != ln.price.amount:
                yield _v(
                    "PEPPOL-EN16931-R046",
                    where,
                    "net price must equal gross price minus the price discount",
                    (
                        ("BT-146", str(ln.price.amount)),
                        ("BT-148 - BT-147", str(expected_price)),
                    ),
                )
        rate_issue = _rate_rule(ln.tax_category, where)
        if rate_issue is not None:
            yield rate_issue
        for ac in ln.allowance_charges:
            yield from _ac_checks(ac, where, "BR-CO-24" if ac.is_charge else "BR-CO-23")
        if ln.base_quantity <= 0:
            yield _v(
                "PEPPOL-EN16931-R121",
                where,
                "base quantity must be greater than zero",
                (("BT-149", str(ln.base_quantity)),),
            )
            continue
        expected = line_extension(ln.price.amount, ln.quantity, ln.base_quantity, q)
        for ac in ln.allowance_charges:
            expected += ac.signed_amount
        if expected != ln.net_amount.amount:
            yield _v(
                "PEPPOL-EN16931-R120",
                where,
                "line net amount must equal quantity × price ÷ base quantity "
                "+ charges − allowances",
                (("BT-131", str(ln.net_amount.amount)), ("expected", str(expected))),
            )


def document_allowance_checks(invoice: Invoice) -> Iterator[Violation]:
    """BR-CO-21/22, R040, BR-32 / BR-37 and the rate rules of document allowances and charges."""
    for i, ac in enumerate(invoice.allowance_charges, start=1):
        where = _ac_where(ac, i)
        yield from _ac_checks(ac, where, "BR-CO-22" if ac.is_charge else "BR-CO-21")
        if ac.tax_category is None:
            yield _v(
                "BR-32" if not ac.is_charge else "BR-37",
                where,
                "a document allowance or charge needs a VAT category",
            )
        else:
            issue = _rate_rule(ac.tax_category, where)
            if issue is not None:
                yield issue


# -- totals -----------------------------------------------------------------------------------

# (rule, message, stated BT, the formula's name)
_IDENTITIES: Final = (
    ("BR-CO-10", "BT-106 must be the sum of line net amounts", "BT-106", "sum of BT-131"),
    ("BR-CO-11", "BT-107 must be the sum of document allowances", "BT-107", "sum of BT-92"),
    ("BR-CO-12", "BT-108 must be the sum of document charges", "BT-108", "sum of BT-99"),
    ("BR-CO-13", "BT-109 must be BT-106 − BT-107 + BT-108", "BT-109", "BT-106 - BT-107 + BT-108"),
    ("BR-CO-14", "BT-110 must be the sum of VAT category tax amounts", "BT-110", "sum of BT-117"),
    ("BR-CO-15", "BT-112 must be BT-109 + BT-110", "BT-112", "BT-109 + BT-110"),
    ("BR-CO-16", "BT-115 must be BT-112 − BT-113 + BT-114", "BT-115", "BT-112 - BT-113 + BT-114"),
)


def totals_checks(invoice: Invoice) -> Iterator[Violation]:
    """BR-CO-10 … BR-CO-16: the totals identities."""
    t = invoice.totals
    allowances = sum(
        (ac.amount.amount for ac in invoice.allowance_charges if not ac.is_charge), Decimal(0)
    )
    charges = sum(
        (ac.amount.amount for ac in invoice.allowance_charges if ac.is_charge), Decimal(0)
    )
    pairs = (
        (t.line_total, sum((ln.net_amount.amount for ln in invoice.lines), Decimal(0))),
        (t.allowance_total, allowances),
        (t.charge_total, charges),
        (t.tax_exclusive, t.line_total.amount - t.allowance_total.amount + t.charge_total.amount),
        (t.tax_total, sum((g.tax.amount for g in invoice.vat_breakdown), Decimal(0))),
        (t.tax_inclusive, t.tax_exclusive.amount + t.tax_total.amount),
        (t.payable, t.tax_inclusive.amount - t.prepaid.amount + t.rounding.amount),
    )
    for (rule, what, stated_name, expected_name), (stated, expected) in zip(
        _IDENTITIES, pairs, strict=True
    ):
        if stated.amount != expected:
            yield _v(
                rule,
                "document",
                what,
                ((stated_name, str(stated.amount)), (expected_name, str(expected))),
            )


# -- VAT breakdown ----------------------------------------------------------------------------


def vat_checks(invoice: Invoice) -> Iterator[Violation]:
    """BR-CO-18, the taxable-amount rules BR-x-08, BR-48 and BR-CO-17 per group."""
    if not invoice.vat_breakdown:
        yield _v("BR-CO-18", "document", "an invoice has at least one VAT breakdown")
    line_rounding = invoice.vat_rounding is VatRounding.LINE
    expected_groups = vat_groups(
        ((ln.tax_category, ln.net_amount.amount) for ln in invoice.lines),
        (ac for ac in invoice.allowance_charges if ac.tax_category is not None),
        invoice.vat_rounding,
        step(invoice.currency),
    )
    stated = {g.tax_category.key: g for g in invoice.vat_breakdown}
    for key in sorted(set(expected_groups) | set(stated)):
        cat = expected_groups[key][0] if key in expected_groups else stated[key].tax_category
        where = _group_where(cat)
        expected_taxable = expected_groups[key][1] if key in expected_groups else Decimal(0)
        group = stated.get(key)
        stated_taxable = group.taxable.amount if group is not None else Decimal(0)
        if group is None or stated_taxable != expected_taxable:
            yield _v(
                f"{_PREFIX[cat.category]}-08",
                where,
                "the taxable amount must be the sum of the group's line net amounts "
                "and document charges minus allowances",
                (
                    ("BT-116", "missing" if group is None else str(stated_taxable)),
                    ("expected", str(expected_taxable)),
                ),
            )
        if group is None:
            continue
        if cat.rate is None and cat.category is not VatCategory.NOT_SUBJECT:
            yield _v(
                "BR-48",
                where,
                "a VAT breakdown needs a rate (except category O)",
                (("category", cat.category.value),),
            )
        # DOCUMENT: round(BT-116 × rate) on the stated taxable amount. LINE: the sum
        # of each line's and allowance's or charge's rounded VAT, recomputed exactly;
        # its difference to the document rule is surfaced, never tolerated blindly.
        if line_rounding and key in expected_groups:
            expected_tax = expected_groups[key][2]
            message = (
                "BT-117 must be the sum of the rounded VAT of the group's lines (line rounding)"
            )
        else:
            expected_tax = group.expected_tax.amount
            message = "BT-117 must be BT-116 × rate ÷ 100, rounded half-up"
        if group.tax.amount != expected_tax:
            yield _v(
                "BR-CO-17",
                where,
                message,
                (
                    ("BT-117", str(group.tax.amount)),
                    ("expected", str(expected_tax)),
                    ("difference", str(group.tax.amount - expected_tax)),
                ),
            )


# -- payment and tax currency -------------------------------------------------------------------


def payment_checks(invoice: Invoice) -> Iterator[Violation]:
    """BR-CO-25 (a due date or terms for an amount due), BR-61 (a credit transfer's account)."""
    t = invoice.totals
    if t.payable.amount > 0 and invoice.due_date is None and not invoice.terms_note:
        yield _v(
            "BR-CO-25",
            "document",
            "a positive amount due needs a due date or payment terms",
            (("BT-115", str(t.payable.amount)),),
        )
    means = invoice.payment_means
    if means is not None and means.code in _CREDIT_TRANSFER and not means.iban:
        yield _v(
            "BR-61",
            "document",
            "a credit transfer needs the payee's account (BT-84)",
            (("BT-81", means.code),),
        )


def tax_currency_checks(invoice: Invoice) -> Iterator[Violation]:
    """PEPPOL-EN16931-R005, BR-53 and PEPPOL-EN16931-R055 of a tax currency."""
    if invoice.tax_currency is None:
        return
    if invoice.tax_currency == invoice.currency:
        yield _v(
            "PEPPOL-EN16931-R005",
            "document",
            "the tax currency must differ from the invoice currency",
            (("BT-6", invoice.tax_currency),),
        )
    bt111 = invoice.tax_total_in_tax_currency
    tax_total = invoice.totals.tax_total.amount
    if bt111 is None:
        yield _v(
            "BR-53",
            "document",
            "a tax currency needs the VAT total in that currency",
            (("BT-6", invoice.tax_currency),),
        )
    elif (bt111.amount > 0 and tax_total < 0) or (bt111.amount < 0 and tax_total > 0):
        yield _v(
            "PEPPOL-EN16931-R055",
            "document",
            "BT-111 must have the sign of BT-110",
            (("BT-110", str(tax_total)), ("BT-111", str(bt111.amount))),
        )
