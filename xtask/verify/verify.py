"""The checks of `cargo xtask verify`: real tools judge what bucketrust generates.

xtask writes target/e2e/scenarios.json (every `examples/*.json` with the CLI's artifacts),
creates the pinned venv and runs this file with it. Nothing here knows a target: every check
works on artifact kinds and languages, so a new target's examples are verified as soon as
they exist.

- Scenarios: every example, plus variants of them in the `aws`, `aws-us-gov` and `aws-cn`
  partitions that no example of the same target and auth covers (the CLI generates them;
  one the CLI rejects is reported as not supported and skipped).
- parliament: every `permission-policy` artifact; a finding above LOW fails unless
  parliament-allowlist.json lists it with a reason.
- AWS CLI against moto: every `aws-cli` artifact runs under `bash -euo pipefail` against a
  moto server on 127.0.0.1 started for the scenario with the scenario's account; then the
  AWS CLI reads back what was created and it is compared with the generated documents;
  then the teardown runs and everything it deletes must be gone. See aws_model_check.py
  for how operations moto lacks are still checked against the service model.
- Vendor interfaces (vendor_check.py): every custom resource of every `kubernetes-manifest`
  artifact, every `kubectl patch` and every `helm --set` key against interfaces/, where a
  field or key the vendor's software lacks fails; core kinds with kubernetes-validate
  (strict).
- shellcheck: every artifact whose language is `bash`, with every severity down to style.

Each check prints what it checked; every failure names the scenario, the artifact id and
the tool's own message, and any failure makes the exit status 1.
"""

import argparse
import fnmatch
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The vendors' interfaces, written by `cargo xtask codegen-vendor`.
INTERFACES = HERE.parent.parent / "interfaces"

sys.path.insert(0, str(HERE))
import vendor_check  # noqa: E402

# The partitions every target and auth is generated in, with a region of each and the DNS
# suffix that EKS OIDC issuers of the partition use.
PARTITIONS = {
    "aws": ("us-west-2", "amazonaws.com"),
    "aws-us-gov": ("us-gov-west-1", "amazonaws.com"),
    "aws-cn": ("cn-north-1", "amazonaws.com.cn"),
}

# The account moto uses when a setup names none (static keys create the user in whatever
# account the credentials belong to).
MOTO_DEFAULT_ACCOUNT = "123456789012"

# A proxy on a port nothing listens on: any HTTP request that is not for 127.0.0.1 (which
# NO_PROXY exempts) goes there and fails, so no script can reach real AWS by accident.
DEAD_PROXY = "http://127.0.0.1:9"

SEVERITIES = ["MUTE", "INFO", "LOW", "MEDIUM", "HIGH", "CRITICAL"]


class Report:
    """Collects the failures of every check and the one summary line each check prints."""

    def __init__(self):
        self.failures = []
        self.summaries = []

    def fail(self, check, scenario, artifact, message):
        self.failures.append((check, scenario, artifact, message))
        print(f"FAIL {check}: {scenario} [{artifact}]: {message}", flush=True)

    def summary(self, line):
        self.summaries.append(line)
        print(line, flush=True)


# ---------------------------------------------------------------------------------------
# Scenarios


def partition_of(scenario):
    """The scenario's partition as the core infers it from the setup: `cargo xtask test`
    records it with every example, and the variants carry the one they were moved to."""
    return scenario["partition"]


def in_partition(scenario, partition):
    """The scenario's setup moved to another partition: its region, every ARN and the EKS
    OIDC issuer."""
    setup = scenario["setup"]
    old_region = setup.get("region", "")
    old_suffix = scenario["dnsSuffix"]
    region, suffix = PARTITIONS[partition]
    moved = {}
    for key, value in setup.items():
        if value.startswith("arn:"):
            parts = value.split(":", 5)
            if len(parts) == 6:
                parts[1] = partition
                if parts[3]:
                    parts[3] = region
                value = ":".join(parts)
        moved[key] = value.replace(f"oidc.eks.{old_region}.{old_suffix}", f"oidc.eks.{region}.{suffix}")
    moved["partition"] = partition
    moved["region"] = region
    return moved


def load_scenarios(path, cli, report):
    """The examples, then partition variants for every target and auth that lacks one."""
    scenarios = json.loads(Path(path).read_text(encoding="utf-8"))
    covered = {}
    for s in scenarios:
        key = (s["setup"].get("target"), s["setup"].get("auth"))
        covered.setdefault(key, {}).setdefault(partition_of(s), s)
    variants = []
    for (target, auth), by_partition in covered.items():
        base = next(iter(by_partition.values()))
        for partition in PARTITIONS:
            if partition in by_partition:
                continue
            setup = in_partition(base, partition)
            name = f"{base['name']}@{partition}"
            out = subprocess.run(
                [cli, "generate", "-", "--format", "json"],
                input=json.dumps(setup),
                capture_output=True,
                text=True,
            )
            if out.returncode == 2:
                print(f"scenarios: {name} skipped, {target}/{auth} is not supported in {partition}: {out.stderr.strip()}")
                continue
            if out.returncode != 0:
                report.fail("scenarios", name, "-", f"the CLI failed ({out.returncode}): {out.stderr.strip()}")
                continue
            variants.append(
                {
                    "name": name,
                    "setup": setup,
                    "partition": partition,
                    "dnsSuffix": PARTITIONS[partition][1],
                    "artifacts": json.loads(out.stdout)["artifacts"],
                }
            )
    everything = scenarios + variants
    pairs = sorted({(s["setup"].get("target"), s["setup"].get("auth"), partition_of(s)) for s in everything})
    print(
        f"scenarios: {len(scenarios)} examples + {len(variants)} partition variants = {len(everything)}, "
        f"covering {len(pairs)} target/auth/partition combinations"
    )
    return everything


def artifacts_of(scenarios, kind=None, language=None):
    for s in scenarios:
        for a in s["artifacts"]:
            if (kind is None or a["kind"] == kind) and (language is None or a["language"] == language):
                yield s, a


# ---------------------------------------------------------------------------------------
# parliament


def check_parliament(scenarios, report):
    import parliament

    # The community auditors' findings are described in their own configuration, which the
    # parliament command line loads when it runs them; the library does not, so it is loaded
    # here, as the command line does.
    parliament.override_config(Path(parliament.__file__).parent / "community_auditors" / "config_override.yaml")
    allow = json.loads((HERE / "parliament-allowlist.json").read_text(encoding="utf-8"))["exceptions"]
    for entry in allow:
        if not entry.get("reason", "").strip():
            report.fail("parliament", "-", "-", f"allowlist entry without a reason: {entry}")
    used = set()
    checked = 0
    findings = 0
    allowed = 0
    for s, a in artifacts_of(scenarios, kind="permission-policy"):
        checked += 1
        policy = parliament.analyze_policy_string(a["content"], include_community_auditors=True)
        for finding in policy.findings:
            parliament.enhance_finding(finding)
            findings += 1
            if SEVERITIES.index(finding.severity) <= SEVERITIES.index("LOW"):
                continue
            match = next(
                (
                    i
                    for i, e in enumerate(allow)
                    if e.get("issue") == finding.issue
                    and fnmatch.fnmatch(s["name"], e.get("scenario", "*"))
                    and fnmatch.fnmatch(a["id"], e.get("artifact", "*"))
                ),
                None,
            )
            if match is not None:
                used.add(match)
                allowed += 1
                continue
            report.fail(
                "parliament",
                s["name"],
                a["id"],
                f"{finding.severity} {finding.issue}: {finding.title} {finding.detail} at {finding.location}",
            )
    for i, entry in enumerate(allow):
        if i not in used:
            report.fail("parliament", "-", "-", f"allowlist entry matches no finding any more, remove it: {entry}")
    report.summary(
        f"parliament: {checked} permission policies, {findings} findings in all, "
        f"{allowed} above LOW allowed by parliament-allowlist.json ({len(allow)} entries)"
    )


# ---------------------------------------------------------------------------------------
# Kubernetes manifests


def check_manifests(scenarios, interfaces, report):
    """Every manifest document: a vendor kind against the vendor's interface, strictly; a
    core kind with kubernetes-validate, strictly. Then every `kubectl patch` and every
    `helm --set` key of the scripts against the vendor's interface. One line per scenario
    says how many vendor objects, patches and chart keys it checked."""
    import kubernetes_validate
    import yaml

    version = kubernetes_validate.latest_version()
    for missed in vendor_check.self_test(interfaces):
        report.fail("vendor interfaces", "-", "-", f"the checks let through {missed}")
    totals = {"objects": 0, "patches": 0, "keys": 0, "core": 0}
    for s in scenarios:
        counts = {"objects": 0, "patches": 0, "keys": 0, "core": 0}
        for a in s["artifacts"]:
            if a["kind"] == "kubernetes-manifest":
                try:
                    docs = [d for d in yaml.safe_load_all(a["content"]) if d is not None]
                except yaml.YAMLError as e:
                    report.fail("manifests", s["name"], a["id"], f"not YAML: {e}")
                    continue
                if not docs:
                    report.fail("manifests", s["name"], a["id"], "no YAML document")
                for doc in docs:
                    if not isinstance(doc, dict):
                        report.fail("manifests", s["name"], a["id"], "a document is not a mapping")
                        continue
                    errors = vendor_check.check_object(interfaces, doc)
                    if errors is not None:
                        counts["objects"] += 1
                        for e in errors:
                            report.fail("manifests", s["name"], a["id"], f"{doc.get('kind')} {e}")
                        continue
                    counts["core"] += 1
                    try:
                        kubernetes_validate.validate(doc, version, strict=True)
                    except kubernetes_validate.SchemaNotFoundError as e:
                        report.fail(
                            "manifests",
                            s["name"],
                            a["id"],
                            f"neither interfaces/ nor kubernetes-validate knows {doc.get('apiVersion')} "
                            f"{doc.get('kind')} ({e}): run cargo xtask codegen-vendor with the vendor's CRD",
                        )
                    except kubernetes_validate.ValidationError as e:
                        report.fail("manifests", s["name"], a["id"], f"{doc.get('kind')}: {e.message}")
            elif a["language"] == "bash":
                for words in vendor_check.commands(a["content"]):
                    patch = vendor_check.check_patch(interfaces, words)
                    if patch is not None:
                        counts["patches"] += 1
                        for e in patch[1]:
                            report.fail("patches", s["name"], a["id"], e)
                    helm = vendor_check.check_helm(interfaces, words)
                    if helm is not None:
                        counts["keys"] += helm[1]
                        for e in helm[2]:
                            report.fail("chart keys", s["name"], a["id"], e)
        for key in totals:
            totals[key] += counts[key]
        print(
            f"  vendor interfaces: {s['name']}: {counts['objects']} vendor objects, {counts['patches']} patches, "
            f"{counts['keys']} chart keys; {counts['core']} core objects"
        )
    report.summary(
        f"vendor interfaces: {totals['objects']} vendor objects, {totals['patches']} merge or JSON patches and "
        f"{totals['keys']} helm --set keys checked against interfaces/ (unknown fields fail); "
        f"{totals['core']} documents of core kinds with kubernetes-validate {version} (strict)"
    )


# ---------------------------------------------------------------------------------------
# shellcheck


def check_shellcheck(scenarios, work, report):
    root = work / "shellcheck"
    shutil.rmtree(root, ignore_errors=True)
    files = {}
    for s, a in artifacts_of(scenarios, language="bash"):
        rel = Path("shellcheck") / s["name"] / f"{a['id']}.sh"
        (work / rel).parent.mkdir(parents=True, exist_ok=True)
        (work / rel).write_text(a["content"], encoding="utf-8")
        files[str(rel)] = (s["name"], a["id"])
    if not files:
        report.summary("shellcheck: no shell artifacts")
        return
    shellcheck = shutil.which("shellcheck")
    if shellcheck is None:
        report.fail("shellcheck", "-", "-", "shellcheck is not on PATH (apt-get install shellcheck)")
        return
    version = subprocess.run([shellcheck, "--version"], capture_output=True, text=True).stdout.split()
    version = version[version.index("version:") + 1] if "version:" in version else "?"
    out = subprocess.run(
        [shellcheck, "--shell=bash", "--severity=style", "--format=gcc", *files],
        cwd=work,
        capture_output=True,
        text=True,
    )
    messages = 0
    for line in out.stdout.splitlines():
        path, _, rest = line.partition(":")
        scenario, artifact = files.get(path, ("-", path))
        report.fail("shellcheck", scenario, artifact, rest)
        messages += 1
    if out.returncode not in (0, 1) or (out.returncode == 1 and messages == 0):
        report.fail("shellcheck", "-", "-", f"shellcheck failed ({out.returncode}): {out.stderr.strip()}")
    report.summary(f"shellcheck {version}: {len(files)} bash artifacts, {messages} messages at severity style or above")


# ---------------------------------------------------------------------------------------
# AWS CLI against moto


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Moto:
    """moto's server on 127.0.0.1, for one scenario: moto takes the account from
    MOTO_ACCOUNT_ID in the server's environment, so each scenario gets a server of its own
    with the account its ARNs name (and a clean state)."""

    def __init__(self, python, account, log_path):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, MOTO_ACCOUNT_ID=account, HTTP_PROXY=DEAD_PROXY, HTTPS_PROXY=DEAD_PROXY)
        self.log = open(log_path, "w", encoding="utf-8")
        self.proc = subprocess.Popen(
            [python, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        # urllib would honour the proxy variables; the readiness probe goes straight to moto.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        deadline = time.monotonic() + 60
        while True:
            try:
                with opener.open(f"{self.endpoint}/moto-api/", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.close()
                raise RuntimeError(f"moto's server did not start; see {log_path}")
            time.sleep(0.1)

    def close(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


FAKE_KUBECTL = r"""#!/usr/bin/env bash
# Stands in for a cluster tool: records its arguments and checks that every file it is given
# with --from-file or --set-file exists and is readable by its owner alone.
printf '%s\n' "$(basename "$0") $*" >> "$BUCKETRUST_FAKE_LOG"
want=
for arg in "$@"; do
  if [ -n "$want" ]; then
    file="${arg#*=}"
    if [ ! -f "$file" ]; then echo "$(basename "$0"): no file $file" >&2; exit 3; fi
    mode=$(stat -c %a "$file")
    case "$mode" in 600|400) ;; *) echo "$(basename "$0"): $file has mode $mode" >&2; exit 4;; esac
    want=
  fi
  case "$arg" in --from-file|--set-file) want=1;; esac
done
"""


def fake_cluster_tools(wdir):
    """A directory of fake kubectl, helm and eksctl for blocks that also touch the cluster."""
    fakes = wdir / "fake-bin"
    fakes.mkdir()
    for tool in ("kubectl", "helm", "eksctl"):
        path = fakes / tool
        path.write_text(FAKE_KUBECTL, encoding="utf-8")
        path.chmod(0o755)
    return fakes


def aws_env(venv_bin, endpoint, work, mode, log, profiles=()):
    config = work / "aws-config"
    # Scripts that work in two accounts name an AWS CLI profile for each; the profiles exist
    # here only so that the AWS CLI accepts their names (such scripts run in model mode).
    sections = "".join(f"[profile {p}]\n" for p in sorted(profiles))
    config.write_text(f"[plugins]\nbucketrust_model_check = aws_model_check\n{sections}", encoding="utf-8")
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("AWS_") and k not in ("HTTP_PROXY", "HTTPS_PROXY")
    }
    env.update(
        {
            "PATH": f"{venv_bin}{os.pathsep}{os.environ.get('PATH', '')}",
            "PYTHONPATH": str(HERE),
            "HOME": str(work),
            "AWS_CONFIG_FILE": str(config),
            "AWS_SHARED_CREDENTIALS_FILE": str(work / "no-credentials"),
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_PAGER": "",
            "HTTP_PROXY": DEAD_PROXY,
            "HTTPS_PROXY": DEAD_PROXY,
            "NO_PROXY": "127.0.0.1",
            "BUCKETRUST_AWS_MODE": mode,
            "BUCKETRUST_AWS_LOG": str(log),
            "BUCKETRUST_FAKE_LOG": str(work / "cluster-tools.log"),
            "BUCKETRUST_MOTO_COVERAGE": str(work.parent / "moto-coverage.json"),
        }
    )
    return env


def canonical(doc):
    """A policy document for comparison: parsed JSON, whatever its spelling."""
    return json.dumps(json.loads(doc) if isinstance(doc, str) else doc, sort_keys=True)


# IAM ARNs that the artifacts name: every one must exist in moto once the scripts ran.
IAM_ARN = re.compile(r"arn:[a-z-]+:iam::\d{12}:(?:role|policy|oidc-provider)/[A-Za-z0-9+=,.@_/-]+")


# A policy ARN an artifact attaches; one whose name no script creates is a prerequisite the
# vendor documents elsewhere (Palette's own policies, for one).
POLICY_ARN = re.compile(r"arn:[a-z-]+:iam::(\d{12}):policy/([A-Za-z0-9+=,.@_/-]+)")
CREATED_POLICY = re.compile(r"create-policy[^\n]*(?:\\\n[^\n]*)*?--policy-name ([A-Za-z0-9+=,.@_-]+)")
# `--profile "$name"` and the assignment `name=value` that gives the profile's name.
PROFILE_USE = re.compile(r'--profile "\$(\w+)"')


def profiles_of(script):
    """The AWS CLI profile names a script selects with `--profile "$var"`."""
    names = set()
    for var in set(PROFILE_USE.findall(script)):
        m = re.search(rf"(?m)^{var}=([A-Za-z0-9._-]+)$", script)
        if m:
            names.add(m.group(1))
    return names


def account_of(scripts, setup):
    """The account the scripts create things in: the one most of their IAM ARNs name. moto
    serves one account, so it must be this one; the setup's fields only break ties."""
    counts = {}
    for a in scripts:
        for arn in IAM_ARN.findall(a["content"]):
            account = arn.split(":")[4]
            counts[account] = counts.get(account, 0) + 1
    if counts:
        return max(sorted(counts), key=lambda acct: counts[acct])
    return setup.get("clusterAccountId") or setup.get("bucketAccountId") or MOTO_DEFAULT_ACCOUNT


def prerequisite_policies(scripts):
    """Managed policies the scripts attach but do not create, as (ARN, name) pairs."""
    created = {name for a in scripts for name in CREATED_POLICY.findall(a["content"])}
    found = {}
    for a in scripts:
        for m in POLICY_ARN.finditer(a["content"]):
            name = m.group(2).rsplit("/", 1)[-1]
            if name not in created:
                found[m.group(0)] = name
    return sorted(found.items())


# What stands in for a prerequisite policy: its content is the vendor's, not ours, so only
# its existence matters to the scripts.
PLACEHOLDER_POLICY = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*"}]}
)


def run_moto_scenario(s, python, venv_bin, work):
    """Runs one scenario's aws-cli artifacts against a fresh moto; returns (lines, failures, calls)."""
    name = s["name"]
    lines = []
    failures = []
    calls = []
    fail = lambda artifact, message: failures.append(("aws-cli/moto", name, artifact, message))  # noqa: E731
    # The aws-cli scripts, and any other block that creates an access key (it stores the key
    # in a Kubernetes secret in the same block, so that no file outlives it).
    scripts = [
        a
        for a in s["artifacts"]
        if a["kind"] == "aws-cli" or (a["language"] == "bash" and "iam create-access-key" in a["content"])
    ]
    if not scripts:
        return lines, failures, calls
    wdir = work / "moto" / re.sub(r"[^A-Za-z0-9@._-]", "_", name)
    shutil.rmtree(wdir, ignore_errors=True)
    wdir.mkdir(parents=True)
    fakes = fake_cluster_tools(wdir)
    tmp = wdir / "tmp"
    tmp.mkdir()
    setup = s["setup"]
    account = account_of(scripts, setup)
    region = setup.get("region", "us-east-1")
    log = wdir / "aws-calls.log"
    profiles = set().union(*(profiles_of(a["content"]) for a in scripts))
    moto = Moto(python, account, wdir / "moto-server.log")
    try:

        def run(a, mode):
            path = wdir / f"{a['id']}.sh"
            path.write_text(a["content"], encoding="utf-8")
            env = aws_env(venv_bin, moto.endpoint, wdir, mode, log, profiles)
            env["PATH"] = f"{fakes}{os.pathsep}{env['PATH']}"
            env["TMPDIR"] = str(tmp)
            out = subprocess.run(
                ["bash", "-euo", "pipefail", path.name],
                cwd=wdir,
                env=env,
                capture_output=True,
                text=True,
                timeout=300,
            )
            left = sorted(str(p.relative_to(wdir)) for p in tmp.rglob("*"))
            if left:
                fail(a["id"], f"left {', '.join(left)} behind in the temporary directory")
            if out.returncode != 0:
                fail(a["id"], f"exit {out.returncode}: {(out.stderr or out.stdout).strip()}")
                return False
            return True

        def readback():
            out = subprocess.run(
                [python, str(HERE / "aws_readback.py"), region],
                env=aws_env(venv_bin, moto.endpoint, wdir, "moto", log),
                capture_output=True,
                text=True,
            )
            if out.returncode != 0:
                fail("read-back", out.stderr.strip())
                return None
            return json.loads(out.stdout)

        # Look-ups read infrastructure that exists before the setup (the account, the EKS
        # cluster and its issuer), which moto cannot hold: they are checked against the
        # service model only. Teardowns run last, after the read-back.
        lookups = [a for a in scripts if a["id"] == "find-inputs"]
        teardowns = [a for a in scripts if a["id"].startswith("teardown")]
        creating = [a for a in scripts if a not in lookups and a not in teardowns]
        if profiles:
            # A setup across two accounts switches between AWS CLI profiles, one per account;
            # moto serves one account per server and the AWS CLI's global endpoint override
            # cannot differ per profile, so these scripts are checked against the service
            # model only, every command line included.
            for a in scripts:
                run(a, "model")
            lines.append(
                f"  {name}: two accounts (profiles {', '.join(sorted(profiles))}); model only: "
                f"{', '.join(a['id'] for a in scripts)}"
            )
            return lines, failures, calls
        for a in lookups:
            run(a, "model")
        prerequisites = prerequisite_policies(creating)
        lines.append(
            f"  {name}: account {account}, {region}; model only: {', '.join(a['id'] for a in lookups) or '-'}; "
            f"against moto: {', '.join(a['id'] for a in creating + teardowns)}"
            + (f"; prerequisites created first: {', '.join(n for _, n in prerequisites)}" if prerequisites else "")
        )
        for arn, policy_name in prerequisites:
            if arn.split(":")[4] != account:
                fail("aws-cli", f"attaches {arn}, a policy of another account than the one it works in ({account})")
                continue
            out = subprocess.run(
                [
                    "aws",
                    "iam",
                    "create-policy",
                    "--region",
                    region,
                    "--policy-name",
                    policy_name,
                    "--policy-document",
                    PLACEHOLDER_POLICY,
                ],
                env=aws_env(venv_bin, moto.endpoint, wdir, "moto", log, profiles),
                capture_output=True,
                text=True,
            )
            if out.returncode != 0:
                fail("aws-cli", f"could not create the prerequisite policy {policy_name}: {out.stderr.strip()}")
                return lines, failures, calls
        if not all(run(a, "moto") for a in creating):
            return lines, failures, calls
        state = readback()
        if state is None:
            return lines, failures, calls
        prerequisite_arns = {arn for arn, _ in prerequisites}
        for arn in prerequisite_arns:
            state["policies"].pop(arn, None)
        compare_state(s, state, wdir, fail, lines, account, prerequisite_arns)
        if not all(run(a, "moto") for a in teardowns):
            return lines, failures, calls
        after = readback()
        if after is not None:
            for arn in prerequisite_arns:
                after["policies"].pop(arn, None)
        if after is not None and teardowns:
            for what, left in (("role", after["roles"]), ("user", after["users"]), ("managed policy", after["policies"])):
                for item in left:
                    fail(teardowns[-1]["id"], f"the {what} {item} still exists after the teardown")
            lines.append(
                f"  {name}: teardown left {len(after['roles'])} roles, {len(after['users'])} users, "
                f"{len(after['policies'])} managed policies (kept on purpose: {len(after['oidc_providers'])} OIDC "
                f"providers, {len(after['buckets'])} buckets)"
            )
    finally:
        moto.close()
        if log.exists():
            calls = log.read_text(encoding="utf-8").splitlines()
    return lines, failures, calls


def compare_state(s, state, wdir, fail, lines, account, prerequisites=frozenset()):
    """What moto holds must be exactly what the artifacts describe."""
    by_kind = {}
    for a in s["artifacts"]:
        by_kind.setdefault(a["kind"], []).append(a)
    trusts = {canonical(a["content"]): a["id"] for a in by_kind.get("trust-policy", [])}
    # A hardened alternative is offered for the user to choose instead; the scripts create the
    # documented policy, so only that one must be in moto.
    permissions = {
        canonical(a["content"]): a["id"]
        for a in by_kind.get("permission-policy", [])
        if not a.get("replaces")
    }

    found_trusts = {}
    for role, r in state["roles"].items():
        doc = canonical(r["trust"])
        found_trusts[doc] = role
        if doc not in trusts:
            fail("trust-policy", f"role {role} trusts {doc}, which no trust-policy artifact says")
    for doc, artifact in trusts.items():
        if doc not in found_trusts:
            fail(artifact, "no role created by the scripts has this trust policy")

    found_permissions = {}
    for arn, doc in state["policies"].items():
        found_permissions.setdefault(canonical(doc), []).append(f"managed policy {arn}")
    for kind, items in (("role", state["roles"]), ("user", state["users"])):
        for owner, item in items.items():
            for policy, doc in item["inline"].items():
                found_permissions.setdefault(canonical(doc), []).append(f"inline policy {policy} of {kind} {owner}")
    for doc, where in found_permissions.items():
        if doc not in permissions:
            fail("permission-policy", f"{', '.join(where)} is {doc}, which no permission-policy artifact says")
    for doc, artifact in permissions.items():
        if doc not in found_permissions:
            fail(artifact, "no policy created by the scripts has this document")

    attached = {arn for items in (state["roles"], state["users"]) for item in items.values() for arn in item["attached"]}
    for arn in prerequisites:
        if arn not in attached:
            fail("aws-cli", f"the prerequisite policy {arn} is attached to nothing")
    for arn in state["policies"]:
        if arn not in attached:
            fail("permission-policy", f"managed policy {arn} is attached to nothing")

    # Every IAM ARN any artifact names (trust principals, annotations, chart values, policy
    # attachments) must be one that moto built for what the scripts created: this catches a
    # wrong partition or account in an ARN.
    known = set(state["policies"]) | set(state["oidc_providers"]) | set(prerequisites)
    known |= {r["arn"] for r in state["roles"].values()}
    named = 0
    elsewhere = set()
    for a in s["artifacts"]:
        for arn in sorted(set(IAM_ARN.findall(a["content"]))):
            # A role of another account (the cluster's, trusted by a bucket account's role)
            # exists before the setup and outside the one account moto serves.
            # So does an ARN the user typed into the setup (a permission boundary, say).
            if arn.split(":")[4] != account or arn in s["setup"].values():
                elsewhere.add(arn)
                continue
            named += 1
            if arn not in known:
                fail(a["id"], f"names {arn}, which the scripts did not create (moto has: {', '.join(sorted(known))})")

    region = s["setup"].get("region")
    for bucket, location in state["buckets"].items():
        if bucket != s["setup"].get("bucket"):
            fail("aws-cli", f"created the bucket {bucket}, not the setup's")
        elif location != region:
            fail("aws-cli", f"created the bucket {bucket} in {location}, not in {region}")

    keys = 0
    # No secret key may stay on disk once the blocks have run: it goes into a secret, or is
    # printed for the user to type into a console.
    for path in wdir.rglob("*"):
        if path.is_file() and path.suffix not in (".log", ".sh") and "SecretAccessKey" in path.read_text(errors="replace"):
            fail("aws-cli", f"{path.relative_to(wdir)} still holds a secret key")
    for user, u in state["users"].items():
        keys += len(u["access_keys"])
        if len(u["access_keys"]) != 1:
            fail("aws-cli", f"user {user} has {len(u['access_keys'])} access keys, not 1")
    lines.append(
        f"  {s['name']}: read back {len(state['roles'])} roles, {len(state['users'])} users, {keys} access keys, "
        f"{len(state['policies'])} managed and "
        f"{sum(len(i['inline']) for g in (state['roles'], state['users']) for i in g.values())} inline policies, "
        f"{len(state['oidc_providers'])} OIDC providers, {len(state['buckets'])} buckets; "
        f"{len(trusts)} trust and {len(permissions)} permission documents equal; {named} IAM ARNs exist"
        + (f" ({len(elsewhere)} of other accounts or typed by the user, not checked: {', '.join(sorted(elsewhere))})" if elsewhere else "")
    )


def check_moto(scenarios, venv, work, jobs, report):
    python = str(venv / "bin" / "python")
    venv_bin = str(venv / "bin")
    (work / "moto").mkdir(parents=True, exist_ok=True)
    # The plugin's cache of what moto implements lives for one run, so a new moto pin is
    # never judged by an old answer.
    (work / "moto" / "moto-coverage.json").unlink(missing_ok=True)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(lambda s: run_moto_scenario(s, python, venv_bin, work), scenarios))
    calls = []
    for lines, failures, scenario_calls in results:
        for line in lines:
            print(line)
        for failure in failures:
            report.fail(*failure)
        calls += scenario_calls
    sent = [c for c in calls if c.startswith("sent ")]
    model = sorted({c.split(" ", 1)[1] for c in calls if c.startswith("model ")})
    scripts = sum(1 for _ in artifacts_of(scenarios, kind="aws-cli"))
    report.summary(
        f"aws-cli/moto: {scripts} aws-cli artifacts in {len(scenarios)} scenarios, {len(calls)} AWS CLI calls: "
        f"{len(sent)} sent to moto, {len(calls) - len(sent)} checked against the service model only "
        f"({', '.join(model) or 'none'}) in {time.monotonic() - started:.0f}s"
    )


# ---------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenarios", required=True)
    parser.add_argument("--cli", required=True)
    parser.add_argument("--venv", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    report = Report()
    scenarios = load_scenarios(args.scenarios, args.cli, report)
    check_parliament(scenarios, report)
    check_manifests(scenarios, vendor_check.Interfaces(INTERFACES), report)
    check_shellcheck(scenarios, work, report)
    check_moto(scenarios, Path(args.venv).resolve(), work, args.jobs, report)
    print("\nverify summary:")
    for line in report.summaries:
        print(f"  {line}")
    if report.failures:
        print(f"verify: {len(report.failures)} failures")
        return 1
    print("verify: every check passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
