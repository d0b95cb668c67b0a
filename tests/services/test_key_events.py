"""Events for an API key's webhook: recorded with the change, delivered signed, never lost."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update

from foundation.db import utcnow
from foundation.queue import TaskName
from foundation.settings import Settings
from screening.accounts.apikeys import ApiKeyError, create_key
from screening.jobs.reconcile import reconcile
from screening.models import WebhookEvent
from screening.webhooks import (
    DELIVERY_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    deliver_event,
    emit_event,
    verify_signature,
)
from tests.services.conftest import InMemoryQueue
from tests.test_api import Receiver


@pytest.fixture()
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.server.shutdown()


def test_event_is_delivered_signed_with_its_delivery_id(
    db: Any, settings: Settings, receiver: Receiver
) -> None:
    with db.session() as session:
        key, _ = create_key(
            session, "ERP", ["screen"], actor="tests", webhook_url=receiver.url, settings=settings
        )
        secret, key_id = key.webhook_secret, key.id
    with db.session() as session:
        event = emit_event(session, key_id, "alert.opened", {"alert_id": 7})
        assert event is not None
        event_id = event.id
    assert deliver_event(db, event_id, 1, settings) == (True, None)
    headers, body = receiver.calls[0]
    assert headers[DELIVERY_HEADER] == event_id
    assert verify_signature(secret, headers[TIMESTAMP_HEADER], body, headers[SIGNATURE_HEADER])
    payload = json.loads(body)
    assert payload["event"] == "alert.opened" and payload["data"] == {"alert_id": 7}
    # Delivered once: a second attempt sends nothing.
    assert deliver_event(db, event_id, 2, settings) == (False, None)
    assert len(receiver.calls) == 1


def test_a_key_without_webhook_gets_no_events(db: Any, settings: Settings) -> None:
    with db.session() as session:
        key, _ = create_key(session, "ERP", ["screen"], actor="tests")
        assert emit_event(session, key.id, "alert.opened", {}) is None


def test_an_internal_webhook_url_is_refused_when_the_key_is_created(
    db: Any, settings: Settings
) -> None:
    open_settings = dataclasses.replace(settings, webhook_allowed_hosts=())
    with db.session() as session, pytest.raises(ApiKeyError, match="internal address"):
        create_key(
            session,
            "ERP",
            ["screen"],
            actor="tests",
            webhook_url="http://169.254.169.254/latest",
            settings=open_settings,
        )


def test_reconciler_sends_an_event_whose_message_was_lost(db: Any, settings: Settings) -> None:
    settings = dataclasses.replace(settings, stuck_job_seconds=60)
    with db.session() as session:
        key, _ = create_key(
            session,
            "ERP",
            ["screen"],
            actor="tests",
            webhook_url="http://127.0.0.1:9/hook",
            settings=settings,
        )
        event = emit_event(session, key.id, "alert.opened", {"alert_id": 1})
        assert event is not None
        event_id = event.id
        session.execute(
            update(WebhookEvent)
            .where(WebhookEvent.id == event_id)
            .values(created_at=utcnow() - timedelta(minutes=5))
        )
    queue = InMemoryQueue()
    with db.session() as session:
        assert reconcile(session, queue, settings) == 1
    assert queue.sent[0][:2] == (TaskName.DELIVER_EVENT, (event_id, 1))
