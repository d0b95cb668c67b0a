"""The index cache on disk runs no code: only files this service signed are loaded."""

from __future__ import annotations

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
    files = list(cache.directory.glob("index-*.pickle"))
    assert len(files) == 1, files
    return files[0]


def _reload(session: Session, cache: IndexCache) -> indexes.ScreeningIndex:
    clear_cache()  # as a new worker process would
    return load_index(session, active_versions(session), cache=cache)


def _build_forbidden(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_names: Any) -> Any:
        raise AssertionError("rebuilt although a good cache file was there")

    monkeypatch.setattr(indexes.CandidateIndex, "build", refuse)


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


def test_a_file_signed_with_another_secret_key_is_discarded(
    session: Session, small_list: str, cache: IndexCache, tmp_path: Path
) -> None:
    # What a cache directory copied from another deployment (or forged) looks like.
    _reload(session, cache)
    path = _cache_file(cache)
    name = path.stem.removeprefix("index-")
    foreign = replace(cache, key=b"k" * 32)
    indexes._write_signed(path, foreign.key, name, pickle.dumps(_Payload(tmp_path / "ran")))
    _reload(session, cache)
    assert not (tmp_path / "ran").exists()


def test_a_signed_file_copied_to_other_list_versions_is_discarded(
    session: Session, small_list: str, cache: IndexCache
) -> None:
    _reload(session, cache)
    other = cache.path("0" * 24)
    other.write_bytes(_cache_file(cache).read_bytes())
    assert indexes._load_cached(cache, "0" * 24) is None
    assert not other.exists()


@pytest.mark.parametrize("content", [b"", b"garbage", b"screening-index-signed-v1\nshort"])
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
