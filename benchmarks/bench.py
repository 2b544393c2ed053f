#!/usr/bin/env python3
"""policyparse benchmark: throughput, cold start, peak RSS, the segmentation anchor, scaling.

Run from the repository root (a clean clone with the venv set up as the README says):

    .venv/bin/python benchmarks/bench.py

One run measures, on the same text (the dev corpus ``../shared/eval/dev/docs/*.txt``,
or ``fixtures/corpus/*.txt`` when ../shared is absent):

1. cold start: ``import policyparse`` + the first ``extract`` in a fresh interpreter;
2. throughput of ``policyparse.extract`` on one core (chars/s, docs/s), warm;
3. the anchor: the time spacy-pkuseg alone takes to segment the same text with the
   project's shipped segmenter (``policyparse/models/segmenter/`` + the user
   dictionary), and the ratio extraction_time / segmentation_time;
4. peak RSS (``resource.getrusage`` in a fresh subprocess) for the corpus and for
   the largest single document of the scaling run;
5. scaling from 1x to 16x the corpus: (a) k copies of every document, (b) one
   document made of k copies of the whole corpus; a log-log slope near 1 is linear;
6. ``extract_many`` with 1 and with 2 processes (documents/s, start-up included);
7. when a target is missed, a cProfile of the slow case with its hot spots.

Timings are printed, never asserted.  The machine may be shared: the load average
is printed beside the figures.  ``--json FILE`` also writes them as JSON.
"""
from __future__ import annotations

import argparse
import cProfile
import io
import json
import math
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED_DOCS = Path(os.environ.get("POLICYPARSE_SHARED", REPO.parent / "shared")) / "eval" / "dev" / "docs"
FIXTURE_DOCS = REPO / "fixtures" / "corpus"
SEGMENTER = REPO / "policyparse" / "models" / "segmenter"
USER_DICT = REPO / "policyparse" / "resources" / "user_dict.txt"
TEACHER = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "policyparse" / "teacher" \
    / "pkuseg-0.0.25" / "pkuseg" / "models" / "default"
SCALES = (1, 2, 4, 8, 16)
TARGETS = {"ratio": 0.5, "cold_start_s": 2.0, "peak_rss_mb": 500.0}


# -- helpers -------------------------------------------------------------------

def load_corpus(path: str | None) -> tuple[str, list[tuple[str, str]]]:
    if path:
        d = Path(path)
    elif sorted(SHARED_DOCS.glob("*.txt")):
        d = SHARED_DOCS
    else:
        d = FIXTURE_DOCS
    files = sorted(d.glob("*.txt"))
    if not files:
        sys.exit(f"bench: no *.txt documents in {d}")
    return str(d), [(f.name, f.read_text(encoding="utf-8")) for f in files]


def pin_one_core() -> set[int] | None:
    """Pin this process (and its children) to one CPU; return the old affinity."""
    try:
        old = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {min(old)})
        return old
    except (AttributeError, OSError):
        return None


def unpin(old: set[int] | None) -> None:
    if old:
        os.sched_setaffinity(0, old)


def loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


def timed(fn, repeat: int) -> tuple[float, float]:
    """(median, min) seconds of ``repeat`` runs of fn()."""
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), min(runs)


def child(code: str, timeout: float = 1800) -> dict:
    """Run ``code`` in a fresh interpreter; it prints one JSON line last."""
    t = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=timeout, cwd=REPO)
    wall = time.perf_counter() - t
    if res.returncode != 0:
        raise RuntimeError(f"child failed ({res.returncode}):\n{res.stderr[-3000:]}")
    out = json.loads(res.stdout.strip().splitlines()[-1])
    out["wall_s"] = wall
    return out


# -- the measurements ------------------------------------------------------------

COLD_CODE = r"""
import json, sys, time
t0 = time.perf_counter()
import policyparse
t1 = time.perf_counter()
policyparse.extract(open(sys.argv[1] if len(sys.argv) > 1 else {path!r}, encoding="utf-8").read())
t2 = time.perf_counter()
print(json.dumps({{"import_s": t1 - t0, "first_extract_s": t2 - t1, "total_s": t2 - t0}}))
"""

RSS_CODE = r"""
import json, resource, sys
import policyparse
docs = [open(p, encoding="utf-8").read() for p in {paths!r}]
mode, k = {mode!r}, {k}
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
n = 0
if mode == "docs":
    for _ in range(k):
        for d in docs:
            n += len(policyparse.extract(d))
else:
    n = len(policyparse.extract("\n".join(docs * k)))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
hwm = float("nan")
try:
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            hwm = int(line.split()[1]) / 1024
except OSError:
    pass
print(json.dumps({{"peak_rss_mb": peak / 1024, "vmhwm_mb": hwm, "after_import_mb": base / 1024, "records": n}}))
"""


def cold_start(first_doc: Path, repeat: int) -> dict:
    runs = [child(COLD_CODE.format(path=str(first_doc))) for _ in range(repeat)]
    med = {k: statistics.median(r[k] for r in runs) for k in ("import_s", "first_extract_s", "total_s", "wall_s")}
    return med


def peak_rss(paths: list[str], mode: str, k: int) -> dict:
    return child(RSS_CODE.format(paths=paths, mode=mode, k=k))


def make_segmenter(explicit: str | None):
    """(segmenter, label, is_shipped) or (None, reason, False)."""
    try:
        import spacy_pkuseg
    except ImportError:
        return None, "spacy-pkuseg is not installed", False
    user_dict = str(USER_DICT) if USER_DICT.exists() else "default"

    def ok(d: Path) -> bool:
        return (d / "weights.npz").exists() and ((d / "features.msgpack").exists() or (d / "features.pkl").exists())

    if explicit:
        return spacy_pkuseg.pkuseg(model_name=explicit, user_dict=user_dict), f"pkuseg model given: {explicit}", False
    if ok(SEGMENTER):
        seg = spacy_pkuseg.pkuseg(model_name=str(SEGMENTER), user_dict=user_dict)
        return seg, f"shipped segmenter {SEGMENTER.relative_to(REPO)} + {Path(user_dict).name}", True
    if ok(TEACHER):
        seg = spacy_pkuseg.pkuseg(model_name=str(TEACHER), user_dict=user_dict)
        return seg, (f"FALLBACK ANCHOR: the shipped segmenter is not in {SEGMENTER.relative_to(REPO)}; "
                     f"using the build-time teacher model (MSRA default, ~180 MB) from {TEACHER}"), False
    return None, (f"NO ANCHOR: the shipped segmenter is not in {SEGMENTER.relative_to(REPO)} "
                  "(and no teacher model in the build cache); the ratio is not computed"), False


def slope(xs: list[float], ys: list[float]) -> float:
    """Least-squares slope of log(y) on log(x)."""
    lx, ly = [math.log(x) for x in xs], [math.log(y) for y in ys]
    mx, my = statistics.fmean(lx), statistics.fmean(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly)) / sum((a - mx) ** 2 for a in lx)


def linear_verdict(times: dict[int, float]) -> tuple[bool, float, float]:
    ks = sorted(times)
    s = slope(ks, [times[k] for k in ks])
    per_unit = (times[ks[-1]] / ks[-1]) / times[ks[0]]
    return (s <= 1.15 and per_unit <= 1.35), s, per_unit


def _spin(n: int) -> float:
    t = time.perf_counter()
    x = 0
    for i in range(n):
        x += i
    return time.perf_counter() - t


def machine_parallelism(n: int = 10_000_000) -> float:
    """Throughput of two busy pure-Python processes relative to one: 2.0 on two
    idle cores, less on a shared or hyper-threaded machine."""
    import multiprocessing as mp

    one = _spin(n)
    with mp.get_context("spawn").Pool(2) as pool:
        pool.map(_spin, [1000, 1000])  # start-up out of the timing
        t = time.perf_counter()
        pool.map(_spin, [n, n])
        two = time.perf_counter() - t
    return 2 * one / two


def profile(fn, top: int = 15) -> str:
    """Hot spots of fn(): the top functions by own time (all code), then the
    policyparse functions by cumulative time."""
    pr = cProfile.Profile()
    pr.enable()
    fn()
    pr.disable()

    def table(sort: str, restrict: tuple) -> list[str]:
        out = io.StringIO()
        pstats.Stats(pr, stream=out).sort_stats(sort).print_stats(*restrict)
        lines = [ln for ln in out.getvalue().splitlines() if ln.strip()]
        start = next((i for i, ln in enumerate(lines) if ln.lstrip().startswith("ncalls")), 0)
        return lines[start:start + top + 1]

    site = next((p for p in sys.path if p.endswith("site-packages")), None)
    text = "\n".join(["  by own time (tottime), all code:"] + table("tottime", (top,))
                     + ["  policyparse functions by cumulative time:"] + table("cumulative", (r"policyparse/", top)))
    text = text.replace(str(REPO) + "/", "")
    return text.replace(site + "/", "") if site else text


# -- main ------------------------------------------------------------------------

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", help="a directory of *.txt documents (default: the dev corpus, else fixtures/corpus)")
    ap.add_argument("--segmenter", help="a pkuseg model directory for the anchor (default: the shipped one)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per timing; the median is reported (default 3)")
    ap.add_argument("--max-scale", type=int, default=16, choices=SCALES, help="largest scale factor (default 16)")
    ap.add_argument("--profile", action="store_true", help="print the hot spots even when every target is met")
    ap.add_argument("--json", help="also write the figures to this JSON file")
    args = ap.parse_args(argv)

    corpus_dir, docs = load_corpus(args.corpus)
    paths = [str(Path(corpus_dir) / name) for name, _ in docs]
    texts = [t for _, t in docs]
    n_chars = sum(map(len, texts))
    scales = [k for k in SCALES if k <= args.max_scale]
    fig: dict = {"corpus": corpus_dir, "docs": len(docs), "chars": n_chars, "python": sys.version.split()[0],
                 "cpus": os.cpu_count(), "loadavg_start": loadavg()}
    print(f"policyparse benchmark — corpus {corpus_dir}: {len(docs)} documents, {n_chars:,} characters")
    print(f"python {fig['python']}, {fig['cpus']} CPUs, load average at start {fig['loadavg_start']}")
    print()

    old_aff = pin_one_core()
    fig["pinned_to_one_core"] = old_aff is not None

    # 1. cold start (fresh interpreters, pinned to one core)
    cs = cold_start(Path(paths[0]), args.repeat)
    fig["cold_start"] = cs
    print("[cold start] fresh interpreter, median of", args.repeat)
    print(f"  import policyparse       {cs['import_s']:.2f} s")
    print(f"  first extract ({docs[0][0]}, {len(texts[0]):,} chars)  {cs['first_extract_s']:.2f} s")
    print(f"  import + first extract   {cs['total_s']:.2f} s   (target <= {TARGETS['cold_start_s']} s)"
          f"   [whole process incl. interpreter: {cs['wall_s']:.2f} s]")

    # 4. peak RSS (fresh processes, started before this process loads anything big:
    #    on Linux ru_maxrss survives fork + exec, so a big parent would inflate it)
    rss_docs = peak_rss(paths, "docs", 1)
    rss_big = peak_rss(paths, "concat", scales[-1])
    fig["peak_rss"] = {"corpus": rss_docs, f"one_document_{scales[-1]}x": rss_big}
    print()
    print("[peak RSS] fresh process: resource.getrusage ru_maxrss (VmHWM of /proc in brackets)")
    print(f"  corpus, document by document: {rss_docs['peak_rss_mb']:.0f} MB [{rss_docs['vmhwm_mb']:.0f} MB]"
          f" (after import {rss_docs['after_import_mb']:.0f} MB)   (target <= {TARGETS['peak_rss_mb']:.0f} MB)")
    print(f"  one document of {scales[-1]}x the corpus ({scales[-1] * n_chars:,} chars): "
          f"{rss_big['peak_rss_mb']:.0f} MB [{rss_big['vmhwm_mb']:.0f} MB]")

    # 2. throughput, warm, one core
    import policyparse

    policyparse.extract(texts[0])  # warm-up

    def run_extract():
        for t in texts:
            policyparse.extract(t)

    ext_med, ext_min = timed(run_extract, args.repeat)
    fig["extract"] = {"s": ext_med, "min_s": ext_min, "chars_per_s": n_chars / ext_med,
                      "docs_per_s": len(texts) / ext_med,
                      "records": sum(len(policyparse.extract(t)) for t in texts)}
    print()
    print("[throughput] policyparse.extract, warm, one core, median of", args.repeat)
    print(f"  {ext_med:.3f} s for the corpus (min {ext_min:.3f} s): {n_chars / ext_med:,.0f} chars/s, "
          f"{len(texts) / ext_med:.1f} docs/s, {fig['extract']['records']} records")

    import inspect

    if "rules_only" in inspect.signature(policyparse.extract).parameters:
        policyparse.extract(texts[0], rules_only=True)
        ro_med, _ = timed(lambda: [policyparse.extract(t, rules_only=True) for t in texts], args.repeat)
        fig["extract_rules_only"] = {"s": ro_med, "chars_per_s": n_chars / ro_med}
        print(f"  rules only (extract(..., rules_only=True), no span model): {ro_med:.3f} s, "
              f"{n_chars / ro_med:,.0f} chars/s")

    # 3. anchor: segmentation alone, same text, same core
    seg, label, shipped = make_segmenter(args.segmenter)
    print()
    print("[anchor] spacy-pkuseg segmentation of the same text:", label)
    fig["anchor"] = {"label": label, "shipped": shipped}
    if seg is not None:
        seg.cut(texts[0][:2000])  # warm-up

        def run_seg():
            for t in texts:
                seg.cut(t)

        seg_med, seg_min = timed(run_seg, args.repeat)
        ratio = ext_med / seg_med
        fig["anchor"].update({"s": seg_med, "min_s": seg_min, "chars_per_s": n_chars / seg_med, "ratio": ratio})
        print(f"  {seg_med:.3f} s (min {seg_min:.3f} s): {n_chars / seg_med:,.0f} chars/s")
        print(f"  ratio extraction_time / segmentation_time = {ratio:.2f}   (target <= {TARGETS['ratio']})"
              + ("" if shipped else "   [NOT the shipped segmenter: see the label above]"))
        if "extract_rules_only" in fig:
            fig["anchor"]["ratio_rules_only"] = fig["extract_rules_only"]["s"] / seg_med
            print(f"  (rules only: {fig['anchor']['ratio_rules_only']:.2f})")
        del seg
    else:
        ratio = None
        fig["anchor"]["ratio"] = None
        print("  ratio: n/a")

    # 5. scaling (one core)
    print()
    print("[scaling] one core; time / (k x time at 1x) should stay near 1")
    docs_t: dict[int, float] = {}
    one_t: dict[int, float] = {}
    for k in scales:
        t = time.perf_counter()
        for _ in range(k):
            run_extract()
        docs_t[k] = time.perf_counter() - t
        big = "\n".join(texts * k)
        t = time.perf_counter()
        policyparse.extract(big)
        one_t[k] = time.perf_counter() - t
        print(f"  {k:>2}x  (a) {k * len(texts):>4} documents: {docs_t[k]:7.2f} s  ({docs_t[k] / (k * docs_t[1]):.2f})"
              f"   (b) one document of {len(big):>9,} chars: {one_t[k]:7.2f} s  ({one_t[k] / (k * one_t[1]):.2f})",
              flush=True)
    lin_a, s_a, u_a = linear_verdict(docs_t)
    lin_b, s_b, u_b = linear_verdict(one_t)
    fig["scaling"] = {"corpus_copies_s": docs_t, "one_document_s": one_t,
                      "corpus_copies": {"linear": lin_a, "loglog_slope": s_a, "time_per_unit_ratio": u_a},
                      "one_document": {"linear": lin_b, "loglog_slope": s_b, "time_per_unit_ratio": u_b}}
    print(f"  (a) more documents: log-log slope {s_a:.2f}, time per corpus at {scales[-1]}x / at 1x = {u_a:.2f}"
          f" -> {'linear' if lin_a else 'SUPER-LINEAR'}")
    print(f"  (b) longer document: log-log slope {s_b:.2f}, time per corpus at {scales[-1]}x / at 1x = {u_b:.2f}"
          f" -> {'linear' if lin_b else 'SUPER-LINEAR'}")

    # 6. extract_many, 1 vs 2 processes
    unpin(old_aff)
    from policyparse.batch import Text, extract_many

    import resource

    reps = 16
    items = [Text(t, name=n) for n, t in docs] * reps
    par, cpu = {}, {}
    for n in (1, 2):
        who = resource.RUSAGE_SELF if n == 1 else resource.RUSAGE_CHILDREN
        r0 = resource.getrusage(who)
        t = time.perf_counter()
        got = sum(1 for _ in extract_many(items, n_process=n, chunksize=4))
        par[n] = time.perf_counter() - t
        r1 = resource.getrusage(who)
        cpu[n] = (r1.ru_utime + r1.ru_stime) - (r0.ru_utime + r0.ru_stime)
        assert got == len(items)
    t = time.perf_counter()
    list(extract_many([Text("二、2024年重点工作\n新增企业1家。")] * 2, n_process=2, chunksize=1))
    startup = time.perf_counter() - t
    fig["extract_many"] = {"docs": len(items), "s": par, "cpu_s": cpu, "speedup": par[1] / par[2],
                           "pool_startup_s": startup}
    print()
    print(f"[extract_many] {len(items)} documents ({reps}x the corpus), both cores, "
          f"load average now {loadavg()}")
    print(f"  n_process=1: {par[1]:.2f} s ({len(items) / par[1]:.1f} docs/s), CPU {cpu[1]:.2f} s")
    print(f"  n_process=2: {par[2]:.2f} s ({len(items) / par[2]:.1f} docs/s), CPU of the workers {cpu[2]:.2f} s "
          f"(each imports and loads the model once); speed-up {par[1] / par[2]:.2f}x")
    print(f"  starting a 2-worker pool alone (2 tiny documents): {startup:.2f} s")
    par_hw = machine_parallelism()
    fig["extract_many"]["machine_parallelism"] = par_hw
    print(f"  for scale: on this machine now, two busy pure-Python processes do {par_hw:.2f}x the work of one "
          "(2.00 on two idle cores)")

    # summary
    fig["loadavg_end"] = loadavg()
    rss_ok = rss_docs["peak_rss_mb"] <= TARGETS["peak_rss_mb"]
    checks = [
        ("ratio extraction/segmentation <= 0.5", None if ratio is None else ratio <= TARGETS["ratio"],
         "n/a" if ratio is None else f"{ratio:.2f}"),
        ("cold start <= 2 s", cs["total_s"] <= TARGETS["cold_start_s"], f"{cs['total_s']:.2f} s"),
        ("peak RSS <= 500 MB", rss_ok, f"{rss_docs['peak_rss_mb']:.0f} MB"),
        ("linear growth 1x-16x (more documents)", lin_a, f"slope {s_a:.2f}"),
        ("linear growth 1x-16x (longer document)", lin_b, f"slope {s_b:.2f}"),
    ]
    fig["targets"] = {name: ok for name, ok, _ in checks}
    print()
    print(f"[targets] (load average at end {fig['loadavg_end']})")
    for name, ok, val in checks:
        mark = "n/a " if ok is None else ("met " if ok else "MISSED")
        print(f"  {mark:6} {name}: {val}")

    # 7. hot spots
    if args.profile or ratio is None or ratio > TARGETS["ratio"] or not lin_b:
        old_aff = pin_one_core()
        print()
        print("[profile] corpus, policyparse.extract, by own time (tottime)")
        print(profile(run_extract))
        if not lin_b:
            k = scales[-1]
            big = "\n".join(texts * k)
            print()
            print(f"[profile] one document of {k}x the corpus, by own time (tottime)")
            print(profile(lambda: policyparse.extract(big)))
        unpin(old_aff)

    if args.json:
        Path(args.json).write_text(json.dumps(fig, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        print(f"\nfigures written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
