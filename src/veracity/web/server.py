"""``veracity serve``: the app under uvicorn, one process (``--analysis-process``: the analyses in a second)."""

from __future__ import annotations

import sys

from veracity.errors import ConfigError
from veracity.web.settings import WebSettings

SWITCH_INTERVAL_S = 0.0005


def serve(settings: WebSettings, *, host: str = "127.0.0.1", port: int = 8080, log_level: str = "info") -> int:
    import uvicorn
    from threadpoolctl import threadpool_limits

    from veracity.store import open_store
    from veracity.web.app import create_app

    if not 0 < port < 65536:
        raise ConfigError(f"--port must be between 1 and 65535, not {port}")
    open_store(settings.store).close()  # a wrong --store fails here, with the store's own message
    where = "localhost" if host in ("127.0.0.1", "::1") else host
    print(f"veracity: serving on http://{where}:{port} (API docs at /docs); Ctrl-C stops", file=sys.stderr)
    if settings.token is None and host not in ("127.0.0.1", "::1", "localhost"):
        print("veracity: warning: listening beyond this machine without VERACITY_TOKEN: anyone who can reach "
              "it can read and add dossiers", file=sys.stderr)
    if settings.host_names is None:
        print("veracity: warning: answering to any Host name; pass --host-name with the names people use to reach "
              "this server, so a hostile DNS name cannot read from it (DNS rebinding)", file=sys.stderr)
    # Request threads and job workers share one interpreter lock. A worker busy with numpy keeps taking it
    # back, and a search, which needs it between hundreds of small steps, waits up to the switch interval
    # each time (5 ms by default): a tenth of that lets a search through a busy server in far less time.
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    # One BLAS thread per caller. OpenBLAS's own pool serves one matrix product at a time, so a search's
    # small products queued behind a job's large ones: a query embedding took 176 ms at the median beside
    # two busy embedders with the pool, 34 ms without it (and 70 ms alone with it, for its start-up cost).
    threadpool_limits(limits=1, user_api="blas")
    uvicorn.run(create_app(settings), host=host, port=port, log_level=log_level, server_header=False,
                proxy_headers=False, workers=1)
    return 0
