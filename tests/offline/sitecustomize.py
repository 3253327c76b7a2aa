"""Put this folder on PYTHONPATH and no Python started there can reach another machine.

Every socket connection and name lookup except to this machine (loopback addresses, Unix sockets) raises
``OSError("network blocked ...")``, so a command that tried to download anything would fail loudly.
Used by tests/test_offline.py and by CI's check of the installed wheel (.ci/wheel-check).
"""

from __future__ import annotations

import ipaddress
import socket

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "", None}


def _is_local(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(what: object) -> OSError:
    return OSError(f"network blocked by tests/offline/sitecustomize.py: {what}")


_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex
_getaddrinfo = socket.getaddrinfo


def _guarded_connect(self: socket.socket, address: object) -> None:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):  # type: ignore[index]
        raise _refuse(address)
    return _connect(self, address)  # type: ignore[arg-type]


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):  # type: ignore[index]
        raise _refuse(address)
    return _connect_ex(self, address)  # type: ignore[arg-type]


def _guarded_getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
    if not _is_local(host):
        raise socket.gaierror(socket.EAI_NONAME, f"network blocked by tests/offline/sitecustomize.py: {host}")
    return _getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]


socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
socket.getaddrinfo = _guarded_getaddrinfo  # type: ignore[assignment]


def _log_imports(path: str) -> None:
    """Write the top-level packages this process imported, one a line (VERACITY_IMPORTS_LOG names the file)."""
    import sys

    with open(path, "a", encoding="utf-8") as out:
        out.write("\n".join(sorted({name.split(".")[0] for name in sys.modules})) + "\n")


def _install_import_log() -> None:
    import atexit
    import os

    path = os.environ.get("VERACITY_IMPORTS_LOG")
    if path:
        atexit.register(_log_imports, path)


_install_import_log()
