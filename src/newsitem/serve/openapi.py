"""The OpenAPI 3.1 description of the HTTP API, and the ``/docs`` page rendered from it.

Written out here rather than derived from code, so that it states the contract (statuses, media
types, the report's shape) and a test holds the routes to it. The docs page is plain HTML made
from the same document: no script, no external assets.
"""

from __future__ import annotations

import json
from functools import cache
from html import escape
from typing import Any

from newsitem.serve import _engine


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def _form_param(name: str, description: str, *, required: bool = False) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": required,
        "description": description,
        "schema": {"type": "string", "enum": list(_engine.FORM_NAMES)},
    }


_NAME_PARAM = {
    "name": "name",
    "in": "query",
    "required": False,
    "description": "A file name for the document: labels it in the report and hints at its "
    "form by its extension, as on the command line. Never opened.",
    "schema": {"type": "string", "maxLength": 100},
}

_DOCUMENT_BODY = {
    "required": True,
    "description": "One document or feed in any form. `?form=` chooses the form; otherwise the "
    "media type hints at it (application/json, application/x-ndjson, application/xml, "
    "text/plain) and the first bytes decide, as for a file on the command line; "
    "application/octet-stream and application/x-www-form-urlencoded (curl's default) are "
    "sniffed like standard input. A multipart/form-data post with a `file` field is also "
    "accepted. Archives and compressed bodies are refused (415).",
    "content": {
        "application/json": {"schema": {"type": "object"}},
        "application/x-ndjson": {"schema": {"type": "string"}},
        "application/xml": {"schema": {"type": "string"}},
        "text/plain": {"schema": {"type": "string"}},
        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        },
    },
}

_REFUSALS = {
    "400": _error("UnreadableError input: an empty body, a malformed form, an unknown form name."),
    "413": _error("The body is larger than the limit (`--max-body-bytes`); refused while read."),
    "415": _error("An unsupported media type or content encoding, or an archive."),
    "503": _error("The request took longer than the time limit (`--timeout`)."),
}


_SUMMARY_FIELDS = ("files", "items", "valid", "invalid", "warnings", "seconds")


@cache
def document() -> dict[str, Any]:
    """The OpenAPI document."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "newsitem",
            "version": _engine.VERSION,
            "description": "Validate news items and convert them between newsitem JSON and XML, "
            "feeds, raw page text and the IPTC formats (ninjs, NewsML-G2, NITF). The "
            "validation report is the one `newsitem validate -o json` prints.",
        },
        "paths": {
            "/v1/validate": {
                "post": {
                    "operationId": "validate",
                    "summary": "Validate a document or a feed",
                    "description": "Answers 200 with the report whether or not the document is "
                    "valid: each item says `valid`, and the `Newsitem-Valid` header sums it up.",
                    "parameters": [
                        _form_param("form", "Read the body as this form."),
                        _NAME_PARAM,
                    ],
                    "requestBody": _DOCUMENT_BODY,
                    "responses": {
                        "200": {
                            "description": "The report (the same as `validate -o json`).",
                            "headers": {
                                "Newsitem-Valid": {
                                    "description": "`true` when every item is valid.",
                                    "schema": {"type": "string", "enum": ["true", "false"]},
                                },
                                "Newsitem-Form": {
                                    "description": "The form the body was read as.",
                                    "schema": {"type": "string"},
                                },
                            },
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Report"}
                                }
                            },
                        },
                        **_REFUSALS,
                    },
                }
            },
            "/v1/convert": {
                "post": {
                    "operationId": "convert",
                    "summary": "Convert a document (or a feed, to a feed form)",
                    "parameters": [
                        _form_param("to", "The form to convert to.", required=True),
                        _form_param("form", "Read the body as this form."),
                        _NAME_PARAM,
                    ],
                    "requestBody": _DOCUMENT_BODY,
                    "responses": {
                        "200": {
                            "description": "The converted document, in the target form's "
                            "media type. `Newsitem-Warnings` counts what was guessed.",
                            "content": {
                                info.media_type: {"schema": {"type": "string"}}
                                for info in _engine.form_infos()
                            },
                        },
                        "422": {
                            "description": "The document cannot be converted: its issues.",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/ConvertFailure"}
                                }
                            },
                        },
                        **_REFUSALS,
                    },
                }
            },
            "/v1/schema/{version}": {
                "get": {
                    "operationId": "schema",
                    "summary": "The JSON Schema of a format version (or its XSD)",
                    "parameters": [
                        {
                            "name": "version",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "enum": list(_engine.versions())},
                        },
                        {
                            "name": "xsd",
                            "in": "query",
                            "required": False,
                            "description": "Present: the XSD of the XML form instead.",
                            "allowEmptyValue": True,
                            "schema": {"type": "string"},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "The schema.",
                            "content": {
                                "application/schema+json": {"schema": {"type": "object"}},
                                "application/xml": {"schema": {"type": "string"}},
                            },
                        },
                        "404": _error("No such version."),
                    },
                }
            },
            "/v1/forms": {
                "get": {
                    "operationId": "forms",
                    "summary": "The forms newsitem reads and writes",
                    "responses": {
                        "200": {
                            "description": "Every form.",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
            "/healthz": {
                "get": {
                    "operationId": "health",
                    "summary": "Liveness",
                    "responses": {
                        "200": {
                            "description": "The service is up.",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        }
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Issue": {
                    "type": "object",
                    "required": ["code", "severity", "message", "path", "line", "column"],
                    "properties": {
                        "code": {"type": "string", "pattern": "^NI[0-9]{3}$"},
                        "severity": {"type": "string", "enum": ["error", "warning"]},
                        "message": {"type": "string"},
                        "path": {"type": "string", "description": "JSON path or XPath."},
                        "line": {"type": ["integer", "null"]},
                        "column": {"type": ["integer", "null"]},
                    },
                },
                "Report": {
                    "type": "object",
                    "required": ["files", "summary"],
                    "properties": {
                        "files": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {
                                    "path": {"type": "string"},
                                    "form": {"type": "string"},
                                    "items": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "properties": {
                                                "where": {"type": "string"},
                                                "line": {"type": ["integer", "null"]},
                                                "valid": {"type": "boolean"},
                                                "issues": {
                                                    "type": "array",
                                                    "items": {"$ref": "#/components/schemas/Issue"},
                                                },
                                            },
                                        },
                                    },
                                },
                            },
                        },
                        "summary": {
                            "type": "object",
                            "properties": {
                                k: {"type": "number" if k == "seconds" else "integer"}
                                for k in (
                                    "files",
                                    "items",
                                    "valid",
                                    "invalid",
                                    "warnings",
                                    "seconds",
                                )
                            },
                        },
                    },
                },
                "ConvertFailure": {
                    "type": "object",
                    "properties": {
                        "form": {"type": "string"},
                        "to": {"type": "string"},
                        "converted": {"const": False},
                        "issues": {"type": "array", "items": {"type": "object"}},
                    },
                },
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {
                        "error": {
                            "type": "object",
                            "properties": {
                                "status": {"type": "integer"},
                                "message": {"type": "string"},
                            },
                        }
                    },
                },
            }
        },
    }


@cache
def document_bytes() -> bytes:
    """The OpenAPI document as served."""
    return json.dumps(document(), indent=2).encode("utf-8")


@cache
def render_docs() -> str:
    """The ``/docs`` page: every operation with its parameters, body and answers."""
    doc = document()
    sections = []
    for path, operations in doc["paths"].items():
        for method, op in operations.items():
            params = "".join(
                f"<tr><td><code>{escape(p['name'])}</code></td><td>{escape(p['in'])}</td>"
                f"<td>{'yes' if p.get('required') else 'no'}</td>"
                f"<td>{escape(p.get('description', ''))}"
                + (
                    f" <small>({escape(', '.join(p['schema']['enum']))})</small>"
                    if "enum" in p.get("schema", {})
                    else ""
                )
                + "</td></tr>"
                for p in op.get("parameters", [])
            )
            table = (
                "<table><thead><tr><th>parameter</th><th>in</th><th>required</th>"
                f"<th>meaning</th></tr></thead><tbody>{params}</tbody></table>"
                if params
                else ""
            )
            body = op.get("requestBody")
            body_html = (
                f"<p><b>Body:</b> {escape(body['description'])}</p>" if body is not None else ""
            )
            answers = "".join(
                f"<li><b>{escape(code)}</b> {escape(answer['description'])}</li>"
                for code, answer in op["responses"].items()
            )
            sections.append(
                f'<section class="endpoint" id="{escape(op["operationId"])}">'
                f'<h2><span class="method">{method.upper()}</span> <code>{escape(path)}</code>'
                f" — {escape(op['summary'])}</h2>"
                f"<p>{escape(op.get('description', ''))}</p>{table}{body_html}"
                f"<ul>{answers}</ul></section>"
            )
    info = doc["info"]
    return (
        "<!doctype html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>newsitem API</title>"
        '<link rel="stylesheet" href="/static/style.css"></head><body>'
        '<header><h1><a href="/">newsitem</a> API</h1>'
        f'<nav><a href="/openapi.json">openapi.json</a> · version {escape(info["version"])}'
        "</nav></header><main>"
        f"<p>{escape(info['description'])}</p>"
        "<pre>curl -sS --data-binary @item.json http://HOST:PORT/v1/validate\n"
        "curl -sS --data-binary @page.txt 'http://HOST:PORT/v1/convert?to=json&amp;form=text'"
        "</pre>" + "".join(sections) + "</main></body></html>"
    )
