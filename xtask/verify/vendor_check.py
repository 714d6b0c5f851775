"""The vendors' interfaces applied to what bucketrust generates: every custom resource in a
manifest, every `kubectl patch --type merge` and every `helm --set` key must be one the
vendor's software accepts, as `interfaces/` (written by `cargo xtask codegen-vendor` from the
vendors' CRDs and chart value lists) describes it.

Strict on purpose: the API server drops a field its schema does not have without a word, and
Helm keeps a value no template reads without a word, which is exactly how a setting gets lost.
So a field the CRD lacks fails here, and so does a chart key the chart does not document (a
key below an `object`-typed value may have sub-keys of its own: annotations, labels).
"""

import json
import shlex
from pathlib import Path

# ObjectMeta as a manifest may set it. The CRDs leave `metadata` to the API server, which
# validates it as ObjectMeta; these are the fields bucketrust may write.
STRING_MAP = {"type": "object", "additionalProperties": {"type": "string"}}
OBJECT_META = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 253},
        "namespace": {"type": "string", "minLength": 1, "maxLength": 63},
        "labels": STRING_MAP,
        "annotations": STRING_MAP,
    },
    "additionalProperties": False,
}


class Interfaces:
    """Every kind and chart of `interfaces/`."""

    def __init__(self, root):
        self.kinds = {}  # (group, version, kind) -> structural schema
        self.resources = {}  # a name kubectl accepts for the kind -> (group, kind, versions)
        self.charts = {}  # chart reference -> {"keys": {path tuple: type}, "file": ...}
        for path in sorted(Path(root).glob("*/*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            rel = f"{path.parent.name}/{path.name}"
            if "chart" in data:
                keys = {tuple(k["path"]): k["type"] for k in data["keys"]}
                self.charts[data["chart"]] = {"keys": keys, "file": rel}
                continue
            group, kind = data["group"], data["kind"]
            for version, schema in data["versions"].items():
                self.kinds[(group, version, kind)] = schema
            names = [kind.lower(), data["plural"], data["singular"], *data.get("shortNames", [])]
            for name in names:
                for spelled in (name, f"{data['plural']}.{group}", f"{name}.{group}"):
                    self.resources[spelled.lower()] = (group, kind, sorted(data["versions"]))

    def has_group(self, group):
        return any(g == group for g, _, _ in self.kinds)


def json_schema(node, patch=False, root=False):
    """A structural schema node as a JSON schema: an object with `properties` admits no other
    field unless it preserves unknown fields; with `patch`, nothing is required and any value
    may be `null` (a merge patch deletes with null)."""
    if not isinstance(node, dict):
        return {}
    out = {}
    kind = node.get("type")
    if node.get("x-kubernetes-int-or-string"):
        out["anyOf"] = [{"type": "integer"}, {"type": "string"}]
    elif kind:
        out["type"] = [kind, "null"] if (patch or node.get("nullable")) else kind
    elif patch:
        pass
    for key in ("enum", "minLength", "maxLength", "minimum", "maximum", "minItems", "maxItems"):
        if key in node:
            out[key] = node[key]
    if "enum" in out and patch:
        out["enum"] = [*out["enum"], None]
    if "required" in node and not patch:
        out["required"] = node["required"]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in node:
            # Kubernetes uses these for value constraints only; a branch never adds fields.
            out.setdefault("allOf", []).append(
                {key: [json_schema({k: v for k, v in b.items() if k != "properties"}, patch) for b in node[key]]}
            )
    properties = node.get("properties")
    if root:
        # Every object has these, whether or not a CRD's schema names them.
        properties = {"apiVersion": {"type": "string"}, "kind": {"type": "string"}, **(properties or {})}
    if properties is not None:
        out["properties"] = {}
        for name, child in properties.items():
            if root and name == "metadata":
                meta = dict(OBJECT_META)
                if not patch:
                    meta["required"] = ["name"]
                out["properties"][name] = meta
            else:
                out["properties"][name] = json_schema(child, patch)
    if "items" in node:
        out["items"] = json_schema(node["items"], patch)
    additional = node.get("additionalProperties")
    if isinstance(additional, dict):
        out["additionalProperties"] = json_schema(additional, patch)
    elif node.get("x-kubernetes-preserve-unknown-fields") or node.get("x-kubernetes-embedded-resource"):
        pass
    elif kind == "object" or properties is not None:
        # The API server prunes every field a structural schema does not name.
        out["additionalProperties"] = additional if isinstance(additional, bool) and additional else False
    return out


def schema_errors(schema, doc, patch=False, root=True):
    import jsonschema

    validator = jsonschema.Draft202012Validator(json_schema(schema, patch=patch, root=root))
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    return [f"{'.'.join(str(p) for p in e.absolute_path) or '(document)'}: {e.message}" for e in errors]


def check_object(interfaces, doc):
    """Errors of a manifest document of a vendor kind, or None when no interface names its
    group (a core kind, which kubernetes-validate judges)."""
    api_version = str(doc.get("apiVersion", ""))
    group, _, version = api_version.rpartition("/")
    kind = str(doc.get("kind", ""))
    if not group or not interfaces.has_group(group):
        return None
    schema = interfaces.kinds.get((group, version, kind))
    if schema is None:
        return [f"{api_version} {kind} is no kind of the vendor's interface (interfaces/)"]
    return schema_errors(schema, doc)


# ---------------------------------------------------------------------------------------
# Commands of a script


def commands(script):
    """The script's simple commands as word lists: continuation lines joined, a quote left
    open carried to the next line, comments dropped, split at `;`, `&&`, `||` and `|`."""
    out = []
    pending = ""
    for line in script.splitlines():
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        pending += line
        try:
            lexer = shlex.shlex(pending, posix=True, punctuation_chars=";&|()")
            lexer.whitespace_split = True
            lexer.commenters = "#"
            words = list(lexer)
        except ValueError:
            pending += "\n"
            continue
        pending = ""
        current = []
        for word in words:
            if word in (";", "&&", "||", "|", "&", "(", ")", "$(", "$"):
                if current:
                    out.append(current)
                current = []
            elif not current and word in ("if", "then", "else", "elif", "fi", "do", "done", "while", "!"):
                continue
            else:
                current.append(word)
        if current:
            out.append(current)
    return out


def option_values(words, *names):
    values = []
    for i, word in enumerate(words):
        for name in names:
            if word == name and i + 1 < len(words):
                values.append(words[i + 1])
            elif word.startswith(name + "="):
                values.append(word[len(name) + 1 :])
    return values


def positionals(words, takes_value):
    """The words that are neither options nor option values."""
    out = []
    skip = False
    for word in words:
        if skip:
            skip = False
            continue
        if word.startswith("-"):
            skip = "=" not in word and word in takes_value
            continue
        out.append(word)
    return out


KUBECTL_OPTIONS = {"--namespace", "-n", "--type", "-p", "--patch", "--output", "-o", "--context"}
HELM_OPTIONS = {
    "--namespace",
    "-n",
    "--version",
    "--set",
    "--set-string",
    "--set-json",
    "--values",
    "-f",
    "--timeout",
    "--output",
    "-o",
}


def check_patch(interfaces, words):
    """(resource, errors) of a `kubectl patch`, or None when the command is none."""
    args = positionals(words, KUBECTL_OPTIONS)
    if args[:2] != ["kubectl", "patch"]:
        return None
    resource = args[2] if len(args) > 2 else ""
    resource = resource.split("/")[0].lower()
    patch_type = (option_values(words, "--type") or ["strategic"])[0]
    bodies = option_values(words, "-p", "--patch")
    if resource not in interfaces.resources:
        return resource, [f"`kubectl patch {resource}`: no vendor interface names this resource"]
    group, kind, versions = interfaces.resources[resource]
    if patch_type not in ("merge", "json"):
        # The API server takes JSON and merge patches of a custom resource, not strategic ones.
        return resource, [f"`kubectl patch {resource}` with --type {patch_type}: custom resources take merge or JSON patches only"]
    if len(bodies) != 1:
        return resource, [f"`kubectl patch {resource}` needs exactly one -p, has {len(bodies)}"]
    try:
        body = json.loads(bodies[0])
    except json.JSONDecodeError as e:
        return resource, [f"`kubectl patch {resource}`: the patch is not JSON: {e}"]
    # kubectl sends the patch in the version the API server prefers; it must fit every
    # version the CRD serves, so that it holds whichever that is.
    errors = []
    for version in versions:
        schema = interfaces.kinds[(group, version, kind)]
        found = json_patch_errors(schema, body) if patch_type == "json" else schema_errors(schema, body, patch=True)
        errors += [f"{kind} {version} patch {e}" for e in found]
    return resource, errors


def schema_at(schema, pointer):
    """The schema node a JSON pointer reaches in a CRD's schema, or None when the schema has
    no such field: an object's property by name, a list's items by index or `-`."""
    node = schema
    for raw in pointer.split("/")[1:]:
        part = raw.replace("~1", "/").replace("~0", "~")
        if part in (node.get("properties") or {}):
            node = node["properties"][part]
        elif "items" in node and (part == "-" or part.isdigit()):
            node = node["items"]
        elif isinstance(node.get("additionalProperties"), dict):
            node = node["additionalProperties"]
        elif node.get("x-kubernetes-preserve-unknown-fields"):
            return {}
        else:
            return None
    return node


def json_patch_errors(schema, ops):
    """Errors of a JSON patch (RFC 6902) of a custom resource: every operation's path is a
    field of the schema, and every value it adds, replaces or tests is a whole value of that
    field (no field the schema lacks, nothing required left out)."""
    if not isinstance(ops, list):
        return ["(document): a JSON patch is a list of operations"]
    errors = []
    for i, op in enumerate(ops):
        if not isinstance(op, dict) or op.get("op") not in ("add", "remove", "replace", "move", "copy", "test"):
            errors.append(f"[{i}]: not a JSON patch operation: {json.dumps(op)}")
            continue
        path = op.get("path")
        if not isinstance(path, str) or not path.startswith("/"):
            errors.append(f"[{i}]: the path must be a JSON pointer, not {json.dumps(path)}")
            continue
        node = schema_at(schema, path)
        if node is None:
            errors.append(f"[{i}] {op['op']} {path}: the schema has no such field")
            continue
        if op["op"] in ("add", "replace", "test") and "value" not in op:
            errors.append(f"[{i}] {op['op']} {path}: no value")
        elif op["op"] in ("add", "replace") or (op["op"] == "test" and op.get("value") is not None):
            found = schema_errors(node, op["value"], root=False)
            errors += [f"[{i}] {op['op']} {path} value {e}" for e in found]
    return errors


def split_unescaped(text, separator, keep_escapes):
    """`text` split at each `separator` that no `\\` escapes, as Helm's --set parser splits
    it; `keep_escapes` leaves the backslashes in the parts for a later split."""
    parts, current, escaped = [], "", False
    for c in text:
        if escaped:
            current += ("\\" + c) if keep_escapes else c
            escaped = False
        elif c == "\\":
            escaped = True
        elif c == separator:
            parts.append(current)
            current = ""
        else:
            current += c
    parts.append(current)
    return parts


def helm_key_segments(key):
    """A `--set` key's path: split at unescaped dots, `\\.` a literal dot, `[n]` an index."""
    out = []
    for segment in split_unescaped(key, ".", keep_escapes=False):
        name, bracket, _ = segment.partition("[")
        out.append(name)
        if bracket:
            out.append("[]")
    return out


def helm_assignments(value):
    """The keys of the `key=value` assignments of one `--set` argument (split at unescaped
    commas)."""
    return [p.split("=", 1)[0] for p in split_unescaped(value, ",", keep_escapes=True) if p]


def documented(keys, path):
    """Whether the chart documents `path`: the key itself, or a key above it whose type is
    an object (its entries are the user's: annotations, labels) or a list that the path
    indexes (its items are the user's too)."""
    if tuple(path) in keys:
        return True
    for n in range(len(path) - 1, 0, -1):
        kind = keys.get(tuple(path[:n]))
        if kind == "object" or (kind == "list" and path[n] == "[]"):
            return True
    return False


def check_helm(interfaces, words):
    """(chart, number of keys, errors) of a `helm upgrade|install`, or None."""
    args = positionals(words, HELM_OPTIONS)
    if len(args) < 2 or args[0] != "helm" or args[1] not in ("upgrade", "install"):
        return None
    chart = args[3] if len(args) > 3 else ""
    sets = option_values(words, "--set", "--set-string")
    # A --set-json value is one key and a JSON document, whose commas are its own.
    json_sets = option_values(words, "--set-json")
    chart_interface = interfaces.charts.get(chart)
    if chart_interface is None:
        return chart, len(sets) + len(json_sets), [f"`helm {args[1]}` of `{chart}`: no vendor interface lists this chart's keys"]
    errors = []
    count = 0
    assignments = [helm_assignments(v) for v in sets] + [[v.split("=", 1)[0]] for v in json_sets]
    for keys in assignments:
        for key in keys:
            count += 1
            if not documented(chart_interface["keys"], helm_key_segments(key)):
                errors.append(f"`--set {key}` is no key of the chart `{chart}` ({chart_interface['file']})")
    return chart, count, errors


def self_test(interfaces):
    """Mistakes the checks must catch, each one a field or key a vendor's prose once gave and
    its software lacks; a check that let one through could pass anything. Returns what it
    failed to catch."""
    missed = []
    sgcluster = {"apiVersion": "stackgres.io/v1", "kind": "SGCluster", "metadata": {"name": "c"}}
    wrong_field = ["kubectl", "patch", "sgcluster", "c", "--type", "merge", "--patch",
                   json.dumps({"spec": {"pods": {"metadata": {"annotations": {"a": "b"}}}}})]
    if ("stackgres.io", "v1", "SGCluster") in interfaces.kinds:
        if not check_object(interfaces, {**sgcluster, "spec": {"configurations": {}}}):
            missed.append("a partial SGCluster without the CRD's required fields")
        patch = check_patch(interfaces, wrong_field)
        if patch is None or not patch[1]:
            missed.append("a patch of spec.pods.metadata, which SGCluster lacks")
    if ("postgresql.cnpg.io", "v1", "Cluster") in interfaces.kinds:
        misspelled = ["kubectl", "patch", "cluster", "c", "--type", "json", "--patch",
                      json.dumps([{"op": "add", "path": "/spec/plugins/-",
                                   "value": {"name": "barman-cloud.cloudnative-pg.io", "isWalArchiver": True}}])]
        patch = check_patch(interfaces, misspelled)
        if patch is None or not patch[1]:
            missed.append("a JSON patch adding a plugin entry with `isWalArchiver`, which the Cluster's plugins lack")
        nowhere = ["kubectl", "patch", "cluster", "c", "--type", "json", "--patch",
                   json.dumps([{"op": "remove", "path": "/spec/backups"}])]
        patch = check_patch(interfaces, nowhere)
        if patch is None or not patch[1]:
            missed.append("a JSON patch of /spec/backups, which the Cluster lacks")
    spaces = "oci://xpkg.upbound.io/spaces-artifacts/spaces"
    if spaces in interfaces.charts:
        helm = check_helm(interfaces, ["helm", "upgrade", "spaces", spaces, "--set", "backup.enabled=true"])
        if helm is None or not helm[2]:
            missed.append("the chart key backup.enabled, which the Spaces chart lacks")
    return missed
