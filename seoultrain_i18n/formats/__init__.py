"""Readers and writers, one module per file format.

Formats know nothing of stages: each turns bytes on disk into model objects
(``Catalog``, ``Cue``, HTML segments) and back. Only ``po`` imports polib and
only ``srt`` imports pysrt.
"""
