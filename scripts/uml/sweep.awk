# SPDX-License-Identifier: BSD-3-Clause
#
# The raw sweep of the Linux guest tier, driven by its expectation table
# (scripts/uml/sweep.table; docs/linux-guest.md, "The raw sweep").
#
#   awk -v mode=gen   -f sweep.awk sweep.table            > sweep.sh
#   awk -v mode=check -f sweep.awk sweep.table guest.log
#
# gen writes the guest's script: one scmi-raw request per row (scmi_raw.c,
# all fed to one process), tokens 1, 2, ... in table order.  check reads the guest's
# "##scmi_vio:raw" and "##scmi_vio:notif" lines and compares each row's
# reply, delayed response or notification with the table, word by word;
# it prints each failing row and a summary, and exits 0 (all rows as
# expected), 1 (some row failed) or 2 (the table or the arguments are
# wrong).  POSIX awk, no extensions (run with mawk and busybox awk).

function die(msg) {
	printf "sweep.awk: %s\n", msg > "/dev/stderr"
	bad_table = 1
	exit 2
}

function tbl_err(msg) {
	die(tfile ":" rowline ": " msg)
}

# Value of a decimal or 0x-hex number, or -1e30 when TOK is not one.
function num(tok,    neg, v, i, c, d) {
	neg = 0
	if (tok ~ /^-[0-9]+$/) {
		neg = 1
		tok = substr(tok, 2)
	}
	if (tok ~ /^[0-9]+$/) {
		v = 0
		for (i = 1; i <= length(tok); i++)
			v = v * 10 + index("0123456789", substr(tok, i, 1)) - 1
		return neg ? -v : v
	}
	if (tok !~ /^0[xX][0-9a-fA-F]+$/)
		return -1e30
	v = 0
	for (i = 3; i <= length(tok); i++) {
		c = tolower(substr(tok, i, 1))
		d = index("0123456789abcdef", c) - 1
		v = v * 16 + d
	}
	return v
}

# One 32-bit word as the guest prints it: eight lowercase hex digits.
function hex32(v) {
	if (v < 0)
		v += 4294967296
	if (v < 0 || v >= 4294967296 || v != int(v))
		tbl_err("value out of 32-bit range")
	# In halves: some awks (busybox) print %x of 2^31 and more as
	# 80000000.
	return sprintf("%04x%04x", int(v / 65536), v % 65536)
}

# List L with word W appended.
function app(l, w) {
	return l (l == "" ? "" : " ") w
}

# Append the words token TOK stands for to list L (a string of words
# separated by single blanks); "*" and "..." only where WILD is set.
function add_words(l, tok, wild,    v, n, s, i, w, b, k, lo, hi) {
	if (tok == "*" || tok == "...") {
		if (!wild)
			tbl_err("'" tok "' is for expected words only")
		return app(l, tok)
	}
	if (tok ~ /^u64:/) {
		v = num(substr(tok, 5))
		if (v < 0 || v >= 18446744073709551616)
			tbl_err("bad u64 '" tok "'")
		hi = int(v / 4294967296)
		lo = v - hi * 4294967296
		return app(app(l, hex32(lo)), hex32(hi))
	}
	if (tok ~ /^s(16|64):/) {
		n = substr(tok, 2, 2) + 0
		s = substr(tok, 5)
		if (length(s) >= n)
			tbl_err("'" s "' does not fit char[" n "] with its NUL")
		for (i = 0; i < n; i += 4) {
			w = 0
			for (k = 3; k >= 0; k--) {
				b = i + k < length(s) ? ord[substr(s, i + k + 1, 1)] : 0
				w = w * 256 + b
			}
			l = app(l, hex32(w))
		}
		return l
	}
	v = num(tok)
	if (v == -1e30)
		tbl_err("bad word '" tok "'")
	if (v < -2147483648)
		tbl_err("'" tok "' below the 32-bit range")
	return app(l, hex32(v))
}

# "STATUS [WORDS...]": the status word then the words, into a list.
function status_words(f, what,    t, n, i, l, st) {
	n = split(f, t, " ")
	if (n < 1)
		tbl_err(what ": no status")
	if (!(t[1] in status_code))
		tbl_err(what ": unknown status '" t[1] "'")
	st = status_code[t[1]]
	l = hex32(st)
	for (i = 2; i <= n; i++)
		l = add_words(l, t[i], 1)
	if (st != 0 && n > 1)
		tbl_err(what ": an error reply has no payload")
	return l
}

function trim(s) {
	sub(/^[ \t]+/, "", s)
	sub(/[ \t]+$/, "", s)
	return s
}

function add_row(text,    f, nf, t, n, i, k, tx) {
	nf = split(text, f, "|")
	n = split(f[1], t, " ")
	k = t[1]
	if (k != "cmd" && k != "async" && k != "notif" && k != "quiet")
		tbl_err("unknown kind '" k "'")
	nrows++
	kind[nrows] = k
	rname[nrows] = t[2]
	rline[nrows] = rowline
	if (t[2] == "")
		tbl_err("row without a name")
	if (t[2] in name_seen)
		tbl_err("name '" t[2] "' used twice")
	name_seen[t[2]] = 1
	if (k == "quiet") {
		if (n != 2 || nf != 1)
			tbl_err("quiet takes a name only")
		nnotif++
		return
	}
	if (n < 4)
		tbl_err("needs PROTO and " (k == "notif" ? "EVENT" : "MSG"))
	rproto[nrows] = num(t[3])
	rmsg[nrows] = num(t[4])
	if (rproto[nrows] < 0 || rproto[nrows] > 255 ||
	    rmsg[nrows] < 0 || rmsg[nrows] > 255)
		tbl_err("PROTO and MSG are 0..255")
	if (k == "notif") {
		if (n != 4 || nf != 2)
			tbl_err("notif: PROTO EVENT | PAYLOAD")
		nnotif++
		# Type 3, token 0.
		want[nrows] = hex32(rmsg[nrows] + 3 * 256 + rproto[nrows] * 1024)
		n = split(trim(f[2]), t, " ")
		for (i = 1; i <= n; i++)
			want[nrows] = add_words(want[nrows], t[i], 1)
		return
	}
	nex++
	if (nex > 1023)
		tbl_err("more than 1023 exchanges: tokens are 10 bits")
	rtok[nrows] = nex
	hdr[nrows] = rmsg[nrows] + rproto[nrows] * 1024 + nex * 262144
	tx = hex32(hdr[nrows])
	for (i = 5; i <= n; i++)
		tx = add_words(tx, t[i], 0)
	sent[nrows] = tx
	if (nf < 2)
		tbl_err("no expected reply")
	want[nrows] = hex32(hdr[nrows]) " " status_words(trim(f[2]), "reply")
	if (k == "async") {
		nasync++
		if (nf != 3 && substr(want[nrows], 10, 8) == "00000000")
			tbl_err("async: a SUCCESS reply needs | DELAYED RESPONSE")
		if (nf == 3) {
			ndelayed++
			dwant[nrows] = hex32(hdr[nrows] + 2 * 256) " " \
				status_words(trim(f[3]), "delayed response")
		}
	} else if (nf != 2) {
		tbl_err("cmd: one reply column")
	}
}

# Does the list GOT match the expected list WANT, word by word?
function match_words(got, want,    g, w, ng, nw, i) {
	ng = split(got, g, " ")
	nw = split(want, w, " ")
	for (i = 1; i <= nw; i++) {
		if (w[i] == "...")
			return 1
		if (i > ng || (w[i] != "*" && w[i] != g[i]))
			return 0
	}
	return ng == nw
}

function status_name(word,    s) {
	for (s in status_code)
		if (hex32(status_code[s]) == word)
			return s
	return "0x" word
}

function fail(i, what, got, wnt) {
	nfail++
	printf "sweep: FAIL %s:%d %s (%s", tfile, rline[i], rname[i], kind[i]
	if (kind[i] == "cmd" || kind[i] == "async")
		printf ", token %d, protocol 0x%02x message 0x%02x", rtok[i], \
			rproto[i], rmsg[i]
	printf "): %s\n", what
	if (kind[i] == "cmd" || kind[i] == "async")
		printf "    sent %s\n", sent[i]
	printf "    got  %s\n    want %s\n", got == "" ? "(nothing)" : got, wnt
}

BEGIN {
	if (mode != "gen" && mode != "check")
		die("-v mode=gen or -v mode=check")
	status_code["SUCCESS"] = 0
	status_code["NOT_SUPPORTED"] = -1
	status_code["INVALID_PARAMETERS"] = -2
	status_code["DENIED"] = -3
	status_code["NOT_FOUND"] = -4
	status_code["OUT_OF_RANGE"] = -5
	status_code["BUSY"] = -6
	status_code["COMMS_ERROR"] = -7
	status_code["GENERIC_ERROR"] = -8
	status_code["HARDWARE_ERROR"] = -9
	status_code["PROTOCOL_ERROR"] = -10
	for (i = 32; i < 127; i++)
		ord[sprintf("%c", i)] = i
	tfile = ARGV[1]
	sub(/.*\//, "", tfile)
}

# The table: '#' comments, blank lines, '\' continues a row.
FILENAME == ARGV[1] {
	line = $0
	sub(/#.*/, "", line)
	if (pending == "")
		rowline = FNR
	if (line ~ /\\[ \t]*$/) {
		sub(/\\[ \t]*$/, "", line)
		pending = pending " " line
		next
	}
	line = trim(pending " " line)
	pending = ""
	if (line != "")
		add_row(line)
	next
}

# The guest's output (check mode).
/^##scmi_vio:raw / {
	tok = ""; list = ""; txw = ""; rxw = ""; drw = ""; wrc = ""; dr = 0
	for (i = 2; i <= NF; i++) {
		if ($i ~ /^token=/) {
			tok = substr($i, 7)
		} else if ($i ~ /^(tx|rx|dr)=/) {
			list = substr($i, 1, 2)
			w = substr($i, 4)
			if (list == "dr")
				dr = 1
		} else if ($i ~ /^wrc=/) {
			wrc = substr($i, 5)
			list = ""
			continue
		} else if (list != "") {
			w = $i
		} else {
			continue
		}
		if (w == "")
			continue
		if (list == "tx") txw = txw (txw == "" ? "" : " ") w
		if (list == "rx") rxw = rxw (rxw == "" ? "" : " ") w
		if (list == "dr") drw = drw (drw == "" ? "" : " ") w
		w = ""
	}
	nraw++
	if (tok in got_rx)
		dup[tok] = 1
	got_tx[tok] = txw
	got_rx[tok] = rxw
	got_dr[tok] = drw
	got_has_dr[tok] = dr
	got_wrc[tok] = wrc
	next
}

/^##scmi_vio:notif/ {
	w = ""
	for (i = 2; i <= NF; i++)
		w = w (w == "" ? "" : " ") $i
	got_notif[++ngotnotif] = w
	next
}

END {
	if (bad_table)
		exit 2
	if (pending != "")
		die(tfile ": the last row ends with '\\'")
	if (mode == "gen") {
		# One scmi-raw (scmi_raw.c) runs every request, fed on its
		# stdin: no fork per exchange.
		print "# Generated by scripts/uml/sweep.awk from " tfile \
			"; do not edit."
		print "scmi_raw_reset"
		print "scmi-raw <<'EOF_SWEEP'"
		for (i = 1; i <= nrows; i++) {
			k = kind[i]
			if (k == "quiet" || k == "notif") {
				# quiet: nothing may be queued (scmi-raw waits 0.3 s).
				print (k == "quiet" ? "q" : "n") "\t# " rname[i]
				continue
			}
			n = split(sent[i], t, " ")
			s = sprintf("%s 0x%02x 0x%02x %d", \
				k == "async" ? "a" : "c", rproto[i], rmsg[i], \
				rtok[i])
			for (j = 2; j <= n; j++)
				s = s " 0x" t[j]
			print s "\t# " rname[i]
		}
		print "EOF_SWEEP"
		exit 0
	}
	if (ARGC < 3)
		die("check needs the guest's output after the table")
	k = 0
	for (i = 1; i <= nrows; i++) {
		if (kind[i] == "notif" || kind[i] == "quiet") {
			k++
			g = k <= ngotnotif ? got_notif[k] : ""
			if (kind[i] == "quiet" ? g != "" : !match_words(g, want[i]))
				fail(i, kind[i] == "quiet" ? \
					"a notification nobody asked for" : \
					"notification", g, \
					kind[i] == "quiet" ? "(nothing)" : want[i])
			else
				nok_notif++
			continue
		}
		tk = rtok[i]
		if (!(tk in got_rx)) {
			fail(i, "the guest printed no exchange for it", "", want[i])
			continue
		}
		if (tk in dup) {
			fail(i, "two exchanges with its token", got_rx[tk], want[i])
			continue
		}
		if (got_tx[tk] != sent[i] || got_wrc[tk] != "0") {
			fail(i, "the guest did not send what the table says " \
				"(wrc=" got_wrc[tk] ")", got_tx[tk], sent[i])
			continue
		}
		if (got_rx[tk] == "") {
			fail(i, "no reply within the guest's timeout", "", want[i])
			continue
		}
		split(got_rx[tk], gw, " ")
		split(want[i], ww, " ")
		if (!match_words(got_rx[tk], want[i])) {
			what = gw[2] != ww[2] ? "reply status " \
				status_name(gw[2]) ", want " status_name(ww[2]) : \
				"reply"
			fail(i, what, got_rx[tk], want[i])
			continue
		}
		if (kind[i] == "async" && (i in dwant) &&
		    !match_words(got_dr[tk], dwant[i])) {
			fail(i, got_has_dr[tk] ? "delayed response" : \
				"no delayed response", got_dr[tk], dwant[i])
			continue
		}
		nok_ex++
	}
	if (nraw != nex)
		printf "sweep: FAIL %d exchanges printed, the table has %d\n", \
			nraw, nex
	if (ngotnotif != nnotif)
		printf "sweep: FAIL %d notification reads printed, the table " \
			"has %d\n", ngotnotif, nnotif
	printf "sweep: %d of %d exchanges (%d through message_async, %d " \
		"delayed responses) and %d of %d notification reads as " \
		"expected\n", nok_ex, nex, nasync, ndelayed, nok_notif, nnotif
	exit (nfail || nraw != nex || ngotnotif != nnotif) ? 1 : 0
}
