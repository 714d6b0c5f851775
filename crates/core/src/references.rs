//! Where each reference of the lint rules and setup checks lives: the rules cite their sources
//! by title, and this table turns a title into the page (and, where the page has a stable
//! anchor, the section) that says it, so the rules page can link to it.
//!
//! `tests/references.rs` keeps the table in step with the rules: every reference has an entry
//! and every entry is cited.

/// One cited source: the title a rule's `references` gives, and where it is published.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    pub title: &'static str,
    pub url: &'static str,
}

/// The page of every title the rules and setup checks cite.
///
/// Parliament documents its checks in no README section: its `config.yaml` (core checks) and
/// its community auditors' sources define each check's title and description, so those files
/// are the links.
pub static REFERENCES: &[Reference] = &[
    Reference {
        title: "AWS Account Management Reference Guide: Viewing AWS account identifiers",
        url: "https://docs.aws.amazon.com/accounts/latest/reference/manage-acct-identifiers.html",
    },
    Reference {
        title: "AWS General Reference: Amazon Resource Names",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html",
    },
    Reference {
        title: "AWS General Reference: Amazon Resource Names (partitions)",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html#arns-syntax",
    },
    Reference {
        title: "AWS KMS Developer Guide: Best practices for IAM policies",
        url: "https://docs.aws.amazon.com/kms/latest/developerguide/iam-policies-best-practices.html",
    },
    Reference {
        title: "Amazon EKS User Guide: Access AWS resources in another account with EKS Pod Identity target roles",
        url: "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-assign-target-role.html",
    },
    Reference {
        title: "Amazon EKS User Guide: Assign IAM roles to Kubernetes service accounts",
        url: "https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html",
    },
    Reference {
        title: "Amazon EKS User Guide: Assign IAM roles to Kubernetes service accounts (configure the trust policy)",
        url: "https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html",
    },
    Reference {
        title: "Amazon EKS User Guide: Configure pods to use a Kubernetes service account (restart after association)",
        url: "https://docs.aws.amazon.com/eks/latest/userguide/pod-configuration.html",
    },
    Reference {
        title: "Amazon EKS User Guide: Configure the trust policy for IAM roles for service accounts",
        url: "https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html",
    },
    Reference {
        title: "Amazon EKS User Guide: Define which pods can assume a role with EKS Pod Identity session tags",
        url: "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-role.html",
    },
    Reference {
        title: "Amazon EKS User Guide: EKS Pod Identity session tags",
        url: "https://docs.aws.amazon.com/eks/latest/userguide/pod-id-abac.html#pod-id-abac-tags",
    },
    Reference {
        title: "Amazon EKS User Guide: Learn how EKS Pod Identity grants pods access to AWS services",
        url: "https://docs.aws.amazon.com/eks/latest/userguide/pod-identities.html",
    },
    Reference {
        title: "Amazon S3 User Guide: Blocking public access to your Amazon S3 storage",
        url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
    },
    Reference {
        title: "Amazon S3 User Guide: General purpose bucket naming rules",
        url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html",
    },
    Reference {
        title: "Amazon S3 User Guide: Policy examples (bucket and object ARNs)",
        url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-policies-s3.html#iam-policy-ex0",
    },
    Reference {
        title: "Amazon S3 User Guide: Policy resources for Amazon S3",
        url: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security_iam_service-with-iam.html#security_iam_service-with-iam-id-based-policies-resources",
    },
    Reference {
        title: "Bash Reference Manual: Quoting",
        url: "https://www.gnu.org/software/bash/manual/html_node/Quoting.html",
    },
    Reference {
        title: "IAM API Reference: ARNs are at most 2,048 characters (for example `PolicyArn`, `RoleArn`)",
        url: "https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachRolePolicy.html#API_AttachRolePolicy_RequestParameters",
    },
    Reference {
        title: "IAM Access Analyzer policy check reference",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html",
    },
    Reference {
        title: "IAM Access Analyzer policy check reference: Error – Invalid action",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-action",
    },
    Reference {
        title: "IAM Access Analyzer policy check reference: Error – Invalid condition operator",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-condition-operator",
    },
    Reference {
        title: "IAM Access Analyzer policy check reference: Error – Invalid effect",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-effect",
    },
    Reference {
        title: "IAM Access Analyzer policy check reference: Error – Invalid global condition key",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-global-condition-key",
    },
    Reference {
        title: "IAM Access Analyzer policy check reference: Error – Invalid policy element",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-policy-element",
    },
    Reference {
        title: "IAM Access Analyzer policy check reference: Error – Invalid service",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-service",
    },
    Reference {
        title: "IAM Access Analyzer policy check reference: Error – Invalid service condition key",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-service-condition-key",
    },
    Reference {
        title: "IAM Access Analyzer policy check reference: Error – Invalid version",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-version",
    },
    Reference {
        title: "IAM Access Analyzer policy check reference: Error – Json syntax error",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-json-syntax-error",
    },
    Reference {
        title: "IAM Access Analyzer policy check reference: Error – Missing action",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-missing-action",
    },
    Reference {
        title: "IAM Access Analyzer policy check reference: Error – Missing effect",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-missing-effect",
    },
    Reference {
        title: "IAM Access Analyzer policy check reference: Error – Missing principal",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-missing-principal",
    },
    Reference {
        title: "IAM Access Analyzer policy check reference: Error – Missing resource",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-missing-resource",
    },
    Reference {
        title: "IAM Access Analyzer policy check reference: Error – Missing statement",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-missing-statement",
    },
    Reference {
        title: "IAM Access Analyzer policy check reference: Error – Unique Sids required",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-unique-sids-required",
    },
    Reference {
        title: "IAM Access Analyzer policy check reference: Error – Unsupported Sid",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-unsupported-sid",
    },
    Reference {
        title: "IAM Access Analyzer policy check reference: Error – Unsupported principal",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-unsupported-principal",
    },
    Reference {
        title: "IAM Access Analyzer policy check reference: Error – Unsupported wildcard in principal",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-unsupported-wildcard-in-principal",
    },
    Reference {
        title: "IAM Access Analyzer policy check reference: PASS_ROLE_WITH_STAR_IN_RESOURCE",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-security-warning-pass-role-with-star-in-resource",
    },
    Reference {
        title: "IAM Access Analyzer policy check reference: Wildcard without like operator",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-general-warning-wildcard-without-like-operator",
    },
    Reference {
        title: "IAM Access Analyzer: findings for public access (a role trust policy that grants access to `*`)",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-resources.html#access-analyzer-iam-role",
    },
    Reference {
        title: "IAM User Guide: AWS JSON policy elements: NotPrincipal",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html",
    },
    Reference {
        title: "IAM User Guide: AWS JSON policy elements: Principal",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
    },
    Reference {
        title: "IAM User Guide: AWS JSON policy elements: Principal (anonymous users)",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous",
    },
    Reference {
        title: "IAM User Guide: AWS global condition context keys",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html",
    },
    Reference {
        title: "IAM User Guide: Access to AWS accounts owned by third parties (external ID)",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_common-scenarios_third-party.html",
    },
    Reference {
        title: "IAM User Guide: Condition operators (…IfExists, ForAllValues on an absent key)",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists",
    },
    Reference {
        title: "IAM User Guide: Creating a role for web identity or OIDC federation",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html",
    },
    Reference {
        title: "IAM User Guide: Grammar of the IAM JSON policy language",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html",
    },
    Reference {
        title: "IAM User Guide: Granting a user permissions to pass a role to an AWS service",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
    },
    Reference {
        title: "IAM User Guide: IAM JSON policy element reference",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html",
    },
    Reference {
        title: "IAM User Guide: IAM JSON policy elements: Action",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html",
    },
    Reference {
        title: "IAM User Guide: IAM JSON policy elements: Condition operators",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html",
    },
    Reference {
        title: "IAM User Guide: IAM JSON policy elements: Effect",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html",
    },
    Reference {
        title: "IAM User Guide: IAM JSON policy elements: NotAction",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html",
    },
    Reference {
        title: "IAM User Guide: IAM JSON policy elements: NotResource",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html",
    },
    Reference {
        title: "IAM User Guide: IAM JSON policy elements: Principal",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
    },
    Reference {
        title: "IAM User Guide: IAM JSON policy elements: Resource",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html",
    },
    Reference {
        title: "IAM User Guide: IAM JSON policy elements: Sid",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html",
    },
    Reference {
        title: "IAM User Guide: IAM JSON policy elements: Statement",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html",
    },
    Reference {
        title: "IAM User Guide: IAM JSON policy elements: Version",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html",
    },
    Reference {
        title: "IAM User Guide: IAM and AWS STS quotas (IAM and STS character limits)",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length",
    },
    Reference {
        title: "IAM User Guide: IAM and AWS STS quotas (character limits)",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length",
    },
    Reference {
        title: "IAM User Guide: IAM identifiers (ARNs)",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns",
    },
    Reference {
        title: "IAM User Guide: IAM identifiers (role ARNs)",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns",
    },
    Reference {
        title: "IAM User Guide: IAM policy elements: Variables and tags",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html",
    },
    Reference {
        title: "IAM User Guide: Identity-based policies and resource-based policies",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_identity-vs-resource.html",
    },
    Reference {
        title: "IAM User Guide: Manage access keys for IAM users (protect your access keys)",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/securing_access-keys.html",
    },
    Reference {
        title: "IAM User Guide: Passing session tags in AWS STS",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html",
    },
    Reference {
        title: "IAM User Guide: Permissions boundaries for IAM entities (delegating permission management)",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html#access_policies_boundaries-delegate",
    },
    Reference {
        title: "IAM User Guide: Roles terms and concepts (trust policy)",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#term_trust-policy",
    },
    Reference {
        title: "IAM User Guide: Security best practices in IAM (apply least-privilege permissions)",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
    },
    Reference {
        title: "IAM User Guide: String condition operators",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String",
    },
    Reference {
        title: "IAM User Guide: The confused deputy problem",
        url: "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html",
    },
    Reference {
        title: "Parliament: DUPLICATE_SID",
        url: "https://github.com/duo-labs/parliament/blob/main/parliament/config.yaml",
    },
    Reference {
        title: "Parliament: INVALID_ARN",
        url: "https://github.com/duo-labs/parliament/blob/main/parliament/config.yaml",
    },
    Reference {
        title: "Parliament: INVALID_SID",
        url: "https://github.com/duo-labs/parliament/blob/main/parliament/config.yaml",
    },
    Reference {
        title: "Parliament: INVALID_VERSION",
        url: "https://github.com/duo-labs/parliament/blob/main/parliament/config.yaml",
    },
    Reference {
        title: "Parliament: MALFORMED_JSON",
        url: "https://github.com/duo-labs/parliament/blob/main/parliament/config.yaml",
    },
    Reference {
        title: "Parliament: MISMATCHED_TYPE_OPERATION_TO_NULL",
        url: "https://github.com/duo-labs/parliament/blob/main/parliament/config.yaml",
    },
    Reference {
        title: "Parliament: NOTPRINCIPAL_WITH_ALLOW",
        url: "https://github.com/duo-labs/parliament/blob/main/parliament/community_auditors/advanced_policy_elements.py",
    },
    Reference {
        title: "Parliament: NOTRESOURCE_WITH_ALLOW",
        url: "https://github.com/duo-labs/parliament/blob/main/parliament/community_auditors/advanced_policy_elements.py",
    },
    Reference {
        title: "Parliament: NO_VERSION",
        url: "https://github.com/duo-labs/parliament/blob/main/parliament/config.yaml",
    },
    Reference {
        title: "Parliament: PERMISSIONS_MANAGEMENT_ACTIONS, RESOURCE_POLICY_PRIVILEGE_ESCALATION",
        url: "https://github.com/duo-labs/parliament/blob/main/parliament/community_auditors/permissions_management.py",
    },
    Reference {
        title: "Parliament: PRIVILEGE_ESCALATION (the Rhino Security Labs and Bishop Fox escalation methods)",
        url: "https://github.com/duo-labs/parliament/blob/main/parliament/community_auditors/privilege_escalation.py",
    },
    Reference {
        title: "Parliament: RESOURCE_MISMATCH",
        url: "https://github.com/duo-labs/parliament/blob/main/parliament/config.yaml",
    },
    Reference {
        title: "Parliament: RESOURCE_STAR",
        url: "https://github.com/duo-labs/parliament/blob/main/parliament/config.yaml",
    },
    Reference {
        title: "Parliament: UNKNOWN_ACTION",
        url: "https://github.com/duo-labs/parliament/blob/main/parliament/config.yaml",
    },
    Reference {
        title: "Parliament: UNKNOWN_PREFIX",
        url: "https://github.com/duo-labs/parliament/blob/main/parliament/config.yaml",
    },
    Reference {
        title: "RFC 8259, The JavaScript Object Notation (JSON) Data Interchange Format",
        url: "https://www.rfc-editor.org/rfc/rfc8259",
    },
    Reference {
        title: "RFC 8259, section 4: names within an object should be unique",
        url: "https://www.rfc-editor.org/rfc/rfc8259#section-4",
    },
    Reference {
        title: "Service Authorization Reference: Actions, resources, and condition keys for AWS services",
        url: "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html",
    },
    Reference {
        title: "Service Authorization Reference: Actions, resources, and condition keys for Amazon S3",
        url: "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html",
    },
    Reference {
        title: "Service Authorization Reference: access levels",
        url: "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html#actions_table",
    },
    Reference {
        title: "Service Authorization Reference: condition keys of each service",
        url: "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html#context_keys_table",
    },
    Reference {
        title: "YAML 1.2 specification",
        url: "https://yaml.org/spec/1.2.2/",
    },
    Reference {
        title: "barman issue 786 (HeadBucket is authorised by s3:ListBucket)",
        url: "https://github.com/EnterpriseDB/barman/issues/786",
    },
    Reference {
        title: "velero issue 8036",
        url: "https://github.com/vmware-tanzu/velero/issues/8036",
    },
];

/// The page that `title` (a rule's or setup check's reference) points to, if the table has it.
pub fn url(title: &str) -> Option<&'static str> {
    REFERENCES.iter().find(|r| r.title == title).map(|r| r.url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_title_appears_once_so_a_lookup_is_unambiguous() {
        for (i, r) in REFERENCES.iter().enumerate() {
            let later = REFERENCES
                .iter()
                .skip(i + 1)
                .filter(|other| other.title == r.title)
                .count();
            assert_eq!(later, 0, "`{}` is in the table twice", r.title);
        }
    }

    #[test]
    fn a_title_that_is_not_in_the_table_has_no_page() {
        assert_eq!(url("IAM User Guide: a page that does not exist"), None);
        assert_eq!(
            url("RFC 8259, section 4: names within an object should be unique"),
            Some("https://www.rfc-editor.org/rfc/rfc8259#section-4")
        );
    }
}
