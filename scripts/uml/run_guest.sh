#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Boot the User-Mode Linux guest built by build_kernel.sh against a
# vhost-user SCMI backend listening on SOCKET (docs/linux-guest.md).
#
# Usage: scripts/uml/run_guest.sh [--script FILE] [SOCKET]
#   SOCKET         Unix socket of a vhost-user backend; virtio_uml connects
#                  to it as virtio device 32 (SCMI). Without it the guest
#                  boots with no SCMI device (the /init markers still come).
#   --script FILE  shell script sourced by the guest's /init as
#                  /host/sweep.sh, with its raw-mode helpers (scmi_raw ...).
# Environment:
#   UML_BUILD_DIR  where build_kernel.sh put its outputs (<repo>/build-uml)
#   UML_TIMEOUT    seconds before the guest is killed (default 60)
#   UML_MEM        guest memory (default 64M)
#   UML_LOG        also write the guest's output to this file
#   UML_TMPDIR     where the guest's memory file goes (default /dev/shm)
#
# Prints the guest's console and kernel log on stdout. Exit status: 0 when
# the guest's /init ran to its "##scmi_vio:done" marker, 124 on timeout,
# 1 otherwise.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${UML_BUILD_DIR:-$repo/build-uml}

die() { echo "run_guest.sh: error: $*" >&2; exit 1; }

script=
sock=
while [ $# -gt 0 ]; do
	case $1 in
	--script) [ $# -ge 2 ] || die "--script needs a file"
		script=$2; shift 2 ;;
	-h|--help) awk 'NR < 4 { next } /^#/ { sub(/^# ?/, ""); print; next }
		{ exit }' "$0"; exit 0 ;;
	-*) die "unknown option $1" ;;
	*) [ -z "$sock" ] || die "one SOCKET only"; sock=$1; shift ;;
	esac
done

for f in linux scmi.dtb initramfs.cpio gen_init_cpio; do
	[ -e "$out/$f" ] || die "$out/$f missing: run scripts/uml/build_kernel.sh"
done
if [ -n "$script" ]; then
	[ -f "$script" ] || die "no such script: $script"
fi
if [ -n "$sock" ]; then
	# virtio_uml splits its parameter on ':'.
	case $sock in *:*) die "SOCKET must not contain ':'" ;; esac
	# UML copies it into sun_path (108 bytes) and silently truncates.
	[ ${#sock} -le 107 ] || die "SOCKET path longer than 107 bytes"
	[ -S "$sock" ] || echo "run_guest.sh: warning: $sock is not a socket" >&2
fi

# UML backs guest memory with a file in TMPDIR: tmpfs keeps it off disk.
base=${UML_TMPDIR:-/dev/shm}
[ -d "$base" ] && [ -w "$base" ] || base=${TMPDIR:-/tmp}
tmp=$(mktemp -d "$base/scmi-uml.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# UML splits its command line on white space.
case "$out$tmp$sock" in
*[[:space:]]*) die "paths must not contain white space: $out $tmp $sock" ;;
esac

# The kernel unpacks concatenated newc archives in order, so the host's
# script is simply a second archive after the prebuilt one.
cp "$out/initramfs.cpio" "$tmp/initrd.cpio"
if [ -n "$script" ]; then
	printf 'file /host/sweep.sh %s 0644 0 0\n' "$(realpath "$script")" \
		>"$tmp/extra.list"
	"$out/gen_init_cpio" "$tmp/extra.list" >>"$tmp/initrd.cpio"
fi

# GLIBC_TUNABLES (an unknown parameter, so it reaches /init's environment
# and every process after it) keeps the static busybox on its SSE2 string
# functions: on hosts whose XSAVE area is larger than UML 6.12's buffer
# (AMX), build_kernel.sh's patch 2 leaves UML switching only the x87/SSE
# state, and the AVX/AVX-512 variants then read corrupted registers.
args=(mem="${UML_MEM:-64M}" dtb="$out/scmi.dtb" initrd="$tmp/initrd.cpio"
	con0=null,fd:1 con=null ssl=null panic=-1 uml_dir="$tmp/"
	GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX,-AVX2,-AVX512F,-AVX512VL,-AVX512BW)
[ -z "$sock" ] || args+=("virtio_uml.device=$sock:32")

# UML keeps its memory in a file under TMPDIR and its pid file under
# uml_dir; the private tmp dir keeps concurrent guests apart and is removed
# on exit, even after a kill. timeout runs the guest in its own process
# group, so a kill reaches every UML helper process; UML ignores SIGTERM,
# hence -k.
set +e
TMPDIR=$tmp timeout -k 2 "${UML_TIMEOUT:-60}" "$out/linux" "${args[@]}" \
	</dev/null 2>&1 | tr -d '\r' | tee "$tmp/out.log"
rc=${PIPESTATUS[0]}
set -e
[ -z "${UML_LOG:-}" ] || cp "$tmp/out.log" "$UML_LOG"

if [ $rc = 124 ] || [ $rc = 137 ]; then
	echo "run_guest.sh: guest killed after ${UML_TIMEOUT:-60} s" >&2
	exit 124
fi
grep -q '^##scmi_vio:done' "$tmp/out.log" || {
	echo "run_guest.sh: guest did not reach ##scmi_vio:done (rc $rc)" >&2
	exit 1
}
exit 0
