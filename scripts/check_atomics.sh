#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Every atomic goes through the one atomics header (lib/common/atomics.h):
# fails when any other C file of the tree uses a compiler atomic builtin,
# <stdatomic.h> or _Atomic directly.  The header's sv_* names are what the
# rest of the code (library, tests, tools, benchmarks) uses, so each
# ordering is chosen, and commented, in one vocabulary.  examples/ is left
# out: it is a user's code, built against the installed package, which
# does not ship the library's internal header.
set -euo pipefail
cd "$(dirname "$0")/.."

hits=$(git ls-files '*.c' '*.h' | grep -v -e '^lib/common/atomics\.h$' -e '^examples/' |
	xargs grep -nE '__atomic_|__sync_|stdatomic\.h|_Atomic' || true)
if [ -n "$hits" ]; then
	echo "check_atomics: atomics outside lib/common/atomics.h:" >&2
	echo "$hits" >&2
	exit 1
fi
echo "check_atomics: every atomic goes through lib/common/atomics.h"
