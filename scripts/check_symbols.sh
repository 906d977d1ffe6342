#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The shared library exports exactly the public API: every function the
# installed headers declare (static inline ones aside), and nothing else.
# Usage: scripts/check_symbols.sh PREFIX   (an installed scmi_vio)
set -euo pipefail
prefix=$1
lib=$(find "$prefix" -name 'libscmi_vio.so' | head -n 1)
inc=$prefix/include
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# gcc -aux-info lists every function prototype it sees, with its file.
for h in "$inc"/scmi_vio/*.h; do
	echo "#include <scmi_vio/${h##*/}>"
done >"$tmp/all.c"
gcc -std=c11 -I"$inc" -aux-info "$tmp/aux" -fsyntax-only "$tmp/all.c"
grep -F "$inc/scmi_vio/" "$tmp/aux" | grep -v ' static ' |
	sed -E 's/.*[ *]([A-Za-z_0-9]+) \(.*/\1/' | sort -u >"$tmp/declared"
nm -D --defined-only "$lib" | awk '$2 == "T" || $2 == "D" || $2 == "B" ||
	$2 == "R" { sub(/@.*/, "", $3); print $3 }' | sort -u >"$tmp/exported"

if ! diff -u "$tmp/declared" "$tmp/exported" >"$tmp/diff"; then
	echo "check_symbols: declared (-) and exported (+) differ:" >&2
	grep '^[-+][^-+]' "$tmp/diff" >&2
	exit 1
fi
echo "check_symbols: $(wc -l <"$tmp/exported") exported symbols," \
	"all declared in $inc/scmi_vio"
