"""Where each response key is said: the code that speaks it (AST scan of skill/) and the data items that name it."""
from __future__ import annotations

import ast
import functools
from dataclasses import dataclass
from pathlib import Path

from content.schema import KEY_RE, Checker

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Use:
    """One place a key is spoken from: a source file and line, the class/function, and what that code is for."""

    path: str
    line: int
    scope: str
    doc: str
    prefix: bool = False        # the key is built by an f-string with this key's prefix


def _first_line(node) -> str:
    doc = ast.get_docstring(node) if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) else None
    return doc.strip().splitlines()[0] if doc else ""


def _scopes(tree: ast.AST) -> dict[ast.AST, list[ast.AST]]:
    """Each node -> the class/function nodes that enclose it, outermost first."""
    enclosing: dict[ast.AST, list[ast.AST]] = {}

    def walk(node, chain):
        for child in ast.iter_child_nodes(node):
            enclosing[child] = chain
            inner = chain + [child] if isinstance(child, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) \
                else chain
            walk(child, inner)

    walk(tree, [])
    return enclosing


def _use(path: Path, node, chain, root: Path, prefix=False) -> Use:
    scope = ".".join(n.name for n in chain) or "(module)"
    doc = next((_first_line(n) for n in reversed(chain) if _first_line(n)), "")
    return Use(str(path.relative_to(root)), node.lineno, scope, doc, prefix)


def parse_file(path: Path) -> ast.Module:
    """PATH's syntax tree, parsed once per process for each state of the file (the review pack and the linker
    tests walk the same code files several times in one test run); callers only read it."""
    stat = path.stat()
    return _parsed(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=512)
def _parsed(path: str, mtime_ns: int, size: int) -> ast.Module:
    return ast.parse(Path(path).read_text(encoding="utf-8"), filename=path)


def code_uses(keys, root: Path = ROOT) -> dict[str, list[Use]]:
    """{catalogue key: [Use]} for string literals (and f-string prefixes) in skill/**/*.py."""
    files = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in sorted((root / "skill").rglob("*.py")))
    found = _code_uses(frozenset(keys), root, files)
    return {key: list(uses) for key, uses in found.items()}


@functools.lru_cache(maxsize=8)
def _code_uses(keys: frozenset, root: Path, files: tuple) -> dict[str, list[Use]]:
    """code_uses, once per set of keys and state of the code files (the pack is built more than once in tests)."""
    keys = set(keys)
    areas = {k.split(".", 1)[0] for k in keys}
    found: dict[str, list[Use]] = {}
    for path in sorted((root / "skill").rglob("*.py")):
        tree = parse_file(path)
        chains = _scopes(tree)
        constants = _module_constants(tree, keys)          # NAME = "area.key" at module level
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in constants:
                chain = chains.get(node, [])
                if chain:                                   # a function that speaks the key through its constant
                    for key in constants[node.id]:
                        found.setdefault(key, []).append(_use(path, node, chain, root))
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if node.value in keys:
                    found.setdefault(node.value, []).append(_use(path, node, chains.get(node, []), root))
            elif isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
                head = str(node.values[0].value)
                if head.split(".", 1)[0] in areas and head.endswith(".") and KEY_RE.match(head + "x"):
                    use = _use(path, node, chains.get(node, []), root, prefix=True)
                    for key in keys:
                        if key.startswith(head):
                            found.setdefault(key, []).append(use)
    return found


def _module_constants(tree: ast.Module, keys: set[str]) -> dict[str, list[str]]:
    """{NAME: [keys]} for module-level NAME = "key" (or a tuple/list/dict of keys)."""
    out: dict[str, list[str]] = {}
    for node in tree.body:
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            values = [n.value for n in ast.walk(node.value) if isinstance(n, ast.Constant) and n.value in keys]
            for target in targets:
                if isinstance(target, ast.Name) and values:
                    out.setdefault(target.id, []).extend(values)
    return out


class _AllRefs(Checker):
    """The schema walk, keeping every data item that speaks through a key (the checker keeps only the first)."""

    def __init__(self, files, responses):
        super().__init__(files, responses)
        self.all_refs: dict[str, list[tuple[str, str]]] = {}

    def refer(self, file, key, response_key, clinical=True):
        super().refer(file, key, response_key, clinical)
        if isinstance(response_key, str):
            self.all_refs.setdefault(response_key, []).append((file, key))


def data_uses(data_dir: Path | None = None) -> dict[str, list[tuple[str, str]]]:
    """{catalogue key: [(data file, item path)]} for every data item that names the key."""
    from content.loader import read_all

    files, responses = read_all(data_dir)
    checker = _AllRefs(files, responses)
    checker.run()
    return checker.all_refs
