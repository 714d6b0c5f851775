"""Parliament's time per policy on the corpus that `cargo xtask bench` has criterion time.

    python parliament_bench.py --corpus target/bench/corpus.json --out target/bench/parliament.json

Parliament runs in this process, from the verify venv, as a library: `analyze_policy_string`
on each document, then `enhance_finding` on each finding, which is what its command line does
for every policy it prints (the title, the description and the severity come from there), so
both linters end with findings a user can read. Nothing is started per policy: no process, no
file read, no interpreter start-up is timed.

Parliament runs with the auditors its command line runs without options. With the community
auditors (`--include-community-auditors`, as `cargo xtask verify` runs it) it takes seconds per
policy on this corpus, so that mode is left out: the ratio is taken against Parliament's
fastest configuration and is not flattered.

An untimed warm-up over the first documents (imports and caches), then timed passes over the
whole corpus until at least `--min-passes` passes and `--min-seconds` seconds have gone by; the
figure is the median pass, wall-clock time as criterion measures. A document Parliament raises
an exception on still counts, with its time, and is reported.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path


WARM_UP_DOCUMENTS = 100


def one_pass(parliament, docs):
    """Analyses every document once; returns the seconds per group and the findings."""
    per_group = {}
    findings = 0
    errors = []
    clock = time.perf_counter
    for doc in docs:
        started = clock()
        try:
            policy = parliament.analyze_policy_string(doc["text"])
            for finding in policy.findings:
                parliament.enhance_finding(finding)
            findings += len(policy.findings)
        except Exception as err:  # noqa: BLE001 - a policy Parliament cannot read still counts
            errors.append(f"{doc['name']}: {type(err).__name__}: {err}")
        per_group[doc["group"]] = per_group.get(doc["group"], 0.0) + clock() - started
    return per_group, findings, errors


def measure(parliament, docs, min_passes, min_seconds):
    one_pass(parliament, docs[:WARM_UP_DOCUMENTS])
    passes = []
    started = time.perf_counter()
    while len(passes) < min_passes or time.perf_counter() - started < min_seconds:
        passes.append(one_pass(parliament, docs))
    counts = {}
    for doc in docs:
        counts[doc["group"]] = counts.get(doc["group"], 0) + 1
    groups = {}
    for group, count in sorted(counts.items()):
        seconds = statistics.median(p[0].get(group, 0.0) for p in passes)
        groups[group] = {"count": count, "us_per_policy": seconds / count * 1e6}
    total = statistics.median(sum(p[0].values()) for p in passes)
    groups["all"] = {"count": len(docs), "us_per_policy": total / len(docs) * 1e6}
    _, findings, errors = passes[-1]
    return {
        "passes": len(passes),
        "groups": groups,
        "findings": findings,
        "errors": len(errors),
        "error_examples": errors[:5],
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", required=True, type=Path)
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--min-passes", type=int, default=1)
    parser.add_argument("--min-seconds", type=float, default=0.0)
    args = parser.parse_args()

    import parliament

    docs = json.loads(args.corpus.read_text(encoding="utf-8"))
    result = {"parliament": getattr(parliament, "__version__", "unknown"), "python": sys.version.split()[0]}
    result["default"] = measure(parliament, docs, args.min_passes, args.min_seconds)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    r = result["default"]
    print(
        f"parliament {result['parliament']}: {r['groups']['all']['us_per_policy']:.0f} µs per policy "
        f"over {r['groups']['all']['count']} documents, median of {r['passes']} passes; "
        f"{r['findings']} findings, {r['errors']} documents raised"
    )


if __name__ == "__main__":
    main()
