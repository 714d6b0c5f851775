"""An AWS CLI plugin that `cargo xtask verify` loads into every `aws` call it makes.

The AWS CLI parses a command line with the argument table it builds from the service
model: an unknown option, a missing required option or a value of the wrong shape ends the
command before any request exists. botocore then checks the parameters against the
operation's input shape (`validate_parameters`, on by default) and only after both emits
`before-call.<service>.<operation>`, the last event before the HTTP request. A handler that
answers that event with a response makes botocore skip the request and use the answer.

This plugin answers it in two modes, chosen by BUCKETRUST_AWS_MODE:

- `model`: every operation is answered with an empty response, so a command line is checked
  against the service model and nothing is sent anywhere (used for look-ups of
  infrastructure that exists before a setup, such as an EKS cluster).
- `moto`: operations moto implements are sent to moto's server, and only there: the request
  URL must start with AWS_ENDPOINT_URL, which the harness points at 127.0.0.1. Operations moto
  does not implement (EKS Pod Identity associations, for one) are answered with an empty
  response after the same model checks, so their command lines are still verified.

Whether moto implements an operation is decided the way moto's own coverage report decides
it: its backend class for the service has a method named after the operation
(`CreatePodIdentityAssociation` -> `create_pod_identity_association`). moto is asked in a
separate interpreter, because the AWS CLI replaces `botocore` with its own copy and moto
must import the real one; the answer is cached per service in BUCKETRUST_MOTO_COVERAGE.

Every call is appended to BUCKETRUST_AWS_LOG as `sent|model <service> <operation>`, so the
harness can count what reached moto and what was only checked against the model.
"""

import json
import os
import subprocess
import sys


def awscli_initialize(cli):
    """The AWS CLI calls this for every plugin named in the config file's [plugins]."""
    cli.register("before-call", _before_call)


def _before_call(model, params, **_kwargs):
    service = model.service_model.service_name
    operation = model.name
    send = os.environ.get("BUCKETRUST_AWS_MODE", "model") == "moto" and _moto_implements(service, operation)
    if send:
        endpoint = os.environ.get("AWS_ENDPOINT_URL", "")
        url = params.get("url", "")
        # A request that would leave moto's loopback server is a bug of the harness or of the
        # script, never something to send.
        if not endpoint.startswith("http://127.0.0.1:") or not url.startswith(endpoint):
            raise RuntimeError(f"refusing to send {service} {operation} to {url!r}: only moto on 127.0.0.1 is allowed")
    _log("sent" if send else "model", service, operation)
    if send:
        return None
    from botocore.awsrequest import AWSResponse

    return AWSResponse(params.get("url", ""), 200, {}, None), {}


def _log(verdict, service, operation):
    path = os.environ.get("BUCKETRUST_AWS_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"{verdict} {service} {operation}\n")


def _moto_implements(service, operation):
    from botocore import xform_name

    return xform_name(operation) in _coverage(service)


def _coverage(service):
    """The method names of moto's backend for `service`, cached in a JSON file."""
    path = os.environ.get("BUCKETRUST_MOTO_COVERAGE", "")
    cache = {}
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            cache = json.load(f)
    if service not in cache:
        out = subprocess.run(
            [sys.executable, os.path.abspath(__file__), "coverage", service],
            check=True,
            capture_output=True,
            text=True,
        )
        cache[service] = json.loads(out.stdout)
        if path:
            # Written whole and renamed, so a concurrent reader never sees half a file.
            tmp = f"{path}.{os.getpid()}"
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(cache, f)
            os.replace(tmp, path)
    return set(cache[service])


def _print_coverage(service):
    """Prints the public methods of moto's backend for `service` (none when moto lacks it)."""
    try:
        from moto.backends import get_backend

        backend = get_backend(service).backend
    except (KeyError, ImportError, ValueError):
        print("[]")
        return
    print(json.dumps(sorted(name for name in dir(backend) if not name.startswith("_"))))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "coverage":
        _print_coverage(sys.argv[2])
    else:
        sys.exit("usage: aws_model_check.py coverage SERVICE")
