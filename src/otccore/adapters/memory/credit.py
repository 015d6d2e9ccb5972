"""In-memory credit store: accounts, order records, payments in transit, under one lock.

:meth:`MemoryCredit.commit` checks every account version and applies the whole
change while holding a single lock, so a change touching a customer and all its
ancestors is atomic and two writers cannot deadlock.

Example:
    >>> from otccore.adapters.memory import MemoryCredit
    >>> from otccore.credit import CreditAccount, CreditChange
    >>> store = MemoryCredit()
    >>> acc = CreditAccount.open("C1", "EUR").next_version()
    >>> store.commit(CreditChange(accounts=(acc,)))
    >>> store.commit(CreditChange(accounts=(acc,)))
    Traceback (most recent call last):
    ...
    otccore.errors.DuplicateId: credit account 'C1' exists already
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from datetime import date

from otccore.credit.accounts import CreditAccount
from otccore.credit.orders import OrderId, OrderRecord, OrderStatus, TransitPayment
from otccore.credit.ports import CreditChange
from otccore.errors import ConcurrencyConflict, DuplicateId, InvalidInput, NotFound
from otccore.receivables import CustomerId, PaymentId

__all__ = ["MemoryCredit"]


class MemoryCredit:
    """A :class:`~otccore.credit.CreditStore` in dictionaries; thread-safe.

    Example:
        >>> from otccore.adapters.memory import MemoryCredit
        >>> MemoryCredit().find_account("C1") is None
        True
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._accounts: dict[str, CreditAccount] = {}
        self._children: dict[str, set[str]] = {}
        self._orders: dict[str, OrderRecord] = {}
        self._by_customer: dict[str, set[str]] = {}
        self._transits: dict[str, TransitPayment] = {}

    def get_account(self, customer_id: CustomerId) -> CreditAccount:
        """The account, or ``NotFound``."""
        account = self._accounts.get(customer_id)
        if account is None:
            raise NotFound(f"no credit account for customer {customer_id!r}")
        return account

    def find_account(self, customer_id: CustomerId) -> CreditAccount | None:
        """The account, or ``None``."""
        return self._accounts.get(customer_id)

    def list_accounts(self, *, parent_id: CustomerId | None = None) -> list[CreditAccount]:
        """All accounts, or the direct children of ``parent_id``, sorted by id."""
        with self._lock:
            if parent_id is None:
                return [self._accounts[k] for k in sorted(self._accounts)]
            return [self._accounts[k] for k in sorted(self._children.get(parent_id, ()))]

    def find_order(self, order_id: OrderId) -> OrderRecord | None:
        """The order record, or ``None``."""
        return self._orders.get(order_id)

    def list_orders(
        self, *, customer_id: CustomerId | None = None, open_only: bool = False
    ) -> list[OrderRecord]:
        """Order records, sorted by id; only a customer's, only open ones, or both."""
        with self._lock:
            ids = self._orders if customer_id is None else self._by_customer.get(customer_id, ())
            records = [self._orders[k] for k in sorted(ids)]
        return [r for r in records if not open_only or r.status is OrderStatus.OPEN]

    def open_orders_after(
        self, customer_ids: Collection[CustomerId], after: date
    ) -> list[OrderRecord]:
        """Open orders of these customers to be delivered after ``after``, sorted by id.

        Orders without a delivery date ship at once and are never after anything.
        """
        result: list[OrderRecord] = []
        for c in customer_ids:
            result.extend(
                r
                for r in self.list_orders(customer_id=c, open_only=True)
                if r.order.delivery_date is not None and r.order.delivery_date > after
            )
        return sorted(result, key=lambda r: r.id)

    def find_transit(self, payment_id: PaymentId) -> TransitPayment | None:
        """The payment in transit, or ``None``."""
        return self._transits.get(payment_id)

    def list_transits(self, *, customer_id: CustomerId | None = None) -> list[TransitPayment]:
        """Payments in transit, sorted by id, optionally only one customer's."""
        with self._lock:
            values = sorted(self._transits.values(), key=lambda t: t.id)
        return [t for t in values if customer_id is None or t.customer_id == customer_id]

    def commit(self, change: CreditChange) -> None:
        """Apply ``change`` atomically under the store's one lock.

        Every account version is checked before anything is written: a write based
        on a stale version raises ``ConcurrencyConflict`` and changes nothing.
        """
        if not isinstance(change, CreditChange):
            raise InvalidInput(f"not a CreditChange: {change!r}")
        with self._lock:
            for account in sorted(change.accounts, key=lambda a: a.customer_id):
                stored = self._accounts.get(account.customer_id)
                if account.version == 1:
                    if stored is not None:
                        raise DuplicateId(f"credit account {account.customer_id!r} exists already")
                    if account.parent_id is not None and not self._known_parent(
                        account.parent_id, change
                    ):
                        raise NotFound(f"no credit account for parent {account.parent_id!r}")
                elif stored is None:
                    raise NotFound(f"no credit account for customer {account.customer_id!r}")
                elif stored.version != account.version - 1:
                    raise ConcurrencyConflict(
                        f"credit account {account.customer_id!r} is at version {stored.version}, "
                        f"the write was based on {account.version - 1}"
                    )
            for record in change.orders:
                stored_order = self._orders.get(record.id)
                if stored_order is not None and stored_order.customer_id != record.customer_id:
                    raise InvalidInput(
                        f"order {record.id!r} belongs to {stored_order.customer_id!r}, "
                        f"not {record.customer_id!r}"
                    )
            for payment in change.transits:
                if payment.id in self._transits:
                    raise DuplicateId(f"payment {payment.id!r} is already in transit")
            for payment_id in change.cleared:
                if payment_id not in self._transits:
                    raise NotFound(f"no payment {payment_id!r} in transit")
            # Everything checked: apply.
            for account in change.accounts:
                if account.version == 1 and account.parent_id is not None:
                    self._children.setdefault(account.parent_id, set()).add(account.customer_id)
                self._accounts[account.customer_id] = account
            for record in change.orders:
                self._orders[record.id] = record
                self._by_customer.setdefault(record.customer_id, set()).add(record.id)
            for payment_id in change.cleared:
                del self._transits[payment_id]
            for payment in change.transits:
                self._transits[payment.id] = payment

    def _known_parent(self, parent_id: CustomerId, change: CreditChange) -> bool:
        return parent_id in self._accounts or any(
            a.customer_id == parent_id for a in change.accounts
        )
