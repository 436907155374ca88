"""Checks a built pack: well-formed (parses as XML), no script, every response key present, internal links resolve."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from review.pack import anchor


def problems(html_path, content) -> list[str]:
    """What is wrong with the pack at HTML_PATH for CONTENT (empty when it is fine)."""
    text = Path(html_path).read_text(encoding="utf-8")
    body = text.split("\n", 1)[1] if text.startswith("<!DOCTYPE html>") else text
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        return [f"not well-formed: {exc}"]
    found = []
    ids, hrefs = set(), []
    for element in root.iter():
        if element.tag in ("script", "iframe", "object", "embed"):
            found.append(f"<{element.tag}> in a static pack")
        if any(name.lower().startswith("on") for name in element.attrib):
            found.append(f"event handler attribute on <{element.tag}>")
        if "id" in element.attrib:
            if element.attrib["id"] in ids:
                found.append(f"duplicate id {element.attrib['id']!r}")
            ids.add(element.attrib["id"])
        href = element.attrib.get("href")
        if href is not None:
            hrefs.append(href)
    for href in hrefs:
        if not href.startswith("#"):
            found.append(f"link leaves the page: {href!r}")
        elif href[1:] not in ids:
            found.append(f"internal link to a missing id: {href!r}")
    missing = [k for k in content.responses if anchor("key", k) not in ids]
    if missing:
        found.append(f"{len(missing)} response keys missing, e.g. {missing[:5]}")
    return found


def count_keys(html_path, content) -> int:
    """How many catalogue keys have their entry in the pack."""
    text = Path(html_path).read_text(encoding="utf-8")
    return sum(1 for k in content.responses if f'id="{anchor("key", k)}"' in text)
