"""Synthetic polls for the demo database: the working groups of the source document (6 groups,
60 leaders from 20 countries) voting on what comes first, with every kind of ballot.

Deterministic for a seed. Preferences are drawn so that the groups agree on some items and
differ on others (an item's appeal = a shared part + a part of the person's group + noise), so
the breakdown and the consensus across groups have something to show. Everything is marked
synthetic. Pure Python (no numpy) until the ballots are checked by the store.
"""
from __future__ import annotations

import datetime as dt
import math
import random

from workbench.participation.codes import new_pseudonym
from workbench.participation.privacy import SYNTHETIC_CONSENT
from workbench.participation.rules import PREFER_NOT, Demographics, JoinAnswers
from workbench.polls.rules import pair_key
from workbench.store import Store
from workbench.polls.store.ballots import cast_ballot, set_group
from workbench.participation.store.participants import join_session
from workbench.polls.store.polls import add_poll, add_proposal, decide_proposal, resolve_source, update_phase

SYNTHETIC = "[synthetic]"
GROUPS = ("wg1", "wg2", "wg3", "wg4", "wg5", "wg6")
LEADERS = 60
#: 20 countries (code, language people answer in) across the regions of the document's map.
COUNTRIES = (("TZ", "sw"), ("KE", "sw"), ("UG", "en"), ("NG", "en"), ("GH", "en"), ("ZA", "en"),
             ("IN", "en"), ("NP", "en"), ("PH", "en"), ("TH", "en"), ("MX", "es"), ("BR", "pt"),
             ("CO", "es"), ("AR", "es"), ("US", "en"), ("CA", "fr"), ("GB", "en"), ("NL", "en"),
             ("RO", "en"), ("AU", "en"))
AGE_BANDS = ("25-34", "35-44", "45-54", "55-64")
GENDERS = ("woman", "woman", "woman", "man", "non_binary")
START = dt.datetime(2023, 3, 1, 12, 0, tzinfo=dt.timezone.utc)


def _leaders(rng: random.Random) -> list[dict]:
    """60 leaders, 10 per working group, each from one of the 20 countries (each used ≥ 2 times)."""
    names: set[str] = set()
    while len(names) < LEADERS:
        names.add(new_pseudonym(rng))
    countries = [COUNTRIES[i % len(COUNTRIES)] for i in range(LEADERS)]
    rng.shuffle(countries)
    leaders = []
    for i, name in enumerate(sorted(names)):
        country, language = countries[i]
        private = rng.random() < 0.1
        leaders.append({"pseudonym": name, "group": GROUPS[i % len(GROUPS)], "language": language,
                        "demographics": Demographics(PREFER_NOT if private else country, None,
                                                     None if private else rng.choice(AGE_BANDS),
                                                     PREFER_NOT if private else rng.choice(GENDERS))})
    return leaders


def _appeal(keys: list[str], rng: random.Random) -> dict[str, dict[str, float]]:
    """Each group's appeal of each item: a shared part plus the group's own part."""
    shared = {k: rng.gauss(0, 1) for k in keys}
    return {g: {k: shared[k] + rng.gauss(0, 0.8) for k in keys} for g in GROUPS}


def _join_all(store: Store, poll: dict, leaders: list[dict]) -> list[tuple[int, dict]]:
    joined = []
    for leader in leaders:
        answers = JoinAnswers(leader["pseudonym"], leader["language"], poll["consent_version"],
                              SYNTHETIC_CONSENT, leader["demographics"])
        participant = join_session(store, poll["session_id"], answers, synthetic=True)
        set_group(store, participant["id"], leader["group"])
        joined.append((participant["id"], leader))
    return joined


def _ballot(kind: str, utility: dict[str, float], rng: random.Random, params: dict):
    order = sorted(utility, key=lambda k: -utility[k])
    if kind == "ranking":
        return order[:rng.randint(4, min(8, len(order)))]
    if kind == "approval":
        return [k for k in order if utility[k] > 0.6] or order[:1]
    budget, cap = params["budget"], params["max_per_item"]
    dots: dict[str, int] = {}
    for key in order:
        give = min(cap, budget - sum(dots.values()), rng.randint(1, cap))
        if give <= 0:
            break
        dots[key] = give
    return dots


def add_demo_polls(store: Store, seed: int = 2023) -> dict:
    """Add four synthetic polls (ranking, dots, pairs, approval) with 60 leaders each; return
    how many polls and ballots were added. Three are closed (results visible); the approval poll
    is still open with results hidden until close."""
    rng = random.Random(seed + 5)
    leaders = _leaders(rng)
    specs = [("goal:1.1", "schulze", {}, "Goal 1.1: which actions come first?",
              "Lengo 1.1: vitendo vipi vianze?"),
             ("plan", "dots", {"budget": 10, "max_per_item": 3}, "The whole plan: where do our dots go?",
              "Mpango mzima: nukta zetu ziende wapi?"),
             ("list:capacity-building", "bradley-terry", {}, "Capacity building: which need first?",
              "Kujenga uwezo: hitaji lipi kwanza?"),
             ("list:barriers", "approval", {}, "Barriers: which must we remove first?",
              "Vizuizi: vipi tuviondoe kwanza?")]
    ballots = 0
    with store.transaction() as conn:
        for number, (source, method, params, english, swahili) in enumerate(specs):
            items, found = resolve_source(store, source)
            poll = add_poll(store, {"en": f"{SYNTHETIC} {english}", "sw": f"{SYNTHETIC} {swahili}"}, items,
                            method, params, source=found, synthetic=True, rng=rng)
            when = START + dt.timedelta(days=7 * number)
            update_phase(store, poll["id"], "open", when)
            joined = _join_all(store, poll, leaders)
            keys = [i.key for i in items]
            if method == "bradley-terry":  # two proposals; one approved before the pairs are answered
                kept = add_proposal(store, poll["id"], joined[0][0], "Peer mentoring between survivor leaders",
                                    "en", when)
                add_proposal(store, poll["id"], joined[1][0], "Language interpretation for every training",
                             "en", when)
                decide_proposal(store, poll["id"], kept, True, when)
                keys.append(kept)
            appeal = _appeal(keys, rng)
            for participant_id, leader in joined:
                utility = {k: a + rng.gauss(0, 1) for k, a in appeal[leader["group"]].items()}
                if method == "bradley-terry":
                    ballots += _compare(conn, poll["id"], participant_id, utility, rng)
                    continue
                kind = "ranking" if method == "schulze" else method
                cast_ballot(store, poll["id"], participant_id, _ballot(kind, utility, rng, poll["params"]),
                            when + dt.timedelta(hours=1), synthetic=True)
                ballots += 1
            if method != "approval":
                update_phase(store, poll["id"], "closed", when + dt.timedelta(days=2))
    return {"polls": len(specs), "ballots": ballots}


def _compare(conn, poll_id: int, participant_id: int, utility: dict[str, float], rng: random.Random) -> int:
    """12 answers to random pairs, chosen as the Bradley–Terry model of ``utility`` says;
    about one in ten "can't decide"."""
    keys, done, rows = list(utility), set(), []
    while len(rows) < min(12, len(keys) * (len(keys) - 1) // 2):
        first, second = rng.sample(keys, 2)
        if pair_key(first, second) in done:
            continue
        done.add(pair_key(first, second))
        if rng.random() < 0.1:
            winner, reason = None, rng.choice(["both_good", "both_bad", "dont_understand", None])
        else:
            p = 1 / (1 + math.exp(utility[second] - utility[first]))
            winner, reason = (first if rng.random() < p else second), None
        rows.append((poll_id, participant_id, first, second, winner, reason, pair_key(first, second)))
    conn.executemany("INSERT INTO comparisons (poll_id, participant_id, first, second, winner, reason, pair, "
                     "synthetic) VALUES (?, ?, ?, ?, ?, ?, ?, 1)", rows)
    return len(rows)
