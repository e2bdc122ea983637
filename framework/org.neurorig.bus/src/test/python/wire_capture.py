#!/usr/bin/env python3
"""Capture what crosses one network interface (Linux AF_PACKET; needs root), to show what a
listener on the wire sees of the bus.

Appends the payload of every IPv4 TCP segment seen on --iface, either direction, to --out, until
--seconds have passed or the file --stop exists. Prints {"ready": true} once capturing, then one
JSON line {"frames": n, "tcpSegments": n, "tcpPayloadBytes": n}.

Example: wire_capture.py --iface veth0 --out wire.bin --seconds 30 --stop wire.stop
"""
import argparse
import json
import os
import socket
import time

ETH_P_ALL = 0x0003
ETH_P_IP = 0x0800


def tcp_payload(frame):
    """The TCP payload of an Ethernet/IPv4 frame, or None for anything else."""
    if len(frame) < 14 + 20 or int.from_bytes(frame[12:14], "big") != ETH_P_IP:
        return None
    ip = frame[14:]
    ihl = (ip[0] & 0x0F) * 4
    total = int.from_bytes(ip[2:4], "big")
    if ip[9] != 6 or len(ip) < ihl + 20:  # protocol 6: TCP
        return None
    tcp = ip[ihl:total]
    offset = (tcp[12] >> 4) * 4
    return tcp[offset:]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--iface", required=True)
    ap.add_argument("--out", required=True, help="file the TCP payloads are appended to")
    ap.add_argument("--seconds", type=float, default=60.0, help="stop at the latest after this long")
    ap.add_argument("--stop", help="stop once this file exists")
    args = ap.parse_args()

    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_ALL))
    s.bind((args.iface, 0))
    s.settimeout(0.1)
    print(json.dumps({"ready": True}), flush=True)
    r = {"frames": 0, "tcpSegments": 0, "tcpPayloadBytes": 0}
    deadline = time.monotonic() + args.seconds
    with open(args.out, "wb") as out:
        while time.monotonic() < deadline and not (args.stop and os.path.exists(args.stop)):
            try:
                frame = s.recv(65536)
            except socket.timeout:
                continue
            r["frames"] += 1
            payload = tcp_payload(frame)
            if payload is None:
                continue
            r["tcpSegments"] += 1
            r["tcpPayloadBytes"] += len(payload)
            out.write(payload)
    print(json.dumps(r), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
