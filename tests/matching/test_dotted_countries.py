"""A country in dotted initials (U.S., U.K., U.A.E.) in an organisation's name is read
spelled out too (issue 13, round 2)."""

from __future__ import annotations

from screening.matching import CandidateIndex, ListedName, compare


def test_dotted_country_meets_its_spelled_out_name() -> None:
    for schema in ("organization", "public_body", None):
        assert compare(
            "U.S. Department of State", "United States Department of State", schema
        ).match
        assert compare(
            "United States Department of State", "U.S. Department of State", schema
        ).match
    assert compare("U.K. Ministry of Defence", "United Kingdom Ministry of Defence").match
    assert compare("U.A.E. Exchange", "United Arab Emirates Exchange", "company").match


def test_dotted_initials_of_a_person_stay_initials() -> None:
    assert compare("U.S. Grant", "Ulysses S. Grant", "person").match


def test_index_offers_the_spelled_out_country() -> None:
    index = CandidateIndex.build(
        [ListedName(1, "dos", "United States Department of State", "organization")]
    )
    found = index.search("U.S. Department of State", "organization")
    assert [m.name.entity_id for m in found] == ["dos"]
