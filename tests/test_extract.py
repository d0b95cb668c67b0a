"""The rule-based extractor: what it proposes from an article, and the review file it writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from screening.cli import main
from watchlists.curation import extract
from watchlists.curation.extract import (
    Candidate,
    extract_candidates,
    extract_files,
    write_review_file,
)
from watchlists.curation.seeds import SEED_PATH, load_seed_file

# A made-up article: none of these names is on the curated list.
ARTICLE = """\
Labour pipeline to the Far East

The Amur Labour Resources Agency, a recruiter based in Khabarovsk, signed contracts with
Rungrado General Trading Corporation last spring. Governor Ivan Petrov said the region would
host 500 workers from North Korea. The Sakhalin Education Centre enrols North Korean
"students" who then work on building sites.
Mikhail Volkov, director of Stroitel Group, hired 200 North Korean builders for projects in
Rostov Oblast. Volkov declined to comment.
According to the Institute for Far Eastern Studies, the scheme is growing, Yonhap News
reported. Kim Song Il, a defector who worked on a site near Moscow, said workers are watched.
North Korea's Ministry of External Economic Relations approved the dispatch. The workers flew
from Pyongyang to Vladivostok and then travelled to Rostov.
Wages go to Kangson Trading Company, run by North Korean national Ri Chol Su. A
Blagoveshchensk-based staffing agency arranged the student visas.
"""


@pytest.fixture(scope="module")
def candidates() -> dict[str, Candidate]:
    return {c.name or f"({c.label})": c for c in extract_candidates(ARTICLE, "made-up.txt")}


def test_empty_text_gives_no_candidates() -> None:
    assert extract_candidates("", "empty.txt") == []
    assert extract_candidates("  \n\n\t", "blank.txt") == []


def test_finds_recruitment_agency(candidates: dict[str, Candidate]) -> None:
    agency = candidates["Amur Labour Resources Agency"]
    assert (agency.schema, agency.category) == ("company", "recruitment_agency")


def test_finds_ministry_with_its_country(candidates: dict[str, Candidate]) -> None:
    ministry = candidates["Ministry of External Economic Relations"]
    assert (ministry.schema, ministry.category) == ("public_body", "state_bureau")
    assert ministry.countries == ["kp"]


def test_finds_education_centre_as_student_visa_intermediary(
    candidates: dict[str, Candidate],
) -> None:
    assert candidates["Sakhalin Education Centre"].category == "student_visa_intermediary"


def test_finds_companies(candidates: dict[str, Candidate]) -> None:
    for name in (
        "Rungrado General Trading Corporation",
        "Stroitel Group",
        "Kangson Trading Company",
    ):
        assert candidates[name].schema == "company"


def test_finds_people_by_title_apposition_and_role(candidates: dict[str, Candidate]) -> None:
    assert candidates["Ivan Petrov"].category == "official"  # "Governor Ivan Petrov"
    assert candidates["Mikhail Volkov"].category == "executive"  # "..., director of"
    assert candidates["Ri Chol Su"].category == "executive"  # "run by ... national"
    assert candidates["Ri Chol Su"].countries == ["kp"]


def test_every_candidate_keeps_the_sentence_it_came_from(
    candidates: dict[str, Candidate],
) -> None:
    volkov = candidates["Mikhail Volkov"]
    assert volkov.document == "made-up.txt"
    assert volkov.sentence.startswith("Mikhail Volkov, director of Stroitel Group")
    # The later bare surname is more evidence, not a second person.
    assert "Volkov" not in candidates
    assert any(e.sentence.startswith("Volkov declined") for e in volkov.evidence)


def test_places_come_from_the_gazetteer(candidates: dict[str, Candidate]) -> None:
    rostov = candidates["Rostov Oblast"]
    assert (rostov.schema, rostov.category, rostov.countries) == ("region", "region", ["ru"])


def test_a_city_that_is_only_an_agencys_seat_is_no_place(candidates: dict[str, Candidate]) -> None:
    # "a recruiter based in Khabarovsk": the agency's address, not a region of its own.
    assert "Khabarovsk" not in candidates


def test_transit_points_and_capitals_are_not_places(candidates: dict[str, Candidate]) -> None:
    assert "Vladivostok" not in candidates  # on the route, not the destination
    assert "Pyongyang" not in candidates
    assert "Moscow" not in candidates


def test_sources_outlets_and_defectors_are_not_candidates(
    candidates: dict[str, Candidate],
) -> None:
    for name in ("Institute for Far Eastern Studies", "Yonhap News", "Kim Song Il", "North Korea"):
        assert name not in candidates


def test_place_counts_when_its_paragraph_is_about_labour() -> None:
    text = (
        "Builders from North Korea were sent to the occupied south last year. "
        "Russia later annexed the Kherson region and the Zaporizhzhia region.\n\n"
        "Syria and Belarus recognised the annexation of Mariupol by Russia.\n"
    )
    names = {c.name for c in extract_candidates(text, "south.txt")}
    # The annexation sentence names no workers, but its paragraph does.
    assert {"Kherson region", "Zaporizhzhia region"} <= names
    # A paragraph with no labour in it proposes no places.
    assert "Mariupol" not in names


def test_described_entity_is_unnamed(candidates: dict[str, Candidate]) -> None:
    unnamed = [c for c in candidates.values() if c.unnamed]
    assert [c.label for c in unnamed] == ["Blagoveshchensk-based staffing agency"]
    assert unnamed[0].names == []
    assert unnamed[0].category == "recruitment_agency"


def test_review_file_loads_as_a_seed_file(tmp_path: Path) -> None:
    path = tmp_path / "review.yaml"
    write_review_file(extract_candidates(ARTICLE, "made-up.txt"), path)
    review = load_seed_file(path)
    assert review.metadata.name == "extract-review"
    assert review.entities
    for entity in review.entities:
        assert entity.properties["status"] == "needs_review"
        assert entity.sources[0].document == "made-up.txt"
        assert entity.sources[0].claim.startswith("TO REVIEW")
    unnamed = [e for e in review.entities if e.properties["unnamed"]]
    assert unnamed and unnamed[0].names == []
    assert unnamed[0].properties["label"] == "Blagoveshchensk-based staffing agency"
    assert "evidence:" in path.read_text(encoding="utf-8")


def test_review_file_with_no_candidates_is_written(tmp_path: Path) -> None:
    path = tmp_path / "review.yaml"
    write_review_file([], path)
    assert "found no candidates" in path.read_text(encoding="utf-8")


def test_extract_files_merges_a_name_seen_in_two_files(tmp_path: Path) -> None:
    first = tmp_path / "a.txt"
    second = tmp_path / "b.txt"
    first.write_text("The Baikal Staffing Agency hires workers from abroad.", encoding="utf-8")
    second.write_text("Workers were hired by the Baikal Staffing Agency.", encoding="utf-8")
    (agency,) = extract_files([first, second])
    assert agency.name == "Baikal Staffing Agency"
    assert [e.document for e in agency.evidence] == ["a.txt", "b.txt"]


def test_extractor_does_not_hard_code_seed_names() -> None:
    """Only generic geography may overlap with the curated list."""
    code = "".join(
        p.read_text(encoding="utf-8") for p in Path(extract.__file__).parent.glob("*.py")
    ).casefold()
    for entity in load_seed_file(SEED_PATH).entities:
        if entity.schema == "region":
            continue
        for name in entity.names:
            if len(name.value) > 4:
                assert name.value.casefold() not in code, name.value


def test_seed_documents_yield_the_key_actors(shared_dir: Path) -> None:
    docs = sorted((shared_dir / "seeds").glob("*.txt"))
    names = {c.name for c in extract_files(docs)}
    assert "Intergovernmental Migration Center" in names
    assert "External Construction Guidance Bureau" in names
    assert "Marat Khusnullin" in names
    assert not names & {"Daily NK", "The Diplomat", "National Intelligence Service"}


def test_extract_command_writes_a_review_file(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    review = tmp_path / "review.yaml"
    result = CliRunner().invoke(main, ["lists", "extract", str(article), "-o", str(review)])
    assert result.exit_code == 0, result.output
    assert "candidates to" in result.output
    assert load_seed_file(review).entities


def test_extract_command_refuses_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_bytes("Agence Générale recruits workers.".encode("latin-1"))
    result = CliRunner().invoke(main, ["lists", "extract", str(article)])
    assert result.exit_code == 1
    assert "article.txt: not UTF-8 text (byte 0xe9" in result.output
    assert "Traceback" not in result.output
