"""Reusable ipywidgets components. They receive data and callbacks, never a database."""
