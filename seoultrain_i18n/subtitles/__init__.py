"""Subtitles: source tracks and their naming rule, cue <-> message, templates, built tracks,
line breaking, norms, import.
"""
