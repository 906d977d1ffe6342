#!/bin/sh
# SPDX-License-Identifier: BSD-3-Clause
# Runs one scenario of the scmi-vio command-line tool and checks its exit
# status and output.  Usage: test_scmi_vio.sh CASE SCMI_VIO SERVER WORKDIR
set -u
case_=$1 tool=$2 server=$3 dir=$4
mkdir -p "$dir"
out=$dir/$case_.out err=$dir/$case_.err

fail() {
	echo "FAIL ($case_): $*"
	echo "--- stdout"; cat "$out"
	echo "--- stderr"; cat "$err"
	exit 1
}

# run EXPECTED_STATUS ARGS...: run the tool, check its exit status.
run() {
	want=$1
	shift
	"$tool" "$@" >"$out" 2>"$err"
	got=$?
	[ "$got" -eq "$want" ] || fail "scmi-vio $*: exit $got, want $want"
}

has() { grep -q -e "$1" "$out" || fail "stdout lacks '$1'"; }
err_has() { grep -q -e "$1" "$err" || fail "stderr lacks '$1'"; }

case $case_ in
info)
	run 0 info
	has '^vendor: *scmi_vio$'
	has '^sub-vendor: *simulated$'
	has '^  0x14 clock *3\.0$'
	has '^  0x17 voltage *2\.1$'
	for t in 'clocks:' 'sensors:' 'performance domains:' \
		'power domains:' 'reset domains:' 'voltage domains:'; do
		has "^$t\$"
	done
	# A row of each table: a clock's rates, a perf domain's levels.
	has '^  0 *cpu *yes *1000000000 *100000000,200000000,'
	has '^  1 *big *1000 *500:150:100,1000:320:100,'
	has '^  2 *ethernet_mac_reset '
	;;
info_config)
	printf 'vendor acme\nclock cpu rates=200000000,400000000 index=1\n' \
		>"$dir/acme.cfg"
	run 0 info --config "$dir/acme.cfg"
	has '^vendor: *acme$'
	has '^  0 *cpu *yes *400000000 *200000000,400000000$'
	printf 'bogus 1\n' >"$dir/bad.cfg"
	run 1 info --config "$dir/bad.cfg"
	err_has "line 1: unknown directive 'bogus'"
	;;
raw)
	# Base PROTOCOL_VERSION with token 5: 2.1 comes back.
	run 0 raw --proto 0x10 --msg 0 --token 5
	has '^response: header 0x00144000 protocol 0x10 message 0x00 type 0 token 5$'
	has '^  status SUCCESS (0)$'
	has '^  payload 4 bytes: 01 00 02 00$'
	# The same as one hex message.
	run 0 raw 00401400
	has '^response: header 0x00144000 .* token 5$'
	# An unknown message id: the status by name.
	run 0 raw --proto 0x14 --msg 0x33
	has '^  status NOT_FOUND (-4)$'
	# An asynchronous clock rate set: its delayed response is decoded.
	run 0 raw --async --proto 0x14 --msg 5 --token 9 \
		"01000000 00000000 00e1f505 00000000"
	has '^delayed response: header 0x00245205 protocol 0x14 message 0x05 type 2 token 9$'
	has '^  payload 12 bytes: 00 00 00 00 00 e1 f5 05 00 00 00 00$'
	# Not waited for, the delayed response is still shown (raw mode).
	run 0 raw --proto 0x14 --msg 5 --token 3 \
		"01000000 00000000 00e1f505 00000000"
	has '^also received: header 0x000c5205 protocol 0x14 message 0x05 type 2 token 3$'
	run 2 raw 004
	err_has "bad hex '004'"
	;;
stress)
	run 0 stress --seconds 1 --threads 2
	has '^summary: .* timeouts 0, errors 0$'
	has '^checks: passed$'
	# Not a TTY: plain progress lines.
	has '^ *[0-9.]*s .* tx/s  total [0-9]*  timeouts'
	;;
stress_faults)
	run 0 stress --seconds 1 --faults 20000 --fault-kinds drop_reply,delay
	has '^faults injected: [1-9]'
	has 'drop_reply=[1-9]'
	has '^checks: passed$'
	;;
watch)
	run 0 watch --demo-events --count 5 --period-ms 10
	n=$(wc -l <"$out")
	[ "$n" -eq 5 ] || fail "$n lines, want 5"
	has '^[0-9]*\.[0-9]* perf PERFORMANCE_LEVEL_CHANGED agent=1 domain=[0-9]* level=[0-9]*$'
	has '^[0-9]*\.[0-9]* power POWER_STATE_CHANGED agent=1 domain=[0-9]* state=0x'
	run 0 watch --seconds 1
	;;
serve)
	# "scmi-vio serve" as the server another process starts.
	printf '#!/bin/sh\nexec "%s" serve "$@"\n' "$tool" >"$dir/serve.sh"
	chmod +x "$dir/serve.sh"
	run 0 info --xproc --server "$dir/serve.sh"
	has '^vendor: *scmi_vio$'
	has '^clocks:$'
	run 0 raw --xproc --server "$server" --proto 0x10 --msg 0
	has '^  status SUCCESS (0)$'
	;;
usage)
	run 0 --help
	has '^usage: scmi-vio'
	run 0 --version
	has '^scmi-vio [0-9]'
	for c in info watch stress raw serve; do
		run 0 $c --help
		has '^usage: scmi-vio'
		run 2 $c --bogus
		err_has "unknown option '--bogus'"
	done
	run 2 --bogus
	err_has "unknown option '--bogus'"
	run 2 frob
	err_has "unknown command 'frob'"
	run 2 stress --threads 0
	err_has "^scmi-vio stress: --threads: bad value '0'"
	run 2 stress --fault-kinds drop_reply,nonsense
	err_has -- "--fault-kinds: bad value"
	run 2 watch --count
	err_has -- "--count: needs a value"
	run 2 watch --xproc --demo-events
	err_has -- "--demo-events: needs the in-process platform"
	run 2 raw --token 1024 --proto 0x10 --msg 0
	err_has -- "--token: bad value '1024'"
	run 2 info --server x
	err_has -- "--server: only with --xproc"
	run 2 info --vhost-user-connect /nonexistent/sock --config x
	err_has -- "--config: not with --vhost-user-connect"
	# No backend there: a failure (1), naming the socket and why.
	run 1 info --vhost-user-connect /nonexistent/sock
	err_has "vhost-user /nonexistent/sock: No such file or directory"
	run 2 serve --mem-fd x
	err_has -- "--mem-fd: bad value 'x'"
	;;
*)
	echo "unknown case $case_"
	exit 1
	;;
esac
exit 0
