"""CSV in and out for cash application: customers, open items, payments; matches, exceptions.

Files are UTF-8 (a BOM is accepted) with a header row. Amounts are decimal
strings (``1234.50``), dates ISO ``YYYY-MM-DD``, lists (bank accounts,
references) separated by ``;``. A bad row raises
:class:`~otccore.errors.ParseError` carrying the file and the line, and the
reader returns nothing half-read.

Columns (required in bold in the docs; unknown columns are ignored):

- customers: ``id, name, currency``, optional ``bank_accounts, parent_id``;
- open items: ``number, customer_id, amount, currency, issue_date``, optional
  ``id, kind, open, due_date, payment_reference, discount_until,
  discount_percent, disputed``;
- payments: ``id, amount, currency, value_date``, optional ``payer_name,
  payer_account, customer_id, references, remittance_text``.

Example:
    >>> from otccore.adapters.csv import read_payments
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "payments.csv"
    >>> _ = path.write_text("id,amount,currency,value_date,references\\n"
    ...                     "P1,100.00,EUR,2026-03-31,INV-1;INV-2\\n")
    >>> [p.references for p in read_payments(path)]
    [('INV-1', 'INV-2')]
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable, Iterator, Mapping
from typing import TypeVar

from otccore.errors import InvalidInput, ParseError
from otccore.matching import ReconciliationResult
from otccore.matching.result import _MATCH_COLUMNS
from otccore.receivables import Customer, OpenItem, Payment

__all__ = [
    "read_customers",
    "read_open_items",
    "read_payments",
    "write_exceptions",
    "write_matches",
]

T = TypeVar("T")
Path = str | os.PathLike[str]


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    name = os.fspath(path)
    try:
        handle = open(name, newline="", encoding="utf-8-sig")  # noqa: SIM115
    except OSError as exc:
        raise ParseError(f"cannot open: {exc.strerror}", file=name) from exc
    with handle:
        reader = csv.DictReader(handle)
        header = [h.strip() for h in reader.fieldnames or ()]
        missing = [c for c in required if c not in header]
        if missing:
            raise ParseError(f"missing column(s): {', '.join(missing)}", file=name, line=1)
        reader.fieldnames = header
        try:
            for row in reader:
                yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}
        except csv.Error as exc:
            raise ParseError(str(exc), file=name, line=reader.line_num) from exc


def _read(path: Path, required: tuple[str, ...], build: Callable[[dict[str, str]], T]) -> list[T]:
    out: list[T] = []
    name = os.fspath(path)
    for line, row in _rows(path, required):
        for column in required:
            if not row.get(column):
                raise ParseError(f"{column} is empty", file=name, line=line)
        try:
            out.append(build(row))
        except InvalidInput as exc:
            raise ParseError(str(exc), file=name, line=line) from exc
    return out


def _row(row: Mapping[str, str], *, lists: tuple[str, ...] = ()) -> dict[str, object]:
    """The CSV row as ``from_row`` takes it: an empty cell is absent, ``lists`` split on ';'."""
    out: dict[str, object] = {k: v for k, v in row.items() if v}
    for key in lists:
        if key in out:
            out[key] = [part.strip() for part in row[key].split(";") if part.strip()]
    return out


def _customer(row: Mapping[str, str]) -> Customer:
    return Customer.from_row(_row(row, lists=("bank_accounts",)))


def _item(row: Mapping[str, str]) -> OpenItem:
    cells = _row(row)
    until, percent = cells.pop("discount_until", None), cells.pop("discount_percent", None)
    if until is not None or percent is not None:
        cells["discounts"] = [{"until": until, "percent": percent}]
    return OpenItem.from_row(cells)


def _payment(row: Mapping[str, str]) -> Payment:
    return Payment.from_row(_row(row, lists=("references",)))


def read_customers(path: Path) -> list[Customer]:
    """Customers from a CSV file.

    Example:
        >>> from otccore.adapters.csv import read_customers
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
        >>> _ = path.write_text("id,name,currency,bank_accounts\\nC1,Acme,EUR,DE01;DE02\\n")
        >>> read_customers(path)[0].bank_accounts
        ('DE01', 'DE02')
    """
    return _read(path, ("id", "name", "currency"), _customer)


def read_open_items(path: Path) -> list[OpenItem]:
    """Open items from a CSV file.

    Each row is read by :meth:`OpenItem.from_row <otccore.receivables.OpenItem.from_row>`;
    ``discount_until`` and ``discount_percent`` make one :class:`~otccore.receivables.DiscountTerm`.

    Example:
        >>> from otccore.adapters.csv import read_open_items
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "items.csv"
        >>> _ = path.write_text("number,customer_id,amount,currency,issue_date,due_date,"
        ...                     "discount_until,discount_percent,disputed\\n"
        ...                     "INV-1,C1,100.00,EUR,2026-03-01,2026-03-31,2026-03-11,2,no\\n")
        >>> [(i.id, str(i.open.amount), i.due_date.isoformat(), i.discounts[0].percent)
        ...  for i in read_open_items(path)]
        [('INV-1', '100.00', '2026-03-31', Decimal('2'))]
    """
    return _read(path, ("number", "customer_id", "amount", "currency", "issue_date"), _item)


def read_payments(path: Path) -> list[Payment]:
    """Payments from a CSV file (see the module docstring for the columns).

    Example:
        >>> from otccore.adapters.csv import read_payments
        >>> from otccore.errors import ParseError
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "payments.csv"
        >>> _ = path.write_text("id,amount,currency,value_date,payer_name,remittance_text\\n"
        ...                     "P1,98.00,EUR,2026-03-10,ACME GMBH,Rechnung 1001 minus Skonto\\n"
        ...                     "P2,-5.00,EUR,2026-03-10,,\\n")
        >>> try:
        ...     read_payments(path)
        ... except ParseError as exc:
        ...     print(exc.line, exc.message)
        3 payment 'P2': amount must be positive: -5.00
        >>> _ = path.write_text(path.read_text().splitlines()[0] + "\\n"
        ...                     "P1,98.00,EUR,2026-03-10,ACME GMBH,Rechnung 1001 minus Skonto\\n")
        >>> [(p.id, str(p.amount.amount), p.payer_name) for p in read_payments(path)]
        [('P1', '98.00', 'ACME GMBH')]
    """
    return _read(path, ("id", "amount", "currency", "value_date"), _payment)


def _write(path: Path, rows: list[dict[str, object]], columns: tuple[str, ...]) -> int:
    with open(os.fspath(path), "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in columns})
    return len(rows)


_EXCEPTION_COLUMNS = ("payment_id", "code", "customer_id", "proposal_items", "explanation")


def write_matches(result: ReconciliationResult, path: Path) -> int:
    """Write one row per allocation of every match; returns the number of rows.

    Example:
        >>> from datetime import date
        >>> from otccore.adapters.csv import write_matches
        >>> import pathlib, tempfile
        >>> from otccore.matching import reconcile
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "matches.csv"
        >>> write_matches(reconcile([], [], as_of=date(2026, 1, 1)), path)
        0
        >>> path.read_text().splitlines()[0].split(",")[:3]
        ['payment_ids', 'band', 'tier']
    """
    return _write(path, result.match_rows(), _MATCH_COLUMNS)


def write_exceptions(result: ReconciliationResult, path: Path) -> int:
    """Write one row per exception; returns the number of rows.

    Columns: ``payment_id, code, customer_id, proposal_items, explanation``.

    Example:
        >>> from datetime import date
        >>> from otccore.adapters.csv import write_exceptions
        >>> from otccore.money import money
        >>> import pathlib, tempfile
        >>> from otccore.matching import reconcile
        >>> from otccore.receivables import Payment
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "exceptions.csv"
        >>> pay = Payment.create("P9", money("7.00", "EUR"), value_date=date(2026, 3, 31))
        >>> write_exceptions(reconcile([pay], [], as_of=date(2026, 3, 31)), path)
        1
        >>> path.read_text().splitlines()[:2]
        ['payment_id,code,customer_id,proposal_items,explanation', 'P9,no_payer,,,"payment P9: no bank account, reference or name identifies the payer"']
    """
    return _write(path, result.exception_rows(), _EXCEPTION_COLUMNS)
