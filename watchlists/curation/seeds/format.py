"""The seed format: where the list lives, its categories, relation types and fields.

``seeds/README.md`` repeats these definitions for the analysts who edit the list.
"""

from __future__ import annotations

import re
from pathlib import Path

SEED_DIR = Path(__file__).resolve().parents[3] / "seeds"
SEED_PATH = SEED_DIR / "dprk_labour.yaml"

# Categories and what they mean; seeds/README.md repeats these definitions.
CATEGORIES: dict[str, str] = {
    "state_bureau": (
        "A North Korean state, party or military body (or a unit of one) that selects, "
        "sends, manages, polices or profits from workers abroad."
    ),
    "government_body": (
        "A non-North-Korean state body that negotiates, approves or backs the deployments."
    ),
    "recruitment_agency": (
        "A company that finds, places or contracts North Korean workers for employers."
    ),
    "student_visa_intermediary": (
        "An education centre, school or service that brings workers in on student or "
        "education visas, or shows others how to."
    ),
    "employer": "A company or site that employs or expects to employ North Korean workers.",
    "work_unit": "A North Korean work team or work site abroad run by a state body.",
    "transport": "An airline, railway, shipping or travel company that moves the workers.",
    "official": "A state official or leader who decides, negotiates, proposes or announces "
    "the deployments.",
    "executive": "A director, owner or manager of an agency, intermediary or employer.",
    "region": "A territory where North Korean workers are sent, hosted or employed.",
}

RELATION_TYPES: dict[str, str] = {
    "run_by": "the entry is directed or managed by the target (usually a person)",
    "operated_by": "the entry (a service, site, channel) is operated by the target",
    "affiliated_with": "the entry works with or belongs to the target's network",
    "part_of": "the entry is a unit or sub-territory of the target",
    "subordinate_to": "the entry answers to the target without being part of it",
    "official_of": "the person holds an office in the target",
    "operates_in": "the entry employs or deploys workers in the target region",
}

STATUSES = ("reviewed", "needs_review")
SCRIPTS = ("Latn", "Cyrl", "Hang")

ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COUNTRY_RE = re.compile(r"^[a-z]{2}$")
LANG_RE = re.compile(r"^[a-z]{2}$")

TOP_REQUIRED = ("name", "title", "description", "publisher", "version", "date", "entities")
TOP_OPTIONAL = ("documents",)
ENTITY_REQUIRED = ("id", "schema", "category", "countries", "status", "sources")
ENTITY_OPTIONAL = (
    "names",
    "unnamed",
    "label",
    "relations",
    "notes",
    "addresses",
    "programs",
    "properties",
)
NAME_FIELDS = ("value", "kind", "lang", "script", "parts")
SOURCE_FIELDS = ("document", "claim", "publisher", "title", "date", "url", "evidence")
DOCUMENT_FIELDS = ("file", "publisher", "title", "date", "url", "note")
RELATION_FIELDS = ("type", "target", "note")
