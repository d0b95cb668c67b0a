"""The extractor's vocabulary: cue words, titles, gazetteers and stop lists.

Everything here is generic: organisation head words, titles, role verbs, the
words that mark outlets and sources, and the geography of Russia and Ukraine.
No name from the curated list may appear here except generic geography
(``tests/test_extract.py`` checks).
"""

from __future__ import annotations

# Head words that make a capitalised span an organisation, with the schema and
# category they suggest. The category may be refined by the words before them.
ORG_HEADS: dict[str, tuple[str, str]] = {
    "ministry": ("public_body", "state_bureau"),
    "bureau": ("public_body", "state_bureau"),
    "department": ("public_body", "state_bureau"),
    "directorate": ("public_body", "state_bureau"),
    "committee": ("public_body", "state_bureau"),
    "commission": ("public_body", "state_bureau"),
    "council": ("public_body", "state_bureau"),
    "office": ("public_body", "state_bureau"),
    "service": ("public_body", "state_bureau"),
    "administration": ("public_body", "state_bureau"),
    # A ministry's or a department's subdivision: "the Foreign Labour Section of ...".
    "section": ("public_body", "state_bureau"),
    "division": ("public_body", "state_bureau"),
    "authority": ("public_body", "state_bureau"),
    "agency": ("company", "recruitment_agency"),
    "center": ("organization", "recruitment_agency"),
    "centre": ("organization", "recruitment_agency"),
    "institute": ("organization", "student_visa_intermediary"),
    "university": ("organization", "student_visa_intermediary"),
    "college": ("organization", "student_visa_intermediary"),
    "school": ("organization", "student_visa_intermediary"),
    "academy": ("organization", "student_visa_intermediary"),
    # A vocational or secondary school: "X Energy Lyceum".
    "lyceum": ("organization", "student_visa_intermediary"),
    "party": ("organization", "state_bureau"),
    # A state's army sends military builders ("the Ruritanian People's Army").
    "army": ("public_body", "state_bureau"),
    "company": ("company", "employer"),
    "corporation": ("company", "employer"),
    "corp": ("company", "employer"),
    "group": ("company", "employer"),
    "holding": ("company", "employer"),
    # The bank that pays the wages: "were paid through X Bank".
    "bank": ("company", "employer"),
    "trust": ("company", "employer"),
    # A group of firms ("X Timber Alliance"); a campaign's alliance is a source by its
    # cause (filters.is_source_body).
    "alliance": ("company", "employer"),
    # "Northway HR", "Vostok Staffing", "Amur Recruitment": a firm that places workers.
    **dict.fromkeys(["hr", "staffing", "recruitment", "recruiting"],
                    ("company", "recruitment_agency")),
    "enterprise": ("company", "employer"),
    "llc": ("company", "employer"),
    "ltd": ("company", "employer"),
    "co": ("company", "employer"),
    "jsc": ("company", "employer"),
    "ooo": ("company", "employer"),
    "inc": ("company", "employer"),
    # Other legal forms written after a transliterated name: "X PJSC", "X OAO", "X GmbH".
    **dict.fromkeys(["pjsc", "ojsc", "cjsc", "oao", "zao", "pao", "plc", "gmbh"],
                    ("company", "employer")),
    "airline": ("company", "transport"),
    "airlines": ("company", "transport"),
    "airways": ("company", "transport"),
    "railways": ("company", "transport"),
    "shipping": ("company", "transport"),
    "logistics": ("company", "transport"),
    # Workplaces named as bodies ("Bukhta Marine Works", "Amur Timber Plant").
    **dict.fromkeys(["works", "plant", "factory", "shipyard", "mill", "farm", "fisheries",
                     "cooperative", "combine"], ("company", "employer")),
    # Russian heads left in transliteration ("Vostochnaya Stroitelnaya Kompaniya").
    **dict.fromkeys(["kompaniya", "korporatsiya", "zavod", "kombinat", "gruppa", "trest",
                     "kholding", "obyedineniye", "firma"], ("company", "employer")),
    "agentstvo": ("company", "recruitment_agency"),
    "tsentr": ("organization", "recruitment_agency"),
}  # fmt: skip
# Last words that make a name a company by its trade ("X Construction", "X Holdings").
# Kept apart from ORG_HEADS: alone, or before a head word, they are ordinary words.
TRADE_HEADS = frozenset({"construction", "engineering", "holdings", "industries", "solutions",
                         "contractors", "builders", "services", "trading", "processing",
                         "manufacturing",
                         # A farming firm's transliterated tail: "X Agro".
                         "agro",
                         # Who moves or houses the workers: "X Transport", "X Transit",
                         # "X Charter", "X Freight", "X Hostels".
                         "transport", "transit", "charter", "charters", "freight", "cargo",
                         "haulage", "trucking", "hostels", "hostel", "catering"})  # fmt: skip
# Two-word heads: a zone or park where firms employ workers ("... Special Economic Zone").
ORG_HEAD_PAIRS: dict[tuple[str, str], tuple[str, str]] = {
    ("economic", "zone"): ("organization", "employer"),
    ("industrial", "zone"): ("organization", "employer"),
    ("industrial", "park"): ("organization", "employer"),
    ("technology", "park"): ("organization", "employer"),
    # A yard named for its trade: "X Ship Repair Yard", "X Timber Yard".
    **dict.fromkeys([("repair", "yard"), ("ship-repair", "yard"), ("timber", "yard")],
                    ("company", "employer")),
    # A carrier named for its lines: "X Bus Lines", "X Passenger Lines", "X Shipping Lines".
    **dict.fromkeys([("bus", "lines"), ("passenger", "lines"), ("shipping", "lines"),
                     ("ferry", "lines"), ("coach", "lines"), ("freight", "lines"),
                     ("cargo", "lines"), ("bus", "line"), ("ferry", "line"),
                     ("cargo", "line"), ("shipping", "line"), ("freight", "line"),
                     ("coach", "line"), ("passenger", "line")],
                    ("company", "transport")),
}  # fmt: skip
# Words inside an organisation name that sharpen its category.
CATEGORY_HINTS: tuple[tuple[frozenset[str], str], ...] = (
    (frozenset({"migration", "recruitment", "recruiting", "employment", "staffing", "personnel"}),
     "recruitment_agency"),
    (frozenset({"education", "educational", "training", "language", "student", "students",
                "study"}), "student_visa_intermediary"),
    (frozenset({"construction", "building", "builders", "engineering", "development"}),
     "employer"),
    (frozenset({"air", "airline", "airlines", "transport", "railways", "shipping", "logistics",
                "transit", "charter", "charters", "freight", "cargo", "haulage", "trucking",
                "bus", "aero", "avia"}),
     "transport"),
)  # fmt: skip
# Nouns that, in apposition ("X, a national carrier"), reveal an organisation.
APPOSITION_ORG_NOUNS: dict[str, tuple[str, str]] = {
    "airline": ("company", "transport"),
    "carrier": ("company", "transport"),
    "agency": ("company", "recruitment_agency"),
    "recruiter": ("company", "recruitment_agency"),
    "company": ("company", "employer"),
    "firm": ("company", "employer"),
    "contractor": ("company", "employer"),
    "employer": ("company", "employer"),
    # "X, a small regional bank": the bank that pays the wages.
    "bank": ("company", "employer"),
}
# Media words: spans with them are publishers, never entries.
MEDIA_WORDS = frozenset(
    {"news", "times", "post", "journal", "daily", "herald", "gazette", "sinmun", "tribune",
     "press", "media", "tv", "radio", "broadcasting", "briefing", "diplomat", "reuters",
     "telegraph", "guardian", "monitor",
     # Newspaper words of other languages and more English mastheads.
     "ilbo", "shimbun", "gazeta", "vestnik", "vedomosti", "izvestia", "izvestiya", "pravda",
     "chronicle", "magazine", "bulletin", "newswire", "broadcaster", "television", "insider",
     "observer", "presse", "desk",
     # Russian mastheads: "«Амурская правда»", "«Новая газета»", "«Вестник Приамурья»".
     "газета", "газеты", "газете", "газету", "вестник", "вестника", "ведомости",
     "ведомостей", "известия", "известий", "правда", "правды", "новости", "новостей",
     "курьер", "курьера", "телеграф", "радио", "тв",
     # More mastheads and programme makers: "X Audio", "«Приморский инсайдер»", "«... Хроника»".
     "audio", "инсайдер", "инсайдера", "хроника", "хроники", "репортёр", "репортер",
     "репортёра", "репортера", "обозрение", "обозрения", "дайджест"}
)  # fmt: skip
# Masthead words that are outlets only as part of a capitalised name ("Eastview Weekly");
# in lower case they are ordinary words ("a cash courier", "meets weekly").
MASTHEAD_WORDS = frozenset({"weekly", "quarterly", "courier", "digest", "wire", "dispatch",
                            "ledger", "sentinel", "examiner", "inquirer", "review", "brief",
                            "newsletter", "podcast", "channel"})  # fmt: skip
# International bodies that impose sanctions; they are context, not entries.
SUPRANATIONAL = frozenset({"united nations", "u n", "un", "european union", "eu", "nato"})
# A UN body named without "UN": "the Security Council Committee established pursuant to
# resolution 1718". With a country ("Venn Security Council", "Security Council of the
# Venn Republic") it is that country's.
UN_BODIES = frozenset({"security council"})
# Bodies of those organisations: "the Council of the European Union", "the UN Panel of
# Experts", "the UN Security Council" sanction or report on the network.
SUPRANATIONAL_MEMBERS = ("of the european union", "of the united nations", "european commission",
                         "european council", "un security council", "un panel",
                         "un human rights")  # fmt: skip

# Titles before or in apposition to a person's name, with the category they suggest.
TITLES: dict[str, str] = {
    "president": "official",
    "minister": "official",
    "premier": "official",
    "secretary": "official",
    "governor": "official",
    "ambassador": "official",
    "envoy": "official",
    "leader": "official",
    "head": "official",
    "mayor": "official",
    "chief": "official",
    "general": "official",
    "commander": "official",
    "official": "official",
    "senator": "official",
    "deputy": "official",
    "chairman": "executive",
    "chairwoman": "executive",
    "director": "executive",
    "ceo": "executive",
    "founder": "executive",
    "owner": "executive",
    "manager": "executive",
    "businessman": "executive",
    "businesswoman": "executive",
    "national": "executive",
    "citizen": "executive",
    "executive": "executive",
    "boss": "executive",
    "counsellor": "official",
    "counselor": "official",
    "attache": "official",
    "attaché": "official",
    "consul": "official",
    "representative": "official",
    # Who runs the workers on the ground, and a deputy minister's rank.
    "overseer": "official",
    "supervisor": "official",
    "foreman": "executive",
    "vice-minister": "official",
    # Deputies whose rank is written with "vice-": "Kamchatka vice-governor X".
    "vice-governor": "official",
    "vice-mayor": "official",
    "vice-premier": "official",
    "vice-president": "official",
    "vice-chairman": "official",
    "vice-chair": "official",
    "vice-consul": "official",
    "vice-rector": "official",
    # Who heads a college or a committee, and who inspects for a state body ("its rector,
    # X"; "under its chair, X"; "an inspector from the regional migration office, X").
    "rector": "executive",
    "chair": "official",
    "inspector": "official",
    # Who acts for a dispatching body abroad: "its Moscow agent, X", "whose regional
    # delegate, X, signed".
    "agent": "official",
    "delegate": "official",
    # Who owns a firm in part or in whole: "whose sole shareholder, X", "its co-owner X".
    "shareholder": "executive",
    "co-owner": "executive",
    "co-founder": "executive",
    "proprietor": "executive",
    # How North Korean cadres are named by those who served under them: "Comrade X".
    "comrade": "official",
}
# Common Korean surnames in their usual romanisations: where a name starts.
KOREAN_SURNAMES = frozenset(
    {"kim", "gim", "ri", "rhee", "lee", "yi", "pak", "park", "choe", "choi", "jong", "jeong",
     "chong", "kang", "han", "yun", "yoon", "jang", "chang", "o", "oh", "cho", "jo", "ryu",
     "yu", "hong", "hwang", "song", "sin", "shin", "kwon", "ko", "go", "mun", "moon", "so",
     "seo", "ju", "chu", "an", "ahn", "im", "rim", "lim", "thae", "tae", "paek", "baek", "ra",
     "na", "ro", "no", "jon", "jeon", "chon", "hyon", "hyun", "kye", "kil", "ji", "chae",
     "ryang"}
)  # fmt: skip
# Surnames as only North Korea's own romanisation spells them ("Ri", not "Lee"; "Pak", not
# "Park"; "Choe", not "Choi"; "O", not "Oh"; "Jong", not "Jeong"): English reporting keeps
# the spelling of the documents a North Korean name comes from, and South Korean reporters,
# translators and researchers spell theirs the South's way.
KOREAN_SURNAMES_NORTH = frozenset(
    {"ri", "pak", "choe", "o", "jong", "jon", "chon", "ryu", "ryom", "kye", "thae", "hyon",
     "ro", "rim", "ryang"}
)  # fmt: skip
# The same surnames as Russian text writes them: a Korean name has three words there.
KOREAN_SURNAMES_RU = frozenset(
    {"ким", "ли", "пак", "пэк", "чон", "чо", "чхве", "чве", "хан", "кан", "юн", "ян", "син",
     "хон", "ри", "ро", "ан", "мун", "чан", "чу", "квон", "рим", "лим", "хён", "пэ", "сим",
     "ку", "нам", "чхон", "хван", "кил", "ко", "со", "ю", "кэ", "чхэ", "сон", "рян"}
)  # fmt: skip
# Phrases right before a name that make it the person in charge of something.
IN_CHARGE_PHRASES = ("run by", "headed by", "led by", "owned by", "founded by", "managed by",
                     "directed by", "controlled by", "co-owned by", "chaired by",
                     "co-founded by", "part-owned by", "overseen by", "supervised by",
                     "administered by",
                     # A minder who takes the crews about: "escorted by X".
                     "escorted by",
                     # A body's agent on the ground: "represented in Russia by X".
                     "represented by",
                     # Russian: "принадлежит Роману Петрову", "руководит Иван Петров".
                     "принадлежит", "принадлежат", "принадлежащая", "принадлежащей",
                     "принадлежащего", "принадлежащую", "руководит")  # fmt: skip
# Verbs right after a bare two- or three-word name that show a person acting.
ROLE_VERBS = frozenset(
    {"negotiated", "visited", "made", "proposed", "floated", "announced", "ordered", "signed",
     "met", "pledged", "promised", "said", "suggested", "approved", "agreed", "estimated"}
)  # fmt: skip
# Words in an apposition that mark someone who is not an actor (a source or a victim).
NON_ACTOR_WORDS = frozenset(
    {"defected", "defector", "journalist", "reporter", "researcher", "analyst", "professor",
     "correspondent", "photographer", "editor", "scholar", "expert", "victim", "worker",
     "source", "spokesperson", "spokesman", "spokeswoman", "former", "fellow", "blogger",
     "activist", "lawmaker", "witness", "resident", "residents", "retired", "economist",
     "commentator", "columnist", "academic", "lecturer", "interpreter", "translator",
     "filmmaker", "documentarian", "interviewee", "escapee", "refugee", "informant",
     "whistleblower", "pseudonym",
     # Lawyers speak for a client or a case; they are sources, never entries.
     "lawyer", "attorney", "barrister", "solicitor", "counsel",
     # Prosecutors, judges and investigators act on the case from outside the network.
     "prosecutor", "judge", "investigator"}
)  # fmt: skip
# Verbs that, after an organisation, show it is quoted as a source of information.
REPORTING_VERBS = frozenset(
    {"reported", "reports", "said", "says", "disclosed", "learned", "estimated", "noted",
     "found", "wrote", "writes", "told", "warned", "warns", "briefed", "testified", "stated"}
)  # fmt: skip
SOURCE_BEFORE = ("according to", "told", "citing", "cited by", "reported by", "source:",
                 "seen by", "reviewed by", "interviewed by", "obtained by", "told the",
                 "reach", "reply to", "replied to", "supported by", "data from",
                 "figures from", "statistics from", "records from", "a report by",
                 "a report from", "a statement by", "a statement from", "analysed by",
                 "analyzed by", "compiled by", "published by", "verified by",
                 "commissioned by", "conducted by", "carried out by", "interview with",
                 "speaking to", "writing for", "written for", "spokesman for",
                 # A talk at a think tank or an event it hosts: "Speaking at the X, Y said".
                 "speaking at", "spoke at", "a conference hosted by", "an event hosted by",
                 "a webinar hosted by", "a seminar hosted by", "a panel hosted by",
                 "a conference organised by", "a conference organized by",
                 "spokeswoman for", "spokesperson for", "a spokesman for the",
                 "confirmed by", "estimated by", "documented by", "provided by",
                 "writing in", "wrote in", "writes in", "written in", "an article in",
                 "an op-ed in", "told reporters from", "in an interview with",
                 "a spokesperson at", "courtesy of", "reporters at", "journalists at",
                 "correspondent for", "correspondent at", "reporter for", "reporter at",
                 "editor at", "editor of", "columnist for", "contributor to",
                 "contributing to", "has written for", "have written for", "wrote for",
                 "writes for", "reported for", "reporting for", "broadcast by",
                 "aired by", "aired on", "a post on", "quoted by", "cited in",
                 "quoted in", "first reported by", "as reported by", "in partnership with",
                 "in collaboration with", "funded by", "a grant from", "produced by",
                 "a project of", "comments to", "a statement to", "an email to",
                 "questions from", "asked by", "contacted by", "an interview to",
                 "said in a statement to", "remarks to",
                 # Where a piece of work was shown, who paid for it and who else ran it.
                 "presented at", "presented to", "a conference at", "a seminar at",
                 "a lecture at", "interviewed for", "support from", "a briefing by",
                 "a briefing from", "testimony to", "testimony by", "originally published by",
                 "originally published in", "first published by", "first published in",
                 "first appeared in", "originally appeared in", "co-published with",
                 "copublished with", "republished from", "in cooperation with",
                 "adapted from", "excerpted from", "translated by", "translation by",
                 "do not reflect those of", "the views of", "reflect the views of",
                 "sources:", "h/t", "spotted by", "flagged by", "evidence from",
                 "information from", "a paper for", "a report for", "a study for",
                 "spoke to", "spoke with", "talked to", "speaking with",
                 # A newsroom given findings first: "the report was first shared with X".
                 "first shared with", "shared exclusively with", "an exclusive to")  # fmt: skip

# Words that show a sentence is about labour, so that a place in it counts.
LABOUR_WORDS = frozenset(
    {"worker", "workers", "laborer", "laborers", "labourer", "labourers", "labor", "labour",
     "builders", "personnel", "specialists", "technicians", "hire", "hiring", "hired",
     "employ", "employed", "employing", "employs", "recruit", "recruited", "recruitment",
     "reconstruction", "rebuild", "rebuilding", "restore", "restoration", "dispatched",
     "deployed", "visa", "visas", "contractors", "construction", "crews", "welders",
     "plasterers", "farmhands", "interns", "students", "contractor", "subcontractor"}
)  # fmt: skip
TRAVEL_WORDS = frozenset(
    {"flew", "flown", "fly", "flies", "traveled", "travelled", "travel", "transited",
     "routed", "drove", "shipped", "via"}
)  # fmt: skip

# Countries and nationality words: they go in `countries`, never in entries.
COUNTRY_WORDS: dict[str, str] = {
    "russia": "ru", "russian": "ru", "russians": "ru", "russian federation": "ru",
    "kremlin": "ru", "moscow": "ru",
    "north korea": "kp", "north korean": "kp", "north koreans": "kp", "dprk": "kp",
    "pyongyang": "kp", "korean": "kp",
    "ukraine": "ua", "ukrainian": "ua", "ukrainians": "ua", "kyiv": "ua", "kiev": "ua",
    "south korea": "kr", "south korean": "kr", "seoul": "kr",
    "china": "cn", "chinese": "cn", "beijing": "cn",
    "united states": "us", "us": "us", "u s": "us", "american": "us", "washington": "us",
    "belarus": "by", "mongolia": "mn", "syria": "sy", "iran": "ir", "vietnam": "vn",
    "soviet": "su", "soviet union": "su", "ussr": "su",
}  # fmt: skip
# Capital cities stand for their governments far more often than for places.
CAPITAL_METONYMS = frozenset({"moscow", "pyongyang", "kyiv", "kiev", "seoul", "beijing",
                              "washington", "minsk"})  # fmt: skip

# Regional capitals and large towns of Russia beyond the first list, and towns of Crimea and
# the occupied south and east of Ukraine (Ukrainian and Russian spellings).
_MORE_RU_CITIES = ["penza", "lipetsk", "tambov", "orenburg", "orsk", "izhevsk", "cheboksary",
                   "ulyanovsk", "kirov", "syktyvkar", "petrozavodsk", "vologda", "kostroma",
                   "ivanovo", "oryol", "pskov", "astrakhan", "makhachkala", "grozny", "nalchik",
                   "vladikavkaz", "maykop", "elista", "saransk", "yoshkar-ola", "kurgan",
                   "barnaul", "abakan", "kyzyl", "yakutsk", "birobidzhan", "norilsk", "surgut",
                   "salekhard", "naberezhnye chelny", "yelabuga", "tolyatti",
                   "novorossiysk",
                   # Other Russian towns of over 150,000 people, where industry hires.
                   "angarsk", "bratsk", "cherepovets", "severodvinsk", "nizhny tagil",
                   "magnitogorsk", "novokuznetsk", "sterlitamak", "dzerzhinsk", "taganrog",
                   "shakhty", "nizhnevartovsk", "nizhnekamsk", "stary oskol",
                   "biysk", "prokopyevsk", "rybinsk", "syzran", "volgodonsk",
                   "kamensk-uralsky", "novocherkassk", "zlatoust", "almetyevsk", "salavat",
                   "miass", "kopeysk", "pyatigorsk", "berezniki", "novy urengoy",
                   "velikiy novgorod", "veliky novgorod", "engels", "balakovo", "armavir",
                   "sochi", "podolsk", "khimki", "balashikha", "cherkessk", "nazran",
                   "derbent", "khasavyurt", "kaspiysk", "noyabrsk", "nefteyugansk",
                   "khanty-mansiysk", "achinsk", "seversk", "obninsk", "kovrov", "murom",
                   "arzamas", "yelets", "dimitrovgrad", "nevinnomyssk", "kislovodsk"]  # fmt: skip
_MORE_UA_CITIES = ["kerch", "simferopol", "yevpatoria", "feodosia", "dzhankoi", "yalta",
                   "tokmak", "enerhodar", "energodar", "nova kakhovka", "novaya kakhovka",
                   "henichesk", "skadovsk", "alchevsk", "debaltseve", "volnovakha",
                   "yenakiieve", "khartsyzk"]  # fmt: skip

# Generic geography: Russian federal subjects and large cities, Ukrainian
# regions (including the Russian-occupied ones) and common regional names.
# Keys are lower case; values are ISO country codes.
GAZETTEER: dict[str, str] = {
    **dict.fromkeys(
        ["far east", "russian far east", "siberia", "urals", "north caucasus", "primorye",
         "primorsky krai", "khabarovsk krai", "khabarovsk", "amur oblast", "amur",
         "sakhalin", "sakhalin oblast", "kamchatka", "magadan", "yakutia", "sakha",
         "chukotka", "zabaykalsky krai", "buryatia", "irkutsk", "irkutsk oblast",
         "krasnoyarsk", "krasnoyarsk krai", "novosibirsk", "novosibirsk oblast", "omsk",
         "tomsk", "kemerovo", "altai", "tyumen", "yekaterinburg", "sverdlovsk oblast",
         "chelyabinsk", "perm", "ufa", "bashkortostan", "tatarstan", "kazan", "samara",
         "saratov", "volgograd", "volgograd oblast", "rostov", "rostov oblast",
         "rostov-on-don", "krasnodar", "krasnodar krai", "kuban", "stavropol", "chechnya",
         "dagestan", "voronezh", "belgorod", "belgorod oblast", "kursk", "kursk oblast",
         "bryansk", "bryansk oblast", "smolensk", "tula", "kaluga", "ryazan", "tver",
         "yaroslavl", "vladimir oblast", "nizhny novgorod", "kaliningrad", "murmansk",
         "arkhangelsk", "karelia", "komi", "leningrad oblast", "st petersburg",
         "saint petersburg", "st. petersburg", "moscow oblast", "moscow region",
         "vladivostok", "nakhodka", "ussuriysk", "khasan", "blagoveshchensk",
         "yuzhno-sakhalinsk", "petropavlovsk-kamchatsky", "ulan-ude", "chita", "tynda",
         "magadan", "komsomolsk-on-amur", "artyom", "bolshoy kamen", "elektrostal",
         # More republics and regional capitals of the Volga, the Urals, the north and the
         # Caucasus.
         "udmurtia", "chuvashia", "mordovia", "adygea", "khakassia", "tyva", "tuva",
         "kalmykia", "mari el", "ingushetia", "north ossetia", "kabardino-balkaria",
         "karachay-cherkessia", *_MORE_RU_CITIES],
        "ru",
    ),
    **dict.fromkeys(
        ["donbas", "donbass", "donetsk", "donetsk oblast", "luhansk", "lugansk",
         "luhansk oblast", "crimea", "sevastopol", "zaporizhzhia", "zaporizhia",
         "zaporozhye", "kherson", "kherson oblast", "mariupol", "melitopol", "berdyansk",
         "kharkiv", "kharkov", "odesa", "odessa", "dnipro", "mykolaiv", "lviv", "bakhmut",
         "makiivka", "horlivka", "severodonetsk", "lysychansk",
         # Other spellings of the same cities, Ukrainian and Russian.
         "berdiansk", "gorlovka", "makeyevka", "sievierodonetsk", *_MORE_UA_CITIES],
        "ua",
    ),
}  # fmt: skip
# Gazetteer names that are cities: a city is where a body has its address, so it
# counts only where its own sentence or paragraph is about labour. The rest of the
# gazetteer (regions, islands, the Far East) counts anywhere in an article about labour.
CITIES = frozenset(
    {"moscow", "vladivostok", "nakhodka", "ussuriysk", "khasan", "blagoveshchensk",
     "yuzhno-sakhalinsk", "petropavlovsk-kamchatsky", "ulan-ude", "chita", "tynda", "magadan",
     "komsomolsk-on-amur", "artyom", "bolshoy kamen", "elektrostal", "khabarovsk", "irkutsk",
     "krasnoyarsk", "novosibirsk", "omsk", "tomsk", "kemerovo", "tyumen", "yekaterinburg",
     "chelyabinsk", "perm", "ufa", "kazan", "samara", "saratov", "volgograd", "rostov-on-don",
     "krasnodar", "stavropol", "voronezh", "ryazan", "yaroslavl", "nizhny novgorod", "murmansk",
     "arkhangelsk", "st petersburg", "saint petersburg", "st. petersburg", "sevastopol",
     "mariupol", "melitopol", "berdyansk", "makiivka", "horlivka", "severodonetsk",
     "lysychansk", "bakhmut", "odesa", "odessa", "dnipro", "lviv", "kharkiv", "kharkov",
     "berdiansk", "gorlovka", "makeyevka", "sievierodonetsk", *_MORE_RU_CITIES,
     *_MORE_UA_CITIES}
)  # fmt: skip
# The same cities in Russian, in the nominative, as the Russian text declines them ("в
# Горловке", "в Мариуполе", "во Владивостоке"); a city counts as the English one does.
RU_CITIES: dict[str, str] = {
    **dict.fromkeys(
        ["Владивосток", "Находка", "Уссурийск", "Хабаровск", "Благовещенск", "Южно-Сахалинск",
         "Петропавловск-Камчатский", "Чита", "Тында", "Магадан", "Иркутск", "Красноярск",
         "Новосибирск", "Омск", "Томск", "Тюмень", "Екатеринбург", "Челябинск", "Пермь",
         "Уфа", "Казань", "Самара", "Саратов", "Волгоград", "Краснодар", "Ставрополь",
         "Воронеж", "Рязань", "Ярославль", "Мурманск", "Архангельск", "Артём"],
        "ru",
    ),
    **dict.fromkeys(
        ["Донецк", "Луганск", "Мариуполь", "Мелитополь", "Бердянск", "Макеевка", "Горловка",
         "Северодонецк", "Лисичанск", "Херсон", "Севастополь", "Симферополь", "Энергодар"],
        "ua",
    ),
}  # fmt: skip
# Administrative words that may follow a place name ("Tver region").
PLACE_SUFFIXES = frozenset({"region", "oblast", "krai", "province", "territory", "district"})

# Capitalised words that start sentences or headings but never start names.
CAP_STOP = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "in", "on", "at", "by", "for",
     "from", "with", "as", "since", "while", "but", "and", "or", "if", "when", "after",
     "before", "despite", "under", "through", "meanwhile", "however", "although", "only",
     "some", "most", "many", "according", "another", "both", "its", "their", "his", "her",
     "our", "we", "they", "he", "she", "it", "i", "read", "photo", "source", "credit",
     "posted", "menu", "category", "relatedly", "previously", "then", "given", "additional",
     "reports", "around", "nearly", "up", "over", "plans", "who", "what", "why", "how",
     "here", "there", "speaking", "similar", "related", "recent", "about", "us", "so-called",
     "former", "new", "fresh", "also", "every", "each", "all", "such", "western", "state",
     "western-sourced", "to", "of", "not", "no", "yes", "more", "less", "workers",
     "work", "eastern", "northern", "southern",
     # Russian prepositions and conjunctions that start sentences.
     "в", "во", "на", "по", "с", "со", "из", "для", "как", "и", "но", "а", "о", "об", "от",
     "до", "за", "при", "это", "эти", "его", "её", "их"}
)  # fmt: skip
MONTHS = frozenset(
    {"january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
     "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday",
     "friday", "saturday", "sunday"}
)  # fmt: skip
# Possessives that belong inside names ("People's Republic", "Veterans' Union").
NAME_POSSESSIVES = frozenset({"people", "workers", "children", "women", "veterans", "men"})
CONNECTORS = frozenset({"of", "for", "the", "&", "de", "and"})
ABBREVIATIONS = frozenset(
    {"mr", "mrs", "ms", "dr", "st", "no", "gen", "lt", "col", "jr", "sr", "vs", "etc", "inc",
     "ltd", "co", "corp", "approx",
     # "X (a.k.a. Y)": other names in a designation or a registry entry.
     "a.k.a", "f.k.a",
     # Russian: street, named after, thousand, million, region, roubles, village.
     "ул", "им", "пр", "тыс", "млн", "млрд", "обл", "руб", "пос", "гг", "ст",
     # Short month names only ("Oct. 14"): a full one ends a sentence ("... in October.").
     "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
)  # fmt: skip

EXTRACTOR_VERSION = "42"

# --------------------------------------------------------- names with no head word
# Who moves the workers, their goods or their money, a firm or one person by trade: "a
# freight forwarder, X", "a money changer, X" name a firm only when X is no person's name.
MOVER_NOUNS = frozenset({"forwarder", "haulier", "hauler", "changer"})
# Russian nouns for the buses of a carrier named after them in guillemets.
RU_BUS_NOUNS = frozenset({"автобус", "автобусы", "автобуса", "автобусов", "автобусах",
                          "автобусами", "автобусе"})  # fmt: skip

# Nouns that, just before a name, say what kind of body it is: "the contractor
# Vostokstroy", "компания «Стройресурс»", "OOO Zeyakedr". Legal forms count too.
NOUN_BEFORE_NAME: dict[str, tuple[str, str]] = {
    **APPOSITION_ORG_NOUNS,
    "builder": ("company", "employer"),
    # "A second hirer, X, ...": who hires the workers.
    "hirer": ("company", "employer"),
    "developer": ("company", "employer"),
    "subcontractor": ("company", "employer"),
    "grower": ("company", "employer"),
    "producer": ("company", "employer"),
    "manufacturer": ("company", "employer"),
    "supplier": ("company", "recruitment_agency"),
    "intermediary": ("company", "recruitment_agency"),
    "operator": ("company", "employer"),
    "processor": ("company", "employer"),
    "subsidiary": ("company", "employer"),
    "affiliate": ("company", "employer"),
    "cooperative": ("company", "employer"),
    **dict.fromkeys(["centre", "center", "college", "school", "institute"],
                    ("organization", "student_visa_intermediary")),
    **dict.fromkeys(
        ["llc", "ooo", "jsc", "ojsc", "cjsc", "pjsc", "oao", "zao", "pao", "ао", "ооо", "оао",
         "зао", "пао", "компания", "компании", "компанию", "компанией", "фирма", "фирмы",
         "фирму", "предприятие", "предприятия", "холдинг", "группа", "завод", "комбинат",
         "застройщик", "подрядчик", "подрядчика", "корпорация", "корпорации", "корпорацию",
         "корпорацией", "фирмой", "холдинга", "холдингом", "предприятием",
         # Farms and agricultural groups: "агрохолдинг «X»", "агрофирмы «X»".
         "агрохолдинг", "агрохолдинга", "агрохолдингу", "агрохолдингом", "агрохолдинге",
         "агрофирма", "агрофирмы", "агрофирму", "агрофирмой", "агрофирме",
         # Credit organisations: "РНКО «X»", "КБ «X»", "банк «X»".
         "рнко", "нко", "кб", "акб", "банк", "банка", "банком", "банку"],
        ("company", "employer"),
    ),
    # "учебный центр «X»", "образовательного центра «X»": where student visas come from.
    **dict.fromkeys(["центр", "центра", "центром", "центре", "центру"],
                    ("organization", "student_visa_intermediary")),
    # "колледжа «X»", "техникум «X»": where student visas come from, in any case.
    **dict.fromkeys(["колледж", "колледжа", "колледжу", "колледжем", "колледже", "техникум",
                     "техникума", "техникуму", "техникумом", "техникуме", "училище",
                     "училища", "училищу", "училищем"],
                    ("organization", "student_visa_intermediary")),
    # "управлением «X»", "бюро «X»": a state body's own name in guillemets after its head.
    **dict.fromkeys(["управление", "управления", "управлению", "управлением", "управлении",
                     "бюро"], ("public_body", "state_bureau")),
    "broker": ("company", "recruitment_agency"),
    # Who moves the workers, their goods or their money: "a freight forwarder, X", "a
    # money changer, X".
    **dict.fromkeys(MOVER_NOUNS, ("company", "employer")),
    # A general contractor and a subcontractor: "генподрядчик «X»", "субподрядчиком «X»".
    **dict.fromkeys(["подрядчиком", "генподрядчик", "генподрядчика", "генподрядчиком",
                     "субподрядчик", "субподрядчика", "субподрядчиком", "субподрядчику"],
                    ("company", "employer")),
    # Legal forms of state and municipal bodies written before their name: a treasury or
    # budget institution ("ГКУ «X»", "МБУ «X»") acts for a government that hires or hosts
    # the workers; a unitary enterprise ("ГУП «X»", "МУП «X»") employs them itself.
    **dict.fromkeys(["гку", "гбу", "гау", "мку", "мбу", "мау", "фку", "фгбу", "фгку"],
                    ("public_body", "government_body")),
    **dict.fromkeys(["гуп", "муп", "фгуп"], ("company", "employer")),
    # Who orders the works ("Заказчик - «X»"), and workplaces that hire cooks and waitresses
    # ("ресторан «X»", "в кафе «X»").
    **dict.fromkeys(["заказчик", "заказчика", "заказчиком", "заказчику", "ресторан",
                     "ресторана", "ресторане", "ресторану", "рестораном", "кафе"],
                    ("company", "employer")),
    **dict.fromkeys(
        ["агентство", "агентства", "агентством", "посредник", "посредника"],
        ("company", "recruitment_agency"),
    ),
    # A firm in plain speech: "вахтовая контора «X»", "через контору «X»".
    **dict.fromkeys(["контора", "конторы", "контору", "конторой", "конторе"],
                    ("company", "employer")),
    # Whose buses carry the workers: "автобусы «X» у проходной", "на автобусах «X»".
    **dict.fromkeys(RU_BUS_NOUNS, ("company", "transport")),
    # A carrier and a transport company ("ТК"): "перевозчик «X»", "автобусы от ТК «X»".
    **dict.fromkeys(["перевозчик", "перевозчика", "перевозчику", "перевозчиком", "тк"],
                    ("company", "transport")),
    # Where the workers sleep: "живут в хостеле «X»", "хостел «X»".
    **dict.fromkeys(["хостел", "хостела", "хостелу", "хостелом", "хостеле"],
                    ("company", "employer")),
}  # fmt: skip
# Apposition nouns for a name already given: "X, a bridge builder"; "X, the largest grower".
APPOSITION_NOUNS_MORE = frozenset(
    {"builder", "developer", "subcontractor", "grower", "producer", "manufacturer", "supplier",
     "operator", "buyer", "trader", "exporter", "importer", "intermediary", "broker",
     "processor", "packer", "cannery",
     # Who moves the workers or the money: "X, a freight forwarder", "X, a road haulier".
     "forwarder", "haulier", "hauler",
     # Workplaces: "X, a greenhouse complex near Y", "X, a dairy farm", "X, a sawmill".
     "complex", "farm", "plant", "factory", "shipyard", "sawmill", "mill", "holding",
     # "X, a repair yard in Y", "X, a garment workshop", "X, a garment maker".
     "yard", "workshop", "maker"}
)  # fmt: skip
# Pieces Russian company names are coined from ("Vostokstroy", "Amurtrans",
# "Агроресурс"): a capitalised word containing one is a company name.
# They end the name ("Primorinvest"); the ones in COMPANY_PREFIXES start it ("Agrovostok").
COMPANY_MORPHEMES = (
    "stroy", "stroi", "montazh", "invest", "trans", "prom", "torg", "neft", "energo",
    "resurs", "komplekt", "servis", "snab", "flot", "ryba", "khim", "mash", "kadry",
    "строй", "монтаж", "инвест", "транс", "пром", "торг", "нефть", "энерго", "ресурс",
    "комплект", "сервис", "снаб", "флот", "рыба", "хим", "маш", "кадры",
    # Works and plants coined into one word: "Рыбокомбинат", "Lesozavod".
    "kombinat", "zavod", "комбинат", "завод",
    # Repair yards and works: "Sudoremont", "Avtoremont", "Судоремонт".
    "remont", "ремонт",
    # Farming and building complexes: "Dalagrokompleks", "Стройкомплекс".
    "kompleks", "комплекс",
    # Carriers and forwarders coined so: "Venn-Logistik", "Zorin-Logistika".
    "logistik", "logistika", "логистик", "логистика",
    # English heads Russian names borrow in transliteration: "X-Групп", "X Трейдинг",
    # "X Девелопмент" (a group, a trading house, a developer).
    "групп", "трейдинг", "девелопмент",
)  # fmt: skip
# Morphemes that also end common English words ("crystal") need a longer word.
LONG_COMPANY_MORPHEMES = ("stal", "сталь", "bank", "банк")
COMPANY_PREFIXES = ("agro", "energo", "stroy", "avto", "агро", "энерго", "строй", "авто")
# Verbs after a company-like subject that show it hiring or using workers.
EMPLOYER_VERBS = frozenset(
    {"hired", "hires", "employs", "employed", "recruited", "recruits", "brought", "signed",
     "contracted", "uses", "used", "took", "takes", "pays", "paid", "houses", "housed",
     "наняла", "нанял", "наняли", "привлекла", "привлек", "привлекли", "использует"}
)  # fmt: skip
# Words before "for"/"by"/"with" + a name that make the name an employer:
# "working for X", "employed by X", "a contract with X", "a housing estate for X".
EMPLOYER_CONTEXT = frozenset(
    {"work", "works", "working", "worked", "employed", "hired", "recruited", "building",
     "build", "built", "builds", "estate", "project", "projects", "site", "sites", "facility",
     "contract", "contracts", "deal", "line", "road", "school", "plant", "operated", "owned",
     "placed", "supplied", "sent", "assigned"}
)  # fmt: skip

# Participles before "from"/"by" + a name that make the name a landlord or a hirer of
# housing, vehicles or equipment used on the scheme: "a dormitory leased from X", "trailers
# rented from X", "a hostel let by X".
LETTING_WORDS = frozenset({"leased", "rented", "let", "sublet", "hired", "chartered"})

# -------------------------------------------------------- regions by their title
# Titles after a region's name ("Irkutsk Oblast", "Amur Region", "Chukotka
# Autonomous Okrug") with the country they imply when the name is unknown.
REGION_TITLES: dict[str, str | None] = {
    "oblast": "ru", "krai": "ru", "kray": "ru", "okrug": "ru", "region": None,
    "territory": None, "province": None, "island": None, "republic": "ru",
    "district": None, "raion": "ru", "rayon": "ru",
}  # fmt: skip
# A district is Russian when its name is a Russian adjective ("Tyndinsky District").
RU_ADJECTIVE_ENDINGS = ("sky", "skiy", "skii", "ski", "sk", "tsky", "nsky", "ovsky", "insky")
# "Autonomous" only ever forms Russian regions in this reporting.
REGION_QUALIFIERS = frozenset({"autonomous"})
# Russian region nouns in any case, mapped to the nominative; the adjective
# before them is put back in the nominative too ("Иркутской области" -> "Иркутская область").
RU_REGION_NOUNS: dict[str, str] = {
    **dict.fromkeys(["область", "области", "областью"], "область"),
    **dict.fromkeys(["край", "края", "крае", "краю", "краем"], "край"),
    **dict.fromkeys(["округ", "округа", "округе", "округу", "округом"], "округ"),
    **dict.fromkeys(["район", "района", "районе", "району", "районом"], "район"),
}  # fmt: skip
# "Республика" in any case, before a republic's name ("в Республике Бурятия").
RU_REPUBLIC_NOUNS = frozenset({"республика", "республики", "республике", "республику",
                               "республикой"})  # fmt: skip
# Russian stems of occupied Ukrainian regions; any other Russian region is in Russia.
RU_UKRAINE_STEMS = ("донец", "луганс", "херсон", "запорож", "крым")

# ------------------------------------------------------------------ Russian text
RU_TITLES: dict[str, str] = {
    "губернатор": "official", "губернатора": "official", "министр": "official",
    "министра": "official", "глава": "official", "главы": "official", "мэр": "official",
    "посол": "official", "вице-премьер": "official", "заместитель": "official",
    "председатель": "official", "директор": "executive", "директора": "executive",
    "руководитель": "executive", "владелец": "executive", "основатель": "executive",
    # A title in the genitive after another ("заместитель председателя ...") or a post.
    "представитель": "official", "представителя": "official", "заместителя": "official",
    "председателя": "official", "руководителя": "executive",
    # The instrumental after "подписан ..." or "встреча с ...": "учредителем X", "представителем".
    "учредитель": "executive", "учредителем": "executive", "представителем": "official",
    "директором": "executive", "руководителем": "executive", "заместителем": "official",
    # The head of a department or a section: "начальник отдела ... X".
    "начальник": "official", "начальника": "official", "начальником": "official",
    # Deputies written with "вице-" and short forms of "deputy": "вице-мэр Якутска X".
    **dict.fromkeys(["вице-мэр", "вице-мэра", "вице-губернатор", "вице-губернатора",
                     "вице-президент", "вице-президента", "замминистра", "замгубернатора",
                     "заммэра", "замглавы", "мэра", "министром", "губернатором"], "official"),
    # The dative ("переводил деньги представителю компании X") and the short "гендиректор".
    **dict.fromkeys(["директору", "руководителю", "владельцу", "гендиректор", "гендиректора",
                     "гендиректору", "гендиректором"], "executive"),
    **dict.fromkeys(["представителю", "заместителю", "председателю", "начальнику"], "official"),
    # The dative of a region's or a town's heads: "вопрос к вице-губернатору X".
    **dict.fromkeys(["губернатору", "вице-губернатору", "мэру", "вице-мэру", "министру",
                     "замгубернатору"], "official"),
    # A deputy premier and a manager in any case: "вице-премьеру ЛНР X", "управляющий «Y» X".
    **dict.fromkeys(["вице-премьера", "вице-премьеру", "вице-премьером"], "official"),
    **dict.fromkeys(["управляющий", "управляющего", "управляющему", "управляющим"],
                    "executive"),
    # An owner in plain speech or a registry's words: "хозяин - X", "собственник X".
    **dict.fromkeys(["хозяин", "хозяина", "хозяину", "хозяином", "собственник",
                     "собственника", "собственнику", "собственником",
                     "владельцем"], "executive"),
    # A site's foreman, who keeps the crews: "Контакт: X, прораб".
    **dict.fromkeys(["прораб", "прораба", "прорабу", "прорабом"], "official"),
    # "Deputy" in plain speech: "X, зам по экономике, подписывал разрешения".
    **dict.fromkeys(["зам", "зама", "заму", "замом"], "official"),
    # A crew's leader, who collects the wages, and a firm's manager, in any case.
    **dict.fromkeys(["бригадир", "бригадира", "бригадиру", "бригадиром"], "official"),
    **dict.fromkeys(["менеджер", "менеджера", "менеджеру", "менеджером"], "executive"),
    # A director's deputy written short, and who owns a firm in part or in whole:
    # "замдиректора «X» Y", "совладелец «X» Y", "учредителя фирмы Y".
    **dict.fromkeys(["замдиректора", "замдиректор", "замдиректором", "замгендиректора",
                     "совладелец", "совладельца", "совладельцем", "учредителя",
                     "владельца"], "executive"),
}  # fmt: skip
RU_ROLE_VERBS = frozenset(
    {"заявил", "заявила", "сообщил", "сообщила", "подтвердил", "подтвердила", "рассказал",
     "рассказала", "отметил", "отметила", "сказал", "сказала", "предложил", "предложила",
     "нанял", "наняла"}
)  # fmt: skip
# Stems of Russian words that place a person at a source: academia, the press, experts.
RU_SOURCE_STEMS = ("институт", "университет", "школ", "академи", "редактор",
                   "корреспондент", "журналист", "эксперт", "аналитик", "профессор",
                   "исследовател", "политолог", "экономист", "востоковед",
                   # Lawyers, lecturers, columnists, rights activists and bloggers.
                   "юрист", "адвокат", "доцент", "преподавател", "обозревател", "правозащит",
                   "научн", "блогер", "активист",
                   # Press and reputation staff answer for a body to the public.
                   "пресс-", "репутаци", "общественност")  # fmt: skip
# Stems of Russian words about labour, for the topic test on Russian text.
RU_LABOUR_STEMS = (
    "рабоч",
    "работ",
    "строител",
    "нанял",
    "наним",
    "трудов",
    "мигрант",
    "виз",
    "студент",
    # Rebuilding and contracting, as in English ("reconstruction", "contractor").
    "восстанав",
    "восстановл",
    "подряд",
    "генподряд",
)

# Stems of the words that show a school or a training centre is the workers' cover, not
# merely where someone who comments works: it has them as students or trainees
# ("слушатели", "стажёры", "курсанты"), issues or extends their study visas and
# invitations, houses them ("общежитие"), enrols them ("зачислены") or signs an agreement
# or an exchange for them. A university quoted for its expert's view shows none of them.
RU_SCHOOL_COVER_STEMS = ("студент", "слушател", "учащ", "курсант", "стажер", "стажёр", "учеб",
                         "учёб", "виз", "общежит", "зачисл", "приглашени", "обмен", "договор",
                         "соглашени", "набор", "обучени")  # fmt: skip
# Words of a body's description that make it a source: research, monitoring, analysis,
# rights ("центр по мониторингу миграции").
RU_SOURCE_DESCRIPTION_STEMS = ("исследован", "мониторинг", "аналити", "правозащит",
                               "статистик", "социолог", "изучени")  # fmt: skip
# Stems of a Russian body's own name that make it a research or monitoring body (a think
# tank, a pollster, a rights group): those, and the fields institutes are named after
# ("институт стратегических исследований", "институт проблем миграции").
RU_RESEARCH_STEMS = (*RU_SOURCE_DESCRIPTION_STEMS, "востоковед", "проблем")

# How far an apposition after a name may run: "X, deputy director of the Y for Z of W,".
APPOSITION_REACH = 16
# Vowels South Korean romanisation writes and North Korean does not ("Seo", "Eun", "Hoon"):
# the North writes "So", "Un", "Hun".
SOUTHERN_VOWELS = ("eo", "eu", "oo", "ee")

# ------------------------------------------------------- authors, bylines, sources
# Sentences that are about the article's author: nothing in them is proposed.
BYLINE_STARTS = ("reporting by", "additional reporting by", "written by", "editing by",
                 "edited by", "the author", "the writer", "contributing", "source", "credit",
                 "photo", "источник", "about the author", "об авторе",
                 # Credits for the rest of the work, and notes from the editors.
                 "compiled by", "translated by", "translation by", "translation", "produced by",
                 "research by", "research assistance", "additional research", "camera",
                 "video by", "graphics by", "illustration by", "fact-checking by",
                 "interpreted by", "interpretation by", "transcript by", "transcript prepared",
                 "editor's note", "editors' note", "editor s note", "correction", "clarification",
                 "disclosure", "the views expressed", "the opinions expressed",
                 "views expressed", "перевод", "перевела", "перевёл", "подготовил",
                 "подготовила", "от редакции", "примечание редакции")  # fmt: skip
BYLINE_PHRASES = ("reported this story", "reported from", "contributed reporting",
                  "contributed to this report", "the author is", "the writer is",
                  "republished with permission", "reprinted with permission",
                  "was originally published", "originally appeared", "first appeared in",
                  "translated from", "was produced in partnership with",
                  "was produced in collaboration with", "was supported by a grant",
                  "is a free newsletter", "forward to a friend",
                  "материал подготовлен при участии")  # fmt: skip
# Roles that tie a person to an employer they are not acting for: "a former
# official at X", "a fellow at X", "previously worked for X". X is no entry.
AFFILIATION_ROLES = frozenset(
    {"fellow", "researcher", "researchers", "analyst", "analysts", "scholar", "professor",
     "expert", "experts", "economist", "journalist", "reporter", "correspondent", "editor",
     "lecturer", "academic", "worked", "works", "served", "former", "formerly", "previously",
     "now", "diplomat", "staffer", "alumnus", "alumni", "alumna", "graduate", "graduated",
     "columnist", "contributor", "teaches",
     "taught", "lectures", "studied", "studies", "researches", "specialises", "specializes",
     "focuses", "programme", "program", "project",
     # "head of research at X": a research post places a source.
     "research"}
)  # fmt: skip
# Roles of professionals quoted on a story, whose firm is never an entry: "our legal
# adviser, X of the firm Y".
PROFESSIONAL_ROLES = frozenset({"adviser", "advisor", "consultant", "counsel", "lawyer",
                                "attorney", "solicitor", "barrister", "auditor", "accountant",
                                "notary"})  # fmt: skip
# Last words of a partnership's name after "&": "X & Partners", "X & Associates".
PARTNERSHIP_WORDS = frozenset({"partners", "associates", "solicitors", "attorneys",
                               "advocates", "llp"})  # fmt: skip
# Words in an organisation's name that make it a think tank, watchdog or spy
# agency: bodies quoted as sources, never entries.
SOURCE_ORG_WORDS = frozenset(
    {"intelligence", "studies", "research", "policy", "nonproliferation", "rights", "watch",
     "statistics", "statistical", "analysis", "think", "amnesty", "foundation", "alliance",
     "ngo", "nonprofit", "sciences", "economics", "database",
     # Watchdogs, documentation projects and the funds that pay for reporting.
     "accountability", "documentation", "journalism", "transparency",
     "advocacy",
     # Data, imagery and compliance providers, and law firms ("X Analytics Group", "X LLP").
     "analytics", "geospatial", "insights", "compliance", "llp",
     # "Office for X Monitoring", "X Observatory": bodies that watch and count.
     "monitoring", "observatory",
     # Trade fairs and their organisers: "X Build Expo", "X Expo Group".
     "expo",
     # Campaigns against forced labour: "X Labour Solidarity Centre", "Anti-Trafficking X".
     "solidarity", "exploitation", "trafficking", "anti-trafficking", "abolition"}
)  # fmt: skip
# Goods and industries a trade alliance of firms names itself by ("X Timber Alliance",
# "X Textile Alliance"); a campaign's alliance is named by its cause ("X Labour Alliance").
INDUSTRY_WORDS = frozenset(
    {"timber", "lumber", "forest", "wood", "textile", "textiles", "garment", "garments",
     "steel", "metal", "metals", "coal", "mining", "fish", "seafood", "agro", "grain", "dairy",
     "poultry", "meat", "cement", "concrete", "furniture", "shipbuilding", "oil", "gas",
     "trading", "industrial", "manufacturing"}
)  # fmt: skip
# Where quoted experts work: a person placed there speaks as a source. (A university
# may itself be a visa front, so these words filter people, not organisations.)
ACADEMIC_WORDS = frozenset({"university", "institute", "academy", "studies", "professor",
                            "researcher", "program", "programme"})  # fmt: skip
# Bodies that investigate or sanction the network: their officials speak as sources
# ("Treasury Under Secretary X said"), never as actors.
AUTHORITY_WORDS = frozenset(
    {"treasury", "ofac", "fbi", "justice", "unification", "nis", "prosecutor", "prosecutors",
     "sanctions", "state department", "panel"}
)  # fmt: skip
# Bodies that are never entries however they appear: they sanction or investigate.
AUTHORITY_ORG_WORDS = frozenset({"treasury", "ofac", "fbi", "unification", "prosecutor",
                                 "prosecutors", "interpol", "sanctions", "court", "tribunal",
                                 "prosecution", "police", "customs", "investigative",
                                 "investigation", "inspectorate", "procuracy", "judicial",
                                 "justice"})  # fmt: skip
# Phrases naming bodies that speak for a state and never act in the network.
AUTHORITY_ORG_PHRASES = ("state department", "foreign ministry", "ministry of foreign affairs",
                         "coast guard", "border guard", "border service", "security service",
                         "interior ministry", "ministry of internal affairs",
                         "ministry of the interior", "department of state",
                         "department of the treasury", "department of justice",
                         "department of commerce", "foreign office", "home office",
                         "foreign assets control", "financial sanctions",
                         # Any state's foreign-affairs body and a legislature's committees
                         # hold hearings on the network, they do not act in it.
                         "foreign affairs", "select committee", "parliamentary committee",
                         "congressional committee", "senate committee",
                         "house committee",
                         # Trade unions speak for workers; they are sources, never actors.
                         "trade union", "trade unions", "workers' union", "workers union",
                         "labour union", "labor union")  # fmt: skip
# Verbs of a government acting on others: "OFAC designated X". The subject is no entry.
AUTHORITY_VERBS = frozenset({"designated", "designates", "designating", "sanctioned",
                             "sanctions", "sanctioning", "blacklisted", "blacklists"})  # fmt: skip
# "imposed" acts on the network when what it imposes is a sanction:
# "The Council imposed restrictive measures on X".
IMPOSED_MEASURES = frozenset({"sanctions", "restrictive", "measures", "asset", "freeze",
                              "penalties", "travel"})  # fmt: skip
# Ranks of a sanctioning government's officials (US and UK usage): a person holding one
# speaks for the government that designates ("said Acting Under Secretary X").
SANCTIONING_RANKS = ("under secretary", "under-secretary", "assistant secretary",
                     "deputy secretary", "secretary of the treasury",
                     "secretary of state",
                     # A junior minister answering for the government: "Minister of State
                     # for the Indo-Pacific" (not "Minister of State Security").
                     "minister of state for",
                     # Foreign ministers speak for the government that designates or
                     # protests, as "the foreign ministry" does.
                     "foreign secretary", "foreign minister")  # fmt: skip
# Honorifics of an expert: "Dr X of Y said" places a source at Y.
EXPERT_HONORIFICS = frozenset({"dr", "prof", "professor"})
# Verbs of policing, prosecuting and judging: their subject acts on the network from outside.
ENFORCEMENT_VERBS = frozenset(
    {"raided", "deported", "expelled", "fined", "charged", "indicted", "convicted",
     "sentenced", "prosecuted", "inspected", "acquitted", "jailed"}
)  # fmt: skip
# Outlets known by a name with no media word in it. Seed documents and the tuning set.
OUTLETS = frozenset(
    {"bbc", "bloomberg", "cnn", "kyodo", "voice of america", "voa", "ft", "ap", "afp", "tass",
     "interfax", "ria novosti", "meduza", "медуза", "медузы", "рбк", "rbc", "reuters",
     "the diplomat", "the gaze", "observo", "sky"}
)  # fmt: skip
# Russian verbs and phrases that introduce an outlet or source.
RU_SOURCE_BEFORE = ("по данным", "со ссылкой на", "сообщает", "сообщил", "пишет", "выяснила",
                    "выяснил", "пишет издание", "сообщает издание", "по информации",
                    "по сведениям", "источник", "передаёт", "передает", "сообщило",
                    "сообщали", "сообщало", "сообщила", "сообщили", "пишут", "рассказал",
                    "рассказала", "рассказали", "выяснили", "выяснило", "отмечает",
                    "по словам", "в интервью", "корреспондент", "корреспонденту",
                    "журналист", "журналисты", "журналистам", "редакция", "редакции",
                    "фото", "автор", "по оценке", "по оценкам", "по подсчётам",
                    "по подсчетам",
                    # A press office, an informant or a spokesman "in" a body quotes it.
                    "пресс-служба", "пресс-службы", "пресс-службе", "пресс-службу",
                    "пресс-секретарь", "пресс-секретаря", "источник в", "источники в",
                    "собеседник в", "собеседники в", "сообщили в", "рассказали в",
                    "заявили в", "пояснили в", "уточнили в", "ответили в", "отметили в",
                    "сообщил в", "рассказал в")  # fmt: skip

# Nouns for bodies whose city is only their address: "a college in Krasnoyarsk".
SEAT_NOUNS = frozenset(
    {"college", "school", "office", "center", "centre", "institute", "university", "plant",
     "factory", "yard", "shipyard", "bureau", "embassy", "consulate", "website", "warehouse",
     "depot", "agency", "firm", "company", "recruiter"}
)  # fmt: skip

# ------------------------------------------------ how reporting cites its sources
# Nouns that, right after an organisation's name, make it the employer of a source or
# the source itself: "Halden University researchers", "the Bramley Center report".
SOURCE_ROLE_NOUNS = frozenset(
    {"analyst", "analysts", "researcher", "researchers", "economist", "economists", "expert",
     "experts", "fellow", "fellows", "scholar", "scholars", "professor", "correspondent",
     "correspondents", "reporter", "reporters", "editor", "editors", "journalist",
     "journalists", "columnist", "spokesperson", "spokesman", "spokeswoman", "report",
     "reports", "study", "survey", "data", "figures", "database", "estimates", "source",
     "investigation", "reporting", "photographer", "commentator", "photo",
     "photos", "image", "images", "footage", "video",
     # "X lawyers wrote in a filing", "a X tally shows", "X analysis of shipping data".
     "lawyer", "lawyers", "attorney", "attorneys", "investigators", "auditors", "analysis",
     "tally", "count", "dataset", "tracker", "fact", "factsheet", "fact-sheet"}
)  # fmt: skip
# Nouns for a piece of reporting or research: "a 2023 report by the X", "a study from X".
REPORT_NOUNS = frozenset(
    {"report", "reports", "study", "studies", "survey", "analysis", "investigation",
     "assessment", "paper", "estimate", "estimates", "tally", "database", "poll", "research",
     "imagery", "images", "photos", "photographs", "footage", "article", "commentary",
     "column", "interview", "data", "figures", "statistics", "count", "review", "reporting",
     "broadcast", "documentary", "podcast", "newsletter", "testimony", "testimonies",
     "interviews", "papers", "briefing", "memo",
     # An auditor's or an inquirer's work: "an audit by X", "an inquiry led by X".
     "audit", "audits", "inquiry", "probe"}
)  # fmt: skip
# Words before a body's kind in apposition that make it a source: "X, a trade-data firm".
SOURCE_KIND_MODIFIERS = frozenset(
    {"data", "trade-data", "research", "analytics", "analysis", "consultancy", "consulting",
     "polling", "media", "news", "imaging", "satellite", "satellite-imagery", "intelligence",
     "risk", "advisory", "think-tank", "publishing", "monitoring", "watchdog", "broadcasting",
     "investigative", "open-source", "think", "wire", "forensic", "forensics",
     "cybersecurity", "fact-checking", "verification", "transparency", "osint", "rights",
     "human-rights", "advocacy", "documentation", "legal-aid", "church", "religious",
     # "a registry-data service", "a vessel-tracking firm", "a law firm".
     "registry", "records", "tracking", "vessel-tracking", "geospatial",
     "compliance", "screening", "due-diligence", "law", "legal"}
)  # fmt: skip
# Nouns that by themselves describe a publisher or a source: "X, a Geneva-based NGO".
SOURCE_KIND_NOUNS = frozenset(
    {"newspaper", "newspapers", "outlet", "broadcaster", "magazine", "tabloid", "newswire",
     "weekly", "daily", "website", "blog", "channel", "ngo", "watchdog", "charity",
     "nonprofit", "non-profit", "think-tank", "thinktank", "publication", "portal",
     "newsletter", "podcast", "monitor", "consultancy", "collective", "publisher",
     "newsroom", "newsrooms",
     # "X, an umbrella of trade unions", "X, a coalition of rights groups".
     "umbrella", "coalition", "union", "unions", "confederation"}
)  # fmt: skip
# Nouns that make a name a work or a medium only right before it: "the documentary X", "the
# OSINT account X", "the registry X", "the hacker forum X".
WORK_NOUNS = frozenset(
    {"documentary", "film", "book", "memoir", "novel", "series", "programme", "program",
     "show", "report", "study", "paper", "article", "account", "feed", "journal", "archive",
     "registry", "register", "database", "forum", "channel", "page", "blog"}
)  # fmt: skip
# Kind nouns that, with a word from SOURCE_KIND_MODIFIERS, describe a source: "a
# research group", "a data provider", "a news service", "an analytics platform".
SOURCE_KIND_HEADS = frozenset({"group", "provider", "service", "platform", "organisation",
                               "organization", "tank", "outfit", "consultancy", "team",
                               "project", "site", "startup", "network", "holding",
                               "house", "company", "firm", "agency", "vendor",
                               "vendors"})  # fmt: skip
# Institutions where quoted experts work. Placed as a speaker's employer ("X of the
# Y Center", "Y Center analyst X") they are sources; elsewhere they may be visa fronts.
INSTITUTION_HEADS = frozenset(
    {"center", "centre", "institute", "university", "academy", "forum", "foundation",
     "society", "program", "programme", "project", "initiative", "observatory"}
)  # fmt: skip
# Words in an institution's name that make it an actor all the same ("... Employment Centre").
ACTOR_HINT_WORDS = frozenset(
    {"recruitment", "recruiting", "employment", "staffing", "personnel", "labour", "labor",
     "migration", "training", "language", "construction", "education", "educational",
     "student", "students", "vocational", "technical"}
)  # fmt: skip
# Words of an institution's name that say what it studies as often as what it does: at a
# centre or an institute where an expert quoted works ("the Venn Centre for Labour
# Rights", "the Baltic Migration Institute") they make no actor.
RESEARCH_TOPIC_WORDS = frozenset({"labour", "labor", "migration"})
# Roles in a byline line ("Seo Ji-hoon | Contributing writer") or an author's note.
AUTHOR_ROLES = frozenset(
    {"writer", "correspondent", "reporter", "editor", "contributor", "columnist",
     "journalist", "staff", "photographer", "author", "bureau", "автор", "корреспондент",
     "редактор", "фотограф"}
)  # fmt: skip
# Words that open a photo or image credit: "Photo: X / Y", "(Image: X)", "Фото: X".
CREDIT_WORDS = frozenset(
    {"photo", "photos", "photograph", "photographs", "camera", "source", "sources",
     "image", "images", "picture", "pictures", "credit",
     "credits", "illustration", "graphic", "video", "pictured", "фото", "фотография",
     "иллюстрация", "автор", "источник", "copyright", "текст"}
)  # fmt: skip
# Pieces of an outlet's coined name ("Dalinform", "Ural-Media", "Сибирь-Пресс").
OUTLET_MORPHEMES = ("inform", "press", "presse", "media", "news", "info", "tv", "информ", "пресс",
                    "медиа", "ньюс", "инфо", "тв", "новости")  # fmt: skip
# Russian nouns for an outlet before its name in guillemets: "газета «...»", "портал «...»".
RU_MEDIA_NOUNS = (
    "издани", "газет", "портал", "телеканал", "радиостанци", "журнал", "информагентств",
    "интернет-издани", "сайт", "агентств",
    # "в эфире радио «X»", "телеграм-канал «X»", "паблик «X»", "подкаст «X»".
    "радио", "телеграм", "канал", "паблик", "подкаст", "блог",
)  # fmt: skip
# Russian kind nouns before a name in guillemets: "компании «X»", "агентства «X»".
RU_KIND_NOUNS = frozenset(
    {"компания", "компании", "компанию", "компанией", "фирма", "фирмы", "фирму", "группа",
     "группы", "центр", "центра", "агентство", "агентства", "организация", "организации",
     "фонд", "фонда", "институт", "института", "центром", "центре", "центру",
     "организацией", "организацию"}
)  # fmt: skip
# Adjectives that make "агентство" a news agency: "информационное агентство".
RU_MEDIA_ADJECTIVES = ("информацион", "новостн", "федеральн", "деловн", "региональн")
