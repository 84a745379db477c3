"""Closing widgets that a view replaces, so a long meeting does not pile up widget models."""
from __future__ import annotations

import ipywidgets as widgets


def close_tree(widget: widgets.Widget) -> None:
    """Close ``widget`` and every widget inside it (children of boxes, depth first)."""
    for child in getattr(widget, "children", ()):
        close_tree(child)
    widget.close()
