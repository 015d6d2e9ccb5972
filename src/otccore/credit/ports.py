"""Ports of the credit package: what :class:`~otccore.credit.CreditService` needs from storage.

:class:`CreditStore` keeps credit accounts (with their exposure and version),
order records and payments in transit. Every write goes through
:meth:`CreditStore.commit`, which applies a :class:`CreditChange` all or nothing:
each account in it carries the version it will have, and the store refuses the
whole change with :class:`~otccore.errors.ConcurrencyConflict` if any stored
account is not at the version before it. That is what makes
``check_and_reserve`` atomic across threads and processes.

:class:`ItemSource` is the part of the receivables book the audit recomputation
reads (any :class:`~otccore.receivables.OpenItemRepository` is one).
:class:`ItemTotals` is an optional, faster port of the same book: open-item totals
per currency and issue date for a check date, kept up to date on writes, so the
overdue steps cost the same whatever the number of open items. The bundled memory
and SQLite receivables stores implement it; a host's store that does not still
works (the service then sums the customer's open items from ``list_items`` on every
check that has an overdue step), and should implement it for speed, proving it
with :class:`otccore.testing.credit.ItemTotalsContract`.
:class:`FactsProvider` gives the overdue and dunning facts for those checks
instead, when the host keeps them itself.

Example:
    >>> from otccore.adapters.memory import MemoryCredit
    >>> from otccore.credit import CreditAccount, CreditChange, CreditStore
    >>> store: CreditStore = MemoryCredit()
    >>> store.commit(CreditChange(accounts=(CreditAccount.open("C1", "EUR").next_version(),)))
    >>> store.get_account("C1").version
    1
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Protocol

import attrs

from otccore.credit.accounts import CreditAccount
from otccore.credit.facts import CreditFacts
from otccore.credit.orders import OrderId, OrderRecord, TransitPayment
from otccore.errors import InvalidInput
from otccore.receivables import CustomerId, OpenItem, PaymentId
from otccore.receivables.ports import ItemTotals

__all__ = ["CreditChange", "CreditStore", "FactsProvider", "ItemSource", "ItemTotals"]


@attrs.frozen
class CreditChange:
    """One atomic write: new account states, order records, transit payments put and removed.

    An account with ``version == 1`` is inserted (``DuplicateId`` if it exists);
    any other is an update that requires the stored version to be ``version - 1``.

    Example:
        >>> from otccore.credit import CreditChange
        >>> CreditChange().is_empty
        True
    """

    accounts: tuple[CreditAccount, ...] = ()
    orders: tuple[OrderRecord, ...] = ()
    transits: tuple[TransitPayment, ...] = ()
    cleared: tuple[PaymentId, ...] = ()

    def __attrs_post_init__(self) -> None:
        for name, kind in (
            ("accounts", CreditAccount),
            ("orders", OrderRecord),
            ("transits", TransitPayment),
        ):
            value = getattr(self, name)
            if not isinstance(value, tuple) or not all(isinstance(v, kind) for v in value):
                raise InvalidInput(f"{name} must be a tuple of {kind.__name__}: {value!r}")
        if not isinstance(self.cleared, tuple):
            raise InvalidInput(f"cleared must be a tuple of payment ids: {self.cleared!r}")
        ids = [a.customer_id for a in self.accounts]
        if len(set(ids)) != len(ids):
            raise InvalidInput(f"an account appears twice in one change: {sorted(ids)!r}")
        for a in self.accounts:
            if a.version < 1:
                raise InvalidInput(f"account {a.customer_id!r}: a write stores version 1 or more")

    @property
    def is_empty(self) -> bool:
        """True when there is nothing to write."""
        return not (self.accounts or self.orders or self.transits or self.cleared)


class CreditStore(Protocol):
    """Port: credit accounts, order records and payments in transit, written atomically.

    Example:
        >>> from otccore.adapters.memory import MemoryCredit
        >>> from otccore.credit import CreditStore
        >>> store: CreditStore = MemoryCredit()
        >>> store.list_accounts(), store.find_order("SO-1")
        ([], None)
    """

    def get_account(self, customer_id: CustomerId) -> CreditAccount:
        """The account, or ``NotFound``.

        Example:
            >>> from otccore.adapters.memory import MemoryCredit
            >>> from otccore.credit import CreditAccount, CreditStore
            >>> store: CreditStore = MemoryCredit()
            >>> store.get_account("C1")
            Traceback (most recent call last):
            ...
            otccore.errors.NotFound: no credit account for customer 'C1'
        """
        ...

    def find_account(self, customer_id: CustomerId) -> CreditAccount | None:
        """The account, or ``None``.

        Example:
            >>> from otccore.adapters.memory import MemoryCredit
            >>> from otccore.credit import CreditAccount, CreditChange, CreditStore
            >>> store: CreditStore = MemoryCredit()
            >>> store.commit(CreditChange(accounts=(CreditAccount.open("C1", "EUR").next_version(),)))
            >>> store.find_account("C1").version, store.find_account("C2")
            (1, None)
        """
        ...

    def list_accounts(self, *, parent_id: CustomerId | None = None) -> list[CreditAccount]:
        """All accounts (or the direct children of ``parent_id``), sorted by customer id.

        Example:
            >>> from otccore.adapters.memory import MemoryCredit
            >>> from otccore.credit import CreditAccount, CreditChange, CreditStore
            >>> store: CreditStore = MemoryCredit()
            >>> store.commit(CreditChange(accounts=(CreditAccount.open("P", "EUR").next_version(),
            ...                                     CreditAccount.open("B", "EUR", parent_id="P").next_version(),
            ...                                     CreditAccount.open("A", "EUR", parent_id="P").next_version())))
            >>> [a.customer_id for a in store.list_accounts()], [a.customer_id for a in store.list_accounts(parent_id="P")]
            (['A', 'B', 'P'], ['A', 'B'])
        """
        ...

    def find_order(self, order_id: OrderId) -> OrderRecord | None:
        """The order record, or ``None``.

        The three order queries together:

        Example:
            >>> from datetime import date
            >>> from otccore.adapters.memory import MemoryCredit
            >>> from otccore.credit import CreditAccount, CreditChange, CreditStore, Order, OrderRecord, OrderStatus
            >>> from otccore.money import money
            >>> store: CreditStore = MemoryCredit()
            >>> def rec(oid, delivery_date=None, status=OrderStatus.OPEN):
            ...     o = Order.create(oid, "C1", money(10, "EUR"), order_date=date(2026, 3, 2), delivery_date=delivery_date)
            ...     return OrderRecord.new(o, status)
            >>> store.commit(CreditChange(accounts=(CreditAccount.open("C1", "EUR").next_version(),),
            ...                           orders=(rec("SO-2", date(2026, 5, 1)), rec("SO-1"),
            ...                                   rec("SO-3", date(2026, 6, 1), OrderStatus.HELD))))
            >>> store.find_order("SO-1").status, store.find_order("SO-9")
            (<OrderStatus.OPEN: 'open'>, None)
            >>> [r.id for r in store.list_orders(customer_id="C1")]
            ['SO-1', 'SO-2', 'SO-3']
            >>> [r.id for r in store.list_orders(customer_id="C1", open_only=True)]
            ['SO-1', 'SO-2']
            >>> [r.id for r in store.open_orders_after(["C1"], date(2026, 4, 30))]
            ['SO-2']
        """
        ...

    def list_orders(
        self, *, customer_id: CustomerId | None = None, open_only: bool = False
    ) -> list[OrderRecord]:
        """Order records (of one customer; only ``OPEN`` ones) by id, as in :meth:`find_order`."""
        ...

    def open_orders_after(
        self, customer_ids: Collection[CustomerId], after: date
    ) -> list[OrderRecord]:
        """Open orders of these customers to be delivered after ``after`` by id, as in :meth:`find_order`."""
        ...

    def find_transit(self, payment_id: PaymentId) -> TransitPayment | None:
        """The payment in transit, or ``None`` (see :meth:`list_transits` for an example)."""
        ...

    def list_transits(self, *, customer_id: CustomerId | None = None) -> list[TransitPayment]:
        """Payments in transit, sorted by payment id.

        Example:
            >>> from datetime import date
            >>> from otccore.adapters.memory import MemoryCredit
            >>> from otccore.credit import CreditAccount, CreditChange, CreditStore
            >>> from otccore.money import money
            >>> store: CreditStore = MemoryCredit()
            >>> from otccore.credit import TransitPayment
            >>> store.commit(CreditChange(transits=(
            ...     TransitPayment.create("P-2", "C1", money(5, "EUR"), value_date=date(2026, 3, 3)),
            ...     TransitPayment.create("P-1", "C2", money(7, "EUR"), value_date=date(2026, 3, 3)))))
            >>> [t.id for t in store.list_transits()], [t.id for t in store.list_transits(customer_id="C1")]
            (['P-1', 'P-2'], ['P-2'])
            >>> store.find_transit("P-1").customer_id, store.find_transit("P-9")
            ('C2', None)
        """
        ...

    def commit(self, change: CreditChange) -> None:
        """Apply ``change`` atomically (see :class:`CreditChange`).

        A stale account version raises ``ConcurrencyConflict``, inserting a known
        account ``DuplicateId``; either way nothing of the change is stored.

        Example:
            >>> from otccore.adapters.memory import MemoryCredit
            >>> from otccore.credit import CreditAccount, CreditChange, CreditStore
            >>> store: CreditStore = MemoryCredit()
            >>> acc = CreditAccount.open("C1", "EUR").next_version()
            >>> store.commit(CreditChange(accounts=(acc,)))
            >>> store.commit(CreditChange(accounts=(acc.next_version(risk_class="A"),)))
            >>> store.commit(CreditChange(accounts=(acc.next_version(risk_class="B"),)))  # read at version 1
            Traceback (most recent call last):
            ...
            otccore.errors.ConcurrencyConflict: credit account 'C1' is at version 2, the write was based on 1
        """
        ...


class ItemSource(Protocol):
    """Port: the open items of a customer (any ``OpenItemRepository`` provides it).

    Example:
        >>> from otccore.adapters.memory import MemoryReceivables
        >>> from otccore.credit import ItemSource
        >>> source: ItemSource = MemoryReceivables()
        >>> source.list_items(customer_id="C1", open_only=True)
        []
    """

    def list_items(
        self,
        *,
        customer_id: CustomerId | None = None,
        open_only: bool = False,
        currency: str | None = None,
    ) -> list[OpenItem]:
        """Items matching the filters, sorted by id: the same method as
        :meth:`otccore.receivables.ports.OpenItemRepository.list_items` (see there)."""
        ...


class FactsProvider(Protocol):
    """Port: overdue and dunning facts of a customer for an ``as_of`` (for those check steps).

    Example:
        >>> from datetime import date
        >>> from otccore.credit import CreditFacts, FactsProvider
        >>> from otccore.money import money
        >>> class KeptFacts:
        ...     def facts(self, customer_id, as_of):
        ...         return CreditFacts(money(100, "EUR"), money(0, "EUR"), dunning_level=1)
        >>> provider: FactsProvider = KeptFacts()
        >>> provider.facts("C1", date(2026, 3, 2)).dunning_level
        1
    """

    def facts(self, customer_id: CustomerId, as_of: date) -> CreditFacts:
        """The customer's receivables facts in its account currency (see the class example)."""
        ...
