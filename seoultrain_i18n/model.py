"""The data model every stage works on: messages, catalogs and subtitle cues.

Formats read files into these objects and write them back; stages transform
them. Times are integer milliseconds. A ``Catalog`` holds one locale's
messages (``locale`` is ``None`` for a template), as in GNU gettext.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

MessageKey = tuple[str | None, str]
"""(context, source): what identifies a message inside one catalog."""

FUZZY = "fuzzy"


@dataclass(slots=True)
class Message:
    """One translatable string and, in a PO catalog, its translation.

    Attributes:
        source: the msgid.
        translation: the msgstr; "" means untranslated. For plural messages
            this is msgstr[0] and ``plural_translations`` holds every form.
        context: the msgctxt, or None.
        source_plural: the msgid_plural, or None for a singular message.
        plural_translations: msgstr[0..n-1] of a plural message.
        references: ``#:`` locations such as ``content/film.html:41``.
        notes: ``#.`` extracted comments (notes for translators).
        comments: ``# `` translator comments, never touched by the tool.
        flags: ``#,`` flags in file order (``fuzzy``, ``c-format`` ...).
        previous_context / previous_source / previous_source_plural: the
            ``#|`` strings a fuzzy match came from.
        obsolete: a ``#~`` entry kept for when its source returns.
        line: the line of the entry's msgid in the file it was read from (0 if
            it was not read from a file).
    """

    source: str
    translation: str = ""
    context: str | None = None
    source_plural: str | None = None
    plural_translations: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    previous_context: str | None = None
    previous_source: str | None = None
    previous_source_plural: str | None = None
    obsolete: bool = False
    line: int = 0

    @property
    def key(self) -> MessageKey:
        return (self.context, self.source)

    @property
    def fuzzy(self) -> bool:
        return FUZZY in self.flags

    def set_fuzzy(self, value: bool) -> None:
        if value and FUZZY not in self.flags:
            self.flags.insert(0, FUZZY)
        elif not value and FUZZY in self.flags:
            self.flags.remove(FUZZY)

    @property
    def translated(self) -> bool:
        """True when every form has text (fuzzy or not)."""
        if self.source_plural is not None:
            return bool(self.plural_translations) and all(self.plural_translations)
        return bool(self.translation)

    @property
    def reviewed(self) -> bool:
        """A human-approved translation: translated and not fuzzy."""
        return self.translated and not self.fuzzy


@dataclass(slots=True)
class Catalog:
    """An ordered collection of messages for one domain and one locale.

    ``header`` keeps the header fields in file order (name, value);
    ``header_comments`` the lines above the header (without the leading ``#``)
    and ``header_flags`` its flags (a fuzzy header is kept as is).
    """

    domain: str
    locale: str | None = None
    header: list[tuple[str, str]] = field(default_factory=list)
    header_comments: list[str] = field(default_factory=list)
    header_flags: list[str] = field(default_factory=list)
    # ``#.`` notes and ``#:`` references some tools put on the header entry.
    header_notes: list[str] = field(default_factory=list)
    header_references: list[str] = field(default_factory=list)
    messages: list[Message] = field(default_factory=list)

    def __iter__(self) -> Iterator[Message]:
        return iter(self.messages)

    def __len__(self) -> int:
        return len(self.messages)

    def live(self) -> list[Message]:
        return [message for message in self.messages if not message.obsolete]

    def obsolete(self) -> list[Message]:
        return [message for message in self.messages if message.obsolete]

    def index(self) -> dict[MessageKey, Message]:
        """Live messages by key (obsolete entries are not addressable)."""
        return {message.key: message for message in self.messages if not message.obsolete}

    def get_header(self, name: str) -> str | None:
        for key, value in self.header:
            if key.lower() == name.lower():
                return value
        return None

    def set_header(self, name: str, value: str) -> None:
        for position, (key, _) in enumerate(self.header):
            if key.lower() == name.lower():
                self.header[position] = (key, value)
                return
        self.header.append((name, value))


@dataclass(frozen=True, slots=True)
class Cue:
    """One subtitle cue.

    Attributes:
        index: the cue's number in its file (1-based, as written there).
        start_ms / end_ms: timing in integer milliseconds.
        text: the cue text, lines joined by "\\n", tags kept as in the file.
        line: the line of the timing line in the file it was read from.
        settings: WebVTT cue settings or SRT coordinates after the timing.
    """

    index: int
    start_ms: int
    end_ms: int
    text: str
    line: int = 0
    settings: str = ""

    @property
    def duration_ms(self) -> int:
        return self.end_ms - self.start_ms


@dataclass(slots=True)
class Track:
    """A subtitle track: its cues, where it came from and how it was decoded."""

    cues: list[Cue]
    path: str = ""
    language: str = ""
    encoding: str = "utf-8"
    decoding: str = ""  # how the encoding was chosen: ``cp949 (from the language tag)``
