"""Russian names of bodies: a capitalised head noun and lower-case words after it.

English names are runs of capitalised words; Russian ones are not: "Министерство
внешнеэкономических связей КНДР", "Главное управление по вопросам миграции".
The head noun may be in any case; the proposed name puts it in the nominative and
keeps the words after it as written, up to the first capitalised word or
punctuation. A body quoted as a source ("... сообщило", "по данным ...") is
left out, as the English rules leave out "X said".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from watchlists.curation.extract.candidates import Candidate, Evidence
from watchlists.curation.extract.filters import (
    a_source_role_before,
    from_a_named_commentator,
    names_a_workplace_in_russian,
)
from watchlists.curation.extract.people import RU_COUNCIL_STEMS, ru_title_lemma
from watchlists.curation.extract.sentences import Context, Token
from watchlists.curation.extract.unnamed import russian_adjective
from watchlists.curation.extract.vocabulary import (
    RU_REGION_NOUNS,
    RU_RESEARCH_STEMS,
    RU_SCHOOL_COVER_STEMS,
    RU_SOURCE_BEFORE,
    RU_SOURCE_STEMS,
    RU_TITLES,
    RU_UKRAINE_STEMS,
)

# Head nouns by stem, with their nominative and what kind of body they make.
_HEADS: dict[str, tuple[str, str, str]] = {
    "министерств": ("Министерство", "public_body", "state_bureau"),
    "управлени": ("Управление", "public_body", "state_bureau"),
    "бюро": ("Бюро", "public_body", "state_bureau"),
    "комитет": ("Комитет", "public_body", "state_bureau"),
    "департамент": ("Департамент", "public_body", "state_bureau"),
    "ведомств": ("Ведомство", "public_body", "state_bureau"),
    "корпораци": ("Корпорация", "company", "employer"),
}
# Adjectives that open a body's name: "Главное", "Генеральное", and an ordinal that numbers
# one of several bureaux ("Второе бюро ...").
_OPENING_ADJECTIVES = (
    r"(?:Главн|Генеральн|Государственн|Центральн|Перв|Втор|Трет|Четв[её]рт|Пят|Шест|Седьм|"
    r"Восьм|Девят|Десят)[а-яё]*\s+"
)
_ADJECTIVE_HEAD = rf"(?:{_OPENING_ADJECTIVES})?"
_BODY = re.compile(
    rf"(?P<name>{_ADJECTIVE_HEAD}(?P<head>\b(?i:{'|'.join(_HEADS)})[а-яё]*)"
    # "Бюро № NN по внешнему труду": the number may stand right after the head instead.
    r"(?P<lead_number>\s*№\s*\d+)?"
    # "Бюро № NN": a number after the head may name the body without more words.
    r"(?P<tail>(?(lead_number)(?:\s+(?:по|и|при|с)?\s*[а-яё-]+){0,5}?"
    r"|(?:\s+(?:по|и|при|с)?\s*[а-яё-]+){1,5}?))"
    # "... №17": the number of one of several bodies of the same name is part of it.
    r"(?P<number>\s*№\s*\d+)?)"
    r"(?=\s+(?P<next>[А-ЯЁ][А-ЯЁа-яё-]*)|\s*«(?P<quoted>[^«»]+)»|[,.;:»)]|$"
    # "Бюро по сотрудничеству № 66 (КНДР)": a country in brackets after the name.
    r"|\s*\((?P<bracketed>КНДР|РФ|России)\)"
    # "Бюро № NN в Пхеньяне": where a numbered body sits is no part of its name.
    r"|(?(lead_number)\s+(?:в|во|из|на|под)\s+[А-ЯЁ]|(?!)))"
)
# The country a body's name ends with.
_COUNTRY_AFTER = {"кндр": "kp", "северной": "kp", "россии": "ru", "рф": "ru"}
# Verbs after a body that quote it as a source.
_SOURCE_AFTER = (
    "сообщил",
    "заявил",
    "сообщает",
    "сообщают",
    "отметил",
    "уточнил",
    "пишет",
    "пояснил",
    "подтвердил",
    "опубликовал",
    "отчитал",
    "информирует",
)
_CAPITAL_START = re.compile(r"[А-ЯЁ]")
# What bodies that police, judge, count or supervise are named for.
_AUTHORITY_FIELDS = ("внутренних дел", "иностранных дел", "юстиции", "по вопросам миграции",
                     "статистики", "безопасности", "по надзору", "по контролю",
                     "следственн")  # fmt: skip


def russian_bodies(work: str, ctx: Context) -> Iterator[Candidate]:
    """State bodies named in Russian in one sentence."""
    for match in _BODY.finditer(work):
        name = match.group("name")
        if not _CAPITAL_START.match(name):
            continue  # "министерство" in running text is no name
        head = match.group("head").casefold()
        stem = next((s for s in _HEADS if head.startswith(s)), None)
        if stem is None:
            continue
        before = work[max(0, match.start() - 20) : match.start()].casefold()
        last = before.split()[-1:]
        # "Как сообщили в Министерстве ... КНДР": North Korea's own ministry speaks of the
        # workers it sends; it is part of the network whoever quotes it.
        own = (match.group("next") or "").casefold() == "кндр" or _north_korean_before(before)
        if not own and (
            any(before.rstrip().endswith(p) for p in RU_SOURCE_BEFORE)
            or (last and last[0].startswith(_SOURCE_AFTER))  # "как сообщило Министерство ..."
        ):
            continue
        clause = re.findall(r"[\w-]+|[,.;:()—]", work[max(0, match.start() - 120) : match.start()])
        if names_a_workplace_in_russian([w.casefold() for w in clause]):
            continue  # "..., ранее работавшая в Министерстве ...": a source's employer
        if from_a_named_commentator(clause):
            continue  # "эксперт Иван Петров из «Бюро ...»": the commentator's body
        nxt = (match.group("next") or match.group("bracketed") or "").casefold()
        country = _COUNTRY_AFTER.get(nxt)
        # Past the names after the body ("... МВД России сообщило"), is it quoted?
        rest = work[match.end() : match.end() + 40].split()
        # Past capitalised names and the region noun after them ("... X-ского края").
        while rest and (_CAPITAL_START.match(rest[0]) or rest[0].casefold() in RU_REGION_NOUNS):
            rest = rest[1:]
        if rest and rest[0].casefold().startswith(_SOURCE_AFTER):
            continue
        # The lazy tail may have run on into the verb: "Управление ... сообщило, что".
        if any(w.casefold().startswith(_SOURCE_AFTER) for w in match.group("tail").split()):
            continue
        north_korean = _north_korean_before(before)  # "северокорейского Министерства ..."
        if north_korean:
            country = "kp"
        tail_text = match.group("tail").casefold()
        if not north_korean and any(f in tail_text for f in _AUTHORITY_FIELDS):
            # "Министерство внутренних дел": an authority, never an entry; North Korea's
            # own security ministry watches its workers and is part of the network.
            continue
        nominative, schema, category = _HEADS[stem]
        adjective = name[: match.start("head") - match.start("name")]
        tail = " ".join(match.group("tail").split())
        if match.group("lead_number"):
            number = match.group("lead_number").replace("№", "").strip()
            tail = f"№ {number} {tail}".strip()
        if match.group("number"):
            tail += " №" + match.group("number").replace("№", "").strip()
        if adjective:
            adjective = _agreeing_adjective(adjective.strip(), nominative)
        head_word = nominative.casefold() if adjective else nominative
        proposed = " ".join(w for w in (adjective, head_word, tail) if w)
        # "корпорацией ... строительства «X»": the quoted name ends the body's.
        quoted = f" «{match.group('quoted')}»" if match.group("quoted") else ""
        proposed += quoted
        name += quoted
        abbreviation = match.group("next") or ""
        if tail.split()[-1:] == ["и"] and re.fullmatch(r"[А-ЯЁ]{2,}", abbreviation):
            # "Министерство строительства и ЖКХ": an abbreviation after "и" is in the name.
            proposed += f" {abbreviation}"
            name += f" {abbreviation}"
        if category == "state_bureau" and country not in (None, "kp"):
            category = "government_body"
        # The name as written is kept as well: "Министерству ..." in a quotation or a label.
        written = " ".join(name.split())
        yield Candidate(
            name=proposed,
            schema=schema,
            category=category,
            countries=[country] if country else [],
            aliases=[written] if written != proposed else [],
            evidence=[
                Evidence(ctx.document, ctx.sentence, f"Russian head '{match.group('head')}'")
            ],
        )


# "администрации Мелитополя", "так называемой администрации Донецка", "мэрии Читы": a
# city's own government, named by the city in the genitive (not a region's: "... области").
_CITY_BODY = re.compile(
    r"(?<![А-ЯЁа-яё-])(?P<head>(?i:администраци|мэри)[яиюей])\s+(?:города\s+)?"
    r"(?P<city>[А-ЯЁ][а-яё]+(?:-[а-яё]+-[А-ЯЁ][а-яё]+)?)"
    r"(?!\s+[а-яё]*(?:област|кра[яюе]|край|район|округ|республик))(?![А-ЯЁа-яё-])"
)
_CITY_HEADS = {"администраци": "Администрация", "мэри": "Мэрия"}


_PATRONYMIC_ENDINGS = ("вич", "вна", "ична", "ьич")


def _surname_first(rest: list[str]) -> bool:
    """The words after a capitalised word are a given name and a patronymic that end the
    name ("Петров | Иван Сергеевич."): the word was a surname. After a city ("Мелитополя
    Иван Сергеевич Петров") the surname still follows."""
    if len(rest) < 2 or not rest[0][:1].isupper():
        return False
    if not rest[1].strip(",.;:").casefold().endswith(_PATRONYMIC_ENDINGS):
        return False
    return rest[1][-1:] in ",.;:" or len(rest) == 2 or not rest[2][:1].isupper()


def city_governments(work: str, ctx: Context) -> Iterator[Candidate]:
    """A city's administration or mayor's office named by its city: "подряд администрации
    Мелитополя" -> "Администрация Мелитополя". Not when it is quoted as a source."""
    for match in _CITY_BODY.finditer(work):
        before = work[max(0, match.start() - 20) : match.start()].casefold()
        last = before.split()[-1:]
        if any(before.rstrip().endswith(p) for p in RU_SOURCE_BEFORE) or (
            last and last[0].startswith(_SOURCE_AFTER)
        ):
            continue
        rest = work[match.end() : match.end() + 30].split()
        if rest and rest[0].casefold().startswith(_SOURCE_AFTER):
            continue  # "администрация Читы сообщила"
        if rest and rest[0].strip(",.;:").casefold().endswith(_PATRONYMIC_ENDINGS):
            continue  # "главы администрации Анатолий Петрович X": a given name, no city
        if _surname_first(rest):
            continue  # "главы администрации Петров Иван Сергеевич": a surname, no city
        clause = re.findall(r"[\w-]+|[,.;:()—]", work[max(0, match.start() - 120) : match.start()])
        if names_a_workplace_in_russian([w.casefold() for w in clause]):
            continue
        head = match.group("head")
        nominative = next(v for k, v in _CITY_HEADS.items() if head.casefold().startswith(k))
        city = match.group("city")
        # As written, with "города" if the text has it: a letterhead's "Администрация
        # города X" names the same body as its issuer.
        written = " ".join(match.group(0).split())
        proposed = f"{nominative} {city}"
        country = "ua" if city.casefold().startswith(RU_UKRAINE_STEMS) else "ru"
        yield Candidate(
            name=proposed,
            schema="public_body",
            category="government_body",
            countries=[country],
            aliases=[written] if written != proposed else [],
            evidence=[Evidence(ctx.document, ctx.sentence, f"city body '{head}'")],
        )


# "ИП Кривошеин А. В.", "ИП Иван Петров": a sole trader, registered under the owner's name.
_SOLE_TRADER = re.compile(
    r"(?<![А-ЯЁа-яё])(?:ИП|индивидуальн(?:ый|ого|ому|ым) предпринимател[ьяюем]+)\s+"
    r"(?P<name>[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?(?:\s+"
    # The patronymic in any case: "ИП Зорину Петру Ивановичу", "ИП Зориной Анне Ивановне".
    r"(?:[А-ЯЁ]\.\s?[А-ЯЁ]\.|[А-ЯЁ]\.|[А-ЯЁ][а-яё]+(?:\s+[А-ЯЁ][а-яё]+"
    r"(?:вич(?:а|у|ем|е)?|вн(?:а|ы|е|у|ой)|ичн(?:а|ы|е|у|ой)))?)"
    # "её держит ИП Мельничук.": the surname alone, before punctuation or a lower-case word.
    r"|(?=\s*[,.;:)»!?]|\s+[а-яё]|\s*$)))"
)


def sole_traders(work: str, ctx: Context) -> Iterator[Candidate]:
    """A sole trader ("ИП Кривошеин А. В.") named in one sentence: a person trading under
    their own name, as a firm does under its own. Not when the sentence quotes them."""
    for match in _SOLE_TRADER.finditer(work):
        before = work[max(0, match.start() - 20) : match.start()].casefold().rstrip()
        if any(before.endswith(p) for p in RU_SOURCE_BEFORE):
            continue
        name = " ".join(match.group("name").split())
        yield Candidate(
            name=f"ИП {name}",
            schema="person",
            category="executive",
            countries=["ru"],
            aliases=[name],
            evidence=[Evidence(ctx.document, ctx.sentence, "sole trader 'ИП'")],
        )


# A surname and initials, in any case: "Венцовым В. С.", "Венцовой А. Б.".
_SURNAME_INITIALS = re.compile(
    r"(?<![А-ЯЁа-яё«.])(?P<name>[А-ЯЁ][а-яё]{2,}(?:-[А-ЯЁ][а-яё]+)?\s+[А-ЯЁ]\.\s?[А-ЯЁ]\.)"
)
# How many tokens back the title may stand: "генеральным директором АО «Венлес» X".
_INITIALS_TITLE_REACH = 7
# Legal forms between a title and the name of the firm it heads: "директором АО «X»".
_LEGAL_FORMS = frozenset({"ао", "оао", "зао", "пао", "ооо", "ип", "ано", "гуп", "муп", "фгуп"})


def titled_initials(ctx: Context) -> Iterator[Candidate]:
    """A person written as a surname and initials in any case after a Russian title in any
    case, maybe with the firm it heads between them ("согласовано с генеральным директором
    АО «Венлес» Венцовым В. С."): the surname's case is the title's, kept as written. Not a
    council's or a source's officer, nor one the sentence quotes."""
    tokens = ctx.tokens
    for match in _SURNAME_INITIALS.finditer(ctx.work):
        first = next((i for i, t in enumerate(tokens) if t.start == match.start()), None)
        if first is None:
            continue
        at = _title_before(tokens, first)
        if at is None:
            continue
        title = ru_title_lemma(tokens[at].lower) or ""
        post = [t.lower for t in tokens[at:first]]
        before = ctx.work[max(0, match.start() - 40) : match.start()].casefold()
        if any(p in before for p in RU_SOURCE_BEFORE) or any(
            w.startswith((*RU_SOURCE_STEMS, *RU_COUNCIL_STEMS, *_LEGAL_POST_STEMS)) for w in post
        ):
            continue
        yield Candidate(
            name=" ".join(match.group("name").split()),
            schema="person",
            category=RU_TITLES[title],
            countries=["ru"],
            evidence=[Evidence(ctx.document, ctx.sentence, f"title '{title}' before initials")],
        )


# Posts in a lawsuit's or a firm's legal work, and of the police: "представитель истца",
# "начальник юридического отдела", "начальник ОМВД". They act on a case, not in the scheme.
_LEGAL_POST_STEMS = ("истц", "юридическ", "правов", "суд", "прокур", "полиц", "омвд", "мвд",
                     "следств", "секретар")  # fmt: skip


def _title_before(tokens: list[Token], first: int) -> int | None:
    """Where a Russian title (a form of one in ``RU_TITLES``) stands a few tokens before
    ``first``, past a firm's legal form and quoted name; None at any other word or
    punctuation."""
    quoted = False
    for i in range(first - 1, max(-1, first - _INITIALS_TITLE_REACH), -1):
        token = tokens[i]
        if token.text in ("«", "»", '"'):
            quoted = not quoted if token.text == '"' else token.text == "»"
            continue
        if quoted or token.lower in _LEGAL_FORMS:
            continue
        if ru_title_lemma(token.lower) is not None:
            return i
        if not token.text.isalpha() or token.capitalised:
            return None
    return None


# Head nouns of schools, colleges and institutes by stem, with their nominative and gender.
_SCHOOL_HEADS: dict[str, tuple[str, str]] = {
    "колледж": ("колледж", "m"), "техникум": ("техникум", "m"), "институт": ("институт", "m"),
    "университет": ("университет", "m"), "лице": ("лицей", "m"), "училищ": ("училище", "n"),
    "академи": ("академия", "f"),
    # "учебный центр", "образовательный центр": only after such an adjective (see
    # ``_school_head``); a centre alone may be anything.
    "центр": ("центр", "m"),
}  # fmt: skip
# Adjectives that make a centre a school: "учебный", "образовательный", "учебно-курсовой".
_TEACHING_ADJECTIVES = ("учебн", "образовательн")
# Words after a centre's head noun that make it a school: "центр профессиональной
# подготовки", "центр профессионального образования", "центр повышения квалификации".
_TEACHING_TAIL_STEMS = ("профессиональн", "подготовк", "образовани", "обучени", "квалификац",
                        "переподготовк")  # fmt: skip
_ADJECTIVE = re.compile(r"[а-яё]+(?:-[а-яё]+)?(?:ого|его|ому|ему|ыми|ими|ым|им|ой|ей|ую|юю|ая|"
                        r"яя|ое|ее|ом|ем|ый|ий)")  # fmt: skip
_GENITIVE_ADJECTIVE = re.compile(r"[а-яё]+(?:ых|их|ого|его|ой|ей)")
# Words that end a school's name: prepositions and conjunctions other than "и".
_NAME_STOPS = frozenset({"в", "во", "на", "с", "со", "по", "для", "из", "от", "до", "за", "при",
                         "к", "о", "об", "а", "но", "что", "как", "где", "который", "которая",
                         "которые", "которого", "которой"})  # fmt: skip
_VERB_ENDINGS = ("л", "ла", "ло", "ли", "ет", "ют", "ит", "ят", "ат", "ся", "сь")
# How many words of what a school teaches may follow its head noun: "горных ремёсел",
# "связи и транспорта".
_SCHOOL_TAIL_MAX = 4


def russian_schools(ctx: Context) -> Iterator[Candidate]:
    """A college, institute or school named in Russian by a capitalised adjective, lower-case
    adjectives, its head noun and what it teaches, in any case: "в общежитии Вязовского
    политехнического колледжа" -> "Вязовский политехнический колледж" (the name as written
    kept as an alias). Not a commentator's ("доцент X-ского института ..."), nor one with
    its own name in guillemets after it, which is proposed as that name.

    A school is proposed only where the text shows it in the scheme (students, trainees,
    visas, a dormitory, an agreement: ``RU_SCHOOL_COVER_STEMS``) in the sentence or its
    paragraph, and not when its name says it studies ("институт стратегических
    исследований"): a university named because an expert or a report comes from it is a
    source, however much the article is about labour."""
    cover = _shows_the_cover(ctx.tokens) or _shows_the_cover_words(ctx.paragraph_words)
    tokens = ctx.tokens
    for i, token in enumerate(tokens):
        if not (token.capitalised and _ADJECTIVE.fullmatch(token.lower)):
            continue
        if i == 0 and token.lower in ctx.lower_case_words:
            continue  # "Местный колледж ...": a common adjective opening the sentence
        k = i + 1
        while k < len(tokens) and k - i <= 2 and tokens[k].text.islower():
            if _school_head(tokens[k].lower) is not None:
                break
            if not _ADJECTIVE.fullmatch(tokens[k].lower):
                break
            k += 1
        if k >= len(tokens) or not tokens[k].text.islower():
            continue
        head = _school_head(tokens[k].lower)
        if head is None:
            continue
        end = _school_tail_end(tokens, k + 1)
        if (
            head == "центр"
            and (
                not (
                    tokens[k - 1].lower.startswith(_TEACHING_ADJECTIVES)
                    # "Уральский центр профессиональной подготовки": what it does is teach.
                    or any(t.lower.startswith(_TEACHING_TAIL_STEMS) for t in tokens[k + 1 : end])
                )
                or token.lower.startswith(_TEACHING_ADJECTIVES)
            )
        ):
            # "Хабаровский краевой центр занятости" is no school; "Учебный центр ..." opening
            # a sentence names none (the capital is the sentence's).
            continue
        if end < len(tokens) and tokens[end].text in ("«", '"'):
            continue  # "колледжа технологий «X»": the quoted name is its name
        if not cover or _quoted_as_a_source(tokens, i, end):
            continue
        if any(t.lower.startswith(RU_RESEARCH_STEMS) for t in tokens[i:end]):
            continue  # "Российского института стратегических исследований": a think tank
        nominative, gender = _SCHOOL_HEADS[head]
        adjectives = [russian_adjective(t.text, gender) for t in tokens[i:k]]
        tail = [t.text for t in tokens[k + 1 : end]]
        proposed = " ".join([*adjectives, nominative, *tail])
        written = ctx.work[tokens[i].start : tokens[end - 1].end]
        yield Candidate(
            name=proposed,
            schema="organization",
            category="student_visa_intermediary",
            countries=[],
            aliases=[written] if written != proposed else [],
            evidence=[Evidence(ctx.document, ctx.sentence, f"Russian school '{tokens[k].text}'")],
        )


def _school_head(word: str) -> str | None:
    """The stem of a school's head noun that ``word`` is a form of, if any."""
    if word.startswith("центральн"):
        return None  # an adjective, "центральный", not the noun "центр"
    return next((stem for stem in _SCHOOL_HEADS if word.startswith(stem)), None)


def _school_tail_end(tokens: list[Token], start: int) -> int:
    """Where the lower-case words after a school's head noun (what it teaches, in the
    genitive) end: "горных ремёсел", "связи и транспорта", not "в Твери"."""
    end = start
    k = start
    while k < len(tokens) and k - start < _SCHOOL_TAIL_MAX:
        word = tokens[k].lower
        if not tokens[k].text.islower() or not word.isalpha() or word in _NAME_STOPS:
            break
        if word == "и":
            k += 1
            continue
        if _GENITIVE_ADJECTIVE.fullmatch(word):
            k += 1  # an adjective: the noun it qualifies follows
            continue
        if word.endswith(_VERB_ENDINGS) and not _GENITIVE_ADJECTIVE.fullmatch(tokens[k - 1].lower):
            break  # "колледж подписал": the verb, not the name
        k += 1
        end = k
    return end


def _shows_the_cover(tokens: list[Token]) -> bool:
    """Whether the sentence has a word of the education cover (see ``russian_schools``)."""
    return _shows_the_cover_words(t.lower for t in tokens)


def _shows_the_cover_words(words: Iterable[str]) -> bool:
    return any(w.startswith(RU_SCHOOL_COVER_STEMS) for w in words)


# Person-words that place one commentator or graduate at a school, besides the stems of
# RU_SOURCE_STEMS that name a profession ("доцент", "эксперт", "преподаватель"): "выпускник
# X-ского университета", "кореевед X-ского университета", "окончила X-ский институт". (Not
# its director or rector, who head a school in the scheme as a firm's director heads a firm.)
_SCHOOL_PERSON_STEMS = (
    *(s for s in RU_SOURCE_STEMS if s not in ("институт", "университет", "школ", "академи")),
    *("выпускн", "кореевед", "демограф", "историк", "социолог", "учён", "учен", "окончил"),
)
# Nouns of a piece of writing or research whose author the school in the genitive after it
# is: "в докладе X-ского института", "по опросу X-ского университета", "учёные X-ского".
_AUTHORED_STEMS = ("доклад", "отчёт", "отчет", "исследовани", "опрос", "обзор", "публикаци",
                   "стать", "записк", "данны", "оценк", "прогноз", "рейтинг")  # fmt: skip
# How many words before a school a person-word may stand: "доцент кафедры истории X-ского".
_SCHOOL_PERSON_REACH = 3


def _quoted_as_a_source(tokens: list[Token], first: int, end: int) -> bool:
    """A commentator's role before the name ("эксперт X-ского института"), a source's cue
    ("по данным"), a report the school wrote ("в докладе X-ского института"), a clause
    placing one person there, or a verb of reporting after it."""
    if first > 0 and a_source_role_before(tokens, first - 1):
        return True
    for token in reversed(tokens[max(0, first - _SCHOOL_PERSON_REACH) : first]):
        if not token.text.isalpha():
            break
        if token.lower.startswith(_SCHOOL_PERSON_STEMS):
            return True  # "выпускник", "кореевед", "ректор": one person of the school
    if first > 0 and tokens[first - 1].lower.startswith(_AUTHORED_STEMS):
        return True
    before = " ".join(t.lower for t in tokens[max(0, first - 3) : first])
    if any(before.endswith(p) for p in RU_SOURCE_BEFORE):
        return True
    if names_a_workplace_in_russian([t.lower for t in tokens[max(0, first - 12) : first]]):
        return True
    return end < len(tokens) and tokens[end].lower.startswith(_SOURCE_AFTER)


def _north_korean_before(before: str) -> bool:
    """The words before a body make it North Korean ("северокорейского", "КНДР")."""
    words = before.split()[-2:]
    return any(w.startswith(("северокорейск", "кндр")) for w in words)


def _agreeing_adjective(adjective: str, noun: str) -> str:
    """'Главного' before 'управления' -> 'Главное' (the noun's gender, nominative)."""
    if adjective.casefold().startswith("трет"):
        # "третий" keeps a soft sign: "Третьему бюро" -> "Третье бюро".
        ending = "ье" if noun.endswith(("о", "е")) else "ья" if noun.endswith("я") else "ий"
        return adjective[:4] + ending
    stem = re.sub(r"(ое|ого|ому|ом|ым|ая|ой|ую|ый|ий|ее|его|ему|ем)$", "", adjective)
    if noun.endswith(("о", "е")):
        return f"{stem}ое"
    if noun.endswith("я"):
        return f"{stem}ая"
    return f"{stem}ый"


# A North Korean bureau or directorate named by its number in any case, with lower-case
# adjectives before its head and its field after it: "подчинённая 17-му строительному
# бюро КНДР", "при 23-м управлении внешних работ", "Лесному бюро № NN", «Бюро 207».
_NUMBERED_BUREAU = re.compile(
    r"(?<![\w-])(?:"
    # "17-му", "9-е", "23-м": an ordinal in figures and its case ending.
    r"(?P<ordinal>\d{1,3})-[а-яё]{1,3}\s+"
    r"(?P<adjectives>(?:[а-яё]+(?:ому|ему|ого|его|ое|ее|ом|ем|ым|им|ой|ей|ая|ую|ый|ий)\s+){0,2})"
    r"(?P<head>бюро|управлени[еяюи]|управлением)"
    r"(?P<tail>(?:\s+(?:по\s+)?[а-яё-]+){0,4}?)"
    r"(?=\s+[А-ЯЁ]|\s*[,.;:»)(—]|\s+(?:в|во|из|при|и|а|которое|которому)\s|$)"
    # "Лесному бюро № NN", «Бюро 207»: a capitalised head or adjective and a number.
    r"|(?P<adjective>[А-ЯЁ][а-яё]+(?:ому|ему|ого|его|ое|ее|ом|ем|ым|им|ой|ей|ая|ую|ый|ий)\s+)?"
    r"(?P<head2>(?(adjective)(?:бюро|управлени[еяюи]|управлением)|(?:Бюро|Управлени[еяюи])))"
    r"\s+(?P<sign>№\s*)?(?P<number>\d{1,3})(?![\d.,]\d|-)"
    # "ихнее бюро № NN": a bare head in lower case, then a number sign and a number.
    r"|(?P<head3>бюро)\s+№\s*(?P<number3>\d{1,3})(?![\d.,]\d|-)"
    r")"
)
# Words in a sentence that make a body in it North Korean: "КНДР", "корейская компания".
_OPENING_ADJECTIVE = re.compile(_OPENING_ADJECTIVES)
_NORTH_KOREAN_CUES = ("кндр", "северокорейск", "пхеньян", "корейск")


def numbered_bureaus(work: str, ctx: Context) -> Iterator[Candidate]:
    """North Korean bureaus named by their number in one sentence that names North Korea
    or a Korean firm: "17-му строительному бюро КНДР" -> "17-е строительное бюро КНДР" (the
    name as written kept as an alias). A numbered department of a Russian body has no such
    cue near it ("2-й отдел полиции"), and a name the older rule reads (capitalised head
    and its words: "Бюро № NN по внешнему труду") is left to it."""
    in_sentence = any(t.lower.startswith(_NORTH_KOREAN_CUES) for t in ctx.tokens)
    in_document = any(w.startswith((*_NORTH_KOREAN_CUES, "корейц")) for w in ctx.document_words)
    for match in _NUMBERED_BUREAU.finditer(work):
        if match.group("head3"):
            # "бюро № NN" in lower case: a number sign after the bare head names one of the
            # North's numbered bureaus in a document about Koreans, as no Russian body is.
            if in_document:
                proposed = f"Бюро № {match.group('number3')}"
                yield _numbered_bureau(proposed, " ".join(match.group(0).split()), "бюро", ctx)
            continue
        if (
            not in_sentence
            and not _a_bare_numbered_bureau(match, work, in_document)
            and not _an_ordinal_bureau(match, in_document)
        ):
            continue
        head = match.group("head") or match.group("head2")
        nominative = "бюро" if head.casefold() == "бюро" else "управление"
        if match.group("ordinal"):
            tail = " ".join(match.group("tail").split())
            adjectives = [
                _agreeing_adjective(a, nominative) for a in match.group("adjectives").split()
            ]
            after = work[match.end() :].split()[:1]
            country = " КНДР" if after and after[0].strip(",.;:") == "КНДР" else ""
            words = [f"{match.group('ordinal')}-е", *adjectives, nominative, tail]
            proposed = " ".join(w for w in words if w) + country
            written = " ".join(match.group(0).split()) + country
        else:
            adjective = match.group("adjective")
            if adjective and _OPENING_ADJECTIVE.match(adjective):
                continue  # "Главному бюро № NN": the older rule reads it, with its words
            if (
                not adjective
                and (match.group("sign") or match.start() == 0 or work[match.start() - 1] != "«")
                and not _a_bare_numbered_bureau(match, work, in_document)
            ):
                # "Бюро № NN" is the older rule's; "Бюро 2024" with a bare number is a name
                # only in guillemets or as "Бюро" and a short number.
                continue
            first = _agreeing_adjective(adjective.strip(), nominative) if adjective else ""
            head_word = nominative if adjective else nominative.capitalize()
            proposed = " ".join(w for w in (first, head_word, f"№ {match.group('number')}") if w)
            written = " ".join(match.group(0).split())
        if proposed[0].islower():
            proposed = proposed[0].upper() + proposed[1:]
        yield _numbered_bureau(proposed, written, head, ctx)


def _an_ordinal_bureau(match: re.Match[str], about_koreans: bool) -> bool:
    """'людей набирает 116-е бюро': "бюро" after an ordinal in figures, in a document about
    Koreans, is one of the North's numbered bureaus, whatever its sentence names; no
    Russian body is called so (a numbered directorate, "3-е управление", may be police)."""
    return (
        about_koreans
        and bool(match.group("ordinal"))
        and (match.group("head") or "").casefold() == "бюро"
    )


def _a_bare_numbered_bureau(match: re.Match[str], work: str, about_koreans: bool) -> bool:
    """'так называемое Бюро 54', 'в какое-то Бюро 88': "Бюро" with a capital and a number
    of up to three figures (no year, no date) in a document about Koreans names one of
    the North's numbered bureaus, whatever else its sentence names."""
    return (
        about_koreans
        and match.group("head2") == "Бюро"
        and not match.group("sign")
        and not work[match.end() : match.end() + 1].isdigit()
    )


def _numbered_bureau(proposed: str, written: str, head: str, ctx: Context) -> Candidate:
    return Candidate(
        name=proposed,
        schema="public_body",
        category="state_bureau",
        countries=["kp"],
        aliases=[written] if written != proposed else [],
        evidence=[Evidence(ctx.document, ctx.sentence, f"numbered bureau '{head}'")],
    )
