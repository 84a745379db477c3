"""Time the facilitator's opinion-groups view on 500 participants × 200 contributions, from the
store to the picture, against ``opinion_groups`` alone on the same votes (the baseline).

Run: python3 bench/bench_visioning_groups.py

The votes are bench_opinion's planted groups (3 groups, ~60% seen). Sessions, participants and
contributions are written through the store; the 60,000 reactions with one ``executemany``
(what 500 people's clicks would have appended).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import median_time

from bench_opinion import PARTICIPANTS, STATEMENTS, planted_votes

from workbench.visioning.opinion import opinion_groups
from workbench.participation.privacy import SYNTHETIC_CONSENT
from workbench.participation.rules import JoinAnswers
from workbench.visioning.screens.results import opinion_groups_view
from workbench.store import Store
from workbench.visioning.store.contributions import add_contribution
from workbench.participation.store.participants import join_session
from workbench.visioning.store.reactions import current_votes
from workbench.visioning.store.sessions import add_visioning_session, update_phase

REPEATS = 3


def fill(store: Store) -> list[int]:
    votes = planted_votes()
    with store.transaction() as conn:
        session = add_visioning_session(store, {"en": "Bench"}, [{"en": "In ten years …"}], {"en": "c"})
        update_phase(store, session["id"], "gathering")
        people = [join_session(store, session["id"], JoinAnswers(f"Person {i}", "en", 1, SYNTHETIC_CONSENT))["id"]
                  for i in range(PARTICIPANTS + 10)]
        authors = people[PARTICIPANTS:]   # ten more people wrote the contributions, 20 each
        items = [add_contribution(store, authors[j % 10], f"statement {j}", synthetic=True)["id"]
                 for j in range(STATEMENTS)]   # synthetic: made up, so not rate-limited
        update_phase(store, session["id"], "reacting")
        conn.executemany("INSERT INTO reactions (contribution_id, participant_id, vote) VALUES (?, ?, ?)",
                         [(items[int(s[1:])], people[int(p[1:])], v) for p, s, v in votes])
    return [session["id"]]


def main() -> None:
    store = Store.open(Path(tempfile.mkdtemp(prefix="bench-groups-")) / "w.db")
    sessions = fill(store)
    votes = current_votes(store, sessions)
    opinion_groups_view(store, sessions, "en")  # warm up: imports scikit-learn and matplotlib
    baseline = median_time(lambda: opinion_groups(votes), REPEATS)
    reading = median_time(lambda: current_votes(store, sessions), REPEATS)
    view = median_time(lambda: opinion_groups_view(store, sessions, "en"), REPEATS)
    print(f"{PARTICIPANTS} participants x {STATEMENTS} contributions, {len(votes)} reactions; median of {REPEATS}")
    print(f"baseline opinion_groups on the votes in memory: {baseline * 1000:8.1f} ms   1.00x")
    print(f"reading the current votes from the store:       {reading * 1000:8.1f} ms {reading / baseline:6.2f}x")
    print(f"facilitator view (store → groups → HTML + PNG): {view * 1000:8.1f} ms {view / baseline:6.2f}x")


if __name__ == "__main__":
    main()
