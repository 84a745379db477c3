"""The store's plan vocabulary: the only plan modules that know SQL."""
