"""validate(invoice): every EN 16931 / Peppol rule the document breaks, with the values.

A violation is a value, not an exception: an invalid invoice is a business
outcome. :func:`~otccore.invoicing.issue` refuses an invoice with violations.

Rules checked (ids as EN 16931 and Peppol BIS 3 name them):

- BR-02 (issued invoice has a number), BR-16 (at least one line), BR-32 / BR-37
  (a document allowance or charge has a VAT category);
- BR-CO-10 … BR-CO-16 (the totals identities), BR-CO-17 (VAT per group: in
  ``DOCUMENT`` rounding exactly round(BT-116 × rate ÷ 100); in ``LINE`` rounding
  exactly the sum of each line's and document allowance's or charge's rounded
  VAT, recomputed, with no tolerance), BR-CO-18 (at least one VAT breakdown);
- BR-CO-21 … BR-CO-24 (allowances and charges carry a reason or a reason code),
  BR-CO-25 (a positive amount due needs a due date or terms), BR-61 (a credit
  transfer, means code 30 or 58, names the payee's account);
- BR-27 / BR-28 (net and gross item prices not negative), BR-48 (a VAT rate on
  every breakdown except category O);
- per category: the rate rules BR-S-05 (> 0), BR-Z-05, BR-E-05, BR-AE-05,
  BR-IC-05, BR-G-05 (= 0), BR-IG-05, BR-IP-05 (≥ 0), BR-O-05 (no rate), and the
  taxable-amount rules BR-S-08 … BR-O-08 (each group's BT-116 is the sum of its
  lines and document allowances and charges);
- BR-DEC-01 … BR-DEC-28 (document amounts, that is totals, VAT breakdown, line net
  amounts and every allowance and charge with its base, have at most the
  currency's decimals: two for EUR as EN 16931 states it, none for JPY; unit
  prices may have more);
- BR-53 (a tax currency needs BT-111), PEPPOL-EN16931-R005 (tax currency differs),
  R055 (BT-111 has the sign of BT-110), R040 (allowance = base × percent),
  R046 (net price = gross price − discount), R051 (one currency), R120 (line
  net amount), R121 (base quantity > 0).

Peppol BIS Billing 3.0 electronic addresses (the default profile, see below):

- PEPPOL-EN16931-R020 (the seller has an electronic address, BT-34) and R010
  (the buyer has one, BT-49): a Peppol access point delivers to nothing else;
- PEPPOL-EN16931-CL008 (the scheme of each electronic address, BT-34-1 /
  BT-49-1, is a code of Peppol's Electronic Address Scheme list,
  :data:`PEPPOL_EAS_CODES`). ``EM`` (e-mail) is in the CEF EAS list of EN 16931
  but not in Peppol's, so it is reported here.

An endpoint without its scheme (BR-62 / BR-63) cannot be built: :class:`Party`
refuses it.

Profiles: ``validate(invoice)`` checks the Peppol BIS Billing 3.0 profile
(``profile="peppol"``), the one the UBL adapter writes. ``profile="en16931"``
leaves out the three electronic-address rules above, for a host that exchanges
plain EN 16931 invoices outside Peppol; every other rule is the same in both.
EN 16931's own check of the scheme against the wider CEF EAS list (BR-CL-25) is
not made in that profile.

otccore's own rules, where EN 16931 leaves a rule of the domain unchecked (ids
``OTC-…``):

- OTC-CN-01: a credit note (381) references the invoice it credits, a preceding
  invoice reference (BG-3) with its number (BT-25). EN 16931 makes BG-3
  optional; a credit the receivables book cannot tie to an invoice is refused.

Example:
    >>> from otccore.invoicing import InvoiceBuilder, TaxCategory, validate
    >>> bad = InvoiceBuilder.example().line("Refund", 1, money(-5, "EUR"),
    ...                                     vat=TaxCategory.of("O", 7)).draft()
    >>> [v.rule for v in validate(bad)]
    ['BR-27', 'BR-O-05']
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Iterator
from decimal import Decimal
from typing import Final

import attrs

from otccore.errors import InvalidAmount, InvalidInput
from otccore.invoicing._arith import line_extension, round_half_up, vat_groups
from otccore.invoicing.model import (
    CONTEXT,
    AllowanceCharge,
    DocumentType,
    Invoice,
    Party,
    TaxCategory,
    VatCategory,
    VatRounding,
    step,
)
from otccore.money import Money, minor_digits, to_minor

__all__ = ["PEPPOL_EAS_CODES", "ValidationProfile", "Violation", "validate"]

# The Electronic Address Scheme codes Peppol accepts on cbc:EndpointID/@schemeID
# (PEPPOL-EN16931-CL008): the ``eaid`` list of the Peppol BIS Billing 3.0.21
# validation artefacts (rules/sch/PEPPOL-EN16931-UBL.sch, codelist of 2026-03-06;
# 3.0.22 of November 2026 leaves it unchanged). 3.0.21 removed 14 codes the
# earlier lists carried (0037, 0147, 0154, 0170, 0177, 0193, 0194, 0202, 0203,
# 0205, 0212, 0213, 0215, 0217). EM (e-mail) and the other letter codes of the
# CEF EAS list (EN 16931's BR-CL-25) are not Peppol schemes. Update with each
# Peppol release.
PEPPOL_EAS_CODES: Final = frozenset({
    "0002", "0007", "0009", "0060", "0088", "0096", "0097", "0106", "0130", "0135", "0142", "0151",
    "0158", "0183", "0184", "0188", "0190", "0191", "0192", "0195", "0196", "0198", "0199", "0200",
    "0201", "0204", "0208", "0209", "0210", "0211", "0216", "0218", "0221", "0225", "0230", "0235",
    "0240", "0242", "0244", "0245", "0246", "0248", "9910", "9913", "9914", "9915", "9918", "9919",
    "9920", "9922", "9923", "9924", "9925", "9926", "9927", "9928", "9929", "9930", "9931", "9932",
    "9933", "9934", "9935", "9936", "9937", "9938", "9939", "9940", "9941", "9942", "9943", "9944",
    "9945", "9946", "9947", "9948", "9949", "9950", "9951", "9952", "9953", "9957", "9959",
})  # fmt: skip
"""Electronic Address Scheme codes Peppol BIS Billing 3.0 accepts (PEPPOL-EN16931-CL008).

From the Peppol BIS Billing 3.0.21 validation artefacts (unchanged in 3.0.22):
for example ``"0088"`` GLN, ``"0192"`` Norwegian organisation number, ``"0208"``
Belgian enterprise number, ``"9930"`` German VAT number. ``"EM"`` (e-mail) is
not a Peppol scheme.
"""


class ValidationProfile(enum.StrEnum):
    """Which rule set :func:`validate` checks.

    ``PEPPOL`` (the default): EN 16931 and Peppol BIS Billing 3.0, whose
    documents the UBL adapter writes; both parties need an electronic address
    with a Peppol scheme. ``EN16931``: the same rules without Peppol's
    electronic-address rules (PEPPOL-EN16931-R010, R020 and CL008), for
    invoices exchanged outside Peppol.

    Example:
        >>> ValidationProfile("en16931") is ValidationProfile.EN16931
        True
        >>> ValidationProfile.parse("xrechnung")
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: unknown validation profile: 'xrechnung' (expected peppol or en16931)
    """

    PEPPOL = "peppol"
    EN16931 = "en16931"

    @classmethod
    def parse(cls, value: object) -> ValidationProfile:
        """The profile for a name, or :class:`~otccore.errors.InvalidInput` naming it.

        Example:
            >>> ValidationProfile.parse("peppol").name
            'PEPPOL'
        """
        if isinstance(value, ValidationProfile):
            return value
        try:
            if not isinstance(value, str):
                raise ValueError(value)
            return cls(value)
        except ValueError:
            known = " or ".join(p.value for p in cls)
            raise InvalidInput(
                f"unknown validation profile: {value!r} (expected {known})"
            ) from None


@attrs.frozen
class Violation:
    """One broken rule: its id, where, a message, and the values involved.

    Example:
        >>> v = Violation("BR-CO-10", "document", "sum of line net amounts differs",
        ...               (("BT-106", "10.00"), ("sum of BT-131", "10.01")))
        >>> v.data["BT-106"]
        '10.00'
    """

    rule: str
    location: str
    message: str
    values: tuple[tuple[str, str], ...] = ()

    @property
    def data(self) -> dict[str, str]:
        """The values as a dict.

        Example:
            >>> Violation("BR-53", "document", "a tax currency needs BT-111",
            ...           (("BT-6", "SEK"),)).data
            {'BT-6': 'SEK'}
        """
        return dict(self.values)

    def __str__(self) -> str:
        vals = ", ".join(f"{k}={v}" for k, v in self.values)
        return f"[{self.rule}] {self.location}: {self.message}" + (f" ({vals})" if vals else "")


_PREFIX = {
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
_CREDIT_TRANSFER = frozenset({"30", "58"})
_ZERO_RATED = {
    VatCategory.ZERO,
    VatCategory.EXEMPT,
    VatCategory.REVERSE_CHARGE,
    VatCategory.INTRA_COMMUNITY,
    VatCategory.EXPORT,
}


def _rate_rule(tax: TaxCategory, where: str) -> Violation | None:
    cat, rate = tax.category, tax.rate
    rule = f"{_PREFIX[cat]}-05"
    vals = (("category", cat.value), ("rate", "none" if rate is None else str(rate)))
    if cat is VatCategory.NOT_SUBJECT:
        if rate is not None:
            return Violation(rule, where, "category O (not subject to VAT) has no VAT rate", vals)
        return None
    if rate is None:
        return None  # BR-48 reports it on the breakdown
    if cat is VatCategory.STANDARD and rate <= 0:
        return Violation(rule, where, "standard-rated VAT needs a rate above zero", vals)
    if cat in _ZERO_RATED and rate != 0:
        return Violation(rule, where, f"category {cat.value} has a VAT rate of 0", vals)
    if cat in (VatCategory.CANARY_ISLANDS, VatCategory.CEUTA_MELILLA) and rate < 0:
        return Violation(rule, where, f"category {cat.value} has a rate of 0 or more", vals)
    return None


def _ac_checks(ac: AllowanceCharge, where: str, rule_reason: str) -> Iterator[Violation]:
    if ac.reason is None and ac.reason_code is None:
        kind = "charge" if ac.is_charge else "allowance"
        yield Violation(
            rule_reason,
            where,
            f"a {kind} needs a reason or a reason code",
            (("amount", str(ac.amount.amount)),),
        )
    if ac.percent is not None and ac.base_amount is not None:
        q = step(ac.amount.currency.code)
        with decimal.localcontext(CONTEXT):
            expected = round_half_up(ac.base_amount.amount * ac.percent / 100, q)
        if expected != ac.amount.amount:
            yield Violation(
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


def _eq(
    rule: str, what: str, stated: Decimal, expected: Decimal, names: tuple[str, str]
) -> Iterator[Violation]:
    if stated != expected:
        yield Violation(
            rule, "document", what, ((names[0], str(stated)), (names[1], str(expected)))
        )


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


def _ac_amounts(
    ac: AllowanceCharge, where: str, document_level: bool
) -> Iterator[tuple[str, str, str | None, Money]]:
    (amount_term, amount_rule), (base_term, base_rule) = _AC_TERMS[ac.is_charge, document_level]
    yield where, amount_term, amount_rule, ac.amount
    if ac.base_amount is not None:
        yield where, base_term, base_rule, ac.base_amount


def _amounts(invoice: Invoice) -> Iterator[tuple[str, str, str | None, Money]]:
    # (where, business term, decimals rule or None, amount) for every amount in the
    # invoice currency; unit prices may have more decimals than the currency
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


def _ac_where(ac: AllowanceCharge, index: int) -> str:
    return f"document {'charge' if ac.is_charge else 'allowance'} {index}"


def _group_where(cat: TaxCategory) -> str:
    return f"VAT breakdown {cat.category.value} {cat.key[1]}"


def _finer(value: Money) -> bool:
    """True when ``value`` is not a whole number of its currency's minor units."""
    try:
        to_minor(value)
    except InvalidAmount:
        return True
    return False


def _too_fine(rule: str, where: str, term: str, value: Money) -> Violation:
    code = value.currency.code
    return Violation(
        rule,
        where,
        f"{term} has at most {minor_digits(code)} decimals (the {code} minor unit)",
        ((term, str(value.amount)),),
    )


# (role, electronic address term, Peppol rule requiring it)
_ENDPOINT_TERMS: Final = {
    "seller": ("BT-34", "PEPPOL-EN16931-R020"),
    "buyer": ("BT-49", "PEPPOL-EN16931-R010"),
}


def _endpoint_checks(role: str, party: Party) -> Iterator[Violation]:
    term, required = _ENDPOINT_TERMS[role]
    if party.endpoint is None or party.endpoint_scheme is None:
        yield Violation(
            required,
            role,
            f"the {role}'s electronic address ({term}) must be provided",
            (("party", party.id),),
        )
    elif party.endpoint_scheme not in PEPPOL_EAS_CODES:
        yield Violation(
            "PEPPOL-EN16931-CL008",
            role,
            f"the {role}'s electronic address scheme must be a Peppol EAS code",
            ((f"{term}-1", party.endpoint_scheme), (term, party.endpoint)),
        )


def validate(
    invoice: Invoice, *, profile: ValidationProfile | str = ValidationProfile.PEPPOL
) -> tuple[Violation, ...]:
    """Every rule ``invoice`` breaks, sorted by rule id and location (empty when valid).

    The stated amounts are checked against the EN 16931 formulas recomputed
    from the lines, so a document read from a file is checked the same way as
    one from the builder. A draft (no number yet) is not reported for BR-02.
    Besides the EN 16931 and Peppol rules, otccore's own rule OTC-CN-01 requires
    a credit note to reference the invoice it credits (see the module notes).

    ``profile`` is ``"peppol"`` (default: both parties need an electronic
    address whose scheme is in :data:`PEPPOL_EAS_CODES`, PEPPOL-EN16931-R020,
    R010 and CL008) or ``"en16931"`` (the same without those three), see
    :class:`ValidationProfile`.

    Example:
        >>> from otccore.invoicing import InvoiceBuilder, Party
        >>> validate(InvoiceBuilder.example().draft())[0].rule
        'BR-16'
        >>> draft = (InvoiceBuilder(seller=InvoiceBuilder.example().draft().seller,
        ...          buyer=Party.create("C7", "No Address Ltd", country="IE"), currency="EUR",
        ...          issue_date=date(2026, 1, 5))
        ...          .line("A", 1, money(10, "EUR"), vat=TaxCategory.of("S", 23))
        ...          .due(date(2026, 2, 4)).draft())
        >>> [str(v) for v in validate(draft)]
        ["[PEPPOL-EN16931-R010] buyer: the buyer's electronic address (BT-49) must be provided (party=C7)"]
        >>> validate(draft, profile="en16931")
        ()
    """
    peppol = ValidationProfile.parse(profile) is ValidationProfile.PEPPOL
    out: list[Violation] = []
    if peppol:
        out.extend(_endpoint_checks("seller", invoice.seller))
        out.extend(_endpoint_checks("buyer", invoice.buyer))
    code = invoice.currency
    q = step(code)
    amounts = list(_amounts(invoice))
    mixed = False
    for where, term, _, amount in amounts:
        cur = amount.currency.code
        if cur != code:
            mixed = True
            out.append(
                Violation(
                    "PEPPOL-EN16931-R051",
                    where,
                    f"every amount must be in the invoice currency ({term})",
                    (("currency", cur), ("invoice currency", code)),
                )
            )
    if mixed:  # amounts in several currencies cannot be added up: stop here
        return tuple(sorted(out, key=lambda v: (v.rule, v.location)))
    for where, term, rule, amount in amounts:
        if rule is not None and _finer(amount):
            out.append(_too_fine(rule, where, term, amount))
    bt111 = invoice.tax_total_in_tax_currency
    if bt111 is not None and _finer(bt111):
        out.append(_too_fine("BR-DEC-15", "document", "BT-111", bt111))
    if invoice.number is not None and not invoice.number.strip():
        out.append(Violation("BR-02", "document", "an issued invoice has a number"))
    if not invoice.lines:
        out.append(Violation("BR-16", "document", "an invoice has at least one line"))
    if invoice.type is DocumentType.CREDIT_NOTE and not any(
        isinstance(ref.number, str) and ref.number.strip() for ref in invoice.preceding
    ):
        out.append(
            Violation(
                "OTC-CN-01",
                "document",
                "a credit note references the invoice it credits (BT-25)",
                (("BT-3", invoice.type.value),),
            )
        )
    # lines
    line_sum = Decimal(0)
    for ln in invoice.lines:
        where = f"line {ln.id}"
        if ln.price.amount < 0:
            out.append(
                Violation(
                    "BR-27",
                    where,
                    "the item net price must not be negative",
                    (("BT-146", str(ln.price.amount)),),
                )
            )
        if ln.gross_price is not None and ln.gross_price.amount < 0:
            out.append(
                Violation(
                    "BR-28",
                    where,
                    "the item gross price must not be negative",
                    (("BT-148", str(ln.gross_price.amount)),),
                )
            )
        if ln.gross_price is not None and ln.price_discount is not None:
            expected_price = ln.gross_price.amount - ln.price_discount.amount
            if expected_price != ln.price.amount:
                out.append(
                    Violation(
                        "PEPPOL-EN16931-R046",
                        where,
                        "net price must equal gross price minus the price discount",
                        (
                            ("BT-146", str(ln.price.amount)),
                            ("BT-148 - BT-147", str(expected_price)),
                        ),
                    )
                )
        rate_issue = _rate_rule(ln.tax, where)
        if rate_issue is not None:
            out.append(rate_issue)
        for ac in ln.allowance_charges:
            out.extend(_ac_checks(ac, where, "BR-CO-24" if ac.is_charge else "BR-CO-23"))
        if ln.base_quantity <= 0:
            out.append(
                Violation(
                    "PEPPOL-EN16931-R121",
                    where,
                    "base quantity must be greater than zero",
                    (("BT-149", str(ln.base_quantity)),),
                )
            )
        else:
            expected = line_extension(ln.price.amount, ln.quantity, ln.base_quantity, q)
            for ac in ln.allowance_charges:
                expected += ac.signed_amount
            if expected != ln.net_amount.amount:
                out.append(
                    Violation(
                        "PEPPOL-EN16931-R120",
                        where,
                        "line net amount must equal quantity × price ÷ base quantity "
                        "+ charges − allowances",
                        (("BT-131", str(ln.net_amount.amount)), ("expected", str(expected))),
                    )
                )
        line_sum += ln.net_amount.amount
    # document allowances and charges
    allowances = Decimal(0)
    charges = Decimal(0)
    for i, ac in enumerate(invoice.allowance_charges, start=1):
        where = _ac_where(ac, i)
        out.extend(_ac_checks(ac, where, "BR-CO-22" if ac.is_charge else "BR-CO-21"))
        if ac.tax is None:
            out.append(
                Violation(
                    "BR-32" if not ac.is_charge else "BR-37",
                    where,
                    "a document allowance or charge needs a VAT category",
                )
            )
        else:
            issue = _rate_rule(ac.tax, where)
            if issue is not None:
                out.append(issue)
        if ac.is_charge:
            charges += ac.amount.amount
        else:
            allowances += ac.amount.amount
    t = invoice.totals
    out.extend(
        _eq(
            "BR-CO-10",
            "BT-106 must be the sum of line net amounts",
            t.line_total.amount,
            line_sum,
            ("BT-106", "sum of BT-131"),
        )
    )
    out.extend(
        _eq(
            "BR-CO-11",
            "BT-107 must be the sum of document allowances",
            t.allowance_total.amount,
            allowances,
            ("BT-107", "sum of BT-92"),
        )
    )
    out.extend(
        _eq(
            "BR-CO-12",
            "BT-108 must be the sum of document charges",
            t.charge_total.amount,
            charges,
            ("BT-108", "sum of BT-99"),
        )
    )
    out.extend(
        _eq(
            "BR-CO-13",
            "BT-109 must be BT-106 − BT-107 + BT-108",
            t.tax_exclusive.amount,
            t.line_total.amount - t.allowance_total.amount + t.charge_total.amount,
            ("BT-109", "BT-106 - BT-107 + BT-108"),
        )
    )
    out.extend(
        _eq(
            "BR-CO-14",
            "BT-110 must be the sum of VAT category tax amounts",
            t.tax_total.amount,
            sum((g.tax.amount for g in invoice.vat_breakdown), Decimal(0)),
            ("BT-110", "sum of BT-117"),
        )
    )
    out.extend(
        _eq(
            "BR-CO-15",
            "BT-112 must be BT-109 + BT-110",
            t.tax_inclusive.amount,
            t.tax_exclusive.amount + t.tax_total.amount,
            ("BT-112", "BT-109 + BT-110"),
        )
    )
    out.extend(
        _eq(
            "BR-CO-16",
            "BT-115 must be BT-112 − BT-113 + BT-114",
            t.payable.amount,
            t.tax_inclusive.amount - t.prepaid.amount + t.rounding.amount,
            ("BT-115", "BT-112 - BT-113 + BT-114"),
        )
    )
    # VAT breakdown
    if not invoice.vat_breakdown:
        out.append(Violation("BR-CO-18", "document", "an invoice has at least one VAT breakdown"))
    line_rounding = invoice.vat_rounding is VatRounding.LINE
    expected_groups = vat_groups(
        ((ln.tax, ln.net_amount.amount) for ln in invoice.lines),
        (ac for ac in invoice.allowance_charges if ac.tax is not None),
        invoice.vat_rounding,
        q,
    )
    stated = {g.tax_category.key: g for g in invoice.vat_breakdown}
    for key in sorted(set(expected_groups) | set(stated)):
        cat = expected_groups[key][0] if key in expected_groups else stated[key].tax_category
        where = _group_where(cat)
        expected_taxable = expected_groups[key][1] if key in expected_groups else Decimal(0)
        group = stated.get(key)
        stated_taxable = group.taxable.amount if group is not None else Decimal(0)
        if group is None or stated_taxable != expected_taxable:
            out.append(
                Violation(
                    f"{_PREFIX[cat.category]}-08",
                    where,
                    "the taxable amount must be the sum of the group's line net amounts "
                    "and document charges minus allowances",
                    (
                        ("BT-116", "missing" if group is None else str(stated_taxable)),
                        ("expected", str(expected_taxable)),
                    ),
                )
            )
        if group is None:
            continue
        if cat.rate is None and cat.category is not VatCategory.NOT_SUBJECT:
            out.append(
                Violation(
                    "BR-48",
                    where,
                    "a VAT breakdown needs a rate (except category O)",
                    (("category", cat.category.value),),
                )
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
            out.append(
                Violation(
                    "BR-CO-17",
                    where,
                    message,
                    (
                        ("BT-117", str(group.tax.amount)),
                        ("expected", str(expected_tax)),
                        ("difference", str(group.tax.amount - expected_tax)),
                    ),
                )
            )
    # payment
    if t.payable.amount > 0 and invoice.due_date is None and not invoice.terms_note:
        out.append(
            Violation(
                "BR-CO-25",
                "document",
                "a positive amount due needs a due date or payment terms",
                (("BT-115", str(t.payable.amount)),),
            )
        )
    means = invoice.payment_means
    if means is not None and means.code in _CREDIT_TRANSFER and not means.iban:
        out.append(
            Violation(
                "BR-61",
                "document",
                "a credit transfer needs the payee's account (BT-84)",
                (("BT-81", means.code),),
            )
        )
    # tax currency
    if invoice.tax_currency is not None:
        if invoice.tax_currency == code:
            out.append(
                Violation(
                    "PEPPOL-EN16931-R005",
                    "document",
                    "the tax currency must differ from the invoice currency",
                    (("BT-6", invoice.tax_currency),),
                )
            )
        bt111 = invoice.tax_total_in_tax_currency
        if bt111 is None:
            out.append(
                Violation(
                    "BR-53",
                    "document",
                    "a tax currency needs the VAT total in that currency",
                    (("BT-6", invoice.tax_currency),),
                )
            )
        elif (bt111.amount > 0 and t.tax_total.amount < 0) or (
            bt111.amount < 0 and t.tax_total.amount > 0
        ):
            out.append(
                Violation(
                    "PEPPOL-EN16931-R055",
                    "document",
                    "BT-111 must have the sign of BT-110",
                    (("BT-110", str(t.tax_total.amount)), ("BT-111", str(bt111.amount))),
                )
            )
    return tuple(sorted(out, key=lambda v: (v.rule, v.location)))
