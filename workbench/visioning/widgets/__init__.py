"""The visioning widgets: they receive data and callbacks, never a database."""
