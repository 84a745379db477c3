"""The store's participation vocabulary: the only participation modules that know SQL."""
