"""JSON into the database and out of the API (``foundation.jsoncodec``, orjson): the
same values as the standard library's encoder, and nothing it took is refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from foundation import jsoncodec
from foundation.audit import AuditAction, AuditEvent, record_event


def test_the_text_reads_back_as_the_standard_encoders_does() -> None:
    value = {"b": [1, 2.5, 0.1 + 0.2, None, True], "a": {"Ким Чен Ын": "김정은"}}
    assert json.loads(jsoncodec.dumps(value)) == value
    sorted_text = jsoncodec.dump_bytes(value, sort_keys=True).decode()
    assert sorted_text == json.dumps(
        value, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    # Keys that are not strings become strings, as the standard encoder writes them.
    assert json.loads(jsoncodec.dumps({3: "three"})) == json.loads(json.dumps({3: "three"}))


def test_what_orjson_refuses_the_standard_encoder_writes() -> None:
    wide = 2**80  # wider than orjson's 64-bit integers
    lone = "caf\ud800"  # a lone surrogate: not encodable as UTF-8
    assert json.loads(jsoncodec.dumps({"n": wide})) == {"n": wide}
    assert json.loads(jsoncodec.dump_bytes([lone], sort_keys=True)) == [lone]


def test_a_date_goes_to_default_as_before() -> None:
    moment = datetime(2026, 12, 4, 15, 0, tzinfo=UTC)
    assert jsoncodec.dump_bytes({"at": moment}, default=lambda v: "given by default") == (
        b'{"at":"given by default"}'
    )


def test_the_database_keeps_what_it_is_given(session: Any) -> None:
    payload = {"names": ["Ким Ён Чхоль", "caf\ud800"], "count": 2**70, "score": 0.8125}
    record_event(
        session,
        actor="tests",
        channel="cli",
        action=AuditAction.LIST_IMPORTED,
        object_type="list",
        object_id="codec",
        payload=payload,
    )
    session.commit()
    stored = session.scalar(select(AuditEvent.payload).where(AuditEvent.object_id == "codec"))
    assert stored == payload


def test_api_answers_are_utf8_json_with_sorted_keys(
    client: Any, small_list: str, api_key: tuple[str, str]
) -> None:
    response = client.post(
        "/api/v1/screen",
        json={"items": [{"name": "Хуснуллин Марат", "reference": "ключ-1"}]},
        headers={"Authorization": f"Bearer {api_key[0]}"},
    )
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    text = response.data.decode("utf-8")
    assert "ключ-1" in text  # written as UTF-8, not escaped
    body = json.loads(text)
    result = body["results"][0]
    assert result["reference"] == "ключ-1" and result["matches"][0]["entity_id"].endswith(
        "khusnullin"
    )
    assert list(body) == sorted(body) and list(result) == sorted(result)
