"""One vocabulary (issue 10): one parameter name per concept across ``__all__``, and
the tabular protocol on every table the docs list."""

from __future__ import annotations

import enum
import importlib
import inspect
import pkgutil
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import otccore

# Names that stand for a concept that has another, single name. A parameter may
# still carry one while it is a deprecated alias: its function passes it to
# ``_kernel.renamed`` (it warns and points to the new name).
SYNONYMS = {
    "party": "customer_id",
    "customer": "customer_id",
    "cust_id": "customer_id",
    "client_id": "customer_id",
    "issued": "issue_date",
    "due": "due_date",
    "paid_on": "payment_date",
    "scored_on": "score_date",
    "date": "<what>_date",
    "by_party": "by_customer",
}
# A parameter typed as a date is named <what>_date, <what>_dates, as_of or on; or it
# is one end of a period (valid_from, valid_to, until), a filter bound (after,
# before), a clock's own day (today) or a Hypothesis bound (min_value, max_value).
DATE_NAME = re.compile(
    r"^(as_of|on|\w+_dates?|valid_from|valid_to|until|after|before|today|min_value|max_value)$"
)


def _public_modules() -> Iterator[object]:
    yield otccore
    for info in pkgutil.walk_packages(otccore.__path__, "otccore."):
        if any(part.startswith("_") for part in info.name.split(".")):
            continue
        yield importlib.import_module(info.name)


def _callables() -> Iterator[tuple[str, Callable[..., object]]]:
    seen: set[int] = set()
    for module in _public_modules():
        for name in getattr(module, "__all__", []):
            obj = getattr(module, name)
            if id(obj) in seen:
                continue
            seen.add(id(obj))
            if inspect.isfunction(obj):
                yield f"{module.__name__}.{name}", obj
            elif inspect.isclass(obj) and not issubclass(obj, enum.Enum):
                for attr, value in vars(obj).items():
                    if attr.startswith("_") and attr != "__init__":
                        continue
                    target = (
                        value.__func__ if isinstance(value, classmethod | staticmethod) else value
                    )
                    if inspect.isfunction(target):
                        yield f"{module.__name__}.{name}.{attr}", target


# Left for the next round, each a field of a frozen value whose rename needs an
# attrs-level alias (listed in the changelog's open items, not silently allowed):
NOT_YET = {
    ("otccore.credit.Score.__init__", "scored_on"),  # -> score_date
    ("otccore.credit.OpenItemTotal.__init__", "oldest_due"),  # -> oldest_due_date
    ("otccore.credit.Order.create", "scheduled"),  # -> delivery_date
    ("otccore.credit.Order.__init__", "scheduled"),
}


def _deprecated(func: Callable[..., object], parameter: str) -> bool:
    try:
        source = inspect.getsource(func)
    except (OSError, TypeError):
        return False
    return f'old_name="{parameter}"' in source


def _parameters() -> Iterator[tuple[str, str, object]]:
    for where, func in _callables():
        try:
            signature = inspect.signature(func)
        except (TypeError, ValueError):
            continue
        for parameter in signature.parameters.values():
            name = parameter.name
            skip = name in ("self", "cls") or (where, name) in NOT_YET
            if not skip and not _deprecated(func, name):
                yield where, name, parameter.annotation


def test_one_parameter_name_per_concept() -> None:
    clashes = [
        f"{where}({name}=...) should be {SYNONYMS[name]}"
        for where, name, annotation in _parameters()
        if name in SYNONYMS
        # a Customer value (not its id) is a customer
        and not (name == "customer" and str(annotation) in ("Customer", "object"))
    ]
    assert clashes == []


def test_date_parameters_are_named_for_what_they_date() -> None:
    def is_date(annotation: object) -> bool:
        text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
        return bool(re.fullmatch(r"(_?Date|date)( \| None)?", str(text)))

    misnamed = [
        f"{where}({name}: date)"
        for where, name, annotation in _parameters()
        if is_date(annotation) and not DATE_NAME.match(name)
    ]
    assert misnamed == []


def test_the_walk_reaches_every_area() -> None:
    wheres = {where.split(".")[1] for where, _ in _callables() if where.count(".") > 1}
    assert {"receivables", "credit", "risk", "invoicing", "matching", "adapters"} <= wheres


# -- the tabular protocol ---------------------------------------------------------

PAGE = Path(__file__).parents[1] / "docs" / "explanation" / "vocabulary.md"


def _listed_tables() -> list[str]:
    block = PAGE.read_text().split("<!-- tables -->")[1].split("<!-- /tables -->")[0]
    return re.findall(r"\[`(\w+)`\]\[(otccore[\w.]+)\]", block)  # type: ignore[return-value]


def test_the_docs_list_the_tables() -> None:
    assert len(_listed_tables()) >= 10


@pytest.mark.parametrize(("name", "path"), _listed_tables())
def test_every_listed_table_has_records_and_a_frame(name: str, path: str) -> None:
    module, _, attr = path.rpartition(".")
    cls = getattr(importlib.import_module(module), attr)
    assert attr == name
    assert callable(getattr(cls, "to_records", None)), f"{path} has no to_records()"
    assert callable(getattr(cls, "to_frame", None)), f"{path} has no to_frame()"
    signature = inspect.signature(cls.to_frame)
    assert "amounts" in signature.parameters, f"{path}.to_frame() takes no amounts="
