"""Orders and reservations as credit sees them, their state, releases and payments in transit.

An :class:`Order` is what the host asks credit to check: an amount owed once the
order is delivered and invoiced. Its :class:`OrderRecord` is what the credit store
keeps: the status (held, open, ...), the part not yet delivered, the part delivered
but not yet invoiced, and the release that let a held order through.

Example:
    >>> from datetime import date
    >>> from otccore.credit import Order, OrderRecord, OrderStatus
    >>> from otccore.money import money
    >>> order = Order.create("SO-1", "C1", money("500.00", "EUR"), order_date=date(2026, 3, 2))
    >>> record = OrderRecord.new(order, OrderStatus.OPEN)
    >>> record.open, record.delivered
    (Money('500.00', 'EUR'), Money('0.00', 'EUR'))
"""

from __future__ import annotations

import enum
from datetime import date, timedelta
from typing import NewType

import attrs
import moneyed

from otccore._kernel import choice, day, keyword_only, opt_day, renamed, text, trusted, whole
from otccore.credit._util import amount as _amount
from otccore.credit._util import old_field, old_keyword_init
from otccore.errors import CurrencyMismatch, InvalidInput
from otccore.money import Money
from otccore.receivables import CustomerId, PaymentId

__all__ = [
    "Order",
    "OrderId",
    "OrderKind",
    "OrderRecord",
    "OrderStatus",
    "Release",
    "TransitPayment",
]

OrderId = NewType("OrderId", str)
OrderId.__doc__ = """Identifier of an order or reservation (the host's own key): a ``str``.

Example:
    >>> OrderId("SO-1") == "SO-1"
    True
"""


class OrderKind(enum.StrEnum):
    """A sales order (delivered, then invoiced) or a bare reservation (an authorisation).

    Example:
        >>> from otccore.credit import OrderKind
        >>> OrderKind("reservation")
        <OrderKind.RESERVATION: 'reservation'>
    """

    SALES_ORDER = "sales_order"
    RESERVATION = "reservation"


class OrderStatus(enum.StrEnum):
    """Where an order stands with credit.

    ``OPEN`` orders hold credit; ``HELD`` ones wait for a release and hold none;
    ``REJECTED``, ``CANCELLED`` and ``CLOSED`` (fully invoiced) hold none either,
    except for what was delivered and not yet invoiced.

    Example:
        >>> from otccore.credit import OrderStatus
        >>> OrderStatus.HELD.is_final, OrderStatus.CANCELLED.is_final
        (False, True)
    """

    HELD = "held"
    OPEN = "open"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    CLOSED = "closed"

    @property
    def is_final(self) -> bool:
        """True for cancelled and closed orders, which cannot change any more."""
        return self in (OrderStatus.CANCELLED, OrderStatus.CLOSED)


@attrs.frozen
class Order:
    """An order to check: who, how much (positive, any currency), when, and when it ships.

    ``delivery_date`` is the planned delivery date (``None``: at once); the dynamic
    limit check leaves out orders to be delivered beyond its horizon.
    (``scheduled`` is the deprecated name of ``delivery_date``, as keyword and
    attribute.)

    Example:
        >>> from datetime import date
        >>> from otccore.credit import Order
        >>> from otccore.money import money
        >>> Order.create("SO-2", "C1", money(-5, "EUR"), order_date=date(2026, 3, 2))
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidAmount: order amount must not be negative: -5 EUR
    """

    id: OrderId
    customer_id: CustomerId
    amount: Money
    order_date: date
    delivery_date: date | None = None
    kind: OrderKind = OrderKind.SALES_ORDER

    scheduled = old_field("Order", "scheduled", "delivery_date")

    def __attrs_post_init__(self) -> None:
        text(self.id, "order id")
        text(self.customer_id, "customer id")
        _amount(self.amount, "order amount")
        day(self.order_date, "order date")
        opt_day(self.delivery_date, "delivery date")
        if not isinstance(self.kind, OrderKind):
            raise InvalidInput(f"unknown order kind: {self.kind!r}")

    @classmethod
    def create(
        cls,
        id: str,
        customer_id: str,
        value: moneyed.Money,
        *,
        order_date: date,
        delivery_date: date | None = None,
        kind: OrderKind | str = OrderKind.SALES_ORDER,
        scheduled: date | None = None,
    ) -> Order:
        """Named constructor; refuses negative, float and sub-minor-unit amounts.

        Example:
            >>> from datetime import date
            >>> from otccore.credit import Order
            >>> from otccore.money import money
            >>> Order.create("R-1", "C1", money(80, "USD"), order_date=date(2026, 3, 2),
            ...              kind="reservation").kind
            <OrderKind.RESERVATION: 'reservation'>
        """
        order_kind = choice(OrderKind, kind, "order kind")
        delivery_date = renamed(
            delivery_date,
            scheduled,
            new_name="delivery_date",
            old_name="scheduled",
            where="Order.create",
        )
        return cls(
            id=OrderId(text(id, "order id")),
            customer_id=CustomerId(text(customer_id, "customer id")),
            amount=_amount(value, "order amount"),
            order_date=day(order_date, "order date"),
            delivery_date=opt_day(delivery_date, "delivery date"),
            kind=order_kind,
        )

    @property
    def currency(self) -> str:
        """The order's ISO 4217 currency code."""
        return str(self.amount.currency.code)


old_keyword_init(Order, "scheduled", "delivery_date")


@attrs.frozen
class Release:
    """A named person's release of a held order, honoured from ``release_date`` through ``valid_to`` inclusive.

    A release "valid for N days" (Oracle's "days to honor") covers N calendar days
    counting the day it was given: released on 2 March for 5 days, it is honoured
    from 2 March through 6 March and has expired on 7 March. ``valid_to`` is the
    last day, as a limit's ``valid_to`` is.

    Example:
        >>> from datetime import date
        >>> from otccore.credit import Release
        >>> from otccore.money import money
        >>> Release.create(by="j.doe", reason="known payer", release_date=date(2026, 3, 2),
        ...                valid_days=5, amount=money(10, "EUR")).valid_to
        datetime.date(2026, 3, 6)
    """

    by: str
    reason: str
    release_date: date
    valid_to: date
    amount: Money

    def __attrs_post_init__(self) -> None:
        text(self.by, "released by")
        text(self.reason, "release reason")
        day(self.release_date, "release date")
        day(self.valid_to, "release valid to")
        _amount(self.amount, "released amount")
        if self.valid_to < self.release_date:
            raise InvalidInput(
                f"release valid to {self.valid_to} is before it was given {self.release_date}"
            )

    released_on = old_field("Release", "released_on", "release_date")
    valid_until = old_field("Release", "valid_until", "valid_to")

    @classmethod
    @keyword_only
    def create(
        cls,
        *,
        by: str,
        reason: str,
        release_date: date | None = None,
        valid_days: int,
        amount: moneyed.Money,
        released_on: date | None = None,
    ) -> Release:
        """A release valid for ``valid_days`` calendar days counting ``release_date`` itself.

        It is honoured through ``release_date + valid_days - 1``; ``valid_days``
        must be a whole number of at least 1 (:class:`~otccore.errors.InvalidInput`
        otherwise). One day means the day of the release only. (``released_on=``
        is the deprecated name of ``release_date=``.)

        Example:
            >>> from datetime import date
            >>> from otccore.credit import Release
            >>> from otccore.money import money
            >>> r = Release.create(by="j.doe", reason="guarantee", release_date=date(2026, 3, 2),
            ...                    valid_days=1, amount=money(10, "EUR"))
            >>> r.valid_to
            datetime.date(2026, 3, 2)
            >>> Release.create(by="j.doe", reason="guarantee", release_date=date(2026, 3, 2),
            ...                valid_days=0, amount=money(10, "EUR"))
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: valid days must be at least 1: 0
        """
        given = renamed(
            release_date,
            released_on,
            new_name="release_date",
            old_name="released_on",
            where="Release.create",
        )
        days = whole(valid_days, "valid days", minimum=1)
        start = day(given, "release date")
        return cls(
            by=by,
            reason=reason,
            release_date=start,
            valid_to=start + timedelta(days=days - 1),
            amount=_amount(amount, "released amount"),
        )

    def honours(self, value: Money, as_of: date) -> bool:
        """True when the release still covers an order of ``value`` on ``as_of``.

        Example:
            >>> from datetime import date
            >>> from otccore.credit import Release
            >>> from otccore.money import money
            >>> r = Release.create(by="a", reason="b", release_date=date(2026, 3, 2), valid_days=2,
            ...                    amount=money(10, "EUR"))
            >>> r.honours(money(10, "EUR"), date(2026, 3, 3)), r.honours(money(10, "EUR"), date(2026, 3, 4))
            (True, False)
            >>> r.honours(money(11, "EUR"), date(2026, 3, 2))
            False
        """
        return (
            self.release_date <= as_of <= self.valid_to
            and value.currency == self.amount.currency
            and value.amount <= self.amount.amount
        )


@attrs.frozen
class OrderRecord:
    """The credit store's record of an order: status, undelivered and uninvoiced parts.

    ``open`` is the part not yet delivered, ``delivered`` the part delivered and not
    yet invoiced; both are in the order's currency and never negative.

    Example:
        >>> from datetime import date
        >>> from otccore.credit import Order, OrderRecord, OrderStatus
        >>> from otccore.money import money
        >>> order = Order.create("SO-1", "C1", money(100, "EUR"), order_date=date(2026, 3, 2))
        >>> rec = OrderRecord.new(order, OrderStatus.OPEN).deliver(money(30, "EUR"))
        >>> rec.open, rec.delivered
        (Money('70', 'EUR'), Money('30', 'EUR'))
    """

    order: Order
    status: OrderStatus
    open: Money
    delivered: Money
    release: Release | None = None

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.order, Order):
            raise InvalidInput(f"not an Order: {self.order!r}")
        if not isinstance(self.status, OrderStatus):
            raise InvalidInput(f"unknown order status: {self.status!r}")
        for value, what in ((self.open, "open amount"), (self.delivered, "delivered amount")):
            _amount(value, f"order {self.order.id!r} {what}")
            if value.currency != self.order.amount.currency:
                raise CurrencyMismatch(
                    f"order {self.order.id!r} is {self.order.currency}, its {what} is "
                    f"{value.currency.code}"
                )

    @classmethod
    def new(cls, order: Order, status: OrderStatus) -> OrderRecord:
        """A fresh record: nothing delivered yet.

        Example:
            >>> from datetime import date
            >>> from otccore.credit import Order, OrderRecord
            >>> from otccore.money import money
            >>> o = Order.create("SO-1", "C1", money(100, "EUR"), order_date=date(2026, 3, 2))
            >>> rec = OrderRecord.new(o, "held")
            >>> rec.status, rec.open, rec.holds_credit
            (<OrderStatus.HELD: 'held'>, Money('100', 'EUR'), False)
        """
        if not isinstance(order, Order):
            raise InvalidInput(f"not an Order: {order!r}")
        # The order checked its amount already; skip re-validating it (hot path).
        return cls._trusted(
            order,
            choice(OrderStatus, status, "order status"),
            order.amount,
            Money(order.amount.amount * 0, order.currency),
            None,
        )

    @classmethod
    def _trusted(
        cls,
        order: Order,
        status: OrderStatus,
        open: Money,
        delivered: Money,
        release: Release | None,
    ) -> OrderRecord:
        # Every check builds records from parts that are valid by construction
        # (the order checked its amount already): skip the validation (hot path).
        return trusted(
            cls, order=order, status=status, open=open, delivered=delivered, release=release
        )

    def with_status(self, status: OrderStatus) -> OrderRecord:
        """A copy in another status (nothing else changes, so nothing is re-validated).

        Example:
            >>> from datetime import date
            >>> from otccore.credit import Order, OrderRecord, OrderStatus
            >>> from otccore.money import money
            >>> o = Order.create("SO-1", "C1", money(1, "EUR"), order_date=date(2026, 3, 2))
            >>> OrderRecord.new(o, OrderStatus.OPEN).with_status(OrderStatus.HELD).status
            <OrderStatus.HELD: 'held'>
        """
        return self._trusted(
            self.order,
            choice(OrderStatus, status, "order status"),
            self.open,
            self.delivered,
            self.release,
        )

    @property
    def id(self) -> OrderId:
        """The order's id."""
        return self.order.id

    @property
    def customer_id(self) -> CustomerId:
        """The ordering customer's id."""
        return self.order.customer_id

    @property
    def holds_credit(self) -> bool:
        """True when the undelivered part counts in exposure (the order is open)."""
        return self.status is OrderStatus.OPEN

    def with_order(self, order: Order, status: OrderStatus | None = None) -> OrderRecord:
        """The record after the order changed: what was delivered already stays delivered.

        Example:
            >>> import attrs
            >>> from datetime import date
            >>> from otccore.credit import Order, OrderRecord, OrderStatus
            >>> from otccore.money import money
            >>> o = Order.create("SO-1", "C1", money(100, "EUR"), order_date=date(2026, 3, 2))
            >>> rec = OrderRecord.new(o, OrderStatus.OPEN).deliver(money(30, "EUR"))
            >>> rec.with_order(attrs.evolve(o, amount=money(80, "EUR"))).open
            Money('50', 'EUR')
        """
        if not isinstance(order, Order):
            raise InvalidInput(f"not an Order: {order!r}")
        if order.id != self.id or order.customer_id != self.customer_id:
            raise InvalidInput(
                f"order {order.id!r} of {order.customer_id!r} does not replace "
                f"{self.id!r} of {self.customer_id!r}"
            )
        if order.currency != self.order.currency:
            raise CurrencyMismatch(
                f"order {order.id!r} changed currency from {self.order.currency} to {order.currency}"
            )
        done = self.order.amount - self.open
        if order.amount < done:
            raise InvalidInput(
                f"order {order.id!r}: new amount {order.amount.amount} is below what was "
                f"already delivered {done.amount} {order.currency}"
            )
        return attrs.evolve(
            self,
            order=order,
            open=order.amount - done,
            status=self.status if status is None else choice(OrderStatus, status, "order status"),
        )

    def _part(self, value: object, label: str, *, within: Money, what: str) -> Money:
        """``value`` as a part of ``within``: Money of the order's currency, not more."""
        part = _amount(value, f"{label} amount")
        if part.currency != within.currency:
            raise CurrencyMismatch(
                f"order {self.id!r} is {self.order.currency}, {label} is {part.currency.code}"
            )
        if part.amount > within.amount:
            raise InvalidInput(
                f"order {self.id!r}: {label} of {part.amount} exceeds {what} "
                f"{within.amount} {self.order.currency}"
            )
        return part

    def deliver(self, value: moneyed.Money) -> OrderRecord:
        """Move ``value`` from the undelivered to the delivered-not-invoiced part.

        Example:
            >>> from datetime import date
            >>> from otccore.credit import Order, OrderRecord, OrderStatus
            >>> from otccore.money import money
            >>> o = Order.create("SO-1", "C1", money(100, "EUR"), order_date=date(2026, 3, 2))
            >>> OrderRecord.new(o, OrderStatus.OPEN).deliver(money(130, "EUR"))
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: order 'SO-1': delivery of 130 exceeds the undelivered 100 EUR
        """
        part = self._part(value, "delivery", within=self.open, what="the undelivered")
        return attrs.evolve(self, open=self.open - part, delivered=self.delivered + part)

    def invoice(self, value: moneyed.Money | None) -> OrderRecord:
        """Take ``value`` (default: all of it) off the delivered-not-invoiced part.

        Example:
            >>> from datetime import date
            >>> from otccore.credit import Order, OrderRecord, OrderStatus
            >>> from otccore.money import money
            >>> o = Order.create("SO-1", "C1", money(100, "EUR"), order_date=date(2026, 3, 2))
            >>> rec = OrderRecord.new(o, OrderStatus.OPEN).deliver(money(100, "EUR")).invoice(None)
            >>> rec.delivered.amount, rec.status
            (Decimal('0'), <OrderStatus.CLOSED: 'closed'>)
        """
        part = (
            self.delivered
            if value is None
            else self._part(
                value, "invoice", within=self.delivered, what="the delivered and not invoiced"
            )
        )
        rest = self.delivered - part
        status = self.status
        if status is OrderStatus.OPEN and self.open.amount == 0 and rest.amount == 0:
            status = OrderStatus.CLOSED
        return attrs.evolve(self, delivered=rest, status=status)


@attrs.frozen
class TransitPayment:
    """A payment announced but not yet applied (a payment in transit).

    Example:
        >>> from datetime import date
        >>> from otccore.credit import TransitPayment
        >>> from otccore.money import money
        >>> TransitPayment.create("P-9", "C1", money(40, "EUR"), value_date=date(2026, 3, 3)).amount
        Money('40', 'EUR')
    """

    id: PaymentId
    customer_id: CustomerId
    amount: Money
    value_date: date

    def __attrs_post_init__(self) -> None:
        text(self.id, "payment id")
        text(self.customer_id, "customer id")
        value = _amount(self.amount, "payment in transit")
        if value.amount == 0:
            raise InvalidInput(f"payment {self.id!r} in transit must not be zero")
        day(self.value_date, "value date")

    @classmethod
    def create(
        cls, id: str, customer_id: str, value: moneyed.Money, *, value_date: date
    ) -> TransitPayment:
        """Named constructor; the amount is positive.

        Example:
            >>> from datetime import date
            >>> from otccore.credit import TransitPayment
            >>> from otccore.money import money
            >>> TransitPayment.create("P-1", "C1", money(0, "EUR"), value_date=date(2026, 3, 2))
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidInput: payment 'P-1' in transit must not be zero
        """
        return cls(
            id=PaymentId(id),
            customer_id=CustomerId(customer_id),
            amount=_amount(value, "payment in transit"),
            value_date=value_date,
        )
