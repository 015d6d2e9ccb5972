"""The records the fraud signals read: documents, refunds and bank-details changes.

Each is a frozen value built by ``create(...)`` (raw arguments, checked) or read by
``from_row(mapping)`` (a dict row or a DataFrame row; other columns are ignored,
empty cells count as not given). ``of(...)`` takes whichever a caller has: a value,
a tuple in field order, or a mapping. Amounts are ``Money``, ``Decimal`` or ``int``,
never a float (``InvalidAmount``); dates are ``datetime.date``.

Rows written with the old column names (``party``, ``date``, ``changed_on``) still
read, with a ``DeprecationWarning``; the columns are ``customer_id`` and
``document_date`` / ``refund_date`` / ``change_date`` now.

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
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Self, TypeVar

import attrs

from otccore import _kernel
from otccore.errors import DuplicateId
from otccore.risk._common import amount_decimal, as_list, fields_of, present, rows_of

__all__ = ["BankDetailsChange", "Document", "Refund"]

_Date = date  # the classes below answer a deprecated ``date`` attribute


def _old(cls: type, old: str, new: str) -> None:
    warnings.warn(
        f"{cls.__name__}.{old} is deprecated; use {cls.__name__}.{new}",
        DeprecationWarning,
        stacklevel=3,
    )


class _Record:
    """What the three records share: reading rows and tuples, and the old ``party``."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]]
    _renamed: ClassVar[dict[str, str]]
    _what: ClassVar[str]
    customer_id: str

    if TYPE_CHECKING:

        @classmethod
        def create(cls, *args: Any, **kwargs: Any) -> Self: ...

    @classmethod
    def _keyword(cls, new: Any, old: Any, *, new_name: str, old_name: str) -> Any:
        """The value of a renamed keyword of ``create`` (the old one warns)."""
        where = f"{cls.__name__}.create"
        return _kernel.renamed(new, old, new_name=new_name, old_name=old_name, where=where)

    @classmethod
    def _parts(cls, id: object, customer_id: object, amount: object, day: object) -> dict[str, Any]:
        """The checked fields every record with an id has: id, customer, amount, date."""
        what = cls._what
        return {
            "id": _kernel.text(id, f"{what} id"),
            "customer_id": _kernel.text(customer_id, "customer_id"),
            "amount": amount_decimal(amount, f"amount of {what} {id!r}"),
            cls._fields[-1]: _kernel.day(day, f"date of {what} {id!r}"),
        }

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Self:
        """A record from a row with its fields as columns (other columns ignored; empty
        cells count as not given; the old column names warn).

        Example:
            >>> from datetime import date
            >>> from otccore.risk import Refund
            >>> Refund.from_row({"id": "R1", "customer_id": "C1", "account": "gb22", "amount": 50,
            ...                  "refund_date": date(2026, 3, 1)}).account
            'GB22'
        """
        return cls.create(**fields_of(present(row), cls._fields, cls._what, renamed=cls._renamed))

    @classmethod
    def of(cls, value: object) -> Self:
        """A record from a record, a row (:meth:`from_row`) or a tuple in field order.

        Example:
            >>> from datetime import date
            >>> from otccore.risk import Document
            >>> Document.of(("1", "C1", "INV-1", 5, date(2026, 1, 1))).number
            'INV-1'
        """
        if isinstance(value, cls):
            return value
        if isinstance(value, Mapping):
            return cls.from_row(value)
        return cls.create(**fields_of(value, cls._fields, cls._what))

    def __getattr__(self, name: str) -> Any:
        """The deprecated attribute names (``party``, ``date``), with a warning."""
        new = type(self)._renamed.get(name)
        if new is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        _old(type(self), name, new)
        return getattr(self, new)


def _account(value: object, what: str) -> str:
    return _kernel.text(value, what).replace(" ", "").upper()


@attrs.frozen
class Document(_Record):
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

    _fields: ClassVar = ("id", "customer_id", "number", "amount", "document_date")
    _renamed: ClassVar = {"party": "customer_id", "date": "document_date"}
    _what: ClassVar = "document"

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
        customer_id = cls._keyword(customer_id, party, new_name="customer_id", old_name="party")
        day = cls._keyword(document_date, on, new_name="document_date", old_name="on")
        parts = cls._parts(id, customer_id, amount, day)
        return cls(number=_kernel.text(number, "document number"), **parts)


@attrs.frozen
class Refund(_Record):
    """An outgoing refund to a customer's bank account.

    Example:
        >>> from datetime import date
        >>> from otccore.money import money
        >>> from otccore.risk import Refund
        >>> Refund.create("R1", customer_id="C1", account="de89 3704", amount=money(50, "EUR"),
        ...               refund_date=date(2026, 3, 1))
        Refund(id='R1', customer_id='C1', account='DE893704', amount=Decimal('50'), refund_date=datetime.date(2026, 3, 1))
    """

    _fields: ClassVar = ("id", "customer_id", "account", "amount", "refund_date")
    _renamed: ClassVar = {"party": "customer_id", "date": "refund_date"}
    _what: ClassVar = "refund"

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
        ``refund_date=``. The class shows it at work.
        """
        customer_id = cls._keyword(customer_id, party, new_name="customer_id", old_name="party")
        day = cls._keyword(refund_date, on, new_name="refund_date", old_name="on")
        return cls(account=_account(account, "account"), **cls._parts(id, customer_id, amount, day))


@attrs.frozen
class BankDetailsChange(_Record):
    """A change of a customer's bank details: the new account and the day it changed.

    ``changed_on`` is the deprecated name of ``change_date`` (keyword, attribute and
    column), with a warning.

    Example:
        >>> from datetime import date
        >>> from otccore.risk import BankDetailsChange
        >>> BankDetailsChange.create("C1", account="GB22 0000", change_date=date(2026, 2, 20)).account
        'GB220000'
    """

    _fields: ClassVar = ("customer_id", "account", "change_date")
    _renamed: ClassVar = {"party": "customer_id", "changed_on": "change_date"}
    _what: ClassVar = "bank details change"

    customer_id: str
    account: str
    change_date: _Date

    @classmethod
    @_kernel.keyword_only
    def create(
        cls,
        customer_id: str | None = None,
        *,
        account: str | None = None,
        change_date: _Date | None = None,
        party: str | None = None,
        changed_on: _Date | None = None,
    ) -> BankDetailsChange:
        """Check and normalise the account (``party=`` and ``changed_on=`` are the
        deprecated names of ``customer_id=`` and ``change_date=``).

        Example:
            >>> from datetime import date
            >>> from otccore.risk import BankDetailsChange
            >>> BankDetailsChange.create("C1", account="gb22 0000", change_date=date(2026, 2, 20))
            BankDetailsChange(customer_id='C1', account='GB220000', change_date=datetime.date(2026, 2, 20))
        """
        customer_id = cls._keyword(customer_id, party, new_name="customer_id", old_name="party")
        day = cls._keyword(change_date, changed_on, new_name="change_date", old_name="changed_on")
        return cls(
            customer_id=_kernel.text(customer_id, "customer_id"),
            account=_account(account, "account"),
            change_date=_kernel.day(day, "change_date"),
        )


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
