"""VAT on an invoice: category codes, a category with its rate, the breakdown per group.

Two names, two concepts, across the whole API: a :class:`VatCategory` is the
code (``S``, ``Z``, ``AE`` …; a parameter holding one is called ``category``);
a :class:`TaxCategory` is a category with its rate (``S`` at 19 %; a parameter
holding one is called ``tax_category``).

Example:
    >>> from otccore.invoicing import TaxCategory, VatCategory
    >>> TaxCategory.of("S", "19")
    TaxCategory(category=<VatCategory.STANDARD: 'S'>, rate=Decimal('19'))
    >>> TaxCategory.of(VatCategory.NOT_SUBJECT).rate is None
    True
"""

from __future__ import annotations

import decimal
import enum
from decimal import Decimal
from typing import Final

import attrs

from otccore._kernel import HALF_UP, choice
from otccore.invoicing._amounts import step
from otccore.money import Money, as_decimal

__all__ = [
    "EXEMPTIONS",
    "TaxCategory",
    "TaxReduction",
    "VatBreakdown",
    "VatCategory",
    "VatRounding",
]


class VatCategory(enum.StrEnum):
    """VAT category codes of EN 16931 (UNCL 5305 subset), BT-118 / BT-151.

    Example:
        >>> from otccore.invoicing import VatCategory
        >>> VatCategory("AE").name, VatCategory.NOT_SUBJECT.value
        ('REVERSE_CHARGE', 'O')
    """

    STANDARD = "S"
    ZERO = "Z"
    EXEMPT = "E"
    REVERSE_CHARGE = "AE"
    INTRA_COMMUNITY = "K"
    EXPORT = "G"
    NOT_SUBJECT = "O"
    CANARY_ISLANDS = "L"
    CEUTA_MELILLA = "M"

    @classmethod
    def parse(cls, code: object) -> VatCategory:
        """The category for a code, or :class:`~otccore.errors.InvalidInput` naming it.

        Example:
            >>> from otccore.invoicing import VatCategory
            >>> VatCategory.parse("X")
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: unknown VAT category: 'X' (expected one of 'S', 'Z', 'E', 'AE', 'K', 'G', 'O', 'L', 'M')
        """
        return choice(cls, code, "VAT category")


# Default exemption reason (BT-120) and code (BT-121) per category that needs one.
EXEMPTIONS: Final[dict[VatCategory, tuple[str, str | None]]] = {
    VatCategory.EXEMPT: ("Exempt from VAT", None),
    VatCategory.REVERSE_CHARGE: ("Reverse charge", "VATEX-EU-AE"),
    VatCategory.INTRA_COMMUNITY: ("Intra-community supply", "VATEX-EU-IC"),
    VatCategory.EXPORT: ("Export outside the EU", "VATEX-EU-G"),
    VatCategory.NOT_SUBJECT: ("Not subject to VAT", "VATEX-EU-O"),
}


class VatRounding(enum.StrEnum):
    """Where VAT is rounded.

    ``DOCUMENT`` (the EN 16931 default): once per (category, rate) on the taxable
    amount. ``LINE``: on every line and document allowance or charge, then summed;
    the difference to ``DOCUMENT`` is surfaced on each
    :attr:`VatBreakdown.rounding_difference`.

    Example:
        >>> from otccore.invoicing import VatRounding
        >>> VatRounding("line") is VatRounding.LINE
        True
    """

    DOCUMENT = "document"
    LINE = "line"


class TaxReduction(enum.StrEnum):
    """Whether taking the discount reduces the VAT.

    ``PROPORTIONAL`` (default): the discount contains VAT in proportion to each
    VAT group, and the seller corrects its output VAT by that share when the
    discount is taken (for example § 17 UStG). ``NONE``: no VAT correction; the
    whole discount is a net financial reduction.

    Example:
        >>> from otccore.invoicing import TaxReduction
        >>> TaxReduction.NONE.value
        'none'
    """

    PROPORTIONAL = "proportional"
    NONE = "none"


@attrs.frozen
class TaxCategory:
    """A VAT category with its rate in percent (BT-151/152, BT-95/96, BT-102/103).

    Category O (not subject to VAT) has no rate; every other category should have
    one (BR-48). The value accepts any combination so that a document read from a
    file can be represented; :func:`~otccore.invoicing.validate` reports the rules.

    Example:
        >>> from otccore.invoicing import TaxCategory
        >>> TaxCategory.of("Z", 0)
        TaxCategory(category=<VatCategory.ZERO: 'Z'>, rate=Decimal('0'))
        >>> TaxCategory.of("S", 19.0)
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidAmount: VAT rate must be an int, Decimal or str, not float: 19.0
    """

    category: VatCategory
    rate: Decimal | None = None

    @classmethod
    def of(cls, category: object, rate: object = None) -> TaxCategory:
        """Named constructor: checks the code and the rate (no float).

        Example:
            >>> from otccore.invoicing import TaxCategory
            >>> TaxCategory.of("AE", "0").category.name
            'REVERSE_CHARGE'
        """
        return cls(
            VatCategory.parse(category),
            None if rate is None else as_decimal(rate, what="VAT rate"),
        )

    @property
    def key(self) -> tuple[str, Decimal]:
        """Sort and group key: (code, rate), the rate 0 when absent."""
        return (self.category.value, self.rate if self.rate is not None else Decimal(0))

    @property
    def factor(self) -> Decimal:
        """The rate as a fraction (0 when absent)."""
        return Decimal(0) if self.rate is None else self.rate / 100


@attrs.frozen
class VatBreakdown:
    """One VAT breakdown group (BG-23) per (category, rate).

    ``taxable`` is BT-116, ``tax`` BT-117 (an amount); ``exemption_reason`` and
    ``exemption_code`` are BT-120 and BT-121.

    Example:
        >>> from otccore.invoicing import TaxCategory, VatBreakdown
        >>> from otccore.money import money
        >>> group = VatBreakdown(TaxCategory.of("S", 19), money("100.00", "EUR"),
        ...                      money("19.00", "EUR"))
        >>> group.rounding_difference
        Money('0.00', 'EUR')
    """

    tax_category: TaxCategory
    taxable: Money
    tax: Money
    exemption_reason: str | None = None
    exemption_code: str | None = None

    @property
    def expected_tax(self) -> Money:
        """round(BT-116 × rate ÷ 100), half-up: the tax EN 16931 computes for this group."""
        code = self.taxable.currency.code
        with decimal.localcontext(HALF_UP):
            raw = self.taxable.amount * self.tax_category.factor
        return Money(raw.quantize(step(code), rounding=decimal.ROUND_HALF_UP), code)

    @property
    def rounding_difference(self) -> Money:
        """BT-117 minus :attr:`expected_tax`: zero unless VAT was rounded per line."""
        return self.tax - self.expected_tax
