"""API 1.1: what a request may say about a name, and what a match says about the listed
entity. Real HTTP against the live server; the synchronous endpoint needs no worker."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from sqlalchemy import select

from screening.models import ScreeningItem
from tests.http import request
from tests.test_api import auth, error_of, submit


def import_list(db: Any, name: str, records: list[Any]) -> None:
    from watchlists.store import import_records

    with db.session() as session:
        import_records(
            session,
            list_name=name,
            source_format="test",
            records=records,
            source_hash=uuid.uuid4().hex,
            source_files=["test.txt"],
            imported_by="tests",
        )


def record(source_id: str, name: str, schema: str = "company", **extra: Any) -> Any:
    from watchlists.records import EntityRecord, NameRecord, SourceRecord

    return EntityRecord(
        source_id=source_id,
        schema=schema,
        names=[NameRecord(name, "primary")],
        sources=[SourceRecord(document="test.txt", claim="Named in a test fixture.")],
        **extra,
    )


@pytest.fixture()
def vessels(db: Any) -> str:
    """A list with a vessel and a person whose listings carry programmes, countries,
    birth dates and identifiers."""
    import_list(
        db,
        "fleet",
        [
            record(
                "v-1",
                "Chon Ma San",
                "vessel",
                countries=["kp"],
                programs=["DPRK3"],
                properties={"imo": "8660313"},
            ),
            record(
                "p-1",
                "Ri Yong Ho",
                "person",
                countries=["kp"],
                programs=["DPRK2"],
                properties={
                    "birth_dates": ["1956-10-10"],
                    "documents": ["Passport 108210044"],
                },
            ),
        ],
    )
    return "fleet"


def screen(base: str, key: str, body: dict[str, Any], **headers: str) -> Any:
    return request(
        "POST", f"{base}/api/v1/screen", json_body=body, headers={**auth(key), **headers}
    )


def test_item_fields_are_stored_and_echoed(
    live_server: str, vessels: str, api_key: tuple[str, str], db: Any
) -> None:
    item = {
        "name": "Chon Ma San",
        "type": "vessel",
        "country": "kp",
        "birth_date": "1992",
        "identifiers": [{"type": "imo", "value": "IMO 8660313"}],
        "reference": "ship-1",
    }
    response = screen(live_server, api_key[0], {"items": [item]})
    assert response.status == 200, response.body
    result = response.json()["results"][0]
    assert (result["type"], result["country"], result["birth_date"]) == ("vessel", "KP", "1992")
    assert result["identifiers"] == [{"type": "imo", "value": "IMO 8660313"}]
    with db.session() as session:
        stored = session.scalar(select(ScreeningItem).where(ScreeningItem.reference == "ship-1"))
        assert stored is not None
        assert (stored.country, stored.birth_date) == ("KP", "1992")
        assert stored.identifiers == [{"type": "imo", "value": "IMO 8660313"}]


def test_a_country_may_be_named_and_is_kept_as_its_code(
    live_server: str, vessels: str, api_key: tuple[str, str]
) -> None:
    body = {
        "items": [{"name": "Ri Yong Ho", "country": "North Korea"}, {"name": "x", "country": ""}]
    }
    results = screen(live_server, api_key[0], body).json()["results"]
    assert [r["country"] for r in results] == ["KP", None], "empty is no country, as before"


def test_invalid_fields_are_all_listed_in_the_one_details_shape(
    live_server: str, vessels: str, api_key: tuple[str, str]
) -> None:
    body = {
        "items": [
            {"name": "a", "country": "XX"},
            {"name": "b", "birth_date": "2999-01-01"},
            {"name": "c", "identifiers": [{"type": "imo", "value": "123"}]},
            {"name": "d", "identifiers": [{"type": "shoe_size", "value": "44"}]},
            {"name": "e", "birth_date": "10/10/1956"},
        ],
    }
    for response in (
        screen(live_server, api_key[0], {"items": body["items"][:3]}),
        submit(live_server, api_key[0], {"items": body["items"][:3]}),
    ):
        error = error_of(response)
        assert (response.status, error["code"]) == (422, "validation_error")
        assert [(d["item"], d["field"], d["code"]) for d in error["details"]] == [
            (0, "country", "invalid_country"),
            (1, "birth_date", "invalid_date"),
            (2, "identifiers/0/value", "invalid_identifier"),
        ]
    # Checked by the schema rather than the service, in the same shape.
    error = error_of(screen(live_server, api_key[0], {"items": body["items"][3:]}))
    assert [(d["path"], d["item"], d["field"], d["code"]) for d in error["details"]] == [
        ("/items/0/identifiers/0/type", 0, "identifiers/0/type", "enum"),
        ("/items/1/birth_date", 1, "birth_date", "pattern"),
    ]
    for detail in error["details"]:
        assert set(detail) == {"path", "item", "field", "code", "message"}


def test_limit_caps_the_matches_per_name(
    live_server: str, db: Any, api_key: tuple[str, str]
) -> None:
    import_list(db, "many", [record(f"e-{i}", "Korea Trading Company") for i in range(14)])
    name = {"items": [{"name": "Korea Trading Company"}]}
    default = screen(live_server, api_key[0], name).json()
    assert len(default["results"][0]["matches"]) == 10 and default["job"]["limit"] == 10
    three = screen(live_server, api_key[0], {**name, "limit": 3}).json()
    assert len(three["results"][0]["matches"]) == 3 and three["job"]["limit"] == 3
    too_many = screen(live_server, api_key[0], {**name, "limit": 51})
    assert too_many.status == 422
    assert error_of(too_many)["details"][0]["path"] == "/limit"
    # JSON does not tell 3 from 3.0, and JSON Schema takes 3.0 as an integer (this was a 500).
    whole = screen(live_server, api_key[0], {**name, "limit": 3.0}).json()
    assert len(whole["results"][0]["matches"]) == 3 and whole["job"]["limit"] == 3
    fraction = screen(live_server, api_key[0], {**name, "limit": 2.5})
    assert fraction.status == 422
    assert error_of(fraction)["details"][0]["path"] == "/limit"


def test_ties_are_ordered_by_list_then_entity(
    live_server: str, db: Any, api_key: tuple[str, str]
) -> None:
    # Imported in an order unlike the order the answer must have.
    import_list(db, "list-b", [record(f"x-{i}", "Pyongyang Trading") for i in (3, 1, 2)])
    import_list(db, "list-a", [record(f"x-{i}", "Pyongyang Trading") for i in (2, 1)])
    answers = [
        [
            (m["list"], m["entity_id"])
            for m in screen(
                live_server, api_key[0], {"items": [{"name": "Pyongyang Trading"}]}
            ).json()["results"][0]["matches"]
        ]
        for _ in range(2)
    ]
    assert (
        answers[0]
        == answers[1]
        == [
            ("list-a", "list-a:x-1"),
            ("list-a", "list-a:x-2"),
            ("list-b", "list-b:x-1"),
            ("list-b", "list-b:x-2"),
            ("list-b", "list-b:x-3"),
        ]
    )


def test_a_match_describes_the_listed_entity_and_links_to_it(
    live_server: str, vessels: str, api_key: tuple[str, str], db: Any
) -> None:
    from screening.accounts.apikeys import create_key

    body = {"items": [{"name": "Ri Yong Ho", "type": "person"}, {"name": "Chon Ma San"}]}
    results = screen(live_server, api_key[0], body).json()["results"]
    person, vessel = results[0]["matches"][0], results[1]["matches"][0]
    assert (person["schema"], person["programs"], person["countries"]) == (
        "person",
        ["DPRK2"],
        ["kp"],
    )
    assert person["birth_dates"] == ["1956-10-10"]
    assert person["identifiers"] == [{"type": "document", "value": "Passport 108210044"}]
    assert vessel["schema"] == "vessel"
    assert vessel["identifiers"] == [{"type": "imo", "value": "8660313"}]
    assert vessel["entity_url"] == "/api/v1/entities/fleet:v-1?version=1"

    # A key with the entities scope follows the link, and sees no jobs.
    with db.session() as session:
        _row, reader = create_key(session, "catalogue", ["entities"], actor="tests")
    entity = request("GET", live_server + vessel["entity_url"], headers=auth(reader))
    assert entity.status == 200, entity.body
    assert entity.json()["identifiers"] == [{"type": "imo", "value": "8660313"}]
    assert request("GET", f"{live_server}/api/v1/lists", headers=auth(reader)).status == 200
    jobs = request("GET", f"{live_server}/api/v1/screenings", headers=auth(reader))
    assert jobs.status == 403


def test_the_results_page_says_the_same_as_the_synchronous_answer(
    live_server: str, vessels: str, api_key: tuple[str, str]
) -> None:
    body = {"items": [{"name": "Chon Ma San", "type": "vessel", "country": "KP"}], "limit": 5}
    answer = screen(live_server, api_key[0], body).json()
    stored = request(
        "GET",
        f"{live_server}/api/v1/screenings/{answer['job']['id']}/results",
        headers=auth(api_key[0]),
    ).json()
    assert stored["data"] == answer["results"]
    assert stored["job"]["limit"] == 5


def test_the_csv_upload_and_the_cli_take_the_new_types(
    vessels: str, test_env: dict[str, str]
) -> None:
    from click.testing import CliRunner

    from screening.cli import main

    result = CliRunner().invoke(
        main,
        ["screen", "Chon Ma San", "--type", "vessel", "--country", "KP", "--format", "json"],
        env=test_env,
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert '"fleet:v-1"' in result.output
    refused = CliRunner().invoke(main, ["screen", "x", "--country", "XX"], env=test_env)
    assert refused.exit_code != 0
    assert "not an ISO 3166-1 alpha-2 code" in refused.output
