#!/usr/bin/env python3
"""Cuts a store of the sql-tests catalog from an example store: the first N items and some layers.

Usage: make_catalog.py SOURCE_STORE TARGET_STORE N LAYER[,LAYER...]
A developer's tool for regenerating src/test/resources/catalog (see README.md); the tests do
not run it. Plain Python, no NumPy: it copies the .npy header (with the new row count) and the
first N rows' bytes.
"""
import json
import os
import re
import struct
import sys

def cut_npy(source, target, rows):
    with open(source, "rb") as f:
        data = f.read()
    assert data[:6] == b"\x93NUMPY" and data[6] == 1, source
    header_len = struct.unpack("<H", data[8:10])[0]
    header = data[10:10 + header_len].decode("latin1")
    shape = re.search(r"'shape': \((\d+),([^)]*)\)", header)
    width = 1
    for d in shape.group(2).split(","):
        if d.strip():
            width *= int(d)
    item = 8 if "f8" in header else 4
    new_header = header.replace(shape.group(0), "'shape': (%d,%s)" % (rows, shape.group(2)))
    new_header = new_header.rstrip()
    pad = (64 - (10 + len(new_header) + 1) % 64) % 64
    new_header = new_header + " " * pad + "\n"
    start = 10 + header_len
    with open(target, "wb") as f:
        f.write(data[:8] + struct.pack("<H", len(new_header)) + new_header.encode("latin1"))
        f.write(data[start:start + rows * width * item])


def main(source, target, rows, layers):
    os.makedirs(target, exist_ok=True)
    manifest = json.load(open(os.path.join(source, "store.json")))
    manifest["layers"] = [l for l in manifest["layers"] if l["name"] in layers]
    manifest["model"] = manifest["model"] + " (first %d test items)" % rows
    json.dump(manifest, open(os.path.join(target, "store.json"), "w"), indent=2)
    with open(os.path.join(source, "items.csv")) as f, \
            open(os.path.join(target, "items.csv"), "w") as out:
        for i, line in enumerate(f):
            if i > rows:
                break
            out.write(line)
    for layer in layers:
        cut_npy(os.path.join(source, layer + ".npy"), os.path.join(target, layer + ".npy"), rows)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4].split(","))
