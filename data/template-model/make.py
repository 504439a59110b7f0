#!/usr/bin/env python3
"""Writes the template-matching Fashion-MNIST model of docs/ACCURACY.md (no training, no numpy).

    python3 data/template-model/make.py OUT_DIR [weight_bits input_bits]

The same classifier as tests/CimSim.Tests/Accuracy/TemplateModel.cs: conv1 (1->2, 3x3, pad 1, ReLU) passes the image
through (centre tap 1) and blurs it (3x3 box); fc scores class c as m_c.x + m_c.blur(x) - (|m_c|^2 + m_c.blur(m_c))/2,
m_c the mean image of class c over the shipped 1,000-image subset (data/fashion-mnist). Float sums here are in
double precision, so the last bits of fc's weights may differ from the C# fixture's.
"""
import gzip, os, struct, sys

here = os.path.dirname(os.path.abspath(__file__))
out = sys.argv[1]
extra = f"weight_bits: {sys.argv[2]}\ninput_bits: {sys.argv[3]}\n" if len(sys.argv) > 3 else ""
images = gzip.open(os.path.join(here, "..", "fashion-mnist", "t10k-1k-images-idx3-ubyte.gz")).read()[16:]
labels = gzip.open(os.path.join(here, "..", "fashion-mnist", "t10k-1k-labels-idx1-ubyte.gz")).read()[8:]

def npy(path, shape, values):
    header = "{'descr': '<f4', 'fortran_order': False, 'shape': (%s), }" % (", ".join(map(str, shape)) + ("," if len(shape) == 1 else ""))
    header += " " * ((64 - (10 + len(header) + 1) % 64) % 64) + "\n"
    with open(path, "wb") as f:
        f.write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1"))
        f.write(struct.pack("<%df" % len(values), *values))

def f32(x): return struct.unpack("<f", struct.pack("<f", x))[0]

conv = [0.0] * 18
conv[4] = 1.0
for i in range(9): conv[9 + i] = f32(1 / 9)

def features(x):
    f = [0.0] * 1568
    for c in range(2):
        for y in range(28):
            for xx in range(28):
                s = 0.0
                for ky in range(3):
                    for kx in range(3):
                        iy, ix = y + ky - 1, xx + kx - 1
                        if 0 <= iy < 28 and 0 <= ix < 28: s += conv[c * 9 + ky * 3 + kx] * x[iy * 28 + ix]
                f[c * 784 + y * 28 + xx] = max(0.0, s)
    return f

sums = [[0.0] * 784 for _ in range(10)]
counts = [0] * 10
for i in range(1000):
    c = labels[i]; counts[c] += 1
    for j in range(784): sums[c][j] += images[i * 784 + j] / 255
w, b = [], []
for c in range(10):
    m = [f32(s / counts[c]) for s in sums[c]]
    fm = features(m)
    w += m + m
    b.append(-0.5 * sum(m[j] * fm[j] + m[j] * fm[784 + j] for j in range(784)))

os.makedirs(out, exist_ok=True)
with open(os.path.join(out, "network.yaml"), "w") as f:
    f.write("name: template\ndataset: fashion-mnist\nlayers:\n"
            "  - {name: conv1, type: conv, out_channels: 2, kernel: 3, padding: 1, relu: true}\n"
            "  - {name: fc, type: fc, out_features: 10}\n")
with open(os.path.join(out, "model.yaml"), "w") as f:
    f.write("format: 1\nnetwork: network.yaml\ndataset: fashion-mnist\nstage: float\n"
            "command: python3 data/template-model/make.py OUT_DIR\n" + extra)
npy(os.path.join(out, "conv1.npy"), (2, 1, 3, 3), conv)
npy(os.path.join(out, "fc.npy"), (10, 1568), w)
npy(os.path.join(out, "fc.bias.npy"), (10,), b)
