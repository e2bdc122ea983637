#!/usr/bin/python3
"""A NumPy-only reader of Open Ephys binary recordings, written from the format documentation
(open-ephys.github.io/gui-docs, "Binary Format") and not from NeuroRig's code.

    read_oebin.py RECORDING_DIR [--expect-sine AMPLITUDE FREQUENCY]

RECORDING_DIR is a recordingN folder (holding structure.oebin). Prints one JSON object:
per continuous stream its shape, sample-number range and contiguity, whether timestamps equal
sample_number / sample_rate, the SHA-256 of its int16 values and, with --expect-sine, how many
int16 values differ from floor(A*sin(2*pi*f*n/rate + 2*pi*c/C) + 0.5) (round half up, like Java's Math.round);
per TTL folder and spike folder the item counts; the lines of sync_messages.txt.
Exit code 0 when everything could be read, 1 otherwise (the message says what failed).
"""
import hashlib
import json
import os
import sys

import numpy as np


def continuous(rec, entry, expect):
    folder = os.path.join(rec, "continuous", entry["folder_name"])
    nch = entry["num_channels"]
    rate = entry["sample_rate"]
    raw = np.fromfile(os.path.join(folder, "continuous.dat"), dtype="<i2")
    if raw.size % nch:
        raise ValueError("%s: %d int16 values are not a multiple of %d channels" % (folder, raw.size, nch))
    data = raw.reshape(-1, nch)
    sn = np.load(os.path.join(folder, "sample_numbers.npy"))
    ts = np.load(os.path.join(folder, "timestamps.npy"))
    out = {
        "channels": nch,
        "samples": int(data.shape[0]),
        "sampleNumbers": int(sn.size),
        "timestamps": int(ts.size),
        "sampleNumbersDtype": str(sn.dtype),
        "timestampsDtype": str(ts.dtype),
        "firstSample": int(sn[0]) if sn.size else None,
        "lastSample": int(sn[-1]) if sn.size else None,
        "contiguous": bool(sn.size == 0 or np.all(np.diff(sn) == 1)),
        "timestampsMatch": bool(sn.size == ts.size and np.allclose(ts, sn / rate, rtol=0, atol=1e-9)),
        "bitVolts": [c["bit_volts"] for c in entry["channels"]][:1],
        # of the int16 values, little-endian, sample-major: compared with a digest of what the source emitted
        "sha256": hashlib.sha256(data.astype("<i2", copy=False).tobytes()).hexdigest(),
    }
    if expect is not None and sn.size == data.shape[0]:
        amp, freq = expect
        n = sn.astype(np.float64)[:, None]
        c = np.arange(nch, dtype=np.float64)[None, :]
        want = np.floor(amp * np.sin(2 * np.pi * freq * n / rate + 2 * np.pi * c / nch) + 0.5).astype(np.int16)
        diff = np.abs(want.astype(np.int32) - data.astype(np.int32))
        out["sineMismatches"] = int(np.count_nonzero(diff))
        out["sineMaxDiff"] = int(diff.max()) if diff.size else 0
    return out


def ttl(rec, entry):
    folder = os.path.join(rec, "events", entry["folder_name"])
    if entry.get("type") == "string":
        text = np.load(os.path.join(folder, "text.npy"))
        sn = np.load(os.path.join(folder, "sample_numbers.npy"))
        return {"messages": int(text.size), "text": [t.decode("utf-8", "replace") for t in text[:20]],
                "sampleNumbers": sn[:20].tolist()}
    states = np.load(os.path.join(folder, "states.npy"))
    sn = np.load(os.path.join(folder, "sample_numbers.npy"))
    ts = np.load(os.path.join(folder, "timestamps.npy"))
    words = np.load(os.path.join(folder, "full_words.npy"))
    if not (states.size == sn.size == ts.size == words.size):
        raise ValueError("%s: files differ in length" % folder)
    return {"edges": int(states.size), "states": states[:20].tolist(), "sampleNumbers": sn[:20].tolist(),
            "fullWords": words[:20].tolist(), "dtypes": [str(states.dtype), str(sn.dtype), str(ts.dtype),
                                                          str(words.dtype)]}


def spikes(rec, entry):
    folder = os.path.join(rec, "spikes", entry["folder"])
    wf = np.load(os.path.join(folder, "waveforms.npy"))
    sn = np.load(os.path.join(folder, "sample_numbers.npy"))
    el = np.load(os.path.join(folder, "electrode_indices.npy"))
    cl = np.load(os.path.join(folder, "clusters.npy"))
    if not (wf.shape[0] == sn.size == el.size == cl.size):
        raise ValueError("%s: files differ in length" % folder)
    return {"spikes": int(sn.size), "waveformShape": list(wf.shape), "sampleNumbers": sn[:20].tolist(),
            "electrodes": el[:20].tolist(), "waveforms": wf[:2].tolist()}


def main(argv):
    rec = argv[1]
    expect = None
    if "--expect-sine" in argv:
        i = argv.index("--expect-sine")
        expect = (float(argv[i + 1]), float(argv[i + 2]))
    with open(os.path.join(rec, "structure.oebin")) as f:
        oebin = json.load(f)
    out = {"guiVersion": oebin["GUI version"], "continuous": {}, "events": {}, "spikes": {}}
    for e in oebin["continuous"]:
        out["continuous"][e["folder_name"]] = continuous(rec, e, expect)
    for e in oebin["events"]:
        out["events"][e["folder_name"]] = ttl(rec, e)
    for e in oebin["spikes"]:
        out["spikes"][e["folder"]] = spikes(rec, e)
    with open(os.path.join(rec, "sync_messages.txt")) as f:
        out["sync"] = f.read().splitlines()
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except Exception as e:  # one line for the Java test to show
        print(json.dumps({"error": "%s: %s" % (type(e).__name__, e)}))
        sys.exit(1)
