"""Reads back, with the AWS CLI, what the generated scripts created in moto, and prints it as JSON.

Usage: aws_readback.py REGION. It runs in the environment the harness prepared (moto's
endpoint, dummy credentials, the model-check plugin in `moto` mode). The AWS CLI's own driver
runs in this one process, once per command, because starting `aws` anew for each of the
dozens of read-back commands would cost half a second each.
"""

import contextlib
import io
import json
import sys

import awscli.clidriver


def aws(*args):
    """Runs one AWS CLI command and returns its parsed JSON output; exits on failure."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = awscli.clidriver.create_clidriver().main([*args, "--region", REGION, "--output", "json"])
    if code != 0:
        sys.exit(f"aws {' '.join(args)} failed ({code}): {err.getvalue().strip()}")
    text = out.getvalue().strip()
    return json.loads(text) if text else {}


def inline_policies(kind, name):
    """The inline policies of a user or role, by policy name."""
    listed = aws("iam", f"list-{kind}-policies", f"--{kind}-name", name)["PolicyNames"]
    return {
        policy: aws("iam", f"get-{kind}-policy", f"--{kind}-name", name, "--policy-name", policy)["PolicyDocument"]
        for policy in listed
    }


def attached(kind, name):
    return [p["PolicyArn"] for p in aws("iam", f"list-attached-{kind}-policies", f"--{kind}-name", name)["AttachedPolicies"]]


def main():
    roles = {}
    for role in aws("iam", "list-roles")["Roles"]:
        name = role["RoleName"]
        roles[name] = {
            "arn": role["Arn"],
            "trust": role["AssumeRolePolicyDocument"],
            "attached": attached("role", name),
            "inline": inline_policies("role", name),
        }
    users = {}
    for user in aws("iam", "list-users")["Users"]:
        name = user["UserName"]
        users[name] = {
            "arn": user["Arn"],
            "attached": attached("user", name),
            "inline": inline_policies("user", name),
            "access_keys": [
                k["AccessKeyId"] for k in aws("iam", "list-access-keys", "--user-name", name)["AccessKeyMetadata"]
            ],
        }
    policies = {}
    for policy in aws("iam", "list-policies", "--scope", "Local")["Policies"]:
        version = aws(
            "iam", "get-policy-version", "--policy-arn", policy["Arn"], "--version-id", policy["DefaultVersionId"]
        )
        policies[policy["Arn"]] = version["PolicyVersion"]["Document"]
    providers = [p["Arn"] for p in aws("iam", "list-open-id-connect-providers")["OpenIDConnectProviderList"]]
    buckets = {}
    for bucket in aws("s3api", "list-buckets").get("Buckets", []):
        location = aws("s3api", "get-bucket-location", "--bucket", bucket["Name"]).get("LocationConstraint")
        # S3 reports us-east-1 as no constraint.
        buckets[bucket["Name"]] = location or "us-east-1"
    print(
        json.dumps(
            {"roles": roles, "users": users, "policies": policies, "oidc_providers": providers, "buckets": buckets}
        )
    )


if __name__ == "__main__":
    REGION = sys.argv[1]
    main()
