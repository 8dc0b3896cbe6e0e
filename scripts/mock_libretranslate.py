#!/usr/bin/env python3
"""Run the fake LibreTranslate server so a person can try ``translate`` offline.

    .venv/bin/python scripts/mock_libretranslate.py --port 5000 --latency 0.05
    .venv/bin/seoultrain-i18n translate --provider libre --provider-url http://127.0.0.1:5000/

Translations are fake (ROT13 for Latin letters; tokens, tags and placeholders
untouched). Faults for the next requests: ``--faults "429*3,500,hang,garbage"``;
a fault for every text containing a string: ``--fail-on "Yalu=500"``. Stops
with Ctrl-C, or by itself after ``--seconds``. Listens on 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from seoultrain_i18n.testing.libretranslate_server import (
    FakeTranslateServer,
    parse_faults,
)


def main() -> None:
    parser = argparse.ArgumentParser(description="A fake LibreTranslate server on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=5000, help="0 picks a free port")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to each answer")
    parser.add_argument("--hang-seconds", type=float, default=30.0, help="length of a 'hang' fault")
    parser.add_argument("--faults", default="", help='e.g. "429*3,500,hang,garbage,empty"')
    parser.add_argument(
        "--fail-on",
        action="append",
        default=[],
        metavar="TEXT=FAULT",
        help="apply FAULT to every request containing TEXT (repeatable)",
    )
    parser.add_argument(
        "--seconds", type=float, default=0.0, help="stop after this long (0: never)"
    )
    args = parser.parse_args()
    try:
        faults = parse_faults(args.faults)
        rules = {}
        for rule in args.fail_on:
            needle, _, fault = rule.rpartition("=")
            rules[needle] = parse_faults(fault)[0]
    except (ValueError, IndexError) as error:
        parser.error(str(error))
    server = FakeTranslateServer(args.port, latency=args.latency, hang_seconds=args.hang_seconds)
    server.faults.extend(faults)
    server.rules.update(rules)
    print(f"fake LibreTranslate listening on {server.url} (Ctrl-C to stop)", flush=True)
    started = time.monotonic()
    server.timeout = 0.5
    try:
        while not args.seconds or time.monotonic() - started < args.seconds:
            server.handle_request()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        print(f"served {server.requests} translate requests", flush=True)


if __name__ == "__main__":
    main()
