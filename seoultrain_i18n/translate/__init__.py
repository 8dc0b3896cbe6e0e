"""Pre-translation: translation memory, glossary, Chinese conversion, the machine-translation
engine, its cache and providers.
"""
