//! The command in a field's help that prints the field's value, filled in with what the setup
//! already holds, so that the page can offer it ready to copy.

use super::value::ClusterName;
use super::RawSetup;
use crate::field::Field;
use crate::shell::Command;

/// The placeholder of a help command that stands for the EKS cluster's name.
pub const CLUSTER_PLACEHOLDER: &str = "<cluster>";

/// The command a field's help names in backticks, as written there: the first backticked
/// text that runs `aws`, `kubectl`, `eksctl` or `helm`, placeholders (`<cluster>`) included.
pub fn help_command_template(field: Field) -> Option<&'static str> {
    field.help().split('`').skip(1).step_by(2).find(|code| {
        ["aws ", "kubectl ", "eksctl ", "helm "]
            .iter()
            .any(|tool| code.starts_with(tool))
    })
}

/// The help command of `field` with `<cluster>` replaced by the setup's cluster name when
/// that name is valid; the template as written otherwise, so the user sees what to fill in.
pub fn help_command(field: Field, raw: &RawSetup) -> Option<String> {
    let template = help_command_template(field)?;
    let cluster = raw
        .get(Field::ClusterName)
        .and_then(|name| ClusterName::parse(Field::ClusterName, name).ok());
    let (Some(cluster), true) = (cluster, template.contains(CLUSTER_PLACEHOLDER)) else {
        return Some(template.to_owned());
    };
    let words = shell_words::split(template).ok()?;
    let mut words = words.into_iter().map(|word| {
        if word == CLUSTER_PLACEHOLDER {
            cluster.as_str().to_owned()
        } else {
            word
        }
    });
    let program = words.next()?;
    let command = Command::new(&program).args(words);
    Some(command.one_line())
}
