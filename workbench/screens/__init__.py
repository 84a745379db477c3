"""One module per Voila app: ``build()`` reads the page's query string and returns the app."""
