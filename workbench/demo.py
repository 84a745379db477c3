"""Building databases: the defaults ``workbench init`` loads, and the synthetic demo process.

Everything :func:`build_demo` writes is marked synthetic (a ``synthetic`` column, and
"[synthetic]" in every title) and is deterministic: the same seed gives the same database,
so notebook tests have fixed inputs.
"""
from __future__ import annotations

import random

from workbench.participation.codes import new_pseudonym
from workbench.core.errors import NotFound
from workbench.core.shipped import default_lists, default_plan
from workbench.store import Store
from workbench.plan.store.plans import add_list, add_plan, get_plan
from workbench.participation.store.sessions import add_participant, add_session, list_sessions
from workbench.polls.demo import add_demo_polls
from workbench.visioning.demo import add_demo_visioning
from workbench.tracker.demo import add_demo_milestones
from workbench.feedback.demo import add_demo_feedback

SYNTHETIC = "[synthetic]"
#: The visioning workshops of the source document: 12 workshops, 170 participants.
DEMO_WORKSHOPS = 12
DEMO_PARTICIPANTS = 170
LANGUAGES = ("sw", "en", "es", "fr", "pt")


def load_defaults(store: Store) -> bool:
    """Load the shipped plan and lists unless a plan is already stored. Returns True if loaded."""
    try:
        get_plan(store)
        return False
    except NotFound:
        pass
    plan = default_plan()
    with store.transaction():
        add_plan(store, plan, label="2023–2033 (published)")
        for item_list in default_lists():
            add_list(store, item_list)
    return True


def build_demo(store: Store, seed: int = 2023) -> dict:
    """Fill ``store`` with the defaults and a synthetic process; return what was added.

    Refuses to add a second synthetic process to a database that already has one.
    """
    load_defaults(store)
    if any(session["synthetic"] for session in list_sessions(store)):
        return {"sessions": 0, "participants": 0}
    rng = random.Random(seed)
    plan = get_plan(store)
    participants = 0
    with store.transaction():
        for number in range(1, DEMO_WORKSHOPS + 1):
            title = {"en": f"{SYNTHETIC} Visioning workshop {number}",
                     "sw": f"{SYNTHETIC} Warsha ya maono {number}"}
            session = add_session(store, "visioning", title, plan_slug=plan.slug,
                                  synthetic=True, rng=rng)
            size = DEMO_PARTICIPANTS // DEMO_WORKSHOPS + (number <= DEMO_PARTICIPANTS % DEMO_WORKSHOPS)
            names: set[str] = set()
            while len(names) < size:
                names.add(new_pseudonym(rng))
            for name in sorted(names):
                add_participant(store, session["id"], name, rng.choice(LANGUAGES), synthetic=True)
            participants += size
    add_demo_milestones(store, seed)
    add_demo_visioning(store, seed)
    add_demo_feedback(store, seed)
    add_demo_polls(store, seed)
    return {"sessions": DEMO_WORKSHOPS, "participants": participants}
