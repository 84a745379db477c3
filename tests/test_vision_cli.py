"""``workbench vision``: groups from a votes CSV, a session's votes, draft exports."""
from __future__ import annotations

import csv
import json

import numpy as np
from click.testing import CliRunner

from workbench.cli import main
from workbench.participation.privacy import SYNTHETIC_CONSENT
from workbench.participation.rules import JoinAnswers
from workbench.store import Store
from workbench.visioning.store.contributions import add_contribution
from workbench.participation.store.participants import join_session
from workbench.visioning.store.reactions import add_reaction
from workbench.visioning.store.drafts import add_vision_draft
from workbench.visioning.store.sessions import add_visioning_session, update_phase


def write_planted(path, groups=3, per_group=12, statements=18, seed=5, consensus=True):
    rng = np.random.default_rng(seed)
    truth = {}
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["participant", "statement", "vote"])
        for g in range(groups):
            for i in range(per_group):
                who = f"p{g}-{i}"
                truth[who] = g
                for s in range(statements):
                    own = s % groups == g
                    vote = rng.choice([1, -1, 0], p=[0.9, 0.05, 0.05] if own else [0.05, 0.85, 0.1])
                    writer.writerow([who, f"s{s}", int(vote)])
                if consensus:
                    writer.writerow([who, "everyone", 1])
    return truth


def invoke(*args):
    return CliRunner().invoke(main, list(args))


def test_groups_json_recovers_planted_groups_and_consensus(tmp_path):
    truth = write_planted(tmp_path / "votes.csv")
    result = invoke("vision", "groups", str(tmp_path / "votes.csv"), "--json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["participants_included"] == 36 and found["k"] == 3
    for group in found["groups"]:
        planted = {truth[p] for p in group["participants"]}
        assert len(planted) == 1 and len(group["participants"]) == 12
        assert group["representative"]
    assert found["consensus"][0] == "everyone"


def test_groups_text_and_min_votes(tmp_path):
    write_planted(tmp_path / "votes.csv", groups=2, per_group=10)
    result = invoke("vision", "groups", str(tmp_path / "votes.csv"))
    assert result.exit_code == 0 and "20 participants included; 2 groups" in result.output
    assert "Group 1 (10 people)" in result.output and "Consensus, highest first: everyone" in result.output
    result = invoke("vision", "groups", str(tmp_path / "votes.csv"), "--min-votes", "50")
    assert "No opinion groups: only 0 participants reacted to enough statements (at least 50)" in result.output


def test_groups_reports_malformed_rows_by_number(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("participant,statement,vote\nana,s1,1\nben,s1,yes\ncy,,1\n", encoding="utf-8")
    result = invoke("vision", "groups", str(path))
    assert result.exit_code == 1
    assert "row 3: vote 'yes' is not 1, -1 or 0" in result.output and "row 4: empty statement" in result.output
    assert "Traceback" not in result.output


def test_votes_and_draft_exports_from_a_database(tmp_path):
    db = tmp_path / "w.db"
    with Store.open(db) as store:
        session = add_visioning_session(store, {"en": "Workshop <1>"}, [{"en": "In ten years …"}], {"en": "c"})
        update_phase(store, session["id"], "gathering")
        ana, ben = (join_session(store, session["id"], JoinAnswers(n, "en", 1, SYNTHETIC_CONSENT))["id"] for n in ("Ana X", "Ben Y"))
        c = add_contribution(store, ana, "healers & <doctors>")
        update_phase(store, session["id"], "reacting")
        add_reaction(store, ben, c["id"], 1)
        add_vision_draft(store, "Shared vision", "en", "In ten years …", [c["id"]])
    result = invoke("vision", "votes", "--db", str(db), "--session", session["code"].lower())
    assert result.exit_code == 0 and result.output.splitlines() == ["participant,statement,vote", f"{ben},{c['id']},1"]
    result = invoke("vision", "draft", "--db", str(db), "--format", "html")
    assert result.exit_code == 0 and "healers &amp; &lt;doctors&gt;" in result.output
    assert "Ana X" not in result.output and "Participants: 2" in result.output
    result = invoke("vision", "draft", "--db", str(db))
    assert "# Shared vision — version 1" in result.output
    result = invoke("vision", "draft", "--db", str(db), "--name", "Nothing")
    assert result.exit_code == 1 and "no vision draft Nothing" in result.output
