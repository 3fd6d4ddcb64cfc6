"""A living corpus: plans added, replaced and removed while the index stays whole.

Every change is one commit: the new file is staged (hidden, fsynced), the index is rebuilt incrementally with it
(`build_index`), and switching the index in (one rename) commits the change. The file moves that follow (the staged
file into the corpus folder, a removed file out of it) are written in the new manifest's `journal` first, so a crash
after the switch is finished by `recover()`; a crash before it leaves the previous index and corpus as they were.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import CorpusError, PlanFile, list_corpus, sha256_of
from .embedding import Embedder
from .pipeline import build_index
from .readers import SUFFIXES, PlanReadError, read_plan
from .store import IndexError_, fsync_dir, read_manifest, resolve, writer_lock
from .tokenizing import fold

MAX_BYTES = 20 * 1024 * 1024
STAGING, REMOVED = ".planqa-staging", ".planqa-removed"
JOURNAL_DONE = "journal.done"  # beside a generation's manifest once its file moves are done


class UploadRejected(ValueError):
    """A file that is not accepted; `status` is the HTTP status that says why (413 too large, 415 type, 422 content,
    404 unknown plan, 409 conflict)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Change:
    doc_id: str
    source: str
    status: str  # added | replaced | unchanged | removed
    warnings: list[str] = field(default_factory=list)


@dataclass
class Commit:
    changes: list[Change]
    manifest: dict


def safe_name(filename: str) -> str:
    """A file name that stays inside the corpus folder and reads well in a URL: no directories, no leading dot,
    ASCII letters, digits, `-` and `_` (`Kế hoạch 12/2023.docx` -> `Ke_hoach_12_2023.docx`)."""
    base = re.split(r"[\\/]", filename or "")[-1].strip()
    stem, suffix = os.path.splitext(base)
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", fold(stem)).strip("._-")[:100] or "plan"
    return stem + suffix.lower()


class Library:
    """The corpus folders and their index, changed one commit at a time (across processes: `writer_lock`).
    New plans go into the first corpus folder."""

    def __init__(self, corpus_dirs: Path | Sequence[Path], index_dir: Path, embedder: Embedder,
                 max_bytes: int = MAX_BYTES, progress: bool = False) -> None:
        self.dirs = [Path(corpus_dirs)] if isinstance(corpus_dirs, (str, Path)) else [Path(d) for d in corpus_dirs]
        self.index_dir = Path(index_dir)
        self.embedder = embedder
        self.max_bytes = max_bytes
        self.progress = progress

    @property
    def inbox(self) -> Path:
        return self.dirs[0]

    # ---- reading uploads ------------------------------------------------------------------------------------

    def check(self, filename: str, data: bytes) -> str:
        """The safe name of an acceptable upload; raises UploadRejected with the reason otherwise."""
        name = safe_name(filename)
        suffix = Path(name).suffix
        if suffix not in SUFFIXES:
            raise UploadRejected(415, f"{filename!r}: {suffix or 'no suffix'} is not a plan format planqa reads "
                                      f"({', '.join(SUFFIXES)})")
        if len(data) > self.max_bytes:
            raise UploadRejected(413, f"{filename!r} is {len(data) / 1e6:.1f} MB; the limit is "
                                      f"{self.max_bytes / 1e6:.1f} MB (PLANQA_MAX_UPLOAD_MB)")
        try:
            read_plan(name, data)
        except PlanReadError as e:
            raise UploadRejected(422, str(e)) from None
        return name

    # ---- changes ----------------------------------------------------------------------------------------------

    def add(self, files: list[tuple[str, bytes]]) -> Commit:
        """Add plan files (name, bytes). A file whose bytes are already in the corpus is that plan, unchanged."""
        if not files:
            raise UploadRejected(422, "no file given")
        names = [self.check(name, data) for name, data in files]
        with writer_lock(self.index_dir):
            self._recover()
            listing = list_corpus(self.dirs)
            by_hash = {p.sha256: p for p in listing.plans}
            taken = {Path(p.source).stem for p in listing.plans} | {Path(s.source).stem for s in listing.skipped}
            staged, changes = {}, []
            for name, (_, data) in zip(names, files):
                digest = hashlib.sha256(data).hexdigest()
                if digest in by_hash:
                    plan = by_hash[digest]
                    changes.append(Change(plan.doc_id, plan.source, "unchanged"))
                    continue
                name = self._free_name(name, taken)
                taken.add(Path(name).stem)
                staged[name] = self._stage(name, data)
                by_hash[digest] = PlanFile(Path(name).stem, name, staged[name], digest)
                changes.append(Change(Path(name).stem, name, "added"))
            moves = {str(path): str(self.inbox / name) for name, path in staged.items()}
            return self._commit(changes, staged=staged, moves=moves)

    def replace(self, doc_id: str, filename: str, data: bytes) -> Commit:
        """Replace a plan's file, keeping its id (the new file may be of another format)."""
        name = self.check(filename, data)
        with writer_lock(self.index_dir):
            self._recover()
            old = self._plan(doc_id)
            if hashlib.sha256(data).hexdigest() == old.sha256:
                return self._commit([Change(doc_id, old.source, "unchanged")])
            new_name = doc_id + Path(name).suffix
            staged = {new_name: self._stage(new_name, data)}
            leaving = {old.source} if new_name != old.source else set()
            # the old file is put aside first (kept in .planqa-removed/), then the new one moved in
            return self._commit([Change(doc_id, new_name, "replaced")], staged=staged, leaving=leaving,
                                moves={str(staged[new_name]): str(old.path.parent / new_name)},
                                removes={str(old.path): old.sha256})

    def remove(self, doc_id: str) -> Commit:
        with writer_lock(self.index_dir):
            self._recover()
            old = self._plan(doc_id)
            if len(list_corpus(self.dirs).plans) == 1:
                raise UploadRejected(409, f"{doc_id} is the only plan: add another before removing it")
            return self._commit([Change(doc_id, old.source, "removed")], leaving={old.source},
                                removes={str(old.path): old.sha256})

    def update(self, full: bool = False) -> dict:
        """`planqa index`: the index brought up to date with the corpus folders (only what changed)."""
        with writer_lock(self.index_dir):
            self._recover()
            return build_index(self.dirs, self.index_dir, self.embedder, progress=self.progress, full=full)

    def recover(self) -> list[str]:
        """Finish the file moves of the last commit, if a crash interrupted them; drop uncommitted staged files."""
        with writer_lock(self.index_dir):
            return self._recover()

    # ---- internals ---------------------------------------------------------------------------------------------

    def _plan(self, doc_id: str) -> PlanFile:
        for plan in list_corpus(self.dirs).plans:
            if plan.doc_id == doc_id:
                return plan
        raise UploadRejected(404, f"unknown doc_id {doc_id!r}; GET /documents lists the plans")

    @staticmethod
    def _free_name(name: str, taken: set[str]) -> str:
        """Never overwrite another plan: `plan.pdf` beside a `plan.txt` becomes `plan-2.pdf`."""
        stem, suffix = os.path.splitext(name)
        candidate, n = stem, 1
        while candidate in taken:
            n += 1
            candidate = f"{stem}-{n}"
        return candidate + suffix

    def _stage(self, name: str, data: bytes) -> Path:
        staging = self.inbox / STAGING
        staging.mkdir(parents=True, exist_ok=True)
        path = staging / f"{uuid.uuid4().hex[:12]}-{name}"
        with open(path, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        fsync_dir(staging)
        return path

    def _commit(self, changes: list[Change], staged: dict[str, Path] | None = None, leaving: set[str] | None = None,
                moves: dict[str, str] | None = None, removes: dict[str, str] | None = None) -> Commit:
        journal = {"moves": moves or {}, "removes": removes or {}}
        if not staged and not leaving:
            manifest = build_index(self.dirs, self.index_dir, self.embedder, progress=self.progress)
            return Commit(changes, manifest)
        try:
            manifest = build_index(self.dirs, self.index_dir, self.embedder, progress=self.progress,
                                   staged=staged, leaving=leaving, journal=journal)
        except (CorpusError, PlanReadError) as e:
            for path in (staged or {}).values():
                path.unlink(missing_ok=True)
            raise UploadRejected(422, str(e)) from None
        except BaseException:
            for path in (staged or {}).values():
                path.unlink(missing_ok=True)
            raise
        self._apply(journal)
        warnings = manifest.get("warnings", {})
        for change in changes:
            change.warnings = warnings.get(change.doc_id, [])
        return Commit(changes, manifest)

    def _apply(self, journal: dict) -> list[str]:
        """Idempotent: a removal whose file is gone (or holds other bytes) and a move whose file was moved are done.
        Removals first: a plan replaced by a file of the same name is put aside before the new one takes its place."""
        done = []
        for path, digest in journal.get("removes", {}).items():
            path = Path(path)
            if path.exists() and sha256_of(path) == digest:
                trash = path.parent / REMOVED
                trash.mkdir(exist_ok=True)
                os.replace(path, trash / f"{time.strftime('%Y%m%dT%H%M%S')}-{path.name}")
                fsync_dir(path.parent)
                done.append(f"removed {path.name} (kept in {trash})")
        for src, dst in journal.get("moves", {}).items():
            if Path(src).exists():
                os.replace(src, dst)
                fsync_dir(Path(dst).parent)
                done.append(f"moved {Path(src).name} to {dst}")
        marker = resolve(self.index_dir) / JOURNAL_DONE
        if journal and not marker.exists():
            marker.touch()
        return done

    def _recover(self) -> list[str]:
        generation = resolve(self.index_dir)
        try:
            journal = read_manifest(self.index_dir).get("journal", {})
        except IndexError_:
            journal = {}
        done = []
        if journal and not (generation / JOURNAL_DONE).exists():
            done = self._apply(journal)
        staging = self.inbox / STAGING
        if staging.is_dir():  # staged by a change that never committed
            pending = set(journal.get("moves", {}))
            for path in staging.iterdir():
                if str(path) not in pending:
                    path.unlink(missing_ok=True)
                    done.append(f"dropped {path.name}, staged by a change that did not commit")
        return done


__all__ = ["Library", "UploadRejected", "Change", "Commit", "safe_name", "MAX_BYTES"]
