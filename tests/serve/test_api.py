"""The HTTP API through Starlette's test client: statuses, reports, conversions and limits."""

from __future__ import annotations

import asyncio
import gzip
import io
import json
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from newsitem.cli import app as cli_app
from newsitem.schemas import schema_text
from newsitem.serve import ServeConfig, _engine, create_app
from tests.conftest import EXAMPLES
from tests.serve.conftest import make_client

BAD_VALUES = EXAMPLES / "invalid" / "bad-values.json"
ARTICLE = EXAMPLES / "articles" / "chess-prodigy.json"
RAW_PAGE = EXAMPLES / "raw" / "spice-market.txt"
G2_NS = "http://iptc.org/std/nar/2006-10-01/"

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<newsItem xmlns="urn:newsitem:xml:1" version="1.0"><headline>&lol4;</headline></newsItem>
"""


def _codes(report: dict[str, Any]) -> list[str]:
    return [i["code"] for f in report["files"] for item in f["items"] for i in item["issues"]]


def _cli_report(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli_app, ["validate", "-o", "json", *args])
    assert result.exit_code in {0, 1}, result.output
    return dict(json.loads(result.stdout))


def _normalised(report: dict[str, Any]) -> dict[str, Any]:
    for entry in report["files"]:
        entry["path"] = "-"
    report["summary"]["seconds"] = 0
    return report


def test_validate_gives_the_cli_report_for_a_curl_style_post(client: TestClient) -> None:
    """A body posted as curl --data-binary posts it gets validate -o json's report, byte for
    byte but for the path and the time."""
    response = client.post(
        "/v1/validate",
        content=BAD_VALUES.read_bytes(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["newsitem-valid"] == "false"
    served = response.json()
    cli = _cli_report(str(BAD_VALUES))
    assert _codes(served) == ["NI201", "NI205", "NI206", "NI200", "NI203"]
    assert _normalised(served) == _normalised(cli)
    expected_text = response.text.replace('"<request>"', json.dumps(str(BAD_VALUES)))
    served_seconds = json.loads(response.text)["summary"]["seconds"]
    cli_text = CliRunner().invoke(cli_app, ["validate", "-o", "json", str(BAD_VALUES)]).stdout
    cli_seconds = json.loads(cli_text)["summary"]["seconds"]
    assert expected_text.replace(f'"seconds": {served_seconds}', "S") == cli_text.replace(
        f'"seconds": {cli_seconds}', "S"
    )


def test_valid_item_is_200_and_valid(client: TestClient) -> None:
    """A valid article answers 200 with valid: true and the Newsitem-Valid header."""
    response = client.post(
        "/v1/validate", content=ARTICLE.read_bytes(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 200
    assert response.headers["newsitem-valid"] == "true"
    assert response.json()["files"][0]["items"][0]["valid"] is True


def test_every_invalid_example_matches_the_cli(client: TestClient) -> None:
    """Every invalid example, JSON and XML, gets the CLI's issues (codes, lines, paths)."""
    for path in sorted((EXAMPLES / "invalid").iterdir()):
        response = client.post(f"/v1/validate?name={path.name}", content=path.read_bytes())
        assert response.status_code == 200, path
        served = response.json()
        assert served["files"][0]["path"] == path.name
        assert _normalised(served) == _normalised(_cli_report(str(path))), path


def test_every_example_matches_the_cli(anchors_dir: Path) -> None:
    """Every bundled example (articles, raw pages, IPTC documents), posted with its file name,
    gets the report the CLI gives for the file (both with the IPTC schemas configured)."""
    paths = [
        p
        for folder in ("articles", "raw", "interop")
        for p in sorted((EXAMPLES / folder).iterdir())
        if p.suffix in {".json", ".xml", ".txt"}
    ]
    assert len(paths) > 20
    with make_client(ServeConfig(iptc_schemas=anchors_dir)) as client:
        for path in paths:
            response = client.post(f"/v1/validate?name={path.name}", content=path.read_bytes())
            assert response.status_code == 200, path
            cli = _cli_report("--iptc-schemas", str(anchors_dir), str(path))
            assert _normalised(response.json()) == _normalised(cli), path


def test_iptc_input_without_schemas_is_501_but_converts(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without IPTC schemas an IPTC document cannot be validated (501, no server path or
    setting named) but still converts."""
    monkeypatch.delenv("NEWSITEM_IPTC_SCHEMAS", raising=False)
    g2 = (EXAMPLES / "interop" / "lighthouse-keeper.newsml-g2.xml").read_bytes()
    response = client.post("/v1/validate", content=g2)
    assert response.status_code == 501
    message = response.json()["error"]["message"]
    assert "newsml-g2" in message
    assert "NEWSITEM_IPTC_SCHEMAS" not in message
    converted = client.post("/v1/convert?to=json", content=g2)
    assert converted.status_code == 200
    assert converted.json()["newsitem"] == "1.0"


def test_feed_items_carry_their_lines(client: TestClient) -> None:
    """A JSON Lines feed is checked item by item; the bad line's issue names it."""
    good = json.dumps({"newsitem": "1.0", "headline": "Fine", "body": ["Text."]})
    feed = f"{good}\n{{not json\n{good}\n".encode()
    response = client.post(
        "/v1/validate", content=feed, headers={"content-type": "application/x-ndjson"}
    )
    report = response.json()
    assert report["files"][0]["form"] == "jsonl"
    items = report["files"][0]["items"]
    assert [item["valid"] for item in items] == [True, False, True]
    assert items[1]["where"] == "line 2"
    assert _codes(report) == ["NI100"]


def test_form_query_forces_the_form(client: TestClient) -> None:
    """?form=text reads a body as a raw page even when it looks like something else."""
    response = client.post("/v1/validate?form=text", content=RAW_PAGE.read_bytes())
    assert response.headers["newsitem-form"] == "text"
    assert response.json()["files"][0]["form"] == "text"


def test_multipart_upload_takes_the_file_name_as_hint(client: TestClient) -> None:
    """An uploaded .txt file is read as text, as the CLI reads a .txt file."""
    response = client.post(
        "/v1/validate", files={"file": ("page.txt", RAW_PAGE.read_bytes(), "text/plain")}
    )
    assert response.status_code == 200
    assert response.json()["files"][0]["path"] == "page.txt"
    assert response.json()["files"][0]["form"] == "text"


@pytest.mark.parametrize(
    ("url", "body", "headers", "status"),
    [
        ("/v1/validate?form=pdf", b"{}", {}, 400),
        ("/v1/validate", b"", {}, 400),
        ("/v1/validate", b"  \n", {}, 400),
        ("/v1/validate", b"\x89PNG", {"content-type": "image/png"}, 415),
        ("/v1/validate", gzip.compress(b"{}"), {}, 415),
        ("/v1/validate", b"{}", {"content-encoding": "br"}, 415),
        ("/v1/validate", b"x", {"content-type": "multipart/form-data; boundary=zz"}, 400),
        ("/v1/convert", b"{}", {}, 400),
        ("/v1/convert?to=docx", b"{}", {}, 400),
    ],
    ids=[
        "unknown-form",
        "empty",
        "blank",
        "image",
        "gzip",
        "brotli",
        "bad-multipart",
        "no-target",
        "unknown-target",
    ],
)
def test_refusals(
    client: TestClient, url: str, body: bytes, headers: dict[str, str], status: int
) -> None:
    """Unreadable, unknown or unsupported input is refused with its status and one sentence."""
    response = client.post(url, content=body, headers=headers)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["status"] == status
    assert isinstance(error["message"], str)
    assert len(error["message"]) < 300
    assert "Traceback" not in response.text


def test_refusals_do_not_echo_the_request(client: TestClient) -> None:
    """A refusal is one fixed sentence: no header, query or path value of the request in it."""
    answers = [
        client.post("/v1/validate?form=SECRET-form", content=b"{}"),
        client.post("/v1/convert?to=SECRET-form", content=b"{}"),
        client.post("/v1/validate", content=b"{}", headers={"content-type": "image/SECRET"}),
        client.post("/v1/validate", content=b"{}", headers={"content-encoding": "SECRET"}),
        client.get("/v1/schema/SECRET"),
    ]
    for answer in answers:
        assert answer.status_code in {400, 404, 415}
        assert "SECRET" not in answer.text


def test_archive_is_refused(client: TestClient) -> None:
    """A zip archive is 415: the API takes one document or feed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.json", ARTICLE.read_bytes())
    response = client.post("/v1/validate", content=buffer.getvalue())
    assert response.status_code == 415


def test_declared_length_over_limit_is_refused_before_reading() -> None:
    """A Content-Length over the body limit is 413 at once."""
    with make_client(ServeConfig(max_body_bytes=1000)) as client:
        response = client.post("/v1/validate", content=b"{" + b" " * 2000 + b"}")
    assert response.status_code == 413
    assert "1000 bytes" in response.json()["error"]["message"]


def test_streamed_body_over_limit_is_refused_while_reading() -> None:
    """A chunked body with no length is refused once the limit is passed; the rest is never
    pulled from the client (driven at the ASGI level, where the pulls can be counted)."""
    app = create_app(ServeConfig(max_body_bytes=10 * 1024))
    pulled = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        return {"type": "http.request", "body": b" " * 1024, "more_body": pulled < 1000}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/v1/validate",
        "raw_path": b"/v1/validate",
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json")],
        "client": ("127.0.0.1", 1),
        "server": ("127.0.0.1", 80),
    }
    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    assert sent[0]["status"] == 413
    assert pulled == 11


def test_billion_laughs_is_an_issue_not_an_expansion(client: TestClient) -> None:
    """Entity declarations are refused as NI106, quickly, with a 200 report."""
    started = time.perf_counter()
    response = client.post(
        "/v1/validate", content=BILLION_LAUGHS, headers={"content-type": "application/xml"}
    )
    assert response.status_code == 200
    assert "NI106" in _codes(response.json())
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(
    ("body", "media", "code"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "application/json", "NI108"),
        (b"<a>" * 50_000, "application/xml", "NI108"),
    ],
    ids=["json", "xml"],
)
def test_deep_nesting_is_an_issue(client: TestClient, body: bytes, media: str, code: str) -> None:
    """Deeply nested JSON or XML is reported as an issue, not a crash."""
    response = client.post("/v1/validate", content=body, headers={"content-type": media})
    assert response.status_code == 200
    assert response.headers["newsitem-valid"] == "false"
    assert code in _codes(response.json())


def test_convert_to_newsml_g2(client: TestClient) -> None:
    """A valid article converts to a NewsML-G2 newsItem."""
    response = client.post("/v1/convert?to=newsml-g2", content=ARTICLE.read_bytes())
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/vnd.iptc.g2+xml"
    assert G2_NS in response.text
    assert response.headers["newsitem-form"] == "json"


def test_convert_raw_page_to_json_counts_warnings(client: TestClient) -> None:
    """A raw page converts to the same JSON as the CLI, with its guesses counted."""
    response = client.post("/v1/convert?to=json&form=text", content=RAW_PAGE.read_bytes())
    assert response.status_code == 200
    cli = CliRunner().invoke(cli_app, ["convert", str(RAW_PAGE), "--to", "json"])
    assert response.content == cli.stdout_bytes
    assert int(response.headers["newsitem-warnings"]) > 0


def test_convert_invalid_gives_its_issues(client: TestClient) -> None:
    """An invalid item is 422 with every error's code and place."""
    response = client.post("/v1/convert?to=xml", content=BAD_VALUES.read_bytes())
    assert response.status_code == 422
    body = response.json()
    assert body["converted"] is False
    assert [i["code"] for i in body["issues"]] == ["NI201", "NI205", "NI206", "NI200", "NI203"]
    assert body["issues"][0]["line"] == 3


def test_convert_feed_to_feed_and_not_to_one_item(client: TestClient) -> None:
    """A feed converts to a feed form; asking for a single-item form is 400."""
    good = json.dumps({"newsitem": "1.0", "headline": "Fine", "body": ["Text."]})
    feed = f"{good}\n{good}\n".encode()
    response = client.post("/v1/convert?to=xml-feed&form=jsonl", content=feed)
    assert response.status_code == 200
    assert response.text.count("<ni:newsItem ") == 2
    refused = client.post("/v1/convert?to=xml&form=jsonl", content=feed)
    assert refused.status_code == 400
    assert "feed" in refused.json()["error"]["message"]


def test_schema_endpoints(client: TestClient) -> None:
    """The schema is served as packaged; ?xsd gives the XSD; an unknown version is 404."""
    response = client.get("/v1/schema/1.0")
    assert response.status_code == 200
    assert response.text == schema_text("1.0")
    xsd = client.get("/v1/schema/1.0?xsd")
    assert xsd.status_code == 200
    assert xsd.text.startswith("<?xml")
    assert "xs:schema" in xsd.text
    missing = client.get("/v1/schema/..%2F..%2Fetc%2Fpasswd")
    assert missing.status_code == 404
    assert client.get("/v1/schema/9.9").status_code == 404


def test_healthz_and_forms(client: TestClient) -> None:
    """/healthz says ok with the version; /v1/forms lists every form."""
    assert client.get("/healthz").json() == {"status": "ok", "version": _engine.VERSION}
    names = [f["name"] for f in client.get("/v1/forms").json()["forms"]]
    assert names == list(_engine.FORM_NAMES)


def test_openapi_describes_every_api_route(client: TestClient) -> None:
    """Every /v1 route and /healthz is in openapi.json, and nothing else is."""
    document = client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    routes = {
        route.path  # type: ignore[attr-defined]
        for route in client.app.routes  # type: ignore[attr-defined]
        if route.path.startswith("/v1/") or route.path == "/healthz"  # type: ignore[attr-defined]
    }
    assert set(document["paths"]) == routes


def test_docs_page_needs_nothing_from_elsewhere(client: TestClient) -> None:
    """/docs lists the operations and loads no script, style or image from another host."""
    response = client.get("/docs")
    assert response.status_code == 200
    for operation in ("validate", "convert", "schema", "health"):
        assert f'id="{operation}"' in response.text
    _assert_self_contained(response.text)


def _assert_self_contained(html: str) -> None:
    import re

    for attribute in re.findall(r'(?:src|href)="([^"]*)"', html):
        assert attribute.startswith(("/", "#")), attribute


def test_page_and_assets_are_served_by_newsitem(client: TestClient) -> None:
    """The page references only its own assets, which are served; other names are 404."""
    page = client.get("/")
    assert page.status_code == 200
    assert "default-src 'none'" in page.headers["content-security-policy"]
    _assert_self_contained(page.text)
    assert client.get("/static/style.css").headers["content-type"].startswith("text/css")
    assert client.get("/static/page.js").status_code == 200
    assert client.get("/static/..%2F_engine.py").status_code == 404
    assert client.get("/static/app.py").status_code == 404


def test_page_form_post_without_javascript(client: TestClient) -> None:
    """A plain form post renders the issues, the marked lines and the converted pane."""
    response = client.post(
        "/",
        files={"file": ("", b"", "application/octet-stream")},
        data={"document": BAD_VALUES.read_text("utf-8"), "to": "xml", "form": ""},
    )
    assert response.status_code == 200
    assert 'class="line error" id="L3"' in response.text
    assert '<td class="code">NI201</td>' in response.text
    upload = client.post(
        "/",
        files={"file": ("spice-market.txt", RAW_PAGE.read_bytes(), "text/plain")},
        data={"document": "", "to": "json"},
    )
    assert upload.status_code == 200
    assert '<b id="detected">text</b>' in upload.text
    assert "&quot;headline&quot;: &quot;Spice prices jump" in upload.text


def test_page_shows_iptc_conversion_when_it_cannot_validate(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without IPTC schemas the page says the document was not validated and still converts."""
    monkeypatch.delenv("NEWSITEM_IPTC_SCHEMAS", raising=False)
    nitf = (EXAMPLES / "interop" / "orchard-cider-prize.nitf.xml").read_text("utf-8")
    response = client.post("/", data={"document": nitf, "to": "json"})
    assert response.status_code == 200
    assert 'class="verdict unchecked"' in response.text
    assert '<b id="detected">nitf</b>' in response.text
    assert '<pre id="output">' in response.text


def test_page_post_with_nothing_is_400(client: TestClient) -> None:
    """An empty form post says what is missing."""
    response = client.post("/", data={"document": "  ", "to": "json"})
    assert response.status_code == 400
    assert "paste a document" in response.text


def test_page_escapes_the_document(client: TestClient) -> None:
    """A document's markup is shown as text, never as markup of the page."""
    response = client.post("/", data={"document": '<script>alert("x")</script>', "to": "json"})
    assert "<script>alert" not in response.text
    assert "&lt;script&gt;alert" in response.text


def test_no_cors_by_default(client: TestClient) -> None:
    """Without --cors no Access-Control header is sent, even to a preflight."""
    response = client.get("/healthz", headers={"origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in response.headers
    preflight = client.options(
        "/v1/validate",
        headers={
            "origin": "https://elsewhere.example",
            "access-control-request-method": "POST",
        },
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_cors_allows_only_the_named_origin() -> None:
    """--cors ORIGIN allows that origin and no other."""
    config = ServeConfig(cors_origins=("https://producer.example",))
    with make_client(config) as client:
        allowed = client.get("/healthz", headers={"origin": "https://producer.example"})
        other = client.get("/healthz", headers={"origin": "https://elsewhere.example"})
    assert allowed.headers["access-control-allow-origin"] == "https://producer.example"
    assert "access-control-allow-origin" not in other.headers


def test_time_limit_answers_503(monkeypatch: pytest.MonkeyPatch) -> None:
    """A request that takes longer than the time limit is answered 503 at the limit."""
    real_check = _engine.check

    def slow_check(*args: Any, **kwargs: Any) -> Any:
        time.sleep(1.5)
        return real_check(*args, **kwargs)

    monkeypatch.setattr(_engine, "check", slow_check)
    with make_client(ServeConfig(timeout=0.3)) as client:
        started = time.perf_counter()
        response = client.post("/v1/validate", content=ARTICLE.read_bytes())
        elapsed = time.perf_counter() - started
    assert response.status_code == 503
    assert "limit of 0.3 s" in response.json()["error"]["message"]
    assert elapsed < 1.4


def test_unknown_route_and_method(client: TestClient) -> None:
    """Unknown API routes are JSON 404s; a wrong method is 405."""
    assert client.get("/v1/nothing").json()["error"]["status"] == 404
    assert client.get("/v1/validate").status_code == 405
