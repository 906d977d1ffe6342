#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
#
# Build the User-Mode Linux guest for the Linux guest tier (issue #14):
# Debian's linux-source-6.12 built ARCH=um from tinyconfig plus only the
# options the real arm_scmi driver over virtio needs, a device tree with
# the SCMI node, and a busybox initramfs whose /init prints what the guest
# saw. See docs/linux-guest.md.
#
# Usage: scripts/uml/build_kernel.sh [--force]
# Environment:
#   UML_BUILD_DIR  cache and output directory (default: <repo>/build-uml)
#   UML_JOBS       make -j value (default: 2)
#   UML_NO_APT=1   never call apt-get; fail if a package is missing
#
# Outputs in UML_BUILD_DIR: linux (the kernel), scmi.dtb, initramfs.cpio
# (busybox, scmi-raw, /init), kernel.config (the final .config) and
# build-time.txt.
# Idempotent: the kernel is rebuilt only when this script, the source
# package version or the resulting .config changed.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
out=${UML_BUILD_DIR:-$repo/build-uml}
jobs=${UML_JOBS:-2}
force=0
[ "${1:-}" = "--force" ] && force=1

die() { echo "build_kernel.sh: error: $*" >&2; exit 1; }
log() { echo "build_kernel.sh: $*" >&2; }

# Packages: the source, the tools a trimmed ARCH=um build needs (no
# libelf/libssl: objtool, module signing and BTF are all off), dtc for the
# device tree and a static busybox for the guest userland.
pkgs="linux-source-6.12 bc bison flex make gcc libc6-dev xz-utils cpio
device-tree-compiler busybox-static"
missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
		grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	[ "${UML_NO_APT:-0}" = 1 ] && die "missing packages:$missing"
	sudo=
	[ "$(id -u)" = 0 ] || sudo=sudo
	log "installing:$missing"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
		--no-install-recommends $missing >&2
fi

tarball=$(ls /usr/src/linux-source-6.12.tar.* 2>/dev/null | head -n1)
[ -n "$tarball" ] || die "linux-source-6.12 installed but no tarball in /usr/src"
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12)
busybox=$(command -v busybox || true)
[ -x /bin/busybox ] && busybox=/bin/busybox
[ -n "$busybox" ] || die "busybox not found"
file -L "$busybox" 2>/dev/null | grep -q 'statically linked' ||
	ldd "$busybox" 2>&1 | grep -q 'not a dynamic' ||
	die "$busybox is not static (install busybox-static)"

mkdir -p "$out"
# One build per cache directory at a time (parallel CI jobs, a rerun).
exec 9>"$out/.lock"
flock 9
src=$out/linux-source-6.12
obj=$out/kernel

if [ ! -f "$src/.unpacked-$srcver" ]; then
	log "unpacking $tarball ($srcver)"
	rm -rf "$src" "$obj"
	tar -C "$out" -xf "$tarball"
	touch "$src/.unpacked-$srcver"
fi

# patch FILE CHECK SED: apply the sed script unless FILE already has a
# line matching CHECK, then insist that it has one.
patch_src() {
	grep -q "$2" "$src/$1" || sed -i "$3" "$src/$1"
	grep -q "$2" "$src/$1" || die "patch did not apply to $1"
}

# 1. arm_scmi is limited to ARM hosts in Kconfig, but nothing in the core
# or the virtio transport is ARM specific.
patch_src drivers/firmware/arm_scmi/Kconfig \
	'^	depends on ARM || ARM64 || COMPILE_TEST || UML$' \
	'/^config ARM_SCMI_PROTOCOL$/,/^config /s/^\(	depends on ARM || ARM64 || COMPILE_TEST\)$/\1 || UML/'

# 2. UML saves its processes' FPU state with PTRACE_GETREGSET/SETREGSET
# NT_X86_XSTATE into a fixed 2696-byte buffer when GETREGSET works, but the
# host's SETREGSET only takes its full XSAVE size, which is larger on CPUs
# with AMX: every switch to guest userspace then fails (EFAULT) and /init
# dies of SIGSEGV. Use XSTATE only if a SETREGSET of that buffer works;
# otherwise UML falls back to PTRACE_GETFPREGS/SETFPREGS (x87/SSE), which
# is enough here: every guest address space has its own host process.
patch_src arch/x86/um/os-Linux/registers.c \
	'ptrace(PTRACE_SETREGSET, pid, NT_X86_XSTATE, &iov) == 0)$' \
	's/^\(	if (ptrace(PTRACE_GETREGSET, pid, NT_X86_XSTATE, &iov) == 0\))$/\1 \&\&\n	    ptrace(PTRACE_SETREGSET, pid, NT_X86_XSTATE, \&iov) == 0)/'

# 3. The clock framework's debugfs files are read-only unless this source
# define is set (there is deliberately no Kconfig option): with it,
# writing clk_rate calls clk_set_rate(), so the guest can set a clock
# through the real clk-scmi driver, not only through raw mode.
patch_src drivers/clk/clk.c \
	'^#define CLOCK_ALLOW_WRITE_DEBUGFS$' \
	's/^#undef CLOCK_ALLOW_WRITE_DEBUGFS$/#define CLOCK_ALLOW_WRITE_DEBUGFS/'

# Every option the guest tier needs, all of which must end up =y.
# Dependencies that Kconfig would otherwise leave off are listed too.
need="64BIT
BINFMT_ELF
BINFMT_SCRIPT
STDERR_CONSOLE
SSL
NULL_CHAN
TTY
PRINTK
BLK_DEV_INITRD
PROC_FS
SYSFS
DEBUG_FS
DEVTMPFS
UNIX
NET
VIRTIO
VIRTIO_UML
OF
EXPERT
ARM_SCMI_PROTOCOL
ARM_SCMI_TRANSPORT_VIRTIO
ARM_SCMI_RAW_MODE_SUPPORT
ARM_SCMI_RAW_MODE_SUPPORT_COEX
ARM_SCMI_DEBUG_COUNTERS
COMMON_CLK
COMMON_CLK_SCMI
HWMON
SENSORS_ARM_SCMI
ARM_SCMI_PERF_DOMAIN"
# And those that must stay off: NO_IOMEM hides HAS_IOMEM, which the
# SCMI core and the clock framework depend on.
# MCONSOLE would create a control socket under ~/.uml for every boot.
off="NO_IOMEM
MODULES
MCONSOLE"

frag=$out/scmi.config
{
	for o in $need; do echo "CONFIG_$o=y"; done
	for o in $off; do echo "# CONFIG_$o is not set"; done
} >"$frag"

mk() { nice -n 19 make -s -C "$src" O="$obj" ARCH=um SUBARCH=x86_64 "$@"; }

mkdir -p "$obj"
log "configuring (tinyconfig + $(echo $need | wc -w) options)"
mk tinyconfig >/dev/null
cat "$frag" >>"$obj/.config"
# Overriding tinyconfig's values is the point; hide those warnings only.
mk olddefconfig 2>&1 >/dev/null | { grep -v 'override: reassigning' || true; } >&2
bad=
for o in $need; do
	grep -q "^CONFIG_$o=y$" "$obj/.config" || bad="$bad $o"
done
for o in $off; do
	grep -q "^CONFIG_$o=" "$obj/.config" && bad="$bad !$o"
done
[ -z "$bad" ] || die "options not as required after olddefconfig:$bad"

stamp=$out/linux.stamp
key="$(sha256sum "$0" | cut -d' ' -f1) $srcver $(sha256sum "$obj/.config" | cut -d' ' -f1)"
if [ $force = 0 ] && [ -x "$out/linux" ] && [ -f "$stamp" ] &&
	[ "$(cat "$stamp")" = "$key" ]; then
	log "kernel up to date ($out/linux)"
else
	rm -f "$stamp"
	log "building kernel (-j$jobs, nice 19); this takes a while"
	t0=$(date +%s.%N)
	# CPU time of the make tree, from bash's own children accounting.
	times_before=$(cat /proc/$$/stat | awk '{print $16 + $17}')
	mk -j"$jobs" linux
	times_after=$(cat /proc/$$/stat | awk '{print $16 + $17}')
	t1=$(date +%s.%N)
	hz=$(getconf CLK_TCK)
	wall=$(echo "$t1 - $t0" | bc)
	cpu=$(echo "scale=1; ($times_after - $times_before) / $hz" | bc)
	printf 'wall %.1f s, cpu %s s (-j%s, %s)\n' "$wall" "$cpu" "$jobs" \
		"$srcver" | tee "$out/build-time.txt" >&2
	cp "$obj/linux" "$out/linux"
	cp "$obj/.config" "$out/kernel.config"
	echo "$key" >"$stamp"
fi

# Device tree and initramfs are cheap: always rebuilt.
dtc -q -I dts -O dtb -o "$out/scmi.dtb" "$here/scmi.dts"

# The initramfs is written from a gen_init_cpio list, so no root is needed
# for /dev/console (the kernel opens it for /init's stdio before devtmpfs
# exists). Hosts add files (a sweep script) by appending another archive.
gic=$out/gen_init_cpio
[ -x "$gic" ] && [ "$gic" -nt "$src/usr/gen_init_cpio.c" ] ||
	gcc -O2 -o "$gic" "$src/usr/gen_init_cpio.c"
# scmi-raw, the guest's raw-mode client (scmi_raw.c), static like busybox:
# the initramfs has no libraries.
gcc -static -O2 -std=c11 -Wall -Wextra -Werror -o "$out/scmi-raw" \
	"$here/scmi_raw.c"
cat >"$out/initramfs.list" <<EOF
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /proc 0755 0 0
dir /sys 0755 0 0
dir /host 0755 0 0
dir /bin 0755 0 0
file /bin/busybox $busybox 0755 0 0
slink /bin/sh busybox 0777 0 0
file /bin/scmi-raw $out/scmi-raw 0755 0 0
file /init $here/init 0755 0 0
EOF
"$gic" "$out/initramfs.list" >"$out/initramfs.cpio"
log "ok: $out/linux $out/scmi.dtb $out/initramfs.cpio"
