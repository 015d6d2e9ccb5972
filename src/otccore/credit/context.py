"""What a check step looks at: the order, the date, the chain of accounts and the sources.

:func:`build_context` turns an order and the customer's chain of accounts
(customer first, then each ancestor) into a :class:`CheckContext`: one
:class:`Level` per account with its limit and sub-limits converted into the
account's currency for the check date, its exposure without the order, and the
order's contribution. Receivables facts and orders beyond a horizon are loaded
only when a step asks for them. :func:`account_status` gives an account's
figures without an order.

Example:
    >>> from datetime import date
    >>> from otccore.credit import CreditAccount, CreditLimit, Order, build_context
    >>> from otccore.money import StaticRates, money
    >>> acc = CreditAccount.open("C1", "EUR", limit=CreditLimit.of(money(100, "EUR")))
    >>> ctx = build_context(Order.create("SO", "C1", money(30, "EUR"), order_date=date(2026, 3, 2)),
    ...                     [acc], as_of=date(2026, 3, 2), rates=StaticRates({}))
    >>> ctx.customer.limit, ctx.customer.order.total(), ctx.customer.projected.total()
    (10000, Money('30.00', 'EUR'), Money('30.00', 'EUR'))
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from datetime import date

import attrs

from otccore._kernel import day
from otccore.credit.accounts import CreditAccount
from otccore.credit.decision import Boundary, LevelStatus, TrafficLightPolicy
from otccore.credit.exposure import (
    DEFAULT_EXPOSURE_POLICY,
    Exposure,
    ExposureCategory,
    ExposurePolicy,
    order_contribution,
    to_account_minor,
)
from otccore.credit.facts import CreditFacts
from otccore.credit.orders import Order, OrderRecord, OrderStatus
from otccore.errors import InvalidInput
from otccore.money import FxRates
from otccore.receivables import CustomerId

__all__ = ["CheckContext", "Level", "account_status", "build_context", "limit_minor"]


@attrs.frozen
class Level:
    """One account of the chain (the customer, then each ancestor) as a check sees it.

    ``limit`` and ``sub_limits`` are converted into the account's currency for the
    check date, in minor units (``None`` = no limit set). ``exposure`` excludes the
    order being checked; ``order`` is the order's contribution to this account.

    Example:
        >>> from datetime import date
        >>> from decimal import Decimal
        >>> from otccore.credit import CreditAccount, CreditLimit, Order, build_context
        >>> from otccore.money import StaticRates, money
        >>> usd = CreditAccount.open("C1", "USD", limit=CreditLimit.of(money(100, "EUR")))
        >>> ctx = build_context(Order.create("SO", "C1", money(10, "EUR"), order_date=date(2026, 3, 2)),
        ...                     [usd], as_of=date(2026, 3, 2), rates=StaticRates({("EUR", "USD"): Decimal("1.1")}))
        >>> level = ctx.customer
        >>> level.currency, level.limit, level.order.total(), level.projected.total()
        ('USD', 11000, Money('11.00', 'USD'), Money('11.00', 'USD'))
    """

    account: CreditAccount
    limit: int | None
    sub_limits: tuple[tuple[ExposureCategory, int], ...]
    exposure: Exposure
    order: Exposure

    @property
    def customer_id(self) -> CustomerId:
        """The account's customer id."""
        return self.account.customer_id

    @property
    def currency(self) -> str:
        """The account currency (the level's figures are in it, whatever the order's)."""
        return self.account.currency

    @property
    def projected(self) -> Exposure:
        """Exposure if the order is accepted: ``exposure`` plus ``order``."""
        return self.exposure + self.order


def _once(source: Callable[[], CreditFacts] | None) -> Callable[[], CreditFacts] | None:
    """The facts source loading on its first call and keeping the result."""
    return None if source is None else functools.cache(source)


@attrs.frozen(eq=False)
class CheckContext:
    """Everything a step may look at: the order, the date, the chain of accounts, and sources.

    ``facts`` and ``beyond_horizon`` are loaded only when a step asks for them, so
    a rule without overdue or dynamic steps stays O(1) in the number of open items.

    Example:
        >>> from datetime import date
        >>> from otccore.credit import CreditAccount, Order, build_context
        >>> from otccore.money import StaticRates, money
        >>> ctx = build_context(Order.create("SO", "C1", money(5, "EUR"), order_date=date(2026, 3, 2)),
        ...                     [CreditAccount.open("C1", "EUR")], as_of=date(2026, 3, 2), rates=StaticRates({}))
        >>> ctx.customer.customer_id, ctx.facts() is None, ctx.breached(5, 5)
        ('C1', True, False)
    """

    order: Order
    as_of: date
    levels: tuple[Level, ...]
    rates: FxRates
    policy: ExposurePolicy = DEFAULT_EXPOSURE_POLICY
    facts_source: Callable[[], CreditFacts] | None = attrs.field(default=None, converter=_once)
    horizon_source: Callable[[Level, date], Exposure] | None = None
    boundary: Boundary = Boundary.EXCEEDS
    record: OrderRecord | None = None

    @property
    def customer(self) -> Level:
        """The ordering customer's own level (the first of ``levels``; ancestors follow)."""
        return self.levels[0]

    def facts(self) -> CreditFacts | None:
        """The customer's receivables facts, or ``None`` when no source was given.

        Loaded on the first call and kept: however many steps ask (the overdue
        share, the oldest overdue item, the dunning level), a check reads its
        source once.

        Example:
            >>> from datetime import date
            >>> from otccore.credit import CreditAccount, CreditFacts, Order, build_context
            >>> from otccore.money import StaticRates, money
            >>> reads = []
            >>> def load():
            ...     reads.append(1)
            ...     return CreditFacts(money(100, "EUR"), money(0, "EUR"))
            >>> ctx = build_context(Order.create("SO", "C1", money(5, "EUR"), order_date=date(2026, 3, 2)),
            ...                     [CreditAccount.open("C1", "EUR")], as_of=date(2026, 3, 2),
            ...                     rates=StaticRates({}), facts=load)
            >>> ctx.facts() is ctx.facts(), len(reads)
            (True, 1)
        """
        return self.facts_source() if self.facts_source is not None else None

    def beyond_horizon(self, level: Level, after: date) -> Exposure:
        """What other open orders to be delivered after ``after`` add to ``level`` (none without a source)."""
        if self.horizon_source is None:
            return Exposure.zero(level.currency)
        return self.horizon_source(level, after)

    def breached(self, value: int, limit: int) -> bool:
        """The rule's boundary convention applied to minor units (:meth:`Boundary.breached
        <otccore.credit.Boundary.breached>`).
        """
        return self.boundary.breached(value, limit)


def limit_minor(
    account: CreditAccount, as_of: date, rates: FxRates
) -> tuple[int | None, tuple[tuple[ExposureCategory, int], ...]]:
    """The account's limit and sub-limits on ``as_of`` in its own currency, minor units.

    A limit in another currency is converted on ``as_of``; no rate raises
    :class:`~otccore.errors.MissingRate`.

    Example:
        >>> from datetime import date
        >>> from decimal import Decimal
        >>> from otccore.credit import CreditAccount, CreditLimit, limit_minor
        >>> from otccore.money import StaticRates, money
        >>> acc = CreditAccount.open("C1", "EUR", limit=CreditLimit.of(money(100, "USD"),
        ...                          sub_limits={"disputed": money(10, "USD")}))
        >>> limit_minor(acc, date(2026, 3, 2), StaticRates({("USD", "EUR"): Decimal("0.9")}))
        (9000, ((<ExposureCategory.DISPUTED: 'disputed'>, 900),))
    """
    cur = account.currency
    value = account.limit.amount_on(as_of)
    limit = None if value is None else to_account_minor(value, cur, rates, as_of)
    subs = tuple((c, to_account_minor(m, cur, rates, as_of)) for c, m in account.limit.sub_limits)
    return limit, subs


def build_context(
    order: Order,
    chain: Sequence[CreditAccount],
    *,
    as_of: date,
    rates: FxRates,
    existing: OrderRecord | None = None,
    policy: ExposurePolicy = DEFAULT_EXPOSURE_POLICY,
    facts: Callable[[], CreditFacts] | None = None,
    beyond_horizon: Callable[[Level, date], Exposure] | None = None,
) -> CheckContext:
    """The check context for ``order`` against ``chain`` (customer first, then ancestors).

    ``existing`` is the stored record when the order is checked again after a
    change: its current contribution is taken out of the exposure first.
    Conversions that lack a rate raise :class:`~otccore.errors.MissingRate`.

    Example:
        >>> from datetime import date
        >>> from otccore.credit import CreditAccount, Order, build_context
        >>> from otccore.money import StaticRates, money
        >>> parent = CreditAccount.open("P", "EUR")
        >>> child = CreditAccount.open("C", "EUR", parent_id="P")
        >>> ctx = build_context(Order.create("SO", "C", money(5, "EUR"), order_date=date(2026, 3, 2)),
        ...                     [child, parent], as_of=date(2026, 3, 2), rates=StaticRates({}))
        >>> [lv.customer_id for lv in ctx.levels]
        ['C', 'P']
    """
    if not isinstance(order, Order):
        raise InvalidInput(f"not an Order: {order!r}")
    day(as_of, "as of")
    if not chain:
        raise InvalidInput("a credit check needs at least the customer's account")
    if chain[0].customer_id != order.customer_id:
        raise InvalidInput(
            f"order {order.id!r} is for {order.customer_id!r}, not {chain[0].customer_id!r}"
        )
    record = _projected_record(order, existing)
    levels: list[Level] = []
    for account in chain:
        limit, subs = limit_minor(account, as_of, rates)
        old = (
            order_contribution(existing, account.currency, rates)
            if existing is not None
            else Exposure.zero(account.currency)
        )
        new = order_contribution(record, account.currency, rates)
        kept = _delivered_only(record, account.currency, rates)
        levels.append(
            Level(
                account=account,
                limit=limit,
                sub_limits=subs,
                exposure=account.exposure - old + kept,
                order=new - kept,
            )
        )
    return CheckContext(
        order=order,
        as_of=as_of,
        levels=tuple(levels),
        rates=rates,
        policy=policy,
        facts_source=facts,
        horizon_source=beyond_horizon,
        record=record,
    )


def _projected_record(order: Order, existing: OrderRecord | None) -> OrderRecord:
    """The record the order would have if accepted (keeping what was delivered already)."""
    if existing is None:
        return OrderRecord.new(order, OrderStatus.OPEN)
    return existing.with_order(order, OrderStatus.OPEN)


def _delivered_only(record: OrderRecord, currency: str, rates: FxRates) -> Exposure:
    """The part of the record's contribution that stays whatever the decision: the
    delivered part. It is in ``exposure`` already, so it is taken out of ``order``."""
    if not record.delivered.amount:
        return Exposure.zero(currency)
    return Exposure.single(
        currency,
        ExposureCategory.DELIVERED_NOT_INVOICED,
        to_account_minor(record.delivered, currency, rates, record.order.order_date),
    )


def account_status(
    account: CreditAccount,
    *,
    as_of: date,
    rates: FxRates,
    policy: ExposurePolicy = DEFAULT_EXPOSURE_POLICY,
    lights: TrafficLightPolicy | None = None,
) -> LevelStatus:
    """The account's current limit, exposure, available credit, utilisation and light.

    Example:
        >>> from datetime import date
        >>> from otccore.credit import CreditAccount, CreditLimit, Exposure, account_status
        >>> from otccore.money import StaticRates, money
        >>> acc = CreditAccount.open("C1", "EUR", limit=CreditLimit.of(money(1000, "EUR")))
        >>> acc = acc.next_version(exposure=Exposure.of("EUR", {"open_receivables": money(850, "EUR")}))
        >>> s = account_status(acc, as_of=date(2026, 3, 2), rates=StaticRates({}))
        >>> s.available, s.utilisation, s.light
        (Money('150.00', 'EUR'), Decimal('85.00'), <TrafficLight.AMBER: 'amber'>)
    """
    limit, _ = limit_minor(account, as_of, rates)
    return LevelStatus.compute(
        account.customer_id,
        account.currency,
        limit,
        account.exposure.total_minor(policy),
        lights if lights is not None else TrafficLightPolicy(),
    )
