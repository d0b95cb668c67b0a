"""HTTP protections for the whole app: security headers on every kind of response,
the body limit for streamed requests, the CSRF check before a form is read, and
links from list data only to web pages."""

from __future__ import annotations

import http.client
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask.testing import FlaskClient

from foundation.settings import Settings
from screening.app import create_app
from tests.web.conftest import LIST_NAME, login, post_form

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


def assert_hardened(response: Any) -> None:
    for name, value in HEADERS.items():
        assert response.headers.get(name) == value, (name, response.headers)
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
    assert "Strict-Transport-Security" not in response.headers, "HSTS only in production"


def test_pages_api_errors_and_probes_all_carry_the_headers(
    client: FlaskClient, api_key: tuple[str, str], accounts: Any
) -> None:
    key, _secret = api_key
    auth = {"Authorization": f"Bearer {key}"}
    responses = {
        "login page": client.get("/login"),
        "API": client.get("/api/v1/lists", headers=auth),
        "API error": client.get("/api/v1/screenings/nothing", headers=auth),
        "API 401": client.get("/api/v1/lists"),
        "page 404": client.get("/no-such-page"),
        "probe": client.get("/healthz"),
        "readiness": client.get("/readyz"),
        "OpenAPI": client.get("/api/v1/openapi.json"),
    }
    assert responses["page 404"].status_code == 404
    assert responses["API error"].status_code == 404
    for label, response in responses.items():
        try:
            assert_hardened(response)
        except AssertionError as exc:
            raise AssertionError(f"{label}: {exc}") from None


def test_form_error_and_unexpected_error_pages_carry_the_headers(
    test_env: dict[str, str], db: Any
) -> None:
    app = create_app(Settings.from_env(test_env))

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("unexpected")

    client = app.test_client()
    crashed = client.get("/boom")
    assert crashed.status_code == 500
    assert_hardened(crashed)
    refused = client.post("/login", data={"username": "x"})  # no CSRF token
    assert refused.status_code == 400
    assert_hardened(refused)
    app.extensions["database"].dispose()


def test_results_and_exports_are_never_cached(
    officer_client: FlaskClient, db: Any, watchlist: str
) -> None:
    from tests.web.conftest import make_job

    job_id = make_job(db, names=["Rungra 888"])
    for url in (f"/jobs/{job_id}", "/jobs"):
        response = officer_client.get(url)
        assert response.status_code == 200, url
        assert response.headers["Cache-Control"] == "no-store", url


def test_static_files_may_be_revalidated(client: FlaskClient) -> None:
    page = client.get("/login").get_data(as_text=True)
    stylesheet = re.search(r'href="(/static/[^"]+)"', page)
    assert stylesheet, "the layout links a stylesheet"
    response = client.get(stylesheet.group(1))
    assert response.status_code == 200
    assert response.headers["Cache-Control"] != "no-store"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_production_adds_hsts(test_env: dict[str, str], tmp_path: Path) -> None:
    settings = Settings.from_env(
        {**test_env, "SCREENING_ENV": "production", "SCREENING_INSTANCE_PATH": str(tmp_path)}
    )
    app = create_app(settings)
    response = app.test_client().get("/healthz")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    app.extensions["database"].dispose()


# --- request bodies -----------------------------------------------------------------


def _post_chunked(base: str, path: str, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
    """POST with Transfer-Encoding: chunked (no Content-Length), as streaming clients do."""
    parts = urlsplit(base)
    conn = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    conn.putrequest("POST", path)
    for name, value in {**headers, "Transfer-Encoding": "chunked"}.items():
        conn.putheader(name, value)
    conn.endheaders()
    for start in range(0, len(body), 8192):
        chunk = body[start : start + 8192]
        conn.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    conn.send(b"0\r\n\r\n")
    response = conn.getresponse()
    result = response.status, response.read()
    conn.close()
    return result


def test_chunked_body_over_the_limit_is_413_not_400(
    live_server: str, app: Flask, api_key: tuple[str, str], small_list: str
) -> None:
    key, _secret = api_key
    headers = {"Authorization": f"Bearer {key}", "Content-Type": "application/json"}
    limit = app.config["MAX_CONTENT_LENGTH"]
    name = b'{"name": "' + b"x" * 400 + b'"},'
    big = b'{"items": [' + name * (limit // len(name) + 10) + b'{"name": "y"}]}'
    assert len(big) > limit
    status, body = _post_chunked(live_server, "/api/v1/screenings", big, headers)
    assert status == 413, body[:200]
    assert b"payload_too_large" in body

    small = b'{"items": [{"name": "Air Koryo"}]}'
    status, body = _post_chunked(live_server, "/api/v1/screen", small, headers)
    assert status == 200, body[:200]
    assert b"Air Koryo" in body


def test_csrf_check_refuses_a_form_without_session_before_reading_it(
    test_env: dict[str, str], db: Any
) -> None:
    # A 2 KiB limit: reading this form would be a 413; refused unread, it is the CSRF 400.
    app = create_app(Settings.from_env(test_env, max_request_bytes=2048))
    response = app.test_client().post(
        "/login", data={"username": "x", "password": "y" * 10_000, "csrf_token": "z"}
    )
    assert response.status_code == 400
    assert "CSRF" in response.get_data(as_text=True)
    app.extensions["database"].dispose()


# --- links from list data ----------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "is_link"),
    [
        ("https://www.treasury.gov/press", True),
        ("http://example.org/report.pdf", True),
        ("javascript:alert(document.cookie)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//evil.example/x", False),
        ("vbscript:msgbox", False),
    ],
)
def test_source_urls_are_links_only_when_http_or_https(
    client: FlaskClient, db: Any, accounts: Any, url: str, is_link: bool
) -> None:
    from watchlists.records import EntityRecord, NameRecord, SourceRecord
    from watchlists.store import import_records

    with db.session() as session:
        import_records(
            session,
            list_name=LIST_NAME,
            source_format="test",
            records=[
                EntityRecord(
                    source_id="linked",
                    schema="company",
                    names=[NameRecord("Linked Trading", "primary")],
                    sources=[SourceRecord(document="doc", claim="A claim.", url=url)],
                )
            ],
            source_hash="hash-links",
            source_files=["test.yaml"],
            imported_by="tester",
        )
    assert login(client, accounts.officer).status_code == 302
    page = client.get(f"/entities/{LIST_NAME}:linked").get_data(as_text=True)
    links = re.findall(r'<a href="([^"]*)" rel="noopener noreferrer">source</a>', page)
    if is_link:
        assert links == [url]
    else:
        assert links == []
        assert "source:" in page, "the address is still shown, as text"


# Query parameters the pages read, each given a NUL character below.
PAGE_PARAMETERS = (
    "q", "list", "status", "counterparty", "page", "assignee", "name", "kind", "country",
    "type", "actor", "action", "since", "until", "from", "to", "reference", "version", "job",
    "sort", "outcome", "day", "entity",
)  # fmt: skip


def test_no_page_answers_a_nul_character_with_a_server_error(
    app: Flask, client: FlaskClient, accounts: Any, watchlist: str
) -> None:
    """PostgreSQL refuses NUL in any text it compares: a filter or a path value holding one
    was a 500 on some pages (/counterparties?q=). Every page without path arguments, with
    each parameter in turn; every page with them, with a NUL in the path."""
    assert login(client, accounts.admin).status_code == 302
    failures = []
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or ()) or rule.rule.startswith(("/api/", "/static")):
            continue
        if rule.arguments:
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", "a%00b", rule.rule)
            answer = client.get(path)
            if answer.status_code >= 500:
                failures.append((path, answer.status_code))
            continue
        for name in PAGE_PARAMETERS:
            answer = client.get(f"{rule.rule}?{name}=a%00b")
            if answer.status_code >= 500:
                failures.append((rule.rule, name, answer.status_code))
            elif answer.status_code == 400:
                assert "NUL character" in answer.get_data(as_text=True)
    assert failures == []


def test_a_form_field_with_a_nul_character_is_a_form_error(
    client: FlaskClient, accounts: Any, watchlist: str
) -> None:
    assert login(client, accounts.officer).status_code == 302
    response = post_form(client, "/screen", {"name": "Rungra\x00 888"})
    assert response.status_code == 400
    assert "NUL character" in response.get_data(as_text=True)
