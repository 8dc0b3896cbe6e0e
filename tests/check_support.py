"""Small scratch localization projects for the check and report tests, written
as literal PO and SRT text (the bundled catalogs are tested separately)."""

from __future__ import annotations

from pathlib import Path

PYPROJECT = """\
[tool.seoultrain-i18n]
project-name = "Scratch Film"
source-locale = "en"
target-locales = ["ko", "zh_Hans", "zh_Hant"]
"""

HEADER = """\
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Language: {locale}\\n"
"X-Source-Language: {source}\\n"
"""


def po_text(
    locale: str, entries: list[tuple[str, str]] | list[tuple[str, str, bool]], *, source: str = "en"
) -> str:
    """A PO file with (msgid, msgstr[, fuzzy]) entries."""
    parts = [HEADER.format(locale=locale, source=source)]
    for entry in entries:
        msgid, msgstr = entry[0], entry[1]
        fuzzy = len(entry) > 2 and entry[2]  # type: ignore[misc]
        flag = "#, fuzzy\n" if fuzzy else ""
        parts.append(f'\n{flag}msgid "{_quote(msgid)}"\nmsgstr "{_quote(msgstr)}"\n')
    return "".join(parts)


def _quote(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def make_project(
    root: Path,
    catalogs: dict[tuple[str, str], list],
    *,
    glossary: str = "",
    pyproject: str = PYPROJECT,
    tracks: dict[str, str] | None = None,
) -> Path:
    """Write pyproject.toml, templates and ``catalogs[(domain, locale)]``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    locales = root / "locales"
    locales.mkdir(exist_ok=True)
    sources: dict[str, str] = {}
    for name, text in (tracks or {}).items():
        (root / "subtitles").mkdir(exist_ok=True)
        (root / "subtitles" / name).write_text(text, encoding="utf-8")
        domain, language = name.split(".")[0], name.split(".")[-2]
        sources[domain] = language.replace("-", "_")
    for (domain, locale), entries in catalogs.items():
        source = sources.get(domain, "en")
        template = locales / f"{domain}.pot"
        if not template.exists():
            msgids = [(entry[0], "") for entry in entries]
            template.write_text(po_text("", msgids, source=source), encoding="utf-8")
        folder = locales / locale / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{domain}.po").write_text(
            po_text(locale, entries, source=source), encoding="utf-8"
        )
    if glossary:
        (locales / "glossary.csv").write_text(glossary, encoding="utf-8")
    return root


def srt(*cues: tuple[int, int, str]) -> str:
    """SubRip text for (start_ms, end_ms, text) cues."""
    blocks = []
    for number, (start, end, text) in enumerate(cues, start=1):
        blocks.append(f"{number}\n{_time(start)} --> {_time(end)}\n{text}\n")
    return "\n".join(blocks)


def _time(ms: int) -> str:
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    seconds, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d},{millis:03d}"
