"""The local executor: partitions run in this process, or on a pool of processes."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class LocalExecutor:
    """Runs partitions on ``jobs`` processes of this machine (one: in this process)."""

    def __init__(self, jobs: int = 1) -> None:
        self.workers = max(1, jobs)
        self._pool: ProcessPoolExecutor | None = None

    def map(self, fn: Callable[..., T], items: Sequence[Any], *args: Any) -> Iterator[T]:
        """``fn(item, *args)`` for every item, in order; at most two per process in flight."""
        if self.workers == 1 or len(items) <= 1:
            for item in items:
                yield fn(item, *args)
            return
        if self._pool is None:
            self._pool = ProcessPoolExecutor(max_workers=self.workers)
        pending: deque[Future[T]] = deque()
        for item in items:
            pending.append(self._pool.submit(fn, item, *args))
            if len(pending) >= 2 * self.workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def close(self) -> None:
        """Stop the processes."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
