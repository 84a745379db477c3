"""``workbench poll``: create, list, open, close, results (refused while hidden) and export."""
from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from workbench.cli import main
from workbench.demo import load_defaults
from workbench.participation.privacy import SYNTHETIC_CONSENT
from workbench.participation.rules import JoinAnswers
from workbench.store import Store
from workbench.polls.store.ballots import cast_ballot
from workbench.participation.store.participants import join_session


def run(db, *args, code=0):
    result = CliRunner().invoke(main, [*args, "--db", str(db)])
    assert result.exit_code == code, result.output
    return result.output


def test_poll_commands_from_creation_to_export(tmp_path):
    db = tmp_path / "cli.db"
    with Store.open(db) as store:
        load_defaults(store)
    out = run(db, "poll", "create", "--title", "Goal 1.1 first", "--from", "goal:1.1", "-m", "schulze")
    assert "poll 1 created with 14 items" in out
    created = json.loads(run(db, "poll", "create", "--title", "Where", "--item", "Nairobi", "--item", "Lima",
                             "-m", "dots", "-p", "budget=3", "--json"))
    assert created["params"] == {"budget": 3, "max_per_item": None} and created["hidden_until_close"]
    assert "has no parameter 'dots'" in run(db, "poll", "create", "--title", "x", "--item", "a", "--item", "b",
                                            "-m", "dots", "-p", "dots=3", code=1)
    assert "is open" in run(db, "poll", "open", "1")
    with Store.open(db) as store:
        session = store.db.execute("SELECT session_id FROM polls WHERE id = 1").fetchone()[0]
        for n, ballot in enumerate((["1.1.3", "1.1.1"], ["1.1.3"], ["1.1.1", "1.1.3"])):
            pid = join_session(store, session, JoinAnswers(f"Calm Heron {20 + n}", "en", 1, SYNTHETIC_CONSENT))["id"]
            cast_ballot(store, 1, pid, ballot)
    listed = json.loads(run(db, "poll", "list", "--json"))
    assert [(p["id"], p["phase"], p["voters"]) for p in listed] == [(1, "open", 3), (2, "draft", 0)]
    assert "hidden until it closes" in run(db, "poll", "results", "1", code=1)
    assert "hidden until it closes" in run(db, "poll", "export", "1", code=1)
    assert "is closed" in run(db, "poll", "close", "1")
    text = run(db, "poll", "results", "1")
    assert "| 1 | 1.1.3 Global database of survivor leaders |" in text
    found = json.loads(run(db, "poll", "results", "1", "--json", "--by", "group"))
    assert found["result"]["winners"] == ["1.1.3"] and found["groups"] == {}
    assert found["consensus"]["groups"] == {"all": 3}
    rows = list(csv.reader(io.StringIO(run(db, "poll", "export", "1"))))
    assert rows[0] == ["participant", "item", "value"] and len(rows) == 1 + 5
    assert not any("Calm" in cell for row in rows for cell in row)
    target = tmp_path / "results.md"
    assert "written" in run(db, "poll", "export", "1", "--what", "markdown", "-o", str(target))
    assert target.read_text().startswith("# Goal 1.1 first")
    assert "stays closed" in run(db, "poll", "open", "1", code=1)
