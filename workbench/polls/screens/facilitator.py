"""The polls app (facilitators): create a poll, open and close it, approve proposed items, follow
the number of ballots live, and — once allowed — see the results, the breakdown by groups, the
consensus across groups, and download them.

Access: the facilitator link printed by ``workbench serve`` (``polls.ipynb?…&key=…``). Without
this run's key the page only says so. Results of a poll "hidden until close" are not shown to
anyone (facilitators included) before it closes: only the number of ballots.
"""
from __future__ import annotations

import html
from urllib.parse import urlencode

import ipywidgets as widgets

from workbench.core.errors import RuleError, WorkbenchError
from workbench.core.i18n import translator
from workbench.plan.model import pick
from workbench.polls.labels import method_names
from workbench.polls.rules import check_group_name
from workbench.ui.live import Watcher
from workbench.ui.page import facilitator_app, open_store
from workbench.store import Store
from workbench.polls.store.ballots import count_voters, results
from workbench.polls.store.polls import (add_poll, decide_proposal, get_poll, list_polls, list_proposals, resolve_source,
                                   publish_results, source_choices, sync_phase, update_phase, update_poll)
from workbench.polls.widgets.ballot_common import ballot_stylesheet, icon_button
from workbench.ui.lifecycle import close_tree
from workbench.polls.widgets.setup import PollForm
from workbench.ui.style import full_width, stylesheet


class PollsScreen(widgets.VBox):
    """Poll picker, new-poll form, the chosen poll's controls and live count, and its results."""

    def __init__(self, store: Store, language: str = "en", token: str = ""):
        super().__init__(layout=full_width())
        self.add_class("wb-app")
        self.store, self.language, self.token = store, language, token
        _ = translator(language)
        self.picker = widgets.Dropdown(description=_("Poll"), layout=full_width())
        self.picker.add_class("wb-poll-picker")
        self.new_button = widgets.Button(description=_("New poll"), layout=full_width())
        self.form = PollForm(source_choices(store, language), self._create, language)
        self.form.layout.display = "none"
        self.info = widgets.HTML()
        self.info.add_class("wb-poll-info")
        self.count = widgets.HTML()
        self.count.add_class("wb-count-live")
        self.open_button = widgets.Button(description=_("Open the poll"), button_style="success")
        self.close_button = widgets.Button(description=_("Close the poll"), button_style="danger")
        self.hide_button = widgets.Button(description=_("Hide results until close"))
        self.publish_button = widgets.Button(description=_("Show the results to participants"),
                                             button_style="info")
        self.publish_button.add_class("wb-publish")
        self.groups_input = widgets.Text(placeholder="wg1, wg2, wg3", description=_("Working groups"),
                                         style={"description_width": "initial"}, layout=full_width())
        self.groups_input.add_class("wb-groups")
        self.groups_button = widgets.Button(description=_("Make a link per group"))
        self.groups_button.add_class("wb-group-links")
        self.group_links = widgets.HTML()
        self.groups_button.on_click(self._group_links)
        self.message = widgets.HTML()
        self.message.add_class("wb-message")
        self.proposals = widgets.VBox(layout=full_width())
        self.approve_buttons: dict[str, widgets.Button] = {}
        self.reject_buttons: dict[str, widgets.Button] = {}
        self.results_box = widgets.VBox(layout=full_width())
        self._results_key = None
        self._proposals_shown = None
        self.new_button.on_click(self._toggle_form)
        self.picker.observe(lambda _: self.show_poll(), names="value")
        self.open_button.on_click(lambda _: self._phase("open"))
        self.close_button.on_click(lambda _: self._phase("closed"))
        self.hide_button.on_click(self._hide)
        self.publish_button.on_click(self._publish)
        controls = widgets.HBox([self.open_button, self.close_button, self.hide_button, self.publish_button],
                                layout=widgets.Layout(flex_flow="row wrap"))
        self.children = [stylesheet(), ballot_stylesheet(), widgets.HTML(f"<h2>{html.escape(_('Polls'))}</h2>"),
                         self.new_button, self.form, self.picker, self.info, self.count, controls, self.message,
                         widgets.VBox([self.groups_input, self.groups_button, self.group_links], layout=full_width()),
                         self.proposals, self.results_box]
        self.watcher = Watcher(store, self.refresh, self, min_gap=1.0, every=10.0)
        self._load_picker()
        self.watcher.start()

    @property
    def poll_id(self) -> int | None:
        return self.picker.value

    def _load_picker(self, select: int | None = None) -> None:
        polls = list_polls(self.store)
        self.picker.options = [(f"{p['id']}. {pick(p['title'], self.language)} ({p['code']})", p["id"])
                               for p in reversed(polls)]
        if select is not None:
            self.picker.value = select
        self.show_poll()

    def _toggle_form(self, *_):
        self.form.layout.display = "none" if self.form.layout.display == "flex" else "flex"

    def _create(self, spec: dict) -> str:
        _ = translator(self.language)
        items, source = resolve_source(self.store, spec["source"], spec["lines"], self.language)
        poll = add_poll(self.store, spec["title"], items, spec["method"], spec["params"],
                        hidden_until_close=spec["hidden_until_close"], opens_at=spec["opens_at"],
                        closes_at=spec["closes_at"], source=source)
        self.form.layout.display = "none"
        self._load_picker(select=poll["id"])
        return _("Poll created: join code %(code)s") % {"code": poll["code"]}

    def _say(self, text: str, error: bool = False) -> None:
        role = ' class="wb-error" role="alert"' if error else ""
        self.message.value = f"<p{role}>{html.escape(text)}</p>" if text else ""

    def _phase(self, phase: str) -> None:
        try:
            update_phase(self.store, self.poll_id, phase)
        except WorkbenchError as refusal:
            return self._say(str(refusal), error=True)
        self._say("")
        self.show_poll()

    def _hide(self, *_):
        try:
            update_poll(self.store, self.poll_id, hidden_until_close=True)
        except WorkbenchError as refusal:
            return self._say(str(refusal), error=True)
        self.show_poll()

    def _link(self, poll: dict, **extra: str) -> str:
        """The participants' link of ``poll`` (relative to the facilitator's page; no language:
        each phone opens in its browser's language)."""
        query = urlencode({k: v for k, v in (("token", self.token), ("code", poll["code"]), *extra.items()) if v})
        return f"vote.ipynb?{query}"

    def _group_links(self, *_):
        """One participants' link per working group: each person is counted in her group."""
        _ = translator(self.language)
        names = [name.strip() for name in self.groups_input.value.replace(";", ",").split(",") if name.strip()]
        try:
            names = [check_group_name(name) for name in dict.fromkeys(names)]
        except WorkbenchError as refusal:
            self.group_links.value = f'<p class="wb-error" role="alert">{html.escape(str(refusal))}</p>'
            return
        poll = sync_phase(self.store, self.poll_id)
        rows = "".join(f'<li><b>{html.escape(name)}</b>: <a href="{html.escape(self._link(poll, group=name))}" '
                       f'target="_blank">{html.escape(self._link(poll, group=name))}</a></li>' for name in names)
        self.group_links.value = (f"<ul class=\"wb-group-list\">{rows}</ul>" if rows else
                                  "<p>" + html.escape(_("Type the working groups' names, separated by commas.")) + "</p>")

    def _publish(self, *_):
        """Show the closed poll's results to its participants, or stop showing them."""
        try:
            poll = sync_phase(self.store, self.poll_id)
            publish_results(self.store, self.poll_id, not poll["results_published"])
        except WorkbenchError as refusal:
            return self._say(str(refusal), error=True)
        self.show_poll()

    def _decide(self, key: str, approve: bool) -> None:
        try:
            decide_proposal(self.store, self.poll_id, key, approve)
        except WorkbenchError as refusal:
            return self._say(str(refusal), error=True)
        self.refresh()

    # -- showing the chosen poll --------------------------------------------------------------
    def show_poll(self) -> None:
        self._results_key = None
        self.refresh()

    def _info(self, poll: dict) -> str:
        _ = translator(self.language)
        link = self._link(poll)
        phase = {"draft": _("not open yet"), "open": _("open"), "closed": _("closed")}[poll["phase"]]
        hidden = _("hidden until it closes") if poll["hidden_until_close"] else _("visible while open")
        times = " · ".join(f"{label} {value.replace('T', ' ').replace('Z', ' UTC')}" for label, value in
                           ((_("opens"), poll["opens_at"]), (_("closes"), poll["closes_at"])) if value)
        return (f"<h3>{html.escape(pick(poll['title'], self.language))}</h3>"
                f"<p>{html.escape(_('Join code'))}: <b class=\"wb-code\">{html.escape(poll['code'])}</b> · "
                f'<a href="{html.escape(link)}" target="_blank">{html.escape(_("participants’ link"))}</a></p>'
                f"<p>{html.escape(method_names(self.language)[poll['method']])} · "
                f"<span class=\"wb-phase\">{html.escape(phase)}</span> · {html.escape(_('results'))} "
                f"{html.escape(hidden)}{' · ' + html.escape(times) if times else ''}</p>")

    def refresh(self) -> None:
        """Bring the chosen poll's phase, count, proposals and results up to date."""
        _ = translator(self.language)
        if self.poll_id is None:
            self.info.value = "<p>" + html.escape(_("No polls yet: create one with “New poll”.")) + "</p>"
            for control in (self.open_button, self.close_button, self.hide_button, self.publish_button,
                            self.groups_input, self.groups_button):
                control.layout.display = "none"   # nothing to act on yet
            return
        self.groups_input.layout.display = self.groups_button.layout.display = "flex"
        poll = sync_phase(self.store, self.poll_id)
        self.info.value = self._info(poll)
        voters = count_voters(self.store, poll["id"])
        self.count.value = "<p><b>" + html.escape(_("People who voted: %(n)d") % {"n": voters}) + "</b></p>"
        self.open_button.layout.display = "flex" if poll["phase"] == "draft" else "none"
        self.close_button.layout.display = "none" if poll["phase"] == "closed" else "flex"
        self.hide_button.layout.display = ("flex" if not poll["hidden_until_close"] and poll["phase"] != "closed"
                                           else "none")
        self.publish_button.layout.display = "flex" if poll["phase"] == "closed" else "none"
        self.publish_button.description = (_("Stop showing the results to participants") if poll["results_published"]
                                           else _("Show the results to participants"))
        self._show_proposals(poll)
        self._show_results(poll, voters)

    def _show_proposals(self, poll: dict) -> None:
        _ = translator(self.language)
        pending = list_proposals(self.store, poll["id"]) if poll["method"] == "bradley-terry" else []
        shown = (poll["id"], tuple(p["key"] for p in pending))
        if shown == self._proposals_shown:
            return
        self._proposals_shown = shown
        for child in self.proposals.children:
            close_tree(child)
        rows = []
        for proposal in pending:
            key = proposal["key"]
            self.approve_buttons[key] = icon_button("✓", _("Approve: the item joins the pairs"), button_style="success")
            self.reject_buttons[key] = icon_button("✕", _("Reject"))
            self.approve_buttons[key].on_click(lambda _, k=key: self._decide(k, True))
            self.reject_buttons[key].on_click(lambda _, k=key: self._decide(k, False))
            text = widgets.HTML(html.escape(pick(proposal["title"], self.language)),
                                layout=widgets.Layout(flex="1 1 auto"))
            row = widgets.HBox([text, self.approve_buttons[key], self.reject_buttons[key]], layout=full_width())
            row.add_class("wb-row")
            rows.append(row)
        heading = _("Proposed items waiting for approval: %(n)d") % {"n": len(pending)}
        self.proposals.children = ([widgets.HTML(f"<h4>{html.escape(heading)}</h4>"), *rows] if pending else [])

    def _show_results(self, poll: dict, voters: int) -> None:
        _ = translator(self.language)
        key = (poll["id"], poll["phase"], voters, poll["hidden_until_close"])
        if key == self._results_key:
            return
        self._results_key = key
        for child in self.results_box.children:
            close_tree(child)
        try:
            data, result = results(self.store, poll["id"])
        except RuleError as hidden:
            self.results_box.children = [widgets.HTML(f'<p class="wb-note">{html.escape(str(hidden))}</p>')]
            return
        if not data.voters():
            self.results_box.children = [widgets.HTML("<p>" + html.escape(_("Nobody has voted yet.")) + "</p>")]
            return
        from workbench.polls.widgets.results_view import ResultsView
        self.results_box.children = [ResultsView(poll, data, result, self.language)]


def build(params: dict[str, str] | None = None) -> widgets.VBox:
    """Build the polls app. ``?key=`` the facilitator key (required), ``?lang=``, ``?poll=`` an id."""
    def make(found: dict[str, str], language: str) -> PollsScreen:
        screen = PollsScreen(open_store(), language, found.get("token", ""))
        if found.get("poll", "").isdigit():
            try:
                get_poll(screen.store, int(found["poll"]))
                screen.picker.value = int(found["poll"])
            except WorkbenchError:
                pass
        return screen
    return facilitator_app(params, make)
