"""Write seoultrain_i18n/data/common-han.txt: the most frequent Chinese characters.

The list is what ``formats.encoding`` uses to tell real Chinese text from the
nonsense another legacy encoding decodes into (Korean EUC-KR bytes read as GBK
are valid, common-looking Han characters, but not the frequent ones). Source:
jieba's dictionary (word frequencies from Chinese text), summed per character;
the top N Simplified characters, then (a second section) their Traditional forms (OpenCC s2t,
s2tw, s2hk) so that Traditional text is measured the same way.

Run: .venv/bin/python scripts/make_common_han.py [N]   (default N = 3000)
"""

from __future__ import annotations

import sys
from collections import Counter
from importlib import resources
from pathlib import Path

import opencc

TARGET = Path(__file__).resolve().parent.parent / "seoultrain_i18n" / "data" / "common-han.txt"


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    frequency: Counter[str] = Counter()
    text = resources.files("jieba").joinpath("dict.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        word, number, *_ = line.split(" ")
        for char in word:
            if "\u4e00" <= char <= "\u9fff":
                frequency[char] += int(number)
    simplified = "".join(char for char, _ in frequency.most_common(count))
    traditional: dict[str, None] = {}
    for config in ("s2t", "s2tw", "s2hk"):
        traditional.update(dict.fromkeys(opencc.OpenCC(config).convert(simplified)))
    sections = [("# simplified", simplified), ("# traditional", "".join(traditional))]
    lines: list[str] = []
    for title, chars in sections:
        lines.append(title)
        lines.extend(chars[start : start + 80] for start in range(0, len(chars), 80))
    TARGET.write_text("\n".join(lines) + "\n", encoding="utf-8")
    chars = dict.fromkeys(simplified + "".join(traditional))
    print(f"{TARGET}: {len(chars)} characters")


if __name__ == "__main__":
    main()
