"""``workbench count``: count a ballots file with any registered method (no database needed)."""
from __future__ import annotations

import json
from pathlib import Path

import click

from workbench.cli import friendly, main
from workbench.core.errors import ValidationError

METHOD_NAMES = ["dots", "approval", "score", "borda", "schulze", "copeland", "ranked-pairs",
                "instant-runoff", "bradley-terry"]


def parse_param(text: str) -> tuple[str, object]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise click.BadParameter(f"{text!r}: expected NAME=VALUE, e.g. budget=10")
    try:
        return name.replace("-", "_"), json.loads(value)
    except json.JSONDecodeError:
        return name.replace("-", "_"), value


@main.command()
@click.argument("ballots_file", metavar="BALLOTS.json", type=click.Path(dir_okay=False))
@click.option("--method", "-m", required=True, type=click.Choice(METHOD_NAMES),
              help="Counting method.")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A method parameter, e.g. -p budget=10 -p max_per_item=3 (dots), "
                   "-p unscored_as_zero=true (score), -p alpha=0.5 (bradley-terry).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--details", is_flag=True, help="Include the method's details (tie-breaks, rounds…).")
@friendly
def count(ballots_file, method, params, as_json, details):
    """Count BALLOTS.json with a voting method and print the winners, ranking and scores.

    The file is {"items": [...], "ballots": [...]}: a ballot is a ranking (a list, with a nested
    list for tied items), a list of approved items, or an object item → number (score, dots).
    For bradley-terry: {"items": [...], "comparisons": [[winner, loser], ...]}. Ties are
    reported as ties. A bad ballot is refused with its index (from 0) and the reason.

    \b
    Example:
        workbench count ballots.json --method schulze --json
        workbench count dots.json --method dots -p budget=5 -p max_per_item=2
    """
    from workbench.voting import count_document
    path = Path(ballots_file)
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValidationError(f"{path}: line {error.lineno}: not valid JSON ({error.msg})") from None
    except UnicodeDecodeError:
        raise ValidationError(f"{path}: not valid UTF-8") from None
    try:
        result = count_document(doc, method, dict(parse_param(p) for p in params))
    except ValidationError as error:
        raise ValidationError(f"{path}: {error}") from None
    out = result.to_dict()
    if not details:
        out.pop("details", None)
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(f"{method}: winner{'s' if len(out['winners']) != 1 else ''}: "
               + ", ".join(map(str, out["winners"])))
    for place, tied in enumerate(out["ranking"], start=1):
        shown = ", ".join(f"{item} ({out['scores'][item]:g})" if isinstance(out["scores"].get(item), (int, float))
                          else str(item) for item in tied)
        click.echo(f"{place:>3}. {shown}{'  (tied)' if len(tied) > 1 else ''}")
