"""Counterparty pages (register, detail, upload) and the list diff page."""

from __future__ import annotations

import io
from typing import Any

from flask.testing import FlaskClient

from screening.monitoring.runner import run_monitor
from tests.web.conftest import LIST_NAME, list_records, post_form
from watchlists.records import NameRecord

CSV = (
    b"reference,name,type,country,birth_date,identifiers\n"
    b"V-1,Rungra 888 General Trading,company,KP,,\n"
    b"V-2,Acme Office Supplies,company,DE,,vat:DE123\n"
    b"V-3,,person,,,\n"
    b"V-4,Kim Chol Ho,person,KP,1970,passport:123\n"
)


def _upload(client: FlaskClient, data: bytes, name: str = "register.csv") -> Any:
    client.get("/counterparties/upload")
    return post_form(
        client,
        "/counterparties/upload",
        {"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_upload_shows_counts_and_rejected_lines(officer_client: FlaskClient) -> None:
    response = _upload(officer_client, CSV)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<strong>3</strong> created" in page and "<strong>1</strong> rejected" in page
    assert "name is empty" in page and ">4<" in page  # the rejected line's number
    again = _upload(officer_client, CSV).get_data(as_text=True)
    assert "<strong>3</strong> unchanged" in again


def test_a_file_that_is_not_counterparties_is_a_400(officer_client: FlaskClient) -> None:
    response = _upload(officer_client, b"id,title\n1,x\n")
    assert response.status_code == 400
    assert "no &#39;reference&#39; or &#39;name&#39; column" in response.get_data(as_text=True)


def test_auditors_read_but_do_not_upload(
    officer_client: FlaskClient, client: FlaskClient, accounts: Any
) -> None:
    from tests.web.conftest import login

    _upload(officer_client, CSV)
    officer_client.post("/logout", data={})
    login(client, accounts.auditor)
    assert client.get("/counterparties").status_code == 200
    assert client.get("/counterparties/upload").status_code == 403


def test_register_page_searches_and_filters(officer_client: FlaskClient) -> None:
    _upload(officer_client, CSV)
    page = officer_client.get("/counterparties").get_data(as_text=True)
    assert "V-1" in page and "Acme Office Supplies" in page
    found = officer_client.get("/counterparties?q=acme").get_data(as_text=True)
    assert "Acme Office Supplies" in found and "Rungra" not in found
    people = officer_client.get("/counterparties?type=person&country=kp").get_data(as_text=True)
    assert "Kim Chol Ho" in people and "Acme" not in people
    assert officer_client.get("/counterparties?type=ship").status_code == 400
    assert officer_client.get("/counterparties?country=Germany").status_code == 400


def test_detail_shows_history_alerts_and_screenings(
    officer_client: FlaskClient, watchlist: str, app: Any, db: Any
) -> None:
    _upload(officer_client, CSV)
    _upload(officer_client, CSV.replace(b"DE,,vat:DE123", b"AT,,vat:ATU1"), "monday.csv")
    run_monitor(db, app.config["SETTINGS"], None, requested_by="tests")
    acme = officer_client.get("/counterparties/V-2").get_data(as_text=True)
    assert "version 2" in acme and "olga" in acme
    assert "country: de → at" in acme
    assert "No alert" in acme
    rungra = officer_client.get("/counterparties/V-1").get_data(as_text=True)
    assert "Rungra 888 General Trading" in rungra and "new counterparty" in rungra
    assert f"/entities/{LIST_NAME}:rungra" in rungra and "alert raised" in rungra
    with_alerts = officer_client.get("/counterparties?alerts=open").get_data(as_text=True)
    assert "V-1" in with_alerts and "V-2" not in with_alerts
    assert officer_client.get("/counterparties/nope").status_code == 404


def test_diff_page_shows_what_changed_between_any_two_versions(
    officer_client: FlaskClient, watchlist: str, db: Any
) -> None:
    from watchlists.store import import_records

    records = list_records()[:2]
    records[0].names.append(NameRecord("Rungra Trading Number 888", "alias"))
    records[0].countries = ["kp"]
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
    page = officer_client.get(f"/lists/{LIST_NAME}/diff?from=1&to=2")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<strong>+0</strong> added" in html and "<strong>−2</strong> removed" in html
    assert "Kim Chol Ho" in html  # removed
    assert "Rungra Trading Number 888" in html  # a name added
    assert 'countries</strong>: ["kp", "ru"] → ["kp"]' in html
    data = officer_client.get(f"/lists/{LIST_NAME}/diff.json?from=1&to=2").get_json()
    assert data["counts"] == {"added": 0, "removed": 2, "changed": 1}
    [changed] = data["changed"]
    assert changed["key"] == f"{LIST_NAME}:rungra"
    assert changed["names_added"] == ["alias:Rungra Trading Number 888"]
    assert changed["fields"]["countries"] == [["kp", "ru"], ["kp"]]
    backwards = officer_client.get(f"/lists/{LIST_NAME}/diff.json?from=2&to=1").get_json()
    assert backwards["counts"] == {"added": 2, "removed": 0, "changed": 1}
    assert officer_client.get(f"/lists/{LIST_NAME}/diff?from=1&to=9").status_code == 400
    assert officer_client.get(f"/lists/{LIST_NAME}/diff?from=x").status_code == 400
    assert officer_client.get("/lists/nope/diff").status_code == 404
