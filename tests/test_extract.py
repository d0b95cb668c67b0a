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


# ------------------------------------------- extractor version 10: sources in many positions


def _names(text: str) -> dict[str, Candidate]:
    return {c.name or f"({c.label})": c for c in extract_candidates(text, "made-up.txt")}


def test_extractor_version_is_42() -> None:
    assert extract.EXTRACTOR_VERSION == "42"


@pytest.mark.parametrize(
    ("text", "wanted", "never"),
    [
        ("Forty North Korean workers built housing blocks commissioned by Severoles Holding.",
         "Severoles Holding", None),
        ("Satellite imagery commissioned by Orlan Geo Holding shows new barracks.",
         None, "Orlan Geo Holding"),
    ],
)  # fmt: skip
def test_commissioned_by_cites_a_source_only_for_a_report(
    text: str, wanted: str | None, never: str | None
) -> None:
    found = _names(text)
    if wanted:
        assert wanted in found
    if never:
        assert never not in found


def test_a_head_word_before_of_inside_a_name_keeps_the_whole_name() -> None:
    found = _names("The crews answer to the General Bureau of Foreign Construction in Pyongyang, "
                   "which sends workers abroad.")  # fmt: skip
    assert "General Bureau of Foreign Construction" in found


def test_overseen_by_and_a_quoted_title_in_apposition_make_a_person() -> None:
    found = _names('The hiring of 60 North Korean workers is overseen by Pavel Derzhavin, the '
                   'occupation "deputy minister of housing", who signed the orders.')  # fmt: skip
    assert "Pavel Derzhavin" in found


def test_the_paper_said_after_a_name_is_no_apposition() -> None:
    found = _names("The workers were supplied by the Korea Taedong Trading Corporation, the "
                   "newspaper said.")  # fmt: skip
    assert "Korea Taedong Trading Corporation" in found


def test_a_listed_name_with_a_colon_and_a_post_is_a_person() -> None:
    text = ("New designations:\n\n- Ri Myong-chol: Khabarovsk representative of Korea Taedong "
            "Trading Corporation, which sends North Korean workers to Russia.\n")  # fmt: skip
    assert "Ri Myong-chol" in _names(text)


@pytest.mark.parametrize(
    ("text", "never"),
    [
        ('"Nobody can claim ignorance," said Elena Varga, executive director of the Northern '
         'Seafarers Welfare Alliance, of the North Korean crews.', "Elena Varga"),
        ("Harbour Point Agency could not independently verify the claims about the workers.",
         "Harbour Point Agency"),
        ("A spokesman told Harbour Point Agency that the workers were students.\n\n"
         "Harbour Point Agency also obtained contracts for 80 North Korean workers.",
         "Harbour Point Agency"),
        ("Sergei Popov, our Moscow bureau chief, said the workers were hired in May.",
         "Sergei Popov"),
        ("Lawyer Ivan Petrov said the North Korean workers had study visas.", "Ivan Petrov"),
        ("Northern Analytics Group estimates that 500 North Korean workers arrived.",
         "Northern Analytics Group"),
        ("Anna Berg, a partner at the law firm Kask Berg Group, said the workers were hired "
         "illegally.", "Kask Berg Group"),
    ],
)  # fmt: skip
def test_staff_lawyers_data_firms_and_outlets_that_check_claims_are_not_proposed(
    text: str, never: str
) -> None:
    assert never not in _names(text)


def test_its_director_after_a_headline_that_names_a_court_is_still_proposed() -> None:
    text = ("Court fines sawmill over North Korean workers\n\n"
            "A court fined Vostokles LLC and handed its director, Ivan Serov, a suspended "
            "sentence for hiring North Korean workers.\n")  # fmt: skip
    assert "Ivan Serov" in _names(text)


def test_a_vice_governor_is_an_official() -> None:
    found = _names("The quota for North Korean workers was approved by Amur vice-governor Oleg "
                   "Sitnikov.")  # fmt: skip
    assert found["Oleg Sitnikov"].category == "official"


# Russian
def test_russian_college_and_bureau_names_in_guillemets_are_proposed() -> None:
    found = _names("Рабочих из КНДР отбирает управление «Пэктусан», а визы оформляет через "
                   "колледж «Парус» местный застройщик.")  # fmt: skip
    assert {"Пэктусан", "Парус"} <= set(found)
    assert "МВД" not in _names("Как сообщили в пресс-службе управления МВД, рабочих из КНДР "
                               "стало больше.")  # fmt: skip


def test_a_titled_officer_after_a_russian_kind_noun_is_a_person() -> None:
    found = _names("Генеральный директор компании Олег Смирнов заявил, что рабочие из КНДР "
                   "проходят практику.")  # fmt: skip
    assert found["Олег Смирнов"].schema == "person"


def test_a_russian_republic_is_one_word_and_the_name_after_it_a_person() -> None:
    found = _names("Соглашение о найме рабочих из КНДР подписал министр строительства "
                   "Республики Тыва Артур Ооржак.")  # fmt: skip
    assert "Республика Тыва" in found and "Республики Тыва" in found["Республика Тыва"].aliases
    assert "Артур Ооржак" in found
    found = _names("В Республике Саха (Якутия) работают рабочие из КНДР.")
    assert "Республика Саха (Якутия)" in found


def test_a_russian_vice_mayor_opening_the_sentence_is_an_official() -> None:
    found = _names("Вице-мэр Норильска Пётр Иванов лично встречал рабочих из КНДР.")
    assert "Пётр Иванов" in found


@pytest.mark.parametrize(
    "text",
    [
        "Эксперт Ирина Петрова, ранее работавшая в Министерстве труда, считает, что рабочих "
        "из КНДР стало больше.",
        "Автор - Иван Орлов; ранее работал в компании «Стройинвест-Север» и в Министерстве труда.",
    ],
)
def test_a_russian_source_s_former_workplace_is_not_proposed(text: str) -> None:
    found = _names(text)
    assert not any(n.startswith(("Министерств", "Стройинвест")) for n in found), found


def test_workers_working_at_a_russian_company_keep_it() -> None:
    found = _names("Северокорейские рабочие работали в компании «Стройинвест-Север».")
    assert "Стройинвест-Север" in found


@pytest.mark.parametrize(
    ("text", "never"),
    [
        ("The findings were first shared with Baltic Harbour Agency before the North Korean "
         "workers left.", "Baltic Harbour Agency"),
        ("The Sakhalin Group, a local media holding, first reported the arrival of 60 North "
         "Korean workers.", "Sakhalin Group"),
        ('"It is forced labour," said Kim Su-jin, head of research at the Seoul Labour Centre.',
         "Labour Centre"),
        ("By Eleanor Vance\n\nVostokles LLC hired 50 North Korean workers.\n\nEleanor Vance is "
         "a senior fellow at the Kestrel Institute. Before joining Kestrel, she spent a decade "
         "at the Korea Trade Corporation.\n", "Korea Trade Corporation"),
    ],
)  # fmt: skip
def test_newsrooms_given_findings_media_holdings_and_research_posts_are_not_proposed(
    text: str, never: str
) -> None:
    assert never not in _names(text)


def test_a_republic_before_a_comma_is_a_place_not_a_company() -> None:
    found = _names("North Korean workers cut timber in the Republic of Buryatia, the company "
                   "said.")  # fmt: skip
    assert found["Republic of Buryatia"].schema == "region"


def test_a_russian_legal_form_opening_the_sentence_names_the_company() -> None:
    found = _names("ООО «Амурлес» наняло 50 рабочих из КНДР, сообщает телеграм-канал «Дозор».")
    assert "Амурлес" in found and "Дозор" not in found


def test_an_abbreviation_after_и_belongs_to_a_russian_ministry() -> None:
    found = _names("Министерство строительства и ЖКХ ЛНР наняло рабочих из КНДР.")
    assert "Министерство строительства и ЖКХ" in found


# ------------------------------------- extractor version 11: apparatus of unusual genres


def test_a_list_of_speakers_gives_sources_not_entries() -> None:
    found = _names(
        "Speakers: Dr Anna Volk (Brennan Centre for Arctic Affairs); Pavel Rudin (independent "
        "analyst, formerly Nordhaven State Maritime Academy)\n\n"
        "Rudin said Tundrastroy hired 40 North Korean workers.\n"
    )
    assert "Tundrastroy" in found
    assert not any("Brennan" in n or "Nordhaven" in n or "Volk" in n for n in found)


def test_numbered_affiliation_lines_of_a_paper_are_the_authors_employers() -> None:
    found = _names(
        "Anna Volk (1), Lee Min-soo (2)\n"
        "(1) Faculty of Law, Corwen University, Oslo\n"
        "(2) Institute for Coastal Labour Studies, Busan\n\n"
        "Kedrovstroy LLC hired 30 North Korean builders.\n"
    )
    assert "Kedrovstroy LLC" in found
    assert not any("Corwen" in n or "Faculty" in n for n in found)


def test_a_legislatures_committee_and_a_foreign_affairs_body_are_not_entries() -> None:
    found = _names(
        "The Select Committee on Arctic Trade heard that Polarles LLC employs North Korean "
        "workers; the Department of Foreign Affairs declined to comment."
    )
    assert "Polarles LLC" in found
    assert not any("Committee" in n or "Foreign Affairs" in n for n in found)


@pytest.mark.parametrize(
    "text",
    [
        "The Riga-based Nordic Trade Office, which tracks labour exports, declined to comment.",
        "The Arctic Border Monitoring Office declined to confirm the numbers of North Korean "
        "workers.",
        "I would refer you to the Nordic Centre for Labour Standards, whose report we found "
        "credible.",
    ],
)
def test_bodies_that_track_count_or_publish_are_sources(text: str) -> None:
    assert not any(c.name for c in extract_candidates(text, "made-up.txt"))


def test_who_paid_for_the_document_is_a_source_but_who_paid_for_a_building_is_not() -> None:
    assert "Alder Trust" not in _names("This study was funded by the Alder Trust.")
    found = _names("North Korean workers built housing blocks funded by the Alder Trust.")
    assert "Alder Trust" in found


def test_a_writers_former_workplace_with_the_verb_left_out_is_not_proposed() -> None:
    found = _names("Я много лет работал сварщиком, а потом — мастером в АО «Северэнергоремонт».")
    assert "Северэнергоремонт" not in found
    found = _names("Рабочие из КНДР трудились бетонщиками в ООО «Ангарстройпроект».")
    assert "Ангарстройпроект" in found


def test_a_speaker_label_is_no_listed_official_but_the_official_named_after_is() -> None:
    found = _names("Dr Holm: The Tver Oblast minister of labour, Ivan Sedov, signed the deal "
                   "to bring North Korean workers.")  # fmt: skip
    assert "Dr Holm" not in found
    assert found["Ivan Sedov"].schema == "person"


def test_a_title_in_a_who_is_clause_and_after_a_possessive_body() -> None:
    found = _names("We have corrected the title of Pavel Gurin, who is Yakutia's deputy minister "
                   "of labour, not its minister.")  # fmt: skip
    assert found["Pavel Gurin"].schema == "person"
    found = _names("The head of the Altai Republic's labour ministry, Sergei Tondoev, confirmed "
                   "that North Korean workers arrived.")  # fmt: skip
    assert found["Sergei Tondoev"].schema == "person"
    found = _names("Anna Petrova, who is a researcher at the Kedr Centre, said workers came.")
    assert "Anna Petrova" not in found


def test_russian_republics_and_autonomous_regions_keep_the_name_as_written() -> None:
    found = _names("Рабочие из КНДР строят жильё в Донецкой Народной Республике.")
    assert "Донецкой Народной Республике" in found["Донецкая Народная Республика"].aliases


def test_banks_by_apposition_coined_name_and_russian_credit_forms() -> None:
    found = _names("Wages were routed through Sever Kapital, a small regional bank, and paid "
                   "to North Korean workers via Tundrobank cards.")  # fmt: skip
    assert "Sever Kapital" in found and "Tundrobank" in found
    assert "Северный платёжный центр" in _names(
        "Деньги рабочим из КНДР шли через РНКО «Северный платёжный центр»."
    )


def test_a_workplace_in_apposition_and_no_apposition_across_but() -> None:
    found = _names("The video of North Korean workers was filmed at Taiga Agro, a greenhouse "
                   "complex near Seversk, but company records show fewer permits.")  # fmt: skip
    assert "Taiga Agro" in found
    assert "Seversk" not in found or found["Seversk"].schema == "region"


def test_hr_and_staffing_heads_make_a_recruiter() -> None:
    found = _names("Polaris HR is hiring foremen to supervise North Korean brigades.")
    assert found["Polaris HR"].category == "recruitment_agency"


def test_a_city_administration_named_by_its_city() -> None:
    found = _names("Подрядчик с рабочими из КНДР ремонтировал школы по заказу администрации "
                   "Энергодара.")  # fmt: skip
    assert "администрации Энергодара" in found["Администрация Энергодара"].aliases
    found = _names("Рабочих из КНДР на стройке нет, сообщила администрация Читы.")
    assert "Администрация Читы" not in found


def test_other_names_in_brackets_make_a_designated_body() -> None:
    found = _names("2. SEVERNAYA ZVEZDA AGRO (a.k.a. SZ Agro), Pskov Oblast. Used North Korean "
                   "labour on farms.")  # fmt: skip
    assert "SEVERNAYA ZVEZDA AGRO" in found and "SZ Agro" in found


def test_a_field_label_of_a_registry_extract_gives_the_post() -> None:
    text = ("Name: Kedr Agro LLC\nGeneral director: Anton Melnik\nAnalyst: Vera Kline\n"
            "Kedr Agro LLC requested 80 work permits for North Korean workers.\n")  # fmt: skip
    found = _names(text)
    assert found["Anton Melnik"].category == "executive"
    assert "Vera Kline" not in found


def test_a_plant_coined_into_one_russian_word_is_a_company() -> None:
    assert "Ольгинский рыбокомбинат" in _names(
        "«Ольгинский рыбокомбинат» принял 50 рабочих из КНДР."
    )


def test_one_of_the_technical_schools_of_a_town_is_an_unnamed_visa_front() -> None:
    found = _names("Рабочие из КНДР числились студентами одного из техникумов Тынды.")
    assert "(техникум Тынды)" in found


def test_places_inside_a_quoted_title_of_a_report_are_not_proposed() -> None:
    found = _names('This report, "Brigades of the Yenisei: Labour in Krasnoyarsk Krai", was '
                   "written by our staff. Taimyrstroy hired 20 North Korean workers.")  # fmt: skip
    assert "Taimyrstroy" in found and "Krasnoyarsk Krai" not in found


# ------------------------------------ extractor version 12: watchers, posts, towns, headers


def test_a_body_that_monitors_is_a_source_whatever_its_head_word() -> None:
    found = _names("Olga Reyes of the Nordic Labour Agency, which monitors recruitment in the "
                   "Baltic states, said 40 North Korean workers were unpaid.")  # fmt: skip
    assert "Nordic Labour Agency" not in found
    found = _names("Visa figures came from the Linden Labour Bureau, a group that documents "
                   "visa issuance. Kedrstroy hired 30 North Korean workers.")  # fmt: skip
    assert "Linden Labour Bureau" not in found and "Kedrstroy" in found


def test_a_title_that_embeds_a_body_gives_the_body_and_the_person() -> None:
    found = _names("The contracts were signed by the Director General of the Korea Bureau of "
                   "Foreign Building, Ri Song Chol, in May.")  # fmt: skip
    assert found["Korea Bureau of Foreign Building"].schema == "public_body"
    assert "Ri Song Chol" in found
    assert not [name for name in found if name.startswith("Director")]
    found = _names("A letter from the Deputy Head of the Migrant Labour Section of the "
                   "Ministry of Coastal Industry, Kang Myong Ho, asks for visas for 50 "
                   "workers.")  # fmt: skip
    body = found["Migrant Labour Section of the Ministry of Coastal Industry"]
    assert (body.schema, body.category) == ("public_body", "state_bureau")
    assert "Kang Myong Ho" in found


def test_a_title_of_a_government_that_answers_gives_no_person() -> None:
    found = _names('"We will act," said the Minister for Foreign Affairs, Clara Voss. North '
                   "Korean workers were hired by Tundrastroy.")  # fmt: skip
    assert "Clara Voss" not in found and "Tundrastroy" in found
    found = _names("Answered by: Lord Pemberton, Minister of State for Asia\n\n"
                   "North Korean workers are employed by Polarstroy.")  # fmt: skip
    assert "Lord Pemberton" not in found


def test_a_bare_russian_town_in_any_case_is_never_a_company() -> None:
    found = _names("Сорок рабочих из КНДР прибыли в Энергоград. Источник в администрации "
                   "Энергограда рассказал, что рабочих прислала корпорация «Мирим».")  # fmt: skip
    assert "Энергограда" not in found and "Мирим" in found


def test_a_long_headline_is_not_joined_to_the_byline_under_it() -> None:
    text = ("North Korean builders arrive at a new port terminal in the Russian Arctic\n"
            "By Jane Roe\nHarbour Wire Service\n\n"
            "The contractor hired forty workers through a recruiting firm based in\n"
            "Vladivostok last spring.\n")  # fmt: skip
    paragraphs = [" ".join(p) for p in extract.split_paragraphs(text)]
    assert paragraphs[:3] == [
        "North Korean builders arrive at a new port terminal in the Russian Arctic",
        "By Jane Roe",
        "Harbour Wire Service",
    ]
    assert paragraphs[3].endswith("based in Vladivostok last spring.")


def test_a_russian_body_described_before_its_quoted_name() -> None:
    found = _names("Рабочих прислала Корейская компания по строительству за рубежом «Мирим».")
    assert "Мирим" in found
    found = _names("Правозащитная группа «Северный след», которая отслеживает наём рабочих, "
                   "насчитала 40 граждан КНДР.")  # fmt: skip
    assert "Северный след" not in found


def test_a_russian_title_before_a_quoted_firm_and_a_dash() -> None:
    found = _names("Директор «Амур-Девелопмента» Пётр Сомов нанял рабочих из КНДР.")
    assert "Пётр Сомов" in found and "Амур-Девелопмента" in found
    found = _names("По данным реестра, генеральный директор ООО «Восток Кадры» — Анна Лебедева. "
                   "Фирма нанимает рабочих из КНДР.")  # fmt: skip
    assert "Анна Лебедева" in found


def test_two_cases_of_one_russian_firm_are_one_candidate() -> None:
    found = _names("Компания «Лесэкспорт-Амур» наняла рабочих из КНДР. Директор "
                   "«Лесэкспорт-Амура» Иван Колесов это подтвердил.")  # fmt: skip
    assert "Лесэкспорт-Амура" in found["Лесэкспорт-Амур"].aliases
    assert "Лесэкспорт-Амура" not in found


def test_a_sole_trader_is_proposed_under_the_owners_name() -> None:
    found = _names("Жильё для рабочих из КНДР снимал ИП Зотов К. Л., он же оформлял визы.")
    assert "Зотов К. Л." in found["ИП Зотов К. Л."].aliases


def test_a_sentence_opening_with_a_source_is_no_credit_line() -> None:
    found = _names("Источник в отрасли рассказал, что рабочих из КНДР прислала корпорация "
                   "«Сонмин».")  # fmt: skip
    assert "Сонмин" in found


def test_a_heading_of_an_editors_note_does_not_hide_the_findings_after_it() -> None:
    found = _names("Примечание редакции. Рабочих из КНДР поставляла компания «Сонмин».")
    assert "Сонмин" in found
    assert _names("От редакции: рабочих поставляла компания «Сонмин».") == {}


def test_a_speakers_affiliation_in_a_transcript_is_a_source() -> None:
    found = _names("MARK DALE (Tundra Labour Agency): We count the workers, we hire nobody. "
                   "Forty of them work for Kolaremont.")  # fmt: skip
    assert "Tundra Labour Agency" not in found and "Kolaremont" in found


def test_an_event_organiser_is_not_an_actor() -> None:
    found = _names("The forum's organiser, Pacific Events Holding, said exhibitors hiring North "
                   "Korean workers were responsible for their own compliance.")  # fmt: skip
    assert "Pacific Events Holding" not in found


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("The men were employed on paper by the Korea Sonbit Trading Company.",
         "Korea Sonbit Trading Company"),
        ("It answers to the Fisheries Bureau, whose deputy director, O Myong Chol, signed the "
         "contracts for 60 workers.", "O Myong Chol"),
        ("North Korean workers' wages were paid through Taiga Savings Bank.", "Taiga Savings Bank"),
        ("Amur-Ikra Processing employed 80 North Korean workers.", "Amur-Ikra Processing"),
        ("This repair yard, where 90 North Korean workers weld hulls, belongs to Kola Sudoremont.",
         "Kola Sudoremont"),
        ("According to two former workers, it is a front for the Korea Myohyang Building "
         "Company.", "Korea Myohyang Building Company"),
    ],
)  # fmt: skip
def test_more_actor_shapes(text: str, wanted: str) -> None:
    assert wanted in _names(text)


def test_a_persons_former_bank_is_not_proposed() -> None:
    found = _names("Before that he spent five years at Harbour Merchant Bank. North Korean "
                   "workers now build the port.")  # fmt: skip
    assert "Harbour Merchant Bank" not in found


# ------------------------------ extractor version 13: speakers, authors and their employers


@pytest.mark.parametrize(
    "text",
    [
        "ANNA VOLK, CORWEN UNIVERSITY: It is forced labour. Kedrstroy hired 40 North Korean "
        "workers.",
        "ANNA VOLK, PROFESSOR AT CORWEN UNIVERSITY: Kedrstroy hired 40 North Korean workers.",
        "Anna Volk, analyst, Corwen Institute: Kedrstroy hired 40 North Korean workers.",
    ],
)
def test_a_transcript_speakers_affiliation_after_a_comma_is_a_source(text: str) -> None:
    found = _names(text)
    assert "Kedrstroy" in found
    assert not any("Corwen" in name or "CORWEN" in name for name in found), found


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("OLEG SOMOV, DEPUTY DIRECTOR, KEDR LLC: We hired 40 North Korean workers.", "KEDR LLC"),
        ("ANNA LEE, KEDR LLC: We hired 40 North Korean workers.", "KEDR LLC"),
    ],
)  # fmt: skip
def test_a_speaker_label_with_a_post_or_a_firm_keeps_the_firm(text: str, wanted: str) -> None:
    assert wanted in _names(text)


@pytest.mark.parametrize(
    "text",
    [
        "What we're reading: a new paper by Dr Anna Volk at the Centre for Labour Routes on visas.",
        "A study co-authored by Anna Volk and Ivo Brandt of the Nordic Labour Migration Centre "
        "counted 400 workers.",
        "The figures come from a working paper by Anna Volk (Kestrel Labour Centre).",
        "In a new paper, Dr Anna Volk of the Harbin Labour Institute argues that 400 North "
        "Koreans work in Amur.",
        "Anna Volk (Kestrel Labour Centre) told a conference that 400 North Koreans work in Amur.",
    ],
)
def test_an_authors_or_experts_employer_is_a_source_even_with_labour_in_its_name(
    text: str,
) -> None:
    found = _names(text)
    assert not any("Centre" in n or "Institute" in n or "Volk" in n for n in found), found


def test_research_led_by_a_person_makes_no_actor() -> None:
    found = _names("Research led by Anna Volk at the Pacific Labour Centre found 300 North "
                   "Korean workers in Primorye.")  # fmt: skip
    assert "Anna Volk" not in found


@pytest.mark.parametrize(
    "text",
    [
        "Kedrstroy hired 40 North Korean workers, Yuri Sobolev said in an interview with "
        "Vostok Online.",
        "Kedrstroy hired 40 North Korean workers, Yuri Sobolev said on the Far East Hour "
        "programme.",
        "Britain's Foreign Secretary, Yuri Sobolev, said Kedrstroy hired 40 North Korean workers.",
        "Amur Workers' Union chairman Yuri Sobolev said Kedrstroy hired 40 North Korean workers.",
    ],
)
def test_speakers_heard_through_the_media_a_foreign_minister_and_a_union_are_sources(
    text: str,
) -> None:
    found = _names(text)
    assert "Kedrstroy" in found and "Yuri Sobolev" not in found


@pytest.mark.parametrize(
    ("text", "never"),
    [
        ("Our partner organisation, the Seoul Harbour Centre, interviewed six former "
         "workers.", "Harbour Centre"),
        ("Kedrstroy hired 40 North Korean workers, Kestrel Group lawyers wrote in a filing.",
         "Kestrel Group"),
        ("Kedrstroy hired 40 North Korean workers, a Kestrel Group tally shows.", "Kestrel Group"),
        ("The Kestrel Group, which audits supply chains for retailers, found that Kedrstroy "
         "hired 40 North Korean workers.", "Kestrel Group"),
        ("Speaking at the Kestrel Labour Centre in Seoul, the lawyer said Kedrstroy hired 40 "
         "North Korean workers.", "Kestrel Labour Centre"),
        ("The Eurasia Labour Group, an umbrella of trade unions, said Kedrstroy hired 40 North "
         "Korean workers.", "Eurasia Labour Group"),
        ("Anna Volk, a former adviser to Amur Timber Holding, writes about labour markets.",
         "Amur Timber Holding"),
    ],
)  # fmt: skip
def test_partners_lawyers_auditors_venues_unions_and_clients_of_sources(
    text: str, never: str
) -> None:
    found = _names(text)
    assert never not in found, found


def test_an_actor_in_apposition_that_speaks_is_still_proposed() -> None:
    found = _names("The recruiter, Kadrovy Most, told one shipyard that the North Korean "
                   "workers would live on site.")  # fmt: skip
    assert "Kadrovy Most" in found


def test_who_holds_the_title_of_gives_the_person() -> None:
    found = _names('North Korean workers came with the approval of Ivan Sedov, who holds the '
                   'title of "deputy head" in the occupation administration.')  # fmt: skip
    assert "Ivan Sedov" in found


def test_a_coined_complex_is_a_company() -> None:
    found = _names("North Korean workers tend greenhouses run by Vostokagrokompleks.")
    assert "Vostokagrokompleks" in found


# ------------------------------------------- extractor version 14


def test_its_director_after_a_sentence_that_only_cites_a_monitor_is_a_source() -> None:
    found = _names(
        "Monthly figures published by Tundra Labour Watch show arrivals of North Korean crews "
        "tripled. Its director, Oh Min-ji, said the trend was clear."
    )
    assert "Oh Min-ji" not in found, found


def test_its_representative_after_a_company_in_the_same_sentence_is_that_companys() -> None:
    found = _names(
        "The Veska Office of Trade Sanctions named Taigastroy, a builder. Pyongyang's side "
        "of the deal is the Korea Pomun Trading Company and its chief representative Ri "
        "Hyok-chol."
    )
    assert "Ri Hyok-chol" in found, found


def test_the_issuer_of_a_press_release_is_never_proposed() -> None:
    text = (
        "PRESS RELEASE\nAgency for Export Restrictions\nTallinn, 3 March 2025\n\n"
        "Estonia lists Taigastroy over North Korean labour\n\n"
        "The listing of Taigastroy, a builder that employs North Korean workers, was drafted "
        "by the Agency for Export Restrictions.\n\n"
        "The Agency for Export Restrictions also notes that Taigastroy hired 80 North Korean "
        "workers.\n"
    )
    found = _names(text)
    assert "Taigastroy" in found
    assert not any("Export Restrictions" in name for name in found), found


def test_bodies_on_a_media_contact_line_are_never_proposed() -> None:
    found = _names(
        "The listing of Taigastroy, a builder that employs North Korean workers, was drafted "
        "by the Northern Trade Directorate.\n\n"
        "Press contact: Lars Ekdahl, spokesman, Northern Trade Directorate."
    )
    assert "Taigastroy" in found
    assert not any("Trade Directorate" in name for name in found), found


def test_a_bare_contact_line_in_a_notice_keeps_its_firm() -> None:
    found = _names(
        "Contact: Ivan Petrov, director, Taigastroy LLC.\n\n"
        "Taigastroy LLC hired 80 North Korean workers."
    )
    assert "Taigastroy LLC" in found, found


def test_a_russian_commentators_company_is_a_source() -> None:
    found = _names(
        "Эксперт инвестиционной компании «Тобол-Финанс» Иван Зорин считает, что спрос "
        "растёт. Рабочих из КНДР нанимает ООО «Иртышстрой»."
    )
    assert "Тобол-Финанс" not in found, found
    assert "Иртышстрой" in found


def test_an_institute_whose_fellow_argues_in_a_paper_is_a_source() -> None:
    found = _names(
        "Edvard Lindholm of the Saltmarsh Institute argues in a new paper that the student "
        "route for North Korean workers is a choice."
    )
    assert not any("Saltmarsh" in name for name in found), found


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("Визы корейским рабочим оформляло АНО ДПО «Полюс-Знание» из Норильска.",
         "Полюс-Знание"),
        ("Приглашения выдавал ЧПОУ «Северный колледж ремёсел», где корейцы числятся "
         "студентами.", "Северный колледж ремёсел"),
    ],
)  # fmt: skip
def test_russian_legal_forms_of_training_centres_name_them(text: str, wanted: str) -> None:
    found = _names(text)
    assert wanted in found, found
    assert found[wanted].category == "student_visa_intermediary"


def test_a_russian_college_named_by_its_adjective_in_any_case() -> None:
    found = _names(
        "Рабочие из КНДР числятся студентами Норильского горного колледжа в Талнахе, но "
        "работают на стройке. Договор о практике заключён с Вонсанским институтом морского "
        "транспорта."
    )
    college = found["Норильский горный колледж"]
    assert "Норильского горного колледжа" in college.aliases
    assert "Вонсанский институт морского транспорта" in found, found
    assert not any(c.unnamed and "колледж" in (c.label or "") for c in found.values())


def test_a_russian_college_of_a_commentator_is_not_proposed() -> None:
    found = _names(
        "По мнению профессора Томского института социальных наук Олега Рябова, рабочие из "
        "КНДР живут на стройках."
    )
    assert not any("институт" in name for name in found), found


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("North Korean loggers are enrolled at the Taiga College of Forestry, and its rector, "
         "Vera Lomova, approved their study visas.", "Vera Lomova"),
        ("The quota for North Korean workers was signed off by the district employment "
         "committee under its chair, Pavel Sushko.", "Pavel Sushko"),
        ("A fire inspector from the district housing office, Yuri Belkin, checked the North "
         "Korean workers' dormitory.", "Yuri Belkin"),
    ],
)  # fmt: skip
def test_rectors_chairs_and_inspectors_are_titles(text: str, person: str) -> None:
    assert person in _names(text)


def test_a_processor_in_apposition_is_a_company() -> None:
    found = _names(
        "North Korean workers gut salmon at Kedrovik, a seafood processor with plants in Nakhodka."
    )
    assert "Kedrovik" in found, found


def test_papers_handed_over_by_a_college_do_not_make_it_a_source() -> None:
    found = _names(
        "The recruiter gave them papers from the Taiga Mining Academy that listed the North "
        "Korean workers as students."
    )
    assert "Taiga Mining Academy" in found, found


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("The regional employment ministry approved quotas for 300 North Korean workers.",
         "regional employment ministry"),
        ("The krai's housing commission signed leases for North Korean workers.",
         "krai's housing commission"),
        ("Contracts for North Korean workers were signed by the housing ministry of the "
         "self-proclaimed Donetsk People's Republic.",
         "housing ministry of the self-proclaimed Donetsk People's Republic"),
        ("A sawmill near Kansk that saws larch employs North Korean workers.",
         "sawmill near Kansk that saws larch"),
        ("North Korean workers were hired by a subsidiary in Bratsk that builds for Taigastroy.",
         "subsidiary in Bratsk that builds"),
    ],
)  # fmt: skip
def test_unnamed_government_bodies_and_placed_firms(text: str, label: str) -> None:
    assert f"({label})" in _names(text), _names(text)


def test_an_unnamed_regional_body_that_is_quoted_is_not_proposed() -> None:
    found = _names("The regional employment ministry said 300 North Korean workers arrived.")
    assert not any(c.unnamed for c in found.values()), found


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Фирма в Старом Осколе, которая подбирает сварщиков, сняла два дома. В регионе "
         "работают рабочие из КНДР.", "Фирма в Старом Осколе"),
        ("Рабочих из КНДР принимает агрокомпания из Тамбова.", "агрокомпания из Тамбова"),
    ],
)  # fmt: skip
def test_russian_placed_bodies_in_a_labour_article(text: str, label: str) -> None:
    assert f"({label})" in _names(text), _names(text)


# ---------------------------------------------------------------- version 15


@pytest.mark.parametrize(
    "text",
    [
        # A report the institute wrote, and nothing that puts the workers there.
        "В записке Ольховского института стратегических исследований говорится, что "
        "студентов из КНДР в крае стало больше.",
        # A lecturer quoted from a university.
        "Как рассказал преподаватель Берёзовского государственного университета Олег "
        "Сомов, рабочих из КНДР на стройках стало больше.",
        # A graduate of one.
        "Выпускник Ольховского технического университета Пётр Лыков возглавил стройку, на "
        "которой работают рабочие из КНДР.",
        # An expert's university in a sentence with no student, visa or dormitory.
        "Кореевед Берёзовского федерального университета Анна Липина считает, что рабочих "
        "из КНДР станет больше.",
    ],
)
def test_a_russian_university_only_quoted_is_not_a_school_in_the_scheme(text: str) -> None:
    found = _names(text)
    assert not any("университет" in n or "институт" in n for n in found), found


def test_a_russian_school_that_houses_the_workers_is_still_proposed() -> None:
    found = _names("Рабочие из КНДР живут в общежитии Ольховского строительного колледжа.")
    assert "Ольховский строительный колледж" in found, found


def test_a_russian_training_centre_named_by_its_adjectives_is_a_school() -> None:
    found = _names(
        "Учебные визы рабочим из КНДР оформил Берёзовский лесной учебный центр, сообщили нам."
    )
    assert "Берёзовский лесной учебный центр" in found, found


@pytest.mark.parametrize(
    "text",
    [
        "Исследование провела АНО «Ольховский аналитический клуб».",
        "Эксперт АНО «Центр трудовой политики» Олег Сомов считает, что рабочих из КНДР "
        "станет больше.",
    ],
)
def test_a_non_profit_that_studies_or_employs_an_expert_is_not_a_school(text: str) -> None:
    found = _names(text)
    assert not any(c.category == "student_visa_intermediary" for c in found.values()), found


def test_a_non_profit_that_issues_invitations_is_a_school() -> None:
    found = _names("Приглашения рабочим из КНДР оформляла АНО «Берёзовский центр» в Твери.")
    assert "Берёзовский центр" in found, found


def test_a_firms_own_press_release_keeps_the_firm() -> None:
    found = _names(
        "PRESS RELEASE\n\nBerezka Construction Company\n\nBerezka Construction Company has "
        "hired 200 workers from North Korea for its housing project in Khabarovsk."
    )
    assert "Berezka Construction Company" in found, found


def test_a_firms_press_contact_keeps_the_firm() -> None:
    found = _names(
        "Olkhastroy LLC hired 200 North Korean workers in Khabarovsk Krai.\n\n"
        "Media enquiries: Anna Lind, press officer, Olkhastroy LLC."
    )
    assert "Olkhastroy LLC" in found, found


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Berezka Personnel Agency supplied North Korean workers to sites in Khabarovsk. "
         "Labour inspector Oleg Somov fined the agency for the violations.", "Oleg Somov"),
        ("North Korean workers were found at the site. A police inspector from the regional "
         "migration office, Pyotr Lykov, detained twelve of them.", "Pyotr Lykov"),
    ],
)  # fmt: skip
def test_an_officer_who_polices_the_workers_is_not_proposed(text: str, person: str) -> None:
    assert person not in _names(text)


def test_an_author_line_with_a_former_employer_names_no_entry() -> None:
    found = _names(
        "North Korean Builders in the Arctic\n\n"
        "Ola Brekke (Fjordvik University, Department of Area Studies); Min-ji Ro (Institute "
        "for Coastal Affairs; formerly Harbour Policy Group)\n\n"
        "We trace how Olkhastroy LLC hired North Korean builders in Chukotka through "
        "student visas."
    )
    assert "Olkhastroy LLC" in found, found
    assert not any(
        w in n for n in found for w in ("Fjordvik", "Area Studies", "Coastal", "Harbour")
    ), found


def test_the_director_of_the_issuing_office_speaks_for_it() -> None:
    found = _names(
        "The Bureau of Trade Controls today designated Olkhastroy LLC for employing North "
        "Korean workers. The Director of the Bureau, Alan Marsh, said the action followed "
        "months of work."
    )
    assert "Alan Marsh" not in found, found
    assert "Olkhastroy LLC" in found, found


@pytest.mark.parametrize(
    "text",
    [
        "Юрист Олег Сомов (адвокатское бюро «Сомов и партнёры») считает, что рабочих из КНДР "
        "нанимают незаконно.",
        "Договоры для рабочих из КНДР проверяла юридическая фирма «Берёзовая роща».",
    ],
)
def test_a_russian_law_practice_is_a_source(text: str) -> None:
    found = _names(text)
    assert not any(c.schema != "region" and c.name and "КНДР" not in c.name
                   for c in found.values()), found  # fmt: skip


def test_a_lawyers_client_and_a_firms_address_stay_actors() -> None:
    found = _names(
        "По юридическому адресу ООО «Ольхастрой» живут рабочие из КНДР. Адвокат компании "
        "«Берёзстрой» Олег Сомов заявил, что рабочие из КНДР уехали."
    )
    assert "Ольхастрой" in found and "Берёзстрой" in found, found


def test_a_russian_bureau_keeps_its_number_and_its_ordinal() -> None:
    found = _names(
        "Рабочих из КНДР прислало Третье бюро внешних работ, а курирует их Главное бюро "
        "лесного строительства №12."
    )
    assert "Третье бюро внешних работ" in found, found
    assert "Главное бюро лесного строительства №12" in found, found


def test_a_russian_title_in_the_dative_names_a_person() -> None:
    found = _names(
        "Деньги рабочих из КНДР переводили представителю компании «Ольхон» Игорю Лыкову."
    )
    assert "Игорю Лыкову" in found, found


def test_an_outlet_in_guillemets_is_never_a_person() -> None:
    found = _names(
        "Директор «Берёзстроя» Олег Сомов подтвердил «Вечернему Ольхону», что рабочие из КНДР есть."
    )
    assert "Вечернему Ольхону" not in found, found
    assert "Олег Сомов" in found, found


def test_the_head_of_a_firm_in_guillemets_who_tells_an_outlet_is_its_officer() -> None:
    found = _names(
        "Директор «Берёзстроя» Олег Сомов сообщил «Вечернему Ольхону», что рабочие из КНДР "
        "легальны."
    )
    assert "Олег Сомов" in found, found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("The men hold study visas from the Olkha Polytechnic College, which enrols North "
         "Korean workers.", "Olkha Polytechnic College"),
        ("North Korean workers are employed by Olkhastroy LLC. Its chief engineer, Pyotr "
         "Lykov, keeps their passports.", "Pyotr Lykov"),
        ("North Korean workers are dispatched by the Korea Sobaek Trading Company, together "
         "with its Moscow agent, Ri Chol Nam.", "Ri Chol Nam"),
        ("The bureau's regional delegate, identified in the ledgers as Pak Song Il, signed "
         "contracts for North Korean workers.", "Pak Song Il"),
        ("A second hirer, Olkhaforest, cut timber with North Korean crews.", "Olkhaforest"),
        ("She spent a year documenting North Korean workers on sites in occupied Donetsk "
         "Oblast for the Venn Documentation Project.", "Donetsk Oblast"),
        ("Their site manager, a man named Pyotr Lykov, openly told residents the North "
         "Korean workers came on a labour contract.", "Pyotr Lykov"),
        ("Рабочих из КНДР нанимала ГК «Ольха-Девелопмент».", "Ольха-Девелопмент"),
    ],
)  # fmt: skip
def test_actors_named_in_ways_version_14_missed(text: str, name: str) -> None:
    found = _names(text)
    assert name in found, found
    assert "Venn Documentation Project" not in found, found


# Version 16: the form of the text (tables, hyphenation, captions, timelines) and more
# ways of naming actors and sources. All names below are made up.


def test_a_table_row_is_never_joined_to_the_next() -> None:
    text = (
        "Фирма | Город | Рабочие | Посредник\n"
        "ООО «Ольхамонтаж» | Тында | 40 | Корейская торговая корпорация Сонбон\n"
        "Тындалесстрой | Тында | 25 | учебные визы для граждан КНДР\n"
    )
    paragraphs = list(extract.split_paragraphs(text))
    assert len(paragraphs) == 3, paragraphs
    found = _names(text)
    assert "Сонбон" in found, found
    assert "Тындалесстрой" in found, found


def test_a_word_hyphenated_across_a_line_break_is_joined() -> None:
    text = (
        "During the visits our researchers met a supervisor from a recruitment agen-\n"
        "cy that supplies North Korean plasterers to building sites in the region.\n"
    )
    (paragraph,) = list(extract.split_paragraphs(text))
    assert "recruitment agency that supplies" in " ".join(paragraph), paragraph


def test_a_full_month_name_ends_a_sentence() -> None:
    text = "Work began in October. The crews came from Pyongyang."
    sentences = list(extract.split_sentences(text))
    assert len(sentences) == 2, sentences


def test_a_numbered_caption_is_read_as_text_not_as_a_credit() -> None:
    found = _names(
        "PHOTO 2: North Korean workers unload timber in Tynda, Amur Oblast, in May. The logs "
        "are cut for Olkha Timber Holding, which employs 40 DPRK nationals. "
        "(Photo: Jane Doe for the Venn Courier)"
    )
    assert "Olkha Timber Holding" in found, found
    assert "Amur Oblast" in found, found
    assert not any("Venn" in name or "Jane Doe" in name for name in found), found


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("Oct 2023 - LLC Olkha-Rekonstruktsiya begins rebuilding a school with North Korean "
         "plasterers.", {"LLC Olkha-Rekonstruktsiya"}),
        ("The camp was managed by Ivan Sorokin of LLC Taiga Lesexport, which hires North "
         "Korean loggers.", {"LLC Taiga Lesexport", "Ivan Sorokin"}),
        ("Olkhamorservis chief engineer Pyotr Lykov (left) oversees the North Korean crew.",
         {"Pyotr Lykov"}),
    ],
)  # fmt: skip
def test_legal_forms_first_chief_posts_and_officers_of_a_body(text: str, wanted: set[str]) -> None:
    found = _names(text)
    assert wanted <= set(found), found


def test_a_town_before_an_employer_verb_is_no_employer() -> None:
    found = _names("A processing line in Olkhovka employs 30 North Korean workers.")
    assert not any(c.category == "employer" and c.name == "Olkhovka" for c in found.values())


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("На стройке работают граждане КНДР. Деньги получает некто Пак Сон-чхоль и "
         "переводит их в Пхеньян.", "Пак Сон-чхоль"),
        ("Контактное лицо: менеджер Ольга Смирнова, набираем рабочих из КНДР.",
         "Ольга Смирнова"),
        ("Иван Петров, заместитель главы Тындинского района, не отрицал, что на стройке "
         "работают рабочие из КНДР.", "Иван Петров"),
        ("Генеральным подрядчиком объекта, где работают граждане КНДР, является "
         "Таймырстрой.", "Таймырстрой"),
        ("Как сообщили в Министерстве лесного хозяйства КНДР, бригады досрочно завершили "
         "заготовку леса.", "Министерство лесного хозяйства"),
    ],
)  # fmt: skip
def test_russian_actors_version_15_missed(text: str, name: str) -> None:
    found = _names(text)
    assert any(name in (c.name, *c.aliases) for c in found.values()), found


def test_a_hyphenated_korean_name_in_english_needs_a_cue() -> None:
    found = _names(
        "Interviews with North Korean workers were translated by Seo Min-ah. The crews were "
        "supervised by Jong Chol-ho of the Korea Sobaek Trading Company."
    )
    assert "Seo Min-ah" not in found, found
    assert "Jong Chol-ho" in found, found


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Бывший прораб Олег Сидоров рассказал корреспонденту «Вестника» о рабочих из "
         "КНДР на стройке.", "Олег Сидоров"),
        ("I raised the North Korean loggers with my former employer, Baltic Survey Partners, "
         "and got no reply.", "Baltic Survey Partners"),
    ],
)  # fmt: skip
def test_an_interviewee_and_the_writers_employer_are_sources(text: str, source: str) -> None:
    assert source not in _names(text)


# Version 17.


def test_who_asks_and_who_answers_a_parliamentary_question_are_sources() -> None:
    found = _names(
        "Asked by Hilary Marchbank (Member for Dunmoor West), tabled 3 March\n\n"
        "To ask the Secretary of State what steps he is taking on North Korean workers "
        "employed by Tundrastroi LLC.\n\n"
        "Answered by Rupert Callow, Minister of State, 17 March\n\n"
        "We are aware that Tundrastroi LLC has employed North Korean builders."
    )
    assert "Rupert Callow" not in found, found
    assert "Hilary Marchbank" not in found, found
    assert any(c.name and "Tundrastroi" in c.name for c in found.values()), found


def test_a_clause_with_its_own_subject_does_not_make_the_body_a_reporter() -> None:
    found = _names(
        "The builders were sent by Korea Sonbong General Trading Corporation, which the "
        "court documents name as a front for a Pyongyang labour bureau."
    )
    assert "Korea Sonbong General Trading Corporation" in found, found


def test_a_north_korean_spelling_makes_a_hyphenated_name_a_person() -> None:
    found = _names(
        "North Korean workers on the site were paid in cash. The man who collects the wages "
        "is Pak Chol-nam. The interviews were arranged by Seo Hye-won and Park Ji-eun."
    )
    assert "Pak Chol-nam" in found, found
    assert "Seo Hye-won" not in found and "Park Ji-eun" not in found, found


def test_comrade_and_a_title_before_is_or_was_are_cues() -> None:
    found = _names(
        "North Korean loggers worked at the camp for years. The Russian foreman was Arkady "
        "Zelenin. Our political officer was Comrade O Chol-min."
    )
    assert "Arkady Zelenin" in found, found
    assert "O Chol-min" in found, found


def test_represented_by_with_an_adverb_is_a_cue() -> None:
    found = _names(
        "The Korea Undok Trading Company, represented locally by Ivan Sorokin, placed "
        "North Korean workers at a shipyard."
    )
    assert "Ivan Sorokin" in found, found


def test_a_plural_possessive_and_a_masthead_word_inside_a_bodys_name() -> None:
    found = _names(
        "The crews came through the Fishermen's Union and its parent, the Sailors' Placement "
        "Bureau. Seoul believes the Third Overseas Dispatch Bureau runs them."
    )
    assert any(c.name and "Sailors" in c.name for c in found.values()), found
    assert "Third Overseas Dispatch Bureau" in found, found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Отделку ведёт субподрядчик «Северводмонтаж-Плюс».", "Северводмонтаж-Плюс"),
        ("Рабочих прислала северокорейская «Корея Ынбит Трейдинг».", "Корея Ынбит Трейдинг"),
        ("Кирпич поставляет «Байкалкерам-Групп».", "Байкалкерам-Групп"),
        ("Заказчик: ГКУ «Дирекция капитального ремонта области» (г. Энск).",
         "Дирекция капитального ремонта области"),
        ("Руководитель заказчика: Аркадий Зеленин.", "Аркадий Зеленин"),
        ("Рабочих прислало Бюро № 4 по внешнему сотрудничеству.",
         "Бюро № 4 по внешнему сотрудничеству"),
        ("Money went through Tumen Freight, a freight forwarder in Nadezhdinsky District.",
         "Tumen Freight"),
    ],
)  # fmt: skip
def test_russian_and_english_forms_version_16_missed(text: str, name: str) -> None:
    found = _names(text)
    assert any(name in (c.name, *c.aliases) for c in found.values()), found


def test_a_state_institutions_form_makes_a_government_body() -> None:
    found = _names("Заказчик: ГКУ «Дирекция капитального ремонта области».")
    body = found["Дирекция капитального ремонта области"]
    assert (body.schema, body.category) == ("public_body", "government_body")


# Version 18: a document-level check of the part a name plays. A name the whole document
# shows only speaking, briefing or designating, and never in any part of the scheme, is a
# voice in the story, whatever title made a rule propose it.
@pytest.mark.parametrize(
    ("text", "voice"),
    [
        # A designating government's minister, quoted in its own release: the quote speaks
        # of workers, the minister has no part in hiring them.
        ('The Directorate of Trade Controls today designated Ostrogor Builders LLC, which '
         'hired 60 North Korean welders in Amur Oblast. "No firm may profit from the labour '
         'of these men," said Helena Voss, Minister for Trade Controls.', "Helena Voss"),
        # The designator itself, described in apposition: only the words before its verb
        # describe it, not what the firm it designates did.
        ("The Directorate of Trade Controls, a unit of the finance ministry, designated "
         "Ostrogor Builders LLC, which hired 60 North Korean welders in Amur Oblast.",
         "Directorate of Trade Controls"),
        # An official who only briefs the press.
        ("Ostrogor Builders LLC hired 60 North Korean welders in Amur Oblast, the Directorate "
         "of Trade Controls said. Deputy Minister Rupert Hale will brief journalists on "
         "Friday.", "Rupert Hale"),
        # The body whose designations a reader is told to check.
        ("Ostrogor Builders LLC hired 60 North Korean welders in Amur Oblast. Buyers should "
         "screen suppliers against all designations, including those of the Office for Trade "
         "Controls; and ask for audits.", "Office for Trade Controls"),
    ],
)  # fmt: skip
def test_a_name_that_only_speaks_or_designates_is_not_proposed(text: str, voice: str) -> None:
    found = _names(text)
    assert "Ostrogor Builders LLC" in found, found
    assert not any(voice in c.names for c in found.values()), found


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        # A firm's officer who only declines to comment is tied to the firm.
        ("Taiga Timber LLC hired 80 North Korean loggers in Khabarovsk Krai. Its director, "
         "Olga Rudneva, declined to comment.", "Olga Rudneva"),
        # A host region's official who only comments answers for the region.
        ("North Korean builders arrived in Tver Oblast in May. The deputy governor of Tver "
         'Oblast, Igor Salnikov, told reporters the region "has always welcomed every pair of '
         'hands it can get".', "Igor Salnikov"),
        # A designated firm that only speaks is still the target of the designation.
        ("Officials said the Bureau of Trade Controls designated Kumsong Trading Company. "
         "Kumsong Trading Company said it would appeal.", "Kumsong Trading Company"),
    ],
)  # fmt: skip
def test_a_speaker_with_a_part_in_the_scheme_is_still_proposed(text: str, actor: str) -> None:
    found = _names(text)
    assert any(actor in c.names for c in found.values()), found


def _voices(text: str, names: dict[str, str]) -> set[str]:
    """The names (of the given schema) that roles.voices drops from the made-up text."""
    from watchlists.curation.extract.roles import voices
    from watchlists.curation.extract.sentences import split_sentences, tokenize

    candidates = [Candidate(name=n, schema=s, category="employer") for n, s in names.items()]
    sentences = [tokenize(s) for s in split_sentences(text)]
    return {candidates[k].name or "" for k in voices(candidates, sentences)}


@pytest.mark.parametrize(
    ("text", "voice"),
    [
        # A government that shares in a sanctioning act only as a partner.
        ("The Bureau of Trade Controls designated Ostrogor Builders LLC, which hired North "
         "Korean welders. The minister welcomed the decision, which was coordinated with "
         "Ruritania's Office for Export Oversight.", "Office for Export Oversight"),
        # A speaker's place of work, with the speaker's name between it and the verb.
        ("Ostrogor Builders LLC hired North Korean welders. Эксперт по международному праву "
         "из Волжского института права Пётр Сомов пояснил, что такие дела редки.",
         "Волжского института права"),
        # A post word in what a speaker said is no post of the speaker's.
        ("Ostrogor Builders LLC hired North Korean welders. The Volga Legal Aid Centre said "
         "it would appeal to the regional court.", "Volga Legal Aid Centre"),
    ],
)  # fmt: skip
def test_a_partner_or_a_speakers_workplace_is_a_voice(text: str, voice: str) -> None:
    dropped = _voices(text, {"Ostrogor Builders LLC": "company", voice: "organization"})
    assert dropped == {voice}, dropped


@pytest.mark.parametrize(
    "text",
    [
        # The partner in sending workers has a part in the scheme.
        "The decision to send the workers was coordinated with the Office for Export Oversight.",
        # A regional body that speaks keeps the post that describes it.
        "The regional Volga Legal Aid Centre said it knew nothing of the case.",
    ],
)
def test_a_partner_or_speaker_with_a_part_is_kept(text: str) -> None:
    names = {
        "Office for Export Oversight": "organization",
        "Volga Legal Aid Centre": "organization",
    }
    assert not _voices(text, names)


def test_a_professional_before_a_kind_noun_is_not_its_name() -> None:
    text = (
        "АНО «Учебный центр «Остров»» оформил учебные визы 20 гражданам КНДР, которые "
        "работали на стройках в Тверской области. Юрист центра Пётр Сомов сказал, что "
        "решение будет обжаловано."
    )
    assert "Пётр Сомов" not in _names(text)


@pytest.mark.parametrize(
    ("text", "voice"),
    [
        # The maker of designations named after "by" with the noun, not the participle.
        ("Recent designations by the Bureau of Trade Controls and a memo from a bank warn "
         "importers of timber.", "Bureau of Trade Controls"),
        # An abbreviation in brackets between a speaker and its verb.
        ("Ostrogor Builders LLC hired North Korean welders. The Bureau of Trade Controls "
         "(BTC) also noted that a decision was due.", "Bureau of Trade Controls"),
        # A source named after "a briefing by"; the labour in its own name and in what the
        # briefing found about others is no part of its own.
        ("A briefing by the Harbour Workers Monitor found that Ostrogor Builders LLC hired "
         "North Korean welders.", "Harbour Workers Monitor"),
        # The host of an event on the scheme, named after "organised by".
        ("A roundtable on migrant labour organised by the Volga Policy Forum heard that "
         "Ostrogor Builders LLC housed North Korean welders.", "Volga Policy Forum"),
        # Data compiled by a monitor.
        ("Shipping data compiled by the Northern Routes Observatory show that Ostrogor "
         "Builders LLC brought in North Korean crews.", "Northern Routes Observatory"),
    ],
)  # fmt: skip
def test_a_source_named_after_its_report_or_event_is_a_voice(text: str, voice: str) -> None:
    dropped = _voices(text, {"Ostrogor Builders LLC": "company", voice: "organization"})
    assert dropped == {voice}, dropped


@pytest.mark.parametrize(
    "text",
    [
        # "by" after a word of the scheme itself names an actor, not a source.
        "Their wages are collected by the Office for Export Oversight, a regulator said.",
        "The workers were organised by the Office for Export Oversight, a regulator said.",
        "At the border they were given invitation papers from the Office for Export Oversight.",
    ],
)
def test_an_actor_named_after_by_is_no_source(text: str) -> None:
    assert not _voices(text, {"Office for Export Oversight": "organization"})


# Version 21: the agent of a passive whose subject is a sanctioning act made the act, and
# the post that describes it ("the unit's director") is no part in the scheme.
def test_the_agent_of_passive_designations_is_a_voice() -> None:
    text = (
        "The Directorate of Trade Controls today designated Ostrogor Builders LLC, which "
        "hired 60 North Korean welders in Amur Oblast. The designations were drafted by the "
        "unit's director, Martin Ellery."
    )
    found = _names(text)
    assert "Ostrogor Builders LLC" in found, found
    assert not any("Martin Ellery" in c.names for c in found.values()), found


# Version 21: what a speaker reports of others after "that" is no part of its own; an
# order, or a statement about itself, still is.
def test_reported_speech_about_others_is_no_part_of_the_speaker() -> None:
    text = (
        "Ostrogor Builders LLC hired North Korean welders. The Harbour Workers Monitor noted "
        "that a shell company paid Ostrogor Builders LLC."
    )
    dropped = _voices(text, {"Ostrogor Builders LLC": "company",
                             "Harbour Workers Monitor": "organization"})  # fmt: skip
    assert dropped == {"Harbour Workers Monitor"}, dropped


@pytest.mark.parametrize(
    "text",
    [
        "The Office for Export Oversight told trading companies to prepare more workers.",
        "The Office for Export Oversight said that it would send more workers in May.",
        "The Office for Export Oversight estimated that Russia will need 5,000 more workers.",
    ],
)
def test_orders_and_statements_about_oneself_keep_a_part(text: str) -> None:
    assert not _voices(text, {"Office for Export Oversight": "organization"})


# Version 21: a North Korean name, set off by commas or with a Russian case ending, that
# its own clause gives a cadre's post or act; not a South Korean spelling or a source.
@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # A neutral surname with a Northern given name, set off by commas.
        ("North Korean welders built the dock. Their minder, Kang Tae-sop, answered to the "
         "bureau.", "Kang Tae-sop"),
        # An introduction reads on into the clause with the post.
        ("North Korean welders built the dock. The camp director, a North Korean named Kang "
         "Tae-sop, answered to the bureau.", "Kang Tae-sop"),
        # The act in a clause after the name.
        ("North Korean welders built the Amur shipyard. On site, Pak Chol-u, who represents "
         "a Pyongyang corporation, kept their passports.", "Pak Chol-u"),
        ("North Korean workers fell timber in the taiga. The bureau's man in the camp, Ri "
         "Chol Man, collects their wages.", "Ri Chol Man"),
        ("Рабочие из КНДР строят дома в Хабаровске. Контракты подписывает Ко Тэ Ман, "
         "представляющий корейскую торговую корпорацию.", "Ко Тэ Ман"),
        ("Рабочие из КНДР строят дома в Хабаровске. Бригаду курирует некий Ким Чхоль Уна, "
         "сотрудник министерства.", "Ким Чхоль Уна"),
    ],
)  # fmt: skip
def test_a_korean_name_with_a_cadres_part_is_proposed(text: str, wanted: str) -> None:
    found = _names(text)
    assert any(wanted in c.names for c in found.values()), found


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("North Korean welders built the dock. A reporter, Lee Min-ho, signed up as a cook "
         "beside their minders.", "Lee Min-ho"),
        ("North Korean welders built the dock. The translator, Kang Seo-yeon, met their "
         "manager.", "Kang Seo-yeon"),
        ("North Korean welders built the dock. A defector, Kim Chol-u, who fled the site, "
         "described the manager.", "Kim Chol-u"),
    ],
)  # fmt: skip
def test_a_korean_source_near_a_cadres_post_is_not_proposed(text: str, source: str) -> None:
    found = _names(text)
    assert not any(source in c.names for c in found.values()), found


# Version 22: a release's label may carry its date; the issuer's minister speaks for it, and
# a part of the issuer's name split off at "and" is the issuer.
def test_a_dated_release_label_makes_its_issuer_and_minister_voices() -> None:
    text = (
        "Office of Export Enforcement\nMinistry of Commerce and Maritime Affairs\n\n"
        "PRESS RELEASE | 12 March 2026\n\n"
        "Office designates Amur builder\n\n"
        "The Office of Export Enforcement today designated Zeya Montazh LLC, a builder in "
        "Blagoveshchensk that employs North Korean workers.\n\n"
        '"This money funds weapons," said the Minister for Commerce and Maritime Affairs, '
        "Harriet Quenby."
    )
    found = _names(text)
    assert any("Zeya Montazh LLC" in c.names for c in found.values()), found
    for voice in ("Harriet Quenby", "Ministry of Commerce", "Office of Export Enforcement"):
        assert not any(voice in c.names for c in found.values()), (voice, found)


# A commentator named between his role and "из" is from the body in guillemets after it.
@pytest.mark.parametrize(
    "text",
    [
        "Рабочие из КНДР строят дома в Хабаровске. Аналитик Олег Ветров из «Центра "
        "изучения Амура» считает, что их сотни.",
        "Рабочие из КНДР строят дома в Хабаровске. По словам эксперта Ирины Котовой из "
        "«Бюро миграционных оценок», их сотни.",
    ],
)
def test_a_commentators_body_after_his_name_is_a_source(text: str) -> None:
    found = _names(text)
    assert not any(n.startswith(("Центр", "Бюро")) for c in found.values() for n in c.names), found


# An alliance named by its goods or a coined firm's name is a group of firms; one named by
# a cause campaigns.
@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("North Korean loggers in Buryatia cut timber for Khamar Timber Alliance.",
         "Khamar Timber Alliance"),
        ("The sawmill subcontracted North Korean carpenters to Tunka Lesprom Alliance.",
         "Tunka Lesprom Alliance"),
        ("The developer hired North Korean welders through Vesta Stroy Alliance.",
         "Vesta Stroy Alliance"),
    ],
)  # fmt: skip
def test_a_trade_alliance_is_proposed(text: str, wanted: str) -> None:
    found = _names(text)
    assert any(wanted in c.names for c in found.values()), found


def test_a_campaigning_alliance_is_not_proposed_beside_a_trade_one() -> None:
    text = (
        "North Korean loggers in Buryatia cut timber for Khamar Timber Alliance, according "
        "to the Fair Wages Labour Alliance."
    )
    found = _names(text)
    assert any("Khamar Timber Alliance" in c.names for c in found.values()), found
    assert not any("Fair Wages Labour Alliance" in c.names for c in found.values()), found


# Russian schools: a centre whose tail says it teaches; study ("учёба") shows the cover.
@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("Корейцев оформили через «Уральский центр профессиональной подготовки», который "
         "выдавал им приглашения.", "Уральский центр профессиональной подготовки"),
        ("Рабочих из КНДР завезли по линии «Северного колледжа связи и транспорта» — якобы "
         "на учёбу.", "Северный колледж связи и транспорта"),
    ],
)  # fmt: skip
def test_russian_schools_by_their_tail_and_the_study_cover(text: str, wanted: str) -> None:
    found = _names(text)
    assert any(wanted in c.names for c in found.values()), found


# Owners and short deputies' titles, in English and in Russian.
@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("North Korean welders worked for Tomsk Kranservis, whose sole shareholder, Pavel "
         "Lunin, also owns a hostel.", "Pavel Lunin"),
        ("Рабочих из КНДР наняла «Омскстройсервис». Замдиректора «Омскстройсервиса» Глеб "
         "Рыжов подписал договор.", "Глеб Рыжов"),
        ("Рабочих из КНДР наняла «Омскстройсервис». Совладелец «Омскстройсервиса» Глеб Рыжов "
         "отказался от комментариев.", "Глеб Рыжов"),
    ],
)  # fmt: skip
def test_owners_and_short_titles_make_an_officer(text: str, wanted: str) -> None:
    found = _names(text)
    assert any(wanted in c.names for c in found.values()), found


def test_a_title_recorded_as_a_name_makes_an_officer() -> None:
    text = (
        "North Korean loggers work for Kama Les LLC, whose general director is listed in "
        "the tax register as Denis Ustyugov."
    )
    found = _names(text)
    assert any("Denis Ustyugov" in c.names for c in found.values()), found


# Kind nouns and heads: who orders the works, a restaurant, a farming firm's "Agro" tail,
# a yard in apposition.
@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("Корейцы из КНДР работают на стройке в Мариуполе. Заказчик - «Азовская заря».",
         "Азовская заря"),
        ("Северокорейских поваров нанимает ресторан «Белая цапля» в Томске.", "Белая цапля"),
        ("The greenhouses near Azov belong to Donskaya Niva Agro, which hires North Korean "
         "women.", "Donskaya Niva Agro"),
        ("Onega Hullforge, a repair yard in Kondopoga, took on 40 North Korean welders.",
         "Onega Hullforge"),
    ],
)  # fmt: skip
def test_kind_nouns_and_trade_heads_of_version_22(text: str, wanted: str) -> None:
    found = _names(text)
    assert any(wanted in c.names for c in found.values()), found


def test_in_the_centre_of_a_town_is_no_centres_name() -> None:
    found = _names("Северокорейских поваров нанимает кафе у вокзала в центре Белгорода.")
    assert not any(
        c.category == "student_visa_intermediary" and "Белгорода" in c.names for c in found.values()
    ), found


# ------------------------------------------- extractor version 23: numbered bodies, voices


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("The crews are hired through Korea Chilbo Trading, which answers to Bureau 44, and "
         "are paid in cash.", "Bureau 44"),
        ("Its parent is Fisheries Bureau No. 9 in Pyongyang, which takes most of the wages.",
         "Fisheries Bureau No. 9"),
        ("Pak said the money went to Light Industry Bureau 33 in Pyongyang.",
         "Light Industry Bureau 33"),
        ("Компания «Сондо» подчиняется Бюро № 19 в Пхеньяне.", "Бюро № 19"),
        ("Зарплата рабочих уходит напрямую в Бюро № 8.", "Бюро № 8"),
    ],
)  # fmt: skip
def test_a_bureau_named_by_its_number_is_proposed(text: str, wanted: str) -> None:
    found = _names(text)
    assert wanted in found, found


def test_a_numbered_office_is_an_address_not_a_body() -> None:
    found = _names("The recruiter Amurtrud LLC rents Office 12 in a business centre in Tynda.")
    assert "Office 12" not in found, found


def test_the_body_a_front_serves_is_no_affiliation() -> None:
    text = (
        "The workers were recruited by Korea Taeryong Exchange Company, which three former "
        "staff described as a front for Bureau 71 of the Ministry of Fisheries Export."
    )
    found = _names(text)
    assert "Bureau 71" in found, found


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("Designated persons:\n\n1. Arkady VELICHKO, general director of Taigales LLC.",
         "Arkady VELICHKO"),
        ("2. Olesya MARTYNYUK, director of Okhotsk Nerpa OOO, hired the crews.",
         "Olesya MARTYNYUK"),
    ],
)  # fmt: skip
def test_a_surname_in_capitals_after_a_given_name_is_a_person(text: str, wanted: str) -> None:
    found = _names(text)
    assert wanted in found, found


def test_an_acronym_after_a_name_is_no_surname() -> None:
    found = _names("Kim Chol said the OFAC list grew. Rodion Zubkov OFAC liaison, said it.")
    assert "Rodion Zubkov OFAC" not in found, found


@pytest.mark.parametrize(
    "text",
    [
        # A designating authority whose name heads the notice and that adds names to a list.
        "Bureau for Export Restrictions\n\nThe Bureau for Export Restrictions today added "
        "four firms and two people to its consolidated list for employing North Korean workers "
        "in Primorsky Krai. The firms include Tumannaya Gavan LLC.",
        # One that speaks only through its spokesperson.
        "Bureau for Export Restrictions\n\nTumannaya Gavan LLC employed 40 North Korean "
        'welders. "They profited from forced labour," said Ines Vauclair, spokesperson for '
        "the Bureau for Export Restrictions.",
        "Bureau for Export Restrictions\n\nTumannaya Gavan LLC housed North Korean crews, "
        "Ines Vauclair, a press secretary of the Bureau for Export Restrictions, told us.",
    ],
)
def test_a_body_that_designates_or_speaks_through_a_spokesperson_is_a_voice(text: str) -> None:
    found = _names(text)
    assert "Bureau for Export Restrictions" not in found, found
    assert "Tumannaya Gavan LLC" in found, found


def test_a_unit_of_the_authors_university_is_their_employer() -> None:
    text = (
        "The paper, by Dr. Hanne Vik and Dr. Omar Sleiman of the college's Centre for Work "
        "and Mobility, found that North Korean crews work for Irtysh Agro LLC."
    )
    found = _names(text)
    assert not any("Centre for Work" in n for n in found), found
    assert "Irtysh Agro LLC" in found, found


def test_an_author_note_opening_with_an_honorific_names_the_authors_employers() -> None:
    text = (
        "POLICY PAPER | Halcyon Institute for Arctic Affairs\n\n"
        "North Korean welders work for Pechora Montazh LLC in Komi.\n\n"
        "About the author\n\nDr. Ruth Abernathy is a senior fellow at the Halcyon Institute "
        "for Arctic Affairs. She was formerly an analyst at Greyfield Capital Group."
    )
    found = _names(text)
    assert not any("Halcyon" in n for n in found), found
    assert not any("Greyfield" in n for n in found), found
    assert "Pechora Montazh LLC" in found, found


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("North Korean seamstresses also sew at a second workshop known simply as Ivtekstil.",
         "Ivtekstil"),
        ("The men gut fish at a cannery named simply Belaya Chaika in Ayan.", "Belaya Chaika"),
    ],
)  # fmt: skip
def test_a_workplace_known_simply_by_a_name_is_proposed(text: str, wanted: str) -> None:
    found = _names(text)
    assert wanted in found, found


def test_a_monitor_known_simply_by_a_name_is_not_proposed() -> None:
    found = _names("The footage was shared by a monitoring group known simply as Lantern.")
    assert "Lantern" not in found, found


# ------------------------------- extractor version 24: raters, auditors, former employers


@pytest.mark.parametrize(
    "text",
    [
        "Senior reviewer: Maren Holt, formerly of Quillfield Assurance, now Head, Sector "
        "Research\n\nNorth Korean welders work for Pechora Montazh LLC in Komi.",
        "Translator: Ilse Varga (Brightmoor Language Services)\n\nNorth Korean welders work "
        "for Pechora Montazh LLC in Komi.",
    ],
)
def test_a_line_crediting_a_source_role_names_no_entry(text: str) -> None:
    found = _names(text)
    assert not any(n.startswith(("Maren", "Quillfield", "Ilse", "Brightmoor")) for n in found), (
        found
    )
    assert not any("Sector Research" in n for n in found), found
    assert "Pechora Montazh LLC" in found, found


def test_a_body_someone_was_formerly_of_is_no_person() -> None:
    text = (
        "Pechora Montazh LLC hired 60 North Korean welders in Komi, said Oskar Lind, an "
        "adviser on the deal, formerly of Tallow Reinsurance, now Managing Director, "
        "Credit Research."
    )
    found = _names(text)
    assert "Tallow Reinsurance" not in found, found
    assert "Pechora Montazh LLC" in found, found


@pytest.mark.parametrize(
    "text",
    [
        # The head of a review by an outside firm leads the review, not the scheme.
        "The board ordered an audit by Fenwick Lowe Advisory, led by partner Clara Munt, "
        "which found that Pechora Montazh LLC paid North Korean welders in cash.",
        # Placed at the firm's auditor in apposition, whatever she leads.
        "A working group led by Clara Munt, previously with the company's external auditor, "
        "found that Pechora Montazh LLC paid North Korean welders in cash.",
    ],
)
def test_who_leads_an_outside_review_is_a_source(text: str) -> None:
    found = _names(text)
    assert "Clara Munt" not in found, found
    assert "Pechora Montazh LLC" in found, found


@pytest.mark.parametrize(
    "text",
    [
        "An open letter signed by Kestrel Labour Centre says Pechora Montazh LLC employs "
        "North Korean welders. Kestrel Labour Centre urged buyers to stop.",
        "An audit by Kestrel Labour Centre says Pechora Montazh LLC employs North Korean "
        "welders. Kestrel Labour Centre rated the risk as high.",
    ],
)
def test_who_signs_a_letter_or_makes_a_review_is_a_voice(text: str) -> None:
    found = _names(text)
    assert "Kestrel Labour Centre" not in found, found
    assert "Pechora Montazh LLC" in found, found


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # A firm's former officer answers for the firm.
        ("Pechora Montazh LLC said the welders' contracts were signed by its former director, "
         "Gleb Ostrikov, without approval.", "Gleb Ostrikov"),
        # A minder who takes the crews about.
        ("Each North Korean crew was escorted by Pavel Guryev to the site.", "Pavel Guryev"),
        # A Russian official whose post names no source, after a school the workers live in.
        ("Размещение рабочих в бывшем здании школы согласовала заместитель главы района "
         "Алла Вершинина.", "Алла Вершинина"),
        # The dative of a region's head, and a site's foreman.
        ("Вопрос к вице-губернатору Олегу Тарасову: кто подписал квоты на рабочих из КНДР?",
         "Олегу Тарасову"),
        ("Требуются сварщики. Контакт: Пётр Шилов, прораб.", "Пётр Шилов"),
    ],
)  # fmt: skip
def test_officers_version_23_missed(text: str, wanted: str) -> None:
    found = _names(text)
    assert wanted in found, found


def test_a_bare_post_of_one_who_tells_a_reporter_is_an_interviewee() -> None:
    text = (
        "Бывший бригадир Семён Лаптев рассказал корреспонденту «Северной газеты», что "
        "рабочие из КНДР живут в вагончиках ООО «Печорамонтаж»."
    )
    found = _names(text)
    assert "Семён Лаптев" not in found, found


# ------------------------------------------- extractor version 25: roles in a genre's frame


def test_the_chair_of_a_sitting_is_a_voice_not_a_committees_officer() -> None:
    text = (
        "Opening the sitting, the chair, Deputy Ingrid Valstad, quoted numbers from the "
        "Tarnow Migration Observatory, which counts 900 workers on building sites. "
        "The workers were hired by Dvinastroi LLC."
    )
    found = _names(text)
    assert "Ingrid Valstad" not in found, found
    assert "Dvinastroi LLC" in found, found
    # A body's standing chair, described by "its", still answers for the body.
    other = _names(
        "Visas were approved by the regional labour committee under its chair, Oleg "
        "Rudenko, at a hearing in May."
    )
    assert "Oleg Rudenko" in other, other


def test_one_who_tells_about_the_workers_is_a_voice() -> None:
    found = _names("Марина Белых рассказала о бараке, где живут рабочие из КНДР.")
    assert "Марина Белых" not in found, found


def test_the_issuer_beside_a_bulletins_label_is_its_author() -> None:
    text = (
        "Quarterly Risk Bulletin 3/2027, Ostervik Savings Bank, Compliance Office\n\n"
        "Clients should note that Dvinales Holding employs North Korean loggers in Komi. "
        "The bank's Head of Sanctions, Lars Ekdahl, advises clients to audit such suppliers."
    )
    found = _names(text)
    assert "Ostervik Savings Bank" not in found, found
    assert "Lars Ekdahl" not in found, found
    assert "Dvinales Holding" in found, found


def test_the_committee_on_the_minutes_heading_is_a_source() -> None:
    text = (
        "Minutes of proceedings: Permanent Committee on Overseas Labour Standards, fourth "
        "sitting\n\nMembers heard that Pechora Forest Company employs North Korean loggers "
        "on study visas."
    )
    found = _names(text)
    assert not any("Permanent Committee" in name for name in found), found
    assert "Pechora Forest Company" in found, found


def test_an_author_line_under_a_long_title_is_read_as_a_line() -> None:
    text = (
        "Ice, Fish and Wages: Korean Crews on the Trawlers of the Okhotsk Sea Coast\n"
        "Anna Berglund (School of Economics, Harwick University) and Park Min-jae "
        "(Institute of Asian Studies, Lowdon University)\n\n"
        "We show that Okhotsk Trawl Holding employs North Korean sailors."
    )
    found = _names(text)
    assert not any("University" in name for name in found), found
    assert "Okhotsk Trawl Holding" in found, found


def test_the_leader_of_a_newsrooms_reporters_is_a_source() -> None:
    found = _names(
        "Journalists for the Tayga Herald, led by Oksana Pereverzeva, compared the payslips "
        "with invoices of Sibles Montazh LLC, which employs the workers."
    )
    assert "Oksana Pereverzeva" not in found, found
    assert "Sibles Montazh LLC" in found, found


def test_a_lawyers_bureau_is_where_a_source_works() -> None:
    found = _names(
        "Адвокат бюро «Лисицын и коллеги» Павел Лисицын, представлявший ответчика, "
        "сообщил, что ООО «Тайгастрой» наняло рабочих из КНДР."
    )
    assert not any("Лисицын и" in name for name in found), found
    assert any("Тайгастрой" in name for name in found), found


# ------------------------------ extractor version 26: no part in the scheme, an observer's place


@pytest.mark.parametrize(
    ("text", "observer"),
    [
        # A guest's place of work in a broadcast, never acting in the scheme.
        ("Host: Welders from North Korea work at the Ostrogor shipyard, which belongs to "
         "Ostrogor Builders LLC. Host: Anna Keller of the Verdant Maritime Institute is "
         "with us. Is any of this legal?", "Verdant Maritime Institute"),
        # A letterhead on a heading line of the document's head.
        ("PRESS STATEMENT\nCultural and Public Affairs Section, Consulate in Kazan\n\n"
         "We are concerned that Ostrogor Builders LLC hired North Korean welders in "
         "Tatarstan.", "Cultural and Public Affairs Section"),
    ],
)  # fmt: skip
def test_an_observer_with_no_part_in_the_scheme_is_not_proposed(text: str, observer: str) -> None:
    found = _names(text)
    assert "Ostrogor Builders LLC" in found, found
    assert not any(observer in name or name in observer for name in found), found


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        # The body's name says it is a kind that acts: a firm is kept wherever it stands.
        ("Host: Pak Chol of the Korea Sonbong Trading Company is with us. Is any of this "
         "legal?", "Korea Sonbong Trading Company"),
        # On a heading line, but with a part in the body.
        ("Verdant Timberline and its welders\n\nThe contractor Verdant Timberline hired "
         "forty North Korean welders last spring.", "Verdant Timberline"),
    ],
)  # fmt: skip
def test_an_actor_on_a_heading_or_beside_a_person_is_kept(text: str, actor: str) -> None:
    found = _names(text)
    assert actor in found, found


# ------------------------------------ extractor version 27: report apparatus, numbered bureaus


def _all_names(text: str) -> set[str]:
    """Every name and alias the extractor proposes for ``text``."""
    return {n for c in extract_candidates(text, "made-up.txt") for n in c.names}


def test_a_papers_correspondence_line_names_its_authors_employer() -> None:
    text = (
        "Pechora Timber Holding hired North Korean loggers through the Usinsk Trades "
        "Institute.\n\nCorrespondence: Maren Solvik, School of Area Studies, University of "
        "Tarnholm."
    )
    found = _names(text)
    assert "Pechora Timber Holding" in found, found
    assert not any("Tarnholm" in name or "Solvik" in name for name in found), found


def test_the_firm_whose_periodic_report_it_is_is_its_author() -> None:
    text = (
        "Supplier Review - Orlen Knitwear Group, Annual Sustainability Report 2027, p. 12\n\n"
        "Our auditor found North Korean machinists at Vologda Sewing Works LLC. "
        "Orlen Knitwear Group suspended its orders."
    )
    found = _names(text)
    assert "Vologda Sewing Works LLC" in found, found
    assert "Orlen Knitwear Group" not in found, found


@pytest.mark.parametrize(
    "signoff",
    [
        "Report section prepared by Ilse Varga, Head of Ethical Trade.",
        "Prepared by: Ilse Varga, Partner; reviewed by Tomas Brandl.",
    ],
)
def test_who_prepared_a_report_is_its_author(signoff: str) -> None:
    text = f"Kama Welding LLC employs North Korean welders on study visas.\n\n{signoff}"
    found = _names(text)
    assert "Kama Welding LLC" in found, found
    assert not any(
        part in name for name in found for part in ("Varga", "Brandl", "Ethical Trade")
    ), found


def test_the_man_an_interview_is_with_is_a_witness() -> None:
    text = (
        "Интервью бывшего прораба Степана Губина о бригадах из КНДР. Беседовала Вера Лось.\n\n"
        "— Где вы работали?\n— Прорабом в ООО «Ингодастрой», директор — Олег Мишин."
    )
    found = _names(text)
    assert "Ингодастрой" in found, found
    assert not any("Губин" in name for name in found), found


def test_an_experts_employer_in_a_hearing_speaker_label_is_a_source() -> None:
    text = (
        "DR LENA HOLT (Director, Marwick Centre for Labour Economies): Our team found that "
        "Donstroi Alliance LLC uses North Korean crews in Luhansk."
    )
    found = _names(text)
    assert "Donstroi Alliance LLC" in found, found
    assert not any("Marwick" in name for name in found), found


def test_a_releases_issuer_named_with_its_remit_is_no_entry() -> None:
    text = (
        "PRESS RELEASE\nSupervisory Office for Trade Restrictions\nFor immediate release\n\n"
        "Today the Supervisory Office for Trade Restrictions designated Azov Montazh LLC, "
        "which hired North Korean builders."
    )
    found = _names(text)
    assert "Azov Montazh LLC" in found, found
    assert not any("Supervisory" in name for name in found), found


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("Деньги уходили фирме «Сохан Трейдинг», подконтрольной 17-му строительному бюро "
         "КНДР.", "17-му строительному бюро КНДР"),
        ("Фирма «Сохан» подчиняется 5-му управлению лесного экспорта КНДР.",
         "5-му управлению лесного экспорта КНДР"),
        ("Это контора из Пхеньяна при 23-м управлении внешних работ КНДР.",
         "23-м управлении внешних работ КНДР"),
        ("С корейской стороны работы курирует 9-е управление морских перевозок, а бригадой "
         "руководит Ким Ён Чхоль.", "9-е управление морских перевозок"),
        ("Рабочих даёт корейская компания «Мёнхва», подчинённая Лесному бюро № 419.",
         "Лесному бюро № 419"),
        ("С корейской стороны всё идёт через «Бюро 207» и его людей.", "Бюро 207"),
    ],
)  # fmt: skip
def test_a_numbered_bureau_in_russian_case_forms_is_a_state_bureau(text: str, wanted: str) -> None:
    found = _all_names(text)
    assert wanted in found, found


def test_a_numbered_department_with_no_north_korean_cue_is_not_a_bureau() -> None:
    found = _all_names("Проверку провело 2-е управление полиции по Тверской области.")
    assert not any("управлени" in name for name in found), found


@pytest.mark.parametrize(
    "text",
    [
        "The firm is a front for the DPRK's General Bureau No. 318.",
        "Wages go to the General Bureau No. 903 for Overseas Labour in Pyongyang.",
    ],
)
def test_a_general_bureau_with_a_number_is_no_generals_name(text: str) -> None:
    found = _names(text)
    assert any(name.startswith("General Bureau No.") for name in found), found


def test_a_source_who_tells_what_a_firm_does_is_no_credit_line() -> None:
    text = (
        "Источник «Северной газеты» рассказал, что рабочих поставляет корейская компания "
        "«Ранхва», подчинённая Горному бюро № 71."
    )
    found = _all_names(text)
    assert "Ранхва" in found, found


def test_a_farm_group_named_in_guillemets_is_an_employer() -> None:
    found = _names("Среди клиентов агентства — агрохолдинг «Ишимские поля» и другие фермы.")
    assert "Ишимские поля" in found, found


def test_a_given_name_that_is_also_a_town_opens_a_persons_name() -> None:
    text = "Visas came from a college run by the sister of Kedrovy Bereg's CEO, Artyom Lapin."
    found = _names(text)
    assert "Artyom Lapin" in found, found


def test_a_key_person_listed_with_a_dash_and_a_post_is_an_officer() -> None:
    text = (
        "Subject: Solnechny Dock LLC\n\nKey persons:\n- Roman Fedin - General Director "
        "(since 2025)\n- Alla Fedina - beneficial owner, 60%"
    )
    found = _names(text)
    assert "Roman Fedin" in found, found
    assert "Alla Fedina" in found, found


# ---------------------------------------------------------------- extractor version 28


def test_a_quoted_advisers_partnership_is_never_proposed() -> None:
    text = (
        "North Korean finishers work on the site. Our legal adviser, Pavel Sorokin of the "
        "firm Sorokin & Partners, says employing crews without permits drags down rates."
    )
    found = _all_names(text)
    assert not any("Partners" in name for name in found), found


def test_the_firm_of_a_quoted_auditor_is_never_proposed() -> None:
    text = (
        "The builder hired ninety North Korean workers. Our auditor, Nina Belova of the firm "
        "Severaudit Group, says the payroll does not add up."
    )
    found = _all_names(text)
    assert not any("Severaudit" in name for name in found), found


def test_a_data_vendor_named_after_its_kind_is_a_source() -> None:
    text = (
        "The contractor hires North Korean workers. Screening by the data vendor Pellworth "
        "Services returned a partial match."
    )
    found = _all_names(text)
    assert not any("Pellworth" in name for name in found), found


def test_the_body_that_keeps_a_list_is_an_authority() -> None:
    text = (
        "The contractor hires North Korean workers. Screening returned a partial match "
        "against a list kept by the Office of Export Oversight."
    )
    found = _all_names(text)
    assert not any("Export Oversight" in name for name in found), found


def test_a_border_service_is_an_authority() -> None:
    text = (
        "Border Service Directorate for the Amur Region\n\nOfficers registered 300 entries "
        "of North Korean workers at the checkpoint."
    )
    found = _all_names(text)
    assert not any("Border Service" in name for name in found), found


def test_formerly_an_analyst_in_brackets_is_a_career_not_a_former_name() -> None:
    text = (
        "Three contractors in Tomsk Oblast rely on North Korean crews, says Tae-min Kwak "
        "(formerly an analyst at Crestline Capital)."
    )
    found = _all_names(text)
    assert "Tae-min Kwak" not in found, found


def test_a_body_renamed_in_brackets_is_still_a_company() -> None:
    text = "North Korean workers were hired by Amurlesprom (formerly Zeya Timber) last year."
    found = _all_names(text)
    assert "Amurlesprom" in found, found


def test_a_prosecutor_representing_the_state_is_never_proposed() -> None:
    text = (
        "Ivan Petrov was sentenced for hiring North Korean workers. The prosecution was "
        "represented by prosecutor Olena Marchuk-Bilyk."
    )
    found = _all_names(text)
    assert "Olena Marchuk-Bilyk" not in found, found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "A guard told us the workers work for Korea Ryonhwa General Trading, a firm said "
            "to answer to Bureau No. 12.",
            "Korea Ryonhwa General Trading",
        ),
        (
            "The coordinator said the workers are employed by Korea Tonghae Trading Co.; "
            "sources link it to Bureau 9.",
            "Korea Tonghae Trading Co",
        ),
        (
            "Pak, a welder among the North Korean workers, told us that he worked for Korea "
            "Chonma Trading Company.",
            "Korea Chonma Trading Company",
        ),
    ],
)
def test_a_korean_trading_firm_is_found_whatever_ends_its_name(text: str, name: str) -> None:
    found = _all_names(text)
    assert name in found, found


def test_a_korean_surname_that_is_also_a_preposition_opens_a_name() -> None:
    text = (
        "Бригадами рабочих руководит гражданин КНДР Со Мён Чхоль, представитель компании "
        "«Корея Тэсон Трейдинг»."
    )
    found = _all_names(text)
    assert "Со Мён Чхоль" in found, found


def test_a_man_introduced_by_name_is_a_person() -> None:
    text = (
        "The North Korean workers hand their pay envelopes to a man introduced as "
        "Ri Song-ho, who is said to answer to Bureau No. 5."
    )
    found = _all_names(text)
    assert "Ri Song-ho" in found, found


def test_an_escort_named_in_a_list_is_a_cadre() -> None:
    text = (
        "The North Korean workers were accompanied by escorts, among them Pak Myong-chol, "
        "travelling on a service passport."
    )
    found = _all_names(text)
    assert "Pak Myong-chol" in found, found


def test_a_contractor_makes_a_note_about_labour() -> None:
    text = (
        "Entries of DPRK citizens rose this year. Most listed a mining contractor as the "
        "receiving party. Jong Chol-ho identified himself as a representative of Bureau 9."
    )
    found = _all_names(text)
    assert "Jong Chol-ho" in found, found


def test_a_head_word_before_a_coined_name_makes_an_organisation() -> None:
    text = (
        "The funds were moved to ANO Language Centre Amur-Slovo, which enrols North Korean "
        "workers as students."
    )
    found = _names(text)
    centre = found.get("ANO Language Centre Amur-Slovo")
    assert centre is not None, found
    assert centre.category == "student_visa_intermediary"


def test_a_name_in_low_quotes_is_a_name_in_quotes() -> None:
    text = "Деньги рабочих передавались представителю Корейской генеральной компании „Тэсон“."
    found = _all_names(text)
    assert "Тэсон" in found, found


def test_a_numbered_bureau_in_lower_case_is_a_north_korean_bureau() -> None:
    text = "Корейцы на стройке живут в вагончиках. Говорят, это ихнее бюро № 55 посылает."
    found = _all_names(text)
    assert "Бюро № 55" in found, found


def test_an_owner_named_in_plain_speech_is_an_executive() -> None:
    text = "Подрядчик у рабочих - ООО «Вологдастройресурс», хозяин - Игорь Павлович Сомов."
    found = _names(text)
    assert "Игорь Павлович Сомов" in found, found
    assert found["Игорь Павлович Сомов"].category == "executive"


def test_a_given_name_after_administration_is_no_city() -> None:
    text = (
        "Рабочих из КНДР курирует заместитель главы городской администрации Сергей Петрович Лукин."
    )
    found = _all_names(text)
    assert not any(name.startswith("Администрация") for name in found), found
    assert "Сергей Петрович Лукин" in found, found


def test_the_ukrainian_spelling_of_a_gazetteer_city_is_a_place() -> None:
    found = _all_names("North Korean workers are repairing the port in occupied Berdiansk.")
    assert "Berdiansk" in found, found


def test_a_title_over_a_body_in_doubting_quotes_still_names_its_holder() -> None:
    text = (
        'The so-called head of the Melitopol "administration", Pavel Ivanovich Sokolov, '
        "signed the passes for the North Korean workers."
    )
    found = _all_names(text)
    assert "Pavel Ivanovich Sokolov" in found, found


def test_the_defendant_of_a_verdict_is_a_person() -> None:
    text = "The court found Petro Ivanovych Sydorenko guilty of hiring the North Korean workers."
    found = _all_names(text)
    assert "Petro Ivanovych Sydorenko" in found, found


def test_a_russian_city_in_an_oblique_case_is_a_place() -> None:
    found = _names("С весны в Макеевке дома восстанавливают граждане КНДР.")
    assert "Макеевка" in found, found
    assert "Макеевке" in found["Макеевка"].names


def test_a_firms_russian_address_is_no_place() -> None:
    found = _all_names("Рабочих КНДР нанимает фирма в Уссурийске.")
    assert "Уссурийск" not in found, found


def test_a_post_given_after_is_in_a_correction_names_an_officer() -> None:
    text = (
        "Неверно указана должность Фёдора Лаптева: он является заместителем директора "
        "«Саха Стройсервиса», где работают корейцы."
    )
    found = _all_names(text)
    assert "Фёдора Лаптева" in found, found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "Так называемому вице-премьеру ЛНР Борису Ткаченко подчинялись рабочие.",
            "Борису Ткаченко",
        ),
        (
            "Управляющий «Зейской нивы» Степан Гурьев на собрании рабочих сказал, что всё законно.",
            "Степан Гурьев",
        ),
    ],
)
def test_a_deputy_premier_and_a_manager_in_any_case_are_titles(text: str, name: str) -> None:
    found = _all_names(text)
    assert name in found, found


def test_a_forwarder_or_a_money_changer_named_in_apposition_is_a_firm() -> None:
    found = _all_names(
        "Wages of the North Korean workers were cleared by a freight forwarder, Amur-Cargo "
        "Line, and passed to a Kerch money changer, Obmen-Krym."
    )
    assert {"Amur-Cargo Line", "Obmen-Krym"} <= found, found


def test_a_money_changer_named_like_a_person_is_no_firm() -> None:
    found = _names(
        "Wages of the North Korean workers went to a money changer, Ivan Sedov, in Kerch."
    )
    assert all(c.schema != "company" for name, c in found.items() if "Sedov" in name), found


# Extractor version 29: sources known by their role in the text, people not turned into
# firms, and posts given around a name.


@pytest.mark.parametrize(
    "text",
    [
        "North Korean builders were hired through a broker, Ilya Marchenkov, in Tomsk.",
        "The subcontractor, Ilya Marchenkov, paid the North Korean crew in cash.",
    ],
)
def test_a_person_named_after_a_trade_is_no_firm(text: str) -> None:
    found = _names(text)
    assert all(c.schema != "company" for name, c in found.items() if "Marchenkov" in name), found


def test_a_commentators_former_bank_is_no_firm() -> None:
    found = _all_names(
        "Expert view (Dana Kolesova, formerly of Ladoga Harbour Bank): North Korean "
        "students now build houses for the Zelenstroy firm."
    )
    assert not {"Dana Kolesova", "Ladoga Harbour Bank"} & found, found


def test_a_speakers_former_employer_is_a_source() -> None:
    found = _all_names(
        "CALLER: I used to work at Tverskaya Kreditnaya Bank, in payroll compliance. "
        "The North Korean men on the site are paid by Ugrastroy."
    )
    assert "Tverskaya Kreditnaya Bank" not in found, found
    assert "Ugrastroy" in found, found


@pytest.mark.parametrize(
    ("text", "source"),
    [
        (
            "Рабочих из КНДР привозил Пак Сон Иль, по словам бывшего бригадира Олега "
            "Хромова. Их нанимало ООО «Вяткастрой».",
            "Олега Хромова",
        ),
        (
            "«Работодатели должны проверять стажёров», — отметил министр Глеб Ясенев. "
            "Рабочих из КНДР нанимало ООО «Вяткастрой».",
            "Глеб Ясенев",
        ),
    ],
)
def test_a_russian_post_before_a_quoted_name_is_a_source(text: str, source: str) -> None:
    found = _all_names(text)
    assert source not in found, found
    assert "Вяткастрой" in found, found


def test_a_city_councils_chair_is_no_actor() -> None:
    found = _all_names(
        "Председательствующий: председатель Городской думы Сыромятников Павел Андреевич. "
        "Депутаты обсудили рабочих из КНДР в ООО «Вяткастрой»."
    )
    assert "Сыромятников Павел Андреевич" not in found, found


@pytest.mark.parametrize(
    "text",
    [
        "The Directorate of Strategic Cargo Oversight reached a settlement of EUR 2 million "
        "with Norrvik Cranes AB. The cranes were run by North Korean crews of Volgastroy.",
        "The Directorate of Strategic Cargo Oversight issued a warning letter to Norrvik "
        "Cranes AB over cranes run by North Korean crews of Volgastroy.",
    ],
)
def test_a_regulator_that_settles_with_or_warns_an_exporter_is_no_actor(text: str) -> None:
    found = _all_names(text)
    assert "Directorate of Strategic Cargo Oversight" not in found, found
    assert "Volgastroy" in found, found


def test_a_nationality_before_a_kind_noun_is_no_name() -> None:
    found = _all_names("A warning letter went to a Latvian broker that hired North Koreans.")
    assert "Latvian" not in found, found


@pytest.mark.parametrize(
    "text",
    [
        "North Korean workers build flats here. The Korean in charge is a Mr Pak Song-hun.",
        "North Korean workers build flats here. Their foreman, a Mr Pak Song-hun, keeps "
        "their passports.",
    ],
)
def test_a_courtesy_title_is_no_part_of_a_name(text: str) -> None:
    assert "Pak Song-hun" in _all_names(text)


def test_a_power_of_attorney_makes_nobody_a_lawyer() -> None:
    found = _all_names(
        "North Korean workers arrived by ship. The group leader, Pak Song-hun, presented a "
        "power of attorney from Korea Rimsan Trading Company."
    )
    assert "Pak Song-hun" in found, found


def test_a_russian_post_in_apposition_in_any_case_is_a_title() -> None:
    found = _all_names(
        "Рабочие из КНДР строили цеха. В Кирове похоронили Виталия Кравцова, основателя "
        "ООО «Вяткастрой»."
    )
    assert "Виталия Кравцова" in found, found


# ------------------------------------------- extractor version 30
# Bodies that serve a fair, a catalogue or a firm's books from outside; issuers on an
# "Issued by" line; long sentences that open with a credit's words; legal forms and
# carriers' trades after a name; services the scheme buys; the outlet's own reporter;
# more towns and republics; more described bodies.


def _unnamed_labels(text: str) -> list[str]:
    return [c.label or "" for c in extract_candidates(text, "made-up.txt") if c.unnamed]


@pytest.mark.parametrize(
    ("text", "never"),
    [
        ("Бригады из КНДР предоставляет ООО «Камышинстрой». Организатор форума - ООО "
         "«Сурский Конгресс».", "Сурский Конгресс"),
        ("Бригады из КНДР предоставляет ООО «Камышинстрой». Отчётность компании ежегодно "
         "проверяет ООО «Стрелецкий Баланс».", "Стрелецкий Баланс"),
        ("Бригады из КНДР предоставляет ООО «Камышинстрой». Разработка сайта - ООО "
         "«Окская Линия».", "Окская Линия"),
        ("Бригады из КНДР предоставляет ООО «Камышинстрой». Генеральный информационный "
         "партнёр - ООО «Окская Линия».", "Окская Линия"),
        ("Brigades from North Korea are supplied by Kamyshin Stroy LLC. Auditor: Pendle "
         "Vance Ltd.", "Pendle Vance Ltd"),
        ("Brigades from North Korea are supplied by Kamyshin Stroy LLC. Its accounts are "
         "audited by Pendle Vance Ltd.", "Pendle Vance Ltd"),
    ],
)  # fmt: skip
def test_who_organises_the_fair_or_audits_the_books_is_never_proposed(
    text: str, never: str
) -> None:
    found = _all_names(text)
    assert never not in found, found
    assert found & {"Камышинстрой", "Kamyshin Stroy LLC"}, found


def test_a_prosecutor_checking_a_firms_books_leaves_the_firm_a_candidate() -> None:
    found = _all_names(
        "Бригады из КНДР работали на стройке. Прокуратура проверила отчётность ООО "
        "«Камышинстрой», нанявшего рабочих."
    )
    assert "Камышинстрой" in found, found


def test_an_issued_by_line_names_the_documents_issuer() -> None:
    found = _all_names(
        "Supplier risk note\n"
        "Issued by: Harwell Outdoor Ltd, Ethical Sourcing Desk\n\n"
        "North Korean seamstresses sewed jackets at a factory in Ivanovo that supplies "
        "Harwell Outdoor Ltd and Tesma Garments Ltd, which hired the workers."
    )
    assert "Harwell Outdoor Ltd" not in found, found
    assert "Tesma Garments Ltd" in found, found


def test_a_long_sentence_opening_with_reporting_by_is_no_credit() -> None:
    found = _all_names(
        "Reporting by the weekly Venn Ledger and the NGO Open Shore indicates that the "
        "workers' wages were paid to Korea Ponsan Trading Corporation, which answers to "
        "Bureau No. 52."
    )
    assert {"Korea Ponsan Trading Corporation", "Bureau No. 52"} <= found, found
    assert "Venn Ledger" not in found, found


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("North Korean welders were hired by Tavolga Metall PJSC last spring.",
         "Tavolga Metall PJSC"),
        ("North Korean welders were hired by Tavolga Metall OAO last spring.",
         "Tavolga Metall OAO"),
        ("North Korean workers ride to the site every morning with Kamenka Bus Lines.",
         "Kamenka Bus Lines"),
        ("The North Korean workers were housed at Sosnovka Hostels near the site.",
         "Sosnovka Hostels"),
        ("The North Korean workers were flown in on charters arranged by Baikal Wing "
         "Charter.", "Baikal Wing Charter"),
        ('The North Korean workers arrived on two buses marked "Zarechye Transport".',
         "Zarechye Transport"),
    ],
)  # fmt: skip
def test_legal_forms_and_carriers_trades_after_a_name_make_it_a_company(
    text: str, name: str
) -> None:
    assert name in _all_names(text)


def test_a_carrier_is_named_by_its_trade_as_transport() -> None:
    found = _names("North Korean workers ride to the site every morning with Kamenka Bus Lines.")
    assert found["Kamenka Bus Lines"].category == "transport"


def test_transport_provided_by_a_firm_is_no_data_source() -> None:
    found = _all_names(
        "The North Korean workers were placed on the site, and transport from the station "
        "was provided by Oskol Transit LLC."
    )
    assert "Oskol Transit LLC" in found, found


def test_data_provided_by_a_firm_is_still_a_source() -> None:
    found = _all_names(
        "North Korean workers were placed on the site, according to figures on the "
        "workers provided by Granary Trade Data LLC."
    )
    assert "Granary Trade Data LLC" not in found, found


def test_the_outlets_own_reporter_makes_nobody_a_source() -> None:
    found = _all_names(
        "North Korean workers build the block for the developer Verkhovye Kvartaly LLC. "
        "Its director, Pavel Gromov, arrived and told our reporter the men were trainees."
    )
    assert "Pavel Gromov" in found, found


def test_our_correspondent_in_apposition_is_still_a_source() -> None:
    found = _all_names(
        "North Korean workers build the block for the developer Verkhovye Kvartaly LLC, "
        "Pavel Gromov, our correspondent in Kursk, reports."
    )
    assert "Pavel Gromov" not in found, found


def test_an_adverb_of_frequency_before_by_is_no_newspaper() -> None:
    found = _all_names(
        "The North Korean crews were transported daily by Ruza Passenger Lines to the site."
    )
    assert "Ruza Passenger Lines" in found, found


def test_published_weekly_by_still_names_a_publisher() -> None:
    found = _all_names(
        "North Korean workers are hired by Kamyshin Stroy LLC. The Ledger is published "
        "weekly by Pendle Vance Ltd."
    )
    assert "Pendle Vance Ltd" not in found, found


def test_a_transliterated_non_profit_school_is_a_visa_front() -> None:
    found = _names(
        "The North Koreans hold student visas for courses at ANO Tambovskaya Akademiya "
        "Remesel in Tambov."
    )
    school = found["ANO Tambovskaya Akademiya Remesel"]
    assert school.category == "student_visa_intermediary"


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("North Korean workers are rebuilding the dry docks in Kerch.", "Kerch"),
        ("North Korean builders were sent to Udmurtia to work on a plant.", "Udmurtia"),
        ("North Korean workers are employed at a brick works in Tokmak.", "Tokmak"),
    ],
)
def test_more_towns_and_republics_are_places(text: str, place: str) -> None:
    assert _names(text)[place].schema == "region"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The North Korean workers were moved by a freight forwarder in Syzran.", "forwarder"),
        ("A Kaluga haulage company carried the North Korean workers to the site.", "haulage"),
        ("The North Korean workers live in a hostel owned by a local bakery.", "hostel"),
        ("The North Korean workers' wages were paid through an unnamed Samara bank.", "bank"),
        ("A local drywall subcontractor employs the North Korean workers.", "subcontractor"),
        ("The North Korean workers were recruited by a labour broker in Rostov.", "broker"),
    ],
)  # fmt: skip
def test_more_described_bodies_are_unnamed_candidates(text: str, kind: str) -> None:
    labels = _unnamed_labels(text)
    assert any(kind in label for label in labels), labels


def test_a_described_coach_operator_is_a_carrier() -> None:
    found = [c for c in extract_candidates(
        "A Taganrog coach operator drives the North Korean workers to the site.", "made-up.txt"
    ) if c.unnamed]  # fmt: skip
    assert [c.category for c in found] == ["transport"], found


# ------------------------------------------- extractor version 31
# The document's own officers on label lines ("Reporting officer:", "Inspector:",
# "Secretary:"); acknowledgments and thanks; partners of a sanctioning action; a bare rank
# quoted in an authority's document; helpers of the writers' checks; small shareholders;
# the firm over its own general meeting's minutes; names as the complement of a title
# ("The director of X is Y"), recorded with a post ("lists Y as foreman") or introduced
# in speech ("a guy named Y"); kinship words that are no law firm; lyceums.


@pytest.mark.parametrize(
    ("text", "wanted", "never"),
    [
        ("Reporting officer: Senior Inspector Lina Varnhagen, Coastal Revenue Directorate\n\n"
         "The trailer belonged to Volga-Cargo LLC, which hauled North Korean workers.",
         "Volga-Cargo LLC", ("Lina Varnhagen", "Coastal Revenue Directorate")),
        ("Inspector: Ruth Abernay, Port Control Unit 4\n\n"
         "North Korean welders were employed by Tundra Montazh LLC at the depot.",
         "Tundra Montazh LLC", ("Ruth Abernay", "Port Control Unit")),
        ("Minutes of the board meeting\nSecretary: Olga Petrovna Serova\n\n"
         "The board confirmed that Shugor Kadry LLC supplies North Korean workers.",
         "Shugor Kadry LLC", ("Olga Petrovna Serova",)),
    ],
)  # fmt: skip
def test_the_documents_own_officers_on_label_lines_are_never_proposed(
    text: str, wanted: str, never: tuple[str, ...]
) -> None:
    names = _all_names(text)
    assert wanted in names, names
    for name in never:
        assert not any(name in n for n in names), names


def test_an_acknowledgments_section_proposes_nothing() -> None:
    text = (
        "North Korean women sewed uniforms for Irtysh Textile LLC in Omsk.\n\n"
        "Acknowledgements\n\n"
        "This study began as a dissertation at the University of Glenholm, and was funded "
        "by the Orrin Trust."
    )
    names = _all_names(text)
    assert "Irtysh Textile LLC" in names, names
    assert not any("Glenholm" in n or "Orrin" in n for n in names), names


def test_those_thanked_for_help_with_the_work_are_sources() -> None:
    text = (
        "North Korean loggers cut timber for Kedr Lesprom LLC near Tynda. "
        "We are grateful to our colleagues at the Quillon Labour Institute and to the "
        "reviewers at Brackley College, who read the report in draft."
    )
    names = _all_names(text)
    assert "Kedr Lesprom LLC" in names, names
    assert not any("Quillon" in n or "Brackley" in n for n in names), names


def test_a_body_coordinating_a_sanctioning_action_is_an_authority() -> None:
    text = (
        "The Sanctions Office today designated Ussuri Montazh LLC, which employed North "
        "Korean labourers. The action was coordinated with the Bureau of Trade Controls."
    )
    names = _all_names(text)
    assert "Ussuri Montazh LLC" in names, names
    assert "Bureau of Trade Controls" not in names, names


def test_a_bare_rank_quoted_in_a_designation_is_the_authoritys_official() -> None:
    text = (
        "The Sanctions Office today designated Ussuri Montazh LLC, which employed North "
        'Korean labourers. "The revenue funds weapons," said Deputy Director Amelia Rourke.'
    )
    names = _all_names(text)
    assert "Ussuri Montazh LLC" in names, names
    assert not any("Rourke" in n for n in names), names


def test_a_helper_of_the_writers_check_and_its_host_are_sources() -> None:
    text = (
        "North Korean builders work for Stepnoy Dom LLC on a housing estate. The photos were "
        "geolocated with help from the Civic Mapping Group at Ostrand University."
    )
    names = _all_names(text)
    assert "Stepnoy Dom LLC" in names, names
    assert not any("Ostrand" in n for n in names), names


def test_a_private_shareholder_asking_the_board_is_no_executive() -> None:
    text = (
        "Q2 (Ms Dana Prilutskaya, private shareholder): Does Baltic Catch PJSC employ North "
        "Korean workers through Zhelezo-Trud LLC?"
    )
    names = _all_names(text)
    assert "Dana Prilutskaya" not in names, names


def test_the_firm_heading_its_own_general_meeting_minutes_is_proposed() -> None:
    text = (
        "Ketovaya Seafoods PJSC - Minutes of the Annual General Meeting of Shareholders\n\n"
        "A (Chair): The plant employs North Korean workers supplied by a contractor."
    )
    assert "Ketovaya Seafoods PJSC" in _all_names(text)


def test_a_chair_of_the_board_on_a_minutes_label_line_is_proposed() -> None:
    text = (
        "Minutes of the Annual General Meeting of Shareholders\n"
        "Chair: Pavel Igorevich Zhmuryov, Chairman of the Board\n\n"
        "The plant employs North Korean workers supplied by Zhelezo-Trud LLC."
    )
    assert "Pavel Igorevich Zhmuryov" in _all_names(text)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("North Korean plasterers work for Ural-Beton LLC. The general director of "
         "Ural-Beton is Denis Olegovich Frolov.", "Denis Olegovich Frolov"),
        ("North Korean roofers work for Azov-Krovlya. The director there, per a nurse, is "
         "Roman Ilyich Garkusha, who arrived last year.", "Roman Ilyich Garkusha"),
        ("North Korean seamstresses sew for Neva Shvei LLC. Wage sheets list Pak Sun-hui "
         "as team leader.", "Pak Sun-hui"),
        ("The North Korean crews on the pipeline site answer to a guy named Boris Lagutin.",
         "Boris Lagutin"),
    ],
)  # fmt: skip
def test_people_named_as_a_titles_complement_recorded_or_introduced(text: str, wanted: str) -> None:
    assert wanted in _all_names(text)


def test_a_kinship_word_in_an_apposition_is_no_law_firm() -> None:
    text = (
        "North Korean loggers are carried north by Taiga-Avto, a trucking company "
        "registered to Orlov's brother-in-law."
    )
    assert "Taiga-Avto" in _all_names(text)


def test_a_lyceum_is_an_education_body() -> None:
    text = 'The North Korean workers are "interns" from Vetluga Energy Lyceum.'
    assert _names(text)["Vetluga Energy Lyceum"].category == "student_visa_intermediary"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The North Korean workers' wages went through a money-transfer shop in Hunchun.",
         "shop"),
        ("A charter airline in Surgut flies the North Korean workers in.", "airline"),
        ("The North Korean workers sleep in flats of a municipal housing trust in Vetluga.",
         "trust"),
        ("Jackets sewn by North Korean workers were sold to a wholesaler in Minsk.",
         "wholesaler"),
    ],
)  # fmt: skip
def test_shops_airlines_trusts_and_wholesalers_are_described_bodies(text: str, kind: str) -> None:
    labels = _unnamed_labels(text)
    assert any(kind in label for label in labels), labels


# ------------------------------------------------------------------ extractor version 32
def test_a_speakers_division_named_through_its_parents_possessive_is_a_source() -> None:
    text = (
        "Pak Song-ho managed the North Korean crews for Tundrastroy LLC. "
        '"We traced every rouble," said Deputy Attorney General Mara T. Quill of the '
        "Justice Ministry's Harbour Fraud Division."
    )
    names = _all_names(text)
    assert "Tundrastroy LLC" in names
    assert not any("Fraud Division" in n for n in names)


def test_a_body_the_author_calls_its_subsidiary_or_data_partner_is_never_proposed() -> None:
    text = (
        "Our sourcing subsidiary, Brelmoor Trading Ltd, found 40 North Korean seamstresses at "
        "Ostrova Shvei LLC. Our data partner, the Vantry Labour Ledger Project, supplies "
        "aliases of DPRK firms."
    )
    names = _all_names(text)
    assert "Ostrova Shvei LLC" in names
    assert not any("Brelmoor" in n or "Vantry" in n for n in names)


def test_a_byline_with_its_reading_time_stands_apart_from_a_long_title() -> None:
    text = (
        "Explainer: how North Korean welders end up on Russian shipyard payrolls today\n"
        "By Odile Varnham, Head of Client Content at Quillon · 5 min read\n\n"
        "North Korean welders work for Sudoverf-Kama LLC in Perm."
    )
    names = _all_names(text)
    assert "Sudoverf-Kama LLC" in names
    assert not any("Varnham" in n or "Client Content" in n for n in names)


def test_a_reputation_manager_answering_for_a_firm_is_a_press_contact() -> None:
    text = (
        "В ООО «Камыш-Софт» работают корейские «стажёры».\n\n"
        "Ответ работодателя\n"
        "Инна Борщева, менеджер по репутации ООО «Камыш-Софт»:\n"
        "Спасибо за отзыв!"
    )
    names = _all_names(text)
    assert "Камыш-Софт" in names
    assert "Инна Борщева" not in names


def test_a_superscript_footnote_is_skipped() -> None:
    text = (
        "North Korean loggers work for Tayga-Les LLC.¹\n\n"
        "¹ Permit register of the Pechora Ministry of Forests, 2021."
    )
    names = _all_names(text)
    assert "Tayga-Les LLC" in names
    assert not any("Ministry of Forests" in n for n in names)


@pytest.mark.parametrize(
    ("text", "never"),
    [
        ("Glenhurst University, School of Social Sciences\nMA dissertation, May 2023\n\n"
         "North Korean builders work for Kamastroy LLC in Kazan.", "Glenhurst"),
        ("Комитет по труду и занятости Тверской области\n\nДОКЛАД\n\n"
         "Граждане КНДР работают в ООО «Волжский бетон».", "Комитет по труду и занятости"),
    ],
)  # fmt: skip
def test_the_body_over_a_report_or_dissertation_label_is_its_issuer(text: str, never: str) -> None:
    names = _all_names(text)
    assert any("Kamastroy" in n or "Волжский бетон" in n for n in names)
    assert not any(never in n for n in names)


def test_the_client_and_handlers_of_a_case_record_are_never_proposed() -> None:
    text = (
        "CASE RECORD\n"
        "Client: Morvik Forest Group\n"
        "Assigned to: Eira Lundvall, Group Compliance\n\n"
        "North Korean loggers cut pine for Altaytimber LLC near Biysk."
    )
    names = _all_names(text)
    assert "Altaytimber LLC" in names
    assert not any("Morvik" in n or "Lundvall" in n for n in names)


def test_a_security_council_without_a_country_is_the_uns() -> None:
    text = (
        "The Security Council Committee established pursuant to resolution 1718 listed "
        "Ryongsan Trading Corporation, which sent workers to Omsk. Nikolai Fedin, Secretary "
        "of Russia's Security Council, visited Pyongyang."
    )
    names = _all_names(text)
    assert "Ryongsan Trading Corporation" in names
    assert not any(n.startswith("Security Council Committee") for n in names)


# ------------------------------------------------------------------ extractor version 33
_LABOUR = "North Korean workers were sent to Russia for construction sites.\n\n"


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # "Ryang" is how the North spells a common surname.
        (_LABOUR + "Its man on the ground, Ryang Ox-chol, works alongside the site boss.",
         "Ryang Ox-chol"),
        ("Граждане КНДР работают на стройке.\n\nУ них свой бригадир, Сон Ик Чхоль, "
         "от корейской корпорации.", "Сон Ик Чхоль"),
        # A liaison, a counterpart, one who keeps the passports or negotiates.
        (_LABOUR + "The X Company supplies them; its liaison, Kim Ox-chol, negotiates rates.",
         "Kim Ox-chol"),
        (_LABOUR + "Their boss is a Korean, Mr Pak Ox-nam, who keeps their passports.",
         "Pak Ox-nam"),
        (_LABOUR + "The group leader named on the manifest is Sin Ox-chol of the Venn "
         "Construction Corporation.", "Sin Ox-chol"),
        ("Граждане КНДР работают на стройке.\n\nЕё уполномоченный в крае Хан Ик Иль, по "
         "данным источника, лично ездит на объекты.", "Хан Ик Иль"),
        # "..., the source said" attributes the sentence; it describes no one as a source.
        (_LABOUR + "The team is led on site by a manager named Hwang Ox Jin, the source said.",
         "Hwang Ox Jin"),
    ],
)  # fmt: skip
def test_korean_cadres_by_surname_post_or_act(text: str, wanted: str) -> None:
    assert wanted in _all_names(text)


def test_brigades_provided_by_a_body_are_no_citation() -> None:
    text = _LABOUR + "The brigades were provided by the Venn Overseas Construction Bureau."
    assert "Venn Overseas Construction Bureau" in _all_names(text)


def test_a_numbered_items_name_and_its_post_after_a_full_stop() -> None:
    text = (
        "The entries concern North Korean workers sent to construction sites in Omsk.\n\n"
        "2. Jo Ox-sik. Representative of X Trading in Omsk; held the workers' passports.\n"
        "3. Viktor Venn. General director of Vennstroy; arranged the visa invitations."
    )
    names = _all_names(text)
    assert {"Jo Ox-sik", "Viktor Venn"} <= names


@pytest.mark.parametrize(
    ("text", "town", "written"),
    [
        ("Граждане КНДР работают на стройке в Веноксарах.", "Веноксары", "Веноксарах"),
        ("В оккупированном Венске работают граждане КНДР.", "Венск", "Венске"),
        ("На стройке в Венове-на-Иксе работали граждане КНДР.", "Венов-на-Иксе", "Венове-на-Иксе"),
    ],
)  # fmt: skip
def test_a_russian_town_after_v_by_the_shape_of_its_case(
    text: str, town: str, written: str
) -> None:
    towns = [c for c in extract_candidates(text, "made-up.txt") if c.schema == "region"]
    assert any(c.name == town and written in c.names for c in towns)


def test_a_surname_with_initials_after_a_title_in_any_case() -> None:
    text = (
        "Привлечение граждан КНДР на стройку согласовано с генеральным директором АО "
        "«Венлес» Венцовым В. С. Иск подан при участии представителя истца Иксова Д. Л."
    )
    names = _all_names(text)
    assert "Венцовым В. С." in names
    assert not any("Иксова" in n for n in names)


# ------------------------------------------------------------------ extractor version 34
# The court's officer in an insolvency on a label line; a letterhead over an announcement
# ("ОБЪЯВЛЕНИЕ"), with "города" in a city body's name; participants listed under a bare
# label; an event's "Organised by" credit and its panels' quoted titles; "Бюро" and a bare
# number, and a country in brackets after a bureau's name; a firm in plain speech
# ("контора"), a carrier named by its buses, a deputy written "зам", a sole trader by
# surname alone.
_RU_LABOUR = "Граждане КНДР работают на стройке.\n\n"


@pytest.mark.parametrize(
    ("text", "never"),
    [
        ("Debtor: Venn-Stroy LLC, which hired North Korean workers\n"
         "Interim manager: Zoya Ivanovna Venn (appointed by the court)\n", "Zoya Ivanovna Venn"),
        ("Должник: ООО «Веннстрой», нанимавшее рабочих из КНДР\n"
         "Временный управляющий: Иксова Зоя Ивановна\n", "Иксова Зоя Ивановна"),
    ],
)  # fmt: skip
def test_the_courts_insolvency_officer_on_a_label_line_is_never_proposed(
    text: str, never: str
) -> None:
    names = _all_names(text)
    assert "Venn-Stroy LLC" in names or "Веннстрой" in names, names
    assert never not in names, names


@pytest.mark.parametrize(
    ("letterhead", "never"),
    [
        ("Департамент экономического развития", "Департамент"),
        # The city's body, as the letterhead writes it, with "города".
        ("Администрация города Иксова", "Администрация"),
    ],
)  # fmt: skip
def test_the_letterhead_over_an_announcement_is_its_issuer(letterhead: str, never: str) -> None:
    text = (
        f"{letterhead}\n\nОБЪЯВЛЕНИЕ\n\n"
        "Участники ярмарки: ООО «Веннстрой» — возможно трудоустройство граждан КНДР."
    )
    names = _all_names(text)
    assert "Веннстрой" in names, names
    assert not any(never in n for n in names), names


def test_participants_listed_under_a_bare_label_are_sources() -> None:
    text = (
        "Speakers\n- Zoe Venn, head of investigations, Venn & Zorin LLP\n"
        "- Ivo Zorin, former researcher, Zorin Institute for Labour Security\n\n"
        "Summary\nNorth Korean workers were hired through Tundra Labour Gate LLC."
    )
    names = _all_names(text)
    assert "Tundra Labour Gate LLC" in names, names
    assert not any("Venn" in n or "Zorin" in n for n in names), names


@pytest.mark.parametrize(
    ("head", "never"),
    [
        ("Organised by the Venn Institute for Trade Integrity.", "Venn"),
        ('Panel 4: "Hidden Chains — DPRK Labour in Arctic Construction"', "Arctic"),
    ],
)  # fmt: skip
def test_an_events_organiser_credit_and_a_panels_quoted_title_name_no_actor(
    head: str, never: str
) -> None:
    text = (
        f"CONFERENCE REPORT\n{head}\n\n"
        "North Korean workers were hired through Tundra Labour Gate LLC."
    )
    names = _all_names(text)
    assert "Tundra Labour Gate LLC" in names, names
    assert not any(never in n for n in names), names


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # "Бюро" and a bare number, in a sentence that does not name the North itself.
        (_RU_LABOUR + "Деньги уходят в «Венн Трейдинг» и дальше в какое-то Бюро 88.",
         "Бюро 88"),
        (_RU_LABOUR + "Программа идёт при поддержке Генерального бюро по сотрудничеству "
         "№ 66 (КНДР).", "Генерального бюро по сотрудничеству № 66"),
        (_RU_LABOUR + "Их завезла вахтовая контора «Венн-Вахта».", "Венн-Вахта"),
        (_RU_LABOUR + "Я видел автобусы «Иксов-Тур» у проходной.", "Иксов-Тур"),
        (_RU_LABOUR + "Это же Венцов Иван Петрович, зам по экономике, он подписывал "
         "разрешения.", "Венцов Иван Петрович"),
        (_RU_LABOUR + "Живут в общаге, её держит ИП Венцов.", "ИП Венцов"),
    ],
)  # fmt: skip
def test_russian_actors_version_33_missed(text: str, wanted: str) -> None:
    assert wanted in _all_names(text)


def test_bureau_and_a_year_is_no_bureau() -> None:
    text = _RU_LABOUR + "Об этом говорится в отчёте Бюро 2024 года."
    assert not any("Бюро" in n for n in _all_names(text))


def test_a_carrier_named_by_its_buses_is_transport() -> None:
    text = _RU_LABOUR + "Рабочих возил автобус ООО «Венн-Шаттл»."
    assert _names(text)["Венн-Шаттл"].category == "transport"


def test_a_field_label_with_the_posts_dates_gives_the_post() -> None:
    text = (
        "Debtor: Venn-Stroy LLC, which hired North Korean workers\n"
        "Director until 12.06.2025: Ivan Petrovich Zorin\n"
    )
    assert _names(text)["Ivan Petrovich Zorin"].category == "executive"


# ------------------------------------------------------------------ extractor version 35
# A department on the letterhead over a numbered issue of a body's series; a landlord after
# "leased/rented from"; a carrier's "Cargo Line", a "Repair Yard"; coined "-Logistik"
# names; a kind noun opening the sentence ("Builder X is ..."); "a garment maker" in
# apposition; Russian carriers, "ТК «X»" and hostels; a patronymic in the dative after "ИП";
# a name after "showed that"; "who, according to a defector," is no apposition.


def test_a_department_on_the_letterhead_of_a_numbered_review_is_never_proposed() -> None:
    text = (
        "АО «Венн-Банк»\nДепартамент финансового мониторинга\n"
        "Типологический обзор № 9/2026\n\n"
        "Граждане КНДР работают на стройке, их нанимает компания «Иксстрой».\n"
    )
    names = _all_names(text)
    assert "Иксстрой" in names, names
    assert not any("Департамент" in n for n in names), names


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (_LABOUR + "The men sleep in a dormitory leased from Venn Housing.", "Venn Housing"),
        (_LABOUR + "The men slept in trailers rented from Zorinvagon.", "Zorinvagon"),
        (_LABOUR + "They live in a sanatorium, leased by Venn-Hostel.", "Venn-Hostel"),
        (_LABOUR + "Transport was handled by Venn Cargo Line.", "Venn Cargo Line"),
        (_LABOUR + "X Ship Repair Yard employed 60 welders.", "X Ship Repair Yard"),
        (_LABOUR + "Zorin-Logistik drives them each night.", "Zorin-Logistik"),
        (_LABOUR + "Builder Venn-Yug is repairing blocks with them.", "Venn-Yug"),
        (_LABOUR + "The workshop is run by Zorinka, a garment maker.", "Zorinka"),
        (_LABOUR + "This newspaper showed that Venn Repair Yard had employed 60 welders.",
         "Venn Repair Yard"),
        (_LABOUR + "Their supervisor is Jo Chol Min, who, according to a defector, answers "
         "to Bureau 12.", "Jo Chol Min"),
    ],
)  # fmt: skip
def test_actors_version_34_missed(text: str, wanted: str) -> None:
    assert wanted in _all_names(text)


def test_a_private_landlord_is_no_firm() -> None:
    text = _LABOUR + "The flat was rented from Ivan Zorin."
    assert "Ivan Zorin" not in {
        c.name for c in extract_candidates(text, "x") if c.schema != "person"
    }


def test_a_title_case_heading_keeps_its_kind_noun() -> None:
    assert "Conduct Update" not in _all_names("Supplier Conduct Update - Venn Group, 2026\n")


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (_RU_LABOUR + "Доставку обеспечивал перевозчик «Венн-Авто».", "Венн-Авто"),
        (_RU_LABOUR + "Автобусы у них от ТК «Быстрый Икс».", "Быстрый Икс"),
        (_RU_LABOUR + "Живут в хостеле «Венн-Юг» на окраине.", "Венн-Юг"),
        (_RU_LABOUR + "За проживание платили ИП Зорину Петру Ивановичу.",
         "ИП Зорину Петру Ивановичу"),
    ],
)  # fmt: skip
def test_russian_actors_version_34_missed(text: str, wanted: str) -> None:
    assert wanted in _all_names(text)


def test_a_carrier_is_transport() -> None:
    text = _RU_LABOUR + "Доставку обеспечивал перевозчик «Венн-Авто»."
    assert _names(text)["Венн-Авто"].category == "transport"


# ------------------------------------------------------------------ extractor version 36
# A reporter's name and outlet in the label of a question from the floor; a person, then
# another body's own name after the comma ("X, Venn Wire Agency"); the chair of a sitting,
# by a label ("Председательствовал:"), "chaired by" or "под председательством", unless
# their post is in the host region's government; a minutes line closed by a full stop.


@pytest.mark.parametrize(
    "line",
    [
        "QUESTION (Anna Zorin, Venn Wire Agency): Who pays the workers?",
        "Question from Anna Zorin, Venn Wire Agency: Who pays the workers?",
    ],
)
def test_a_question_from_the_floor_names_a_reporter(line: str) -> None:
    names = _all_names(_LABOUR + line + "\n\nVENN: Zorin-Stroy LLC pays them.\n")
    assert "Zorin-Stroy LLC" in names, names
    assert not any("Anna Zorin" in n for n in names), names


def test_a_person_then_a_bodys_own_name_is_no_kind_of_body() -> None:
    names = _all_names(_LABOUR + "Anna Zorin, Venn Wire Agency, asked who pays.")
    assert "Anna Zorin" not in names, names


@pytest.mark.parametrize(
    "line",
    [
        "Председательствовал: глава МО Зорин Пётр Иванович.",
        "Председательствующий - глава поселения Зорин Пётр Иванович.",
        "Заседание прошло под председательством главы МО Зорина Петра Ивановича.",
        "Заседание вёл глава МО Зорин Пётр Иванович.",
        "The hearing was chaired by Deputy Ivan Zorin.",
    ],
)
def test_the_chair_of_a_sitting_is_a_voice(line: str) -> None:
    assert not any("Зорин" in n or "Zorin" in n for n in _all_names(_RU_LABOUR + line))


@pytest.mark.parametrize(
    ("line", "wanted"),
    [
        # A post in the host region's government answers for the region.
        ("Председательствовал: глава района Зорин Пётр Иванович.", "Зорин Пётр Иванович"),
        # A ministry's own meeting is no sitting: its minister acts.
        ("The ministry held a meeting chaired by Minister Jo Chol Min.", "Jo Chol Min"),
    ],
)
def test_a_chair_who_answers_for_the_scheme_stays(line: str, wanted: str) -> None:
    assert wanted in _all_names(_LABOUR + line)


def test_a_participant_line_of_minutes_may_end_with_a_full_stop() -> None:
    names = _all_names(_LABOUR + "Chair: Deputy Governor Anna Venn.")
    assert not any("Anna Venn" in n for n in names), names


# ------------------------------------------------------------------ extractor version 37
def test_a_letterheads_issuer_with_its_acronym_and_seat_is_a_source() -> None:
    text = (
        "MEDIA RELEASE\nDirectorate of Export Probity (DEI) — Wellington\n3 May 2026\n\n"
        "DEI names Kedrovy Mys LLC, which employed North Korean welders.\n\n"
        "The DEI is also looking at a broker in Omsk that housed the workers."
    )
    names = _all_names(text)
    assert "Kedrovy Mys LLC" in names, names
    assert not any("Export Probity" in n or n == "DEI" for n in names), names


def test_a_speaker_after_said_and_a_post_in_apposition_is_a_voice() -> None:
    text = _LABOUR + (
        '"Forced labour has no place in our ports," said the Minister for Fair Commerce, '
        "Helen Varga."
    )
    assert not any("Varga" in n for n in _all_names(text))


def test_a_body_that_examines_others_is_a_voice() -> None:
    text = _LABOUR + (
        "The Export Control Directorate is examining a forwarder that moved the workers."
    )
    assert not any("Export Control" in n for n in _all_names(text))


def test_a_court_records_judge_prosecution_and_counsel_are_no_entries() -> None:
    text = (
        "Case No. 2-17/2026\n\n"
        "Presiding judge: Olga Venn\n"
        "Prosecution: Venn Oblast Prosecutor's Office, represented by Pavel Orlov\n"
        "Defence counsel: Irina Sobol\n\n"
        "The defendant employed 30 North Korean workers at Kedrovy Mys LLC."
    )
    names = _all_names(text)
    assert "Kedrovy Mys LLC" in names, names
    assert not any(p in n for n in names for p in ("Orlov", "Sobol", "Olga Venn")), names


@pytest.mark.parametrize(
    "line",
    [
        "The case against the builder that hired the workers was brought by the Venn Oblast "
        "Prosecutor's Office, represented by Pavel Orlov.",
        "The Venn Institute for Labour Studies, represented by Pavel Orlov, joined the hearing "
        "on the workers.",
    ],
)
def test_who_represents_or_leads_a_source_is_no_entry(line: str) -> None:
    assert not any("Orlov" in n for n in _all_names(_LABOUR + line))


def test_who_represents_a_firm_is_still_its_officer() -> None:
    names = _all_names(_LABOUR + "Amurstroy LLC, represented by Pavel Orlov, hired the workers.")
    assert "Pavel Orlov" in names, names


def test_a_korean_surname_cited_alone_excludes_no_full_name() -> None:
    text = _LABOUR + (
        "Court records (Venn 2023; Han and Ri 2024) show that the crews were supervised by "
        "Ri Song Chol."
    )
    assert "Ri Song Chol" in _all_names(text)


def test_an_ordinal_bureau_in_a_document_about_koreans() -> None:
    names = _all_names(_RU_LABOUR + "По нашим данным, людей набирает 217-е бюро.")
    assert "217-е бюро" in names, names


def test_a_surname_first_after_an_administration_is_no_city() -> None:
    text = _RU_LABOUR + (
        "Разрешения согласовывал заместитель главы районной администрации Зорин Пётр Иванович."
    )
    names = _all_names(text)
    assert not any(n.startswith(("Администрация", "администрации")) for n in names), names


@pytest.mark.parametrize(
    ("line", "wanted"),
    [
        # A relative clause gives a headless name a part in the scheme.
        ("Venn Wheels, which transported the workers to the site, was paid in cash.",
         "Venn Wheels"),
        # A list item's dash opens an apposition as a comma does.
        ("• Amber Bridge Crews — recruiter that places the welders.", "Amber Bridge Crews"),
        # The kind noun stands before what places it, then the name.
        ("Hiring later moved to a firm registered at the same address, Birch Crew Hub.",
         "Birch Crew Hub"),
        # Who owns, lets or provides what the scheme uses.
        ("The buses belonged to Ladoga Roadways.", "Ladoga Roadways"),
        ("Recruitment was handled by Ladoga Crew Partners.", "Ladoga Crew Partners"),
        ("The dormitory was leased from Kama Dormitory Lettings.", "Kama Dormitory Lettings"),
        # A place and a word of its own before the workplace it names.
        ("Staff at the Pyongyang Lotus restaurant were North Korean.", "Pyongyang Lotus"),
    ],
)  # fmt: skip
def test_headless_names_by_their_part_in_the_scheme(line: str, wanted: str) -> None:
    assert wanted in _all_names(_LABOUR + line)


# ---- extractor version 38


def test_a_letter_signed_on_behalf_of_a_firm_names_its_author() -> None:
    text = (
        "ALDER & FINCH AUDIT LLC\n\n"
        "We found that the client paid Birchgate Staffing LLC for North Korean workers.\n\n"
        "Yours faithfully,\n\n"
        "Jane Roe, Partner\n"
        "for and on behalf of Alder & Finch Audit LLC\n"
    )
    names = _all_names(text)
    assert "Birchgate Staffing LLC" in names
    assert not any("Finch" in n for n in names), names


def test_a_contracts_defined_term_alone_is_no_name() -> None:
    text = _LABOUR + "In 2023 the Company paid Birchgate Staffing LLC for the workers."
    assert "Company" not in _all_names(text)


def test_a_speaker_label_of_a_minutes_record_is_a_voice() -> None:
    text = (
        "Городская дума, стенограмма заседания\n\n"
        "Заместитель министра труда края Ветров К. Л.: По нашим данным, рабочих из КНДР "
        "наняло ООО «Ольхострой».\n\n"
        "Ветров К. Л.: Директор — Пахомов Игорь Олегович.\n"
    )
    names = _all_names(text)
    assert "Ольхострой" in names
    assert not any(n.startswith("Ветров") for n in names), names


@pytest.mark.parametrize(
    ("line", "wanted"),
    [
        ('The men hold visas sponsored by ANO DPO "Zarya-Kvalifikatsiya", a provider.',
         "Zarya-Kvalifikatsiya"),
        ('- ChOU DPO "Ostrov Plyus" - issued study invitations for 12 men;', "Ostrov Plyus"),
        # A bare "ANO" is any non-profit: a school when the sentence gives study as cover,
        # after a quoted phrase whose closing quote opens no title.
        ('Visas were issued for "vocational study" at ANO "Kadry Severa".', "Kadry Severa"),
    ],
)  # fmt: skip
def test_a_transliterated_schools_legal_form_before_its_quoted_name(line: str, wanted: str) -> None:
    assert wanted in _all_names(_LABOUR + line)


def test_each_field_of_a_form_is_a_line_of_its_own() -> None:
    text = (
        _LABOUR + "Employer: Severnaya Beryozovaya Montazhnaya Kompaniya (SBMK), JSC\n"
        "Posted by: Birchgate Staffing LLC (recruitment agency, licence No. 55)\n"
    )
    names = _all_names(text)
    assert "Birchgate Staffing LLC" in names
    assert not any(n.startswith("JSC") for n in names), names


@pytest.mark.parametrize(
    "line",
    [
        'Customer: JSC "Belaya Verf" (BV), Novokuznetsk\nWorkers: 40 welders from the DPRK.',
        'The ledgers of OOO "Belaya Verf", a sawmill in Novokuznetsk, were seized.',
    ],
)
def test_the_town_of_a_named_employer_is_a_place(line: str) -> None:
    assert "Novokuznetsk" in _all_names(_LABOUR + line)


def test_a_town_before_a_bodys_kind_is_its_seat() -> None:
    text = _LABOUR + "The workers were driven to the site by a Novorossiysk coach operator."
    assert "Novorossiysk" not in _all_names(text)


def test_wages_and_brigades_make_a_document_about_labour() -> None:
    text = (
        "Seizure report\n\n"
        "Officers detained wage ledgers and brigade lists.\n\n"
        'The ledgers belong to OOO "Belaya Verf", a fish plant in Nakhodka.\n'
    )
    assert "Nakhodka" in _all_names(text)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (_RU_LABOUR + "Граждане КНДР работают в Кабардино-Балкарии с весны.",
         "Кабардино-Балкария"),
        (_RU_LABOUR + "Кровельные работы по школам в оккупированном Венске ведут корейцы.",
         "Венск"),
    ],
)  # fmt: skip
def test_russian_republics_and_towns_worked_in(text: str, wanted: str) -> None:
    assert wanted in _all_names(text)


# ---- extractor version 39


def test_a_clause_after_and_is_not_the_reporting_of_the_name_before_it() -> None:
    text = _LABOUR + (
        "Their foreman, Ri Chol Su, was employed by Venngang Mining Company and reported "
        "to Bureau 12, which collects the wages."
    )
    assert "Venngang Mining Company" in _all_names(text)


def test_former_before_a_clause_of_place_makes_no_affiliation() -> None:
    text = _LABOUR + (
        "Each day I drove them between a former school where they slept and the fields of "
        "Vennova Niva LLC."
    )
    assert "Vennova Niva LLC" in _all_names(text)


def test_a_name_that_a_badge_says_is_no_speaker() -> None:
    text = _LABOUR + "Nobody knew the Korean boss by name. His badge said Ri Kwang Su."
    assert "Ri Kwang Su" in _all_names(text)


def test_a_korean_given_name_may_end_with_a_one_vowel_syllable() -> None:
    text = _LABOUR + "The workers were managed by Pak Chol U, who kept their passports."
    assert "Pak Chol U" in _all_names(text)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (_RU_LABOUR + "Страхователь: ООО «Веностроймонтаж», г. Веновка.", "Веновка"),
        (_RU_LABOUR + "Бригада живёт в городе Венологи у вокзала.", "Венологи"),
        (_RU_LABOUR + "Листок храма г. Веново, № 3.", "Веново"),
    ],
)
def test_a_russian_town_after_its_title_is_a_place(text: str, wanted: str) -> None:
    assert wanted in _all_names(text)


def test_a_town_in_the_genitive_of_a_bodys_seat_is_not_guessed() -> None:
    text = _RU_LABOUR + "Бригада живёт в г. Веновск. Дело рассмотрел районный суд г. Веновска."
    names = _all_names(text)
    assert "Веновск" in names
    assert "Веновска" not in names


def test_people_on_a_documents_workflow_lines_are_its_authors() -> None:
    text = _RU_LABOUR + (
        "Рабочих предоставило ООО «Венн Ресурс».\n\n"
        "Исполнитель: ведущий специалист Веникова Д. А.\n"
        "Согласовано: начальник управления Венчук С. П."
    )
    names = _all_names(text)
    assert "Венн Ресурс" in names
    assert not {n for n in names if n.startswith(("Веникова", "Венчук"))}, names


@pytest.mark.parametrize(
    ("text", "never"),
    [
        (_RU_LABOUR + "Показ по договорённости. Агентство недвижимости «Венн-Дом», звонить днём.",
         "Венн-Дом"),
        ("АО «Страховая компания «Венн Щит»»\n\n" + _RU_LABOUR, "Венн Щит"),
    ],
)  # fmt: skip
def test_insurers_and_estate_agents_are_bystanders(text: str, never: str) -> None:
    assert not {n for n in _all_names(text) if never in n}


def test_a_short_form_of_a_longer_name_is_an_alias_of_it() -> None:
    text = _RU_LABOUR + (
        "Рабочие Управления внешнего строительства № 12 «Венха» строят элеватор.\n\n"
        "Примечание: «Управление внешнего строительства» — дословный перевод."
    )
    bodies = [
        c for c in extract_candidates(text, "made-up.txt") if c.name and "строительства" in c.name
    ]
    assert len(bodies) == 1, [c.name for c in bodies]


def test_the_territory_on_an_issuers_line_is_a_place() -> None:
    text = (
        "Issued by: Interdistrict Inspectorate No. 2 for the Republic of Khakassia\n\n"
        '1. Full name: OOO "Venn Stroy"\n\n'
        "Venn Stroy employs 40 North Korean workers on its sites."
    )
    assert "Republic of Khakassia" in _all_names(text)


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        (_RU_LABOUR + "Рабочие трудятся в Удмуртской Республике.", "Удмуртская Республика"),
        (_RU_LABOUR + "Общежитие в г. Веновка Чеченской Республики.", "Чеченская Республика"),
    ],
)  # fmt: skip
def test_a_russian_republic_named_by_its_adjective(text: str, wanted: str) -> None:
    assert wanted in _all_names(text)


def test_the_territory_of_a_body_addressed_is_a_place() -> None:
    text = "To: Prosecutor of the Udmurt Republic\n\n" + _LABOUR + "We ask for an inspection."
    names = _all_names(text)
    assert "Udmurt Republic" in names
    assert not {n for n in names if "Prosecutor" in n}


@pytest.mark.parametrize(
    "text",
    [
        _LABOUR + "The brigade repaired barns in Vennivka all summer.",
        _LABOUR + "One brigade was sent on to Vennove, where a mine reopened.",
    ],
)
def test_a_town_by_the_shape_of_its_name(text: str) -> None:
    assert {"Vennivka", "Vennove"} & _all_names(text)


def test_the_contact_person_of_a_crew_is_its_cadre() -> None:
    text = _RU_LABOUR + "Контактное лицо от бригады — товарищ Ким Сон Ир (в паспорте Kim Son Il)."
    assert "Ким Сон Ир" in _all_names(text)


# ---- extractor version 40


def test_a_platforms_moderator_note_names_no_actor() -> None:
    text = (
        _LABOUR + "Venn Remont LLC employs North Korean painters on its sites.\n\n"
        "Moderator note (Rateplace Trust & Safety): one review was removed."
    )
    names = _all_names(text)
    assert "Venn Remont LLC" in names
    assert not {n for n in names if "Rateplace" in n}


def test_a_films_credit_line_names_its_makers() -> None:
    text = (
        "Director: Liisa Korhonen | Producer: Tundra Frame Pictures | Supported by a fund\n\n"
        "The film follows North Korean loggers hired by Venn Les LLC in Karelia."
    )
    names = _all_names(text)
    assert "Venn Les LLC" in names
    assert "Liisa Korhonen" not in names


def test_a_transcripts_narrator_is_no_credit_line() -> None:
    text = (
        _LABOUR + "NARRATOR: Venntekhmontazh hired seventy Koreans for the site.\n\n"
        "NARRATOR: Venntekhmontazh did not answer our questions."
    )
    assert "Venntekhmontazh" in _all_names(text)


def test_a_profiles_education_section_names_bystanders() -> None:
    text = (
        "Oleg Venn\n\nAbout\n\n"
        "I run Venn Beton Group, which employs North Korean workers from Venn Trade Company.\n\n"
        "Experience\n\nDirector — Venn Beton Group, 2020–present\n\n"
        "Education\n\nVenngrad State Mining Institute, Civil Engineering, 2004\n\n"
        "Skills\n\nBrickwork · Cost control"
    )
    names = _all_names(text)
    assert "Venn Trade Company" in names
    assert not {n for n in names if "Institute" in n or "Engineering" in n}


def test_a_company_pages_awards_section_names_bystanders() -> None:
    text = (
        _RU_LABOUR + "Наш партнёр — компания «Веннтрейд», она привлекает рабочих из КНДР.\n\n"
        "Награды\n\nДиплом конкурса «Лучший подрядчик» Ассоциации «Веннэксперт-Строй»."
    )
    names = _all_names(text)
    assert "Веннтрейд" in names
    assert not {n for n in names if "Веннэксперт" in n}


def test_a_banks_own_beneficiary_and_its_director_are_bystanders() -> None:
    text = (
        _LABOUR + "The listed firm Venn Agro Holding employs DPRK workers in Venn Oblast.\n\n"
        "Our beneficiary Vennagro LLC has a different tax number and is directed by "
        "Olga Petrovna Vennova."
    )
    names = _all_names(text)
    assert "Venn Agro Holding" in names
    assert "Vennagro LLC" not in names
    assert "Olga Petrovna Vennova" not in names


def test_a_courtesy_title_with_a_full_stop_after_a_post() -> None:
    text = _LABOUR + "The foreman, a Mr. Oleg Vennikov, collected the wages of the brigade."
    assert "Oleg Vennikov" in _all_names(text)


# ---- extractor version 41


def test_a_regional_parliaments_deputy_who_states_is_a_voice() -> None:
    text = (
        _LABOUR + "Депутат областного парламента Иван Веннов заявил: «Рабочие из КНДР "
        "живут в вагончиках»."
    )
    assert "Иван Веннов" not in _all_names(text)


def test_the_translator_of_a_notice_is_no_cadre() -> None:
    text = (
        "Рабочие из КНДР живут в общежитии ООО «Веннстрой».\n\n"
        "Памятка переведена на корейский язык: Пак Ын Сон."
    )
    names = _all_names(text)
    assert "Веннстрой" in names
    assert "Пак Ын Сон" not in names


def test_a_witness_introduced_with_an_article_who_testifies_is_no_actor() -> None:
    text = (
        _LABOUR + "Vennbeton LLC hired the Koreans.\n\nA foreman, Pavel Vennikov, "
        "testified that they worked nights."
    )
    names = _all_names(text)
    assert "Vennbeton LLC" in names
    assert "Pavel Vennikov" not in names


def test_a_town_listed_with_a_town_after_in_is_a_town() -> None:
    text = "North Korean workers were housed at farm sites in Kursk and Vennitsa."
    assert {"Kursk", "Vennitsa"} <= _all_names(text)


def test_a_town_where_work_is_done_is_a_town() -> None:
    text = (
        _LABOUR + "Diary, 3 May.\n\nWork started at the housing estate in Vennovo.\n\n"
        "Since June they pour concrete at a construction site in Vennadyr."
    )
    names = _all_names(text)
    assert {"Vennovo", "Vennadyr"} <= names


def test_a_town_set_in_a_titled_region_is_a_town() -> None:
    text = "A North Korean brigade is laying a road near Vennurba in the Republic of Sakha."
    assert "Vennurba" in _all_names(text)


def test_a_hyphenated_slavic_town_and_one_in_occupied_territory() -> None:
    text = "North Korean workers gut fish at plants in Ust-Vennsk and in occupied Vennivsk."
    assert {"Ust-Vennsk", "Vennivsk"} <= _all_names(text)


# ---- extractor version 42


def test_a_spokesperson_for_a_titled_official_is_no_official() -> None:
    text = (
        _LABOUR + "Пресс-секретарь мэра Ольга Веннова от комментариев отказалась.\n\n"
        "A spokesman for the governor, Pavel Vennikov, declined to comment.\n\n"
        "Mayor Ivan Vennorov signed the housing deal for the brigade."
    )
    names = _all_names(text)
    assert "Ivan Vennorov" in names
    assert not {"Ольга Веннова", "Pavel Vennikov"} & names


def test_a_body_overseen_by_another_is_no_body_seen_by_a_source() -> None:
    text = _LABOUR + "The crews belong to a network overseen by Bureau 812 in Pyongyang."
    assert "Bureau 812" in _all_names(text)


def test_a_record_that_lists_a_bodys_post_as_a_name_gives_its_holder() -> None:
    text = (
        _LABOUR + "A letter names the Korea Vennsong Trading Corporation as the sender "
        "and lists its representative in Russia as Oleg Vennikov."
    )
    assert "Oleg Vennikov" in _all_names(text)


def test_a_field_label_with_where_it_was_read_still_gives_the_post() -> None:
    text = (
        _LABOUR + "The site is run by Vennshov LLC.\n\n"
        "Director, according to the company register: Irina Pavlovna Vennikova."
    )
    assert "Irina Pavlovna Vennikova" in _all_names(text)
