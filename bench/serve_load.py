"""A bounded load test of ``newsitem serve``: local only, a fixed number of requests, and it stops
by itself.

It starts ``newsitem serve`` on 127.0.0.1 at a free port, then 50 concurrent clients send a fixed
number of requests drawn in a fixed order from valid, invalid and hostile documents (billion
laughs, deep nesting, bodies over the limit, declared or streamed, and a compressed body). Every
answer is checked (status, validity, issue codes); the server must still be alive at the end.
It prints requests/s, p50/p99 latency per kind and overall, and the server's peak RSS, and with
``--record`` writes them into bench/results.md (its own section, replaced on each run).

    python bench/serve_load.py                 # 3000 requests, 50 clients
    python bench/serve_load.py --requests 500 --clients 10 --record
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gzip
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXAMPLES = ROOT / "examples"
RESULTS = HERE / "results.md"
MARK = "<!-- serve_load {key}: {end} -->"

#: The limits the server is started with (the body limit is lowered from the CLI's 16 MiB so
#: that the over-limit bodies are refused after a few MB rather than tens).
MAX_BODY = 4 * 1024 * 1024
#: Seconds the whole run may take before it is stopped (the request count is the real bound).
RUN_LIMIT = 900.0

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<newsItem xmlns="urn:newsitem:xml:1" version="1.0"><headline>&lol9;</headline></newsItem>
"""


@dataclass(frozen=True)
class Case:
    """One kind of request and the answer it must get."""

    kind: str
    path: str
    body: bytes
    status: int
    valid: bool | None = None
    codes: tuple[str, ...] = ()
    content_type: str = "application/octet-stream"
    streamed: bool = False  # sent chunked with no Content-Length
    expect: bool = False  # sent as curl sends large bodies: Expect: 100-continue first
    declared_only: bool = False  # a Content-Length over the limit, and no body at all


@dataclass
class Outcome:
    kind: str
    seconds: float
    ok: bool
    detail: str = ""


@dataclass
class Tally:
    outcomes: list[Outcome] = field(default_factory=list)


def _expected_codes(path: Path) -> tuple[str, ...]:
    done = subprocess.run(
        [sys.executable, "-m", "newsitem", "validate", "-o", "json", str(path)],
        capture_output=True,
        check=False,
    )
    report = json.loads(done.stdout)
    return tuple(i["code"] for f in report["files"] for it in f["items"] for i in it["issues"])


def cases() -> list[Case]:
    """The request mix: about half valid, a quarter invalid, a quarter hostile."""
    valid = [
        Case("valid", "/v1/validate", p.read_bytes(), 200, valid=True)
        for p in sorted((EXAMPLES / "articles").iterdir())
    ]
    valid.append(
        Case(
            "convert",
            "/v1/convert?to=newsml-g2",
            (EXAMPLES / "articles" / "chess-prodigy.json").read_bytes(),
            200,
        )
    )
    valid.append(
        Case(
            "convert",
            "/v1/convert?to=json&form=text",
            (EXAMPLES / "raw" / "spice-market.txt").read_bytes(),
            200,
        )
    )
    invalid = [
        Case("invalid", "/v1/validate", p.read_bytes(), 200, valid=False, codes=_expected_codes(p))
        for p in sorted((EXAMPLES / "invalid").iterdir())
    ]
    hostile = [
        Case("billion-laughs", "/v1/validate", BILLION_LAUGHS, 200, valid=False, codes=("NI106",)),
        Case(
            "deep-json",
            "/v1/validate",
            b"[" * 200_000 + b"]" * 200_000,
            200,
            valid=False,
            content_type="application/json",
        ),
        Case("deep-xml", "/v1/validate", b"<a>" * 100_000 + b"</a>" * 100_000, 200, valid=False),
        Case("huge-declared", "/v1/validate", b"", 413, declared_only=True),
        Case("huge-streamed", "/v1/validate", b"{" + b" " * (MAX_BODY + 1024), 413, streamed=True),
        Case("huge-sent", "/v1/validate", b"{" + b" " * (MAX_BODY + 1024), 413, expect=True),
        Case("gzip-bomb", "/v1/validate", gzip.compress(b" " * 50_000_000), 415),
    ]
    # a fixed interleaving: 8 valid, 4 invalid, 4 hostile in every 16 requests
    mix: list[Case] = []
    for index in range(16):
        if index < 8:
            mix.append(valid[index % len(valid)])
        elif index < 12:
            mix.append(invalid[index % len(invalid)])
        else:
            mix.append(hostile[index % len(hostile)])
    return mix + hostile  # every hostile kind at least once per round


async def _request(port: int, case: Case) -> tuple[int, dict[str, str], bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        head = [f"POST {case.path} HTTP/1.1", "Host: 127.0.0.1", "Connection: close"]
        head.append(f"Content-Type: {case.content_type}")
        if case.declared_only:
            head.append("Content-Length: 99999999999")
        elif case.streamed:
            head.append("Transfer-Encoding: chunked")
        else:
            head.append(f"Content-Length: {len(case.body)}")
        if case.expect:
            head.append("Expect: 100-continue")
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode())
        early = b""
        if case.expect:  # the body goes only after "100 Continue"; a refusal comes instead
            try:
                early = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 5)
            except TimeoutError:
                early = b""
            if early.startswith(b"HTTP/1.1 100"):
                early = b""
        sender = asyncio.create_task(_send_body(writer, case) if not early else asyncio.sleep(0))
        raw = early
        try:
            while True:
                block = await reader.read(65536)
                if not block:
                    break
                raw += block
        except ConnectionError:
            # the server refused an unread body and closed: what arrived before is the answer
            if b"\r\n\r\n" not in raw:
                raise
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError, ConnectionError):
            await sender
    finally:
        writer.close()
        with contextlib.suppress(ConnectionError):
            await writer.wait_closed()
    header_end = raw.find(b"\r\n\r\n")
    if header_end < 0:
        return 0, {}, raw
    lines = raw[:header_end].decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    body = raw[header_end + 4 :]
    if headers.get("transfer-encoding") == "chunked":
        body = _dechunk(body)
    return status, headers, body


async def _send_body(writer: asyncio.StreamWriter, case: Case) -> None:
    if case.declared_only:
        return
    step = 64 * 1024
    for start in range(0, len(case.body), step):
        piece = case.body[start : start + step]
        if case.streamed:
            writer.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
        else:
            writer.write(piece)
        await writer.drain()
    if case.streamed:
        writer.write(b"0\r\n\r\n")
        await writer.drain()


def _dechunk(data: bytes) -> bytes:
    out = bytearray()
    while data:
        size_line, _, rest = data.partition(b"\r\n")
        size = int(size_line.split(b";")[0], 16)
        if size == 0:
            break
        out += rest[:size]
        data = rest[size + 2 :]
    return bytes(out)


def _judge(case: Case, status: int, headers: dict[str, str], body: bytes) -> str:
    if status != case.status:
        return f"status {status}, expected {case.status}: {body[:120]!r}"
    if case.valid is not None:
        expected = "true" if case.valid else "false"
        if headers.get("newsitem-valid") != expected:
            return f"Newsitem-Valid {headers.get('newsitem-valid')}, expected {expected}"
        report = json.loads(body)
        codes = tuple(i["code"] for f in report["files"] for it in f["items"] for i in it["issues"])
        if case.codes and not set(case.codes) <= set(codes):
            return f"codes {codes}, expected {case.codes}"
        if not case.valid and not codes:
            return "invalid without issues"
    elif status >= 400 and "error" not in json.loads(body):
        return "refusal without an error message"
    return ""


async def _client(port: int, queue: asyncio.Queue[Case], tally: Tally) -> None:
    while True:
        try:
            case = queue.get_nowait()
        except asyncio.QueueEmpty:
            return
        started = time.perf_counter()
        try:
            status, headers, body = await _request(port, case)
            detail = _judge(case, status, headers, body)
        except (OSError, ValueError) as exc:
            detail = f"{type(exc).__name__}: {exc}"
        tally.outcomes.append(Outcome(case.kind, time.perf_counter() - started, not detail, detail))


def _peak_rss_mb(pids: list[int]) -> float:
    peak = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        found = re.search(r"VmHWM:\s+(\d+) kB", status)
        if found:
            peak = max(peak, int(found.group(1)))
    return peak / 1024


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _start_server(workers: int, log: Path) -> tuple[subprocess.Popen[bytes], int]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "newsitem",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--workers",
            str(workers),
            "--max-body-bytes",
            str(MAX_BODY),
        ],
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        found = re.search(
            r"listening on http://127\.0\.0\.1:(\d+)", log.read_text(errors="replace")
        )
        if found:
            return process, int(found.group(1))
        if process.poll() is not None:
            break
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    raise SystemExit(f"newsitem serve did not start:\n{log.read_text(errors='replace')}")


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--record", action="store_true", help="write the figures to results.md")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    mix = cases()
    queue: asyncio.Queue[Case] = asyncio.Queue()
    for index in range(args.requests):
        queue.put_nowait(mix[index % len(mix)])
    tally = Tally()
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "serve.log"
        process, port = _start_server(args.workers, log)
        try:
            deadline = time.monotonic() + 30
            while args.workers > 1 and len(_children(process.pid)) < args.workers:
                if time.monotonic() > deadline:
                    raise SystemExit("the workers did not start")
                time.sleep(0.1)
            workers_before = _children(process.pid) if args.workers > 1 else [process.pid]
            started = time.perf_counter()

            async def run() -> None:
                clients = [_client(port, queue, tally) for _ in range(args.clients)]
                await asyncio.wait_for(asyncio.gather(*clients), RUN_LIMIT)

            asyncio.run(run())
            elapsed = time.perf_counter() - started
            alive = process.poll() is None
            workers_after = _children(process.pid) if args.workers > 1 else [process.pid]
            pids = [process.pid, *workers_after]
            peak = _peak_rss_mb(pids)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()

    failures = [o for o in tally.outcomes if not o.ok]
    same_workers = sorted(workers_before) == sorted(workers_after)
    seconds = [o.seconds for o in tally.outcomes]
    kinds = sorted({o.kind for o in tally.outcomes})
    lines = [
        f"{len(tally.outcomes)} requests, {args.clients} concurrent clients, {args.workers} "
        f"worker(s), body limit {MAX_BODY} bytes, {os.cpu_count()} cores",
        f"{len(tally.outcomes) / elapsed:.0f} requests/s; p50 {_percentile(seconds, 0.5) * 1000:.1f} ms, "
        f"p99 {_percentile(seconds, 0.99) * 1000:.1f} ms; peak RSS {peak:.0f} MB (largest process); "
        f"{len(failures)} wrong answer(s); server alive: {alive}; workers unchanged: {same_workers}",
        "",
        "| kind | requests | p50 ms | p99 ms | wrong |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind in kinds:
        mine = [o for o in tally.outcomes if o.kind == kind]
        times = [o.seconds for o in mine]
        lines.append(
            f"| {kind} | {len(mine)} | {statistics.median(times) * 1000:.1f} | "
            f"{_percentile(times, 0.99) * 1000:.1f} | {sum(not o.ok for o in mine)} |"
        )
    text = "\n".join(lines)
    print(text)
    for failure in failures[:10]:
        print(f"WRONG {failure.kind}: {failure.detail}", file=sys.stderr)
    if args.record:
        _record(text, args, load_before)
    return 0 if not failures and alive and same_workers else 1


def _record(text: str, args: argparse.Namespace, load_before: float) -> None:
    """Write this run's figures into results.md: one section per clients/workers setting,
    replaced when the same setting runs again."""
    key = f"{args.clients} clients, {args.workers} worker(s)"
    begin, end = MARK.format(key=key, end="begin"), MARK.format(key=key, end="end")
    section = (
        f"{begin}\n## newsitem serve under load: {key} (bench/serve_load.py)\n\n"
        f"`python bench/serve_load.py --requests {args.requests} --clients {args.clients} "
        f"--workers {args.workers}`; Python {sys.version.split()[0]}; load average before the "
        f"run {load_before:.1f} (the machine is shared).\n\n{text}\n{end}\n"
    )
    current = RESULTS.read_text("utf-8") if RESULTS.exists() else ""
    if begin in current and end in current:
        before, rest = current.split(begin, 1)
        after = rest.split(end, 1)[1].lstrip("\n")
        updated = before + section + after
    else:
        updated = current.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(updated, "utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
