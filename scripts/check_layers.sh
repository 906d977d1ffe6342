#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# The layer graph, checked: fails when a layer links or includes a layer it
# may not use (one above it, or beside it).  Read from the DEPS of each
# scmi_vio_layer() call (lib/<layer>/CMakeLists.txt) and from the
# #include "<layer>/..." and #include <scmi_vio/...> lines of lib/<layer>/
# and of the public headers.  Tests, tools, examples and benchmarks may use
# any layer.
#
#                    reach   how a device is reached: loopback, xproc
#                 /    |    \         (and the server's side of it)
#       virtio_scmi    |     vhost_user
#        /     \       |       /     \
#     scmi      \   platform  /      shm
#       |        \     |     /        |
#       |          ring ---+          |
#       |           |                 |
#       |         notify              |
#        \          |                /
#                 common     (scmi_wire.h: header-only wire layout)
#
# The transport (virtio_scmi) knows no platform and no shm; the platform
# knows no transport; only reach knows both.
set -euo pipefail
cd "$(dirname "$0")/.."

# The allowed graph: what each layer may use (transitively closed).
declare -A allowed=(
	[common]=""
	[notify]="common"
	[ring]="notify common"
	[shm]="common"
	[scmi]="common"
	[platform]="ring notify common"
	[virtio_scmi]="scmi ring notify common"
	[vhost_user]="shm ring notify common"
	[reach]="virtio_scmi vhost_user platform scmi shm ring notify common"
)

# Which layer each public header belongs to (scmi_vio.h, the umbrella,
# belongs to none and is not checked).
header_layer() {
	case "$1" in
	scmi_vio.h) echo umbrella ;;
	export.h | version.h | log.h | timeout.h | scmi_wire.h) echo common ;;
	doorbell.h) echo notify ;;
	vring.h | virtqueue.h | vq_device.h | guest_mem.h) echo ring ;;
	shm.h) echo shm ;;
	scmi.h | scmi_*.h) echo scmi ;;
	platform.h | platform_dev.h | platform_fault.h) echo platform ;;
	virtio_scmi.h | vdev.h) echo virtio_scmi ;;
	vhost_user.h) echo vhost_user ;;
	loopback.h | xproc.h | vhost_user_frontend.h | vhost_user_serve.h)
		echo reach ;;
	*) echo unknown ;;
	esac
}

fail=0
bad() {
	echo "check_layers: $*" >&2
	fail=1
}

may_use() { # layer used
	[ "$1" = "$2" ] && return 0
	[[ " ${allowed[$1]} " == *" $2 "* ]]
}

# Every layer directory must be in the graph.
for d in lib/*/; do
	l=$(basename "$d")
	[ -n "${allowed[$l]+x}" ] || bad "lib/$l: a layer the graph does not name"
done

# Links: the DEPS of scmi_vio_layer().
for l in "${!allowed[@]}"; do
	f=lib/$l/CMakeLists.txt
	[ -f "$f" ] || continue
	deps=$(tr '\n' ' ' <"$f" | grep -o 'DEPS[^)]*' |
		grep -o 'scmi_vio_[a-z_]*' | sed 's/^scmi_vio_//' || true)
	for d in $deps; do
		may_use "$l" "$d" || bad "$f: layer $l links $d"
	done
done

# Includes of one file, as layer names: "<layer>/..." and <scmi_vio/...>.
used_layers() {
	sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([a-z_]*\)\/.*/\1/p' "$1"
	sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*<scmi_vio\/\([^>]*\)>.*/\1/p' "$1" |
		while read -r h; do header_layer "$h"; done
}

check_file() { # file layer
	local u
	for u in $(used_layers "$1"); do
		[ "$u" = umbrella ] && { bad "$1: includes the umbrella header"; continue; }
		[ "$u" = unknown ] && { bad "$1: a public header with no layer"; continue; }
		may_use "$2" "$u" || bad "$1: layer $2 includes $u"
	done
}

for l in "${!allowed[@]}"; do
	for f in lib/"$l"/*.[ch]; do
		[ -e "$f" ] && check_file "$f" "$l"
	done
done
for f in include/scmi_vio/*.h; do
	l=$(header_layer "$(basename "$f")")
	case $l in
	umbrella) continue ;;
	unknown) bad "$f: a public header with no layer" ;;
	*) check_file "$f" "$l" ;;
	esac
done

if [ "$fail" -ne 0 ]; then
	echo "check_layers: the layer graph is broken (scripts/check_layers.sh)" >&2
	exit 1
fi
echo "check_layers: ok"
