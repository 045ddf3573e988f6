#!/usr/bin/env bash
# What the tests need from Debian beyond Python: the browser tests (pytest marker "browser")
# drive Debian's headless Chromium (/usr/bin/chromium and /usr/bin/chromedriver, packages
# chromium and chromium-driver), and the PDF tests read PDFs back with poppler's pdftotext and
# pdftoppm (package poppler-utils).
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "browser: installing Debian's ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y "${missing[@]}"
    exit 0
fi
cat >&2 <<MSG
browser: the tests need Debian's ${missing[*]}, and this is not a root shell with apt-get:
    sudo apt-get install ${missing[*]}
MSG
exit 1
