"""Data layer: load a Data Package, validate it against its schema, convert currencies, make synthetic data."""
