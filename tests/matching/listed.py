"""A small made-up watchlist in the shape of the real ones, shared by the index tests."""

from __future__ import annotations

from screening.matching import ListedName

# (entity id, name, schema); the last name has nothing to match.
LISTED: list[tuple[str, str, str]] = [
    ("kp-air-koryo", "Air Koryo", "company"),
    ("kp-air-koryo", "고려항공", "company"),
    ("kp-kim-jong-un", "KIM Jong Un", "person"),
    ("kp-kim-jong-un", "김정은", "person"),
    ("kp-kim-yo-jong", "KIM Yo Jong", "person"),
    ("kp-choe-ryong-hae", "CHOE Ryong Hae", "person"),
    ("kp-kpa", "Korean People's Army", "organization"),
    ("kp-rungra", "Korea Rungra-888 Trading Company", "company"),
    ("kp-kkbc", "Korea Kwangson Banking Corporation", "company"),
    ("kp-office-39", "Office 39", "public_body"),
    ("kp-rgb", "Reconnaissance General Bureau", "public_body"),
    ("kp-komid", "Korea Mining Development Trading Corporation", "company"),
    ("kp-ryonbong", "Korea Ryonbong General Corporation", "company"),
    ("kp-ryonbong-trading", "Korea Ryonbong Trading Corporation", "company"),
    ("kp-tanchon", "Tanchon Commercial Bank", "company"),
    ("kp-namchongang", "Namchongang Trading Corporation", "company"),
    ("kp-mss", "Ministry of State Security", "public_body"),
    ("kp-ri-su-yong", "RI Su Yong", "person"),
    ("kp-pak-pong-ju", "PAK Pong Ju", "person"),
    ("ru-khusnullin", "KHUSNULLIN, Marat Shakirzyanovich", "person"),
    ("ru-sechin", "SECHIN, Igor Ivanovich", "person"),
    ("ru-prigozhin", "Пригожин Евгений Викторович", "person"),
    ("ru-romashka", "ООО Ромашка", "company"),
    ("ru-migration", "Миграционный Центр Амур", "company"),
    ("ru-stroitel", "Stroitel Group", "company"),
    ("ru-sovcomflot", "PAO Sovcomflot", "company"),
    ("ru-gazprombank", "Gazprombank", "company"),
    ("sy-makhlouf", "Rami Makhlouf", "person"),
    ("ae-golden-star", "Golden Star FZE", "company"),
    ("xx-no-letters", "!!!", "company"),
]
NAMES = [ListedName(i, entity, text, schema) for i, (entity, text, schema) in enumerate(LISTED)]
