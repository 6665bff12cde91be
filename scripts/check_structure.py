"""Structure checks of issue 14, run in CI: import circles, sizes, hidden imports.

    python scripts/check_structure.py            # report and exit 1 on any violation
    python scripts/check_structure.py --report   # print the figures only (exit 0)

- Import circles between the project's modules, counting imports inside functions too.
- An import inside a function must carry a comment saying why (start-up cost, optional dependency,
  Django's app registry) on the line itself or the line above.
- Sizes: no module over 600 lines, no function over 60 lines, no view over 40 lines (a function
  taking `request` first, or a method of a class-based view), outside migrations and tests.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("analysis", "cms", "home", "news", "opinions", "search", "reports", "monitoring", "surveys", "privacy")
SKIP_PARTS = {"migrations", ".venv", "var", "node_modules"}
MAX_MODULE, MAX_FUNCTION, MAX_VIEW = 600, 60, 40
VIEW_METHODS = {"get", "post", "put", "patch", "delete", "dispatch", "form_valid", "get_context_data"}


def project_files():
    for package in PACKAGES:
        base = ROOT / package
        if not base.exists():
            continue
        for path in sorted(base.rglob("*.py")):
            if SKIP_PARTS.intersection(path.relative_to(ROOT).parts):
                continue
            yield path


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def resolve(node: ast.ImportFrom, current: str, is_package: bool) -> str:
    if node.level == 0:
        return node.module or ""
    base = current.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(path: Path, modules: set[str]):
    """(imported module, line, inside a function) for each import of a project module."""
    current = module_name(path)
    tree = ast.parse(path.read_text(), str(path))
    parents = {}
    for parent in ast.walk(tree):
        for child in ast.iter_child_nodes(parent):
            parents[child] = parent

    def in_function(node):
        while node in parents:
            node = parents[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                return True
        return False

    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = resolve(node, current, path.name == "__init__.py")
            for alias in node.names:
                full = f"{base}.{alias.name}"
                targets.append(full if full in modules else base)
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != current:
                yield target, node.lineno, in_function(node)


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on_stack, result = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in graph.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                result.append(sorted(component))

    sys.setrecursionlimit(10000)
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return result


def is_view(node: ast.FunctionDef, in_class: str | None) -> bool:
    args = [a.arg for a in node.args.args]
    if in_class is None:
        return bool(args) and args[0] == "request"
    return in_class.endswith("View") and node.name in VIEW_METHODS


def sizes(path: Path):
    text = path.read_text()
    lines = text.count("\n") + 1
    problems = []
    if lines > MAX_MODULE:
        problems.append(f"{path.relative_to(ROOT)}: module of {lines} lines (> {MAX_MODULE})")
    tree = ast.parse(text)

    def walk(node, in_class=None):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                walk(child, child.name)
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                length = child.end_lineno - child.lineno + 1
                limit = MAX_VIEW if is_view(child, in_class) else MAX_FUNCTION
                if length > limit:
                    kind = "view" if limit == MAX_VIEW else "function"
                    name = f"{in_class}.{child.name}" if in_class else child.name
                    problems.append(
                        f"{path.relative_to(ROOT)}:{child.lineno}: {kind} {name} of {length} lines (> {limit})"
                    )
                walk(child, None)

    walk(tree)
    return problems


def hidden_imports(path: Path, modules: set[str]):
    lines = path.read_text().splitlines()
    problems = []
    for target, line, inside in imports_of(path, modules):
        if not inside:
            continue
        here, above = lines[line - 1], lines[line - 2] if line > 1 else ""
        if "#" not in here and not above.strip().startswith("#"):
            problems.append(f"{path.relative_to(ROOT)}:{line}: import of {target} inside a function without a comment")
    return problems


def main(argv):
    files = list(project_files())
    modules = {module_name(p) for p in files}
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for path in files:
        for target, _line, _inside in imports_of(path, modules):
            graph[module_name(path)].add(target)
    found_circles = circles(graph)
    size_problems = [p for path in files for p in sizes(path)]
    hidden = [p for path in files for p in hidden_imports(path, modules)]
    for component in found_circles:
        print("circle:", " ↔ ".join(component))
    for problem in size_problems + hidden:
        print(problem)
    print(
        f"modules {len(modules)}, circles {len(found_circles)}, size offenders {len(size_problems)}, "
        f"uncommented imports in functions {len(hidden)}"
    )
    if "--report" in argv:
        return 0
    return 1 if found_circles or size_problems or hidden else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
