"""Catalogs on disk: where templates and catalogs live, update and merge, compile,
statistics, JSON bundles.
"""
