"""The one stylesheet of the apps: phone-first sizes (44 px touch targets), wrapping text, and the
message styles every app shares (``wb-error``, ``wb-ok``, ``wb-note``)."""
from __future__ import annotations

import ipywidgets as widgets

CSS = """
<style>
.wb-app { max-width: 720px; margin: 0 auto; font-size: 16px; }
.wb-participant { --jp-widgets-font-size: 16px; --jp-ui-font-size1: 16px; }
.wb-participant .wb-note, .wb-participant .wb-counter, .wb-participant .widget-label,
.wb-participant .widget-label-basic span, .wb-participant p, .wb-participant li { font-size: 16px; }
.wb-participant .widget-button, .wb-participant .widget-toggle-button {
  white-space: normal; overflow-wrap: anywhere; line-height: 1.3; padding-top: 6px; padding-bottom: 6px; }
.wb-app .widget-button, .wb-app .widget-toggle-button { min-height: 44px; height: auto; }
.wb-toggle.widget-button { white-space: normal; text-align: left; line-height: 1.3;
  padding: 8px 12px; width: 100%; }
.wb-actions { margin: 0 0 8px 16px; padding-left: 16px; }
.wb-actions li { margin: 6px 0; line-height: 1.35; }
.wb-level-1 { font-weight: 600; }
.wb-level-2 { margin-left: 12px !important; width: calc(100% - 12px) !important; }
.wb-note { color: #555; font-size: 14px; }
.wb-error { color: #a4001d; font-weight: 600; }
.wb-ok { color: #1b6e2e; font-weight: 600; }
.wb-app .widget-text, .wb-app .widget-dropdown, .wb-app .widget-tagsinput { height: auto; min-height: 44px; }
.wb-app .widget-text input, .wb-app .widget-dropdown select { min-height: 44px; font-size: 16px; }
.wb-app .widget-textarea { height: auto; }
.wb-app .widget-textarea textarea { min-height: 44px; font-size: 16px; }
.wb-app .widget-tagsinput input { min-height: 40px; min-width: 44px; font-size: 16px; }
.wb-app .widget-checkbox { height: auto; min-height: 44px; }
.wb-app .widget-checkbox .widget-label-basic { min-height: 44px; display: flex; align-items: center; }
.wb-app .widget-checkbox input[type=checkbox] { width: 22px; height: 22px; margin-right: 8px; }
.wb-app .widget-button.mod-success { background-color: #1b6e2e; color: #fff; }
.wb-app .widget-button.mod-danger { background-color: #a4001d; color: #fff; }
.wb-app .widget-button.mod-warning { background-color: #8a4b00; color: #fff; }
.wb-app .widget-button.mod-info { background-color: #005a8c; color: #fff; }
.wb-labelled > .widget-label { position: absolute !important; width: 1px !important; height: 1px !important;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
</style>
"""


def stylesheet() -> widgets.HTML:
    """A widget carrying the apps' stylesheet; put it once at the top of a screen."""
    return widgets.HTML(CSS, layout=widgets.Layout(height="0px", margin="0"))


def full_width(**kwargs) -> widgets.Layout:
    return widgets.Layout(width="100%", **kwargs)
