#!/bin/sh
# Veil's set-up on a fresh Debian 12 machine: installs what is needed, builds, and then
#   tools/setup.sh run   — de-identifies the bundled demo case, verifies it, and opens the
#                          review window on it when there is a display;
#   tools/setup.sh test  — runs every test (unit, integration, UI under Xvfb, data checks)
#                          in a build with warnings as errors and AddressSanitizer/UBSan.
set -eu

cd "$(dirname "$0")/.."

mode="${1:-}"
case "$mode" in
run | test) ;;
*)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac

# What the build and the tests need, all from Debian 12's own archive.
build_packages="build-essential pkg-config meson ninja-build python3 gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev libdcmtk-dev libsndfile1-dev
  libsqlite3-dev libzip-dev libjson-glib-dev libpoppler-glib-dev libcairo2-dev libxml2-dev
  zlib1g-dev dcmtk desktop-file-utils appstream libtesseract-dev libleptonica-dev
  libopenjp2-7-dev tesseract-ocr-eng"
# wbritish: the word list tools/text-names/gen-names-data.py marks names that are also words with.
test_packages="wbritish dicom3tools tesseract-ocr poppler-utils qpdf libreoffice-writer-nogui xvfb xauth dbus dbus-x11 librsvg2-common adwaita-icon-theme
  fonts-dejavu-core zip unzip"

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "$0: installing packages needs root (or sudo)" >&2
        exit 1
    fi
}

missing=""
for package in $build_packages $test_packages; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $package"
done
if [ -n "$missing" ]; then
    echo "Installing:$missing"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    # shellcheck disable=SC2086
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
fi

if [ "$mode" = run ]; then
    [ -d build ] || meson setup build --buildtype=release
    ninja -C build

    demo=build/demo
    rm -rf "$demo"
    mkdir -p "$demo"
    data/demo/make-demo-case.sh "$demo/case"
    echo
    echo "== Exporting the demo case (preset: second-opinion) =="
    status=0
    build/engine/veil-cli export --out "$demo/export" --mapping "$demo/mapping.db" \
        --accessions "$demo/case/accessions.txt" "$demo/case/study" "$demo/case/report.txt" ||
        status=$?
    if [ "$status" -ge 2 ]; then
        exit "$status"
    fi
    echo
    echo "== Residual scan of the export =="
    build/engine/veil-cli verify --mapping "$demo/mapping.db" "$demo/export"
    build/engine/veil-cli mapping --mapping "$demo/mapping.db" --csv "$demo/mapping-csv"
    echo
    echo "Export: $demo/export    Mapping table (personal data): $demo/mapping.db, $demo/mapping-csv"
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -x build/app/veil ]; then
        GSETTINGS_SCHEMA_DIR=build/data exec build/app/veil "$demo/case/study" "$demo/case/report.txt"
    fi
    exit 0
fi

# Tests: a separate build with warnings as errors and the sanitizers.
[ -d build-test ] || meson setup build-test --buildtype=debug -Dwerror=true \
    -Db_sanitize=address,undefined -Db_lundef=false
ninja -C build-test
shift
status=0
meson test -C build-test --print-errorlogs --num-processes 2 "$@" || status=$?
# One closing line any reader understands, counted from meson's own log.
python3 - build-test/meson-logs/testlog.json <<'PY'
import json, sys
counts = {"passed": 0, "failed": 0, "skipped": 0}
for line in open(sys.argv[1]):
    result = json.loads(line)["result"]
    key = {"OK": "passed", "EXPECTEDFAIL": "passed", "SKIP": "skipped"}.get(result, "failed")
    counts[key] += 1
print("%(passed)d passed, %(failed)d failed, %(skipped)d skipped" % counts)
PY
exit "$status"
