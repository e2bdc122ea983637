#!/usr/bin/env python3
"""Subscribe to one NeuroRig stream on the bus and check it, using only docs/WIRE.md.

Checks sequence continuity (gaps), sample continuity (sampleGaps: firstSample jumps not flagged
DISCONTINUITY), and optionally the values of a test signal:

  ramp  CONTINUOUS_I16 only: value at sample n, channel c == (short)(int)(n + c), i.e. n + c
        wrapped to int16 (n + c mod 65536, as signed).
  sine  value == A*sin(2*pi*f*n/rate + 2*pi*c/C), C = channel count, rate from the descriptor
        (or the header); CONTINUOUS_I16 rounded, tolerance +-1 count; CONTINUOUS_F32 and
        MATRIX_F32 unrounded, tolerance 1e-3*A.
  none  no value check.

Prints one JSON line:
  {"topic", "kind", "blocks", "samples", "gaps", "sampleGaps", "discontinuities", "outOfOrder",
   "valueErrors", "malformed", "descriptor": {...} | null, "errors": [...], "ok": bool}
and exits 1 on any error (gaps, sample gaps, value errors, malformed or out-of-order messages, no
descriptor, no block, or fewer blocks than --blocks before the time ran out), else 0.

Example: bus_subscribe_check.py --endpoint tcp://127.0.0.1:5570 --topic probe.ap --blocks 500 --expect none
"""
import argparse
import json
import math
import struct
import sys
import time

import numpy as np
import zmq

HEADER = struct.Struct("<4sHHQqIIdqqII")  # 64 bytes, docs/WIRE.md "Header"
MAGIC = b"NRG1"
KINDS = {0: "DESCRIPTOR", 1: "CONTINUOUS_I16", 2: "CONTINUOUS_F32", 3: "EVENTS", 4: "SPIKES", 5: "MATRIX_F32"}
FLAG_DISCONTINUITY = 1
FLAG_END_OF_STREAM = 2
EVENT = np.dtype([("sample", "<i8"), ("line", "<u2"), ("state", "u1"), ("reserved", "u1"), ("textBytes", "<u4")])
SPIKE = np.dtype([("sample", "<i8"), ("channel", "<u4"), ("unit", "<i4")])
MAX_ERRORS = 10


class Malformed(Exception):
    pass


def decode(kind, n, ch, payload):
    """Returns the payload as numpy data per docs/WIRE.md, or raises Malformed."""
    if kind == 1 or kind in (2, 5):
        dtype = "<i2" if kind == 1 else "<f4"
        need = n * ch * np.dtype(dtype).itemsize
        if len(payload) != need:
            raise Malformed(f"{KINDS[kind]} payload is {len(payload)} bytes, expected {need}")
        return np.frombuffer(payload, dtype=dtype).reshape(n, ch)
    if kind == 3:
        if len(payload) < 16 * n:
            raise Malformed(f"EVENTS payload is {len(payload)} bytes, records need {16 * n}")
        rec = np.frombuffer(payload, dtype=EVENT, count=n)
        if 16 * n + int(rec["textBytes"].sum()) != len(payload):
            raise Malformed("EVENTS text lengths do not add up to the payload")
        texts, at = [], 16 * n
        for tb in rec["textBytes"]:
            texts.append(payload[at:at + tb].decode("utf-8", "replace") if tb else None)
            at += int(tb)
        return rec, texts
    if kind == 4:
        need = n * (16 + 4 * ch)
        if len(payload) != need:
            raise Malformed(f"SPIKES payload is {len(payload)} bytes, expected {need}")
        rec = np.frombuffer(payload, dtype=SPIKE, count=n)
        waves = np.frombuffer(payload, dtype="<f4", offset=16 * n).reshape(n, ch)
        return rec, waves
    raise Malformed(f"unknown kind {kind}")


def value_errors(expect, kind, first, data, rate, amplitude, frequency):
    """Count of values that differ from the expected test signal."""
    n, ch = data.shape
    samples = first + np.arange(n, dtype=np.int64)[:, None]
    chans = np.arange(ch, dtype=np.int64)[None, :]
    if expect == "ramp":
        if kind != 1:
            raise ValueError("--expect ramp is defined for CONTINUOUS_I16 only, stream is " + KINDS[kind])
        want = (samples + chans).astype(np.int32).astype(np.int16)  # Java (short)(int)(n + c)
        return int(np.count_nonzero(data != want))
    if expect == "sine":
        if rate <= 0:
            raise ValueError("--expect sine needs a sample rate > 0")
        phase = 2 * math.pi * frequency * samples / rate + 2 * math.pi * chans / ch
        want = amplitude * np.sin(phase)
        if kind == 1:
            return int(np.count_nonzero(np.abs(data.astype(np.int64) - np.round(want)) > 1))
        return int(np.count_nonzero(np.abs(data.astype(np.float64) - want) > 1e-3 * abs(amplitude)))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--endpoint", default="tcp://127.0.0.1:5570", help="the host's XPUB (subscribe) endpoint")
    ap.add_argument("--topic", required=True, help="stream name; only this exact topic is checked")
    ap.add_argument("--seconds", type=float, help="stop after this many seconds")
    ap.add_argument("--blocks", type=int, help="stop after this many data blocks (error if fewer arrive)")
    ap.add_argument("--expect", choices=["ramp", "sine", "none"], default="none")
    ap.add_argument("--amplitude", type=float, default=1000.0)
    ap.add_argument("--frequency", type=float, default=10.0)
    ap.add_argument("--server-key", help="CURVE (docs/WIRE.md 1.2): the host's public key, its conf/keys/host.pub, Z85")
    ap.add_argument("--public-key", help="CURVE: this client's public key, Z85 (in the host's conf/keys/allowed/)")
    ap.add_argument("--secret-key", help="CURVE: this client's secret key, Z85")
    args = ap.parse_args()
    seconds = args.seconds if args.seconds is not None else (60.0 if args.blocks else 5.0)

    ctx = zmq.Context()
    sock = ctx.socket(zmq.SUB)
    sock.setsockopt(zmq.RCVHWM, 0)
    sock.setsockopt(zmq.LINGER, 0)
    if args.server_key:  # a CURVE client: set before connect
        sock.curve_secretkey = args.secret_key.encode("ascii")
        sock.curve_publickey = args.public_key.encode("ascii")
        sock.curve_serverkey = args.server_key.encode("ascii")
    sock.connect(args.endpoint)
    sock.setsockopt(zmq.SUBSCRIBE, args.topic.encode("utf-8"))
    topic = args.topic.encode("utf-8")

    r = {"topic": args.topic, "kind": None, "blocks": 0, "samples": 0, "gaps": 0, "sampleGaps": 0,
         "discontinuities": 0, "outOfOrder": 0, "valueErrors": 0, "malformed": 0, "descriptor": None,
         "errors": []}

    def error(msg):
        if len(r["errors"]) < MAX_ERRORS:
            r["errors"].append(msg)

    last_seq = None
    next_sample = None
    deadline = time.monotonic() + seconds
    ended = False
    while time.monotonic() < deadline and not ended and (args.blocks is None or r["blocks"] < args.blocks):
        if not sock.poll(100):
            continue
        frames = sock.recv_multipart()
        if frames[0] != topic:
            continue  # prefix match brought another stream
        try:
            if len(frames) != 3:
                raise Malformed(f"{len(frames)} frames, expected 3")
            if len(frames[1]) != 64:
                raise Malformed(f"header is {len(frames[1])} bytes")
            magic, version, kind, seq, first, n, ch, rate, acq, pub, flags, _ = HEADER.unpack(frames[1])
            if magic != MAGIC or version != 1 or kind not in KINDS:
                raise Malformed(f"bad header: magic {magic!r} version {version} kind {kind}")
            if kind == 0:
                r["descriptor"] = json.loads(frames[2].decode("utf-8"))
                continue
            data = decode(kind, n, ch, frames[2])
        except (Malformed, ValueError) as e:
            r["malformed"] += 1
            error(f"malformed: {e}")
            continue
        r["kind"] = KINDS[kind]
        r["blocks"] += 1
        r["samples"] += n
        if flags & FLAG_DISCONTINUITY:
            r["discontinuities"] += 1
        missing = 0
        if last_seq is not None:
            if seq <= last_seq:
                r["outOfOrder"] += 1
                error(f"seq {seq} after {last_seq}")
                continue
            missing = seq - last_seq - 1
            if missing:
                r["gaps"] += missing
                error(f"{missing} block(s) missing before seq {seq}")
        dense = kind in (1, 2, 5)
        if dense and not missing and next_sample is not None and first != next_sample \
                and not flags & FLAG_DISCONTINUITY:
            r["sampleGaps"] += 1
            error(f"firstSample {first}, expected {next_sample} (seq {seq})")
        last_seq, next_sample = seq, first + n
        ended = bool(flags & FLAG_END_OF_STREAM)
        if dense and args.expect != "none":
            rate_hz = (r["descriptor"] or {}).get("sampleRate") or rate
            try:
                bad = value_errors(args.expect, kind, first, data, rate_hz, args.amplitude, args.frequency)
            except ValueError as e:
                r["valueErrors"] += 1
                error(str(e))
                break
            if bad:
                r["valueErrors"] += bad
                error(f"{bad} value(s) off in block seq {seq} (firstSample {first})")
    sock.close()
    ctx.term()

    if r["descriptor"] is None:
        error("no descriptor received")
    if r["blocks"] == 0:
        error("no block received")
    if args.blocks is not None and r["blocks"] < args.blocks and not ended:
        error(f"received {r['blocks']} of {args.blocks} blocks in {seconds} s")
    r["ok"] = not r["errors"]
    print(json.dumps(r), flush=True)
    return 0 if r["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
