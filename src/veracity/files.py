"""Writing a file so that a crash never leaves half of it: every dossier, report and installed model file
Veracity writes goes through ``write_atomically``."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

Content = str | bytes | Callable[[BinaryIO], object]


def write_atomically(path: Path, content: Content, *, check: Callable[[], None] | None = None) -> None:
    """Write ``content`` (text as UTF-8, bytes, or a function writing to the open file) to a temporary file
    beside ``path``, make it durable, then rename it into place; ``check()``, when given, runs before the
    rename and may refuse it by raising. On any failure the temporary file is removed and ``path`` is
    untouched. The file gets the usual permissions (0o666 less the umask), not mkstemp's private ones."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            if isinstance(content, str):
                out.write(content.encode("utf-8"))
            elif isinstance(content, bytes):
                out.write(content)
            else:
                content(out)
            out.flush()
            os.fsync(out.fileno())
        if check is not None:
            check()
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
