#!/bin/sh
# Copy the front-end libraries that `npm ci` installed into static/vendor/ (gitignored),
# where the templates find them through {% static %}.
#   scripts/vendor.sh [NODE_MODULES_DIR] [DEST_DIR]
# The source maps go along: the minified files name them, and Django's manifest storage
# (collectstatic in production) fails on a reference to a missing file.
set -eu
NM=${1:-node_modules}
DEST=${2:-static/vendor}

copy() {
    [ -f "$1" ] || { echo "vendor: $1 is missing; run npm ci first" >&2; exit 1; }
    mkdir -p "$(dirname "$2")"
    cp "$1" "$2"
}

copy "$NM/bootstrap/dist/css/bootstrap.min.css"          "$DEST/bootstrap/bootstrap.min.css"
copy "$NM/bootstrap/dist/css/bootstrap.min.css.map"      "$DEST/bootstrap/bootstrap.min.css.map"
copy "$NM/bootstrap/dist/js/bootstrap.bundle.min.js"     "$DEST/bootstrap/bootstrap.bundle.min.js"
copy "$NM/bootstrap/dist/js/bootstrap.bundle.min.js.map" "$DEST/bootstrap/bootstrap.bundle.min.js.map"
copy "$NM/htmx.org/dist/htmx.min.js"                     "$DEST/htmx/htmx.min.js"
copy "$NM/chart.js/dist/chart.umd.min.js"                "$DEST/chartjs/chart.umd.min.js"
copy "$NM/chart.js/dist/chart.umd.min.js.map"            "$DEST/chartjs/chart.umd.min.js.map"
copy "$NM/bootstrap-icons/font/bootstrap-icons.min.css"    "$DEST/bootstrap-icons/bootstrap-icons.min.css"
copy "$NM/bootstrap-icons/font/fonts/bootstrap-icons.woff2" "$DEST/bootstrap-icons/fonts/bootstrap-icons.woff2"
copy "$NM/bootstrap-icons/font/fonts/bootstrap-icons.woff"  "$DEST/bootstrap-icons/fonts/bootstrap-icons.woff"
copy "$NM/tom-select/dist/js/tom-select.complete.min.js"    "$DEST/tom-select/tom-select.complete.min.js"
copy "$NM/tom-select/dist/js/tom-select.complete.min.js.map" "$DEST/tom-select/tom-select.complete.min.js.map"
copy "$NM/tom-select/dist/css/tom-select.bootstrap5.min.css" "$DEST/tom-select/tom-select.bootstrap5.min.css"
copy "$NM/tom-select/dist/css/tom-select.bootstrap5.min.css.map" "$DEST/tom-select/tom-select.bootstrap5.min.css.map"
echo "vendor: bootstrap, bootstrap-icons, htmx, chart.js and tom-select copied into $DEST"
