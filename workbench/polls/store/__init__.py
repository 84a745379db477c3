"""The store's polls vocabulary: the only polls modules that know SQL."""
