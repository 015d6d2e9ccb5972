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

The rule groups live in their own module; :class:`Violation`,
:class:`ValidationProfile` and :data:`PEPPOL_EAS_CODES` are importable from here
as before.

Example:
    >>> from otccore.invoicing import InvoiceBuilder, TaxCategory, validate
    >>> from otccore.money import money
    >>> bad = InvoiceBuilder.example().line("Refund", 1, money(-5, "EUR"),
    ...                                     tax_category=TaxCategory.of("O", 7)).draft()
    >>> [v.rule for v in validate(bad)]
    ['BR-27', 'BR-O-05']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from otccore.invoicing import _rules
from otccore.invoicing.document import Invoice
from otccore.invoicing.peppol import PEPPOL_EAS_CODES, ValidationProfile
from otccore.invoicing.violation import Violation

__all__ = ["PEPPOL_EAS_CODES", "ValidationProfile", "Violation", "validate"]

# The rule groups after the currency check, in the order they report.
_GROUPS: tuple[Callable[[Invoice], Iterable[Violation]], ...] = (
    _rules.document_checks,
    _rules.line_checks,
    _rules.document_allowance_checks,
    _rules.totals_checks,
    _rules.vat_checks,
    _rules.payment_checks,
    _rules.tax_currency_checks,
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
        >>> from datetime import date
        >>> from otccore.invoicing import InvoiceBuilder, Party, TaxCategory, validate
        >>> from otccore.money import money
        >>> validate(InvoiceBuilder.example().draft())[0].rule
        'BR-16'
        >>> draft = (InvoiceBuilder(seller=InvoiceBuilder.example().draft().seller,
        ...          buyer=Party.create("C7", name="No Address Ltd", country="IE"), currency="EUR",
        ...          issue_date=date(2026, 1, 5))
        ...          .line("A", 1, money(10, "EUR"), tax_category=TaxCategory.of("S", 23))
        ...          .due(date(2026, 2, 4)).draft())
        >>> [str(v) for v in validate(draft)]
        ["[PEPPOL-EN16931-R010] buyer: the buyer's electronic address (BT-49) must be provided (party=C7)"]
        >>> validate(draft, profile="en16931")
        ()
    """
    peppol = ValidationProfile.parse(profile) is ValidationProfile.PEPPOL
    out: list[Violation] = []
    if peppol:
        out.extend(_rules.endpoint_checks("seller", invoice.seller))
        out.extend(_rules.endpoint_checks("buyer", invoice.buyer))
    found = list(_rules.amounts(invoice))
    mixed = list(_rules.currency_checks(invoice, found))
    out.extend(mixed)
    if not mixed:  # amounts in several currencies cannot be added up: stop there
        out.extend(_rules.decimal_checks(invoice, found))
        for group in _GROUPS:
            out.extend(group(invoice))
    return tuple(sorted(out, key=lambda v: (v.code, v.location)))
