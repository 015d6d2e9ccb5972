"""The credit account: a customer's limit, kept exposure, place in a family, and version.

Example:
    >>> from otccore.credit import CreditAccount, CreditLimit
    >>> from otccore.money import money
    >>> acc = CreditAccount.open("C1", "EUR", limit=CreditLimit.of(money(1000, "EUR")))
    >>> acc.version, acc.exposure.is_zero, acc.limit.amount
    (0, True, Money('1000', 'EUR'))
"""

from __future__ import annotations

from datetime import date
from typing import TypedDict

import attrs

from otccore._kernel import opt_day, text
from otccore.credit.exposure import Exposure
from otccore.credit.limits import CreditLimit
from otccore.errors import CurrencyMismatch, InvalidInput
from otccore.money import check_currency
from otccore.receivables import CustomerId

__all__ = ["AccountTerms", "CreditAccount"]


class AccountTerms(TypedDict, total=False):
    """The keywords of a new account besides its customer and currency
    (:meth:`CreditAccount.open`, :meth:`~otccore.credit.CreditService.open_account`).

    Example:
        >>> from otccore.credit.accounts import AccountTerms
        >>> sorted(AccountTerms(parent_id="GROUP", risk_class="B"))
        ['parent_id', 'risk_class']
    """

    limit: CreditLimit | None
    parent_id: str | None
    risk_class: str | None
    review_date: date | None


@attrs.frozen
class CreditAccount:
    """One customer's credit account, in its own currency.

    ``exposure`` is kept incrementally by :class:`~otccore.credit.CreditService`;
    for a parent it covers its whole subtree. ``version`` is the stored version
    the account was read at (0 = not stored yet); every write stores version + 1
    and fails with :class:`~otccore.errors.ConcurrencyConflict` if someone else
    wrote first.

    Example:
        >>> from otccore.credit import CreditAccount
        >>> CreditAccount.open("C1", "EUR", parent_id="C1")
        Traceback (most recent call last):
        ...
        otccore.errors.InvalidInput: credit account 'C1' cannot be its own parent
    """

    customer_id: CustomerId
    currency: str = attrs.field(converter=check_currency)
    limit: CreditLimit
    exposure: Exposure
    parent_id: CustomerId | None = None
    risk_class: str | None = None
    review_date: date | None = None
    version: int = 0

    def __attrs_post_init__(self) -> None:
        text(self.customer_id, "customer id")
        if not isinstance(self.limit, CreditLimit):
            raise InvalidInput(f"not a CreditLimit: {self.limit!r}")
        if not isinstance(self.exposure, Exposure):
            raise InvalidInput(f"not an Exposure: {self.exposure!r}")
        if self.exposure.currency != self.currency:
            raise CurrencyMismatch(
                f"account {self.customer_id!r} is in {self.currency}, exposure in "
                f"{self.exposure.currency}"
            )
        if self.parent_id is not None:
            text(self.parent_id, "parent id")
            if self.parent_id == self.customer_id:
                raise InvalidInput(f"credit account {self.customer_id!r} cannot be its own parent")
        if self.risk_class is not None:
            text(self.risk_class, "risk class")
        opt_day(self.review_date, "review date")
        if isinstance(self.version, bool) or not isinstance(self.version, int) or self.version < 0:
            raise InvalidInput(f"account version must be a non-negative int: {self.version!r}")

    @classmethod
    def open(
        cls,
        customer_id: str,
        currency: str,
        *,
        limit: CreditLimit | None = None,
        parent_id: str | None = None,
        risk_class: str | None = None,
        review_date: date | None = None,
    ) -> CreditAccount:
        """A new, unstored account with no exposure; ``limit`` defaults to none set.

        Example:
            >>> from otccore.credit import CreditAccount
            >>> CreditAccount.open("C1", "usd").limit.amount is None
            True
        """
        code = check_currency(currency)
        return cls(
            customer_id=CustomerId(text(customer_id, "customer id")),
            currency=code,
            limit=limit if limit is not None else CreditLimit.none(code),
            exposure=Exposure.zero(code),
            parent_id=CustomerId(parent_id) if parent_id is not None else None,
            risk_class=risk_class,
            review_date=review_date,
        )

    def next_version(self, **changes: object) -> CreditAccount:
        """A copy with ``changes`` and the version after this one (what a write stores).

        Example:
            >>> from otccore.credit import CreditAccount
            >>> CreditAccount.open("C1", "EUR").next_version(risk_class="B").version
            1
        """
        return attrs.evolve(self, version=self.version + 1, **changes)  # type: ignore[arg-type]
