"""InvoiceBuilder: enter what was sold, get a draft invoice with EN 16931 totals.

The builder checks each input as it comes (money never a float, one currency, a
known VAT category, a positive base quantity) and raises an
:mod:`otccore.errors` exception naming the value. Business-rule violations that
a document can still carry (a negative price, a rate on category O, a missing
reason) are left to :func:`~otccore.invoicing.validate`, so a draft shows every
problem at once and :func:`~otccore.invoicing.issue` refuses it.

Example:
    >>> from otccore.invoicing import InvoiceBuilder, Party, TaxCategory
    >>> s19 = TaxCategory.of("S", 19)
    >>> seller = Party.create("S1", "Seller AG", country="DE",
    ...                       endpoint="DE123456789", endpoint_scheme="9930")
    >>> buyer = Party.create("C1", "Buyer GmbH", country="DE",
    ...                      endpoint="4000001000005", endpoint_scheme="0088")
    >>> draft = (InvoiceBuilder(seller=seller, buyer=buyer, currency="EUR",
    ...                         issue_date=date(2026, 1, 5))
    ...          .line("Widget", 3, money("9.99", "EUR"), vat=s19)
    ...          .charge(money("5.00", "EUR"), reason="Freight", code="FC", vat=s19)
    ...          .draft())
    >>> t = draft.totals
    >>> t.line_total, t.tax_exclusive, t.tax_total, t.payable
    (Money('29.97', 'EUR'), Money('34.97', 'EUR'), Money('6.64', 'EUR'), Money('41.61', 'EUR'))
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

import attrs
import moneyed

from otccore.errors import CurrencyMismatch, InvalidAmount, InvalidInput
from otccore.invoicing._arith import line_extension, line_net, round_half_up, vat_groups
from otccore.invoicing.model import (
    CONTEXT,
    EXEMPTIONS,
    AllowanceCharge,
    DocumentReference,
    DocumentType,
    Invoice,
    InvoiceLine,
    Party,
    PaymentMeans,
    TaxCategory,
    Totals,
    VatBreakdown,
    VatCategory,
    VatRounding,
    minor_amount,
    step,
)
from otccore.invoicing.terms import PaymentTerms
from otccore.money import (
    FxRates,
    Money,
    RoundingPolicy,
    as_decimal,
    check_currency,
    convert,
    to_minor,
)

__all__ = ["InvoiceBuilder", "LineSpec"]


@attrs.frozen
class _Adjust:
    is_charge: bool
    amount: Money | None
    percent: Decimal | None
    base: Money | None
    reason: str | None
    code: str | None
    tax: TaxCategory | None = None


@attrs.frozen
class LineSpec:
    """What a line says before the arithmetic: the input of :meth:`InvoiceBuilder.add`.

    ``price`` is per ``base_quantity`` units, net of VAT unless ``tax_inclusive``
    (then it includes VAT at the line's rate and is converted, see
    :meth:`InvoiceBuilder.line`). ``price_discount`` is an item price discount
    (BT-147) taken off ``price`` to give the net price.

    Example:
        >>> spec = LineSpec.create("Widget", 2, money(10, "EUR"), vat=TaxCategory.of("S", 19),
        ...                        order_reference="PO-1")
        >>> spec.quantity, spec.order_reference
        (Decimal('2'), 'PO-1')
    """

    name: str
    quantity: Decimal
    price: Money
    tax: TaxCategory
    base_quantity: Decimal = Decimal(1)
    unit_code: str = "C62"
    price_discount: Money | None = None
    tax_inclusive: bool = False
    order_reference: str | None = None
    id: str | None = None

    @classmethod
    def create(
        cls,
        name: str,
        quantity: object,
        price: moneyed.Money,
        *,
        vat: TaxCategory,
        base_quantity: object = 1,
        unit: str = "C62",
        price_discount: moneyed.Money | None = None,
        tax_inclusive: bool = False,
        order_reference: str | None = None,
        id: str | None = None,
    ) -> LineSpec:
        """Named constructor: checks every field (no floats, base quantity > 0, a real category).

        Example:
            >>> LineSpec.create("X", 1, money(1, "EUR"), vat=TaxCategory.of("S", 19),
            ...                 base_quantity=0)
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: line 'X': base quantity must be greater than zero: 0
        """
        if not isinstance(name, str) or not name.strip():
            raise InvalidInput(f"line name must be a non-empty str: {name!r}")
        qty = as_decimal(quantity, what=f"line {name!r}: quantity")
        base_qty = as_decimal(base_quantity, what=f"line {name!r}: base quantity")
        if base_qty <= 0:
            raise InvalidInput(
                f"line {name!r}: base quantity must be greater than zero: {base_qty}"
            )
        if not isinstance(price, moneyed.Money):
            raise InvalidAmount(
                f"line {name!r}: price must be Money, not {type(price).__name__}: {price!r}"
            )
        as_decimal(price.amount, what=f"line {name!r}: price")
        if not isinstance(vat, TaxCategory):
            raise InvalidInput(f"line {name!r}: vat must be a TaxCategory: {vat!r}")
        if not isinstance(unit, str) or not unit.strip():
            raise InvalidInput(f"line {name!r}: unit code must be a non-empty str: {unit!r}")
        discount = None
        if price_discount is not None:
            if not isinstance(price_discount, moneyed.Money):
                raise InvalidAmount(
                    f"line {name!r}: price discount must be Money: {price_discount!r}"
                )
            if price_discount.currency != price.currency:
                raise CurrencyMismatch(
                    f"line {name!r}: price discount is {price_discount.currency.code}, "
                    f"price is {price.currency.code}"
                )
            if tax_inclusive:
                raise InvalidInput(
                    f"line {name!r}: an item price discount needs a net price, "
                    "not a tax-inclusive one"
                )
            discount = Money(price_discount.amount, price.currency.code)
        if not isinstance(tax_inclusive, bool):
            raise InvalidInput(f"tax_inclusive must be a bool: {tax_inclusive!r}")
        return cls(
            name=name,
            quantity=qty,
            price=Money(price.amount, price.currency.code),
            tax=vat,
            base_quantity=base_qty,
            unit_code=unit,
            price_discount=discount,
            tax_inclusive=tax_inclusive,
            order_reference=order_reference,
            id=id,
        )


class InvoiceBuilder:
    """Collects an invoice's inputs; :meth:`draft` computes it by EN 16931.

    Methods return the builder so calls chain. Inputs are checked on entry;
    nothing is numbered here (see :func:`~otccore.invoicing.issue`).

    Example:
        >>> b = InvoiceBuilder.example()
        >>> _ = b.line("Tea", 3, money("11.90", "EUR"), vat=TaxCategory.of("S", 19),
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
        if not isinstance(issue_date, date) or isinstance(issue_date, datetime):
            raise InvalidInput(f"issue date must be a datetime.date: {issue_date!r}")
        self._seller = seller
        self._buyer = buyer
        self._currency = check_currency(currency)
        self._quantum = step(self._currency)
        self._issue_date = issue_date
        self._type = DocumentType(document_type)
        self._lines: list[tuple[LineSpec, list[_Adjust]]] = []
        self._doc: list[_Adjust | AllowanceCharge] = []
        self._terms: PaymentTerms | None = None
        self._due_date: date | None = None
        self._prepaid = Money(Decimal(0), self._currency)
        self._cash_quantum: Decimal | None = None
        self._rounding: Money | None = None
        self._tax_currency: str | None = None
        self._rates: FxRates | None = None
        self._rate_date: date | None = None
        self._vat_rounding = VatRounding.DOCUMENT
        self._means: PaymentMeans | None = None
        self._order_reference: str | None = None
        self._buyer_reference: str | None = None
        self._preceding: list[DocumentReference] = []
        self._exemptions: dict[VatCategory, tuple[str, str | None]] = dict(EXEMPTIONS)

    @classmethod
    def example(cls, currency: str = "EUR", issue_date: date = date(2026, 1, 5)) -> InvoiceBuilder:
        """A builder with a sample seller and buyer, for examples and tests.

        Both parties have a Peppol electronic address (their German VAT numbers,
        scheme 9930), so its invoices pass the default validation.

        Example:
            >>> sample = InvoiceBuilder.example().draft()
            >>> sample.buyer.name, sample.buyer.endpoint, sample.buyer.endpoint_scheme
            ('Buyer GmbH', 'DE987654321', '9930')
        """
        return cls(
            seller=Party.create(
                "S1",
                "Seller AG",
                country="DE",
                vat_id="DE123456789",
                endpoint="DE123456789",
                endpoint_scheme="9930",
            ),
            buyer=Party.create(
                "C1",
                "Buyer GmbH",
                country="DE",
                vat_id="DE987654321",
                endpoint="DE987654321",
                endpoint_scheme="9930",
            ),
            currency=currency,
            issue_date=issue_date,
        )

    # ---- inputs ---------------------------------------------------------------

    def _money(self, value: object, what: str) -> Money:
        if not isinstance(value, moneyed.Money):
            raise InvalidAmount(f"{what} must be Money, not {type(value).__name__}: {value!r}")
        if value.currency.code != self._currency:
            raise CurrencyMismatch(
                f"{what} is in {value.currency.code} {value.amount}, "
                f"the invoice is in {self._currency}"
            )
        return Money(as_decimal(value.amount, what=what), self._currency)

    def _amount(self, value: object, what: str) -> Money:
        # a document amount (not a unit price): at most the currency's decimals
        return minor_amount(self._money(value, what), what)

    def add(self, spec: LineSpec) -> InvoiceBuilder:
        """Add a line from a :class:`LineSpec` (its currency must be the invoice's).

        Example:
            >>> InvoiceBuilder.example(currency="USD").add(
            ...     LineSpec.create("X", 1, money(1, "EUR"), vat=TaxCategory.of("S", 19)))
            Traceback (most recent call last):
            ...
            otccore.errors.CurrencyMismatch: line 'X': price is in EUR 1, the invoice is in USD
        """
        if not isinstance(spec, LineSpec):
            raise InvalidInput(f"expected a LineSpec: {spec!r}")
        self._money(spec.price, f"line {spec.name!r}: price")
        self._lines.append((spec, []))
        return self

    def line(
        self,
        name: str,
        quantity: object,
        price: moneyed.Money,
        *,
        vat: TaxCategory,
        base_quantity: object = 1,
        unit: str = "C62",
        price_discount: moneyed.Money | None = None,
        tax_inclusive: bool = False,
        order_reference: str | None = None,
        id: str | None = None,
    ) -> InvoiceBuilder:
        """Add a line: ``quantity`` × ``price`` per ``base_quantity`` ``unit``\\ s.

        With ``tax_inclusive=True`` the price includes VAT at the line's rate:
        the line's gross amount round(price ÷ base quantity × quantity) is
        converted to its net amount round(gross ÷ (1 + rate ÷ 100)), and the net
        price stated on the line is the shortest decimal that gives back exactly
        that net amount. The VAT then follows the document rule.

        Example:
            >>> inv = InvoiceBuilder.example().line("Paper", 5, money("4.99", "EUR"),
            ...     vat=TaxCategory.of("S", 7), tax_inclusive=True).draft()
            >>> inv.lines[0].price, inv.lines[0].net_amount
            (Money('4.664', 'EUR'), Money('23.32', 'EUR'))
        """
        return self.add(
            LineSpec.create(
                name,
                quantity,
                price,
                vat=vat,
                base_quantity=base_quantity,
                unit=unit,
                price_discount=price_discount,
                tax_inclusive=tax_inclusive,
                order_reference=order_reference,
                id=id,
            )
        )

    def _adjust(
        self,
        is_charge: bool,
        amount: moneyed.Money | None,
        percent: object,
        base: moneyed.Money | None,
        reason: str | None,
        code: str | None,
        vat: TaxCategory | None,
    ) -> _Adjust:
        kind = "charge" if is_charge else "allowance"
        if (amount is None) == (percent is None):
            raise InvalidInput(f"an {kind} needs either an amount or a percent, not both")
        pct = None if percent is None else as_decimal(percent, what=f"{kind} percent")
        if base is not None and pct is None:
            raise InvalidInput(f"an {kind} base goes with a percent: {base!r}")
        if vat is not None and not isinstance(vat, TaxCategory):
            raise InvalidInput(f"{kind} vat must be a TaxCategory: {vat!r}")
        return _Adjust(
            is_charge=is_charge,
            amount=None if amount is None else self._amount(amount, f"{kind} amount"),
            percent=pct,
            base=None if base is None else self._amount(base, f"{kind} base"),
            reason=reason,
            code=code,
            tax=vat,
        )

    def _last_line(self, what: str) -> list[_Adjust]:
        if not self._lines:
            raise InvalidInput(f"a {what} applies to the last line: add a line first")
        return self._lines[-1][1]

    def line_allowance(
        self,
        amount: moneyed.Money | None = None,
        *,
        percent: object = None,
        reason: str | None = None,
        code: str | None = None,
    ) -> InvoiceBuilder:
        """An allowance on the last line, as an amount or a percent of its extension.

        Example:
            >>> inv = (InvoiceBuilder.example().line("A", 4, money("12.50", "EUR"),
            ...        vat=TaxCategory.of("S", 19))
            ...        .line_allowance(percent=10, reason="Volume discount", code="95").draft())
            >>> inv.lines[0].allowance_charges[0].amount, inv.lines[0].net_amount
            (Money('5.00', 'EUR'), Money('45.00', 'EUR'))
        """
        self._last_line("line allowance").append(
            self._adjust(False, amount, percent, None, reason, code, None)
        )
        return self

    def line_charge(
        self,
        amount: moneyed.Money | None = None,
        *,
        percent: object = None,
        reason: str | None = None,
        code: str | None = None,
    ) -> InvoiceBuilder:
        """A charge on the last line, as an amount or a percent of its extension.

        Example:
            >>> inv = (InvoiceBuilder.example().line("A", 1, money(100, "EUR"),
            ...        vat=TaxCategory.of("S", 19))
            ...        .line_charge(money(3, "EUR"), reason="Packing", code="ABL").draft())
            >>> inv.lines[0].net_amount
            Money('103.00', 'EUR')
        """
        self._last_line("line charge").append(
            self._adjust(True, amount, percent, None, reason, code, None)
        )
        return self

    def allowance(
        self,
        amount: moneyed.Money | None = None,
        *,
        percent: object = None,
        base: moneyed.Money | None = None,
        reason: str | None = None,
        code: str | None = None,
        vat: TaxCategory | None = None,
    ) -> InvoiceBuilder:
        """A document-level allowance (BG-20).

        By amount it needs ``vat``. By ``percent`` its base defaults to the sum of
        the line net amounts in its VAT group; without ``vat`` a percent
        allowance becomes one allowance per VAT group of the lines (so a 3 %
        discount on a mixed-rate invoice reduces each rate's taxable amount).

        Example:
            >>> inv = (InvoiceBuilder.example()
            ...        .line("A", 1, money(100, "EUR"), vat=TaxCategory.of("S", 19))
            ...        .line("B", 1, money(50, "EUR"), vat=TaxCategory.of("S", 7))
            ...        .allowance(percent=3, reason="Loyalty", code="95").draft())
            >>> [(str(a.tax.rate), str(a.amount.amount)) for a in inv.allowance_charges]
            [('7', '1.50'), ('19', '3.00')]
        """
        self._doc.append(self._adjust(False, amount, percent, base, reason, code, vat))
        return self

    def charge(
        self,
        amount: moneyed.Money | None = None,
        *,
        percent: object = None,
        base: moneyed.Money | None = None,
        reason: str | None = None,
        code: str | None = None,
        vat: TaxCategory | None = None,
    ) -> InvoiceBuilder:
        """A document-level charge (BG-21), for example freight (code ``FC``).

        Example:
            >>> inv = (InvoiceBuilder.example()
            ...        .line("A", 1, money(100, "EUR"), vat=TaxCategory.of("S", 19))
            ...        .charge(money("9.90", "EUR"), reason="Freight", code="FC",
            ...                vat=TaxCategory.of("S", 19)).draft())
            >>> inv.totals.charge_total, inv.totals.tax_exclusive
            (Money('9.90', 'EUR'), Money('109.90', 'EUR'))
        """
        self._doc.append(self._adjust(True, amount, percent, base, reason, code, vat))
        return self

    def allowance_charge(self, stated: AllowanceCharge) -> InvoiceBuilder:
        """A document-level allowance or charge as stated, for example copied from an invoice.

        Its amount, percent, base, reasons and VAT category are taken as they
        are (nothing is recomputed); the amounts must be in the invoice
        currency and in whole minor units.

        Example:
            >>> freight = AllowanceCharge.charge(money("4.90", "EUR"), reason="Freight",
            ...                                  code="FC", tax=TaxCategory.of("S", 19))
            >>> inv = (InvoiceBuilder.example().line("A", 1, money(100, "EUR"),
            ...        vat=TaxCategory.of("S", 19)).allowance_charge(freight).draft())
            >>> inv.allowance_charges == (freight,), inv.totals.tax_exclusive
            (True, Money('104.90', 'EUR'))
        """
        if not isinstance(stated, AllowanceCharge):
            raise InvalidInput(f"expected an AllowanceCharge: {stated!r}")
        if stated.tax is not None and not isinstance(stated.tax, TaxCategory):
            raise InvalidInput(f"allowance/charge vat must be a TaxCategory: {stated.tax!r}")
        self._amount(stated.amount, "allowance/charge amount")
        if stated.base_amount is not None:
            self._amount(stated.base_amount, "allowance/charge base")
        self._doc.append(stated)
        return self

    def terms(self, terms: PaymentTerms) -> InvoiceBuilder:
        """Payment terms (BT-20, BT-9 and the discount or installment schedule).

        Example:
            >>> from otccore.invoicing import NetDays
            >>> InvoiceBuilder.example().line("A", 1, money(1, "EUR"),
            ...     vat=TaxCategory.of("S", 19)).terms(NetDays(30)).draft().due_date
            datetime.date(2026, 2, 4)
        """
        if not callable(getattr(terms, "schedule", None)):
            raise InvalidInput(f"terms must be payment terms (NetDays, EndOfMonth …): {terms!r}")
        self._terms = terms
        return self

    def due(self, due_date: date) -> InvoiceBuilder:
        """A due date (BT-9) given directly, without terms.

        Example:
            >>> InvoiceBuilder.example().due(date(2026, 3, 1)).draft().due_date
            datetime.date(2026, 3, 1)
        """
        if not isinstance(due_date, date):
            raise InvalidInput(f"due date must be a datetime.date: {due_date!r}")
        self._due_date = due_date
        return self

    def prepaid(self, amount: moneyed.Money) -> InvoiceBuilder:
        """An amount already paid (BT-113), in whole minor units of the currency.

        Example:
            >>> InvoiceBuilder.example().line("A", 1, money(100, "EUR"),
            ...     vat=TaxCategory.of("S", 19)).prepaid(money(19, "EUR")).draft().totals.payable
            Money('100.00', 'EUR')
        """
        self._prepaid = self._amount(amount, "prepaid amount")
        return self

    def rounding_amount(self, amount: moneyed.Money) -> InvoiceBuilder:
        """A stated rounding amount (BT-114), in whole minor units: the amount due adds it.

        For a document whose rounding is given rather than computed, such as a
        credit note repeating its invoice's; :meth:`cash_rounding` computes one
        instead, so a builder takes one or the other.

        Example:
            >>> InvoiceBuilder.example().line("A", 1, money("10.01", "EUR"),
            ...     vat=TaxCategory.of("S", 19)).rounding_amount(money("0.01", "EUR")
            ...     ).draft().totals.payable
            Money('11.92', 'EUR')
        """
        if self._cash_quantum is not None:
            raise InvalidInput("a cash rounding quantum is set: it computes the rounding amount")
        self._rounding = self._amount(amount, "rounding amount")
        return self

    def cash_rounding(self, quantum: object) -> InvoiceBuilder:
        """Round the amount due to ``quantum`` (e.g. ``"0.05"``); the difference is BT-114.

        The quantum is a whole multiple of the currency's minor unit, so the
        rounding amount is too.

        Example:
            >>> inv = InvoiceBuilder.example(currency="CHF").line("A", 1, money("10.01", "CHF"),
            ...     vat=TaxCategory.of("S", "8.1")).cash_rounding("0.05").draft()
            >>> inv.totals.tax_inclusive, inv.totals.rounding, inv.totals.payable
            (Money('10.82', 'CHF'), Money('-0.02', 'CHF'), Money('10.80', 'CHF'))
            >>> InvoiceBuilder.example().cash_rounding("0.025")
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidAmount: cash rounding quantum 0.025 is not a whole multiple of the EUR minor unit 0.01
        """
        if self._rounding is not None:
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
        self._cash_quantum = q
        return self

    def tax_currency(
        self, currency: str, rates: FxRates, *, on: date | None = None
    ) -> InvoiceBuilder:
        """State the VAT total also in ``currency`` (BT-6, BT-111) at the rate of ``on``.

        ``on`` defaults to the issue date; a credit note passes its invoice's, so
        that its VAT is converted at the same rate.

        Example:
            >>> from otccore.money import StaticRates
            >>> inv = (InvoiceBuilder.example().line("A", 1, money(100, "EUR"),
            ...        vat=TaxCategory.of("S", 25))
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
        if on is not None and (not isinstance(on, date) or isinstance(on, datetime)):
            raise InvalidInput(f"the rate date must be a datetime.date: {on!r}")
        self._tax_currency = code
        self._rates = rates
        self._rate_date = on
        return self

    def vat_rounding(self, mode: VatRounding | str) -> InvoiceBuilder:
        """``DOCUMENT`` (default) or ``LINE`` VAT rounding, see :class:`VatRounding`.

        Example:
            >>> b = InvoiceBuilder.example().vat_rounding("line")
            >>> for _ in range(3):
            ...     _ = b.line("A", 1, money("0.10", "EUR"), vat=TaxCategory.of("S", 5))
            >>> inv = b.draft()
            >>> inv.totals.tax_total, inv.vat_breakdown[0].rounding_difference
            (Money('0.03', 'EUR'), Money('0.01', 'EUR'))
        """
        try:
            self._vat_rounding = VatRounding(mode)
        except ValueError:
            raise InvalidInput(f"unknown VAT rounding mode: {mode!r}") from None
        return self

    def payment_means(
        self, code: str = "30", *, iban: str | None = None, reference: str | None = None
    ) -> InvoiceBuilder:
        """Payment means (BG-16): code (30 credit transfer, 58 SEPA), the seller's IBAN (BT-84)
        and the payment reference (BT-83), which :func:`~otccore.invoicing.issue` sets to
        the invoice number when it is not given.

        Example:
            >>> InvoiceBuilder.example().payment_means("58", iban="DE89 3704 0044 0532 0130 00"
            ...                                        ).draft().payment_means.iban
            'DE89370400440532013000'
        """
        if not isinstance(code, str) or not code.strip():
            raise InvalidInput(f"payment means code must be a non-empty str: {code!r}")
        self._means = PaymentMeans(
            code=code,
            payment_reference=reference,
            iban=iban.replace(" ", "").upper() if iban is not None else None,
        )
        return self

    def order_reference(self, reference: str) -> InvoiceBuilder:
        """The purchase order reference (BT-13).

        Example:
            >>> InvoiceBuilder.example().order_reference("PO-7").draft().order_reference
            'PO-7'
        """
        self._order_reference = reference
        return self

    def buyer_reference(self, reference: str) -> InvoiceBuilder:
        """The buyer reference (BT-10); defaults to the buyer's id.

        Example:
            >>> InvoiceBuilder.example().draft().buyer_reference
            'C1'
        """
        self._buyer_reference = reference
        return self

    def preceding(self, number: str, issue_date: date | None = None) -> InvoiceBuilder:
        """Reference a preceding invoice (BT-25, BT-26), as a credit note must.

        Example:
            >>> InvoiceBuilder.example().preceding("INV-1").draft().preceding[0].number
            'INV-1'
        """
        self._preceding.append(DocumentReference(number, issue_date))
        return self

    def exemption(
        self, category: VatCategory | str, reason: str, code: str | None = None
    ) -> InvoiceBuilder:
        """The exemption reason text and code (BT-120/121) for a category.

        Example:
            >>> inv = (InvoiceBuilder.example().line("A", 1, money(1, "EUR"),
            ...        vat=TaxCategory.of("E", 0)).exemption("E", "Art. 132 VAT Directive",
            ...        "VATEX-EU-132").draft())
            >>> inv.vat_breakdown[0].exemption_code
            'VATEX-EU-132'
        """
        self._exemptions[VatCategory.parse(category)] = (reason, code)
        return self

    # ---- arithmetic -----------------------------------------------------------

    def _line(self, index: int, spec: LineSpec, adjusts: list[_Adjust]) -> InvoiceLine:
        q = self._quantum
        code = self._currency
        price = spec.price.amount
        gross_price: Money | None = None
        discount: Money | None = None
        if spec.price_discount is not None:
            gross_price = spec.price
            discount = spec.price_discount
            price = price - spec.price_discount.amount
        if spec.tax_inclusive:
            price, extension = _from_tax_inclusive(
                price, spec.quantity, spec.base_quantity, spec.tax.factor, q
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
            tax=spec.tax,
            net_amount=Money(net, code),
            allowance_charges=acs,
            gross_price=gross_price,
            price_discount=discount,
            order_reference=spec.order_reference,
        )

    def draft(self) -> Invoice:
        """The unnumbered invoice with every amount computed by EN 16931.

        Example:
            >>> InvoiceBuilder.example().draft().totals.payable
            Money('0.00', 'EUR')
        """
        code = self._currency
        q = self._quantum
        lines = tuple(self._line(i, s, a) for i, (s, a) in enumerate(self._lines, start=1))
        doc: list[AllowanceCharge] = []
        for adj in self._doc:
            if isinstance(adj, AllowanceCharge):
                doc.append(adj)  # stated, taken as it is
            elif adj.amount is None and adj.tax is None:
                # a percent allowance or charge over every VAT group of the lines
                groups: dict[tuple[str, Decimal], tuple[TaxCategory, Decimal]] = {}
                for ln in lines:
                    cat, total = groups.get(ln.tax.key, (ln.tax, Decimal(0)))
                    groups[ln.tax.key] = (cat, total + ln.net_amount.amount)
                for key in sorted(groups):
                    cat, total = groups[key]
                    doc.append(_resolve(attrs.evolve(adj, tax=cat), Money(total, code), q, None))
            else:
                base = None
                if adj.amount is None and adj.base is None and adj.tax is not None:
                    total = sum(
                        (ln.net_amount.amount for ln in lines if ln.tax.key == adj.tax.key),
                        Decimal(0),
                    )
                    base = Money(total, code)
                doc.append(_resolve(adj, base, q, adj.tax))
        groups_ = vat_groups(
            ((ln.tax, ln.net_amount.amount) for ln in lines), doc, self._vat_rounding, q
        )
        breakdown = []
        any_difference = False
        for cat, taxable, tax in groups_.values():
            reason, ex_code = self._exemptions.get(cat.category, (None, None))
            group = VatBreakdown(cat, Money(taxable, code), Money(tax, code), reason, ex_code)
            if self._vat_rounding is VatRounding.LINE and not any_difference:
                any_difference = group.rounding_difference.amount != 0
            breakdown.append(group)
        totals = _totals(
            code,
            [ln.net_amount.amount for ln in lines],
            doc,
            [g.tax.amount for g in breakdown],
            self._prepaid.amount,
            Decimal(0) if self._rounding is None else self._rounding.amount,
            self._cash_quantum,
        )
        due_date = self._due_date
        note = None
        discounts: tuple[object, ...] = ()
        installments: tuple[object, ...] = ()
        if self._terms is not None:
            sched = self._terms.schedule(self._issue_date, totals.payable, totals.tax_exclusive)
            due_date, note = sched.due_date, sched.note
            discounts, installments = sched.discounts, sched.installments
        tax_cur_total = None
        if self._tax_currency is not None and self._rates is not None:
            tax_cur_total = convert(
                totals.tax_total,
                self._tax_currency,
                self._rates,
                on=self._issue_date if self._rate_date is None else self._rate_date,
            )
        return Invoice(
            type=self._type,
            number=None,
            issue_date=self._issue_date,
            currency=code,
            seller=self._seller,
            buyer=self._buyer,
            lines=lines,
            allowance_charges=tuple(doc),
            vat_breakdown=tuple(breakdown),
            totals=totals,
            due_date=due_date,
            terms_note=note,
            discounts=discounts,  # type: ignore[arg-type]
            installments=installments,  # type: ignore[arg-type]
            payment_means=self._means,
            order_reference=self._order_reference,
            buyer_reference=self._buyer_reference
            if self._buyer_reference is not None
            else self._buyer.id,
            preceding=tuple(self._preceding),
            tax_currency=self._tax_currency,
            tax_total_in_tax_currency=tax_cur_total,
            vat_rounding=VatRounding.LINE if any_difference else VatRounding.DOCUMENT,
        )


def _resolve(
    adj: _Adjust, default_base: Money | None, q: Decimal, tax: TaxCategory | None
) -> AllowanceCharge:
    if adj.amount is not None:
        amount = adj.amount
        base = None
    else:
        base = adj.base if adj.base is not None else default_base
        assert base is not None  # the caller supplies the default base
        assert adj.percent is not None  # _adjust sets an amount or a percent
        with decimal.localcontext(CONTEXT):
            raw = base.amount * adj.percent / 100
        amount = Money(round_half_up(raw, q), base.currency.code)
    return AllowanceCharge(
        is_charge=adj.is_charge,
        amount=amount,
        reason=adj.reason,
        reason_code=adj.code,
        percent=adj.percent,
        base_amount=base,
        tax=tax if tax is not None else adj.tax,
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
    with decimal.localcontext(CONTEXT):
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
