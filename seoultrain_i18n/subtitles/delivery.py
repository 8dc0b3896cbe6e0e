"""Delivery profiles: which files ``build`` writes for a track, and their bytes.

``[tool.seoultrain-i18n.delivery]`` chooses the formats (SubRip, WebVTT,
IMSC 1.1 TTML) and, for SubRip, whose consumers disagree, the line ends
(LF or CRLF) and whether the file starts with a UTF-8 byte-order mark.
WebVTT and TTML are always UTF-8 without a BOM and LF line ends, as their
specifications and players expect.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from seoultrain_i18n.formats.srt import generate_srt
from seoultrain_i18n.formats.ttml import MULTIPLE_LANGUAGES, generate_ttml
from seoultrain_i18n.formats.vtt import generate_vtt
from seoultrain_i18n.model import Cue

if TYPE_CHECKING:
    from seoultrain_i18n.config import Project

UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True, slots=True)
class DeliveryProfile:
    """``formats`` in writing order; SubRip's ``crlf`` line ends and ``bom``."""

    formats: tuple[str, ...] = ("srt", "vtt", "ttml")
    crlf: bool = False
    bom: bool = False


def delivery_profile(project: Project) -> DeliveryProfile:
    return DeliveryProfile(
        tuple(dict.fromkeys(project.config.delivery.formats)),
        project.config.delivery.srt_line_ends == "crlf",
        project.config.delivery.srt_bom,
    )


def render_track(cues: list[Cue], tag: str, profile: DeliveryProfile) -> dict[str, bytes]:
    """Extension → file content for each format of ``profile``.

    ``tag`` is the track's BCP 47 tag, or ``TOP+BOTTOM`` for a bilingual
    track (whose TTML declares ``mul``, several languages). ValueError when
    the cues cannot make a valid file.
    """
    files: dict[str, bytes] = {}
    for extension in profile.formats:
        if extension == "srt":
            text = generate_srt(cues, eol="\r\n" if profile.crlf else "\n")
            files["srt"] = (UTF8_BOM if profile.bom else b"") + text.encode("utf-8")
        elif extension == "vtt":
            files["vtt"] = generate_vtt(cues).encode("utf-8")
        elif extension == "ttml":
            language = MULTIPLE_LANGUAGES if "+" in tag else tag
            files["ttml"] = generate_ttml(cues, language).encode("utf-8")
    return files
