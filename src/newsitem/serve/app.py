"""The ASGI application: the HTTP API (``/v1/...``), its OpenAPI description, and the web page.

The document work runs in a small thread pool (``ServeConfig.threads``) under the request's
time limit; bodies are read as streams and refused once over the limit. Error answers carry only
a short sentence or the issues found, never a trace or a path on the server.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import asdict
from typing import Any, TypeVar

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsitem.serve import _engine, assets, openapi, page
from newsitem.serve.body import FORM_OVERHEAD, BodyError, FormData, label_of, parse_form
from newsitem.serve.body import read_limited as _read_limited
from newsitem.serve.config import ServeConfig

T = TypeVar("T")

#: Media types that name a form; the rest of the accepted ones leave the form to sniffing.
_MEDIA_FORMS = {
    "application/json": "json",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "application/x-jsonlines": "jsonl",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/plain": "text",
}
_SNIFFED_MEDIA = {"", "application/octet-stream", "application/x-www-form-urlencoded"}
_DEFAULT_LABEL = "<request>"

_SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        b"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    ),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cache-control", b"no-store"),
]


class HTTPError(Exception):
    """An answer other than success, with a message safe to show."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _SecurityHeaders:
    """Adds the security headers to every response (a plain ASGI middleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in _SECURITY_HEADERS if k not in names]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class Service:
    """The routes, bound to one configuration and one pool of worker threads."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.setup = _engine.setup(config.limits, config.iptc_schemas)
        self.pool = ThreadPoolExecutor(
            max_workers=config.threads, thread_name_prefix="newsitem-serve"
        )

    # --- plumbing ----------------------------------------------------------------------------

    async def work(self, fn: Callable[[], T]) -> T:
        """Run document work in the pool (the caller's time limit cancels a queued job; a
        running one is abandoned, and its thread stays taken until it ends)."""
        return await asyncio.wrap_future(self.pool.submit(fn))

    async def guarded(
        self, request: Request, handle: Callable[[], Awaitable[Response]]
    ) -> Response:
        """Run a handler under the time limit, turning problems into short answers."""
        api = request.url.path.startswith("/v1/")
        try:
            async with asyncio.timeout(self.config.timeout):
                return await handle()
        except TimeoutError:
            problem = HTTPError(
                503, f"the request took longer than the limit of {self.config.timeout:g} s"
            )
        except BodyError as exc:
            problem = HTTPError(exc.status, exc.message)
        except _engine.NotConfiguredError as exc:
            problem = HTTPError(501, str(exc))
        except _engine.ContainerError as exc:
            problem = HTTPError(415, str(exc))
        except _engine.UnreadableError as exc:
            problem = HTTPError(400, str(exc))
        except HTTPError as exc:
            problem = exc
        if api:
            response = error_response(problem)
        else:
            response = HTMLResponse(
                page.render_error(problem.status, problem.message), problem.status
            )
        if problem.status in {408, 413, 503}:
            # The body may be unread: close the connection rather than take in the rest.
            response.headers["connection"] = "close"
        return response

    async def body(self, request: Request, limit: int | None = None) -> bytes:
        """The request body, read as a stream and refused once over the limit."""
        return await _read_limited(
            request.stream(),
            self.config.max_body_bytes if limit is None else limit,
            request.headers.get("content-length"),
        )

    async def document(self, request: Request) -> tuple[bytes, str | None, str | None]:
        """The document of an API request, the form its media type or file name hints at,
        and its label (from ``?name=`` or an upload's file name)."""
        media = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
        label = label_of(request.query_params.get("name"))
        if media == "multipart/form-data":
            data = await self.body(request, self.config.max_body_bytes + FORM_OVERHEAD)
            form = parse_form(request.headers["content-type"], data)
            name, content = _upload(form)
            if len(content) > self.config.max_body_bytes:
                raise BodyError(413, _too_large(self.config.max_body_bytes))
            label = label or label_of(name)
            return _nonempty(content), _engine.form_of_filename(label) if label else None, label
        hint: str | None
        if media in _MEDIA_FORMS:
            hint = _MEDIA_FORMS[media]
        elif media in _SNIFFED_MEDIA:
            hint = _engine.form_of_filename(label) if label else None
        elif media.endswith("+xml"):
            hint = "xml"
        elif media.endswith("+json"):
            hint = "json"
        else:
            raise HTTPError(415, "unsupported media type: send JSON, JSON Lines, XML or text")
        encoding = request.headers.get("content-encoding", "identity").strip().lower()
        if encoding not in {"", "identity"}:
            raise HTTPError(415, "unsupported content encoding: send the document uncompressed")
        return _nonempty(await self.body(request)), hint, label

    def chosen_form(self, request: Request, name: str = "form") -> str | None:
        """A form named in the query (``?form=``, ``?to=``), checked against the known ones."""
        value = request.query_params.get(name)
        if value is None or value == "":
            return None
        if value not in _engine.FORM_NAMES:
            raise HTTPError(400, f"unknown {name}; one of: {', '.join(_engine.FORM_NAMES)}")
        return value

    # --- the API -----------------------------------------------------------------------------

    async def validate(self, request: Request) -> Response:
        """POST /v1/validate: the ``validate -o json`` report of one document or feed."""

        async def handle() -> Response:
            forced = self.chosen_form(request)
            data, hint, label = await self.document(request)
            checked = await self.work(lambda: self._check(data, forced, hint, label))
            return Response(
                checked.report,
                200,
                media_type="application/json",
                headers={
                    "newsitem-valid": "true" if checked.valid else "false",
                    "newsitem-form": checked.form,
                },
            )

        return await self.guarded(request, handle)

    def _check(
        self, data: bytes, forced: str | None, hint: str | None, label: str | None
    ) -> _engine.Checked:
        name = label or _DEFAULT_LABEL
        form = _engine.detect(data, forced=forced, hint=hint)
        return _engine.check(data, form, self.setup, name)

    async def convert(self, request: Request) -> Response:
        """POST /v1/convert?to=FORM: the document in another form, or why it cannot be."""

        async def handle() -> Response:
            to = self.chosen_form(request, "to")
            if to is None:
                raise HTTPError(
                    400,
                    f"say which form to convert to: ?to= one of {', '.join(_engine.FORM_NAMES)}",
                )
            forced = self.chosen_form(request)
            data, hint, label = await self.document(request)

            def job() -> _engine.Converted:
                form = _engine.detect(data, forced=forced, hint=hint)
                return _engine.convert(data, form, to, self.setup, label or _DEFAULT_LABEL)

            converted = await self.work(job)
            warnings = [asdict(f) for f in converted.findings]
            if converted.document is None:
                return JSONResponse(
                    {"form": converted.form, "to": to, "converted": False, "issues": warnings},
                    422,
                )
            return Response(
                converted.document,
                200,
                media_type=converted.media_type,
                headers={
                    "newsitem-form": converted.form,
                    "newsitem-warnings": str(len(warnings)),
                },
            )

        return await self.guarded(request, handle)

    async def schema(self, request: Request) -> Response:
        """GET /v1/schema/{version}: the JSON Schema, or with ``?xsd`` the XSD."""

        async def handle() -> Response:
            version = request.path_params["version"]
            xsd = "xsd" in request.query_params
            try:
                data = await self.work(lambda: _engine.schema(version, xsd=xsd))
            except _engine.UnknownVersionError:
                raise HTTPError(
                    404, f"no such schema version; known: {', '.join(_engine.versions())}"
                ) from None
            return Response(
                data, 200, media_type="application/xml" if xsd else "application/schema+json"
            )

        return await self.guarded(request, handle)

    async def forms(self, request: Request) -> Response:
        """GET /v1/forms: the forms newsitem reads and writes."""
        del request
        return JSONResponse({"forms": [asdict(f) for f in _engine.form_infos()]})

    async def healthz(self, request: Request) -> Response:
        """GET /healthz: the service is up."""
        del request
        return JSONResponse({"status": "ok", "version": _engine.VERSION})

    async def openapi_json(self, request: Request) -> Response:
        """GET /openapi.json."""
        del request
        return Response(openapi.document_bytes(), media_type="application/json")

    async def docs(self, request: Request) -> Response:
        """GET /docs: the API description as a page (rendered here, no external assets)."""
        del request
        return HTMLResponse(openapi.render_docs())

    async def asset(self, request: Request) -> Response:
        """GET /static/{name}: one of the page's own files (a fixed list, never a path)."""
        found = assets.get(request.path_params["name"])
        if found is None:
            return error_response(HTTPError(404, "no such file"))
        body, media_type = found
        return Response(body, media_type=media_type, headers={"cache-control": "max-age=3600"})

    # --- the page ----------------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        """GET / the page; POST / (a plain form post) the page with the results."""
        if request.method == "GET":
            return HTMLResponse(page.render(page.PageState()))

        async def handle() -> Response:
            data = await self.body(request, self.config.max_body_bytes + FORM_OVERHEAD)
            form = parse_form(request.headers.get("content-type", ""), data)
            state = await self.work(lambda: self._page_state(form))
            return HTMLResponse(page.render(state), state.status)

        return await self.guarded(request, handle)

    def _page_state(self, form: FormData) -> page.PageState:
        chosen = form.fields.get("form", "") or None
        to = form.fields.get("to", "") or "json"
        if chosen is not None and chosen not in _engine.FORM_NAMES:
            chosen = None
        if to not in _engine.FORM_NAMES:
            to = "json"
        name, content = _upload(form, required=False)
        label = label_of(name)
        if not content:
            content = form.fields.get("document", "").encode("utf-8")
            label = None
        state = page.PageState(form_choice=chosen or "", to=to, label=label or "")
        if not content.strip():
            state.status = 400
            state.error = "paste a document or choose a file"
            return state
        if len(content) > self.config.max_body_bytes:
            state.status = 413
            state.error = _too_large(self.config.max_body_bytes)
            return state
        state.text = page.shown_text(content)
        name = label or "document"
        try:
            form_name = _engine.detect(content, forced=chosen, name=label)
        except _engine.UnreadableError as exc:
            state.status = 415
            state.error = str(exc)
            return state
        state.detected = form_name
        try:
            state.checked = _engine.check(content, form_name, self.setup, name)
        except _engine.NotConfiguredError as exc:
            state.notice = str(exc)
        except _engine.UnreadableError as exc:
            state.status = 400
            state.error = str(exc)
            return state
        try:
            state.converted = _engine.convert(content, form_name, to, self.setup, name)
        except _engine.UnreadableError as exc:
            state.convert_error = str(exc)
        return state


def _upload(form: FormData, *, required: bool = True) -> tuple[str, bytes]:
    """The uploaded file (field ``file``) or the pasted document (field ``document``)."""
    for name in ("file", "document"):
        if name in form.files:
            filename, content = form.files[name]
            if content or filename:
                return filename, content
    if required:
        text = form.fields.get("document")
        if text is not None:
            return "", text.encode("utf-8")
        raise BodyError(400, "the form has no 'file' or 'document' field")
    return "", b""


def _nonempty(data: bytes) -> bytes:
    if not data.strip():
        raise BodyError(400, "the request body is empty")
    return data


def _too_large(limit: int) -> str:
    return f"the document is larger than the limit of {limit} bytes"


def error_response(problem: HTTPError) -> Response:
    """The JSON answer of a refused request: its status and one sentence."""
    return JSONResponse(
        {"error": {"status": problem.status, "message": problem.message}}, problem.status
    )


async def _not_found(request: Request, exc: Exception) -> Response:
    del exc
    if request.url.path.startswith("/v1/"):
        return error_response(HTTPError(404, "no such endpoint"))
    return HTMLResponse(page.render_error(404, "no such page"), 404)


async def _not_allowed(request: Request, exc: Exception) -> Response:
    del request, exc
    return error_response(HTTPError(405, "method not allowed"))


async def _server_error(request: Request, exc: Exception) -> Response:
    del request, exc
    return error_response(HTTPError(500, "internal error"))


def create_app(config: ServeConfig | None = None) -> Starlette:
    """The ASGI application of ``newsitem serve``."""
    service = Service(config or ServeConfig())

    @asynccontextmanager
    async def lifespan(app: Starlette) -> Any:
        del app
        yield
        service.pool.shutdown(wait=False, cancel_futures=True)

    routes = [
        Route("/", service.home, methods=["GET", "POST"]),
        Route("/v1/validate", service.validate, methods=["POST"]),
        Route("/v1/convert", service.convert, methods=["POST"]),
        Route("/v1/schema/{version}", service.schema, methods=["GET"]),
        Route("/v1/forms", service.forms, methods=["GET"]),
        Route("/healthz", service.healthz, methods=["GET"]),
        Route("/openapi.json", service.openapi_json, methods=["GET"]),
        Route("/docs", service.docs, methods=["GET"]),
        Route("/static/{name}", service.asset, methods=["GET"]),
    ]
    middleware = [Middleware(_SecurityHeaders)]
    if service.config.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(service.config.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Content-Type"],
                expose_headers=["Newsitem-Valid", "Newsitem-Form", "Newsitem-Warnings"],
            )
        )
    app = Starlette(
        routes=routes,
        middleware=middleware,
        lifespan=lifespan,
        exception_handlers={404: _not_found, 405: _not_allowed, 500: _server_error},
    )
    app.state.service = service
    return app
