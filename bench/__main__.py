"""List the benchmarks, or run one: ``python -m bench [NAME [ARGS...]]``.

``make bench`` lists them. ``python -m bench NAME --help`` shows a benchmark's options;
each prints figures and asserts nothing.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def available() -> dict[str, str]:
    """Benchmark module name -> the first line of its docstring (read, not imported)."""
    found = {}
    for module in pkgutil.iter_modules([str(HERE)]):
        if module.name.startswith("_"):
            continue
        source = (HERE / f"{module.name}.py").read_text(encoding="utf-8")
        doc = ast.get_docstring(ast.parse(source)) or ""
        found[module.name] = doc.splitlines()[0] if doc else ""
    return dict(sorted(found.items()))


def main(argv: list[str]) -> int:
    benches = available()
    if not argv or argv[0] in ("-h", "--help", "list"):
        print(__doc__.strip().splitlines()[0] + "\n")
        width = max(map(len, benches), default=0)
        for name, line in benches.items():
            print(f"  {name:<{width}}  {line}")
        print("\nRun one with: python -m bench NAME [--help]")
        return 0
    name, rest = argv[0], argv[1:]
    if name not in benches:
        print(f"unknown benchmark {name!r}; available: {', '.join(benches)}", file=sys.stderr)
        return 2
    sys.argv[0] = f"python -m bench {name}"  # for the benchmark's --help
    outcome = importlib.import_module(f"bench.{name}").main(rest)
    return int(outcome or 0)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
