"""The codec against the Java codec's golden frames (written by the bus module's GoldenFramesTest),
and the decoders' answers to bad frames. The expected values are restated from that test, not read
from it."""
import dataclasses
import json
import struct
import unittest
from pathlib import Path

import numpy as np

from neurorig import wire
from neurorig.wire import Channel, Events, Header, Kind, Spikes, StreamSpec

GOLDEN = Path(__file__).parent / "golden"
ACQ = 1_700_000_000_123_456_789
PUB = 1_700_000_000_223_456_789

# name -> (header fields, data as it should decode)
BLOCKS = {
    "continuous_i16": (Header(Kind.CONTINUOUS_I16, 7, 1000, 4, 3, 30000.0, ACQ + 4, PUB, 1),
                       np.array([[0, 1, -1], [32767, -32768, 1234], [-4321, 7, 8], [100, -100, 0]], "<i2")),
    "continuous_f32": (Header(Kind.CONTINUOUS_F32, 0, -5, 3, 2, 2500.0, ACQ + 3, PUB, 0),
                       np.array([[0.1, -1.5], [1e-30, 3.4028235e38], [-0.0, 1000.25]], "<f4")),
    "matrix_f32": (Header(Kind.MATRIX_F32, 123_456_789_012, 60, 3, 2, 0.0, ACQ + 3, PUB, 2),
                   np.array([[1, 2], [3, 4], [5.5, -6.5]], "<f4")),
    "events": (Header(Kind.EVENTS, 2, 10, 4, 8, 30000.0, ACQ + 4, PUB, 0),
               Events.of([10, 11, 12, 13], [0, 3, 65535, 7], [1, 0, 255, 1], ["start", None, "µ→ü", None])),
    "events_empty": (Header(Kind.EVENTS, 3, 14, 0, 8, 30000.0, ACQ, PUB, 0), Events.of()),
    "spikes": (Header(Kind.SPIKES, 9, 90, 2, 3, 30000.0, ACQ + 2, PUB, 0),
               Spikes.of([100, -2], [383, 0], [5, -1], [[-10, -50.5, 20], [1, 2, 3]])),
    "spikes_nowave": (Header(Kind.SPIKES, 1, 0, 1, 0, 20000.0, ACQ + 1, PUB, 0),
                      Spikes.of([2 ** 63 - 1], [2 ** 32 - 1], [0])),
}

DESCRIPTORS = {
    "descriptor_i16": StreamSpec("probe.ap", Kind.CONTINUOUS_I16, 2, 30000.0, 300, "probe",
                                 [Channel("CH0", "uV", 0.195, 16.0, 20.0), Channel("CH1", "uV", 0.195)]),
    "descriptor_spikes": StreamSpec("sorter.spikes", Kind.SPIKES, 3, 2.0e7, 64, "sorter",
                                    [Channel(f"CH{i}", "uV", 1.5e-4) for i in range(3)], waveform_length=40),
    "descriptor_matrix": StreamSpec("decoder.velocity", Kind.MATRIX_F32, 2, 0.0, 1, "",
                                    [Channel("vx", "cm/s", 1.0), Channel("vy", "cm/s", None, -3.5, 0.0)]),
}


def golden(name):
    raw = (GOLDEN / f"{name}.bin").read_bytes()
    return raw[:64], raw[64:]


class GoldenFramesTest(unittest.TestCase):
    def test_every_golden_frame_is_checked_here(self):
        self.assertEqual(sorted(p.stem for p in GOLDEN.glob("*.bin")), sorted([*BLOCKS, *DESCRIPTORS]))

    def test_headers_decode_to_every_field(self):
        for name, (expected, _) in BLOCKS.items():
            with self.subTest(name):
                self.assertEqual(wire.decode_header(golden(name)[0]), expected)

    def test_dense_payloads_decode_to_views_of_the_message(self):
        for name in ("continuous_i16", "continuous_f32", "matrix_f32"):
            with self.subTest(name):
                header, payload = golden(name)
                buf = bytearray(payload)
                data = wire.decode_payload(wire.decode_header(header), buf)
                expected = BLOCKS[name][1]
                self.assertEqual(data.dtype, expected.dtype)
                np.testing.assert_array_equal(data, expected)
                self.assertTrue(np.shares_memory(data, np.frombuffer(buf, "u1")), "a view, not a copy")
                self.assertFalse(data.flags.writeable)
        self.assertTrue(np.signbit(wire.decode_payload(*map(wire.decode_header, [golden("continuous_f32")[0]]),
                                                       golden("continuous_f32")[1])[2, 0]), "-0.0 stays -0.0")

    def test_events_decode_to_records_and_texts(self):
        h, p = golden("events")
        ev = wire.decode_payload(wire.decode_header(h), p)
        self.assertEqual(ev.records["sample"].tolist(), [10, 11, 12, 13])
        self.assertEqual(ev.records["line"].tolist(), [0, 3, 65535, 7])
        self.assertEqual(ev.records["state"].tolist(), [1, 0, 255, 1])
        self.assertEqual(ev.records["textBytes"].tolist(), [5, 0, 7, 0])
        self.assertEqual(ev.texts, ["start", None, "µ→ü", None])  # Java's "" travels as no text
        empty = wire.decode_payload(wire.decode_header(golden("events_empty")[0]), b"")
        self.assertEqual((len(empty), empty.texts), (0, []))

    def test_spikes_decode_to_records_and_waveforms(self):
        h, p = golden("spikes")
        sp = wire.decode_payload(wire.decode_header(h), p)
        self.assertEqual(sp.records.tolist(), [(100, 383, 5), (-2, 0, -1)])
        np.testing.assert_array_equal(sp.waveforms, [[-10, -50.5, 20], [1, 2, 3]])
        h, p = golden("spikes_nowave")
        sp = wire.decode_payload(wire.decode_header(h), p)
        self.assertEqual(sp.records.tolist(), [(2 ** 63 - 1, 2 ** 32 - 1, 0)])
        self.assertEqual(sp.waveforms.shape, (1, 0))

    def test_python_encoder_reproduces_every_block_byte_for_byte(self):
        for name, (h, data) in BLOCKS.items():
            with self.subTest(name):
                header, payload = golden(name)
                self.assertEqual(wire.encode_header(h), header)
                self.assertEqual(wire.encode_payload(h.kind, data), payload)
                buf = bytearray(64)
                wire.pack_header(h, buf)
                self.assertEqual(bytes(buf), header)

    def test_descriptors_decode_and_encode_byte_for_byte(self):
        for name, spec in DESCRIPTORS.items():
            with self.subTest(name):
                header, payload = golden(name)
                self.assertEqual(wire.decode_header(header),
                                 Header(wire.DESCRIPTOR, 0, 0, 0, spec.channel_count, spec.sample_rate, 0, PUB, 0))
                # A null bitVolts (not finite when written) reads as 1, as the Java decoder reads it.
                read = dataclasses.replace(spec, channels=[dataclasses.replace(c, bit_volts=c.bit_volts or 1.0)
                                                           for c in spec.channels])
                self.assertEqual(wire.decode_descriptor(payload, topic=spec.name), read)
                self.assertEqual(wire.encode_descriptor(spec), payload)

    def test_java_number_formatting(self):
        # Java's Double.toString, which the Java encoder's JSON uses, outside [1e-3, 1e7).
        cases = {30000.0: "30000.0", 1e7: "1.0E7", 1.5e-4: "1.5E-4", 123456789.0: "1.23456789E8",
                 -2.5e10: "-2.5E10", 0.001: "0.001", 0.0: "0.0", 1e22: "1.0E22", 9999999.0: "9999999.0"}
        for v, text in cases.items():
            self.assertEqual(wire._java_double(v), text)


def header_bytes(**change):
    h = Header(Kind.CONTINUOUS_F32, 0, 0, 2, 3, 1000.0)
    for k, v in change.items():
        setattr(h, k, v)
    return wire.encode_header(h)


class BadFramesTest(unittest.TestCase):
    def assertRefused(self, call, *words):
        with self.assertRaises(ValueError) as cm:
            call()
        for w in words:
            self.assertIn(w, str(cm.exception))

    def test_headers(self):
        good = header_bytes()
        self.assertRefused(lambda: wire.decode_header(b"NRG2" + good[4:]), "magic", "NRG2")
        self.assertRefused(lambda: wire.decode_header(b"XY"), "magic")  # magic first, whatever the length
        self.assertRefused(lambda: wire.decode_header(good[:63]), "63 bytes", "64")
        self.assertRefused(lambda: wire.decode_header(good[:4] + struct.pack("<H", 2) + good[6:]), "version is 2")
        self.assertRefused(lambda: wire.decode_header(good[:6] + struct.pack("<H", 6) + good[8:]), "kind is 6")
        self.assertRefused(lambda: wire.decode_header(good[:24] + struct.pack("<I", 2 ** 31) + good[28:]),
                           "sampleCount", str(2 ** 31))
        self.assertRefused(lambda: wire.decode_header(good[:28] + struct.pack("<I", 2 ** 32 - 1) + good[32:]),
                           "channelCount")

    def test_payload_lengths(self):
        h = wire.decode_header(header_bytes())
        self.assertRefused(lambda: wire.decode_payload(h, bytes(23)), "CONTINUOUS_F32", "23 bytes", "24")
        h = Header(Kind.SPIKES, 0, 0, 2, 3)
        self.assertRefused(lambda: wire.decode_payload(h, bytes(55)), "SPIKES", "56")
        h = Header(Kind.EVENTS, 0, 0, 1, 1)
        rec = struct.pack("<qHBBI", 5, 1, 1, 0, 4)
        self.assertRefused(lambda: wire.decode_payload(h, rec[:15]), "EVENTS", "at least 16")
        self.assertRefused(lambda: wire.decode_payload(h, rec + b"abc"), "textBytes", "20")
        self.assertEqual(wire.decode_payload(h, rec + b"abcd").texts, ["abcd"])
        self.assertEqual(wire.decode_payload(h, rec + b"\xff\xfeab").texts, ["\ufffd\ufffdab"])
        h = Header(Kind.MATRIX_F32, 0, 0, 2 ** 20, 2 ** 10)
        self.assertRefused(lambda: wire.decode_payload(h, b""), "sampleCount", "at most")
        self.assertRefused(lambda: wire.decode_payload(Header(wire.DESCRIPTOR), b"{}"), "descriptor")

    def test_descriptors(self):
        good = json.loads(golden("descriptor_i16")[1])

        def bad(*words, **change):
            obj = dict(good, **change)
            obj = {k: v for k, v in obj.items() if v is not ...}
            self.assertRefused(lambda: wire.decode_descriptor(json.dumps(obj).encode()), *words)

        bad('"name"', name=...)
        bad('"name" is empty', name="")
        bad('"kind"', "VIDEO", kind="VIDEO")
        bad('"channelCount"', channelCount=-1)
        bad('"channelCount"', channelCount=True)
        bad('"sampleRate"', sampleRate="fast")
        bad('"blockSamples"', blockSamples=1.5)
        bad('"source"', source=3)
        bad('"channels" has 1 entries', channels=good["channels"][:1])
        bad('"channels"[0]', channels=[1, 2])
        bad('"bitVolts"', channels=[dict(good["channels"][0], bitVolts="x"), good["channels"][1]])
        bad('"channelCount" is 5000', channels=..., channelCount=5000)
        bad("blockSamples", "payload limit", blockSamples=2 ** 27)
        self.assertRefused(lambda: wire.decode_descriptor(golden("descriptor_i16")[1].replace(b"16.0", b"1e400")),
                           '"x"', "finite")
        self.assertRefused(lambda: wire.decode_descriptor(b"[1]"), "object")
        self.assertRefused(lambda: wire.decode_descriptor(b"\xff{"), "not UTF-8 JSON")
        self.assertRefused(lambda: wire.decode_descriptor(golden("descriptor_i16")[1], topic="probe.lf"),
                           "probe.ap", "probe.lf")
        # Unknown keys are ignored; without "channels" the stream gets default ones.
        spec = wire.decode_descriptor(json.dumps(dict(good, future=1, channels=None)).encode())
        self.assertEqual([c.name for c in spec.channels], ["CH0", "CH1"])

    def test_encoding_refuses_what_does_not_fit(self):
        self.assertRefused(lambda: wire.encode_payload(Kind.MATRIX_F32, np.zeros(3)), "shape (3,)")
        self.assertRefused(lambda: wire.encode_payload(Kind.EVENTS, np.zeros((1, 1))), "neurorig.Events")
        self.assertRefused(lambda: Events.of([1], [70000], [1]), "line", "0..65535")
        self.assertRefused(lambda: StreamSpec("x", "VIDEO"), "VIDEO")
        self.assertRefused(lambda: StreamSpec("x", Kind.EVENTS, block_samples=0), "blockSamples")


if __name__ == "__main__":
    unittest.main()
