"""Token tags: legal forms, generic words, stop words, titles, numbers, initials, patronymics."""

from __future__ import annotations

import pytest

from screening.matching import compare
from screening.matching.tokens import (
    NameForm,
    Tag,
    analyse_name,
    schema_family,
    tokenize,
)


def tagged(name: str, schema: str | None = None) -> list[tuple[str, str]]:
    """The canonical form of ``name`` as (token, tag) pairs."""
    return [(t.text, t.tag.value) for t in analyse_name(name, schema)[0].tokens]


# -- Legal forms


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Air Koryo LLC", [("air", "generic"), ("koryo", "name"), ("llc", "legal_form")]),
        ("Acme Ltd.", [("acme", "name"), ("ltd", "legal_form")]),
        ("Acme Limited", [("acme", "name"), ("ltd", "legal_form")]),
        ("Acme Inc.", [("acme", "name"), ("inc", "legal_form")]),
        ("JSC Acme", [("jsc", "legal_form"), ("acme", "name")]),
        ("Acme GmbH", [("acme", "name"), ("gmbh", "legal_form")]),
        ("Acme Corp", [("acme", "name"), ("corporation", "legal_form")]),
        ("Acme Co., Ltd.", [("acme", "name"), ("company", "legal_form"), ("ltd", "legal_form")]),
        ("Romashka Limited Liability Company", [("romashka", "name"), ("llc", "legal_form")]),
        ("Acme Joint Stock Company", [("acme", "name"), ("jsc", "legal_form")]),
    ],
)
def test_english_and_other_latin_legal_forms_are_one_token(
    name: str, expected: list[tuple[str, str]]
) -> None:
    assert tagged(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ООО Ромашка", [("ooo", "legal_form"), ("romashka", "name")]),
        ("OOO Romashka", [("ooo", "legal_form"), ("romashka", "name")]),
        (
            "Общество с ограниченной ответственностью Ромашка",
            [("ooo", "legal_form"), ("romashka", "name")],
        ),
        ("ПАО Сбербанк", [("pao", "legal_form"), ("sberbank", "name")]),
        ("ЗАО Альфа", [("zao", "legal_form"), ("alfa", "name")]),
        ("АО Газпром", [("ao", "legal_form"), ("gazprom", "name")]),
        # BGN/PCGN writes the adjective ending -oye, ICAO -oe: both are found.
        ("Aktsionernoye Obshchestvo Alfa", [("ao", "legal_form"), ("alfa", "name")]),
        ("Aktsionernoe Obshchestvo Alfa", [("ao", "legal_form"), ("alfa", "name")]),
        ("Zakrytoe aktsionernoe obshchestvo Alfa", [("zao", "legal_form"), ("alfa", "name")]),
    ],
)
def test_russian_legal_forms_in_either_script_are_one_token(
    name: str, expected: list[tuple[str, str]]
) -> None:
    assert tagged(name) == expected


def test_bgn_and_icao_romanisations_of_the_russian_phrase_are_found() -> None:
    bgn, icao, _german = analyse_name("Общество с ограниченной ответственностью Ромашка")
    assert icao.text == "obshchestvo s ogranichennoi otvetstvennostiu romashka"
    assert [t.text for t in bgn.tokens] == ["ooo", "romashka"]
    assert [t.text for t in icao.tokens] == ["ooo", "romashka"]


def test_german_romanisation_of_the_russian_phrase_is_found() -> None:
    # otwetstwennostju is one letter from the BGN key: a tolerated typo.
    german = analyse_name("Общество с ограниченной ответственностью Ромашка")[2]
    assert [t.text for t in german.tokens] == ["ooo", "romaschka"]


def test_long_legal_forms_are_found_despite_a_typo() -> None:
    assert tagged("Acme Aktiengeselschaft") == [("acme", "name"), ("ag", "legal_form")]


def test_short_legal_codes_must_be_spelled_exactly() -> None:
    # "pad" folds to the same key as the Ukrainian code "pat", but is not it.
    assert tagged("Pad Acme") == [("pad", "name"), ("acme", "name")]
    assert tagged("Acme Pat") == [("acme", "name"), ("pat", "legal_form")]


@pytest.mark.parametrize(
    ("name", "schema", "expected"),
    [
        ("AO Gazprom", None, [("ao", "legal_form"), ("gazprom", "name")]),
        ("Gazprom AO", "company", [("gazprom", "name"), ("ao", "legal_form")]),
        # In the middle of a name, "Sa" is a word (a Korean syllable).
        # "Korea" is a country qualifier here: another word identifies the name.
        ("Korea Sa Trading", None, [("korea", "qualifier"), ("sa", "name"), ("trade", "generic")]),
        # A person's name has no legal form.
        ("Kim Sa", "person", [("kim", "name"), ("sa", "name")]),
        # Nor does a one-word name.
        ("Ao", None, [("ao", "name")]),
    ],
)
def test_ambiguous_legal_codes_count_only_at_the_ends_of_non_person_names(
    name: str, schema: str | None, expected: list[tuple[str, str]]
) -> None:
    assert tagged(name, schema) == expected


def test_unambiguous_legal_codes_count_anywhere() -> None:
    assert tagged("Acme LLC Trading") == [
        ("acme", "name"),
        ("llc", "legal_form"),
        ("trade", "generic"),
    ]


# -- Generic words, abbreviations, stop words, titles


@pytest.mark.parametrize(
    "word", ["ministry", "bureau", "center", "group", "general", "trading", "bank", "air"]
)
def test_generic_organisation_words_are_tagged_generic(word: str) -> None:
    assert tokenize(word)[0].tag is Tag.GENERIC


@pytest.mark.parametrize(
    ("word", "canonical"),
    [
        ("centre", "center"),
        ("ctr", "center"),
        ("co", "company"),
        ("intl", "international"),
        ("organisation", "organization"),
        ("banking", "bank"),
        ("trading", "trade"),
        ("holdings", "holding"),
    ],
)
def test_abbreviations_and_inflections_read_as_one_word(word: str, canonical: str) -> None:
    assert tokenize(word)[0].text == canonical


def test_stop_words_are_tagged_stop() -> None:
    assert tagged("The Bank of Korea") == [
        ("the", "stop_word"),
        ("bank", "generic"),
        ("of", "stop_word"),
        ("korea", "name"),
    ]
    assert tagged("Salman bin Muhammad")[1] == ("bin", "stop_word")
    assert tagged("Abu al Baghdadi")[1] == ("al", "stop_word")


@pytest.mark.parametrize(
    ("name", "title"), [("Dr. Ri Su Yong", "dr"), ("Sheikh Ahmed", "sheikh"), ("Mr Kim", "mr")]
)
def test_titles_are_tagged_title(name: str, title: str) -> None:
    assert tagged(name)[0] == (title, "title")


# -- Numbers


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Rungra 888", [("rungra", "name"), ("888", "number")]),
        ("Rungra Forty-Four", [("rungra", "name"), ("44", "number")]),
        ("Rungra forty 4", [("rungra", "name"), ("44", "number")]),
        ("Twenty One Trading", [("21", "number"), ("trade", "generic")]),
        ("Ninety", [("90", "number")]),
        ("Bureau Thirteen", [("bureau", "generic"), ("13", "number")]),
        ("1st Bank", [("1", "number"), ("bank", "generic")]),
        ("2nd Army", [("2", "number"), ("army", "generic")]),
        ("Third Bureau", [("3", "number"), ("bureau", "generic")]),
        ("Office 39", [("office", "generic"), ("39", "number")]),
    ],
)
def test_digits_spelled_numbers_and_ordinals_become_numbers(
    name: str, expected: list[tuple[str, str]]
) -> None:
    assert tagged(name) == expected


# -- Initials and patronymics


def test_single_letters_are_initials() -> None:
    assert tagged("J. Smith") == [("j", "initial"), ("smith", "name")]
    assert tagged("Centre for X")[-1] == ("x", "initial")


@pytest.mark.parametrize(
    "patronymic", ["viktorovich", "sergeyevich", "ivanovna", "sergeevna", "oleksandrovych"]
)
def test_russian_and_ukrainian_patronymics_are_tagged(patronymic: str) -> None:
    assert tagged(f"Ivan {patronymic} Ivanov", "person")[1] == (patronymic, "patronymic")


def test_patronymics_are_recognised_in_person_names_and_unknown_schemas_only() -> None:
    assert tagged("Ivanovich Trading", "company") == [("ivanovich", "name"), ("trade", "generic")]
    assert tagged("Ivanovich Trading") == [("ivanovich", "patronymic"), ("trade", "generic")]


def test_short_words_ending_like_a_patronymic_are_names() -> None:
    assert tagged("Ali ogly", "person") == [("ali", "name"), ("ogly", "name")]


# -- Schemas, name order, forms


@pytest.mark.parametrize(
    ("schema", "family"),
    [
        ("person", "person"),
        ("Person", "person"),
        ("company", "org"),
        ("organization", "org"),
        ("public_body", "org"),
        ("region", "region"),
        ("vessel", "object"),
        (None, "any"),
        ("", "any"),
        ("planet", "any"),
    ],
)
def test_schema_family(schema: str | None, family: str) -> None:
    assert schema_family(schema) == family


def test_surname_first_person_names_are_reordered_at_the_comma() -> None:
    assert tagged("PUTIN, Vladimir", "person") == [("vladimir", "name"), ("putin", "name")]
    assert tagged("KHUSNULLIN, Marat Shakirzyanovich", "person") == [
        ("marat", "name"),
        ("shakirzyanovich", "patronymic"),
        ("khusnullin", "name"),
    ]


def test_a_legal_form_after_the_comma_is_not_a_given_name() -> None:
    assert tagged("Acme, LLC") == [("acme", "name"), ("llc", "legal_form")]


def test_organisation_names_keep_their_order_at_a_comma() -> None:
    assert tagged("Koryo, Air", "company") == [("koryo", "name"), ("air", "generic")]


def test_hangul_name_keeps_its_original_as_a_native_form() -> None:
    forms = analyse_name("리선권")
    assert [(f.text, f.native) for f in forms] == [
        ("ri son kwon", False),
        ("lee seon gwon", False),
        ("이선권", True),  # initial sound law applied
    ]


def test_mixed_script_name_has_no_native_form() -> None:
    assert [f.native for f in analyse_name("Kim 김정은")] == [False, False]


@pytest.mark.parametrize("name", ["", "  ", "!!!", "🙂"])
def test_a_name_with_nothing_to_match_has_no_forms(name: str) -> None:
    assert analyse_name(name) == ()


def test_name_forms_share_one_lexeme_per_word() -> None:
    first: NameForm = analyse_name("Air Koryo")[0]
    second: NameForm = analyse_name("Koryo Trading")[0]
    assert first.tokens[1].lexeme is second.tokens[0].lexeme
    assert first.tokens[1].lexeme.key == "korio"


@pytest.mark.parametrize(
    "name",
    [
        "LIMITED LIABILTY COMPANY GEOS",
        "LIMITED LIAILITY COMPANY GEOS",
        "GEOS LIMITED LIABILITY COMAPNY",
        "OBSHCHESTVO S OGRANICHENNOI OTETSTVENNOSTYU GEOS",
    ],
)
def test_a_legal_form_with_a_typo_is_still_a_legal_form(name: str) -> None:
    assert [tag for _, tag in tagged(name)].count("legal_form") == 1
    assert ("geos", "name") in tagged(name)


def test_words_of_a_legal_form_met_apart_are_legal_form_words() -> None:
    assert tagged("LIABILITY COMPANY SIGNATEK LIMITED") == [
        ("liability", "legal_form"),
        ("company", "legal_form"),
        ("signatek", "name"),
        ("ltd", "legal_form"),
    ]


def test_a_long_generic_word_with_a_typo_is_still_generic() -> None:
    assert tagged("Shisheh Va Gas Industreis Group")[3] == ("industry", "generic")
    # Shorter words are not corrected: Generali is a name, not "general".
    assert ("generali", "name") in tagged("Assicurazioni Generali")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ODK SATURN PUBLICJOINT STOCKCOMPANY", ["odk", "saturn", "pjsc"]),
        ("LIMITEDLIABILITYCOMPANY AVBIS", ["llc", "avbis"]),
    ],
)
def test_legal_form_words_written_together_are_a_legal_form(raw: str, expected: list[str]) -> None:
    """A name spaced out letter by letter loses its word breaks; its legal form must
    still be read as one (O D K - S A T U R N P U B L I C J O I N T - S T O C K ...)."""
    assert [t.text for t in analyse_name(raw, "Company")[0].tokens] == expected


def test_spaced_out_name_with_its_legal_form_matches() -> None:
    spaced = " ".join("ODK-SATURN PUBLIC JOINT-STOCK COMPANY".replace(" ", ""))
    assert compare(spaced, "ODK-SATURN PUBLIC JOINT-STOCK COMPANY", "Company").match


def test_a_typo_that_folds_two_letters_still_reads_the_legal_form() -> None:
    """OoRANICHENNOI: the typo makes "oo", which the key folds to u, so the key is two
    edits from ogranichennoy; a long legal-form word allows that."""
    name = "OBSHCHESTVO S OoRANICHENNOI OTVETSTVENNOSTYU PROEKT"
    assert [t.text for t in analyse_name(name, "Company")[0].tokens] == ["ooo", "proekt"]


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("KOREA HAEGUMGANG TRRADING CORPORATION", "KOREA HAEGUMGANG TRADING CORPORATION"),
        ("OPUS ENERGY TRDING LLC", "OPUS ENERGY TRADING LLC"),
        ("JOINT STOCK COMPANY TRiDING HOUSE ROSEL", "JOINT STOCK COMPANY TRADING HOUSE ROSEL"),
        ("THE BUSINESS CENnRE LTD.", "THE BUSINESS CENTRE LTD."),  # a spelling of center
    ],
)
def test_a_typo_in_a_shorter_generic_word_beside_other_generic_words(
    query: str, listed: str
) -> None:
    """'trading' is read as 'trade': a typo kept it a name word that met nothing."""
    assert compare(query, listed, "Company").score >= 0.95


def test_a_shorter_generic_word_is_corrected_only_inside_and_in_context() -> None:
    assert ("trrading", "name") in tagged("Trrading Kim")  # no other generic word
    assert ("generali", "name") in tagged("Generali Trading Company")  # the last letter
    assert ("trade", "generic") in tagged("Trrading Kim Company")


def test_a_typo_in_a_later_word_of_a_legal_phrase() -> None:
    """LIABIITY: the doubled i closes up in the key, two edits from liability's."""
    tokens = analyse_name("LIMITED LIABIITY COMPANY AKTIV R", "Company")[0].tokens
    assert [t.text for t in tokens][:2] == ["llc", "aktiv"]


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("@M5 GROUP 11C", "AMS GROUP LLC"),
        ("000 ROMASHKA", "OOO ROMASHKA"),
        ("1IM173D |1481|!7Y C0MPANY R@DI0COMP", "LIMITED LIABILITY COMPANY RADIOCOMP"),
        ("J01N7 570CK C0MP4NY AR9U$ H0LDIN9", "JOINT STOCK COMPANY ARGUS HOLDING"),
    ],
)
def test_legal_forms_and_generic_words_in_leetspeak(query: str, listed: str) -> None:
    assert compare(query, listed, "Company").match


def test_digits_that_are_numbers_stay_numbers() -> None:
    assert ("888", "number") in tagged("Rungra 888 Trading Company")
    assert ("000", "number") in tagged("Plant 000 Kazan")  # not at an end


def test_a_spaced_out_run_may_open_with_a_letter_that_stands_alone() -> None:
    """C & I S E M I C O N D U C T O R S: the & keeps C apart; I joins the next word."""
    assert compare(
        "C & I S E M I C O N D U C T O R S C O L I M I T E D",
        "C&I SEMICONDUCTORS CO LIMITED",
        "Company",
    ).match


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("J S C S U E K", "JSC SUEK"),
        ("M G I P T E L T D", "MGI PTE LTD"),
        ("A M E G I N O F Z E", "AMEGINO FZE"),
        ("S K Y P A R T S F Z C O", "SKYPARTS FZCO"),
    ],
)
def test_a_legal_form_run_into_a_spaced_out_name(query: str, listed: str) -> None:
    assert compare(query, listed, "Company").match


def test_a_legal_code_at_a_words_start_is_only_another_reading() -> None:
    """Zaozerny may be a place; its split reading is scored beside it, not instead."""
    assert tagged("Zaozerny Shipyard")[0] == ("zaozerny", "name")
    assert compare("Zaozerny Shipyard", "ZAOZERNY SHIPYARD", "Company").score == 1.0


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("LIMITED LIABILITY COMPANY MILITARY INDUSTRIAL COMPANY Russia",
         "LIMITED LIABILITY COMPANY MILITARY INDUSTRIAL COMPANY"),
        ("EQUIPMENT DEVELOPMENT DEPARTMENT of the Russian Federation",
         "EQUIPMENT DEVELOPMENT DEPARTMENT"),
        ("BANK ROSSIYA (RU)", "BANK ROSSIYA"),
    ],
)  # fmt: skip
def test_a_country_after_a_name_of_generic_words_is_a_qualifier(query: str, listed: str) -> None:
    assert compare(query, listed, "Company").score >= 0.9


def test_a_country_that_is_the_only_word_beside_one_generic_word_identifies_the_name() -> None:
    """Bank of Korea is not any bank: with one generic word, the country is its name."""
    assert not compare("Bank of Korea", "BANK", "Company").match
    assert ("korea", "name") in tagged("Bank of Korea", "Company")


@pytest.mark.parametrize("typo", ["LIITED", "LIiITED", "LIMITDE", "LMITED"])
def test_a_one_word_legal_form_with_a_typo_that_doubles_a_letter(typo: str) -> None:
    """LIITED: the key folds ii, two edits from limited's key; the spelling is one."""
    assert tagged(f"WALDAU INVESTMENTS {typo}", "Company")[-1] == ("ltd", "legal_form")


def test_a_final_leet_symbol_after_another_symbol() -> None:
    assert compare("KL10$@ 1!MI73D", "KLIOSA LIMITED", "Company").score == 1.0


def test_a_persons_name_has_no_legal_form() -> None:
    """PAO is a Russian legal form and a Chinese surname."""
    assert tagged("PAO, Yu Yi", "person")[-1] == ("pao", "name")
    assert compare("Y. Y. Pao", "PAO, Yu Yi", "person").match


@pytest.mark.parametrize(
    ("query", "listed"),
    [
        ("J.D.J. Amezcua Contreras", "AMEZCUA CONTRERAS, Jose de Jesus"),  # a particle
        ("S. B. K. Essid", "ESSID, Sami Ben Khemais"),
        ("Al-Shammari, S. U. M.", "AL-SHAMMARI, Sa'ad Uwayyid 'Ubayd Mu'jil"),  # one skipped
        ("T.H.A. Al-Rawi", "AL-RAWI, Talib 'Ali Husayn Al-Ahmad"),
    ],
)
def test_initials_run_together_over_particles_and_a_skipped_given_name(
    query: str, listed: str
) -> None:
    assert compare(query, listed, "person").match


def test_initials_run_together_must_start_the_given_names() -> None:
    assert not compare("J.D.J. Amezcua Contreras", "AMEZCUA CONTRERAS, Pedro Luis", "person").match
    assert not compare("S. B. K. Essid", "ESSID, Omar Ben Ali", "person").match


def test_a_persons_dotted_initials_are_also_read_apart() -> None:
    assert [f.text for f in analyse_name("T.O.A. Al-Hussein", "person")] == [
        "toa al hussein",
        "t o a al hussein",
    ]
    # A legal form stays closed: S.A.R.L. is not three initials.
    assert [f.text for f in analyse_name("Acme S.A.R.L.")] == ["acme sarl"]
