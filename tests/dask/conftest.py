"""A real Dask cluster for the engine tests: `dask scheduler` and two `dask worker` processes
on 127.0.0.1 (random ports, no dashboard), killed when the module's tests end."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest

#: Seconds to wait for the scheduler and the workers to come up.
START_TIMEOUT = 90


@dataclass
class Cluster:
    """A running scheduler's address and its worker processes."""

    address: str
    scheduler_file: Path
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)


def _dask() -> Path:
    pytest.importorskip("distributed", reason="the dask extra is not installed")
    command = Path(sys.executable).parent / "dask"
    if not command.exists():
        pytest.skip(f"no `dask` command next to {sys.executable}")
    return command


def _start(args: list[str], log: IO[bytes]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        args,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: teardown ends it and its children
        env={**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": "False"},
    )


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL is not refused
        process.kill()


def start_worker(cluster: Cluster, name: str, log: IO[bytes]) -> subprocess.Popen[bytes]:
    """A one-thread worker without a nanny (killing it kills the worker itself)."""
    worker = _start(
        [
            str(_dask()),
            "worker",
            "--scheduler-file",
            str(cluster.scheduler_file),
            "--nthreads",
            "1",
            "--no-nanny",
            "--no-dashboard",
            "--host",
            "127.0.0.1",
            "--name",
            name,
        ],
        log,
    )
    cluster.workers.append(worker)
    return worker


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    """A scheduler and two workers, started for this module's tests and always killed."""
    import distributed

    command = _dask()
    root = tmp_path_factory.mktemp("cluster")
    scheduler_file = root / "scheduler.json"
    log = (root / "cluster.log").open("ab")
    scheduler = _start(
        [
            str(command),
            "scheduler",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--no-dashboard",
            "--scheduler-file",
            str(scheduler_file),
        ],
        log,
    )
    running = Cluster("", scheduler_file)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not scheduler_file.exists() or not scheduler_file.read_text().strip():
            if scheduler.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the scheduler did not start; see {root / 'cluster.log'}")
            time.sleep(0.2)
        running.address = json.loads(scheduler_file.read_text())["address"]
        for number in range(2):
            start_worker(running, f"worker-{number}", log)
        with distributed.Client(running.address, timeout=START_TIMEOUT) as client:
            client.wait_for_workers(2, timeout=START_TIMEOUT)
        yield running
    finally:
        for worker in running.workers:
            _stop(worker)
        _stop(scheduler)
        log.close()
