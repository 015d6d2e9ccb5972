"""Credit exposure: a sum of typed categories, each relevant or statistical.

The rules (what each category holds, which are relevant by default) are written
in docs/credit/rules.md and docs/credit/exposure.md.

Exposure is kept in the credit account's currency as integer minor units, one
number per :class:`ExposureCategory`. Which categories count against the limit is
the :class:`ExposurePolicy`'s choice (SAP credit exposure categories, Oracle EBS
checkboxes); the others are statistical: kept and shown, not checked.

Each source document contributes to an account through a pure function
(:func:`item_contribution`, :func:`order_contribution`,
:func:`transit_contribution`), converted into the account's currency on the
document's own date (issue date, order date, value date). Keeping exposure
incrementally is then adding the difference of a document's contribution before
and after an event, and :func:`compute_exposure` from the sources gives exactly the
same numbers.

Example:
    >>> from datetime import date
    >>> from otccore.credit import ExposureCategory, compute_exposure
    >>> from otccore.money import StaticRates, money
    >>> from otccore.receivables import OpenItem
    >>> inv = OpenItem.invoice("I1", "C1", money(300, "EUR"), issue_date=date(2026, 1, 5),
    ...                        due_date=date(2026, 2, 4), disputed=True)
    >>> exp = compute_exposure("EUR", items=[inv], rates=StaticRates({}))
    >>> exp.amount(ExposureCategory.DISPUTED), exp.total()
    (Money('300.00', 'EUR'), Money('300.00', 'EUR'))
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Final

import attrs
import moneyed

from otccore._kernel import EXACT, choice, opt_day, setting
from otccore._tabular import TableMixin, money_columns
from otccore.credit.orders import OrderKind, OrderRecord, TransitPayment
from otccore.errors import ConfigurationError, CurrencyMismatch, InvalidInput
from otccore.money import (
    FxRates,
    Money,
    check_currency,
    convert,
    from_minor,
    minor_digits,
    to_minor,
)
from otccore.receivables import OpenItem

__all__ = [
    "CATEGORIES",
    "DEFAULT_EXPOSURE_POLICY",
    "Exposure",
    "ExposureCategory",
    "ExposurePolicy",
    "compute_exposure",
    "item_contribution",
    "order_contribution",
    "to_account_minor",
    "transit_contribution",
]


class ExposureCategory(enum.StrEnum):
    """What a part of the exposure is.

    ``OPEN_RECEIVABLES`` open items not in dispute (credit notes and payments on
    account reduce it); ``OPEN_ORDERS`` the undelivered part of open sales orders;
    ``DELIVERED_NOT_INVOICED`` shipped, not yet billed; ``RESERVATIONS`` open
    reservations or authorisations; ``DISPUTED`` open items in dispute;
    ``PAYMENTS_IN_TRANSIT`` announced payments not yet applied (negative: they
    reduce exposure when relevant).

    Example:
        >>> from otccore.credit import CATEGORIES
        >>> [c.value for c in CATEGORIES][:2]
        ['open_receivables', 'open_orders']
    """

    OPEN_RECEIVABLES = "open_receivables"
    OPEN_ORDERS = "open_orders"
    DELIVERED_NOT_INVOICED = "delivered_not_invoiced"
    RESERVATIONS = "reservations"
    DISPUTED = "disputed"
    PAYMENTS_IN_TRANSIT = "payments_in_transit"


CATEGORIES: Final = tuple(ExposureCategory)
"""Every category, in the fixed order :attr:`Exposure.minor` uses."""

_INDEX: Final = {c: i for i, c in enumerate(CATEGORIES)}
_ZEROS: Final = (0,) * len(CATEGORIES)
_CODES: dict[str, str] = {}


def fast_money(units: int, code: str) -> Money:
    """``from_minor`` for the hot path (``code`` is already a checked ISO code)."""
    return Money(Decimal(units).scaleb(-minor_digits(code), EXACT), code)


def _code(currency: str) -> str:
    """``check_currency`` with a cache: the hot path checks the same few codes all the time."""
    code = _CODES.get(currency)
    if code is None:
        code = check_currency(currency)
        _CODES[currency] = code
    return code


assert len(CATEGORIES) == 6


def _category(value: object) -> ExposureCategory:
    return choice(ExposureCategory, value, "exposure category")


def _categories(value: Iterable[ExposureCategory | str]) -> frozenset[ExposureCategory]:
    if isinstance(value, str):
        raise ConfigurationError(f"relevant categories must be a collection, not {value!r}")
    return frozenset(setting(ExposureCategory, c, "exposure category") for c in value)


@attrs.frozen
class ExposurePolicy:
    """Which categories are relevant (count against the limit); the rest are statistical.

    The default counts everything except payments in transit (reducing exposure on
    an announced payment is optional: docs/credit/rules.md, "Payments in transit").

    Example:
        >>> from otccore.credit import DEFAULT_EXPOSURE_POLICY, ExposureCategory, ExposurePolicy
        >>> ExposurePolicy.of(["open_receivables"]).is_relevant(ExposureCategory.OPEN_ORDERS)
        False
        >>> DEFAULT_EXPOSURE_POLICY.is_relevant(ExposureCategory.PAYMENTS_IN_TRANSIT)
        False
    """

    relevant: frozenset[ExposureCategory] = attrs.field(
        default=frozenset(c for c in CATEGORIES if c is not ExposureCategory.PAYMENTS_IN_TRANSIT),
        converter=_categories,
    )

    @classmethod
    def of(cls, relevant: Iterable[ExposureCategory | str]) -> ExposurePolicy:
        """A policy counting exactly ``relevant``.

        Example:
            >>> from otccore.credit import ExposureCategory, ExposurePolicy
            >>> ExposurePolicy.of(["open_receivables", "disputed"]).relevant == {
            ...     ExposureCategory.OPEN_RECEIVABLES, ExposureCategory.DISPUTED}
            True
        """
        return cls(relevant=_categories(relevant))

    def is_relevant(self, category: ExposureCategory) -> bool:
        """True when ``category`` counts against the limit.

        Example:
            >>> from otccore.credit import DEFAULT_EXPOSURE_POLICY, ExposureCategory
            >>> DEFAULT_EXPOSURE_POLICY.is_relevant(ExposureCategory.DISPUTED)
            True
        """
        return category in self.relevant

    @property
    def indices(self) -> tuple[int, ...]:
        """Positions of the relevant categories in :data:`CATEGORIES` order."""
        found = _POLICY_INDICES.get(self.relevant)
        if found is None:
            found = tuple(i for i, c in enumerate(CATEGORIES) if c in self.relevant)
            _POLICY_INDICES[self.relevant] = found
        return found

    @property
    def mask(self) -> tuple[bool, ...]:
        """One flag per category in :data:`CATEGORIES` order."""
        return tuple(c in self.relevant for c in CATEGORIES)


_POLICY_INDICES: dict[frozenset[ExposureCategory], tuple[int, ...]] = {}

DEFAULT_EXPOSURE_POLICY: Final = ExposurePolicy()
"""All categories relevant except payments in transit."""


def _minor_tuple(value: Iterable[int]) -> tuple[int, ...]:
    result = tuple(value)
    if len(result) != len(CATEGORIES) or any(
        isinstance(v, bool) or not isinstance(v, int) for v in result
    ):
        raise InvalidInput(
            f"exposure needs {len(CATEGORIES)} integer minor-unit amounts: {result!r}"
        )
    return result


@attrs.frozen
class Exposure(TableMixin):
    """Exposure of one account: integer minor units per category, in one currency.

    It is also a table (``to_records()``, ``to_frame()``): one row per category.

    Example:
        >>> from otccore.credit import CATEGORIES, Exposure, ExposurePolicy
        >>> from otccore.money import money
        >>> e = Exposure.of("EUR", {"open_receivables": money(100, "EUR"),
        ...                         "payments_in_transit": money(-30, "EUR")})
        >>> e.total(), e.total(ExposurePolicy.of(CATEGORIES))
        (Money('100.00', 'EUR'), Money('70.00', 'EUR'))
        >>> (e + e).amount("open_receivables")
        Money('200.00', 'EUR')
    """

    currency: str = attrs.field(converter=check_currency)
    minor: tuple[int, ...] = attrs.field(converter=_minor_tuple)

    @classmethod
    def _raw(cls, currency: str, minor: tuple[int, ...]) -> Exposure:
        # The hot path (check_and_reserve) builds many exposures from values that
        # are valid by construction; skip the converters there (measured: ~30 %).
        # Written out rather than _kernel.trusted(): about 8 calls per check, and
        # trusted's keyword dict costs ~0.3 us a call (measured: ~7 % of a check's p50).
        self = object.__new__(cls)
        object.__setattr__(self, "currency", currency)
        object.__setattr__(self, "minor", minor)
        return self

    @classmethod
    def zero(cls, currency: str) -> Exposure:
        """No exposure at all.

        Example:
            >>> from otccore.credit import Exposure
            >>> Exposure.zero("eur").currency, Exposure.zero("EUR").is_zero
            ('EUR', True)
        """
        return cls._raw(_code(currency), _ZEROS)

    @classmethod
    def of(cls, currency: str, amounts: Mapping[ExposureCategory | str, moneyed.Money]) -> Exposure:
        """Build from Money per category (missing categories are zero).

        Example:
            >>> from otccore.credit import Exposure
            >>> from otccore.money import money
            >>> Exposure.of("EUR", {"open_orders": money(5, "EUR")}).minor
            (0, 500, 0, 0, 0, 0)
            >>> Exposure.of("EUR", {"open_orders": money(5, "USD")})
            Traceback (most recent call last):
            ...
            otccore.errors.CurrencyMismatch: exposure is in EUR, open_orders is USD 5
        """
        code = check_currency(currency)
        minor = [0] * len(CATEGORIES)
        for key, value in amounts.items():
            category = _category(key)
            if not isinstance(value, moneyed.Money):
                raise InvalidInput(f"{category} must be Money: {value!r}")
            if value.currency.code != code:
                raise CurrencyMismatch(
                    f"exposure is in {code}, {category} is {value.currency.code} {value.amount}"
                )
            minor[_INDEX[category]] += to_minor(value)
        return cls(code, tuple(minor))

    @classmethod
    def single(cls, currency: str, category: ExposureCategory, minor: int) -> Exposure:
        """``minor`` units in one category.

        Example:
            >>> from otccore.credit import Exposure, ExposureCategory
            >>> Exposure.single("EUR", ExposureCategory.RESERVATIONS, 1250).amount("reservations")
            Money('12.50', 'EUR')
        """
        values = [0] * len(CATEGORIES)
        values[_INDEX[_category(category)]] = minor
        return cls._raw(_code(currency), tuple(values))

    def _same(self, other: Exposure) -> None:
        if other.__class__ is not Exposure and not isinstance(other, Exposure):
            raise InvalidInput(f"not an Exposure: {other!r}")
        if other.currency != self.currency:
            raise CurrencyMismatch(
                f"cannot combine exposure in {self.currency} and {other.currency}"
            )

    def __add__(self, other: Exposure) -> Exposure:
        self._same(other)
        a, b = self.minor, other.minor
        return Exposure._raw(
            self.currency,
            (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3], a[4] + b[4], a[5] + b[5]),
        )

    def __sub__(self, other: Exposure) -> Exposure:
        self._same(other)
        a, b = self.minor, other.minor
        return Exposure._raw(
            self.currency,
            (a[0] - b[0], a[1] - b[1], a[2] - b[2], a[3] - b[3], a[4] - b[4], a[5] - b[5]),
        )

    def minor_of(self, category: ExposureCategory | str) -> int:
        """Minor units in ``category``.

        Example:
            >>> from otccore.credit import Exposure
            >>> from otccore.money import money
            >>> Exposure.of("JPY", {"disputed": money(300, "JPY")}).minor_of("disputed")
            300
        """
        return self.minor[_INDEX[_category(category)]]

    def amount(self, category: ExposureCategory | str) -> Money:
        """Money in ``category``.

        Example:
            >>> from otccore.credit import Exposure, ExposureCategory
            >>> from otccore.money import money
            >>> Exposure.of("EUR", {"disputed": money(3, "EUR")}).amount(ExposureCategory.DISPUTED)
            Money('3.00', 'EUR')
        """
        return from_minor(self.minor_of(category), self.currency)

    def total_minor(self, policy: ExposurePolicy = DEFAULT_EXPOSURE_POLICY) -> int:
        """Sum of the relevant categories, in minor units.

        Example:
            >>> from otccore.credit import CATEGORIES, Exposure, ExposurePolicy
            >>> from otccore.money import money
            >>> e = Exposure.of("EUR", {"open_orders": money(5, "EUR"), "payments_in_transit": money(-2, "EUR")})
            >>> e.total_minor(), e.total_minor(ExposurePolicy.of(CATEGORIES))
            (500, 300)
        """
        m = self.minor
        return sum(m[i] for i in policy.indices)

    def total(self, policy: ExposurePolicy = DEFAULT_EXPOSURE_POLICY) -> Money:
        """Sum of the relevant categories: what is checked against the limit.

        Example:
            >>> from otccore.credit import Exposure
            >>> from otccore.money import money
            >>> Exposure.of("EUR", {"open_orders": money(5, "EUR"), "disputed": money(1, "EUR")}).total()
            Money('6.00', 'EUR')
        """
        return from_minor(self.total_minor(policy), self.currency)

    def as_dict(self) -> dict[str, Money]:
        """Money per category name, in category order.

        Example:
            >>> from otccore.credit import Exposure
            >>> list(Exposure.zero("EUR").as_dict())[:3]
            ['open_receivables', 'open_orders', 'delivered_not_invoiced']
        """
        return {
            c.value: from_minor(v, self.currency)
            for c, v in zip(CATEGORIES, self.minor, strict=True)
        }

    @property
    def is_zero(self) -> bool:
        """True when every category is zero."""
        return not any(self.minor)

    def to_records(
        self, policy: ExposurePolicy = DEFAULT_EXPOSURE_POLICY
    ) -> list[dict[str, object]]:
        """One row per category, in category order: ``category``, ``exposure_amount``
        (``Decimal``), ``currency`` and ``relevant`` (whether ``policy`` counts it
        against the limit).

        Example:
            >>> from otccore.credit import Exposure
            >>> from otccore.money import money
            >>> e = Exposure.of("EUR", {"open_orders": money(5, "EUR")})
            >>> e.to_records()[1]
            {'category': 'open_orders', 'exposure_amount': Decimal('5.00'), 'currency': 'EUR', 'relevant': True}
            >>> [row["category"] for row in e.to_records() if not row["relevant"]]
            ['payments_in_transit']
        """
        return [
            {
                "category": category.value,
                **money_columns("exposure_amount", from_minor(minor, self.currency)),
                "relevant": policy.is_relevant(category),
            }
            for category, minor in zip(CATEGORIES, self.minor, strict=True)
        ]


def to_account_minor(value: moneyed.Money, currency: str, rates: FxRates, on: date) -> int:
    """``value`` converted into ``currency`` on ``on`` (half-up), as minor units.

    Raises :class:`~otccore.errors.MissingRate` when no rate is known.

    Example:
        >>> from datetime import date
        >>> from decimal import Decimal
        >>> from otccore.credit import to_account_minor
        >>> from otccore.money import StaticRates, money
        >>> to_account_minor(money("10.00", "USD"), "EUR",
        ...                  StaticRates({("USD", "EUR"): Decimal("0.9")}), date(2026, 1, 1))
        900
    """
    if value.currency.code == currency:
        return to_minor(value)
    return to_minor(convert(value, currency, rates, on=on))


def item_contribution(item: OpenItem, currency: str, rates: FxRates) -> Exposure:
    """What an open item adds to an account in ``currency`` (converted on its issue date).

    Example:
        >>> from datetime import date
        >>> from otccore.credit import item_contribution
        >>> from otccore.money import StaticRates, money
        >>> from otccore.receivables import OpenItem
        >>> cn = OpenItem.create("credit_note", "CN1", "C1", money(-20, "EUR"), issue_date=date(2026, 1, 1))
        >>> item_contribution(cn, "EUR", StaticRates({})).amount("open_receivables")
        Money('-20.00', 'EUR')
    """
    if not item.is_open:
        return Exposure.zero(currency)
    category = ExposureCategory.DISPUTED if item.disputed else ExposureCategory.OPEN_RECEIVABLES
    return Exposure.single(
        currency, category, to_account_minor(item.open, currency, rates, item.issue_date)
    )


def order_contribution(record: OrderRecord, currency: str, rates: FxRates) -> Exposure:
    """What an order adds to an account in ``currency`` (converted on its order date).

    The undelivered part counts while the order is open (as an open order, or a
    reservation for :attr:`OrderKind.RESERVATION`); the delivered, not invoiced
    part counts whatever the status.

    Example:
        >>> from datetime import date
        >>> from otccore.credit import OrderRecord, order_contribution
        >>> from otccore.credit.orders import Order, OrderStatus
        >>> from otccore.money import StaticRates, money
        >>> o = Order.create("SO", "C1", money(100, "EUR"), order_date=date(2026, 1, 1))
        >>> rec = OrderRecord.new(o, OrderStatus.OPEN).deliver(money(40, "EUR"))
        >>> c = order_contribution(rec, "EUR", StaticRates({}))
        >>> c.amount("open_orders"), c.amount("delivered_not_invoiced")
        (Money('60.00', 'EUR'), Money('40.00', 'EUR'))
    """
    code = _code(currency)
    values = [0] * len(CATEGORIES)
    on = record.order.order_date
    if record.holds_credit and record.open.amount:
        category = (
            ExposureCategory.RESERVATIONS
            if record.order.kind is OrderKind.RESERVATION
            else ExposureCategory.OPEN_ORDERS
        )
        values[_INDEX[category]] = to_account_minor(record.open, code, rates, on)
    if record.delivered.amount:
        values[_INDEX[ExposureCategory.DELIVERED_NOT_INVOICED]] = to_account_minor(
            record.delivered, code, rates, on
        )
    return Exposure._raw(code, tuple(values))


def transit_contribution(payment: TransitPayment, currency: str, rates: FxRates) -> Exposure:
    """A payment in transit, negative, converted on its value date.

    Example:
        >>> from datetime import date
        >>> from otccore.credit import CATEGORIES, ExposurePolicy, TransitPayment, transit_contribution
        >>> from otccore.money import StaticRates, money
        >>> p = TransitPayment.create("P1", "C1", money(5, "EUR"), value_date=date(2026, 1, 1))
        >>> transit_contribution(p, "EUR", StaticRates({})).total(ExposurePolicy.of(CATEGORIES))
        Money('-5.00', 'EUR')
    """
    return Exposure.single(
        currency,
        ExposureCategory.PAYMENTS_IN_TRANSIT,
        -to_account_minor(payment.amount, currency, rates, payment.value_date),
    )


def compute_exposure(
    currency: str,
    *,
    items: Iterable[OpenItem] = (),
    orders: Iterable[OrderRecord] = (),
    transits: Iterable[TransitPayment] = (),
    rates: FxRates,
    as_of: date | None = None,
) -> Exposure:
    """Exposure in ``currency`` recomputed from the source documents (the audit path).

    ``as_of`` (keyword-only, default ``None``: every document) leaves out what is
    dated after it: items issued and orders placed on or before ``as_of`` count,
    later ones do not. It does not rebuild history: each document that counts
    contributes as it stands now (its open amount, what was delivered), and
    payments in transit count as announced (their value date is when the money is
    expected, not when it was announced).

    Example:
        >>> from datetime import date
        >>> from otccore.credit import compute_exposure
        >>> from otccore.money import StaticRates, money
        >>> from otccore.receivables import OpenItem
        >>> compute_exposure("EUR", rates=StaticRates({})).is_zero
        True
        >>> early = OpenItem.invoice("I1", "C1", money(100, "EUR"), issue_date=date(2026, 3, 1),
        ...                          due_date=date(2026, 3, 31))
        >>> late = OpenItem.invoice("I2", "C1", money(50, "EUR"), issue_date=date(2026, 3, 5),
        ...                         due_date=date(2026, 4, 4))
        >>> compute_exposure("EUR", items=[early, late], rates=StaticRates({}),
        ...                  as_of=date(2026, 3, 4)).total()
        Money('100.00', 'EUR')
    """
    code = check_currency(currency)
    cutoff = opt_day(as_of, "as of")
    if cutoff is not None:
        items = (i for i in items if i.issue_date <= cutoff)
        orders = (o for o in orders if o.order.order_date <= cutoff)
    total = [0] * len(CATEGORIES)
    parts: list[Exposure] = []
    parts.extend(item_contribution(i, code, rates) for i in items)
    parts.extend(order_contribution(o, code, rates) for o in orders)
    parts.extend(transit_contribution(t, code, rates) for t in transits)
    for part in parts:
        for index, value in enumerate(part.minor):
            total[index] += value
    return Exposure(code, tuple(total))
