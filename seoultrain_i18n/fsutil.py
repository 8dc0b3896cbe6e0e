"""Safe file access: the project's bounds, atomic replacement, a per-project lock.

Bounds. While a project is confined (``confine(root)``: the CLI does it for
every command), every path read or written through this module is resolved
(symbolic links at every level) and must lie inside the project; a path that
leads out is an error naming the symbolic link that leads there. Files a user
names on the command line (``import FILE``, ``--output FILE``) are allowed
one by one (``allow``).

A write goes to a temporary file in the same folder, is flushed to disk and
then renamed over the target, so a crash leaves either the old or the new
file. The project lock keeps two runs from interleaving their writes; under
it, a run removes the temporary files a killed run left behind.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

from seoultrain_i18n.errors import I18nError

TEMP_SUFFIX = ".tmp"
# ``.NAME.PID-RANDOM.tmp``: the writer's process id tells a killed run's leftovers
# from a live run's file in progress.
_TEMPORARY = re.compile(r"\..+\.(\d+)-[A-Za-z0-9_]+\.tmp")


class OutsideProjectError(I18nError):
    """A path that resolves outside the project (through a symbolic link)."""


class _Bounds:
    root: Path | None = None  # resolved
    shown: Path | None = None  # as the user gave it
    allowed: frozenset[Path] = frozenset()


_BOUNDS = _Bounds()


@contextlib.contextmanager
def confine(root: str | Path) -> Iterator[None]:
    """Within the block, every read and write must stay inside ``root``."""
    previous = (_BOUNDS.root, _BOUNDS.shown, _BOUNDS.allowed)
    _BOUNDS.root, _BOUNDS.shown = Path(os.path.realpath(root)), Path(root)
    _BOUNDS.allowed = frozenset()
    try:
        yield
    finally:
        _BOUNDS.root, _BOUNDS.shown, _BOUNDS.allowed = previous


def allow(path: str | Path) -> None:
    """Let the confined run read or write ``path`` (a file named by the user)."""
    _BOUNDS.allowed = _BOUNDS.allowed | {Path(os.path.realpath(path))}


def _within(resolved: Path, root: Path) -> bool:
    return resolved == root or root in resolved.parents


def inside(path: str | Path) -> Path:
    """``path`` if it resolves inside the confined project, else OutsideProjectError."""
    root = _BOUNDS.root
    given = Path(path)
    if root is None:
        return given
    resolved = Path(os.path.realpath(given))
    if _within(resolved, root) or resolved in _BOUNDS.allowed:
        return given
    raise OutsideProjectError(_outside_message(given, root))


def _outside_message(given: Path, root: Path) -> str:
    """Name the first symbolic link on the way that leads out of the project."""
    absolute = Path(os.path.abspath(given))
    for step in [*reversed(absolute.parents), absolute]:
        if step.is_symlink():
            target = Path(os.path.realpath(step))
            if _within(Path(os.path.realpath(step.parent)), root) and not _within(target, root):
                return (
                    f"{_shown(step)}: is a symbolic link to {target}, outside the project "
                    f"{root}; refusing to read or write through it"
                )
    return f"{_shown(given)}: outside the project {root}; refusing to read or write it"


def _shown(path: Path) -> str:
    """A path relative to the project folder as the user named it, when it is inside."""
    root = _BOUNDS.shown
    if root is not None:
        try:
            return Path(os.path.abspath(path)).relative_to(os.path.abspath(root)).as_posix()
        except ValueError:
            pass
    return str(path)


def read_bytes(path: str | Path) -> bytes:
    """The bytes of a file inside the project (OSError as ``Path.read_bytes``)."""
    return inside(path).read_bytes()


def read_text(path: str | Path, encoding: str = "utf-8") -> str:
    return read_bytes(path).decode(encoding)


def remove(path: str | Path) -> None:
    """Delete a file inside the project."""
    inside(path).unlink()


def _describe(error: OSError, path: Path) -> I18nError:
    if error.errno == errno.ENOSPC:
        return I18nError(f"{path}: cannot write: the disk is full; this file was left as it was")
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return I18nError(
            f"{path}: cannot write: permission denied or read-only; this file was left as it was"
        )
    return I18nError(
        f"{path}: cannot write: {error.strerror or error}; this file was left as it was"
    )


def atomic_write_bytes(path: str | Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically (old or new, never half).

    ``durable=False`` skips the fsync: still atomic for readers, for outputs
    that a build can always write again (pages, bundles), where a flush to
    disk per file would cost more than the build itself.
    """
    target = inside(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink():
            raise I18nError(f"{target}: refusing to write through a symbolic link")
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.{os.getpid()}-", suffix=TEMP_SUFFIX, dir=target.parent
        )
    except OSError as error:
        raise _describe(error, target) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            if durable:
                os.fsync(handle.fileno())
        with contextlib.suppress(OSError):
            mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
            os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise _describe(error, target) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def atomic_write_text(path: str | Path, text: str, encoding: str = "utf-8") -> None:
    atomic_write_bytes(path, text.encode(encoding))


def write_if_changed(path: str | Path, data: bytes, *, durable: bool = True) -> bool:
    """Write atomically only when the content differs; True if written."""
    target = inside(path)
    try:
        if target.read_bytes() == data:
            return False
    except OSError:
        pass
    atomic_write_bytes(target, data, durable=durable)
    return True


@contextlib.contextmanager
def project_lock(folder: str | Path, name: str = ".seoultrain-i18n.lock") -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` for the duration of a run.

    A second run waits for the first to finish instead of interleaving writes.
    """
    directory = Path(folder)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle = open(directory / name, "a+b")  # noqa: SIM115 - held for the whole block
    except OSError as error:
        raise _describe(error, directory / name) from None
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        remove_leftovers(directory)
        yield
    finally:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        handle.close()


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs (someone else's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's live process
    return True


def remove_leftovers(folder: str | Path) -> list[Path]:
    """Delete the temporary files that killed runs left under ``folder``.

    Only files named like ours whose writer process is gone; a live run's
    file in progress is left alone. Symbolic links are not followed.
    """
    removed: list[Path] = []
    for current, folders, names in os.walk(folder):
        folders[:] = [name for name in folders if not os.path.islink(os.path.join(current, name))]
        for name in names:
            match = _TEMPORARY.fullmatch(name)
            if match is None or process_alive(int(match.group(1))):
                continue
            path = Path(current) / name
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed
