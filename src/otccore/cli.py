"""The ``otccore`` console script.

Subcommands live in ``otccore._commands``: each module there has
``register(subparsers)`` adding its parser, with ``func=run`` where
``run(args) -> int`` is the exit status.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence

import otccore
from otccore import _commands
from otccore.errors import OtcError

__all__ = ["main"]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every registered subcommand."""
    parser = argparse.ArgumentParser(
        prog="otccore", description="Order-to-cash credit management, from the command line."
    )
    parser.add_argument("--version", action="version", version=f"otccore {otccore.__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for info in sorted(pkgutil.iter_modules(_commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{_commands.__name__}.{info.name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the console script; returns the exit status.

    Example:
        >>> from otccore.cli import main
        >>> main(["--version"])
        Traceback (most recent call last):
        ...
        SystemExit: 0
    """
    args = build_parser().parse_args(argv)
    try:
        status: int = args.func(args)
    except OtcError as exc:
        print(f"otccore: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2
    return status


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
