"""Payment terms: when an invoice is due, what early payment earns, how it is split.

A terms value is a policy; :meth:`~PaymentTerms.schedule` resolves it for one
invoice (its issue date and amount due) into concrete dates and amounts. Calendar
arithmetic is :mod:`dateutil.relativedelta`; installments are split with
:func:`otccore.money.allocate`, so they never lose a cent.

The terms text (BT-20) carries the machine-readable discount lines of the
XRechnung convention (``#SKONTO#TAGE=10#PROZENT=2.00#``), each followed by
``#DISCOUNT-VAT#NONE#`` when taking it does not reduce the VAT, and, for
installments, ``#INSTALMENT#DATE=2026-02-15#AMOUNT=50.00#`` lines, so that a UBL
reader gets the schedule back.

Example:
    >>> from datetime import date
    >>> from decimal import Decimal
    >>> from otccore.invoicing import EarlyPaymentDiscount, NetDays
    >>> from otccore.money import money
    >>> terms = EarlyPaymentDiscount(Decimal(2), 10, NetDays(30))
    >>> sched = terms.schedule(date(2026, 1, 5), money("119.00", "EUR"), money("100.00", "EUR"))
    >>> sched.due_date, sched.discounts[0].until, sched.discounts[0].amount
    (datetime.date(2026, 2, 4), datetime.date(2026, 1, 15), Money('2.38', 'EUR'))
"""

from __future__ import annotations

import decimal
import enum
import re
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Protocol

import attrs
import moneyed
from dateutil.relativedelta import relativedelta

from otccore._kernel import HALF_UP, choice, whole
from otccore.errors import InvalidInput
from otccore.invoicing._amounts import step
from otccore.invoicing._arith import round_half_up
from otccore.invoicing.document import DiscountOffer, Installment, Invoice
from otccore.invoicing.tax import TaxReduction
from otccore.money import Money, allocate, as_decimal, as_money

__all__ = [
    "DiscountBase",
    "DiscountSplit",
    "EarlyPaymentDiscount",
    "EndOfMonth",
    "Installments",
    "NetDays",
    "PaymentSchedule",
    "PaymentTerms",
    "TaxReduction",
    "discount_split",
    "parse_terms_note",
]


@attrs.frozen
class PaymentSchedule:
    """Terms resolved for one invoice: due date, note (BT-20), discounts, installments.

    Example:
        >>> from datetime import date
        >>> from otccore.invoicing import NetDays
        >>> from otccore.money import money
        >>> NetDays(14).schedule(date(2026, 3, 1), money(10, "EUR"), money(10, "EUR")).due_date
        datetime.date(2026, 3, 15)
    """

    due_date: date
    note: str
    discounts: tuple[DiscountOffer, ...] = ()
    installments: tuple[Installment, ...] = ()


class PaymentTerms(Protocol):
    """Port-like protocol every terms kind follows (a host may add its own).

    Example:
        >>> from otccore.invoicing import NetDays, PaymentTerms
        >>> terms: PaymentTerms = NetDays(30)
        >>> terms.describe()
        'Net 30 days'
    """

    def due_date(self, issue_date: date) -> date:
        """The payment due date (BT-9) for an invoice issued on ``issue_date``.

        Example:
            >>> from datetime import date
            >>> from otccore.invoicing import EndOfMonth, PaymentTerms
            >>> terms: PaymentTerms = EndOfMonth(day=10)
            >>> terms.due_date(date(2026, 1, 20))
            datetime.date(2026, 2, 10)
        """
        ...

    def describe(self) -> str:
        """A short human text for the terms note.

        Example:
            >>> from otccore.invoicing import EndOfMonth, PaymentTerms
            >>> terms: PaymentTerms = EndOfMonth(30)
            >>> terms.describe()
            '30 days end of month'
        """
        ...

    def schedule(
        self, issue_date: date, amount_due: moneyed.Money, tax_exclusive: moneyed.Money
    ) -> PaymentSchedule:
        """Resolve the terms for an invoice.

        Example:
            >>> from datetime import date
            >>> from otccore.invoicing import NetDays, PaymentTerms
            >>> from otccore.money import money
            >>> terms: PaymentTerms = NetDays(10)
            >>> terms.schedule(date(2026, 1, 5), money(119, "EUR"), money(100, "EUR")).note
            'Net 10 days'
        """
        ...


class _Dated(Protocol):
    def due_date(self, issue_date: date) -> date: ...
    def describe(self) -> str: ...


def _plain_schedule(
    self: _Dated, issue_date: date, amount_due: moneyed.Money, tax_exclusive: moneyed.Money
) -> PaymentSchedule:
    """Just the due date and the text (terms without a discount or installments).

    Example:
        >>> from datetime import date
        >>> from otccore.invoicing import EndOfMonth, NetDays
        >>> from otccore.money import money
        >>> NetDays(30).schedule(date(2026, 1, 5), money(119, "EUR"), money(100, "EUR"))
        PaymentSchedule(due_date=datetime.date(2026, 2, 4), note='Net 30 days', discounts=(), installments=())
        >>> s = EndOfMonth(30).schedule(date(2026, 1, 20), money(10, "EUR"), money(10, "EUR"))
        >>> s.due_date, s.note
        (datetime.date(2026, 3, 2), '30 days end of month')
    """
    return PaymentSchedule(self.due_date(issue_date), self.describe())


@attrs.frozen
class NetDays:
    """Due ``days`` after the issue date ("net 30").

    Example:
        >>> from datetime import date
        >>> from otccore.invoicing import NetDays
        >>> NetDays(30).due_date(date(2026, 1, 31))
        datetime.date(2026, 3, 2)
    """

    days: int

    def __attrs_post_init__(self) -> None:
        whole(self.days, "net days")

    def due_date(self, issue_date: date) -> date:
        """Issue date plus the days.

        Example:
            >>> from datetime import date
            >>> from otccore.invoicing import NetDays
            >>> NetDays(14).due_date(date(2026, 2, 20))
            datetime.date(2026, 3, 6)
        """
        return issue_date + timedelta(days=self.days)

    def describe(self) -> str:
        """For example ``'Net 30 days'``.

        Example:
            >>> from otccore.invoicing import NetDays
            >>> NetDays(0).describe()
            'Net 0 days'
        """
        return f"Net {self.days} days"

    schedule = _plain_schedule


@attrs.frozen
class EndOfMonth:
    """End of month terms: ``days`` after the end of the issue month, or on ``day`` of a later month.

    ``EndOfMonth(30)`` is "30 days end of month" (end of the issue month + 30
    days). ``EndOfMonth(day=10)`` is "10th of the following month";
    ``months`` moves that further (``EndOfMonth(day=15, months=2)``: the 15th of
    the second month after issue). A ``day`` past a month's end is that month's
    last day.

    Example:
        >>> from datetime import date
        >>> from otccore.invoicing import EndOfMonth
        >>> EndOfMonth(30).due_date(date(2026, 1, 20))
        datetime.date(2026, 3, 2)
        >>> EndOfMonth(day=10).due_date(date(2026, 1, 20))
        datetime.date(2026, 2, 10)
        >>> EndOfMonth(day=31).due_date(date(2026, 1, 20))
        datetime.date(2026, 2, 28)
    """

    days: int = 0
    day: int | None = None
    months: int = 1

    def __attrs_post_init__(self) -> None:
        whole(self.days, "end-of-month days")
        whole(self.months, "end-of-month months")
        if self.day is not None:
            if (
                isinstance(self.day, bool)
                or not isinstance(self.day, int)
                or not 1 <= self.day <= 31
            ):
                raise InvalidInput(f"end-of-month day must be an int from 1 to 31: {self.day!r}")
            if self.days:
                raise InvalidInput("give either days after month end or a day of month, not both")
            if self.months < 1:
                raise InvalidInput(f"a day of month needs months >= 1: {self.months!r}")

    def due_date(self, issue_date: date) -> date:
        """End of the issue month + days, or the given day of a later month.

        Example:
            >>> from datetime import date
            >>> from otccore.invoicing import EndOfMonth
            >>> EndOfMonth().due_date(date(2026, 2, 3)), EndOfMonth(day=15, months=2).due_date(
            ...     date(2026, 1, 31))
            (datetime.date(2026, 2, 28), datetime.date(2026, 3, 15))
        """
        if self.day is None:
            return issue_date + relativedelta(day=31) + timedelta(days=self.days)
        return issue_date + relativedelta(months=self.months, day=self.day)

    def describe(self) -> str:
        """For example ``'30 days end of month'`` or ``'Day 10 of the following month'``.

        Example:
            >>> from otccore.invoicing import EndOfMonth
            >>> EndOfMonth().describe(), EndOfMonth(day=15, months=2).describe()
            ('End of month', 'Day 15 of the month 2 months after issue')
        """
        if self.day is None:
            return f"{self.days} days end of month" if self.days else "End of month"
        if self.months == 1:
            return f"Day {self.day} of the following month"
        return f"Day {self.day} of the month {self.months} months after issue"

    schedule = _plain_schedule


class DiscountBase(enum.StrEnum):
    """What an early-payment discount percentage applies to.

    ``WITH_VAT``: the amount due (BT-115), as German Skonto and most ERPs do.
    ``WITHOUT_VAT``: the invoice total without VAT (BT-109).

    Example:
        >>> from otccore.invoicing import DiscountBase
        >>> DiscountBase("without_vat").name
        'WITHOUT_VAT'
    """

    WITH_VAT = "with_vat"
    WITHOUT_VAT = "without_vat"


def _percent(value: object) -> Decimal:
    pct = as_decimal(value, what="discount percent")
    if not Decimal(0) < pct < Decimal(100):
        raise InvalidInput(f"discount percent must be between 0 and 100: {value!r}")
    return pct


def _discount_base(value: object) -> DiscountBase:
    return choice(DiscountBase, value, "DiscountBase")


def _tax_reduction(value: object) -> TaxReduction:
    return choice(TaxReduction, value, "TaxReduction")


def _percent_text(pct: Decimal) -> str:
    return str(pct.quantize(Decimal("0.01"))) if pct.as_tuple().exponent >= -2 else str(pct)  # type: ignore[operator]


@attrs.frozen
class EarlyPaymentDiscount:
    """ "2/10 net 30": ``percent`` off when paid within ``days``, else the ``net`` terms.

    ``base`` says whether the percentage applies to the amount due (with VAT,
    the default) or to the total without VAT; ``tax_reduction`` says whether
    the discount, once taken, reduces the VAT (see :func:`discount_split`).

    Example:
        >>> from datetime import date
        >>> from decimal import Decimal
        >>> from otccore.invoicing import DiscountBase, EarlyPaymentDiscount, NetDays
        >>> from otccore.money import money
        >>> terms = EarlyPaymentDiscount(Decimal(2), 10, NetDays(30), base=DiscountBase.WITHOUT_VAT)
        >>> s = terms.schedule(date(2026, 1, 5), money("119.00", "EUR"), money("100.00", "EUR"))
        >>> s.discounts[0].amount, s.discounts[0].base
        (Money('2.00', 'EUR'), Money('100.00', 'EUR'))
        >>> s.note.splitlines()[1]
        '#SKONTO#TAGE=10#PROZENT=2.00#BASISBETRAG=100.00#'
    """

    percent: Decimal = attrs.field(converter=_percent)
    days: int
    net: NetDays | EndOfMonth
    base: DiscountBase = attrs.field(default=DiscountBase.WITH_VAT, converter=_discount_base)
    tax_reduction: TaxReduction = attrs.field(
        default=TaxReduction.PROPORTIONAL, converter=_tax_reduction
    )

    def __attrs_post_init__(self) -> None:
        whole(self.days, "discount days")
        if not isinstance(self.net, NetDays | EndOfMonth):
            raise InvalidInput(f"net terms must be NetDays or EndOfMonth: {self.net!r}")

    def due_date(self, issue_date: date) -> date:
        """The net terms' due date.

        Example:
            >>> from datetime import date
            >>> from decimal import Decimal
            >>> from otccore.invoicing import EarlyPaymentDiscount, EndOfMonth
            >>> EarlyPaymentDiscount(Decimal(2), 10, EndOfMonth(30)).due_date(date(2026, 1, 20))
            datetime.date(2026, 3, 2)
        """
        return self.net.due_date(issue_date)

    def describe(self) -> str:
        """For example ``'2.00% discount if paid within 10 days, Net 30 days'``.

        Example:
            >>> from decimal import Decimal
            >>> from otccore.invoicing import (DiscountBase, EarlyPaymentDiscount,
            ...     NetDays, TaxReduction)
            >>> EarlyPaymentDiscount(Decimal(3), 8, NetDays(30), base=DiscountBase.WITHOUT_VAT,
            ...                      tax_reduction=TaxReduction.NONE).describe()
            '3.00% discount of the amount without VAT if paid within 8 days (VAT not reduced), Net 30 days'
        """
        on = "" if self.base is DiscountBase.WITH_VAT else " of the amount without VAT"
        vat = " (VAT not reduced)" if self.tax_reduction is TaxReduction.NONE else ""
        return (
            f"{_percent_text(self.percent)}% discount{on} if paid within {self.days} days{vat}, "
            f"{self.net.describe()}"
        )

    def schedule(
        self, issue_date: date, amount_due: moneyed.Money, tax_exclusive: moneyed.Money
    ) -> PaymentSchedule:
        """Due date of the net terms plus one discount offer, with its XRechnung line.

        Example:
            >>> from datetime import date
            >>> from decimal import Decimal
            >>> from otccore.invoicing import EarlyPaymentDiscount, NetDays
            >>> from otccore.money import money
            >>> s = EarlyPaymentDiscount(Decimal(2), 10, NetDays(30)).schedule(
            ...     date(2026, 1, 5), money("119.00", "EUR"), money("100.00", "EUR"))
            >>> s.due_date, s.discounts[0].until, s.discounts[0].amount
            (datetime.date(2026, 2, 4), datetime.date(2026, 1, 15), Money('2.38', 'EUR'))
        """
        due = as_money(amount_due)
        code = due.currency.code
        base = None if self.base is DiscountBase.WITH_VAT else as_money(tax_exclusive)
        with decimal.localcontext(HALF_UP):
            raw = (base if base is not None else due).amount * self.percent / 100
        amount = Money(round_half_up(raw, step(code)), code)
        until = issue_date + timedelta(days=self.days)
        line = f"#SKONTO#TAGE={self.days}#PROZENT={_percent_text(self.percent)}#"
        if base is not None:
            line += f"BASISBETRAG={base.amount}#"
        if self.tax_reduction is TaxReduction.NONE:
            line += f"\n{_NO_VAT_REDUCTION}"
        offer = DiscountOffer(
            until=until,
            percent=self.percent,
            base=base,
            amount=amount,
            tax_reduction=self.tax_reduction,
        )
        return PaymentSchedule(
            self.due_date(issue_date), f"{self.describe()}\n{line}", discounts=(offer,)
        )


def _parts(value: object) -> tuple[tuple[Decimal, int], ...]:
    if not isinstance(value, Sequence) or isinstance(value, str) or not value:
        raise InvalidInput(f"installments need at least one (weight, days) part: {value!r}")
    parts: list[tuple[Decimal, int]] = []
    for part in value:
        if not isinstance(part, tuple) or len(part) != 2:
            raise InvalidInput(f"an installment part is a (weight, days) pair: {part!r}")
        weight = as_decimal(part[0], what="installment weight")
        if weight <= 0:
            raise InvalidInput(f"installment weights must be positive: {part[0]!r}")
        parts.append((weight, whole(part[1], "installment days")))
    days = [d for _, d in parts]
    if days != sorted(set(days)):
        raise InvalidInput(f"installment days must be strictly increasing: {days!r}")
    return tuple(parts)


@attrs.frozen
class Installments:
    """The amount due split into parts by weight, each due a number of days after issue.

    ``Installments(((1, 30), (1, 60), (1, 90)))`` is thirds at 30/60/90 days;
    weights may be percentages (``(40, 30), (60, 60)``). The amounts are
    :func:`~otccore.money.allocate`\\ d, so they always sum to the amount due. The
    invoice's due date is the last installment's.

    Example:
        >>> from datetime import date
        >>> from otccore.invoicing import Installments
        >>> from otccore.money import money
        >>> s = Installments(((1, 30), (1, 60), (1, 90))).schedule(
        ...     date(2026, 1, 1), money("100.00", "EUR"), money("100.00", "EUR"))
        >>> [(str(i.due_date), str(i.amount.amount)) for i in s.installments]
        [('2026-01-31', '33.34'), ('2026-03-02', '33.33'), ('2026-04-01', '33.33')]
    """

    parts: tuple[tuple[Decimal, int], ...] = attrs.field(converter=_parts)

    def due_date(self, issue_date: date) -> date:
        """The last installment's due date.

        Example:
            >>> from datetime import date
            >>> from otccore.invoicing import Installments
            >>> Installments(((1, 30), (1, 60))).due_date(date(2026, 1, 1))
            datetime.date(2026, 3, 2)
        """
        return issue_date + timedelta(days=self.parts[-1][1])

    def describe(self) -> str:
        """For example ``'3 installments at 30, 60, 90 days'``.

        Example:
            >>> from otccore.invoicing import Installments
            >>> Installments(((40, 0), (60, 45))).describe()
            '2 installments at 0, 45 days'
        """
        days = ", ".join(str(d) for _, d in self.parts)
        return f"{len(self.parts)} installments at {days} days"

    def schedule(
        self, issue_date: date, amount_due: moneyed.Money, tax_exclusive: moneyed.Money
    ) -> PaymentSchedule:
        """Allocate the amount due over the parts; one ``#INSTALMENT#`` line each.

        Example:
            >>> from datetime import date
            >>> from otccore.invoicing import Installments
            >>> from otccore.money import money
            >>> s = Installments(((1, 30), (1, 60))).schedule(
            ...     date(2026, 1, 1), money("100.01", "EUR"), money("84.04", "EUR"))
            >>> [i.amount for i in s.installments]
            [Money('50.01', 'EUR'), Money('50.00', 'EUR')]
            >>> s.note.splitlines()[1]
            '#INSTALMENT#DATE=2026-01-31#AMOUNT=50.01#'
        """
        amounts = allocate(amount_due, [w for w, _ in self.parts])
        items = tuple(
            Installment(issue_date + timedelta(days=d), a)
            for (_, d), a in zip(self.parts, amounts, strict=True)
        )
        lines = [self.describe()] + [
            f"#INSTALMENT#DATE={i.due_date.isoformat()}#AMOUNT={i.amount.amount}#" for i in items
        ]
        return PaymentSchedule(self.due_date(issue_date), "\n".join(lines), installments=items)


_SKONTO = re.compile(r"^#SKONTO#TAGE=(\d+)#PROZENT=(\d+\.\d+)#(?:BASISBETRAG=(-?\d+(?:\.\d+)?)#)?$")
_NO_VAT_REDUCTION = "#DISCOUNT-VAT#NONE#"  # follows the #SKONTO# line it belongs to
_INSTALMENT = re.compile(r"^#INSTALMENT#DATE=(\d{4}-\d{2}-\d{2})#AMOUNT=(-?\d+(?:\.\d+)?)#$")


def parse_terms_note(
    note: str, *, issue_date: date, amount_due: moneyed.Money
) -> tuple[tuple[DiscountOffer, ...], tuple[Installment, ...]]:
    """Read the discount and installment lines back from a terms note (BT-20).

    A ``#DISCOUNT-VAT#NONE#`` line marks the discount line before it as one that
    does not reduce the VAT. Other lines are free text and ignored.

    Example:
        >>> from datetime import date
        >>> from otccore.invoicing import parse_terms_note
        >>> from otccore.money import money
        >>> offers, parts = parse_terms_note("2/10 net 30\\n#SKONTO#TAGE=10#PROZENT=2.00#",
        ...     issue_date=date(2026, 1, 5), amount_due=money("119.00", "EUR"))
        >>> offers[0].until, offers[0].amount, parts
        (datetime.date(2026, 1, 15), Money('2.38', 'EUR'), ())
    """
    due = as_money(amount_due)
    code = due.currency.code
    offers: list[DiscountOffer] = []
    parts: list[Installment] = []
    for raw in note.splitlines():
        text = raw.strip()
        if m := _SKONTO.match(text):
            pct = Decimal(m.group(2))
            base = Money(Decimal(m.group(3)), code) if m.group(3) is not None else None
            with decimal.localcontext(HALF_UP):
                value = (base if base is not None else due).amount * pct / 100
            offers.append(
                DiscountOffer(
                    until=issue_date + timedelta(days=int(m.group(1))),
                    percent=pct,
                    base=base,
                    amount=Money(round_half_up(value, step(code)), code),
                )
            )
        elif text == _NO_VAT_REDUCTION and offers:
            offers[-1] = attrs.evolve(offers[-1], tax_reduction=TaxReduction.NONE)
        elif m := _INSTALMENT.match(text):
            parts.append(
                Installment(date.fromisoformat(m.group(1)), Money(Decimal(m.group(2)), code))
            )
    return tuple(offers), tuple(parts)


@attrs.frozen
class DiscountSplit:
    """What taking an early-payment discount means: the amount, its net part, its VAT part.

    ``by_group`` gives the VAT part per (category code, rate) so the seller can
    book its output-VAT correction.

    Example:
        >>> from otccore.invoicing import DiscountSplit
        >>> from otccore.money import money
        >>> DiscountSplit(money("2.38", "EUR"), money("2.00", "EUR"), money("0.38", "EUR"), ()).vat
        Money('0.38', 'EUR')
    """

    amount: Money
    net: Money
    vat: Money
    by_group: tuple[tuple[str, Decimal, Money], ...]


def discount_split(
    invoice: Invoice,
    offer: DiscountOffer,
    tax_reduction: TaxReduction | None = None,
) -> DiscountSplit:
    """Split a discount offer of ``invoice`` into its net and VAT parts.

    ``tax_reduction`` defaults to the offer's own, that is the mode of the
    :class:`EarlyPaymentDiscount` terms it comes from; pass one to override it.
    With ``PROPORTIONAL`` tax reduction a discount on the amount due is spread
    over the VAT groups in proportion to each group's gross amount (taxable +
    VAT, via :func:`~otccore.money.allocate`), and each group's VAT part is
    share × rate ÷ (100 + rate), rounded half-up: the output-VAT correction the
    seller books when the discount is taken. With ``NONE``, and for a discount on
    the amount without VAT (which leaves the VAT due in full), the VAT part is zero.

    Example:
        >>> from decimal import Decimal
        >>> from otccore.invoicing import (EarlyPaymentDiscount, InvoiceBuilder, NetDays,
        ...     TaxCategory, discount_split)
        >>> from otccore.money import money
        >>> inv = (InvoiceBuilder.example().line("A", 1, money(100, "EUR"),
        ...        tax_category=TaxCategory.of("S", 19))
        ...        .terms(EarlyPaymentDiscount(Decimal(2), 10, NetDays(30))).draft())
        >>> s = discount_split(inv, inv.discounts[0])
        >>> s.amount, s.net, s.vat
        (Money('2.38', 'EUR'), Money('2.00', 'EUR'), Money('0.38', 'EUR'))
    """
    mode = offer.tax_reduction if tax_reduction is None else _tax_reduction(tax_reduction)
    code = invoice.currency
    q = step(code)
    zero = Money(Decimal(0), code)
    if mode is TaxReduction.NONE or offer.base is not None or not invoice.vat_breakdown:
        return DiscountSplit(offer.amount, offer.amount, zero, ())
    weights = [abs(g.taxable.amount + g.tax.amount) for g in invoice.vat_breakdown]
    if sum(weights) == 0:
        return DiscountSplit(offer.amount, offer.amount, zero, ())
    shares = allocate(offer.amount, weights)
    groups: list[tuple[str, Decimal, Money]] = []
    vat_total = Decimal(0)
    with decimal.localcontext(HALF_UP):
        for g, share in zip(invoice.vat_breakdown, shares, strict=True):
            rate = g.tax_category.rate or Decimal(0)
            vat = round_half_up(share.amount * rate / (100 + rate), q)
            vat_total += vat
            groups.append((g.tax_category.category.value, rate, Money(vat, code)))
    vat_money = Money(vat_total, code)
    return DiscountSplit(offer.amount, offer.amount - vat_money, vat_money, tuple(groups))
