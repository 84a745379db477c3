"""The synthetic part of the demo database for the decade tracker, marked [synthetic].

One to three milestones per action, owned by synthetic working groups and organisations,
about four in ten with an indicator, and quarterly progress updates from 2023-Q1 up to
:data:`DEMO_AS_OF`, with a few notes and corrections. Deterministic: the same seed gives the
same rows, so notebooks and tests have fixed inputs.
"""
from __future__ import annotations

import datetime as dt
import random

from workbench.store import Store
from workbench.plan.store.plans import get_plan
from workbench.tracker.store.milestones import UpdateWriter, add_milestone
from workbench.tracker.rules import (AT_RISK, DONE, DROPPED, OFF_TRACK, ON_TRACK, Indicator, Milestone,
                               Target, Update)

SYNTHETIC = "[synthetic]"
#: The last quarterly report in the demo data.
DEMO_AS_OF = dt.date(2026, 9, 30)
OWNERS = tuple(f"{SYNTHETIC} {name}" for name in (
    "Working group 1 (movement)", "Working group 2 (decision-making)", "Working group 3 (services)",
    "Working group 4 (knowledge)", "Survivor network East Africa", "Survivor network Latin America",
    "Survivor Alliance secretariat", "Allies' roundtable"))
UNITS = (("survivor leaders trained", "up"), ("survivor-led organisations funded", "up"),
         ("% of staff with lived experience", "up"), ("publications co-authored by survivors", "up"),
         ("% of survivor professionals unpaid", "down"))
NOTES = ("meeting held; minutes shared with the working group", "waiting for funding decision",
         "interpreters booked for the next session", "draft shared for survivor review",
         "partner organisation changed its staff", "fewer participants than planned")


def quarter_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    """The quarter-end dates from ``first``'s quarter to ``last``, both included.

    >>> quarter_ends(dt.date(2023, 2, 1), dt.date(2023, 9, 30))
    [datetime.date(2023, 3, 31), datetime.date(2023, 6, 30), datetime.date(2023, 9, 30)]
    """
    found, year, quarter = [], first.year, (first.month - 1) // 3 + 1
    while True:
        end = Target(year, quarter).last_day
        if end > last:
            return found
        found.append(end)
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def demo_milestones(plan, rng: random.Random) -> list[Milestone]:
    """One to three synthetic milestones for every action of ``plan``."""
    found = []
    for ref, kind, _ in plan.walk():
        if kind != "action":
            continue
        for k in range(1, rng.randint(1, 3) + 1):
            indicator = None
            if rng.random() < 0.4:
                unit, direction = rng.choice(UNITS)
                base = rng.randint(0, 20) if direction == "up" else rng.randint(50, 80)
                goal = base + rng.randint(10, 100) if direction == "up" else base - rng.randint(20, 40)
                indicator = Indicator(unit, float(base), float(goal))
            target = Target(rng.randint(2023, 2033), rng.choice((None, None, 1, 2, 3, 4)))
            found.append(Milestone(
                f"{ref}-{k}", ref,
                {"en": f"{SYNTHETIC} Milestone {k} of action {ref}",
                 "sw": f"{SYNTHETIC} Hatua muhimu {k} ya kitendo {ref}"},
                target, rng.choice(OWNERS), indicator))
    return found


def demo_updates(milestone: Milestone, rng: random.Random, as_of: dt.date = DEMO_AS_OF) -> list[Update]:
    """Quarterly updates of one milestone from a random start up to ``as_of`` (done and dropped
    end the series); a value each quarter when it has an indicator; corrections have ids -1."""
    start = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, max(0, (milestone.target.first_day
                                                                          - dt.date(2023, 1, 1)).days)))
    skill, status, found = rng.random(), ON_TRACK, []
    dates = quarter_ends(start, as_of)
    indicator = milestone.indicator
    for n, date in enumerate(dates):
        past_target = date >= milestone.target.last_day
        if rng.random() < 0.01:
            status = DROPPED
        elif (past_target and rng.random() < 0.1 + 0.45 * skill) or rng.random() < 0.03:
            status = DONE
        else:
            draw = rng.random() * (1.2 - skill)
            status = ON_TRACK if draw < 0.45 else AT_RISK if draw < 0.75 else OFF_TRACK
        value = None
        if indicator:
            span = max(1, len(quarter_ends(start, milestone.target.last_day)))
            share = min(1.0, (n + 1) / span) * (0.6 + 0.5 * skill) if status != DONE else 1.0
            value = round(indicator.baseline + share * (indicator.target - indicator.baseline), 1)
        note = f"{SYNTHETIC} {rng.choice(NOTES)}" if rng.random() < 0.2 or status == DROPPED else ""
        found.append(Update(milestone.id, date, status, value, note, milestone.owner))
        if status in (DONE, DROPPED):
            break
        if rng.random() < 0.02 and date + dt.timedelta(days=7) <= as_of:
            fixed = AT_RISK if status == ON_TRACK else ON_TRACK
            found.append(Update(milestone.id, date + dt.timedelta(days=7), fixed, value,
                                f"{SYNTHETIC} correction: the last report used the wrong status",
                                milestone.owner, corrects=-1))
    return found


def add_demo_milestones(store: Store, rng_seed: int = 2023) -> dict[str, int]:
    """Add the synthetic milestones and updates unless the database already has synthetic
    milestones; return ``{"milestones", "updates"}`` added."""
    if store.db.execute("SELECT 1 FROM milestones WHERE synthetic = 1 LIMIT 1").fetchone():
        return {"milestones": 0, "updates": 0}
    rng = random.Random(f"tracker-{rng_seed}")
    plan = get_plan(store)
    added = 0
    with store.transaction() as conn:
        stored = [add_milestone(store, m, plan.slug, synthetic=True) for m in demo_milestones(plan, rng)]
        writer = UpdateWriter(conn, synthetic=True)
        for milestone in stored:
            previous = None
            for update in demo_updates(milestone, rng):
                if update.corrects == -1:
                    update = Update(**{**update.__dict__, "corrects": previous.id})
                previous = writer.append(update)
                added += 1
    return {"milestones": len(stored), "updates": added}
