#!/bin/sh
# Fail if a file under app/ or data/ui/ has translatable strings (a _() call
# or translatable="yes") but is not listed in po/POTFILES.in, since xgettext
# would then silently leave its strings untranslated.
#
# Usage: check-potfiles.sh SOURCE_ROOT

set -u

srcdir=${1:-$(dirname "$0")/..}
potfiles="$srcdir/po/POTFILES.in"

if [ ! -r "$potfiles" ]; then
    echo "cannot read $potfiles" >&2
    exit 1
fi

status=0
candidates=$(cd "$srcdir" && find app data/ui -type f \
    \( -name '*.c' -o -name '*.h' -o -name '*.ui' \) 2>/dev/null | LC_ALL=C sort)

for file in $candidates; do
    if grep -q -e '_(' -e 'translatable="yes"' "$srcdir/$file"; then
        if ! grep -qx -F "$file" "$potfiles"; then
            echo "$file has translatable strings but is not in po/POTFILES.in" >&2
            status=1
        fi
    fi
done

# Also catch the opposite mistake: a listed file that no longer exists
# makes xgettext (and so `ninja veil-pot`) fail.
for file in $(grep -v -e '^#' -e '^[[:space:]]*$' "$potfiles"); do
    if [ ! -e "$srcdir/$file" ]; then
        echo "po/POTFILES.in lists $file, which does not exist" >&2
        status=1
    fi
done

[ $status -eq 0 ] && echo "po/POTFILES.in covers every file with translatable strings"
exit $status
