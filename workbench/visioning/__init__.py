"""Visioning workshops: rules (phases, contributions, reactions), opinion groups, suggested themes,
the vision draft; the participant and facilitator apps, commands, demo and migration.
"""
