"""The plan commands."""
