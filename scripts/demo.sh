#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Build scmi_vio and run its demo.  Needs only the build packages (no
# Check, no spin: the tests are built only where Check is installed).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh build
cmake -S . -B build >/dev/null
cmake --build build -j "$(nproc)" --target scmi_demo \
	>/dev/null
exec build/examples/scmi_demo "$@"
