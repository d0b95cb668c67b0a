"""The API's cache of verified keys: a key is read once per KEY_CACHE_SECONDS per
process, a revocation made elsewhere refuses it within that bound, and one made in
the process refuses it at once."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import event, update

from foundation.db import utcnow
from screening.accounts.apikeys import KEY_CACHE_SECONDS, VERIFIED_KEYS, revoke_key
from screening.models import ApiKey


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture()
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeClock]:
    fake = FakeClock()
    VERIFIED_KEYS.clear()
    monkeypatch.setattr(VERIFIED_KEYS, "clock", fake)
    yield fake
    VERIFIED_KEYS.clear()


@pytest.fixture()
def key_statements(app: Flask, db: Any) -> Iterator[list[str]]:
    """The statements sent that touch the api_keys table."""
    seen: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "api_keys" in statement:
            seen.append(statement.split()[0].upper())

    event.listen(db.engine, "before_cursor_execute", note)
    yield seen
    event.remove(db.engine, "before_cursor_execute", note)


def call(client: Any, key: str) -> int:
    response = client.get("/api/v1/screenings", headers={"Authorization": f"Bearer {key}"})
    return int(response.status_code)


def test_a_verified_key_is_read_once_while_fresh(
    client: Any, api_key: tuple[str, str], clock: FakeClock, key_statements: list[str]
) -> None:
    key = api_key[0]
    assert call(client, key) == 200
    assert key_statements.count("SELECT") == 1
    # The first use also wrote last_used_at; further calls within the minute write nothing.
    assert key_statements.count("UPDATE") == 1
    for _ in range(3):
        clock.now += KEY_CACHE_SECONDS / 4
        assert call(client, key) == 200
    assert key_statements == ["SELECT", "UPDATE"]
    clock.now += KEY_CACHE_SECONDS
    assert call(client, key) == 200
    assert key_statements == ["SELECT", "UPDATE", "SELECT"], "read again once stale"


def test_a_revocation_elsewhere_refuses_the_key_within_the_bound(
    client: Any, db: Any, api_key: tuple[str, str], clock: FakeClock
) -> None:
    key = api_key[0]
    assert call(client, key) == 200
    # Revoked by another process: this one is not told, its cache still holds the key.
    with db.session() as session:
        session.execute(
            update(ApiKey).where(ApiKey.prefix == key.split("_")[1]).values(revoked_at=utcnow())
        )
    clock.now += KEY_CACHE_SECONDS - 0.5
    assert call(client, key) == 200, "trusted until the cache entry expires"
    clock.now += 0.5
    response = client.get("/api/v1/screenings", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_a_revocation_in_this_process_refuses_the_key_at_once(
    client: Any, db: Any, api_key: tuple[str, str], clock: FakeClock
) -> None:
    key = api_key[0]
    assert call(client, key) == 200
    with db.session() as session:
        revoke_key(session, key.split("_")[1], actor="tests")
    assert call(client, key) == 401


def test_a_cached_prefix_with_another_secret_is_refused(
    client: Any, api_key: tuple[str, str], clock: FakeClock
) -> None:
    key = api_key[0]
    assert call(client, key) == 200
    prefix = key.rsplit("_", 1)[0]
    assert call(client, f"{prefix}_not-the-secret") == 401
    assert call(client, key) == 200
