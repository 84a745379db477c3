"""The console's "Plan versions" panel without a browser: draft, edit, add/move/remove/renumber
actions, freeze with a confirm step, frozen versions refused, the diff, refresh keeping a typed edit."""
from __future__ import annotations

from workbench.console.links import Links
from workbench.console.versions import VersionsPanel
from workbench.feedback.store.comments import add_round
from workbench.plan.store import versions as pv
from workbench.plan.store.plans import get_plan


def node(plan, ref):
    return next(n for r, _, n in plan.walk() if r == ref)


def numbers(plan, goal_ref):
    return [n.number for n in node(plan, goal_ref).actions]


def drafted(store, language="en") -> VersionsPanel:
    panel = VersionsPanel(store, language=language)
    panel.draft_button.click()
    assert panel.version_picker.value == 2
    return panel


def test_draft_the_next_version_from_the_panel(plan_store):
    panel = VersionsPanel(plan_store, language="en")
    assert [v for _, v in panel.version_picker.options] == [1]
    assert "nothing to compare" in panel.diff_box.value            # version 1 has no predecessor
    panel.label_input.value = "after the <May> meeting"
    panel.draft_button.click()
    versions = pv.list_versions(plan_store)
    assert [(v["number"], v["label"], v["frozen"]) for v in versions][-1] == (2, "after the <May> meeting", False)
    assert versions[-1]["based_on"] == versions[0]["id"]
    assert 'class="wb-ok" role="status"' in panel.message.value
    assert panel.version_picker.value == 2 and panel.label_input.value == ""
    assert "after the &lt;May&gt; meeting" in panel.versions_list.value        # escaped
    assert "<May>" not in panel.versions_list.value
    assert "copied from version 1" in panel.versions_list.value
    assert "no changes" in panel.diff_box.value
    assert not panel.save_button.disabled


def test_edit_a_swahili_title_is_stored_and_in_the_diff(plan_store):
    panel = drafted(plan_store)
    panel.item_picker.value = "1.1.3"
    panel.language_picker.value = "sw"
    assert panel.title_input.value == node(get_plan(plan_store, version=2), "1.1.3").title["sw"]   # prefilled
    assert "Global database of survivor leaders" in panel.reference.value                          # the English
    panel.title_input.value = "Hifadhidata mpya ya viongozi"
    panel.save_button.click()
    assert 'class="wb-ok"' in panel.message.value, panel.message.value
    assert node(get_plan(plan_store, version=2), "1.1.3").title == {
        "sw": "Hifadhidata mpya ya viongozi", "en": "Global database of survivor leaders"}
    assert node(get_plan(plan_store, version=1), "1.1.3").title["sw"] != "Hifadhidata mpya ya viongozi"
    assert "wb-change-changed" in panel.diff_box.value
    panel_sw = VersionsPanel(plan_store, language="sw")
    assert panel_sw.version_picker.value == 2 and "Hifadhidata mpya ya viongozi" in panel_sw.diff_box.value


def test_add_move_remove_renumber_actions(plan_store):
    panel = drafted(plan_store)
    panel.add_goal_picker.value = "1.5"
    assert panel.add_position.value == 0                                 # at the end by default
    panel.add_title_input.value = "Healing programmes"
    panel.add_text_input.value = "For survivors' children"
    panel.add_button.click()
    plan = get_plan(plan_store, version=2)
    assert node(plan, "1.5.8").title == {"en": "Healing programmes"} and node(plan, "1.5.8").text
    assert panel.item_picker.value == "1.5.8" and panel.add_title_input.value == ""
    assert "wb-change-added" in panel.diff_box.value

    assert panel.action_box.layout.display != "none"                     # an action is picked
    panel.move_goal_picker.value = "2.2"
    panel.move_position.value = 1
    panel.move_button.click()
    plan = get_plan(plan_store, version=2)
    assert node(plan, "2.2.1").title == {"en": "Healing programmes"}
    assert numbers(plan, "1.5") == list(range(1, 8))
    assert panel.item_picker.value == "2.2.1"                            # the panel follows it
    assert "wb-change-moved" not in panel.diff_box.value                # new in this version: "added"
    assert "2.2.1" in panel.diff_box.value

    panel.item_picker.value = "1.5.3"
    panel.remove_button.click()                                          # keeps a gap
    assert numbers(get_plan(plan_store, version=2), "1.5") == [1, 2, 4, 5, 6, 7]
    assert panel.item_picker.value == "1.5"
    assert "wb-change-removed" in panel.diff_box.value
    panel.item_picker.value = "1.5.4"
    panel.remove_renumber.value = True
    panel.remove_button.click()                                          # closes the gaps after it
    assert numbers(get_plan(plan_store, version=2), "1.5") == [1, 2, 3, 4, 5]

    panel.item_picker.value = "1.4.8"
    panel.move_goal_picker.value = "1.4"                                 # reorder within the goal
    assert [v for _, v in panel.move_position.options] == list(range(0, 9))
    panel.move_position.value = 1
    panel.move_button.click()
    assert panel.item_picker.value == "1.4.1"
    assert "wb-change-moved" in panel.diff_box.value

    panel.item_picker.value = "1.2.2"
    panel.remove_button.click()
    assert numbers(get_plan(plan_store, version=2), "1.2")[:2] == [1, 3]
    panel.renumber_goal_picker.value = "1.2"
    panel.renumber_button.click()
    assert numbers(get_plan(plan_store, version=2), "1.2")[:2] == [1, 2]
    assert "Renumbered" in panel.message.value
    assert 'class="wb-note"' in panel.diff_box.value                     # renumbered ones listed


def test_a_frozen_version_is_read_only_and_refused(plan_store):
    add_round(plan_store, "draft-1")                                     # freezes version 1
    panel = VersionsPanel(plan_store, language="en", links=Links("K", "en"))
    assert "frozen" in panel.status.value and panel.save_button.disabled and panel.add_button.disabled
    assert "reviewed by round" in panel.versions_list.value
    assert "triage.ipynb?key=K&amp;lang=en&amp;round=draft-1" in panel.versions_list.value
    assert panel.freeze_button.layout.display == "none"
    before = get_plan(plan_store, version=1)
    panel.item_picker.value = "1.1.1"
    panel.title_input.value = "Changed"
    panel.save_button.click()                                            # a disabled button can still be forced
    assert 'class="wb-error" role="alert"' in panel.message.value and "frozen" in panel.message.value
    assert "Draft the next version" in panel.message.value
    panel.add_goal_picker.value = "1.1"
    panel.add_title_input.value = "New"
    panel.add_button.click()
    panel.renumber_button.click()
    assert "wb-error" in panel.message.value
    assert get_plan(plan_store, version=1) == before                    # nothing written
    assert len(pv.list_versions(plan_store)) == 1
    assert panel.title_input.value == "Changed"                          # what was typed stays


def test_a_version_frozen_meanwhile_is_refused_and_the_typing_kept(plan_store):
    panel = drafted(plan_store)
    panel.item_picker.value = "1.1.1"
    panel.title_input.value = "Half typed"
    pv.freeze_version(plan_store, number=2)                              # someone else froze it
    panel.save_button.click()
    assert "wb-error" in panel.message.value and "frozen" in panel.message.value
    assert node(get_plan(plan_store, version=2), "1.1.1").title["en"] != "Half typed"
    assert panel.title_input.value == "Half typed" and panel.save_button.disabled


def test_freeze_asks_for_confirmation(plan_store):
    panel = drafted(plan_store)
    assert panel.freeze_confirm_box.layout.display == "none"
    panel.freeze_button.click()
    assert panel.freeze_confirm_box.layout.display != "none"
    assert panel.freeze_confirm_button.description == "Yes, freeze version 2"
    assert not pv.get_version(plan_store, number=2)["frozen"]           # not yet
    panel.freeze_cancel_button.click()
    assert panel.freeze_confirm_box.layout.display == "none"
    panel.freeze_confirm_button.click()                                  # cancelled: does nothing
    assert not pv.get_version(plan_store, number=2)["frozen"]
    panel.freeze_button.click()
    panel.freeze_confirm_button.click()
    assert pv.get_version(plan_store, number=2)["frozen"]
    assert "wb-ok" in panel.message.value
    assert panel.save_button.disabled and panel.freeze_button.layout.display == "none"
    assert "(frozen)" in dict((v, k) for k, v in panel.version_picker.options)[2]


def test_freeze_confirmation_is_for_the_version_it_named(plan_store):
    panel = drafted(plan_store)
    panel.freeze_button.click()
    panel.version_picker.value = 1                                       # picked another version
    assert panel.freeze_confirm_box.layout.display == "none"
    panel.freeze_confirm_button.click()
    assert not any(v["frozen"] for v in pv.list_versions(plan_store))


def test_store_refusals_are_shown_not_raised(plan_store):
    panel = drafted(plan_store)
    panel.item_picker.value = "1.1.1"
    for tag in ("en", "sw"):                                             # remove the title in every language
        panel.language_picker.value = tag
        panel.title_input.value = ""
        panel.save_button.click()
    assert 'class="wb-error" role="alert"' in panel.message.value and "at least one language" in panel.message.value
    assert node(get_plan(plan_store, version=2), "1.1.1").title          # one language is left
    panel.label_input.value = "x" * 200
    panel.draft_button.click()
    assert "wb-error" in panel.message.value and "limit" in panel.message.value
    assert len(pv.list_versions(plan_store)) == 2
    panel.add_goal_picker.value = "1.1"
    panel.add_title_input.value = "   "
    panel.add_button.click()
    assert "wb-error" in panel.message.value


def test_html_looking_titles_are_escaped(plan_store):
    pv.add_version(plan_store, label="<i>draft</i>")
    pv.update_item(plan_store, "1.1.2", title={"en": "<script>alert(1)</script>"})
    panel = VersionsPanel(plan_store, language="en")
    label = dict((v, k) for k, v in panel.item_picker.options)["1.1.2"]
    assert label.endswith("1.1.2 · <script>alert(1)</script>")          # a Dropdown shows text, not HTML
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in panel.diff_box.value
    assert "<script>" not in panel.diff_box.value
    assert "&lt;i&gt;draft&lt;/i&gt;" in panel.diff_box.value and "<i>" not in panel.versions_list.value
    panel.item_picker.value = "1.1.2"
    assert panel.title_input.value == "<script>alert(1)</script>"       # a text field: the text as it is


def test_refresh_keeps_a_half_typed_edit_and_follows_the_item(plan_store):
    panel = drafted(plan_store)
    panel.item_picker.value = "1.2.5"
    panel.title_input.value = "Training led by survivors (half typ"
    pv.remove_action(plan_store, "1.2.1", renumber=True)                 # another facilitator
    pv.update_item(plan_store, "1.1.1", title={"en": "Shared vision"}, number=2)
    panel.refresh()
    assert panel.item_picker.value == "1.2.4"                            # the same action, renumbered
    assert panel.title_input.value == "Training led by survivors (half typ"
    assert "Shared vision" in panel.diff_box.value and "wb-change-removed" in panel.diff_box.value
    panel.save_button.click()
    assert node(get_plan(plan_store, version=2), "1.2.4").title["en"] == "Training led by survivors (half typ"

    panel.item_picker.value = "1.1.1"                                    # nothing typed: refresh re-reads
    pv.update_item(plan_store, "1.1.1", title={"en": "Our shared vision"}, number=2)
    panel.refresh()
    assert panel.title_input.value == "Our shared vision"


def test_a_new_version_made_elsewhere_appears_on_refresh(plan_store):
    panel = VersionsPanel(plan_store, language="en")
    pv.add_version(plan_store, label="draft 2")
    panel.refresh()
    assert [v for _, v in panel.version_picker.options] == [1, 2]
    assert panel.version_picker.value == 1                               # the pick stays
    assert panel.base_picker.value == 2                                  # a copy of the latest by default
    panel.draft_button.click()
    assert pv.list_versions(plan_store)[-1]["based_on"] == pv.get_version(plan_store, number=2)["id"]


def test_an_empty_database_does_not_crash(tmp_path):
    from workbench.store import Store
    with Store.open(tmp_path / "empty.db") as store:
        panel = VersionsPanel(store, language="en")
        assert "no plan" in panel.empty.value and panel.tools.layout.display == "none"
        panel.draft_button.click()
        panel.save_button.click()
        panel.refresh()
