# BoundarySQL, licensed under the GNU General Public License v3.0 or later.
"""A small convolutional classifier trained and exported by PyTorch, for the on-demand test.

Usage: pytorch_model.py OUT_DIR

Trains (seeded, 150 steps) a CNN telling where a bright blob lies in a 12x12 gray
image (left, middle, right), exports it with torch.onnx.export (whose default exporter writes
the weights to an external .data file), and writes into OUT_DIR:
  model.onnx (+ its .data)     the export, batch axis dynamic
  images.npy, labels.npy       500 uint8 images [500, 1, 12, 12] and their int64 labels
  ref_<layer>.npy              PyTorch's own activations (forward hooks) of every image, fed
                               as image / 255: conv1, conv2 (after their ReLU), hidden, logits
  values.json                  the ONNX value that holds each layer
"""
import json
import os
import sys

import numpy as np
import onnx
import torch
from torch import nn

ITEMS = 500


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(1, 4, 3, padding=1)
        self.relu1 = nn.ReLU()
        self.pool = nn.MaxPool2d(2)
        self.conv2 = nn.Conv2d(4, 8, 3)
        self.relu2 = nn.ReLU()
        self.fc1 = nn.Linear(8 * 4 * 4, 16)
        self.relu3 = nn.ReLU()
        self.fc2 = nn.Linear(16, 3)

    def forward(self, x):
        x = self.pool(self.relu1(self.conv1(x)))
        x = self.relu2(self.conv2(x))
        x = self.relu3(self.fc1(torch.flatten(x, 1)))
        return self.fc2(x)


def images(rng, n):
    """Noise with a bright 4x4 blob at a random height, left, middle or right: the label."""
    labels = rng.integers(0, 3, n)
    data = rng.integers(0, 140, (n, 1, 12, 12))
    for i, label in enumerate(labels):
        top = rng.integers(0, 9)
        left = [0, 4, 8][label] + rng.integers(0, 1)
        data[i, 0, top:top + 4, left:left + 4] += rng.integers(20, 100)
    return data.astype(np.uint8), labels.astype(np.int64)


def main(out):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(7)
    rng = np.random.default_rng(7)
    model = Net()
    train_x, train_y = images(rng, 2000)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for step in range(150):
        batch = rng.integers(0, len(train_x), 64)
        x = torch.from_numpy(train_x[batch]).float() / 255
        loss = nn.functional.cross_entropy(model(x), torch.from_numpy(train_y[batch]))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()

    x, y = images(rng, ITEMS)
    np.save(os.path.join(out, "images.npy"), x)
    np.save(os.path.join(out, "labels.npy"), y)
    seen = {}
    hooks = {"conv1": model.relu1, "conv2": model.relu2, "hidden": model.relu3}
    for name, module in hooks.items():
        module.register_forward_hook(lambda m, i, o, name=name: seen.__setitem__(name, o))
    with torch.no_grad():
        seen["logits"] = model(torch.from_numpy(x).float() / 255)
    for name, value in seen.items():
        np.save(os.path.join(out, "ref_" + name + ".npy"),
                value.numpy().astype(np.float32))

    path = os.path.join(out, "model.onnx")
    torch.onnx.export(model, (torch.zeros(2, 1, 12, 12),), path, input_names=["image"],
                      output_names=["logits"],
                      dynamic_axes={"image": {0: "batch"}, "logits": {0: "batch"}})
    # The ReLUs in graph order are relu1, relu2, relu3: name the values that hold them.
    graph = onnx.load(path, load_external_data=False).graph
    relus = [node.output[0] for node in graph.node if node.op_type == "Relu"]
    if len(relus) != 3:
        raise SystemExit("expected 3 Relu nodes in the export, found %s" % relus)
    values = {"conv1": relus[0], "conv2": relus[1], "hidden": relus[2], "logits": "logits"}
    with open(os.path.join(out, "values.json"), "w") as f:
        json.dump(values, f)
    print("exported", path, "with", sorted(os.listdir(out)))


if __name__ == "__main__":
    main(sys.argv[1])
