"""newsitem benchmark: generate a corpus (fixed seed), time newsitem against baselines measured
in the same run, and print a table of medians and ratios (also written to bench/results.md).

Run with ``make bench`` (or ``python bench/run.py --help``). Figures are medians of several
repeats; ratios against a baseline run in the same script make them comparable across noisy
machines. Nothing here is a pass/fail test: the closing notes of the performance issue compare
the figures with the targets.
"""

from __future__ import annotations

import argparse
import filecmp
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from corpus import write_corpus  # noqa: E402

PY = sys.executable
BIN = Path(PY).parent


@dataclass
class Row:
    name: str
    seconds: float
    items: int | None = None
    rss_mb: float | None = None
    baseline: str | None = None
    note: str = ""
    #: median CPU seconds (user + system; of the child processes for a command)
    cpu: float | None = None


def median_time(fn: Callable[[], object], repeats: int) -> tuple[float, float]:
    """Median wall seconds and median CPU seconds (this process) of a function."""
    times, cpus = [], []
    for _ in range(repeats):
        start, cpu = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)
    return statistics.median(times), statistics.median(cpus)


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


TIME = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)


def run_cmd(
    args: Sequence[str], repeats: int, *, ok: tuple[int, ...] = (0, 1)
) -> tuple[float, float, float]:
    """Median wall time, the largest peak RSS (MB) and the median CPU time (user + system of
    the command and its children, from ``getrusage``) of a command.

    Peak memory comes from GNU time when it is there: a child forked from this (large) process
    would otherwise report this process's size as its own peak.
    """
    times, peaks, cpus = [], [], []
    for _ in range(repeats):
        with tempfile.TemporaryDirectory() as tmp:
            err_path, rss_path = Path(tmp) / "err", Path(tmp) / "rss"
            command = list(args)
            if TIME:
                command = [TIME, "-f", "%M", "-o", str(rss_path), *command]
            start, cpu = time.perf_counter(), _children_cpu()
            # stderr goes to a file: a pipe nobody reads fills up and blocks chatty tools.
            with err_path.open("wb") as err_file:
                proc = subprocess.run(
                    command, stdout=subprocess.DEVNULL, stderr=err_file, check=False
                )
            times.append(time.perf_counter() - start)
            cpus.append(_children_cpu() - cpu)
            if proc.returncode not in ok:
                err = err_path.read_text(errors="replace")
                raise SystemExit(
                    f"command failed ({proc.returncode}): {' '.join(args[:6])}...\n{err[-2000:]}"
                )
            if TIME and rss_path.exists():
                peaks.append(int(rss_path.read_text().split()[-1]) / 1024)
    peak = max(peaks) if peaks else float("nan")
    return statistics.median(times), peak, statistics.median(cpus)


def ensure_check_jsonschema(install: bool) -> str | None:
    exe = BIN / "check-jsonschema"
    if exe.exists():
        return str(exe)
    if not install:
        return None
    subprocess.run([PY, "-m", "pip", "install", "--quiet", "check-jsonschema"], check=False)
    return str(exe) if exe.exists() else None


def ensure_xmllint(install: bool) -> str | None:
    found = shutil.which("xmllint")
    if found or not install:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "update", "-qq"], check=False, capture_output=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "libxml2-utils"], check=False, capture_output=True
        )
    return shutil.which("xmllint")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--items", type=int, default=100_000, help="items in the feeds")
    parser.add_argument("--files", type=int, default=2000, help="single-item JSON and XML files")
    parser.add_argument("--pages", type=int, default=1000, help="raw text pages")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=HERE / "corpus")
    parser.add_argument("--results", type=Path, default=HERE / "results.md")
    parser.add_argument("--out", type=Path, default=HERE / "out", help="scratch folder (emptied)")
    parser.add_argument("--no-install", action="store_true", help="do not install baselines")
    args = parser.parse_args()

    import orjson

    import newsitem
    from newsitem.codecs import json_codec

    # The CLI is timed as installed: pip compiles an installed package's bytecode, but an
    # editable install under PYTHONDONTWRITEBYTECODE would compile every module at each start.
    subprocess.run(
        [PY, "-m", "compileall", "-q", str(Path(newsitem.__file__).parent)],
        stdout=subprocess.DEVNULL,
        check=False,
    )
    sys.stderr.write(f"generating corpus in {args.corpus} ...\n")
    paths = write_corpus(args.corpus, feed_items=args.items, files=args.files, pages=args.pages)
    out = args.out
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir()
    cli = [str(BIN / "newsitem")]
    rows: list[Row] = []
    r = args.repeats

    def floor() -> None:
        with paths["jsonl"].open("rb") as handle:
            for line in handle:
                orjson.loads(line)

    def library() -> None:
        with paths["jsonl"].open("rb") as handle:
            for number, line in enumerate(handle, start=1):
                if json_codec.issues(line, first_line=number):
                    raise SystemExit(f"unexpected issue on line {number}")

    sys.stderr.write("measuring library ...\n")
    secs, cpu = median_time(floor, r)
    rows.append(Row("orjson parse-only of the JSONL (floor)", secs, args.items, cpu=cpu))
    secs, cpu = median_time(library, r)
    rows.append(Row("library validation of the JSONL", secs, args.items, baseline="floor", cpu=cpu))

    sys.stderr.write("measuring CLI validation ...\n")
    json_files = sorted(str(p) for p in paths["json_dir"].glob("*.json"))
    xml_files = sorted(str(p) for p in paths["xml_dir"].glob("*.xml"))
    for name, target, count in (
        ("CLI validate JSONL", [str(paths["jsonl"])], args.items),
        ("CLI validate XML feed", [str(paths["xml_feed"])], args.items),
        ("CLI validate JSON files", [str(paths["json_dir"])], len(json_files)),
        ("CLI validate XML files", [str(paths["xml_dir"])], len(xml_files)),
    ):
        secs, rss, cpu = run_cmd([*cli, "validate", "-q", *target], r)
        baseline = "floor" if "JSONL" in name else None
        rows.append(Row(name, secs, count, rss, baseline=baseline, cpu=cpu))

    checker = ensure_check_jsonschema(not args.no_install)
    schema = ROOT / "schema" / "1.0" / "newsitem.schema.json"
    if checker:
        secs, rss, cpu = run_cmd([checker, "--schemafile", str(schema), *json_files], r)
        rows.append(Row("check-jsonschema on the JSON files", secs, len(json_files), rss, cpu=cpu))
        one = run_cmd([checker, "--schemafile", str(schema), json_files[0]], r + 8)
        rows.append(Row("check-jsonschema, one file (start-up)", one[0], 1, one[1], cpu=one[2]))
    else:
        rows.append(Row("check-jsonschema on the JSON files", float("nan"), note="not installed"))
    mine_one = run_cmd([*cli, "validate", "-q", json_files[0]], r + 8)
    rows.append(
        Row("newsitem validate, one file (start-up)", mine_one[0], 1, mine_one[1], cpu=mine_one[2])
    )

    xmllint = ensure_xmllint(not args.no_install)
    xsd = ROOT / "schema" / "1.0" / "newsitem.xsd"
    if xmllint:
        secs, rss, cpu = run_cmd([xmllint, "--noout", "--schema", str(xsd), *xml_files], r)
        rows.append(Row("xmllint --schema on the XML files", secs, len(xml_files), rss, cpu=cpu))
    else:
        rows.append(Row("xmllint --schema on the XML files", float("nan"), note="not available"))

    sys.stderr.write("measuring conversions ...\n")
    feed_xml = out / "converted.xml"
    feed_back = out / "back.jsonl"
    for jobs in (1, 2):
        secs, rss, cpu = run_cmd(
            [
                *cli,
                "convert",
                "-q",
                str(paths["jsonl"]),
                "--to",
                "xml-feed",
                "-o",
                str(feed_xml),
                "--force",
                "-j",
                str(jobs),
            ],
            r,
        )
        rows.append(
            Row(f"convert JSONL -> XML feed, --jobs {jobs}", secs, args.items, rss, cpu=cpu)
        )
    secs, rss, cpu = run_cmd(
        [
            *cli,
            "convert",
            "-q",
            str(feed_xml),
            "--to",
            "jsonl",
            "-o",
            str(feed_back),
            "--force",
            "-j",
            "1",
        ],
        r,
    )
    rows.append(Row("convert XML feed -> JSONL, --jobs 1", secs, args.items, rss, cpu=cpu))
    same = filecmp.cmp(feed_back, paths["jsonl"], shallow=False)
    rows[-1].note = "identical to the original" if same else "DIFFERS from the original"
    pages = list(paths["text_dir"].glob("*.txt"))
    if pages:
        secs, rss, cpu = run_cmd(
            [
                *cli,
                "convert",
                "-q",
                str(paths["text_dir"]),
                "--to",
                "json",
                "-o",
                str(out / "pages"),
                "--force",
                "-j",
                "1",
            ],
            r,
        )
        rows.append(Row("convert raw text pages -> JSON, --jobs 1", secs, len(pages), rss, cpu=cpu))

    sys.stderr.write("measuring memory growth ...\n")
    tenth = max(1, args.items // 10)
    small = out / "small.jsonl"
    with paths["jsonl"].open("rb") as src, small.open("wb") as dst:
        for _, line in zip(range(tenth), src, strict=False):
            dst.write(line)
    small_xml = out / "small.xml"
    run_cmd([*cli, "convert", "-q", str(small), "--to", "xml-feed", "-o", str(small_xml)], 1)
    for name, command in (
        ("CLI validate JSONL", [*cli, "validate", "-q", str(small)]),
        ("CLI validate XML feed", [*cli, "validate", "-q", str(small_xml)]),
        (
            "convert JSONL -> XML feed",
            [*cli, "convert", "-q", str(small), "--to", "xml-feed", "-o", str(out / "s.xml")],
        ),
        (
            "convert XML feed -> JSONL",
            [*cli, "convert", "-q", str(small_xml), "--to", "jsonl", "-o", str(out / "s.jsonl")],
        ),
    ):
        _, rss_small, _ = run_cmd([*command, *(["--force"] if "convert" in name else [])], 1)
        rows.append(
            Row(
                f"{name}, a tenth of the items", float("nan"), tenth, rss_small, note="peak MB only"
            )
        )

    table = render(rows, args)
    previous = args.results.read_text(encoding="utf-8") if args.results.exists() else ""
    args.results.write_text(with_history(table, previous, rows), encoding="utf-8")
    print(table)


# The ratios of issue 16's table: (label, slower measurement, baseline measurement, goal).
ISSUE_RATIOS = (
    (
        "CLI validate XML feed / CLI validate JSONL",
        "CLI validate XML feed",
        "CLI validate JSONL",
        2.0,
    ),
    (
        "CLI validate XML files / xmllint --schema",
        "CLI validate XML files",
        "xmllint --schema on the XML files",
        1.5,
    ),
    (
        "convert XML feed -> JSONL / convert JSONL -> XML feed",
        "convert XML feed -> JSONL, --jobs 1",
        "convert JSONL -> XML feed, --jobs 1",
        1.2,
    ),
    (
        "convert JSONL -> XML feed / CLI validate JSONL",
        "convert JSONL -> XML feed, --jobs 1",
        "CLI validate JSONL",
        2.0,
    ),
    (
        "library validation of the JSONL / orjson parse-only",
        "library validation of the JSONL",
        "orjson parse-only of the JSONL (floor)",
        3.0,
    ),
)
HISTORY = "<!-- history: one row per run, newest last -->"
EARLIER = "<!-- earlier runs: full tables, newest first -->"


def ratio_of(rows: list[Row], slow: str, base: str, *, cpu: bool = False) -> float | None:
    """The ratio of two measurements of this run, in wall time (or ``cpu`` time)."""
    by_name = {row.name: row for row in rows}
    if slow in by_name and base in by_name:
        if cpu:
            a, b = by_name[slow].cpu or math.nan, by_name[base].cpu or math.nan
        else:
            a, b = by_name[slow].seconds, by_name[base].seconds
        if not math.isnan(a) and not math.isnan(b) and b > 0:
            return a / b
    return None


def _shown(rows: list[Row], slow: str, base: str) -> str:
    """``wall ratio (CPU ratio)`` of two measurements, "n/a" where not measured."""
    wall, cpu = ratio_of(rows, slow, base), ratio_of(rows, slow, base, cpu=True)
    text = "n/a" if wall is None else f"{wall:.2f}"
    return text if cpu is None else f"{text} (CPU {cpu:.2f})"


def memory_pairs(rows: list[Row]) -> list[tuple[str, float | None, float | None]]:
    """(path, peak MB on the whole corpus, peak MB on a tenth) for each path measured twice."""
    by_name = {row.name: row for row in rows}
    pairs = []
    for row in rows:
        if row.name.endswith(", a tenth of the items"):
            stem = row.name.removesuffix(", a tenth of the items")
            full = by_name.get(stem) or by_name.get(f"{stem}, --jobs 1")
            pairs.append((stem, full.rss_mb if full else None, row.rss_mb))
    return pairs


def git_commit() -> str:
    proc = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    )
    return proc.stdout.strip() or "unknown"


_OWN_SECTIONS = ("## History of issue 16's ratios", "## Earlier runs of bench/run.py")


def _split_sections(text: str) -> tuple[str, dict[str, str], list[str]]:
    """The top part of a results file, its own ``##`` sections by heading, and the sections
    other scripts write (kept as they are, in order)."""
    top: list[str] = []
    own: dict[str, list[str]] = {}
    foreign: list[list[str]] = []
    current = top
    for line in text.splitlines():
        if line.startswith("## "):
            if line.strip() in _OWN_SECTIONS:
                current = own.setdefault(line.strip(), [])
            else:
                current = [line]
                foreign.append(current)
            continue
        current.append(line)
    return (
        "\n".join(top).strip(),
        {k: "\n".join(v).strip() for k, v in own.items()},
        ["\n".join(f).strip() for f in foreign],
    )


def with_history(table: str, previous: str, rows: list[Row]) -> str:
    """The new table, the ratio history with a row for this run, the earlier full tables (the
    previous table first), then the sections other bench scripts wrote, unchanged."""
    top, own, foreign = _split_sections(previous)
    history_rows = [
        line for line in own.get(_OWN_SECTIONS[0], "").splitlines() if line.startswith("| 20")
    ]
    earlier = own.get(_OWN_SECTIONS[1], "").replace(EARLIER, "").strip()
    earlier_prev = top.replace("# newsitem benchmark results", "### Earlier run", 1)
    cells = []
    for _, slow, base, goal in ISSUE_RATIOS:
        value = ratio_of(rows, slow, base)
        cpu = ratio_of(rows, slow, base, cpu=True)
        cell = "n/a" if value is None else f"{value:.2f}{'' if value <= goal else ' ✗'}"
        cells.append(cell if cpu is None else f"{cell} (CPU {cpu:.2f})")
    memory = "; ".join(
        f"{stem}: {full:.0f}/{tenth:.0f}"
        for stem, full, tenth in memory_pairs(rows)
        if full is not None and tenth is not None and "XML" in stem
    )
    stamp = time.strftime("%Y-%m-%d %H:%M", time.gmtime())
    history_rows.append(f"| {stamp} | {git_commit()} | {' | '.join(cells)} | {memory} |")
    goals = " | ".join(f"≤ {goal:g}" for *_, goal in ISSUE_RATIOS)
    labels = " | ".join(label for label, *_ in ISSUE_RATIOS)
    parts = [
        table.rstrip(),
        "",
        _OWN_SECTIONS[0],
        "",
        "Each `make bench` run adds a row (✗: goal missed, in wall time; CPU: the same ratio in "
        "CPU seconds, user + system, which a machine shared with other work disturbs less). "
        "Peak MB: whole corpus / a tenth.",
        "",
        HISTORY,
        f"| run (UTC) | commit | {labels} | XML paths peak MB |",
        "|---|---|" + "---:|" * len(ISSUE_RATIOS) + "---|",
        f"| goal | | {goals} | flat |",
        *history_rows,
        "",
        _OWN_SECTIONS[1],
        "",
        EARLIER,
        "",
        earlier_prev,
        "",
        earlier,
        *(f"\n{section}" for section in foreign),
    ]
    return "\n".join(parts).rstrip() + "\n"


def render(rows: list[Row], args: argparse.Namespace) -> str:
    floor = rows[0].seconds
    by_name = {row.name: row for row in rows}
    lines = [
        "# newsitem benchmark results",
        "",
        f"Corpus: {args.items} feed items (JSONL and XML feed), {args.files} JSON and XML files, "
        f"{args.pages} raw text pages; medians of {args.repeats} runs; "
        f"{os.cpu_count()} cores; Python {sys.version.split()[0]}; "
        f"run {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC at commit {git_commit()}.",
        "",
        "| measurement | median s | CPU s | items | µs/item | items/s | × floor | peak MB | note |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        per = row.seconds / row.items * 1e6 if row.items and row.seconds == row.seconds else None
        rate = row.items / row.seconds if row.items and row.seconds == row.seconds else None
        ratio = row.seconds / floor if row.baseline == "floor" else None
        lines.append(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} |".format(
                row.name,
                "—" if row.seconds != row.seconds else f"{row.seconds:.3f}",
                f"{row.cpu:.3f}" if row.cpu is not None else "",
                row.items if row.items is not None else "",
                f"{per:.1f}" if per is not None else "",
                f"{rate:,.0f}" if rate is not None else "",
                f"{ratio:.2f}" if ratio is not None else "",
                f"{row.rss_mb:.0f}" if row.rss_mb is not None else "",
                row.note,
            )
        )
    lines += ["", "Ratios against the targets (wall time; CPU time in brackets):", ""]

    def ratio(a: str, b: str) -> str:
        return _shown(rows, a, b)

    jobs = ratio_of(
        rows, "convert JSONL -> XML feed, --jobs 1", "convert JSONL -> XML feed, --jobs 2"
    )
    jobs_ratio = "n/a" if jobs is None else f"{jobs:.2f}"

    lines += [
        f"- library validation / orjson floor: {ratio('library validation of the JSONL', 'orjson parse-only of the JSONL (floor)')} (target ≤ 3)",
        f"- check-jsonschema / newsitem on the JSON files: {ratio('check-jsonschema on the JSON files', 'CLI validate JSON files')} (target ≥ 3)",
        f"- newsitem / xmllint on the XML files: {ratio('CLI validate XML files', 'xmllint --schema on the XML files')} (target ≤ 2)",
        f"- --jobs 1 / --jobs 2 on JSONL -> XML feed: {jobs_ratio} (target ≥ 1.5, wall time)",
        f"- newsitem one file / check-jsonschema one file: {ratio('newsitem validate, one file (start-up)', 'check-jsonschema, one file (start-up)')} (target ≤ 0.5)",
    ]
    lines += ["", "Issue 16's ratios (same run; wall time, and CPU time in brackets):", ""]
    for label, slow, base, goal in ISSUE_RATIOS:
        lines.append(f"- {label}: {_shown(rows, slow, base)} (goal ≤ {goal:g})")
    lines += ["", "Peak memory, whole corpus vs a tenth of it (goal: flat):", ""]
    for stem, full, tenth in memory_pairs(rows):
        if full is not None and tenth is not None:
            lines.append(f"- {stem}: {full:.0f} MB vs {tenth:.0f} MB")
    lines.append("")
    conv = by_name.get("convert JSONL -> XML feed, --jobs 1")
    if conv and conv.items:
        lines.append(
            f"- JSONL -> XML feed on one core: {conv.items / conv.seconds:,.0f} items/s (target ≥ 20,000)"
        )
    big = by_name.get("CLI validate JSONL")
    small = by_name.get("CLI validate JSONL, a tenth of the items")
    if big and small and big.rss_mb and small.rss_mb:
        lines.append(
            f"- peak memory validating the JSONL: {big.rss_mb:.0f} MB (a tenth of it: {small.rss_mb:.0f} MB; target < 150 MB, flat)"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
