#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# CI job: the Linux guest tier (docs/linux-guest.md).  Builds the
# User-Mode Linux kernel with the real arm_scmi driver
# (scripts/uml/build_kernel.sh: installs its Debian packages with apt-get,
# unpacks linux-source-6.12, builds a trimmed ARCH=um kernel; cold, about
# 8 minutes on 2 cores), builds the scmi-vio tool unless the build
# directory already has it, and runs scripts/uml/guest_tier.sh: the guest
# probes `scmi-vio serve --vhost-user` and its raw sweep checks every row
# of scripts/uml/sweep.table.  Prints how long the build and the tier took.
#
# Usage: scripts/ci_guest.sh [BUILD_DIR]   (default: build, as test.sh)
# Environment: UML_BUILD_DIR (default <repo>/build-uml), UML_JOBS, as
# build_kernel.sh takes them.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}

t0=$(date +%s)
scripts/uml/build_kernel.sh
t1=$(date +%s)

tool=$build/tools/scmi-vio
if [ ! -x "$tool" ]; then
	cmake -S . -B "$build" -DSCMI_VIO_WERROR=ON >/dev/null
	cmake --build "$build" -j "$(nproc)" --target scmi-vio
fi
t2=$(date +%s)

rc=0
scripts/uml/guest_tier.sh "$tool" || rc=$?
t3=$(date +%s)

# build_kernel.sh writes build-time.txt only when it compiled the kernel.
bt=${UML_BUILD_DIR:-build-uml}/build-time.txt
what="no compile: cache hit"
if [ -f "$bt" ] && [ "$(stat -c %Y "$bt")" -ge "$t0" ]; then
	what="make: $(cat "$bt")"
fi
echo "ci_guest: kernel build $((t1 - t0)) s ($what), tool $((t2 - t1)) s," \
	"tier $((t3 - t2)) s"
exit $rc
