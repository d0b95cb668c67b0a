"""The list browser: lists, versions, search and entity pages with provenance."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.web.conftest import LIST_NAME, list_records


def test_lists_page_shows_active_version_and_counts(
    officer_client: FlaskClient, watchlist: str
) -> None:
    page = officer_client.get("/lists").get_data(as_text=True)
    assert "Test labour list" in page
    assert "v1" in page
    assert f'href="/lists/{LIST_NAME}"' in page


def test_search_finds_entities_by_any_name_case_insensitively(
    officer_client: FlaskClient, watchlist: str
) -> None:
    page = officer_client.get(f"/lists/{LIST_NAME}?q=rUnGrA").get_data(as_text=True)
    assert "Rungra 888 General Trading" in page
    assert "Ministry of External" not in page

    by_alias = officer_client.get(f"/lists/{LIST_NAME}?q=Рунгра").get_data(as_text=True)
    assert "Rungra 888 General Trading" in by_alias

    nothing = officer_client.get(f"/lists/{LIST_NAME}?q=100%25").get_data(as_text=True)
    assert "No entity has a name containing" in nothing


def test_versions_table_shows_the_diff(
    officer_client: FlaskClient, watchlist: str, db: Any
) -> None:
    from watchlists.store import import_records

    records = list_records()[:2]
    with db.session() as session:
        import_records(
            session,
            list_name=LIST_NAME,
            source_format="test",
            records=records,
            source_hash="hash-2",
            source_files=["test.yaml"],
            imported_by="tester",
        )
    page = officer_client.get(f"/lists/{LIST_NAME}").get_data(as_text=True)
    assert "v2" in page and "active" in page
    # v2 removed two entities; v1 is still browsable and still holds them.
    assert "Kim Chol Ho" not in page
    old = officer_client.get(f"/lists/{LIST_NAME}?version=1").get_data(as_text=True)
    assert "Kim Chol Ho" in old


def test_entity_page_shows_names_provenance_and_relations(
    officer_client: FlaskClient, watchlist: str
) -> None:
    page = officer_client.get(f"/entities/{LIST_NAME}:rungra").get_data(as_text=True)
    for text in (
        "Rungra 888 General Trading",
        "Рунгра 888",
        "Cyrl",
        "ko",
        "recruitment_agency",
        "DPRK-LABOUR",
        "Pyongyang",
        "Panel of Experts report S/2019/171",
        "UN Security Council",
        "2019-03-05",
        "Named as an agency that dispatched workers to Russia.",
        "operated by",
        f'href="/entities/{LIST_NAME}:ministry?version=1"',
        "Ministry of External Economic Relations",
        # the reverse relation
        "Unnamed visa intermediary in Vladivostok",
    ):
        assert text in page, text


def test_unnamed_entity_is_shown_by_its_label(officer_client: FlaskClient, watchlist: str) -> None:
    response = officer_client.get(f"/entities/{LIST_NAME}:unnamed-broker")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<h1>Unnamed visa intermediary in Vladivostok</h1>" in page
    assert "affiliated with" in page


def test_unknown_entity_and_bad_page_are_clear_errors(
    officer_client: FlaskClient, watchlist: str
) -> None:
    missing = officer_client.get(f"/entities/{LIST_NAME}:nope")
    assert missing.status_code == 404
    assert "No listed entity" in missing.get_data(as_text=True)
    bad_page = officer_client.get(f"/lists/{LIST_NAME}?page=abc")
    assert bad_page.status_code == 400
    assert "page must be a whole number" in bad_page.get_data(as_text=True)
    assert officer_client.get("/lists/unknown").status_code == 404
    assert officer_client.get(f"/lists/{LIST_NAME}?version=9").status_code == 400
