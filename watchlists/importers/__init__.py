"""Streaming parsers for official sanctions lists.

Each parser yields ``EntityRecord`` one at a time and raises
``ImportFormatError`` (naming the file and the line or record) for a
malformed, truncated or wrongly encoded source. Nothing here touches the
database: ``watchlists.loading`` feeds the records to the version store.

``IMPORTERS`` maps a format name to an ``Importer``:

* ``read(path, progress)``: the records; ``progress(n)`` is called with the
  number of records produced since the previous call (an increment, as
  ``click.progressbar().update`` expects).
* ``source_files(path)``: the files that make up the source, hashed by the
  caller so that an unchanged source creates no new list version.
* ``total(path)``: a cheap estimate of the record count, or None.

Properties use one vocabulary across formats where the meaning is the same:
``type`` (the source's own type label), ``titles``, ``positions``,
``birth_dates`` (ISO 8601, ``1958~`` for approximate, ``1967/1969`` for a
range, else as published), ``birth_places``, ``gender``, ``documents``,
``linked_to`` (OFAC: names of linked entries), ``listed_on``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from watchlists.importers import eu_xml, ftm, ofac, uk_ofsi, un, us_csl
from watchlists.importers._common import Progress
from watchlists.records import EntityRecord, ImportFormatError


@dataclass(frozen=True, slots=True)
class Importer:
    """A list format: how to read it, which files it is, how big it is."""

    name: str
    description: str
    reader: Callable[[Path, Progress | None], Iterator[EntityRecord]]
    files: Callable[[Path], list[Path]]
    counter: Callable[[Path], int | None]

    def read(self, path: Path, progress: Progress | None = None) -> Iterator[EntityRecord]:
        return self.reader(Path(path), progress)

    def source_files(self, path: Path) -> list[Path]:
        return self.files(Path(path))

    def total(self, path: Path) -> int | None:
        try:
            return self.counter(Path(path))
        except (OSError, ImportFormatError):
            # Only an estimate for a progress bar: read() reports the real problem.
            return None


IMPORTERS: dict[str, Importer] = {
    "ofac-csv": Importer(
        "ofac-csv",
        "OFAC legacy CSV: sdn.csv or cons_prim.csv, or a folder with alt/add/comments files",
        ofac.read_ofac_csv,
        ofac.source_files,
        ofac.total,
    ),
    "un-xml": Importer(
        "un-xml",
        "UN Security Council consolidated list XML",
        un.read_un_xml,
        un.source_files,
        un.total,
    ),
    "us-csl": Importer(
        "us-csl",
        "US Consolidated Screening List CSV (trade.gov)",
        us_csl.read_us_csl,
        us_csl.source_files,
        us_csl.total,
    ),
    "uk-ofsi": Importer(
        "uk-ofsi",
        "UK OFSI consolidated list, ConList.csv",
        uk_ofsi.read_uk_ofsi,
        uk_ofsi.source_files,
        uk_ofsi.total,
    ),
    "eu-xml": Importer(
        "eu-xml",
        "EU consolidated list of financial sanctions (FSF), XML format 1.1",
        eu_xml.read_eu_xml,
        eu_xml.source_files,
        eu_xml.total,
    ),
    "ftm": Importer(
        "ftm",
        "FollowTheMoney JSON lines (OpenSanctions): entities.ftm.json, or a delta.json index "
        "whose delta files (ADD/MOD/DEL) apply to the active version",
        ftm.read_ftm,
        ftm.source_files,
        ftm.total,
    ),
}

__all__ = ["IMPORTERS", "Importer"]
