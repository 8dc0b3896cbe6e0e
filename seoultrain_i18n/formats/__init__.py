"""Readers and writers, one module per file format.

Formats know nothing of stages: each turns bytes on disk into model objects
(``Catalog``, ``Cue``, HTML segments) and back. Each third-party library has
one adapter: pysrt in ``srt``, charset-normalizer in ``encoding``. PO files are
read and written by our own code in ``po`` (polib re-wraps lines that msgcat
keeps, reports errors without exact lines, and its MO writer is quadratic);
the tests use polib as a second opinion on what we write.
"""
