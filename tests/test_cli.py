"""The administrator's CLI against the test database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from screening.cli import main


@pytest.fixture()
def cli(test_env: dict[str, str], db: Any) -> Any:
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(main, list(args), env=test_env, catch_exceptions=False)

    return invoke


def test_load_seeds_twice_creates_one_version(cli: Any) -> None:
    first = cli("lists", "load-seeds")
    assert first.exit_code == 0, first.output
    assert "version 1 created" in first.output
    second = cli("lists", "load-seeds")
    assert second.exit_code == 0
    assert "unchanged, still version 1" in second.output
    versions = cli("lists", "versions", "dprk-labour")
    assert versions.output.count(" v") == 1


def test_import_2021_then_2024_ofac_reports_a_diff(cli: Any, shared_dir: Path) -> None:
    first = cli(
        "lists", "import", "ofac-csv", str(shared_dir / "data/ofac/2021-07"), "--list", "ofac"
    )
    assert first.exit_code == 0, first.output
    second = cli(
        "lists",
        "import",
        "ofac-csv",
        str(shared_dir / "data/ofac/2024-05-03/sdn.csv"),
        "--list",
        "ofac",
    )
    assert second.exit_code == 0, second.output
    diff = cli("lists", "diff", "ofac", "1", "2", "--json")
    body = json.loads(diff.output)
    # Entities present in 2024 but not 2021, and the reverse, by OFAC ent_num.
    # The files end with a DOS end-of-file byte (\x1a) on a line of its own.
    import csv

    def ids(path: Path) -> set[str]:
        with path.open(encoding="utf-8", newline="") as f:
            return {row[0] for row in csv.reader(f) if row and row[0].isdigit()}

    old = ids(shared_dir / "data/ofac/2021-07/sdn.csv")
    new = ids(shared_dir / "data/ofac/2024-05-03/sdn.csv")
    assert body["counts"]["added"] == len(new - old)
    assert body["counts"]["removed"] == len(old - new)
    show = json.loads(cli("lists", "show", "ofac", "--json").output)
    assert show["active_version"] == 2
    assert show["entities"] == len(new)


def test_truncated_import_fails_clearly_and_changes_nothing(
    cli: Any, shared_dir: Path, tmp_path: Path
) -> None:
    source = (shared_dir / "data/ofac/2024-05-03/sdn.csv").read_bytes()
    good = tmp_path / "good.csv"
    good.write_bytes(source[:20000].rsplit(b"\n", 1)[0] + b"\n")
    assert cli("lists", "import", "ofac-csv", str(good), "--list", "ofac").exit_code == 0
    truncated = tmp_path / "truncated.csv"
    truncated.write_bytes(source[:50000] + b'"unterminated')
    result = cli("lists", "import", "ofac-csv", str(truncated), "--list", "ofac")
    assert result.exit_code != 0
    assert "nothing changed" in result.output
    assert "line" in result.output
    assert "Traceback" not in result.output
    show = json.loads(cli("lists", "show", "ofac", "--json").output)
    assert show["active_version"] == 1


def test_import_of_missing_file_is_a_clear_error(cli: Any, tmp_path: Path) -> None:
    result = cli("lists", "import", "un-xml", str(tmp_path / "none.xml"), "--list", "un")
    assert result.exit_code == 1
    assert "does not exist" in result.output


def test_keys_are_created_listed_and_revoked(cli: Any) -> None:
    created = cli("keys", "create", "--name", "ERP-1", "--scope", "screen,read")
    assert created.exit_code == 0
    key_id = created.output.split("key id:")[1].split()[0]
    assert "sk_" in created.output and "whsec_" in created.output
    listing = cli("keys", "list")
    assert key_id in listing.output and "active" in listing.output
    assert "sk_" not in listing.output
    assert cli("keys", "revoke", key_id).exit_code == 0
    assert "revoked" in cli("keys", "list").output


def test_key_with_unknown_scope_is_refused(cli: Any) -> None:
    result = cli("keys", "create", "--name", "x", "--scope", "admin")
    assert result.exit_code == 1
    assert "scopes must be" in result.output


def test_screen_writes_jsonl_in_input_order(cli: Any, small_list: str, tmp_path: Path) -> None:
    names = tmp_path / "names.txt"
    names.write_text("Air Koryo\nGeneral Electric\n김정은\n", encoding="utf-8")
    result = cli("screen", "--input", str(names), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.output.splitlines()]
    assert [line["query"] for line in lines] == ["Air Koryo", "General Electric", "김정은"]
    assert lines[0]["matches"][0]["entity_id"] == "small:air-koryo"
    assert lines[0]["matches"][0]["source_id"] == "air-koryo"
    assert lines[1]["matches"] == []
    assert lines[2]["matches"][0]["entity_id"] == "small:kim-jong-un"
    assert set(lines[0]["matches"][0]) == {
        "list",
        "entity_id",
        "source_id",
        "name",
        "matched_name",
        "score",
        "explanation",
        "review_status",  # alert review (issue 12): the match's alert and where it stands
        "alert_id",
    }
    assert (lines[0]["matches"][0]["review_status"], lines[0]["matches"][0]["alert_id"]) == (
        "open",
        1,
    )


def test_screen_with_csv_input_needs_a_name_column(
    cli: Any, small_list: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("company,country\nAir Koryo,KP\n", encoding="utf-8")
    result = cli("screen", "--input", str(bad))
    assert result.exit_code == 1
    assert "'name' column" in result.output


def test_compare_explains_a_pair(cli: Any) -> None:
    result = cli("compare", "Air Koryo", "AIR-KORYO")
    assert result.exit_code == 0
    assert "score:" in result.output and "match at the default threshold" in result.output


def test_compare_file_writes_one_json_line_per_pair(cli: Any, tmp_path: Path) -> None:
    pairs = tmp_path / "pairs.csv"
    pairs.write_text(
        "name1,name2,schema\nAir Koryo,Air Koryo,company\nRungra 888,Rungra 889,company\n",
        encoding="utf-8",
    )
    result = cli("compare", "--input", str(pairs))
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [r["match"] for r in rows] == [True, False]
    assert 0 <= rows[1]["score"] <= 1


def test_audit_verify_reports_an_intact_chain(cli: Any, small_list: str) -> None:
    result = cli("audit", "verify")
    assert result.exit_code == 0
    assert "audit chain intact" in result.output


def test_screen_csv_carries_country_birth_date_and_identifiers(
    cli: Any, small_list: str, tmp_path: Path
) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text(
        "name,type,country,birth_date,identifiers\n"
        "Air Koryo,company,KP,,\n"
        "Air Koryo,company,US,,imo:9137741\n",
        encoding="utf-8",
    )
    result = cli("screen", "--input", str(rows), "--format", "json")
    assert result.exit_code == 0, result.output
    same, other = (r["matches"][0] for r in json.loads(result.output))
    assert same["explanation"]["features"]["country_match"]["contribution"] > 0
    assert other["explanation"]["features"]["country_mismatch"]["contribution"] < 0
    assert other["score"] < same["score"]


def test_screen_csv_rejects_a_malformed_identifier(
    cli: Any, small_list: str, tmp_path: Path
) -> None:
    rows = tmp_path / "rows.csv"
    rows.write_text("name,identifiers\nAir Koryo,9137741\n", encoding="utf-8")
    result = cli("screen", "--input", str(rows))
    assert result.exit_code == 1
    assert "TYPE:VALUE" in result.output


def test_compare_with_lists_gives_the_score_screening_gives(cli: Any, small_list: str) -> None:
    screened = cli("screen", "Air Koryoo", "--format", "json")
    assert screened.exit_code == 0, screened.output
    match = json.loads(screened.output)[0]["matches"][0]
    compared = cli("compare", "--lists", "Air Koryoo", match["matched_name"])
    assert compared.exit_code == 0, compared.output
    assert f"score: {match['score']:.4f}" in compared.output
