"""One import rule, checked once, on the import graph of the whole ``workbench`` package.

Every ``workbench/**/*.py`` is parsed with :mod:`ast` (nothing is imported to check it). Every
``import`` and ``from … import`` anywhere in a module becomes an edge module → imported module:
at module level, inside functions (``when="function"``: deliberately lazy, they run when the
function is called) and under ``if TYPE_CHECKING:`` (``when="type"``: never run). Relative
imports are resolved; ``from package import submodule`` is an edge to the submodule; the one
computed import (``workbench.store.migrations`` imports each feature's ``migrations`` module
while it is imported) is listed in :data:`DYNAMIC_IMPORTS`.

The layers, by path (:func:`layer`):

``core``      ``workbench/__init__.py`` and ``workbench/core/``: errors, i18n, cleaning, access,
              shipped files.
``rules``     a feature's top-level modules (``workbench/<feature>/*.py`` and its
              ``__init__.py``) that are none of the layers below: its rules and the pure code
              around them (poll results, opinion groups, labels, reports, file formats…).
``counting``  ``workbench/voting/``: the counting methods, pure functions over ballots.
``charts``    ``workbench/<feature>/charts.py``: charts drawn with matplotlib, imported inside
              the functions that draw; pure like the rules (they draw data handed to them).
``frames``    ``workbench/<feature>/frames.py``: pandas tables for analysts' notebooks, read
              from the store: the only modules that import a heavy library at module level.
``store``     ``workbench/store/``, ``workbench/<feature>/store/`` and the features'
              ``migrations.py``: the SQL.
``widgets``   ``workbench/<feature>/widgets/`` (``plan/widgets.py``) and the widget modules of
              ``workbench/ui/``: ``style``, ``participant_style``, ``lifecycle``, ``downloads``.
``screens``   ``workbench/<feature>/screens/`` (``plan/screens.py``,
              ``participation/screens.py``): the Voila apps' ``build()``; and the two screen
              modules of ``workbench/ui/``: ``page`` (what every screen needs from its page: the
              query string and the database) and ``live`` (the watcher that follows the
              database for a screen); and ``workbench/console/``, the facilitator console, whose
              panels are screens over every feature.
``demo``      ``workbench/demo.py``, ``workbench/<feature>/demo.py``: demo data, through the store.
``cli``       ``workbench/cli/``, ``workbench/__main__.py``, a feature's ``cli.py`` or ``cli/``.
``serve``     ``workbench/serve/``: the Voila server (it imports voila and tornado by design).

The rules, each a function ``graph → violations`` (:data:`CHECKS`), so a test can run it on a
planted graph (the ``test_*_is_reported`` tests below do, one or more per rule):

1. Rules, counting methods and charts import, anywhere, only core, rules, counting methods and
   charts: no widget library, no widget, no screen, no store (nor sqlite), no frames, no Voila.
2. The counting methods import only the standard library, numpy, ``workbench.core`` and each
   other (no pandas, scipy, no cross-check library such as pref_voting or choix).
3. Widgets never import the store: a widget imports only core, rules, counting methods, charts
   and other widgets (no store, frames, screens, demo, cli, server).
4. Screens are the only place widgets meet the store: a module importing both a widget (library
   or module) and the store is a screen (or cli, demo, serve, frames, or the store itself).
5. The store, the frames and the demo data import no widget library, widget or screen.
6. Only ``workbench/serve/`` imports the server stack (voila, tornado, jupyter_server, …).
7. Participant screens reach nothing heavy: the module-level closure of the four participant
   apps' screens (:data:`PARTICIPANT_SCREENS`) holds no pandas, numpy, matplotlib, scikit-learn,
   scipy, plotly nor server library.
8. Heavy libraries load lazily: importing any module but the frames loads (module-level
   closure) no pandas, matplotlib, scikit-learn, scipy, plotly; nor numpy, except the counting
   methods and the opinion groups (:data:`NUMPY_AT_IMPORT`), whose arithmetic is numpy, and
   which everything else imports inside functions.
9. Features do not import each other's private names (``from workbench.<other feature>.x
   import _name``, or a ``_module`` of another feature).
10. Every module has a layer, every ``workbench.*`` import names a module that exists, and every
    computed import is listed.

A static graph cannot see what a running kernel loads: ``tests/test_participant_kernels.py``
runs each participant app's cells in a real kernel and checks its ``sys.modules`` (that covers
what third-party libraries import in turn, and the imports inside the functions a page calls).
"""
from __future__ import annotations

import ast
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

FEATURES = ("plan", "participation", "visioning", "feedback", "polls", "tracker")

#: Subpackages or modules of a feature that are not its rules, and their layer.
FEATURE_PARTS = {"screens": "screens", "widgets": "widgets", "store": "store", "migrations": "store",
                 "cli": "cli", "demo": "demo", "frames": "frames", "charts": "charts"}

#: The modules of ``workbench/ui/`` and their layer (a new one must be given its layer here).
UI_LAYERS = {"workbench.ui": "widgets", "workbench.ui.style": "widgets",
             "workbench.ui.participant_style": "widgets", "workbench.ui.lifecycle": "widgets",
             "workbench.ui.downloads": "widgets",
             "workbench.ui.page": "screens", "workbench.ui.live": "screens"}

#: Top-level packages of ``workbench`` and their layer.
SHARED_LAYERS = {"core": "core", "voting": "counting", "store": "store", "serve": "serve",
                 "cli": "cli", "__main__": "cli", "demo": "demo", "console": "screens"}

PURE = frozenset({"core", "rules", "counting", "charts"})

WIDGET_LIBRARIES = ("ipywidgets", "traitlets", "IPython")
SQL_LIBRARIES = ("sqlite3", "sqlite_utils")
SERVER_LIBRARIES = ("voila", "tornado", "jupyter_server", "jupyter_client", "nbconvert")
HEAVY = ("pandas", "numpy", "matplotlib", "sklearn", "scipy", "plotly")

#: The screens of the apps participants open on their phones (apps/plan, visioning, feedback, vote).
PARTICIPANT_SCREENS = ("workbench.plan.screens", "workbench.visioning.screens.participant",
                       "workbench.feedback.screens.participant", "workbench.polls.screens.vote")

#: Modules that may load numpy when imported: their arithmetic is numpy.
NUMPY_AT_IMPORT = ("workbench.voting", "workbench.visioning.opinion")

#: Imports computed at run time, which the parser cannot read: module → (imported modules, when).
#: ``workbench.store.migrations`` calls ``collect()`` at module level, which imports
#: ``workbench.<feature>.migrations`` for each feature of its ``FEATURES``.
DYNAMIC_IMPORTS = {"workbench.store.migrations":
                   (tuple(f"workbench.{feature}.migrations" for feature in FEATURES), "import")}


# -- the graph ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Edge:
    target: str                    # the imported module, absolute ("?" for an unlisted computed import)
    names: tuple[str, ...] = ()    # the names taken from it (``from target import a, b``)
    line: int = 0
    when: str = "import"           # "import": runs at import; "function": lazy; "type": never runs

    @property
    def at_import(self) -> bool:
        return self.when == "import"


Graph = Mapping[str, tuple[Edge, ...]]


def module_name(path: str) -> tuple[str, bool]:
    """``"workbench/polls/rules.py"`` → ``("workbench.polls.rules", False)``; an
    ``__init__.py`` names its package (``True``)."""
    parts = list(Path(path).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


class _Collector(ast.NodeVisitor):
    def __init__(self, name: str, is_package: bool, known: frozenset[str]):
        self.name, self.known = name, known
        self.package = name if is_package else name.rpartition(".")[0]
        self.when = "import"
        self.edges: list[Edge] = []

    def _inside(self, node, when):
        outer, self.when = self.when, when if self.when == "import" else self.when
        self.generic_visit(node)
        self.when = outer

    def visit_FunctionDef(self, node):
        self._inside(node, "function")

    visit_AsyncFunctionDef = visit_Lambda = visit_FunctionDef

    def visit_If(self, node):
        test = node.test
        if (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
                isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"):
            outer, self.when = self.when, "type" if self.when == "import" else self.when
            for child in node.body:
                self.visit(child)
            self.when = outer
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def visit_Import(self, node):
        for alias in node.names:
            self.edges.append(Edge(alias.name, (), node.lineno, self.when))

    def visit_ImportFrom(self, node):
        if node.level:
            base = self.package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            source = f"{base}.{node.module}" if node.module else base
        else:
            source = node.module or ""
        names = []
        for alias in node.names:
            if f"{source}.{alias.name}" in self.known:
                self.edges.append(Edge(f"{source}.{alias.name}", (), node.lineno, self.when))
            else:
                names.append(alias.name)
        if names or not node.names:
            self.edges.append(Edge(source, tuple(names), node.lineno, self.when))

    def visit_Call(self, node):
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if called in ("import_module", "__import__"):
            arg = node.args[0] if node.args else None
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                self.edges.append(Edge(arg.value, (), node.lineno, self.when))
            elif self.name not in DYNAMIC_IMPORTS:
                self.edges.append(Edge("?", (), node.lineno, self.when))
        self.generic_visit(node)


def graph_from_sources(sources: Mapping[str, str]) -> dict[str, tuple[Edge, ...]]:
    """The import graph of modules given as ``{"workbench/x/y.py": source text}``."""
    named = {path: module_name(path) for path in sources}
    known = frozenset(name for name, _ in named.values())
    graph: dict[str, tuple[Edge, ...]] = {}
    for path, source in sources.items():
        name, is_package = named[path]
        collector = _Collector(name, is_package, known)
        collector.visit(ast.parse(source, filename=path))
        targets, when = DYNAMIC_IMPORTS.get(name, ((), "import"))
        graph[name] = tuple(collector.edges) + tuple(Edge(t, (), 0, when) for t in targets if t in known)
    return graph


def build_graph(root: Path = ROOT) -> dict[str, tuple[Edge, ...]]:
    """The import graph of ``root/workbench/**/*.py``."""
    return graph_from_sources({path.relative_to(root).as_posix(): path.read_text(encoding="utf-8")
                               for path in sorted((root / "workbench").rglob("*.py"))})


# -- what a module is -----------------------------------------------------------------------
def layer(module: str) -> str | None:
    """The layer of a ``workbench`` module (``None``: not classified)."""
    parts = module.split(".")
    if parts[0] != "workbench":
        return None
    if len(parts) == 1:
        return "core"
    if parts[1] == "ui":
        return UI_LAYERS.get(module)
    if parts[1] in SHARED_LAYERS:
        return SHARED_LAYERS[parts[1]]
    if parts[1] in FEATURES:
        return "rules" if len(parts) == 2 else FEATURE_PARTS.get(parts[2], "rules")
    return None


def is_library(target: str, libraries: Iterable[str]) -> bool:
    return any(target == lib or target.startswith(lib + ".") for lib in libraries)


def is_internal(target: str) -> bool:
    return target == "workbench" or target.startswith("workbench.")


def is_store(target: str) -> bool:
    return layer(target) == "store" if is_internal(target) else is_library(target, SQL_LIBRARIES)


def is_widget(target: str) -> bool:
    return layer(target) == "widgets" if is_internal(target) else is_library(target, WIDGET_LIBRARIES)


# -- the rules --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Violation:
    rule: str
    module: str
    target: str
    line: int
    why: str

    def __str__(self):
        where = f"{self.module}:{self.line}" if self.line else self.module
        return f"[{self.rule}] {where} imports {self.target}: {self.why}"


def _forbidden_edges(graph: Graph, rule: str, layers: Iterable[str],
                     forbidden: Callable[[str, Edge], str | None]) -> list[Violation]:
    layers = frozenset(layers)
    found = []
    for module, edges in sorted(graph.items()):
        if layer(module) not in layers:
            continue
        for edge in edges:
            why = forbidden(module, edge)
            if why:
                found.append(Violation(rule, module, edge.target, edge.line, why))
    return found


def check_pure_layers(graph: Graph) -> list[Violation]:
    """Rules, counting methods and charts import no widget, store, screen, frames, nor Voila."""
    def forbidden(module, edge):
        target = edge.target
        if is_internal(target):
            where = layer(target)
            return None if where in PURE or where is None else f"a {layer(module)} module imports a {where} module"
        for libraries, what in ((WIDGET_LIBRARIES, "a widget library"), (SQL_LIBRARIES, "the database"),
                                (SERVER_LIBRARIES, "the server")):
            if is_library(target, libraries):
                return f"a {layer(module)} module imports {what}"
        return None
    return _forbidden_edges(graph, "pure", PURE, forbidden)


def check_counting_methods(graph: Graph) -> list[Violation]:
    """The counting methods import only the standard library, numpy, the core and each other."""
    def forbidden(module, edge):
        target = edge.target
        top = target.partition(".")[0]
        if top in sys.stdlib_module_names or top == "numpy" or layer(target) in ("core", "counting"):
            return None
        return "a counting method imports only the standard library, numpy, the core and counting methods"
    return _forbidden_edges(graph, "counting", ["counting"], forbidden)


def check_widgets_never_import_the_store(graph: Graph) -> list[Violation]:
    """Widgets import only core, rules, counting methods, charts and widgets."""
    allowed = PURE | {"widgets"}

    def forbidden(module, edge):
        target = edge.target
        if is_internal(target):
            where = layer(target)
            if where is None or where in allowed:
                return None
            return "a widget imports the store" if where == "store" else f"a widget imports a {where} module"
        if is_library(target, SQL_LIBRARIES):
            return "a widget imports the database"
        if is_library(target, SERVER_LIBRARIES):
            return "a widget imports the server"
        return None
    return _forbidden_edges(graph, "widgets", ["widgets"], forbidden)


#: The layers where widgets may meet the store.
JOINING = frozenset({"screens", "cli", "demo", "serve", "frames", "store"})


def check_only_screens_join_widgets_and_store(graph: Graph) -> list[Violation]:
    """A module importing both a widget (library or module) and the store is a screen (or cli,
    demo, serve, frames, store)."""
    found = []
    for module, edges in sorted(graph.items()):
        if layer(module) in JOINING:
            continue
        widgets = [edge for edge in edges if is_widget(edge.target)]
        stores = [edge for edge in edges if is_store(edge.target)]
        if widgets and stores:
            found.append(Violation("join", module, f"{widgets[0].target} and {stores[0].target}",
                                   stores[0].line, f"a {layer(module)} module joins widgets and the store: "
                                   "only screens do"))
    return found


def check_store_frames_demo_import_no_widgets(graph: Graph) -> list[Violation]:
    """The store, the frames and the demo data import no widget library, widget or screen."""
    def forbidden(module, edge):
        target = edge.target
        if is_internal(target):
            where = layer(target)
            return f"a {layer(module)} module imports a {where} module" if where in ("widgets", "screens") else None
        return f"a {layer(module)} module imports a widget library" if is_library(target, WIDGET_LIBRARIES) else None
    return _forbidden_edges(graph, "no-widgets", ["store", "frames", "demo"], forbidden)


def check_server_only_in_serve(graph: Graph) -> list[Violation]:
    """Only ``workbench/serve/`` imports the server stack."""
    every_layer = {layer(module) for module in graph} - {"serve"}
    return _forbidden_edges(graph, "server", every_layer,
                            lambda module, edge: "only workbench.serve imports the server"
                            if is_library(edge.target, SERVER_LIBRARIES) else None)


def closure(graph: Graph, start: str) -> dict[str, str | None]:
    """What importing ``start`` imports (module-level imports only, parent packages included):
    each module reached → the module that imported it (``None`` for ``start``)."""
    reached: dict[str, str | None] = {start: None}
    todo = [start]
    while todo:
        module = todo.pop()
        targets = [edge.target for edge in graph.get(module, ()) if edge.at_import]
        for target in targets:
            parts = target.split(".")
            chain = [".".join(parts[:n]) for n in range(1, len(parts) + 1)] if is_internal(target) else [target]
            for name in chain:
                if name not in reached:
                    reached[name] = module
                    if name in graph:
                        todo.append(name)
    return reached


def path_to(reached: Mapping[str, str | None], target: str) -> str:
    chain = [target]
    while reached[chain[-1]] is not None:
        chain.append(reached[chain[-1]])
    return " → ".join(reversed(chain))


def _reaching(graph: Graph, rule: str, module: str, libraries: Iterable[str], why: str) -> list[Violation]:
    reached = closure(graph, module)
    return [Violation(rule, module, path_to(reached, name), 0, why)
            for name in sorted(reached) if is_library(name, libraries)]


def check_participant_screens_are_light(graph: Graph,
                                        screens: Iterable[str] = PARTICIPANT_SCREENS) -> list[Violation]:
    """The participant screens' module-level closure holds nothing heavy and no server."""
    found = []
    for screen in screens:
        if screen not in graph:
            found.append(Violation("participant", screen, "-", 0, "no such participant screen"))
            continue
        found += _reaching(graph, "participant", screen, HEAVY + SERVER_LIBRARIES,
                           "a participant screen loads this when imported")
    return found


def check_heavy_loads_lazily(graph: Graph) -> list[Violation]:
    """Outside the frames, importing a module loads no heavy library (numpy: see NUMPY_AT_IMPORT)."""
    found = []
    for module in sorted(graph):
        if layer(module) == "frames":
            continue
        numpy_ok = any(module == m or module.startswith(m + ".") for m in NUMPY_AT_IMPORT)
        heavy = [lib for lib in HEAVY if not (lib == "numpy" and numpy_ok)]
        found += _reaching(graph, "lazy", module, heavy,
                           "loaded when the module is imported: import it inside the function that needs it")
    return found


def feature_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "workbench" and parts[1] in FEATURES else None


def check_no_private_names_across_features(graph: Graph) -> list[Violation]:
    """No module takes a private name (or module) of a feature it is not part of."""
    found = []
    for module, edges in sorted(graph.items()):
        for edge in edges:
            owner = feature_of(edge.target)
            if owner is None or owner == feature_of(module):
                continue
            private = [name for name in edge.names if name.startswith("_") and not name.endswith("__")]
            private += [part for part in edge.target.split(".") if part.startswith("_") and not part.endswith("__")]
            if private:
                found.append(Violation("private", module, f"{edge.target} ({', '.join(private)})", edge.line,
                                       f"a private name of the {owner} feature"))
    return found


def check_graph_is_complete(graph: Graph) -> list[Violation]:
    """Every module has a layer; every ``workbench`` import names a module; no unlisted computed import."""
    found = [Violation("complete", module, "-", 0, "no layer: give it one (see layer())")
             for module in sorted(graph) if layer(module) is None]
    for module, edges in sorted(graph.items()):
        for edge in edges:
            if edge.target == "?":
                found.append(Violation("complete", module, "?", edge.line,
                                       "a computed import: list what it imports in DYNAMIC_IMPORTS"))
            elif is_internal(edge.target) and edge.target not in graph:
                found.append(Violation("complete", module, edge.target, edge.line, "no such module"))
    return found


CHECKS: dict[str, Callable[[Graph], list[Violation]]] = {
    "rules, counting methods and charts are pure": check_pure_layers,
    "counting methods are self-contained": check_counting_methods,
    "widgets never import the store": check_widgets_never_import_the_store,
    "only screens join widgets and the store": check_only_screens_join_widgets_and_store,
    "store, frames and demo import no widgets": check_store_frames_demo_import_no_widgets,
    "only serve imports the server": check_server_only_in_serve,
    "participant screens reach nothing heavy": check_participant_screens_are_light,
    "heavy libraries load lazily": check_heavy_loads_lazily,
    "features keep their private names": check_no_private_names_across_features,
    "every module and import is accounted for": check_graph_is_complete,
}


# -- the package ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def graph():
    return build_graph()


@pytest.mark.parametrize("rule", CHECKS)
def test_the_package_keeps_the_import_rule(graph, rule):
    violations = CHECKS[rule](graph)
    assert not violations, "\n".join(map(str, violations))


def test_the_graph_reads_the_whole_package(graph):
    files = sorted((ROOT / "workbench").rglob("*.py"))
    assert len(graph) == len(files) > 100
    assert set(PARTICIPANT_SCREENS) <= set(graph)
    lazy = {edge.target for edge in graph["workbench.visioning.screens.results"] if edge.when == "function"}
    assert "workbench.visioning.opinion" in lazy        # imports inside functions are read
    assert {"workbench.feedback.migrations", "workbench.store.db"} <= set(closure(graph, "workbench.store"))
    from workbench.store.migrations import FEATURES as MIGRATING
    assert set(MIGRATING) <= set(FEATURES)                 # DYNAMIC_IMPORTS names what collect() imports


# -- planted violations: each check reports them ------------------------------------------------
def planted(**sources: str) -> dict[str, tuple[Edge, ...]]:
    """The graph of the package's modules, all empty but the given ones (``polls__rules="…"``
    is ``workbench/polls/rules.py``, ``voting__init`` is ``workbench/voting/__init__.py``), so
    that only what is planted can be reported."""
    files = {path.relative_to(ROOT).as_posix(): "" for path in (ROOT / "workbench").rglob("*.py")}
    for key, text in sources.items():
        path = "workbench/" + "/".join(key.split("__")) + ".py"
        files[path.replace("/init.py", "/__init__.py")] = text
    return graph_from_sources(files)


def reported(check, graph, **kwargs) -> list[tuple[str, str]]:
    return [(v.module, v.target) for v in check(graph, **kwargs)]


def test_a_rules_module_importing_widgets_store_or_voila_is_reported():
    graph = planted(polls__rules="import ipywidgets\n",
                    polls__results="def tally(store):\n    from workbench.polls.store.ballots import results\n",
                    polls__labels="def f():\n    from voila.app import Voila\n",
                    voting__ranked="from workbench.polls.widgets import ballot_dots\n",
                    tracker__charts="import sqlite3\n",
                    tracker__rules="from workbench.plan import frames\n",
                    feedback__rules="from workbench.plan import model\n")
    assert reported(check_pure_layers, graph) == [
        ("workbench.polls.labels", "voila.app"),
        ("workbench.polls.results", "workbench.polls.store.ballots"),
        ("workbench.polls.rules", "ipywidgets"),
        ("workbench.tracker.charts", "sqlite3"),
        ("workbench.tracker.rules", "workbench.plan.frames"),
        ("workbench.voting.ranked", "workbench.polls.widgets.ballot_dots")]


def test_relative_imports_are_resolved():
    graph = planted(polls__store__init="", polls__store__ballots="",
                    polls__results="def tally():\n    from .store import ballots\n    from . import rules\n",
                    polls__rules="", polls__screens__vote="from ..store.ballots import cast_ballot\n")
    assert {e.target for e in graph["workbench.polls.results"]} == {"workbench.polls.store.ballots",
                                                                   "workbench.polls.rules"}
    assert [e.target for e in graph["workbench.polls.screens.vote"]] == ["workbench.polls.store.ballots"]
    assert reported(check_pure_layers, graph) == [("workbench.polls.results", "workbench.polls.store.ballots")]


def test_a_counting_method_importing_a_library_is_reported():
    graph = planted(voting__ranked="import math\nimport numpy as np\nfrom workbench.core.errors import E\n"
                                   "from workbench.voting.result import Result\n",
                    voting__condorcet="def check():\n    import pref_voting\n",
                    voting__cardinal="import pandas\n")
    assert reported(check_counting_methods, graph) == [("workbench.voting.cardinal", "pandas"),
                                                       ("workbench.voting.condorcet", "pref_voting")]


def test_a_widget_importing_the_store_is_reported():
    graph = planted(feedback__widgets__walk="def f():\n    from workbench.feedback.store import comments\n",
                    ui__style="from workbench.store import Store\n",
                    plan__widgets="from workbench.plan import screens\n",
                    polls__widgets__setup="from workbench.polls.rules import PollItem\nimport ipywidgets\n")
    assert reported(check_widgets_never_import_the_store, graph) == [
        ("workbench.feedback.widgets.walk", "workbench.feedback.store.comments"),
        ("workbench.plan.widgets", "workbench.plan.screens"),
        ("workbench.ui.style", "workbench.store")]


def test_widgets_meeting_the_store_outside_a_screen_is_reported():
    graph = planted(tracker__review="import ipywidgets\ndef load(s):\n    from workbench.tracker.store import files\n",
                    tracker__screens__dashboard="import ipywidgets\nfrom workbench.tracker.store import milestones\n",
                    tracker__cli="from workbench.tracker.widgets import drill\nfrom workbench.store import Store\n")
    assert [m for m, _ in reported(check_only_screens_join_widgets_and_store, graph)] == ["workbench.tracker.review"]


def test_the_store_or_demo_importing_widgets_is_reported():
    graph = planted(store__db="def f():\n    import ipywidgets\n",
                    polls__demo="from workbench.polls.widgets import setup\n",
                    plan__frames="import pandas\nfrom workbench.store import Store\n",
                    visioning__store__drafts="from workbench.ui.page import open_store\n")
    assert reported(check_store_frames_demo_import_no_widgets, graph) == [
        ("workbench.polls.demo", "workbench.polls.widgets.setup"),
        ("workbench.store.db", "ipywidgets"),
        ("workbench.visioning.store.drafts", "workbench.ui.page")]


def test_the_server_outside_serve_is_reported():
    graph = planted(serve__app="import tornado.web\nimport voila.app\n",
                    ui__page="def wait():\n    from voila.utils import wait_for_request\n")
    assert reported(check_server_only_in_serve, graph) == [("workbench.ui.page", "voila.utils")]


def test_a_participant_screen_reaching_something_heavy_is_reported():
    graph = planted(polls__screens__vote="from workbench.polls import rules\n"
                                         "def results():\n    import pandas\n",   # lazy: allowed here
                    polls__rules="from workbench.voting import count\n",
                    voting__init="from workbench.voting.ranked import borda\n",
                    voting__ranked="import numpy\n",
                    plan__screens="from workbench.ui import page\n",
                    ui__page="import jupyter_server.serverapp\n")
    assert reported(check_participant_screens_are_light, graph,
                    screens=["workbench.polls.screens.vote", "workbench.plan.screens"]) == [
        ("workbench.polls.screens.vote",
         "workbench.polls.screens.vote → workbench.polls.rules → workbench.voting → "
         "workbench.voting.ranked → numpy"),
        ("workbench.plan.screens", "workbench.plan.screens → workbench.ui.page → jupyter_server.serverapp")]
    assert [v.why for v in check_participant_screens_are_light(graph, screens=["workbench.gone"])] == [
        "no such participant screen"]


def test_a_module_loading_a_heavy_library_at_import_is_reported():
    graph = planted(participation__demographics="import matplotlib.pyplot\n",
                    visioning__opinion="import numpy\ndef groups():\n    import sklearn.cluster\n",
                    visioning__themes="import sklearn\n",
                    tracker__screens__dashboard="from workbench.tracker import charts\n",
                    tracker__charts="from workbench.visioning import opinion\n",
                    polls__frames="import pandas\n",
                    voting__ranked="import numpy\n")
    assert reported(check_heavy_loads_lazily, graph) == [
        ("workbench.participation.demographics", "workbench.participation.demographics → matplotlib.pyplot"),
        ("workbench.tracker.charts", "workbench.tracker.charts → workbench.visioning.opinion → numpy"),
        ("workbench.tracker.screens.dashboard", "workbench.tracker.screens.dashboard → workbench.tracker.charts"
         " → workbench.visioning.opinion → numpy"),
        ("workbench.visioning.themes", "workbench.visioning.themes → sklearn")]


def test_a_private_name_of_another_feature_is_reported():
    graph = planted(polls__store__ballots="from workbench.polls.store.polls import _check_member\n",
                    polls__store__polls="",
                    tracker__store__files="def f():\n    from workbench.polls.store.polls import get_poll, _check_member\n",
                    feedback__report="from workbench.plan._internal import x\n",
                    visioning__rules="from workbench.participation.rules import __all__\n")
    assert reported(check_no_private_names_across_features, graph) == [
        ("workbench.feedback.report", "workbench.plan._internal (_internal)"),
        ("workbench.tracker.store.files", "workbench.polls.store.polls (_check_member)")]


def test_an_unknown_module_or_import_is_reported():
    graph = planted(gadgets__thing="", polls__rules="import importlib\n"
                    "def f(name):\n    return importlib.import_module(name)\n")
    graph["workbench.polls.results"] = (Edge("workbench.polls.gone", (), 3),)
    assert sorted(reported(check_graph_is_complete, graph)) == [
        ("workbench.gadgets.thing", "-"),
        ("workbench.polls.results", "workbench.polls.gone"), ("workbench.polls.rules", "?")]


def test_type_only_imports_count_for_the_direct_rules_but_do_not_run():
    graph = planted(plan__views="from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                                "    import pandas\n    from workbench.store import Store\n")
    assert [e.when for e in graph["workbench.plan.views"] if e.target != "typing"] == ["type", "type"]
    assert reported(check_pure_layers, graph) == [("workbench.plan.views", "workbench.store")]
    assert check_heavy_loads_lazily(graph) == []


def test_a_violation_planted_in_a_copy_of_the_package_is_reported(tmp_path):
    """The whole path, files to verdict: the package copied, one function with imports planted."""
    for path in (ROOT / "workbench").rglob("*.py"):
        copy = tmp_path / path.relative_to(ROOT)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    before = {rule: set(map(str, check(build_graph(tmp_path)))) for rule, check in CHECKS.items()}
    rules = tmp_path / "workbench" / "polls" / "rules.py"
    rules.write_text(rules.read_text(encoding="utf-8") +
                     "\n\ndef _planted():\n    from .widgets.ballot_dots import DotsBallot\n"
                     "    from workbench.visioning.store.sessions import _planted_private\n",
                     encoding="utf-8")
    planted_graph = build_graph(tmp_path)
    new = {rule: [(v.module, v.target) for v in check(planted_graph) if str(v) not in before[rule]]
           for rule, check in CHECKS.items()}
    assert {rule: found for rule, found in new.items() if found} == {
        "rules, counting methods and charts are pure": [
            ("workbench.polls.rules", "workbench.polls.widgets.ballot_dots"),
            ("workbench.polls.rules", "workbench.visioning.store.sessions")],
        "only screens join widgets and the store": [
            ("workbench.polls.rules", "workbench.polls.widgets.ballot_dots and workbench.visioning.store.sessions")],
        "features keep their private names": [
            ("workbench.polls.rules", "workbench.visioning.store.sessions (_planted_private)")]}
