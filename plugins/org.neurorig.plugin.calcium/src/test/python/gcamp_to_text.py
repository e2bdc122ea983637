#!/usr/bin/python3
"""Converts the GCaMP6f ground-truth recordings (MATLAB v5) to plain text for the Java test.

Usage: /usr/bin/python3 gcamp_to_text.py DATA_DIR OUT_DIR

DATA_DIR is ../shared/data/calcium-gt-gcamp6f (see its README). For every recording it writes
OUT_DIR/<cell>_<i>.txt: line 1 the frame times (s), line 2 ΔF/F per frame, line 3 the
cell-attached spike times (s); values separated by spaces. OUT_DIR/index.txt lists the names.
The data are GPL-3.0: they are converted at test time into a temporary folder, never committed.
"""
import glob
import os
import sys

import numpy as np
import scipy.io


def main():
    data, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    names = []
    for f in sorted(glob.glob(os.path.join(data, "CAttached_*.mat"))):
        cell = os.path.basename(f).split("_")[3]
        recs = np.atleast_1d(scipy.io.loadmat(f, squeeze_me=True, struct_as_record=False)["CAttached"])
        for i, c in enumerate(recs):
            name = "%s_%d" % (cell, i)
            with open(os.path.join(out, name + ".txt"), "w") as w:
                for row in (c.fluo_time, c.fluo_mean, np.atleast_1d(c.events_AP) / 1e4):
                    w.write(" ".join(repr(float(v)) for v in np.atleast_1d(row)) + "\n")
            names.append(name)
    with open(os.path.join(out, "index.txt"), "w") as w:
        w.write("\n".join(names) + "\n")


if __name__ == "__main__":
    main()
