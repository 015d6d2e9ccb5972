"""Receivables-level events: the facts that connect the subpackages.

Invoicing emits :class:`ItemIssued` when it issues an invoice or a credit note;
cash application emits :class:`CashApplied` for every item a posted match
changes; any other change of an open item (a dispute flag, a write-off, a
correction) is an :class:`ItemChanged`. Credit (and collections) consume them
through their ``handle`` method, so a host wires the services together with one
:class:`~otccore.ports.Broadcast` sink and writes no glue code of its own.

Example:
    >>> from datetime import date
    >>> from otccore.money import money
    >>> from otccore.receivables import OpenItem
    >>> from otccore.receivables.events import CashApplied, ItemIssued
    >>> inv = OpenItem.invoice("I1", "C1", money(100, "EUR"),
    ...                        issue_date=date(2026, 3, 2), due_date=date(2026, 4, 1))
    >>> ItemIssued(inv).customer_id
    'C1'
    >>> paid = CashApplied(inv, inv.with_open(money(40, "EUR")), payment_id="P1")
    >>> paid.applied, paid.after.open
    (Money('60', 'EUR'), Money('40', 'EUR'))
"""

from __future__ import annotations

import attrs
import moneyed

from otccore.errors import InvalidInput
from otccore.money import Money
from otccore.ports import Event
from otccore.receivables.model import CustomerId, OpenItem, PaymentId

__all__ = ["CashApplied", "ItemChanged", "ItemIssued"]


def _item(_: object, attribute: attrs.Attribute[OpenItem], value: object) -> None:
    if not isinstance(value, OpenItem):
        raise InvalidInput(f"{attribute.name} must be an OpenItem: {value!r}")


@attrs.frozen
class ItemIssued(Event):
    """An invoice, debit note or credit note became an open item.

    ``order_id`` names the sales order it bills, when it bills one, and
    ``order_amount`` the delivered part it bills, in the order's currency
    (default: all of it).

    Example:
        >>> from datetime import date
        >>> from otccore.money import money
        >>> from otccore.receivables import OpenItem
        >>> from otccore.receivables.events import ItemIssued
        >>> note = OpenItem.create("credit_note", "CN1", "C1", money(-5, "EUR"), issue_date=date(2026, 3, 2))
        >>> ItemIssued(note, order_id="SO-1").order_id
        'SO-1'
        >>> ItemIssued("I1")
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: item must be an OpenItem: 'I1'
    """

    item: OpenItem = attrs.field(validator=_item)
    order_id: str | None = None
    order_amount: moneyed.Money | None = None

    @property
    def customer_id(self) -> CustomerId:
        """The customer the item belongs to."""
        return self.item.customer_id


@attrs.frozen
class ItemChanged(Event):
    """An open item changed (dispute flag, write-off, correction): before and after.

    Example:
        >>> import attrs
        >>> from datetime import date
        >>> from otccore.money import money
        >>> from otccore.receivables import OpenItem
        >>> from otccore.receivables.events import ItemChanged
        >>> inv = OpenItem.invoice("I1", "C1", money(5, "EUR"),
        ...                        issue_date=date(2026, 3, 2), due_date=date(2026, 4, 1))
        >>> ItemChanged(inv, attrs.evolve(inv, disputed=True)).after.disputed
        True
    """

    before: OpenItem = attrs.field(validator=_item)
    after: OpenItem = attrs.field(validator=_item)

    def __attrs_post_init__(self) -> None:
        if self.before.id != self.after.id or self.before.customer_id != self.after.customer_id:
            raise InvalidInput(
                "an item change needs the same item before and after: "
                f"{self.before.id!r} / {self.after.id!r}"
            )

    @property
    def customer_id(self) -> CustomerId:
        """The customer the item belongs to."""
        return self.before.customer_id


@attrs.frozen
class CashApplied(ItemChanged):
    """Cash was applied to an item: the item before and after, and the payment.

    :attr:`applied` is how much the open amount went down (the payment's cash plus
    any discount, write-off or deduction taken on the item).

    Example:
        >>> from datetime import date
        >>> from otccore.money import money
        >>> from otccore.receivables import OpenItem
        >>> from otccore.receivables.events import CashApplied
        >>> inv = OpenItem.invoice("I1", "C1", money(100, "EUR"), issue_date=date(2026, 3, 2),
        ...                        due_date=date(2026, 4, 1))
        >>> paid = CashApplied(inv, inv.with_open(money(0, "EUR")), payment_id="P1")
        >>> paid.applied, paid.after.is_open  # 98 EUR of cash and a 2 EUR discount, say
        (Money('100', 'EUR'), False)
    """

    payment_id: PaymentId | None = None

    @property
    def applied(self) -> Money:
        """The open amount before less the open amount after."""
        return Money(self.before.open.amount - self.after.open.amount, self.before.open.currency)
