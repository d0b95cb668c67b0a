"""One read model of a listed entity: the API and the pages show the same row."""

from __future__ import annotations

from typing import Any

import pytest

from screening.accounts.apikeys import create_key
from screening.accounts.users import create_user
from tests.conftest import import_small_list
from tests.web.conftest import PASSWORD, login
from watchlists.entities import EntityNotFound, entity_json, read_entity


def test_entity_is_read_at_the_active_version_by_default(db: Any, small_list: str) -> None:
    import_small_list(db, {"air-koryo", "kim-jong-un"})  # version 2 drops three entities
    with db.session() as session:
        detail = read_entity(session, "small:air-koryo")
        assert detail.version == 2 and detail.current
        assert {n.value for n in detail.entity.names} >= {"Air Koryo", "고려항공"}
        assert entity_json(detail)["sources"][0]["document"] == "test.txt"


def test_removed_entity_is_shown_as_of_its_last_version(db: Any, small_list: str) -> None:
    import_small_list(db, {"air-koryo"})
    with db.session() as session:
        detail = read_entity(session, "small:ecgb")
        assert not detail.current and detail.version == 1
        assert entity_json(detail)["removed_in_version"] == 2


def test_entity_outside_the_requested_version_is_not_found(db: Any, small_list: str) -> None:
    import_small_list(db, {"air-koryo"})
    with db.session() as session:
        assert read_entity(session, "small:ecgb", version=1).version == 1
        with pytest.raises(EntityNotFound, match="version 2"):
            read_entity(session, "small:ecgb", version=2)
        with pytest.raises(EntityNotFound):
            read_entity(session, "small:nobody")


def test_api_and_page_show_the_same_entity(client: Any, db: Any, small_list: str) -> None:
    import_small_list(db, {"air-koryo"})
    with db.session() as session:
        _row, key = create_key(session, "reader", ["read"], actor="tests")
        create_user(session, "audrey", "auditor", PASSWORD)
    api = client.get("/api/v1/entities/small:ecgb", headers={"Authorization": f"Bearer {key}"})
    assert api.status_code == 200
    assert api.get_json()["current"] is False and api.get_json()["version"] == 1
    assert login(client, "audrey").status_code == 302
    page = client.get("/entities/small:ecgb").get_data(as_text=True)
    assert "as of small v1" in page and "not in the current version" in page
