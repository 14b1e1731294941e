"""A real ``newsitem serve`` process on 127.0.0.1: curl, raw sockets, workers, start-up cost."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import EXAMPLES, ROOT
from tests.serve.conftest import LiveServer, have_curl, start_server

BAD_VALUES = EXAMPLES / "invalid" / "bad-values.json"


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - a local URL
        return int(response.status), bytes(response.read())


def _issues(report: dict[str, Any]) -> list[dict[str, Any]]:
    return [i for f in report["files"] for item in f["items"] for i in item["issues"]]


def _cli_json(path: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-m", "newsitem", "validate", "-o", "json", str(path)],
        capture_output=True,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 1, done.stderr
    return dict(json.loads(done.stdout))


def test_healthz(live_server: LiveServer) -> None:
    """The process answers /healthz on 127.0.0.1."""
    status, body = _get(live_server.url + "/healthz")
    assert status == 200
    assert json.loads(body)["status"] == "ok"


@pytest.mark.skipif(not have_curl(), reason="curl is not installed")
def test_curl_data_binary_gives_the_cli_issues(live_server: LiveServer) -> None:
    """curl -sS --data-binary @examples/invalid/bad-values.json URL/v1/validate returns the
    issues of newsitem validate -o json on that file."""
    done = subprocess.run(
        [
            "curl",
            "-sS",
            "--data-binary",
            "@examples/invalid/bad-values.json",
            f"{live_server.url}/v1/validate",
        ],
        capture_output=True,
        check=True,
        cwd=ROOT,
    )
    served = json.loads(done.stdout)
    cli = _cli_json(BAD_VALUES)
    assert _issues(served) == _issues(cli)
    assert [i["code"] for i in _issues(served)] == ["NI201", "NI205", "NI206", "NI200", "NI203"]
    assert served["files"][0]["items"][0]["valid"] is False


def _raw_request(port: int, head: bytes, body_chunks: int, chunk: bytes) -> tuple[bytes, int]:
    """Send a request and body chunks until the server answers or stops reading; return the
    answer and the number of body bytes sent."""
    sent = 0
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(head)
        sock.settimeout(0.5)
        for _ in range(body_chunks):
            try:
                sock.sendall(chunk)
            except (TimeoutError, BrokenPipeError, ConnectionResetError):
                break  # the server stopped reading: it has answered
            sent += len(chunk)
        sock.settimeout(10)
        answer = b""
        try:
            while b"\r\n\r\n" not in answer:
                more = sock.recv(65536)
                if not more:
                    break
                answer += more
        except (ConnectionResetError, TimeoutError):
            pass
        return answer, sent


def test_chunked_body_over_limit_is_refused_while_sent(tmp_path: Path) -> None:
    """A chunked upload with no length gets 413 once past the limit, long before it ends,
    and the server goes on serving."""
    server = start_server(tmp_path, "--max-body-bytes", "100000")
    try:
        head = (
            b"POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        piece = b"8000\r\n" + b" " * 0x8000 + b"\r\n"
        answer, sent = _raw_request(server.port, head, 10_000, piece)  # 320 MB if all went
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
        assert sent < 50_000_000
        assert _get(server.url + "/healthz")[0] == 200
    finally:
        server.stop()


def test_declared_huge_length_is_refused_at_once(live_server: LiveServer) -> None:
    """A Content-Length over the limit is answered 413 before any body is sent."""
    with socket.create_connection(("127.0.0.1", live_server.port), timeout=10) as sock:
        sock.sendall(
            b"POST /v1/validate HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999999\r\n\r\n"
        )
        answer = sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 413")
    assert b"Traceback" not in answer


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    if not path.exists():
        pytest.skip("/proc does not list child processes here")
    return [int(p) for p in path.read_text().split()]


def test_workers_share_the_port_and_a_dead_worker_is_replaced(tmp_path: Path) -> None:
    """--workers 2 forks two workers; one killed is replaced and the port keeps answering."""
    server = start_server(tmp_path, "--workers", "2")
    try:
        deadline = time.monotonic() + 20
        while len(_children(server.process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        first = _children(server.process.pid)
        assert len(first) == 2
        os.kill(first[0], signal.SIGKILL)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            now = _children(server.process.pid)
            if len(now) == 2 and first[0] not in now:
                break
            time.sleep(0.1)
        assert len(now) == 2
        assert first[0] not in now
        for _ in range(6):
            assert _get(server.url + "/healthz")[0] == 200
    finally:
        server.stop()
    assert server.process.returncode is not None


def test_sigterm_stops_the_server(tmp_path: Path) -> None:
    """SIGTERM ends newsitem serve promptly, after a graceful shutdown (uvicorn then ends by
    the signal it was sent, as a well-behaved process does)."""
    server = start_server(tmp_path)
    assert _get(server.url + "/healthz")[0] == 200
    os.kill(server.process.pid, signal.SIGTERM)
    assert server.process.wait(timeout=10) in {0, -signal.SIGTERM}
    server.stop()
    assert "Finished server process" in server.log.read_text("utf-8", "replace")


def test_serve_without_the_extra_says_what_to_install() -> None:
    """Without Starlette installed, newsitem serve exits 2 naming the extra, no traceback."""
    code = (
        "import sys; sys.modules['starlette'] = None; sys.argv = ['newsitem', 'serve']\n"
        "from newsitem.cli import main; main()"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 2
    assert "newsitem[serve]" in done.stderr
    assert "Traceback" not in done.stderr


def test_import_and_cli_start_do_not_load_the_framework() -> None:
    """import newsitem and loading the CLI import neither Starlette nor uvicorn."""
    code = (
        "import sys, newsitem, newsitem.cli\n"
        "loaded = [m for m in ('starlette', 'uvicorn', 'multipart', 'python_multipart') "
        "if m in sys.modules]\n"
        "print(','.join(loaded))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""


def test_serve_help_names_the_extra() -> None:
    """newsitem serve --help lists the options and names the extra to install."""
    from typer.testing import CliRunner

    from newsitem.cli import app

    result = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "newsitem[serve]" in result.stdout
    for option in ("--host", "--port", "--workers", "--cors", "--timeout", "--max-body-bytes"):
        assert option in result.stdout
