"""Matrix products through numpy's BLAS instead of thinc's default (blis)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language


def use_numpy_blas(nlp: Language) -> bool:
    """Multiply matrices with numpy's BLAS instead of thinc's default (blis), one thread each.

    On the x86-64 machines measured blis runs the pipeline's matrix products about 3x slower
    than OpenBLAS, so the whole pipeline takes about 40% less time. Without threadpoolctl the
    BLAS could not be kept to one thread per process (worker processes would fight over the
    cores), so blis stays. Returns whether the switch was made.
    """
    try:
        from thinc.api import NumpyOps, get_current_ops
        from threadpoolctl import threadpool_limits
    except ImportError:
        return False
    if not isinstance(get_current_ops(), NumpyOps):
        return False  # a GPU: leave it
    threadpool_limits(1, user_api="blas")
    ops = NumpyOps(use_blis=False)
    for _, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops
    return True
