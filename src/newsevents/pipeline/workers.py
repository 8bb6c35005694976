"""What each process that parses documents sets up: the model, the records component, the
spaCy error handler, memory release, and dying with its parent.

spaCy's worker processes (`nlp.pipe(n_process=...)`) are forks of the main process, and a
dask worker loads the model itself: both go through `load_nlp`, cached once per process.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import sys
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from newsevents.pipeline.units import Unit, doc_result

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# The last component: turns each whole document's Doc into its output lines in the process
# that parsed it, so that only the lines travel back, not the Docs.
RECORDS_COMPONENT = "newsevents_records_v1"
# NEWSEVENTS_PLAIN_SPACY=1: spaCy as it comes, without `nlp.speed_up` (for comparison).
PLAIN_SPACY_ENV = "NEWSEVENTS_PLAIN_SPACY"
_TRIM_EVERY = 32
_seen = [0]


def release_memory() -> None:
    """Hand freed memory back to the system (glibc's malloc_trim)."""
    # glibc keeps the memory of freed arrays for reuse, so a process's RSS stays at the mark
    # of its largest batch; handing it back keeps the footprint flat over a long run.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def records_component(doc: Doc) -> Doc:
    """Turn a whole document's Doc into its output lines where it was parsed.

    The Doc is then replaced by an empty one, so that nothing but the lines goes back to the
    main process. Parts of long documents go back whole: their rules need the whole article.
    """
    from spacy.tokens import Doc as _Doc

    _seen[0] += 1
    if _seen[0] % _TRIM_EVERY == 0 and sys.platform.startswith("linux"):
        release_memory()
    unit = doc._context
    if not isinstance(unit, Unit) or unit.result is not None:
        return doc
    if unit.article is None:
        import numpy

        doc.tensor = numpy.empty((0,), dtype="float32")  # the rules never read it
        return doc
    unit.result = doc_result(unit.task, doc, unit.article)
    unit.article = None
    light = _Doc(doc.vocab)
    light._context = unit
    return light


def _make_records_component(nlp: Language, name: str) -> Any:
    return records_component


last_error: list[str] = [""]


def keep_going(name: str | None, proc: Any, docs: Any, exc: Exception) -> None:
    """spaCy error handler: remember the error; the lost documents are retried one by one."""
    last_error[0] = f"{name or 'spaCy'}: {type(exc).__name__}: {exc}"[:500]


_nlp_cache: dict[tuple[str, bool], Language] = {}


def load_nlp(model: str, max_chars: int = 100_000) -> Language:
    """The pipeline with the records component, loaded once per process and model."""
    from spacy.language import Language

    from newsevents.nlp.load import load_pipeline

    plain = bool(os.environ.get(PLAIN_SPACY_ENV))
    nlp = _nlp_cache.get((model, plain))
    if nlp is None:
        # Registered here, not at import, so that a run with nothing to do never imports spaCy.
        if not Language.has_factory(RECORDS_COMPONENT):
            Language.factory(
                RECORDS_COMPONENT, default_config={}, assigns=[], func=_make_records_component
            )
        nlp = load_pipeline(model, fast=not plain)
        nlp.add_pipe(RECORDS_COMPONENT, last=True)
        # Report a failing batch instead of raising; its documents are retried one by one.
        nlp.default_error_handler = keep_going
        for _, proc in nlp.pipeline:
            with contextlib.suppress(AttributeError):  # some Cython pipes cannot take one
                proc.set_error_handler(keep_going)  # type: ignore[attr-defined]
        _nlp_cache[model, plain] = nlp
    nlp.max_length = max(nlp.max_length, max_chars + 1)
    return nlp


# --- dying with the parent ------------------------------------------------------------------

_guard_children = [False]


def _set_parent_death_signal() -> None:
    # spaCy's workers block on a queue: if the main process is killed (kill -9), nothing
    # would ever end them. Linux can: the kernel kills them when their parent dies.
    if not _guard_children[0]:
        return
    # A Ctrl-C reaches the whole process group: the main process alone decides (it ends
    # the workers itself, see `interrupt_ends_workers`), so a worker neither dies half-way
    # through a send nor prints a traceback.
    with contextlib.suppress(ValueError, OSError):
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)


os.register_at_fork(after_in_child=_set_parent_death_signal)


@contextlib.contextmanager
def children_die_with_parent(active: bool) -> Iterator[None]:
    """While active, processes forked from this one are killed when it dies."""
    _guard_children[0] = active
    try:
        yield
    finally:
        _guard_children[0] = False


def _end_workers() -> None:
    """Kill this process's worker processes and let it exit without waiting for them."""
    import gc
    import multiprocessing
    import multiprocessing.queues

    for child in multiprocessing.active_children():
        with contextlib.suppress(OSError, ValueError, AttributeError):
            child.kill()
    # The feeder thread of spaCy's text queues may be blocked writing to a pipe that no
    # worker reads any more: joining it at exit would wait forever (the queues are not
    # reachable from here otherwise; this runs once, on Ctrl-C).
    for obj in gc.get_objects():
        if isinstance(obj, multiprocessing.queues.Queue):
            with contextlib.suppress(Exception):
                obj.cancel_join_thread()
    for child in multiprocessing.active_children():
        child.join(timeout=5)


@contextlib.contextmanager
def interrupt_ends_workers(active: bool) -> Iterator[None]:
    """While active, a SIGINT (Ctrl-C) kills the worker processes, then raises
    KeyboardInterrupt here, at once: the workers ignore it (see `_set_parent_death_signal`),
    and spaCy would otherwise wait for them, or start new ones, forever."""
    import threading
    import warnings

    if not active or threading.current_thread() is not threading.main_thread():
        yield
        return
    main_pid = os.getpid()

    def on_sigint(signum: int, frame: Any) -> None:
        if os.getpid() != main_pid:  # a worker, before it could ignore the signal
            return
        # spaCy warns that its workers did not finish: they were ended on purpose.
        warnings.filterwarnings("ignore", message=r"\[W127\]")
        _end_workers()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, on_sigint)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
