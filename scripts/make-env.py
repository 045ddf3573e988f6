#!/usr/bin/env python3
"""Write .env from .env.example with a fresh DJANGO_SECRET_KEY and POSTGRES_PASSWORD.

    python3 scripts/make-env.py [--output .env] [--force]

Only empty `DJANGO_SECRET_KEY=` / `POSTGRES_PASSWORD=` lines are filled; every other line is
copied as it is. An existing output file is kept unless --force is given.
"""

import argparse
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATED = {
    "DJANGO_SECRET_KEY": lambda: secrets.token_urlsafe(64),  # 86 characters
    "POSTGRES_PASSWORD": lambda: secrets.token_hex(24),  # URL-safe: it goes into DATABASE_URL
}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=ROOT / ".env")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    args = parser.parse_args(argv)
    if args.output.exists() and not args.force:
        print(f"{args.output} exists; keeping it (use --force to write a new one)", file=sys.stderr)
        return 0
    lines = []
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        name, sep, value = line.partition("=")
        if sep and name in GENERATED and not value.strip():
            line = f"{name}={GENERATED[name]()}"
        lines.append(line)
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args.output.chmod(0o600)
    print(f"wrote {args.output} with a new DJANGO_SECRET_KEY and POSTGRES_PASSWORD; "
          "now set DJANGO_ALLOWED_HOSTS and DJANGO_CSRF_TRUSTED_ORIGINS", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
