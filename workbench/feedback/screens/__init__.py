"""The feedback apps: each ``build()`` reads the page's query string and returns the app."""
