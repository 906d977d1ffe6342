#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Make sure the Debian packages one purpose needs are present.  As root,
# installs what is missing; otherwise prints the apt-get line and fails.
#
# Usage: scripts/deps.sh [purpose...]
#   build       compile the library and the examples (what the demo needs)
#   test        build + the test tiers: Check (unit, stress), spin (model)
#   sanitizers  clang and its runtime, for the sanitizer builds and fuzzers
#   consumers   g++, for the install-consumer checks (C++ header check)
#   i686        gcc-multilib and the i386 multiarch libraries
# No purpose means "test" (what scripts/test.sh runs); --sanitizers is
# the old spelling of "test sanitizers".
set -euo pipefail

build=(cmake make gcc pkg-config liburcu-dev linux-libc-dev)
purposes=("$@")
[ ${#purposes[@]} -eq 0 ] && purposes=(test)

pkgs=()
for p in "${purposes[@]}"; do
	case "$p" in
	build) pkgs+=("${build[@]}") ;;
	test) pkgs+=("${build[@]}" check spin) ;;
	sanitizers) pkgs+=(clang libclang-rt-14-dev) ;;
	--sanitizers) pkgs+=("${build[@]}" check spin clang libclang-rt-14-dev) ;;
	consumers) pkgs+=("${build[@]}" g++) ;;
	i686) pkgs+=("${build[@]}" check clang gcc-multilib liburcu-dev:i386
		check:i386) ;;
	*)
		echo "deps.sh: unknown purpose '$p'" >&2
		exit 2
		;;
	esac
done

missing=()
for p in $(printf '%s\n' "${pkgs[@]}" | sort -u); do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q "install ok installed"; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

# i386 packages need the architecture enabled first.
add_arch=
if printf '%s\n' "${missing[@]}" | grep -q ':i386$' &&
	! dpkg --print-foreign-architectures | grep -qx i386; then
	add_arch="dpkg --add-architecture i386 && "
fi

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "scmi_vio needs: ${missing[*]}" >&2
	echo "run as root:  ${add_arch}apt-get update && $line" >&2
	exit 1
fi
echo "installing: ${missing[*]}"
[ -n "$add_arch" ] && dpkg --add-architecture i386
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
