"""The synthetic visioning part of the demo: prompts and consent, consent records and
demographics, contributions in five languages, reactions, moderation, tags, one vision draft.

Deterministic (seeded), marked synthetic, and written through the store's checked functions.
Workshop 1 holds two planted opinion groups among its 15 participants (enough for groups);
the other workshops have sparser reactions. Workshop 12 is left in its reacting phase.
"""
from __future__ import annotations

import random

from workbench.participation.rules import AGE_BANDS, GENDERS, PREFER_NOT, Demographics, default_consent
from workbench.store import Store
from workbench.visioning.store.contributions import add_contribution, add_translation, list_contributions
from workbench.visioning.store.moderation import add_tag, hide_contribution, merge_contribution
from workbench.participation.privacy import SYNTHETIC_CONSENT
from workbench.participation.store.participants import add_consent, list_participants, update_demographics
from workbench.visioning.store.reactions import add_reaction
from workbench.visioning.store.drafts import add_vision_draft
from workbench.visioning.store.sessions import list_visioning_sessions, update_phase, update_setup
from workbench.visioning.draft import compose_draft

PROMPT = {"en": "In ten years, survivors will be …", "sw": "Katika miaka kumi, waliookoka watakuwa …",
          "es": "En diez años, las personas sobrevivientes serán …",
          "fr": "Dans dix ans, les survivantes et survivants seront …",
          "pt": "Daqui a dez anos, as pessoas sobreviventes serão …"}
OPENING = {"en": "(synthetic) Survivors will be {}.", "sw": "(sintetiki) Waliookoka watakuwa {}.",
           "es": "(sintético) Las sobrevivientes serán {}.", "fr": "(synthétique) Les survivantes seront {}.",
           "pt": "(sintético) As sobreviventes serão {}."}
#: role: (theme tag, camp, {language: words}); camp "care" and "power" are the planted groups' sides.
ROLES = {
    "healers": ("theme:3", "care", {"en": "healers in our communities", "sw": "waganga katika jamii zetu",
                                    "es": "sanadoras en nuestras comunidades", "fr": "guérisseuses dans nos communautés",
                                    "pt": "curandeiras nas nossas comunidades"}),
    "counsellors": ("theme:3", "care", {"en": "counsellors for other survivors", "sw": "washauri wa waliookoka wengine",
                                        "es": "consejeras de otras sobrevivientes", "fr": "conseillères d'autres survivantes",
                                        "pt": "conselheiras de outras sobreviventes"}),
    "doctors": ("theme:3", "care", {"en": "doctors and nurses", "sw": "madaktari na wauguzi", "es": "médicas y enfermeras",
                                    "fr": "médecins et infirmières", "pt": "médicas e enfermeiras"}),
    "researchers": ("theme:4", "care", {"en": "researchers who write our history", "sw": "watafiti wanaoandika historia yetu",
                                        "es": "investigadoras que escriben nuestra historia",
                                        "fr": "chercheuses qui écrivent notre histoire",
                                        "pt": "pesquisadoras que escrevem a nossa história"}),
    "teachers": ("theme:4", "care", {"en": "teachers in schools and universities", "sw": "walimu shuleni na vyuoni",
                                     "es": "maestras en escuelas y universidades", "fr": "enseignantes à l'école et à l'université",
                                     "pt": "professoras em escolas e universidades"}),
    "legislators": ("theme:2", "power", {"en": "legislators who write the laws", "sw": "wabunge wanaotunga sheria",
                                         "es": "legisladoras que escriben las leyes", "fr": "législatrices qui écrivent les lois",
                                         "pt": "legisladoras que escrevem as leis"}),
    "ministers": ("theme:2", "power", {"en": "ministers in government", "sw": "mawaziri serikalini",
                                       "es": "ministras en el gobierno", "fr": "ministres au gouvernement",
                                       "pt": "ministras no governo"}),
    "officers": ("theme:2", "power", {"en": "police officers and judges", "sw": "maafisa wa polisi na majaji",
                                      "es": "policías y juezas", "fr": "policières et juges", "pt": "policiais e juízas"}),
    "directors": ("theme:2", "power", {"en": "directors of organisations", "sw": "wakurugenzi wa mashirika",
                                       "es": "directoras de organizaciones", "fr": "directrices d'organisations",
                                       "pt": "diretoras de organizações"}),
    "leaders": ("theme:1", "both", {"en": "leaders of the whole movement", "sw": "viongozi wa vuguvugu zima",
                                    "es": "líderes de todo el movimiento", "fr": "leaders de tout le mouvement",
                                    "pt": "líderes de todo o movimento"}),
}
COUNTRIES = ("TZ", "KE", "UG", "NG", "GH", "ZA", "IN", "NP", "PH", "TH", "MX", "BR", "CO", "AR", "US",
             "CA", "GB", "ES", "FR", "AU")
DRAFT_NAME = "[synthetic] Shared vision"


def add_demo_visioning(store: Store, seed: int = 2023) -> dict:
    """Add the synthetic visioning data to the demo workshops; return counts."""
    rng = random.Random(seed * 7 + 3)
    added = {"contributions": 0, "reactions": 0}
    with store.transaction():
        sessions = [s for s in list_visioning_sessions(store) if s["synthetic"]]
        for number, session in enumerate(sessions, start=1):
            update_setup(store, session["id"], [PROMPT], {tag: default_consent(tag) for tag in PROMPT})
            people = list_participants(store, session["id"])
            for person in people:
                add_consent(store, person["id"], 1, SYNTHETIC_CONSENT)
                update_demographics(store, person["id"], _demographics(rng))
            update_phase(store, session["id"], "gathering")
            camps = {p["id"]: ("care", "power")[i % 2] for i, p in enumerate(people)}
            written = _contribute(store, rng, people, camps)
            update_phase(store, session["id"], "reacting")
            added["reactions"] += _react(store, rng, people, written, camps, dense=number == 1)
            added["contributions"] += len(written)
            if number < len(sessions):
                update_phase(store, session["id"], "closed")
        _moderate(store, sessions[0]["id"])
        _draft(store)
    return added


def _demographics(rng: random.Random) -> Demographics:
    def maybe(value):
        return PREFER_NOT if rng.random() < 0.1 else value
    languages = tuple(sorted(rng.sample(list(PROMPT), rng.randint(1, 2))))
    return Demographics(maybe(rng.choice(COUNTRIES)), maybe(languages), maybe(rng.choice(AGE_BANDS)),
                        maybe(rng.choice(GENDERS)))


def _contribute(store, rng, people, camps) -> list[tuple[int, str, int]]:
    """Each person writes one or two contributions (mostly from their camp's roles)."""
    written = []
    for person in people:
        camp = camps[person["id"]]
        own = [role for role, (_, side, _) in ROLES.items() if side in (camp, "both")]
        for role in rng.sample(own, rng.choice((1, 1, 2))):
            language = person["language"]
            text = OPENING[language].format(ROLES[role][2][language])
            found = add_contribution(store, person["id"], text, synthetic=True)
            written.append((found["id"], role, person["id"]))
            if language != "en" and rng.random() < 0.5:
                add_translation(store, found["id"], "en", OPENING["en"].format(ROLES[role][2]["en"]))
    return written


def _react(store, rng, people, written, camps, dense: bool) -> int:
    """Everyone answers others' contributions: their camp's roles mostly agree, the other camp's
    mostly disagree, "leaders" everyone agrees with. Dense: all of them; else about five."""
    count = 0
    for person in people:
        others = [(cid, role) for cid, role, author in written if author != person["id"]]
        chosen = others if dense else rng.sample(others, min(5, len(others)))
        for cid, role in chosen:
            side = ROLES[role][1]
            agree = 0.9 if side in (camps[person["id"]], "both") else 0.1
            draw = rng.random()
            vote = 1 if draw < agree else (0 if draw < agree + 0.1 else -1)
            add_reaction(store, person["id"], cid, vote)
            count += 1
    return count


def _moderate(store, session_id: int) -> None:
    items = list_contributions(store, [session_id])
    hide_contribution(store, items[-1]["id"], "[synthetic] an example of a hidden contribution")
    same = {}
    for item in items[:-1]:
        key = item["text"]
        if key in same:
            merge_contribution(store, item["id"], same[key])
            break
        same[key] = item["id"]
    for item in list_contributions(store):
        for role, (theme, _, words) in ROLES.items():
            if any(w in item["text"] for w in words.values()):
                add_tag(store, item["id"], theme)
                if role in ("healers", "counsellors"):
                    add_tag(store, item["id"], "healing")


def _draft(store) -> None:
    seen, picks = set(), []
    for item in list_contributions(store):
        role = next((r for r, (_, _, words) in ROLES.items() if words[item["language"]] in item["text"]), None)
        if role and role not in seen:
            seen.add(role)
            picks.append((item["id"], ROLES[role][2]["en"]))
    text = compose_draft([words for _, words in picks], "In ten years, survivors will be …", "WE WILL BE")
    add_vision_draft(store, DRAFT_NAME, "en", text, [cid for cid, _ in picks], synthetic=True,
                     note="[synthetic] composed by the demo")
