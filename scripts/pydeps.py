#!/usr/bin/env python3
"""Print the Python requirements declared in pyproject.toml, one per line.

    python scripts/pydeps.py              # [project].dependencies only (production)
    python scripts/pydeps.py dev embedded # plus those optional-dependency groups

The project is not an installable package (`packages = []`), so instead of
`pip install -e .[dev,embedded]` (which leaves an egg-info folder in the tree)
the Makefile and the Dockerfile feed this list to `pip install -r`.
"""

import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def main(extras: list[str]) -> int:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    optional = project.get("optional-dependencies", {})
    unknown = [name for name in extras if name not in optional]
    if unknown:
        print(f"unknown extra(s) {unknown}; pyproject.toml has {sorted(optional)}", file=sys.stderr)
        return 2
    requirements = list(project.get("dependencies", []))
    for name in extras:
        requirements.extend(optional[name])
    print("\n".join(requirements))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
