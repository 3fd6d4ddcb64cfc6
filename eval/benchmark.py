"""Latency benchmark: POST /search through uvicorn on loopback vs embedding the query alone, in one run.

    python -m eval.benchmark [--index-dir .index] [--rounds 3]

Prints medians (ms) and their ratio; the gold questions are the workload.
"""

from __future__ import annotations

import json
import socket
import statistics
import threading
import time
from pathlib import Path

import httpx
import typer
import uvicorn

GOLD = Path(__file__).with_name("gold.jsonl")
FRESH = {"Cache-Control": "no-cache"}  # service/caching.py: answered afresh, so repeated rounds measure the work


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(index_dir: Path = typer.Option(Path(".index"), envvar="PLANQA_INDEX_DIR"), rounds: int = 3,
         k: int = 10) -> None:
    from service.app import create_app

    questions = [json.loads(line)["question"] for line in GOLD.read_text(encoding="utf-8").splitlines()]
    app = create_app(index_dir)
    embedder = app.state.live.engine.retriever.embedder
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    embed_ms, search_ms = [], []
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30,
                          headers=FRESH) as client:  # every round computed, not the answer cache's
            client.post("/search", json={"query": "khởi động", "k": k})  # warm-up
            for _ in range(rounds):
                for q in questions:
                    t = time.perf_counter()
                    embedder.embed_query(q)
                    embed_ms.append((time.perf_counter() - t) * 1000)
                    t = time.perf_counter()
                    r = client.post("/search", json={"query": q, "k": k})
                    search_ms.append((time.perf_counter() - t) * 1000)
                    r.raise_for_status()
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    e, s = statistics.median(embed_ms), statistics.median(search_ms)
    p95 = statistics.quantiles(search_ms, n=20)[-1]
    typer.echo(f"model {app.state.live.engine.retriever.stored.manifest['model']}, {len(questions)} questions x {rounds} rounds, "
               f"{app.state.live.engine.retriever.stored.manifest['counts']['passages']} passages")
    typer.echo(f"embed query alone : median {e:7.1f} ms")
    typer.echo(f"POST /search (k={k}): median {s:7.1f} ms   p95 {p95:7.1f} ms   ratio to embedding {s / e:4.2f}x")


if __name__ == "__main__":
    typer.run(main)
