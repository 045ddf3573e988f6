"""Setup names the Node.js version the portal needs (package.json "engines", the README) and
says so plainly when node is missing or too old (scripts/ensure-node.sh, run by `make setup`)."""

import json
import subprocess
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
SCRIPT = BASE / "scripts" / "ensure-node.sh"


def fake_node(tmp_path: Path, version: str | None) -> Path:
    """A bin directory holding a `node` that reports `version` (none when None) and an `npm`."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    tools = {"npm": "#!/bin/sh\necho 10.0.0\n"}
    if version:
        tools["node"] = f"#!/bin/sh\necho {version}\n"
    for name, text in tools.items():
        (bin_dir / name).write_text(text)
        (bin_dir / name).chmod(0o755)
    return bin_dir


def run(bin_dir: Path):
    return subprocess.run(["/bin/bash", str(SCRIPT), str(BASE / "package.json")], capture_output=True, text=True,
                          env={"PATH": str(bin_dir)}, check=False)


def test_package_json_and_the_readme_name_node_22():
    engines = json.loads((BASE / "package.json").read_text())["engines"]
    assert engines == {"node": ">=22"}
    assert "Node.js 22 or newer" in (BASE / "README.md").read_text()


def test_setup_stops_and_says_what_to_install_when_node_is_missing(tmp_path):
    result = run(fake_node(tmp_path, None))
    assert result.returncode == 1
    assert "Node.js 22 or newer, with npm, is needed" in result.stderr
    assert "node is not on PATH" in result.stderr


def test_setup_warns_plainly_when_node_is_older_than_22(tmp_path):
    result = run(fake_node(tmp_path, "v20.20.2"))
    assert result.returncode == 0
    assert "Node.js v20.20.2 is older than the 22 the portal needs" in result.stderr


def test_setup_is_quiet_about_a_recent_node(tmp_path):
    result = run(fake_node(tmp_path, "v22.11.0"))
    assert result.returncode == 0 and result.stderr == ""
    assert "Node.js v22.11.0" in result.stdout


def test_the_makefile_checks_node_before_npm_ci():
    makefile = (BASE / "Makefile").read_text()
    npm_rule = makefile[makefile.index("$(NPM_STAMP): package.json"):]
    assert npm_rule.index("scripts/ensure-node.sh") < npm_rule.index("npm ci")
