"""The curated seed list (``seeds/*.yaml``): its format and its strict parser.

``format`` holds the vocabulary (categories, relation types, statuses, scripts,
field names); ``parser`` reads and validates a file into records.
"""

from watchlists.curation.seeds.format import (
    CATEGORIES,
    RELATION_TYPES,
    SCRIPTS,
    SEED_DIR,
    SEED_PATH,
    STATUSES,
)
from watchlists.curation.seeds.parser import (
    SeedDocument,
    SeedFormatError,
    SeedList,
    SeedMetadata,
    load_seed_file,
    parse_seed_data,
)

__all__ = [
    "CATEGORIES",
    "RELATION_TYPES",
    "SCRIPTS",
    "SEED_DIR",
    "SEED_PATH",
    "STATUSES",
    "SeedDocument",
    "SeedFormatError",
    "SeedList",
    "SeedMetadata",
    "load_seed_file",
    "parse_seed_data",
]
