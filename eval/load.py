"""Load benchmark: a real `planqa serve` on loopback, driven by 1, 16 and 50 concurrent clients.

    python -m eval.load [--index-dir DIR] [--clients 1,16,50] [--requests 400] [--rounds 3]
                        [--endpoint ask|search] [--max-inflight N] [--embed-threads N]

Builds an index of corpus/ in a temporary folder with `planqa index` (or uses --index-dir), starts `planqa serve` in
a subprocess on 127.0.0.1 and a free port, and sends the gold set's Vietnamese questions (with and without
diacritics, shuffled with a fixed seed) from N clients at once, each sending its next question when the last is
answered. Every request of the main table carries `Cache-Control: no-cache`, so every answer is computed; the
cache's effect is measured apart, with a few questions asked over and over, with and without the cache.

Prints, per number of clients, the medians over the rounds: answers/s (200 answers over the level's wall time),
p50 and p99 latency of the 200 answers, and the counts (summed over the rounds) of 5xx other than 503, of 503
(back-pressure or the time limit: the server refusing in time rather than hanging) and of failed connections.
Nothing but loopback is contacted; every level is bounded (`--requests` per round).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import typer

ROOT = Path(__file__).resolve().parents[1]
GOLD = Path(__file__).with_name("gold.jsonl")
GOALS = {"answers_per_s_16": 60.0, "p99_ms_50": 1000.0}


def questions(seed: int = 12) -> list[str]:
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    picked = [r["question"] for r in rows if r.get("lang") in ("vi", "vi_nodiac")]
    random.Random(seed).shuffle(picked)
    return picked


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _planqa() -> list[str]:
    """The `planqa` command of this interpreter's environment."""
    script = Path(sys.executable).with_name("planqa")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from service.cli import main; main()"]


@dataclass
class Level:
    clients: int
    requests: int = 0
    seconds: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)  # of 200 answers
    server_errors: int = 0  # 5xx other than 503
    busy: int = 0  # 503
    failed: int = 0  # no HTTP answer (connection refused, reset, client timeout)
    other: int = 0  # 4xx: should be none

    @property
    def answers_per_s(self) -> float:
        return len(self.latencies_ms) / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered)) - 1))]


async def drive(url: str, path: str, field_name: str, pool: list[str], clients: int, requests: int,
                fresh: bool, offset: int = 0) -> Level:
    """`clients` closed-loop clients sharing `requests` requests; question i of the run is pool[(offset+i) % n]."""
    level = Level(clients, requests)
    headers = {"Cache-Control": "no-cache"} if fresh else {}
    counter = iter(range(requests))
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as http:

        async def client() -> None:
            for i in counter:  # shared iterator: the clients together send exactly `requests`
                body = {field_name: pool[(offset + i) % len(pool)]}
                start = time.perf_counter()
                try:
                    r = await http.post(path, json=body, headers=headers)
                except httpx.HTTPError:
                    level.failed += 1
                    continue
                elapsed = (time.perf_counter() - start) * 1000
                if r.status_code == 200:
                    level.latencies_ms.append(elapsed)
                elif r.status_code == 503:
                    level.busy += 1
                elif r.status_code >= 500:
                    level.server_errors += 1
                else:
                    level.other += 1

        start = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(clients)))
        level.seconds = time.perf_counter() - start
    return level


class Server:
    """`planqa serve` in a subprocess on a free loopback port; its output in a log file."""

    def __init__(self, index_dir: Path, workdir: Path, env: dict[str, str], args: list[str]) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / f"serve-{self.port}.log"
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [*_planqa(), "serve", "--host", "127.0.0.1", "--port", str(self.port), "--index-dir", str(index_dir),
                 *args], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)

    def wait_ready(self, seconds: float = 600) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"planqa serve exited ({self.process.returncode}):\n{self.tail()}")
            try:
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"planqa serve was not ready within {seconds:.0f} s:\n{self.tail()}")

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _build_index(workdir: Path, env: dict[str, str]) -> Path:
    index_dir = workdir / "index"
    typer.echo(f"building an index of corpus/ in {index_dir} (planqa index; about a minute on 2 cores)")
    done = subprocess.run([*_planqa(), "index", str(ROOT / "corpus"), "--index-dir", str(index_dir)], cwd=ROOT,
                          env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"planqa index failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return index_dir


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _row(name: str, runs: list[Level]) -> str:
    return (f"| {name} | {sum(r.requests for r in runs)} | {_median([r.answers_per_s for r in runs]):.1f} | "
            f"{_median([r.percentile(0.50) for r in runs]):.0f} | {_median([r.percentile(0.99) for r in runs]):.0f} | "
            f"{sum(r.server_errors for r in runs)} | {sum(r.busy for r in runs)} | "
            f"{sum(r.failed + r.other for r in runs)} |")


HEADER = ("| {first} | requests | answers/s | p50 ms | p99 ms | 5xx (not 503) | 503 | failed |\n"
          "|---|---|---|---|---|---|---|---|")


def main(index_dir: Path = typer.Option(None, "--index-dir", help="An index to serve (default: build one from "
                                                                      "corpus/ in a temporary folder)."),
         clients: str = typer.Option("1,16,50", help="Numbers of concurrent clients, separated by commas."),
         requests: int = typer.Option(400, min=1, max=20000, help="Requests per level and round."),
         rounds: int = typer.Option(3, min=1, max=10, help="Rounds; the table shows medians."),
         endpoint: str = typer.Option("ask", help="'ask' (POST /ask, answers) or 'search' (POST /search)."),
         max_inflight: int = typer.Option(None, "--max-inflight", min=1,
                                          help="Passed to planqa serve [default: its own, 2 per core]."),
         embed_threads: int = typer.Option(None, "--embed-threads", min=1,
                                           help="PLANQA_EMBED_THREADS for the server [default: its own, 1]."),
         cache_questions: int = typer.Option(20, min=1, help="Distinct questions of the cache run."),
         cache_clients: int = typer.Option(16, min=1, help="Clients of the cache run.")) -> None:
    if endpoint not in ("ask", "search"):
        raise typer.BadParameter("use 'ask' or 'search'", param_hint="--endpoint")
    try:
        levels = [int(c) for c in clients.split(",") if c.strip()]
    except ValueError:
        raise typer.BadParameter("whole numbers separated by commas, e.g. 1,16,50", param_hint="--clients") from None
    if not levels or min(levels) < 1 or max(levels) > 500:
        raise typer.BadParameter("between 1 and 500 clients", param_hint="--clients")
    path, field_name = ("/ask", "question") if endpoint == "ask" else ("/search", "query")
    pool = questions()

    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PLANQA_LOG_FORMAT": "text"}
    env.pop("PLANQA_URL", None)
    if embed_threads:
        env["PLANQA_EMBED_THREADS"] = str(embed_threads)
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_WAIT_POLICY"):
        env.pop(name, None)  # the server's own choice (or --embed-threads), not this shell's
    args = ["--max-inflight", str(max_inflight)] if max_inflight else []

    with tempfile.TemporaryDirectory(prefix="planqa-load-") as tmp:
        workdir = Path(tmp)
        index = index_dir or _build_index(workdir, env)
        server = Server(index, workdir, env, args)
        try:
            t = time.perf_counter()
            server.wait_ready()
            typer.echo(f"planqa serve ready in {time.perf_counter() - t:.1f} s at {server.url} "
                       f"(cores {len(os.sched_getaffinity(0))}, max-inflight {max_inflight or 'default'}, "
                       f"embed threads {embed_threads or 'default'}); load average {os.getloadavg()[0]:.2f}")
            asyncio.run(drive(server.url, path, field_name, pool, 4, 40, fresh=True))  # warm-up
            results: dict[int, list[Level]] = {c: [] for c in levels}
            for round_ in range(rounds):
                for c in levels:
                    results[c].append(asyncio.run(drive(server.url, path, field_name, pool, c, requests, fresh=True,
                                                        offset=round_ * requests)))
            few = pool[:cache_questions]
            cache_runs: dict[str, list[Level]] = {"cache off": [], "cache on": []}
            asyncio.run(drive(server.url, path, field_name, few, 4, len(few), fresh=False))  # fill the cache
            for _ in range(rounds):
                for name, fresh in (("cache off", True), ("cache on", False)):
                    cache_runs[name].append(asyncio.run(drive(server.url, path, field_name, few, cache_clients,
                                                              requests, fresh=fresh)))
        finally:
            server.stop()

    typer.echo(f"\nPOST {path}, every answer computed (Cache-Control: no-cache); {rounds} rounds of {requests} "
               f"requests per level, medians; latency of 200 answers")
    typer.echo(HEADER.format(first="clients"))
    for c in levels:
        typer.echo(_row(str(c), results[c]))
    typer.echo(f"\nPOST {path}, {cache_questions} questions asked over and over by {cache_clients} clients "
               f"(cache off: every request with Cache-Control: no-cache)")
    typer.echo(HEADER.format(first="run"))
    for name, runs in cache_runs.items():
        typer.echo(_row(name, runs))

    typer.echo("\ngoals (issue 12, seed corpus):")
    if 16 in results:
        rate = _median([r.answers_per_s for r in results[16]])
        typer.echo(f"  >= 60 answers/s with 16 clients: {rate:.1f} {'met' if rate >= 60 else 'NOT met'}")
    if 50 in results:
        p99 = _median([r.percentile(0.99) for r in results[50]])
        typer.echo(f"  p99 <= 1 s with 50 clients: {p99:.0f} ms {'met' if p99 <= 1000 else 'NOT met'}")
    errors = sum(r.server_errors for runs in results.values() for r in runs)
    busy = sum(r.busy for runs in results.values() for r in runs)
    typer.echo(f"  zero 5xx: {errors} 5xx other than 503 {'(met)' if not errors else '(NOT met)'}; "
               f"503 from back-pressure or the time limit: {busy}")


if __name__ == "__main__":
    typer.run(main)
