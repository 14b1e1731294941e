"""Shared fixtures: paths to the repository, its examples, and ../shared (skipped if absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SHARED = Path(os.environ.get("NEWSITEM_SHARED", ROOT.parent / "shared")).resolve()

settings.register_profile(
    "default", max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder with the IPTC anchors and the sample page; skips when absent."""
    if not SHARED.is_dir():
        pytest.skip(f"../shared is not present at {SHARED}; set NEWSITEM_SHARED to run this")
    return SHARED


@pytest.fixture(scope="session")
def anchors_dir(shared_dir: Path) -> Path:
    """../shared/anchors (IPTC schemas, examples, test suites); skips when absent."""
    path = shared_dir / "anchors"
    if not path.is_dir():
        pytest.skip(f"{path} is not present")
    return path
