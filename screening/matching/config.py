"""The matcher's tuning knobs: each has a name, a default and a reason.

Every number that shapes a score lives here, so a reviewer can read the whole
tuning surface in one place and a benchmark can try another value by
``dataclasses.replace(DEFAULT_CONFIG, name=value)``. Changing a default
changes scores: bump ``ALGORITHM_VERSION`` with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields


def knob(default: float, description: str) -> float:
    return field(default=default, metadata={"description": description})


@dataclass(frozen=True, slots=True)
class ScoringConfig:
    # Token similarity
    romanisation_score: float = knob(
        0.95, "Similarity of two tokens whose romanisation keys agree (Jong/Jeong, Kh/H)."
    )
    phonetic_score: float = knob(
        0.85, "Similarity of two tokens with the same Soundex and another phonetic code."
    )
    hypocorism_score: float = knob(
        0.88,
        "Similarity, at most, of a familiar form of a given name and its full name (Ted ~ "
        "Theodore, Sasha ~ Aleksandr), between persons' names only: a good match, short of "
        "the same name in another spelling.",
    )
    chinese_syllable_score: float = knob(
        0.88,
        "Similarity of two words of Chinese syllables that careless spellings confuse (Xi, "
        "Shi, Si, Hsi), between Chinese names written by syllable only.",
    )
    initial_score: float = knob(
        0.9, "Similarity of an initial and a name that starts with it (J. ~ John)."
    )
    acronym_score: float = knob(
        0.9, "Similarity of an acronym and the words it abbreviates (KPA ~ Korean People's Army)."
    )
    min_acronym_letters: float = knob(
        4,
        "Shortest acronym matched against the words it abbreviates inside longer names: "
        "shorter ones meet the initials of too many unrelated names (TPG Inc. is not "
        "Tartous Port General Company).",
    )
    min_whole_acronym_letters: float = knob(
        3,
        "Shortest acronym matched when it is the whole of one name and its words the whole "
        "of the other (KPA ~ Korean People's Army). Persons' initials may be two letters.",
    )
    joined_penalty: float = knob(
        0.02, "Subtracted from the similarity of words joined to meet one token (AIRKORYO)."
    )
    jaro_winkler_discount: float = knob(
        0.05, "Subtracted from Jaro-Winkler, which flatters shared prefixes, before use."
    )
    min_joined_similarity: float = knob(
        0.9,
        "Words written together must be this similar to the words they join (Gazprom Neft "
        "is not Gazprombank).",
    )
    edit_power: float = knob(
        1.0,
        "Exponent applied to the edit-distance ratio: above 1, two edits in a short word "
        "count for much less than one (Sancho/Sanchez vs Scholze/Scholz).",
    )
    min_token_similarity: float = knob(
        0.6, "Token pairs less similar than this are not aligned; both stay unmatched."
    )
    min_syllable_similarity: float = knob(
        0.75,
        "Korean names written by syllable (Hwang Pyong So): two syllables this much apart "
        "in spelling alone are different syllables (yung, pyong), not a misspelling.",
    )
    short_word_length: float = knob(
        4,
        "Words this short or shorter give the least evidence when matched approximately, "
        "and their romanisation keys collide by chance (single_fuzzy_word).",
    )
    long_word_length: float = knob(
        10,
        "Words this long matched approximately are specific enough to stand alone "
        "(Macrosoft ~ Microsoft); shorter ones are weaker the shorter they are.",
    )
    # Token weights by tag (multiplied by rarity)
    weight_name: float = knob(1.0, "Weight of an ordinary name word.")
    weight_patronymic: float = knob(0.6, "Weight of a patronymic (Viktorovich).")
    weight_generic: float = knob(
        0.35, "Weight of a generic organisation word (ministry, bureau, company, group)."
    )
    weight_number: float = knob(0.8, "Weight of a number; numbers must also agree.")
    weight_initial: float = knob(0.3, "Weight of a single-letter initial.")
    weight_legal: float = knob(0.15, "Weight of a legal form (LLC, OOO, JSC), one class.")
    weight_stop: float = knob(0.1, "Weight of a particle or stop word (of, the, al, bin).")
    weight_title: float = knob(0.1, "Weight of a title or honorific (Mr, Dr, Sheikh).")
    weight_qualifier: float = knob(
        0.1,
        "Weight of a country qualifier in an organisation's name (North Korean X, X of the "
        "Russian Federation): screened names add the country, lists mostly leave it out.",
    )
    rarity_floor: float = knob(
        0.5,
        "Weight multiplier of the commonest word in the index; the rarest gets 1.0. "
        "Without an index (compare()) every word counts as rare.",
    )
    # Unmatched tokens
    extra_query_weight: float = knob(
        0.5,
        "Share of its weight an unmatched query word costs when the listed name has no "
        "unmatched word to contradict it (an omission, e.g. a patronymic the list lacks).",
    )
    extra_query_weight_person: float = knob(
        0.35,
        "The same for a person's name screened in fuller form than it is listed: lists "
        "often hold a short form (Anjem Choudary) of a name with middle names.",
    )
    extra_listed_weight: float = knob(
        0.25,
        "Share of its weight an unmatched listed word costs when the query has none left: "
        "lists carry full names, screened names are often shorter.",
    )
    extra_listed_weight_org: float = knob(
        0.25,
        "The same for organisations and objects, whose extra listed words often name a "
        "different branch or subsidiary (Banco Santander Mexico).",
    )
    extra_syllable_weight: float = knob(
        1.0,
        "Share of its weight an unmatched syllable costs when both names are Korean names "
        "written by syllable: a syllable one lacks makes a different given name.",
    )
    conflict_weight: float = knob(
        1.0, "Share of its weight an unmatched word costs when both sides have words left over."
    )


DEFAULT_CONFIG = ScoringConfig()


def describe(config: ScoringConfig = DEFAULT_CONFIG) -> dict[str, dict[str, object]]:
    """Each knob's value and description, e.g. for ``--help`` or documentation."""
    return {
        f.name: {"value": getattr(config, f.name), "description": f.metadata["description"]}
        for f in fields(config)
    }
