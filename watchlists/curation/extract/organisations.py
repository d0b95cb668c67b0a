"""Is a span an organisation, and of which kind?

Four kinds of evidence, strongest first: a head word at its end ("... Agency",
"Ministry of ..."); a noun or legal form just before it ("the contractor X",
"ООО «X»"); a noun in apposition ("X, a regional builder"; "the recruiter, X,");
and, for names with no head word at all, how Russian company names are coined
("Vostokstroy", "Amurtrans") or what the sentence has the name do ("X hired 40
workers", "working for X").
"""

from __future__ import annotations

import re

from watchlists.curation.extract.filters import russian_kind_noun_before
from watchlists.curation.extract.people import (
    is_personal_name,
    looks_like_person,
    title_in_apposition,
)
from watchlists.curation.extract.sentences import Context, Token
from watchlists.curation.extract.spans import Span, number_start
from watchlists.curation.extract.vocabulary import (
    APPOSITION_NOUNS_MORE,
    APPOSITION_ORG_NOUNS,
    CAP_STOP,
    CATEGORY_HINTS,
    COMPANY_MORPHEMES,
    COMPANY_PREFIXES,
    COUNTRY_WORDS,
    EMPLOYER_CONTEXT,
    EMPLOYER_VERBS,
    GAZETTEER,
    KOREAN_SURNAMES,
    LETTING_WORDS,
    LONG_COMPANY_MORPHEMES,
    MONTHS,
    MOVER_NOUNS,
    NOUN_BEFORE_NAME,
    ORG_HEAD_PAIRS,
    ORG_HEADS,
    REGION_TITLES,
    REPORTING_VERBS,
    ROLE_VERBS,
    RU_BUS_NOUNS,
    RU_RESEARCH_STEMS,
    RU_SCHOOL_COVER_STEMS,
    RU_SOURCE_STEMS,
    RU_TITLES,
    TITLES,
    TRADE_HEADS,
)

_CYRILLIC = re.compile(r"[а-яё]")
# (schema, category, rule that fired)
Kind = tuple[str, str, str]
_OPENING_QUOTES = ("«", '"', "'", "“")
_LEGAL_FORMS = frozenset({"llc", "ooo", "jsc", "ojsc", "cjsc", "pjsc", "oao", "zao", "pao",
                          "ао", "ооо", "оао", "зао", "пао", "рнко", "нко", "кб",
                          # "ГК «X»": a group of companies ("группа компаний").
                          "акб", "гк",
                          # State and municipal institutions and unitary enterprises.
                          "гку", "гбу", "гау", "мку", "мбу", "мау", "фку", "фгбу", "фгку",
                          "гуп", "муп", "фгуп"})  # fmt: skip
# Russian legal forms of non-profit and educational bodies, written in capitals before the
# name in guillemets: "АНО ДПО «X»" (an autonomous non-profit of further vocational
# training), "ЧУ ДПО «X»", "ЧПОУ «X»", "ГБПОУ «X»". Student visas are issued through them.
_EDUCATION_FORMS = frozenset({"ано", "дпо", "чу", "чоу", "чпоу", "ноу", "анпоо", "гбпоу",
                              "гапоу", "гбоу", "фгбоу", "огбпоу", "кгбпоу"})  # fmt: skip
# Of those, the forms of any non-profit or institution ("autonomous non-profit", "private
# institution"), which say nothing of teaching by themselves.
_NON_PROFIT_FORMS = frozenset({"ано", "чу"})
# Stems of a name that teaches: "учебный центр", "образовательный", "профессиональной
# подготовки", "курсы", "повышения квалификации".
_TEACHING_STEMS = ("учеб", "образоват", "подготовк", "обучени", "курс", "квалификац",
                   "колледж", "техникум", "училищ", "лицей", "школ", "академи",
                   "знани")  # fmt: skip


def organisation(tokens: list[Token], ctx: Context, span: Span) -> Kind | None:
    """The schema, category and rule if ``tokens`` name an organisation, else None."""
    words = [t.lower for t in tokens]
    if all(w in _LEGAL_FORMS for w in words):
        return None
    named = (
        _noun_before(ctx, span)
        or _noun_apposition_before(ctx, span)
        or _a_kind_named_simply(ctx, span)
    )
    if named is not None:
        return named
    cut = number_start(words)
    if cut is not None:
        # "Bureau 74", "Forestry Bureau No. 12": the number tells one of several bodies of
        # that head apart; the name is judged by its words before the number.
        if cut == 1:
            schema, category = ORG_HEADS.get(words[0], ("public_body", "state_bureau"))
            return schema, category, f"numbered body '{tokens[0].text}'"
        tokens, words = tokens[:cut], words[:cut]
    if (
        len(words) > 1
        and span.first > 0
        and ctx.tokens[span.first - 1].text in _OPENING_QUOTES
        and words[0] in NOUN_BEFORE_NAME
        and _CYRILLIC.match(words[0])
    ):
        # «Центр ... «X»»: a Russian kind noun opens the quoted name.
        schema, category = NOUN_BEFORE_NAME[words[0]]
        return schema, category, f"kind noun opens the quoted name '{tokens[0].text}'"
    if len(words) > 1 and _a_transliterated_school(words):
        # "ANO Kurskaya Akademiya Remesel", "ANO DPO X Training Centre": a non-profit's
        # legal form, as "АНО «X»" is in Russian, before a name that teaches.
        return "organization", "student_visa_intermediary", f"legal form '{tokens[0].text}'"
    if len(words) > 1 and words[0] in _LEGAL_FORMS and not _CYRILLIC.match(words[0]):
        # "LLC Tigrovy Bereg", "JSC X": a legal form written before the name, as English
        # transliterates a Russian firm's ("ООО «X»").
        return "company", "employer", f"legal form '{tokens[0].text}'"
    if len(words) < 2 and words[0] not in ("llc", "ooo", "jsc"):
        # A lone head word ("the Party") or an unknown acronym is not a name.
        if len(words[0]) <= 3 or tokens[0].text.isupper():
            return None
        if words[0] in ORG_HEADS or words[0] in TRADE_HEADS:
            return None  # "the Company paid ...": a contract's or a letter's defined term
        return (
            apposition_after(ctx, span)
            or _headless_company(tokens, ctx, span)
            or _known_by_another_name(ctx, span)
        )
    head = words[-1]
    # "Ministry of <a trade>": the body it opens with, not the trade it ends with.
    if (
        len(words) > 2
        and words[1] in ("of", "for")
        and ORG_HEADS.get(words[0], ("",))[0] == ("public_body")
    ):
        schema, category = ORG_HEADS[words[0]]
        return schema, category, f"organisation head '{tokens[0].text} of'"
    if len(words) > 2 and (pair := (words[-2], head)) in ORG_HEAD_PAIRS:
        schema, category = ORG_HEAD_PAIRS[pair]
        return schema, category, f"organisation head '{ctx.text(tokens[-2:])}'"
    inner = _head_before_of(words)
    if inner is not None and ORG_HEADS[words[inner]][0] == "public_body" and "ministry" in words:
        # "X Department of the Ministry of Ocean Fisheries": the department, a state body,
        # whatever trade its ministry ends with.
        schema, category = ORG_HEADS[words[inner]]
        rule = f"organisation head '{tokens[inner].text} of'"
    elif head in ORG_HEADS:
        schema, category = ORG_HEADS[head]
        rule = f"organisation head '{tokens[-1].text}'"
    elif inner is not None:
        schema, category = ORG_HEADS[words[inner]]
        rule = f"organisation head '{tokens[inner].text} of'"
    elif head in TRADE_HEADS and not set(words) & (COUNTRY_WORDS.keys() | GAZETTEER.keys()):
        schema, category = "company", "employer"
        rule = f"trade at the end of the name '{tokens[-1].text}'"
    elif words[0] in ORG_HEADS and len(words) > 2 and words[1] in ("of", "for"):
        schema, category = ORG_HEADS[words[0]]
        rule = f"organisation head '{tokens[0].text} of'"
    elif (named_at := _head_then_name(tokens)) is not None:
        schema, category = ORG_HEADS[words[named_at]]
        rule = f"organisation head before the name '{tokens[named_at].text}'"
    elif words[0] == "air" and len(words) == 2:
        schema, category = "company", "transport"
        rule = "airline name 'Air ...'"
    else:
        return (
            apposition_after(ctx, span)
            or _headless_company(tokens, ctx, span)
            or _known_by_another_name(ctx, span)
        )
    # A ministry stays a state body whatever it deals with ("Transport Ministry").
    if schema != "public_body":
        for hint_words, hint in CATEGORY_HINTS:
            if hint_words & set(words[:-1] if head in ORG_HEADS else words[1:]):
                category = hint
                break
    return schema, category, rule


# Russian legal forms of non-profits and private schools in transliteration: "ANO", "ANO
# DPO", "ChU DPO", "NOU".
_TRANSLIT_SCHOOL_FORMS = frozenset({"ano", "dpo", "chu", "chou", "nou", "anpoo"})
# Stems of a transliterated or English name that teaches.
_TRANSLIT_TEACHING_STEMS = ("akadem", "academ", "kolledzh", "college", "tekhnikum", "uchebn",
                            "obrazovat", "institut", "tsentr", "centre", "center", "school",
                            "shkol", "kurs", "training", "education", "vocational", "lingv",
                            "language", "uchilishch", "litsei", "lyceum")  # fmt: skip


def _a_transliterated_school(words: list[str]) -> bool:
    """The name opens with a transliterated non-profit's or school's legal form and has a
    word that teaches: "ANO Kurskaya Akademiya Remesel", "ANO DPO Amur Lingva Centre"."""
    k = 0
    while k < len(words) and words[k] in _TRANSLIT_SCHOOL_FORMS:
        k += 1
    return (
        0 < k < len(words)
        and any(w.startswith(_TRANSLIT_TEACHING_STEMS) for w in words[k:])
        and not any(w.startswith(("studies", "research", "issledov", "analyt")) for w in words)
    )


def _known_by_another_name(ctx: Context, span: Span) -> Kind | None:
    """'X (a.k.a. Y)', 'X (also known as Y)', 'X (formerly Y)': a designation or a
    registry gives a body's other names; both X and Y are names of one organisation."""
    after = "".join(t.lower for t in ctx.tokens[span.last + 1 : span.last + 8])
    if after.startswith(("(a.k.a", "(aka", "(f.k.a", "(fka", "(alsoknown")):
        return "company", "employer", "other name in brackets"
    if after.startswith("(formerly") and _a_name_follows(ctx.tokens, span.last + 3):
        # "X (formerly Y)" renames a body; "X (formerly an analyst at Y)" is a career.
        return "company", "employer", "other name in brackets"
    before = "".join(t.lower for t in ctx.tokens[max(0, span.first - 6) : span.first])
    if before.endswith(("a.k.a.", "(aka", ";aka", "f.k.a.", "alsoknownas")):
        return "company", "employer", "other name in brackets"
    return None


def _a_name_follows(tokens: list[Token], i: int) -> bool:
    """The word at ``i`` (past an opening quote) is capitalised: a name, not "an analyst"."""
    while i < len(tokens) and tokens[i].text in ('"', "'", "«", "“"):
        i += 1
    return i < len(tokens) and tokens[i].capitalised


# Heads that may stand inside a body's name before what it deals with: "General Bureau of
# Overseas Construction", "Korea General Corporation for External Construction".
_INNER_HEADS = frozenset({"ministry", "bureau", "department", "directorate", "committee",
                          "commission", "administration", "corporation", "company"})  # fmt: skip


def _head_then_name(tokens: list[Token]) -> int | None:
    """Where the head word stands in a name written in the Russian order, kind first and
    proper name last ("Education Centre Vostok-Lingva", "ANO Training Centre Amur-Lingva"):
    a qualified head, then one or two coined words that are no place, title or month."""
    words = [t.lower for t in tokens]
    if "of" in words or "for" in words:
        return None
    for k in (len(words) - 2, len(words) - 3):
        if k < 1 or words[k] not in ORG_HEADS or words[k - 1] in TITLES:
            continue
        tail = tokens[k + 1 :]
        if any(
            not t.text[:1].isupper()
            or t.lower in ORG_HEADS
            or t.lower in GAZETTEER
            or t.lower in COUNTRY_WORDS
            or t.lower in TITLES
            or t.lower in CAP_STOP
            or t.lower in MONTHS
            or t.lower in KOREAN_SURNAMES
            for t in tail
        ):
            return None
        return k
    return None


def _head_before_of(words: list[str]) -> int | None:
    """Where a state body's or a corporation's head word stands inside the name, right
    before "of"/"for" and after a word that qualifies it ("General Bureau of ...")."""
    for k in range(1, len(words) - 2):
        if words[k] in _INNER_HEADS and words[k + 1] in ("of", "for"):
            # "Deputy Director of the Department of ..." is a post, not a body's name;
            # "General" qualifies the head ("General Bureau"), it is no title there.
            titled = [w for w in words[:k] if w in TITLES and w != "general"]
            return None if titled else k
    return None


def apposition_after(ctx: Context, span: Span) -> Kind | None:
    """'Acme, a Russian staffing agency' - the noun after the comma names the kind."""
    following = ctx.tokens[span.last + 1 : span.last + 8]
    # "X - recruiter that places the developers": a list item's dash opens it as a comma does.
    if not following or following[0].text not in (",", "-"):
        return None
    words = [w for w in span.words if w not in CAP_STOP]
    if words and (
        words[0] == "republic" or words[-1] in REGION_TITLES or " ".join(words) in GAZETTEER
    ):
        return None  # "in the Republic of X, the company said": a place, then a new clause
    person = looks_like_person(span.tokens[-len(words) :]) if words else False
    if following[0].text == "-" and (not words or is_personal_name(span.tokens[-len(words) :])):
        return None  # "Ivan Petrov - broker": a person by trade
    for k, token in enumerate(following[1:], start=1):
        # "X, director of a firm" and "X, the company's director" describe a person;
        # "X, said a lawyer for the firm" is no apposition at all.
        if token.text in ",.;:" or token.lower in TITLES or token.lower in _NOT_APPOSITION:
            break
        if token.lower in _CAREER_WORDS:
            # "X, formerly of Y Bank": the noun is Y's, X's past or present employer.
            break
        if token.capitalised and person:
            # "Jane Doe, Venn Wire Agency": a person, then another body's own name (her
            # employer); its head word is no kind of hers.
            break
        if token.lower in ("by", "but", "while", "whereas", "although", "though"):
            # "X, produced by the Y Company": the noun names someone else; "X, but company
            # records show": a new clause.
            break
        if k + 1 < len(following) and following[k + 1].lower in ("'s", "'"):
            continue
        if token.lower in APPOSITION_ORG_NOUNS:
            schema, category = APPOSITION_ORG_NOUNS[token.lower]
            return schema, category, f"apposition '{token.text}'"
        if token.lower in APPOSITION_NOUNS_MORE:
            schema, category = NOUN_BEFORE_NAME.get(token.lower, ("company", "employer"))
            return schema, category, f"apposition '{token.text}'"
    return None


# "Russia-based", "Kremlin-linked": a description, never a name.
_DESCRIPTIVE_SUFFIXES = frozenset({"based", "linked", "run", "owned", "registered", "controlled",
                                   "affiliated", "backed", "born", "made", "led"})  # fmt: skip
# Words that date a person's employer in an apposition: "X, formerly of Y", "X, now at Y".
_CAREER_WORDS = frozenset({"formerly", "previously", "now", "currently", "ex", "once"})
# Words that show the text after a comma is a clause, not an apposition.
_NOT_APPOSITION = REPORTING_VERBS | ROLE_VERBS | {"who", "which", "whose", "according"}


# Stems of people who advise, defend, audit or comment from outside, and of a lawyers'
# practice, right before a body's kind noun: "адвокат бюро «X»", "юридическая фирма «X»",
# "аналитик компании «X»". The body is where such a source works, not a part of the scheme.
_RU_ADVISERS = ("адвокат", "юрист", "юридическ", "эксперт", "аналитик", "аудитор",
                "консультант", "консалтинг", "журналист", "корреспондент",
                "правозащит")  # fmt: skip


def _noun_before(ctx: Context, span: Span) -> Kind | None:
    """'the contractor Vostokstroy', 'компания «Стройресурс»', 'ООО «X»'."""
    i = span.first - 1
    if i >= 0 and ctx.tokens[i].text in _OPENING_QUOTES:
        i -= 1
    while i >= 0 and ctx.tokens[i].lower in _LEGAL_FORMS:
        i -= 1
    # "a subcontractor called X", "a firm named X", "a company known as X".
    if i >= 1 and ctx.tokens[i].lower in ("called", "named", "calling"):
        i -= 1
        if i >= 1 and ctx.tokens[i].lower in _PRONOUNS:
            i -= 1  # "a trading house he called X"
    elif i >= 2 and ctx.tokens[i].lower == "as" and ctx.tokens[i - 1].lower == "known":
        i -= 2
    if i < 0:
        # "ООО «X» наняло ...": the legal form opens the sentence.
        if span.first > 0 and ctx.tokens[0].lower in _LEGAL_FORMS:
            return "company", "employer", f"legal form '{ctx.tokens[0].text}'"
        return None
    word = ctx.tokens[i].lower
    if word == "house" and i >= 1 and ctx.tokens[i - 1].lower == "trading":
        return "company", "employer", "noun before the name 'trading house'"
    # A capitalised noun before the name is part of a longer span, not a cue, unless it
    # is capitalised only because it opens the sentence ("Компания «Амурлес» ...").
    if word in NOUN_BEFORE_NAME and _CYRILLIC.match(word) and _a_titled_person_after(ctx, i, span):
        return None  # "директор компании Иван Петров": the firm's officer, not its name
    if (
        word == "центре"
        and i >= 1
        and ctx.tokens[i - 1].lower in ("в", "во")
        and ctx.tokens[i + 1].text not in _OPENING_QUOTES
    ):
        return None  # "в центре Тамбова": in the middle of a town, not a centre's name
    if word in _QUOTED_NAME_NOUNS and not (
        ctx.tokens[i + 1].text in _OPENING_QUOTES or ctx.tokens[i + 1].lower in _LEGAL_FORMS
    ):
        # "управления МВД": a body's acronym, not its own name in guillemets (a legal form
        # may stand before the name: "автобус ООО «X»").
        return None
    if word in NOUN_BEFORE_NAME and i >= 1 and ctx.tokens[i - 1].lower.startswith(_RU_ADVISERS):
        return None  # "адвокат бюро «X»", "эксперт центра «X»": where a source works
    if i == 0 and i + 1 == span.first and opens_with_a_kind_noun(ctx.tokens, span.last):
        if is_personal_name(span.tokens):
            return None  # "Builder Ivan Petrov said": a man of that trade, no firm
        schema, category = NOUN_BEFORE_NAME[word]
        return schema, category, f"kind noun opens the sentence '{ctx.tokens[i].text}'"
    # "ТК «X»" (a transport company): a kind abbreviated in capitals before a quoted name.
    abbreviated = ctx.tokens[i].text.isupper() and ctx.tokens[i + 1].text in _OPENING_QUOTES
    if word in NOUN_BEFORE_NAME and (
        ctx.tokens[i].text.islower()
        or word in _LEGAL_FORMS
        or abbreviated
        or (i == 0 and i + 1 < span.first)
    ):
        schema, category = NOUN_BEFORE_NAME[word]
        return schema, category, f"noun before the name '{ctx.tokens[i].text}'"
    if i + 1 < span.first and ctx.tokens[i + 1].lower in _LEGAL_FORMS:
        # A state institution's form ("ГКУ") makes a government body, a firm's a company.
        schema, category = NOUN_BEFORE_NAME.get(ctx.tokens[i + 1].lower, ("company", "employer"))
        return schema, category, f"legal form '{ctx.tokens[i + 1].text}'"
    form = _education_form_before(ctx, span)
    if form is not None:
        return "organization", "student_visa_intermediary", f"legal form '{form}'"
    quoted = span.first > 0 and ctx.tokens[span.first - 1].text in ("«", '"')
    if not quoted:
        return None
    if word == "-" and i >= 1 and _CYRILLIC.match(ctx.tokens[i - 1].lower):
        noun = ctx.tokens[i - 1].lower
        if noun in NOUN_BEFORE_NAME and noun not in _QUOTED_NAME_NOUNS:
            # "Застройщик - «X»": the kind noun, a dash, the name.
            schema, category = NOUN_BEFORE_NAME[noun]
            return schema, category, f"noun before the name '{ctx.tokens[i - 1].text}'"
    if not _CYRILLIC.match(word):
        return None
    if word in RU_TITLES:
        # "Директор «X» Иван Петров": the firm a title heads, named in guillemets.
        return "company", "employer", f"title before the quoted name '{ctx.tokens[i].text}'"
    k = russian_kind_noun_before(ctx.tokens, i)
    if k is not None and k < i:
        # "Корейская компания по строительству за рубежом «X»": the kind noun, then what
        # the body does, then its name.
        schema, category = NOUN_BEFORE_NAME.get(ctx.tokens[k].lower, ("company", "employer"))
        return schema, category, f"noun before the name '{ctx.tokens[k].text}'"
    return None


def opens_with_a_kind_noun(tokens: list[Token], last: int) -> bool:
    """'Builder X is repairing ...', 'Subcontractor X supplied ...': the sentence opens with
    a kind noun, capitalised only because it comes first, then the name it introduces (to
    ``last``), then the clause goes on in lower case; a heading in title case ("Supplier
    Conduct Update") does not. A head word that belongs to names ("College of ...",
    "Agency X") does not count either."""
    if not 1 <= last < len(tokens) - 1 or not tokens[1].capitalised:
        return False
    if not tokens[last + 1].text.isalpha() or not tokens[last + 1].text.islower():
        return False
    word = tokens[0].lower
    return (
        word in NOUN_BEFORE_NAME
        and word not in ORG_HEADS
        and word not in _LEGAL_FORMS
        and not _CYRILLIC.match(word)
        and tokens[0].text[1:].islower()
    )


def _education_form_before(ctx: Context, span: Span) -> str | None:
    """The capitalised legal form of a non-profit or a school right before a quoted name:
    "слушатели АНО ДПО «X»" gives "ДПО"."""
    i = span.first - 1
    if i < 1 or ctx.tokens[i].text not in _OPENING_QUOTES:
        return None
    token = ctx.tokens[i - 1]
    if _CYRILLIC.match(token.lower):
        if token.lower not in _EDUCATION_FORMS or not token.text.isupper():
            return None
    elif not _a_transliterated_form(token):
        return None
    if any(w.startswith(RU_RESEARCH_STEMS) for w in span.words) or any(
        w.startswith(_TRANSLIT_RESEARCH_STEMS) for w in span.words
    ):
        return None  # "АНО «Центр миграционных исследований»": a think tank, not a school
    if token.lower in _NON_PROFIT_FORMS | _TRANSLIT_NON_PROFIT_FORMS and not (
        any(w.startswith(_TEACHING_STEMS + _TRANSLIT_TEACHING_STEMS) for w in span.words)
        or any(t.lower.startswith(RU_SCHOOL_COVER_STEMS) for t in ctx.tokens)
        or any(t.lower in _STUDY_COVER_WORDS for t in ctx.tokens)
    ):
        # "АНО «X»" alone is any non-profit (a rights group, a think tank, a fund): a
        # school only if its name teaches or the sentence has the workers as its students.
        return None
    return token.text


# Of the transliterated forms, those of any non-profit or institution ("ANO", "ChU").
_TRANSLIT_NON_PROFIT_FORMS = frozenset({"ano", "chu"})
# Stems of a transliterated name of a think tank or a rights group, never a school.
_TRANSLIT_RESEARCH_STEMS = ("issledov", "analit", "monitor", "pravozashch", "research",
                            "studies")  # fmt: skip
# English words of a sentence that gives a non-profit's students as its cover: "visas were
# issued for vocational study at ANO "X"", "enrolled with ANO "X"".
_STUDY_COVER_WORDS = frozenset({"visa", "visas", "study", "studies", "student", "students",
                                "enrolled", "enrolment", "enrollment", "course", "courses",
                                "trainees", "invitations", "vocational", "training"})  # fmt: skip


def _a_transliterated_form(token: Token) -> bool:
    """'ANO', 'DPO', 'ChOU', 'ChU': a Russian non-profit's or school's legal form in Latin
    letters, written in capitals (mixed for "ChOU"), before its quoted name."""
    return (
        token.lower in _TRANSLIT_SCHOOL_FORMS
        and token.text[:1].isupper()
        and (token.text.isupper() or (token.text[1:2].islower() and token.text[2:].isupper()))
    )


# Russian head nouns of state bodies that name one only by a name in guillemets after them:
# "управлением «X»", "бюро «X»".
_QUOTED_NAME_NOUNS = frozenset({"управление", "управления", "управлению", "управлением",
                                "управлении", "бюро"}) | RU_BUS_NOUNS  # fmt: skip


# RU_SOURCE_STEMS that name a person's profession, not an institution.
_RU_PROFESSION_STEMS = tuple(
    s for s in RU_SOURCE_STEMS if s not in ("институт", "университет", "школ", "академи", "научн")
)


def _a_titled_person_after(ctx: Context, i: int, span: Span) -> bool:
    """A Russian title before the kind noun and an unquoted name of two or three words
    after it ("генеральный директор компании Иван Петров"): the name is a person's."""
    if i == 0 or span.first != i + 1 or not 2 <= len(span.tokens) <= 3:
        return False
    title = ctx.tokens[i - 1].lower
    # Not only an officer's title: a profession that serves or studies a body ("адвокат
    # центра Иван Петров", "юрист компании ...", "эксперт фонда ...") is a person's too.
    person = title in RU_TITLES or title.startswith(_RU_PROFESSION_STEMS)
    return person and all(t.text[1:].islower() for t in span.tokens)


def _noun_apposition_before(ctx: Context, span: Span) -> Kind | None:
    """'The recruiter, Trudovoy Resurs, told ...'; '... and its front company, Acme.':
    a kind noun, a comma, the name, and a comma or the end of the sentence."""
    if span.first < 2 or ctx.tokens[span.first - 1].text != ",":
        return None
    after = ctx.tokens[span.last + 1].text if span.last + 1 < len(ctx.tokens) else "."
    if after not in (",", ".", ";"):
        return None
    noun = ctx.tokens[span.first - 2]
    described = _described_kind_noun(ctx.tokens, span.first - 1)
    if described is not None and not is_personal_name(span.tokens):
        # "a firm registered at the same address, X.": the kind noun and what places it.
        schema, category = NOUN_BEFORE_NAME[described.lower]
        return schema, category, f"named in apposition to '{described.text}'"
    if noun.lower in NOUN_BEFORE_NAME and noun.text.islower():
        if {t.lower for t in ctx.tokens[max(0, span.first - 5) : span.first - 2]} & _FIRST_PERSON:
            return None  # "my former employer, X": the writer's own workplace, a source's
        if _a_third_countrys_intelligence(ctx.tokens[: span.first - 2]):
            return None  # "Ukraine's military intelligence agency, HUR, told ...": a source
        if noun.lower in MOVER_NOUNS and _a_plain_personal_name(span.tokens):
            return None  # "a money changer, Ivan Petrov,": one person by trade
        if is_personal_name(span.tokens):
            return None  # "a broker, Ivan Sedov,": a person named after a trade, no firm
        schema, category = NOUN_BEFORE_NAME[noun.lower]
        return schema, category, f"named in apposition to '{noun.text}'"
    return None


# Articles that introduce a body by its kind before its name is given: "a firm ..., X".
_INDEFINITE = frozenset({"a", "an", "another", "one"})
# Words that open what places such a body after its kind: "a firm registered at ...", "a
# broker based in ...", "a company in the same building".
_PLACING_WORDS = frozenset({"registered", "based", "located", "headquartered", "set",
                            "founded", "incorporated", "in", "at", "from", "near",
                            "on"})  # fmt: skip
# How many words the kind noun, its article and what places it may take before the comma.
_DESCRIBED_REACH = 9


def _described_kind_noun(tokens: list[Token], comma: int) -> Token | None:
    """'later by a firm registered at the same address, X': the kind noun ("firm") after
    an indefinite article, then lower-case words that place it, then the comma at ``comma``
    before the name. None if the words before the comma are no such description."""
    for k in range(comma - 2, max(0, comma - _DESCRIBED_REACH) - 1, -1):
        word = tokens[k]
        if not (word.text.isalpha() and word.text.islower()):
            return None
        if word.lower not in NOUN_BEFORE_NAME or _CYRILLIC.match(word.lower):
            continue
        if k == 0 or tokens[k - 1].lower not in _INDEFINITE:
            return None
        if tokens[k + 1].lower not in _PLACING_WORDS:
            return None
        return word
    return None


def _a_plain_personal_name(tokens: list[Token]) -> bool:
    """Two or three capitalised words of letters only, none a head word: a person's name
    ("Ivan Petrov"), not a coined firm's ("Amur-Cargo Line", "Obmen-Krym", "Baza-12")."""
    return 2 <= len(tokens) <= 3 and all(
        t.text.isalpha() and t.text[:1].isupper() and t.text[1:].islower()
        and t.lower not in ORG_HEADS and t.lower not in TRADE_HEADS
        for t in tokens
    )  # fmt: skip


# Words that make an agency a spy or security service.
_INTELLIGENCE_WORDS = frozenset({"intelligence", "spy", "counterintelligence", "security"})


def _a_third_countrys_intelligence(before: list[Token]) -> bool:
    """The words before an apposition's noun describe another state's intelligence or
    security service ("South Korea's spy agency", "Ukraine's military intelligence
    agency"): it reports on the network. North Korea's own (the Ministry of State
    Security) is part of it, so a North Korean possessor keeps the body."""
    words = [t.lower for t in before[-4:]]
    if not set(words) & _INTELLIGENCE_WORDS:
        return False
    return not set(words) & {"north", "dprk", "pyongyang", "korea's"} or "south" in words


# Verbs and adverbs that give a body's bare name after its kind: "a workshop known simply
# as X", "a poultry plant named simply X", "a builder called just X".
_NAMING_VERBS = frozenset({"known", "named", "called", "listed", "registered", "styled"})
_NAMING_ADVERBS = frozenset({"simply", "just", "only", "merely", "as"})
# Workplaces named by their trade that take workers, besides the nouns before a name.
_WORKPLACE_NOUNS = frozenset({"workshop", "plant", "factory", "farm", "mill", "sawmill",
                              "yard", "shipyard", "forwarder", "holding", "agroholding",
                              "greenhouse", "bakery", "restaurant", "hotel", "mine",
                              "cannery", "brickworks", "quarry"})  # fmt: skip


def _a_kind_named_simply(ctx: Context, span: Span) -> Kind | None:
    """'a second workshop known simply as X', 'a poultry plant named simply X': the kind
    of workplace stands before the verb that names it. A kind that is no workplace ("a
    monitoring group known simply as X") decides nothing here."""
    k = span.first - 1
    while k >= 0 and ctx.tokens[k].lower in _NAMING_ADVERBS:
        k -= 1
    if k < 1 or ctx.tokens[k].lower not in _NAMING_VERBS:
        return None
    noun = ctx.tokens[k - 1].lower
    if noun in _WORKPLACE_NOUNS:
        return "company", "employer", f"kind named simply '{ctx.tokens[k - 1].text}'"
    kind = NOUN_BEFORE_NAME.get(noun)
    if kind is None or _CYRILLIC.match(noun):
        return None
    return kind[0], kind[1], f"kind named simply '{ctx.tokens[k - 1].text}'"


def _headless_company(tokens: list[Token], ctx: Context, span: Span) -> Kind | None:
    """A name with no head word: by how it is coined, or by what the sentence has it do."""
    words = [t.lower for t in tokens]
    workplace = _a_placed_workplace(tokens, ctx, span)
    if workplace is not None:
        return workplace
    if any(w in COUNTRY_WORDS or w in GAZETTEER or w in CAP_STOP or w in MONTHS for w in words):
        return None
    if words[-1] in REGION_TITLES or words[-1] in TITLES:
        return None
    if words[-1].rsplit("-", 1)[-1] in _DESCRIPTIVE_SUFFIXES:  # "a Russia-based company"
        return None
    if len(tokens) == 1 and (_in_a_russian_place(ctx, span) or _a_russian_town(ctx, span)):
        return None  # "в Энергодаре": a bare word in the locative after "в" is a town
    quoted = span.first > 0 and ctx.tokens[span.first - 1].text in _OPENING_QUOTES
    # Russian writes a firm's coined name in guillemets («Амурстрой»); a bare word
    # ("администрации Энергодара", "жителям Энергодара") is a town in some case.
    bare_russian = bool(_CYRILLIC.match(words[0])) and not quoted
    if len(tokens) == 1 and _coined_company_name(words[0]) and not bare_russian:
        return "company", "employer", "company-name morpheme"
    if len(tokens) == 1 and bare_russian and _ends_in_a_sector(words[0]):
        # "подрядчиком является Шаморастрой": unquoted, a word that ends in a sector's
        # morpheme in the nominative is still a coined firm's name; a town may start with
        # one ("Энергодар") but ends in none.
        return "company", "employer", "company-name morpheme"
    # "X Stroiservis", "X Stroy": a last word coined, or a morpheme alone.
    if 2 <= len(tokens) <= 3 and (
        _coined_company_name(words[-1]) or words[-1] in COMPANY_MORPHEMES
    ):
        return "company", "employer", "company-name morpheme"
    nxt = ctx.tokens[span.last + 1].lower if span.last + 1 < len(ctx.tokens) else ""
    # "Рабочих наняла ...": a word the document also writes in lower case is capitalised
    # only because it opens the sentence.
    opens = span.first == 0 and words[0] in ctx.lower_case_words
    # The subject of "наняла" is in the nominative; "Рабочих" (genitive plural) is no name.
    opens = opens or words[0].endswith(_RU_OBLIQUE_PLURAL)
    # "a line in Korsakov employs 30": after a preposition of place the word is where the
    # subject stands, not the subject.
    placed = span.first > 0 and ctx.tokens[span.first - 1].lower in _PLACE_PREPOSITIONS
    if len(tokens) == 1 and nxt in EMPLOYER_VERBS and not opens and not placed:
        return "company", "employer", f"employer verb '{nxt}'"
    # "the Zarya cooperative", "a Bereg subsidiary": the kind noun after the name.
    start = span.last - len(tokens) + 1  # leading "The" was stripped from the span
    before = ctx.tokens[start - 1].lower if start else ""
    if before in ("the", "a", "an") and nxt in NOUN_BEFORE_NAME and not nxt.isupper():
        noun = ctx.tokens[span.last + 1]
        # "a Latvian broker", "a Chinese contractor": a nationality, not the body's name.
        demonym = len(words) == 1 and words[0].endswith(_DEMONYM_ENDINGS)
        if noun.text.islower() and not demonym:
            schema, category = NOUN_BEFORE_NAME[nxt]
            return schema, category, f"kind noun after the name '{noun.text}'"
    if len(tokens) <= 3 and span.first >= 2:
        owner = _owner_or_provider(tokens, ctx, span)
        if owner is not None:
            return owner
    if len(tokens) <= 2 and span.first >= 2:
        before = ctx.tokens[span.first - 1].lower
        context = {t.lower for t in ctx.tokens[max(0, span.first - 7) : span.first - 1]}
        if before in ("for", "by", "with") and context & EMPLOYER_CONTEXT:
            if _described_as_a_person(ctx, span):  # "owned by X, a businesswoman"
                return None
            return "company", "employer", f"employer context '... {before}'"
        # "a dormitory leased from X", "trailers rented from X": the landlord of the
        # workers' housing or vehicles; a person's name there is a private landlord's.
        letting = ctx.tokens[span.first - 2].lower in LETTING_WORDS
        if before in ("from", "by") and letting and not is_personal_name(span.tokens):
            if _described_as_a_person(ctx, span):
                return None
            return "company", "employer", f"letting context '... {before}'"
    return _acts_in_a_relative_clause(tokens, ctx, span)


# Verbs whose object after "to" owns what the workers use: "the trucks belonged to X".
_OWNING = frozenset({"belonged", "belongs", "belong"})
# Services of the scheme a passive's subject may name, and participles of providing them:
# "Recruitment was first handled by X", "Accommodation was provided by X".
_SCHEME_SERVICES = frozenset({"recruitment", "recruiting", "hiring", "accommodation",
                              "housing", "transport", "transportation", "catering",
                              "payroll", "placement", "visas", "paperwork", "lodging",
                              "trucks", "buses", "dormitory", "dormitories", "barracks",
                              "hostel", "vehicles"})  # fmt: skip
_PROVIDING = frozenset({"handled", "provided", "organised", "organized", "arranged", "run",
                        "managed", "done", "supplied", "operated", "owned"})  # fmt: skip
# How many words before the participle the service may stand ("Recruitment was first").
_SERVICE_REACH = 4


# The rule of a workplace named by a place and a word of its own: the place stays in the name.
PLACED_WORKPLACE = "workplace after the name"


def _a_placed_workplace(tokens: list[Token], ctx: Context, span: Span) -> Kind | None:
    """'the Pyongyang Lotus restaurant', 'the Amur Pearl hotel': a name that opens with a
    place and goes on with a word of its own, after an article and before the workplace it
    names in lower case. The place alone ("the Moscow restaurant") names no workplace.
    (The place is read from the span: a country word was cut off ``tokens`` before.)"""
    tokens = list(span.tokens)
    while tokens and tokens[0].lower in CAP_STOP:
        tokens = tokens[1:]
    words = [t.lower for t in tokens]
    if len(words) < 2 or words[-1] in REGION_TITLES or is_personal_name(tokens):
        return None
    if not (words[0] in COUNTRY_WORDS or words[0] in GAZETTEER):
        return None
    # "the Russian Far East plant": every word is a place's, read as one place or several.
    if any(" ".join(words[k:]) in GAZETTEER for k in range(len(words))):
        return None
    if all(w in COUNTRY_WORDS or w in GAZETTEER for w in words):
        return None
    if any(w in CAP_STOP or w in MONTHS or w in ORG_HEADS for w in words):
        return None
    start = span.last - len(tokens) + 1
    before = ctx.tokens[start - 1].lower if start else ""
    noun = ctx.tokens[span.last + 1] if span.last + 1 < len(ctx.tokens) else None
    if before not in ("the", "a", "an") or noun is None or not noun.text.islower():
        return None
    if noun.lower not in _WORKPLACE_NOUNS:
        return None
    return "company", "employer", f"{PLACED_WORKPLACE} '{noun.text}'"


def _owner_or_provider(tokens: list[Token], ctx: Context, span: Span) -> Kind | None:
    """A headless name of up to three words that owns, lets or provides what the scheme
    uses: "a dormitory leased from X", "the trucks belonged to X", "Recruitment was
    handled by X" (a person's name by its shape, "Ivan Petrov", is a private owner)."""
    if is_personal_name(tokens) or _described_as_a_person(ctx, span):
        return None
    before = ctx.tokens[span.first - 1].lower
    verb = ctx.tokens[span.first - 2].lower
    if before in ("from", "by") and verb in LETTING_WORDS and len(tokens) == 3:
        return "company", "employer", f"letting context '... {before}'"
    if before == "to" and verb in _OWNING:
        things = {t.lower for t in ctx.tokens[max(0, span.first - 6) : span.first - 2]}
        if things & _SCHEME_SERVICES:
            return "company", "transport", f"owner '{verb} to'"
    if before == "by" and verb in _PROVIDING:
        subject = {
            t.lower for t in ctx.tokens[max(0, span.first - 2 - _SERVICE_REACH) : span.first - 2]
        }
        if subject & _SCHEME_SERVICES:
            return "company", "employer", f"provider '{verb} by'"
    return None


# Verbs of a part in the scheme that a relative clause after a name may open with, and the
# kind of body that does it: "X, which transported the workers", "X, that recruits them".
_RELATIVE_SCHEME_VERBS: dict[str, str] = {
    **dict.fromkeys(["recruited", "recruits", "recruit", "supplied", "supplies", "supply",
                     "placed", "places", "place", "dispatched", "dispatches", "sent", "sends",
                     "selected", "selects", "provided", "provides"], "recruitment_agency"),
    **dict.fromkeys(["transported", "transports", "transport", "carried", "carries",
                     "ferried", "ferries", "bussed", "bused", "drove", "drives", "shipped",
                     "ships", "flew", "flies"], "transport"),
    **dict.fromkeys(["employed", "employs", "employ", "hired", "hires", "hire", "housed",
                     "houses", "house", "paid", "pays", "used", "uses", "accommodated",
                     "accommodates", "contracted", "subcontracted", "leased", "rented",
                     "leases", "rents"], "employer"),
    **dict.fromkeys(["enrolled", "enrols", "enrolls", "registered", "registers"],
                    "student_visa_intermediary"),
}  # fmt: skip
# Objects of those verbs that make them the scheme's: the workers, their crews and papers.
_RELATIVE_OBJECTS = frozenset({"workers", "worker", "labourers", "labour", "labor", "crews",
                               "crew", "brigades", "brigade", "them", "staff", "seamstresses",
                               "welders", "loggers", "builders", "cooks", "waitresses",
                               "developers", "programmers", "fishermen", "miners",
                               "koreans", "students", "trainees", "interns", "specialists",
                               "people", "men", "women", "hands", "farmhands",
                               "accommodation", "housing", "dormitories", "visas",
                               "invitations", "permits", "buses", "transport"})  # fmt: skip
_RELATIVE_GLUE = frozenset({"also", "has", "have", "had", "later", "then", "first", "still",
                            "once", "reportedly", "allegedly"})  # fmt: skip
# How far after the verb its object may stand ("which transported 40 North Korean workers").
_RELATIVE_REACH = 5


def _acts_in_a_relative_clause(tokens: list[Token], ctx: Context, span: Span) -> Kind | None:
    """'Venn Lines, which transported workers by rail', 'X, which recruited the crews': a
    name with no head word, then a relative clause that has it recruit, send, carry, house,
    employ or enrol the workers. A person is "who", not "which", and a person's name by its
    shape alone ("Ivan Petrov") is no body."""
    if len(tokens) < 2 or is_personal_name(tokens):
        return None
    # "X College of Building Trades, which ...", "X JSC, Venngrad, which ...": the tail
    # of a longer name, or a seat in apposition to one, is not the body the clause is of.
    start = span.last - len(tokens) + 1
    if start > 0 and ctx.tokens[start - 1].lower in (",", ")", "of", "for", "and", "&", "de"):
        return None
    following = [t.lower for t in ctx.tokens[span.last + 1 : span.last + 12]]
    if following[:1] not in ([","], ["-"]) or following[1:2] not in (["which"], ["that"]):
        return None
    k = 2
    while k < len(following) and following[k] in _RELATIVE_GLUE:
        k += 1
    if k >= len(following) or following[k] not in _RELATIVE_SCHEME_VERBS:
        return None
    objects = following[k + 1 : k + 1 + _RELATIVE_REACH]
    if not set(objects) & _RELATIVE_OBJECTS:
        return None
    verb = following[k]
    return "company", _RELATIVE_SCHEME_VERBS[verb], f"relative clause '{verb}'"


# Possessives of the writer or speaker: a body that is "my employer" or "our client" is
# named because of who tells the story, not for a part in the scheme.
_FIRST_PERSON = frozenset({"my", "our", "мой", "моя", "моё", "моего", "моей", "моим", "наш",
                           "наша", "наше", "нашего", "нашей", "нашим"})  # fmt: skip
_PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "around", "в", "во", "под"})
_PRONOUNS = frozenset({"he", "she", "they", "we", "it", "i", "workers", "locals"})


def _in_a_russian_place(ctx: Context, span: Span) -> bool:
    """'в Энергодаре', 'во Владивостоке': a Russian name unquoted after 'в', in the
    locative; a company there is written in quotes («в «Амурстрое»»)."""
    word = ctx.tokens[span.first].lower
    before = ctx.tokens[span.first - 1].lower if span.first else ""
    return before in ("в", "во") and bool(_CYRILLIC.match(word)) and word.endswith(("е", "и"))


def _a_russian_town(ctx: Context, span: Span) -> bool:
    """'администрации Энергодара' where the document also writes 'в Энергодаре': a bare,
    unquoted Cyrillic word the document uses as a town, in any case, is no company."""
    token = ctx.tokens[span.first]
    before = ctx.tokens[span.first - 1].text if span.first else ""
    return (
        bool(_CYRILLIC.match(token.lower))
        and before not in _OPENING_QUOTES
        and (ctx.is_town(token.lower))
    )


# Endings of an adjective of nationality: "Latvian", "Chinese", "Turkish".
_DEMONYM_ENDINGS = ("ian", "ese", "ish")
_RU_OBLIQUE_PLURAL = ("их", "ых", "ов", "ев", "ам", "ям", "ами", "ями")


def _described_as_a_person(ctx: Context, span: Span) -> bool:
    """'X, a businesswoman from ...': the apposition after the name gives a person's title;
    'X, previously with the firm's auditor', 'X, formerly of Y': it gives a person's past
    or present employer."""
    following = [t.lower for t in ctx.tokens[span.last + 1 : span.last + 9]]
    if following[:1] != [","]:
        return False
    career = following[1:2] in (["formerly"], ["previously"], ["now"])
    return title_in_apposition(following[1:]) is not None or (
        career and following[2:3] in (["of"], ["at"], ["with"])
    )


def _ends_in_a_sector(word: str) -> bool:
    """A Cyrillic word that ends in a sector morpheme, three letters or more after it."""
    letters = word.replace("-", "")
    return any(
        letters.endswith(m) and len(letters) >= len(m) + 3 and _CYRILLIC.match(m)
        for m in COMPANY_MORPHEMES
    )


def _coined_company_name(word: str) -> bool:
    """'vostokstroy', 'amurtrans', 'agrovostok': a sector morpheme ends (or, for a few,
    starts) a word at least three letters longer. Inside a word it proves nothing
    ("investigators", "elektrostal")."""
    letters = word.replace("-", "")
    if any(letters.endswith(m) and len(letters) >= len(m) + 3 for m in COMPANY_MORPHEMES):
        return True
    if any(letters.endswith(m) and len(letters) >= len(m) + 4 for m in LONG_COMPANY_MORPHEMES):
        return True
    return any(letters.startswith(p) and len(letters) >= len(p) + 4 for p in COMPANY_PREFIXES)


def is_org_shaped(words: list[str]) -> bool:
    """Ends with a head word, or starts 'Ministry of ...': an organisation's own shape.

    Leading articles and country words do not count ("The U.S. Department of ...")."""
    while len(words) > 1 and (words[0] in CAP_STOP or words[0].replace(".", "") in COUNTRY_WORDS):
        words = words[1:]
    return (
        words[-1] in ORG_HEADS
        or (len(words) > 1 and words[0] in _LEGAL_FORMS)
        or tuple(words[-2:]) in ORG_HEAD_PAIRS
        # "Korea X General Trading": "General" qualifies the trade, it is no general's rank.
        or (len(words) > 2 and words[-2] == "general" and words[-1] in TRADE_HEADS)
        or (words[0] in ORG_HEADS and len(words) > 2 and words[1] in ("of", "for"))
        or _head_before_of(words) is not None
    )
