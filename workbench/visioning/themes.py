"""Suggested themes: contributions grouped by the similarity of their words, for the
facilitator to accept (as a tag) or ignore.

Texts are compared within one language: every contribution is read in a *pivot* language (the
most common one), through an interpreter's translation when it was written in another; those
with no text in the pivot are grouped among their own language. TF-IDF over words and word
pairs, cosine distance, average-linkage clustering cut at ``threshold``; groups of one are
dropped. scikit-learn is imported inside :func:`suggest_themes` only (facilitator and analyst
paths).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

#: Cosine distance under which two contributions may share a theme (average linkage).
THRESHOLD = 0.9
MIN_SIZE = 2
#: Words that say nothing about a theme, in the apps' languages (the prompt's words among them,
#: and the demo's "(synthetic)" marker).
STOP_WORDS = frozenset(["a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "of", "on", "or", "our", "that", "the", "their", "them", "they", "this", "to", "we", "will", "with", "years", "ten", "survivors", "survivor", "be", "will", "years", "na", "ya", "wa", "za", "la", "kwa", "katika", "ni", "kuwa", "wata", "watakuwa", "miaka", "kumi", "walionusurika", "waliookoka", "el", "la", "los", "las", "de", "del", "y", "en", "que", "por", "para", "con", "un", "una", "ser", "serán", "años", "diez", "sobrevivientes", "le", "les", "des", "du", "et", "en", "que", "pour", "avec", "un", "une", "être", "seront", "ans", "dix", "survivants", "survivantes", "o", "os", "as", "de", "do", "da", "e", "em", "que", "para", "com", "um", "uma", "ser", "serão", "anos", "dez", "sobreviventes", "synthetic", "sintetiki", "sintético", "synthétique"])


@dataclass(frozen=True)
class Theme:
    """A suggested theme: a label (its most telling words), the language it was found in,
    and the contributions in it."""
    label: str
    language: str
    contribution_ids: tuple[int, ...]


def pivot_texts(items: Sequence[Mapping]) -> tuple[str | None, dict[str, dict[int, str]]]:
    """Group texts by the language they can be compared in.

    ``items`` have ``id``, ``text``, ``language`` and ``translations`` ({language: text}).
    Returns the pivot language and ``{language: {id: text}}``.

    >>> pivot_texts([{"id": 1, "text": "waganga", "language": "sw", "translations": {"en": "healers"}},
    ...              {"id": 2, "text": "doctors", "language": "en", "translations": {}}])
    ('en', {'en': {1: 'healers', 2: 'doctors'}})
    """
    counts = Counter(item["language"] for item in items)
    for item in items:
        counts.update(dict.fromkeys(item.get("translations", {}), 1))
    if not counts:
        return None, {}
    pivot = counts.most_common(1)[0][0]
    groups: dict[str, dict[int, str]] = {}
    for item in items:
        if item["language"] == pivot:
            language, text = pivot, item["text"]
        elif item.get("translations", {}).get(pivot):
            language, text = pivot, item["translations"][pivot]
        else:
            language, text = item["language"], item["text"]
        groups.setdefault(language, {})[item["id"]] = text
    return pivot, groups


def suggest_themes(items: Sequence[Mapping], *, threshold: float = THRESHOLD,
                   min_size: int = MIN_SIZE) -> list[Theme]:
    """Suggested themes over ``items`` (see :func:`pivot_texts`), largest first."""
    _, groups = pivot_texts([item for item in items if item.get("text", "").strip()])
    themes: list[Theme] = []
    for language, texts in groups.items():
        if len(texts) >= min_size:
            themes += _cluster(language, list(texts), list(texts.values()), threshold, min_size)
    return sorted(themes, key=lambda theme: (-len(theme.contribution_ids), theme.label))


def _cluster(language: str, ids: list[int], texts: list[str], threshold: float, min_size: int) -> list[Theme]:
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(ngram_range=(1, 2), stop_words=list(STOP_WORDS), min_df=1,
                                 token_pattern=r"(?u)\b\w\w+\b", sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # nothing but stop words
        return []
    keep = matrix.getnnz(axis=1) > 0
    if keep.sum() < min_size:
        return []
    rows = keep.nonzero()[0]
    dense = matrix[rows].toarray()
    labels = AgglomerativeClustering(n_clusters=None, distance_threshold=threshold, metric="cosine",
                                     linkage="average").fit_predict(dense)
    words = vectorizer.get_feature_names_out()
    themes = []
    for label in set(labels):
        members = rows[labels == label]
        if len(members) < min_size:
            continue
        weights = matrix[members].sum(axis=0).A1
        top = [words[j] for j in weights.argsort()[::-1] if weights[j] > 0 and " " not in words[j]][:3]
        themes.append(Theme(", ".join(top), language, tuple(ids[i] for i in members)))
    return themes
