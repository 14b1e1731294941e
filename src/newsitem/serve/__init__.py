"""``newsitem serve``: the HTTP API (validate, convert, schemas; OpenAPI at ``/openapi.json``)
and the web page at ``/``. Needs the ``serve`` extra (Starlette, uvicorn, python-multipart);
``import newsitem`` never imports this package.
"""

from __future__ import annotations

from newsitem.serve.app import create_app
from newsitem.serve.config import ServeConfig
from newsitem.serve.server import run

__all__ = ["ServeConfig", "create_app", "run"]
