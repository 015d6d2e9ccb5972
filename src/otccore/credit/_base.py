"""The plumbing every credit use case shares (not public): retries, chains, contributions.

:class:`CreditService <otccore.credit.CreditService>` is built on it in two rooms:
the checks, reservations and accounts (:mod:`otccore.credit.service`) and the
events from the host (:mod:`otccore.credit._handlers`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

import attrs

from otccore._kernel import text, whole
from otccore.credit.accounts import CreditAccount
from otccore.credit.exposure import (
    DEFAULT_EXPOSURE_POLICY,
    Exposure,
    ExposurePolicy,
    item_contribution,
    order_contribution,
)
from otccore.credit.facts import OpenItemTotal
from otccore.credit.orders import Order, OrderId, OrderRecord, OrderStatus
from otccore.credit.ports import CreditChange, CreditStore, FactsProvider, ItemSource, ItemTotals
from otccore.credit.steps import CheckRule
from otccore.errors import ConcurrencyConflict, InvalidInput, NotFound
from otccore.money import FxRates
from otccore.ports import Clock, EventSink
from otccore.receivables import CustomerId, OpenItem

T = TypeVar("T")
Contribution = Callable[[str], Exposure]


def none(currency: str) -> Exposure:
    """No contribution (a document that is not there)."""
    return Exposure.zero(currency)


class CreditBase:
    """The ports, the retry loop and the helpers every credit use case needs."""

    def __init__(
        self,
        store: CreditStore,
        items: ItemSource,
        *,
        rates: FxRates,
        events: EventSink,
        clock: Clock,
        rule: CheckRule | None = None,
        policy: ExposurePolicy = DEFAULT_EXPOSURE_POLICY,
        facts: FactsProvider | None = None,
        max_attempts: int = 20,
    ) -> None:
        self._store = store
        self._items = items
        self._rates = rates
        self._events = events
        self._clock = clock
        self.rule = rule if rule is not None else CheckRule.default()
        self.policy = policy
        self._facts = facts
        self._totals: Callable[..., list[OpenItemTotal]] | None = (
            items.open_item_totals if isinstance(items, ItemTotals) else None
        )
        self._max_attempts = whole(max_attempts, "max attempts", minimum=1)

    def _retry(self, attempt: Callable[[], tuple[CreditChange, T]]) -> T:
        for _ in range(self._max_attempts):
            change, result = attempt()
            if change.is_empty:
                return result
            try:
                self._store.commit(change)
            except ConcurrencyConflict:
                continue
            return result
        raise ConcurrencyConflict(
            f"credit write lost the race {self._max_attempts} times in a row; nothing was changed"
        )

    def _chain(self, customer_id: CustomerId) -> list[CreditAccount]:
        """The customer's account, then each ancestor's (``NotFound`` if none)."""
        account = self._store.find_account(customer_id)
        if account is None:
            raise NotFound(f"no credit account for customer {customer_id!r}")
        chain = [account]
        seen = {account.customer_id}
        while chain[-1].parent_id is not None:
            parent = self._store.get_account(chain[-1].parent_id)
            if parent.customer_id in seen:
                raise InvalidInput(f"credit accounts form a cycle at {parent.customer_id!r}")
            seen.add(parent.customer_id)
            chain.append(parent)
        return chain

    def _subtree(self, customer_id: CustomerId) -> list[CustomerId]:
        ids = [customer_id]
        index = 0
        while index < len(ids):
            ids.extend(a.customer_id for a in self._store.list_accounts(parent_id=ids[index]))
            index += 1
        return sorted(ids)

    def _moved(
        self, chain: Iterable[CreditAccount], before: Contribution, after: Contribution
    ) -> tuple[CreditAccount, ...]:
        return tuple(
            a.next_version(exposure=a.exposure - before(a.currency) + after(a.currency))
            for a in chain
        )

    def _order(self, rec: OrderRecord | None) -> Contribution:
        if rec is None:
            return none
        return lambda cur: order_contribution(rec, cur, self._rates)

    def _item(self, item: OpenItem | None) -> Contribution:
        if item is None:
            return none
        return lambda cur: item_contribution(item, cur, self._rates)

    def _record(self, order_id: OrderId) -> OrderRecord:
        rec = self._store.find_order(order_id)
        if rec is None:
            raise NotFound(f"no order {order_id!r} known to credit")
        return rec

    @staticmethod
    def _order_id(order: Order | str) -> OrderId:
        if isinstance(order, Order):
            return order.id
        return OrderId(text(order, "order id"))

    def _cancel(self, order_id: OrderId) -> OrderRecord:
        def attempt() -> tuple[CreditChange, OrderRecord]:
            rec = self._record(order_id)
            if rec.status.is_final:
                raise InvalidInput(f"order {order_id!r} is {rec.status}; it cannot be cancelled")
            chain = self._chain(rec.customer_id)
            new = attrs.evolve(rec, status=OrderStatus.CANCELLED)
            accounts = self._moved(chain, self._order(rec), self._order(new))
            return CreditChange(accounts=accounts, orders=(new,)), new

        return self._retry(attempt)
