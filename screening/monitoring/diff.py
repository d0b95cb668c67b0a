"""What changed in the lists since the monitor's last run, and a small index of it.

A list's diff between two versions is the entity rows of the newer version
that the older one did not have (added, or changed and so re-added), and the
keys the newer one lost (removed). The diff index holds only the names of
added and changed entities, so screening every counterparty against it costs
a fraction of a full re-screen; it weighs words by their rarity in the full
lists, so a pair scores exactly as it would against the full index.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from screening.alerts.models import AlertReason
from screening.indexes import ScreeningIndex
from screening.matching import CandidateIndex, ListedName
from screening.matching.config import ScoringConfig
from watchlists.models import Entity, EntityName, Watchlist
from watchlists.queries import version_filter

# Keys per IN (...) query.
_KEYS_PER_QUERY = 900
# Words whose rarity a diff index remembers.
_RARITIES_KEPT = 500_000


class DiffIndex(CandidateIndex):
    """A candidate index over a few entities' names, weighing words by the full lists.

    Rarity (how much a word counts) comes from the reference index over the
    full lists: in an index of 500 entities every word looks rare, and "trading"
    would weigh like "Rungra".
    """

    def __init__(self, config: ScoringConfig | None = None) -> None:
        if config is None:
            super().__init__()
        else:
            super().__init__(config)
        self.reference: CandidateIndex | None = None
        # Rarity by word, from the reference: every query asks it of each of its words.
        self._rarities: dict[str, float] = {}

    @classmethod
    def over(cls, names: Iterable[ListedName], reference: CandidateIndex) -> DiffIndex:
        index = cls.build(names, reference.config)
        assert isinstance(index, DiffIndex)
        index.reference = reference
        return index

    def rarity(self, text: str) -> float:
        if self.reference is None:
            return super().rarity(text)
        found = self._rarities.get(text)
        if found is None:
            if len(self._rarities) >= _RARITIES_KEPT:
                self._rarities.clear()
            found = self._rarities[text] = self.reference.rarity(text)
        return found


@dataclass
class ListDiff:
    """One list's change from ``old`` (None: not seen before) to ``new``."""

    list_name: str
    old: int | None
    new: int
    # key -> listed again (new_listing) or listed differently (listing_changed)
    reasons: dict[str, AlertReason] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        changed = sum(1 for r in self.reasons.values() if r == AlertReason.LISTING_CHANGED)
        return {
            "added": len(self.reasons) - changed,
            "changed": changed,
            "removed": len(self.removed),
        }


def _chunks(items: list[str], size: int = _KEYS_PER_QUERY) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def list_diff(session: Session, list_name: str, old: int | None, new: int) -> ListDiff:
    """The entities added or changed (with why) and removed from ``old`` to ``new``."""
    watchlist = session.scalar(select(Watchlist).where(Watchlist.name == list_name))
    assert watchlist is not None
    diff = ListDiff(list_name, old, new)

    def keys_at(number: int) -> set[str]:
        return set(session.scalars(select(Entity.key).where(version_filter(watchlist.id, number))))

    current = keys_at(new)
    before = keys_at(old) if old is not None else set()
    diff.removed = sorted(before - current)
    fresh = select(Entity.key).where(version_filter(watchlist.id, new))
    if old is not None:
        # Rows of ``new`` that ``old`` did not have: added after it (a changed
        # entity gets a new row, so it is among them).
        fresh = fresh.where(Entity.added_in > old)
    keys = sorted(set(session.scalars(fresh)))
    diff.reasons = {
        key: AlertReason.LISTING_CHANGED if key in before else AlertReason.NEW_LISTING
        for key in keys
    }
    return diff


def diff_index(
    session: Session, diffs: list[ListDiff], full: ScreeningIndex
) -> ScreeningIndex | None:
    """An index of the added and changed entities' names (None when there are none)."""
    names: list[ListedName] = []
    for diff in diffs:
        if not diff.reasons:
            continue
        watchlist = session.scalar(select(Watchlist).where(Watchlist.name == diff.list_name))
        assert watchlist is not None
        keys = sorted(diff.reasons)
        for part in _chunks(keys):
            for name_id, value, kind, key, schema in session.execute(
                select(EntityName.id, EntityName.value, EntityName.kind, Entity.key, Entity.schema)
                .join(Entity, EntityName.entity_id == Entity.id)
                .where(version_filter(watchlist.id, diff.new), Entity.key.in_(part))
            ):
                names.append(ListedName(name_id, key, value, schema, kind))
    if not names:
        return None
    index = DiffIndex.over(names, full.index)
    entities = {n.entity_id: full.entities[n.entity_id] for n in names}
    return ScreeningIndex(pins=dict(full.pins), index=index, entities=entities)
