#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# 32-bit x86 (i686) builds of the library, tests and examples with gcc and
# clang (-m32, Debian i386 multiarch libraries), the unit tier run on each,
# and a check that no 64-bit atomic became a libatomic call: i686 aligns
# uint64_t members to 4, and an atomic on such a field is __atomic_load_8
# and friends, which nothing links (lib/common/atomics.h, sv_atomic_u64).
# Usage: scripts/ci_i686.sh [gcc|clang ...]   (default: both)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh i686
compilers=("$@")
[ ${#compilers[@]} -eq 0 ] && compilers=(gcc clang)

for cc in "${compilers[@]}"; do
	dir=build-i686-$cc
	echo "=== i686, $cc ($dir)"
	CC=$cc cmake -S . -B "$dir" \
		-DCMAKE_TOOLCHAIN_FILE=cmake/i686-linux-gnu.cmake \
		-DSCMI_VIO_WERROR=ON -DSCMI_VIO_BUILD_TESTS=ON \
		-DSCMI_VIO_BUILD_EXAMPLES=ON -DSCMI_VIO_BUILD_BENCH=OFF \
		>/dev/null
	cmake --build "$dir" -j "$(nproc)" >/dev/null
	readelf -h "$dir/libscmi_vio.so" | grep -q 'Machine:.*80386'

	calls=$(find "$dir" -type f \( -name '*.o' -o -name '*.a' -o \
		-name '*.so*' -o -perm -u+x \) -exec nm -A {} + 2>/dev/null |
		grep -E ' U __atomic_' || true)
	if [ -n "$calls" ]; then
		echo "libatomic calls left (unaligned atomics?):" >&2
		echo "$calls" >&2
		exit 1
	fi
	echo "no __atomic_* library calls"

	ctest --test-dir "$dir" --output-on-failure -j 2 -L unit
	"$dir/examples/scmi_demo" >/dev/null
	"$dir/examples/scmi_demo" --server "$dir/tools/scmi_platform_server" \
		>/dev/null
	echo "scmi_demo ran, in a thread and with the platform in a process"
done
