"""The plan: its model (themes, goals, actions), plan files (YAML/CSV), versions and their diff,
the plan browser app, its commands and migration.
"""
