"""The API's contract: a valid OpenAPI document whose limits are the server's, a client
generated from it that works, RFC 9457 problems, and what every answer's headers say."""

from __future__ import annotations

import gzip
import importlib
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from flask import Flask

from tests.conftest import wait_for
from tests.http import request
from tests.test_api import ITEMS, Receiver, _app_with, auth, error_of, submit
from tests.test_api_jobs import broker_down, submit_unsent  # noqa: F401  (a fixture)

EVENTS = {"screening.completed", "screening.failed", "alert.opened", "counterparty.blocked"}


def spec_of(client: Any) -> dict[str, Any]:
    return dict(client.get("/api/v1/openapi.json").get_json())


def test_the_openapi_document_is_valid(client: Any) -> None:
    from openapi_spec_validator import validate

    validate(spec_of(client))


def test_limits_in_the_document_are_the_servers_settings(
    app: Flask, tmp_path: Path, db: Any
) -> None:
    client = _app_with(
        tmp_path,
        app.config["SETTINGS"],
        SCREENING_MAX_BATCH_ITEMS="30",
        SCREENING_MAX_SYNC_ITEMS="3",
        SCREENING_MAX_NAME_LENGTH="40",
        SCREENING_MAX_MATCHES_PER_NAME="7",
    )
    schemas = spec_of(client)["components"]["schemas"]
    assert schemas["ScreeningRequest"]["properties"]["items"]["maxItems"] == 30
    assert schemas["SyncScreeningRequest"]["properties"]["items"]["maxItems"] == 3
    assert schemas["Item"]["properties"]["name"]["maxLength"] == 40
    assert schemas["ScreeningRequest"]["properties"]["limit"]["maximum"] == 7
    lists = schemas["ScreeningRequest"]["properties"]["lists"]
    assert "GET /api/v1/lists" in lists["description"], "list names are a documented lookup"


def test_the_documented_request_schema_is_the_one_that_validates(app: Flask) -> None:
    from screening.api.base import RequestSchemas

    schemas = RequestSchemas(app.config["SETTINGS"])
    validator = schemas.validator("ScreeningRequest")
    documented = schemas.components["schemas"]["ScreeningRequest"]
    assert validator.schema["properties"].keys() == documented["properties"].keys()
    assert (
        validator.schema["properties"]["items"]["items"]["properties"]["name"]
        == (schemas.components["schemas"]["Item"]["properties"]["name"])
    )


def test_every_operation_documents_429_503_and_its_headers(client: Any) -> None:
    spec = spec_of(client)
    headers = spec["components"]["headers"]
    assert {"Location", "Idempotent-Replayed", "Retry-After", "ETag", "X-Request-Id"} <= set(
        headers
    )
    assert {"RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset"} <= set(headers)
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            assert {"429", "503"} <= set(op["responses"]), (method, path)
    submit_op = spec["paths"]["/api/v1/screenings"]["post"]["responses"]["202"]
    assert {"Location", "Idempotent-Replayed", "RateLimit-Remaining"} <= set(submit_op["headers"])
    poll = spec["paths"]["/api/v1/screenings/{job_id}"]["get"]["responses"]
    assert {"ETag", "Retry-After"} <= set(poll["200"]["headers"]) and "304" in poll


def test_each_error_has_its_own_example_in_both_formats(client: Any) -> None:
    responses = spec_of(client)["components"]["responses"]
    for name in ("Unauthorized", "ValidationFailed", "IdempotencyConflict", "TooManyRequests"):
        content = responses[name]["content"]
        for media, schema in (
            ("application/json", "Error"),
            ("application/problem+json", "Problem"),
        ):
            assert content[media]["schema"] == {"$ref": f"#/components/schemas/{schema}"}
            for code, example in content[media]["examples"].items():
                value = example["value"]
                shown = (
                    value["code"]
                    if media.startswith("application/problem")
                    else (value["error"]["code"])
                )
                assert shown == code
    unauthorized = responses["Unauthorized"]["content"]["application/json"]["examples"]
    assert list(unauthorized) == ["unauthorized"]
    invalid = responses["ValidationFailed"]["content"]["application/json"]["examples"]
    assert set(invalid) == {"validation_error", "unknown_list", "invalid_callback_url"}


def test_response_schemas_say_which_fields_are_always_there(client: Any) -> None:
    schemas = spec_of(client)["components"]["schemas"]
    for name in ("Job", "JobReport", "ItemResult", "Match", "ResultsPage", "Entity", "Problem"):
        assert schemas[name]["required"], name
    assert set(schemas["Match"]["required"]) == set(schemas["Match"]["properties"])
    # One component per concept: the job status is one enum wherever it appears.
    assert schemas["Job"]["properties"]["status"] == {"$ref": "#/components/schemas/JobStatus"}
    results_job = schemas["ResultsPage"]["properties"]["job"]["properties"]["status"]
    assert results_job == {"$ref": "#/components/schemas/JobStatus"}


def test_webhooks_are_documented_for_every_event(client: Any) -> None:
    spec = spec_of(client)
    assert set(spec["webhooks"]) == EVENTS
    for name, hook in spec["webhooks"].items():
        headers = {p["name"] for p in hook["post"]["parameters"]}
        assert {"X-Screening-Delivery", "X-Screening-Signature"} <= headers, name


def _resolver(spec: dict[str, Any]) -> Any:
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    return Registry().with_resource("urn:api", Resource(spec, specification=DRAFT202012))


def validate_against(spec: dict[str, Any], schema_name: str, value: Any) -> None:
    jsonschema.Draft202012Validator(
        {"$ref": f"urn:api#/components/schemas/{schema_name}"}, registry=_resolver(spec)
    ).validate(value)


def test_a_delivered_callback_matches_its_documented_payload(
    live_server: str, worker: Any, small_list: str, api_key: tuple[str, str], client: Any
) -> None:
    receiver = Receiver()
    try:
        submit(live_server, api_key[0], {"items": ITEMS, "callback_url": receiver.url})
        wait_for(lambda: receiver.calls, timeout=90)
    finally:
        receiver.server.shutdown()
    headers, body = receiver.calls[0]
    validate_against(spec_of(client), "JobCallback", json.loads(body))
    assert headers["X-Screening-Delivery"]


# --- a generated client -------------------------------------------------------------------


@pytest.fixture(scope="module")
def generated_client(app: Flask, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A Python client generated from the document with openapi-python-client, offline."""
    pytest.importorskip("openapi_python_client")
    out = tmp_path_factory.mktemp("client")
    spec_path = out / "openapi.json"
    spec_path.write_text(json.dumps(app.test_client().get("/api/v1/openapi.json").get_json()))
    config = out / "config.yaml"
    config.write_text("post_hooks: []\npackage_name_override: screening_client\n")
    generator = Path(sys.executable).parent / "openapi-python-client"
    result = subprocess.run(
        [str(generator), "generate", "--path", str(spec_path), "--config", str(config),
         "--meta", "none", "--output-path", str(out / "screening_client")],
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(out))
    try:
        yield importlib.import_module("screening_client")
    finally:
        sys.path.remove(str(out))
        for name in [m for m in sys.modules if m.startswith("screening_client")]:
            del sys.modules[name]


def test_a_generated_client_submits_polls_and_reads_results(
    generated_client: Any, live_server: str, worker: Any, small_list: str, api_key: tuple[str, str]
) -> None:
    def operation(name: str) -> Any:
        return importlib.import_module(f"screening_client.api.default.{name}")

    models = importlib.import_module("screening_client.models")
    client = generated_client.AuthenticatedClient(base_url=live_server, token=api_key[0])
    body = models.ScreeningRequest(
        items=[
            models.Item(name=item["name"], type_=models.ItemType(item["type"]),
                        reference=item["reference"])
            for item in ITEMS
        ],
        limit=5,
    )  # fmt: skip
    accepted = operation("submit_screening").sync_detailed(
        client=client, body=body, idempotency_key="g-1"
    )
    assert accepted.status_code == 202, accepted.content
    job = accepted.parsed
    assert isinstance(job, models.Job) and job.status == models.JobStatus.QUEUED

    deadline = time.monotonic() + 90
    report = operation("get_screening").sync(client=client, job_id=job.id)
    while report.status not in (models.JobStatus.COMPLETED, models.JobStatus.FAILED):
        assert time.monotonic() < deadline, "job did not finish"
        time.sleep(0.3)
        report = operation("get_screening").sync(client=client, job_id=job.id)
    assert report.status == models.JobStatus.COMPLETED
    assert report.summary.outcome == models.Outcome.POTENTIAL_MATCH

    page = operation("get_results").sync(
        client=client, job_id=job.id, outcome=models.Outcome.POTENTIAL_MATCH
    )
    assert isinstance(page, models.ResultsPage)
    assert [r.reference for r in page.data] == ["v-1", "v-3"]
    top = page.data[0].matches[0]
    assert (top.entity_id, top.list_) == ("small:air-koryo", "small")

    failed = operation("submit_screening").sync(client=client, body=models.ScreeningRequest(
        items=[models.Item(name="x", country="XX")]))  # fmt: skip
    assert isinstance(failed, models.Error) and failed.error.code == "validation_error"


# --- errors -------------------------------------------------------------------------------


def test_problem_details_when_the_client_accepts_them(
    live_server: str, api_key: tuple[str, str], small_list: str
) -> None:
    body = {"items": [{"name": "x" * 600}]}
    problem = submit(live_server, api_key[0], body, Accept="application/problem+json")
    assert problem.status == 422
    assert problem.headers["Content-Type"] == "application/problem+json"
    document = problem.json()
    assert document["type"] == "/api/docs#error-validation_error"
    assert (document["status"], document["code"], document["title"]) == (
        422,
        "validation_error",
        "Unprocessable Entity",
    )
    assert document["details"][0]["path"] == "/items/0/name"
    assert document["request_id"] == problem.headers["X-Request-Id"]
    # Clients that do not ask keep the v1 shape.
    for accept in ("application/json", "*/*", None):
        headers = {"Accept": accept} if accept else {}
        plain = submit(live_server, api_key[0], body, **headers)
        assert plain.headers["Content-Type"].startswith("application/json")
        assert error_of(plain)["details"] == document["details"]
    unauthorized = request(
        "GET", f"{live_server}/api/v1/lists", headers={"Accept": "application/problem+json"}
    )
    assert unauthorized.status == 401 and unauthorized.json()["code"] == "unauthorized"


def test_405_says_which_methods_are_allowed(live_server: str, api_key: tuple[str, str]) -> None:
    wrong = request("DELETE", f"{live_server}/api/v1/screenings", headers=auth(api_key[0]))
    assert wrong.status == 405
    assert set(wrong.headers["Allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    assert error_of(wrong)["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    "query",
    ["pages=2", "page=", "status=", "page=1&page=2", "outcome=clear", "per_page=%20"],
)
def test_unknown_empty_or_repeated_query_parameters_are_400(
    live_server: str, api_key: tuple[str, str], query: str
) -> None:
    response = request("GET", f"{live_server}/api/v1/screenings?{query}", headers=auth(api_key[0]))
    assert response.status == 400, response.body
    assert error_of(response)["code"] == "bad_request"


@pytest.mark.parametrize("path", ["/api/v1/alerts?list=a%00b", "/api/v1/alerts?counterparty=%00"])
def test_a_query_parameter_with_a_nul_character_is_400(
    live_server: str, api_key: tuple[str, str], path: str
) -> None:
    """PostgreSQL refuses NUL in text it compares: this was a 500 (found by schemathesis)."""
    response = request("GET", f"{live_server}{path}", headers=auth(api_key[0]))
    assert response.status == 400, response.body
    assert "NUL" in error_of(response)["message"]


# --- headers ------------------------------------------------------------------------------


def test_every_answer_carries_a_request_id_yours_or_a_new_one(
    live_server: str, api_key: tuple[str, str]
) -> None:
    mine = request(
        "GET", f"{live_server}/api/v1/lists", headers={**auth(api_key[0]), "X-Request-Id": "erp-7"}
    )
    assert mine.headers["X-Request-Id"] == "erp-7"
    fresh = request("GET", f"{live_server}/api/v1/lists", headers=auth(api_key[0]))
    other = request("GET", f"{live_server}/api/v1/nothing", headers={"X-Request-Id": "a b\x01"})
    assert fresh.headers["X-Request-Id"] and other.headers["X-Request-Id"] != "a b\x01"
    assert other.status == 404 and other.headers["X-Request-Id"]


def test_rate_limit_headers_count_down(
    app: Flask, api_key: tuple[str, str], tmp_path: Path
) -> None:
    client = _app_with(tmp_path, app.config["SETTINGS"], SCREENING_RATE_LIMIT_PER_MINUTE="5")
    answers = [client.get("/api/v1/lists", headers=auth(api_key[0])) for _ in range(6)]
    remaining = [int(a.headers["RateLimit-Remaining"]) for a in answers]
    assert remaining[:5] == [4, 3, 2, 1, 0]
    assert all(a.headers["RateLimit-Limit"] == "5" for a in answers)
    assert 0 < int(answers[0].headers["RateLimit-Reset"]) <= 61
    assert answers[5].status_code == 429 and answers[5].headers["Retry-After"]


def test_job_reads_answer_304_while_nothing_changed_and_retry_after_while_running(
    live_server: str,
    small_list: str,
    api_key: tuple[str, str],
    broker_down: Any,  # noqa: F811
) -> None:
    key = api_key[0]
    job_id = submit_unsent(broker_down, key, {"items": ITEMS})["id"]
    url = f"{live_server}/api/v1/screenings/{job_id}"
    first = request("GET", url, headers=auth(key))
    assert first.status == 200 and first.headers["Retry-After"] == "2"
    etag = first.headers["ETag"]
    again = request("GET", url, headers={**auth(key), "If-None-Match": etag})
    assert again.status == 304 and again.body == b""
    assert again.headers["ETag"] == etag
    results = request("GET", f"{url}/results", headers=auth(key))
    assert results.headers["Retry-After"] == "2"
    assert (
        request(
            "GET", f"{url}/results", headers={**auth(key), "If-None-Match": results.headers["ETag"]}
        ).status
        == 304
    )


def test_a_finished_job_says_no_retry_after_and_a_new_etag(
    live_server: str, small_list: str, api_key: tuple[str, str]
) -> None:
    done = request(
        "POST", f"{live_server}/api/v1/screen", json_body={"items": ITEMS}, headers=auth(api_key[0])
    ).json()
    answer = request(
        "GET", f"{live_server}/api/v1/screenings/{done['job']['id']}", headers=auth(api_key[0])
    )
    assert answer.status == 200 and "Retry-After" not in answer.headers
    stale = request(
        "GET",
        f"{live_server}/api/v1/screenings/{done['job']['id']}",
        headers={**auth(api_key[0]), "If-None-Match": '"not-this-one"'},
    )
    assert stale.status == 200


def test_large_result_pages_are_gzipped_when_asked(
    live_server: str, small_list: str, api_key: tuple[str, str]
) -> None:
    names = [{"name": "Air Koryo", "reference": f"r-{i}"} for i in range(10)]
    job = request(
        "POST", f"{live_server}/api/v1/screen", json_body={"items": names}, headers=auth(api_key[0])
    ).json()["job"]
    url = f"{live_server}/api/v1/screenings/{job['id']}/results"
    zipped = request("GET", url, headers={**auth(api_key[0]), "Accept-Encoding": "gzip"})
    assert zipped.headers.get("Content-Encoding") == "gzip"
    assert len(json.loads(gzip.decompress(zipped.body))["data"]) == 10
    plain = request("GET", url, headers=auth(api_key[0]))
    assert "Content-Encoding" not in plain.headers and len(plain.json()["data"]) == 10
    small = request(
        "GET",
        f"{live_server}/api/v1/lists",
        headers={**auth(api_key[0]), "Accept-Encoding": "gzip"},
    )
    assert "Content-Encoding" not in small.headers, "small answers are sent as they are"


# --- the synchronous endpoint ----------------------------------------------------------------


def test_screen_honours_the_idempotency_key(
    live_server: str, small_list: str, api_key: tuple[str, str], db: Any
) -> None:
    from sqlalchemy import func, select

    from screening.models import ScreeningJob

    body = {"items": ITEMS[:2]}
    url = f"{live_server}/api/v1/screen"
    headers = {**auth(api_key[0]), "Idempotency-Key": "pay-9"}
    first = request("POST", url, json_body=body, headers=headers)
    again = request("POST", url, json_body=body, headers=headers)
    assert first.status == again.status == 200
    assert "Idempotent-Replayed" not in first.headers
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(ScreeningJob)) == 1
    other = request("POST", url, json_body={"items": ITEMS[:1]}, headers=headers)
    assert other.status == 409 and error_of(other)["code"] == "idempotency_conflict"
    # The same key on the asynchronous endpoint names a different request.
    assert submit(live_server, api_key[0], body, **{"Idempotency-Key": "pay-9"}).status == 409


# --- redelivery, end to end -----------------------------------------------------------------


def test_redeliver_sends_a_finished_jobs_callback_again(
    live_server: str, worker: Any, small_list: str, api_key: tuple[str, str], db: Any
) -> None:
    from screening.accounts.apikeys import create_key

    receiver = Receiver()
    try:
        key = api_key[0]
        job = submit(live_server, key, {"items": ITEMS[:1], "callback_url": receiver.url}).json()
        wait_for(lambda: receiver.calls, timeout=90)
        url = f"{live_server}/api/v1/screenings/{job['id']}"
        delivered = wait_for(
            lambda: (
                (w := request("GET", url, headers=auth(key)).json()["webhook"])["status"]
                == "delivered"
                and w
            )
        )
        again = request("POST", f"{url}/webhook/redeliver", headers=auth(key))
        assert again.status == 202, again.body
        assert again.json()["delivery_id"] == delivered["delivery_id"]
        wait_for(lambda: len(receiver.calls) >= 2, timeout=60)
    finally:
        receiver.server.shutdown()
    ids = {headers["X-Screening-Delivery"] for headers, _ in receiver.calls}
    assert ids == {delivered["delivery_id"]}

    with db.session() as session:
        _row, other = create_key(session, "ERP-2", ["screen"], actor="tests")
    assert request("POST", f"{url}/webhook/redeliver", headers=auth(other)).status == 404
    sync = request(
        "POST", f"{live_server}/api/v1/screen", json_body={"items": ITEMS[:1]}, headers=auth(key)
    ).json()["job"]
    refused = request(
        "POST", f"{live_server}/api/v1/screenings/{sync['id']}/webhook/redeliver", headers=auth(key)
    )
    assert refused.status == 409 and error_of(refused)["code"] == "no_callback_url"


def test_the_web_servers_access_log_carries_the_request_id(
    app: Flask, test_env: dict[str, str], tmp_path: Path
) -> None:
    """`screening web` (gunicorn) writes each request's X-Request-Id in its access log."""
    from tests.test_deploy import BIN, REPO, free_port, stop, wait_ready

    port = free_port()
    log = tmp_path / "web.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [str(BIN / "screening"), "web", "--host", "127.0.0.1", "--port", str(port),
             "--workers", "1"],
            env={**os.environ, **test_env, "SCREENING_ENV": "production"},
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            wait_ready(f"http://127.0.0.1:{port}/readyz", proc)
            answer = request(
                "GET", f"http://127.0.0.1:{port}/api/v1/lists", headers={"X-Request-Id": "erp-42"}
            )
            assert answer.status == 401 and answer.headers["X-Request-Id"] == "erp-42"
        finally:
            assert stop(proc) == 0
    assert "request_id=erp-42" in log.read_text()
