"""Load plan files from a corpus directory: UTF-8 text only, each rejected file named in the error."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

SUFFIXES = (".txt", ".md")


class CorpusError(ValueError):
    """The corpus cannot be indexed as it is; the message names the file and what to do."""


@dataclass
class PlanFile:
    doc_id: str
    source: str  # file name inside the corpus directory
    text: str
    sha256: str


def load_corpus(corpus_dir: Path) -> list[PlanFile]:
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.is_dir():
        raise CorpusError(f"corpus directory {corpus_dir} does not exist")
    files = sorted(p for p in corpus_dir.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        raise CorpusError(f"no .txt or .md plans in {corpus_dir}")
    plans = []
    for path in files:
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise CorpusError(
                f"{path.name} is not UTF-8 (invalid byte at offset {e.start}): convert it to UTF-8 and index again"
            ) from None
        if not text.strip():
            raise CorpusError(f"{path.name} is empty")
        plans.append(PlanFile(path.stem, path.name, text, hashlib.sha256(data).hexdigest()))
    return plans
