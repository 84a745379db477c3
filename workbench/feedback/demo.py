"""The synthetic feedback round of the demo: draft 1 → feedback → draft 2, at the source's scale.

The source document: 82 survivors from 12 countries reviewed the draft plan in 5 live sessions,
and 55 written submissions came from 10 countries; the plan was revised from that. The demo
builds a *draft 1* (a copy of the published plan with some working titles, two actions in other
goals and three actions missing), the round reviewing it, and a *draft 2* that undoes those
differences — so draft 2 reads exactly like the published plan and every other part of the demo
(browser, tracker) sees the same actions. Everything is marked synthetic and deterministic.
"""
from __future__ import annotations

import datetime as dt
import random

from workbench.participation.codes import new_pseudonym
from workbench.feedback.rules import KINDS, TYPES, Decision, row_hash
from workbench.participation.privacy import SYNTHETIC_CONSENT
from workbench.participation.rules import PREFER_NOT, Demographics, JoinAnswers
from workbench.store import Store
from workbench.feedback.store.comments import (add_comment, add_feedback_session, add_round, add_written_comments,
                                      list_comments, list_rounds, update_session_phase)
from workbench.participation.store.participants import join_session
from workbench.plan.store.versions import (add_action, add_version, item_uids, move_action, remove_action,
                                           update_item)
from workbench.plan.store.plans import get_plan
from workbench.feedback.store.triage import add_decision

SYNTHETIC = "[synthetic]"
ROUND = "draft-1"
SESSIONS, PARTICIPANTS, SUBMISSIONS = 5, 82, 55
LIVE_COUNTRIES = ("US", "GB", "KE", "TZ", "UG", "NG", "IN", "PH", "MX", "BR", "ES", "NP")
WRITTEN_COUNTRIES = ("KE", "TZ", "UG", "NG", "GH", "US", "CA", "MX", "BR", "FR")
LANGUAGE_OF = {"KE": "sw", "TZ": "sw", "UG": "sw", "MX": "es", "ES": "es", "BR": "pt", "FR": "fr"}
#: Actions draft 1 lacked (added in draft 2 from the feedback), and actions it had elsewhere.
MISSING = ("1.3.12", "2.2.6", "3.3.15")
ELSEWHERE = {"1.1.13": "1.5", "4.2.8": "4.1"}
TEXTS = {
    "en": ("I support this: it matters for survivors in my region.",
           "I worry this leaves out survivors without internet access.",
           "Please add training in our own languages.",
           "Who will fund this, and how will survivors be paid?"),
    "sw": ("Naunga mkono hili: ni muhimu kwa waathirika katika eneo langu.",
           "Nina wasiwasi kwamba hili linawaacha nje waathirika wasio na intaneti.",
           "Tafadhali ongeza mafunzo kwa lugha zetu wenyewe.",
           "Nani atafadhili hili, na waathirika watalipwa vipi?"),
    "es": ("Apoyo esto: es importante para las sobrevivientes de mi región.",
           "Me preocupa que esto deje fuera a quienes no tienen internet.",
           "Por favor, añadan formación en nuestros propios idiomas.",
           "¿Quién financiará esto y cómo se pagará a las sobrevivientes?"),
    "fr": ("Je soutiens ceci : c'est important pour les survivantes de ma région.",
           "Je crains que cela laisse de côté celles qui n'ont pas internet.",
           "Merci d'ajouter des formations dans nos propres langues.",
           "Qui financera cela, et comment les survivantes seront-elles payées ?"),
    "pt": ("Apoio isto: é importante para as sobreviventes da minha região.",
           "Preocupa-me que isto deixe de fora quem não tem internet.",
           "Por favor, incluam formação nas nossas próprias línguas.",
           "Quem vai financiar isto e como as sobreviventes serão pagas?"),
}
RESPONSES = {
    "accepted": "Thank you: the working group changed this item in draft 2.",
    "partly_accepted": "We took part of this into draft 2; the rest goes to the working group's next review.",
    "declined": "",
    "out_of_scope": "This is outside the action plan; we passed it on to the calls to partners.",
    "duplicate": "",
}
DECLINE_REASON = "The working group kept the wording: most comments on this item supported it."


def _stamp(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _drafts(store: Store, rng: random.Random) -> tuple[int, int]:
    """Make draft 1 from the published plan and draft 2 from draft 1; return their numbers."""
    published = get_plan(store)
    nodes = {ref: node for ref, _, node in published.walk()}
    draft1 = add_version(store, published.slug, label=f"draft 1 {SYNTHETIC}")["number"]
    actions = [ref for ref, kind, _ in published.walk() if kind == "action"
               and ref not in MISSING and ref not in ELSEWHERE]
    reworded = sorted(rng.sample(actions, 12), key=lambda r: tuple(map(int, r.split("."))))
    for ref in reworded:
        words = nodes[ref].title.get("en", "").split()
        update_item(store, ref, title={"en": " ".join(words[:4]) + " …"}, number=draft1)
    for ref in MISSING:
        remove_action(store, ref, number=draft1)
    moved = {ref: move_action(store, ref, goal, number=draft1) for ref, goal in ELSEWHERE.items()}
    add_round(store, ROUND, version=draft1, synthetic=True,
              title={"en": f"{SYNTHETIC} Feedback on draft 1", "sw": f"{SYNTHETIC} Maoni kuhusu rasimu ya 1"})
    draft2 = add_version(store, published.slug, label=f"draft 2 {SYNTHETIC}")["number"]
    for ref in reworded:
        update_item(store, ref, title={"en": nodes[ref].title["en"]}, number=draft2)
    for ref, now in moved.items():
        goal, _, position = ref.rpartition(".")
        move_action(store, now, goal, position=int(position), number=draft2)
    for ref in MISSING:
        add_action(store, ref.rpartition(".")[0], nodes[ref].title, nodes[ref].text,
                   note=nodes[ref].note, number=draft2)
    return draft1, draft2


def _item(rng: random.Random, refs: dict[str, list[str]]) -> str:
    kind = rng.choices(("action", "goal", "theme"), (70, 20, 10))[0]
    return rng.choice(refs[kind])


def _live(store: Store, rng: random.Random, refs: dict[str, list[str]]) -> int:
    """Five live sessions, 82 participants from 12 countries, and their comments."""
    joined = 0
    for number in range(1, SESSIONS + 1):
        session = add_feedback_session(store, ROUND, {"en": f"{SYNTHETIC} Feedback session {number}",
                                                      "sw": f"{SYNTHETIC} Kikao cha maoni {number}"},
                                       synthetic=True, rng=rng)
        update_session_phase(store, session["id"], "open")
        start = dt.datetime(2022, 11, 4 + 4 * number, 14, 0)
        size = PARTICIPANTS // SESSIONS + (number <= PARTICIPANTS % SESSIONS)
        names: set[str] = set()
        while len(names) < size:
            names.add(new_pseudonym(rng))
        for name in sorted(names):
            country = LIVE_COUNTRIES[joined] if joined < len(LIVE_COUNTRIES) else \
                rng.choice(LIVE_COUNTRIES + (PREFER_NOT,))
            language = LANGUAGE_OF.get(country, rng.choice(("en", "sw", "fr")))
            person = join_session(store, session["id"], JoinAnswers(
                name, language, session["consent_version"], SYNTHETIC_CONSENT, Demographics(country)),
                synthetic=True)
            joined += 1
            for _ in range(rng.choice((0, 1, 2, 2, 3, 3, 4))):
                type_ = rng.choices(TYPES, (35, 25, 30, 10))[0]
                at = start + dt.timedelta(minutes=rng.randint(5, 110))
                add_comment(store, person["id"], _item(rng, refs), type_,
                            f"{SYNTHETIC} {TEXTS[language][TYPES.index(type_)]}",
                            quotable=rng.random() < 0.8, at=_stamp(at), synthetic=True)
        update_session_phase(store, session["id"], "closed")
    return joined


def _written(store: Store, rng: random.Random, refs: dict[str, list[str]], round_id: int) -> int:
    """55 written submissions from 10 countries, 1–4 comments each."""
    records, seen = [], {}
    for k in range(SUBMISSIONS):
        country = WRITTEN_COUNTRIES[k] if k < len(WRITTEN_COUNTRIES) else rng.choice(WRITTEN_COUNTRIES)
        language, submission = LANGUAGE_OF.get(country, "en"), f"form-{k + 1:03d}"
        at = dt.datetime(2022, 11, 1, 9) + dt.timedelta(hours=rng.randint(0, 44 * 24))
        for _ in range(rng.randint(1, 4)):
            type_ = rng.choices(TYPES, (30, 30, 30, 10))[0]
            ref = _item(rng, refs)
            text = f"{SYNTHETIC} {TEXTS[language][TYPES.index(type_)]}"
            quote = rng.random() < 0.5
            key = (ref, text, type_, language, country, submission, quote)
            seen[key] = seen.get(key, -1) + 1
            records.append({"row": len(records) + 2, "ref": ref, "kind": KINDS[ref.count(".") + 1],
                            "type": type_, "language": language, "text": text, "country": country,
                            "submission": submission, "quotable": quote, "at": _stamp(at),
                            "row_hash": row_hash(key, seen[key])})
    return add_written_comments(store, round_id, records, source_file="demo-written.csv", synthetic=True)


def _triage(store: Store, rng: random.Random, draft1: int, draft2: int) -> int:
    """Working groups answer most comments, some twice (history), days after they came."""
    old, new = item_uids(store, number=draft1), item_uids(store, number=draft2)
    where = {uid: ref for ref, uid in new.items()}
    decisions, first_on = 0, {}
    for c in list_comments(store, ROUND):
        earlier = first_on.setdefault(c.ref, c.id)
        status = rng.choices(("new", "accepted", "partly_accepted", "declined", "out_of_scope", "duplicate"),
                             (12, 32, 16, 18, 12, 10))[0]
        if status == "duplicate" and earlier == c.id:
            status = "declined"
        if status == "new":
            continue
        when = dt.datetime.fromisoformat(c.created_at.rstrip("Z")) + dt.timedelta(days=rng.randint(2, 45))
        landed = (draft2, where[old[c.ref]]) if status in ("accepted", "partly_accepted") else (None, None)
        steps = [("partly_accepted", landed)] if status == "accepted" and rng.random() < 0.15 else []
        for k, (step, (version, ref)) in enumerate(steps + [(status, landed)]):
            add_decision(store, c.id, Decision(step, RESPONSES[step], DECLINE_REASON if step == "declined" else "",
                                               version, ref, earlier if step == "duplicate" else None),
                         triaged_by=f"{SYNTHETIC} working group {c.theme}",
                         at=_stamp(when + dt.timedelta(days=7 * k)), synthetic=True)
            decisions += 1
    return decisions


def add_demo_feedback(store: Store, seed: int = 2023) -> dict[str, int]:
    """Add the synthetic feedback round (once: a database that has it is left alone)."""
    if any(r["synthetic"] for r in list_rounds(store)):
        return {"comments": 0}
    rng = random.Random(seed * 11 + 4)
    with store.transaction():
        draft1, draft2 = _drafts(store, rng)
        plan = get_plan(store, version=draft1)
        refs: dict[str, list[str]] = {"theme": [], "goal": [], "action": []}
        for ref, kind, _ in plan.walk():
            refs[kind].append(ref)
        participants = _live(store, rng, refs)
        round_id = next(r["id"] for r in list_rounds(store) if r["name"] == ROUND)
        written = _written(store, rng, refs, round_id)
        decisions = _triage(store, rng, draft1, draft2)
    return {"participants": participants, "written_comments": written, "decisions": decisions,
            "comments": len(list_comments(store, ROUND))}
