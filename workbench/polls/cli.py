"""The ``poll`` commands: create, list, open, close, results and export polls in the database."""
from __future__ import annotations

import json
from pathlib import Path

import click

from workbench.cli import db_option, friendly, main, open_store
from workbench.cli.voting import METHOD_NAMES, parse_param

ATTRIBUTES = ["group", "language", "region", "country", "age_band", "gender"]


@main.group()
def poll():
    """Polls: working groups choose which actions (or list items) come first."""


@poll.command("create")
@db_option
@click.option("--title", required=True, help="The poll's title (in --lang).")
@click.option("--from", "source", default="typed", show_default=True,
              help="Items: plan, theme:N, goal:N.M, list:SLUG, list:SLUG/N, or typed (with --item).")
@click.option("--item", "lines", multiple=True, help="A typed-in item (repeat for each).")
@click.option("--method", "-m", required=True, type=click.Choice(METHOD_NAMES), help="Counting method.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A method parameter, e.g. -p budget=10 -p max_per_item=3 (dots).")
@click.option("--visible", is_flag=True, help="Show results while the poll is open (default: hidden until close).")
@click.option("--opens-at", default=None, help="Open automatically at this UTC time, e.g. 2025-03-01T14:00Z.")
@click.option("--closes-at", default=None, help="Close automatically at this UTC time.")
@click.option("--lang", default="en", show_default=True, help="Language of the title and typed items.")
@click.option("--json", "as_json", is_flag=True, help="Print the poll as JSON.")
@friendly
def poll_create(db_path, title, source, lines, method, params, visible, opens_at, closes_at, lang, as_json):
    """Create a poll (not open yet) and print its number and join code.

    \b
    Example:
        workbench poll create --title "Goal 1.1 first" --from goal:1.1 -m schulze
        workbench poll create --title "Barriers" --from list:barriers -m dots -p budget=5 -p max_per_item=2
        workbench poll create --title "Next meeting" --item Nairobi --item Lima -m approval --visible
    """
    from workbench.polls.store.polls import add_poll, resolve_source
    with open_store(db_path) as store:
        items, found = resolve_source(store, source, lines, lang)
        created = add_poll(store, {lang: title}, items, method, dict(parse_param(p) for p in params),
                           hidden_until_close=not visible, opens_at=opens_at, closes_at=closes_at, source=found)
    _show(created, as_json, f"poll {created['id']} created with {len(items)} items; join code {created['code']}")


def _show(found: dict, as_json: bool, text: str) -> None:
    if as_json:
        click.echo(json.dumps({k: found[k] for k in ("id", "code", "title", "phase", "method", "params",
                                                       "hidden_until_close", "opens_at", "closes_at")},
                              ensure_ascii=False, indent=2))
    else:
        click.echo(text)


@poll.command("list")
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@friendly
def poll_list(db_path, as_json):
    """List the polls: number, join code, phase, method, people who voted, title.

    \b
    Example:
        workbench poll list --json
    """
    from workbench.plan.model import pick
    from workbench.polls.store.ballots import count_voters
    from workbench.polls.store.polls import list_polls, sync_phase
    with open_store(db_path) as store:
        found = [{**sync_phase(store, p["id"]), "voters": count_voters(store, p["id"])} for p in list_polls(store)]
    if as_json:
        click.echo(json.dumps([{k: p[k] for k in ("id", "code", "phase", "method", "voters", "title")}
                               for p in found], ensure_ascii=False, indent=2))
        return
    for p in found:
        click.echo(f"{p['id']:>3}  {p['code']}  {p['phase']:<6}  {p['method']:<14} {p['voters']:>3} voted  "
                   f"{pick(p['title'], 'en')}")


@poll.command("open")
@db_option
@click.argument("poll_id", type=int)
@friendly
def poll_open(db_path, poll_id):
    """Open a poll by hand (ballots are accepted from now on).

    \b
    Example:
        workbench poll open 3
    """
    from workbench.polls.store.polls import update_phase
    with open_store(db_path) as store:
        found = update_phase(store, poll_id, "open")
    click.echo(f"poll {poll_id} is open; join code {found['code']}")


@poll.command("close")
@db_option
@click.argument("poll_id", type=int)
@friendly
def poll_close(db_path, poll_id):
    """Close a poll (final: no more ballots; hidden results become visible).

    \b
    Example:
        workbench poll close 3
    """
    from workbench.polls.store.polls import update_phase
    with open_store(db_path) as store:
        update_phase(store, poll_id, "closed")
    click.echo(f"poll {poll_id} is closed")


@poll.command("results")
@db_option
@click.argument("poll_id", type=int)
@click.option("--by", "attribute", type=click.Choice(ATTRIBUTES), default=None,
              help="Also count each group (groups under 5 voters merged into 'other').")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (result, and groups and consensus with --by).")
@click.option("--lang", default="en", show_default=True, help="Language of titles and explanations.")
@friendly
def poll_results(db_path, poll_id, attribute, as_json, lang):
    """Print a poll's ranking (ties shown as ties), when its results may be seen.

    Results of a poll hidden until close are refused while it is open.

    \b
    Example:
        workbench poll results 1
        workbench poll results 1 --by group --json
    """
    from workbench.polls.exports import results_markdown
    from workbench.polls.results import breakdown, consensus
    from workbench.polls.store.ballots import results
    from workbench.polls.store.polls import get_poll
    with open_store(db_path) as store:
        data, result = results(store, poll_id)
        found = get_poll(store, poll_id)
    groups = breakdown(data, attribute) if attribute else None
    if as_json:
        out = {"poll": poll_id, "voters": len(data.voters()), "result": result.to_dict()}
        if attribute:
            out["groups"] = {g: {"voters": v["voters"], "ranking": v["result"].to_dict()["ranking"]}
                             for g, v in groups.items()}
            agreed = consensus(data, attribute)
            out["consensus"] = {"groups": agreed["groups"], "items": [
                {"key": r["key"], "consensus": r["consensus"], "support": {g: list(s) for g, s in r["support"].items()}}
                for r in agreed["items"]]}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(results_markdown(found, result, data.items, lang, groups, len(data.voters())))


@poll.command("export")
@db_option
@click.argument("poll_id", type=int)
@click.option("--what", type=click.Choice(["ballots", "results", "markdown"]), default="ballots",
              show_default=True, help="Ballots CSV (pseudonymous ids only), results CSV, or results Markdown.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="File to write (default: standard output).")
@click.option("--lang", default="en", show_default=True, help="Language of titles.")
@friendly
def poll_export(db_path, poll_id, what, output, lang):
    """Export a poll's ballots or results (only once its results may be seen).

    \b
    Example:
        workbench poll export 1 --what ballots -o ballots.csv
        workbench poll export 1 --what markdown -o results.md
    """
    from workbench.polls.exports import ballots_csv, results_csv, results_markdown
    from workbench.polls.store.ballots import results
    from workbench.polls.store.polls import get_poll
    with open_store(db_path) as store:
        data, result = results(store, poll_id)
        found = get_poll(store, poll_id)
    text = {"ballots": lambda: ballots_csv(data),
            "results": lambda: results_csv(result, data.items, lang),
            "markdown": lambda: results_markdown(found, result, data.items, lang, voters=len(data.voters()))}[what]()
    if output:
        Path(output).write_text(text, encoding="utf-8")
        click.echo(f"{output}: {what} of poll {poll_id} written")
    else:
        click.echo(text, nl=False)
