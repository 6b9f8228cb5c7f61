"""The GraphQL-over-HTTP audit (graphql-http's own suite) against the running server.

The audit is the shared checking tool ../shared/tools/http-audit (npm package graphql-http,
pinned); it runs where that tool and Node.js are present. tests/test_http_status.py checks
the same behaviors with the project's own tests everywhere.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

AUDIT = Path(__file__).parents[2] / "shared" / "tools" / "http-audit" / "run"


@pytest.mark.slow
@pytest.mark.skipif(
    not AUDIT.exists() or shutil.which("npm") is None,
    reason="needs ../shared/tools/http-audit beside this checkout and npm "
    "(the shared directory is outside the repository: README, Development)",
)
def test_every_must_and_should_audit_passes(live_server: str) -> None:
    result = subprocess.run(
        [str(AUDIT), f"{live_server}/graphql"], capture_output=True, text=True, timeout=300, check=False
    )
    summary = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr
    counts = re.findall(r"(MUST|SHOULD|MAY): (\d+)/(\d+) passed", summary)
    assert counts, result.stdout + result.stderr
    for level, passed, total in counts:
        if level in ("MUST", "SHOULD"):
            assert passed == total, f"{level} audits failing:\n{result.stdout}"
