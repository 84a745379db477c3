"""The shared user interface of the apps: one stylesheet (``style``) and the participant apps'
phone stylesheet (``participant_style``), the page helpers (``page``: query string, database,
facilitator gate), the live watcher (``live``) and closing replaced widgets (``lifecycle``).
"""
