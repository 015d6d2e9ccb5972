"""The records the fraud signals read: documents, refunds and bank-details changes.

Each is a frozen value built by ``create(...)`` (raw arguments, checked) or read by
``from_row(mapping)`` (a dict row or a DataFrame row; other columns are ignored,
empty cells count as not given). ``of(...)`` takes whichever a caller has: a value,
a tuple in field order, or a mapping. Amounts are ``Money``, ``Decimal`` or ``int``,
never a float (``InvalidAmount``); dates are ``datetime.date``.

Rows written with the old column names (``party``, ``date``) still read, with a
``DeprecationWarning``; the columns are ``customer_id`` and ``document_date`` /
``refund_date`` now.

Example:
    >>> from datetime import date
    >>> from otccore.risk import Document
    >>> Document.from_row({"id": "1", "customer_id": "C1", "number": "INV-1", "amount": 5,
    ...                    "document_date": date(2026, 1, 1), "note": "ignored"}).number
    'INV-1'
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

import attrs

from otccore import _kernel
from otccore.errors import DuplicateId
from otccore.risk._common import amount_decimal, as_list, fields_of, present, rows_of

__all__ = ["BankDetailsChange", "Document", "Refund"]

_Date = date  # the classes below have a deprecated ``date`` property
_RENAMED = {"party": "customer_id", "date": "document_date"}
_REFUND_RENAMED = {"party": "customer_id", "date": "refund_date"}
_DOCUMENT_FIELDS = ("id", "customer_id", "number", "amount", "document_date")
_REFUND_FIELDS = ("id", "customer_id", "account", "amount", "refund_date")
_CHANGE_FIELDS = ("customer_id", "account", "changed_on")


def _old(cls: type, old: str, new: str) -> None:
    warnings.warn(
        f"{cls.__name__}.{old} is deprecated; use {cls.__name__}.{new}",
        DeprecationWarning,
        stacklevel=3,
    )


def _account(value: object, what: str) -> str:
    return _kernel.text(value, what).replace(" ", "").upper()


@attrs.frozen
class Document:
    """A document (invoice, order, payment) for the signals: id, customer, number, amount, date.

    Wherever documents are expected, ``(id, customer_id, number, amount,
    document_date)`` tuples, mappings with those keys or a DataFrame with those
    columns do too.

    Example:
        >>> from datetime import date
        >>> from otccore.money import money
        >>> from otccore.risk import Document
        >>> Document.create("1", customer_id="C1", number="INV-1", amount=money("10.00", "EUR"),
        ...                 document_date=date(2026, 1, 1)).amount
        Decimal('10.00')
    """

    id: str
    customer_id: str
    number: str
    amount: Decimal
    document_date: _Date

    @classmethod
    @_kernel.keyword_only
    def create(
        cls,
        id: str,
        *,
        customer_id: str | None = None,
        number: str | None = None,
        amount: object = None,
        document_date: _Date | None = None,
        party: str | None = None,
        on: _Date | None = None,
    ) -> Document:
        """Check and convert (amount: Money, Decimal or int; never float).

        ``party=`` and ``on=`` are the deprecated names of ``customer_id=`` and
        ``document_date=``.

        Example:
            >>> from datetime import date
            >>> from otccore.risk import Document
            >>> Document.create("1", customer_id="C1", number="INV-1", amount=10.5,
            ...                 document_date=date(2026, 1, 1))
            Traceback (most recent call last):
            ...
            otccore.errors.InvalidAmount: amount of document '1' must be Money, Decimal or int, not float: 10.5
        """
        where = "Document.create"
        customer_id = _kernel.renamed(
            customer_id, party, new_name="customer_id", old_name="party", where=where
        )
        document_date = _kernel.renamed(
            document_date, on, new_name="document_date", old_name="on", where=where
        )
        return cls(
            id=_kernel.text(id, "document id"),
            customer_id=_kernel.text(customer_id, "customer_id"),
            number=_kernel.text(number, "document number"),
            amount=amount_decimal(amount, f"amount of document {id!r}"),
            document_date=_kernel.day(document_date, f"date of document {id!r}"),
        )

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Document:
        """A document from a row with ``id``, ``customer_id``, ``number``, ``amount`` and
        ``document_date`` (other columns ignored).

        Example:
            >>> from datetime import date
            >>> from otccore.risk import Document
            >>> Document.from_row({"id": "1", "customer_id": "C1", "number": "N", "amount": 5,
            ...                    "document_date": date(2026, 1, 1)}).customer_id
            'C1'
        """
        fields = fields_of(present(row), _DOCUMENT_FIELDS, "document", renamed=_RENAMED)
        return cls.create(**fields)

    @classmethod
    def of(cls, value: Document | Sequence[Any] | Mapping[str, Any]) -> Document:
        """A document from a document, a row (:meth:`from_row`) or a 5-tuple in field order.

        Example:
            >>> from datetime import date
            >>> from otccore.risk import Document
            >>> Document.of(("1", "C1", "INV-1", 5, date(2026, 1, 1))).number
            'INV-1'
        """
        if isinstance(value, Document):
            return value
        if isinstance(value, Mapping):
            return cls.from_row(value)
        return cls.create(**fields_of(value, _DOCUMENT_FIELDS, "document"))

    @property
    def party(self) -> str:
        """Deprecated: ``customer_id``."""
        _old(Document, "party", "customer_id")
        return self.customer_id

    @property
    def date(self) -> _Date:
        """Deprecated: ``document_date``."""
        _old(Document, "date", "document_date")
        return self.document_date


@attrs.frozen
class Refund:
    """An outgoing refund to a customer's bank account.

    Example:
        >>> from datetime import date
        >>> from otccore.money import money
        >>> from otccore.risk import Refund
        >>> Refund.create("R1", customer_id="C1", account="de89 3704", amount=money(50, "EUR"),
        ...               refund_date=date(2026, 3, 1)).account
        'DE893704'
    """

    id: str
    customer_id: str
    account: str
    amount: Decimal
    refund_date: _Date

    @classmethod
    @_kernel.keyword_only
    def create(
        cls,
        id: str,
        *,
        customer_id: str | None = None,
        account: str | None = None,
        amount: object = None,
        refund_date: _Date | None = None,
        party: str | None = None,
        on: _Date | None = None,
    ) -> Refund:
        """Check and normalise (account without spaces, upper case; amount never float).

        ``party=`` and ``on=`` are the deprecated names of ``customer_id=`` and
        ``refund_date=``.
        """
        where = "Refund.create"
        customer_id = _kernel.renamed(
            customer_id, party, new_name="customer_id", old_name="party", where=where
        )
        refund_date = _kernel.renamed(
            refund_date, on, new_name="refund_date", old_name="on", where=where
        )
        return cls(
            id=_kernel.text(id, "refund id"),
            customer_id=_kernel.text(customer_id, "customer_id"),
            account=_account(account, "account"),
            amount=amount_decimal(amount, f"amount of refund {id!r}"),
            refund_date=_kernel.day(refund_date, f"date of refund {id!r}"),
        )

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Refund:
        """A refund from a row with ``id``, ``customer_id``, ``account``, ``amount`` and
        ``refund_date`` (other columns ignored).

        Example:
            >>> from datetime import date
            >>> from otccore.risk import Refund
            >>> Refund.from_row({"id": "R1", "customer_id": "C1", "account": "gb22", "amount": 50,
            ...                  "refund_date": date(2026, 3, 1)}).account
            'GB22'
        """
        fields = fields_of(present(row), _REFUND_FIELDS, "refund", renamed=_REFUND_RENAMED)
        return cls.create(**fields)

    @classmethod
    def of(cls, value: Refund | Sequence[Any] | Mapping[str, Any]) -> Refund:
        """A refund from a refund, a row (:meth:`from_row`) or a 5-tuple in field order."""
        if isinstance(value, Refund):
            return value
        if isinstance(value, Mapping):
            return cls.from_row(value)
        return cls.create(**fields_of(value, _REFUND_FIELDS, "refund"))

    @property
    def party(self) -> str:
        """Deprecated: ``customer_id``."""
        _old(Refund, "party", "customer_id")
        return self.customer_id

    @property
    def date(self) -> _Date:
        """Deprecated: ``refund_date``."""
        _old(Refund, "date", "refund_date")
        return self.refund_date


@attrs.frozen
class BankDetailsChange:
    """A change of a customer's bank details: the new account and the day it changed.

    Example:
        >>> from datetime import date
        >>> from otccore.risk import BankDetailsChange
        >>> BankDetailsChange.create("C1", account="GB22 0000", changed_on=date(2026, 2, 20)).account
        'GB220000'
    """

    customer_id: str
    account: str
    changed_on: _Date

    @classmethod
    @_kernel.keyword_only
    def create(
        cls,
        customer_id: str | None = None,
        *,
        account: str | None = None,
        changed_on: _Date | None = None,
        party: str | None = None,
    ) -> BankDetailsChange:
        """Check and normalise the account (``party=`` is the deprecated name of ``customer_id=``)."""
        customer_id = _kernel.renamed(
            customer_id,
            party,
            new_name="customer_id",
            old_name="party",
            where="BankDetailsChange.create",
        )
        return cls(
            customer_id=_kernel.text(customer_id, "customer_id"),
            account=_account(account, "account"),
            changed_on=_kernel.day(changed_on, "changed_on"),
        )

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> BankDetailsChange:
        """A change from a row with ``customer_id``, ``account`` and ``changed_on``.

        Example:
            >>> from datetime import date
            >>> from otccore.risk import BankDetailsChange
            >>> BankDetailsChange.from_row({"customer_id": "C1", "account": "GB22",
            ...                             "changed_on": date(2026, 2, 20)}).changed_on
            datetime.date(2026, 2, 20)
        """
        fields = fields_of(
            present(row), _CHANGE_FIELDS, "bank details change", renamed={"party": "customer_id"}
        )
        return cls.create(**fields)

    @classmethod
    def of(cls, value: BankDetailsChange | Sequence[Any] | Mapping[str, Any]) -> BankDetailsChange:
        """A change from a change, a row (:meth:`from_row`) or a 3-tuple in field order."""
        if isinstance(value, BankDetailsChange):
            return value
        if isinstance(value, Mapping):
            return cls.from_row(value)
        return cls.create(**fields_of(value, _CHANGE_FIELDS, "bank details change"))

    @property
    def party(self) -> str:
        """Deprecated: ``customer_id``."""
        _old(BankDetailsChange, "party", "customer_id")
        return self.customer_id


# -- reading many --------------------------------------------------------------------

R = TypeVar("R", Document, Refund, BankDetailsChange)


def read_all(kind: type[R], records: Iterable[Any]) -> list[R]:
    """Every record as a ``kind`` (values, tuples, mappings or a DataFrame's rows)."""
    return [kind.of(r) for r in as_list(rows_of(records))]


def documents(records: Iterable[Any]) -> list[Document]:
    """The documents, sorted by id; an id given twice is a ``DuplicateId``."""
    docs = read_all(Document, records)
    seen: set[str] = set()
    for d in docs:
        if d.id in seen:
            raise DuplicateId(f"document id {d.id!r} appears twice")
        seen.add(d.id)
    return sorted(docs, key=lambda d: d.id)


def per_customer(records: Iterable[R]) -> dict[str, list[R]]:
    """The records grouped by customer, each group in the order given."""
    groups: dict[str, list[R]] = defaultdict(list)
    for r in records:
        groups[r.customer_id].append(r)
    return groups
