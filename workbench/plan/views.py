"""Plan views that every layer shares: the summary the CLI prints as JSON, the text tree."""
from __future__ import annotations

from workbench.plan.model import Plan, pick


def plan_summary(plan: Plan) -> dict:
    """The plan as ``{"themes": [...], "actions_stated", "actions_found"}`` (titles as maps)."""
    return {
        "plan": plan.slug,
        "title": dict(plan.title),
        "themes": [
            {"number": t.number, "title": dict(t.title), "goals": [
                {"number": g.number, "title": dict(g.title),
                 "actions": [{"number": a.number, "title": dict(a.title)} for a in g.actions]}
                for g in t.goals]}
            for t in plan.themes],
        "actions_stated": plan.actions_stated,
        "actions_found": plan.actions_found,
    }


def plan_tree_text(plan: Plan, language: str = "en") -> str:
    """An indented tree with counts, titles in ``language`` where the plan has it."""
    lines = [f"{pick(plan.title, language)}",
             f"{len(plan.themes)} themes, {sum(len(t.goals) for t in plan.themes)} goals, "
             f"{plan.actions_found} actions"
             + (f" (the document states {plan.actions_stated})"
                if plan.actions_stated not in (None, plan.actions_found) else "")]
    for t in plan.themes:
        count = sum(len(g.actions) for g in t.goals)
        lines.append(f"{t.number}  {pick(t.title, language)}  [{len(t.goals)} goals, {count} actions]")
        for g in t.goals:
            lines.append(f"  {t.number}.{g.number}  {pick(g.title, language)}  [{len(g.actions)} actions]")
            for a in g.actions:
                lines.append(f"    {t.number}.{g.number}.{a.number}  {pick(a.title, language)}")
    return "\n".join(lines)
