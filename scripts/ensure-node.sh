#!/usr/bin/env bash
# The front-end libraries and the region data come from npm: `make setup` needs Node.js and npm.
# The version the portal needs is package.json's "engines" (Node 22 LTS or newer: idn-area-data 4
# declares it, and the Docker image builds with node:22).
#   scripts/ensure-node.sh [package.json]
# Missing node or npm stops setup with what to install; an older Node is said plainly (npm's
# own EBADENGINE warning names only the package), and setup goes on, since the portal only
# copies files out of node_modules and reads the region CSVs.
set -euo pipefail
PACKAGE_JSON=${1:-package.json}
required=22
engine='"node": *">= *([0-9]+)'
while IFS= read -r line; do
    if [[ $line =~ $engine ]]; then required=${BASH_REMATCH[1]}; break; fi
done < "$PACKAGE_JSON"
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    missing=node
    command -v node >/dev/null 2>&1 && missing=npm
    {
        echo "setup: Node.js $required or newer, with npm, is needed (package.json \"engines\"),"
        echo "and $missing is not on PATH. Install Node.js $required LTS (https://nodejs.org/en/download,"
        echo "or on Debian/Ubuntu NodeSource's nodejs $required.x package), then run make again."
    } >&2
    exit 1
fi
version=$(node --version)
major=${version#v}
major=${major%%.*}
if [ "$major" -lt "$required" ]; then
    {
        echo "setup: WARNING: Node.js $version is older than the $required the portal needs (package.json"
        echo "\"engines\"; idn-area-data 4 requires Node >= $required, hence npm's EBADENGINE warning)."
        echo "Setup goes on (it only copies files out of node_modules), but install Node.js $required LTS."
    } >&2
else
    echo "setup: Node.js $version (the portal needs >= $required)"
fi
