"""The decade tracker: milestones and progress updates, roll-ups, tracker files, charts, the annual
review; the dashboard and update apps, commands, demo and migration.
"""
