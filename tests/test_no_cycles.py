"""No import cycle between the library's modules (issue 10).

A cycle makes a room impossible to read, test or move on its own. The graph is
import-linter's (grimp), the cycle search networkx's; imports under
``TYPE_CHECKING`` are left out, as they never run.
"""

from __future__ import annotations

import grimp
import networkx as nx


def test_no_import_cycle_between_modules() -> None:
    graph = grimp.build_graph("otccore", exclude_type_checking_imports=True)
    edges = nx.DiGraph()
    for module in graph.modules:
        for imported in graph.find_modules_directly_imported_by(module):
            edges.add_edge(module, imported)
    cycles = sorted(sorted(c) for c in nx.simple_cycles(edges) if len(c) > 1)
    assert cycles == []
