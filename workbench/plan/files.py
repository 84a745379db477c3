"""Reading and writing plan files: YAML (the full format) and CSV (one row per action).

The YAML format (``format: planning-workbench/plan@1``) is documented in ``data/README.md``.
The CSV format has one row per action with the columns ``theme, goal, action`` (numbers),
``theme_title_<lang>``, ``goal_title_<lang>``, ``title_<lang>`` (one column per language,
e.g. ``title_sw``, ``title_en``) and optionally ``text_<lang>`` and ``note``. The CSV carries
the tree; plan-level metadata (source, credit, period) lives only in YAML.

Every reader validates the whole file before anything is written and raises
:class:`PlanFileError`, which names the file, the line or row, and the field.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from pathlib import Path

import yaml

from workbench.core.errors import ValidationError
from workbench.core.i18n import check_language
from workbench.plan.model import Action, Goal, ItemList, ListItem, Plan, Theme

PLAN_FORMAT = "planning-workbench/plan@1"
LIST_FORMAT = "planning-workbench/list@1"
_LINE = "__line__"


class PlanFileError(ValidationError):
    """A plan or list file that cannot be read. The message names file, line/row and field."""

    def __init__(self, path: str | Path, where: str, field: str, problem: str):
        self.path, self.where, self.field, self.problem = str(path), where, field, problem
        super().__init__(f"{path}: {where}: {field}: {problem}")


# -- YAML -------------------------------------------------------------------------------------
class _LineLoader(yaml.SafeLoader):
    """A safe loader that records each mapping's line number under ``__line__``."""

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep=deep)
        mapping[_LINE] = node.start_mark.line + 1
        return mapping


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise PlanFileError(path, "file", "path", "no such file") from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise PlanFileError(path, f"line {line}", "encoding", "not valid UTF-8") from None


def _load_yaml(path: Path) -> dict:
    try:
        data = yaml.load(_read_text(path), Loader=_LineLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        line = mark.line + 1 if mark else "?"
        raise PlanFileError(path, f"line {line}", "yaml", str(error.problem)) from None
    if not isinstance(data, dict):
        raise PlanFileError(path, "line 1", "document", "expected a mapping at the top level")
    return data


class _YamlReader:
    """Turns the loaded YAML mappings into model objects, naming the line of any problem."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, node: Mapping, field: str, problem: str):
        raise PlanFileError(self.path, f"line {node.get(_LINE, '?')}", field, problem)

    def text(self, node: Mapping, field: str, required: bool) -> dict[str, str]:
        value = node.get(field)
        if value is None and not required:
            return {}
        if not isinstance(value, Mapping):
            self.fail(node, field, "expected a language → text mapping such as {sw: …, en: …}")
        result = {}
        for tag, text in value.items():
            if tag == _LINE:
                continue
            try:
                check_language(tag)
            except ValueError as error:
                self.fail(value, f"{field}.{tag}", str(error))
            if not isinstance(text, str) or not text.strip():
                self.fail(value, f"{field}.{tag}", "empty text")
            result[str(tag)] = text.strip()
        if required and not result:
            self.fail(node, field, "empty title")
        return result

    def children(self, node: Mapping, field: str, required: bool = True) -> list[Mapping]:
        value = node.get(field, [] if not required else None)
        if not isinstance(value, list) or (required and not value):
            self.fail(node, field, f"expected a non-empty list of {field}")
        numbers: dict[int, int] = {}
        for child in value:
            if not isinstance(child, Mapping):
                self.fail(node, field, "each entry must be a mapping with number and title")
            number = child.get("number")
            if not isinstance(number, int) or isinstance(number, bool) or number < 1:
                self.fail(child, "number", f"expected a positive whole number, got {number!r}")
            if number in numbers:
                self.fail(child, "number", f"duplicate number {number} (also on line {numbers[number]})")
            numbers[number] = child.get(_LINE, 0)
        return value

    def note(self, node: Mapping) -> str:
        return str(node.get("note") or "")


def _strip_lines(value):
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != _LINE}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def read_plan_yaml(path: str | Path) -> Plan:
    """Read a plan YAML file. Raises :class:`PlanFileError` naming file, line and field."""
    path = Path(path)
    data = _load_yaml(path)
    r = _YamlReader(path)
    if data.get("format") != PLAN_FORMAT:
        r.fail(data, "format", f"expected {PLAN_FORMAT!r}, got {data.get('format')!r}")
    slug = data.get("id")
    if not isinstance(slug, str) or not slug.strip():
        r.fail(data, "id", "a plan needs an id (a short name such as 'my-plan-2024')")
    title = r.text(data, "title", required=True)
    if "goals" in data or "actions" in data:
        r.fail(data, "goals", "goal without theme: goals belong inside a theme's 'goals' list")
    themes = []
    for t in r.children(data, "themes"):
        goals = []
        for g in r.children(t, "goals"):
            actions = tuple(
                Action(a["number"], r.text(a, "title", True), r.text(a, "text", False), r.note(a))
                for a in r.children(g, "actions"))
            goals.append(Goal(g["number"], r.text(g, "title", True), actions,
                              r.text(g, "text", False), r.note(g)))
        themes.append(Theme(t["number"], r.text(t, "title", True), tuple(goals),
                            r.text(t, "text", False), r.note(t)))
    meta = _strip_lines({k: v for k, v in data.items()
                         if k not in ("format", "id", "title", "themes")})
    stated = meta.get("actions_stated")
    if stated is not None and (not isinstance(stated, int) or stated < 0):
        r.fail(data, "actions_stated", f"expected a whole number, got {stated!r}")
    return Plan(slug.strip(), title, tuple(themes), meta)


def read_list_yaml(path: str | Path) -> ItemList:
    """Read a list YAML file (capacity-building areas, barriers, calls to partners…)."""
    path = Path(path)
    data = _load_yaml(path)
    r = _YamlReader(path)
    if data.get("format") != LIST_FORMAT:
        r.fail(data, "format", f"expected {LIST_FORMAT!r}, got {data.get('format')!r}")

    def items(node: Mapping, required: bool) -> tuple[ListItem, ...]:
        return tuple(ListItem(i["number"], r.text(i, "title", True), items(i, False),
                              r.text(i, "text", False))
                     for i in r.children(node, "items", required))
    slug = data.get("id")
    if not isinstance(slug, str) or not slug.strip():
        r.fail(data, "id", "a list needs an id")
    meta = _strip_lines({k: v for k, v in data.items() if k not in ("format", "id", "title", "items")})
    return ItemList(slug, r.text(data, "title", True), items(data, True), meta)


def _text_out(text: Mapping[str, str]) -> dict:
    return dict(text)


def plan_to_dict(plan: Plan) -> dict:
    """The plan as the YAML document's data (the inverse of :func:`read_plan_yaml`)."""
    def node(n, children_key=None, children=()):
        d = {"number": n.number, "title": _text_out(n.title)}
        if n.text:
            d["text"] = _text_out(n.text)
        if n.note:
            d["note"] = n.note
        if children_key:
            d[children_key] = children
        return d
    doc = {"format": PLAN_FORMAT, "id": plan.slug, "title": _text_out(plan.title)}
    doc.update(plan.meta)
    doc["themes"] = [
        node(t, "goals", [node(g, "actions", [node(a) for a in g.actions]) for g in t.goals])
        for t in plan.themes]
    return doc


def write_plan_yaml(plan: Plan) -> str:
    return yaml.safe_dump(plan_to_dict(plan), allow_unicode=True, sort_keys=False, width=100)


# -- CSV --------------------------------------------------------------------------------------
_PREFIXES = ("theme_title_", "theme_text_", "goal_title_", "goal_text_", "title_", "text_")


def _columns(header: list[str]) -> dict[str, dict[str, str]]:
    """Map each multilingual prefix to {language: column name}."""
    found: dict[str, dict[str, str]] = {p: {} for p in _PREFIXES}
    for name in header:
        for prefix in _PREFIXES:
            if name.startswith(prefix):
                found[prefix][name[len(prefix):]] = name
                break
    return found


def read_plan_csv(path: str | Path, slug: str | None = None, title: Mapping[str, str] | None = None) -> Plan:
    """Read a CSV plan (one row per action). Rows are counted as a spreadsheet shows them:
    the header is row 1. Raises :class:`PlanFileError` naming file, row and column."""
    path = Path(path)
    content = _read_text(path)
    reader = csv.DictReader(io.StringIO(content, newline=""))
    header = reader.fieldnames or []
    cols = _columns(header)
    for required in ("theme", "goal", "action"):
        if required not in header:
            raise PlanFileError(path, "row 1", required, "missing column")
    for prefix in ("theme_title_", "goal_title_", "title_"):
        if not cols[prefix]:
            raise PlanFileError(path, "row 1", prefix + "<lang>",
                                "missing column (one per language, e.g. title_sw, title_en)")
    for prefix, by_lang in cols.items():
        for tag, column in by_lang.items():
            try:
                check_language(tag)
            except ValueError as error:
                raise PlanFileError(path, "row 1", column, str(error)) from None

    def number(row, n, field):
        raw = (row.get(field) or "").strip()
        if not raw.isdigit() or int(raw) < 1:
            raise PlanFileError(path, f"row {n}", field, f"expected a positive whole number, got {raw!r}")
        return int(raw)

    def text(row, n, prefix, required):
        out = {tag: (row.get(col) or "").strip() for tag, col in cols[prefix].items()}
        out = {tag: value for tag, value in out.items() if value}
        if required and not out:
            raise PlanFileError(path, f"row {n}", prefix + "<lang>", "empty title")
        return out

    themes: dict[int, dict] = {}
    seen: dict[tuple, int] = {}
    for n, row in enumerate(reader, start=2):
        if None in row:
            raise PlanFileError(path, f"row {n}", "row", "more cells than header columns")
        t, g, a = number(row, n, "theme"), number(row, n, "goal"), number(row, n, "action")
        if (t, g, a) in seen:
            raise PlanFileError(path, f"row {n}", "action",
                                f"duplicate number {t}.{g}.{a} (also on row {seen[t, g, a]})")
        seen[t, g, a] = n
        theme = themes.setdefault(t, {"title": text(row, n, "theme_title_", True),
                                      "text": text(row, n, "theme_text_", False), "goals": {}, "row": n})
        if text(row, n, "theme_title_", False) not in ({}, theme["title"]):
            raise PlanFileError(path, f"row {n}", "theme_title",
                                f"theme {t} has a different title on row {theme['row']}")
        goal = theme["goals"].setdefault(g, {"title": text(row, n, "goal_title_", True),
                                             "text": text(row, n, "goal_text_", False), "actions": [], "row": n})
        if text(row, n, "goal_title_", False) not in ({}, goal["title"]):
            raise PlanFileError(path, f"row {n}", "goal_title",
                                f"goal {t}.{g} has a different title on row {goal['row']}")
        goal["actions"].append(Action(a, text(row, n, "title_", True), text(row, n, "text_", False),
                                      (row.get("note") or "").strip()))
    if not themes:
        raise PlanFileError(path, "row 2", "rows", "no actions in the file")
    plan_themes = tuple(
        Theme(t, th["title"], tuple(Goal(g, go["title"], tuple(go["actions"]), go["text"])
                                    for g, go in th["goals"].items()), th["text"])
        for t, th in themes.items())
    slug = slug or path.stem
    return Plan(slug, dict(title or {"en": slug}), plan_themes, {})


def write_plan_csv(plan: Plan) -> str:
    """The plan as CSV text, one row per action (the inverse of :func:`read_plan_csv`)."""
    langs = plan.languages()
    def used(getter):
        return [tag for tag in langs if any(tag in getter(node) for _, _, node in plan.walk())]
    text_langs = used(lambda n: n.text)
    header = ["theme", "goal", "action"]
    header += [f"theme_title_{t}" for t in langs] + [f"theme_text_{t}" for t in text_langs]
    header += [f"goal_title_{t}" for t in langs] + [f"goal_text_{t}" for t in text_langs]
    header += [f"title_{t}" for t in langs] + [f"text_{t}" for t in text_langs] + ["note"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for theme in plan.themes:
        for goal in theme.goals:
            for action in goal.actions:
                row = [theme.number, goal.number, action.number]
                row += [theme.title.get(t, "") for t in langs] + [theme.text.get(t, "") for t in text_langs]
                row += [goal.title.get(t, "") for t in langs] + [goal.text.get(t, "") for t in text_langs]
                row += [action.title.get(t, "") for t in langs] + [action.text.get(t, "") for t in text_langs]
                writer.writerow(row + [action.note])
    return out.getvalue()


def read_plan(path: str | Path) -> Plan:
    """Read a plan from ``.yaml``/``.yml`` or ``.csv``, chosen by the file's suffix."""
    suffix = Path(path).suffix.lower()
    if suffix in (".yaml", ".yml"):
        return read_plan_yaml(path)
    if suffix == ".csv":
        return read_plan_csv(path)
    raise PlanFileError(path, "file", "suffix", "expected a .yaml, .yml or .csv file")
