"""Load plan files from a corpus directory: UTF-8 text only, each rejected file named in the error."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from collections.abc import Sequence
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


def corpus_files(corpus_dirs: Path | Sequence[Path]) -> list[Path]:
    """The plan files of one or more corpus folders, in order; two files of one name would be one citation."""
    dirs = [Path(corpus_dirs)] if isinstance(corpus_dirs, (str, Path)) else [Path(d) for d in corpus_dirs]
    files: dict[str, Path] = {}
    for corpus_dir in dirs:
        if not corpus_dir.is_dir():
            raise CorpusError(f"corpus directory {corpus_dir} does not exist")
        for path in sorted(p for p in corpus_dir.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES):
            if path.name in files:
                raise CorpusError(f"{path} and {files[path.name]} have the same name: rename one of them")
            files[path.name] = path
    if not files:
        raise CorpusError(f"no .txt or .md plans in {', '.join(map(str, dirs))}")
    return list(files.values())


def load_corpus(corpus_dirs: Path | Sequence[Path]) -> list[PlanFile]:
    plans = []
    for path in corpus_files(corpus_dirs):
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
