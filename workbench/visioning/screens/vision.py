"""The facilitator's vision draft: what the VisionEditor offers and what its buttons do."""
from __future__ import annotations

from workbench.core.i18n import translator
from workbench.visioning.screens import results
from workbench.visioning.store.contributions import get_contribution, translations_of
from workbench.visioning.store.drafts import add_vision_draft, draft_sources, get_vision_draft, vision_numbers
from workbench.visioning.draft import DEFAULT_LABELS, compose_draft, draft_html, draft_markdown


def vision_items(screen) -> list[dict]:
    """The filtered contributions to pick from, those a clear majority agrees with first (starred)."""
    counts = results.reaction_counts(screen.store, screen.session_ids)
    items = []
    for item in screen.contributions():
        count = counts.get(item["id"], {})
        text = item["translations"].get(screen.language) or item["text"]
        items.append({"id": item["id"], "text": text, "star": count.get("clear_majority", False),
                      "share": count.get("agree_share", 0.0)})
    return sorted(items, key=lambda i: (not i["star"], -i["share"], i["id"]))


def labels(language: str) -> dict[str, str]:
    """The export headings in ``language``."""
    _ = translator(language)
    translated = {"version": _("version"), "numbers": _("The numbers behind it"), "sessions": _("Sessions"),
                  "participants": _("Participants"), "contributions": _("Contributions"),
                  "drawn_on": _("Contributions this draft draws on"), "countries": _("Countries"),
                  "sources": _("The contributions it draws on"),
                  "synthetic": _("Synthetic data: not real people's words.")}
    return {**DEFAULT_LABELS, **translated}


def vision_actions(screen) -> dict:
    """``compose``, ``save``, ``load`` and ``export`` for the VisionEditor of ``screen``."""
    def compose(ids: list[int]) -> str:
        _ = translator(screen.language)
        found = translations_of(screen.store, ids)
        texts = [found.get(cid, {}).get(screen.language) or get_contribution(screen.store, cid)["text"] for cid in ids]
        return compose_draft(texts, _("In ten years, survivors will be …"), _("WE WILL BE"))

    def save(name: str, text: str, ids: list[int]) -> dict:
        draft = add_vision_draft(screen.store, name, screen.language, text, ids)
        screen.refresh_tab("vision")
        return draft

    def export(draft_id: int) -> tuple[str, str]:
        draft = get_vision_draft(screen.store, draft_id)
        sources = draft_sources(screen.store, draft_id, screen.language)
        numbers = vision_numbers(screen.store, screen.session_ids)
        words = labels(screen.language)
        return (draft_markdown(draft, numbers, sources, words),
                draft_html(draft, numbers, sources, words, screen.language))

    return {"compose": compose, "save": save, "load": lambda draft_id: get_vision_draft(screen.store, draft_id),
            "export": export}
