"""A CLI that behaves: progress bars for build and pipeline on a terminal (a
real pty), a closed pipe ends quietly, "did you mean" for typos, and a folder
that is no project is refused before anything is created there."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tests.site_project import bundled_copy


def run_on_a_tty(*args: str, cwd: Path) -> tuple[int, str, str]:
    """Run the CLI with stderr on a pseudo-terminal: (exit code, stdout, terminal text)."""
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "seoultrain_i18n", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=slave,
        env={**os.environ, "PYTHONUTF8": "1", "COLUMNS": "100"},
    )
    os.close(slave)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([master], [], [], 0.1)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        elif process.poll() is not None:
            break
    os.close(master)
    assert process.stdout is not None
    stdout = process.stdout.read().decode()
    process.stdout.close()
    return process.wait(timeout=120), stdout, b"".join(chunks).decode(errors="replace")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bundled_copy(tmp_path_factory.mktemp("cli") / "project").root


BUILD_STEPS = (
    "Compiling MO files",
    "Writing JSON bundles",
    "Building subtitle tracks",
    "Building the site",
    "Writing the report",
)


def test_build_shows_a_bar_for_every_step_on_a_terminal(project: Path) -> None:
    code, stdout, terminal = run_on_a_tty("build", "--allow-incomplete", cwd=project)
    assert code == 0, terminal
    for label in BUILD_STEPS:
        assert f"{label}  [" in terminal, label
        assert terminal.count(f"{label}  [") >= 2, f"{label}: the bar moves"
    assert "100%" in terminal
    assert "site:" in stdout  # the summary stays on stdout


def test_quiet_and_redirected_builds_show_no_bar(project: Path) -> None:
    code, _, terminal = run_on_a_tty("-q", "build", "--allow-incomplete", cwd=project)
    assert code == 0
    assert "[" not in terminal
    redirected = run_cli("build", "--allow-incomplete", cwd=project)
    assert redirected.returncode == 0
    assert not any(label in redirected.stderr for label in BUILD_STEPS)


def test_pipeline_shows_bars_for_its_long_steps(project: Path) -> None:
    code, _, terminal = run_on_a_tty("pipeline", "--allow-incomplete", cwd=project)
    assert code in (0, 1), terminal  # 1: findings, as `check` would
    for label in ("Extracting", "Updating catalogs", "Checking catalogs", *BUILD_STEPS):
        assert f"{label}  [" in terminal, label
    assert "Traceback" not in terminal


@pytest.fixture
def many_findings(tmp_path: Path) -> Path:
    """A catalog whose 3,000 translations each lose their placeholder: `check`
    prints far more than a pipe holds."""
    (tmp_path / "pyproject.toml").write_text(
        '[tool.seoultrain-i18n]\ntarget-locales = ["ko"]\n', encoding="utf-8"
    )
    folder = tmp_path / "locales" / "ko" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    entries = [f'#, c-format\nmsgid "Item {n}: %d trains"\nmsgstr "' for n in range(3000)]
    (tmp_path / "locales" / "app.pot").write_text(
        header + "\n" + "".join(f'{e}"\n\n' for e in entries), encoding="utf-8"
    )
    (folder / "app.po").write_text(
        header
        + '"Language: ko\\n"\n"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
        + "".join(f'{e}항목 {n}: 기차"\n\n' for n, e in enumerate(entries)),
        encoding="utf-8",
    )
    return tmp_path


def test_check_into_a_closed_pipe_ends_quietly(many_findings: Path) -> None:
    command = (
        f"'{sys.executable}' -m seoultrain_i18n check | head -1; "
        'echo "status=${PIPESTATUS[0]}" >&2'
    )
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=many_findings,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.stdout.count("\n") == 1
    assert "M202" in result.stdout
    assert "internal error" not in result.stderr
    assert "Traceback" not in result.stderr
    assert "BrokenPipe" not in result.stderr
    assert result.stderr.strip().endswith("status=141")  # as a tool killed by SIGPIPE


def test_a_mistyped_command_gets_a_suggestion(project: Path) -> None:
    result = run_cli("chek", cwd=project)
    assert result.returncode == 2
    assert "No such command 'chek'. Did you mean 'check'?" in result.stderr
    unknown = run_cli("xyzzy", cwd=project)
    assert unknown.returncode == 2
    assert "Commands: build, check" in unknown.stderr


def test_a_mistyped_option_gets_a_suggestion(project: Path) -> None:
    result = run_cli("build", "--sit", cwd=project)
    assert result.returncode == 2
    assert "No such option '--sit'" in result.stderr
    assert "'--site'" in result.stderr
    result = run_cli("translate", "--dry-runn", cwd=project)
    assert result.returncode == 2
    assert "Did you mean '--dry-run'?" in result.stderr


@pytest.mark.parametrize("command", ["pipeline", "build", "extract", "update", "check"])
def test_a_folder_that_is_no_project_is_refused(tmp_path: Path, command: str) -> None:
    (tmp_path / "notes.txt").write_text("not a project\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "other"\n', encoding="utf-8")
    result = run_cli(command, cwd=tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0] == (
        f"error: {tmp_path.resolve()}: not a seoultrain-i18n project (no [tool.seoultrain-i18n] "
        "in pyproject.toml and none of content/, subtitles/, locales/); run it in a project "
        "folder or pass --project"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt", "pyproject.toml"]


def test_a_folder_with_only_the_configuration_or_one_folder_is_a_project(tmp_path: Path) -> None:
    (tmp_path / "subtitles").mkdir()
    assert run_cli("extract", cwd=tmp_path).returncode == 0
    other = tmp_path / "configured"
    other.mkdir()
    (other / "pyproject.toml").write_text("[tool.seoultrain-i18n]\n", encoding="utf-8")
    assert run_cli("stats", cwd=other).returncode == 0


def test_verbose_hints_name_only_options_the_command_has(tmp_path: Path) -> None:
    import click

    from seoultrain_i18n.cli import _for_this_command, cli

    (tmp_path / "subtitles").mkdir()
    (tmp_path / "subtitles" / "reel.en.srt").write_text(
        "1\n00:00:01,000 --> 00:00:0x,000\nHello\n", encoding="utf-8"
    )
    result = run_cli("-v", "extract", cwd=tmp_path)
    assert result.returncode == 1
    hints = [line for line in result.stderr.splitlines() if line.startswith("  hint:")]
    assert hints == [  # extract has --encoding
        "  hint: correct the cue at that line in a subtitle editor; "
        "for garbled text pass --encoding"
    ]
    hint = "correct the cue at that line; for garbled text pass --encoding"
    context = click.Context(cli)
    context.invoked_subcommand = "stats"  # stats has no --encoding
    assert _for_this_command(context, hint) == "correct the cue at that line"
    context.invoked_subcommand = "extract"
    assert _for_this_command(context, hint) == hint


def test_every_option_a_hint_names_exists() -> None:
    """Each ``--option`` in a hint of the package is an option of some command."""
    import click

    from seoultrain_i18n.cli import COMMANDS, cli

    context = click.Context(cli)
    options = {name for param in cli.params for name in getattr(param, "opts", [])}
    for name in COMMANDS:
        command = cli.get_command(context, name)
        assert command is not None, name
        commands = [command, *getattr(command, "commands", {}).values()]
        for each in commands:
            options |= {n for param in each.params for n in getattr(param, "opts", [])}
    package = Path(__file__).resolve().parents[2] / "seoultrain_i18n"
    named: set[str] = set()
    for source in package.rglob("*.py"):
        for hint in re.findall(r"hint=(?:f?\"[^\"]*\"|\([^)]*\))", source.read_text("utf-8")):
            named |= set(re.findall(r"--[a-z][a-z-]*", hint))
    from seoultrain_i18n.cli import FILE_HINTS

    for hint in FILE_HINTS.values():
        named |= set(re.findall(r"--[a-z][a-z-]*", hint))
    assert named, "hints name options"
    assert named <= options, named - options
