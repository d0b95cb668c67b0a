"""The read-only list API: lists, versions, and entities with their provenance.

Every endpoint needs an API key with the ``read`` scope.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from screening.accounts.apikeys import create_key
from watchlists.curation.seeds import SEED_PATH
from watchlists.loading import load_seed_list

MMC = "dprk-labour:dprk-labour-intergovernmental-migration-center"
TKACHUK = "dprk-labour:dprk-labour-sergei-tkachuk"
EDUCATION_CENTRE = "dprk-labour:dprk-labour-mmc-affiliated-education-center"
WAREHOUSE_ID = "dprk-labour-elektrostal-warehouse"


def auth(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def _without_entry(text: str, entry_id: str) -> str:
    """The seed YAML with one entry cut out (up to the next entry or section comment)."""
    start = text.index(f"  - id: {entry_id}\n")
    ends = [i for marker in ("\n  - id: ", "\n  # ") if (i := text.find(marker, start + 1)) > 0]
    end = min(ends) + 1 if ends else len(text)
    return text[:start] + text[end:]


@pytest.fixture()
def seeded(db: Any) -> None:
    with db.session() as session:
        load_seed_list(session, actor="tests")


@pytest.fixture()
def reader(db: Any) -> str:
    with db.session() as session:
        _row, key = create_key(session, "auditor", ["read"], actor="tests")
    return key


def test_lists_endpoint_shows_each_list_and_its_active_version(
    client: Any, seeded: None, reader: str
) -> None:
    response = client.get("/api/v1/lists", headers=auth(reader))
    assert response.status_code == 200
    (summary,) = response.get_json()["data"]
    assert summary["name"] == "dprk-labour"
    assert summary["format"] == "seed-yaml"
    assert summary["active_version"] == 1
    assert summary["entities"] >= 30 and summary["names"] > summary["entities"]
    assert len(summary["source_hash"]) == 64


def test_list_endpoint_shows_versions_with_their_diffs(
    client: Any, db: Any, seeded: None, reader: str, tmp_path: Path
) -> None:
    changed = tmp_path / "dprk_labour.yaml"
    changed.write_text(
        _without_entry(SEED_PATH.read_text(encoding="utf-8"), WAREHOUSE_ID), encoding="utf-8"
    )
    with db.session() as session:
        result = load_seed_list(session, actor="tests", path=changed)
    assert result.version == 2

    body = client.get("/api/v1/lists/dprk-labour", headers=auth(reader)).get_json()
    assert body["active_version"] == 2
    first, second = body["versions"]
    assert (first["number"], first["active"]) == (1, False)
    assert (second["number"], second["active"]) == (2, True)
    assert second["diff_counts"]["removed"] == 1
    assert second["diff_counts"]["added"] == 0
    assert second["entities"] == first["entities"] - 1
    assert second["source_files"] == ["dprk_labour.yaml"]

    # The removed entry stays readable, marked as no longer current.
    gone = client.get(f"/api/v1/entities/dprk-labour:{WAREHOUSE_ID}", headers=auth(reader))
    assert gone.status_code == 200
    assert gone.get_json()["current"] is False
    assert gone.get_json()["removed_in_version"] == 2


def test_entity_endpoint_shows_names_provenance_and_relations(
    client: Any, seeded: None, reader: str
) -> None:
    response = client.get(f"/api/v1/entities/{MMC}", headers=auth(reader))
    assert response.status_code == 200
    mmc = response.get_json()
    assert mmc["id"] == MMC and mmc["list"] == "dprk-labour"
    assert (mmc["schema"], mmc["category"]) == ("company", "recruitment_agency")
    assert mmc["countries"] == ["ru"]
    assert mmc["primary_name"] == "Intergovernmental Migration Center"
    abbreviation = next(n for n in mmc["names"] if n["value"] == "MMC")
    assert (abbreviation["kind"], abbreviation["script"]) == ("abbreviation", "Latn")
    (source,) = mmc["sources"]
    assert source["document"] == "003_c588ca60bbad9f7d.txt"
    assert source["title"].startswith("Russia’s Slave-Like Labor Plan")
    assert "student visas" in source["claim"]
    assert {"type": "run_by", "target": TKACHUK, "note": None} in mmc["relations"]
    assert {"source": EDUCATION_CENTRE, "type": "affiliated_with"} in mmc["referenced_by"]

    tkachuk = client.get(f"/api/v1/entities/{TKACHUK}", headers=auth(reader)).get_json()
    assert "Сергей Ткачук" in [n["value"] for n in tkachuk["names"]]
    assert {"source": MMC, "type": "run_by"} in tkachuk["referenced_by"]


def test_unnamed_entity_has_a_label_and_no_names(client: Any, seeded: None, reader: str) -> None:
    body = client.get(f"/api/v1/entities/{EDUCATION_CENTRE}", headers=auth(reader)).get_json()
    # No names to match; the label is shown in place of a name, never screened.
    assert body["names"] == []
    assert body["properties"]["unnamed"] is True
    assert "education centre" in body["properties"]["label"]
    assert body["primary_name"] == body["properties"]["label"]
    assert body["category"] == "student_visa_intermediary"
    assert body["relations"] == [{"type": "affiliated_with", "target": MMC, "note": None}]


def test_unknown_list_and_entity_are_404_with_the_error_format(
    client: Any, seeded: None, reader: str
) -> None:
    for path, hint in (
        ("/api/v1/lists/nope", "known lists: dprk-labour"),
        ("/api/v1/entities/dprk-labour:nope", "dprk-labour:nope"),
    ):
        response = client.get(path, headers=auth(reader))
        assert response.status_code == 404
        error = response.get_json()["error"]
        assert error["code"] == "not_found" and hint in error["message"]


@pytest.mark.parametrize(
    "path", ["/api/v1/lists", "/api/v1/lists/dprk-labour", f"/api/v1/entities/{MMC}"]
)
def test_list_endpoints_need_a_key_with_read_scope(
    client: Any, db: Any, seeded: None, path: str
) -> None:
    assert client.get(path).status_code == 401
    with db.session() as session:
        _row, screen_only = create_key(session, "screener", ["screen"], actor="tests")
    response = client.get(path, headers=auth(screen_only))
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
