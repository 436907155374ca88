"""The suite reads only what the repository holds: no test file names a path outside it."""

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
# A string that starts by climbing ("../x", Path / ".."), an absolute path into the workplace, a climb past the
# repository root from a test file, or the sibling shared/ folder. URLs with dot segments (verification tests) pass.
OUTSIDE = re.compile(r"""["'(]\.\./|/\s*["']\.\.["']|["']/work/|parents\[(?:[2-9]|\d\d)\]|["']shared["']\s*/|\.\./shared""")


def test_no_test_file_refers_to_a_path_outside_the_repository():
    offenders = []
    for path in sorted(TESTS.rglob("*")):
        if not path.is_file() or path.suffix not in {".py", ".yaml", ".yml", ".json", ".txt", ".toml"}:
            continue
        if path == Path(__file__).resolve():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if OUTSIDE.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "test files reaching outside the repository:\n" + "\n".join(offenders)


def test_the_amazon_chain_fixture_is_in_the_repository():
    chain = TESTS / "fixtures" / "amazon" / "echo-api-cert-12.pem"
    assert chain.read_text().count("BEGIN CERTIFICATE") >= 2
