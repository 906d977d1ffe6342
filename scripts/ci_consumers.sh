#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Install scmi_vio into a temporary prefix and use it the ways a user
# would, from outside the tree: find_package (shared and static),
# pkg-config (plain and --static), and a C++17 translation unit that
# includes every installed header.  Each consumer also runs: a version
# check and SCMI round trips (tests/install/consumer.c), one of them to the
# installed scmi_platform_server found by the library's default path.
# Then the shared library's exports are checked against the headers, and
# SCMI_VIO_MUST_CHECK against each compiler.
# Usage: scripts/ci_consumers.sh [work-dir, default build-consumers]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh consumers sanitizers
work=$(realpath -m "${1:-build-consumers}")
prefix=$work/prefix
rm -rf "$work"
mkdir -p "$work"
warn=(-Wall -Wextra -Werror)

echo "=== install into $prefix"
cmake -S . -B "$work/lib" -DCMAKE_INSTALL_PREFIX="$prefix" \
	-DSCMI_VIO_WERROR=ON -DSCMI_VIO_BUILD_TESTS=OFF \
	-DSCMI_VIO_BUILD_BENCH=OFF -DSCMI_VIO_BUILD_EXAMPLES=OFF >/dev/null
cmake --build "$work/lib" -j "$(nproc)" >/dev/null
cmake --install "$work/lib" >/dev/null
libdir=$(dirname "$(find "$prefix" -name libscmi_vio.so)")

echo "=== exported symbols"
scripts/check_symbols.sh "$prefix"

echo "=== find_package(scmi_vio): scmi_vio::scmi_vio, scmi_vio::scmi_vio_static"
cmake -S tests/install -B "$work/cmake" -DCMAKE_PREFIX_PATH="$prefix" \
	-DCMAKE_C_FLAGS="${warn[*]}" >/dev/null
cmake --build "$work/cmake" >/dev/null
"$work/cmake/consumer_shared" --xproc
"$work/cmake/consumer_static" --xproc
readelf -d "$work/cmake/consumer_shared" | grep -q 'NEEDED.*libscmi_vio\.so'
if readelf -d "$work/cmake/consumer_static" | grep -q 'NEEDED.*libscmi_vio'; then
	echo "consumer_static links libscmi_vio.so" >&2
	exit 1
fi

export PKG_CONFIG_PATH=$libdir/pkgconfig
echo "=== pkg-config scmi_vio"
# shellcheck disable=SC2046 # pkg-config prints several words
cc -std=c11 "${warn[@]}" -o "$work/pc_shared" tests/install/consumer.c \
	$(pkg-config --cflags --libs scmi_vio) -Wl,-rpath,"$libdir"
"$work/pc_shared"
echo "=== pkg-config --static scmi_vio (a fully static program)"
# shellcheck disable=SC2046
cc -std=c11 "${warn[@]}" -static -o "$work/pc_static" \
	tests/install/consumer.c $(pkg-config --static --cflags --libs scmi_vio)
"$work/pc_static" --xproc

echo "=== every installed header in one C++17 translation unit"
{
	for h in "$prefix"/include/scmi_vio/*.h; do
		echo "#include <scmi_vio/${h##*/}>"
	done
	echo 'int main() { return scmi_vio_version(nullptr) ? 0 : 1; }'
} >"$work/headers.cpp"
echo "$(grep -c include "$work/headers.cpp") headers"
# shellcheck disable=SC2046
g++ -std=c++17 "${warn[@]}" -pedantic -o "$work/headers_cxx" \
	"$work/headers.cpp" $(pkg-config --cflags --libs scmi_vio) \
	-Wl,-rpath,"$libdir"
"$work/headers_cxx"

# SCMI_VIO_MUST_CHECK: a (void) cast silences it everywhere; an ignored
# result is an error where the compiler can express the check (all but
# GCC in C11, whose warn_unused_result no cast silences: export.h).
echo "=== SCMI_VIO_MUST_CHECK"
must_check() { # $1: "void" or "ignore"; the rest: compiler and flags
	local how=$1
	shift
	printf '#include <scmi_vio/scmi.h>\nint f(struct scmi_vio_agent *a);\n%s\n' \
		"int f(struct scmi_vio_agent *a) { uint16_t x, y; $([ "$how" = void ] && echo '(void)')scmi_vio_protocol_version(a, 0x10, &x, &y); return 0; }" \
		>"$work/must_check.c"
	"$@" -x "$([ "${1%%+*}" != "$1" ] && echo c++ || echo c)" \
		-Wall -Wextra -Werror -I"$prefix/include" -c \
		-o /dev/null "$work/must_check.c" 2>/dev/null
}
for cc in "gcc -std=c11" "gcc -std=c2x" "clang -std=c11" "g++ -std=c++17"; do
	# shellcheck disable=SC2086 # the compiler and its flag
	must_check void $cc || {
		echo "$cc: a (void) cast does not silence SCMI_VIO_MUST_CHECK" >&2
		exit 1
	}
	[ "$cc" = "gcc -std=c11" ] && continue
	# shellcheck disable=SC2086
	if must_check ignore $cc; then
		echo "$cc: an ignored SCMI_VIO_MUST_CHECK result compiles" >&2
		exit 1
	fi
	echo "$cc: (void) silences, an ignored result fails"
done
echo "=== consumers passed"
