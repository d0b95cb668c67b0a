"""CSV exports open safely and legibly in spreadsheets."""

from __future__ import annotations

import csv
import io

import pytest

from foundation.audit.exports import csv_cell, csv_lines


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://x")',
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        " =1+1",
        "   +cmd",
        "\n=1+1",
        "\r\n-1",
        " \t@SUM(A1)",
        "\u00a0=1+1",
        "\tanything",
        "\ranything",
        "\nanything",
    ],
)
def test_cells_a_spreadsheet_would_run_get_an_apostrophe(cell: str) -> None:
    assert csv_cell(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Rungra 888", "a=b", "Kim-Jong", " plain", "ООО Рунгра", ""])
def test_ordinary_cells_are_unchanged(cell: str) -> None:
    assert csv_cell(cell) == cell


def test_csv_starts_with_a_utf8_bom_and_keeps_cyrillic_and_hangul() -> None:
    rows = [{"name": "ООО Рунгра", "alias": "능라888"}]
    data = "".join(csv_lines(iter(rows), ["name", "alias"])).encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert parsed == rows


def test_empty_csv_is_the_header_with_its_bom() -> None:
    assert "".join(csv_lines(iter([]), ["a", "b"])) == "\ufeffa,b\r\n"
