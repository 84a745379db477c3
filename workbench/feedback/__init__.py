"""Feedback rounds on a draft plan: rules, written submissions (import), triage, the report; the
participant and triage apps, commands, demo and migration.
"""
