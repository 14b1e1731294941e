"""Running the service: uvicorn on a socket bound here, in one process or several forked ones.

The socket is bound before any worker starts, so the port is known (``--port 0`` picks a free
one) and every worker accepts on the same socket. A worker that dies is replaced.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import time
from collections.abc import Callable

from newsitem.serve.app import create_app
from newsitem.serve.config import ServeConfig

#: Connections served at once by one worker; past it uvicorn answers 503 at once, which bounds
#: the memory that bodies in flight can take (each at most the body limit).
MAX_CONNECTIONS = 128


def bind(host: str, port: int) -> socket.socket:
    """A listening TCP socket on host:port (port 0: a free one)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.create_server((host, port), family=family, backlog=1024)
    sock.set_inheritable(True)
    return sock


def run(
    config: ServeConfig,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    log_level: str = "info",
    on_listening: Callable[[str], None] | None = None,
) -> None:
    """Serve until interrupted (SIGINT or SIGTERM)."""
    import uvicorn

    sock = bind(host, port)
    bound_host, bound_port = sock.getsockname()[:2]
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    uconfig = uvicorn.Config(
        create_app(config),
        log_level=log_level,
        limit_concurrency=MAX_CONNECTIONS,
        timeout_keep_alive=5,
        server_header=False,
        date_header=True,
        proxy_headers=False,
        lifespan="on",
    )
    if on_listening is not None:
        on_listening(f"http://{shown}:{bound_port}")
    if workers <= 1:
        uvicorn.Server(uconfig).run(sockets=[sock])
        return
    _supervise(uconfig, sock, workers)


def _supervise(uconfig: object, sock: socket.socket, workers: int) -> None:
    import uvicorn

    assert isinstance(uconfig, uvicorn.Config)
    children: dict[int, float] = {}
    stopping = False
    quick_deaths = 0

    def spawn() -> None:
        pid = os.fork()
        if pid == 0:  # the worker
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            try:
                uvicorn.Server(uconfig).run(sockets=[sock])
            finally:
                os._exit(0)
        children[pid] = time.monotonic()

    def stop(signum: int, frame: object) -> None:
        del frame
        nonlocal stopping
        stopping = True
        for pid in list(children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM if signum != signal.SIGINT else signal.SIGINT)

    for _ in range(workers):
        spawn()
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while children:
        try:
            pid, _status = os.wait()
        except ChildProcessError:
            break
        started = children.pop(pid, None)
        if started is None or stopping:
            continue
        quick_deaths = quick_deaths + 1 if time.monotonic() - started < 1.0 else 0
        if quick_deaths >= 5:  # a worker that cannot start: stop rather than spin
            stop(signal.SIGTERM, None)
            continue
        spawn()
    sock.close()
