"""``otccore reconcile``: match payments from CSV against open items from CSV.

Bad option values and an output folder that cannot be written are usage errors
in argparse's style (one ``otccore reconcile: error: …`` line, exit status 2),
found before any file is read. The progress display moves step by step through
reading, matching and writing; during matching a second bar counts the payments
decided, from the ``progress`` callback of :func:`~otccore.matching.reconcile`.
"""

from __future__ import annotations

import argparse
import pathlib
import tempfile
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, NoReturn

from otccore.adapters.csv import (
    read_customers,
    read_open_items,
    read_payments,
    write_exceptions,
    write_matches,
)
from otccore.errors import ConfigurationError, InvalidInput
from otccore.matching import Band, MatchConfig, ReconciliationResult, reconcile

__all__ = ["OPTIONS", "STEPS", "register", "run"]

# The steps the progress display counts, in order.
STEPS = (
    "reading items",
    "reading payments",
    "reading customers",
    "matching",
    "writing matches",
    "writing exceptions",
)


def _amount(text: str) -> Decimal:
    """A non-negative decimal (an amount in currency units or a percentage)."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"not a decimal amount: {text!r}") from None
    if not value.is_finite():
        raise argparse.ArgumentTypeError(f"not a decimal amount: {text!r}")
    if value < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {text!r}")
    return value


def _whole(text: str, what: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number{what}: {text!r}") from None


def _points(text: str) -> int:
    value = _whole(text, " of points")
    if not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"points run from 0 to 100: {text!r}")
    return value


def _count(text: str) -> int:
    value = _whole(text, "")
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text!r}")
    return value


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date (YYYY-MM-DD): {text!r}") from None


# (option, MatchConfig field, help); the help shows MatchConfig's default.
OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("--write-off", "write_off_absolute", "largest short pay written off"),
    ("--write-off-percent", "write_off_percent", "… in percent of the items; the lower applies"),
    ("--bank-fee", "bank_fee_max", "largest difference taken as a bank fee"),
    ("--bank-fee-percent", "bank_fee_percent", "… in percent of the items; the lower applies"),
    ("--fx-percent", "fx_difference_percent", "largest FX difference, in percent"),
    ("--overpayment", "overpayment_absolute", "largest plausible surplus (posted on account)"),
    ("--overpayment-percent", "overpayment_percent", "… in percent; the lower applies"),
    ("--auto-apply-score", "auto_apply_score", "points needed to post without a person"),
    ("--suggest-score", "suggest_score", "points needed to suggest; below: exception"),
    ("--margin", "margin", "points the best explanation must lead the runner-up by"),
    ("--name-score", "name_score", "fuzzy payer-name score needed (0-100)"),
    ("--subset-budget", "subset_step_budget", "work allowed per subset search"),
    ("--component-budget", "component_step_budget", "work allowed for one component's searches"),
    ("--auto-apply-overpayments", "auto_apply_overpayments", "post plausible surpluses"),
    ("--auto-apply-deductions", "auto_apply_deductions", "post short pays beyond tolerance"),
    ("--oldest-first", "oldest_first_suggestions", "suggest oldest-first partial application"),
)
# Each value option: how its text is read, and its placeholder in the help.
_TYPES: dict[str, tuple[Callable[[str], object], str]] = {
    "write_off_absolute": (_amount, "AMOUNT"),
    "write_off_percent": (_amount, "PERCENT"),
    "bank_fee_max": (_amount, "AMOUNT"),
    "bank_fee_percent": (_amount, "PERCENT"),
    "fx_difference_percent": (_amount, "PERCENT"),
    "overpayment_absolute": (_amount, "AMOUNT"),
    "overpayment_percent": (_amount, "PERCENT"),
    "auto_apply_score": (_points, "POINTS"),
    "suggest_score": (_points, "POINTS"),
    "margin": (_points, "POINTS"),
    "name_score": (_points, "POINTS"),
    "subset_step_budget": (_count, "STEPS"),
    "component_step_budget": (_count, "STEPS"),
}


def register(subparsers: Any) -> None:
    """Add the ``reconcile`` subcommand."""
    parser = subparsers.add_parser(
        "reconcile",
        help="match payments to open items (CSV in, CSV out)",
        description="Match payments to open items and write matches and exceptions as CSV.",
    )
    parser.add_argument("--items", required=True, type=pathlib.Path, help="open items CSV")
    parser.add_argument("--payments", required=True, type=pathlib.Path, help="payments CSV")
    parser.add_argument("--customers", type=pathlib.Path, help="customers CSV (optional)")
    parser.add_argument(
        "--as-of", type=_iso_date, help="business date, YYYY-MM-DD (default: latest value date)"
    )
    parser.add_argument(
        "--out-dir", type=pathlib.Path, default=pathlib.Path("."), help="where to write CSVs"
    )
    policy = parser.add_argument_group(
        "matching policy", "Amounts are in the payment's currency; defaults are MatchConfig's."
    )
    defaults = MatchConfig()
    for option, field, text in OPTIONS:
        default = getattr(defaults, field)
        if field not in _TYPES:
            policy.add_argument(
                option,
                dest=field,
                action=argparse.BooleanOptionalAction,
                default=None,
                help=f"{text} (default: {'yes' if default else 'no'})",
            )
            continue
        convert, metavar = _TYPES[field]
        policy.add_argument(
            option, dest=field, type=convert, metavar=metavar, help=f"{text} ({default})"
        )
    parser.add_argument("--quiet", action="store_true", help="no progress display or table")
    parser.set_defaults(func=run, reconcile_parser=parser)


def _config(args: argparse.Namespace) -> MatchConfig:
    kwargs = {field: getattr(args, field) for _, field, _ in OPTIONS}
    return MatchConfig(**{k: v for k, v in kwargs.items() if v is not None})


def _usage_error(args: argparse.Namespace, message: str) -> NoReturn:
    parser: argparse.ArgumentParser | None = getattr(args, "reconcile_parser", None)
    if parser is None:  # called without our parser (a host building its own Namespace)
        raise InvalidInput(message)
    parser.error(message)


def _prepare_out_dir(args: argparse.Namespace) -> None:
    """Create the output folder and prove it writable before any work is done."""
    out: pathlib.Path = args.out_dir
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as exc:
        _usage_error(args, f"argument --out-dir: cannot write to {out}: {exc.strerror or exc}")


def _progress(console: Any) -> Any:
    """The progress display: the steps, and while matching the payments decided;
    a spinner and the elapsed time keep moving (redrawn from rich's own thread)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def run(args: argparse.Namespace) -> int:
    """Read, reconcile, write; prints a summary table. Exit 0 on success."""
    from rich.console import Console
    from rich.table import Table

    console = Console(quiet=args.quiet)
    try:
        config = _config(args)
    except ConfigurationError as exc:
        _usage_error(args, str(exc))
    _prepare_out_dir(args)
    matches_csv, exceptions_csv = args.out_dir / "matches.csv", args.out_dir / "exceptions.csv"
    with _progress(console) as progress:
        task = progress.add_task(STEPS[0], total=len(STEPS))

        def step(following: str) -> None:
            progress.update(task, advance=1, description=following)

        items = read_open_items(args.items)
        step(STEPS[1])
        payments = read_payments(args.payments)
        step(STEPS[2])
        customers = read_customers(args.customers) if args.customers else []
        step(f"matching {len(payments):,} payments against {len(items):,} items")
        as_of = args.as_of or max((p.value_date for p in payments), default=date(1970, 1, 1))
        decided = progress.add_task("payments decided", total=len(payments))
        result = reconcile(
            payments,
            items,
            customers=customers,
            config=config,
            as_of=as_of,
            progress=lambda done, _total: progress.update(decided, completed=done),
        )
        progress.remove_task(decided)
        step(STEPS[4])
        try:
            write_matches(result, matches_csv)
            step(STEPS[5])
            write_exceptions(result, exceptions_csv)
        except OSError as exc:
            _usage_error(
                args, f"argument --out-dir: cannot write to {args.out_dir}: {exc.strerror or exc}"
            )
        step("done")
    console.print(_table(result, Table))
    console.print(f"wrote {matches_csv} and {exceptions_csv}")
    return 0


def _table(result: ReconciliationResult, table_cls: Any) -> Any:
    s = result.summary()
    table = table_cls(title=f"Cash application {result.as_of}")
    table.add_column("measure")
    table.add_column("value", justify="right")

    def pct(v: Decimal | None) -> str:
        return "—" if v is None else f"{v:.1f} %"

    cash = sum(
        (
            a.amount.amount
            for m in result.matches
            if m.band is Band.AUTO_APPLY
            for a in m.allocations
            if a.kind.uses_cash
        ),
        Decimal(0),
    )
    for label, value in [
        ("payments", str(s.payments)),
        ("auto-applied", str(s.auto_applied)),
        ("suggested", str(s.suggested)),
        ("exceptions", str(s.exceptions)),
        ("payment auto-apply rate", pct(s.payment_auto_rate)),
        ("item auto-apply rate", pct(s.item_auto_rate)),
        ("cash auto-applied", f"{cash}"),
    ]:
        table.add_row(label, value)
    return table
