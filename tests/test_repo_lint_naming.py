"""Test files are named on one axis, `test_<area>_<layer>[_<topic>].py`, with the areas and layers docs/DESIGN.md
("Tests") lists: `pytest tests/test_routine_*` is one area and `pytest tests/*_domain*.py` one layer."""

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent
DESIGN = (TESTS.parent / "docs" / "DESIGN.md").read_text(encoding="utf-8")


def _named_in_design() -> tuple[set[str], set[str]]:
    section = DESIGN.split("\n## Tests\n", 1)[1].split("\n## ", 1)[0]
    areas = re.search(r"Areas: (.*?)\. Layers:", section, re.S).group(1)
    layers = section.split("Layers:", 1)[1].split("```", 2)[1]
    return ({re.sub(r"\s*\(.*", "", a).strip() for a in areas.replace("\n", " ").split(",")},
            {line.split()[0] for line in layers.splitlines() if line.strip()})


def test_every_test_file_is_named_by_an_area_and_a_layer_of_design_md():
    areas, layers = _named_in_design()
    wrong = []
    for path in sorted(TESTS.glob("test_*.py")):
        area, layer = (path.stem.split("_", 3)[1:] + ["", ""])[:2]
        if area not in areas or layer not in layers:
            wrong.append(f"{path.name}: area {area!r}, layer {layer!r}")
    assert wrong == [], f"areas {sorted(areas)}, layers {sorted(layers)}:\n" + "\n".join(wrong)
