# BoundarySQL, licensed under the GNU General Public License v3.0 or later.
"""A small text classifier trained and exported by PyTorch, for the text capture tests.

Usage: text_model.py OUT_DIR

Makes short English-like texts of three topics (some longer than the tokenizer's length, some
with accents), trains a WordPiece tokenizer on them with Hugging Face `tokenizers` (padding
and truncation fixed at 16 tokens in the file), trains (seeded, 120 steps) a one-block
transformer with masked self-attention over input_ids and attention_mask, and exports it with
torch.onnx.export twice: with a dynamic batch axis, and with a fixed batch of 1. Writes into
OUT_DIR:
  tokenizer.json                 the tokenizer
  texts.txt, labels.txt          one text (UTF-8) and one class index a line
  input_ids.npy, attention_mask.npy, token_type_ids.npy
                                 int64 [N, 16]: Python tokenizers' encoding of every text
  input_ids_int32.npy            the ids as int32, input_ids_float.npy as float32
  tokens.json                    every text's token strings, padding included
  truncated.txt                  how many texts the tokenizer cut
  model.onnx, model_batch1.onnx  the exports (outputs logits, embedded, block, pooled; the
                                 weights inside the file)
  ref_<output>.npy               PyTorch's own values of every text (forward hooks on the
                                 modules that compute them), float32, one row per text

The same network under other names, types and tokenizer, for the capture's generality:
  plain_tokenizer.json           a second WordPiece tokenizer with no [CLS]/[SEP] (no post
                                 processor) and padding <pad>, id 1, fixed at 16
  plain_ids.npy, plain_mask.npy  its encoding of texts.txt, int64; plain_ids_int32.npy,
                                 plain_keep.npy (bool), plain_tokens.json (token strings)
  model_named.onnx               inputs tokens (int32) and keep (bool); outputs as model.onnx
                                 and shifted, the block without its first position [batch, 15, 12]
  model_pair.onnx                inputs ids and keep, both int64 (names that do not tell)
  model_tokens.onnx              one input, tokens (int64), every position attended
  ref_plain_<output>.npy         PyTorch's values of the plain encoding with its mask
  ref_unmasked_<output>.npy      PyTorch's values of the plain ids, every position attended
"""
import json
import os
import sys

import numpy as np
import torch
from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors, trainers
from torch import nn

LENGTH = 16
HIDDEN = 12
TOPICS = [
    "disk byte kernel compiler network server memory program bug cache".split(),
    "vote senate law party election tax policy minister court treaty".split(),
    "atom cell energy theory planet gene physics molecule orbit fossil".split(),
]
FILLER = "the a of and to in is was it that café naïve über déjà very".split()


def texts(rng, n):
    items, labels = [], []
    for _ in range(n):
        label = int(rng.integers(0, 3))
        words = []
        for _ in range(int(rng.integers(2, 22))):
            pool = TOPICS[label] if rng.random() < 0.45 else (
                FILLER if rng.random() < 0.7 else TOPICS[int(rng.integers(0, 3))])
            words.append(pool[int(rng.integers(0, len(pool)))])
        items.append(" ".join(words).capitalize() + ".")
        labels.append(label)
    return items, labels


class MaskedMean(nn.Module):
    def forward(self, h, mask):
        m = mask.unsqueeze(-1).to(h.dtype)
        return (h * m).sum(1) / m.sum(1)


class Net(nn.Module):
    def __init__(self, vocab):
        super().__init__()
        self.embed = nn.Embedding(vocab, HIDDEN)
        self.position = nn.Embedding(LENGTH, HIDDEN)
        self.embed_norm = nn.LayerNorm(HIDDEN)
        self.q = nn.Linear(HIDDEN, HIDDEN)
        self.k = nn.Linear(HIDDEN, HIDDEN)
        self.v = nn.Linear(HIDDEN, HIDDEN)
        self.block_norm = nn.LayerNorm(HIDDEN)
        self.pool = MaskedMean()
        self.classify = nn.Linear(HIDDEN, 3)

    def forward(self, input_ids, attention_mask):
        positions = torch.arange(input_ids.shape[1]).unsqueeze(0)
        embedded = self.embed_norm(self.embed(input_ids) + self.position(positions))
        scores = self.q(embedded) @ self.k(embedded).transpose(1, 2) / HIDDEN ** 0.5
        scores = scores + (1 - attention_mask.unsqueeze(1).to(scores.dtype)) * -1e4
        block = self.block_norm(embedded + torch.softmax(scores, -1) @ self.v(embedded))
        pooled = self.pool(block, attention_mask)
        return self.classify(pooled), embedded, block, pooled


class Named(nn.Module):
    """The network fed int32 token ids and a bool mask, also giving the block from position 1."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, tokens, keep):
        logits, embedded, block, pooled = self.net(tokens.long(), keep.long())
        return logits, embedded, block, pooled, block[:, 1:, :]


class Pair(nn.Module):
    """The network under input names that say nothing."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, ids, keep):
        return self.net(ids, keep)


class Unmasked(nn.Module):
    """The network fed token ids alone, attending to every position."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, tokens):
        return self.net(tokens, torch.ones_like(tokens))


def hooked(model, ids, mask, out, prefix):
    """Saves PyTorch's values of every hooked module for these ids and mask."""
    seen = {}
    hooks = {"embedded": model.embed_norm, "block": model.block_norm, "pooled": model.pool,
             "logits": model.classify}
    handles = [module.register_forward_hook(
        lambda m, i, o, name=name: seen.__setitem__(name, o)) for name, module in hooks.items()]
    with torch.no_grad():
        model(torch.from_numpy(ids), torch.from_numpy(mask))
    for handle in handles:
        handle.remove()
    for name, value in seen.items():
        np.save(os.path.join(out, prefix + name + ".npy"),
                value.numpy().astype(np.float32).reshape(len(ids), -1))


def plain(model, train_texts, items, out):
    """The generality exports: another tokenizer, other input names and types, no mask."""
    tokenizer = Tokenizer(models.WordPiece(unk_token="<unk>"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.train_from_iterator(train_texts, trainers.WordPieceTrainer(
        vocab_size=100, special_tokens=["<unk>", "<pad>"]))
    tokenizer.enable_truncation(LENGTH)
    tokenizer.enable_padding(length=LENGTH, pad_id=1, pad_token="<pad>")
    tokenizer.save(os.path.join(out, "plain_tokenizer.json"))
    tokenizer = Tokenizer.from_file(os.path.join(out, "plain_tokenizer.json"))
    encodings = tokenizer.encode_batch(items)
    ids = np.array([e.ids for e in encodings], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
    np.save(os.path.join(out, "plain_ids.npy"), ids)
    np.save(os.path.join(out, "plain_mask.npy"), mask)
    np.save(os.path.join(out, "plain_ids_int32.npy"), ids.astype(np.int32))
    np.save(os.path.join(out, "plain_keep.npy"), mask.astype(bool))
    with open(os.path.join(out, "plain_tokens.json"), "w", encoding="utf-8") as f:
        json.dump([e.tokens for e in encodings], f, ensure_ascii=False)
    hooked(model, ids, mask, out, "ref_plain_")
    hooked(model, ids, np.ones_like(mask), out, "ref_unmasked_")

    names = ["logits", "embedded", "block", "pooled"]
    example_ids, example_mask = torch.from_numpy(ids[:2]), torch.from_numpy(mask[:2])
    exports = [
        (Named(model), (example_ids.int(), example_mask.bool()), ["tokens", "keep"],
         names + ["shifted"], "model_named.onnx"),
        (Pair(model), (example_ids, example_mask), ["ids", "keep"], names, "model_pair.onnx"),
        (Unmasked(model), (example_ids,), ["tokens"], names, "model_tokens.onnx"),
    ]
    for module, example, inputs, outputs, file in exports:
        torch.onnx.export(module, example, os.path.join(out, file), input_names=inputs,
                          output_names=outputs,
                          dynamic_axes={n: {0: "batch"} for n in inputs + outputs},
                          external_data=False)


def main(out):
    os.makedirs(out, exist_ok=True)
    torch.manual_seed(11)
    rng = np.random.default_rng(11)
    train_texts, train_labels = texts(rng, 600)
    tokenizer = Tokenizer(models.WordPiece(unk_token="[UNK]"))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    tokenizer.train_from_iterator(train_texts, trainers.WordPieceTrainer(
        vocab_size=120, special_tokens=["[PAD]", "[UNK]", "[CLS]", "[SEP]"]))
    tokenizer.post_processor = processors.TemplateProcessing(
        single="[CLS] $A [SEP]", pair="[CLS] $A [SEP] $B:1 [SEP]:1",
        special_tokens=[("[CLS]", 2), ("[SEP]", 3)])
    tokenizer.enable_truncation(LENGTH)
    tokenizer.enable_padding(length=LENGTH, pad_id=0, pad_token="[PAD]")
    tokenizer.save(os.path.join(out, "tokenizer.json"))
    tokenizer = Tokenizer.from_file(os.path.join(out, "tokenizer.json"))

    def encode(items):
        encodings = tokenizer.encode_batch(items)
        return (np.array([e.ids for e in encodings], dtype=np.int64),
                np.array([e.attention_mask for e in encodings], dtype=np.int64),
                np.array([e.type_ids for e in encodings], dtype=np.int64), encodings)

    model = Net(tokenizer.get_vocab_size())
    ids, mask, _, _ = encode(train_texts)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
    for _ in range(120):
        batch = rng.integers(0, len(train_texts), 32)
        logits = model(torch.from_numpy(ids[batch]), torch.from_numpy(mask[batch]))[0]
        loss = nn.functional.cross_entropy(logits, torch.tensor(train_labels)[batch])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    model.eval()

    items, labels = texts(rng, 300)
    with open(os.path.join(out, "texts.txt"), "w", encoding="utf-8") as f:
        f.write("".join(t + "\n" for t in items))
    with open(os.path.join(out, "labels.txt"), "w") as f:
        f.write("".join("%d\n" % label for label in labels))
    ids, mask, type_ids, encodings = encode(items)
    np.save(os.path.join(out, "input_ids.npy"), ids)
    np.save(os.path.join(out, "attention_mask.npy"), mask)
    np.save(os.path.join(out, "token_type_ids.npy"), type_ids)
    np.save(os.path.join(out, "input_ids_int32.npy"), ids.astype(np.int32))
    np.save(os.path.join(out, "input_ids_float.npy"), ids.astype(np.float32))
    with open(os.path.join(out, "tokens.json"), "w", encoding="utf-8") as f:
        json.dump([e.tokens for e in encodings], f, ensure_ascii=False)
    with open(os.path.join(out, "truncated.txt"), "w") as f:
        f.write("%d\n" % sum(1 for e in encodings if e.overflowing))

    hooked(model, ids, mask, out, "ref_")

    names = ["logits", "embedded", "block", "pooled"]
    example = (torch.from_numpy(ids[:2]), torch.from_numpy(mask[:2]))
    torch.onnx.export(model, example, os.path.join(out, "model.onnx"),
                      input_names=["input_ids", "attention_mask"], output_names=names,
                      dynamic_axes={n: {0: "batch"} for n in ["input_ids", "attention_mask"]
                                    + names}, external_data=False)
    torch.onnx.export(model, (example[0][:1], example[1][:1]),
                      os.path.join(out, "model_batch1.onnx"),
                      input_names=["input_ids", "attention_mask"], output_names=names,
                      external_data=False)
    plain(model, train_texts, items, out)
    print("exported into", out, sorted(os.listdir(out)))


if __name__ == "__main__":
    main(sys.argv[1])
