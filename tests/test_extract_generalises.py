"""The extractor on reporting it was not written from: names without a head word,
regions by their title, unnamed bodies, Russian text, and what must never be proposed.

Every sentence here is made up; none is on the curated list or in the benchmark sets.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from watchlists.curation import extract
from watchlists.curation.extract import Candidate, extract_candidates
from watchlists.curation.extract.vocabulary import (
    ACTOR_HINT_WORDS,
    ORG_HEADS,
    PLACE_SUFFIXES,
    RU_CITIES,
    RU_REGION_NOUNS,
)

HOLDOUT = Path(__file__).resolve().parents[1] / "benchmarks" / "data" / "extract_holdout"
# Every held-out set: the third (top level), the thirtieth and the thirty-first (the
# fourth to the twenty-ninth are now tuning data).
HOLDOUT_SETS = [HOLDOUT, HOLDOUT / "thirtieth", HOLDOUT / "thirtyfirst"]
# Cities and regions the rules know by name, in English and Russian: geography, not names.
RU_CITY_NAMES = frozenset(city.casefold() for city in RU_CITIES)
GEOGRAPHY = frozenset(extract.GAZETTEER) | RU_CITY_NAMES


def _geography(name: str) -> bool:
    """A city or region the rules know, or a Russian city's case form ("в Горловке")."""
    return name in GEOGRAPHY or (
        " " not in name
        and any(
            len(city) >= 4 and name.startswith(city[:-1]) and 0 <= len(name) - len(city) <= 2
            for city in RU_CITY_NAMES
        )
    )


# Words no name is made of alone: the rules' heads, kinds and place suffixes.
GENERIC = frozenset(ORG_HEADS) | ACTOR_HINT_WORDS | PLACE_SUFFIXES | {"of", "the", "for", "and"}


def _found(text: str) -> dict[str, Candidate]:
    return {c.name or f"({c.label})": c for c in extract_candidates(text, "made-up.txt")}


# ------------------------------------------------------- names with no head word


@pytest.mark.parametrize(
    "text",
    [
        "North Korean plasterers now work for the contractor Baikalstroy in Ulan-Ude.",
        "Baikalstroy, a regional builder, took on 30 North Korean workers in May.",
        "Baikalstroy hired 30 North Korean workers in May.",
        "The builders are finishing a school for Baikalstroy, officials said of the workers.",
        "The developer, Baikalstroy, houses its North Korean workers on site.",
    ],
)
def test_a_builder_named_without_a_head_word_is_a_company(text: str) -> None:
    builder = _found(text)["Baikalstroy"]
    assert (builder.schema, builder.category) == ("company", "employer")


def test_a_coined_company_name_is_a_company_wherever_it_stands() -> None:
    found = _found("North Korean workers were seen at a depot run by Selengatrans last year.")
    assert found["Selengatrans"].schema == "company"


def test_english_words_containing_a_company_morpheme_are_not_companies() -> None:
    found = _found("Investigators say North Korean workers are paid little. Translators agree.")
    assert not {"Investigators", "Translators"} & set(found)


def test_russian_company_in_guillemets_after_its_legal_form() -> None:
    found = _found("Рабочих из КНДР наняла компания ООО «Байкалстрой» в Улан-Удэ.")
    assert "Байкалстрой" in found
    assert "ООО" not in found


# ------------------------------------------------------------ regions by title


@pytest.mark.parametrize(
    ("text", "region", "country"),
    [
        ("North Korean workers arrived in Tver Oblast in March.", "Tver Oblast", "ru"),
        ("Builders from North Korea work in Altai Krai.", "Altai Krai", "ru"),
        ("North Korean labourers are employed in the Nenets Autonomous Okrug.",
         "Nenets Autonomous Okrug", "ru"),
        ("North Korean workers are building flats in the Republic of Khakassia.",
         "Republic of Khakassia", "ru"),
        ("Рабочие из КНДР трудятся в Тверской области.", "Тверская область", "ru"),
        ("Строители из КНДР работают в Алтайском крае.", "Алтайский край", "ru"),
    ],
)  # fmt: skip
def test_a_region_written_with_its_title_is_a_region(text: str, region: str, country: str) -> None:
    found = _found(text)[region]
    assert (found.schema, found.countries) == ("region", [country])


def test_an_unknown_province_without_a_known_name_is_not_a_region() -> None:
    assert _found("A source in Ryanggang Province told reporters about the workers.") == {}


def test_a_destination_counts_in_an_article_about_labour() -> None:
    text = (
        "North Korea is preparing workers for Russia.\n\n"
        "The next groups will go to Tver Oblast and the Republic of Khakassia.\n"
    )
    assert {"Tver Oblast", "Republic of Khakassia"} <= set(_found(text))


# ------------------------------------------------------------ unnamed bodies


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("An agency in Pyongyang that sends workers abroad opened an office.",
         "agency in Pyongyang that sends workers abroad"),
        ("A firm in Chita that lays rails employs North Korean workers.",
         "firm in Chita that lays rails"),
        ("The men are registered as students of a local college in Chita.", "local college"),
        ("Рабочих из КНДР оформило кадровое агентство в Чите.", "кадровое агентство в Чите"),
    ],
)  # fmt: skip
def test_a_described_body_without_a_nationality_is_unnamed(text: str, label: str) -> None:
    (unnamed,) = [c for c in extract_candidates(text, "made-up.txt") if c.unnamed]
    assert unnamed.label == label
    assert unnamed.names == []


def test_a_description_of_a_named_company_is_not_a_second_entity() -> None:
    text = "Workers were sent by Chollima Trading Corporation, a North Korean company."
    assert [c.name for c in extract_candidates(text, "made-up.txt")] == [
        "Chollima Trading Corporation"
    ]


# ----------------------------------------------------- never proposed


@pytest.mark.parametrize(
    ("text", "never"),
    [
        ("By Anna Karlsson\n\nNorth Korean workers are in Tver Oblast.", "Anna Karlsson"),
        ("Reporting by Anna Karlsson; Editing by Tom Baird", "Tom Baird"),
        ("The author is a former researcher at the Seoul Institute of Labour Studies.",
         "Seoul Institute of Labour Studies"),
        ("Anna Karlsson, a former official at the Ministry of Welfare, said workers suffer.",
         "Ministry of Welfare"),
        ("Anna Karlsson, a former official at the Ministry of Welfare, said workers suffer.",
         "Anna Karlsson"),
        ("She previously worked for the Baltic Labour Agency, which places workers.",
         "Baltic Labour Agency"),
        ("The Office of Overseas Controls today designated Chollima Trading Corporation for "
         "sending workers.", "Office of Overseas Controls"),
        ("Analysts at the Centre for Korean Studies said the workers are watched.",
         "Centre for Korean Studies"),
        ("Workers are closely watched, the Baltic Herald reported.", "Baltic Herald"),
        ("Workers are closely watched, Bloomberg reported.", "Bloomberg"),
        ("Рабочих из КНДР стало больше, сообщает «Байкальский вестник».", "Байкальский вестник"),
    ],
)  # fmt: skip
def test_authors_their_employers_outlets_and_authorities_are_never_proposed(
    text: str, never: str
) -> None:
    assert never not in _found(text)


@pytest.mark.parametrize("folder", HOLDOUT_SETS, ids=["third", "thirtieth", "thirtyfirst"])
def test_the_rules_do_not_name_anything_from_the_held_out_set(folder: Path) -> None:
    """Held-out names must be found by rules, not written into them (regions aside)."""
    labels = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))
    code = "".join(
        p.read_text(encoding="utf-8") for p in Path(extract.__file__).parent.glob("*.py")
    ).casefold()
    for excerpt in labels["excerpts"]:
        for item in excerpt.get("want") or []:
            for name in [item] if isinstance(item, str) else item:
                words = name.casefold().split()
                # Regions in any case ("Иркутской области"), as the rules' own examples.
                regional = words[-1] in ("oblast", "krai", "region", "okrug", "district") or (
                    words[-1] in RU_REGION_NOUNS
                )
                # Republics, the occupied "people's republics" too, as regions in any case.
                republic = any(w == "republic" or w.startswith("республик") for w in words)
                if regional or republic or _geography(name.casefold()):
                    continue  # generic geography, as for the seed list
                if all(w in GENERIC for w in words):
                    continue  # a short form of the rules' own kind words ("the Training Centre")
                if len(name) > 4:
                    assert name.casefold() not in code, name


@pytest.mark.parametrize(
    "folder",
    [*HOLDOUT_SETS, HOLDOUT.parent / "extract_tune"],
    ids=["third", "thirtieth", "thirtyfirst", "tune"],
)
def test_every_label_is_in_its_excerpt(folder: Path) -> None:
    """A label the text does not contain would count as a miss no rule could fix."""
    labels = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))
    assert len(labels["excerpts"]) >= 12
    for excerpt in labels["excerpts"]:
        text = (folder / excerpt["file"]).read_text(encoding="utf-8")
        for field in ("want", "allowed", "forbidden"):
            for item in excerpt.get(field) or []:
                variants = [item] if isinstance(item, str) else item
                assert any(v in text for v in variants), (excerpt["file"], field)
        for label in excerpt.get("unnamed") or []:
            assert label["near"].casefold() in text.casefold(), (excerpt["file"], "unnamed")


# ------------------------------------------- extractor version 4 (second round)


@pytest.mark.parametrize(
    ("text", "region"),
    [
        # A region stays a region where a body stands in it; only a city is an address.
        ("North Korean workers are employed at a plant in Tver Oblast.", "Tver Oblast"),
        # A region counts anywhere in an article about labour, not only in its sentence.
        ("North Korean workers were hired last year.\n\nThe timber went to a buyer in Tver "
         "Oblast.", "Tver Oblast"),
        ("Губернатор Тверской области заявил, что рабочие из КНДР приедут весной.",
         "Тверская область"),
        ("Рабочие из КНДР трудятся в Республике Хакасия.", "Республика Хакасия"),
        ("Рабочие из КНДР трудятся в Ненецком автономном округе.", "Ненецкий автономный округ"),
    ],
)  # fmt: skip
def test_regions_in_more_shapes(text: str, region: str) -> None:
    assert _found(text)[region].schema == "region"


def test_a_city_that_describes_a_person_is_not_proposed() -> None:
    found = _found("Photos posted by a Chita blogger show North Korean workers on a site.")
    assert "Chita" not in found


@pytest.mark.parametrize(
    ("text", "name", "category"),
    [
        ("The governor of Tver Oblast, Pyotr Zuev, invited North Korean builders.",
         "Pyotr Zuev", "official"),
        ("The deal on workers was signed by the head of the regional government, Pyotr Zuev.",
         "Pyotr Zuev", "official"),
        ("The workers were hired by Pyotr Zuev, the company's director.", "Pyotr Zuev",
         "executive"),
        ("Pyotr Zuev, who runs the agency, declined to comment on the workers.", "Pyotr Zuev",
         "executive"),
        ("The agency is owned by Pyotr Zuev, a businessman from Chita.", "Pyotr Zuev",
         "executive"),
        ("OFAC also designated Ko Chol Man, the North Korean chief executive of the firm.",
         "Ko Chol Man", "executive"),
        ("North Korean Minister of Forestry Affairs Ko Chol Man signed a deal on workers.",
         "Ko Chol Man", "official"),
    ],
)  # fmt: skip
def test_people_in_more_shapes(text: str, name: str, category: str) -> None:
    found = _found(text)[name]
    assert (found.schema, found.category) == ("person", category)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Welders were hired by Zolotoy Rog Marine Works in Chita.", "Zolotoy Rog Marine Works"),
        ("Workers assemble drones in the Kama Special Economic Zone.",
         "Kama Special Economic Zone"),
        ("The site is run by Severnaya Stroitelnaya Kompaniya, which hired workers.",
         "Severnaya Stroitelnaya Kompaniya"),
        ("Workers from North Korea live on the Zarya cooperative in Chita.", "Zarya"),
        ("The contract is with the firm's subsidiary Baikalenergoset, which hires workers.",
         "Baikalenergoset"),
        ("Workers came through a recruiter, Baikal Kadry.", "Baikal Kadry"),
        ("The workers were placed with Baikalstal, according to the records.", "Baikalstal"),
        ("Рабочих нанимает фирма «Северная строительная компания».",
         "Северная строительная компания"),
    ],
)  # fmt: skip
def test_companies_in_more_shapes(text: str, name: str) -> None:
    found = _found(text)[name]
    assert found.schema in ("company", "organization")


@pytest.mark.parametrize(
    ("text", "never"),
    [
        ("Treasury Under Secretary Anna Karlsson said the workers earn money for the regime.",
         "Anna Karlsson"),
        ("The U.S. Department of the Treasury's Office of Foreign Assets Control (OFAC) today "
         "designated a firm that sends workers.", "U.S. Department"),
        ("Data from the Ministry of Internal Affairs show that 13,000 workers arrived.",
         "Ministry of Internal Affairs"),
        ("Amnesty International said the workers' passports were taken.",
         "Amnesty International"),
        ("Tom Baird, a former State Department official now at the Tver Center, said workers "
         "suffer.", "Tver Center"),
        ("Its Russia-based front company hires North Korean workers.", "Russia-based"),
        ("Crystal said the North Korean workers were paid.", "Crystal"),
    ],
)  # fmt: skip
def test_more_things_that_are_never_proposed(text: str, never: str) -> None:
    assert never not in _found(text)


def test_a_described_body_placed_by_its_origin_or_a_city_before_it() -> None:
    labels = {
        c.label
        for text in (
            "A construction firm from Chita brought in 50 North Korean builders.",
            "North Korean workers were recruited by a Chita agency that arranges jobs.",
        )
        for c in extract_candidates(text, "made-up.txt")
        if c.unnamed
    }
    assert labels == {"construction firm from Chita", "Chita agency that arranges jobs"}


def test_a_clause_after_a_comma_is_no_apposition() -> None:
    found = _found("Workers are employed by Stroytrest in Chita, said a lawyer for the firm.")
    assert found["Chita"].schema == "region"  # a place, not "a firm"


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Рабочих направило Министерство лесного хозяйства КНДР через посредника.",
         "Министерство лесного хозяйства", "kp"),
        ("Квоты согласовали в Министерстве труда КНДР.", "Министерство труда", "kp"),
        ("Рабочих распределяет Главное управление по внешним связям.",
         "Главное управление по внешним связям", None),
    ],
)  # fmt: skip
def test_a_russian_body_is_named_with_its_lower_case_words(
    text: str, name: str, country: str | None
) -> None:
    found = _found(text)[name]
    assert found.schema == "public_body"
    assert found.countries == ([country] if country else [])


@pytest.mark.parametrize(
    "text",
    [
        "Как сообщило Министерство внутренних дел, рабочих стало больше.",
        "По данным Министерства внутренних дел, рабочих стало больше.",
        "Главное управление по вопросам миграции МВД России сообщило, что рабочих стало больше.",
    ],
)
def test_a_russian_body_quoted_as_a_source_is_not_proposed(text: str) -> None:
    assert not [c for c in extract_candidates(text, "made-up.txt") if c.schema == "public_body"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Министр труда Приморья Ольга Иванова заявила, что квот нет.", "Ольга Иванова"),
        ("Губернатор Тверской области Пётр Зуев Иванович заявил, что рабочие приедут.",
         "Пётр Зуев Иванович"),
    ],
)  # fmt: skip
def test_a_russian_name_after_a_title_leaves_out_the_body(text: str, name: str) -> None:
    assert _found(text)[name].schema == "person"


def test_a_russian_peoples_republic_in_any_case() -> None:
    found = _found("Строители из КНДР работают в Луганской Народной Республике.")
    assert found["Луганская Народная Республика"].countries == ["ua"]


@pytest.mark.parametrize(
    ("text", "never"),
    [
        ('"Numbers are rising," said Ko Chol Man, director of the Institute for Baltic Studies '
         "at Tver State University.", "Ko Chol Man"),
        ('"Numbers are rising," said Ko Chol Man, director of the Institute for Baltic Studies '
         "at Tver State University.", "Tver State University"),
        ("Ko Chol Man, president of the Global Institute for Labour Studies, said workers "
         "suffer.", "Global Institute"),
        ("Ko Chol Man, a professor of Korean studies at Tver University, said workers suffer.",
         "Tver University"),
        ("Ko Chol Man, who teaches at Tver University, said the workers suffer.",
         "Tver University"),
        ("Satellite images analysed by the Baltic Institute show new dormitories for workers.",
         "Baltic Institute"),
        ("The Interior Ministry's migration department said 13,000 workers arrived.",
         "Interior Ministry"),
        ("A spokesman for the Baltic Ministry of Energy, Ko Chol Man, said workers are students.",
         "Baltic Ministry of Energy"),
        ("Как рассказал «Вестнику» руководитель отдела миграции Пётр Зуев, квоты исчерпаны.",
         "Пётр Зуев"),
    ],
)  # fmt: skip
def test_sources_in_more_shapes_are_never_proposed(text: str, never: str) -> None:
    assert never not in _found(text)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Workers were supplied to the site by a subcontractor whose owner declined to talk.",
         "subcontractor"),
        ("A state-owned North Korean trading company arranges the contracts for the workers.",
         "trading company"),
        ("The workers were registered with a language school, which issued them student visas.",
         "language school"),
        ("Рабочих привезла частная фирма из Читы, которая оформляет визы.", "фирма из Читы"),
        ("Учебный центр в Чите выдает приглашения студентам из КНДР.", "Учебный центр в Чите"),
    ],
)  # fmt: skip
def test_described_bodies_in_more_shapes(text: str, kind: str) -> None:
    labels = [c.label or "" for c in extract_candidates(text, "made-up.txt") if c.unnamed]
    assert any(kind in label for label in labels), labels


@pytest.mark.parametrize(
    ("text", "never"),
    [
        ("The Baltic Institute's Ko Chol Man said the workers were a source of currency.",
         "Ko Chol Man"),
        ("Former U.S. Treasury official Tom Baird said the workers earn money for weapons.",
         "Tom Baird"),
        ("The figures were confirmed by the Baltic Border Service.", "Baltic Border Service"),
    ],
)  # fmt: skip
def test_people_and_bodies_speaking_as_sources_are_never_proposed(text: str, never: str) -> None:
    assert never not in _found(text)


@pytest.mark.parametrize(
    ("text", "never"),
    [
        ("Institute director Tom Baird said the workers earn little.", "Tom Baird"),
        ("Профессор Высшей школы экономики Пётр Зуев заявил, что рабочих станет больше.",
         "Пётр Зуев"),
        ("Главный редактор «Вестника» Пётр Зуев заявил, что рабочих станет больше.", "Пётр Зуев"),
    ],
)  # fmt: skip
def test_experts_and_editors_named_after_their_title_are_sources(text: str, never: str) -> None:
    assert never not in _found(text)


def test_an_official_who_spoke_earlier_is_still_an_actor() -> None:
    found = _found("Ранее губернатор Пётр Зуев заявил, что рабочие из КНДР приедут.")
    assert found["Пётр Зуев"].schema == "person"


# ---------------------------------- extractor version 5: how reporting cites its sources


@pytest.mark.parametrize(
    ("text", "never"),
    [
        # A byline's outlet is no entry anywhere in the article.
        ("By Maren Solberg, Fjordline\n\nNorth Korean workers are in Tver Oblast. Fjordline "
         "Agency photos show the site.", "Fjordline"),
        # A dateline names where the story was filed and who filed it.
        ("TOKYO (Kaigan Wire Service) - North Korean workers were sent to Tver Oblast.",
         "Kaigan Wire Service"),
        ("SEOUL, South Korea (Kaigan Service) -- North Korean workers were sent to Tver Oblast.",
         "Kaigan Service"),
        ("VLADIVOSTOK (Kaigan) - North Korean workers were sent to Tver Oblast.",
         "VLADIVOSTOK"),
        ("КЕМЕРОВО, 3 мая - агентство «Кедр». Рабочие из КНДР прибыли в Тверскую область.",
         "Кедр"),
        # Photo credits, in brackets, after a copyright sign or on their own line.
        ("North Korean workers sleep in containers. (Photo: Lumen Photo Agency)",
         "Lumen Photo Agency"),
        ("Satellite image of the workers' dormitory © Skyline Imaging Agency",
         "Skyline Imaging Agency"),
        ("A Lumen Agency photo shows North Korean workers at the site.", "Lumen Agency"),
        ("Фото: Пётр Зуев / агентство «Байкалфото»", "Байкалфото"),
        # A note on the author: a name, a verb and a writer's role.
        ("Ivo Brandt is a freelance journalist and a former adviser to the Venn Trade Agency.",
         "Venn Trade Agency"),
    ],
)  # fmt: skip
def test_bylines_datelines_and_credits_are_never_proposed(text: str, never: str) -> None:
    assert not [name for name in _found(text) if never in name]


@pytest.mark.parametrize(
    ("text", "never"),
    [
        ("Tallard University researchers found that North Korean workers were paid little.",
         "Tallard University"),
        ('"Workers suffer," said Ko Chol Man, director of the Venn Center for Asian Affairs.',
         "Ko Chol Man"),
        ('"Workers suffer," said Ko Chol Man, director of the Venn Center for Asian Affairs.',
         "Venn Center"),
        ("Venn Center director Ko Chol Man said the workers are watched.", "Ko Chol Man"),
        ("Venn Center director Ko Chol Man said the workers are watched.", "Venn Center"),
        ("Venn Center senior fellow Ko Chol Man said the workers are watched.", "Venn Center"),
        ('"Workers suffer," said Ko Chol Man of the Venn Institute.', "Venn Institute"),
        ('"Workers suffer," said Ko Chol Man, who leads the Korea project at the Venn '
         "Institute.", "Ko Chol Man"),
        ('"Workers suffer," said Ko Chol Man, who studies North Korea at the Venn Center.',
         "Venn Center"),
        ('"Workers suffer," said Ko Chol Man, an expert on North Korea\'s overseas labour at '
         "the Venn Institute.", "Venn Institute"),
        ("The Venn Center's 38 North program found that 3,000 workers arrived.", "Venn Center"),
        ("Former intelligence officer Ko Chol Man said the workers are watched.", "Ko Chol Man"),
        ("Analyst Ko Chol Man said the workers are watched.", "Ko Chol Man"),
    ],
)  # fmt: skip
def test_experts_and_the_institutions_they_speak_for_are_never_proposed(
    text: str, never: str
) -> None:
    assert not [name for name in _found(text) if never in name]


@pytest.mark.parametrize(
    ("text", "never"),
    [
        ("According to a 2021 study by the Venn Institute, workers earn $100 a month.",
         "Venn Institute"),
        ("The Venn Institute's annual report estimates that 10,000 workers are in Russia.",
         "Venn Institute"),
        ("Venn Monitoring Agency, citing sources in Chita, said the workers had arrived.",
         "Venn Monitoring Agency"),
        ("The Venn Group, a consultancy that tracks sanctions, said workers had arrived.",
         "Venn Group"),
        ("Venn Analytics Group, a data provider, said 3,000 workers arrived.",
         "Venn Analytics Group"),
        ("The research firm Venn Group counted 3,000 workers.", "Venn Group"),
        ("The think tank Venn Center counted 3,000 workers.", "Venn Center"),
        ("Venn Group's source in Chita said the workers are watched.", "Venn Group"),
        ("Workers are watched, the Venn Agency, a Japanese wire service, reported.",
         "Venn Agency"),
        ("This article was produced in partnership with the Venn Center for Investigative "
         "Reporting.", "Venn Center"),
        ("Ko Chol Man is a staff writer at Fjordline and spent a decade at the Venn Trade "
         "Agency.", "Venn Trade Agency"),
    ],
)  # fmt: skip
def test_reports_data_providers_and_cited_outlets_are_never_proposed(text: str, never: str) -> None:
    assert not [name for name in _found(text) if never in name]


def test_an_authors_note_names_no_employer_of_theirs() -> None:
    text = (
        "Seo Min-ji | Contributing writer\n\n"
        "Baikalstroy hired 30 North Korean workers in May.\n\n"
        "Seo Min-ji spent eight years at the Venn Trade Promotion Agency. She was later a "
        "consultant for the Tver Export Corporation."
    )
    found = _found(text)
    assert "Baikalstroy" in found
    assert not {"Venn Trade Promotion Agency", "Tver Export Corporation"} & set(found)


@pytest.mark.parametrize(
    ("text", "never"),
    [
        ("Рабочих из КНДР стало больше, сообщает агентство «Байкал-Информ».", "Байкал-Информ"),
        ("Рабочих из КНДР стало больше, сообщило информационное агентство «Байкал».",
         "Байкал"),
        ("По данным аналитической компании «Венн», рабочих из КНДР стало больше.", "Венн"),
        ("Рабочих из КНДР стало больше, передаёт агентство «Дальвести».", "Дальвести"),
    ],
)  # fmt: skip
def test_russian_news_agencies_and_cited_firms_are_never_proposed(text: str, never: str) -> None:
    assert never not in _found(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # An apposition closed before "is a former official" does not make her a source.
        ("The centre's director, Nikolai Zuev, is a former regional official who hired North "
         "Korean workers.", "Nikolai Zuev"),
        ("The deal was brokered by the embassy's labour attache, Ri Kwang Chol, according to "
         "the statement.", "Ri Kwang Chol"),
        # Sentence case is no cue against a kind noun: "Компания «X»" opens the sentence.
        ("Компания «Байкаллесэкспорт» привлекла 90 рабочих из КНДР.", "Байкаллесэкспорт"),
    ],
)  # fmt: skip
def test_actors_next_to_the_new_source_rules_are_still_proposed(text: str, name: str) -> None:
    assert name in _found(text)


@pytest.mark.parametrize(
    ("text", "name", "never"),
    [
        ("Arkady Veselov, director of the Venn Training Center, said he had hired 50 North "
         "Korean workers. Venn Center director Ko Chol Man said the workers are watched.",
         "Venn Training Center", "Venn Center"),
        ("The workers were hired by Zolotoy Rog Marine Works, according to a 2021 study by the "
         "Venn Institute.", "Zolotoy Rog Marine Works", "Venn Institute"),
        ("SEOUL (Fjordline Service) - North Korean workers were sent to Tver Oblast by Chonji "
         "Trading Corporation.", "Chonji Trading Corporation", "Fjordline Service"),
        ("Рабочих нанимает кадровое агентство «Байкал Кадры», сообщает агентство «Кедр».",
         "Байкал Кадры", "Кедр"),
    ],
)  # fmt: skip
def test_actors_in_sentences_that_cite_sources_are_kept(text: str, name: str, never: str) -> None:
    found = _found(text)
    assert name in found
    assert never not in found


def test_a_sentence_initial_word_written_lower_case_elsewhere_is_no_employer() -> None:
    found = _found("Рабочих наняла компания «Байкаллес». Всех рабочих поселили в общежитии.")
    assert "Байкаллес" in found
    assert "Рабочих" not in found


@pytest.mark.parametrize(
    ("text", "never"),
    [
        ("Workers are watched, BBC Russian Service reported on its website, and the BBC Russian "
         "Service crew filmed them.", "BBC Russian Service"),
        ("The Venn Institute has documented 20 cases of North Korean workers in Amur Oblast.",
         "Venn Institute"),
        ("The Venn Trade Agency estimates that 10,000 North Korean workers are in Russia.",
         "Venn Trade Agency"),
        ('"Workers suffer," said Lankov, of the Venn University.', "Venn University"),
        ("Retired general Ko Chol Man said the workers are watched.", "Ko Chol Man"),
        ("Professor Ko Chol Man said the workers are watched.", "Ko Chol Man"),
        ("Dr Ko Chol Man said the workers are watched.", "Ko Chol Man"),
        ("About the author: Ko Chol Man spent ten years at the Venn Trade Agency.",
         "Venn Trade Agency"),
        ("North Korean workers in Amur Oblast in 2019. (Venn Agency/Getty Images)",
         "Venn Agency"),
        ("North Korean workers in Amur Oblast in 2019.\n\nVenn Agency / Ivo Brandt",
         "Venn Agency"),
        ("The company did not answer questions from the Venn Agency about the workers.",
         "Venn Agency"),
    ],
)  # fmt: skip
def test_more_citation_shapes_are_never_proposed(text: str, never: str) -> None:
    assert not [name for name in _found(text) if never in name]


# ----------------------------------------- extractor version 6 (sources of every kind)


@pytest.mark.parametrize(
    ("text", "never"),
    [
        # A sanctioning authority acting "on Thursday", and its director quoted by acronym.
        ("The Office of Overseas Controls (OOC) on Thursday designated Chonji Trading "
         "Corporation for sending workers to Tver Oblast.", "Office of Overseas Controls"),
        ("The Office of Overseas Controls (OOC) on Thursday designated Chonji Trading "
         "Corporation. OOC Director Jane Marsh said the move closes a loophole.", "Jane Marsh"),
        ("По данным ФСНМ, рабочих из КНДР стало больше. «Спрос растёт», — отметил руководитель "
         "ФСНМ Иван Петров.", "Иван Петров"),
        # Credits for compiling, translating, and a disclaimer naming the author's employer.
        ("Compiled by Anna Karlsson.", "Anna Karlsson"),
        ("The views expressed are her own and do not reflect those of Venn University.",
         "Venn University"),
        ("Jane Doe (Venn Pacific University) and Ivo Brandt (Venn Institute of Social "
         "Research)\n\nAbstract. North Korean workers are placed in Tver Oblast.",
         "Venn Pacific University"),
        # Bracketed citations, notes sections, footnotes and editors' notes.
        ("North Korean workers are counted in Tver Oblast. (source: Venn Wire Service)",
         "Venn Wire Service"),
        ("North Korean workers are increasingly placed on student visas (Venn Labour Institute "
         "2024).", "Venn Labour Institute"),
        ("North Korean workers are in Tver Oblast.[1]\n\nNotes\n[1] Venn Labour Agency, "
         "'Hands for Hire', 2024, p. 14.", "Venn Labour Agency"),
        ("North Korean workers are in Tver Oblast.\n\n[2] Venn Staffing Agency, annual report, "
         "2023.", "Venn Staffing Agency"),
        ("Editor's note: This story was updated after the Venn Trade Agency corrected its "
         "figures on North Korean workers.", "Venn Trade Agency"),
        # Firms and groups that examine, verify, publish or reveal.
        ("The forensic firm Venn Digital examined the files on North Korean workers.",
         "Venn Digital"),
        ("The Venn Council's monthly bulletin lists 2,000 North Korean workers in Tver Oblast.",
         "Venn Council"),
        ("Researchers from the Venn Documentation Center interviewed 40 North Korean workers.",
         "Venn Documentation Center"),
        ("The Eastern Labour Institute, which broke the story, said 300 North Korean workers "
         "were in Tver Oblast.", "Labour Institute"),
        ("In a paper for the Venn Council on Korea, researchers counted 300 North Korean "
         "workers in Tver Oblast.", "Venn Council"),
        ("The Venn Information Agency briefed lawmakers that North Korean workers arrived in "
         "Tver Oblast.", "Venn Information Agency"),
        ("This story was produced with support from the Venn Journalism Trust.",
         "Venn Journalism Trust"),
        ("The findings on North Korean workers were presented at Venn University in May.",
         "Venn University"),
        ("Workers' testimonies were collected by the Venn Truth Working Group in Seoul.",
         "Venn Truth Working Group"),
        ("A court sentenced the broker, citing evidence from the Venn Coast Guard Agency.",
         "Venn Coast Guard Agency"),
        # Rights groups, pseudonyms, interpreters, works and their titles.
        ("Rights group Venn Bridge Center, which helps defectors, said workers in Tver Oblast "
         "were beaten.", "Venn Bridge Center"),
        ("The Venn Freedom Center, a Seoul-based group that helps defectors, said 300 workers "
         "were in Tver Oblast.", "Freedom Center"),
        ("A worker we will call Kim Song-ho said the North Korean crew in Tver Oblast was "
         "beaten.", "Kim Song-ho"),
        ("The interpreter Lee Min-ji said the North Korean workers in Tver Oblast were beaten.",
         "Lee Min-ji"),
        ("The documentary Cold Contract, produced by Venn Pictures Company, follows North "
         "Korean workers in Tver Oblast.", "Cold Contract"),
        ("Ivan Petrov, a graduate of the Venn Institute of Technology, now runs a recruitment "
         "agency in Tver Oblast.", "Venn Institute of Technology"),
        # Police, customs, investigators and courts acting on the network.
        ("The Tver Oblast Police Department raided a dormitory housing North Korean workers.",
         "Police Department"),
        ("The Venn Customs Administration seized wages that North Korean workers carried.",
         "Venn Customs Administration"),
        ("Russia's Investigative Committee opened a case against the contractor that hired "
         "North Korean workers.", "Investigative Committee"),
        ("The Venn Labour Inspection Office fined the contractor that hired North Korean "
         "workers in Tver Oblast.", "Venn Labour Inspection Office"),
        # Russian press offices, informants "in" a body, and a body that "reported".
        ("Пресс-служба Министерства строительства Тверской области сообщила, что рабочие из "
         "КНДР прибыли.", "Министерство строительства"),
        ("Управление по вопросам миграции сообщило, что рабочие из КНДР прибыли в Тверскую "
         "область.", "Управление по вопросам миграции"),
        ("Как рассказал источник в Министерстве труда Тверской области, рабочие из КНДР "
         "прибыли в марте.", "Министерство труда"),
        ("Комитет по труду и занятости населения Тверской области сообщил, что рабочие из КНДР "
         "прибыли.", "Комитет по труду"),
        ("По приказу Министерства внутренних дел рабочих из КНДР выслали из Тверской области.",
         "Министерство внутренних дел"),
        # Data vendors and newsrooms in apposition; bodies that believe or are spoken to.
        ("The Venn Company Records Service, a database of filings, lists the owners of the "
         "firm that hired North Korean workers.", "Venn Company Records Service"),
        ("The Venn Pacific Center, an independent newsroom in Seoul, filed requests about "
         "North Korean workers in Tver Oblast.", "Venn Pacific Center"),
        ("The Venn Security Bureau believes 3,000 North Korean workers are in Tver Oblast.",
         "Venn Security Bureau"),
        ("Ivan Petrov spoke to the Venn Labour Agency about the North Korean workers.",
         "Venn Labour Agency"),
    ],
)  # fmt: skip
def test_sources_authorities_and_credits_of_every_kind_are_never_proposed(
    text: str, never: str
) -> None:
    assert not [name for name in _found(text) if never in name]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Okeanprom is co-owned by Ivan Lutsenko, a former deputy head of the fisheries "
         "department.", "Ivan Lutsenko"),
        ("Vesna Agro, a farming group chaired by Pavel Belyakov, houses North Korean "
         "workers.", "Pavel Belyakov"),
        ("Pak Chol-jun, the company's representative in Tver, hired the North Korean workers.",
         "Pak Chol-jun"),
        ("The firm's representative on the island, Kim Hyok-chol, has lived there since 2019.",
         "Kim Hyok-chol"),
        ("The contracts for North Korean crews went to two firms, Kedrovy Stroy and Taiga "
         "Construction.", "Taiga Construction"),
        ("The contracts for North Korean crews went to two firms, Kedrovy Stroy and Taiga "
         "Construction.", "Kedrovy Stroy"),
        ("The Myohyang Overseas Company, which works for the Fifth Foreign Economic Bureau, "
         "sent the workers.", "Fifth Foreign Economic Bureau"),
        ("They were taken over by Ostrov-Trud, a labour broker in Tver, and sent to sites.",
         "Ostrov-Trud"),
        ("The North Korean workers were hired by Baikal Hull Services last year.",
         "Baikal Hull Services"),
        ("Генеральный директор «Тверьстройинвеста» Роман Гайдамак от комментариев отказался.",
         "Роман Гайдамак"),
        ("Суд признал генерального директора ООО «ТверьСтройГрупп» Виктора Лаптева виновным.",
         "Виктора Лаптева"),
        ("Заявки курирует заместитель председателя правительства Тверской области Олег Савин.",
         "Олег Савин"),
        ("Представитель «Сонбона» в Москве Чон Сон Ир приезжает на объекты за зарплатой.",
         "Чон Сон Ир"),
        ("Рабочие из КНДР въехали по учебным визам через образовательный центр «Лингва-Плюс».",
         "Лингва-Плюс"),
    ],
)  # fmt: skip
def test_actors_in_more_shapes_are_proposed(text: str, name: str) -> None:
    assert name in _found(text)


def test_an_analytic_centre_in_guillemets_is_a_source_and_a_training_centre_an_actor() -> None:
    found = _found(
        "Рабочие из КНДР прибыли через учебный центр «Знание Плюс». Данные подготовлены "
        "информационно-аналитическим центром «Венн Мониторинг»."
    )
    assert "Знание Плюс" in found
    assert "Венн Мониторинг" not in found


def test_the_head_of_a_body_cited_in_the_sentence_before_is_a_source() -> None:
    found = _found(
        "The Venn Labour Analysis Agency, a Moscow consultancy, estimates that 8,000 North "
        "Koreans work in Russia. Its director, Pavel Zorin, said the number would double.\n\n"
        "Vostokstroy hired 40 North Korean workers. Its director, Ivan Petrov, said they were "
        "students."
    )
    assert "Pavel Zorin" not in found
    assert "Ivan Petrov" in found


# ------------------------------------- sanctioning bodies, experts' honorifics, more shapes


@pytest.mark.parametrize(
    ("text", "never"),
    [
        ("The Department of State is concurrently designating the Orlan Trading Company.",
         "Department of State"),
        ("The Council of the European Union on Monday imposed restrictive measures on "
         "Orlan Trading, which sends North Korean workers to Tver.",
         "Council of the European Union"),
        ('"They hire out their own citizens," said Acting Under Secretary Jane Holloway of '
         "the designation of Orlan Trading, which employs North Korean workers.",
         "Jane Holloway"),
        ("North Korean crews work at the Orlan site. Dr Peter Vance of Ashcombe Hall said "
         "the practice breached the resolutions.", "Ashcombe Hall"),
        ("North Korean builders are in Kursk Oblast, Latvia's military intelligence agency, "
         "MIB, told a news conference.", "MIB"),
    ],
)  # fmt: skip
def test_sanctioning_bodies_their_ranks_and_experts_employers_are_never_proposed(
    text: str, never: str
) -> None:
    assert not any(never.casefold() in name.casefold() for name in _found(text))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # A district named by a Russian adjective, also inside a region.
        ("North Korean workers were sent to logging camps in Zeysky District of Amur Oblast.",
         "Zeysky District"),
        ("North Korean workers were sent to logging camps in Zeysky District of Amur Oblast.",
         "Amur Oblast"),
        ("Рабочие из КНДР валят лес в Зейском районе Амурской области.", "Зейский район"),
        # A diplomat's rank in apposition.
        ("Kim Song Chol, a counsellor at the North Korean embassy, arranged the workers' visas.",
         "Kim Song Chol"),
        # An army that sends builders keeps the nationality that is part of its name.
        ("The Korean People's Army sent 2,000 military builders to the region.",
         "Korean People's Army"),
        # North Korea's own security ministry watches its workers: an actor, in any case.
        ("За рабочими следит представитель северокорейского Министерства государственной "
         "безопасности.", "Министерство государственной безопасности"),
    ],
)  # fmt: skip
def test_districts_diplomats_armies_and_north_korean_security_are_proposed(
    text: str, name: str
) -> None:
    assert name in _found(text)


def test_a_country_and_a_head_word_alone_name_no_body() -> None:
    assert "Army" not in _found("The Russian Army hired North Korean builders for the bridge.")


def test_a_russian_interior_ministry_stays_an_authority() -> None:
    found = _found("Министерство внутренних дел России проверило общежитие рабочих из КНДР.")
    assert not any("внутренних" in name for name in found)


# --------------------------------------------- version 8: how reporting names actors


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # A supplier of workers "provided by" is no source of data.
        ("The crews are provided by Hwasong Construction Company, the workers said.",
         "Hwasong Construction Company"),
        # A kind noun, then "called" or "named", then the name (a pronoun may come between).
        ("The builder relies on a subcontractor called Polar Horizon to house the workers.",
         "Polar Horizon"),
        ('The workers were brought in by a trading house he called "Ryongak".', "Ryongak"),
        # A full Korean name is a person by its shape, even with a month's spelling in it.
        ("A man identified as Kim Song Jun collects the workers' passports.", "Kim Song Jun"),
        ("Every month the workers' wages are handed to Ro Myong Su in a hotel lobby.",
         "Ro Myong Su"),
        ("The workers' overseer, Pak Chol Min, keeps their documents.", "Pak Chol Min"),
        ("The deal for the workers was signed by Vice-Minister Jon Kwang Il.", "Jon Kwang Il"),
        # A past post does not make the man in charge a source.
        ("The workers came through Amurkadry, an agency run by former regional official "
         "Pyotr Zotov.", "Pyotr Zotov"),
        # A district that a titled Russian region owns is Russian, whatever its name.
        ("North Korean workers cut timber in Khabarovsk Krai's Solnechny District.",
         "Solnechny District"),
        # A city before a region's adjective does not hide the region.
        ("Рабочие из КНДР работают в Амурске Хабаровского края.", "Хабаровский край"),
        # A quoted name inside a quoted name, opened by a Russian kind noun.
        ("Граждане КНДР числятся студентами АНО «Центр профессиональной подготовки «Заря»», "
         "но работают на стройке.", "Центр профессиональной подготовки «Заря»"),
        # A Russian state body with its quoted name, in the instrumental.
        ("Соглашение о найме рабочих подписано с Главной корпорацией морского строительства "
         "«Тэсон».", "Главная корпорация морского строительства «Тэсон»"),
        # A quoted name after "корпорации", "корпорацией".
        ("Договор о найме рабочих подписал представитель корпорации «Мансу».", "Мансу"),
    ],
)  # fmt: skip
def test_actors_named_in_more_ways_are_proposed(text: str, name: str) -> None:
    assert name in _found(text)


@pytest.mark.parametrize(
    ("text", "alias"),
    [
        ("Рабочие из КНДР трудятся в Верхнебуреинском районе.", "Верхнебуреинском районе"),
        ("Квоты на рабочих выдаёт Министерству лесного хозяйства КНДР.",
         "Министерству лесного хозяйства"),
    ],
)  # fmt: skip
def test_a_russian_name_put_in_the_nominative_keeps_its_written_form(text: str, alias: str) -> None:
    assert any(alias in c.aliases for c in _found(text).values())


def test_a_bare_town_in_the_locative_is_no_company() -> None:
    assert "Энергограде" not in _found("Корейских строителей и рабочих видели в Энергограде.")


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Logs are cut by a state-owned forestry enterprise that hires North Korean workers.",
         "state-owned forestry enterprise"),
        ("The crews answer to the North Korean side's labour bureau, workers said.",
         "North Korean side's labour bureau"),
        ("In Ussuriysk, one of the biggest construction companies in the region employs 60 "
         "North Korean workers.", "biggest construction companies in the region"),
        ("Workers were recruited by the same Sinuiju agency that placed workers in Tomsk.",
         "Sinuiju agency that placed workers"),
        ("A sawmill in the Lazo District owned by a local businessman employs 40 North Korean "
         "workers.", "sawmill in the Lazo District"),
        ("Рабочих нанимает одна из строительных компаний Благовещенска.",
         "строительная компания Благовещенска"),
        ("Центр связан с посреднической фирмой из Уссурийска, которая нанимает рабочих.",
         "посредническая фирма из Уссурийска"),
        ("Общежитие для рабочих арендует местная управляющая компания.",
         "местная управляющая компания"),
        ("Ещё 200 рабочих примет одно из крупнейших сельхозпредприятий края.",
         "крупнейшее сельхозпредприятие края"),
    ],
)  # fmt: skip
def test_more_described_bodies_are_unnamed_and_labelled_by_their_head_noun(
    text: str, label: str
) -> None:
    labels = [c.label for c in extract_candidates(text, "made-up.txt") if c.unnamed]
    assert labels == [label]


@pytest.mark.parametrize(
    ("text", "never"),
    [
        ("Ri Song Il, who fled in 2019, said the workers slept in containers.", "Ri Song Il"),
        ("One worker, Han Song Chol, said they were paid nothing.", "Han Song Chol"),
        ("Figures on the workers provided by Tver Labour Data show a rise.", "Tver Labour Data"),
    ],
)  # fmt: skip
def test_witnesses_with_korean_names_and_data_providers_are_still_not_proposed(
    text: str, never: str
) -> None:
    assert never not in _found(text)


def test_a_body_designated_in_the_passive_is_still_proposed() -> None:
    found = _found("Korea Orlan Trading Corporation was designated by OFAC in 2017 for "
                   "sending North Korean workers to Tver.")  # fmt: skip
    assert any("Orlan" in name for name in found)
