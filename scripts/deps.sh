#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Make sure the Debian packages scmi_vio builds and tests with are present.
# As root, installs what is missing; otherwise prints the apt-get line and
# fails.  Usage: scripts/deps.sh [--sanitizers]
set -euo pipefail

pkgs=(cmake make gcc pkg-config check liburcu-dev linux-libc-dev spin)
if [ "${1:-}" = "--sanitizers" ]; then
	pkgs+=(clang libclang-rt-14-dev)
fi

missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q "install ok installed"; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

line="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "scmi_vio needs: ${missing[*]}" >&2
	echo "run as root:  apt-get update && $line" >&2
	exit 1
fi
echo "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
