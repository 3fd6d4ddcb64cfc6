"""The plan files of one or more corpus folders, read in any supported format; a file that cannot be used is
skipped and named with the reason, so one bad upload never stops the others from being indexed."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .readers import SUFFIXES, PlanReadError, read_plan


class CorpusError(ValueError):
    """The corpus cannot be indexed as it is; the message names the file and what to do."""


@dataclass
class PlanFile:
    doc_id: str  # the file name without its suffix: the plan's id in citations and in the API
    source: str  # file name inside the corpus folder
    path: Path  # where its bytes are read from (a staged upload is read before it is moved into place)
    sha256: str
    text: str = ""  # filled by `read`
    warnings: list[str] = field(default_factory=list)

    def read(self) -> PlanFile:
        result = read_plan(self.source, self.path.read_bytes())
        self.text, self.warnings = result.text, result.warnings
        return self


@dataclass
class Skipped:
    source: str
    reason: str


@dataclass
class CorpusListing:
    plans: list[PlanFile]
    skipped: list[Skipped]

    def hashes(self) -> dict[str, str]:
        return {p.source: p.sha256 for p in self.plans}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _dirs(corpus_dirs: Path | Sequence[Path]) -> list[Path]:
    return [Path(corpus_dirs)] if isinstance(corpus_dirs, (str, Path)) else [Path(d) for d in corpus_dirs]


def list_corpus(corpus_dirs: Path | Sequence[Path], staged: Mapping[str, Path] | None = None,
                leaving: set[str] | None = None) -> CorpusListing:
    """Every plan file by name and hash, without reading it. `staged`: files about to join (name -> where their
    bytes are now); `leaving`: names about to go. Hidden files (a staging area) are not plans."""
    staged, leaving = dict(staged or {}), set(leaving or ())
    dirs = _dirs(corpus_dirs)
    found: dict[str, Path] = {}
    skipped: list[Skipped] = []
    for corpus_dir in dirs:
        if not corpus_dir.is_dir():
            raise CorpusError(f"corpus directory {corpus_dir} does not exist")
        for path in sorted(p for p in corpus_dir.iterdir() if p.is_file() and not p.name.startswith(".")):
            if path.name in leaving or path.name in staged:
                continue
            if path.suffix.lower() not in SUFFIXES:
                skipped.append(Skipped(path.name, f"{path.suffix or 'no suffix'} is not a plan format planqa "
                                                  f"reads ({', '.join(SUFFIXES)})"))
                continue
            if path.name in found:
                skipped.append(Skipped(str(path), f"{found[path.name]} has the same name and comes first"))
            else:
                found[path.name] = path
    found.update(staged)
    plans, ids = [], {}
    for name, path in sorted(found.items()):
        doc_id = Path(name).stem
        if doc_id in ids:  # `plan.txt` and `plan.docx` would be one citation id
            skipped.append(Skipped(name, f"{ids[doc_id]} has the same name before its suffix; rename one"))
            continue
        ids[doc_id] = name
        plans.append(PlanFile(doc_id, name, path, sha256_of(path)))
    return CorpusListing(plans, skipped)


def load_corpus(corpus_dirs: Path | Sequence[Path]) -> CorpusListing:
    """Every plan read; those that cannot be read are skipped with the reason."""
    listing = list_corpus(corpus_dirs)
    plans = []
    for plan in listing.plans:
        try:
            plans.append(plan.read())
        except PlanReadError as e:
            listing.skipped.append(Skipped(plan.source, str(e)))
    return CorpusListing(plans, listing.skipped)
