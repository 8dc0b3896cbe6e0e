"""The localized static site: pages, their frame (head, language switcher, tracks) and the
language chooser.
"""
