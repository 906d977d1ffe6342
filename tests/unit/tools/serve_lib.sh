# SPDX-License-Identifier: BSD-3-Clause
# Sourced by the scenario scripts that run "scmi-vio serve --vhost-user":
# waiting for a server's socket and ending a server.  The script defines
# fail MESSAGE (print what it has, exit 1) before it sources this file.

# wait_socket PATH [INODE]: wait up to 5 s for a socket at PATH (whose
# inode is not INODE, when given: a second server's own); fail without.
wait_socket() {
	i=0
	while [ $i -lt 50 ]; do
		if [ -S "$1" ] && [ "$(stat -c %i "$1")" != "${2:-}" ]; then
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	fail "no socket${2:+ of its own} at $1"
}

# stop_server PID PATH WHO: SIGTERM must end the server with status 0 and
# its socket file removed.
stop_server() {
	kill "$1"
	wait "$1"
	st=$?
	[ "$st" -eq 0 ] || fail "$3 exit $st after SIGTERM"
	[ ! -e "$2" ] || fail "$3 left its socket behind"
}
