"""The ``vision`` commands: opinion groups from a votes file, a session's votes, draft exports."""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import click

from workbench.cli import db_option, friendly, main, open_store


@main.group()
def vision():
    """Visioning: opinion groups, reactions and vision drafts."""


@vision.command("groups")
@click.argument("votes_csv", metavar="VOTES.csv", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option("--min-votes", type=click.IntRange(min=0), default=None,
              help="Reactions a participant needs to be included (default: min(7, statements)).")
@click.option("--min-participants", type=click.IntRange(min=1), default=15, show_default=True,
              help="Included participants needed before groups are formed.")
@click.option("--seed", default=0, show_default=True, help="Seed of the clustering (same seed, same groups).")
@friendly
def vision_groups(votes_csv, as_json, min_votes, min_participants, seed):
    """Print the opinion groups (Pol.is method) of a votes CSV.

    The file has the columns participant,statement,vote (vote 1 agree, -1 disagree, 0 pass);
    a later row for the same participant and statement replaces an earlier one. Malformed rows
    are reported by row number and nothing is guessed. Groups of fewer than 5 people are merged
    into their nearest group. JSON shape: {"participants_included", "k", "groups":
    [{"participants", "representative"}], "consensus"} with consensus statements highest first.

    \b
    Example:
        workbench vision groups votes.csv --json
        workbench vision groups votes.csv --min-votes 5
    """
    from workbench.visioning.opinion import groups_to_dict, opinion_groups, read_votes_csv
    result = groups_to_dict(opinion_groups(read_votes_csv(votes_csv), min_participants=min_participants,
                                           min_votes=min_votes, seed=seed))
    if as_json:
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    click.echo(f"{result['participants_included']} participants included; {result['k']} groups")
    if result.get("reason"):
        click.echo(f"No opinion groups: {result['reason']}")
    for number, group in enumerate(result["groups"], start=1):
        details = ", ".join(f"{r['statement']} ({r['direction']})" for r in group["representative_detail"])
        click.echo(f"Group {number} ({len(group['participants'])} people): {details or 'no representative statement'}")
    top = result["consensus"][:10]
    click.echo(f"Consensus, highest first: {', '.join(map(str, top))}"
               + (" …" if len(result["consensus"]) > 10 else ""))


def _session_ids(store, code: str | None) -> list[int] | None:
    from workbench.visioning.store.sessions import find_visioning_session
    return None if code is None else [find_visioning_session(store, code)["id"]]


@vision.command("votes")
@db_option
@click.option("--session", "code", default=None, help="Join code of one session (default: all visioning sessions).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="File to write (default: standard output).")
@friendly
def vision_votes(db_path, code, output):
    """Write the current reactions as participant,statement,vote rows (ids, never pseudonyms).

    The file is the input of `workbench vision groups`.

    \b
    Example:
        workbench vision votes --session K7QX4R -o votes.csv
    """
    from workbench.visioning.store.reactions import current_votes
    with open_store(db_path) as store:
        votes = current_votes(store, _session_ids(store, code))
    rows = [["participant", "statement", "vote"], *votes]
    if output:
        with open(output, "w", newline="", encoding="utf-8") as handle:
            csv.writer(handle, lineterminator="\n").writerows(rows)
    else:
        csv.writer(sys.stdout, lineterminator="\n").writerows(rows)


@vision.command("draft")
@db_option
@click.option("--name", default=None, help="Draft name (default: the most recently saved draft).")
@click.option("--version", "version", type=int, default=None, help="Version (default: the latest).")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md", show_default=True)
@click.option("--lang", default="en", show_default=True, help="Language of the session titles in the export.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="File to write (default: standard output).")
@friendly
def vision_draft(db_path, name, version, fmt, lang, output):
    """Export a vision draft with the numbers behind it and its sources (no names).

    \b
    Example:
        workbench vision draft --format html -o vision.html
    """
    from workbench.core.errors import NotFound
    from workbench.visioning.store.drafts import draft_sources, get_vision_draft, list_vision_drafts, vision_numbers
    from workbench.visioning.draft import draft_html, draft_markdown
    with open_store(db_path) as store:
        drafts = list_vision_drafts(store, name)
        if version is not None:
            drafts = [d for d in drafts if d["version"] == version]
        if not drafts:
            raise NotFound(f"no vision draft {name or ''} {'version ' + str(version) if version else ''}".strip())
        draft = get_vision_draft(store, drafts[0]["id"])
        sources = draft_sources(store, draft["id"], lang)
        numbers = vision_numbers(store)
    text = draft_markdown(draft, numbers, sources) if fmt == "md" else draft_html(draft, numbers, sources,
                                                                                   language=lang)
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
