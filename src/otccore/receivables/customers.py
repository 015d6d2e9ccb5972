"""Identifiers and customers of the receivables book."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NewType

import attrs

from otccore._kernel import text
from otccore.errors import InvalidInput
from otccore.money import check_currency
from otccore.receivables._fields import _opt_id, _required, _row, _texts

__all__ = ["Customer", "CustomerId", "ItemId", "PaymentId"]

CustomerId = NewType("CustomerId", str)
"""Identifier of a customer (the host's own key)."""
ItemId = NewType("ItemId", str)
"""Identifier of an open item (invoice, credit note …)."""
PaymentId = NewType("PaymentId", str)
"""Identifier of a payment (bank transaction)."""


@attrs.frozen
class Customer:
    """A customer account in one currency, optionally part of a corporate family.

    Example:
        >>> from otccore.receivables import Customer
        >>> Customer.create("C2", "Beta GmbH", "EUR", parent_id="C1",
        ...                 bank_accounts=["DE89 3704 0044 0532 0130 00"]).bank_accounts
        ('DE89370400440532013000',)
    """

    id: CustomerId
    name: str
    currency: str
    parent_id: CustomerId | None = None
    bank_accounts: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        text(self.id, "customer id")
        text(self.name, "customer name")
        check_currency(self.currency)
        if self.parent_id is not None:
            text(self.parent_id, "parent id")
            if self.parent_id == self.id:
                raise InvalidInput(f"customer {self.id!r} cannot be its own parent")
        if not isinstance(self.bank_accounts, tuple):
            raise InvalidInput("bank_accounts must be a tuple (use Customer.create)")

    @classmethod
    def create(
        cls,
        id: str,
        name: str,
        currency: str,
        *,
        parent_id: str | None = None,
        bank_accounts: Iterable[str] = (),
    ) -> Customer:
        """Named constructor: normalises the currency and bank accounts (no spaces, upper case).

        Example:
            >>> from otccore.receivables import Customer
            >>> Customer.create("C1", "Acme", "eur").currency
            'EUR'
        """
        accounts = tuple(
            sorted({text(a, "bank account").replace(" ", "").upper() for a in bank_accounts})
        )
        return cls(
            id=CustomerId(id),
            name=name,
            currency=check_currency(currency),
            parent_id=CustomerId(parent_id) if parent_id is not None else None,
            bank_accounts=accounts,
        )

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Customer:
        """A customer from a mapping, such as a DataFrame row (``frame.to_dict("records")``).

        Keys: ``id``, ``name``, ``currency``; optional ``parent_id`` and
        ``bank_accounts`` (strings; one string is one account). An optional key that is
        absent or ``None`` is not given; other keys are ignored.

        Example:
            >>> from otccore.receivables import Customer
            >>> Customer.from_row({"id": "C1", "name": "Acme", "currency": "EUR",
            ...                    "bank_accounts": "de11 2233", "region": "north"}).bank_accounts
            ('DE112233',)
        """
        row = _row(row, "customer")
        return cls.create(
            _required(row, "id", "customer"),
            _required(row, "name", "customer"),
            _required(row, "currency", "customer"),
            parent_id=_opt_id(row, "parent_id", "parent id"),
            bank_accounts=_texts(row.get("bank_accounts"), "bank account"),
        )
