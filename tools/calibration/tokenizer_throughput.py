#!/usr/bin/env python3
"""
tokenizer_throughput.py -- single-CPU-core throughput of a byte-level BPE
tokenizer (HF `tokenizers`) on English text, for setting a data-loader default.

What it does
  1. Corpus (skipped if CORPUS_DIR already holds train.jsonl + heldout.jsonl,
     unless --rebuild): gathers offline English text from this machine:
       - /usr/share/doc/**: copyright, README*, FAQ*, *.txt, *.md, *.rst
         (plain or .gz) -> source "share-doc"; changelog*/NEWS* -> source
         "changelog", only the newest 32 KiB of each kept
       - /usr/share/common-licenses/*
       - /usr/share/info/*.info*(.gz)   (GNU manuals, node markers removed)
       - English man pages /usr/share/man/man[1-8] rendered with
         `LC_ALL=C man -P cat --nj --nh -l` (gcloud_* pages skipped: 16k generated,
         near-identical pages), indentation stripped
       - docstrings (ast) and comment blocks (tokenize) of every .py file in
         /usr/lib/python3.11 and /usr/lib/python3/dist-packages
       - Markdown under the repository's docs/ (read only)
     One document = one source file.  Non-English/binary files dropped
     (>2% non-ASCII characters).  Deduplication: every paragraph (blank-line
     separated block) of >= 32 chars is kept only the first time it is seen
     (whitespace/case-normalised hash), in sorted path order; documents are
     capped at 256 KiB (paragraphs past the cap are still marked seen);
     documents left with < 200 bytes are dropped.
     Split by file: sha1(path) % 100 < 70 -> train, else held-out (~70/30).
     Writes CORPUS_DIR/{train,heldout}.jsonl and manifest.json.
  2. Trains a byte-level BPE per vocab size (default 32000 and 128000) on the
     training part: Tokenizer(BPE) + ByteLevel pre-tokenizer (GPT-2 regex),
     ByteLevel decoder, BpeTrainer(min_frequency=2, 256-byte initial
     alphabet, special token <|endoftext|>).  --pretok llama3 additionally /
     instead uses the Llama-3 split regex + ByteLevel(use_regex=False).
     Saved to CORPUS_DIR/tok_<pretok>_<vocab>.json (reused if present,
     unless --retrain).  The vocab actually reached is reported.
  3. Benchmarks on the held-out part, single-threaded (RAYON_NUM_THREADS=1,
     TOKENIZERS_PARALLELISM=false set before importing tokenizers, and the
     process pinned to one CPU with sched_setaffinity):
       loop   : for doc in heldout: tok.encode(doc).ids   (one data-loader worker)
       batch  : tok.encode_batch(chunk) -> .ids, chunks of --batch-docs (256) docs
       batch_fast : same with tok.encode_batch_fast (no offsets), if available
     One first pass per mode (reported as "cold", not in the median), then
     --reps (default 5) timed passes, the modes interleaved round-robin;
     reports the median and the best tokens/s and MB/s (MB = 1e6 bytes of
     UTF-8 input), CPU-time/wall-time ratio (~1.0 => one thread, not
     starved), 1-min load average, bytes per token on held-out (overall and
     per source), and on the training part for comparison.
     Note: BpeTrainer with min_frequency=2 stops when no pair occurs twice,
     so on a small corpus the large vocab may end below its target.
  Output goes to stdout and to --out (default /tmp/tokbench/results.txt).

How to run
  python3 -m venv /tmp/tokbench/venv && /tmp/tokbench/venv/bin/pip install tokenizers
  /tmp/tokbench/venv/bin/python tools/calibration/tokenizer_throughput.py [CORPUS_DIR]
      [--rebuild] [--retrain] [--vocab 32000,128000] [--pretok gpt2[,llama3]]
      [--reps 5] [--cpu N] [--out FILE]
  CORPUS_DIR defaults to /tmp/tokbench/corpus.  To benchmark another corpus,
  put train.jsonl / heldout.jsonl there (one JSON object per line with keys
  "src" (source tag), "path", "text").
"""
import os

# Must be set before tokenizers is imported (rayon pool is created lazily).
os.environ["RAYON_NUM_THREADS"] = "1"
os.environ["TOKENIZERS_PARALLELISM"] = "false"

import argparse
import ast
import concurrent.futures as cf
import gzip
import hashlib
import io
import json
import platform
import re
import statistics
import subprocess
import sys
import time
import tokenize
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAX_DOC = 256 * 1024
MAX_CHANGELOG = 32 * 1024   # changelogs/NEWS: keep only the newest 32 KiB
MIN_DOC = 200
MIN_PARA_DEDUP = 32

# --------------------------------------------------------------------------
# corpus
# --------------------------------------------------------------------------

def read_maybe_gz(p):
    data = gzip.open(p, "rb").read() if str(p).endswith(".gz") else open(p, "rb").read()
    if b"\x00" in data[:4096]:
        return None
    return data.decode("utf-8", errors="replace")


def clean(text):
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    text = "\n".join(l.rstrip() for l in text.split("\n"))
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def is_english_ascii(text):
    if not text:
        return False
    non_ascii = sum(1 for c in text if ord(c) > 127)
    return non_ascii / len(text) <= 0.02


DOC_PAT = re.compile(r"^(readme.*|copyright|news.*|changelog.*|faq.*|.*\.(txt|md|rst))(\.gz)?$", re.I)


CHANGELOG_PAT = re.compile(r"^(changelog|news)", re.I)


def src_usr_share_doc():
    for p in sorted(Path("/usr/share/doc").rglob("*")):
        if p.is_file() and not p.is_symlink() and DOC_PAT.match(p.name):
            yield ("changelog" if CHANGELOG_PAT.match(p.name) else "share-doc"), p, None


def src_licenses():
    for p in sorted(Path("/usr/share/common-licenses").glob("*")):
        if p.is_file() and not p.is_symlink():
            yield "licenses", p, None


def src_info():
    for p in sorted(Path("/usr/share/info").glob("*.info*")):
        if p.is_file():
            yield "info", p, None


def src_work_docs():
    d = Path(__file__).resolve().parents[2] / "docs"
    if d.is_dir():
        for p in sorted(d.rglob("*.md")):
            if p.is_file():
                yield "work-docs", p, None


def render_man(p):
    env = dict(os.environ, MANWIDTH="80", LC_ALL="C")   # C locale -> groff -Tascii (ASCII tables)
    env.pop("MAN_KEEP_FORMATTING", None)
    try:
        r = subprocess.run(["man", "-P", "cat", "--nj", "--nh", "-l", str(p)],
                           env=env, capture_output=True, timeout=30)
    except Exception:
        return None
    if r.returncode != 0:
        return None
    s = r.stdout.decode("utf-8", errors="replace")
    s = re.sub(r".\x08", "", s)                 # overstrike
    s = re.sub(r"\x1b\[[0-9;]*[A-Za-z]", "", s)  # SGR
    s = "\n".join(l.strip() for l in s.split("\n"))
    return s


def src_man():
    import shutil
    if shutil.which("man") is None:
        return
    pages = []
    for sec in range(1, 9):
        d = Path(f"/usr/share/man/man{sec}")
        if d.is_dir():
            for p in sorted(d.iterdir()):
                if p.is_file() and not p.name.startswith("gcloud"):
                    pages.append(p)
    with cf.ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as ex:
        for p, txt in zip(pages, ex.map(render_man, pages, chunksize=16)):
            yield "man", p, (txt or False)    # False = render failed -> unreadable


def py_text(p):
    try:
        src = open(p, "rb").read().decode("utf-8")
        tree = ast.parse(src)
    except Exception:
        return None
    parts = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            ds = ast.get_docstring(node, clean=True)
            if ds:
                parts.append(ds)
    try:
        block, last = [], -2
        for tok in tokenize.generate_tokens(io.StringIO(src).readline):
            if tok.type != tokenize.COMMENT:
                continue
            line = tok.start[0]
            c = tok.string.lstrip("#").strip()
            if line <= 2 and (c.startswith("!") or "coding" in c):
                continue
            if re.match(r"^(noqa|type:|pragma|pylint:|fmt:|-\*-)", c):
                continue
            if line != last + 1 and block:
                parts.append(" ".join(block))
                block = []
            if c:
                block.append(c)
            last = line
        if block:
            parts.append(" ".join(block))
    except Exception:
        pass
    return "\n\n".join(parts)


def src_python():
    for root in ("/usr/lib/python3.11", "/usr/lib/python3/dist-packages"):
        for p in sorted(Path(root).rglob("*.py")):
            if p.is_file() and not p.is_symlink():
                yield "py-docstrings", p, (py_text(p) or False)  # False: no text/unparsable


def build_corpus(out):
    out.mkdir(parents=True, exist_ok=True)
    seen = set()
    stats = {}
    train_f = open(out / "train.jsonl", "w")
    held_f = open(out / "heldout.jsonl", "w")
    t0 = time.time()
    for gen in (src_licenses, src_usr_share_doc, src_info, src_work_docs, src_man, src_python):
        for src, p, text in gen():
            st = stats.setdefault(src, {"files_seen": 0, "docs_kept": 0, "raw_bytes": 0,
                                        "train_docs": 0, "train_bytes": 0,
                                        "heldout_docs": 0, "heldout_bytes": 0,
                                        "drop_unreadable": 0, "drop_non_english": 0,
                                        "drop_small_after_dedup": 0})
            st["files_seen"] += 1
            if text is False:
                st["drop_unreadable"] += 1
                continue
            if text is None:      # plain file to read
                try:
                    text = read_maybe_gz(p)
                except Exception:
                    text = None
                if text is None:
                    st["drop_unreadable"] += 1
                    continue
                if src == "info":
                    text = text.replace("\x1f", "\n")
            st["raw_bytes"] += len(text.encode("utf-8"))
            text = clean(text)
            if not is_english_ascii(text):
                st["drop_non_english"] += 1
                continue
            kept, size, full = [], 0, False
            cap = MAX_CHANGELOG if src == "changelog" else MAX_DOC
            for para in re.split(r"\n\s*\n", text):
                para = para.strip("\n")
                if not para.strip():
                    continue
                if len(para) >= MIN_PARA_DEDUP:
                    key = hashlib.sha1(" ".join(para.lower().split()).encode()).digest()
                    if key in seen:
                        continue
                    seen.add(key)   # also past the cap, so copies add no later chunks
                b = len(para.encode("utf-8")) + 2
                if full or size + b > cap:
                    full = True
                    continue
                kept.append(para)
                size += b
            doc = "\n\n".join(kept)
            nb = len(doc.encode("utf-8"))
            if nb < MIN_DOC:
                st["drop_small_after_dedup"] += 1
                continue
            st["docs_kept"] += 1
            is_train = int(hashlib.sha1(str(p).encode()).hexdigest(), 16) % 100 < 70
            rec = json.dumps({"src": src, "path": str(p), "text": doc}) + "\n"
            if is_train:
                train_f.write(rec); st["train_docs"] += 1; st["train_bytes"] += nb
            else:
                held_f.write(rec); st["heldout_docs"] += 1; st["heldout_bytes"] += nb
        print(f"  corpus: {gen.__name__} done ({time.time()-t0:.0f}s)", flush=True)
    train_f.close(); held_f.close()
    (out / "manifest.json").write_text(json.dumps(stats, indent=1))
    return stats


def load_jsonl(p):
    with open(p) as f:
        return [json.loads(l) for l in f]

# --------------------------------------------------------------------------
# tokenizer
# --------------------------------------------------------------------------

LLAMA3_PAT = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}|"
              r" ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+")


def make_tokenizer(pretok):
    from tokenizers import Tokenizer, models, pre_tokenizers, decoders, Regex
    tok = Tokenizer(models.BPE())
    if pretok == "gpt2":
        tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=True)
    elif pretok == "llama3":
        tok.pre_tokenizer = pre_tokenizers.Sequence([
            pre_tokenizers.Split(Regex(LLAMA3_PAT), behavior="isolated", invert=False),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False)])
    else:
        raise ValueError(pretok)
    tok.decoder = decoders.ByteLevel()
    return tok


def train(texts, vocab, pretok, path):
    from tokenizers import trainers, pre_tokenizers
    tok = make_tokenizer(pretok)
    trainer = trainers.BpeTrainer(vocab_size=vocab, min_frequency=2, show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
                                  special_tokens=["<|endoftext|>"])
    t0 = time.perf_counter()
    tok.train_from_iterator(texts, trainer=trainer, length=len(texts))
    dt = time.perf_counter() - t0
    tok.save(str(path))
    return dt

# --------------------------------------------------------------------------
# benchmark
# --------------------------------------------------------------------------

def timed(fn):
    c0, w0 = time.process_time(), time.perf_counter()
    n = fn()
    return n, time.perf_counter() - w0, time.process_time() - c0


def bench(tok, texts, reps, batch_docs):
    def loop():
        n = 0
        enc = tok.encode
        for t in texts:
            n += len(enc(t, add_special_tokens=False).ids)
        return n

    chunks = [texts[i:i + batch_docs] for i in range(0, len(texts), batch_docs)]

    def batch():
        n = 0
        for c in chunks:
            n += sum(len(e.ids) for e in tok.encode_batch(c, add_special_tokens=False))
        return n

    def batch_fast():
        n = 0
        for c in chunks:
            n += sum(len(e.ids) for e in tok.encode_batch_fast(c, add_special_tokens=False))
        return n

    modes = [("loop encode()", loop), (f"encode_batch/{batch_docs}", batch)]
    if hasattr(tok, "encode_batch_fast"):
        modes.append((f"encode_batch_fast/{batch_docs}", batch_fast))
    res = {name: dict(cold_s=None, walls=[], cpus=[], loads=[]) for name, _ in modes}
    # pass 0 = first (cold BPE-cache) pass, untimed for the median; then `reps`
    # timed passes, modes interleaved round-robin so background load hits all alike
    for rep in range(reps + 1):
        for name, fn in modes:
            n, wall, cpu = timed(fn)
            r = res[name]
            r.setdefault("tokens", n)
            assert r["tokens"] == n
            if rep == 0:
                r["cold_s"] = wall
                continue
            r["walls"].append(wall); r["cpus"].append(cpu)
            try:
                r["loads"].append(os.getloadavg()[0])
            except OSError:
                pass
    for r in res.values():
        r["med"] = statistics.median(r["walls"])
        r["cpu_ratio"] = sum(r["cpus"]) / sum(r["walls"])
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[1],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", nargs="?", default="/tmp/tokbench/corpus")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--retrain", action="store_true")
    ap.add_argument("--vocab", default="32000,128000")
    ap.add_argument("--pretok", default="gpt2,llama3")
    ap.add_argument("--batch-docs", type=int, default=256, help="documents per encode_batch call")
    ap.add_argument("--reps", type=int, default=5)
    ap.add_argument("--cpu", type=int, default=None, help="CPU to pin to (default: last allowed)")
    ap.add_argument("--out", default="/tmp/tokbench/results.txt")
    a = ap.parse_args()
    corpus = Path(a.corpus)

    lines = []
    def say(s=""):
        print(s, flush=True); lines.append(s)

    if a.rebuild or not ((corpus / "train.jsonl").exists() and (corpus / "heldout.jsonl").exists()):
        print(f"building corpus in {corpus} ...", flush=True)
        build_corpus(corpus)

    # pin to one core for training + benchmark
    allowed = sorted(os.sched_getaffinity(0))
    cpu = a.cpu if a.cpu is not None else allowed[-1]
    os.sched_setaffinity(0, {cpu})

    import tokenizers
    train_docs = load_jsonl(corpus / "train.jsonl")
    held_docs = load_jsonl(corpus / "heldout.jsonl")
    train_texts = [d["text"] for d in train_docs]
    held_texts = [d["text"] for d in held_docs]
    tb = sum(len(t.encode()) for t in train_texts)
    hb = sum(len(t.encode()) for t in held_texts)

    cpu_model = "?"
    try:
        for l in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if l.startswith("Model name:"):
                cpu_model = l.split(":", 1)[1].strip()
    except Exception:
        pass
    say("== BPE tokenizer single-core encode throughput ==")
    say(f"date: {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    say(f"CPU: {cpu_model} ({os.cpu_count()} logical CPUs visible; pinned to CPU {cpu}); "
        f"{platform.platform()}")
    say(f"python {platform.python_version()}, tokenizers {tokenizers.__version__}; "
        f"RAYON_NUM_THREADS={os.environ['RAYON_NUM_THREADS']} "
        f"TOKENIZERS_PARALLELISM={os.environ['TOKENIZERS_PARALLELISM']}")
    try:
        say(f"load average at start: {os.getloadavg()}")
    except OSError:
        pass
    say(f"corpus: {corpus}")
    mf = corpus / "manifest.json"
    if mf.exists():
        stats = json.loads(mf.read_text())
        say(f"  {'source':14s} {'files':>6s} {'kept':>6s} {'raw MB':>8s} {'train docs/MB':>15s} {'heldout docs/MB':>16s}"
            "  dropped: unreadable/non-English/empty-after-dedup")
        for s, st in stats.items():
            say(f"  {s:14s} {st['files_seen']:6d} {st['docs_kept']:6d} {st['raw_bytes']/1e6:8.2f} "
                f"{st['train_docs']:7d}/{st['train_bytes']/1e6:6.2f} {st['heldout_docs']:7d}/{st['heldout_bytes']/1e6:6.2f}"
                f"  {st['drop_unreadable']}/{st['drop_non_english']}/{st['drop_small_after_dedup']}")
    say(f"  total after dedup: train {len(train_texts)} docs {tb/1e6:.2f} MB; "
        f"held-out {len(held_texts)} docs {hb/1e6:.2f} MB (UTF-8, MB=1e6 B); "
        f"held-out doc size median {statistics.median(len(t.encode()) for t in held_texts)/1e3:.1f} kB")
    say()

    summary = []
    for pretok in a.pretok.split(","):
        for vocab in [int(v) for v in a.vocab.split(",")]:
            path = corpus / f"tok_{pretok}_{vocab}.json"
            if a.retrain or not path.exists():
                dt = train(train_texts, vocab, pretok, path)
                say(f"[{pretok} {vocab}] trained in {dt:.0f}s (1 thread)")
            tok = tokenizers.Tokenizer.from_file(str(path))
            real_v = tok.get_vocab_size()
            say(f"[{pretok} vocab target {vocab}] actual vocab {real_v}  ({path.name})")
            # sanity: round trip
            samp = held_texts[0][:2000]
            assert tok.decode(tok.encode(samp).ids) == samp, "round-trip failed"
            res = bench(tok, held_texts, a.reps, a.batch_docs)
            ntok = res["loop encode()"]["tokens"]
            train_tok = sum(len(e.ids) for e in tok.encode_batch(train_texts, add_special_tokens=False))
            say(f"  held-out tokens {ntok}; bytes/token held-out {hb/ntok:.3f} "
                f"(train part {tb/train_tok:.3f})")
            per = {}
            for d, t in zip(held_docs, held_texts):
                s = per.setdefault(d["src"], [0, 0]); s[0] += len(t.encode())
                s[1] += len(tok.encode(t, add_special_tokens=False).ids)
            say("  bytes/token held-out by source: " +
                ", ".join(f"{s} {b/n:.2f}" for s, (b, n) in per.items() if n))
            for name, r in res.items():
                med = r["med"]
                best = min(r["walls"])
                say(f"  {name:22s} median {r['tokens']/med/1e6:6.3f} M tok/s {hb/med/1e6:6.2f} MB/s | "
                    f"best {r['tokens']/best/1e6:6.3f} M tok/s {hb/best/1e6:6.2f} MB/s "
                    f"(runs {best:.2f}-{max(r['walls']):.2f}s; cold 1st pass {r['cold_s']:.2f}s; "
                    f"cpu/wall {r['cpu_ratio']:.2f}; loadavg {min(r['loads'], default=0):.1f}-{max(r['loads'], default=0):.1f})")
                summary.append((pretok, real_v, name, r["tokens"] / med, hb / med, hb / ntok,
                                r["tokens"] / best))
            say()
    say("summary (median of %d runs, one core):" % a.reps)
    say(f"  {'pretok':7s} {'vocab':>7s} {'mode':22s} {'M tok/s':>8s} {'MB/s':>7s} {'B/tok':>6s} {'best M tok/s':>12s}")
    for pretok, v, name, tps, bps, bpt, btps in summary:
        say(f"  {pretok:7s} {v:7d} {name:22s} {tps/1e6:8.3f} {bps/1e6:7.2f} {bpt:6.3f} {btps/1e6:12.3f}")
    Path(a.out).write_text("\n".join(lines) + "\n")
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
