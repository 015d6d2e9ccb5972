"""Public test support for hosts and adapters: port contract suites and Hypothesis strategies.

Each contract suite is a pytest class to subclass with a fixture that builds the
store under test; every bundled adapter passes it, and so should a host's own.
"""
