use super::{Diagnostic, SetupRule};
use crate::lint::{Docs, Severity};
use crate::readback::Facts;

pub(super) const RULE: SetupRule = SetupRule {
    code: "BR705",
    name: "unreadable-artifact",
    severity: Severity::Error,
    docs: Docs {
        summary: "A script or manifest cannot be read: a quote that never closes, text that is not YAML, a trust policy that is not JSON.",
        what_it_does: "Reports every script whose quotes do not balance, every manifest that does not parse as YAML, and every trust policy a script passes to `aws iam create-role` that does not parse as JSON. What such an artifact says is not compared by the other setup checks, so this check says that it was not.",
        why_it_matters: "The shell, `kubectl apply` or IAM rejects the artifact, or, worse, the shell joins the rest of the script into one argument and runs something else than what is written. An edit that breaks an artifact also hides it from the other checks.",
        example: "aws-cli: trust_policy='{\"Version\": \"2012-10-17\", …}\n         aws iam create-role --role-name backup --assume-role-policy-document \"$trust_policy\"",
        use_instead: "aws-cli: trust_policy='{\"Version\": \"2012-10-17\", …}'\n         aws iam create-role --role-name backup --assume-role-policy-document \"$trust_policy\"",
        references: &["Bash Reference Manual: Quoting", "YAML 1.2 specification"],
    },
    check,
};

fn check(facts: &Facts, out: &mut Vec<Diagnostic>) -> usize {
    for u in &facts.unreadable {
        out.push(Diagnostic {
            artifact: u.artifact,
            message: format!("`{}` cannot be read: {}", u.artifact, u.problem),
            help: "repair the artifact; the other setup checks skip what they cannot read".to_owned(),
        });
    }
    facts.scripts_and_manifests
}
