"""Countries in names and in secondary fields.

Screened organisation names often carry their country: "Tanchon Commercial
Bank (North Korea)", "… of the Russian Federation", "North Korean …",
"북한 …", "… КНДР". ``QUALIFIERS`` maps each such phrase (as normalised
words: Cyrillic and Hangul arrive here romanised) to the ISO 3166 codes it
may name. ``tokens`` tags these phrases as qualifiers: they count little and
agree with each other when their countries do, so "Bank of Korea" still
names a bank of Korea, while "X of the DPRK" is X.

``country_codes`` reads a secondary-field country (a code, an English name
or adjective) as ISO codes, for the country feature.
"""

from __future__ import annotations

from functools import lru_cache

# Country words and phrases -> the ISO codes they can name. Keep to names
# and adjectives screened names actually use as qualifiers.
_COUNTRY_PHRASES: dict[str, tuple[str, ...]] = {
    "kp": (
        "north korea", "north korean", "n korea", "dprk", "d p r k",
        "democratic peoples republic of korea", "democratic people s republic of korea",
        "korea dprk", "korea north", "korea democratic peoples republic",
        "democratic peoples republic korea", "democratic peoples republic",
        # КНДР, Корейская Народно-Демократическая Республика, Северная Корея
        "kndr", "severnaya koreya", "severnaya koreia", "koreyskaya narodno demokraticheskaya "
        "respublika", "koreiskaia narodno demokraticheskaia respublika",
        # 북한 (South), 조선민주주의인민공화국 (North), 北朝鮮
        "bukhan", "pukhan", "choson minjujuui inmin konghwaguk",
        "joseon minjujuui inmin gonghwaguk",
    ),
    "kr": ("south korea", "south korean", "republic of korea", "rok", "yuzhnaya koreya",
           "namhan", "daehan minguk", "taehan minguk"),
    "kp kr": ("korea", "korean", "koreya", "koreia", "koreyskaya", "koreiskaia"),
    "ru": (
        "russia", "russian", "russian federation", "the russian federation", "rf", "rossiya",
        "rossiia", "rossiyskaya federatsiya", "rossiiskaia federatsiia", "rossiyskaya",
        "rossiiskaia", "rossiyskiy", "rossiiskii", "rossiyskoy federatsii",
        "rossiiskoi federatsii", "reosia", "rosia",
    ),
    "by": ("belarus", "belarusian", "republic of belarus", "respublika belarus"),
    "ir": ("iran", "iranian", "islamic republic of iran"),
    "sy": ("syria", "syrian", "syrian arab republic"),
    "cn": ("china", "chinese", "prc", "peoples republic of china"),
    "ua": ("ukraine", "ukrainian", "ukraina"),
    "us": ("usa", "u s a", "united states", "united states of america", "america", "us"),
    "gb": ("united kingdom", "uk", "great britain", "britain", "british"),
    "ae": ("uae", "united arab emirates", "emirates"),
    "cu": ("cuba", "cuban"),
    "ve": ("venezuela", "venezuelan"),
    "mm": ("myanmar", "burma", "burmese"),
}  # fmt: skip

# Russian names of these countries in the case forms "of X" and "in X" take (ПАО Сбербанк
# России, "Sberbank of Russia"; филиал в КНР), as a Cyrillic name romanises them.
_RUSSIAN_CASE_FORMS: dict[str, tuple[str, ...]] = {
    "ru": ("rossii", "rossiei", "rossiey", "rossiiskoi", "rossiyskoy"),
    "kp": ("severnoi korei", "severnoy korei", "koreiskoi narodno demokraticheskoi respubliki",
           "koreyskoy narodno demokraticheskoy respubliki"),
    "kp kr": ("korei",),
    "kr": ("yuzhnoi korei", "yuzhnoy korei", "respubliki koreia", "respubliki koreya"),
    "cn": ("kitai", "kitay", "kitaia", "kitaya", "knr"),
    "ir": ("irana",),
    "sy": ("siriia", "siriya", "sirii"),
    "ua": ("ukrainy",),
    "by": ("belarusi", "respubliki belarus", "belorussiia", "belorussiya", "belorussii"),
    "us": ("ssha",),
    "ae": ("oae",),
    "cu": ("kuba", "kuby"),
    "ve": ("venesuela", "venesuely"),
}  # fmt: skip
for _code, _forms in _RUSSIAN_CASE_FORMS.items():
    _COUNTRY_PHRASES[_code] = (*_COUNTRY_PHRASES.get(_code, ()), *_forms)

# Other names of North Korea: "DPR Korea", "Korea, DPR" (a common style), "DPR of Korea".
# Choson (조선), the North's own name of Korea, opens many of its organisations' names.
_COUNTRY_PHRASES["kp"] = (
    *_COUNTRY_PHRASES["kp"],
    "dpr korea",
    "korea dpr",
    "dpr of korea",
    "choson",
    "joseon",
)

# Cities written after a name as its seat ("Tanchon Commercial Bank, Pyongyang",
# "X (Tehran, Iran)"): the capitals and main commercial and port cities of the
# countries sanctions programmes name most, in English and romanised Russian
# spelling. Only a name's closing words count (with other places after them), so
# "Pyongyang University of Automation" and "Moscow Industrial Bank" keep theirs.
_CITY_PHRASES: dict[str, tuple[str, ...]] = {
    "kp": ("pyongyang", "phyongyang", "pkhenyan", "pkhenian", "nampo", "nampho", "rason",
           "rajin", "najin", "chongjin", "hamhung", "sinuiju", "wonsan", "kaesong"),
    "ru": ("moscow", "moskva", "saint petersburg", "st petersburg", "sankt peterburg",
           "vladivostok", "khabarovsk", "novosibirsk", "yekaterinburg", "ekaterinburg", "kazan",
           "izhevsk", "nizhny novgorod", "nizhniy novgorod", "samara", "omsk", "krasnoyarsk",
           "irkutsk", "chelyabinsk", "rostov on don", "rostov na donu", "ufa", "perm",
           "volgograd", "voronezh", "murmansk", "kaliningrad", "tula", "tomsk", "nakhodka",
           "blagoveshchensk", "yuzhno sakhalinsk", "novorossiysk", "tolyatti", "togliatti"),
    "ir": ("tehran", "teheran", "tegeran", "isfahan", "esfahan", "mashhad", "tabriz", "shiraz",
           "bandar abbas"),
    "sy": ("damascus", "dimashq", "aleppo", "latakia"),
    "by": ("minsk",),
    "cn": ("beijing", "peking", "shanghai", "dalian", "dandong", "shenyang", "guangzhou",
           "shenzhen"),
    "ae": ("dubai", "abu dhabi", "sharjah"),
    "ve": ("caracas",),
    "cu": ("havana", "la habana"),
    "mm": ("yangon", "rangoon", "naypyidaw", "nay pyi taw"),
    "ua": ("kyiv", "kiev", "kharkiv", "kharkov", "odesa", "odessa", "donetsk", "luhansk",
           "lugansk", "mariupol", "simferopol", "sevastopol"),
}  # fmt: skip
CITY_PHRASES = frozenset(phrase for phrases in _CITY_PHRASES.values() for phrase in phrases)
for _code, _cities in _CITY_PHRASES.items():
    _COUNTRY_PHRASES[_code] = (*_COUNTRY_PHRASES.get(_code, ()), *_cities)

# ISO codes written after a name, "(RU)", "KP": qualifiers only as a name's last word.
ISO_CODES = ("ru", "kp", "by", "ir", "sy", "cn", "ua", "ae", "cu", "ve")
for _code in ISO_CODES:
    _COUNTRY_PHRASES[_code] = (*_COUNTRY_PHRASES.get(_code, ()), _code)

# Phrase (normalised words) -> ISO codes.
QUALIFIERS: dict[str, frozenset[str]] = {
    phrase: frozenset(codes.split())
    for codes, phrases in _COUNTRY_PHRASES.items()
    for phrase in phrases
}
# Qualifier phrases by first word, longest first, for the tokenizer.
QUALIFIER_PHRASES: dict[str, list[tuple[str, ...]]] = {}
for _phrase in sorted(QUALIFIERS, key=lambda p: -len(p.split())):
    QUALIFIER_PHRASES.setdefault(_phrase.split()[0], []).append(tuple(_phrase.split()))
# Short codes that are also ordinary words or parts of names; they count as
# qualifiers only as a name's last word ("Steel (US)", not "US Bancorp").
AMBIGUOUS_QUALIFIERS = frozenset(
    {"us", "rf", "uk", "rok", "america", "kuba", "knr", "oae", *ISO_CODES}
)


def qualifier_countries(text: str) -> frozenset[str]:
    """The ISO codes a qualifier token names (its text is the phrase, spaces as "_")."""
    return QUALIFIERS.get(text.replace("_", " "), frozenset())


# Legal forms used only under one country's law, or a few (after ``tokens``
# folds their spellings to a code): a listed name carrying one says where the
# entity is. Forms used worldwide (LLC after the name, Ltd, Inc, SA) say nothing.
LEGAL_FORM_COUNTRIES: dict[str, frozenset[str]] = {
    **dict.fromkeys(("ooo", "zao", "oao", "pao", "nao", "fgup", "gup", "mup", "ano"),
                    frozenset({"ru"})),
    "ao": frozenset({"ru", "kz", "by"}),
    "tov": frozenset({"ua"}), "pat": frozenset({"ua"}),
    # Free-zone forms of the Emirates
    **dict.fromkeys(("fze", "fzco", "fzc", "fzllc", "dmcc"), frozenset({"ae"})),
    **dict.fromkeys(("sdnbhd", "bhd"), frozenset({"my"})),
    "gmbh": frozenset({"de", "at", "ch", "li"}),
    "bvba": frozenset({"be"}),
    "pte": frozenset({"sg"}),
}  # fmt: skip
# Forms that say where only when written before the name: lists translate the
# Russian and other post-Soviet forms word for word and keep their place
# (LIMITED LIABILITY COMPANY X for OOO X, JOINT STOCK COMPANY X for AO X),
# while "X LLC" or "X JSC" may be from anywhere; PT X is Indonesian.
_POST_SOVIET = frozenset({"ru", "ua", "by", "kz", "kg", "uz", "tj", "tm", "am", "az", "ge", "md"})
PREFIX_LEGAL_FORM_COUNTRIES: dict[str, frozenset[str]] = {
    **dict.fromkeys(("llc", "jsc", "ojsc", "cjsc", "pjsc"), _POST_SOVIET),
    "pt": frozenset({"id"}),
}


def legal_form_countries(form: str, first: bool) -> frozenset[str]:
    """Where a legal form (its folded code) places an entity; ``first``: before the name."""
    codes = LEGAL_FORM_COUNTRIES.get(form)
    if codes is None and first:
        codes = PREFIX_LEGAL_FORM_COUNTRIES.get(form)
    return codes or frozenset()


# Countries written as dotted initials (U.S., U.K., U.A.E.) and the words they stand for:
# the dots mark an abbreviation, where "US" alone may be a word or a code opening a name.
DOTTED_COUNTRIES: dict[str, str] = {
    "us": "united states", "usa": "united states of america", "uk": "united kingdom",
    "uae": "united arab emirates", "ussr": "soviet union", "rf": "russian federation",
    "prc": "peoples republic of china", "rok": "republic of korea",
    "dprk": "democratic peoples republic of korea",
}  # fmt: skip


@lru_cache(maxsize=4096)
def country_codes(value: str) -> frozenset[str]:
    """A secondary-field country as ISO codes: "KP", "kp", "North Korea", "Russia" -> codes."""
    text = " ".join("".join(c if c.isalnum() else " " for c in value.casefold()).split()).replace(
        "the ", ""
    )
    if len(text) == 2 and text.isalpha():
        return frozenset({text})
    codes = QUALIFIERS.get(text)
    if codes is not None:
        return codes
    return frozenset({text}) if text else frozenset()
