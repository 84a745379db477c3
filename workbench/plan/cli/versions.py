"""The ``plan`` commands for versions: list, copy as a new draft, edit, freeze.

Edits apply to the latest version unless ``--version`` names another; a frozen version
(one a feedback round reviewed) is refused.
"""
from __future__ import annotations

import click

from workbench.cli import db_option, friendly, open_store
from workbench.plan.cli.plans import plan

PLAN = click.option("--plan", "slug", default=None, help="Plan id (default: the first plan stored).")
VERSION = click.option("--version", "number", type=int, default=None, help="Plan version (default: latest).")


def _texts(pairs, option: str) -> dict[str, str]:
    out = {}
    for pair in pairs:
        tag, sep, text = pair.partition("=")
        if not sep or not tag.strip():
            raise click.BadParameter(f"expected LANG=TEXT such as en='New title', got {pair!r}", param_hint=option)
        out[tag.strip()] = text
    return out


def _texts_options(command):
    command = click.option("--text", "texts", multiple=True, metavar="LANG=TEXT",
                           help="Text in a language (repeatable; empty text removes that language).")(command)
    return click.option("--title", "titles", multiple=True, metavar="LANG=TEXT",
                        help="Title in a language (repeatable; empty text removes that language).")(command)


@plan.command("versions")
@db_option
@PLAN
@friendly
def versions_command(db_path, slug):
    """List a plan's versions (number, label, frozen or draft, copied from).

    \b
    Example:
        workbench plan versions
    """
    from workbench.plan.store.versions import get_version_by_id, list_versions
    with open_store(db_path) as store:
        for v in list_versions(store, slug):
            base = f", copied from version {get_version_by_id(store, v['based_on'])['number']}" if v["based_on"] else ""
            click.echo(f"{v['number']}\t{v['label']}\t{'frozen' if v['frozen'] else 'draft'}{base}")


@plan.command("draft")
@db_option
@PLAN
@click.option("--from", "base", type=int, default=None, help="Version to copy (default: the latest).")
@click.option("--label", default=None, help="Label of the new version (default: 'draft N').")
@friendly
def draft_command(db_path, slug, base, label):
    """Start a new version of the plan as a copy of the last one (or --from another).

    \b
    Example:
        workbench plan draft --label "draft 2"
    """
    from workbench.plan.store.versions import add_version
    with open_store(db_path) as store:
        version = add_version(store, slug, base=base, label=label)
    click.echo(f"plan {version['slug']} version {version['number']} ({version['label']}): draft")


@plan.command("freeze")
@db_option
@PLAN
@VERSION
@friendly
def freeze_command(db_path, slug, number):
    """Freeze a version so that it can no longer be edited.

    \b
    Example:
        workbench plan freeze --version 2
    """
    from workbench.plan.store.versions import freeze_version
    with open_store(db_path) as store:
        version = freeze_version(store, slug, number)
    click.echo(f"plan {version['slug']} version {version['number']} ({version['label']}): frozen")


@plan.command("edit")
@db_option
@click.argument("ref")
@_texts_options
@PLAN
@VERSION
@friendly
def edit_command(db_path, ref, titles, texts, slug, number):
    """Edit the title and/or text of theme, goal or action REF in a draft version.

    \b
    Example:
        workbench plan edit 1.2.5 --title en="Training led by survivors" --title sw="Mafunzo"
    """
    from workbench.plan.store.versions import update_item
    with open_store(db_path) as store:
        update_item(store, ref, title=_texts(titles, "--title"), text=_texts(texts, "--text"),
                    slug=slug, number=number)
    click.echo(f"{ref}: edited")


@plan.command("add-action")
@db_option
@click.argument("goal_ref")
@_texts_options
@click.option("--position", type=int, default=None, help="Place in the goal, 1 = first (default: last).")
@PLAN
@VERSION
@friendly
def add_action_command(db_path, goal_ref, titles, texts, position, slug, number):
    """Add an action to goal GOAL_REF of a draft version; print its number.

    \b
    Example:
        workbench plan add-action 1.3 --title en="Healing programmes for survivors' children"
    """
    from workbench.plan.store.versions import add_action
    with open_store(db_path) as store:
        ref = add_action(store, goal_ref, _texts(titles, "--title"), _texts(texts, "--text"),
                         position=position, slug=slug, number=number)
    click.echo(f"{ref}: added")


@plan.command("remove-action")
@db_option
@click.argument("ref")
@click.option("--renumber", is_flag=True, help="Renumber the goal's other actions (default: keep a gap).")
@PLAN
@VERSION
@friendly
def remove_action_command(db_path, ref, renumber, slug, number):
    """Remove action REF from a draft version.

    \b
    Example:
        workbench plan remove-action 2.3.13 --renumber
    """
    from workbench.plan.store.versions import remove_action
    with open_store(db_path) as store:
        remove_action(store, ref, renumber=renumber, slug=slug, number=number)
    click.echo(f"{ref}: removed")


@plan.command("move-action")
@db_option
@click.argument("ref")
@click.argument("goal_ref")
@click.option("--position", type=int, default=None, help="Place in the goal, 1 = first (default: last).")
@click.option("--renumber", is_flag=True, help="Renumber the goal it leaves (default: keep a gap).")
@PLAN
@VERSION
@friendly
def move_action_command(db_path, ref, goal_ref, position, renumber, slug, number):
    """Move action REF to goal GOAL_REF (or within its goal, with --position); print its new number.

    \b
    Example:
        workbench plan move-action 1.1.5 2.1 --position 1
    """
    from workbench.plan.store.versions import move_action
    with open_store(db_path) as store:
        new_ref = move_action(store, ref, goal_ref, position=position, renumber=renumber, slug=slug, number=number)
    click.echo(f"{ref} → {new_ref}: moved")


@plan.command("renumber")
@db_option
@click.argument("goal_ref", required=False)
@PLAN
@VERSION
@friendly
def renumber_command(db_path, goal_ref, slug, number):
    """Number the actions of GOAL_REF (default: every goal) 1, 2, … in their order.

    \b
    Example:
        workbench plan renumber 1.3
    """
    from workbench.plan.store.versions import renumber_actions
    with open_store(db_path) as store:
        renumber_actions(store, goal_ref, slug=slug, number=number)
    click.echo(f"{goal_ref or 'every goal'}: renumbered")
