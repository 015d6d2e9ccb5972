import importlib
import inspect

import pytest

import otccore.matching
import otccore.testing.scenarios

DOCUMENTED = (
    "otccore.matching",
    "otccore.testing.matching",
    "otccore.testing.scenarios",
    "otccore.adapters.csv",
)


def _has_example(obj):
    doc = inspect.getdoc(obj) or ""
    head, _, example = doc.partition("Example:")
    return bool(head.strip()) and ">>>" in example


def _public_members(cls):
    """Methods, class/static methods and properties a class defines itself."""
    for attr, value in vars(cls).items():
        if attr.startswith("_"):
            continue
        if isinstance(value, classmethod | staticmethod):
            yield attr, value.__func__
        elif isinstance(value, property):
            yield attr, value.fget
        elif inspect.isfunction(value):
            yield attr, value


def _documented_names():
    for module_name in DOCUMENTED:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            if not (callable(obj) or isinstance(obj, type)):
                continue  # constants (KNOWN_PREFIXES) are documented where they are defined
            yield f"{module_name}.{name}", obj
            if isinstance(obj, type):
                for attr, member in _public_members(obj):
                    yield f"{module_name}.{name}.{attr}", member


_NAMES = list(_documented_names())


@pytest.mark.parametrize(("qualname", "obj"), _NAMES, ids=[q for q, _ in _NAMES])
def test_every_public_name_and_method_has_an_example(qualname, obj):
    """Every public name, and every public method of a public class, shows its
    use in a doctest-run ``Example:`` section (house format)."""
    assert _has_example(obj), f"{qualname} has no Example: section with a doctest"


def test_the_example_pin_sees_what_it_should():
    names = {q for q, _ in _documented_names()}
    assert {
        "otccore.matching.CashApplication.run",
        "otccore.matching.MatchOutcomeStore.record_outcomes",
        "otccore.matching.ReconciliationResult.to_records",
        "otccore.matching.Summary.payment_auto_rate",
        "otccore.matching.PayerIndex.build",
        "otccore.matching.MatchConfig.write_off_limit",
        "otccore.testing.scenarios.Noise.heavy",
        "otccore.testing.scenarios.ScenarioScore.precision",
        "otccore.testing.matching.MatchOutcomeStoreContract.test_round_trip",
        "otccore.adapters.csv.write_exceptions",
    } <= names


def test_matching_all_is_pinned():
    assert otccore.matching.__all__ == [
        "KNOWN_PREFIXES",
        "Band",
        "CashApplication",
        "CashApplied",
        "ExceptionCase",
        "ExceptionRaised",
        "Match",
        "MatchConfig",
        "MatchOutcomeStore",
        "MatchSuggested",
        "Outcome",
        "PayerEvidence",
        "PayerIndex",
        "Reason",
        "ReasonCode",
        "ReconciliationResult",
        "ReconciliationRun",
        "RunReport",
        "ScorePart",
        "SubsetSearch",
        "Summary",
        "Tier",
        "find_subsets",
        "is_near_miss",
        "is_structured_key",
        "item_keys",
        "normalise_name",
        "normalise_reference",
        "reconcile",
        "reference_keys",
        "structured_reference",
    ]


def test_scenarios_all_is_pinned():
    assert otccore.testing.scenarios.__all__ == [
        "Noise",
        "Scenario",
        "ScenarioScore",
        "generate_payments",
        "generate_scenario",
        "score",
    ]


def test_adapter_names_are_pinned():
    import otccore.adapters.csv
    import otccore.adapters.memory
    import otccore.adapters.sqlite
    import otccore.testing.matching

    assert otccore.adapters.csv.__all__ == [
        "read_customers",
        "read_open_items",
        "read_payments",
        "write_exceptions",
        "write_matches",
    ]
    assert "MemoryMatchOutcomes" in otccore.adapters.memory.__all__
    assert {"MATCHING_SCHEMA", "SqliteMatchOutcomes"} <= set(otccore.adapters.sqlite.__all__)
    assert otccore.testing.matching.__all__ == ["MatchOutcomeStoreContract"]
