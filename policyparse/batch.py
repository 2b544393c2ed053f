"""Many documents at once: :func:`extract_many` streams one result per input.

Inputs are unambiguous: a ``str`` or :class:`os.PathLike` item is always a
*path* (never text, even when no such file exists: that is reported as an
error), and raw text or bytes must be wrapped in :class:`Text`.

>>> from policyparse.batch import Text, extract_many
>>> docs = [Text("二、2024年重点工作\\n城镇新增就业3.1万人以上。", name="plan"),
...         Text(b"\\x00\\x01\\x02binary", name="blob"),
...         Text("一、2023年工作回顾\\n城镇新增就业3.2万人。", name="review")]
>>> for r in extract_many(docs):
...     print(r.source, [(t.metric, t.value, t.kind) for t in r.targets], r.error)
plan [('城镇新增就业', 31000, 'target')] None
blob [] blob: looks like a binary file, not text
review [('城镇新增就业', 32000, 'actual')] None

Results come in input order whatever ``n_process`` is; each is a
:class:`DocResult` ``(source, targets, error)`` named tuple.  One bad input
(missing, a directory, binary, undecodable, or a bug in the extractor) gives a
result whose ``error`` is a one-line message that starts with its name; it
never stops or loses the others.

With ``n_process > 1`` the documents are read and extracted in worker
processes started with the ``spawn`` method (safe on every platform and in
threads; guard your script with ``if __name__ == "__main__":``).  The main
process hands out *chunks* of ``chunksize`` inputs and keeps at most
``2 * n_process`` chunks in flight, yielding them in order: memory stays
flat however many files there are and however slowly the caller consumes
the results.  A worker that dies (a crash, the kernel's OOM killer) costs
only the document it was reading: its chunk is re-run one document at a
time in a fresh pool, and that document is reported as an error.
"""
from __future__ import annotations

import os
import sys
import warnings
from collections import deque
from dataclasses import dataclass
from typing import Iterable, Iterator, NamedTuple, Union

from .errors import InputError, PolicyParseError
from .target import Target

__all__ = ["DocResult", "Text", "extract_many", "texts"]

ON_ERROR = ("report", "raise", "skip")


@dataclass(frozen=True)
class Text:
    """Raw text (``str``) or raw bytes (decoded as :func:`policyparse.clean_bytes` does)
    given to :func:`extract_many` in place of a path.

    ``name`` becomes the result's ``source`` and each record's ``source``
    (default ``<text N>``, N the position in the input); ``year`` overrides
    the ``year`` given to :func:`extract_many` for this document.
    """

    content: Union[str, bytes]
    name: str | None = None
    year: int | None = None


class DocResult(NamedTuple):
    """What one input gave: its name, its records, and an error or None.

    On error ``targets`` is empty and ``error`` is a one-line message that
    starts with ``source``.
    """

    source: str
    targets: list[Target]
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


Item = Union[str, "os.PathLike[str]", Text]


def texts(contents: Iterable[Union[str, bytes]], names: Iterable[str] | None = None) -> Iterator[Text]:
    """Wrap raw texts (or bytes) for :func:`extract_many`, optionally with names.

    >>> [t.name for t in texts(["甲", "乙"], names=["a", "b"])]
    ['a', 'b']
    """
    if names is None:
        for c in contents:
            yield Text(c)
    else:
        for c, n in zip(contents, names, strict=True):
            yield Text(c, name=n)


# -- one document (runs in the worker, or in-process) ------------------------

#: payloads sent to workers: ("path", path, None, year, options) or ("text", name, content, year, options)
def _payload(index: int, item, year: int | None, options: dict) -> tuple:
    if isinstance(item, Text):
        if not isinstance(item.content, (str, bytes)):
            raise TypeError(f"Text.content must be str or bytes, not {type(item.content).__name__}")
        name = item.name if item.name is not None else f"<text {index}>"
        return ("text", name, item.content, item.year if item.year is not None else year, options)
    if isinstance(item, (str, os.PathLike)):
        return ("path", os.fspath(item), None, year, options)
    if isinstance(item, (bytes, bytearray)):
        raise TypeError("extract_many: raw bytes must be wrapped in policyparse.batch.Text(data, name=...)")
    raise TypeError(f"extract_many: expected a path (str or os.PathLike) or a Text, not {type(item).__name__}")


def _one_line(msg: str) -> str:
    return " ".join(str(msg).split())


def _run(payload: tuple) -> tuple[str, list[Target], str | None, str | None]:
    """Extract one payload; return (source, targets, error, error_kind).

    Errors are returned as strings (not exceptions: an exception class with
    a custom ``__init__`` does not survive pickling between processes).
    """
    kind, name, content, year, options = payload
    try:
        if kind == "path":
            from .extract import extract_file

            return name, extract_file(name, year=year, **options), None, None
        from .extract import extract

        return name, extract(content, year=year, source=name, **options), None, None
    except InputError as exc:
        msg = _one_line(str(exc))
        if not msg.startswith(name):
            msg = f"{name}: {msg}"
        return name, [], msg, "input"
    except MemoryError:
        return name, [], f"{name}: internal error: out of memory", "internal"
    except Exception as exc:  # a bug must not lose the other documents
        return name, [], _one_line(f"{name}: internal error: {type(exc).__name__}: {exc}"), "internal"


def _run_chunk(chunk: list[tuple]) -> list[tuple]:
    return [_run(p) for p in chunk]


_WARM_UP = "二、2024年重点工作\n城镇新增就业3.1万人以上。"


_ONE_THREAD = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "VECLIB_MAXIMUM_THREADS",
               "NUMEXPR_NUM_THREADS")


def _init_worker(options: dict) -> None:
    # one BLAS/OpenMP thread per worker (n workers already fill n cores), unless
    # the caller chose otherwise; set before numpy is first imported here
    for var in _ONE_THREAD:
        os.environ.setdefault(var, "1")
    # load the rule tables and any model once per worker, before the first document arrives
    from .extract import extract

    try:
        extract(_WARM_UP, **options)
    except Exception:  # the real documents will report it, with their names
        pass


# -- the driver ----------------------------------------------------------------

def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _to_result(r: tuple, on_error: str) -> DocResult | None:
    source, targets, error, kind = r
    if error is None:
        return DocResult(source, targets, None)
    if on_error == "raise":
        if kind == "input":
            reason = error[len(source) + 2:] if error.startswith(source + ": ") else error
            raise InputError(source, reason)
        raise PolicyParseError(error)
    if on_error == "skip":
        return None
    return DocResult(source, [], error)


def extract_many(items: Iterable[Item], n_process: int = 1, *, year: int | None = None,
                 on_error: str = "report", chunksize: int = 4, **options) -> Iterator[DocResult]:
    """Extract records from many documents; yield one :class:`DocResult` per input, in order.

    ``items``: paths (``str`` or :class:`os.PathLike`; a ``str`` is always a
    path) and :class:`Text` objects for raw text or bytes; any iterable,
    consumed lazily.

    ``n_process``: worker processes; ``1`` runs in this process, ``-1`` (or
    ``0``) uses every available core.

    ``year``: the year the documents speak from (their 今年); inferred per
    document when None. ``Text.year`` overrides it.

    ``on_error``: ``"report"`` (default) yields a result whose ``error`` is a
    one-line message naming the input; ``"skip"`` drops it; ``"raise"``
    raises :class:`~policyparse.InputError` (or
    :class:`~policyparse.PolicyParseError` for an internal error) when that
    input's turn comes, after the results before it were yielded.

    ``chunksize``: inputs handed to a worker at a time.

    Further keyword ``options`` are passed on to
    :func:`policyparse.extract` / :func:`policyparse.extract_file`
    (they must be picklable).

    A ``TypeError`` is raised (when its turn comes) for an item that is
    neither a path nor a :class:`Text`, e.g. bare ``bytes``: that is a
    programming error, not a bad document.
    """
    if on_error not in ON_ERROR:
        raise ValueError(f"on_error must be one of {ON_ERROR}, not {on_error!r}")
    if not isinstance(n_process, int) or n_process < -1:
        raise ValueError(f"n_process must be a positive int, or -1/0 for every core; got {n_process!r}")
    if n_process in (-1, 0):
        n_process = _cpu_count()
    if chunksize < 1:
        raise ValueError("chunksize must be >= 1")
    _check_options(options)
    payloads = (_payload(i, item, year, options) for i, item in enumerate(items))
    if n_process > 1 and not _main_is_importable():
        warnings.warn("extract_many: the main script cannot be re-imported by worker processes "
                      "(it was read from standard input); running in this process instead",
                      RuntimeWarning, stacklevel=2)
        n_process = 1
    if n_process == 1:
        return _serial(payloads, on_error)
    return _parallel(payloads, n_process, on_error, chunksize, options)


def _main_is_importable() -> bool:
    """Spawned workers re-import ``__main__`` from its file; a script piped to
    ``python -`` has none (notebooks and ``python -c`` have no ``__file__`` and are fine)."""
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    return path is None or os.path.exists(path)


def _check_options(options: dict) -> None:
    import inspect

    from .extract import extract, extract_file

    allowed = (set(inspect.signature(extract).parameters) & set(inspect.signature(extract_file).parameters)) \
        - {"text", "path", "year", "source"}
    unknown = sorted(set(options) - allowed)
    if unknown:
        raise TypeError(f"extract_many: unknown option(s) {', '.join(unknown)}; "
                        f"extract/extract_file accept {', '.join(sorted(allowed)) or 'none'}")


def _serial(payloads: Iterator[tuple], on_error: str) -> Iterator[DocResult]:
    for p in payloads:
        r = _to_result(_run(p), on_error)
        if r is not None:
            yield r


def _chunks(payloads: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    chunk: list[tuple] = []
    for p in payloads:
        chunk.append(p)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Pool:
    """A spawn-context process pool that can be replaced when a worker dies."""

    def __init__(self, n: int, options: dict):
        self.n = n
        self.options = options
        self.ex = None

    def get(self):
        if self.ex is None:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            self.ex = ProcessPoolExecutor(max_workers=self.n, mp_context=mp.get_context("spawn"),
                                          initializer=_init_worker, initargs=(self.options,))
        return self.ex

    def reset(self) -> None:
        if self.ex is not None:
            self.ex.shutdown(wait=False, cancel_futures=True)
            self.ex = None

    def close(self) -> None:
        if self.ex is not None:
            self.ex.shutdown(wait=True, cancel_futures=True)
            self.ex = None


def _isolate(pool: _Pool, chunk: list[tuple]) -> list[tuple]:
    """Re-run a chunk whose worker died, one document at a time; the one that
    kills its worker again is reported as an error."""
    from concurrent.futures.process import BrokenProcessPool

    out = []
    for p in chunk:
        try:
            out.extend(pool.get().submit(_run_chunk, [p]).result())
        except BrokenProcessPool:
            pool.reset()
            name = p[1]
            out.append((name, [], f"{name}: internal error: the worker process died while reading it "
                                  "(crash or out of memory)", "internal"))
    return out


def _finished(fut) -> bool:
    return fut.done() and not fut.cancelled() and fut.exception() is None


def _parallel(payloads: Iterator[tuple], n: int, on_error: str, chunksize: int,
              options: dict) -> Iterator[DocResult]:
    from concurrent.futures.process import BrokenProcessPool

    pool = _Pool(n, options)
    window = 2 * n
    chunks = _chunks(payloads, chunksize)
    pending: deque = deque()  # (chunk, future), in input order
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < window:
                try:
                    chunk = next(chunks)
                except StopIteration:
                    exhausted = True
                    break
                pending.append((chunk, pool.get().submit(_run_chunk, chunk)))
            if not pending:
                break
            chunk, fut = pending.popleft()
            try:
                results = fut.result()
            except BrokenProcessPool:
                # every future of the dead pool is lost: isolate this chunk,
                # then resubmit the others to a fresh pool
                pool.reset()
                results = _isolate(pool, chunk)
                pending = deque((c, f if _finished(f) else pool.get().submit(_run_chunk, c))
                                for c, f in pending)
            for r in results:
                res = _to_result(r, on_error)
                if res is not None:
                    yield res
    finally:
        pool.close()


if __name__ == "__main__":  # pragma: no cover - a tiny manual check
    for res in extract_many(sys.argv[1:], n_process=-1):
        print(res.source, len(res.targets), res.error or "")
