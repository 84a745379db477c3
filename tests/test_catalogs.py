"""The UI's gettext catalogs: complete, not stale, placeholders intact, compiled copies current.

The catalogs are managed with Babel (``make catalogs`` extracts and updates; ``make
catalogs-compile`` compiles): this test fails when a string of the code is missing from a
language, when a catalog keeps a string the code no longer has, when a translation is empty or
fuzzy, when a format placeholder differs between the original and a translation, and when a
compiled ``.mo`` file does not match its ``.po``.
"""
from __future__ import annotations

import gettext
import io
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from workbench.core.i18n import DOMAIN, KEYWORDS, LANGUAGES, LOCALE_DIR, extract_messages

ROOT = Path(__file__).resolve().parents[1]
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")


def source_messages() -> set[str]:
    """Every msgid the package's code passes to _() / ngettext() (singular ids), f-strings included."""
    found = set()
    for _, _, message, _, _ in extract_from_dir(str(ROOT / "workbench"), [("**.py", extract_messages)],
                                                  keywords=KEYWORDS):
        found.add(message[0] if isinstance(message, (tuple, list)) else message)
    return found


def placeholders(text: str) -> list[str]:
    return sorted(m.group(0) for m in PLACEHOLDER.finditer(text) if m.group(0) != "%%")


SOURCE = source_messages()


def catalog(language: str):
    path = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.exists():
        pytest.fail(f"{path} is missing: run `make catalogs`")
    with open(path, "rb") as handle:
        return read_po(handle, locale=language)


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_catalog_has_every_string_and_no_stale_one(language):
    messages = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalog(language) if m.id}
    missing = sorted(SOURCE - set(messages))
    stale = sorted(set(messages) - SOURCE)
    assert not missing, f"{language}: {len(missing)} strings missing, e.g. {missing[:5]} (make catalogs)"
    assert not stale, f"{language}: {len(stale)} stale strings, e.g. {stale[:5]} (make catalogs)"


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_every_string_is_translated_with_the_same_placeholders(language):
    problems = []
    for message in catalog(language):
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if message.fuzzy or not all(s.strip() for s in strings):
            problems.append(f"untranslated or fuzzy: {ids[0]!r}")
            continue
        for text in strings:
            if placeholders(text) not in (placeholders(ids[0]), placeholders(ids[-1])):
                problems.append(f"placeholders differ: {ids[0]!r} → {text!r}")
    assert not problems, f"{language}: " + "; ".join(problems[:10])


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_compiled_catalog_matches_its_source(language):
    mo = LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.mo"
    assert mo.exists(), f"{mo} is missing: run `make catalogs-compile`"
    compiled = io.BytesIO()
    write_mo(compiled, catalog(language))
    compiled.seek(0)
    expected = gettext.GNUTranslations(compiled)._catalog
    with open(mo, "rb") as handle:
        actual = gettext.GNUTranslations(handle)._catalog
    assert actual == expected, f"{mo} is out of date: run `make catalogs-compile`"


def test_extraction_finds_messages_inside_f_strings():
    import io
    code = b'''x = f"<h2>{_('Polls')}</h2>"\ny = ngettext("%(n)d dot", "%(n)d dots", n)\nz = _(name)\n'''
    found = list(extract_messages(io.BytesIO(code), KEYWORDS, [], {}))
    assert [m[2] for m in found] == ["Polls", ("%(n)d dot", "%(n)d dots")] or \
        sorted(map(str, (m[2] for m in found))) == sorted(map(str, ["Polls", ("%(n)d dot", "%(n)d dots")]))


def test_swahili_follows_the_glossary():
    """docs/glossary.md sets one Swahili word per concept; the words it sets aside are not used."""
    table = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    set_aside = []
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[3] not in ("—", "set aside (sw)", "---"):
            set_aside += [word.strip() for word in cells[3].split(",")]
    assert "nukta" in set_aside and "jina bandia" in set_aside               # the table was read
    with open(LOCALE_DIR / "sw" / "LC_MESSAGES" / f"{DOMAIN}.po", "rb") as source:
        catalog = read_po(source)
    found = []
    for message in catalog:
        strings = message.string if isinstance(message.string, (tuple, list)) else [message.string]
        for text in strings:
            found += [(word, text) for word in set_aside if re.search(rf"\b{re.escape(word)}\b", text or "", re.I)]
    assert not found, found
