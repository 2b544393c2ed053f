"""Command line: ``policyparse extract FILE... [--format jsonl|csv|table]``.

Exit codes: 0 all files read; 1 some files could not be read (each one is
reported on stderr with its name, the others are still processed);
2 usage error.  ``--jobs N`` reads the files in N worker processes; the
output order and the exit codes stay the same.
"""
from __future__ import annotations

import argparse
import os
import sys

from . import __version__
from .errors import PolicyParseError

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="policyparse",
        description="Extract typed targets and results from Chinese government policy texts.",
    )
    p.add_argument("--version", action="version", version=f"policyparse {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    ex = sub.add_parser("extract", help="extract records from files (or - for stdin)",
                        description="Extract records from text or HTML files; '-' reads stdin.")
    ex.add_argument("files", nargs="+", metavar="FILE", help="input files (.txt, .html), or - for stdin")
    ex.add_argument("--format", "-f", choices=("jsonl", "csv", "table"), default=None,
                    help="output format (default: table on a terminal, jsonl otherwise)")
    ex.add_argument("--year", type=int, default=None,
                    help="the year the documents speak from (their 今年); inferred when omitted")
    ex.add_argument("-o", "--output", default=None, help="write to this file instead of stdout")
    ex.add_argument("--targets-only", action="store_true", help="only records of kind 'target'")
    ex.add_argument("--quiet", "-q", action="store_true", help="no progress bar")
    ex.add_argument("--rules-only", action="store_true",
                    help="switch the trained span model off (rules alone decide)")
    ex.add_argument("--jobs", "-j", type=_jobs, default=1, metavar="N",
                    help="worker processes (default 1; 0 = one per core); the output keeps the order of FILE")
    rd = sub.add_parser("render", help="write an HTML review page: the document with its records highlighted",
                        description="Write an HTML page showing the document with each record's quantity, "
                                    "metric and deadline highlighted, and a table of the records.")
    rd.add_argument("file", metavar="FILE", help="input file (.txt or .html)")
    rd.add_argument("-o", "--output", default=None,
                    help="the page to write (default: FILE without its suffix + .review.html)")
    rd.add_argument("--year", type=int, default=None,
                    help="the year the document speaks from (its 今年); inferred when omitted")
    rd.add_argument("--rules-only", action="store_true",
                    help="switch the trained span model off (rules alone decide)")
    tr = sub.add_parser("train", help="train the span model (spaCy spancat) from annotated examples",
                        description="Train the span model on fixtures/spans/*.jsonl with "
                                    "resources/span_model.cfg (CPU, fixed seed).")
    tr.add_argument("--data", nargs="+", default=None, metavar="JSONL",
                    help="example files (default: fixtures/spans/*.jsonl of the working directory)")
    tr.add_argument("--output", default=None, help="model directory (default: the package's models/spans)")
    tr.add_argument("--seed", type=int, default=0)
    tr.add_argument("--exclude-doc", action="append", default=[], metavar="NAME",
                    help="leave a document's examples out (for cross-validation)")
    demo = sub.add_parser("demo", help="run extract on the bundled example report (a 2023 city report)")
    demo.add_argument("--format", "-f", choices=("jsonl", "csv", "table"), default="table")
    return p


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = -2
    if n < 0:
        raise argparse.ArgumentTypeError(f"must be a whole number >= 0, not {value!r}")
    return n


def example_path() -> str:
    """Path of the bundled example document."""
    from importlib import resources

    return str(resources.files("policyparse.examples").joinpath("baoding_2023_report.txt"))


def _read_stdin() -> bytes:
    return sys.stdin.buffer.read()


def _iter_results(files, year, rules_only=False, jobs=1):
    """(name, targets, error) per file, in the order of ``files``; ``jobs``
    worker processes (0: one per core).  See :func:`policyparse.batch.extract_many`."""
    from .batch import Text, extract_many

    def items():
        for name in files:
            yield Text(_read_stdin(), name="<stdin>") if name == "-" else name

    options = {"rules_only": True} if rules_only else {}
    for name, res in zip(files, extract_many(items(), n_process=jobs, year=year, **options)):
        yield name, (res.targets if res.ok else None), res.error


def cmd_extract(args) -> int:
    from .io import CSVWriter, table_rows, write_jsonl

    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    fmt = args.format or ("table" if out.isatty() else "jsonl")
    show_progress = not args.quiet and sys.stderr.isatty() and len(args.files) > 1
    failed = 0
    csvw = CSVWriter(out) if fmt == "csv" else None
    results = _iter_results(args.files, args.year, args.rules_only, args.jobs)
    bar = None
    if show_progress:
        from tqdm import tqdm

        bar = tqdm(total=len(args.files), unit="file", file=sys.stderr, leave=False)
    header_done = False
    try:
        for name, targets, err in results:
            if bar is not None:
                bar.update(1)
            if err is not None:
                failed += 1
                print(f"policyparse: error: {err}", file=sys.stderr)
                continue
            if args.targets_only:
                targets = [t for t in targets if t.kind == "target"]
            if fmt == "jsonl":
                write_jsonl(targets, out)
            elif fmt == "csv":
                csvw.write(targets)
            else:
                rows = list(table_rows(targets))
                if not header_done:
                    out.write("\n".join(rows[:2]) + "\n")
                    header_done = True
                if rows[2:]:
                    out.write("\n".join(rows[2:]) + "\n")
            out.flush()
    except BrokenPipeError:
        return EXIT_OK
    finally:
        if bar is not None:
            bar.close()
        if args.output:
            out.close()
    if failed:
        print(f"policyparse: {failed} of {len(args.files)} file(s) could not be read", file=sys.stderr)
        return EXIT_SOME_FAILED
    return EXIT_OK


def cmd_render(args) -> int:
    from .render import render_file

    try:
        out = render_file(args.file, args.output, year=args.year, rules_only=args.rules_only)
    except PolicyParseError as exc:
        print(f"policyparse: error: {exc}", file=sys.stderr)
        return EXIT_SOME_FAILED
    print(f"policyparse: wrote {out}", file=sys.stderr)
    return EXIT_OK


def cmd_train(args) -> int:
    import glob
    import shutil
    from pathlib import Path

    from .train import MODEL_DIR, train

    files = args.data or sorted(glob.glob("fixtures/spans/*.jsonl"))
    if not files:
        print("policyparse: error: no examples: give --data or run from the repository "
              "(fixtures/spans/*.jsonl; scripts/build_span_data.py rebuilds them)", file=sys.stderr)
        return EXIT_USAGE
    missing = [f for f in files if not os.path.exists(f)]
    if missing:
        print(f"policyparse: error: {missing[0]}: no such file", file=sys.stderr)
        return EXIT_USAGE
    out = Path(args.output) if args.output else MODEL_DIR
    path = train([Path(f) for f in files], out, exclude_docs=args.exclude_doc, seed=args.seed, verbose=True)
    shutil.rmtree(path / "tokenizer", ignore_errors=True)  # the package's segmenter is used instead
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    print(f"policyparse: model written to {path} ({size / 1e6:.1f} MB)", file=sys.stderr)
    return EXIT_OK


def main(argv=None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    if args.command == "extract":
        return cmd_extract(args)
    if args.command == "train":
        return cmd_train(args)
    if args.command == "render":
        return cmd_render(args)
    if args.command == "demo":
        args = parser.parse_args(["extract", example_path(), "--format", args.format, "--quiet"])
        return cmd_extract(args)
    parser.error(f"unknown command {args.command}")
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
