"""The store's feedback vocabulary: the only feedback modules that know SQL."""
