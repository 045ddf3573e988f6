#!/usr/bin/env bash
# The browser tests (pytest marker "browser") drive Debian's headless Chromium:
# /usr/bin/chromium and /usr/bin/chromedriver (packages chromium and chromium-driver).
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "browser: installing Debian's chromium and chromium-driver" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y chromium chromium-driver
    exit 0
fi
cat >&2 <<'MSG'
browser: /usr/bin/chromium and /usr/bin/chromedriver are missing, and this is not a root
shell with apt-get. The browser tests need them:
    sudo apt-get install chromium chromium-driver
MSG
exit 1
