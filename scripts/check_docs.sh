#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Build the API reference (docs/Doxyfile.in) and fail if Doxygen reports a
# public function, type, enumeration, typedef or macro without a doc
# comment, a doc comment it cannot parse (unknown command, a parameter
# that does not exist, unbalanced groups), or a link in README.md or
# docs/*.md that leads nowhere.  Undocumented struct fields are
# counted and listed; --strict fails on them too, --paramdoc also asks for
# every parameter of a documented function.
# Usage: scripts/check_docs.sh [--strict] [--paramdoc] [build-dir]
set -euo pipefail
cd "$(dirname "$0")/.."

strict=0
paramdoc=NO
build="build-docs"
for a in "$@"; do
	case $a in
	--strict) strict=1 ;;
	--paramdoc) paramdoc=YES ;;
	-*) echo "usage: $0 [--strict] [--paramdoc] [build-dir]" >&2; exit 2 ;;
	*) build=$a ;;
	esac
done

if ! command -v doxygen >/dev/null; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "check_docs: needs doxygen; as root: apt-get install -y doxygen" >&2
		exit 1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		--no-install-recommends doxygen >/dev/null
fi

cmake -S . -B "$build" -DSCMI_VIO_BUILD_DOCS=ON \
	-DSCMI_VIO_DOCS_PARAMDOC="$paramdoc" -DSCMI_VIO_BUILD_TESTS=OFF \
	-DSCMI_VIO_BUILD_BENCH=OFF -DSCMI_VIO_BUILD_EXAMPLES=OFF >/dev/null
rm -f "$build/docs/warnings.log" "$build/docs/html/index.html"
cmake --build "$build" --target docs >/dev/null

log=$build/docs/warnings.log
field='\((variable)\) of (struct|union) .* is not documented'
fields=$(grep -cE "$field" "$log" || true)
if [ "$strict" = 1 ]; then
	bad=$(cat "$log")
else
	bad=$(grep -vE "$field" "$log" || true)
fi
if [ -n "$bad" ]; then
	echo "${bad//$PWD\//}"
	echo "check_docs: FAILED: $(echo "$bad" | wc -l) warning(s)" >&2
	exit 1
fi
echo "check_docs: every public symbol is documented" \
	"($fields struct fields without a comment; --strict lists them)"
echo "check_docs: HTML in $build/docs/html, man pages in $build/docs/man/man3"
