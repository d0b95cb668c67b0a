"""Is a span a person acting in the deployments, and in which role?

A name of two to four capitalised words counts as a person only with a cue:
a title before it ("Governor X", "Губернатор ... X"), a title in apposition
("X, director of ..."), a phrase putting them in charge ("run by X") or a verb
of acting right after it ("X said", "X заявил"). Sources, defectors and other
non-actors described in apposition are dropped.
"""

from __future__ import annotations

import re
from itertools import pairwise

from watchlists.curation.extract.candidates import Candidate, Evidence, normalize, unique
from watchlists.curation.extract.filters import (
    at_an_institution,
    describes_a_source,
    holds_a_sanctioning_rank,
    is_non_actor,
    is_source_body,
    names_a_cited_body,
    the_authors_counterparty,
)
from watchlists.curation.extract.places import is_about_labour
from watchlists.curation.extract.sentences import Context, Token
from watchlists.curation.extract.spans import Span, capitalised_spans
from watchlists.curation.extract.vocabulary import (
    APPOSITION_REACH,
    AUTHORITY_VERBS,
    CAP_STOP,
    CONNECTORS,
    COUNTRY_WORDS,
    ENFORCEMENT_VERBS,
    GAZETTEER,
    IN_CHARGE_PHRASES,
    KOREAN_SURNAMES,
    KOREAN_SURNAMES_NORTH,
    KOREAN_SURNAMES_RU,
    MONTHS,
    NON_ACTOR_WORDS,
    NOUN_BEFORE_NAME,
    ORG_HEADS,
    REPORT_NOUNS,
    REPORTING_VERBS,
    ROLE_VERBS,
    RU_ROLE_VERBS,
    RU_SOURCE_STEMS,
    RU_TITLES,
    SOUTHERN_VOWELS,
    TITLES,
)


def looks_like_person(tokens: list[Token]) -> bool:
    """Two to four capitalised words, none of them a head word, country, month or title."""
    if not 2 <= len(tokens) <= 4:
        return False
    # After a Korean surname a given-name part may spell a month ("Ri X Jun").
    korean = len(tokens) == 3 and tokens[0].lower in KOREAN_SURNAMES | KOREAN_SURNAMES_RU
    for k, token in enumerate(tokens):
        word = token.lower
        # "O Chang Rim": a one-letter Korean surname is written as a capital alone.
        # "O Yong-nam": so too before a hyphenated given name.
        korean_initial = (
            k == 0
            and word in KOREAN_SURNAMES
            and (len(tokens) == 3 or (len(tokens) == 2 and "-" in tokens[1].text))
        ) or (korean and _a_vowel_syllable(tokens, k))
        if (
            not token.text[:1].isupper()
            or (token.text.isupper() and not korean_initial and not _capital_surname(tokens, k))
            or word in ORG_HEADS
            or word in CONNECTORS
            or word in COUNTRY_WORDS
            or (word in GAZETTEER and not (k == 0 and word in _GIVEN_NAME_TOWNS))
            or (word in MONTHS and not (korean and k > 0))
            or (word in CAP_STOP and not (korean and k == 0))
            or word in TITLES
            or word in RU_TITLES
        ):
            return False
    return True


# Syllables of a Korean given name that are one vowel, written as a capital alone.
_VOWEL_SYLLABLES = frozenset({"U", "O", "A", "E", "I", "У", "О", "А", "Э", "И"})


def _a_vowel_syllable(tokens: list[Token], k: int) -> bool:
    """'Pak Chol U', 'Ri Song O': the last part of a three-part Korean name (after a
    common surname) may be a one-vowel syllable, written as a capital alone."""
    return (
        len(tokens) == 3
        and k == 2
        and tokens[0].lower in KOREAN_SURNAMES | KOREAN_SURNAMES_RU
        and tokens[2].text in _VOWEL_SYLLABLES
    )


# Towns named like a man's given name: "Artyom Lapin" is a person, "in Artyom" a town.
_GIVEN_NAME_TOWNS = frozenset({"artyom", "artem", "артём", "артем"})
# A surname in capitals is long and has vowels; an acronym ("OFAC", "KCNA") is short or
# has few.
_CAPITAL_SURNAME_MIN = 5
_VOWELS = frozenset("AEIOUYАЕЁИОУЫЭЮЯ")


def _capital_surname(tokens: list[Token], k: int) -> bool:
    """'Yuri SHESTOPALOV': a surname written in capitals after given names in title case,
    as sanctions lists write it; not an acronym after a name ("Jane Doe OFAC")."""
    word = tokens[k].text
    return (
        k == len(tokens) - 1
        and k >= 1
        and not any(t.text.isupper() for t in tokens[:k])
        and len(word) >= _CAPITAL_SURNAME_MIN
        and sum(c in _VOWELS for c in word) >= 2
    )


def person(name: str, category: str, countries: list[str], ctx: Context, rule: str) -> Candidate:
    return Candidate(
        name=name,
        schema="person",
        category=category,
        countries=unique(countries),
        evidence=[Evidence(ctx.document, ctx.sentence, rule)],
    )


# An adverb in -ly right before "by": "locally", "jointly", "formally".
_ADVERB_BEFORE_BY = re.compile(r" [a-z]{2,}ly by\b")


# People who report, research or write, as a group that someone leads: "reporters for the
# Courier, led by X", "a team of researchers led by X". Whoever leads them is a source.
_NEWSROOM_PEOPLE = frozenset({"reporters", "journalists", "correspondents", "editors",
                              "researchers", "investigators", "analysts", "fact-checkers",
                              "monitors", "students", "журналисты", "журналистов",
                              "корреспонденты", "исследователи", "исследователей",
                              "аналитики", "аналитиков"})  # fmt: skip
_NEWSROOM_REACH = 6


def _newsroom_before(tokens: list[Token], comma: int) -> bool:
    """'Reporters for the Courier, led by': the words before the comma at ``comma`` are
    reporters or researchers, bare or of a named outlet ("for/at/from the X")."""
    words = [t.lower for t in tokens]
    k = comma - 1
    while (
        k >= 0
        and comma - k <= _NEWSROOM_REACH
        and (tokens[k].capitalised or words[k] in ("the", "for", "at", "from", "of", "with"))
    ):
        if words[k] in _NEWSROOM_PEOPLE:
            return True
        k -= 1
    return k >= 0 and words[k] in _NEWSROOM_PEOPLE


def _leads_a_piece_of_research(tokens: list[Token], first: int, phrase: str) -> bool:
    """The words before "led by"/"headed by" name a study or an investigation ("research
    led by X", "an investigation headed by X"), or its maker in apposition ("a review by
    Venn LLP, led by partner X"): X is its author, not in charge of a body."""
    words = [t.lower for t in tokens]
    size = len(phrase.split())
    at = next(
        (k for k in range(first - size, max(-1, first - size - 4), -1)
         if words[k : k + size] == phrase.split()),
        None,
    )  # fmt: skip
    if at is None or at == 0:
        return False
    if words[at - 1] in REPORT_NOUNS or words[at - 1] in _NEWSROOM_PEOPLE:
        return True  # "research led by X", "a team of reporters led by X"
    if words[at - 1] != ",":
        return False
    if _newsroom_before(tokens, at - 1):
        return True  # "Reporters for the Courier, led by X": the newsroom's own editor
    # "a review by Venn Forensic LLP, led by ...": past the maker's name to "by"/"from".
    k = at - 2
    while k >= 0 and (tokens[k].capitalised or words[k] in ("&", "and", "-", "'s")):
        k -= 1
    return k >= 1 and k < at - 2 and words[k] in ("by", "from") and words[k - 1] in REPORT_NOUNS


# Words a body's name before "led by", "represented by" may hold besides capitalised ones.
_BODY_GLUE = frozenset({"of", "for", "the", "'s", "’s", "and", "&"})
_BODY_REACH = 8


def _heads_a_source(tokens: list[Token], first: int, phrase: str) -> bool:
    """'the Y Prosecutor's Office, represented by X', 'the Venn Institute, led by X': the
    body named right before the phrase (and a comma) is a source or an authority (a think
    tank, an outlet, a court, a prosecutor), so whoever leads or represents it speaks or
    acts on the scheme from outside."""
    size = len(phrase.split())
    at = first - size
    if at < 1 or [t.lower for t in tokens[at:first]] != phrase.split():
        return False
    k = at - 1
    if tokens[k].text == ",":
        k -= 1
    body: list[str] = []
    while (
        k >= 0
        and at - k <= _BODY_REACH
        and (tokens[k].capitalised or tokens[k].lower in _BODY_GLUE)
    ):
        body.insert(0, tokens[k].lower)
        k -= 1
    return any(tokens[j].capitalised for j in range(k + 1, at)) and describes_a_source(body)


def person_by_context(
    tokens: list[Token], ctx: Context, span: Span, countries: list[str]
) -> Candidate | None:
    """A person candidate when a title, apposition, 'run by' or a verb shows them acting."""
    words = [t.lower for t in ctx.tokens]
    before = words[max(0, span.first - 5) : span.first]
    text_before = " ".join(before)
    after = words[span.last + 1 : span.last + 9]
    name = ctx.text(tokens)
    # "represented locally by X", "run jointly by X": an adverb between the participle and
    # "by" leaves the phrase what it is.
    phrased = _ADVERB_BEFORE_BY.sub(" by", f" {text_before}")
    in_charge = next(
        (
            phrase
            for phrase in IN_CHARGE_PHRASES
            # Whole words only: "compiled by X" is a credit, not "led by X".
            if phrased.endswith(f" {phrase}") or f" {phrase} " in phrased
        ),
        None,
    )
    if in_charge is not None and _leads_a_piece_of_research(ctx.tokens, span.first, in_charge):
        return None  # "research led by X", "a study conducted by X": an author, a source
    if in_charge is not None and _heads_a_source(ctx.tokens, span.first, in_charge):
        return None  # "the X Prosecutor's Office, represented by Y": the source's own officer
    # "owned by X, a former official": a past post does not make the owner a bystander.
    past_post_only = not set(after[1:]) & (NON_ACTOR_WORDS - _PAST_POSTS)
    if not (in_charge is not None and past_post_only) and is_non_actor(after):
        return None
    # "run by former regional official X": a past post does not make the owner a source.
    dated = _PAST_POSTS if in_charge is not None else frozenset()
    if _described_as_a_non_actor(ctx.tokens, span.first, dated):
        return None
    if _placed_at_a_source(ctx.tokens, span.first):
        return None
    if span.first > 0 and ctx.tokens[span.first - 1].text == "«":
        # "подтвердил «Вечернему Ольхону»": guillemets quote a body's name, never a person's.
        return None
    if _polices(before, after) and "kp" not in countries and not _is_full_korean_name(tokens):
        # "Labour inspector X fined the agency", "an inspector ..., X, detained twelve":
        # an officer who polices the network acts on it from outside, as the police do.
        return None
    # "The X Institute estimates ... Its director, Y, said": the cited body's own head.
    near = words[max(0, span.first - 3) : span.first] + words[span.last + 1 : span.last + 4]
    if (
        ctx.after_cited_subject
        and set(near) & {"its", "their"}
        and not _body_named_before(ctx.tokens, span.first)
    ):
        return None
    # "Профессор Высшей школы экономики X", "Главный редактор «Вестника» X": a source.
    if any(
        w.startswith(RU_SOURCE_STEMS) or w == "ран"  # the Russian Academy of Sciences
        for w in _ru_post_before(words, span.first)
    ):
        return None
    if in_charge is not None and _heads_the_authors_counterparty(ctx.tokens, span.first):
        return None  # "Our beneficiary X LLC ... is directed by Y": the bank's customer's
    if in_charge is not None:
        # "led by partner X, previously with the group's auditor": the apposition places
        # the person at a source, whatever the person leads.
        if after[:1] == [","] and describes_a_source(_apposition(words, span.last + 2)):
            return None
        return person(name, "executive", countries, ctx, f"'{in_charge}'")
    # A title just before the name ("leader, Kim Il"; "ambassador to X"; "chief executive, X").
    # "their foreman, a Mr X": an article and a courtesy title between post and name.
    courtesy = 0
    while (
        courtesy < 3
        and (
            before[len(before) - courtesy - 1 :][:1] in (["a"], ["mr"], ["mrs"], ["ms"])
            # "a Mr. X": the courtesy title's full stop.
            or (
                before[len(before) - courtesy - 1 :][:1] == ["."]
                and before[len(before) - courtesy - 2 :][:1] in (["mr"], ["mrs"], ["ms"])
            )
        )
    ):
        courtesy += 1
    posts = list(before[: len(before) - courtesy][-3:])
    if before[-1:] in (["is"], ["was"]) and after[:1] in ([], ["."], [";"]):
        # "The Russian boss was X.", "Their director is X.": the name ends the sentence as
        # the complement of a title (not "The director was X's friend", which goes on).
        posts = list(before[-4:-1])
    post_end = span.first - courtesy
    listed_at = _listed_as(words, span.first)
    if listed_at is not None:
        # "whose director is listed in the register as X": the title, then the record.
        posts, post_end = words[listed_at - 3 : listed_at + 1], listed_at + 1
    if len(posts) == 3 and posts[0] == "chief" and posts[1].isalpha() and posts[2] == ",":
        posts[1] = "chief"  # "its chief engineer, X": "chief" makes a post of any noun
    elif len(posts) >= 2 and posts[-2] == "chief" and posts[-1].isalpha():
        posts[-1] = "chief"  # "the firm's chief engineer X", with no comma
    for k, word in enumerate(reversed(posts)):
        if word in TITLES:
            # "Former U.S. Treasury official X": a former official, or one of a body
            # that sanctions or reports, is a source.
            ahead = words[max(0, post_end - 10) : post_end - k - 1]
            if _a_former_outsider(ahead[-4:]) or describes_a_source(ahead[-4:]):
                return None
            if _speaks_for_the_title(ahead):
                return None  # "a spokesman for the mayor, X": the mayor's voice, not the mayor
            if holds_a_sanctioning_rank([*ahead[-3:], word]):
                return None  # "Britain's Foreign Secretary, X": the designating government
            if names_a_cited_body(ahead[-4:], ctx.cited_bodies):
                return None
            if ahead[-1:] in (["a"], ["an"], ["one"]) and _testifies(after):
                return None  # "A foreman, X, testified that ...": a witness at the trial
            # "Venn Center director X said": the head of an institution, quoted.
            named = _named(ctx.tokens[max(0, post_end - k - 5) : post_end - k - 1])
            if at_an_institution(named, set(words)):
                return None
            return person(name, TITLES[word], countries, ctx, f"title '{word}'")
        if word not in _POST_GLUE and word not in COUNTRY_WORDS:
            break
    # "Wage sheets list X as team leader", "the contract names X as foreman": a record
    # gives the person's post after the name.
    title = _recorded_as_a_title(before, after)
    if title is not None:
        return person(name, TITLES[title], countries, ctx, f"recorded as '{title}'")
    # "The general director of X LLC is Y.", "The director there, per her, is Y, who ...":
    # the name is the complement of a title that is the sentence's subject.
    title = _title_subject_before_is(ctx.tokens, span, ctx.cited_bodies)
    if title is not None:
        return person(name, TITLES[title], countries, ctx, f"'{title} ... is'")
    # A title and the body it heads, then the name: "the governor of Primorsky Krai, X".
    title = _title_of_a_body_before(ctx.tokens, span.first, ctx.cited_bodies)
    if title is not None:
        return person(name, TITLES[title], countries, ctx, f"title '{title} of ...'")
    # Named as the object of a sanction: "OFAC also designated X, ...".
    if before and before[-1] in AUTHORITY_VERBS:
        return person(name, "executive", countries, ctx, f"'{before[-1]}'")
    # "X: он является заместителем директора", "X является директором": a correction or
    # a registry gives the post after the name.
    post = _post_after_is(after)
    if post is not None:
        return person(name, RU_TITLES[post], countries, ctx, f"'является' '{post}'")
    # The defendant of a verdict: "the court found X guilty", "convicted X of", "sentenced X".
    if before and (before[-1] in _CONVICTING or (before[-1] == "found" and "guilty" in after[:2])):
        return person(name, "official", countries, ctx, f"defendant '{before[-1]}'")
    # A Russian title may stand before the body it heads: "Губернатор Иркутской области X".
    # The body may be a firm in guillemets after its legal form: "директор ООО «X» Y".
    for i in range(span.first - 1, max(-1, span.first - _RU_TITLE_REACH), -1):
        if ctx.tokens[i].text in _RU_QUOTES:
            continue
        if ctx.tokens[i].text == "-" and i == span.first - 1:
            continue  # "генеральный директор ООО «X» - Иван Петров"
        heads_a_named_firm = any(t.text == "«" for t in ctx.tokens[i + 1 : span.first])
        # "Бывший прораб X рассказал корреспонденту ...": a bare post right before the
        # name, heading no body the sentence names, is an interviewee's description.
        # "Интервью бывшего прораба X о ...": the man interviewed, a witness.
        # "по словам бывшего прораба X", "», — подчеркнула министр X": the one quoted.
        bare_post = i == span.first - 1 and (
            _speaks_to_a_journalist(ctx.tokens)
            or _interviewed(ctx.tokens, i)
            or _quoted_after(ctx.tokens, i)
        )
        if ctx.tokens[i].lower in RU_TITLES and (
            (_speaks_to_an_outlet(ctx.tokens) and not heads_a_named_firm) or bare_post
        ):
            # "Как рассказал «Ведомостям» руководитель ... X": a source. The head of a
            # firm named in guillemets ("Гендиректор «X» Y сообщил «Z»") answers for the
            # firm, and is its officer whoever he tells (a cited body is caught below).
            return None
        if ctx.tokens[i].lower in RU_TITLES and _speaks_for_the_title(words[max(0, i - 2) : i]):
            # "Пресс-секретарь губернатора X": the governor's voice, who only speaks for him.
            return None
        if ctx.tokens[i].lower in RU_TITLES:
            # "руководитель ФСМТМ X" where the document cites "по данным ФСМТМ": a source.
            between = [t.lower for t in ctx.tokens[i + 1 : span.last - len(tokens) + 1]]
            if names_a_cited_body(between, ctx.cited_bodies):
                return None
            if any(w.startswith(RU_COUNCIL_STEMS) for w in [ctx.tokens[i].lower, *between]):
                # "председатель Городской думы X", "депутат Заксобрания X": a council's
                # officer or deputy debates the scheme, as the minutes record; no actor.
                return None
            title = ctx.tokens[i].lower
            return person(name, RU_TITLES[title], countries, ctx, f"title '{title}'")
        if not ctx.tokens[i].text.replace("-", "").isalpha():
            break  # a hyphenated name ("«Томь-Девелопмента»") is still the body's
    # A title in apposition ("X, head of ..."; "X, the company's director";
    # "X, Russia's natural resources minister").
    if after[:2] == [",", "who"] and len(after) > 2 and after[2] in _IN_CHARGE_VERBS:
        # "X, who heads the Korea programme at the Y Foundation": a source all the same.
        clause = words[span.last + 3 : span.last + 16]
        clause = clause[: clause.index(",")] if "," in clause else clause
        if describes_a_source(clause):
            return None
        return person(name, "executive", countries, ctx, f"'who {after[2]}'")
    if after[:2] == [",", "who"] and len(after) > 2 and after[2] in _HOLDS_A_POST:
        # "X, who holds the title of "deputy head" in ...", "X, who serves as director".
        clause = [w for w in _apposition(words, span.last + 4) if w not in ('"', "'")]
        title = title_in_apposition([w for w in clause if w not in _POST_NOUNS])
        if title is not None and not (set(clause) & NON_ACTOR_WORDS or describes_a_source(clause)):
            return person(name, TITLES[title], countries, ctx, f"'who {after[2]}' '{title}'")
    if after[:3] in ([",", "who", "is"], [",", "who", "was"]):
        # "X, who is the region's deputy minister of labour, ...": a title in a clause.
        clause = _apposition(words, span.last + 4)
        title = title_in_apposition(clause)
        named = _named(ctx.tokens[span.last + 4 : span.last + 4 + len(clause)])
        if title is not None and not (
            set(clause) & (NON_ACTOR_WORDS - {"former"})
            or describes_a_source(clause)
            or names_a_cited_body(named, ctx.cited_bodies)
            or "former" in clause[:3]
        ):
            return person(name, TITLES[title], countries, ctx, f"'who is' '{title}'")
    if after and after[0] == ",":
        title = title_in_apposition(after[1:8])
        # The whole apposition, to its closing punctuation: "X, executive director of the
        # Venn Labour Rights Alliance, said" names the body only in its last words.
        apposition = _apposition(words, span.last + 2)
        named = _named(ctx.tokens[span.last + 2 : span.last + 2 + len(apposition)])
        if title is not None and (
            describes_a_source(apposition)
            or holds_a_sanctioning_rank(apposition)
            or at_an_institution(named, set(words))
            or names_a_cited_body(named, ctx.cited_bodies)
            or _our(apposition)
            or _a_small_holder(apposition)
        ):
            return None
        if title is not None:
            return person(name, TITLES[title], countries, ctx, f"apposition '{title}'")
        # "X, заместитель главы района, ...", "X, генеральный директор ООО «Y»": a Russian
        # title opens the apposition (an adjective may qualify it), unless the apposition
        # places the person at a source ("X, эксперт центра ...", "X, редактор ...").
        ru_at = next((k for k, w in enumerate(apposition[:2]) if ru_title_lemma(w)), None)
        ru_title = None if ru_at is None else ru_title_lemma(apposition[ru_at])
        if (
            ru_title is not None
            and (ru_at == 0 or apposition[0].endswith(_RU_ADJECTIVE_ENDINGS + _RU_OBLIQUE_ADJ))
            and not any(w.startswith(RU_SOURCE_STEMS) for w in apposition)
            and not describes_a_source(apposition)
            and not names_a_cited_body(named, ctx.cited_bodies)
        ):
            return person(name, RU_TITLES[ru_title], countries, ctx, f"apposition '{ru_title}'")
    label = _field_label_title(ctx.tokens, span)
    if label is not None:
        category = TITLES.get(label) or RU_TITLES[label]
        return person(name, category, countries, ctx, f"field '{label}:'")
    listed = _listed_with_a_title(ctx.tokens, span)
    if listed is not None:
        return person(name, TITLES[listed], countries, ctx, f"listed as '{listed}'")
    if after and after[0] in _SPEECH_ROLE_VERBS and _speaks_to_the_media(words):
        return None  # "X said in an interview with Y", "Speaking on Radio Z, X said": a source
    if (
        after[:1]
        and after[0] in _TELLING_VERBS
        and after[1:2]
        and (after[1].startswith(_JOURNALIST_STEMS) or after[1] == "«")
    ):
        # "X рассказал корреспонденту ...", "X told a reporter": an interviewee, a source.
        return None
    if after and (after[0] in ROLE_VERBS or after[0] in RU_ROLE_VERBS):
        if _a_councils_member_before(before):
            # "Депутат краевого парламента X заявил": a deputy debates the scheme.
            return None
        return person(name, "official", countries, ctx, f"role verb '{after[0]}'")
    # "a man called X", "identified in the documents as X": the text introduces a person.
    if any(f" {text_before}".endswith(f" {cue}") for cue in _INTRODUCING_CUES) or (
        before[-1:] == ["as"] and bool(set(before) & _IDENTIFYING_VERBS)
    ):
        # "identified in court files as X": the words between say where, not who.
        return person(name, "official", countries, ctx, "introduced by name")
    # A full Korean name (a surname and a two-part given name) in an article about labour
    # is a person by its shape: "X Y Z collects the wages", in Latin or Cyrillic letters.
    # Not a name set off by commas ("One worker, X, said"; "X, who fled in 2019, said"),
    # nor a speaker: those are workers, defectors and other witnesses.
    # A surname and a hyphenated given name ("Ким Сон-нам") is how Russian spells every
    # Korean name, North or South; English spells South Korean names so too ("Seo Ji-hoon":
    # reporters, translators), so only the Cyrillic form counts by its shape, and not where
    # a credit puts a name (after "by", a colon or a dash: "Перевод: Ли Со-ён").
    if _korean_cadre(tokens, ctx.tokens, span, ctx.document_words):
        return person(name, "official", [*countries, "kp"], ctx, "Korean name with a part")
    hyphenated = len(tokens) == 2
    if (
        _is_full_korean_name(tokens)
        and is_about_labour(ctx.document_words)
        and not (before[-1:] == [","] or after[:1] == [","])
        and not set(after[:6]) & (REPORTING_VERBS | RU_REPORTING_VERBS)
        and not (
            hyphenated
            and (
                not (_is_cyrillic(name) or _north_korean_spelling(tokens))
                or before[-1:] in ([":"], ["-"])
            )
        )
        and after[:1] != ["("]
        and not _a_translation_credit(before)
    ):
        return person(name, "official", [*countries, "kp"], ctx, "full Korean name")
    return None


_RU_ADJECTIVE_ENDINGS = ("ый", "ий", "ой")
# The same adjectives in the genitive, dative and instrumental: "генерального директора".
_RU_OBLIQUE_ADJ = ("ого", "его", "ому", "ему", "ым", "им")
# Case endings of a Russian title and what its nominative ends with instead: "основателя"
# (основатель), "директора" (директор), "главы" (глава), "руководителю", "директором".
_RU_CASE_ENDINGS = (("ем", "ь"), ("ом", ""), ("я", "ь"), ("ю", "ь"), ("а", ""), ("у", ""),
                    ("ы", "а"), ("е", "а"))  # fmt: skip


def ru_title_lemma(word: str) -> str | None:
    """The Russian title ``word`` is a form of ("основателя" -> "основатель"), or None."""
    if word in RU_TITLES:
        return word
    for ending, nominative in _RU_CASE_ENDINGS:
        if word.endswith(ending) and len(word) > len(ending) + 3:
            lemma = word[: -len(ending)] + nominative
            if lemma in RU_TITLES:
                return lemma
    return None


# Verbs of telling and the addressees that make the teller a journalist's interviewee.
_TELLING_VERBS = frozenset({"told", "рассказал", "рассказала", "сказал", "сказала", "сообщил",
                            "сообщила", "заявил", "заявила", "пояснил", "пояснила"})  # fmt: skip
_JOURNALIST_STEMS = ("корреспондент", "журналист", "репортер", "репортёр", "редакци",
                     "изданию", "reporter", "journalist", "correspondent")  # fmt: skip
# Role verbs that only say someone spoke: with no title, a speaker heard through the media
# is a source as often as an actor.
_SPEECH_ROLE_VERBS = frozenset({"said", "suggested", "estimated"})
# Phrases that place what a person said in an interview or a broadcast.
_MEDIA_CUES = ("in an interview", "interview with", "speaking to", "speaking on", "speaking at",
               "spoke to", "spoke on", "on air", "on the programme", "on the program",
               "on the show", "podcast", "in a post", "told reporters", "told journalists",
               "in a webinar", "at a conference", "at a briefing", "at a panel")  # fmt: skip


# How many words before a name a Russian post that places a person at a source may take.
_RU_POST_REACH = 6


def _ru_post_before(words: list[str], first: int) -> list[str]:
    """The words before a name that may give the person's post: the last six, from the
    first Russian title among them if there is one. In "... в здании школы подписала
    заместитель главы округа X" the school is where the workers live, not X's employer;
    in "директор Института ... X" the title opens the post, which names the source."""
    window = words[max(0, first - _RU_POST_REACH) : first]
    at = next((k for k, w in enumerate(window) if w in RU_TITLES), 0)
    return window[at:]


def _a_former_outsider(words: list[str]) -> bool:
    """'Former U.S. Treasury official X': a past post with no body of the story's that held
    it, a source. 'its former director X', 'the subsidiary's former director X': the post
    was in a body the sentence points back to, whose past officer answers for it."""
    if "former" not in words:
        return False
    at = len(words) - 1 - words[::-1].index("former")
    owner = words[at - 1] if at >= 1 else ""
    if owner in ("its", "their"):
        return False
    return not (owner in _POSSESSIVES and at >= 2 and words[at - 2] not in COUNTRY_WORDS)


_POSSESSIVES = frozenset({"'s", "’s", "'"})

# Nouns of one who speaks for another, and the words that may join them to the post of the
# one spoken for: "a spokesman for the governor, X", "пресс-секретарь губернатора X",
# "официальный представитель мэра X". The person so named holds no post of the story's.
_SPEAKERS_FOR = frozenset({"spokesperson", "spokesman", "spokeswoman", "пресс-секретарь",
                           "пресс-секретаря", "пресс-секретарём", "пресс-секретарем"})  # fmt: skip
_SPEAKER_GLUE = frozenset({"for", "of", "to", "the", "a"})


def _speaks_for_the_title(ahead: list[str]) -> bool:
    """Whether the words right before a title name one who speaks for its holder: a
    spokesperson noun (or "press secretary", "официальный представитель") and, between it and
    the title, only "for", "of", "the"."""
    k = len(ahead) - 1
    while k >= 0 and ahead[k] in _SPEAKER_GLUE:
        k -= 1
    if k < 0 or len(ahead) - 1 - k > 2:
        return False
    word = ahead[k]
    if word in _SPEAKERS_FOR:
        return True
    before = ahead[k - 1] if k >= 1 else ""
    if word in ("secretary", "officer") and before == "press":
        return True
    return word.startswith("представител") and before.startswith("официальн")


def _speaks_to_the_media(words: list[str]) -> bool:
    """The sentence puts a person's words in an interview, a broadcast or a conference talk."""
    joined = f" {' '.join(words)} "
    return any(f" {cue} " in joined for cue in _MEDIA_CUES) or (
        "on" in words and bool(set(words) & _BROADCASTS)
    )


# A broadcast or a feed a person speaks "on": "said on the Far East Hour programme".
_BROADCASTS = frozenset({"programme", "program", "broadcast", "podcast", "radio", "tv",
                         "television", "livestream", "webinar", "episode"})  # fmt: skip


# Verbs of holding a post in a clause after a name, and the nouns for the post itself.
# Words that may stand between a post and the name after it.
_POST_GLUE = frozenset({",", "to", "the", "of", "executive"})
_HOLDS_A_POST = frozenset({"holds", "held", "serves", "served", "acts"})
_POST_NOUNS = frozenset({"the", "title", "post", "position", "rank", "office", "role", "of",
                         "as", "a", "an"})  # fmt: skip


def _apposition(words: list[str], start: int) -> list[str]:
    """The words from ``start`` up to the next comma, full stop or semicolon."""
    found = []
    for word in words[start : start + APPOSITION_REACH]:
        if word in (",", ".", ";", ":", "(", ")"):
            break
        found.append(word)
    return found


def _our(words: list[str]) -> bool:
    """'X, our head of research', 'X, our Seoul correspondent': the publication's own staff."""
    return "our" in words[:2]


def _listed_with_a_title(tokens: list[Token], span: Span) -> str | None:
    """'Pak Chol Su: representative of X in Vladivostok' - a list item (a designation, a
    summary of findings) gives a name, a colon and the post it holds: the title of that
    post if one follows within a few words, "of", "at", "for" or "in"."""
    following = [t.lower for t in tokens[span.last + 1 : span.last + 7]]
    if following[:1] == ["."] and _numbered_item(tokens, span.first):
        following[0] = ":"  # "2. Jane Doe. Representative of X": the item's name, its post
    if following[:1] not in ([":"], ["-"]):
        return None
    if _numbered_item(tokens, span.first):
        return _post_after_a_listed_name(tokens, span, following)
    opener = tokens[span.first - 1].text if span.first > 0 else ""
    if span.first > 0 and opener not in _BULLETS:
        return None  # a bulleted line or the start of one; not "said: ..." mid-sentence
    # "- Jane Doe - General Director (since 2025)": a bulleted item of key persons, its
    # name and its post parted by a dash; the post may end the item.
    dashed = following[0] == "-" and opener in _BULLETS and span.first == 1
    if following[0] == "-" and not dashed:
        return None
    return _post_after_a_listed_name(tokens, span, following, dashed)


def _numbered_item(tokens: list[Token], first: int) -> bool:
    """The name at ``first`` opens a numbered or lettered list item: "2. Jane Doe"."""
    return (
        first == 2
        and tokens[1].text in (".", ")")
        and (tokens[0].text.isdigit() or len(tokens[0].text) == 1)
    )


def _post_after_a_listed_name(
    tokens: list[Token], span: Span, following: list[str], dashed: bool = False
) -> str | None:
    """The title of the post in the words after a listed name and its separator."""
    for k, word in enumerate(following[1:5], start=1):
        if tokens[span.last + 1 + k].capitalised and word not in TITLES and k > 1:
            return None  # "Dr X: The Amur Oblast minister ...": the post of someone named later
        if word in TITLES:
            while k + 1 < len(following) and following[k + 1] in TITLES:
                k += 1  # "General Director": the post's last title word says what it is
                word = following[k]
            nxt = following[k + 1] if k + 1 < len(following) else ""
            if nxt in ("of", "at", "for", "in", "to"):
                return word
            return word if dashed and nxt in ("", "(", ",", ";", ".") else None
        if not word.replace("-", "").isalpha():
            return None
    return None


_BULLETS = ("-", "*", "•", "–", "—", "·")


# How many words a field label of a registry entry or a form may have: "General director".
_FIELD_LABEL_MAX = 3


def _recorded_as_a_title(before: list[str], after: list[str]) -> str | None:
    """The title in "list X as team leader", "names X as its foreman", "appointed X as
    director": a verb of recording or appointing before the name, "as" and a post after
    it (a post of a source's body is caught elsewhere; none is named here)."""
    if not before or before[-1] not in _NAMING_VERBS or after[:1] != ["as"]:
        return None
    for k, word in enumerate(after[1:5], start=1):
        if word in TITLES:
            while k + 1 < len(after) and after[k + 1] in TITLES:
                k += 1
                word = after[k]
            nxt = after[k + 1] if k + 1 < len(after) else ""
            return word if nxt in ("", ".", ",", ";", "and", "of", "at", "for") else None
        if word not in _POST_MODIFIERS and not word.isalpha():
            return None
    return None


_NAMING_VERBS = frozenset({"list", "lists", "listed", "name", "names", "named", "record",
                              "records", "recorded", "register", "registers", "registered",
                              "appointed", "appoints", "appoint", "identify", "identifies",
                              "show", "shows", "showed", "give", "gives", "gave", "sign",
                              "signs", "mention", "mentions", "mentioned"})  # fmt: skip
_POST_MODIFIERS = frozenset({"the", "a", "an", "its", "their", "team", "brigade", "crew",
                             "site", "shift", "general", "deputy", "acting", "chief"})  # fmt: skip


def _title_subject_before_is(tokens: list[Token], span: Span, cited: frozenset[str]) -> str | None:
    """The title in "The general director of X LLC is Y", "The director there, per her, is
    Y, who ...": the subject of "is"/"was" opens with "the" or a possessive, then a title,
    then the body it heads ("of X"), a place adverb or an aside between commas; the name
    after the verb ends the clause (not "The director was Y's friend")."""
    after = tokens[span.last + 1].text if span.last + 1 < len(tokens) else ""
    if after not in ("", ".", ";", ",", "(", ")"):
        return None
    j = span.first - 1
    if j < 2 or tokens[j].lower not in ("is", "was"):
        return None
    j -= 1
    if tokens[j].text == ",":
        # ", per her, ", ", reportedly, ": an aside between commas.
        k = next((i for i in range(j - 1, max(0, j - 5), -1) if tokens[i].text == ","), None)
        if k is None:
            return None
        j = k - 1
    while j >= 0 and tokens[j].lower in _SUBJECT_ADVERBS:
        j -= 1
    body: list[str] = []
    if j >= 0 and tokens[j].capitalised:
        while j >= 0 and (
            tokens[j].capitalised
            or (tokens[j].lower in ("of", "for", "and") and j > 0 and tokens[j - 1].capitalised)
        ):
            body.insert(0, tokens[j].lower)
            j -= 1
        if j >= 0 and tokens[j].lower == "the":
            j -= 1
        if j < 1 or tokens[j].lower not in ("of", "at"):
            return None
        j -= 1
    if j < 1 or tokens[j].lower not in TITLES:
        return None
    title = tokens[j].lower
    while j >= 1 and (tokens[j - 1].lower in TITLES or tokens[j - 1].lower in _TITLE_ADJECTIVES):
        j -= 1
    opener = tokens[j - 1].lower if j >= 1 else ""
    if opener not in ("the", "its", "their", "his", "her", "'s"):
        return None
    if set(body) & NON_ACTOR_WORDS or describes_a_source(body) or names_a_cited_body(body, cited):
        return None
    return title


_SUBJECT_ADVERBS = frozenset({"there", "now", "currently", "still", "then", "reportedly",
                              "formally", "nominally", "officially"})  # fmt: skip
_TITLE_ADJECTIVES = frozenset({"general", "acting", "deputy", "managing", "executive", "first",
                               "local", "russian", "korean", "new"})  # fmt: skip


def _a_small_holder(apposition: list[str]) -> bool:
    """'X, private shareholder', 'X, a minority shareholder': one who holds a few shares
    asks the board questions; only a sole, majority or controlling holder owns the firm."""
    return any(w in _SMALL_HOLDINGS and nxt in _HOLDERS for w, nxt in pairwise(apposition))


_SMALL_HOLDINGS = frozenset({"private", "minority", "retail", "individual", "small"})
_HOLDERS = frozenset({"shareholder", "shareholders", "stockholder", "stockholders",
                      "investor", "investors", "bondholder", "bondholders"})  # fmt: skip


def _field_label_title(tokens: list[Token], span: Span) -> str | None:
    """'General director: X', 'Founders: X (51%); Y', 'Owner: X': a line of a registry
    extract or a form opens with a field named by a post, a colon, then the holder's name:
    the title of that post."""
    colon = span.first - 1
    if colon < 1 or tokens[colon].text != ":":
        return None
    label = [t.lower for t in tokens[:colon]]
    # "Director until 12.06.2025: X", "Owner since May 2024: X": the post's dates.
    tenure = next((k for k, w in enumerate(label) if w in _TENURE_WORDS), None)
    if tenure is not None and all(not w.isalpha() or w in MONTHS for w in label[tenure + 1 :]):
        label = label[:tenure]
    # "Director, according to the register: X", "Владелец, по данным ЕГРЮЛ: X": the field,
    # then where the writer read it, set off by a comma.
    if "," in label:
        comma = label.index(",")
        if label[comma + 1 : comma + 3] in (["according", "to"], ["по", "данным"]) or label[
            comma + 1 : comma + 2
        ] == ["per"]:
            label = label[:comma]
    if not label or len(label) > _FIELD_LABEL_MAX:
        return None
    if not all(w.replace("-", "").isalpha() for w in label):
        return None
    last = label[-1]
    if last not in TITLES and last.endswith("s") and last[:-1] in TITLES:
        last = last[:-1]  # "Founders", "Owners"
    if set(label) & NON_ACTOR_WORDS:
        return None
    if last in TITLES:
        return last
    if last in RU_TITLES:
        return last  # "Генеральный директор: X"
    # "Руководитель заказчика: X", "Head of procurement: X": the post opens the label and
    # the body it heads follows (in the genitive, or after "of").
    if label[0] in RU_TITLES and _is_cyrillic(label[-1]):
        return label[0]
    return label[0] if label[0] in TITLES and label[1:2] == ["of"] else None


def _heads_the_authors_counterparty(tokens: list[Token], first: int) -> bool:
    """'Our beneficiary X LLC was registered in 2019 and is directed by Y': the subject
    the person heads, a name before the person in the same clause, is what the author
    calls its own party to a payment."""
    return any(
        the_authors_counterparty(tokens, span)
        for span in capitalised_spans(tokens[:first])
        if not any(t.text == ";" for t in tokens[span.last : first])
    )


# Words that give the dates of a post after its label: "Director until 12.06.2025: X".
_TENURE_WORDS = frozenset({"until", "till", "since", "from", "до", "с"})


# Russian verbs of speaking that make the name before them a witness's.
RU_REPORTING_VERBS = frozenset({"рассказал", "рассказала", "сообщил", "сообщила", "сказал",
                                "сказала", "вспоминает", "говорит"})  # fmt: skip
# Verbs that, a few words before "as", introduce a person's name: "identified in the
# ledger as X", "listed in the register as X".
_IDENTIFYING_VERBS = frozenset({"identified", "listed", "registered", "named"})
# Words that introduce the person named next.
_INTRODUCING_CUES = ("man called", "woman called", "man named", "woman named", "identified as",
                     # Speech and forum posts: "a guy named X", "some bloke called X".
                     "guy named", "guy called", "bloke named", "bloke called",
                     "someone named", "someone called", "person named", "person called",
                     "fellow named", "fellow called", "lady named", "lady called",
                     "man introduced as", "woman introduced as",
                     "official called", "official named", "officer called", "officer named",
                     "documents as", "records as", "contracts as")  # fmt: skip


# A Korean given name of two syllables joined by a hyphen, in Latin or Cyrillic letters,
# with a Russian case ending allowed on the second: "Myong-ho", "Сон-нам", "Гён-чхоля".
_HYPHENATED_GIVEN_NAME = re.compile(r"[A-ZА-ЯЁ][a-zа-яё]{1,5}-[a-zа-яё]{1,6}")


def _is_cyrillic(text: str) -> bool:
    return re.search(r"[а-яё]", text.casefold()) is not None


def _north_korean_spelling(tokens: list[Token]) -> bool:
    """'Ri Hyon-chol', 'Pak Son-hui': a Latin surname and hyphenated given name spelt as
    North Korean documents spell them (a surname only the North writes so, no vowel only
    the South writes). "Seo Ji-hoon", "Lee Seo-yeon", "Kang Min-ho" are not."""
    if len(tokens) != 2 or tokens[0].lower not in KOREAN_SURNAMES_NORTH:
        return False
    return not _southern_vowels(tokens[1:])


def _southern_vowels(given: list[Token]) -> bool:
    """Whether a given name has a vowel only South Korean romanisation writes."""
    return any(v in t.lower for t in given for v in SOUTHERN_VOWELS)


# Verbs of a witness giving evidence in court.
_TESTIFYING = frozenset({"testified", "testifies", "testify"})


def _testifies(after: list[str]) -> bool:
    """Whether the words after a name open with a witness's verb ("X, testified that",
    "X testified", "X later testified")."""
    words = [w for w in after[:3] if w not in (",", "later", "also")]
    return words[:1] != [] and words[0] in _TESTIFYING


# Words of a line that credits a translation: "Translated into Korean by", "Объявление
# переведено на корейский язык:", "Перевод с русского:".
_TRANSLATION_WORDS = frozenset({"translated", "translation", "translator", "interpreter",
                                "interpreted", "korean", "language"})  # fmt: skip
_RU_TRANSLATION_STEMS = ("перевед", "перевод", "язык")


def _a_translation_credit(before: list[str]) -> bool:
    """Whether a name stands after a colon or a dash closing a line that credits a
    translation ("Памятка переведена на корейский язык: X", "Korean translation: X"): the
    translator, who works for the notice's author, not in the scheme."""
    if before[-1:] not in ([":"], ["-"], ["—"], ["by"]):
        return False
    words = before[:-1]
    return bool(set(words) & _TRANSLATION_WORDS) or any(
        w.startswith(_RU_TRANSLATION_STEMS) for w in words
    )


def _is_full_korean_name(tokens: list[Token]) -> bool:
    """Three short capitalised words, the first a common Korean surname ("Pak X Y"), or a
    surname and a hyphenated given name ("Pak X-y", "Ким Сон-нам")."""
    surnames = KOREAN_SURNAMES | KOREAN_SURNAMES_RU
    if len(tokens) == 2:
        return (
            tokens[0].lower in surnames
            and tokens[0].text[1:].islower()
            and _HYPHENATED_GIVEN_NAME.fullmatch(tokens[1].text) is not None
        )
    if len(tokens) != 3:
        return False
    return tokens[0].lower in surnames and all(
        (t.text[:1].isupper() and t.text[1:].islower() and t.text.isalpha() and len(t.text) <= 5)
        or _a_vowel_syllable(tokens, k)
        for k, t in enumerate(tokens[1:], 1)
    )


# Endings of a Russian or Ukrainian surname in Latin or Cyrillic letters: "Sedov",
# "Lenova", "Zharkovsky", "Hrytsenko", "Петрович".
_SURNAME_ENDINGS = ("ov", "ova", "ev", "eva", "yov", "in", "ina", "yn", "yna", "sky", "skiy",
                    "skii", "skaya", "enko", "uk", "yuk", "chuk", "vich", "ich", "ов", "ова",
                    "ев", "ева", "ёв", "ёва", "ин", "ина", "ын", "ына", "ский", "ская", "енко",
                    "ук", "юк", "ич")  # fmt: skip
_SURNAME_MIN = 4


def is_personal_name(tokens: list[Token]) -> bool:
    """A person's name by its shape alone: a full Korean name ("Pak Chol-su"), or two or
    three title-case words of letters whose last ends like a Russian surname ("Ivan
    Sedov", "Maria Lenova"). A coined firm's name ("Trudovoy Resurs") ends otherwise."""
    if _is_full_korean_name(tokens):
        return True
    if not 2 <= len(tokens) <= 3 or not looks_like_person(tokens):
        return False
    if not all(t.text.isalpha() and t.text[1:].islower() for t in tokens):
        return False
    last = tokens[-1].lower
    return len(last) >= _SURNAME_MIN and last.endswith(_SURNAME_ENDINGS)


# Posts and acts of a North Korean cadre in the scheme, before or after the name: "their
# foreman, X", "the bureau's man on the ground, X", "X, who represents ...", "контракты
# подписывает X", "X, представляющий корпорацию".
_CADRE_WORDS = frozenset({
    "manager", "managers", "minder", "minders", "representative", "representatives",
    "foreman", "supervisor", "coordinator", "officer", "overseer", "boss", "director",
    "chief", "head", "handler", "curator", "represents", "represented", "representing",
    "signed", "signs", "paid", "pays", "collects", "collected", "supervised",
    "supervises", "oversaw", "oversees", "controlled", "controls", "recruited",
    # "escorts, among them X"; "X, who is said to answer to Bureau No. 5".
    "escort", "escorts", "escorted", "accompanied", "answer", "answers", "answered",
    # "its Moscow liaison, X, negotiates rates"; "X, our counterpart on the Korean side";
    # "X, who keeps their passports".
    "liaison", "counterpart", "negotiates", "negotiated", "keeps", "kept",
})  # fmt: skip
# "a group leader, X", "the brigade leader X": a leader of the workers' own unit (not the
# country's "leader").
_LED_UNITS = frozenset({"group", "brigade", "team", "shift", "crew", "site", "work"})
_RU_CADRE_STEMS = ("представ", "куратор", "курир", "бригадир", "подписыва", "подписал",
                   "руковод", "надсмотр", "старш", "собира", "начальник", "управляющ",
                   # "её уполномоченный в крае X", "командует ими X", "переговоры вёл X".
                   "уполномоч", "командует", "командовал", "переговор",
                   # "Контактное лицо от бригады — X": who answers for the crew.
                   "контактн")  # fmt: skip
# Words that make a Korean name a source instead: reporters, researchers, translators,
# defectors and other witnesses.
_KOREAN_SOURCE_WORDS = frozenset({
    "reporter", "journalist", "correspondent", "researcher", "analyst", "professor",
    "scholar", "translator", "translated", "translation", "defector", "defected", "fled",
    "escaped", "author", "wrote", "interviewed", "former",
})  # fmt: skip
_RU_KOREAN_SOURCE_STEMS = ("корреспондент", "журналист", "исследоват", "аналитик",
                           "эксперт", "перебежчик", "беглец", "бежал", "автор", "профессор",
                           "бывш")  # fmt: skip
# South Korean romanisations of surnames the North spells otherwise ("Lee" for "Ri").
_SOUTHERN_SURNAMES = frozenset({"lee", "rhee", "yi", "park", "choi", "jeong", "oh", "seo",
                                "yoon", "ahn", "shin", "baek", "hyun", "jeon", "gim"})  # fmt: skip
_WINDOW_BREAKS = frozenset({",", ";", ":", ".", "(", ")", "!", "?"})
_CADRE_REACH = 8
_SPEECH_AFTER = frozenset({"said", "says", "told", "recalled", "сказал", "рассказал",
                           "вспоминает", "говорит"})  # fmt: skip


def _korean_cadre(
    tokens: list[Token], sentence: list[Token], span: Span, document: frozenset[str]
) -> bool:
    """A Korean name the sentence gives a part in the scheme: a post or act of a cadre in
    the words of its own clause before it or its apposition after it ("their foreman, Pak
    Chol-u, ..."). Commas do not stop it as they stop the shape rule, since the post says
    who the name is; a South Korean spelling, a source's word or a speaker's verb does."""
    if not _is_full_korean_name(tokens) or not is_about_labour(document):
        return False
    latin = not _is_cyrillic(tokens[0].text)
    if latin and (tokens[0].lower in _SOUTHERN_SURNAMES or _southern_vowels(tokens[1:])):
        return False
    words = [t.lower for t in sentence]
    first, last = span.first, span.last
    k = first - 1
    if k >= 0 and words[k] in (",", "—", "-"):
        k -= 1
    before: list[str] = []
    while k >= 0 and len(before) < _CADRE_REACH and words[k] not in _WINDOW_BREAKS:
        before.append(words[k])
        k -= 1
    # "the camp director, a man named X": an introduction reads on into the clause before.
    # "escorts, among them X": the list reads on into the clause that names its members.
    introduced = before[:1] in (["named"], ["called"], ["как"]) or before[:2] == ["them", "among"]
    if introduced and k >= 0 and words[k] == ",":
        k -= 1
        while k >= 0 and len(before) < _CADRE_REACH and words[k] not in _WINDOW_BREAKS:
            before.append(words[k])
            k -= 1
    m = last + 1
    if m < len(words) and words[m] in (",", "—", "-", "("):
        m += 1
    after: list[str] = []
    while m < len(words) and len(after) < _CADRE_REACH and words[m] not in _WINDOW_BREAKS:
        after.append(words[m])
        m += 1
    if (after[:1] and after[0] in _SPEECH_AFTER) or before[:1] in (["worker"], ["рабочий"]):
        return False  # "X said", "X, said ...", "one worker, X": a witness
    near = before + after
    pieces = {p for w in near for p in w.split("-")}
    if pieces & _KOREAN_SOURCE_WORDS or any(w.startswith(_RU_KOREAN_SOURCE_STEMS) for w in near):
        return False
    # "the bureau's man in the city, X": a possessed "man" is the body's agent.
    agent = any(
        w == "man" and j + 1 < len(before) and before[j + 1] in ("'s", "’s", "its", "their")
        for j, w in enumerate(before)
    )
    # "the group leader named on the manifest is X": the words run backwards in ``before``.
    leader = any(
        w == "leader" and j + 1 < len(before) and before[j + 1] in _LED_UNITS
        for j, w in enumerate(before)
    ) or any(w in _LED_UNITS and nxt == "leader" for w, nxt in pairwise(after))
    return (
        agent
        or leader
        or bool(pieces & _CADRE_WORDS)
        or any(p.startswith(_RU_CADRE_STEMS) for p in pieces)
    )


# Verbs of an officer acting on the workers or their employers from outside the network.
_POLICING_VERBS = ENFORCEMENT_VERBS | {"detained", "arrested", "searched", "seized", "confiscated",
                                      "penalised", "penalized", "sanctioned"}  # fmt: skip


def _polices(before: list[str], after: list[str]) -> bool:
    """The person's own verb, right after the name or after an apposition that closes
    with a comma ("..., X, detained"), is one of policing, prosecuting or judging."""
    i = 1 if after[:1] == [","] and before[-1:] == [","] else 0
    while i < len(after) and after[i] in ("also", "later", "then", "personally", "has", "had"):
        i += 1
    return i < len(after) and after[i] in _POLICING_VERBS


def _body_named_before(tokens: list[Token], first: int) -> bool:
    """Whether the sentence names something other than a place or a person before the
    name at ``first``: "the listings cover the X Company, its representative Y" - "its"
    is then that body's, not the subject's of the sentence before."""
    for span in capitalised_spans(tokens[:first]):
        words = [w for w in span.words if w not in CAP_STOP]
        if not words or looks_like_person(span.tokens[-len(words) :]):
            continue
        if all(w in COUNTRY_WORDS or w in GAZETTEER or w in MONTHS for w in words):
            continue
        if span.first == 0 and len(words) == 1:
            continue  # a sentence's first word: capitalised as the sentence opens
        return True
    return False


def _named(tokens: list[Token]) -> list[str]:
    """The words of ``tokens`` written with a capital: the names among them."""
    return [t.lower for t in tokens if t.capitalised]


def _described_as_a_non_actor(
    tokens: list[Token], first: int, dated: frozenset[str] = frozenset()
) -> bool:
    """'analyst X', 'former South Korean intelligence officer X': the words right before
    the name (lower case, or a nationality) describe a source or a victim."""
    described: list[str] = []
    for token in reversed(tokens[max(0, first - 6) : first]):
        opens = token is tokens[0]  # "Retired general X": capitalised as the sentence opens
        if not (
            token.text.islower() or opens or token.lower in COUNTRY_WORDS or token.lower in _NATIONS
        ):
            break
        if (token.lower in CAP_STOP and token.lower != "former") or token.lower in REPORTING_VERBS:
            break  # "... were hired by X": the description ends at a function word or verb
        described.append(token.lower)
    return bool((set(described) - dated) & (NON_ACTOR_WORDS | _SOURCE_SERVICES | _PSEUDONYM_CUES))


def _post_after_is(after: list[str]) -> str | None:
    """The Russian title in "[: он/она] является [генеральным] директором" right after a
    name, or None."""
    i = 0
    if after[:1] in ([":"], [","], ["-"]):
        i += 1
    if after[i : i + 1] in (["он"], ["она"]):
        i += 1
    if after[i : i + 1] != ["является"]:
        return None
    return next((w for w in after[i + 1 : i + 3] if w in RU_TITLES), None)


# Verbs of a verdict whose object is the defendant: "the court convicted X".
_CONVICTING = frozenset({"convicted", "sentenced", "indicted"})
# Words of an apposition that date a post rather than deny one: "a former deputy head".
_PAST_POSTS = frozenset({"former", "retired"})
# "South Korean" is two words of COUNTRY_WORDS' one; "intelligence officer" is a source.
_NATIONS = frozenset({"north", "south", "korean", "u.s.", "us", "japanese", "british"})
_SOURCE_SERVICES = frozenset({"intelligence", "think-tank", "academic", "sanctions"})
# "a worker we will call X", "identified by the pseudonym X": a name given to protect a source.
_PSEUDONYM_CUES = frozenset({"call", "calling", "pseudonym", "alias", "nicknamed"})


_RU_QUOTES = frozenset({"«", "»", '"'})
# How many words back a Russian title may stand: "генерального директора ООО «X» Y".
# "начальник отдела по работе с иностранной рабочей силой компании «X» Y": a department's
# description may run longer, but never past punctuation.
_RU_TITLE_REACH = 16


def _title_of_a_body_before(
    tokens: list[Token], first: int, cited: frozenset[str] = frozenset()
) -> str | None:
    """The title in "the director of Vostok Personnel Agency, X" or "the firm's
    representative on the island, X": a title, a preposition, a body or a place, a comma,
    then the person's name. None if the body is one the document cites or that acts as an
    authority, by its name or by its head word alone ("the Director of the Office, X" in a
    release the Office issues): its officer speaks for it."""
    comma = first - 1
    if comma < 3 or tokens[comma].text != ",":
        return None
    for i in range(comma - 2, max(0, comma - _TITLED_BODY_REACH), -1):
        word = tokens[i].lower
        if word in ("of", "in", "on", "at", "for", "from") and tokens[i - 1].lower in TITLES:
            body = [t.lower for t in tokens[i + 1 : comma]]
            if describes_a_source(body) or is_source_body(body):
                return None  # "the Minister for Foreign Affairs, X": a government's voice
            if (
                names_a_cited_body(body, cited)
                or _refers_to_a_cited_body(tokens[i + 1 : comma], cited)
                or _a_cited_bodys_portfolio(body, cited)
                or _a_cited_bodys_officer(tokens[: i - 1], cited)
            ):
                return None
            return tokens[i - 1].lower
        if word in ("'s", "'"):
            continue  # "the head of the Tyva Republic's agriculture ministry, X"
        if word in ('"', "«", "»"):
            continue  # 'the head of the town "administration", X': quotes that doubt it
        # "the Ministry of Land and Maritime Transport": an "and" inside a body's name.
        in_a_name = word == "and" and tokens[i - 1].capitalised and tokens[i + 1].capitalised
        if not tokens[i].text.replace("-", "").isalpha() or (
            word in _CLAUSE_WORDS and not in_a_name
        ):
            return None
        if comma - i > _TITLED_BODY_REACH_LOWER and not (
            tokens[i].capitalised or word in CONNECTORS
        ):
            return None  # far from the name, only a body's own capitalised name runs on
    return None


def _refers_to_a_cited_body(body: list[Token], cited: frozenset[str]) -> bool:
    """'the Office', 'the Ministry': a head word alone, written with a capital, is how a
    document refers back to a body it has named in full; it is a cited one if a cited
    body's name holds that head word."""
    while body and body[0].lower == "the":
        body = body[1:]
    if len(body) != 1 or not body[0].capitalised or body[0].lower not in ORG_HEADS:
        return False
    return any(body[0].lower in name.split() for name in cited)


def _a_cited_bodys_officer(before: list[Token], cited: frozenset[str]) -> bool:
    """'the bank's Head of Financial Crime, X' in a bulletin the bank issues: a body's head
    word with a possessive right before the title refers back to a body the document cites
    or that issues it, if a cited body's name ends in that head word. Its officer speaks
    for it."""
    if len(before) < 2 or before[-1].text not in ("'s", "’s", "'"):
        return False
    head = before[-2].lower
    return head in ORG_HEADS and any(name.split()[-1:] == [head] for name in cited)


def _a_cited_bodys_portfolio(body: list[str], cited: frozenset[str]) -> bool:
    """'the Minister for Trade and Industry, X' where the document cites (or is issued by)
    the Ministry of Trade and Industry: a title over a portfolio names the body that holds
    it, whose officer speaks for it. The portfolio after the title is the cited name's after
    its head word and "of"/"for"."""
    while body and body[0] == "the":
        body = body[1:]
    if not body:
        return False
    portfolio = normalize(" ".join(body))
    for name in cited:
        words = name.split()
        for k in range(1, len(words) - 1):
            if (
                words[k] in ("of", "for")
                and words[k - 1] in ORG_HEADS
                and " ".join(words[k + 1 :]) == portfolio
            ):
                return True
    return False


def _listed_as(words: list[str], first: int) -> int | None:
    """Where the title stands in "whose general director is listed in the company register
    as X" or "its owner was registered as X": a title, "is"/"was", a verb of recording, a
    few words of where, then "as" and the name. None if the words are not so."""
    if first < 4 or words[first - 1] != "as":
        return None
    for k in range(first - 2, max(1, first - _LISTED_REACH) - 1, -1):
        if not words[k].isalpha():
            return None  # the clause runs within one phrase
        if words[k] in _RECORDING_VERBS and words[k - 1] in ("is", "was"):
            return k - 2 if k >= 2 and words[k - 2] in TITLES else None
        # "the letter lists its representative in Russia as X": a record, active, names the
        # post of a body the sentence points back to, then the person who holds it.
        if (
            words[k] in _RECORDING_VERBS_ACTIVE
            and words[k + 1] in _RECORDED_OWNERS
            and k + 2 < first - 1
            and words[k + 2] in TITLES
        ):
            return k + 2
    return None


# The same verbs, active, and the words that tie the post after them to a body already
# named: "lists its director as X", "gives the company's owner as X" is left to others.
_RECORDING_VERBS_ACTIVE = frozenset({"lists", "list", "names", "records", "gives", "shows",
                                     "identifies"})  # fmt: skip
_RECORDED_OWNERS = frozenset({"its", "their"})


# Verbs of a record naming a firm's officer: "is listed as", "was registered as".
_RECORDING_VERBS = frozenset({"listed", "registered", "recorded", "named", "given", "shown"})
# How far back from the name "is listed" may stand: "is listed in the company register as".
_LISTED_REACH = 8


# How far back from the name a title may stand: "the Deputy Director of the X Department of
# the Ministry of Y and Z, Pak ..." (a body's capitalised name), or eight words of any kind
# ("the firm's representative on the island, X").
_TITLED_BODY_REACH = 20
_TITLED_BODY_REACH_LOWER = 8


def title_in_apposition(words: list[str]) -> str | None:
    """The title of an apposition that describes a person: articles, nationalities,
    possessors ("the company's", "Russia's") and plain words may come before it; a
    body named for its own sake ("a company run by the minister"), a verb or a
    relative clause end it."""
    i = 0
    while i < len(words):
        word = words[i]
        if word in TITLES:
            return word
        following = words[i + 1] if i + 1 < len(words) else ""
        if word in ORG_HEADS or word in NOUN_BEFORE_NAME:
            if following not in ("'s", "'"):
                return None
            i += 2
            continue
        if word in _QUOTE_MARKS:
            i += 1  # the occupation "minister of construction": quoted, still a title
            continue
        if not word.replace("-", "").isalpha() and word not in ("'s", "'"):
            return None
        if word in _CLAUSE_WORDS or word in ROLE_VERBS or word in REPORTING_VERBS:
            return None
        i += 1
    return None


_QUOTE_MARKS = frozenset({'"', "«", "»", "“", "”"})
# "X, who runs the agency": a relative clause that puts the person in charge.
_IN_CHARGE_VERBS = frozenset({"runs", "ran", "heads", "headed", "owns", "owned", "leads", "led",
                              "manages", "managed", "directs", "founded", "chairs", "oversees",
                              "controls"})  # fmt: skip
_CLAUSE_WORDS = frozenset({"who", "which", "that", "whose", "whom", "and", "or", "but"})


def _speaks_to_an_outlet(tokens: list[Token]) -> bool:
    """A Russian verb of telling followed by a name in guillemets: "рассказал «Ведомостям»"."""
    return any(
        tokens[i].lower.startswith(_RU_TELLING) and tokens[i + 1].text == "«"
        for i in range(len(tokens) - 1)
    )


# Stems of an elected council and its members: "Городской думы", "Законодательного
# собрания", "Совета депутатов", "депутат", "заксобрания".
RU_COUNCIL_STEMS = ("дум", "депутат", "заксобрани", "законодательн", "гордум", "мосгордум",
                    "парламент")  # fmt: skip
_RU_FORMER_STEMS = ("бывш", "экс")
# How far before a name its post as a council's member may stand ("депутат краевого
# парламента X").
_COUNCIL_POST_REACH = 4


def _a_councils_member_before(before: list[str]) -> bool:
    """Whether the words right before a name, within its clause, make it a member of an
    elected council or parliament ("депутат Законодательного собрания X"): a voice in the
    debate over the scheme, not an official running it."""
    clause: list[str] = []
    for word in reversed(before[-_COUNCIL_POST_REACH:]):
        if not word.isalpha():
            break
        clause.append(word)
    return any(w.startswith(RU_COUNCIL_STEMS) for w in clause)


_RU_TELLING = ("рассказал", "сообщил", "заявил", "пояснил", "сказал")


def _speaks_to_a_journalist(tokens: list[Token]) -> bool:
    """A Russian verb of telling followed by a journalist or an outlet's staff: "рассказал
    корреспонденту", "сообщил редакции"."""
    return any(
        tokens[i].lower.startswith(_RU_TELLING)
        and tokens[i + 1].lower.startswith(_JOURNALIST_STEMS)
        for i in range(len(tokens) - 1)
    )


# Words between "интервью" and the post of the one interviewed: "Интервью с бывшим
# прорабом X", "интервью бывшего бригадира X".
_INTERVIEW_GLUE = ("с", "со", "бывш", "экс", "нашим", "нашему")


def _interviewed(tokens: list[Token], title: int) -> bool:
    """Whether the post at ``title`` follows "интервью" (past "с" and "бывшего"): the name
    after it is whom the piece interviews, a source of the story."""
    j = title - 1
    while j >= 0 and tokens[j].lower.startswith(_INTERVIEW_GLUE):
        j -= 1
    return j >= 0 and j < title and tokens[j].lower.startswith("интервью")


# Russian verbs that, after a quotation and its dash, give who said it: "», — подчеркнула
# министр X", "», — отметил директор X".
_RU_QUOTING_STEMS = ("подчеркн", "отметил", "заявил", "сказал", "пояснил", "добавил",
                     "сообщил", "рассказал", "уточнил", "напомнил", "считает", "говорит",
                     "резюмировал", "признал")  # fmt: skip
_DASHES = frozenset({"-", "—", "–", "--"})


def _quoted_after(tokens: list[Token], title: int) -> bool:
    """Whether the bare post at ``title`` introduces whom the text quotes: it follows "по
    словам" ("по словам бывшего прораба X") or a verb of saying after a quotation's dash
    ("», — подчеркнула министр X"). The speaker is a source of the text, not an actor."""
    j = title - 1
    while j >= 0 and tokens[j].lower.startswith(_RU_FORMER_STEMS):
        j -= 1  # "бывшего", "экс-"
    if j >= 1 and tokens[j].lower == "словам" and tokens[j - 1].lower == "по":
        return True
    return (
        j >= 1 and tokens[j].lower.startswith(_RU_QUOTING_STEMS) and tokens[j - 1].text in _DASHES
    )


def _placed_at_a_source(tokens: list[Token], first: int) -> bool:
    """ "The Sejong Institute's X", "Reuters' X": a person owned by a source's possessive."""
    j = first - 1
    if j < 1 or tokens[j].lower not in ("'s", "'"):
        return False
    k = j - 1
    while k >= 0 and (tokens[k].capitalised or tokens[k].lower in CONNECTORS):
        k -= 1
    owner = [t.lower for t in tokens[k + 1 : j]]
    return bool(owner) and describes_a_source(owner)
