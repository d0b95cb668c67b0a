"""The counterparty register and alerts through the API: real HTTP, the database, and for
the webhook a real worker."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask

from screening.accounts.apikeys import create_key
from screening.cli import main
from screening.webhooks import SIGNATURE_HEADER, TIMESTAMP_HEADER, verify_signature
from tests.conftest import wait_for
from tests.http import request
from tests.test_api import Receiver, _app_with, auth


def error_of(response: Any) -> dict[str, Any]:
    return response.json()["error"]


@pytest.fixture()
def keeper(db: Any) -> str:
    """A key with the counterparties scope."""
    with db.session() as session:
        _row, key = create_key(session, "ERP-register", ["counterparties"], actor="tests")
    return key


def put(base: str, key: str, reference: str, body: dict[str, Any]) -> Any:
    return request(
        "PUT", f"{base}/api/v1/counterparties/{reference}", json_body=body, headers=auth(key)
    )


def monitor(test_env: dict[str, str]) -> str:
    result = CliRunner().invoke(main, ["monitor", "run"], env=test_env)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_put_is_idempotent_and_versions_each_change(live_server: str, keeper: str) -> None:
    body = {"name": "Sovfracht JSC", "type": "company", "country": "RU"}
    created = put(live_server, keeper, "V/1001", body)
    assert created.status == 201, created.body
    assert created.headers["Location"] == "/api/v1/counterparties/V/1001"
    assert created.json()["result"] == "created" and created.json()["country"] == "ru"
    again = put(live_server, keeper, "V/1001", body)
    assert again.status == 200 and again.json()["result"] == "unchanged"
    changed = put(
        live_server,
        keeper,
        "V/1001",
        {**body, "identifiers": [{"type": "IMO", "value": "9292211"}]},
    )
    assert changed.json()["result"] == "updated" and changed.json()["version"] == 2
    assert changed.json()["identifiers"] == [{"type": "imo", "value": "9292211"}]
    read = request("GET", f"{live_server}/api/v1/counterparties/V/1001", headers=auth(keeper))
    assert read.status == 200 and read.json()["open_alerts"] == []
    gone = request("DELETE", f"{live_server}/api/v1/counterparties/V/1001", headers=auth(keeper))
    assert gone.status == 200 and gone.json()["active"] is False
    missing = request("GET", f"{live_server}/api/v1/counterparties/nope", headers=auth(keeper))
    assert missing.status == 404 and error_of(missing)["code"] == "not_found"


def test_invalid_fields_are_422_naming_each(live_server: str, keeper: str) -> None:
    bad = put(
        live_server,
        keeper,
        "V-1",
        {"name": "X", "country": "Atlantis", "birth_date": "1990-02-30"},
    )
    assert bad.status == 422
    error = error_of(bad)
    assert error["code"] == "validation_error"
    assert {d["field"] for d in error["details"]} == {"country", "birth_date"}
    shape = put(live_server, keeper, "V-1", {"name": "X", "identifiers": ["imo:1"]})
    assert shape.status == 422 and error_of(shape)["details"][0]["path"] == "/identifiers/0"
    nul = request(
        "PUT",
        f"{live_server}/api/v1/counterparties/a%00b",
        json_body={"name": "X"},
        headers=auth(keeper),
    )
    assert nul.status == 404
    # A line feed in the reference reaches the handler (not a routing 404) and is refused.
    newline = request(
        "PUT",
        f"{live_server}/api/v1/counterparties/a%0Ab",
        json_body={"name": "X"},
        headers=auth(keeper),
    )
    assert newline.status == 422 and error_of(newline)["details"][0]["field"] == "reference"


def test_import_upserts_and_lists_rejects_by_index(live_server: str, keeper: str) -> None:
    items = [
        {"reference": "I-1", "name": "Air Koryo", "type": "company"},
        {"reference": "I-2", "name": "Kim Il", "type": "ship"},
        {"reference": "I-1", "name": "Air Koryo Again"},
        {"reference": "I-3", "name": "Marat Khusnullin", "type": "person", "birth_date": "1966"},
    ]
    url = f"{live_server}/api/v1/counterparties/import"
    first = request("POST", url, json_body={"items": items}, headers=auth(keeper))
    assert first.status == 200, first.body
    body = first.json()
    assert (body["created"], body["updated"], body["unchanged"]) == (2, 0, 0)
    assert [(r["index"], r["reference"]) for r in body["rejected"]] == [(1, "I-2"), (2, "I-1")]
    assert body["rejected"][0]["errors"][0]["field"] == "type"
    again = request("POST", url, json_body={"items": items}, headers=auth(keeper)).json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)


def test_import_limit_is_a_setting(app: Flask, db: Any, keeper: str, tmp_path: Path) -> None:
    client = _app_with(tmp_path, app.config["SETTINGS"], SCREENING_MAX_COUNTERPARTY_ITEMS="2")
    items = [{"reference": f"L-{i}", "name": f"Name {i}"} for i in range(3)]
    response = client.post(
        "/api/v1/counterparties/import", json={"items": items}, headers=auth(keeper)
    )
    assert response.status_code == 413
    assert response.get_json()["error"]["message"] == "Too many items in one request (limit: 2)"


def test_alerts_are_paged_and_filtered(
    live_server: str, test_env: dict[str, str], small_list: str, keeper: str
) -> None:
    for reference, name in (("A-1", "Air Koryo"), ("A-2", "Rungra 888"), ("A-3", "Acme Ltd")):
        assert put(live_server, keeper, reference, {"name": name, "type": "company"}).status == 201
    assert '"alerts_opened": 2' in monitor(test_env)
    url = f"{live_server}/api/v1/alerts"
    page = request("GET", f"{url}?status=open&per_page=1", headers=auth(keeper)).json()
    assert page["meta"] == {"page": 1, "per_page": 1, "total": 2, "pages": 2}
    alert = page["data"][0]
    for field in (
        "id", "counterparty_reference", "counterparty_name", "list", "list_version",
        "entity_id", "source_id", "matched_name", "score", "reason", "status", "opened_at",
    ):  # fmt: skip
        assert field in alert, field
    one = request("GET", f"{url}?counterparty=A-1", headers=auth(keeper)).json()
    assert [a["entity_id"] for a in one["data"]] == ["small:air-koryo"]
    assert request("GET", f"{url}?list=other", headers=auth(keeper)).json()["data"] == []
    by_reason = request("GET", f"{url}?reason=new_counterparty", headers=auth(keeper)).json()
    assert by_reason["meta"]["total"] == 2
    for query in ("status=lost", "reason=whim", "per_page=501", "page=0"):
        bad = request("GET", f"{url}?{query}", headers=auth(keeper))
        assert bad.status == 400 and error_of(bad)["code"] == "bad_request", query
    detail = request("GET", f"{live_server}/api/v1/counterparties/A-2", headers=auth(keeper))
    assert [a["entity_id"] for a in detail.json()["open_alerts"]] == ["small:rungra-888"]


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.server.shutdown()


def test_alert_opened_webhook_reaches_the_key_that_registered_the_counterparty(
    live_server: str,
    worker: Any,
    test_env: dict[str, str],
    app: Flask,
    db: Any,
    small_list: str,
    receiver: Receiver,
) -> None:
    with db.session() as session:
        row, key = create_key(
            session, "ERP-hooks", ["counterparties"], actor="tests",
            webhook_url=receiver.url, settings=app.config["SETTINGS"],
        )  # fmt: skip
        secret = row.webhook_secret
    assert put(live_server, key, "W-1", {"name": "AIR KORYO", "type": "company"}).status == 201
    monitor(test_env)
    wait_for(lambda: receiver.calls, timeout=90)
    headers, body = receiver.calls[0]
    assert headers["X-Screening-Event"] == "alert.opened"
    assert verify_signature(secret, headers[TIMESTAMP_HEADER], body, headers[SIGNATURE_HEADER])
    payload = json.loads(body)["data"]["alert"]
    assert payload["counterparty_reference"] == "W-1"
    assert payload["entity_id"] == "small:air-koryo" and payload["reason"] == "new_counterparty"
