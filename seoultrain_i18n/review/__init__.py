"""The review application: subtitles on the picture, pages beside the English (issue 17)."""
