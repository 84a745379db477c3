"""The store's visioning vocabulary: the only visioning modules that know SQL."""
