"""The command line: every command documented, plan show/import/export, one-line errors."""
from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from workbench.cli import main
from workbench.store import Store
from workbench.plan.store.plans import list_plans

from tests.test_planfile import PER_GOAL


def all_commands(group: click.Group, prefix=()):
    for name, command in group.commands.items():
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from all_commands(command, prefix + (name,))


@pytest.fixture
def run(tmp_path):
    db = tmp_path / "cli.db"

    def run(*args, ok=True):
        result = CliRunner().invoke(main, [*args, "--db", str(db)] if "--help" not in args else list(args))
        if ok:
            assert result.exit_code == 0, result.output
        return result
    run.db = db
    return run


def test_every_command_has_help_with_an_example():
    top = CliRunner().invoke(main, ["--help"])
    assert top.exit_code == 0
    for path, command in all_commands(main):
        result = CliRunner().invoke(main, [*path, "--help"])
        assert result.exit_code == 0, path
        if not isinstance(command, click.Group):
            assert "Example" in (command.help or ""), f"workbench {' '.join(path)} --help has no example"
        if len(path) == 1:
            assert path[0] in top.output


def test_init_then_plan_show_json_counts(run):
    assert "plan loaded" in run("init").output
    assert "already has a plan" in run("init").output
    shown = json.loads(run("plan", "show", "--json").output)
    counts = {(t["number"], g["number"]): len(g["actions"]) for t in shown["themes"] for g in t["goals"]}
    assert counts == PER_GOAL
    assert shown["actions_stated"] == 145 and shown["actions_found"] == 143
    action = shown["themes"][0]["goals"][0]["actions"][2]
    assert action["number"] == 3 and set(action["title"]) == {"sw", "en"}


def test_plan_show_text_in_swahili(run):
    run("init")
    text = run("plan", "show", "--lang", "sw").output
    assert "4 themes, 14 goals, 143 actions (the document states 145)" in text
    assert "1.1.3  hifadhidata ya kimataifa ya viongozi walionusurika" in text


def test_export_then_import_round_trip(run, tmp_path):
    run("init")
    for fmt in ("yaml", "csv"):
        out = tmp_path / f"plan.{fmt}"
        run("plan", "export", "--format", fmt, "-o", str(out))
        result = run("plan", "import", str(out))
        assert "143 actions" in result.output
    with Store.open(run.db) as store:
        versions = {p["slug"]: p["versions"] for p in list_plans(store)}
    assert versions == {"survivor-leadership-2023-2033": 2, "plan": 1}


def test_malformed_file_is_refused_in_one_line_and_nothing_is_written(run, tmp_path):
    run("init")
    bad = tmp_path / "bad.csv"
    bad.write_text("theme,goal,action,theme_title_en,goal_title_en,title_en\n1,1,1,T,G,\n")
    result = run("plan", "import", str(bad), ok=False)
    assert result.exit_code == 1
    assert result.output.strip() == f"Error: {bad}: row 2: title_<lang>: empty title"
    with Store.open(run.db) as store:
        assert [p["slug"] for p in list_plans(store)] == ["survivor-leadership-2023-2033"]
        assert store.db.execute("SELECT count(*) FROM plan_versions").fetchone()[0] == 1


def test_errors_print_no_traceback(tmp_path):
    """A real process: the error is one line on stderr and the exit status is 1."""
    result = subprocess.run([sys.executable, "-m", "workbench", "plan", "show", "--db",
                             str(tmp_path / "empty.db")], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr == ("Error: no plan in the database (load one with `workbench init` "
                             "or `workbench plan import FILE`)\n")


def test_demo_is_deterministic_and_marked_synthetic(tmp_path):
    dumps = []
    for name in ("a.db", "b.db"):
        with Store.open(tmp_path / name) as store:
            from workbench.demo import build_demo
            build_demo(store)
            sessions = list(store.db.query("SELECT title, code, kind, synthetic FROM sessions ORDER BY id"))
            people = list(store.db.query("SELECT p.pseudonym, p.language, p.synthetic, s.kind FROM participants p"
                                         " JOIN sessions s ON s.id = p.session_id ORDER BY p.id"))
            dumps.append((sessions, people))
    assert dumps[0] == dumps[1]
    sessions, people = dumps[0]
    # the visioning workshops; feedback sessions and polls of the demo come on top
    assert sum(s["kind"] == "visioning" for s in sessions) == 12
    assert sum(p["kind"] == "visioning" for p in people) == 170
    assert all(s["synthetic"] and "[synthetic]" in s["title"] for s in sessions)
    assert all(p["synthetic"] for p in people)


def test_demo_prints_a_join_code_per_activity(run):
    import re
    out = run("demo").output
    assert "Join codes to try" in out and "Facilitator links" in out
    found = dict(re.findall(r"^\s+(visioning|feedback|poll)\s+([A-Z0-9]{6})\b", out, re.M))
    assert set(found) == {"visioning", "feedback", "poll"}
    with Store.open(run.db) as store:
        for kind, code in found.items():
            assert store.db.execute("SELECT kind FROM sessions WHERE code = ?", [code]).fetchone()[0] == kind


def test_named_facilitators_keep_their_link_until_revoked(run, monkeypatch):
    import re

    from workbench.core.access import FACILITATOR_ENV, key_hash
    from workbench.ui.page import facilitator_refusal
    out = run("facilitator", "add", "Amina (working group 3)").output
    key = re.search(r"personal key (\S+)", out).group(1)
    assert "polls.ipynb?token=" in out and f"&key={key}" in out
    assert run("facilitator", "add", "Amina (working group 3)", ok=False).exit_code == 1   # one name, one key
    assert "active" in run("facilitator", "list").output and key not in run("facilitator", "list").output
    monkeypatch.setenv("WORKBENCH_DB", str(run.db))
    monkeypatch.setenv(FACILITATOR_ENV, key_hash("this-run"))          # a restart: a new per-run key
    assert facilitator_refusal({"key": key}, "en") is None             # the personal link still works
    assert facilitator_refusal({"key": "someone-else"}, "en") is not None
    run("facilitator", "revoke", "Amina (working group 3)")
    assert facilitator_refusal({"key": key}, "en") is not None         # withdrawn at once
    assert "revoked" in run("facilitator", "list").output
    with Store.open(run.db) as store:
        stored = store.db.execute("SELECT key_hash FROM facilitators").fetchone()[0]
    assert stored == key_hash(key) and key not in stored               # only the hash is kept
