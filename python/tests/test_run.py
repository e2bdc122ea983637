"""The node loop end to end: ``python -m neurorig.run`` in its own process, over a real ZeroMQ
socket, with a ROUTER here standing in for the host (docs/PYTHON.md §"Protocol"); and --dry-run."""
import json
import os
import struct
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np
import zmq

from neurorig import wire
from neurorig.wire import Events, Header, Kind, StreamSpec

PACKAGE = Path(__file__).resolve().parent.parent
NODES = Path(__file__).resolve().parent / "nodes"
SIG = StreamSpec("probe.lfp", Kind.CONTINUOUS_F32, 3, 1000.0, 4, "probe")
TTL = StreamSpec("probe.ttl", Kind.EVENTS, 8, 1000.0, 16, "probe")
DEADLINE_S = 30


def node_process(*args, stdin=None):
    env = dict(os.environ, PYTHONPATH=str(PACKAGE), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.Popen([sys.executable, "-m", "neurorig.run", *args], env=env, stdin=stdin,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def descriptor(spec):
    return json.loads(wire.encode_descriptor(spec))


class FakeHost:
    """The host's side: a ROUTER bound on ipc:// that talks to one node."""

    def __init__(self, endpoint):
        self.ctx = zmq.Context()
        self.router = self.ctx.socket(zmq.ROUTER)
        self.router.linger = 0
        self.router.bind(endpoint)
        self.peer = None
        self.seq = [0, 0]

    def recv(self):
        if not self.router.poll(DEADLINE_S * 1000):
            raise AssertionError(f"no message from the node within {DEADLINE_S} s")
        peer, *frames = self.router.recv_multipart()
        self.peer = self.peer or peer
        assert peer == self.peer, "one node, one peer"
        return frames

    def send(self, *frames):
        self.router.send_multipart([self.peer, *frames])

    def block(self, port, spec, data, first_sample):
        n = len(data)
        ch = spec.channel_count
        h = Header(spec.kind, self.seq[port], first_sample, n, ch, spec.sample_rate, 1_000 + first_sample, 2_000, 0)
        self.seq[port] += 1
        self.send(b"block", struct.pack("<H", port), wire.encode_header(h), wire.encode_payload(spec.kind, data))
        return h.seq

    def until_done(self):
        """Every message up to and including ``done``: (emits as (port, Header, data), errors, done seq)."""
        emits, errors = [], []
        while True:
            verb, *rest = self.recv()
            if verb == b"emit":
                port, header, payload = rest
                h = wire.decode_header(header)
                emits.append((struct.unpack("<H", port)[0], h, wire.decode_payload(h, payload)))
            elif verb == b"error":
                errors.append(json.loads(rest[0]))
            elif verb == b"done":
                return emits, errors, struct.unpack("<Q", rest[0])[0]
            else:
                raise AssertionError(f"unexpected {verb!r} while waiting for done")

    def close(self):
        self.router.close()
        self.ctx.term()


class NodeLoopTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.host = FakeHost(f"ipc://{self.tmp.name}/node.sock")
        self.proc = node_process("--connect", f"ipc://{self.tmp.name}/node.sock", "--module", "scaler",
                                 "--path", str(NODES), "--config", json.dumps({"gain": 5.0}))

    def tearDown(self):
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.communicate(timeout=DEADLINE_S)
        self.host.close()
        self.tmp.cleanup()

    def hello_and_prepare(self, config):
        verb, body = self.host.recv()
        self.assertEqual(verb, b"hello")
        self.assertEqual(json.loads(body), {"protocol": 1, "pid": self.proc.pid})
        self.host.send(b"prepare", json.dumps({"inputs": [descriptor(SIG), descriptor(TTL)],
                                               "config": config}).encode())
        return self.host.recv()

    def test_prepare_blocks_errors_state_and_stop(self):
        verb, body = self.hello_and_prepare({"gain": 2.5})
        self.assertEqual(verb, b"prepared")
        outputs = [wire.StreamSpec.from_json(o) for o in json.loads(body)["outputs"]]
        self.assertEqual([(o.name, o.kind, o.channel_count, o.sample_rate, o.block_samples) for o in outputs],
                         [("scaled", Kind.CONTINUOUS_F32, 3, 1000.0, 4), ("marks", Kind.EVENTS, 1, 1000.0, 4)])

        # Blocks: each answered by its emits, then done with its seq; the config given in prepare
        # (2.5) overrides the --config default (5.0).
        rng = np.random.default_rng(3)
        for b in range(5):
            data = rng.normal(size=(4, 3)).astype("f4")
            seq = self.host.block(0, SIG, data, 4 * b)
            emits, errors, done = self.host.until_done()
            self.assertEqual((errors, done, seq), ([], b, b))
            (port, h, out), = emits
            self.assertEqual((port, h.kind, h.seq, h.first_sample, h.sample_count, h.channel_count),
                             (0, Kind.CONTINUOUS_F32, 0, 4 * b, 4, 3))
            self.assertEqual((h.acq_time_nanos, h.pub_time_nanos, h.sample_rate), (1_000 + 4 * b, 0, 1000.0))
            np.testing.assert_array_equal(out, data * np.float32(2.5))

        self.host.block(1, TTL, Events.of([7, 9], [1, 2], [1, 1]), 7)
        emits, errors, done = self.host.until_done()
        (port, h, ev), = emits
        self.assertEqual((port, h.kind, ev.records["sample"].tolist(), ev.texts, done), (1, Kind.EVENTS, [7], ["2 events"], 0))

        # An exception in process: error with the last line and the traceback, done all the same,
        # and the loop keeps serving.
        seq = self.host.block(0, SIG, np.ones((4, 3), "f4"), 666)
        emits, errors, done = self.host.until_done()
        self.assertEqual((emits, done), ([], seq))
        (err,) = errors
        self.assertEqual(err["message"], "RuntimeError: cannot scale block 666")
        self.assertIn('scaler.py", line', err["traceback"])
        self.host.block(0, SIG, np.ones((4, 3), "f4"), 670)
        emits, errors, done = self.host.until_done()
        self.assertEqual((len(emits), errors, done), (1, [], seq + 1))
        np.testing.assert_array_equal(emits[0][2], np.full((4, 3), 2.5))

        # A bad frame is reported too, naming what is wrong, and the loop goes on.
        self.host.send(b"block", struct.pack("<H", 0), b"NRG1" + bytes(60), b"")
        self.assertIn("version is 0", json.loads(self.host.recv()[1])["message"])
        self.assertEqual(self.host.recv(), [b"done", struct.pack("<Q", 0)])
        self.host.send(b"block", struct.pack("<H", 9), wire.encode_header(Header(Kind.CONTINUOUS_F32)), b"")
        self.assertIn("input port 9, the node has 2 inputs", json.loads(self.host.recv()[1])["message"])
        self.assertEqual(self.host.recv()[0], b"done")
        self.host.send(b"block", struct.pack("<H", 0), wire.encode_header(Header(Kind.EVENTS, 77)), b"")
        self.assertIn("input port 0: header kind is EVENTS, the input is CONTINUOUS_F32",
                      json.loads(self.host.recv()[1])["message"])
        self.assertEqual(self.host.recv(), [b"done", struct.pack("<Q", 77)])
        self.host.send(b"block", struct.pack("<H", 0), wire.encode_header(Header(Kind.CONTINUOUS_F32, 78, 0, 1, 2)),
                       bytes(8))
        self.assertIn("input port 0: header channelCount is 2, the input's channelCount is 3",
                      json.loads(self.host.recv()[1])["message"])
        self.assertEqual(self.host.recv(), [b"done", struct.pack("<Q", 78)])
        self.host.send(b"dance")
        self.assertIn("unknown verb b'dance'", json.loads(self.host.recv()[1])["message"])

        # State: 6 blocks scaled so far; restore puts the count back.
        self.host.send(b"snapshot")
        self.assertEqual(self.host.recv(), [b"snapshot", struct.pack("<q", 6)])
        self.host.send(b"restore", struct.pack("<q", 40))
        self.assertEqual(self.host.recv(), [b"restored"])
        self.host.send(b"snapshot")
        self.assertEqual(self.host.recv(), [b"snapshot", struct.pack("<q", 40)])

        self.host.send(b"stop")
        self.assertEqual(self.host.recv(), [b"stopped"])
        self.assertEqual(self.proc.wait(timeout=DEADLINE_S), 0)

    def test_a_failing_prepare_is_an_error_and_the_node_can_be_prepared_again(self):
        verb, body = self.hello_and_prepare({"gain": "loud"})
        self.assertEqual(verb, b"error")
        self.assertEqual(json.loads(body)["message"], "ValueError: could not convert string to float: 'loud'")
        self.host.send(b"prepare", json.dumps({"inputs": [descriptor(SIG)], "config": {}}).encode())
        verb, body = self.host.recv()
        self.assertEqual(verb, b"prepared")  # gain 5.0 from --config
        self.host.block(0, SIG, np.ones((2, 3), "f4"), 0)
        emits, errors, _ = self.host.until_done()
        np.testing.assert_array_equal(emits[0][2], np.full((2, 3), 5.0))
        self.host.send(b"stop")
        self.assertEqual(self.host.recv(), [b"stopped"])
        self.assertEqual(self.proc.wait(timeout=DEADLINE_S), 0)


class StartTest(unittest.TestCase):
    def test_a_node_that_cannot_be_imported_exits_1_with_the_traceback(self):
        p = node_process("--connect", "ipc:///nonexistent/never", "--module", "no_such_node")
        out, err = p.communicate(timeout=DEADLINE_S)
        self.assertEqual(p.returncode, 1)
        self.assertIn(b"ModuleNotFoundError: No module named 'no_such_node'", err)


class DryRunTest(unittest.TestCase):
    def dry_run(self, module, request, *extra):
        p = node_process("--dry-run", "--module", module, "--path", str(NODES), *extra, stdin=subprocess.PIPE)
        out, err = p.communicate(json.dumps(request).encode(), timeout=DEADLINE_S)
        return p.returncode, json.loads(out), err

    def test_outputs_of_prepare(self):
        code, answer, err = self.dry_run("scaler", {"inputs": [descriptor(SIG)], "config": {"gain": 1}})
        self.assertEqual(code, 0, err)
        self.assertEqual([o["name"] for o in answer["outputs"]], ["scaled", "marks"])
        self.assertEqual(answer["outputs"][0]["channelCount"], 3)

    def test_errors_of_prepare_import_and_input(self):
        code, answer, _ = self.dry_run("broken", {"inputs": [descriptor(SIG)], "config": {}})
        self.assertEqual((code, answer["error"]["message"]), (1, "KeyError: 'config has no threshold'"))
        code, answer, _ = self.dry_run("broken", {"inputs": [descriptor(SIG)]}, "--config", '{"threshold": 1}')
        self.assertEqual((code, [o["name"] for o in answer["outputs"]]), (0, ["out"]))
        code, answer, _ = self.dry_run("no_such_node", {"inputs": []})
        self.assertEqual((code, answer["error"]["message"]), (1, "ModuleNotFoundError: No module named 'no_such_node'"))
        code, answer, _ = self.dry_run("scaler", {"inputs": [dict(descriptor(SIG), kind="VIDEO")], "config": {}})
        self.assertEqual(code, 1)
        self.assertIn('"kind" is \'VIDEO\'', answer["error"]["message"])
        code, answer, _ = self.dry_run("scaler", {"inputs": [descriptor(TTL)], "config": {"gain": 1}})
        self.assertIn("probe.ttl is EVENTS, expected CONTINUOUS_F32", answer["error"]["message"])


if __name__ == "__main__":
    unittest.main()
