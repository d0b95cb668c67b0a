"""Who may call what: keys from the CLI, scopes on every endpoint, errors that never 500."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from sqlalchemy import select

from screening.accounts.apikeys import create_key
from screening.cli import main
from screening.models import ApiKey
from tests.http import request
from tests.test_api import ITEMS, _app_with, auth, error_of, submit

# Every /api/v1 operation with the scopes that open it; a test below keeps this
# table equal to the routes the app actually serves.
ENDPOINTS = [
    ("POST", "/api/v1/screenings", {"screen"}),
    ("GET", "/api/v1/screenings", {"screen", "read"}),
    ("GET", "/api/v1/screenings/{job_id}", {"screen", "read"}),
    ("GET", "/api/v1/screenings/{job_id}/results", {"screen", "read"}),
    ("POST", "/api/v1/screen", {"screen"}),
    ("POST", "/api/v1/screenings/{job_id}/webhook/redeliver", {"screen"}),
    ("GET", "/api/v1/lists", {"read", "entities"}),
    ("GET", "/api/v1/lists/{name}", {"read", "entities"}),
    ("GET", "/api/v1/entities/{entity_id}", {"read", "entities"}),
    ("PUT", "/api/v1/counterparties/{reference}", {"counterparties"}),
    ("GET", "/api/v1/counterparties/{reference}", {"counterparties", "read"}),
    ("DELETE", "/api/v1/counterparties/{reference}", {"counterparties"}),
    ("POST", "/api/v1/counterparties/import", {"counterparties"}),
    ("GET", "/api/v1/alerts", {"counterparties", "read"}),
    ("GET", "/api/v1/alerts/{alert_id}", {"screen", "read"}),
]
PUBLIC = {("GET", "/api/v1/openapi.json")}


def test_endpoint_table_covers_every_api_route(app: Flask) -> None:
    from screening.api.docs import _path

    served = {
        (method, _path(rule.rule))
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in (rule.methods or set()) - {"HEAD", "OPTIONS"}
    }
    assert served == {(m, p) for m, p, _ in ENDPOINTS} | PUBLIC


def cli_run(test_env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(main, list(args), env=test_env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_key_from_the_cli_is_shown_once_stored_hashed_and_revocable(
    live_server: str, test_env: dict[str, str], db: Any
) -> None:
    created = cli_run(test_env, "keys", "create", "--name", "ERP-1", "--scope", "screen,read")
    key = created.split("API key:")[1].split()[0]
    key_id = created.split("key id:")[1].split()[0]
    assert "whsec_" in created.split("webhook secret:")[1]

    with db.session() as session:
        row = session.scalar(select(ApiKey).where(ApiKey.prefix == key_id))
        assert row is not None
        assert row.key_hash == hashlib.sha256(key.encode()).hexdigest()
        stored = " ".join(str(getattr(row, c.key)) for c in ApiKey.__table__.columns)
    assert key not in stored, "the key itself is never stored"

    listing = cli_run(test_env, "keys", "list")
    assert key_id in listing and "ERP-1" in listing and key not in listing
    assert request("GET", f"{live_server}/api/v1/lists", headers=auth(key)).status == 200

    cli_run(test_env, "keys", "revoke", key_id)
    assert "revoked" in cli_run(test_env, "keys", "list")
    refused = request("GET", f"{live_server}/api/v1/lists", headers=auth(key))
    assert refused.status == 401 and error_of(refused)["code"] == "unauthorized"


def _url(base: str, path: str, job_id: str) -> str:
    return base + path.format(
        job_id=job_id,
        name="small",
        entity_id="small:air-koryo",
        reference="C-1",
        alert_id=ALERT_ID,
    )


ALERT_ID = 1  # the first alert of the test (see the job_id fixture)


@pytest.fixture()
def job_id(live_server: str, db: Any, small_list: str, api_key: tuple[str, str]) -> str:
    from screening.alerts.models import AlertReason
    from screening.alerts.raising import Evidence, raise_alert
    from screening.alerts.subjects import name_subject

    """A job of the API key, an alert, and counterparty C-1 for the counterparty endpoints."""
    response = submit(live_server, api_key[0], {"items": ITEMS[:1]})
    assert response.status == 202
    with db.session() as session:  # an alert of someone else's screening
        evidence = Evidence(
            "small", 1, "small:air-koryo", "air-koryo", "Air Koryo", "L", "Air Koryo", 1.0, {}, "t"
        )
        alert = raise_alert(
            session,
            name_subject("Air Koryo", None, None),
            evidence,
            AlertReason.SCREENING,
            actor="tests",
            channel="web",
        ).alert
        assert alert is not None and alert.id == ALERT_ID
    with db.session() as session:
        _row, keeper = create_key(session, "register", ["counterparties"], actor="tests")
    created = request(
        "PUT",
        f"{live_server}/api/v1/counterparties/C-1",
        json_body={"name": "Air Koryo"},
        headers=auth(keeper),
    )
    assert created.status == 201, created.body
    return str(response.json()["id"])


def _call(base: str, method: str, path: str, job_id: str, headers: dict[str, str]) -> Any:
    body = None
    if method in ("POST", "PUT"):
        body = {"items": [{"name": "Air Koryo"}]}
    if "/counterparties/" in path:
        body = {"items": [{"reference": "C-2", "name": "Air Koryo"}]}
        if method == "PUT":
            body = {"name": "Air Koryo", "type": "company"}
    return request(method, _url(base, path, job_id), json_body=body, headers=headers)


@pytest.mark.parametrize(("method", "path", "scopes"), ENDPOINTS)
def test_every_endpoint_requires_a_key(
    live_server: str, job_id: str, method: str, path: str, scopes: set[str]
) -> None:
    for headers in (
        {},
        {"Authorization": "Bearer sk_00000000_not-a-key"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
    ):
        response = _call(live_server, method, path, job_id, headers)
        assert response.status == 401, (headers, response.body)
        assert error_of(response)["code"] == "unauthorized"
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(("method", "path", "scopes"), ENDPOINTS)
def test_every_endpoint_requires_its_scope(
    live_server: str, db: Any, job_id: str, method: str, path: str, scopes: set[str]
) -> None:
    from screening.accounts.apikeys import create_key

    keys = {}
    with db.session() as session:
        for scope in ("screen", "read", "counterparties", "entities"):
            _row, keys[scope] = create_key(session, f"only-{scope}", [scope], actor="tests")
    for scope, key in keys.items():
        response = _call(live_server, method, path, job_id, auth(key))
        if scope not in scopes:
            assert response.status == 403, (scope, response.body)
            assert error_of(response)["code"] == "forbidden"
        elif scope == "screen" and ("{job_id}" in path or "{alert_id}" in path):
            # A screen-only key sees its own jobs (and their alerts) only; these are others'.
            assert response.status == 404, (scope, response.body)
        else:
            assert response.status < 300, (scope, response.body)


def test_list_endpoints_answer_a_read_key(
    live_server: str, small_list: str, api_key: tuple[str, str]
) -> None:
    key = api_key[0]
    lists = request("GET", f"{live_server}/api/v1/lists", headers=auth(key)).json()
    assert [row["name"] for row in lists["data"]] == ["small"]
    detail = request("GET", f"{live_server}/api/v1/lists/small", headers=auth(key)).json()
    assert detail["versions"][0]["number"] == 1
    entity = request(
        "GET", f"{live_server}/api/v1/entities/small:air-koryo", headers=auth(key)
    ).json()
    assert entity["primary_name"] == "Air Koryo" and entity["sources"]
    missing = request("GET", f"{live_server}/api/v1/lists/nope", headers=auth(key))
    assert missing.status == 404 and error_of(missing)["code"] == "not_found"


# --- errors -------------------------------------------------------------------------


def test_unsupported_media_type_is_415_with_the_error_shape(
    live_server: str, api_key: tuple[str, str]
) -> None:
    for path in ("/api/v1/screenings", "/api/v1/screen"):
        response = request(
            "POST",
            f"{live_server}{path}",
            data=b"<items/>",
            headers={**auth(api_key[0]), "Content-Type": "application/xml"},
        )
        assert response.status == 415
        assert error_of(response)["code"] == "unsupported_media_type"


def test_unknown_route_and_method_keep_the_error_shape(
    live_server: str, api_key: tuple[str, str]
) -> None:
    missing = request("GET", f"{live_server}/api/v1/nothing", headers=auth(api_key[0]))
    assert missing.status == 404 and error_of(missing)["code"] == "not_found"
    wrong = request("DELETE", f"{live_server}/api/v1/screenings", headers=auth(api_key[0]))
    assert wrong.status == 405 and error_of(wrong)["code"] == "method_not_allowed"


def test_validation_errors_name_each_bad_field(
    live_server: str, api_key: tuple[str, str], small_list: str
) -> None:
    body = {"items": [{"name": "ok"}, {"name": "x" * 513}, {"name": "y", "type": "ship"}]}
    error = error_of(submit(live_server, api_key[0], body))
    assert error["code"] == "validation_error"
    assert {d["path"] for d in error["details"]} == {"/items/1/name", "/items/2/type"}
    body = {"items": [{"name": "ok"}, {"name": "x" * 513}]}
    error = error_of(submit(live_server, api_key[0], body))
    assert error["details"] == [
        {
            "path": "/items/1/name",
            "item": 1,
            "field": "name",
            "code": "too_long",
            "message": "name longer than 512 characters",
        }
    ]


def test_limits_are_named_settings(app: Flask, api_key: tuple[str, str], tmp_path: Path) -> None:
    client = _app_with(
        tmp_path,
        app.config["SETTINGS"],
        SCREENING_MAX_NAME_LENGTH="20",
        SCREENING_MAX_BATCH_ITEMS="3",
        SCREENING_MAX_SYNC_ITEMS="2",
        SCREENING_MAX_REQUEST_BYTES="2048",
        SCREENING_QUEUE=app.config["SETTINGS"].queue,
    )
    headers = auth(api_key[0])

    def post(path: str, names: list[str]) -> Any:
        return client.post(path, json={"items": [{"name": n} for n in names]}, headers=headers)

    long_name = post("/api/v1/screen", ["x" * 21])
    assert long_name.status_code == 422
    assert "20 characters" in long_name.get_json()["error"]["details"][0]["message"]
    batch = post("/api/v1/screenings", ["a", "b", "c", "d"])
    assert batch.status_code == 413
    assert batch.get_json()["error"]["message"] == "Too many items in one request (limit: 3)"
    sync = post("/api/v1/screen", ["a", "b", "c"])
    assert sync.status_code == 413 and "limit: 2" in sync.get_json()["error"]["message"]
    big = client.post(
        "/api/v1/screenings",
        data=b'{"items": [' + b" " * 4096 + b"]}",
        headers={**headers, "Content-Type": "application/json"},
    )
    assert big.status_code == 413
    assert big.get_json()["error"]["message"] == "Request body too large (limit: 2048 bytes)"


NEVER_500 = [
    ("POST", "/api/v1/screenings", b'{"items": [{"name": "x"}], "threshold": NaN}', 400),
    ("POST", "/api/v1/screenings", b'{"items": [{"name": "x"}], "threshold": Infinity}', 400),
    ("POST", "/api/v1/screenings", b'{"items": [{"name": "x"}], "threshold": 1e999}', 400),
    ("POST", "/api/v1/screenings", b"[" * 50_000 + b"]" * 50_000, 400),
    ("POST", "/api/v1/screenings", b'{"items": ' + b"[" * 40 + b"]" * 40 + b"}", 400),
    ("POST", "/api/v1/screenings", b'{"items": [{"name": "\xff\xfe"}]}', 400),
    ("POST", "/api/v1/screenings", b"", 400),
    ("POST", "/api/v1/screenings", b"null", 422),
    ("POST", "/api/v1/screenings", b'"items"', 422),
    ("POST", "/api/v1/screen", b'{"items": [{"name": "a\\u0000b"}]}', 422),
    ("POST", "/api/v1/screen", b'{"items": [{"name": "\\ud800"}]}', 422),
    ("GET", "/api/v1/screenings?page=99999999999999999999", None, 400),
    ("GET", "/api/v1/screenings?page=0", None, 400),
    ("GET", "/api/v1/screenings?per_page=501", None, 400),
    ("GET", "/api/v1/screenings?page=x", None, 400),
    ("GET", "/api/v1/screenings?created_from=9999-12-31T23:59:59-23:00", None, 400),
    ("GET", "/api/v1/screenings?created_to=yesterday", None, 400),
    ("GET", "/api/v1/screenings?status=lost", None, 400),
    ("GET", "/api/v1/screenings/a%00b", None, 404),
    ("GET", "/api/v1/screenings/a%00b/results", None, 404),
    ("GET", "/api/v1/lists/x%00", None, 404),
    ("GET", "/api/v1/entities/x%00y", None, 404),
    ("GET", "/api/v1/entities/%ED%A0%80", None, 404),
    ("GET", "/api/v1/alerts?status=lost", None, 400),
    ("GET", "/api/v1/alerts?per_page=0", None, 400),
    ("GET", "/api/v1/counterparties/a%00b", None, 404),
    ("PUT", "/api/v1/counterparties/C-9", b'{"name": "a\\u0000b"}', 422),
    ("PUT", "/api/v1/counterparties/C-9", b'{"name": "x", "birth_date": "1999-02-30"}', 422),
    ("PUT", "/api/v1/counterparties/C-9", b"[]", 422),
    ("POST", "/api/v1/counterparties/import", b'{"items": {}}', 422),
    ("POST", "/api/v1/counterparties/import", b'{"items": [{"name": "no reference"}]}', 422),
]


@pytest.mark.parametrize(("method", "path", "data", "status"), NEVER_500)
def test_bad_input_gets_a_client_error_never_a_500(
    live_server: str,
    small_list: str,
    api_key: tuple[str, str],
    method: str,
    path: str,
    data: bytes | None,
    status: int,
) -> None:
    headers = {**auth(api_key[0]), "Content-Type": "application/json"}
    response = request(method, live_server + path, data=data, headers=headers)
    assert response.status == status, response.body[:300]
    assert error_of(response)["code"]


def test_results_of_an_unknown_job_are_404(live_server: str, api_key: tuple[str, str]) -> None:
    response = request(
        "GET", f"{live_server}/api/v1/screenings/nope/results", headers=auth(api_key[0])
    )
    assert response.status == 404 and error_of(response)["code"] == "not_found"


def test_callback_hosts_can_be_restricted_by_setting(
    app: Flask, api_key: tuple[str, str], small_list: str, tmp_path: Path
) -> None:
    # No worker may pick the accepted job up: its webhook would go to a real host.
    client = _app_with(
        tmp_path,
        app.config["SETTINGS"],
        SCREENING_WEBHOOK_ALLOWED_HOSTS="erp.example.com, hooks.example.org",
        REDIS_URL="redis://127.0.0.1:1/0",
    )
    headers = auth(api_key[0])

    def post(url: str) -> Any:
        body = {"items": [{"name": "x"}], "callback_url": url}
        return client.post("/api/v1/screenings", json=body, headers=headers)

    refused = post("https://evil.example.net/hook")
    assert refused.status_code == 422
    assert refused.get_json()["error"]["code"] == "invalid_callback_url"
    assert "allowed hosts" in refused.get_json()["error"]["message"]
    assert post("https://ERP.example.com/hooks/screening").status_code == 202
    for bad in (
        "javascript:alert(1)",
        "file:///etc/passwd",
        "https://",
        "http://a:b@erp.example.com/",
    ):
        assert post(bad).status_code == 422, bad


# --- OpenAPI and the docs page ------------------------------------------------------


def test_openapi_is_generated_from_the_routes_with_examples(client: Any) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"] == "3.1.0"
    operations = {
        (method.upper(), path): op
        for path, ops in spec["paths"].items()
        for method, op in ops.items()
    }
    assert set(operations) == {(m, p) for m, p, _ in ENDPOINTS}
    responses = spec["components"]["responses"]
    for (method, path), op in operations.items():
        scopes = next(s for m, p, s in ENDPOINTS if (m, p) == (method, path))
        assert set(op["security"][0]["bearerAuth"]) == scopes, path
        assert {"400", "401", "403", "429", "503"} <= set(op["responses"]), path
        success = next(r for code, r in op["responses"].items() if code.startswith("2"))
        assert success["content"]["application/json"].get("example"), f"{method} {path}"
        for code, response in op["responses"].items():
            if code.startswith(("4", "5")):
                shared = responses[response["$ref"].rsplit("/", 1)[1]]
                content = shared["content"]["application/json"]
                assert content["schema"] == {"$ref": "#/components/schemas/Error"}, (path, code)
                shown = [e["value"]["error"]["code"] for e in content["examples"].values()]
                assert shown, (path, code)
        if method == "POST" and "requestBody" in op:
            assert op["requestBody"]["content"]["application/json"]["example"]["items"]
    error = spec["components"]["schemas"]["Error"]
    assert error["required"] == ["error"]


def test_docs_page_and_its_assets_load_nothing_from_elsewhere(client: Any) -> None:
    import re

    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assets = re.findall(r'<script src="([^"]+)"', html) + re.findall(
        r'<link rel="stylesheet" href="([^"]+)"', html
    )
    assert len(assets) == 2 and all(a.startswith("/api/docs/static/") for a in assets), assets
    for asset in assets:
        response = client.get(asset)
        assert response.status_code == 200, asset
        text = response.get_data(as_text=True)
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", text), asset
