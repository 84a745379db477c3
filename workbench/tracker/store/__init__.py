"""The store's tracker vocabulary: the only tracker modules that know SQL."""
