"""The shared content module: reviewed data files and the loader that validates them."""
from __future__ import annotations

from pathlib import Path

from content.errors import ContentError
from content.model import Content

__all__ = ["Content", "ContentError", "get", "load"]

_cached: Content | None = None


def load(data_dir: str | Path | None = None) -> Content:
    """Read and validate every data file; raises ContentError listing each problem with its file and key."""
    from content.loader import read_all
    from content.schema import Checker

    files, responses = read_all(Path(data_dir) if data_dir is not None else None)
    checker = Checker(files, responses)
    problems = checker.run()
    if problems:
        raise ContentError(problems)
    locales = files["locales.yaml"]
    return Content(
        sources=files["sources.yaml"]["sources"],
        locales=locales["locales"],
        default_locale=locales["default"],
        therapy=files["therapy.yaml"],
        exercises=files["exercises.yaml"],
        routines=files["routines.yaml"],
        screening=files["screening.yaml"],
        responses=checker.catalogue,
        response_files=checker.catalogue_file,
        referenced_keys=frozenset(checker.referenced),
        countries=_with_elsewhere(locales.get("countries") or {}, locales.get("elsewhere")),
    )


def _with_elsewhere(countries: dict, elsewhere: dict | None) -> dict:
    """The known countries plus ELSEWHERE (a country with no entry: its lines name no number)."""
    from content.model import ELSEWHERE
    if not elsewhere:
        return countries
    return {**countries, ELSEWHERE: {**elsewhere, "emergency": "local", "zones": []}}


def get() -> Content:
    """The packaged content, loaded and validated once per process (skill start, Lambda cold start)."""
    global _cached
    if _cached is None:
        _cached = load()
    return _cached
