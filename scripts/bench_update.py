"""Benchmark: `seoultrain-i18n update` vs `msgmerge` vs `pybabel update`.

Builds a realistic update case:
an old catalog of N real Blender UI messages with their Simplified Chinese
translations (corpus po/blender-acon3d/zh_CN.po, header repaired), and a new
template where 10 % of msgids get a slight edit (toggle trailing ./:, change
the case of a word, replace/insert/delete a word), 5 % are removed and 5 % of
real git msgids (corpus po/git/ko.po) are added at random positions.

Every tool runs as a whole process (interpreter start included; with
--bytecode ours starts from compiled bytecode, as an installed package does,
after one untimed run), alternating
ours / msgmerge so the ratios are pairwise; pybabel runs at a smaller size
(it is quadratic: minutes already at a few thousand messages) with a timeout.
Fuzzy matches are counted against the manifest: an edited msgid is right when
its fuzzy translation is the old translation of the msgid it was edited from;
a fuzzy match is "below threshold" when the Indel similarity of its `#| msgid`
and its msgid is < 0.6.

    .venv/bin/python scripts/bench_update.py [--size 20000] [--runs 3] [--babel-size 2000]
        [--data sentences|blender] [--bytecode]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rapidfuzz import fuzz

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from seoultrain_i18n.errors import ParseError  # noqa: E402
from seoultrain_i18n.formats.po import parse_po, read_po, write_po  # noqa: E402
from seoultrain_i18n.model import Catalog, Message  # noqa: E402

# shared/ beside the repository (or beside a folder holding worktrees of it).
CORPUS = (
    next(
        (parent / "shared" for parent in REPO.parents if (parent / "shared").is_dir()),
        REPO.parent / "shared",
    )
    / "corpus"
    / "po"
)
INSERTS = [
    "new",
    "all",
    "selected",
    "current",
    "active",
    "the",
    "default",
    "custom",
    "invalid",
    "remote",
]
HEADER = [
    ("Project-Id-Version", "bench 1.0"),
    ("Report-Msgid-Bugs-To", ""),
    ("POT-Creation-Date", "2024-01-01 00:00+0000"),
    ("PO-Revision-Date", "2024-01-01 00:00+0000"),
    ("Last-Translator", "Bench <bench@example.org>"),
    ("Language-Team", "Chinese <LL@li.org>"),
    ("Language", "zh_Hans"),
    ("MIME-Version", "1.0"),
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Content-Transfer-Encoding", "8bit"),
    ("Plural-Forms", "nplurals=1; plural=0;"),
]


def blender_messages() -> list[Message]:
    data = (CORPUS / "blender-acon3d" / "zh_CN.po").read_bytes()
    body = data[data.index(b'\n\n\nmsgid "Shader AOV"') :]
    clean = b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n' + body
    catalog = parse_po(clean, "blender-zh_CN.po")
    return [m for m in catalog.messages if not m.obsolete and m.translated]


SUBJECTS = [
    "the refugees",
    "a young mother",
    "the activists",
    "the film crew",
    "a North Korean family",
    "the missionaries",
    "the smugglers",
    "our guide",
    "the border guards",
    "the director",
    "the survivors",
    "a teenage boy",
    "the Chinese police",
    "the volunteers",
    "a grandmother",
]
VERBS = [
    "crossed",
    "waited near",
    "walked along",
    "escaped from",
    "hid inside",
    "returned to",
    "described",
    "remembered",
    "filmed",
    "reached",
    "left",
    "searched for",
    "protected",
    "followed",
    "spoke about",
]
OBJECTS = [
    "the frozen Tumen River",
    "a safe house in Shenyang",
    "the Mongolian border",
    "the embassy gate",
    "a crowded train station",
    "the mountain pass",
    "the underground railroad",
    "a small apartment",
    "the checkpoint",
    "the last bus to Kunming",
    "their home village",
    "the detention center",
    "a church in Yanji",
    "the desert at night",
    "the long journey south",
]
TAILS = [
    "before dawn",
    "after three days without food",
    "while the cameras were rolling",
    "despite the danger",
    "in the middle of winter",
    "with nothing but a small bag",
    "because they had no other choice",
    "when the guards changed shifts",
    "for the first time",
    "without telling anyone",
    "as the snow kept falling",
    "under a false name",
]
OPENERS = [
    "",
    "",
    "",
    "In 2002, ",
    "Later that night, ",
    "According to the volunteers, ",
    "Years afterwards, ",
    "At the end of the film, ",
    "Without warning, ",
]


def sentence(rng: random.Random) -> str:
    text = f"{rng.choice(OPENERS)}{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
    if rng.random() < 0.6:
        text += " " + rng.choice(TAILS)
    text = text[0].upper() + text[1:]
    return text + rng.choice([".", ".", ".", "!", "?", "..."])


def chinese(text: str) -> str:
    """A stand-in Simplified Chinese translation of about the right length."""
    han = (
        "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所"
        "民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日"
        "那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想"
        "已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指"
        "几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权"
        "收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集"
        "温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支"
        "般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属"
        "圆包火住调满县局照参红细引听该铁价严"
    )
    length = max(2, int(len(text) * 0.45))
    seed = sum(map(ord, text))
    body = "".join(han[(seed * (i + 7) + i * i) % len(han)] for i in range(length))
    return body + "。"


def _markov_model() -> dict[str, list[str]]:
    """Word bigrams of every English msgid in the corpus (git, django, totem, aegisub, GNOME
    Subtitles, Blender), plus the film-themed sentences above, as a text generator."""
    chain: dict[str, list[str]] = {}
    rng = random.Random(3)
    texts = [sentence(rng) for _ in range(400)]
    for path in sorted(CORPUS.glob("*/*.po")):
        if "polib" in str(path) or "translate-toolkit" in str(path):
            continue
        try:
            catalog = read_po(path)
        except Exception:  # the corpus' deliberately broken files
            data = path.read_bytes()
            texts += [t.decode("utf-8", "replace") for t in re.findall(rb'\nmsgid "(.+)"', data)]
            continue
        texts += [m.source for m in catalog.messages]
    for text in texts:
        words = [w for w in re.sub(r"[%\\{}<>$@]\S*", "", text).split() if w.isprintable()]
        if len(words) < 3:
            continue
        for current, following in zip(["^", *words], [*words, "$"], strict=True):
            chain.setdefault(current, []).append(following)
    return chain


_CHAIN: dict[str, list[str]] = {}


def markov_sentence(rng: random.Random) -> str:
    if not _CHAIN:
        _CHAIN.update(_markov_model())
    words: list[str] = []
    word = "^"
    while len(words) < 40:
        word = rng.choice(_CHAIN.get(word, ["$"]))
        if word == "$":
            if len(words) >= 5:
                break
            word = "^"
            continue
        words.append(word)
    text = " ".join(words)
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?:" else text + "."


def sentences_catalog(count: int, seed: int) -> list[Message]:
    """Realistic site and subtitle text: single lines, short and long paragraphs."""
    rng = random.Random(seed)
    seen: set[str] = set()
    messages: list[Message] = []
    while len(messages) < count:
        shape = rng.random()
        if shape < 0.6:
            text = markov_sentence(rng)
        elif shape < 0.9:
            text = " ".join(markov_sentence(rng) for _ in range(rng.randrange(2, 4)))
        else:
            text = " ".join(markov_sentence(rng) for _ in range(rng.randrange(4, 7)))
        if text in seen:
            continue
        seen.add(text)
        context = f"cue {len(messages)}" if rng.random() < 0.05 else None
        messages.append(
            Message(
                source=text,
                context=context,
                translation=chinese(text),
                references=[f"content/page{len(messages) % 40}.html:{len(messages)}"],
            )
        )
    return messages


def make_case(
    size: int, seed: int, folder: Path, data: str = "sentences"
) -> tuple[Path, Path, dict[str, list]]:  # type: ignore[type-arg]
    entries = blender_messages()[:size] if data == "blender" else sentences_catalog(size, 7)
    old = Catalog(domain="bench", locale="zh_Hans", header=list(HEADER), messages=entries)
    rng = random.Random(seed)
    keys = {(m.context, m.source) for m in entries}
    vocab = sorted({w for m in entries for w in re.findall(r"[A-Za-z]{3,}", m.source)})

    def edit(text: str) -> str:
        words = text.split(" ")
        strategies = ["punct", "case", "replace", "insert"] + (
            ["delete"] if len(words) >= 3 else []
        )
        strategy = rng.choice(strategies)
        if strategy == "punct":
            return text[:-1] if text.endswith((".", ":")) else text + "."
        alpha = [i for i, w in enumerate(words) if re.fullmatch(r"[A-Za-z]+[,.:]?", w)]
        if strategy == "case":
            if not alpha:
                return text + "."
            i = rng.choice(alpha)
            words[i] = words[i][0].swapcase() + words[i][1:]
            return " ".join(words)
        if strategy == "replace":
            if not alpha:
                return text + " " + rng.choice(INSERTS)
            i = rng.choice(alpha)
            trail = words[i][-1] if words[i][-1] in ",.:" else ""
            words[i] = rng.choice(vocab) + trail
            return " ".join(words)
        if strategy == "insert":
            words.insert(rng.randrange(len(words) + 1), rng.choice(INSERTS))
            return " ".join(words)
        if not alpha:
            return text + "."
        del words[rng.choice(alpha)]
        return " ".join(words)

    n = len(entries)
    order = list(range(n))
    rng.shuffle(order)
    n_rm, n_ed, n_add = round(n * 0.05), round(n * 0.10), round(n * 0.05)
    removed, edited = set(order[:n_rm]), set(order[n_rm : n_rm + n_ed])
    manifest: dict[str, list] = {"edited": [], "removed": [], "added": []}  # type: ignore[type-arg]
    used = set(keys)
    pot: list[Message] = []
    for i, m in enumerate(entries):
        if i in removed:
            manifest["removed"].append([m.context, m.source])
            continue
        source = m.source
        if i in edited:
            for _ in range(20):
                source = edit(m.source)
                if source and source != m.source and (m.context, source) not in used:
                    break
            else:
                source = m.source + " (2)"
            used.add((m.context, source))
            manifest["edited"].append(
                {"ctxt": m.context, "old": m.source, "new": source, "msgstr": m.translation}
            )
        pot.append(
            Message(
                source=source, context=m.context, references=list(m.references), notes=list(m.notes)
            )
        )
    pool = []
    seen: set[tuple[str | None, str]] = set()
    if data == "blender":
        sources = [
            m
            for path in [CORPUS / "git" / "ko.po", *sorted(CORPUS.glob("aegisub/*.po"))]
            for m in read_po(path).messages
        ]
    else:
        sources = sentences_catalog(size + n_add * 2, 99)
    for m in sources:
        if m.obsolete or not m.source or m.source_plural or m.key in used or m.key in seen:
            continue
        seen.add(m.key)
        pool.append(m)
    rng.shuffle(pool)
    for m in pool[:n_add]:
        pot.insert(rng.randrange(len(pot) + 1), Message(source=m.source, context=m.context))
        manifest["added"].append([m.context, m.source])
    template_header = [(k, v) for k, v in HEADER if k not in ("Language", "Plural-Forms")]
    template = Catalog(
        domain="bench", header=[*template_header, ("X-Source-Language", "en")], messages=pot
    )
    old_path, pot_path = folder / "old.po", folder / "new.pot"
    write_po(old_path, old)
    write_po(pot_path, template)
    return old_path, pot_path, manifest


def score(out: Path, manifest: dict[str, list]) -> dict[str, int]:  # type: ignore[type-arg]
    catalog = read_po(out)
    live = {m.key: m for m in catalog.messages if not m.obsolete}
    fuzzy = [m for m in live.values() if m.fuzzy]
    edited_fuzzy = edited_right = 0
    for item in manifest["edited"]:
        m = live.get((item["ctxt"], item["new"]))
        if m is not None and m.fuzzy:
            edited_fuzzy += 1
            edited_right += m.translation == item["msgstr"]
    below = sum(
        1
        for m in fuzzy
        if m.previous_source is not None and fuzz.ratio(m.previous_source, m.source) < 60
    )
    added = sum(1 for c, s in manifest["added"] if (c, s) in live and live[(c, s)].fuzzy)
    return {
        "fuzzy": len(fuzzy),
        "edited": len(manifest["edited"]),
        "edited_fuzzy": edited_fuzzy,
        "edited_right": edited_right,
        "added_fuzzy": added,
        "below_threshold": below,
        "obsolete": sum(1 for m in catalog.messages if m.obsolete),
    }


CPU: dict[str, list[float]] = {}  # command name -> CPU seconds (user + system) per run


# Environment of our runs; --bytecode sets a compiled-bytecode cache (see main).
OURS_ENV: dict[str, str] | None = None


def timed(
    command: list[str], timeout: float | None = None, env: dict[str, str] | None = None
) -> float | None:
    """Wall seconds of one run; its CPU time goes to CPU[command name]. On a
    shared machine CPU time is the steadier figure: wall time also counts the
    time other jobs held the cores."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    deadline = None if timeout is None else start + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if deadline is not None and time.perf_counter() > deadline:
            process.kill()
            process.wait()
            return None
        time.sleep(0.01)
    if os.waitstatus_to_exitcode(status) != 0:
        stderr = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
        raise subprocess.CalledProcessError(os.waitstatus_to_exitcode(status), command, stderr)
    name = Path(command[0]).name if "seoultrain_i18n" not in command else "ours"
    CPU.setdefault(name, []).append(usage.ru_utime + usage.ru_stime)
    return time.perf_counter() - start


def project(folder: Path, old: Path, pot: Path) -> Path:
    root = folder / "project"
    if root.exists():
        shutil.rmtree(root)
    (root / "locales" / "zh_Hans" / "LC_MESSAGES").mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        '[tool.seoultrain-i18n]\nsource-locale = "en"\ntarget-locales = ["zh_Hans"]\n'
    )
    shutil.copy(pot, root / "locales" / "bench.pot")
    shutil.copy(old, root / "locales" / "zh_Hans" / "LC_MESSAGES" / "bench.po")
    return root


def ours(folder: Path, old: Path, pot: Path) -> tuple[float, Path]:
    root = project(folder, old, pot)
    seconds = timed(
        [sys.executable, "-m", "seoultrain_i18n", "--project", str(root), "-q", "update"],
        env=OURS_ENV,
    )
    assert seconds is not None
    return seconds, root / "locales" / "zh_Hans" / "LC_MESSAGES" / "bench.po"


def msgmerge(folder: Path, old: Path, pot: Path) -> tuple[float, Path]:
    out = folder / "msgmerge.po"
    seconds = timed(["msgmerge", "-q", "--previous", "-o", str(out), str(old), str(pot)])
    assert seconds is not None
    return seconds, out


def pybabel(folder: Path, old: Path, pot: Path, timeout: float) -> tuple[float | None, Path]:
    out = folder / "pybabel.po"
    shutil.copy(old, out)
    babel = Path(sys.executable).with_name("pybabel")
    seconds = timed(
        # No --previous: pybabel then writes multi-line "#| msgid" comments msgfmt rejects.
        [str(babel), "-q", "update", "-i", str(pot), "-o", str(out), "-l", "zh_Hans"],
        timeout,
    )
    return seconds, out


def run(
    size: int, runs: int, folder: Path, with_babel: bool, timeout: float, data: str
) -> dict[str, object]:
    old, pot, manifest = make_case(size, 42, folder, data)
    ours_times, merge_times, ratios = [], [], []
    if OURS_ENV is not None:
        ours(folder, old, pot)  # untimed: compiles every module it imports (as installing does)
    CPU.clear()
    for _ in range(runs):
        ours_seconds, ours_out = ours(folder, old, pot)
        merge_seconds, merge_out = msgmerge(folder, old, pot)
        ours_times.append(ours_seconds)
        merge_times.append(merge_seconds)
        ratios.append(ours_seconds / merge_seconds)
    cpu_ratios = [a / b for a, b in zip(CPU["ours"], CPU["msgmerge"], strict=True)]
    result: dict[str, object] = {
        "data": data,
        "size": size,
        "ours_s": statistics.median(ours_times),
        "msgmerge_s": statistics.median(merge_times),
        "ours_over_msgmerge": statistics.median(ratios),
        "ours_cpu_s": statistics.median(CPU["ours"]),
        "msgmerge_cpu_s": statistics.median(CPU["msgmerge"]),
        "ours_over_msgmerge_cpu": statistics.median(cpu_ratios),
        "ours": score(ours_out, manifest),
        "msgmerge": score(merge_out, manifest),
    }
    print(json.dumps(result, indent=2), file=sys.stderr)
    if with_babel:
        babel_seconds, babel_out = pybabel(folder, old, pot, timeout)
        result["pybabel_s"] = babel_seconds
        try:
            result["pybabel"] = score(babel_out, manifest) if babel_seconds is not None else None
        except ParseError as error:
            result["pybabel"] = f"output unreadable: {error}"
        print(json.dumps(result, indent=2), file=sys.stderr)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--babel-size", type=int, default=2000)
    parser.add_argument("--babel-timeout", type=float, default=600)
    parser.add_argument("--data", choices=["sentences", "blender"], action="append")
    parser.add_argument(
        "--bytecode",
        action="store_true",
        help="run ours from compiled bytecode, as an installed package runs "
        "(with PYTHONDONTWRITEBYTECODE a checkout compiles its modules at every start)",
    )
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        if args.bytecode:
            global OURS_ENV
            OURS_ENV = dict(os.environ)
            OURS_ENV.pop("PYTHONDONTWRITEBYTECODE", None)
            OURS_ENV["PYTHONPYCACHEPREFIX"] = str(folder / "pycache")
        for data in args.data or ["sentences", "blender"]:
            results.append(run(args.size, args.runs, folder / data, False, 0, data))
            if args.babel_size:
                results.append(
                    run(
                        args.babel_size,
                        args.runs,
                        folder / f"{data}-small",
                        True,
                        args.babel_timeout,
                        data,
                    )
                )
            print(json.dumps(results[-2:], indent=2), file=sys.stderr)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
