#!/usr/bin/env python3
"""Publish malformed messages at a NeuroRig host's XSUB (publish) endpoint.

Sends --count messages of each category; the host must drop them all, count them by reason and
keep serving. Categories and the reason the host reports (docs/WIRE.md "Validation"):

  bad-magic        header not starting with NRG1           -> bad-magic
  short-header     40-byte header                          -> short-header
  payload-length   CONTINUOUS_I16 payload one byte short   -> payload-length
  unknown-kind     kind 9                                  -> unknown-kind
  one-frame        a single frame                          -> frame-count
  five-frames      five frames                             -> frame-count
  random-bytes     random header (first byte not 'N') and payload -> bad-magic

Uses an XPUB socket so it can wait until the host's subscription arrives (a PUB would silently
drop everything sent before). Prints one JSON line {"sent": {category: n}, "expectedReasons":
{reason: n}, "total": n}; exits 1 when the host never subscribes.
"""
import argparse
import json
import os
import struct
import sys
import time

import zmq

HEADER = struct.Struct("<4sHHQqIIdqqII")
REASONS = {"bad-magic": "bad-magic", "short-header": "short-header", "payload-length": "payload-length",
           "unknown-kind": "unknown-kind", "one-frame": "frame-count", "five-frames": "frame-count",
           "random-bytes": "bad-magic"}


def header(kind=1, n=4, ch=2, magic=b"NRG1", version=1):
    return HEADER.pack(magic, version, kind, 0, 0, n, ch, 1000.0, 0, 0, 0, 0)


def messages(topic):
    good = header()
    rnd = bytearray(os.urandom(64))
    if rnd[0] == ord("N"):
        rnd[0] = 0
    return {
        "bad-magic": [topic, header(magic=b"XRG1"), bytes(16)],
        "short-header": [topic, good[:40], bytes(16)],
        "payload-length": [topic, good, bytes(15)],
        "unknown-kind": [topic, header(kind=9), bytes(16)],
        "one-frame": [topic],
        "five-frames": [topic, good, bytes(16), b"x", b"y"],
        "random-bytes": [topic, bytes(rnd), os.urandom(1 + rnd[1])],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--endpoint", default="tcp://127.0.0.1:5571", help="the host's XSUB (publish) endpoint")
    ap.add_argument("--count", type=int, default=10, help="messages per category")
    ap.add_argument("--topic", default="garbage")
    ap.add_argument("--server-key", help="CURVE (docs/WIRE.md 1.2): the host's public key, its conf/keys/host.pub, Z85")
    ap.add_argument("--public-key", help="CURVE: this client's public key, Z85 (in the host's conf/keys/allowed/)")
    ap.add_argument("--secret-key", help="CURVE: this client's secret key, Z85")
    args = ap.parse_args()

    ctx = zmq.Context()
    sock = ctx.socket(zmq.XPUB)
    sock.setsockopt(zmq.SNDHWM, 0)
    sock.setsockopt(zmq.LINGER, 5000)
    if args.server_key:  # a CURVE client: set before connect
        sock.curve_secretkey = args.secret_key.encode("ascii")
        sock.curve_publickey = args.public_key.encode("ascii")
        sock.curve_serverkey = args.server_key.encode("ascii")
    sock.connect(args.endpoint)
    if not sock.poll(10000):
        print(json.dumps({"error": f"no subscription from {args.endpoint} within 10 s"}), flush=True)
        return 1
    sock.recv()  # the host's subscription; from now on nothing is filtered away

    sent = {k: 0 for k in REASONS}
    expected = {}
    topic = args.topic.encode("utf-8")
    for _ in range(args.count):
        for category, frames in messages(topic).items():
            sock.send_multipart(frames)
            sent[category] += 1
            expected[REASONS[category]] = expected.get(REASONS[category], 0) + 1
    sock.close()  # linger flushes what is queued
    ctx.term()
    print(json.dumps({"sent": sent, "expectedReasons": dict(sorted(expected.items())),
                      "total": sum(sent.values())}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
