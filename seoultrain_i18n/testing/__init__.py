"""Test helpers that ship with the package (a fake LibreTranslate server)."""
