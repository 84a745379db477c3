"""Priority polls: rules, results (with breakdowns and consensus), charts and exports; the vote and
polls apps, commands, demo and migration. Counting methods are in :mod:`workbench.voting`.
"""
