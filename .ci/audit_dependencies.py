"""Audit the locked dependencies (requirements.lock) for known vulnerabilities with pip-audit.

Exit 1 when pip-audit reports a vulnerability. pip-audit needs its vulnerability
database from the network; where it cannot reach it, it skips every package and
exits 0, which would read as a pass. That case is reported as SKIPPED, clearly,
and does not fail the run: the lock and its floors are still checked by the tests.

Usage: python .ci/audit_dependencies.py [requirements.lock]
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any


def verdict(report: dict[str, Any] | None, stderr: str = "") -> tuple[int, str]:
    """(exit code, message) for a pip-audit JSON report (None when it produced none)."""
    if report is None:
        reason = (stderr.strip().splitlines() or ["no report"])[-1]
        return 0, f"dependency audit SKIPPED: pip-audit could not run ({reason})"
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    if vulnerable:
        lines = [
            f"  {d['name']} {d.get('version', '?')}: "
            + ", ".join(
                f"{v['id']} (fixed in {', '.join(v.get('fix_versions') or ['no release yet'])})"
                for v in d["vulns"]
            )
            for d in vulnerable
        ]
        return 1, "known vulnerabilities in requirements.lock:\n" + "\n".join(lines)
    if dependencies and len(skipped) == len(dependencies):
        return 0, (
            "dependency audit SKIPPED: the vulnerability database is unreachable from here "
            f"(pip-audit skipped all {len(dependencies)} packages: {skipped[0]['skip_reason']})"
        )
    audited = len(dependencies) - len(skipped)
    message = f"no known vulnerabilities in {audited} locked packages"
    if skipped:
        message += "; not audited: " + ", ".join(d["name"] for d in skipped)
    return 0, message


def main(lock: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "audit.json"
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "pip_audit",
                "--requirement",
                str(lock),
                "--require-hashes",
                "--disable-pip",
                "--progress-spinner",
                "off",
                "--format",
                "json",
                "--output",
                str(out),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        report = json.loads(out.read_text()) if out.exists() and out.stat().st_size else None
    code, message = verdict(report, run.stderr)
    print(message)
    return code


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "requirements.lock")))
