"""The tracker widgets: they receive data and callbacks, never a database."""
