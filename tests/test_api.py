"""The ERP API end to end: real HTTP, the database, the broker and a real worker."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from foundation.settings import Settings
from screening.app import create_app
from screening.models import ScreeningJob, WebhookDelivery
from screening.webhooks import (
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    backoff_seconds,
    verify_signature,
)
from tests.conftest import wait_for
from tests.http import request


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def submit(base: str, key: str, body: dict[str, Any], **headers: str) -> Any:
    return request(
        "POST", f"{base}/api/v1/screenings", json_body=body, headers={**auth(key), **headers}
    )


def wait_completed(base: str, key: str, job_id: str, timeout: float = 90) -> dict[str, Any]:
    def done() -> Any:
        body = request("GET", f"{base}/api/v1/screenings/{job_id}", headers=auth(key)).json()
        return body if body["status"] == "completed" else None

    return wait_for(done, timeout=timeout, interval=0.3)


ITEMS = [
    {"name": "AIR KORYO", "type": "company", "reference": "v-1"},
    {"name": "Microsoft Corporation", "type": "company", "reference": "v-2"},
    {"name": "Rungra-888", "type": "company", "reference": "v-3"},
]


def test_submit_process_and_read_results(
    live_server: str, worker: Any, small_list: str, api_key: tuple[str, str]
) -> None:
    key, _ = api_key
    response = submit(live_server, key, {"items": ITEMS})
    assert response.status == 202, response.body
    job = response.json()
    assert response.headers["Location"] == f"/api/v1/screenings/{job['id']}"
    assert job["lists"] == {"small": 1}

    done = wait_completed(live_server, key, job["id"])
    assert done["counts"] == {"items": 3, "processed": 3, "potential_matches": 2, "clear": 1}

    results = request(
        "GET", f"{live_server}/api/v1/screenings/{job['id']}/results", headers=auth(key)
    ).json()
    by_ref = {r["reference"]: r for r in results["data"]}
    assert [r["position"] for r in results["data"]] == [0, 1, 2]
    assert by_ref["v-1"]["outcome"] == "potential_match"
    top = by_ref["v-1"]["matches"][0]
    assert top["entity_id"] == "small:air-koryo"
    assert top["list"] == "small" and top["list_version"] == 1
    assert top["explanation"], "every match carries its explanation"
    assert by_ref["v-1"]["normalized_name"]
    assert by_ref["v-2"]["outcome"] == "clear" and by_ref["v-2"]["matches"] == []

    hits = request(
        "GET",
        f"{live_server}/api/v1/screenings/{job['id']}/results?outcome=potential_match&per_page=1",
        headers=auth(key),
    ).json()
    assert hits["meta"] == {"page": 1, "per_page": 1, "total": 2, "pages": 2}

    listing = request("GET", f"{live_server}/api/v1/screenings?status=completed", headers=auth(key))
    assert [j["id"] for j in listing.json()["data"]] == [job["id"]]


def test_idempotent_retry_returns_the_same_job(
    live_server: str, small_list: str, api_key: tuple[str, str], db: Any
) -> None:
    key, _ = api_key
    body = {"items": ITEMS[:1]}
    first = submit(live_server, key, body, **{"Idempotency-Key": "order-77"})
    again = submit(live_server, key, body, **{"Idempotency-Key": "order-77"})
    assert first.status == again.status == 202
    assert first.json()["id"] == again.json()["id"]
    assert again.headers.get("Idempotent-Replayed") == "true"
    with db.session() as session:
        assert len(session.scalars(select(ScreeningJob)).all()) == 1


def test_reused_idempotency_key_with_other_body_is_409(
    live_server: str, small_list: str, api_key: tuple[str, str]
) -> None:
    key, _ = api_key
    submit(live_server, key, {"items": ITEMS[:1]}, **{"Idempotency-Key": "k-1"})
    conflict = submit(live_server, key, {"items": ITEMS[:2]}, **{"Idempotency-Key": "k-1"})
    assert conflict.status == 409
    assert conflict.json()["error"]["code"] == "idempotency_conflict"


def test_sync_screen_answers_in_the_same_response(
    live_server: str, small_list: str, api_key: tuple[str, str]
) -> None:
    key, _ = api_key
    response = request(
        "POST",
        f"{live_server}/api/v1/screen",
        json_body={"items": [{"name": "Korean Airways"}, {"name": "Siemens AG"}]},
        headers=auth(key),
    )
    assert response.status == 200, response.body
    body = response.json()
    assert body["job"]["status"] == "completed"
    assert body["results"][0]["matches"][0]["entity_id"] == "small:air-koryo"
    assert body["results"][1]["outcome"] == "clear"


class Receiver:
    """A local webhook receiver that can fail its first N calls."""

    def __init__(self, fail_first: int = 0) -> None:
        self.calls: list[tuple[dict[str, str], bytes]] = []
        self.times: list[float] = []
        self.fail_first = fail_first
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.calls.append((dict(self.headers.items()), body))
                receiver.times.append(time.monotonic())
                status = 500 if len(receiver.calls) <= receiver.fail_first else 204
                self.send_response(status)
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.server.shutdown()


def test_webhook_is_delivered_and_its_signature_verifies(
    live_server: str, worker: Any, small_list: str, api_key: tuple[str, str], receiver: Receiver
) -> None:
    key, secret = api_key
    job = submit(live_server, key, {"items": ITEMS, "callback_url": receiver.url}).json()
    wait_for(lambda: receiver.calls, timeout=90)
    headers, body = receiver.calls[0]
    assert verify_signature(secret, headers[TIMESTAMP_HEADER], body, headers[SIGNATURE_HEADER])
    assert not verify_signature("wrong", headers[TIMESTAMP_HEADER], body, headers[SIGNATURE_HEADER])
    payload = json.loads(body)
    assert payload["event"] == "screening.completed"
    assert payload["job"]["id"] == job["id"]
    assert payload["job"]["counts"]["potential_matches"] == 2


def test_failed_webhook_is_retried_with_backoff(
    live_server: str, worker: Any, small_list: str, api_key: tuple[str, str], db: Any
) -> None:
    failing = Receiver(fail_first=1)
    try:
        key, _ = api_key
        job = submit(live_server, key, {"items": ITEMS[:1], "callback_url": failing.url}).json()
        wait_for(lambda: len(failing.calls) >= 2, timeout=90)
    finally:
        failing.server.shutdown()

    def attempts() -> Any:
        with db.session() as session:
            rows = session.scalars(
                select(WebhookDelivery)
                .where(WebhookDelivery.job_id == job["id"])
                .order_by(WebhookDelivery.attempt)
            ).all()
            return (
                [(r.attempt, r.status_code, r.delivered) for r in rows] if len(rows) >= 2 else None
            )

    assert wait_for(attempts, timeout=30) == [(1, 500, False), (2, 204, True)]
    # The second attempt waited out the backoff, which doubles with each attempt.
    assert failing.times[1] - failing.times[0] >= backoff_seconds(1) - 0.5
    assert [backoff_seconds(n) for n in (1, 2, 3, 4)] == [2, 4, 8, 16]


# --- errors: one shape, the right status ------------------------------------------


def error_of(response: Any) -> dict[str, Any]:
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["message"]
    return body["error"]


def test_missing_key_is_401(live_server: str) -> None:
    response = request("GET", f"{live_server}/api/v1/screenings")
    assert response.status == 401
    assert error_of(response)["code"] == "unauthorized"


def test_revoked_key_is_401(live_server: str, api_key: tuple[str, str], db: Any) -> None:
    from screening.accounts.apikeys import revoke_key

    key, _ = api_key
    with db.session() as session:
        revoke_key(session, key.split("_")[1], actor="tests")
    assert request("GET", f"{live_server}/api/v1/lists", headers=auth(key)).status == 401


def test_key_without_scope_is_403(live_server: str, db: Any, small_list: str) -> None:
    from screening.accounts.apikeys import create_key

    with db.session() as session:
        _row, read_only = create_key(session, "auditor", ["read"], actor="tests")
    response = submit(live_server, read_only, {"items": ITEMS})
    assert response.status == 403
    assert error_of(response)["code"] == "forbidden"


def test_unknown_job_is_404(live_server: str, api_key: tuple[str, str]) -> None:
    response = request("GET", f"{live_server}/api/v1/screenings/nope", headers=auth(api_key[0]))
    assert response.status == 404 and error_of(response)["code"] == "not_found"


def test_malformed_json_is_400(live_server: str, api_key: tuple[str, str]) -> None:
    response = request(
        "POST",
        f"{live_server}/api/v1/screenings",
        data=b'{"items": [',
        headers={**auth(api_key[0]), "Content-Type": "application/json"},
    )
    assert response.status == 400 and error_of(response)["code"] == "bad_request"


def test_form_body_is_415(live_server: str, api_key: tuple[str, str]) -> None:
    response = request(
        "POST",
        f"{live_server}/api/v1/screenings",
        data=b"name=x",
        headers={**auth(api_key[0]), "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status == 415


def test_too_many_items_is_413(live_server: str, api_key: tuple[str, str], small_list: str) -> None:
    body = {"items": [{"name": f"n{i}"} for i in range(10_001)]}
    response = submit(live_server, api_key[0], body)
    assert response.status == 413
    assert "limit: 10000" in error_of(response)["message"]


def test_oversized_body_is_413(app: Any, live_server: str, api_key: tuple[str, str]) -> None:
    limit = app.config["SETTINGS"].max_request_bytes
    response = request(
        "POST",
        f"{live_server}/api/v1/screenings",
        data=b"{" + b" " * limit + b"}",
        headers={**auth(api_key[0]), "Content-Type": "application/json"},
    )
    assert response.status == 413
    assert f"limit: {limit} bytes" in error_of(response)["message"]


def test_full_batch_of_longest_names_in_any_script_fits_the_request_limit(app: Any) -> None:
    settings = app.config["SETTINGS"]
    name = "김정은" * (settings.max_name_length // 3)
    item = {"name": name, "type": "person", "country": "KP", "reference": "R" * 64}
    body = json.dumps({"items": [item] * settings.max_batch_items})  # \uXXXX escapes
    assert len(body.encode()) <= settings.max_request_bytes


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"items": []}, "validation_error"),
        ({"items": [{"name": ""}]}, "validation_error"),
        ({"items": [{"name": "x" * 513}]}, "validation_error"),
        ({"items": [{"name": "x", "type": "ship"}]}, "validation_error"),
        ({"items": [{"name": "x"}], "threshold": 2}, "validation_error"),
        ({"items": [{"name": "x"}], "lists": ["no-such-list"]}, "unknown_list"),
        ({"items": [{"name": "x"}], "lists": []}, "validation_error"),
        ({"items": [{"name": "x"}], "callback_url": "ftp://example.com/x"}, "invalid_callback_url"),
        (
            {"items": [{"name": "x"}], "callback_url": "https://u:p@example.com/"},
            "invalid_callback_url",
        ),
    ],
)
def test_invalid_submission_is_422(
    live_server: str, api_key: tuple[str, str], small_list: str, body: Any, code: str
) -> None:
    response = submit(live_server, api_key[0], body)
    assert response.status == 422, response.body
    assert error_of(response)["code"] == code


def test_sync_screen_over_limit_is_413(
    live_server: str, api_key: tuple[str, str], small_list: str
) -> None:
    body = {"items": [{"name": f"n{i}"} for i in range(11)]}
    response = request(
        "POST", f"{live_server}/api/v1/screen", json_body=body, headers=auth(api_key[0])
    )
    assert response.status == 413


def _app_with(tmp_path: Path, base: Settings, **env: str) -> Any:
    values = {
        "SCREENING_INSTANCE_PATH": str(tmp_path),
        "SECRET_KEY": "x",
        "DATABASE_URL": base.database_url,
        **env,
    }
    if base.redis_url:
        values.setdefault("REDIS_URL", base.redis_url)
    return create_app(Settings.from_env(values)).test_client()


def test_rate_limit_is_429_with_retry_after(
    app: Any, api_key: tuple[str, str], tmp_path: Path
) -> None:
    client = _app_with(tmp_path, app.config["SETTINGS"], SCREENING_RATE_LIMIT_PER_MINUTE="2")
    statuses = [client.get("/api/v1/lists", headers=auth(api_key[0])).status_code for _ in range(3)]
    assert statuses[:2] == [200, 200]
    assert statuses[2] == 429
    response = client.get("/api/v1/lists", headers=auth(api_key[0]))
    assert int(response.headers["Retry-After"]) > 0
    assert response.get_json()["error"]["code"] == "too_many_requests"


def test_database_down_is_503(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "SCREENING_INSTANCE_PATH": str(tmp_path),
            "SECRET_KEY": "x",
            "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/none",
        }
    )
    client = create_app(settings).test_client()
    response = client.get("/api/v1/lists", headers=auth("sk_abcd1234_secret"))
    assert response.status_code == 503
    assert response.get_json()["error"]["code"] == "service_unavailable"


def test_openapi_document_describes_every_endpoint(client: Any) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    assert {
        "/api/v1/screenings",
        "/api/v1/screenings/{job_id}",
        "/api/v1/screen",
        "/api/v1/lists",
        "/api/v1/entities/{entity_id}",
    } <= set(spec["paths"])
    post = spec["paths"]["/api/v1/screenings"]["post"]
    assert post["requestBody"]["content"]["application/json"]["example"]["items"]
    assert "202" in post["responses"] and "409" in post["responses"]


def test_docs_page_loads_no_external_assets(client: Any) -> None:
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "http://" not in html and "https://" not in html
    assert client.get("/api/docs/static/docs.js").status_code == 200
