"""Country names to ISO 3166-1 alpha-2 codes (lowercase).

Official lists spell countries in many ways: OFAC writes "Korea, North" and
"Burma", the UN "Democratic People's Republic of Korea" and "Viet Nam", the
UK "DPRK" or a nationality ("Iraqi"), the US CSL already gives codes ("KP").
The static table below maps all of them to one code so that a country filter
or a match feature compares like with like. Unknown spellings are kept as
published rather than guessed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# code -> names. The first name is the display name; the rest are spellings seen
# in official lists (ISO, UN, OFAC, OFSI, CLDR) and common nationality adjectives.
_TABLE: dict[str, tuple[str, ...]] = {
    "ad": ("Andorra", "Andorran"),
    "ae": ("United Arab Emirates", "UAE", "U.A.E.", "Emirati", "Emirian"),
    "af": (
        "Afghanistan",
        "Afghan",
        "Islamic Republic of Afghanistan",
        "Islamic Emirate of Afghanistan",
    ),
    "ag": ("Antigua and Barbuda", "Antiguan"),
    "ai": ("Anguilla",),
    "al": ("Albania", "Albanian"),
    "am": ("Armenia", "Armenian"),
    "ao": ("Angola", "Angolan"),
    "aq": ("Antarctica",),
    "ar": ("Argentina", "Argentine", "Argentinian"),
    "as": ("American Samoa",),
    "at": ("Austria", "Austrian"),
    "au": ("Australia", "Australian"),
    "aw": ("Aruba",),
    "ax": ("Aland Islands", "Åland Islands"),
    "az": ("Azerbaijan", "Azerbaijani", "Azeri"),
    "ba": ("Bosnia and Herzegovina", "Bosnia-Herzegovina", "Bosnia", "Bosnian"),
    "bb": ("Barbados", "Barbadian"),
    "bd": ("Bangladesh", "Bangladeshi"),
    "be": ("Belgium", "Belgian"),
    "bf": ("Burkina Faso", "Burkinabe"),
    "bg": ("Bulgaria", "Bulgarian"),
    "bh": ("Bahrain", "Bahraini"),
    "bi": ("Burundi", "Burundian"),
    "bj": ("Benin", "Beninese"),
    "bl": ("Saint Barthelemy",),
    "bm": ("Bermuda",),
    "bn": ("Brunei", "Brunei Darussalam", "Bruneian"),
    "bo": (
        "Bolivia",
        "Plurinational State of Bolivia",
        "Bolivia (Plurinational State of)",
        "Bolivian",
    ),
    "bq": ("Bonaire, Sint Eustatius and Saba", "Caribbean Netherlands"),
    "br": ("Brazil", "Brazilian"),
    "bs": ("Bahamas", "Bahamas, The", "The Bahamas", "Bahamian"),
    "bt": ("Bhutan", "Bhutanese"),
    "bv": ("Bouvet Island",),
    "bw": ("Botswana",),
    "by": ("Belarus", "Belarusian", "Byelorussia"),
    "bz": ("Belize", "Belizean"),
    "ca": ("Canada", "Canadian"),
    "cc": ("Cocos (Keeling) Islands", "Cocos Islands"),
    "cd": (
        "Democratic Republic of the Congo",
        "Congo, Democratic Republic of the",
        "Congo, The Democratic Republic of the",
        "Congo (Kinshasa)",
        "Congo - Kinshasa",
        "DR Congo",
        "DRC",
        "Zaire",
    ),
    "cf": ("Central African Republic", "CAR", "Central African"),
    "cg": (
        "Republic of the Congo",
        "Congo, Republic of the",
        "Congo",
        "Congo (Brazzaville)",
        "Congo - Brazzaville",
        "Congolese",
    ),
    "ch": ("Switzerland", "Swiss"),
    "ci": ("Cote d'Ivoire", "Côte d’Ivoire", "Cote d Ivoire", "Ivory Coast", "Ivorian"),
    "ck": ("Cook Islands",),
    "cl": ("Chile", "Chilean"),
    "cm": ("Cameroon", "Cameroonian"),
    "cn": ("China", "People's Republic of China", "PRC", "Chinese"),
    "co": ("Colombia", "Colombian"),
    "cr": ("Costa Rica", "Costa Rican"),
    "cu": ("Cuba", "Cuban"),
    "cv": ("Cabo Verde", "Cape Verde", "Cape Verdean"),
    "cw": ("Curacao", "Curaçao"),
    "cx": ("Christmas Island",),
    "cy": ("Cyprus", "Cypriot"),
    "cz": ("Czechia", "Czech Republic", "Czech"),
    "de": ("Germany", "German", "Federal Republic of Germany"),
    "dj": ("Djibouti", "Djiboutian"),
    "dk": ("Denmark", "Danish"),
    "dm": ("Dominica",),
    "do": ("Dominican Republic", "Dominican"),
    "dz": ("Algeria", "Algerian"),
    "ec": ("Ecuador", "Ecuadorian"),
    "ee": ("Estonia", "Estonian"),
    "eg": ("Egypt", "Egyptian"),
    "eh": ("Western Sahara",),
    "er": ("Eritrea", "Eritrean"),
    "es": ("Spain", "Spanish"),
    "et": ("Ethiopia", "Ethiopian"),
    "fi": ("Finland", "Finnish"),
    "fj": ("Fiji", "Fijian"),
    "fk": ("Falkland Islands", "Falkland Islands (Malvinas)"),
    "fm": ("Micronesia", "Micronesia, Federated States of", "Micronesia (Federated States of)"),
    "fo": ("Faroe Islands",),
    "fr": ("France", "French"),
    "ga": ("Gabon", "Gabonese"),
    "gb": (
        "United Kingdom",
        "United Kingdom of Great Britain and Northern Ireland",
        "UK",
        "U.K.",
        "Great Britain",
        "Britain",
        "British",
        "England",
        "Scotland",
        "Wales",
        "Northern Ireland",
    ),
    "gd": ("Grenada",),
    "ge": ("Georgia", "Georgian"),
    "gf": ("French Guiana",),
    "gg": ("Guernsey",),
    "gh": ("Ghana", "Ghanaian"),
    "gi": ("Gibraltar",),
    "gl": ("Greenland",),
    "gm": ("Gambia", "The Gambia", "Gambia, The", "Gambian"),
    "gn": ("Guinea", "Guinean"),
    "gp": ("Guadeloupe",),
    "gq": ("Equatorial Guinea",),
    "gr": ("Greece", "Greek"),
    "gs": (
        "South Georgia and the South Sandwich Islands",
        "South Georgia & South Sandwich Islands",
    ),
    "gt": ("Guatemala", "Guatemalan"),
    "gu": ("Guam",),
    "gw": ("Guinea-Bissau", "Guinea Bissau"),
    "gy": ("Guyana", "Guyanese"),
    "hk": (
        "Hong Kong",
        "China, Hong Kong Special Administrative Region",
        "Hong Kong SAR China",
        "Hong Kong SAR",
        "Hong Kong, China",
    ),
    "hm": ("Heard Island and McDonald Islands", "Heard & McDonald Islands"),
    "hn": ("Honduras", "Honduran"),
    "hr": ("Croatia", "Croatian"),
    "ht": ("Haiti", "Haitian"),
    "hu": ("Hungary", "Hungarian"),
    "id": ("Indonesia", "Indonesian"),
    "ie": ("Ireland", "Irish"),
    "il": ("Israel", "Israeli"),
    "im": ("Isle of Man", "Man, Isle of"),
    "in": ("India", "Indian"),
    "io": ("British Indian Ocean Territory",),
    "iq": ("Iraq", "Iraqi"),
    "ir": ("Iran", "Iran (Islamic Republic of)", "Islamic Republic of Iran", "Iranian", "Persia"),
    "is": ("Iceland", "Icelandic"),
    "it": ("Italy", "Italian"),
    "je": ("Jersey",),
    "jm": ("Jamaica", "Jamaican"),
    "jo": ("Jordan", "Jordanian"),
    "jp": ("Japan", "Japanese"),
    "ke": ("Kenya", "Kenyan"),
    "kg": ("Kyrgyzstan", "Kyrgyz Republic", "Kyrgyz"),
    "kh": ("Cambodia", "Cambodian"),
    "ki": ("Kiribati",),
    "km": ("Comoros", "Comoran", "Comorian"),
    "kn": ("Saint Kitts and Nevis", "St. Kitts & Nevis", "St Kitts and Nevis"),
    "kp": (
        "North Korea",
        "Korea, North",
        "Democratic People's Republic of Korea",
        "Korea, Democratic People's Republic of",
        "Korea (Democratic People's Republic of)",
        "DPRK",
        "D.P.R.K.",
        "DPR Korea",
        "North Korean",
    ),
    "kr": (
        "South Korea",
        "Korea, South",
        "Republic of Korea",
        "Korea, Republic of",
        "Korea (Republic of)",
        "South Korean",
    ),
    "kw": ("Kuwait", "Kuwaiti"),
    "ky": ("Cayman Islands",),
    "kz": ("Kazakhstan", "Kazakh", "Kazakhstani"),
    "la": ("Laos", "Lao People's Democratic Republic", "Lao PDR", "Lao", "Laotian"),
    "lb": ("Lebanon", "Lebanese"),
    "lc": ("Saint Lucia", "St. Lucia"),
    "li": ("Liechtenstein",),
    "lk": ("Sri Lanka", "Sri Lankan"),
    "lr": ("Liberia", "Liberian"),
    "ls": ("Lesotho",),
    "lt": ("Lithuania", "Lithuanian"),
    "lu": ("Luxembourg", "Luxembourgish"),
    "lv": ("Latvia", "Latvian"),
    "ly": ("Libya", "Libyan", "Libyan Arab Jamahiriya"),
    "ma": ("Morocco", "Moroccan"),
    "mc": ("Monaco", "Monegasque"),
    "md": ("Moldova", "Republic of Moldova", "Moldova, Republic of", "Moldovan"),
    "me": ("Montenegro", "Montenegrin"),
    "mf": ("Saint Martin (French part)", "Saint Martin"),
    "mg": ("Madagascar", "Malagasy"),
    "mh": ("Marshall Islands",),
    "mk": (
        "North Macedonia",
        "North Macedonia, The Republic of",
        "Republic of North Macedonia",
        "Macedonia",
        "Macedonia, The Former Yugoslav Republic of",
        "The former Yugoslav Republic of Macedonia",
        "Macedonian",
    ),
    "ml": ("Mali", "Malian", "Region: Northern Mali", "Northern Mali"),
    "mm": ("Myanmar", "Burma", "Myanmar (Burma)", "Burmese"),
    "mn": ("Mongolia", "Mongolian"),
    "mo": ("Macao", "Macau", "China, Macao Special Administrative Region", "Macao SAR China"),
    "mp": ("Northern Mariana Islands",),
    "mq": ("Martinique",),
    "mr": ("Mauritania", "Mauritanian"),
    "ms": ("Montserrat",),
    "mt": ("Malta", "Maltese"),
    "mu": ("Mauritius", "Mauritian"),
    "mv": ("Maldives", "Maldivian"),
    "mw": ("Malawi", "Malawian"),
    "mx": ("Mexico", "Mexican"),
    "my": ("Malaysia", "Malaysian"),
    "mz": ("Mozambique", "Mozambican"),
    "na": ("Namibia", "Namibian"),
    "nc": ("New Caledonia",),
    "ne": ("Niger", "Nigerien"),
    "nf": ("Norfolk Island",),
    "ng": ("Nigeria", "Nigerian"),
    "ni": ("Nicaragua", "Nicaraguan"),
    "nl": ("Netherlands", "The Netherlands", "Netherlands, The", "Holland", "Dutch"),
    "no": ("Norway", "Norwegian"),
    "np": ("Nepal", "Nepali", "Nepalese"),
    "nr": ("Nauru",),
    "nu": ("Niue",),
    "nz": ("New Zealand",),
    "om": ("Oman", "Omani"),
    "pa": ("Panama", "Panamanian"),
    "pe": ("Peru", "Peruvian"),
    "pf": ("French Polynesia",),
    "pg": ("Papua New Guinea",),
    "ph": ("Philippines", "Philippine", "Filipino"),
    "pk": ("Pakistan", "Pakistani"),
    "pl": ("Poland", "Polish"),
    "pm": ("Saint Pierre and Miquelon",),
    "pn": ("Pitcairn", "Pitcairn Islands"),
    "pr": ("Puerto Rico",),
    "ps": (
        "Palestine",
        "State of Palestine",
        "Palestinian",
        "Palestinian Territories",
        "Palestinian Territory, Occupied",
        "Occupied Palestinian Territory",
        "West Bank",
        "Gaza",
        "Gaza Strip",
        "Region: Gaza",
        "Region: West Bank",
    ),
    "pt": ("Portugal", "Portuguese"),
    "pw": ("Palau",),
    "py": ("Paraguay", "Paraguayan"),
    "qa": ("Qatar", "Qatari"),
    "re": ("Reunion", "Réunion"),
    "ro": ("Romania", "Romanian"),
    "rs": ("Serbia", "Serbian", "Republic of Serbia"),
    "ru": ("Russia", "Russian Federation", "Russian"),
    "rw": ("Rwanda", "Rwandan"),
    "sa": ("Saudi Arabia", "Saudi", "Saudi Arabian", "Kingdom of Saudi Arabia"),
    "sb": ("Solomon Islands",),
    "sc": ("Seychelles",),
    "sd": ("Sudan", "Sudanese", "Republic of the Sudan", "The Sudan"),
    "se": ("Sweden", "Swedish"),
    "sg": ("Singapore", "Singaporean"),
    "sh": ("Saint Helena", "Saint Helena, Ascension and Tristan da Cunha"),
    "si": ("Slovenia", "Slovenian"),
    "sj": ("Svalbard and Jan Mayen",),
    "sk": ("Slovakia", "Slovak Republic", "Slovak"),
    "sl": ("Sierra Leone", "Sierra Leonean"),
    "sm": ("San Marino",),
    "sn": ("Senegal", "Senegalese"),
    "so": ("Somalia", "Somali"),
    "sr": ("Suriname", "Surinamese"),
    "ss": ("South Sudan", "South Sudanese", "Republic of South Sudan"),
    "st": ("Sao Tome and Principe", "São Tomé and Príncipe"),
    "sv": ("El Salvador", "Salvadoran"),
    "sx": ("Sint Maarten", "Sint Maarten (Dutch part)"),
    "sy": ("Syria", "Syrian Arab Republic", "Syrian"),
    "sz": ("Eswatini", "Swaziland"),
    "tc": ("Turks and Caicos Islands",),
    "td": ("Chad", "Chadian"),
    "tf": ("French Southern Territories",),
    "tg": ("Togo", "Togolese"),
    "th": ("Thailand", "Thai"),
    "tj": ("Tajikistan", "Tajik", "Tajikistani"),
    "tk": ("Tokelau",),
    "tl": ("Timor-Leste", "East Timor"),
    "tm": ("Turkmenistan", "Turkmen"),
    "tn": ("Tunisia", "Tunisian"),
    "to": ("Tonga",),
    "tr": ("Turkey", "Türkiye", "Turkiye", "Turkish"),
    "tt": ("Trinidad and Tobago", "Trinidadian"),
    "tv": ("Tuvalu",),
    "tw": ("Taiwan", "Taiwan, Province of China", "Taiwanese"),
    "tz": ("Tanzania", "United Republic of Tanzania", "Tanzania, United Republic of", "Tanzanian"),
    "ua": ("Ukraine", "Ukrainian", "Region: Crimea", "Crimea"),
    "ug": ("Uganda", "Ugandan"),
    "um": ("United States Minor Outlying Islands", "U.S. Outlying Islands"),
    "us": (
        "United States",
        "United States of America",
        "USA",
        "U.S.A.",
        "US",
        "U.S.",
        "American",
    ),
    "uy": ("Uruguay", "Uruguayan"),
    "uz": ("Uzbekistan", "Uzbek"),
    "va": ("Holy See", "Vatican City", "Holy See (Vatican City State)"),
    "vc": (
        "Saint Vincent and the Grenadines",
        "St. Vincent and the Grenadines",
        "St. Vincent & Grenadines",
    ),
    "ve": (
        "Venezuela",
        "Venezuela (Bolivarian Republic of)",
        "Bolivarian Republic of Venezuela",
        "Venezuelan",
    ),
    "vg": ("British Virgin Islands", "Virgin Islands, British", "Virgin Islands (British)"),
    "vi": (
        "United States Virgin Islands",
        "U.S. Virgin Islands",
        "Virgin Islands, U.S.",
        "Virgin Islands (U.S.)",
    ),
    "vn": ("Vietnam", "Viet Nam", "Vietnamese"),
    "vu": ("Vanuatu",),
    "wf": ("Wallis and Futuna",),
    "ws": ("Samoa", "Samoan"),
    # Kosovo has no ISO code; "xk" is the user-assigned code used by the EU,
    # OFAC's CSL and most data providers.
    "xk": ("Kosovo", "Kosovar"),
    "ye": ("Yemen", "Yemeni"),
    "yt": ("Mayotte",),
    "za": ("South Africa", "South African"),
    "zm": ("Zambia", "Zambian"),
    "zw": ("Zimbabwe", "Zimbabwean"),
    # Withdrawn from ISO 3166-1 in 2010 but still in older OFAC address data.
    "an": ("Netherlands Antilles",),
}

# Values that say "no country", not a country we failed to recognise.
_PLACEHOLDERS = frozenset(
    {"", "-0-", "none", "none identified", "undetermined", "unknown", "n/a", "not known"}
)

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_PARENTHETICAL = re.compile(r"\s*\([^)]*\)\s*$")
_QUALIFIER = re.compile(r"^(?:possibly|probably|reportedly|region:)\s+", re.IGNORECASE)


def _key(name: str) -> str:
    """A spelling-insensitive lookup key: no accents, case, punctuation or 'the'."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ")
    text = _NON_ALNUM.sub(" ", text).strip()
    # "Bahamas, The" / "The Gambia" / "Congo, Democratic Republic of the"
    text = re.sub(r"^the |\bthe$", "", text).strip()
    return re.sub(r"\bst\b", "saint", text)


COUNTRY_NAMES: dict[str, str] = {code: names[0] for code, names in _TABLE.items()}
_BY_KEY: dict[str, str] = {}
for _code, _names in _TABLE.items():
    for _name in _names:
        _BY_KEY.setdefault(_key(_name), _code)


def country_code(value: str | None) -> str | None:
    """The lowercase ISO 3166-1 alpha-2 code for a country name or code, if known."""
    if not value:
        return None
    text = " ".join(value.split())
    # An upper-case two-letter value is a code (the CSL writes "KP"); the UN's
    # lower-case "na" means "not available", not Namibia.
    if len(text) == 2 and text.isalpha():
        return text.lower() if text.isupper() and text.lower() in _TABLE else None
    code = _BY_KEY.get(_key(text))
    if code is None:
        # "Afghanistan (since 2009)", "possibly Palestinian", "Region: Crimea"
        stripped = _QUALIFIER.sub("", _PARENTHETICAL.sub("", text)).strip()
        if stripped and stripped != text:
            code = _BY_KEY.get(_key(stripped))
    return code


def normalize_country(value: str | None) -> str | None:
    """A code where known, else the value as published; None for "no country"."""
    if value is None:
        return None
    text = " ".join(value.split()).strip(" .;,")
    if text.casefold() in _PLACEHOLDERS or text == "na":
        return None
    return country_code(text) or text


def normalize_countries(values: Iterable[str | None]) -> list[str]:
    """Normalised countries without duplicates, in first-seen order."""
    out: list[str] = []
    for value in values:
        country = normalize_country(value)
        if country is not None and country not in out:
            out.append(country)
    return out
