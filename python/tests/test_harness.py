"""The harness with the example decoder (python/examples/ridge_decoder.py) against scikit-learn and
a closed-form NumPy ridge computed here, and the harness's own bookkeeping."""
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np

from neurorig import Events, Harness, Kind, StreamSpec

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "examples"))
sys.path.insert(0, str(Path(__file__).resolve().parent / "nodes"))

try:
    import sklearn  # noqa: F401  (Debian python3-sklearn; the example needs it)
except ImportError:
    sklearn = None


def velocity_data(seed, bins, channels):
    """Poisson spike counts whose rates are tuned to a smooth 2-D velocity, as in motor cortex."""
    rng = np.random.default_rng(seed)
    t = np.arange(bins) / 50.0
    vel = np.stack([np.sin(2 * np.pi * 0.3 * t), np.cos(2 * np.pi * 0.21 * t)], axis=1)
    tuning = rng.normal(size=(2, channels))
    counts = rng.poisson(np.exp(0.5 + 0.4 * vel @ tuning)).astype("f4")
    return counts, vel.astype("f4")


@unittest.skipIf(sklearn is None, "scikit-learn is not installed (Debian: python3-sklearn)")
class RidgeDecoderTest(unittest.TestCase):
    def setUp(self):
        from sklearn.linear_model import Ridge

        self.Ridge = Ridge
        self.tmp = tempfile.TemporaryDirectory()
        self.X, self.Y = velocity_data(7, 2000, 24)
        self.train = str(Path(self.tmp.name) / "train.npz")
        np.savez(self.train, X=self.X[:1500], Y=self.Y[:1500])
        self.bins = StreamSpec("binned.counts", Kind.MATRIX_F32, 24, 50.0, 10)

    def tearDown(self):
        self.tmp.cleanup()

    def decode(self, config):
        from ridge_decoder import RidgeDecoder

        h = Harness(RidgeDecoder(), [self.bins], config)
        h.feed_all(0, self.X[1500:])
        return h

    def test_matches_scikit_learn_and_closed_form_ridge(self):
        h = self.decode({"train": self.train, "alpha": 3.0})
        self.assertEqual([(o.name, o.kind, o.channel_count, o.sample_rate) for o in h.outputs],
                         [("velocity", Kind.MATRIX_F32, 2, 50.0)])
        got = h.output(0)
        self.assertEqual(got.shape, (500, 2))
        direct = self.Ridge(alpha=3.0).fit(self.X[:1500], self.Y[:1500]).predict(self.X[1500:])
        np.testing.assert_allclose(got, direct, rtol=1e-5, atol=1e-5)
        # Ridge with an intercept: centre, solve (Xc'Xc + aI) W = Xc'Yc, b = mean(Y) - mean(X) W.
        X, Y = self.X[:1500].astype("f8"), self.Y[:1500].astype("f8")
        xm, ym = X.mean(0), Y.mean(0)
        W = np.linalg.solve((X - xm).T @ (X - xm) + 3.0 * np.eye(24), (X - xm).T @ (Y - ym))
        np.testing.assert_allclose(got, (self.X[1500:] - xm) @ W + ym, rtol=1e-4, atol=1e-4)
        # It decodes: held-out R² well above chance on this synthetic tuning.
        r2 = 1 - ((got - self.Y[1500:]) ** 2).sum() / ((self.Y[1500:] - self.Y[1500:].mean(0)) ** 2).sum()
        self.assertGreater(r2, 0.5)

    def test_timing_follows_the_input_blocks(self):
        h = self.decode({"train": self.train})
        self.assertEqual(len(h.emitted[0]), 50)
        self.assertEqual([b.seq for b in h.emitted[0][:3]], [0, 1, 2])
        self.assertEqual([b.first_sample for b in h.emitted[0][:3]], [0, 10, 20])
        self.assertEqual(h.emitted[0][-1].sample_count, 10)

    def test_snapshot_restores_the_fitted_model_without_the_training_file(self):
        from ridge_decoder import RidgeDecoder

        a = self.decode({"train": self.train})
        other = str(Path(self.tmp.name) / "other.npz")
        np.savez(other, X=self.X[:100] * 0, Y=self.Y[:100] * 0)  # fits a model that always says 0
        b = Harness(RidgeDecoder(), [self.bins], {"train": other})
        b.restore(a.snapshot())
        b.feed_all(0, self.X[1500:])
        np.testing.assert_array_equal(b.output(0), a.output(0))

    def test_wrong_input_kind_is_refused_in_prepare(self):
        from ridge_decoder import RidgeDecoder

        with self.assertRaisesRegex(ValueError, "CONTINUOUS_I16, expected MATRIX_F32"):
            Harness(RidgeDecoder(), [StreamSpec("p", Kind.CONTINUOUS_I16, 24, 50.0, 10)], {"train": self.train})


class DocsTest(unittest.TestCase):
    def test_the_node_in_docs_python_md_is_the_tested_example(self):
        doc = (ROOT.parent / "docs" / "PYTHON.md").read_text(encoding="utf-8")
        first_block = doc.split("```python\n", 1)[1].split("```", 1)[0]
        self.assertEqual(first_block, (ROOT / "examples" / "ridge_decoder.py").read_text(encoding="utf-8"))
        self.assertLessEqual(len(first_block.splitlines()), 30)


class HarnessTest(unittest.TestCase):
    def setUp(self):
        from scaler import Scaler

        self.sig = StreamSpec("probe.lfp", Kind.CONTINUOUS_F32, 2, 1000.0, 5)
        self.h = Harness(Scaler(), [self.sig, StreamSpec("ttl", Kind.EVENTS, 8, 1000.0, 16)], {"gain": 2.0})

    def test_blocks_go_through_the_codec_and_keep_their_timing(self):
        out = self.h.feed(0, np.arange(10, dtype="f4").reshape(5, 2), first_sample=100, acq_time_nanos=42, flags=1)
        self.assertEqual(len(out), 1)
        port, b = out[0]
        self.assertEqual((port, b.seq, b.first_sample, b.acq_time_nanos, b.flags), (0, 0, 100, 42, 1))
        np.testing.assert_array_equal(b.data, np.arange(10).reshape(5, 2) * 2)
        self.h.feed(0, np.ones((3, 2), "f4"))
        self.assertEqual(self.h.emitted[0][1].first_sample, 105)  # continues where the port left off
        np.testing.assert_array_equal(self.h.output(0)[-3:], np.full((3, 2), 2.0))

    def test_items_in_and_out(self):
        out = self.h.feed(1, Events.of([3, 4], [0, 1], [1, 0], ["a", None]), first_sample=3)
        (port, b), = out
        self.assertEqual(port, 1)
        self.assertEqual(b.data.records["sample"].tolist(), [3])
        self.assertEqual(b.data.texts, ["2 events"])
        self.assertEqual(b.channel_count, 1)

    def test_a_reused_output_array_and_an_empty_block(self):
        from neurorig import Node

        class Reuser(Node):
            def prepare(self, inputs, config):
                self.out = np.zeros((2, 2), "f4")  # scratch allocated once, as a node should
                return super().prepare(inputs, config)

            def process(self, port, block, emit):
                self.out[:] = block.data[:2]
                emit(0, self.out)
                emit(0, self.out[:0])

        h = Harness(Reuser(), [self.sig])
        h.feed(0, np.full((2, 2), 1, "f4"))
        h.feed(0, np.full((2, 2), 7, "f4"))
        self.assertEqual([b.sample_count for b in h.emitted[0]], [2, 0, 2, 0])
        np.testing.assert_array_equal(h.output(0), [[1, 1], [1, 1], [7, 7], [7, 7]])

    def test_input_is_read_only_and_bad_input_is_refused(self):
        from neurorig import Node

        class Writer(Node):
            def process(self, port, block, emit):
                block.data[0, 0] = 1

        h = Harness(Writer(), [self.sig])
        with self.assertRaisesRegex(ValueError, "read-only"):
            h.feed(0, np.zeros((1, 2), "f4"))
        with self.assertRaisesRegex(ValueError, "6 samples, more than its blockSamples 5; use feed_all"):
            self.h.feed(0, np.zeros((6, 2), "f4"))
        with self.assertRaisesRegex(ValueError, r"shape \(5, 3\), expected \(samples, 2\)"):
            self.h.feed(0, np.zeros((5, 3), "f4"))

    def test_bad_emits_name_the_port_and_what_was_expected(self):
        from neurorig import Node

        class Emits(Node):
            def __init__(self, data, port=0):
                self.data, self.port = data, port

            def process(self, port, block, emit):
                emit(self.port, self.data)

        cases = [(np.zeros((5, 3)), 0, r"emit on out: data has shape \(5, 3\), expected \(samples, 2\)"),
                 (np.zeros((6, 2)), 0, "emit on out: 6 samples, more than its blockSamples 5"),
                 (np.zeros((1, 2)), "nope", r"emit on output port 'nope', the node has \['out'\]"),
                 (np.zeros((1, 2)), 1, "emit on output port 1"),
                 (Events.of(), 0, r"data has shape \(\)")]
        for data, port, message in cases:
            with self.subTest(message):
                h = Harness(Emits(data, port), [self.sig])
                with self.assertRaisesRegex(ValueError, message):
                    h.feed(0, np.zeros((1, 2), "f4"))
        h = Harness(Emits(np.array([[70000, 0]])), [StreamSpec("i", Kind.CONTINUOUS_I16, 2, 1.0, 5)])
        with self.assertRaisesRegex(ValueError, "outside int16"):
            h.feed(0, np.zeros((1, 2), "i2"))


if __name__ == "__main__":
    unittest.main()
