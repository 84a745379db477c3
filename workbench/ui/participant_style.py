"""The participant apps' additions to the stylesheet (cards, the writing box, the join and privacy
panels; put after :func:`workbench.ui.style.stylesheet`)."""
from __future__ import annotations

import ipywidgets as widgets

CSS = """
<style>
.wb-wide { max-width: 1100px; }
.wb-app .widget-hbox { flex-wrap: wrap; gap: 4px; }
.wb-app .widget-toggle-buttons { flex-wrap: wrap; display: flex; }
.wb-app .widget-text, .wb-app .widget-textarea, .wb-app .widget-dropdown,
.wb-app .widget-tagsinput, .wb-app .widget-combobox { max-width: 100%; }
.wb-answers .widget-button { flex: 1 1 0; min-width: 0; width: auto; font-size: 17px; }
.wb-alert { background: #fff3cd; border-left: 4px solid #E69F00; padding: 6px 10px; font-weight: 600; }
.wb-quote { margin: 8px 0; padding: 12px 14px; border-left: 4px solid #0072B2; background: #f3f7fb;
  font-size: 18px; line-height: 1.4; overflow-wrap: anywhere; white-space: pre-wrap; }
.wb-prompt { font-size: 18px; font-weight: 600; }
.wb-mine { margin: 4px 0; padding: 8px; background: #f6f6f6; overflow-wrap: anywhere; white-space: pre-wrap; }
.wb-counter { font-size: 14px; color: #555; }
.wb-counter.wb-over { color: #a4001d; font-weight: 600; }
.wb-consent p { margin: 6px 0; line-height: 1.4; }
.wb-code { font-family: monospace; font-size: 28px; letter-spacing: 3px; }
.wb-numbers table td { font-size: 20px; font-weight: 600; padding: 2px 10px; }
.wb-numbers table th { text-align: left; font-weight: normal; padding-right: 12px; }
.wb-table { border-collapse: collapse; font-size: 14px; width: 100%; }
.wb-table th, .wb-table td { border-bottom: 1px solid #ddd; padding: 4px 6px; vertical-align: top; text-align: left; }
.wb-text { overflow-wrap: anywhere; white-space: pre-wrap; }
.wb-translation { color: #0072B2; }
.wb-set-aside { opacity: 0.55; }
.wb-bar { display: inline-flex; width: 120px; height: 10px; background: #eee; }
.wb-bar span { display: inline-block; height: 10px; }
.wb-break.widget-button { margin-top: 16px; }
</style>
"""


def participant_stylesheet() -> widgets.HTML:
    """A widget carrying the participant apps' additions to the stylesheet."""
    return widgets.HTML(CSS, layout=widgets.Layout(height="0px", margin="0"))
