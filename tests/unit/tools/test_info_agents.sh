#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# "scmi-vio info" lists the agents Base PROTOCOL_ATTRIBUTES counts: ids
# 1..num_agents (num_agents excludes the platform), the platform (id 0 of
# DISCOVER_AGENT) on a line of its own, the caller marked.  It used to
# print "agents: 2" above three rows, the platform among them.
# Usage: test_info_agents.sh SCMI_VIO WORKDIR
set -u
tool=$1 dir=$2
mkdir -p "$dir"
out=$dir/info.out

check() { # CONFIG-TEXT COUNT CALLER
	printf '%b' "$1" >"$dir/agents.cfg"
	"$tool" info --config "$dir/agents.cfg" >"$out" 2>&1 ||
		{ echo "FAIL: info exit $?"; cat "$out"; exit 1; }
	# The rows between "agents:" and "protocols:".
	rows=$(sed -n '/^agents:/,/^protocols:/p' "$out" | sed '1d;$d')
	n=$(sed -n 's/^agents: *//p' "$out")
	want=$(seq 1 "$2" | tr '\n' ' ')
	got=$(echo "$rows" | awk '{ printf "%s ", $1 }')
	[ "$n" = "$2" ] && [ "$got" = "$want" ] ||
		{ echo "FAIL: agents: '$n', rows '$got', want $2 rows '$want'"
		  cat "$out"; exit 1; }
	grep -q '^platform: *platform$' "$out" ||
		{ echo "FAIL: no platform line"; cat "$out"; exit 1; }
	echo "$rows" | grep -q "^ *$3 .*(this agent)\$" ||
		{ echo "FAIL: agent $3 not marked"; cat "$out"; exit 1; }
}

check 'vendor acme\n' 2 1
check 'agent a\nagent b\nagent c\nagent_id 3\n' 3 3
echo ok
