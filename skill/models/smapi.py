"""Models and manifest checked against Amazon's published SMAPI definitions (the ask-smapi-model spec), offline.

Amazon's Skill Management API describes an interaction model (`v1.skill.interactionModel.InteractionModelData`) and
a skill manifest (`v1.skill.Manifest.SkillManifestEnvelope`) as Swagger 2.0 definitions; the npm package
ask-smapi-model ships them as spec.json. smapi/spec.json beside this module is that file trimmed to the definitions
these two need (smapi/README.md says where it came from and how to make it again). check() follows the definitions
the way SMAPI reads them: types, required and unknown keys (refused: a key Amazon does not define is a typo or a
field in the wrong place), enums, lengths, counts, patterns, ranges, `allOf` and discriminated subtypes.

    python -m skill.models.smapi                      # check interaction_models/*.json and skill.json
    python -m skill.models.smapi --trim FULL_SPEC     # rewrite smapi/spec.json from a newer ask-smapi-model
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

SPEC = Path(__file__).with_name("smapi") / "spec.json"
MODEL = "v1.skill.interactionModel.InteractionModelData"
MANIFEST = "v1.skill.Manifest.SkillManifestEnvelope"
ROOTS = (MODEL, MANIFEST)
_TYPES = {"object": dict, "array": list, "string": str, "boolean": bool, "integer": int, "number": (int, float)}


@lru_cache(maxsize=None)
def load_spec(path: Path = SPEC) -> dict:
    """The (trimmed) spec: {"source": ..., "definitions": {...}}."""
    return json.loads(path.read_text(encoding="utf-8"))


class Checker:
    """Checks JSON values against one spec's definitions; every problem is "path: what" (path like a JSON pointer)."""

    def __init__(self, definitions: dict[str, dict]):
        self.definitions = definitions
        # base definition -> {discriminator value -> subtype definition}
        self.subtypes: dict[str, dict[str, str]] = {}
        for name, schema in definitions.items():
            value = schema.get("x-discriminator-value")
            for part in schema.get("allOf", []):
                if value is not None and "$ref" in part:
                    self.subtypes.setdefault(_ref_name(part["$ref"]), {})[value] = name

    def check(self, value: Any, definition: str) -> list[str]:
        problems: list[str] = []
        self._check(value, {"$ref": f"#/definitions/{definition}"}, "", problems)
        return problems

    def _resolve(self, schema: dict) -> tuple[dict, str | None]:
        name = None
        while "$ref" in schema:
            name = _ref_name(schema["$ref"])
            schema = self.definitions[name]
        return schema, name

    def _parts(self, schema: dict) -> list[dict]:
        """SCHEMA with $ref resolved and allOf flattened into its parts."""
        schema, _ = self._resolve(schema)
        parts = [schema]
        for part in schema.get("allOf", []):
            parts.extend(self._parts(part))
        return parts

    def _check(self, value: Any, schema: dict, path: str, problems: list[str]) -> None:
        schema, name = self._resolve(schema)
        discriminator = schema.get("discriminator")
        if discriminator and name in self.subtypes and isinstance(value, dict):
            kind = value.get(discriminator)
            subtype = self.subtypes[name].get(kind)
            if subtype is None:
                problems.append(f"{path}/{discriminator}: {kind!r} is none of {sorted(self.subtypes[name])}")
                return
            schema = self.definitions[subtype]
        parts = self._parts(schema)
        types = {part["type"] for part in parts if "type" in part}
        if types and not any(_is(value, kind) for kind in types):
            problems.append(f"{path or '/'}: {type(value).__name__} where {' or '.join(sorted(types))} is expected")
            return
        for part in parts:
            self._scalar(value, part, path, problems)
        if isinstance(value, dict):
            self._object(value, parts, path, problems)
        elif isinstance(value, list):
            for part in parts:
                if "minItems" in part and len(value) < part["minItems"]:
                    problems.append(f"{path}: {len(value)} items, at least {part['minItems']} needed")
                if "maxItems" in part and len(value) > part["maxItems"]:
                    problems.append(f"{path}: {len(value)} items, at most {part['maxItems']} allowed")
                if "items" in part:
                    for index, item in enumerate(value):
                        self._check(item, part["items"], f"{path}/{index}", problems)

    def _object(self, value: dict, parts: list[dict], path: str, problems: list[str]) -> None:
        properties: dict[str, dict] = {}
        required: set[str] = set()
        additional: Any = None
        for part in parts:
            properties.update(part.get("properties", {}))
            required.update(part.get("required", []))
            if "additionalProperties" in part:
                additional = part["additionalProperties"]
            if "minProperties" in part and len(value) < part["minProperties"]:
                problems.append(f"{path}: {len(value)} keys, at least {part['minProperties']} needed")
            if "maxProperties" in part and len(value) > part["maxProperties"]:
                problems.append(f"{path}: {len(value)} keys, at most {part['maxProperties']} allowed")
        for key in sorted(required - value.keys()):
            problems.append(f"{path}/{key}: required, missing")
        for key, item in value.items():
            if key in properties:
                self._check(item, properties[key], f"{path}/{key}", problems)
            elif isinstance(additional, dict):
                self._check(item, additional, f"{path}/{key}", problems)
            elif additional is not True:
                known = ", ".join(sorted(properties)) or "none"
                problems.append(f"{path}/{key}: unknown key (Amazon's definition has: {known})")

    @staticmethod
    def _scalar(value: Any, part: dict, path: str, problems: list[str]) -> None:
        where = path or "/"
        if "enum" in part and value not in part["enum"]:
            problems.append(f"{where}: {value!r} is not one of Amazon's values ({', '.join(map(str, part['enum']))})")
        if isinstance(value, str):
            if "minLength" in part and len(value) < part["minLength"]:
                problems.append(f"{where}: {len(value)} characters, at least {part['minLength']} needed")
            if "maxLength" in part and len(value) > part["maxLength"]:
                problems.append(f"{where}: {len(value)} characters, at most {part['maxLength']} allowed")
            if "pattern" in part and not re.search(part["pattern"], value):
                problems.append(f"{where}: {value[:60]!r} does not match {part['pattern']}")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if "minimum" in part and value < part["minimum"]:
                problems.append(f"{where}: {value} is below {part['minimum']}")
            if "maximum" in part and value > part["maximum"]:
                problems.append(f"{where}: {value} is above {part['maximum']}")


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _is(value: Any, kind: str) -> bool:
    if kind in ("integer", "number") and isinstance(value, bool):
        return False
    if kind == "integer" and isinstance(value, float):
        return value.is_integer()
    return isinstance(value, _TYPES.get(kind, object))


def check_model(model: Any, spec: dict | None = None) -> list[str]:
    """Problems of one interaction model file (the {"interactionModel": ...} document)."""
    return Checker((spec or load_spec())["definitions"]).check(model, MODEL)


def check_manifest(manifest: Any, spec: dict | None = None) -> list[str]:
    """Problems of skill.json (the {"manifest": ...} document)."""
    return Checker((spec or load_spec())["definitions"]).check(manifest, MANIFEST)


def check_project(models_dir: Path) -> list[str]:
    """Every interaction_models/<locale>.json and skill.json in MODELS_DIR, problems prefixed with the file name."""
    problems = []
    for path in sorted(models_dir.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        found = check_manifest(document) if path.name == "skill.json" else check_model(document)
        problems += [f"{path.name}{problem}" for problem in found]
    return problems


def trim(full: dict, roots: tuple[str, ...] = ROOTS) -> dict:
    """The definitions ROOTS need (references, allOf parts and discriminated subtypes), descriptions dropped."""
    definitions = full["definitions"]
    subtypes: dict[str, list[str]] = {}
    for name, schema in definitions.items():
        for part in schema.get("allOf", []):
            if "$ref" in part and "x-discriminator-value" in schema:
                subtypes.setdefault(_ref_name(part["$ref"]), []).append(name)
    keep: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in keep:
            continue
        keep.add(name)
        todo += subtypes.get(name, [])
        todo += [_ref_name(ref) for ref in re.findall(r'"\$ref": "([^"]+)"', json.dumps(definitions[name]))]

    def strip(schema: Any) -> Any:
        """SCHEMA without its own description and example (a property may itself be named "description")."""
        if isinstance(schema, list):
            return [strip(item) for item in schema]
        if not isinstance(schema, dict):
            return schema
        out = {}
        for key, item in schema.items():
            if key in ("description", "example"):
                continue
            if key == "properties":
                out[key] = {name: strip(sub) for name, sub in item.items()}
            else:
                out[key] = strip(item)
        return out

    return {name: strip(definitions[name]) for name in sorted(keep)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m skill.models.smapi", description=__doc__.split("\n")[0])
    parser.add_argument("--trim", metavar="FULL_SPEC", type=Path, help="rewrite smapi/spec.json from this spec.json")
    parser.add_argument("--source", default="npm ask-smapi-model", help="where FULL_SPEC came from (with --trim)")
    parser.add_argument("--models", type=Path, default=Path(__file__).resolve().parents[2] / "interaction_models")
    args = parser.parse_args(argv)
    if args.trim:
        definitions = trim(json.loads(args.trim.read_text(encoding="utf-8")))
        SPEC.write_text(json.dumps({"source": args.source, "roots": list(ROOTS), "definitions": definitions},
                                   indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{SPEC}: {len(definitions)} definitions")
        return 0
    problems = check_project(args.models)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} problem(s) against Amazon's SMAPI definitions", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
