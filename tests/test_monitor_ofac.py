"""The issue's correctness test, through the real CLI on the real OFAC lists.

Load the OFAC 2021-07 set, register counterparties named like entities that
exist only in 2021, others named like entities that exist only in 2024, and
some listed in neither; run the monitor; import the 2024 SDN as the next
version; run it again. The 2024-only names get ``new_listing`` alerts, the
2021-only names' alerts close as ``delisted``, the others get none.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from screening.cli import main

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
OFAC_2021 = SHARED / "ofac" / "2021-07"
SDN_2024 = SHARED / "ofac" / "2024-05-03" / "sdn.csv"

# reference -> (name, type, OFAC ent_num it is named like); checked by hand against both
# years: each matches its own entity and nothing in the other year.
ONLY_2021 = {
    "C-21-1": ("Inversiones Prado Trade Center Ltda", "company", "6348"),
    "C-21-2": ("Alejandro Herreno Barrera", "person", "12411"),
    "C-21-3": ("Christopher Chindoti Mushohwe", "person", "7530"),
}
ONLY_2024 = {
    "C-24-1": ("Aleksandr Vladimirovich Gutsan", "person", "35241"),
    "C-24-2": ("Abu Sumbol General Trading LLC", "company", "46870"),
    "C-24-3": ("Zareche-Oka OOO", "company", "36325"),
}
NEITHER = {
    "C-00-1": ("Northwind Dairy Cooperative", "company"),
    "C-00-2": ("Helena Brandt", "person"),
    "C-00-3": ("Quillfeather Stationery GmbH", "company"),
}


def cli(test_env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(main, list(args), env=test_env)
    assert result.exit_code == 0, result.output
    return result.stdout


def monitor(test_env: dict[str, str]) -> dict[str, Any]:
    lines = cli(test_env, "monitor", "run").strip().splitlines()
    assert len(lines) == 1, lines
    report = json.loads(lines[0])
    assert list(report) == [
        "counterparties",
        "screened",
        "alerts_opened",
        "alerts_closed",
        "seconds",
    ]
    return report


def alerts(test_env: dict[str, str], *filters: str) -> list[dict[str, Any]]:
    out = cli(test_env, "alerts", "list", *filters, "--format", "jsonl")
    return [json.loads(line) for line in out.splitlines()]


@pytest.mark.slow
def test_new_listings_alert_delistings_close_and_others_stay_quiet(
    test_env: dict[str, str], db: Any, tmp_path: Path
) -> None:
    if not (OFAC_2021.exists() and SDN_2024.exists()):
        pytest.skip("shared OFAC data not available")
    cli(test_env, "lists", "import", "ofac-csv", str(OFAC_2021), "--list", "ofac")
    register = tmp_path / "counterparties.csv"
    rows = ["reference,name,type,country,birth_date,identifiers"]
    for reference, (name, kind, *_rest) in {**ONLY_2021, **ONLY_2024, **NEITHER}.items():
        rows.append(f'{reference},"{name}",{kind},,,')
    register.write_text("\n".join(rows) + "\n", encoding="utf-8")
    imported = cli(test_env, "counterparties", "import", str(register))
    assert "9 created, 0 updated, 0 unchanged, 0 rejected" in imported

    first = monitor(test_env)
    assert first["counterparties"] == 9 and first["screened"] == 9
    assert (first["alerts_opened"], first["alerts_closed"]) == (3, 0)
    opened = alerts(test_env, "--status", "open")
    assert {(a["counterparty_reference"], a["entity_id"], a["reason"]) for a in opened} == {
        (ref, f"ofac:{ent}", "new_counterparty") for ref, (_n, _t, ent) in ONLY_2021.items()
    }
    for alert in opened:
        assert alert["list"] == "ofac" and alert["list_version"] == 1
        assert alert["source_id"] and alert["matched_name"] and alert["score"] >= 0.72
        assert alert["counterparty_name"] and alert["opened_at"] and alert["id"]

    cli(test_env, "lists", "import", "ofac-csv", str(SDN_2024), "--list", "ofac")
    second = monitor(test_env)
    assert second["screened"] == 9
    assert (second["alerts_opened"], second["alerts_closed"]) == (3, 3)
    now_open = alerts(test_env, "--status", "open")
    assert {(a["counterparty_reference"], a["entity_id"], a["reason"]) for a in now_open} == {
        (ref, f"ofac:{ent}", "new_listing") for ref, (_n, _t, ent) in ONLY_2024.items()
    }
    assert all(a["list_version"] == 2 for a in now_open)
    closed = alerts(test_env, "--status", "closed")
    assert {(a["counterparty_reference"], a["reason"], a["resolution"]) for a in closed} == {
        (ref, "delisted", "delisted") for ref in ONLY_2021
    }
    touched = {a["counterparty_reference"] for a in alerts(test_env)}
    assert not touched & set(NEITHER)

    # Nothing changed since: nothing is screened again.
    third = monitor(test_env)
    assert (third["screened"], third["alerts_opened"], third["alerts_closed"]) == (0, 0, 0)
