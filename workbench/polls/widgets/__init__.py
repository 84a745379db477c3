"""The polls widgets: they receive data and callbacks, never a database."""
