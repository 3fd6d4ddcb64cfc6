"""Passage-embedding throughput of the sentence-transformers backend on each device, in one run:

    python -m eval.embedding_throughput --model PATH_OR_NAME [--contexts FILE] [--devices cpu,cuda]
        [--batch-sizes 64,256,1024] [--n 20000] [--out DIR]

Embeds `--n` clause contexts (the text the indexer embeds: plan label, heading path, clause; from `--contexts`,
one per line, repeated to reach n) with `SentenceTransformerEmbedder.embed_passages`, the indexer's own code
path, and prints clauses/s per device and batch size, with the ratio to the CPU at its best batch size. With
`--out`, the vectors of the contexts file's own lines are saved per device (`vectors-<device>.npy`), so an index
built from them (indexer.store.write_index) can be compared with one built on the CPU.

Loaded from its file rather than `indexer`, so a GPU machine needs only sentence-transformers and numpy.
"""

from __future__ import annotations

import importlib.util
import statistics
import time
from pathlib import Path

import numpy as np
import typer

_EMBEDDING = Path(__file__).resolve().parent.parent / "indexer" / "embedding.py"


def _embedder_class():
    spec = importlib.util.spec_from_file_location("planqa_embedding", _EMBEDDING)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SentenceTransformerEmbedder


def _contexts(path: Path | None) -> list[str]:
    if path is None:  # the seed plans' clause texts, when run from a checkout
        from indexer.cleaning import clean
        from indexer.segmenting import segment
        return [c.text for p in sorted(Path("corpus").glob("*")) for c in segment(p.stem, clean(p.read_text()))]
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(model: str = typer.Option(..., help="sentence-transformers model name or local path"),
         contexts: Path | None = typer.Option(None, help="one clause context per line [default: corpus/ clauses]"),
         devices: str = "cpu,cuda", batch_sizes: str = "64,256,1024", n: int = 20000,
         rounds: int = typer.Option(3, help="timed runs per setting; the median is reported"),
         out: Path | None = None) -> None:
    import torch

    Embedder = _embedder_class()
    own = _contexts(contexts)
    texts = (own * (n // len(own) + 1))[:n]
    lengths = [len(t) for t in texts]
    print(f"torch {torch.__version__}, cuda available: {torch.cuda.is_available()}"
          + (f" ({torch.cuda.get_device_name(0)})" if torch.cuda.is_available() else "")
          + f"; {n} contexts, median {statistics.median(lengths):.0f} characters")
    rows, best = [], {}
    print(f"{'device':8} {'batch':>6} {'clauses':>8} {'seconds':>8} {'clauses/s':>10}", flush=True)
    for device in devices.split(","):
        if device.startswith("cuda") and not torch.cuda.is_available():
            print(f"{device}: not available, skipped")
            continue
        for size in [int(b) for b in batch_sizes.split(",")]:
            embedder = Embedder(model, device=device, batch_size=size)
            count = n if device != "cpu" else min(n, 2000)  # the CPU's rate settles on fewer
            embedder.embed_passages(texts[: size * 2])  # warm-up: kernels, allocator, tokenizer
            times = []
            for _ in range(rounds):
                if device.startswith("cuda"):
                    torch.cuda.synchronize()
                started = time.perf_counter()
                vectors = embedder.embed_passages(texts[:count])
                if device.startswith("cuda"):
                    torch.cuda.synchronize()
                times.append(time.perf_counter() - started)
            rate = count / statistics.median(times)
            rows.append((device, size, count, statistics.median(times), rate))
            print(f"{device:8} {size:6d} {count:8d} {statistics.median(times):8.2f} {rate:10.0f}", flush=True)
            best[device] = max(best.get(device, 0.0), rate)
            assert vectors.shape == (count, embedder.dim) and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-3)
        if out:
            out.mkdir(parents=True, exist_ok=True)
            np.save(out / f"vectors-{device.replace(':', '')}.npy", Embedder(model, device=device).embed_passages(own))
    cpu = best.get("cpu")
    print("\nsummary (median of the timed runs)")
    print(f"{'device':8} {'batch':>6} {'clauses':>8} {'seconds':>8} {'clauses/s':>10} {'× cpu best':>10}")
    for device, size, count, seconds, rate in rows:
        ratio = f"{rate / cpu:10.1f}" if cpu else f"{'-':>10}"
        print(f"{device:8} {size:6d} {count:8d} {seconds:8.2f} {rate:10.0f} {ratio}")


if __name__ == "__main__":
    typer.run(main)
