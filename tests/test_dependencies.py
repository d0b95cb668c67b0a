"""Dependencies: floors that exclude known-vulnerable releases, a hash-checked lock file
that the image installs, and an audit of the locked set in CI."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parents[1]
LOCK = REPO / "requirements.lock"


def _declared() -> dict[str, Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    requirements = (Requirement(r) for r in project["dependencies"])
    return {canonicalize_name(r.name): r for r in requirements}


def _locked() -> dict[str, tuple[Version, int]]:
    """name -> (pinned version, number of hashes)."""
    pins: dict[str, tuple[Version, int]] = {}
    for block in re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text()):
        found = re.match(r"([A-Za-z0-9._-]+)==(\S+)", block)
        if found:
            pins[canonicalize_name(found.group(1))] = (
                Version(found.group(2)),
                len(re.findall(r"--hash=sha256:[0-9a-f]{64}", block)),
            )
    return pins


@pytest.mark.parametrize(
    ("package", "vulnerable"),
    [
        ("flask", "3.1.0"),  # CVE-2025-47278
        ("werkzeug", "3.1.5"),  # safe_join device names (CVE-2026-27199)
        ("werkzeug", "3.0.5"),  # CVE-2024-49766, CVE-2024-49767
        ("jinja2", "3.1.5"),  # CVE-2025-27516
        ("gunicorn", "22.0.0"),  # CVE-2024-6827
    ],
)
def test_floors_exclude_known_vulnerable_releases(package: str, vulnerable: str) -> None:
    declared = _declared()
    assert package in declared, f"{package} must be declared with a floor"
    assert not declared[package].specifier.contains(vulnerable)


def test_lock_pins_every_dependency_within_its_declared_range_with_hashes() -> None:
    locked = _locked()
    assert locked, "requirements.lock holds no pins"
    for name, requirement in _declared().items():
        assert name in locked, f"{name} is declared but not locked: regenerate requirements.lock"
        version, _hashes = locked[name]
        assert requirement.specifier.contains(version), f"{name}=={version} vs {requirement}"
    unhashed = [name for name, (_version, hashes) in locked.items() if hashes == 0]
    assert unhashed == [], f"pins without hashes: {unhashed}"


def test_image_installs_the_lock_with_hashes_and_the_project_without_dependencies() -> None:
    dockerfile = (REPO / "Dockerfile").read_text()
    assert re.search(r"pip install [^\n]*--require-hashes[^\n]*-r requirements\.lock", dockerfile)
    project_install = re.search(r"pip install [^\n]*--no-deps \.", dockerfile)
    assert project_install, "the project is installed with --no-deps, adding nothing unlocked"
    assert dockerfile.index("requirements.lock") < project_install.start()


def _audit_script() -> Any:
    spec = importlib.util.spec_from_file_location("audit", REPO / ".ci" / "audit_dependencies.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_ci_audits_the_locked_set() -> None:
    assert ".ci/audit_dependencies.py requirements.lock" in (REPO / ".ci" / "run").read_text()


def test_audit_fails_on_a_vulnerability() -> None:
    report = {
        "dependencies": [
            {
                "name": "flask",
                "version": "3.1.0",
                "vulns": [{"id": "GHSA-4grg-w6v8-c28g", "fix_versions": ["3.1.1"]}],
            },
            {"name": "click", "version": "8.1.8", "vulns": []},
        ]
    }
    code, message = _audit_script().verdict(report)
    assert code == 1
    assert "flask 3.1.0: GHSA-4grg-w6v8-c28g (fixed in 3.1.1)" in message


def test_audit_says_skipped_when_the_database_is_unreachable() -> None:
    reason = "Dependency not found on PyPI and could not be audited: flask (3.1.3)"
    report = {"dependencies": [{"name": "flask", "skip_reason": reason}]}
    code, message = _audit_script().verdict(report)
    assert code == 0 and message.startswith("dependency audit SKIPPED")
    code, message = _audit_script().verdict(None, "ConnectionError: Name or service not known\n")
    assert code == 0 and "SKIPPED" in message and "Name or service not known" in message


def test_audit_passes_a_clean_report() -> None:
    report = {"dependencies": [{"name": "flask", "version": "3.1.3", "vulns": []}]}
    assert _audit_script().verdict(report) == (0, "no known vulnerabilities in 1 locked packages")
