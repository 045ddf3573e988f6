#!/usr/bin/env bash
# `manage.py compilemessages` needs GNU gettext's msgfmt (Debian package gettext).
set -euo pipefail
command -v msgfmt >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "gettext: msgfmt is missing; installing Debian's gettext" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y gettext
    exit 0
fi
cat >&2 <<'MSG'
gettext: msgfmt (GNU gettext) is missing, and this is not a root shell with apt-get.
Install it, then run make again:
    Debian/Ubuntu:  sudo apt-get install gettext
    Fedora:         sudo dnf install gettext
    macOS:          brew install gettext
MSG
exit 1
