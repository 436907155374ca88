"""The hazard log (docs/safety/hazard-log.yaml): DCB0129's shape, its risk arithmetic, and tests that exist.

The verifying tests are found with pytest's own collection (a `--collect-only` run over the files the log names),
so a renamed or deleted test, or a parametrised case that no longer exists, fails here.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import load_yaml

ROOT = Path(__file__).resolve().parents[1]
LOG = ROOT / "docs" / "safety" / "hazard-log.yaml"
SEVERITIES = ("minor", "significant", "considerable", "major", "catastrophic")
LIKELIHOODS = ("very_low", "low", "medium", "high", "very_high")
FIELDS = ("id", "hazard", "cause", "effect", "severity", "likelihood", "risk", "controls", "verified_by", "residual")


@pytest.fixture(scope="module")
def log() -> dict:
    return load_yaml(LOG.read_text(encoding="utf-8"))


def verifying_tests(log: dict) -> list[str]:
    return sorted({t for h in log["hazards"] for t in h["verified_by"]})


@pytest.fixture(scope="module")
def collected(log) -> set[str]:
    """Node ids pytest collects from the test files the log names."""
    files = sorted({t.split("::", 1)[0] for t in verifying_tests(log)})
    missing = [f for f in files if not (ROOT / f).is_file()]
    assert missing == [], f"the hazard log names test files that do not exist: {missing}"
    run = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *files],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    ids = {line.strip() for line in run.stdout.splitlines() if "::" in line}
    assert ids, f"collection found nothing:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}"
    return ids


def test_the_log_has_at_least_fifteen_hazards_in_dcb0129_shape(log):
    hazards = log["hazards"]
    assert len(hazards) >= 15
    assert len({h["id"] for h in hazards}) == len(hazards), "hazard ids are unique"
    for h in hazards:
        assert tuple(k for k in FIELDS if k in h) == FIELDS, (h.get("id"), sorted(set(FIELDS) - set(h)))
        for field in ("hazard", "cause", "effect"):
            assert isinstance(h[field], str) and len(h[field]) > 10, (h["id"], field)
        assert h["controls"] and all(isinstance(c, str) and c for c in h["controls"]), h["id"]
        assert h["verified_by"], f"{h['id']}: every hazard has at least one verifying test"
        assert h["severity"] in SEVERITIES and h["likelihood"] in LIKELIHOODS, h["id"]
        residual = h["residual"]
        assert residual["severity"] in SEVERITIES and residual["likelihood"] in LIKELIHOODS, h["id"]


def test_every_risk_is_the_matrix_value_and_controls_never_raise_it(log):
    matrix = log["matrix"]
    assert set(matrix) == set(LIKELIHOODS) and all(len(row) == len(SEVERITIES) for row in matrix.values())
    for h in log["hazards"]:
        for part in (h, h["residual"]):
            expected = matrix[part["likelihood"]][SEVERITIES.index(part["severity"])]
            assert part["risk"] == expected, (h["id"], part["severity"], part["likelihood"], part["risk"], expected)
        assert h["residual"]["risk"] <= h["risk"], h["id"]
        assert h["residual"]["risk"] <= 3, f"{h['id']}: a residual risk above 3 is not acceptable for release"


def test_the_log_covers_the_hazards_the_issue_names(log):
    text = " ".join(f"{h['hazard']} {h['cause']}" for h in log["hazards"]).lower()
    for words in ("cauda equina", "wrong emergency number", "burn from heat", "ice left on too long",
                  "nerve root", "misheard", "cannot reach a phone", "store or an alexa api fails",
                  "after a content change"):
        assert words in text, words


def test_every_verifying_test_exists(log, collected):
    missing = []
    for test_id in verifying_tests(log):
        assert test_id.startswith("tests/") and "::" in test_id, f"not a pytest id: {test_id}"
        if "[" in test_id:
            found = test_id in collected
        else:
            found = test_id in collected or any(c.startswith(test_id + "[") for c in collected)
        if not found:
            missing.append(test_id)
    assert missing == [], f"verified_by names tests pytest does not collect: {missing}"
