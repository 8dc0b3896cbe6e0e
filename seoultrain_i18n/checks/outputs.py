"""What ``check`` prints: text lines, the summary, JSON and JUnit XML."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring as _ENCODE_STRING  # what dumps(ensure_ascii=False) uses
from pathlib import Path
from typing import Any

from seoultrain_i18n.checks.registry import REGISTRY, Check, CheckResult
from seoultrain_i18n.checks.settings import Settings


def summary_line(result: CheckResult) -> str:
    errors, warnings = len(result.errors), len(result.warnings)
    files = len(result.checked_files)
    return f"{_plural(errors, 'error')}, {_plural(warnings, 'warning')} in {_plural(files, 'file')}"


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


JSON_VERSION = 1


def to_json(result: CheckResult) -> dict[str, Any]:
    """The ``--format json`` document (schema in docs/checks.md)."""
    return {**_json_head(result), "findings": [finding.to_json() for finding in result.findings]}


def iter_json(result: CheckResult) -> Iterator[str]:
    """``to_json(result)`` as indented JSON text, one finding at a time, so a
    large result is never held in memory twice."""
    import json

    text = json.dumps({**_json_head(result), "findings": []}, ensure_ascii=False, indent=2)
    yield text[: text.rindex("[]")] + "["
    batch: list[str] = []
    for position, finding in enumerate(result.findings):
        batch.append(("," if position else "") + "\n    " + _flat_object(finding.to_json()))
        if len(batch) >= 1000:  # a write per finding costs more than the JSON
            yield "".join(batch)
            batch = []
    yield "".join(batch) + ("\n  " if result.findings else "") + "]\n}\n"


def _flat_object(data: dict[str, Any]) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2)`` indented by four more
    spaces, for an object of strings, integers, booleans and nulls (json's
    indenting encoder is pure Python; its string encoder, used here, is not)."""
    if not data:
        return "{}"
    fields = ",\n      ".join(
        f"{_ENCODE_STRING(key)}: {_scalar(value)}" for key, value in data.items()
    )
    return "{\n      " + fields + "\n    }"


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return _ENCODE_STRING(value)
    if value is None:
        return "null"
    if value is True or value is False:
        return "true" if value else "false"
    if type(value) is int:
        return int.__repr__(value)
    import json

    return json.dumps(value, ensure_ascii=False)


def _json_head(result: CheckResult) -> dict[str, Any]:
    return {
        "version": JSON_VERSION,
        "summary": {
            "errors": len(result.errors),
            "warnings": len(result.warnings),
            "files": len(result.checked_files),
        },
        "checked": list(result.checked_files),
        "skipped": list(result.skipped),
    }


def checks_json(checks: Iterable[Check], settings: Settings | None = None) -> list[dict[str, Any]]:
    rows = []
    for check in checks:
        enabled = settings.enabled(check) if settings else True
        rows.append(
            {
                "code": check.code,
                "name": check.name,
                "severity": settings.severity(check) if settings else check.severity,
                "default_severity": check.severity,
                "enabled": enabled,
                "runs_on": check.kind,
                "description": check.description,
            }
        )
    return rows


_KINDS_BY_FILE = {
    ".po": {"state", "message", "locale", "cue"},
    ".pot": {"source"},
    ".srt": {"cue", "timing"},
}


def to_junit(result: CheckResult, *, timestamp: str | None = None, hostname: str = "") -> str:
    """JUnit XML (the Ant/windyroad JUnit.xsd): one testsuite per file, one
    testcase per check; errors are failures, warnings go to system-out."""
    import socket
    import xml.etree.ElementTree as ElementTree
    from datetime import UTC, datetime

    stamp = timestamp or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    host = hostname or socket.gethostname() or "localhost"
    files = list(dict.fromkeys([*result.checked_files, *(f.path for f in result.findings)]))
    root = ElementTree.Element("testsuites")
    for number, path in enumerate(files):
        in_file = [finding for finding in result.findings if finding.path == path]
        kinds = result.file_kinds.get(path) or _KINDS_BY_FILE.get(Path(path).suffix, {"message"})
        checks = [c for c in result.checks if c.kind in kinds] or [
            REGISTRY[code] for code in sorted({f.code for f in in_file})
        ]
        extra = sorted({f.code for f in in_file} - {c.code for c in checks})
        checks += [REGISTRY[code] for code in extra]
        failures = 0
        suite = ElementTree.SubElement(root, "testsuite")
        ElementTree.SubElement(suite, "properties")
        for check in checks:
            case = ElementTree.SubElement(
                suite, "testcase", name=check.label, classname=_classname(path), time="0"
            )
            errors = [f for f in in_file if f.code == check.code and f.severity == "error"]
            if errors:
                failures += 1
                failure = ElementTree.SubElement(
                    case,
                    "failure",
                    type=check.code,
                    message=f"{_plural(len(errors), 'error')}: {errors[0].message}",
                )
                failure.text = "\n".join(finding.text_line() for finding in errors) + "\n"
        out = ElementTree.SubElement(suite, "system-out")
        warnings = [finding.text_line() for finding in in_file if finding.severity == "warning"]
        out.text = "\n".join(warnings) + ("\n" if warnings else "")
        ElementTree.SubElement(suite, "system-err").text = ""
        suite.attrib.update(
            {
                "name": path,
                "package": "seoultrain-i18n",
                "id": str(number),
                "timestamp": stamp,
                "hostname": host,
                "tests": str(len(checks)),
                "failures": str(failures),
                "errors": "0",
                "skipped": "0",
                "time": "0",
            }
        )
    ElementTree.indent(root)
    body = ElementTree.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


def _classname(path: str) -> str:
    """``locales/ko/LC_MESSAGES/site.po`` → ``locales.ko.LC_MESSAGES.site_po``."""
    return re.sub(r"[^\w/]+", "_", path).replace("/", ".") or "file"
