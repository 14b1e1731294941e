"""The settings of one ``newsitem serve`` (limits, time limit, CORS); plain data, no framework."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from newsitem.serve._engine import Limits


@dataclass(frozen=True, slots=True)
class ServeConfig:
    """How the service guards itself; the defaults are the CLI's.

    Attributes:
        limits: the library's input limits (``--max-item-bytes``, ``--max-items``).
        max_body_bytes: the largest request body; refused (413) while reading once over it.
        timeout: seconds a request may take, reading its body included.
        cors_origins: origins allowed to call the API from a browser (none by default).
        threads: documents checked at the same time in one worker process.
        iptc_schemas: the folder of IPTC's schemas, for validating IPTC documents.
    """

    limits: Limits = field(default_factory=Limits)
    max_body_bytes: int = 16 * 1024 * 1024
    timeout: float = 30.0
    cors_origins: tuple[str, ...] = ()
    threads: int = 4
    iptc_schemas: Path | None = None
