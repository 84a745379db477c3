"""``workbench serve``: the apps for a meeting, with Voila."""
from __future__ import annotations

import os
import sys

import click

from workbench.cli import db_option, friendly, main, open_store
from workbench.core.errors import WorkbenchError

PARTICIPANT_APP_NAMES = ("plan", "visioning", "feedback", "vote")


@main.command()
@db_option
@click.option("--port", type=click.IntRange(1, 65535), default=8866, show_default=True)
@click.option("--ip", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 to accept phones on the local network).")
@click.option("--expect", type=click.IntRange(1, 1000), default=10, show_default=True,
              help="People expected to open the same app at once: each live participant app keeps "
                   "this many kernels preheated.")
@click.option("--apps", "apps", type=click.Choice(PARTICIPANT_APP_NAMES), multiple=True,
              help="Preheat --expect kernels for these participant apps (repeatable) instead of "
                   "those with a session that is not closed.")
@click.option("--max-participants", type=click.IntRange(1, 100_000), default=None,
              help="Participant pages open at once at most; the next person sees a 'meeting is full' "
                   "page that retries by itself. Default: what this machine's memory holds.")
@click.option("--grace", type=click.FloatRange(5, 3600), default=60, show_default=True,
              help="Seconds a participant's kernel is kept after her page lost its connection.")
@click.option("--public-url", default=None,
              help="Address people use to reach this server, if not http://IP:PORT (a proxy).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Voila servers on this machine, behind nginx on --port (they listen on "
                   "127.0.0.1, ports PORT+1 … PORT+N); needs a PostgreSQL --db and Debian's nginx.")
@click.option("--state-dir", type=click.Path(file_okay=False), default=None,
              help="Folder for the server's secrets, settings, lock and kernel status (default: "
                   "serve/ beside a SQLite file; for PostgreSQL, serve-<database>-<hash> in the "
                   "folder of the default database).")
@friendly
def serve(db_path, port, ip, expect, apps, max_participants, grace, public_url, workers, state_dir):
    """Serve the apps with Voila and print the links to open.

    Creates the database with the plan if it does not exist yet. Share the home link:
    it carries the access token and starts nothing until someone opens an app.

    \b
    The pool: every participant's page is a kernel. Each participant app with a session that
    is not closed (visioning, feedback, vote) keeps --expect kernels ready (the others one,
    facilitator apps one); --apps chooses the apps instead. Kernels start a few at a time,
    only a kernel whose app is ready is handed to a page, and a broken one is replaced; the
    log says when the pools are ready. An --expect the machine's memory cannot hold is refused
    with the number it can.
    \b
    The ceiling: --max-participants (default: what the memory holds, ~80 MB a person) pages
    at once; the next person sees "the meeting is full" in her language, retrying by itself.
    \b
    The grace period: a page closed, reloaded or offline for longer than --grace seconds
    gives its kernel back; a phone that drops for a moment keeps its place.
    \b
    After a crash (kill -9, power cut), the next start ends the kernels the dead server left
    and deletes their files; open pages say the connection was lost and come back by themselves.

    \b
    Several servers (--workers N, PostgreSQL only): N Voila servers share the meeting, behind
    nginx on --port, which keeps each phone on the server holding its kernels. --expect and
    --max-participants count everyone: each server preheats and holds its share.
    \b
    Example:
        workbench serve --expect 25
        workbench serve --expect 40 --apps vote --max-participants 120
        workbench serve --db postgresql://workbench@/meeting --workers 2 --expect 40
    """
    from workbench.core.access import FACILITATOR_ENV, key_hash, new_key
    from workbench.demo import load_defaults
    from workbench.serve import app_links, apps_dir, load_secrets, plan_meeting, voila_command
    from workbench.serve.database import state_folder
    from workbench.serve.leftovers import clean_runtime, runtime_dir, take_lock
    from workbench.store.db import resolve_path
    from workbench.store.postgres import is_url
    if workers > 1 and not is_url(resolve_path(db_path)):
        raise WorkbenchError(f"--workers {workers} needs a PostgreSQL database (--db postgresql://…): "
                             "a SQLite file is served by one server; `workbench copy` moves it to "
                             "PostgreSQL")
    with open_store(db_path) as store:
        load_defaults(store)
        db = str(store.path.resolve()) if store.path else store.target
        shown = store.location if store.url else db
    state_dir = state_folder(db, state_dir)
    if workers > 1:
        from workbench.serve.proxy import find_nginx
        find_nginx()   # refused before anything starts
        if port + workers > 65535:
            raise WorkbenchError(f"--port {port}: the servers need ports up to {port + workers}")
    take_lock(state_dir)
    folders = [state_dir / f"worker-{n}" for n in range(1, workers + 1)] if workers > 1 else [state_dir]
    locks = [take_lock(folder) for folder in folders] if workers > 1 else []
    ended = removed = 0
    for folder in folders:
        done = clean_runtime(runtime_dir(folder))
        ended, removed = ended + done[0], removed + done[1]
    total = plan_meeting(db, expect, tuple(f"{name}.ipynb" for name in apps), max_participants, grace)
    plan = total.per_worker(workers)
    found = load_secrets(state_dir)
    base = public_url or f"http://{'127.0.0.1' if ip in ('0.0.0.0', '') else ip}:{port}"
    click.echo(f"Database: {shown}")
    click.echo(f"Apps: {apps_dir()}")
    click.echo(f"State: {state_dir}")
    if ended or removed:
        click.echo(f"Cleaned up after a server that stopped without closing: {ended} kernels ended, "
                   f"{removed} connection files removed.")
    pools = ", ".join(f"{name.removesuffix('.ipynb')} {size}" for name, size in sorted(plan.pools.items()))
    each = f" in each of {workers} servers" if workers > 1 else ""
    click.echo(f"Preheating {plan.preheated} kernels{each} ({pools}); at most {total.max_participants} "
               f"participants at once; a page's kernel is kept {plan.grace:g} s after it lost its connection.")
    facilitator_key = new_key()
    click.echo("Open these links (keep them private: the token in them lets people in;")
    click.echo("links with key= are for facilitators only, and change at every start; a personal")
    click.echo("link that stays: `workbench facilitator add NAME`). Facilitators start with the console:")
    for name, url in app_links(base, found.token, facilitator_key).items():
        click.echo(f"  {name:>12}  {url}")
    sys.stdout.flush()
    shared = {**os.environ, "WORKBENCH_DB": db, FACILITATOR_ENV: key_hash(facilitator_key)}
    if workers == 1:
        command, _, serve_env = voila_command(db, port, plan, ip, state_dir, found)
        os.execve(command[0], command, {**shared, **serve_env})
    from workbench.serve.proxy import find_nginx, local_upstreams, nginx_command, supervise, write_nginx
    upstreams = local_upstreams(port, workers)
    children = []
    for folder, upstream, lock in zip(folders, upstreams, locks):
        worker_port = int(upstream.address.rsplit(":", 1)[1])
        command, _, serve_env = voila_command(db, worker_port, plan, "127.0.0.1", folder, found)
        children.append((upstream.name, command, {**shared, **serve_env}, (lock,)))
    listen = f"{'[' + ip + ']' if ':' in ip else ip}:{port}"
    write_nginx(state_dir, listen, upstreams)
    proxy = [("nginx", nginx_command(find_nginx(), state_dir), dict(os.environ), ())]
    click.echo(f"{workers} servers ({', '.join(u.address for u in upstreams)}) behind nginx on {listen}, "
               f"which starts once they listen; its settings and logs: {state_dir}")
    sys.stdout.flush()
    sys.exit(supervise(children, then=proxy, when_listening=[u.address for u in upstreams]))
