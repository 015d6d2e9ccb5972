"""InvoiceBuilder: enter what was sold, get a draft invoice with EN 16931 totals.

The builder checks each input as it comes (money never a float, one currency, a
known VAT category, a positive base quantity) and raises an
:mod:`otccore.errors` exception naming the value. Business-rule violations that
a document can still carry (a negative price, a rate on category O, a missing
reason) are left to :func:`~otccore.invoicing.validate`, so a draft shows every
problem at once and :func:`~otccore.invoicing.issue` refuses it.

Example:
    >>> from datetime import date
    >>> from otccore.invoicing import InvoiceBuilder, Party, TaxCategory
    >>> from otccore.money import money
    >>> s19 = TaxCategory.of("S", 19)
    >>> seller = Party.create("S1", name="Seller AG", country="DE",
    ...                       endpoint="DE123456789", endpoint_scheme="9930")
    >>> buyer = Party.create("C1", name="Buyer GmbH", country="DE",
    ...                      endpoint="4000001000005", endpoint_scheme="0088")
    >>> draft = (InvoiceBuilder(seller=seller, buyer=buyer, currency="EUR",
    ...                         issue_date=date(2026, 1, 5))
    ...          .line("Widget", 3, money("9.99", "EUR"), tax_category=s19)
    ...          .charge(money("5.00", "EUR"), reason="Freight", code="FC", tax_category=s19)
    ...          .draft())
    >>> t = draft.totals
    >>> t.line_total, t.tax_exclusive, t.tax_total, t.payable
    (Money('29.97', 'EUR'), Money('34.97', 'EUR'), Money('6.64', 'EUR'), Money('41.61', 'EUR'))
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, Unpack

import moneyed

from otccore._kernel import choice, day, keyword_only, opt_day, text
from otccore.errors import InvalidAmount, InvalidInput
from otccore.invoicing._amounts import minor_amount, money_in, step
from otccore.invoicing._compat import old_keyword
from otccore.invoicing._compute import Adjustment, DraftInputs, compute
from otccore.invoicing.document import DocumentReference, DocumentType, Invoice, PaymentMeans
from otccore.invoicing.lines import (
    AdjustmentDetails,
    AllowanceCharge,
    LineAdjustmentDetails,
    LineDetails,
    LineSpec,
)
from otccore.invoicing.parties import Party
from otccore.invoicing.tax import EXEMPTIONS, TaxCategory, VatCategory, VatRounding
from otccore.invoicing.terms import PaymentTerms
from otccore.money import FxRates, Money, RoundingPolicy, as_decimal, check_currency, to_minor

__all__ = ["InvoiceBuilder", "LineSpec"]


class InvoiceBuilder:
    """Collects an invoice's inputs; :meth:`draft` computes it by EN 16931.

    Methods return the builder so calls chain. Inputs are checked on entry;
    nothing is numbered here (see :func:`~otccore.invoicing.issue`).

    Example:
        >>> from otccore.invoicing import InvoiceBuilder, TaxCategory
        >>> from otccore.money import money
        >>> b = InvoiceBuilder.example()
        >>> _ = b.line("Tea", 3, money("11.90", "EUR"), tax_category=TaxCategory.of("S", 19),
        ...            tax_inclusive=True)
        >>> inv = b.draft()
        >>> inv.lines[0].net_amount, inv.totals.tax_total, inv.totals.payable
        (Money('30.00', 'EUR'), Money('5.70', 'EUR'), Money('35.70', 'EUR'))
    """

    def __init__(
        self,
        *,
        seller: Party,
        buyer: Party,
        currency: str,
        issue_date: date,
        document_type: DocumentType = DocumentType.INVOICE,
    ) -> None:
        if not isinstance(seller, Party) or not isinstance(buyer, Party):
            raise InvalidInput("seller and buyer must be Party values")
        issue_date = day(issue_date, "issue_date")
        self._currency = check_currency(currency)
        self._quantum = step(self._currency)
        # the settings by DraftInputs field name (checked on entry); the lists grow in place
        self._settings: dict[str, Any] = {
            "document_type": choice(DocumentType, document_type, "document type"),
            "issue_date": issue_date,
            "currency": self._currency,
            "seller": seller,
            "buyer": buyer,
            "prepaid": Money(Decimal(0), self._currency),
        }
        self._lines: list[tuple[LineSpec, list[Adjustment]]] = []
        self._doc: list[Adjustment | AllowanceCharge] = []
        self._preceding: list[DocumentReference] = []
        self._exemptions: dict[VatCategory, tuple[str, str | None]] = dict(EXEMPTIONS)

    @classmethod
    def example(cls, currency: str = "EUR", issue_date: date = date(2026, 1, 5)) -> InvoiceBuilder:
        """A builder with a sample seller and buyer, for examples and tests.

        Both parties have a Peppol electronic address (their German VAT numbers,
        scheme 9930), so its invoices pass the default validation.

        Example:
            >>> from otccore.invoicing import InvoiceBuilder
            >>> sample = InvoiceBuilder.example().draft()
            >>> sample.buyer.name, sample.buyer.endpoint, sample.buyer.endpoint_scheme
            ('Buyer GmbH', 'DE987654321', '9930')
        """

        def german(id: str, name: str, vat_id: str) -> Party:  # Peppol address: the VAT id
            return Party.create(
                id, name=name, country="DE", vat_id=vat_id, endpoint=vat_id, endpoint_scheme="9930"
            )

        return cls(
            seller=german("S1", "Seller AG", "DE123456789"),
            buyer=german("C1", "Buyer GmbH", "DE987654321"),
            currency=currency,
            issue_date=issue_date,
        )

    # ---- inputs ---------------------------------------------------------------

    def _amount(self, value: object, what: str) -> Money:
        # a document amount (not a unit price): at most the currency's decimals
        return minor_amount(money_in(value, what, self._currency), what)

    def add(self, spec: LineSpec) -> InvoiceBuilder:
        """Add a line from a :class:`LineSpec` (its currency must be the invoice's).

        Example:
            >>> from otccore.invoicing import InvoiceBuilder, LineSpec, TaxCategory
            >>> from otccore.money import money
            >>> InvoiceBuilder.example(currency="USD").add(
            ...     LineSpec.create("X", 1, money(1, "EUR"), tax_category=TaxCategory.of("S", 19)))
            Traceback (most recent call last):
            ...
            otccore.errors.CurrencyMismatch: line 'X': price is 1 EUR, the invoice is in USD
        """
        if not isinstance(spec, LineSpec):
            raise InvalidInput(f"expected a LineSpec: {spec!r}")
        money_in(spec.price, f"line {spec.name!r}: price", self._currency)
        self._lines.append((spec, []))
        return self

    @old_keyword("vat")
    def line(
        self, name: str, quantity: object, price: moneyed.Money, **details: Unpack[LineDetails]
    ) -> InvoiceBuilder:
        """Add a line: ``quantity`` × ``price`` per ``base_quantity`` ``unit``\\ s.

        ``details`` are the keywords of :meth:`LineSpec.create`
        (:class:`~otccore.invoicing.lines.LineDetails`): ``tax_category`` (required),
        ``base_quantity``, ``unit``, ``price_discount``, ``tax_inclusive``,
        ``order_reference`` and ``id``.

        With ``tax_inclusive=True`` the price includes VAT at the line's rate:
        the line's gross amount round(price ÷ base quantity × quantity) is
        converted to its net amount round(gross ÷ (1 + rate ÷ 100)), and the net
        price stated on the line is the shortest decimal that gives back exactly
        that net amount. The VAT then follows the document rule. ``vat=`` is the
        deprecated name of ``tax_category=``.

        Example:
            >>> from otccore.invoicing import InvoiceBuilder, TaxCategory
            >>> from otccore.money import money
            >>> inv = InvoiceBuilder.example().line("Paper", 5, money("4.99", "EUR"),
            ...     tax_category=TaxCategory.of("S", 7), tax_inclusive=True).draft()
            >>> inv.lines[0].price, inv.lines[0].net_amount
            (Money('4.664', 'EUR'), Money('23.32', 'EUR'))
        """
        return self.add(LineSpec.create(name, quantity, price, **details))

    def _adjust(
        self,
        is_charge: bool,
        amount: moneyed.Money | None,
        *,
        percent: object = None,
        base: moneyed.Money | None = None,
        reason: str | None = None,
        code: str | None = None,
        tax_category: TaxCategory | None = None,
    ) -> Adjustment:
        kind = "charge" if is_charge else "allowance"
        if (amount is None) == (percent is None):
            raise InvalidInput(f"an {kind} needs either an amount or a percent, not both")
        pct = None if percent is None else as_decimal(percent, what=f"{kind} percent")
        if base is not None and pct is None:
            raise InvalidInput(f"an {kind} base goes with a percent: {base!r}")
        if tax_category is not None and not isinstance(tax_category, TaxCategory):
            raise InvalidInput(f"{kind} tax_category must be a TaxCategory: {tax_category!r}")
        return Adjustment(
            is_charge=is_charge,
            amount=None if amount is None else self._amount(amount, f"{kind} amount"),
            percent=pct,
            base=None if base is None else self._amount(base, f"{kind} base"),
            reason=reason,
            code=code,
            tax_category=tax_category,
        )

    def _last_line(self, what: str) -> list[Adjustment]:
        if not self._lines:
            raise InvalidInput(f"a {what} applies to the last line: add a line first")
        return self._lines[-1][1]

    def line_allowance(
        self, amount: moneyed.Money | None = None, **details: Unpack[LineAdjustmentDetails]
    ) -> InvoiceBuilder:
        """An allowance on the last line, as an amount or a percent of its extension.

        ``details``: ``percent``, ``reason`` and ``code``
        (:class:`~otccore.invoicing.lines.LineAdjustmentDetails`).

        Example:
            >>> from otccore.invoicing import InvoiceBuilder, TaxCategory
            >>> from otccore.money import money
            >>> inv = (InvoiceBuilder.example().line("A", 4, money("12.50", "EUR"),
            ...        tax_category=TaxCategory.of("S", 19))
            ...        .line_allowance(percent=10, reason="Volume discount", code="95").draft())
            >>> inv.lines[0].allowance_charges[0].amount, inv.lines[0].net_amount
            (Money('5.00', 'EUR'), Money('45.00', 'EUR'))
        """
        self._last_line("line allowance").append(self._adjust(False, amount, **details))
        return self

    def line_charge(
        self, amount: moneyed.Money | None = None, **details: Unpack[LineAdjustmentDetails]
    ) -> InvoiceBuilder:
        """A charge on the last line, as an amount or a percent of its extension
        (``details`` as for :meth:`line_allowance`).

        Example:
            >>> from otccore.invoicing import InvoiceBuilder, TaxCategory
            >>> from otccore.money import money
            >>> packed = InvoiceBuilder.example().line("A", 1, money(100, "EUR"),
            ...                                        tax_category=TaxCategory.of("S", 19))
            >>> packed.line_charge(money(3, "EUR"), reason="Packing").draft().lines[0].net_amount
            Money('103.00', 'EUR')
        """
        self._last_line("line charge").append(self._adjust(True, amount, **details))
        return self

    @old_keyword("vat")
    def allowance(
        self, amount: moneyed.Money | None = None, **details: Unpack[AdjustmentDetails]
    ) -> InvoiceBuilder:
        """A document-level allowance (BG-20).

        ``details`` (:class:`~otccore.invoicing.lines.AdjustmentDetails`):
        ``percent``, ``base``, ``reason``, ``code`` and ``tax_category``.

        By amount it needs ``tax_category``. By ``percent`` its base defaults to the
        sum of the line net amounts in its VAT group; without ``tax_category`` a percent
        allowance becomes one allowance per VAT group of the lines (so a 3 %
        discount on a mixed-rate invoice reduces each rate's taxable amount).

        Example:
            >>> from otccore.invoicing import InvoiceBuilder, TaxCategory
            >>> from otccore.money import money
            >>> inv = (InvoiceBuilder.example()
            ...        .line("A", 1, money(100, "EUR"), tax_category=TaxCategory.of("S", 19))
            ...        .line("B", 1, money(50, "EUR"), tax_category=TaxCategory.of("S", 7))
            ...        .allowance(percent=3, reason="Loyalty", code="95").draft())
            >>> [(str(a.tax_category.rate), str(a.amount.amount)) for a in inv.allowance_charges]
            [('7', '1.50'), ('19', '3.00')]
        """
        self._doc.append(self._adjust(False, amount, **details))
        return self

    @old_keyword("vat")
    def charge(
        self, amount: moneyed.Money | None = None, **details: Unpack[AdjustmentDetails]
    ) -> InvoiceBuilder:
        """A document-level charge (BG-21), for example freight (code ``FC``).

        ``details`` as for :meth:`allowance`.

        Example:
            >>> from otccore.invoicing import InvoiceBuilder, TaxCategory
            >>> from otccore.money import money
            >>> inv = (InvoiceBuilder.example()
            ...        .line("A", 1, money(100, "EUR"), tax_category=TaxCategory.of("S", 19))
            ...        .charge(money("9.90", "EUR"), reason="Freight", code="FC",
            ...                tax_category=TaxCategory.of("S", 19)).draft())
            >>> inv.totals.charge_total, inv.totals.tax_exclusive
            (Money('9.90', 'EUR'), Money('109.90', 'EUR'))
        """
        self._doc.append(self._adjust(True, amount, **details))
        return self

    def allowance_charge(self, stated: AllowanceCharge) -> InvoiceBuilder:
        """A document-level allowance or charge as stated, for example copied from an invoice.

        Its amount, percent, base, reasons and VAT category are taken as they
        are (nothing is recomputed); the amounts must be in the invoice
        currency and in whole minor units.

        Example:
            >>> from otccore.invoicing import AllowanceCharge, InvoiceBuilder, TaxCategory
            >>> from otccore.money import money
            >>> freight = AllowanceCharge.charge(money("4.90", "EUR"), reason="Freight",
            ...                                  code="FC", tax_category=TaxCategory.of("S", 19))
            >>> inv = (InvoiceBuilder.example().line("A", 1, money(100, "EUR"),
            ...        tax_category=TaxCategory.of("S", 19)).allowance_charge(freight).draft())
            >>> inv.allowance_charges == (freight,), inv.totals.tax_exclusive
            (True, Money('104.90', 'EUR'))
        """
        if not isinstance(stated, AllowanceCharge):
            raise InvalidInput(f"expected an AllowanceCharge: {stated!r}")
        if stated.tax_category is not None and not isinstance(stated.tax_category, TaxCategory):
            raise InvalidInput(
                f"allowance/charge tax_category must be a TaxCategory: {stated.tax_category!r}"
            )
        self._amount(stated.amount, "allowance/charge amount")
        if stated.base_amount is not None:
            self._amount(stated.base_amount, "allowance/charge base")
        self._doc.append(stated)
        return self

    def terms(self, terms: PaymentTerms) -> InvoiceBuilder:
        """Payment terms (BT-20, BT-9 and the discount or installment schedule).

        Example:
            >>> from otccore.invoicing import InvoiceBuilder, NetDays, TaxCategory
            >>> from otccore.money import money
            >>> InvoiceBuilder.example().line("A", 1, money(1, "EUR"),
            ...     tax_category=TaxCategory.of("S", 19)).terms(NetDays(30)).draft().due_date
            datetime.date(2026, 2, 4)
        """
        if not callable(getattr(terms, "schedule", None)):
            raise InvalidInput(f"terms must be payment terms (NetDays, EndOfMonth …): {terms!r}")
        self._set(terms=terms)
        return self

    def due(self, due_date: date) -> InvoiceBuilder:
        """A due date (BT-9) given directly, without terms.

        Example:
            >>> from datetime import date
            >>> from otccore.invoicing import InvoiceBuilder
            >>> InvoiceBuilder.example().due(date(2026, 3, 1)).draft().due_date
            datetime.date(2026, 3, 1)
        """
        self._set(due_date=day(due_date, "due_date"))
        return self

    def prepaid(self, amount: moneyed.Money) -> InvoiceBuilder:
        """An amount already paid (BT-113), in whole minor units of the currency.

        Example:
            >>> from otccore.invoicing import InvoiceBuilder, TaxCategory
            >>> from otccore.money import money
            >>> InvoiceBuilder.example().line("A", 1, money(100, "EUR"),
            ...     tax_category=TaxCategory.of("S", 19)).prepaid(money(19, "EUR")).draft().totals.payable
            Money('100.00', 'EUR')
        """
        self._set(prepaid=self._amount(amount, "prepaid amount"))
        return self

    def rounding_amount(self, amount: moneyed.Money) -> InvoiceBuilder:
        """A stated rounding amount (BT-114), in whole minor units: the amount due adds it.

        For a document whose rounding is given rather than computed, such as a
        credit note repeating its invoice's; :meth:`cash_rounding` computes one
        instead, so a builder takes one or the other.

        Example:
            >>> from otccore.invoicing import InvoiceBuilder, TaxCategory
            >>> from otccore.money import money
            >>> InvoiceBuilder.example().line("A", 1, money("10.01", "EUR"),
            ...     tax_category=TaxCategory.of("S", 19)).rounding_amount(money("0.01", "EUR")
            ...     ).draft().totals.payable
            Money('11.92', 'EUR')
        """
        if self._settings.get("cash_quantum") is not None:
            raise InvalidInput("a cash rounding quantum is set: it computes the rounding amount")
        self._set(stated_rounding=self._amount(amount, "rounding amount"))
        return self

    def cash_rounding(self, quantum: object) -> InvoiceBuilder:
        """Round the amount due to ``quantum`` (e.g. ``"0.05"``); the difference is BT-114.

        The quantum is a whole multiple of the currency's minor unit, so the
        rounding amount is too.

        Example:
            >>> from otccore.invoicing import InvoiceBuilder, TaxCategory
            >>> from otccore.money import money
            >>> inv = InvoiceBuilder.example(currency="CHF").line("A", 1, money("10.01", "CHF"),
            ...     tax_category=TaxCategory.of("S", "8.1")).cash_rounding("0.05").draft()
            >>> inv.totals.tax_inclusive, inv.totals.rounding, inv.totals.payable
            (Money('10.82', 'CHF'), Money('-0.02', 'CHF'), Money('10.80', 'CHF'))
            >>> InvoiceBuilder.example().cash_rounding("0.025")
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidAmount: cash rounding quantum 0.025 is not a whole multiple of the EUR minor unit 0.01
        """
        if self._settings.get("stated_rounding") is not None:
            raise InvalidInput("a rounding amount is stated: no cash rounding computes one")
        q = as_decimal(quantum, what="cash rounding quantum")
        RoundingPolicy(quantum=q)  # checks it is positive
        try:
            to_minor(Money(q, self._currency))
        except InvalidAmount:
            raise InvalidAmount(
                f"cash rounding quantum {q} is not a whole multiple of the "
                f"{self._currency} minor unit {self._quantum}"
            ) from None
        self._set(cash_quantum=q)
        return self

    def tax_currency(
        self, currency: str, rates: FxRates, *, on: date | None = None
    ) -> InvoiceBuilder:
        """State the VAT total also in ``currency`` (BT-6, BT-111) at the rate of ``on``.

        ``on`` defaults to the issue date; a credit note passes its invoice's, so
        that its VAT is converted at the same rate.

        Example:
            >>> from decimal import Decimal
            >>> from otccore.invoicing import InvoiceBuilder, TaxCategory
            >>> from otccore.money import StaticRates, money
            >>> inv = (InvoiceBuilder.example().line("A", 1, money(100, "EUR"),
            ...        tax_category=TaxCategory.of("S", 25))
            ...        .tax_currency("SEK", StaticRates({("EUR", "SEK"): Decimal("11.4563")}))
            ...        .draft())
            >>> inv.tax_total_in_tax_currency
            Money('286.41', 'SEK')
        """
        code = check_currency(currency)
        if code == self._currency:
            raise InvalidInput(
                f"the tax currency must differ from the invoice currency: {currency!r}"
            )
        if not callable(getattr(rates, "rate", None)):
            raise InvalidInput(f"rates must implement FxRates: {rates!r}")
        rate_date = opt_day(on, "on")
        self._set(tax_currency=code, rates=rates, rate_date=rate_date)
        return self

    def vat_rounding(self, mode: VatRounding | str) -> InvoiceBuilder:
        """``DOCUMENT`` (default) or ``LINE`` VAT rounding, see :class:`VatRounding`.

        Example:
            >>> from otccore.invoicing import InvoiceBuilder, TaxCategory
            >>> from otccore.money import money
            >>> b = InvoiceBuilder.example().vat_rounding("line")
            >>> for _ in range(3):
            ...     _ = b.line("A", 1, money("0.10", "EUR"), tax_category=TaxCategory.of("S", 5))
            >>> inv = b.draft()
            >>> inv.totals.tax_total, inv.vat_breakdown[0].rounding_difference
            (Money('0.03', 'EUR'), Money('0.01', 'EUR'))
        """
        self._set(vat_rounding=choice(VatRounding, mode, "VAT rounding mode"))
        return self

    def payment_means(
        self, code: str = "30", *, iban: str | None = None, reference: str | None = None
    ) -> InvoiceBuilder:
        """Payment means (BG-16): code (30 credit transfer, 58 SEPA), the seller's IBAN (BT-84)
        and the payment reference (BT-83), which :func:`~otccore.invoicing.issue` sets to
        the invoice number when it is not given.

        Example:
            >>> from otccore.invoicing import InvoiceBuilder
            >>> InvoiceBuilder.example().payment_means("58", iban="DE89 3704 0044 0532 0130 00"
            ...                                        ).draft().payment_means.iban
            'DE89370400440532013000'
        """
        text(code, "payment means code")
        iban = iban.replace(" ", "").upper() if iban is not None else None
        self._set(payment_means=PaymentMeans(code=code, payment_reference=reference, iban=iban))
        return self

    def order_reference(self, reference: str) -> InvoiceBuilder:
        """The purchase order reference (BT-13).

        Example:
            >>> from otccore.invoicing import InvoiceBuilder
            >>> InvoiceBuilder.example().order_reference("PO-7").draft().order_reference
            'PO-7'
        """
        self._set(order_reference=reference)
        return self

    def buyer_reference(self, reference: str) -> InvoiceBuilder:
        """The buyer reference (BT-10); defaults to the buyer's id.

        Example:
            >>> from otccore.invoicing import InvoiceBuilder
            >>> InvoiceBuilder.example().draft().buyer_reference
            'C1'
        """
        self._set(buyer_reference=reference)
        return self

    def preceding(self, number: str, issue_date: date | None = None) -> InvoiceBuilder:
        """Reference a preceding invoice (BT-25, BT-26), as a credit note must.

        Example:
            >>> from otccore.invoicing import InvoiceBuilder
            >>> InvoiceBuilder.example().preceding("INV-1").draft().preceding[0].number
            'INV-1'
        """
        self._preceding.append(DocumentReference(number, issue_date))
        return self

    @keyword_only
    def exemption(
        self, category: VatCategory | str, reason: str, *, code: str | None = None
    ) -> InvoiceBuilder:
        """The exemption reason text and code (BT-120/121) for a category.

        ``code`` is keyword-only (passing it by position is deprecated).

        Example:
            >>> from otccore.invoicing import InvoiceBuilder, TaxCategory
            >>> from otccore.money import money
            >>> inv = (InvoiceBuilder.example().line("A", 1, money(1, "EUR"),
            ...        tax_category=TaxCategory.of("E", 0))
            ...        .exemption("E", "Art. 132 VAT Directive", code="VATEX-EU-132").draft())
            >>> inv.vat_breakdown[0].exemption_code
            'VATEX-EU-132'
        """
        self._exemptions[VatCategory.parse(category)] = (reason, code)
        return self

    # ---- the draft --------------------------------------------------------------

    def _set(self, **settings: Any) -> None:
        self._settings.update(settings)

    def _inputs(self) -> DraftInputs:
        """Everything collected so far, as one value (what :meth:`draft` computes from)."""
        return DraftInputs(
            **self._settings,
            lines=tuple((spec, tuple(adjusts)) for spec, adjusts in self._lines),
            document=tuple(self._doc),
            exemptions=tuple(self._exemptions.items()),
            preceding=tuple(self._preceding),
        )

    def draft(self) -> Invoice:
        """The unnumbered invoice with every amount computed by EN 16931.

        Example:
            >>> from otccore.invoicing import InvoiceBuilder
            >>> InvoiceBuilder.example().draft().totals.payable
            Money('0.00', 'EUR')
        """
        return compute(self._inputs())
