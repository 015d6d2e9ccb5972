"""Account tests: payments from unknown accounts, refunds to recently changed ones.

- :func:`new_payer_accounts`: a payment from an account never seen for that customer.
- :func:`refunds_to_changed_accounts`: refunds to bank details changed recently.

Example:
    >>> from datetime import date
    >>> from otccore.risk import BankDetailsChange, refunds_to_changed_accounts
    >>> refunds = [{"id": "R1", "customer_id": "C1", "account": "GB22", "amount": 50,
    ...             "refund_date": date(2026, 3, 1)}]
    >>> changes = [BankDetailsChange.create("C1", account="GB22", change_date=date(2026, 2, 20))]
    >>> [f.message for f in refunds_to_changed_accounts(refunds, changes)]
    ['refund R1 of 50 goes to account GB22, bank details changed 9 days before']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from otccore import _kernel
from otccore.errors import InvalidInput
from otccore.receivables import Customer, Payment
from otccore.risk._common import as_list, present, rows_of
from otccore.risk.codes import SignalCode
from otccore.risk.documents import BankDetailsChange, Refund, per_customer, read_all
from otccore.risk.findings import Finding, Findings

__all__ = ["new_payer_accounts", "refunds_to_changed_accounts"]

_Row = TypeVar("_Row", Payment, Customer)


def _record(kind: type[_Row], value: object, what: str) -> _Row:
    """``value`` when it is a ``kind``, else a ``kind`` read from a row by its ``from_row``."""
    if isinstance(value, kind):
        return value
    if isinstance(value, Mapping):
        return kind.from_row(present(value))
    raise InvalidInput(f"not a {kind.__name__} or a {what} row: {value!r}")


def new_payer_accounts(
    payments: Iterable[Payment | Mapping[str, Any]] | Any,
    *,
    customers: Iterable[Customer | Mapping[str, Any]] | Any = (),
    flag_first: bool = False,
) -> Findings:
    """Payments from an account never seen for that customer before.

    Known accounts are the customer's master-data ``bank_accounts`` plus the
    accounts of its earlier payments (by value date, then id). A customer with no
    known account at all is judged only when ``flag_first`` (otherwise its first
    account becomes the known one). Payments without customer or account are skipped.

    Payments are :class:`~otccore.receivables.Payment` values, mappings or a
    DataFrame with the columns of :meth:`Payment.from_row
    <otccore.receivables.Payment.from_row>` (``id``, ``amount``, ``currency``,
    ``value_date``, ``payer_account``, ``customer_id`` …); customers likewise
    (:meth:`Customer.from_row <otccore.receivables.Customer.from_row>`). Empty
    cells (None, NaN) count as not given.

    Example:
        >>> from datetime import date
        >>> from otccore.money import money
        >>> from otccore.receivables import Customer, Payment
        >>> from otccore.risk import new_payer_accounts
        >>> c = Customer.create("C1", "Acme", "EUR", bank_accounts=["DE11"])
        >>> ps = [Payment.create("P1", money(5, "EUR"), value_date=date(2026, 1, 1),
        ...                      payer_account="DE11", customer_id="C1"),
        ...       Payment.create("P2", money(5, "EUR"), value_date=date(2026, 1, 2),
        ...                      payer_account="GB22", customer_id="C1")]
        >>> [(f.customer_id, f.subjects) for f in new_payer_accounts(ps, customers=[c])]
        [('C1', ('P2',))]
    """
    known: dict[str, set[str]] = defaultdict(set)
    for c in as_list(rows_of(customers)):
        customer = _record(Customer, c, "customer")
        known[customer.id].update(customer.bank_accounts)
    rows = [_record(Payment, p, "payment") for p in as_list(rows_of(payments))]
    out = []
    for p in sorted(rows, key=lambda p: (p.value_date, p.id)):
        if p.customer_id is None or not p.payer_account:
            continue
        seen = known[p.customer_id]
        if p.payer_account not in seen and (seen or flag_first):
            out.append(
                Finding.create(
                    "new_payer_accounts",
                    SignalCode.NEW_PAYER_ACCOUNT,
                    f"payment {p.id} comes from account {p.payer_account}, never seen for "
                    f"customer {p.customer_id} (known: {', '.join(sorted(seen)) or 'none'})",
                    customer_id=p.customer_id,
                    subjects=[p.id],
                    data={"account": p.payer_account, "known": sorted(seen)},
                )
            )
        seen.add(p.payer_account)
    return Findings(sorted(out, key=lambda f: (f.customer_id or "", f.subjects)))


def refunds_to_changed_accounts(
    refunds: Iterable[Refund | Sequence[Any] | Mapping[str, Any]] | Any,
    changes: Iterable[BankDetailsChange | Sequence[Any] | Mapping[str, Any]] | Any,
    *,
    days: int = 30,
    same_account_only: bool = True,
) -> Findings:
    """Refunds paid within ``days`` days after the customer's bank details changed.

    With ``same_account_only`` (default) the refund must go to the new account;
    otherwise any change of the customer's details in the window counts. Refunds and
    changes are values, tuples, mappings or DataFrames with the fields of
    :meth:`Refund.of` and :meth:`BankDetailsChange.of`.

    Example:
        >>> from datetime import date
        >>> from otccore.risk import BankDetailsChange, Refund, refunds_to_changed_accounts
        >>> r = [Refund.create("R1", customer_id="C1", account="GB22", amount=50,
        ...                    refund_date=date(2026, 3, 1))]
        >>> ch = [BankDetailsChange.create("C1", account="GB22", change_date=date(2026, 2, 20))]
        >>> [(f.subjects, f.details["days_since_change"]) for f in refunds_to_changed_accounts(r, ch)]
        [(('R1',), 9)]
    """
    _kernel.whole(days, "days")
    changed = per_customer(read_all(BankDetailsChange, changes))
    out = []
    for r in sorted(read_all(Refund, refunds), key=lambda r: r.id):
        recent = [
            c
            for c in changed.get(r.customer_id, [])
            if 0 <= (r.refund_date - c.change_date).days <= days
            and (not same_account_only or c.account == r.account)
        ]
        if recent:
            latest = max(recent, key=lambda c: (c.change_date, c.account))
            since = (r.refund_date - latest.change_date).days
            out.append(
                Finding.create(
                    "refunds_to_changed_accounts",
                    SignalCode.REFUND_TO_CHANGED_ACCOUNT,
                    f"refund {r.id} of {r.amount} goes to account {r.account}, "
                    f"bank details changed {since} days before",
                    customer_id=r.customer_id,
                    subjects=[r.id],
                    data={"account": r.account, "days_since_change": since},
                )
            )
    return Findings(out)
