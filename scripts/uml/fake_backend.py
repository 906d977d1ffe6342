#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
#
# A minimal vhost-user SCMI backend for checking the guest side of the
# Linux guest tier (docs/linux-guest.md) without the library: Base 2.0
# (vendor "scmi_vio", sub-vendor "fake"); Clock 1.0 with one clock "clk0"
# at 100 MHz (one discrete rate; an asynchronous rate set gets its delayed
# response on the P2A queue); Sensor 1.0 with one temperature sensor
# "temp0" reading 42 degrees C (enabling its trip point notification sends
# one event at once); every other protocol is NOT_SUPPORTED. It
# trusts its frontend (User-Mode Linux started by selftest.sh) and
# validates nothing: it is test scaffolding, not a model for the library's
# backend.
#
# Usage: fake_backend.py SOCKET   (serves one connection, then exits)

import mmap
import os
import select
import socket
import struct
import sys

F_VERSION_1 = 1 << 32
F_SCMI_P2A_CHANNELS = 1 << 0
F_PROTOCOL_FEATURES = 1 << 30
PF_REPLY_ACK = 1 << 3
# User-Mode Linux 6.12 allocates its vring interrupt only on the
# BACKEND_REQ path: without this bit its probe fails on IRQ 0.
PF_BACKEND_REQ = 1 << 5
FLAG_REPLY = 0x4
FLAG_NEED_REPLY = 0x8
VERSION = 0x1

(GET_FEATURES, SET_FEATURES, SET_MEM_TABLE, SET_VRING_NUM, SET_VRING_ADDR,
 SET_VRING_BASE, GET_VRING_BASE, SET_VRING_KICK, SET_VRING_CALL,
 GET_PROTOCOL_FEATURES, SET_PROTOCOL_FEATURES,
 SET_VRING_ENABLE) = 1, 2, 5, 8, 9, 10, 11, 12, 13, 15, 16, 18

SCMI_SUCCESS, SCMI_NOT_SUPPORTED, SCMI_NOT_FOUND = 0, -1, -3


def log(*args):
    print("fake_backend:", *args, flush=True)


class Memory:
    """Guest memory as the frontend's region table describes it."""

    def __init__(self):
        self.regions = []  # (guest address, size, frontend address, view)

    def add(self, gpa, size, uaddr, offset, fd):
        m = mmap.mmap(fd, size + offset, mmap.MAP_SHARED,
                      mmap.PROT_READ | mmap.PROT_WRITE)
        os.close(fd)
        self.regions.append((gpa, size, uaddr,
                             memoryview(m)[offset:offset + size]))

    def from_frontend(self, uaddr):
        for gpa, size, ua, _ in self.regions:
            if ua <= uaddr < ua + size:
                return uaddr - ua + gpa
        raise ValueError("frontend address %#x in no region" % uaddr)

    def _at(self, gpa, n):
        for g, size, _, view in self.regions:
            if g <= gpa and gpa + n <= g + size:
                return view, gpa - g
        raise ValueError("guest range %#x+%d in no region" % (gpa, n))

    def read(self, gpa, n):
        view, off = self._at(gpa, n)
        return bytes(view[off:off + n])

    def write(self, gpa, data):
        view, off = self._at(gpa, len(data))
        view[off:off + len(data)] = data


def word(params, i):
    """Parameter word @i, or None when the request is too short."""
    if len(params) < 4 * (i + 1):
        return None
    return struct.unpack_from("<I", params, 4 * i)[0]


def message_attributes(params, last):
    """PROTOCOL_MESSAGE_ATTRIBUTES: messages 0..@last exist."""
    asked = word(params, 0)
    if asked is not None and asked <= last:
        return SCMI_SUCCESS, struct.pack("<I", 0)
    return SCMI_NOT_FOUND, b""


def base(msg_id, params):
    """Base protocol replies: (status, payload)."""
    if msg_id == 0x0:
        return SCMI_SUCCESS, struct.pack("<I", 0x20000)
    if msg_id == 0x1:  # Clock and Sensor, one agent
        return SCMI_SUCCESS, struct.pack("<I", 1 << 8 | 2)
    if msg_id == 0x2:
        return message_attributes(params, 0x6)
    if msg_id == 0x3:
        return SCMI_SUCCESS, b"scmi_vio".ljust(16, b"\0")
    if msg_id == 0x4:
        return SCMI_SUCCESS, b"fake".ljust(16, b"\0")
    if msg_id == 0x5:
        return SCMI_SUCCESS, struct.pack("<I", 1)
    if msg_id == 0x6:  # DISCOVER_LIST_PROTOCOLS
        if word(params, 0) == 0:
            return SCMI_SUCCESS, struct.pack("<IBBBB", 2, 0x14, 0x15, 0, 0)
        return SCMI_SUCCESS, struct.pack("<I", 0)
    return SCMI_NOT_SUPPORTED, b""


clock_rate = 100000000
# What the current command owes on the P2A queue: (message type, message
# id, payload) for a delayed response (2) or a notification (3).
owed_p2a = []


def clock(msg_id, params):
    """Clock protocol 1.0, clock 0 only."""
    global clock_rate
    if msg_id == 0x0:
        return SCMI_SUCCESS, struct.pack("<I", 0x10000)
    if msg_id == 0x1:  # one clock, one async request at a time
        return SCMI_SUCCESS, struct.pack("<I", 1 << 16 | 1)
    if msg_id == 0x2:
        return message_attributes(params, 0x7)
    if msg_id in (0x3, 0x4, 0x6) and word(params, 0) != 0:
        return SCMI_NOT_FOUND, b""
    if msg_id == 0x3:  # CLOCK_ATTRIBUTES: enabled, "clk0"
        return SCMI_SUCCESS, struct.pack("<I16s", 1, b"clk0")
    if msg_id == 0x4:  # DESCRIBE_RATES: one discrete rate
        return SCMI_SUCCESS, struct.pack("<III", 1, clock_rate, 0)
    if msg_id == 0x5:  # RATE_SET; flags bit 0: asynchronous
        flags, cid, lo, hi = (word(params, i) for i in range(4))
        if cid != 0:
            return SCMI_NOT_FOUND, b""
        if hi is None:
            return SCMI_NOT_SUPPORTED, b""
        clock_rate = lo | hi << 32
        if flags & 1:
            owed_p2a.append((2, msg_id, struct.pack("<iIII", SCMI_SUCCESS,
                                                    cid, lo, hi)))
        return SCMI_SUCCESS, b""
    if msg_id == 0x6:  # RATE_GET
        return SCMI_SUCCESS, struct.pack("<II", clock_rate & 0xffffffff,
                                         clock_rate >> 32)
    return SCMI_NOT_SUPPORTED, b""


def sensor(msg_id, params):
    """Sensor protocol 1.0, one temperature sensor."""
    if msg_id == 0x0:
        return SCMI_SUCCESS, struct.pack("<I", 0x10000)
    if msg_id == 0x1:  # one sensor, no pending requests, no shared memory
        return SCMI_SUCCESS, struct.pack("<IIII", 1, 0, 0, 0)
    if msg_id == 0x2:
        return message_attributes(params, 0x6)
    if msg_id == 0x3:  # DESCRIPTION_GET from index 0: id 0, type 2 (deg C)
        if word(params, 0) != 0:
            return SCMI_SUCCESS, struct.pack("<HH", 0, 0)
        return SCMI_SUCCESS, struct.pack("<HHIII16s", 1, 0, 0, 0, 2,
                                         b"temp0")
    if msg_id == 0x4:  # TRIP_POINT_NOTIFY: enabling sends one event at once
        sid, control = word(params, 0), word(params, 1)
        if sid != 0 or control is None:
            return SCMI_NOT_FOUND, b""
        if control & 1:  # SENSOR_TRIP_POINT_EVENT: agent 0, sensor 0, point 0
            owed_p2a.append((3, 0x0, struct.pack("<III", 0, 0, 0)))
        return SCMI_SUCCESS, b""
    if msg_id == 0x6:  # READING_GET, synchronous
        if word(params, 0) != 0:
            return SCMI_NOT_FOUND, b""
        return SCMI_SUCCESS, struct.pack("<II", 42, 0)
    return SCMI_NOT_SUPPORTED, b""


def scmi_reply(request):
    """(reply, messages owed on the P2A queue) to one command."""
    hdr = struct.unpack_from("<I", request)[0]
    proto = (hdr >> 10) & 0xff
    serve = {0x10: base, 0x14: clock, 0x15: sensor}.get(proto)
    status, payload = SCMI_NOT_SUPPORTED, b""
    owed_p2a.clear()
    if serve:
        status, payload = serve(hdr & 0xff, request[4:])
    p2a = []
    for kind, msg_id, body in owed_p2a:
        # A delayed response keeps the command's token; a notification
        # has none.
        token = hdr & 0x0ffc0000 if kind == 2 else 0
        p2a.append(struct.pack("<I", token | proto << 10 | kind << 8 |
                               msg_id) + body)
    return struct.pack("<Ii", hdr, status) + payload, p2a


class Queue:
    def __init__(self):
        self.num = 0
        self.last = 0
        self.desc = self.avail = self.used = None
        self.kick = self.call = None

    def serve(self, mem):
        """Answer every available command (this is the cmdq); ring the
        call fd if any. Returns the P2A messages owed."""
        if self.desc is None or not self.num:
            return []
        done, owed = 0, []
        avail_idx = struct.unpack("<H", mem.read(self.avail + 2, 2))[0]
        while self.last != avail_idx:
            slot = self.avail + 4 + 2 * (self.last % self.num)
            head = struct.unpack("<H", mem.read(slot, 2))[0]
            request, response, i = b"", None, head
            while True:
                addr, length, flags, nxt = struct.unpack(
                    "<QIHH", mem.read(self.desc + 16 * i, 16))
                if flags & 2:
                    response = (addr, length)
                else:
                    request += mem.read(addr, length)
                if not flags & 1:
                    break
                i = nxt
            out = b""
            if response and len(request) >= 4:
                out, p2a = scmi_reply(request)
                out = out[:response[1]]
                mem.write(response[0], out)
                owed += p2a
            self.put_used(mem, head, len(out))
            done += 1
        if done and self.call is not None:
            os.write(self.call, struct.pack("<Q", 1))
        return owed

    def put_used(self, mem, head, length):
        used_idx = struct.unpack("<H", mem.read(self.used + 2, 2))[0]
        mem.write(self.used + 4 + 8 * (used_idx % self.num),
                  struct.pack("<II", head, length))
        mem.write(self.used + 2, struct.pack("<H", (used_idx + 1) & 0xffff))
        self.last = (self.last + 1) & 0xffff

    def post(self, mem, message):
        """Send @message in the next buffer the driver made available
        (this is the eventq); dropped if there is none."""
        if self.desc is None or not self.num:
            return
        avail_idx = struct.unpack("<H", mem.read(self.avail + 2, 2))[0]
        if self.last == avail_idx:
            log("no eventq buffer: message dropped")
            return
        slot = self.avail + 4 + 2 * (self.last % self.num)
        head = struct.unpack("<H", mem.read(slot, 2))[0]
        addr, length, _, _ = struct.unpack(
            "<QIHH", mem.read(self.desc + 16 * head, 16))
        message = message[:length]
        mem.write(addr, message)
        self.put_used(mem, head, len(message))
        if self.call is not None:
            os.write(self.call, struct.pack("<Q", 1))


def main():
    path = sys.argv[1]
    if os.path.exists(path):
        os.unlink(path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(1)
    conn, _ = listener.accept()
    listener.close()
    mem, queues, acked_protocol = Memory(), {}, 0

    def queue(i):
        return queues.setdefault(i & 0xff, Queue())

    def serve_cmdq():
        for message in queue(0).serve(mem):
            queue(1).post(mem, message)

    while True:
        kicks = {q.kick: q for q in queues.values() if q.kick is not None}
        ready, _, _ = select.select([conn] + list(kicks), [], [])
        for fd in ready:
            if fd in kicks:
                os.read(fd, 8)
                if kicks[fd] is queue(0):  # the eventq waits for posts
                    serve_cmdq()
                continue
            head, fds, _, _ = socket.recv_fds(conn, 12, 8)
            if len(head) < 12:
                log("frontend gone")
                return
            req, flags, size = struct.unpack("<III", head)
            body = b""
            while len(body) < size:
                chunk, more, _, _ = socket.recv_fds(conn, size - len(body), 8)
                if not chunk:
                    return
                body += chunk
                fds += more
            reply = None
            if req == GET_FEATURES:
                reply = struct.pack("<Q", F_VERSION_1 | F_PROTOCOL_FEATURES |
                                    F_SCMI_P2A_CHANNELS)
            elif req == GET_PROTOCOL_FEATURES:
                reply = struct.pack("<Q", PF_REPLY_ACK | PF_BACKEND_REQ)
            elif req == SET_PROTOCOL_FEATURES:
                acked_protocol = struct.unpack("<Q", body)[0]
            elif req == SET_MEM_TABLE:
                count = struct.unpack_from("<I", body)[0]
                for k in range(count):
                    mem.add(*struct.unpack_from("<QQQQ", body, 8 + 32 * k),
                            fds[k])
                fds = []
            elif req in (SET_VRING_NUM, SET_VRING_BASE, SET_VRING_ENABLE):
                i, value = struct.unpack("<II", body)
                if req == SET_VRING_NUM:
                    queue(i).num = value
                elif req == SET_VRING_BASE:
                    queue(i).last = value
            elif req == GET_VRING_BASE:
                i, _ = struct.unpack("<II", body)
                reply = struct.pack("<II", i, queue(i).last)
            elif req == SET_VRING_ADDR:
                i, _, desc, used, avail, _ = struct.unpack("<IIQQQQ", body)
                q = queue(i)
                q.desc = mem.from_frontend(desc)
                q.used = mem.from_frontend(used)
                q.avail = mem.from_frontend(avail)
            elif req in (SET_VRING_KICK, SET_VRING_CALL) and fds:
                q = queue(struct.unpack("<Q", body)[0])
                if req == SET_VRING_KICK:
                    q.kick = fds.pop()
                else:
                    q.call = fds.pop()
                serve_cmdq()
            # Anything else (SET_OWNER, SET_FEATURES, the backend request
            # fd kept below) needs no action here.
            if reply is None and flags & FLAG_NEED_REPLY and \
                    acked_protocol & PF_REPLY_ACK:
                reply = struct.pack("<Q", 0)
            if reply is not None:
                conn.sendall(struct.pack("<III", req, VERSION | FLAG_REPLY,
                                         len(reply)) + reply)
            # Unused fds (the backend request channel) stay open until
            # exit: closing it would look like a dead backend to UML.


if __name__ == "__main__":
    main()
