#!/usr/bin/env python3
"""Builds the `irregular` store of the sql-tests catalog from the `mnist` test store.

Usage: make_irregular_store.py [SOURCE_STORE [TARGET_STORE]]
(defaults: src/test/resources/catalog/mnist and .../irregular beside this script)

The activations, labels and predictions are the real ones of the `mnist` store (the final
LeNet-5 on the first 600 MNIST test items); everything around them is made irregular, so that
the differential tests (src/test/java/org/boundarysql/sqltests/differential) meet what a user's
own store may hold:

- 250 of the 600 items, rows in random order, with random distinct ids from -10^9 to 9*10^9
  (beyond 32 bits, some negative);
- two splits, `train` and `test`, about 70/30;
- labels and predictions written as class names ("zero", "one", ...);
- extra columns of each type, each with some empty (null) values: `stroke` (BIGINT),
  `confidence` (DOUBLE: the softmax probability of the predicted class) and `scanner` (VARCHAR,
  with a quote, a comma and an accent among its values);
- layers `logits` as CSV (`id,v0,...,v9`, rows in another random order, shortest float32
  text), `pool2` (400 wide) as little-endian float32 and the latent `fc2` as big-endian
  float32 `.npy`.

Of the 8 misclassified items, 3 are kept (two of class four, one of class two), so that
`group by label` over the misclassified items has counts 2 and 1: a query ordered by the count
has one right answer. Seeded: the output is the same on every run.
"""
import csv
import json
import os
import sys

import numpy as np

CLASSES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
ITEMS = 250
KEPT_MISCLASSIFIED = {115, 247, 492}
SCANNERS = ["flatbed", "phone", "Phone", "o'neil", "hand, left", "café", "007"]
SEED = 20240512


def main(source, target):
    rng = np.random.default_rng(SEED)
    with open(os.path.join(source, "items.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    layers = {name: np.load(os.path.join(source, name + ".npy"))
              for name in ("fc2", "pool2", "logits")}
    wrong = [i for i, r in enumerate(rows) if r["label"] != r["predicted"]]
    kept_wrong = [i for i in wrong if int(rows[i]["id"]) in KEPT_MISCLASSIFIED]
    right = [i for i, r in enumerate(rows) if r["label"] == r["predicted"]]
    chosen = np.concatenate([kept_wrong,
                             rng.choice(right, ITEMS - len(kept_wrong), replace=False)])
    order = rng.permutation(chosen)
    ids = rng.choice(10 ** 10, ITEMS, replace=False) - 10 ** 9

    logits = layers["logits"].astype(np.float64)
    probabilities = np.exp(logits - logits.max(1, keepdims=True))
    probabilities /= probabilities.sum(1, keepdims=True)

    os.makedirs(target, exist_ok=True)
    with open(os.path.join(target, "items.csv"), "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["id", "split", "label", "predicted", "stroke", "confidence", "scanner"])
        for item_id, row in zip(ids, order):
            item = rows[row]
            predicted = int(item["predicted"])
            stroke = "" if rng.random() < 0.05 else int(rng.integers(-3, 13))
            confidence = ("" if rng.random() < 0.1
                          else "%.4f" % probabilities[row, predicted])
            scanner = "" if rng.random() < 0.08 else SCANNERS[rng.integers(len(SCANNERS))]
            out.writerow([int(item_id), "train" if rng.random() < 0.7 else "test",
                          CLASSES[int(item["label"])], CLASSES[predicted],
                          stroke, confidence, scanner])

    np.save(os.path.join(target, "pool2.npy"), layers["pool2"][order].astype("<f4"))
    np.save(os.path.join(target, "fc2.npy"), layers["fc2"][order].astype(">f4"))
    csv_order = rng.permutation(ITEMS)
    with open(os.path.join(target, "logits.csv"), "w", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["id"] + ["v%d" % i for i in range(layers["logits"].shape[1])])
        for k in csv_order:
            values = layers["logits"][order[k]]
            out.writerow([int(ids[k])] + [np.format_float_positional(v, unique=True, trim="-")
                                          for v in values])

    with open(os.path.join(source, "store.json")) as f:
        model = json.load(f)["model"]
    manifest = {
        "model": model.replace("(first 600 test items)",
                               "(%d of the first 600 test items, irregular)" % ITEMS),
        "classes": CLASSES,
        "latentLayer": "fc2",
        "layers": [{"name": "logits", "shape": [10]},
                   {"name": "pool2", "shape": [16, 5, 5]},
                   {"name": "fc2", "shape": [84]}],
    }
    with open(os.path.join(target, "store.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")


if __name__ == "__main__":
    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "src", "test", "resources",
                        "catalog")
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "mnist"),
         sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "irregular"))
