"""Render layer: the words for codes, the one formatter, tables, charts and report sections."""
