"""The index cache on disk runs no code: only files this service signed are opened."""

from __future__ import annotations

import os
import pickle
import stat
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from foundation.settings import Settings
from screening import indexes
from screening.indexes import IndexCache, active_versions, clear_cache, load_index
from screening.matching import ListedName, QueryFields
from screening.matching.compact import CompactIndex


class _Payload:
    """A pickle that, when loaded, writes a file: what an attacker's cache file would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (exec, (f"open({str(self.marker)!r}, 'w').write('ran')",))


@pytest.fixture()
def cache(settings: Settings, tmp_path: Path) -> IndexCache:
    return IndexCache.from_settings(replace(settings, instance_path=tmp_path / "instance"))


def _cache_file(cache: IndexCache) -> Path:
    files = list(cache.directory.glob("index-*.idx"))
    assert len(files) == 1, files
    return files[0]


def _reload(session: Session, cache: IndexCache) -> indexes.ScreeningIndex:
    clear_cache()  # as a new worker process would
    return load_index(session, active_versions(session), cache=cache)


def _build_forbidden(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: Any, **_kwargs: Any) -> Any:
        raise AssertionError("rebuilt although a good cache file was there")

    monkeypatch.setattr(indexes.CandidateIndex, "build", refuse)
    monkeypatch.setattr(indexes.CompactIndex, "create", refuse)
    monkeypatch.setattr(indexes.CompactIndex, "update", refuse)


def test_a_signed_cache_file_is_loaded_instead_of_rebuilding(
    session: Session, small_list: str, cache: IndexCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _reload(session, cache)
    _build_forbidden(monkeypatch)
    again = _reload(session, cache)
    assert len(again.index.names) == len(first.index.names) > 0


def test_a_planted_pickle_is_never_loaded(
    session: Session, small_list: str, cache: IndexCache, tmp_path: Path
) -> None:
    _reload(session, cache)
    marker = tmp_path / "code-ran"
    path = _cache_file(cache)
    path.write_bytes(pickle.dumps(_Payload(marker)))
    rebuilt = _reload(session, cache)
    assert not marker.exists(), "the cache file's code ran"
    assert rebuilt.index.names
    assert not path.read_bytes().startswith(b"\x80"), "replaced by a signed file"
    assert isinstance(rebuilt.index, CompactIndex)


def test_a_file_signed_with_another_secret_key_is_discarded(
    session: Session, small_list: str, cache: IndexCache, tmp_path: Path
) -> None:
    # What a cache directory copied from another deployment (or forged) looks like.
    _reload(session, cache)
    path = _cache_file(cache)
    name = path.stem.removeprefix("index-")
    foreign = replace(cache, key=b"k" * 32)
    CompactIndex.create([ListedName(1, "forged", "Forged Name")], path, key=foreign.key, name=name)
    reloaded = _reload(session, cache)
    assert "forged" not in {n.entity_id for n in reloaded.index.names}
    assert CompactIndex.open(path, key=cache.key, name=name).names


def test_a_signed_file_copied_to_other_list_versions_is_discarded(
    session: Session, small_list: str, cache: IndexCache
) -> None:
    _reload(session, cache)
    other = cache.path("0" * 24)
    other.write_bytes(_cache_file(cache).read_bytes())
    assert indexes._load_cached(cache, "0" * 24) is None
    assert not other.exists()


@pytest.mark.parametrize(
    "content", [b"", b"garbage", b"screening-compact-index\nshort", b"screening-index-signed-v1\n"]
)
def test_an_empty_or_truncated_file_is_rebuilt(
    session: Session, small_list: str, cache: IndexCache, content: bytes
) -> None:
    _reload(session, cache)
    _cache_file(cache).write_bytes(content)
    assert _reload(session, cache).index.names


def test_cache_directory_and_files_are_private(
    session: Session, small_list: str, cache: IndexCache
) -> None:
    cache.directory.mkdir(parents=True, mode=0o755)
    cache.directory.chmod(0o755)  # left by an older version
    _reload(session, cache)
    assert stat.S_IMODE(cache.directory.stat().st_mode) == 0o700
    assert stat.S_IMODE(_cache_file(cache).stat().st_mode) == 0o600


def _import_small_version(db: Any, entities: list[tuple[str, str, list[str]]]) -> None:
    from watchlists.records import EntityRecord, NameRecord, SourceRecord
    from watchlists.store import import_records

    records = [
        EntityRecord(
            source_id=source_id,
            schema=schema,
            names=[NameRecord(n, "primary" if i == 0 else "alias") for i, n in enumerate(names)],
            countries=["kp"],
            sources=[SourceRecord(document="test.txt", claim="Named in a test fixture.")],
        )
        for source_id, schema, names in entities
    ]
    with db.session() as session:
        import_records(session, list_name="small", source_format="test", records=records,
                       source_hash=f"v{len(entities)}-{records[0].names[0].value}",
                       source_files=["test.txt"], imported_by="tests")  # fmt: skip


def test_a_new_version_with_a_small_diff_updates_the_cached_index_instead_of_rebuilding(
    db: Any, session: Session, small_list: str, cache: IndexCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import SMALL_LIST

    first = _reload(session, cache)
    # v2: one entity removed, one renamed, one added.
    entities = [e for e in SMALL_LIST if e[0] != "ecgb"]
    entities[1] = ("rungra-888", "company", ["Rungra 889 Trading", "Rungra-888 Trading Co."])
    entities.append(("kkbc", "company", ["Korea Kwangson Banking Corporation", "KKBC"]))
    _import_small_version(db, entities)
    session.expire_all()
    updates: list[int] = []
    real_update = CompactIndex.update

    def counted(self: CompactIndex, *args: Any, **kwargs: Any) -> CompactIndex:
        updates.append(1)
        return real_update(self, *args, **kwargs)

    monkeypatch.setattr(indexes.CompactIndex, "update", counted)
    monkeypatch.setattr(indexes.CompactIndex, "create", _refuse_create)
    second = _reload(session, cache)
    assert updates == [1]
    assert second.pins["small"] == first.pins["small"] + 1
    assert len(second.entities) == len(entities)
    facts = indexes._facts(second.entities)
    full = indexes.CandidateIndex.build(indexes._names(session, second.pins), facts=facts)
    for entity in second.entities:
        assert second.index._facts.get(entity) == full._facts.get(entity) is not None
    queries = [n for _, _, names in SMALL_LIST + entities for n in names] + ["Rungra 889"]
    with_fields = [None, QueryFields(country="kp"), QueryFields(country="ru", birth_date="1964")]
    for query in queries:
        for fields in with_fields:
            found = second.index.search(query, fields=fields)
            got = sorted((m.name.entity_id, m.name.text, m.score) for m in found)
            expected = full.search(query, fields=fields)
            assert got == sorted((m.name.entity_id, m.name.text, m.score) for m in expected)
    assert not second.index.search("External Construction Guidance Bureau")
    assert second.index.search("Korea Kwangson Banking")


def _refuse_create(*_args: Any, **_kwargs: Any) -> Any:
    raise AssertionError("rebuilt although the cached index of the previous version was there")


def test_only_the_most_recent_index_files_are_kept(
    session: Session, small_list: str, cache: IndexCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(indexes, "CACHED_FILES", 2)
    _reload(session, cache)
    cache.directory.mkdir(parents=True, exist_ok=True)
    for i, age in enumerate((300, 200, 100)):
        old = cache.path(f"{i:024d}")
        old.write_bytes(b"an index of older versions")
        os.utime(old, ns=(old.stat().st_mtime_ns - age * 10**9,) * 2)
    (cache.directory / _cache_file_name(session, cache)).unlink()
    _reload(session, cache)
    kept = sorted(p.stem.removeprefix("index-") for p in cache.directory.glob("index-*.idx"))
    assert kept == sorted([f"{2:024d}", _cache_file_name(session, cache).removesuffix(".idx")
                           .removeprefix("index-")])  # fmt: skip


def _cache_file_name(session: Session, cache: IndexCache) -> str:
    return cache.path(indexes._pins_key(session, active_versions(session))).name
