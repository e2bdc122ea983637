"""The node loop: ``python -m neurorig.run --connect ENDPOINT --module NAME [--path DIR] [--config JSON]``.

A DEALER connects to the host's ROUTER and serves the protocol of docs/PYTHON.md §"Protocol" until
the host says ``stop``. ``--dry-run`` reads {"inputs": [...], "config": {...}} on stdin, calls
prepare and prints {"outputs": [...]} or {"error": {...}}: the host's validation asks it.
"""
import argparse
import json
import os
import struct
import sys

from .node import NodeCore, error_report, load_node
from .wire import encode_descriptor

PORT = struct.Struct("<H")
SEQ = struct.Struct("<Q")
PROTOCOL = 1


def _descriptors(specs):
    # The host reads them with its descriptor decoder, so they go out as the wire writes them.
    return [json.loads(encode_descriptor(s)) for s in specs]


class NodeLoop:
    """Serves one node on one DEALER socket (see docs/PYTHON.md §"Protocol")."""

    def __init__(self, socket, node, defaults=None):
        self.socket = socket
        self.core = NodeCore(node, self._send_emit, defaults)
        self.verbs = {b"prepare": self._prepare, b"block": self._block, b"snapshot": self._snapshot,
                      b"restore": self._restore}

    def _send_emit(self, port, header, payload):
        # copy=True: ZeroMQ owns its copy, so the node may reuse the arrays it emitted.
        self.socket.send_multipart([b"emit", PORT.pack(port), header, payload])

    def _error(self, exc):
        self.socket.send_multipart([b"error", json.dumps(error_report(exc)).encode("utf-8")])

    def serve(self):
        """Answers messages until ``stop``; returns the exit status (0)."""
        self.socket.send_multipart([b"hello", json.dumps({"protocol": PROTOCOL, "pid": os.getpid()}).encode()])
        while True:
            frames = self.socket.recv_multipart(copy=False)
            verb = frames[0].bytes
            if verb == b"stop":
                self.socket.send_multipart([b"stopped"])
                return 0
            handler = self.verbs.get(verb)
            try:
                if handler is None:
                    raise ValueError(f"unknown verb {verb[:32]!r}, expected one of "
                                     f"{sorted(v.decode() for v in self.verbs)} or stop")
                handler(frames)
            except Exception as e:  # a node's error is reported, never fatal: the host decides
                self._error(e)

    def _prepare(self, frames):
        _count(frames, 2, "prepare")
        req = json.loads(frames[1].bytes.decode("utf-8"))
        if not isinstance(req, dict):
            raise ValueError("prepare body is not a JSON object with \"inputs\" and \"config\"")
        outputs = self.core.prepare(req.get("inputs") or [], req.get("config") or {})
        self.socket.send_multipart([b"prepared", json.dumps({"outputs": _descriptors(outputs)}).encode("utf-8")])

    def _block(self, frames):
        _count(frames, 4, "block")
        port_frame, header = frames[1].buffer, frames[2].buffer
        if len(port_frame) != PORT.size:
            raise ValueError(f"block port frame is {len(port_frame)} bytes, expected {PORT.size} (u16)")
        # The seq is read before decoding, so that a block that fails still gets its done.
        seq = SEQ.unpack_from(header, 8)[0] if len(header) >= 16 else None
        try:
            self.core.block(PORT.unpack(port_frame)[0], header, frames[3].buffer)
        except Exception as e:
            self._error(e)
        if seq is not None:
            self.socket.send_multipart([b"done", SEQ.pack(seq)])

    def _snapshot(self, frames):
        _count(frames, 1, "snapshot")
        self.socket.send_multipart([b"snapshot", self.core.snapshot()])

    def _restore(self, frames):
        _count(frames, 2, "restore")
        self.core.restore(frames[1].bytes)
        self.socket.send_multipart([b"restored"])


def _count(frames, n, verb):
    if len(frames) != n:
        raise ValueError(f"{verb} message has {len(frames)} frames, expected {n}")


def dry_run(args, stdin, stdout):
    """Prepare only: the request on stdin, the outputs or the error on stdout. Returns 0 or 1."""
    try:
        req = json.load(stdin)
        if not isinstance(req, dict):
            raise ValueError("dry-run input is not a JSON object with \"inputs\" and \"config\"")
        core = NodeCore(load_node(args.module, args.path), lambda *a: None, _config(args.config))
        answer, status = {"outputs": _descriptors(core.prepare(req.get("inputs") or [], req.get("config")))}, 0
    except Exception as e:
        answer, status = {"error": error_report(e)}, 1
    stdout.write(json.dumps(answer) + "\n")
    stdout.flush()
    return status


def _config(text):
    cfg = json.loads(text) if text else {}
    if not isinstance(cfg, dict):
        raise ValueError(f"--config is {text!r}, expected a JSON object")
    return cfg


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m neurorig.run", description=__doc__.split("\n")[0])
    p.add_argument("--connect", help="the host's ROUTER endpoint, e.g. ipc:///run/neurorig/n1 or tcp://127.0.0.1:5600")
    p.add_argument("--module", required=True, help="the node's module (NAME or NAME:Class)")
    p.add_argument("--path", help="a folder put first on sys.path to find the module")
    p.add_argument("--config", help="JSON object merged under the config that prepare receives")
    p.add_argument("--dry-run", action="store_true", help="read inputs and config on stdin, print the outputs")
    args = p.parse_args(argv)
    if args.dry_run:
        return dry_run(args, sys.stdin, sys.stdout)
    if not args.connect:
        p.error("--connect is required unless --dry-run")
    import zmq

    node = load_node(args.module, args.path)
    ctx = zmq.Context()
    sock = ctx.socket(zmq.DEALER)
    sock.linger = 1000  # let "stopped" reach the host before the process exits
    sock.connect(args.connect)
    loop = NodeLoop(sock, node, _config(args.config))
    try:
        return loop.serve()
    finally:
        sock.close()
        ctx.term()


if __name__ == "__main__":
    sys.exit(main())
