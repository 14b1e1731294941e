"""The Dask executor: partitions run as tasks on a Dask cluster.

Connects to a scheduler (``tcp://host:8786``) or starts a ``LocalCluster`` of one-thread
worker processes on this machine. Tasks are the partition functions of
``newsitem.engines.tasks``; each worker reads its partition and writes its output itself, so
the client sends only the plan and receives only results with issues. A task whose worker dies
is run again by the scheduler on another worker; its output is written atomically under a name
fixed by the partition, so the rerun replaces, never duplicates.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

import distributed

from newsitem.errors import InputError, UsageError

T = TypeVar("T")

#: Seconds to wait for a scheduler that does not answer.
CONNECT_TIMEOUT = 20


def _call(item: Any, fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
    return fn(item, *args)


class DaskExecutor:
    """Runs partitions on a Dask cluster."""

    def __init__(self, scheduler: str | None, jobs: int = 1) -> None:
        self._cluster: distributed.LocalCluster | None = None
        try:
            if scheduler:
                self.client = distributed.Client(
                    scheduler, timeout=CONNECT_TIMEOUT, set_as_default=False
                )
            else:
                self._cluster = distributed.LocalCluster(
                    n_workers=max(1, jobs),
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    scheduler_kwargs={"dashboard": False},
                    silence_logs=logging.ERROR,
                )
                self.client = distributed.Client(self._cluster, set_as_default=False)
        except (OSError, TimeoutError, RuntimeError) as exc:
            self._close_cluster()
            where = scheduler or "a LocalCluster"
            raise UsageError(f"cannot reach the Dask scheduler at {where} ({exc})") from None
        workers = self.client.scheduler_info().get("workers", {})
        self.workers = max(1, len(workers))

    def map(self, fn: Callable[..., T], items: Sequence[Any], *args: Any) -> Iterator[T]:
        """``fn(item, *args)`` for every item as Dask tasks, results in order."""
        if not items:
            return
        futures = self.client.map(_call, list(items), fn=fn, args=args, pure=False)
        try:
            for future in futures:
                try:
                    yield future.result()
                except (InputError, UsageError):
                    raise
                except Exception as exc:  # noqa: BLE001 - a cluster failure, said plainly
                    raise InputError(
                        f"a partition failed on the Dask cluster ({type(exc).__name__}: {exc})"
                    ) from None
                future.release()
        finally:
            for future in futures:
                future.release()

    def _close_cluster(self) -> None:
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def close(self) -> None:
        """Disconnect; stop the LocalCluster if one was started."""
        self.client.close()
        self._close_cluster()
