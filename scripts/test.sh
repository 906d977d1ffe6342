#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# Build scmi_vio and run the whole test suite (unit, stress and model tiers).
# Usage: scripts/test.sh [build-dir] [extra cmake args...]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
build=${1:-build}
shift || true
cmake -S . -B "$build" -DSCMI_VIO_WERROR=ON "$@" >/dev/null
cmake --build "$build" -j "$(nproc)"
ctest --test-dir "$build" --output-on-failure -j 2
