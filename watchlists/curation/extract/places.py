"""Is a span a place where workers are sent, and in which country?

A place is a Russian-installed "people's republic", a name from the gazetteer,
or any name written with a region's title ("Irkutsk Oblast", "Republic of
Buryatia", "Красноярском крае"). A region counts anywhere in an article about
labour; a city only where its own sentence or paragraph is about labour, and
not where it is a body's address ("a college in Krasnoyarsk") or describes a
person ("a Vladivostok blogger"). Neither counts as a stop on a route.
"""

from __future__ import annotations

import re

from watchlists.curation.extract.candidates import Candidate, Evidence, unique
from watchlists.curation.extract.filters import is_transit
from watchlists.curation.extract.sentences import Context, Token
from watchlists.curation.extract.spans import Span
from watchlists.curation.extract.vocabulary import (
    CAPITAL_METONYMS,
    CITIES,
    COUNTRY_WORDS,
    GAZETTEER,
    LABOUR_WORDS,
    NON_ACTOR_WORDS,
    NOUN_BEFORE_NAME,
    PLACE_SUFFIXES,
    REGION_QUALIFIERS,
    REGION_TITLES,
    RU_ADJECTIVE_ENDINGS,
    RU_CITIES,
    RU_LABOUR_STEMS,
    RU_REGION_NOUNS,
    RU_REPUBLIC_NOUNS,
    RU_UKRAINE_STEMS,
    SEAT_NOUNS,
)


def place(tokens: list[Token], ctx: Context, span: Span) -> Candidate | None:
    """A region candidate if ``tokens`` name a place in a sentence about labour."""
    words = [t.lower for t in tokens]
    nxt = ctx.tokens[span.last + 1] if span.last + 1 < len(ctx.tokens) else None
    name: str | None = None
    surface: str | None = None
    ru_city: tuple[str, str] | None = None
    if words[-1] in ("republic", "republics") and "people" in words:
        name_tokens = tokens
        country = (countries_in(words) or ["ua"])[0]
        rule = "people's republic"
        if words[-1] == "republics":  # "the Donetsk and Luhansk People's Republics"
            name = ctx.text(tokens)[:-1]
    elif (
        nxt is not None
        and len(tokens) == 1
        and nxt.lower.startswith("автономн")
        and span.last + 2 < len(ctx.tokens)
        and ctx.tokens[span.last + 2].lower in RU_REGION_NOUNS
    ):
        # "в Еврейской автономной области" -> "Еврейская автономная область"
        noun = ctx.tokens[span.last + 2].lower
        name_tokens = tokens
        first = _russian_region_nominative(tokens[0].text, noun).rsplit(" ", 1)[0]
        name = f"{first} {_russian_region_nominative(nxt.lower, noun)}"
        # "Еврейской автономной области", as written
        surface = f"{tokens[0].text} {nxt.text} {ctx.tokens[span.last + 2].text}"
        country = "ru"
        rule = f"region noun '{ctx.tokens[span.last + 2].text}'"
    elif len(words) == 3 and words[1].startswith("народн") and words[2] in RU_REPUBLIC_NOUNS:
        # "в Донецкой Народной Республике" -> "Донецкая Народная Республика"
        name_tokens = tokens
        adjective = _russian_region_nominative(tokens[0].text, "область").rsplit(" ", 1)[0]
        name = f"{adjective} Народная Республика"
        surface = ctx.text(tokens)  # "Луганской Народной Республики", as written
        country = "ua"
        rule = "people's republic"
    elif len(words) >= 2 and words[-1] in RU_REPUBLIC_NOUNS and _an_adjective_republic(tokens):
        # "в Чеченской Республике" -> "Чеченская Республика": a republic whose name is an
        # adjective before the noun, in any case.
        name_tokens = tokens[-2:]
        adjective = _russian_region_nominative(tokens[-2].text, "область").rsplit(" ", 1)[0]
        name = f"{adjective} Республика"
        surface = ctx.text(name_tokens)  # "Чеченской Республики", as written
        country = "ru"
        rule = f"region title '{tokens[-1].text}'"
    elif len(words) >= 2 and words[0] in RU_REPUBLIC_NOUNS:
        # "в Республике Бурятия" -> "Республика Бурятия"; the republic's name is one word
        # (and its other name in brackets: "Саха (Якутия)"); a name after it is a person's
        # ("министр ... Республики Бурятия Иван Петров").
        name_tokens = tokens[:2]
        at = next((i for i in range(span.first, span.last + 1) if ctx.tokens[i] is tokens[1]), -1)
        own = ctx.text(tokens[1:2]) + _bracketed_name_after(ctx.tokens, at, span)
        name = f"Республика {own}"
        surface = f"{tokens[0].text} {own}"  # "Республике Бурятия", as written
        country = "ua" if words[1].startswith(RU_UKRAINE_STEMS) else "ru"
        rule = f"region title '{tokens[0].text}'"
    elif (
        titled := _titled_region(tokens, _after_a_regions_possessive(ctx.tokens, span))
    ) is not None:
        name_tokens, country, rule = titled
    elif (
        nxt is not None
        and nxt.lower in RU_REGION_NOUNS
        and (len(tokens) == 1 or tokens[-1].lower.endswith(_RU_OBLIQUE_ADJECTIVE_ENDINGS))
    ):
        # "в Комсомольске-на-Амуре Хабаровского края": the city before the region's
        # adjective is a place of its own; the region is the adjective and its noun.
        tokens = tokens[-1:]
        name_tokens = tokens
        name = _russian_region_nominative(tokens[0].text, nxt.lower)
        surface = f"{tokens[0].text} {nxt.text}"  # "Ванинском районе", as written
        stem = tokens[0].lower
        country = "ua" if stem.startswith(RU_UKRAINE_STEMS) else "ru"
        rule = f"region noun '{nxt.text}'"
    elif len(tokens) == 1 and (compound := _COMPOUND_REPUBLIC.fullmatch(tokens[0].text)):
        # "в Кабардино-Балкарии", "по всей Карачаево-Черкесии": a republic named by two
        # peoples joined with "-о-", in any case.
        name_tokens = tokens
        name = f"{compound.group('stem')}ия"
        surface = tokens[0].text
        country = "ru"
        rule = "compound republic"
    elif (ru_city := _russian_city(tokens, ctx.tokens, span)) is not None:
        name_tokens = tokens
        name, country = ru_city
        surface = tokens[0].text  # "Горловке", as written
        rule = "gazetteer"
    elif (titled_town := _titled_town(tokens, ctx.tokens, span)) is not None:
        # "г. Венск", "в городе Веново": the word "город" says what the name is.
        name_tokens = tokens
        name, country = titled_town
        surface = tokens[0].text
        rule = "town title"
    elif _a_slavic_town(tokens, ctx.tokens, span):
        # "a brigade in Vennivka", "sent to Vennove": a town by the shape of its name.
        name_tokens = tokens
        country = "ua" if _UKRAINIAN_TOWN.fullmatch(tokens[0].text) else "ru"
        rule = "town by its shape"
    elif _a_town_by_its_setting(ctx.tokens, span):
        # "at a building site in Venna", "near Venna in the Republic of X": a town by
        # what stands around its name.
        name_tokens = tokens
        country = "ru"
        rule = "town by its setting"
    elif (beside := _a_town_beside_a_town(ctx.tokens, span)) is not None:
        # "sites in Kursk and Vennaya": a name listed with a town after "in" is a town.
        name_tokens = tokens
        country = beside
        rule = "town listed with a town"
    else:
        found = _gazetteer_name(tokens)
        if found is None:
            return None
        name_tokens, country = found
        rule = "gazetteer"
        if " ".join(t.lower for t in name_tokens) in CAPITAL_METONYMS:
            return None
    if rule == "town title" and not is_about_labour(ctx.document_words):
        return None
    city = rule in ("town by its shape", "town listed with a town", "town by its setting") or (
        rule == "gazetteer"
        and (
            " ".join(t.lower for t in name_tokens) in CITIES
            or name in RU_CITIES
            or ru_city is not None
        )
    )
    in_labour_article = is_about_labour(ctx.document_words)
    if city:
        # A city counts when its sentence, or the paragraph around it, is about labour,
        # or as a destination ("will go to X") in an article about labour.
        address = in_labour_article and _an_employers_address(ctx.tokens, span)
        # "Work began at the housing estate in X": where the work is done is the place.
        workplace = in_labour_article and _a_workplace_before(ctx.tokens, span)
        on_topic = is_about_labour({t.lower for t in ctx.tokens} | ctx.paragraph_words) or (
            in_labour_article and _is_destination(ctx.tokens, span)
        )
        if not (address or workplace) and (not on_topic or _is_seat_of_a_body(ctx.tokens, span)):
            return None
        if nxt is not None and nxt.lower in NON_ACTOR_WORDS:
            return None
        if _describes_a_body(ctx.tokens, span):
            return None
    elif not (in_labour_article or is_about_labour(ctx.paragraph_words)):
        # A region counts anywhere in an article about labour ("...sent workers to
        # Donbas. Russia annexed two republics there: X and Y.").
        return None
    if is_transit(ctx.tokens, span):
        return None
    if name is None:
        name = ctx.text(name_tokens)
        if nxt is not None and nxt.lower in PLACE_SUFFIXES and not nxt.capitalised:
            name = f"{name} {nxt.text}"
    return Candidate(
        name=name,
        schema="region",
        category="region",
        countries=[country],
        aliases=[surface] if surface and surface != name else [],
        evidence=[Evidence(ctx.document, ctx.sentence, rule)],
    )


# Stems of the adjectives that name Russia's republics before "Республика" (the others put
# their name after it: "Республика Бурятия").
_ADJECTIVE_REPUBLICS = ("чеченск", "удмуртск", "чувашск", "кабардино-балкарск",
                        "карачаево-черкесск")  # fmt: skip


def _an_adjective_republic(tokens: list[Token]) -> bool:
    """'Чеченской Республики', 'Удмуртская Республика': the span ends with a republic's
    adjective and "Республика" in any case."""
    adjective = tokens[-2].lower
    return adjective.startswith(_ADJECTIVE_REPUBLICS) and adjective.endswith(
        ("ская", "ской", "скую", "ская")
    )


# Endings of Russian and Ukrainian town names in Latin letters that no English word, firm's
# coined name or person's surname has: "Vennivka", "Vennove", "Vennovo", "Vennohirsk",
# "Vennenky", "Vennopil".
_SLAVIC_TOWN = re.compile(
    r"(?:[A-Z][a-z]+-)?[A-Z][a-z]{2,}(?:ivka|ovka|evka|yivka|ove|eve|ovo|evo|yevo|ino|yne|ske|sk|enky|anky"
    r"|opil|opol|ohirsk|ogorsk|ograd|ets|yivske)"
)
# The endings among them that only Ukrainian spelling gives ("Vennivka", "Vennove").
_UKRAINIAN_TOWN = re.compile(r"[A-Z][a-z]{2,}(?:ivka|yivka|ove|eve|yne|ske|opil|ohirsk|enky|anky)")
# Prepositions of where something is or goes before a town's name.
_PLACE_PREPOSITIONS = frozenset({"in", "to", "near", "outside", "around", "into"})


def _a_slavic_town(tokens: list[Token], sentence: list[Token], span: Span) -> bool:
    """One word shaped like a Russian or Ukrainian town's name, after a preposition of
    place ("in Vennivka", "to Vennove"), and not before a body's head or another name."""
    if len(tokens) != 1 or span.first != span.last or span.first < 1:
        return False
    word = tokens[0].text
    if _SLAVIC_TOWN.fullmatch(word) is None or word.casefold() in GAZETTEER:
        return False
    if word.casefold() in CAPITAL_METONYMS or word.casefold() in COUNTRY_WORDS:
        return False
    return _after_a_place_preposition(sentence, span.first)


# Words that may stand between a preposition of place and a town's name: "in occupied
# Vennivka", "in the occupied port of Vennove", "near the town of Vennovo".
_BEFORE_A_TOWN = frozenset({"occupied", "annexed", "the", "port", "town", "city", "village",
                            "settlement", "of", "nearby", "neighbouring"})  # fmt: skip


def _after_a_place_preposition(sentence: list[Token], first: int) -> bool:
    """Whether a preposition of place stands before the word at ``first``, perhaps past
    the town's description ("in occupied X", "in the port of X")."""
    j = first - 1
    while j >= 0 and sentence[j].lower in _BEFORE_A_TOWN and first - j <= 4:
        j -= 1
    return j >= 0 and sentence[j].lower in _PLACE_PREPOSITIONS


# A town's name in Latin letters: one capitalised word, perhaps hyphenated ("Ust-Venn").
_TOWN_WORD = re.compile(r"[A-Z][a-z]{2,}(?:-[A-Z][a-z]+)?")
_LIST_MARKS = frozenset({",", "and", "or"})


def _a_lone_town_word(sentence: list[Token], span: Span) -> bool:
    """One capitalised word, no country, capital or gazetteer name, and not the first
    word of a longer name ("in Venn Holdings") or of a possessive ("in Venn's ...")."""
    if span.first != span.last:
        return False
    word = sentence[span.first].text
    if _TOWN_WORD.fullmatch(word) is None or word.casefold() in GAZETTEER:
        return False
    if word.casefold() in COUNTRY_WORDS or word.casefold() in CAPITAL_METONYMS:
        return False
    nxt = sentence[span.last + 1] if span.last + 1 < len(sentence) else None
    return nxt is None or not (nxt.capitalised or nxt.text in ("'s", "(", '"'))


def _a_town_by_its_setting(sentence: list[Token], span: Span) -> bool:
    """A one-word name where workers work ("at a construction site in Venna") or set in a
    titled region after a preposition of place ("near Venna in the Republic of X",
    "in Venna, X Oblast")."""
    if not _a_lone_town_word(sentence, span):
        return False
    if _a_workplace_before(sentence, span):
        return True
    if not _after_a_place_preposition(sentence, span.first):
        return False
    k = span.last + 1
    if k < len(sentence) and sentence[k].text in (",", "in"):
        k += 1
        if k < len(sentence) and sentence[k].lower == "the":
            k += 1
        rest = [t.lower for t in sentence[k : k + 4]]
        return bool(rest) and (
            rest[0] in ("republic", "krai", "oblast")
            or (sentence[k].capitalised and any(REGION_TITLES.get(w) == "ru" for w in rest[1:3]))
        )
    return False


def _a_known_town(token: Token) -> bool:
    word = token.text
    return (word.casefold() in CITIES or _SLAVIC_TOWN.fullmatch(word) is not None) and (
        word.casefold() not in CAPITAL_METONYMS
    )


def _a_town_beside_a_town(sentence: list[Token], span: Span) -> str | None:
    """The country of a one-word name listed with a known town after a preposition of
    place ("at sites in Kursk and Venna", "in Venna, Kursk and Orel"): every item of the
    list is one capitalised word, and the name is no country, capital or gazetteer name."""
    if span.first != span.last:
        return None
    token = sentence[span.first]
    word = token.text
    if _TOWN_WORD.fullmatch(word) is None or word.casefold() in GAZETTEER:
        return None
    if word.casefold() in COUNTRY_WORDS or word.casefold() in CAPITAL_METONYMS:
        return None
    first = last = span.first
    while first >= 2 and sentence[first - 1].lower in _LIST_MARKS:
        if _TOWN_WORD.fullmatch(sentence[first - 2].text) is None:
            break
        first -= 2
    while last + 2 < len(sentence) and sentence[last + 1].lower in _LIST_MARKS:
        if _TOWN_WORD.fullmatch(sentence[last + 2].text) is None:
            break
        last += 2
    if first == last or not _after_a_place_preposition(sentence, first):
        return None
    if last + 1 < len(sentence) and (
        sentence[last + 1].capitalised or sentence[last + 1].text in ("'s", "(")
    ):
        return None  # "in Kursk and Venn Holdings", "in Kursk and Venn's ..."
    known = [sentence[k] for k in range(first, last + 1, 2) if _a_known_town(sentence[k])]
    if not known:
        return None
    return "ua" if any(_UKRAINIAN_TOWN.fullmatch(t.text) for t in known) else "ru"


# A Russian republic named after two peoples, "Кабардино-Балкария", in any case.
_COMPOUND_REPUBLIC = re.compile(r"(?P<stem>[А-ЯЁ][а-яё]+[ое]-[А-ЯЁ][а-яё]+)(?:ия|ии|ию|ией)")


# Case endings of a Russian city's name and what replaces them in the nominative:
# "Горловке" -> "Горловка", "Донецке" -> "Донецк", "Мариуполе" -> "Мариуполь".
_RU_CITY_ENDINGS = (("ой", ("а",)), ("ом", ("",)), ("ем", ("ь",)), ("е", ("а", "", "ь")),
                    ("и", ("а", "ь")), ("у", ("а", "")), ("а", ("", "а")), ("я", ("ь",)),
                    ("ю", ("ь",)))  # fmt: skip
# Plural endings of a noun's oblique cases: "по школам", "на объектах" name the buildings
# worked on, not one body with its address.
_RU_PLURAL_OBLIQUE = ("ам", "ям", "ами", "ями")
# Prepositions of where something is or goes: "в Горловке", "во Владивосток", "под Читой".
_RU_PLACE_PREPOSITIONS = frozenset({"в", "во", "под", "до", "к", "ко"})
# Stems of a body's kind before "в X": "фирма в Уссурийске" gives the firm's address.
_RU_SEAT_STEMS = ("компани", "фирм", "агентств", "посредник", "колледж", "центр", "завод",
                  "предприят", "подрядчик", "бюро", "офис", "техникум", "школ", "организац",
                  "представительств", "училищ", "кооператив")  # fmt: skip


def _russian_city(tokens: list[Token], sentence: list[Token], span: Span) -> tuple[str, str] | None:
    """A Russian city's name, in any case, after a preposition of place ("в Горловке"):
    its nominative and country. Not a body's address ("фирма в Уссурийске")."""
    if len(tokens) != 1 or tokens[0] is not span.tokens[-1]:
        return None
    word = tokens[0].text
    if word in RU_CITIES:
        nominative: str | None = word
    else:
        nominative = next(
            (
                f"{word[: -len(ending)]}{tail}"
                for ending, tails in _RU_CITY_ENDINGS
                if word.endswith(ending)
                for tail in tails
                if f"{word[: -len(ending)]}{tail}" in RU_CITIES
            ),
            None,
        )
    j = span.last - 1
    if j >= 1 and sentence[j].text.islower() and sentence[j].lower.endswith(("ом", "ем")):
        j -= 1  # "в оккупированном Венске": an adjective between the preposition and the town
    if nominative is None and j >= 0 and sentence[j].lower in ("в", "во"):
        nominative = _town_in_the_prepositional(word)
    if nominative is None or j < 0 or sentence[j].lower not in _RU_PLACE_PREPOSITIONS:
        return None
    if (
        j >= 1
        and sentence[j - 1].lower.startswith(_RU_SEAT_STEMS)
        and not sentence[j - 1].lower.endswith(_RU_PLURAL_OBLIQUE)
    ):
        return None  # "фирма в Уссурийске"; "работы по школам в X" are works done there
    country = RU_CITIES.get(nominative) or (
        "ua" if nominative.casefold().startswith(RU_UKRAINE_STEMS) else "ru"
    )
    return nominative, country


# Prepositions that govern the prepositional case before "г.": "в г. Венске".
_PREPOSITIONAL_BEFORE = frozenset({"в", "во", "о", "об"})
# Endings no Russian town's nominative has, only its oblique cases ("г. Венске").
_OBLIQUE_ONLY = ("е", "у", "ю", "ом", "ем", "ой", "ей")


def _titled_town(tokens: list[Token], sentence: list[Token], span: Span) -> tuple[str, str] | None:
    """A Russian town written after "г." (not the "г." of a year, "2025 г.") or after
    "в городе": "г. Венск", "в городе Веново". After "городе" the name stands in
    apposition, in the nominative; after "г." too, or in the prepositional after "в г."
    ("в г. Венске"). A name in the genitive of a body's seat ("суда г. Венска") is left
    alone unless it is indeclinable, and so is a person's ("главы города Иван Петров")."""
    if len(tokens) != 1 or tokens[0] is not span.tokens[-1] or span.first != span.last:
        return None
    word = tokens[0].text
    if not re.fullmatch(r"[А-ЯЁ][а-яё]+(?:-[а-яё]+)*(?:-[А-ЯЁ][а-яё]+)?", word):
        return None
    if word.startswith(_NOT_TOWNS):
        return None
    j = span.first - 1
    after = sentence[span.last + 1] if span.last + 1 < len(sentence) else None
    if after is not None and after.capitalised and after.text.isalpha():
        return None  # "главы города Иван Петров": a person's name
    nominative: str | None = word
    if j >= 0 and sentence[j].lower == "городе":
        pass  # "в городе Веново": the name in apposition
    elif j >= 1 and sentence[j].text == "." and sentence[j - 1].lower == "г":
        before = sentence[j - 2].lower if j >= 2 else ""
        if before[:1].isdigit():
            return None  # "в 2025 г. Венск ...": the year's "г."
        if before in _PREPOSITIONAL_BEFORE and word.endswith(_OBLIQUE_ONLY):
            nominative = _town_in_the_prepositional(word)
        elif word.endswith(_OBLIQUE_ONLY) or (
            before.isalpha() and before not in _PREPOSITIONAL_BEFORE and not word.endswith("о")
        ):
            # "суда г. Венска", "прокуратуры г. Венки": the genitive of a body's seat,
            # whose nominative its ending does not tell; "-о" names do not decline.
            return None
    else:
        return None
    if nominative is None:
        return None
    country = RU_CITIES.get(nominative) or (
        "ua" if nominative.casefold().startswith(RU_UKRAINE_STEMS) else "ru"
    )
    return nominative, country


# Endings a town's name takes after "в" and its nominative's: "в Венске" (Венск), "в
# Веноградe" (Веноград), "в Венове-на-Икс" (Венов-на-Икс), "в Веноксарах" (Веноксары): the
# shapes of Russian town names, which no firm's or person's name takes after "в".
_TOWN_PREPOSITIONAL = re.compile(
    r"(?P<stem>[А-ЯЁ][а-яё]{2,}(?:ск|цк|град|ов|ев|ин))е(?P<tail>-на-[А-ЯЁ][а-яё]+)?"
    r"|(?P<plural>[А-ЯЁ][а-яё]{3,}[бвдзлмнпрстфц])ах"
)
# Plural names after "в" that are countries or mountains, not towns: "в Эмиратах", "в Штатах".
_NOT_TOWNS = ("Эмират", "Штат", "Нидерланд", "Филиппин", "Альп", "Гимала")


def _town_in_the_prepositional(word: str) -> str | None:
    """The nominative of a town's name written after "в" in the prepositional case, by the
    shape of town names ("-ске", "-граде", "-ове", plural "-ах"), or None."""
    match = _TOWN_PREPOSITIONAL.fullmatch(word)
    if match is None or word.startswith(_NOT_TOWNS):
        return None
    if match.group("plural"):
        return f"{match.group('plural')}ы"
    return f"{match.group('stem')}{match.group('tail') or ''}"


def _bracketed_name_after(tokens: list[Token], k: int, span: Span) -> str:
    """' (Якутия)' when the span's word at ``k`` ends the span and a bracketed name follows."""
    if k != span.last:
        return ""
    inner = tokens[k + 1 : k + 4]
    if len(inner) == 3 and inner[0].text == "(" and inner[2].text == ")" and inner[1].capitalised:
        return f" ({inner[1].text})"
    return ""


# Words of the workers' crews, pay and cover besides LABOUR_WORDS: a seizure report on
# "wage ledgers" and "brigade numbers", a card on "study invitations", a register's "shifts".
_CREW_WORDS = frozenset({"wage", "wages", "payroll", "brigade", "brigades", "trainees",
                         "loggers", "shifts", "foremen", "seamstresses"})  # fmt: skip


def is_about_labour(words: set[str] | frozenset[str]) -> bool:
    """Whether a sentence's or paragraph's words talk about workers (English or Russian)."""
    return bool(words & (LABOUR_WORDS | _CREW_WORDS)) or any(
        w.startswith(RU_LABOUR_STEMS) for w in words
    )


def _is_destination(tokens: list[Token], span: Span) -> bool:
    """'to X', 'into the X', and each name of 'to X, Y and the Z'."""
    j = span.first - 1
    while j >= 0 and (tokens[j].capitalised or tokens[j].lower in ("the", "and", "or", ",", "of")):
        j -= 1
    return j >= 0 and tokens[j].lower in ("to", "into")


# Legal forms of a firm written before or after its name ("OOO "X"", "X LLC", "АО «X»").
_FIRM_FORMS = frozenset({"llc", "ooo", "jsc", "ojsc", "cjsc", "pjsc", "oao", "zao", "pao", "ltd",
                         "ооо", "ао", "оао", "зао", "пао"})  # fmt: skip
# How far back from the town a firm's legal form may stand: 'JSC "Venn Works" (VW), Town'.
_ADDRESS_REACH = 12


def _an_employers_address(tokens: list[Token], span: Span) -> bool:
    """'Customer: JSC "Venn Works" (VW), Venngrad', 'OOO "X", a plant in Venngrad': the
    town right after a firm named with its legal form, alone or after its kind in
    apposition, and closing the item (a comma, a full stop, the end). In a document
    about labour a firm's address is where it works and its workers with it; a town in
    brackets or after "registered in" is not read here."""
    after = tokens[span.last + 1].text if span.last + 1 < len(tokens) else ""
    if after not in ("", ",", ".", ";"):
        return False
    j = span.first - 1
    if j >= 3 and tokens[j].lower == "in" and tokens[j - 1].text.isalpha():
        # "OOO "X", a fish-processing plant in Venngrad": past the kind in apposition.
        k = j - 1
        while k > 0 and tokens[k].text not in (",", "-") and j - k <= 5:
            k -= 1
        if tokens[k].text not in (",", "-") or tokens[k + 1].lower not in ("a", "an"):
            return False
        j = k
    if j < 1 or tokens[j].text != ",":
        return False
    j -= 1
    if tokens[j].text == ")":
        j = next((k for k in range(j - 1, max(-1, j - 8), -1) if tokens[k].text == "("), -1) - 1
    if j < 0 or not (tokens[j].text in ('"', "»") or tokens[j].capitalised):
        return False
    window = tokens[max(0, j - _ADDRESS_REACH) : j + 1]
    return any(t.lower in _FIRM_FORMS for t in window)


def _describes_a_body(tokens: list[Token], span: Span) -> bool:
    """'a Taganrog coach operator', 'an Omsk firm': a city before a lower-case noun after
    an article says where one body is based, not where workers are sent."""
    before = tokens[span.first - 1].lower if span.first > 0 else ""
    nxt = tokens[span.last + 1] if span.last + 1 < len(tokens) else None
    return before in ("a", "an") and nxt is not None and nxt.text.isalpha() and nxt.text.islower()


# Nouns of a place where work is done, not of a body: "at a building site in X".
_WORKPLACE_NOUNS = frozenset({"site", "sites", "plant", "plants", "estate", "estates", "quay",
                              "quays", "yard", "yards", "shipyard", "shipyards", "farm",
                              "farms", "mine", "mines", "camp", "camps", "factory",
                              "factories", "greenhouse", "greenhouses", "sawmill", "sawmills",
                              "workshop", "workshops", "project", "projects", "port",
                              "block", "blocks", "field", "fields"})  # fmt: skip
# Words of the place's description between "at" and its noun: "at a fish-processing
# plant", "on the new housing estate", "at greenhouse and pig-farm sites".
_WORKPLACE_REACH = 6


def _a_workplace_before(tokens: list[Token], span: Span) -> bool:
    """'at a construction site in X', 'on the housing estate in X', 'at a fish plant in
    the occupied port of X': the town where workers work, a place ("at", "on") and not a
    body's seat ("a firm in X") or a supplier's ("from a plant in X")."""
    j = span.first - 1
    while j >= 0 and tokens[j].lower in _BEFORE_A_TOWN and span.first - j <= 4:
        j -= 1
    if j < 2 or tokens[j].lower != "in" or tokens[j - 1].lower not in _WORKPLACE_NOUNS:
        return False
    k = j - 2
    while k >= 0 and j - k <= _WORKPLACE_REACH:
        word = tokens[k]
        if word.lower in ("at", "on"):
            return True
        if not (word.text.islower() or word.text == "-"):
            return False
        k -= 1
    return False


def _is_seat_of_a_body(tokens: list[Token], span: Span) -> bool:
    """'a company in Vladivostok', 'a recruiter based in Nakhodka': the body's address."""
    j = span.first - 1
    if j < 1 or tokens[j].lower != "in":
        return False
    before = tokens[j - 1].lower
    if before in ("based", "registered", "headquartered"):
        return True
    return before in NOUN_BEFORE_NAME or before in SEAT_NOUNS


# Oblique endings of a Russian region's adjective ("Хабаровского", "Амурской").
_RU_OBLIQUE_ADJECTIVE_ENDINGS = ("ского", "ской", "скому", "ском", "цкого", "цкой", "цком")


def _after_a_regions_possessive(tokens: list[Token], span: Span) -> bool:
    """A district owned by a titled Russian region: "Amur Oblast's Zeya District"."""
    j = span.first - 1
    return (
        j >= 1 and tokens[j].lower in ("'s", "'") and REGION_TITLES.get(tokens[j - 1].lower) == "ru"
    )


def _titled_region(
    tokens: list[Token], in_a_region: bool = False
) -> tuple[list[Token], str, str] | None:
    """'Irkutsk Oblast', 'Jewish Autonomous Region', 'Republic of Buryatia'; a district
    counts as Russian when a Russian region owns it ("Amur Oblast's Zeya District")."""
    words = [t.lower for t in tokens]
    if len(words) >= 3 and words[0] == "republic" and words[1] == "of":
        base = " ".join(words[2:])
        if base in COUNTRY_WORDS:
            return None
        return tokens, GAZETTEER.get(base, "ru"), "region title 'Republic of'"
    if len(words) < 2 or words[-1] not in REGION_TITLES:
        return None
    start = len(words) - 2
    while start > 0 and words[start] in REGION_QUALIFIERS:
        start -= 1
    base_words = words[start:-1]
    base = " ".join(w for w in base_words if w not in REGION_QUALIFIERS)
    if not base or base in COUNTRY_WORDS:
        return None
    country = GAZETTEER.get(base) or GAZETTEER.get(" ".join(words[start:]))
    if country is None and set(base_words) & REGION_QUALIFIERS:
        country = "ru"
    if country is None:
        country = REGION_TITLES[words[-1]]
    if (
        country is None
        and words[-1] == "district"
        and (base.endswith(RU_ADJECTIVE_ENDINGS) or in_a_region)
    ):
        country = "ru"  # "Tyndinsky District": a Russian adjective names the district
    if country is None:
        # "Region" or "Island" after an unknown word is too weak ("North Pyongan Province").
        return None
    return tokens[start:], country, f"region title '{tokens[-1].text}'"


# Case endings of the adjective, by the gender of the region noun, to the nominative.
_RU_FEMININE_ENDINGS = (("ской", "ская"), ("скую", "ская"), ("цкой", "цкая"), ("цкую", "цкая"),
                        ("ной", "ная"), ("ную", "ная"))  # fmt: skip
_RU_MASCULINE_ENDINGS = (("ского", "ский"), ("скому", "ский"), ("ском", "ский"),
                         ("ским", "ский"), ("цкого", "цкий"), ("цком", "цкий"),
                         ("ного", "ный"), ("ном", "ный"), ("ным", "ный"))  # fmt: skip


def _russian_region_nominative(adjective: str, noun: str) -> str:
    """'Иркутской' + 'области' -> 'Иркутская область'; 'Красноярском' + 'крае' -> '... край'."""
    nominative = RU_REGION_NOUNS[noun]
    endings = _RU_FEMININE_ENDINGS if nominative == "область" else _RU_MASCULINE_ENDINGS
    for ending, replacement in endings:
        if adjective.endswith(ending):
            return f"{adjective[: -len(ending)]}{replacement} {nominative}"
    return f"{adjective} {nominative}"


def _gazetteer_name(tokens: list[Token]) -> tuple[list[Token], str] | None:
    """The longest gazetteer entry that the span is, or ends with."""
    for start in range(len(tokens)):
        key = " ".join(t.lower for t in tokens[start:])
        if key in GAZETTEER:
            return tokens[start:], GAZETTEER[key]
    return None


def countries_before(tokens: list[Token], first: int) -> list[str]:
    """Country from a possessor or adjective just before the span ("Russia's ...")."""
    window = [t.lower for t in tokens[max(0, first - 4) : first]]
    if window and window[-1] in ("'s", "'"):
        window = window[:-1]
    return countries_in(window[-2:])


def countries_in(words: list[str]) -> list[str]:
    """Country codes of the country words in ``words`` ("north korean" is kp, not also kr)."""
    codes = []
    joined = " ".join(words)
    for phrase, code in COUNTRY_WORDS.items():
        if re.search(rf"\b{re.escape(phrase)}\b", joined):
            # "North Korean" must not also count as plain "korean".
            if phrase == "korean" and re.search(r"\b(north|south) korean\b", joined):
                continue
            codes.append(code)
    return unique(codes)
