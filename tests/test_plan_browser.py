"""The plan browser's widgets, without a browser: built, clicked, switched."""
from __future__ import annotations

from workbench.plan.screens import PlanBrowser
from workbench.core.shipped import default_plan


def test_open_theme_and_goal_and_switch_language():
    browser = PlanBrowser(default_plan(), "en")
    tree = browser.tree
    assert len(tree.theme_buttons) == 4
    assert tree.theme_buttons["1"].description.startswith("▸ 1  Survivors leading")
    assert tree.theme_buttons["1"].description.endswith("(5 goals)")

    tree.theme_buttons["1"].click()
    assert tree.open_refs == ["1"] and tree.theme_buttons["1"].description.startswith("▾")
    tree.goal_buttons["1.1"].click()
    actions = tree._panels["1.1"].children[0].value
    assert actions.count("<li>") == 14 and "Global database of survivor leaders" in actions

    browser.language_switch.value = "sw"
    assert "Walionusurika Wanaoongoza" in tree.theme_buttons["1"].description
    assert "hifadhidata ya kimataifa" in tree._panels["1.1"].children[0].value

    tree.theme_buttons["1"].click()         # closes again
    assert tree.open_refs == ["1.1"] and tree._panels["1"].layout.display == "none"


def test_titles_are_escaped():
    from dataclasses import replace
    plan = default_plan()
    theme = plan.themes[0]
    goal = replace(theme.goals[0], actions=(replace(theme.goals[0].actions[0],
                                                    title={"en": "<img src=x onerror=alert(1)>"}),))
    plan = replace(plan, themes=(replace(theme, goals=(goal,)),))
    browser = PlanBrowser(plan, "en")
    browser.tree.theme_buttons["1"].click()
    browser.tree.goal_buttons["1.1"].click()
    html = browser.tree._panels["1.1"].children[0].value
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
