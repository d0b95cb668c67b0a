"""What part does a named candidate play across the whole document?

The rules that propose a name read one sentence at a time, and each rule that stops a
source (an outlet, an expert, a monitor, a designating official) recognises one way of
writing that role. A new way of writing it slips through. This module looks at every
sentence of the document that names the candidate and asks two general questions:

- does any of them give it a part in the labour scheme: a word of hiring, employing,
  recruiting, sending, housing, paying or managing workers, visas or wages outside a
  quotation, or another body the document proposes in the same sentence (so a person is
  tied to an actor: "the firm's director, X")?
- does any of them show it only speaking, reporting, commenting, briefing or designating
  ("said X", "X told", "X will brief reporters", "designations ... of X")?

A candidate with the second and never the first is a voice in the story, not a part of the
scheme, and is not proposed, whatever title or head word made a rule propose it.

An organisation is also dropped when no sentence gives it a part, its own name has no word
of an actor's kind (company, agency, bureau, college, ministry, ...), and the document shows
it only as an observer might stand: as a person's place of work ("X of the Y Institute is
with us"), or on a heading line of the document's head, its letterhead or title.
"""

from __future__ import annotations

from dataclasses import dataclass

from watchlists.curation.extract.candidates import Candidate, normalize
from watchlists.curation.extract.people import looks_like_person
from watchlists.curation.extract.places import countries_in
from watchlists.curation.extract.sentences import Token
from watchlists.curation.extract.vocabulary import (
    ACTOR_HINT_WORDS,
    APPOSITION_REACH,
    AUTHORITY_VERBS,
    EMPLOYER_CONTEXT,
    EMPLOYER_VERBS,
    KOREAN_SURNAMES,
    LABOUR_WORDS,
    RESEARCH_TOPIC_WORDS,
    RU_LABOUR_STEMS,
    RU_SCHOOL_COVER_STEMS,
    RU_TITLES,
    TITLES,
)

# Words of a part in the scheme besides LABOUR_WORDS and EMPLOYER_VERBS: moving, placing,
# housing, paying and managing workers, and the papers and money that go with them.
_SCHEME_WORDS = frozenset({
    "send", "sends", "sent", "sending", "dispatch", "dispatches", "dispatching", "place",
    "places", "placed", "placing", "house", "housing", "dormitory", "dormitories", "hostel",
    "wage", "wages", "salary", "salaries", "remit", "remits", "remitted", "remittances",
    "manage", "manages", "managed", "managing", "supervise", "supervises", "supervised",
    "minder", "minders", "owns", "owned", "operates", "operated", "runs", "ran", "contract",
    "contracts", "contracted", "subcontract", "subcontracts", "subcontracted", "invitation",
    "invitations", "permit", "permits", "arranged", "arranges", "transported", "transports",
    "brigade", "brigades", "crew", "crews", "seamstresses", "programmers", "loggers",
    "employees", "staff", "staffing", "enrolled", "enrols", "enrolls", "trainees",
    "student", "director", "owner", "founder", "manager", "chairman", "head", "ceo",
    "executive", "shareholder", "contractor", "subcontractor", "developer", "builder",
    "employer", "recruiter", "intermediary", "supplier", "charged", "convicted", "fined",
    "accused", "detained", "arrested",
})  # fmt: skip
# Words of a post in the host region's or town's government, or at its firms: a regional
# official who only comments on the workers still answers for the region that takes them.
_LOCAL_POSTS = frozenset({"regional", "region's", "governor", "governor's", "oblast", "krai",
                          "okrug", "mayor", "mayor's", "municipal", "district"})  # fmt: skip
_RU_POSTS = ("губернатор", "област", "край", "края", "краев", "крае", "район", "мэр",
             "администрац", "директор", "гендиректор", "владел", "учредител", "руководител",
             "менеджер", "бригадир")  # fmt: skip
# Russian stems of the same: labour (as "labour" counts in English), specialists, crews,
# wages, contracts, building sites, visits to them, sending and housing.
_RU_SCHEME_STEMS = ("труд", "специалист", "бригад", "зарплат", "заработ", "контракт", "подряд",
                    "объект", "стройк", "направ", "отправ", "прожива", "общежит", "лесоруб",
                    "сварщик", "посетив", "посетил")  # fmt: skip
# Verbs whose subject speaks, reports, comments or designates rather than acts.
_VOICE_VERBS = frozenset({
    "said", "says", "say", "told", "tells", "stated", "states", "commented", "comments",
    "added", "adds", "noted", "notes", "explained", "explains", "warned", "warns", "argued",
    "argues", "wrote", "writes", "brief", "briefs", "briefed", "briefing", "answered",
    "answers", "replied", "replies", "testified", "declined", "denied", "denies", "insisted",
    "stressed", "emphasised", "emphasized", "announced", "announces", "observed",
    "reported", "reports", "estimated", "estimates", "concluded", "cautioned",
    "заявил", "заявила", "сообщил", "сообщила", "сказал", "сказала", "отметил", "отметила",
    "рассказал", "рассказала", "пояснил", "пояснила", "подчеркнул", "подчеркнула",
    "прокомментировал", "прокомментировала", "пишет", "сообщает",
    # Finding, counting, flagging, rating and auditing are what a monitor, an auditor or a
    # rating agency does to the scheme from outside: "X found", "X rated the issuer".
    "found", "finds", "tallied", "calculated", "documented", "flagged",
    "urged", "urges", "rated", "rates", "audited", "выяснил", "выяснила", "выяснили",
    "подсчитал", "подсчитала", "подсчитали", "передаёт", "передает", "пишут", "сообщают",
    "установил", "установила", "призвал", "призвала", "призвали",
})  # fmt: skip
# Nouns of a person who speaks for a body: "spokesperson for X", "press secretary of X".
_SPOKESPEOPLE = frozenset({"spokesperson", "spokesman", "spokeswoman", "spokespeople",
                           "spokespersons", "spokesmen", "spokeswomen"})  # fmt: skip
# How far after "added" the list a designator adds names to may stand ("added five
# entities and three individuals to its consolidated list").
_LIST_REACH = 14
# Auxiliaries and adverbs between a subject and its verb: "X will brief", "X has also said".
_AUXILIARIES = frozenset({"will", "would", "has", "have", "had", "also", "later", "then",
                          "to", "again", "further", "earlier", "today", "yesterday"})  # fmt: skip
_BE = frozenset({"is", "are", "was", "were", "been", "be"})
# Verbs of an authority acting on a name ("designated", "sanctions"): its subject
# designates, its object is the target.
_DESIGNATING_VERBS = AUTHORITY_VERBS
# Verbs right before a name that make it the speaker: '"...," said X, minister of Y.'.
_VOICE_BEFORE = frozenset({"said", "says", "added", "noted", "wrote", "explained", "warned",
                           "заявил", "заявила", "сказал", "сказала", "отметил",
                           "отметила"})  # fmt: skip
# Nouns of a sanctioning act, whose maker is named after "of" or "by": "the designations
# of X", "sanctions imposed by X", "listings by X".
_DESIGNATING_NOUNS = frozenset({"designations", "sanctions", "listings", "lists",
                                "restrictions"})  # fmt: skip
_DESIGNATING_PARTICIPLES = frozenset({"designated", "sanctioned", "imposed", "listed",
                                      "blacklisted"})  # fmt: skip
# Nouns and participles of a voice's act, whose maker is named after "by" or "from": "a
# briefing by X", "a report from X", "data compiled by X", "a conference organised by X".
# Speaking, reporting, publishing, researching, monitoring and hosting an event are what a
# source does; none of them hires, sends or houses anyone.
# Words that also name the papers and acts of the scheme ("papers from X", "an invitation
# letter from X", "wages collected by X", "workers posted by X", "visas issued by X") are
# left out.
_VOICE_NOUNS = frozenset({
    "briefing", "briefings", "report", "reports", "statement", "statements", "study",
    "studies", "survey", "surveys", "analysis", "analyses", "research", "investigation",
    "investigations", "findings", "estimate", "estimates", "comment", "comments",
    "remarks", "testimony", "interview", "interviews", "memo", "bulletin", "newsletter",
    "podcast", "documentary", "monitoring", "tally",
    # An outside check of a firm: "an audit by X", "a review from X", "a rating by X".
    "audit", "audits", "review", "reviews", "rating", "ratings", "inquiry", "assessment",
})  # fmt: skip
_VOICE_PARTICIPLES = frozenset({
    "published", "compiled", "released", "reported", "written", "authored", "conducted",
    "presented", "monitored", "documented", "cited", "quoted", "reviewed", "tracked",
    "broadcast", "aired",
})  # fmt: skip
# An event and the participles of hosting it: "a roundtable organised by X". Without the
# event noun, "organised by X" is as often the workers' minder.
_EVENTS = frozenset({"conference", "conferences", "seminar", "seminars", "webinar",
                     "roundtable", "forum", "panel", "hearing", "hearings", "event",
                     "events", "workshop", "symposium", "briefing"})  # fmt: skip
_HOSTING = frozenset({"organised", "organized", "hosted", "convened", "moderated",
                      "sponsored"})  # fmt: skip
# A letter or an appeal and the participles of signing it: "an open letter signed by X".
# Without the letter, "signed by X" is as often a contract's signatory.
_SIGNED_WORKS = frozenset({"letter", "letters", "statement", "appeal", "petition",
                           "declaration", "open"})  # fmt: skip
_SIGNING = frozenset({"signed", "co-signed", "cosigned", "endorsed", "backed"})
# How far back from the participle the event noun may stand ("a roundtable on migrant
# labour organised by X").
_EVENT_REACH = 6
# How far back from "of"/"by" the sanctioning noun may stand ("all designations, including
# those of X").
_DESIGNATING_REACH = 6
# Words before "with" that make the body after it a partner in an act: "coordinated
# with X", "in coordination with X", "jointly with X".
_PARTNERING = frozenset({"coordinated", "coordination", "conjunction", "cooperation",
                         "co-operation", "partnership", "jointly", "consultation",
                         "consulted"})  # fmt: skip
# Words of a sanctioning act in the sentence, for the partner cue to mean a government's.
_DECISION_WORDS = _DESIGNATING_NOUNS | _DESIGNATING_PARTICIPLES | AUTHORITY_VERBS | frozenset({
    "decision", "decisions", "designation", "designations", "measures", "listing",
    "sanction", "freeze", "freezes", "frozen",
})  # fmt: skip
# The subject nouns of a passive whose agent made a sanctioning act or a report: in "the
# designations ... were prepared by X" X designates as surely as in "designations by X".
_MADE_ACTS = (
    _DESIGNATING_NOUNS
    | _VOICE_NOUNS
    | frozenset({"designation", "listing", "decision", "decisions"})
)
# Words that end a passive's subject: in "the firms whose designations ... were" or "the
# report says workers were hired by X" the subject of the passive is not the act.
_SUBJECT_BREAKS = frozenset({"who", "whose", "which", "that", "where", "says", "said",
                             "found", "shows", "show", ";"})  # fmt: skip
# How many words may describe an agent in apposition before its name ("by the office's
# director, X").
_AGENT_REACH = 6
# Subjects of a reported clause that are the speaker itself: "X said it would send ...".
_SELF_SUBJECTS = frozenset({"it", "he", "she", "they", "we", "i", "its", "his", "her",
                            "their", "our", "он", "она", "оно",
                            "они", "мы", "я", "его", "её", "их", "наш", "наша", "наши",
                            "компания", "ведомство"})  # fmt: skip
# Words after a voice's verb that open what it speaks about: "X told of beatings", "X
# рассказала об условиях в общежитии". What it tells of others is no part of its own.
_TOPIC_WORDS = frozenset({"about", "of", "о", "об", "обо"})
# Words right after those that make the topic the speaker's own doing: "рассказал о своей
# работе", "spoke about his crew".
_OWN_TOPIC = frozenset({"his", "her", "its", "their", "our", "my", "своей", "своих", "своём",
                        "своем", "свою", "своё", "свое", "нашей", "наших", "моей",
                        "моих"})  # fmt: skip
# Parts a person plays in a hearing, a panel or a broadcast, written right before the name
# ("the chair, Deputy X", "the moderator, X", "the first witness, X"): whoever chairs,
# moderates, hosts or testifies speaks about the scheme, and the whole sentence tells what
# the event heard, not what the person does.
_EVENT_ROLES = frozenset({"chair", "co-chair", "chairwoman", "chairperson", "moderator",
                          "co-moderator", "panellist", "panelist", "discussant", "rapporteur",
                          "witness", "presenter", "anchor", "interviewer", "модератор",
                          "модератором", "ведущий", "ведущая", "председательствующий",
                          "свидетель", "свидетельница"})  # fmt: skip
# Words between such a role and the name: articles, ordinals, commas and the person's
# capitalised titles ("the chair, Deputy X", "the first witness, Dr X").
_ROLE_GLUE = frozenset({"the", "a", "an", ",", ":", "first", "second", "third", "next",
                        "last", "final", "session's", "hearing's", "panel's", "was",
                        "выступил", "выступила", "был", "была"})  # fmt: skip
# Roles a body's standing officer also holds ("the labour committee under its chair, X"):
# an event's only where the sentence tells of the sitting, and not after "its" or a body.
_CHAIRS = frozenset({"chair", "co-chair", "chairwoman", "chairperson"})
_SITTINGS = frozenset({"session", "sitting", "hearing", "hearings", "panel", "discussion",
                       "conference", "roundtable", "seminar", "webinar", "debate"})  # fmt: skip
_OWNERS = frozenset({"its", "their", "board", "'s", "’s", "board's", "company's", "firm's"})
_ROLE_REACH = 5
# A possessive before a name: "the other state's X" is X.
_POSSESSIVE = frozenset({"'s", "’s"})
# How many capitalised words a speaker's name may take between a body and the verb.
_NAME_REACH = 4
# How many words a bracketed aside after a name may hold ("X (XYZ) said").
_BRACKET_REACH = 4
# A surname shorter than this is too common to stand for one person on its own.
_SURNAME_MIN = 5
# A quotation this long is a speaker's words, not a name in quotes («Амурстрой»).
_SPEECH_MIN_TOKENS = 5
# Words in an organisation's own name that say it is a kind of body that takes part in the
# scheme (a firm, an agency, a state bureau, a school): such a name is evidence of a part
# by itself, and only speaking or designating makes it a voice. "Centre" and "institute"
# are left out: an expert's think tank is as often one (see ACTOR_HINT_WORDS).
_ACTOR_KINDS = frozenset({
    "company", "companies", "firm", "llc", "ltd", "ooo", "jsc", "inc", "co", "corporation",
    "corp", "trust", "agency", "bureau", "college", "contractor", "subcontractor",
    "employer", "enterprise", "cooperative", "ministry", "department", "directorate",
    "administration", "office", "factory", "plant", "yard", "mill", "farm", "group",
    "holding", "trading", "construction", "logistics",
}) | (ACTOR_HINT_WORDS - RESEARCH_TOPIC_WORDS)  # fmt: skip
_RU_ACTOR_KINDS = ("компани", "фирм", "агентств", "бюро", "колледж", "техникум", "корпораци",
                   "трест", "министерств", "управлени", "департамент", "администрац",
                   "предприят", "завод", "фабрик", "кооператив", "холдинг")  # fmt: skip
_RU_LEGAL_FORMS = frozenset({"ооо", "ао", "зао", "пао", "оао", "ип", "нао"})
# Words between a person's name and the body they work at: "Jane Doe of the Y Institute",
# "Иван Петров из Y" (right before the body's name, past an article).
_AFFILIATION = frozenset({"of", "from", "at", "из", "от"})
# How many capitalised words a person's name before "of" may take.
_PERSON_REACH = 4


@dataclass(frozen=True, slots=True)
class _Sentence:
    """A sentence's tokens, with each token's normalised words laid out in one row (a
    hyphenated given name is two words there, as in a normalised name)."""

    tokens: list[Token]
    words: list[str]  # the tokens, lower-cased
    pieces: list[str]  # normalised words of every token, in order
    owner: list[int]  # the token each piece comes from
    quoted: frozenset[int]  # tokens inside a quotation of someone's words
    capital: list[bool]  # whether each token is a capitalised word (part of a name)
    heading: bool = False  # a heading line of the document's head (a title, a letterhead)

    @classmethod
    def of(cls, tokens: list[Token], heading: bool = False) -> _Sentence:
        pieces: list[str] = []
        owner: list[int] = []
        for k, token in enumerate(tokens):
            for piece in normalize(token.text).split():
                pieces.append(piece)
                owner.append(k)
        capital = [t.text[:1].isupper() and t.text[:1].isalpha() for t in tokens]
        quoted = frozenset(_quoted(tokens))
        return cls(tokens, [t.lower for t in tokens], pieces, owner, quoted, capital, heading)

    def mentions(self, name: list[str]) -> list[tuple[int, int]]:
        """Token ranges (first, end) where ``name`` (normalised words) stands."""
        n = len(name)
        return [
            (self.owner[i], self.owner[i + n - 1] + 1)
            for i in range(len(self.pieces) - n + 1)
            if self.pieces[i : i + n] == name
        ]


def voices(
    candidates: list[Candidate],
    sentences: list[list[Token]],
    headings: frozenset[int] = frozenset(),
) -> set[int]:
    """Indices of the candidates that only speak, report, comment or designate: every
    sentence naming one shows it in no part of the scheme, and one shows it speaking (or,
    for an organisation not named as an actor's kind, standing as a person's place of work
    or on a heading line: the sentences at the indices in ``headings``)."""
    rows = [_Sentence.of(tokens, k in headings) for k, tokens in enumerate(sentences)]
    bodies = [
        (k, normalize(name))
        for k, c in enumerate(candidates)
        if c.name is not None and c.schema not in ("person", "region")
        for name in c.names
    ]
    found = set()
    for k, candidate in enumerate(candidates):
        if candidate.name is None or candidate.schema == "region":
            continue
        others = [name for j, name in bodies if j != k and name]
        if _voice_only(candidate, rows, others):
            found.add(k)
    return found


def _names_of(candidate: Candidate) -> list[list[str]]:
    """The candidate's names as normalised words, and a person's surname alone ("Doe
    said"), unless it is a short or a Korean surname many people share."""
    names = [normalize(n).split() for n in candidate.names]
    names = [n for n in names if n]
    if candidate.schema == "person" and candidate.name:
        surname = normalize(candidate.name).split()[-1:]
        if surname and len(surname[0]) >= _SURNAME_MIN and surname[0] not in KOREAN_SURNAMES:
            names.append(surname)
    return names


def _voice_only(candidate: Candidate, rows: list[_Sentence], others: list[str]) -> bool:
    names = _names_of(candidate)
    speaks = False
    # Signs of an observer that are no speech: a person's place of work, a heading.
    observer = False
    for row in rows:
        found = {m for name in names for m in row.mentions(name)}
        # The surname inside the full name is the same mention, read from its full start
        # ("by the director, Jane Doe" is not "director, Jane" before "Doe").
        within = {
            (a, b) for a, b in found for c, d in found if c <= a < b <= d and (a, b) != (c, d)
        }
        for first, end in sorted(found - within):
            if _targeted(row.words, first, end):
                return False  # "OFAC designated X", "X was sanctioned": a target is an entry
            if _plays_an_event_role(row, first):
                speaks = True  # "the chair, Deputy X, cited ...": a voice of the hearing
                continue
            # "Председательствовал: глава МО X": the chair of the sitting the document
            # records speaks; a post in the host region's government still answers for it.
            chairs = _chairs_a_sitting(row, first)
            start, stop = _clause(row.words, first, end)
            said = _speaks(row, first, end)
            if said is not None and said[1]:
                # "X today designated Y, which hired ...": Y's part is not X's; only the
                # words before the verb, or X and its apposition after "designations of",
                # describe the designator.
                if said[0] == first:
                    start, stop = first, min(stop, _apposition_end(row.words, end))
                else:
                    stop = min(stop, said[0])
            elif said is not None and said[0] != first and _reports_on_others(row.words, said[0]):
                # "X noted that a shell company paid Y": what X reports of others is no
                # part of X's own; "X said it hired ..." and "X told firms to send ..."
                # (an order) still are.
                stop = min(stop, said[0])
            label = _speaker_label(row, first, end)
            if label is not None:
                # "Заместитель министра X: ...": a speaker's post on a transcript's label
                # says who speaks, not what part the speaker plays; the name alone is read.
                start, stop = first, label
            # A post ("областной", "regional") describes the speaker only where the speaker
            # is described: in "X заявил, что обжалует решение в областном суде" the court
            # after the verb is what X said, not X's post.
            posts = stop if said is None or said[1] or said[0] == first else said[0]
            # The name's own words are no part it plays: a monitor called "... Labour
            # Initiative" that only briefs is still a voice.
            own = range(first, end)
            clause = [
                w
                for k, w in enumerate(row.words[start:stop], start)
                if k not in row.quoted and k not in own
            ]
            described = [
                w for k, w in enumerate(row.words[start:posts], start) if k not in row.quoted
            ]
            if _has_part(clause, described) or _names_another(clause, others):
                return False
            speaks = speaks or said is not None or chairs
            observer = observer or row.heading or _a_persons_workplace(row, first)
    if speaks:
        return True
    return observer and candidate.schema != "person" and not _named_as_an_actor(candidate)


def _a_persons_workplace(row: _Sentence, first: int) -> bool:
    """'Jane Doe of the Y Institute', 'Jane Doe from Y': the name at ``first`` comes right
    after a person's name and "of", "from" or "at" (past an article, and past a parent
    body's possessive: "Jane Doe of the Venn Ministry's Y Division")."""
    j = first - 1
    while j >= 0 and row.words[j] in ("the", "a", "an"):
        j -= 1
    if j > 0 and row.words[j] in ("'s", "'"):
        j -= 1
        while j > 0 and row.capital[j]:
            j -= 1
        while j >= 0 and row.words[j] in ("the", "a", "an"):
            j -= 1
    if j < 2 or row.words[j] not in _AFFILIATION:
        return False
    # The person's name, read backwards from "of": its last few capitalised words, without
    # a middle initial ("Jane R. Doe"), and maybe after a title ("Assistant Director Jane
    # Doe of ...", so any two or more last words may be the name).
    name: list[Token] = []
    k = j
    while k > 0 and len(name) < _PERSON_REACH:
        if _an_initials_stop(row, k - 1):
            k -= 2
        elif row.capital[k - 1]:
            k -= 1
            name.insert(0, row.tokens[k])
        else:
            break
    return any(looks_like_person(name[start:]) for start in range(max(1, len(name) - 1)))


def _an_initials_stop(row: _Sentence, k: int) -> bool:
    """The full stop of a middle initial ("Jane R. Doe")."""
    return row.words[k] == "." and k > 0 and row.capital[k - 1] and len(row.words[k - 1]) == 1


def _named_as_an_actor(candidate: Candidate) -> bool:
    """Whether the candidate's own name says it is a kind of body that acts in the scheme
    ("... Trading Company", "... Labour Bureau", «ООО ...», "... Education College")."""
    for name in candidate.names:
        words = normalize(name).split()
        if set(words) & (_ACTOR_KINDS | _RU_LEGAL_FORMS):
            return True
        if any(w.startswith(_RU_ACTOR_KINDS) for w in words):
            return True
    return False


def _quoted(tokens: list[Token]) -> set[int]:
    """Indices of tokens inside a quotation long enough to be someone's words."""
    inside: set[int] = set()
    opened: int | None = None
    for k, token in enumerate(tokens):
        if token.text in ('"', "«", "»"):
            if opened is None and token.text != "»":
                opened = k
            elif opened is not None:
                if k - opened - 1 >= _SPEECH_MIN_TOKENS:
                    inside.update(range(opened + 1, k))
                opened = None
    return inside


def _reports_on_others(words: list[str], verb: int) -> bool:
    """'X noted that a firm paid Y', 'X сообщил, что фирма ...': the verb at ``verb`` opens
    a reported clause whose subject is neither the speaker ("X said it would send") nor
    its own state or region ("the minister estimated that Russia will need workers"), or
    a topic that is not the speaker's own ("X рассказала об условиях в общежитии", not
    "X spoke about his crew")."""
    k = verb + 1
    if words[k : k + 1] == [","]:
        k += 1
    if words[k : k + 1] and words[k] in _TOPIC_WORDS:
        # "X told of beatings", "X рассказала об условиях": what it spoke about.
        return words[k + 1 : k + 2] != [] and words[k + 1] not in _OWN_TOPIC
    if words[k : k + 1] not in (["that"], ["что"]):
        return False
    k += 1
    while k < len(words) and words[k] in ("the", "a", "an"):
        k += 1
    subject = words[k : k + 1]
    return bool(subject) and subject[0] not in _SELF_SUBJECTS and not countries_in(subject)


def _plays_an_event_role(row: _Sentence, first: int) -> bool:
    """'the chair, Deputy X', 'the first witness, X', 'модератором выступила X': the name
    at ``first`` comes right after a part in a hearing or a panel, past articles, commas
    and the person's own capitalised titles (a chair only in a sentence about a sitting, and
    not "its chair, X")."""
    words = row.words
    k = first - 1
    while k >= 0 and first - k <= _ROLE_REACH and (words[k] in _ROLE_GLUE or row.capital[k]):
        if words[k] in _EVENT_ROLES:
            break
        k -= 1
    if k < 0 or words[k] not in _EVENT_ROLES:
        return False
    if words[k] not in _CHAIRS:
        return True
    return not (k >= 1 and words[k - 1] in _OWNERS) and bool(set(words) & _SITTINGS)


# Who chairs a sitting, written before the chair's name: "the hearing, chaired by Deputy X",
# "presided over by X", "под председательством главы МО X", "заседание вёл глава района X".
_CHAIRED_BY = (("chaired", "by"), ("co-chaired", "by"), ("presided", "by"), ("over", "by"),
               ("под", "председательством"), ("заседание", "вёл"), ("заседание", "вела"),
               ("заседание", "вел"))  # fmt: skip
# Sittings a chair presides over, in the sentence that names the chair that way (a company's
# board is no sitting: its chairman is its own officer, nor a ministry's meeting).
_CHAIRED_SITTINGS = _SITTINGS | frozenset({"заседание", "заседании", "заседания", "слушания",
                                           "слушаниях", "сессия", "сессии",
                                           "председательством"})  # fmt: skip
# The label of the chair on the minutes of a sitting: "Presiding: Mayor X",
# "Председательствовал: глава МО X", "Председательствующий - X".
_PRESIDING = frozenset({"presiding", "председательствующий", "председательствующая",
                        "председательствовал", "председательствовала"})  # fmt: skip
_LABEL_MARKS = frozenset({":", "-", ","})


def _chairs_a_sitting(row: _Sentence, first: int) -> bool:
    """'Председательствовал: глава МО X', 'The hearing was chaired by Deputy Governor X',
    'заседание вёл глава района X': the name at ``first`` follows a label or the words of
    chairing a sitting, past the chair's post ("Deputy Governor", "глава района")."""
    words = row.words
    k = first - 1
    while k >= 1 and first - k <= _ROLE_REACH:
        if words[k] in _PRESIDING:
            return True
        if (words[k - 1], words[k]) in _CHAIRED_BY:
            return bool(set(words) & _CHAIRED_SITTINGS) and "board" not in words
        if not (_in_post(row, k) or words[k] in _LABEL_MARKS):
            return False
        k -= 1
    return k == 0 and words[0] in _PRESIDING


def _a_title(word: str) -> bool:
    return word in TITLES or word in RU_TITLES


def _in_post(row: _Sentence, k: int) -> bool:
    """Whether the word at ``k`` may stand in a person's post before the name: a capital
    ("Deputy Governor"), a title ("глава"), or what the title right before is of ("глава
    района")."""
    return row.capital[k] or _a_title(row.words[k]) or (k > 0 and _a_title(row.words[k - 1]))


def _clause(words: list[str], first: int, end: int) -> tuple[int, int]:
    """The stretch of the sentence between semicolons around a mention: the items of a
    list ("(i) screen suppliers ...; (ii) require ...") are separate statements."""
    start = next((k + 1 for k in range(first - 1, -1, -1) if words[k] == ";"), 0)
    stop = next((k for k in range(end, len(words)) if words[k] == ";"), len(words))
    return start, stop


def _has_part(clause: list[str], described: list[str]) -> bool:
    """Whether the clause gives the name a part in the scheme; a post counts only among
    the ``described`` words, those that say who the name is."""
    pieces = {p for w in clause for p in w.split("-")}
    if pieces & (LABOUR_WORDS | EMPLOYER_VERBS | EMPLOYER_CONTEXT | _SCHEME_WORDS):
        return True
    if {p for w in described for p in w.split("-")} & _LOCAL_POSTS:
        return True
    stems = RU_LABOUR_STEMS + RU_SCHOOL_COVER_STEMS + _RU_SCHEME_STEMS
    return any(w.startswith(stems) for w in clause) or any(
        w.startswith(_RU_POSTS) for w in described
    )


def _names_another(clause: list[str], others: list[str]) -> bool:
    """Whether the clause names another body the document proposes ("the director of X")."""
    joined = f" {normalize(' '.join(clause))} "
    return any(f" {name} " in joined for name in others)


def _targeted(words: list[str], first: int, end: int) -> bool:
    """'designated X', 'sanctioned X', 'X was listed': the name is what an authority acts on."""
    j = first - 1
    while j >= 0 and words[j] in ("the", "also"):
        j -= 1
    if j >= 0 and words[j] in _DESIGNATING_VERBS:
        return True
    k = end
    while k < len(words) and words[k] in _AUXILIARIES | _BE:
        k += 1
    return k < len(words) and k > end and words[k - 1] in _BE and words[k] in _DESIGNATING_VERBS


def _bracket_end(words: list[str], end: int) -> int:
    """Right after a short bracketed aside that follows a name ("X (XYZ)"), or ``end``."""
    if end < len(words) and words[end] == "(":
        reach = min(len(words), end + _BRACKET_REACH + 2)
        close = next((m for m in range(end + 1, reach) if words[m] == ")"), None)
        if close is not None:
            return close + 1
    return end


def _apposition_end(words: list[str], end: int) -> int:
    """Where the words describing a name end: its apposition's closing comma ("X, minister
    of Y, said"), or right after the name if no comma follows it."""
    if end < len(words) and words[end] == ",":
        reach = min(len(words), end + APPOSITION_REACH)
        close = next((m for m in range(end + 1, reach) if words[m] == ","), None)
        return close if close is not None else len(words)
    return end


def _makes_designations(words: list[str], j: int) -> bool:
    """'designations of X', 'all designations, including those of X', 'sanctions imposed
    by X', 'designated by X': the word at ``j`` ("of", "by") names who designates."""
    if words[j] == "by":
        # "designated by X", and the noun as well as the participle: "designations by X".
        return words[j - 1] in _DESIGNATING_PARTICIPLES | _DESIGNATING_NOUNS
    if words[j] != "of":
        return False
    if words[j - 1] in _DESIGNATING_NOUNS:
        return True
    back = words[max(0, j - _DESIGNATING_REACH) : j - 1]
    return words[j - 1] == "those" and bool(set(back) & _DESIGNATING_NOUNS)


def _makes_a_voice(words: list[str], j: int) -> bool:
    """'a briefing by X', 'a report from X', 'data compiled by X', 'an event organised by
    X': the word at ``j`` ("by", "from") names who speaks, reports or hosts."""
    if words[j] not in ("by", "from"):
        return False
    before = words[j - 1]
    if before in _VOICE_NOUNS:
        return True
    if words[j] != "by":
        return False
    if before in _HOSTING:
        return bool(set(words[max(0, j - _EVENT_REACH) : j - 1]) & _EVENTS)
    if before in _SIGNING:
        return bool(set(words[max(0, j - _EVENT_REACH) : j - 1]) & _SIGNED_WORKS)
    return before in _VOICE_PARTICIPLES


def _partners_a_decision(words: list[str], j: int) -> bool:
    """'the decision, which was coordinated with X', 'designated ... in coordination with
    X': the word at ``j`` ("with") names a government that shares in a sanctioning act."""
    if words[j] != "with" or words[j - 1] not in _PARTNERING:
        return False
    return bool(set(words) & _DECISION_WORDS)


def _agent_of_an_act(words: list[str], i: int) -> bool:
    """'the designations were prepared by X', 'the sanctions were drafted by the office's
    director, X': the name at ``i`` is the agent of a passive whose subject is a
    sanctioning act or a report, so it made the act, whatever post describes it."""
    # The "by" before the name, directly or before a short apposition ending in a comma.
    by = i - 1
    while by >= 0 and words[by] == "the":
        by -= 1
    if words[by : by + 1] == [","]:
        back = range(by - 1, max(-1, by - _AGENT_REACH - 1), -1)
        by = next((k for k in back if words[k] in ("by", ",", "and", "or")), -1)
    if by < 2 or words[by] != "by":
        return False
    # A passive of a verb that is no part of the scheme: "were prepared by", not "were
    # hired by" or "were sent by".
    verb, be = words[by - 1], words[by - 2]
    scheme = LABOUR_WORDS | EMPLOYER_VERBS | EMPLOYER_CONTEXT | _SCHEME_WORDS
    if be not in _BE or not verb.endswith(("ed", "en", "de")) or verb in scheme:
        return False
    # Its subject, the first noun of the sentence's clause up to the passive, is the act.
    start = max((k + 1 for k in range(by - 2) if words[k] in (";", ":")), default=0)
    subject = next((k for k in range(start, by - 2) if words[k] in _MADE_ACTS), None)
    if subject is None or subject - start > 3:
        return False
    return not set(words[subject : by - 2]) & _SUBJECT_BREAKS


# Words a post before its holder's name may hold besides capitalised ones: "said the
# Minister for Labour, X", "said the agency's deputy head, X".
_POST_GLUE = frozenset({"the", "of", "for", "and", "'s", "’s", "&", "on", "a", "an"})
# How many words such a post may take.
_POST_REACH = 8


def _said_by_a_post(row: _Sentence, i: int) -> bool:
    """'"...," said the Minister for Y, X.', 'added the bureau's deputy head, X.': a verb
    of saying, a post in apposition and a comma, then the name at ``i``: the speaker."""
    words = row.words
    if i < 3 or words[i - 1] != ",":
        return False
    k = i - 2
    titled = False
    while k >= 0 and i - 1 - k <= _POST_REACH:
        if words[k] in _VOICE_BEFORE:
            return titled
        if not (row.capital[k] or words[k] in _POST_GLUE or _a_title(words[k])):
            return False
        titled = titled or _a_title(words[k])
        k -= 1
    return False


# Verbs of checking a case from outside, in the active: whoever examines, investigates,
# probes or audits a firm that hired the workers is an authority, a monitor or an auditor
# acting on the scheme, as a designator does ("X is examining a forwarder that ...", "X
# investigated the recruiter"); "X was investigated" makes X their target instead.
_INVESTIGATING = frozenset({"examining", "investigating", "probing", "reviewing", "auditing",
                            "inspecting", "scrutinising", "scrutinizing", "examines",
                            "investigates", "probes", "examined", "investigated",
                            "probed", "scrutinised", "scrutinized"})  # fmt: skip
_PROGRESSIVE = frozenset({"is", "are", "was", "were", "been"})


def _investigates(words: list[str], k: int) -> int | None:
    """The index of a verb of investigating at ``k`` (past "is", "has been") whose subject
    is the name before it, in the active voice; None if there is none."""
    be = False
    while k < len(words) and words[k] in _PROGRESSIVE | _AUXILIARIES:
        be = be or words[k] in _PROGRESSIVE
        k += 1
    if k >= len(words) or words[k] not in _INVESTIGATING:
        return None
    if be and not words[k].endswith("ing"):
        return None  # "X was investigated", "X has been examined": the passive's subject
    return k


def _a_spokesperson(words: list[str], k: int) -> bool:
    """Whether the word at ``k`` names one who speaks for a body: "spokesperson", "press
    secretary", "press officer" ("secretary" alone may be a party cell's head)."""
    if words[k] in _SPOKESPEOPLE:
        return True
    return k >= 1 and words[k - 1] == "press" and words[k] in ("secretary", "officer")


def _adds_to_a_list(words: list[str], k: int) -> bool:
    """'added five firms to its consolidated list': "added" that designates, not that speaks
    ("X added that ...")."""
    after = words[k + 1 : k + 1 + _LIST_REACH]
    if "to" not in after:
        return False
    rest = after[after.index("to") + 1 :]
    return any(w in ("list", "lists", "register", "registry") for w in rest[:4])


# How many words a speaker's label in a transcript or the minutes of a sitting may take
# before the name: "Заместитель министра строительства республики X:".
_LABEL_REACH = 8
# Words that open a speaker's own account of what the speaker did: "X: We hired ...".
_SELF_SPEECH = frozenset({"we", "i", "our", "my", "мы", "я", "наша", "наш", "наши", "наше",
                          "моя", "мой", "мои"})  # fmt: skip


def _speaker_label(row: _Sentence, i: int, end: int) -> int | None:
    """The colon of a speaker's label that opens the sentence with the name at ``i``..``end``
    ("Deputy Minister Jane Doe: ...", "Doe J.: ..."), past the speaker's post and initials,
    when what follows is an account of others rather than the speaker's own ("We hired");
    None otherwise."""
    words = row.words
    if i > _LABEL_REACH or not all(w.isalpha() or w == "-" for w in words[:i]):
        return None
    if i > 0 and not (_a_title(words[0]) and row.capital[0]):
        return None  # "Look at X: ...", "Всем распоряжается X: ...": a sentence, no label
    k = end
    while k < len(words) and (words[k] == "." or (len(words[k]) == 1 and row.capital[k])):
        k += 1  # the initials after a surname: "Doe J. K.:"
    if k + 1 >= len(words) or words[k] != ":":
        return None
    if i == 0 and k == end:
        return None  # "Jane Doe: representative of X": a list's entry, not a speaker's label
    return None if words[k + 1] in _SELF_SPEECH else k


# Determiners that open a noun phrase standing as a verb's subject: "his badge said X".
_DETERMINERS = frozenset({"his", "her", "their", "its", "the", "a", "an", "my", "our", "this",
                          "that", "every", "each"})  # fmt: skip


def _a_subject_before(words: list[str], verb: int) -> bool:
    """'his badge said X', 'the sign says X': a noun phrase before the verb is its subject,
    so the name after it is what the badge or sign says, not a speaker placed after a quote
    ('"...," said X')."""
    return (
        verb >= 2
        and words[verb - 1].isalpha()
        and words[verb - 1] not in _AUXILIARIES
        and words[verb - 2] in _DETERMINERS
    )


def _speaks(row: _Sentence, i: int, end: int) -> tuple[int, bool] | None:
    """Whether the name at ``i``..``end`` speaks, reports or designates: the index of its
    verb (or of the name, if the cue stands before it) and whether it designates; None if
    it does neither."""
    words = row.words
    colon = _speaker_label(row, i, end)
    if colon is not None:
        # "Deputy Minister X: According to our data, ...": what a transcript's speaker says
        # after the label is the speaker's evidence on others, like "X said that ...".
        return colon, True
    # "said X", "according to X", "designated by X", "designations ... of X".
    j = i - 1
    # "said X, minister of Y." or "said X." ends the sentence with its speaker; in "said the
    # X hired ..." X is what is said about.
    closes = end >= len(words) or words[end] in (",", ".", "(", ";")
    if j >= 0 and words[j] in _VOICE_BEFORE and closes and not _a_subject_before(words, j):
        return i, False
    if closes and _said_by_a_post(row, i):
        return i, False  # '"...," said the Minister for Y, X.': the speaker and the post
    while j >= 0 and words[j] in ("the", ","):
        j -= 1
    if j >= 1 and words[j] == "to" and words[j - 1] == "according":
        return i, False
    # "X, spokesperson for the Y", "a spokesman of Y": the body that speaks through its
    # spokesperson, described only by its name.
    if j >= 1 and words[j] in ("for", "of", "at") and _a_spokesperson(words, j - 1):
        return i, True
    if j >= 1 and _makes_designations(words, j):
        return i, True
    # "a briefing by X", "data compiled by X": X is the source of what it made. Like a
    # designator it is described only by its name and apposition, not by the rest of the
    # clause, which tells what the briefing found about others.
    if j >= 1 and _makes_a_voice(words, j):
        return i, True
    # "the designations were prepared by [the office's director,] X": the maker of an act
    # named as a passive's agent, described only by its name and apposition too.
    if _agent_of_an_act(words, i):
        return i, True
    # "coordinated with [another country's] X": whatever X is called, it shares in the
    # act. It is no designator of its own, so the whole clause is read for a part ("the
    # decision to send the workers was coordinated with X" gives X one).
    owner = j - 2 if j >= 2 and words[j] in _POSSESSIVE else j
    if owner >= 1 and _partners_a_decision(words, owner):
        return i, False
    # "X said", "X, minister of Y, said", "X will brief reporters", "X designated"; a short
    # aside in brackets, an abbreviation or an aside, stands between a name and its verb
    # as an apposition does: "X (XYZ) also noted".
    end = _bracket_end(words, end)
    k = _apposition_end(words, end)
    k = k + 1 if k < len(words) and words[k] == "," else k
    # "эксперт из X Иван Петров пояснил", "X analyst Jane Doe said": a person's name
    # between the body and the verb makes the body where the speaker works.
    name = k
    while name < len(words) and name - k < _NAME_REACH and row.capital[name]:
        name += 1
    if name > k and name < len(words) and words[name] in _VOICE_VERBS:
        return name, False
    while k < len(words) and words[k] in _AUXILIARIES:
        k += 1
    if k < len(words) and words[k] in _DESIGNATING_VERBS:
        return k, True
    verb = _investigates(words, k)
    if verb is not None:
        return verb, True  # "X is examining a forwarder that booked ...": X acts from outside
    if k < len(words) and words[k] == "added" and _adds_to_a_list(words, k):
        return k, True  # "X today added five firms to its consolidated list"
    if k < len(words) and words[k] in _VOICE_VERBS:
        return k, False
    return None
