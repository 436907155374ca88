"""ContentError: every problem found in the data files, each with its file and key."""
from __future__ import annotations


class ContentError(Exception):
    """Raised when the content files are broken; `problems` lists (file, key, message) triples."""

    def __init__(self, problems: list[tuple[str, str, str]]):
        self.problems = list(problems)
        lines = [f"{file}: {key}: {message}" for file, key, message in self.problems]
        head = f"{len(lines)} problem(s) in content files:" if len(lines) > 1 else "content file problem:"
        super().__init__(head + "\n  " + "\n  ".join(lines))
