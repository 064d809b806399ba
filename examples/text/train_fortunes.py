#!/usr/bin/env python3
# BoundarySQL, licensed under the GNU General Public License v3.0 or later.
"""Trains the example text classifier: a fortune's category from its words.

Data: five category files of Debian's `fortunes` package (`computers`, `politics`, `science`,
`men-women`, `work`). Writes into --out (examples/models/fortunes_transformer by default):

  tokenizer.json     WordPiece tokenizer trained on the training texts, BERT special tokens,
                     padding and truncation to a fixed length set in the file; reused when
                     present (tokenizers' trainer is not deterministic), new with --new-tokenizer
  model.onnx         the classifier (inputs input_ids, attention_mask: int64 [batch, 128];
                     output logits: float [batch, 5]), weights inside the file
  categories.txt     class index -> category, one per line
  split.tsv          every item: category, entry (index in its category file), split, text hash
  training-log.csv   one line per epoch

and prints the accuracy table and the misclassified counts per category (TRAINING.md).
With --texts-out DIR it also writes each split as capture inputs: SPLIT.txt (one text a line,
UTF-8) and SPLIT_labels.txt (one class index a line), in split.tsv's order.

Everything is seeded and runs on the CPU with deterministic algorithms; see README.md here.
"""

import argparse
import collections
import hashlib
import math
import os
import random
import sys
import time

import numpy as np
import onnx
import onnxruntime as ort
import torch
from torch import nn
from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors, trainers

SEED = 20240601
CATEGORIES = ["computers", "politics", "science", "men-women", "work"]
TEST_SHARE = 0.2          # of each category, by a seeded shuffle
VALIDATION_SHARE = 0.1    # of each category's training items, to choose the epoch
VOCAB_SIZE = 4000
MAX_LENGTH = 128          # tokens with [CLS] and [SEP]; covers about 90% of the fortunes whole
SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]

HIDDEN = 64
HEADS = 4
FEED_FORWARD = 256
LAYERS = 2
DROPOUT = 0.2
EPOCHS = 30
BATCH = 32
LEARNING_RATE = 5e-4
WEIGHT_DECAY = 0.05
MASKED = -1e9             # added to attention scores of padded keys

TOLERANCE = 1e-5
CHECK_BATCHES = (1, 2, 16)


# ---------------------------------------------------------------- data

def read_entries(path):
    """The entries of a fortune file: blocks separated by lines holding only '%'."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    entries, current = [], []
    for line in lines:
        if line == "%":
            entries.append("\n".join(current))
            current = []
        else:
            current.append(line)
    entries.append("\n".join(current))
    return entries


def normalize(entry):
    """One line of text: a backspace erases the character before it (the files underline by
    overstriking), other control characters are dropped, whitespace runs become one space."""
    kept = []
    for ch in entry:
        if ch == "\b":
            if kept:
                kept.pop()
        elif ch in "\t\n\r" or (ch >= " " and ch != "\x7f"):
            kept.append(ch)
    return " ".join("".join(kept).split())


def text_hash(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def load_items(fortunes_dir):
    """(category index, entry index, text) for every usable entry: empty entries are dropped,
    a text found in two categories is dropped everywhere (its label is ambiguous), a text
    repeated within one category is kept once (its first entry)."""
    per_category = []
    categories_of = collections.defaultdict(set)
    for c, name in enumerate(CATEGORIES):
        path = os.path.join(fortunes_dir, name)
        if not os.path.isfile(path):
            sys.exit(f"no fortune file {path}: apt-get install fortunes, or pass --fortunes DIR")
        texts = [normalize(e) for e in read_entries(path)]
        per_category.append(texts)
        for t in texts:
            if t:
                categories_of[t].add(c)
    items, dropped = [], collections.Counter()
    for c, texts in enumerate(per_category):
        seen = set()
        for e, t in enumerate(texts):
            if not t:
                continue
            if len(categories_of[t]) > 1:
                dropped["in two categories"] += 1
            elif t in seen:
                dropped["repeated in its category"] += 1
            else:
                seen.add(t)
                items.append((c, e, t))
    return items, dropped


def split_items(items):
    """Per category, a seeded shuffle; the first TEST_SHARE are test, the next
    VALIDATION_SHARE of the rest validation, the remainder train. Each split is returned sorted
    by (category, entry)."""
    rng = random.Random(SEED)
    splits = {"test": [], "validation": [], "train": []}
    for c in range(len(CATEGORIES)):
        mine = [it for it in items if it[0] == c]
        rng.shuffle(mine)
        n_test = round(len(mine) * TEST_SHARE)
        n_val = round((len(mine) - n_test) * VALIDATION_SHARE)
        splits["test"] += mine[:n_test]
        splits["validation"] += mine[n_test:n_test + n_val]
        splits["train"] += mine[n_test + n_val:]
    return {k: sorted(v) for k, v in splits.items()}


# ---------------------------------------------------------------- tokenizer

def train_tokenizer(texts):
    tokenizer = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.decoder = decoders.WordPiece()
    trainer = trainers.WordPieceTrainer(vocab_size=VOCAB_SIZE, special_tokens=SPECIAL_TOKENS)
    tokenizer.train_from_iterator(texts, trainer)
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", cls), ("[SEP]", sep)])
    tokenizer.enable_truncation(max_length=MAX_LENGTH)
    tokenizer.enable_padding(length=MAX_LENGTH, pad_id=tokenizer.token_to_id("[PAD]"),
                             pad_token="[PAD]")
    return tokenizer


def encode(tokenizer, texts):
    """input_ids and attention_mask, int64 [n, MAX_LENGTH], and how many texts were cut."""
    encodings = tokenizer.encode_batch(texts)
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
    truncated = sum(1 for e in encodings if e.overflowing)
    return ids, mask, truncated


# ---------------------------------------------------------------- model

class EncoderLayer(nn.Module):
    """A post-norm transformer encoder layer (as BERT's), written out so that every value is
    an ordinary tensor: the same in training, in inference and in the ONNX graph."""

    def __init__(self):
        super().__init__()
        self.qkv = nn.Linear(HIDDEN, 3 * HIDDEN)
        self.attention_out = nn.Linear(HIDDEN, HIDDEN)
        self.attention_norm = nn.LayerNorm(HIDDEN)
        self.feed_forward_in = nn.Linear(HIDDEN, FEED_FORWARD)
        self.feed_forward_out = nn.Linear(FEED_FORWARD, HIDDEN)
        self.output_norm = nn.LayerNorm(HIDDEN)
        self.dropout = nn.Dropout(DROPOUT)

    def forward(self, x, key_bias):
        batch, seq, _ = x.shape
        head = HIDDEN // HEADS
        q, k, v = self.qkv(x).reshape(batch, seq, 3, HEADS, head).permute(2, 0, 3, 1, 4)
        scores = q @ k.transpose(-1, -2) / math.sqrt(head) + key_bias
        weights = self.dropout(torch.softmax(scores, dim=-1))
        attended = (weights @ v).transpose(1, 2).reshape(batch, seq, HIDDEN)
        x = self.attention_norm(x + self.dropout(self.attention_out(attended)))
        hidden = nn.functional.gelu(self.feed_forward_in(x))
        return self.output_norm(x + self.dropout(self.feed_forward_out(self.dropout(hidden))))


class FortuneClassifier(nn.Module):
    """Token and position embeddings, LAYERS encoder layers, a pooled latent layer
    tanh(W · mean of the last layer's unpadded rows + b) and the logits."""

    def __init__(self, vocab_size, classes):
        super().__init__()
        self.token_embedding = nn.Embedding(vocab_size, HIDDEN)
        self.position_embedding = nn.Embedding(MAX_LENGTH, HIDDEN)
        self.embedding_norm = nn.LayerNorm(HIDDEN)
        self.dropout = nn.Dropout(DROPOUT)
        self.layers = nn.ModuleList(EncoderLayer() for _ in range(LAYERS))
        self.pooler = nn.Linear(HIDDEN, HIDDEN)
        self.classifier = nn.Linear(HIDDEN, classes)

    def forward_all(self, input_ids, attention_mask):
        """The values a user captures, by alias: the embeddings and each layer's output
        [batch, seq, HIDDEN], the pooled row [batch, HIDDEN], the logits."""
        seq = input_ids.shape[1]
        positions = torch.arange(seq, device=input_ids.device)
        x = self.embedding_norm(self.token_embedding(input_ids) + self.position_embedding(positions))
        values = {"embeddings": x}
        x = self.dropout(x)
        key_bias = (1 - attention_mask[:, None, None, :].to(x.dtype)) * MASKED
        for i, layer in enumerate(self.layers):
            x = layer(x, key_bias)
            values["layer%d" % i] = x
        weights = attention_mask[:, :, None].to(x.dtype)
        values["pooled"] = torch.tanh(self.pooler((x * weights).sum(dim=1) / weights.sum(dim=1)))
        values["logits"] = self.classifier(self.dropout(values["pooled"]))
        return values

    def forward(self, input_ids, attention_mask):
        return self.forward_all(input_ids, attention_mask)["logits"]


# ---------------------------------------------------------------- training

def batches(lengths, generator):
    """Batches of similar lengths in a seeded random order: the items are shuffled, each run
    of BATCH * 16 of them sorted by length and cut into batches, and the batches shuffled."""
    order = torch.randperm(len(lengths), generator=generator)
    chunk = BATCH * 16
    cut = []
    for i in range(0, len(order), chunk):
        part = order[i:i + chunk]
        part = part[torch.argsort(lengths[part], stable=True)]
        cut += [part[j:j + BATCH] for j in range(0, len(part), BATCH)]
    return [cut[i] for i in torch.randperm(len(cut), generator=generator)]


def trimmed(ids, mask):
    """A batch cut to its longest item: the mask makes the result the same as at full length,
    and training is several times faster."""
    length = int(mask.sum(dim=1).max())
    return ids[:, :length], mask[:, :length]


def predict(model, ids, mask):
    model.eval()
    with torch.no_grad():
        return torch.cat([model(*trimmed(ids[i:i + 256], mask[i:i + 256])).argmax(dim=1)
                          for i in range(0, len(ids), 256)])


def train(model, train_set, validation_set, log_path):
    ids, mask, labels = train_set
    optimizer = torch.optim.AdamW(model.parameters(), lr=LEARNING_RATE,
                                  weight_decay=WEIGHT_DECAY)
    generator = torch.Generator().manual_seed(SEED)
    best = (-1.0, 0, None)
    with open(log_path, "w") as log:
        log.write("epoch,seconds,train_loss,train_accuracy,validation_accuracy\n")
        for epoch in range(1, EPOCHS + 1):
            start = time.time()
            model.train()
            total_loss, correct = 0.0, 0
            for index in batches(mask.sum(dim=1), generator):
                batch_ids, batch_mask = trimmed(ids[index], mask[index])
                logits = model(batch_ids, batch_mask)
                loss = nn.functional.cross_entropy(logits, labels[index])
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                total_loss += loss.item() * len(index)
                correct += int((logits.argmax(dim=1) == labels[index]).sum())
            val_accuracy = float((predict(model, *validation_set[:2]) == validation_set[2])
                                 .float().mean())
            seconds = time.time() - start
            line = (f"{epoch},{seconds:.1f},{total_loss / len(ids):.4f},"
                    f"{correct / len(ids):.4f},{val_accuracy:.4f}")
            log.write(line + "\n")
            print(line, flush=True)
            if val_accuracy > best[0]:
                best = (val_accuracy, epoch,
                        {k: v.clone() for k, v in model.state_dict().items()})
    model.load_state_dict(best[2])
    model.eval()
    return best[1], best[0]


# ---------------------------------------------------------------- ONNX

def export(model, example, path):
    """torch.onnx.export with a dynamic batch axis, from a batch-2 example with real padding
    (a batch-1 example leaves the batch size fixed inside Reshape nodes), weights inside."""
    batch = torch.export.Dim("batch", min=1, max=4096)
    torch.onnx.export(model, example, path, input_names=["input_ids", "attention_mask"],
                      output_names=["logits"],
                      dynamic_shapes={"input_ids": {0: batch}, "attention_mask": {0: batch}},
                      external_data=False)


def captured_values(onnx_path, model, ids, mask):
    """The ONNX value name of each alias of forward_all: the first value computed that equals
    PyTorch's on the given items (the exporter names values after its own nodes)."""
    with torch.no_grad():
        wanted = {alias: v.numpy() for alias, v in model.forward_all(ids, mask).items()}
    graph = onnx.load(onnx_path)
    names = [o for n in graph.graph.node for o in n.output if o]
    session = session_with_outputs(graph, names)
    values = dict(zip(names, session.run(names, feeds(ids, mask))))
    found = {}
    for alias, expected in wanted.items():
        matches = [n for n in names if values[n].shape == expected.shape
                   and np.max(np.abs(values[n] - expected)) <= TOLERANCE]
        if not matches:
            sys.exit(f"no ONNX value equals PyTorch's {alias}")
        found[alias] = matches[0]
    return found


def session_with_outputs(graph, names):
    graph = onnx.ModelProto.FromString(graph.SerializeToString())
    present = {o.name for o in graph.graph.output}
    for name in names:
        if name not in present:
            graph.graph.output.append(onnx.ValueInfoProto(name=name))
    options = ort.SessionOptions()
    options.intra_op_num_threads = torch.get_num_threads()
    return ort.InferenceSession(graph.SerializeToString(), options,
                                providers=["CPUExecutionProvider"])


def feeds(ids, mask):
    return {"input_ids": ids.numpy(), "attention_mask": mask.numpy()}


def verify(onnx_path, model, ids, mask, aliases):
    """ONNX Runtime against PyTorch at each batch size of CHECK_BATCHES: every captured value
    within TOLERANCE (padded positions included); the largest difference."""
    session = session_with_outputs(onnx.load(onnx_path), list(aliases.values()))
    worst = 0.0
    for size in CHECK_BATCHES:
        for start in range(0, len(ids), size):
            batch_ids, batch_mask = ids[start:start + size], mask[start:start + size]
            with torch.no_grad():
                expected = model.forward_all(batch_ids, batch_mask)
            got = session.run(list(aliases.values()), feeds(batch_ids, batch_mask))
            for (alias, name), value in zip(aliases.items(), got):
                difference = float(np.max(np.abs(expected[alias].numpy() - value)))
                worst = max(worst, difference)
                if difference > TOLERANCE:
                    sys.exit(f"ONNX Runtime differs from PyTorch by {difference:g} on {name} "
                             f"({alias}) at batch {size}")
    return worst


def onnx_predictions(onnx_path, ids, mask):
    session = ort.InferenceSession(onnx_path, providers=["CPUExecutionProvider"])
    return np.concatenate([session.run(["logits"], feeds(ids[i:i + 64], mask[i:i + 64]))[0]
                           .argmax(axis=1) for i in range(0, len(ids), 64)])


# ---------------------------------------------------------------- report

def report(split_name, labels, predicted):
    classes = len(CATEGORIES)
    print(f"\n{split_name}: accuracy {float((labels == predicted).mean()):.2%} "
          f"({int((labels == predicted).sum())} of {len(labels)})")
    print("\n| category | items | correct | accuracy | misclassified | most often taken for |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    confusion = np.zeros((classes, classes), dtype=int)
    for t, p in zip(labels, predicted):
        confusion[t, p] += 1
    for c in range(classes):
        items = int(confusion[c].sum())
        right = int(confusion[c, c])
        wrong = confusion[c].copy()
        wrong[c] = 0
        taken = ", ".join(f"{CATEGORIES[o]} {wrong[o]}" for o in np.argsort(-wrong, kind="stable")
                          if wrong[o])
        print(f"| {c} ({CATEGORIES[c]}) | {items} | {right} | {right / items:.2%} | "
              f"{items - right} | {taken} |")
    total = int(confusion.sum())
    right = int(np.trace(confusion))
    print(f"| total | {total} | {right} | {right / total:.2%} | {total - right} | |")
    print("\nconfusion (rows: true category, columns: predicted)")
    print("| true \\ predicted | " + " | ".join(CATEGORIES) + " |")
    print("| --- |" + " ---: |" * classes)
    for c in range(classes):
        print(f"| {CATEGORIES[c]} | " + " | ".join(str(v) for v in confusion[c]) + " |")


# ---------------------------------------------------------------- main

def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fortunes", default="/usr/share/games/fortunes",
                        help="directory of the fortune files (default %(default)s)")
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                      "..", "models", "fortunes_transformer"))
    parser.add_argument("--texts-out", help="also write SPLIT.txt and SPLIT_labels.txt here")
    parser.add_argument("--new-tokenizer", action="store_true",
                        help="train a new tokenizer.json even if --out holds one")
    parser.add_argument("--threads", type=int, default=1,
                        help="CPU threads (default 1: on the shared 2-core machine 2 threads ran 5x slower)")
    args = parser.parse_args()

    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.use_deterministic_algorithms(True)
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)

    items, dropped = load_items(args.fortunes)
    splits = split_items(items)
    print(f"{len(items)} items from {args.fortunes}; dropped: {dict(dropped)}")
    print("| category | items | train | validation | test |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for c, name in enumerate(CATEGORIES):
        counts = [sum(1 for it in splits[s] if it[0] == c)
                  for s in ("train", "validation", "test")]
        print(f"| {c} ({name}) | {sum(counts)} | " + " | ".join(map(str, counts)) + " |")
    print(f"| total | {len(items)} | {len(splits['train'])} | {len(splits['validation'])} | "
          f"{len(splits['test'])} |")

    with open(os.path.join(args.out, "categories.txt"), "w") as f:
        f.write("".join(name + "\n" for name in CATEGORIES))
    with open(os.path.join(args.out, "split.tsv"), "w") as f:
        f.write("category\tentry\tsplit\ttext_sha256_16\n")
        for split_name in ("test", "validation", "train"):
            for c, e, t in splits[split_name]:
                f.write(f"{CATEGORIES[c]}\t{e}\t{split_name}\t{text_hash(t)}\n")
    if args.texts_out:
        os.makedirs(args.texts_out, exist_ok=True)
        for split_name, chosen in splits.items():
            with open(os.path.join(args.texts_out, split_name + ".txt"), "w",
                      encoding="utf-8") as f:
                f.write("".join(t + "\n" for _, _, t in chosen))
            with open(os.path.join(args.texts_out, split_name + "_labels.txt"), "w") as f:
                f.write("".join(f"{c}\n" for c, _, _ in chosen))

    tokenizer_path = os.path.join(args.out, "tokenizer.json")
    if args.new_tokenizer or not os.path.exists(tokenizer_path):
        # The trainer's vocabulary varies from process to process (ids and merge ties follow
        # a Rust HashMap's random order), so a trained tokenizer is kept and reused.
        train_tokenizer([t for _, _, t in splits["train"]]).save(tokenizer_path)
        print(f"trained a new {tokenizer_path}")
    else:
        print(f"reusing {tokenizer_path} (--new-tokenizer trains a new one)")
    tokenizer = Tokenizer.from_file(tokenizer_path)
    tensors = {}
    for split_name, chosen in splits.items():
        ids, mask, truncated = encode(tokenizer, [t for _, _, t in chosen])
        lengths = mask.sum(axis=1)
        print(f"{split_name}: {len(chosen)} texts, tokens per text median "
              f"{int(np.median(lengths))}, 90th percentile {int(np.percentile(lengths, 90))}, "
              f"truncated to {MAX_LENGTH}: {truncated}")
        tensors[split_name] = (torch.from_numpy(ids), torch.from_numpy(mask),
                               torch.tensor([c for c, _, _ in chosen]))

    torch.manual_seed(SEED)
    model = FortuneClassifier(tokenizer.get_vocab_size(), len(CATEGORIES))
    print(f"{sum(p.numel() for p in model.parameters())} parameters")
    best_epoch, best_accuracy = train(model, tensors["train"], tensors["validation"],
                                      os.path.join(args.out, "training-log.csv"))
    print(f"chosen: epoch {best_epoch} (validation accuracy {best_accuracy:.4f})")

    onnx_path = os.path.join(args.out, "model.onnx")
    test_ids, test_mask, test_labels = tensors["test"]
    order = torch.argsort(test_mask.sum(dim=1), descending=True, stable=True)
    example = (test_ids[order[[0, -1]]], test_mask[order[[0, -1]]])  # longest and shortest
    export(model, example, onnx_path)
    aliases = captured_values(onnx_path, model, test_ids[:32], test_mask[:32])
    worst = verify(onnx_path, model, test_ids, test_mask, aliases)
    print(f"ONNX Runtime equals PyTorch on all {len(test_ids)} test items at batches "
          f"{', '.join(map(str, CHECK_BATCHES))}: largest difference {worst:.2g}")
    for alias, name in aliases.items():
        print(f"  {alias}: {name}")

    predicted = predict(model, test_ids, test_mask).numpy()
    from_onnx = onnx_predictions(onnx_path, test_ids, test_mask)
    if not np.array_equal(predicted, from_onnx):
        sys.exit("ONNX Runtime predicts differently from PyTorch")
    labels = test_labels.numpy()
    majority = np.bincount(labels).max() / len(labels)
    print(f"\nmajority class share of test: {majority:.2%}")
    report("validation", tensors["validation"][2].numpy(),
           predict(model, *tensors["validation"][:2]).numpy())
    report("test", labels, predicted)


if __name__ == "__main__":
    main()
