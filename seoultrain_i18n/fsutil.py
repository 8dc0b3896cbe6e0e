"""Safe file writing: atomic replacement and a per-project lock.

A write goes to a temporary file in the same folder, is flushed to disk and
then renamed over the target, so a crash leaves either the old or the new
file. The project lock keeps two runs from interleaving their writes.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from seoultrain_i18n.errors import I18nError


def _describe(error: OSError, path: Path) -> I18nError:
    if error.errno == errno.ENOSPC:
        return I18nError(f"{path}: cannot write: the disk is full; nothing was changed")
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return I18nError(
            f"{path}: cannot write: permission denied or read-only; nothing was changed"
        )
    return I18nError(f"{path}: cannot write: {error.strerror or error}; nothing was changed")


def atomic_write_bytes(path: str | Path, data: bytes, *, durable: bool = True) -> None:
    """Replace ``path`` with ``data`` atomically (old or new, never half).

    ``durable=False`` skips the fsync: still atomic for readers, for outputs
    that a build can always write again (pages, bundles), where a flush to
    disk per file would cost more than the build itself.
    """
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink():
            raise I18nError(f"{target}: refusing to write through a symbolic link")
        descriptor, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
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
    target = Path(path)
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
        yield
    finally:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
        handle.close()
