"""Hashes, with the Python bindings of Meta's C++ reference (PyPI pdqhash 0.2.8),
exactly the pixels Relais decodes from each test image, and writes
same-pixels.txt: `<file> <hash> <quality>`, with the eight dihedral hashes of
each. The test `conformance.rs` holds relais-pdq to this file bit for bit.

    cargo build -p relais-pdq --example pixels
    pip install pdqhash==0.2.8 numpy
    python3 reference.py ../../../../target/debug/examples/pixels
"""
import os, subprocess, sys, tempfile
import numpy as np
import pdqhash

pixels_tool = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
names = sorted(n for n in os.listdir(here) if n.split(".")[-1] in ("jpg", "png", "gif") and not n.startswith("truncated"))

def hex_of(bits):
    # pdqhash gives the 256 bits in the order the hexadecimal form prints them.
    return np.packbits(np.asarray(bits, dtype=np.uint8)).tobytes().hex()

lines = []
for name in names:
    with tempfile.NamedTemporaryFile() as out:
        subprocess.run([pixels_tool, os.path.join(here, name), out.name], check=True)
        data = open(out.name, "rb").read()
    header, raw = data.split(b"\n", 1)
    width, height = map(int, header.split())
    array = np.frombuffer(raw, dtype=np.uint8).reshape(height, width, 3)
    bits, quality = pdqhash.compute(array)
    dihedral, _ = pdqhash.compute_dihedral(array)
    lines.append(f"{name} {hex_of(bits)} {quality} " + " ".join(hex_of(d) for d in dihedral))
open(os.path.join(here, "same-pixels.txt"), "w").write(
    "# file, hash, quality, then the eight dihedral hashes (orig rot90 rot180 rot270 flipx flipy flipp flipm),\n"
    "# from Meta's C++ reference (PyPI pdqhash 0.2.8) on the pixels relais-pdq decodes. Made by reference.py.\n"
    + "\n".join(lines) + "\n")
print("\n".join(lines))
