//! Browser tests of the page: mount the app, type into it like a user, and read the DOM.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use bucketrust_web::App;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

const IRSA: &str = "#target=stackgres&auth=irsa&region=us-west-2&bucket=my-stackgres-bucket\
    &clusterAccountId=111122223333&clusterName=my-eks-cluster\
    &oidcIssuer=https%3A%2F%2Foidc.eks.us-west-2.amazonaws.com%2Fid%2F5C7A8C4D1E2F3A4B5C6D7E8F9A0B1C2D";

const PALETTE_POD_IDENTITY: &str = "#target=palette-cloud-account&auth=pod-identity&region=us-east-1\
    &clusterAccountId=111122223333&clusterName=palette-eks-management-cluster\
    &permissionBoundaryArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Apolicy%2FPaletteBoundary";

/// An identity policy whose second statement lists a bucket's objects instead of the bucket:
/// `s3:ListBucket` on `arn:aws:s3:::b/*` (line 6) acts on no resource of the statement.
const MISMATCHED_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:ListBucket",
      "Resource": "arn:aws:s3:::b/*"
    }
  ]
}"#;

/// A mounted app in its own container; dropping it unmounts the app and removes the container.
struct Page {
    root: HtmlElement,
    _handle: Box<dyn std::any::Any>,
}

impl Drop for Page {
    fn drop(&mut self) {
        self.root.remove();
    }
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn set_hash(hash: &str) {
    let history = web_sys::window().unwrap().history().unwrap();
    let path = web_sys::window().unwrap().location().pathname().unwrap();
    history
        .replace_state_with_url(&JsValue::NULL, "", Some(&format!("{path}{hash}")))
        .unwrap();
}

fn hash() -> String {
    web_sys::window().unwrap().location().hash().unwrap()
}

/// Lets effects, memos and the renderer settle.
async fn settle() {
    for _ in 0..5 {
        leptos::task::tick().await;
    }
}

async fn mount_with_hash(hash: &str) -> Page {
    set_hash(hash);
    let root: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), || view! { <App /> }.into_any());
    settle().await;
    Page {
        root,
        _handle: Box::new(handle),
    }
}

impl Page {
    fn query(&self, selector: &str) -> Option<Element> {
        self.root.query_selector(selector).unwrap()
    }

    fn text(&self, selector: &str) -> String {
        self.query(selector)
            .unwrap_or_else(|| panic!("no element matches {selector}"))
            .text_content()
            .unwrap_or_default()
    }

    fn texts(&self, selector: &str) -> Vec<String> {
        let list = self.root.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| n.text_content().unwrap_or_default())
            .collect()
    }

    async fn type_into(&self, key: &str, value: &str) {
        let input: HtmlInputElement = self.query(&format!("input#{key}")).unwrap().unchecked_into();
        input.set_value(value);
        dispatch(&input, "input");
        settle().await;
    }

    async fn choose(&self, key: &str, value: &str) {
        let select: HtmlSelectElement = self.query(&format!("select#{key}")).unwrap().unchecked_into();
        select.set_value(value);
        dispatch(&select, "change");
        settle().await;
    }
}

fn dispatch(target: &web_sys::EventTarget, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
async fn a_valid_link_shows_the_artifacts() {
    let page = mount_with_hash(IRSA).await;
    let permission = page.text(r#"[data-artifact-id="permission-policy"] pre code"#);
    assert!(permission.contains("arn:aws:s3:::my-stackgres-bucket"), "{permission}");
    let trust = page.text(r#"[data-artifact-kind="trust-policy"] pre code"#);
    assert!(
        trust.contains("system:serviceaccount:default:my-cluster-patroni"),
        "{trust}"
    );
    assert!(page.texts(".error").is_empty(), "{:?}", page.texts(".error"));
    // Every field shows its label, and every label points at its control.
    for label in page.texts("label") {
        assert!(!label.is_empty());
    }
    let label = page.query(r#"label[for="bucket"]"#).unwrap();
    // The bucket is required: a star for the eye, aria-required for screen readers.
    assert_eq!(label.text_content().unwrap(), "S3 bucket *");
    let input = page.query("input#bucket").unwrap();
    assert_eq!(input.get_attribute("aria-required").as_deref(), Some("true"));
    assert!(input.get_attribute("aria-describedby").unwrap().contains("bucket-help"));
}

#[wasm_bindgen_test]
async fn typing_updates_the_outputs_and_the_fragment() {
    let page = mount_with_hash(IRSA).await;
    page.type_into("bucket", "backups.example-2").await;
    let permission = page.text(r#"[data-artifact-id="permission-policy"] pre code"#);
    assert!(permission.contains("arn:aws:s3:::backups.example-2"), "{permission}");
    assert!(!permission.contains("my-stackgres-bucket"), "{permission}");
    // The link is rewritten after the frame that shows the keystroke.
    until(|| hash().contains("bucket=backups.example-2")).await;
    assert!(hash().contains("bucket=backups.example-2"), "{}", hash());
    assert!(hash().contains("clusterAccountId=111122223333"), "{}", hash());
}

#[wasm_bindgen_test]
async fn an_invalid_bucket_shows_its_message_next_to_the_field_and_dims_the_last_outputs() {
    let page = mount_with_hash(IRSA).await;
    page.type_into("bucket", "My_Bucket").await;
    let messages = page.texts(r#".field .error[data-error-for="bucket"]"#);
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(messages[0].contains("My_Bucket"), "{messages:?}");
    // The last valid outputs stay, marked out of date and out of reach, under a banner that
    // names the field to fix.
    assert!(page.query("[data-artifact-id]").is_some());
    assert!(page.query(".artifact-list.stale[inert]").is_some());
    assert!(
        page.text(".stale-banner").contains("Fix S3 bucket"),
        "{}",
        page.text(".stale-banner")
    );
    let input = page.query("input#bucket").unwrap();
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert!(input
        .get_attribute("aria-describedby")
        .unwrap()
        .contains("bucket-errors"));
}

#[wasm_bindgen_test]
async fn static_keys_hides_the_irsa_fields_and_keeps_their_values() {
    let page = mount_with_hash(IRSA).await;
    assert!(page.query("input#oidcIssuer").is_some());
    page.choose("auth", "static-keys").await;
    assert!(page.query("input#oidcIssuer").is_none());
    assert!(page.query("input#clusterName").is_none());
    assert!(page.query("input#clusterAccountId").is_none());
    assert!(page.query("input#userName").is_some());
    assert_eq!(
        page.query("input#userName")
            .unwrap()
            .get_attribute("placeholder")
            .as_deref(),
        Some("default: stackgres-backup-user")
    );
    // The IRSA values are kept in the link and come back when switching back.
    until(|| hash().contains("auth=static-keys")).await;
    assert!(hash().contains("auth=static-keys"), "{}", hash());
    assert!(hash().contains("clusterName=my-eks-cluster"), "{}", hash());
    page.choose("auth", "irsa").await;
    let input: HtmlInputElement = page.query("input#clusterName").unwrap().unchecked_into();
    assert_eq!(input.value(), "my-eks-cluster");
}

#[wasm_bindgen_test]
async fn an_empty_link_starts_with_irsa_marked_required_fields_and_no_error_yet() {
    let page = mount_with_hash("").await;
    let auth: HtmlSelectElement = page.query("select#auth").unwrap().unchecked_into();
    assert_eq!(auth.value(), "irsa");
    // Nothing typed, nothing wrong yet: the errors wait until a field is left.
    assert!(page.texts(".error").is_empty(), "{:?}", page.texts(".error"));
    assert!(page.text(".outputs-pending").contains("problems to fix"));
    let bucket = page.query("input#bucket").unwrap();
    assert_eq!(bucket.get_attribute("aria-required").as_deref(), Some("true"));
    assert!(page.query("[data-artifact-id]").is_none());
}

#[wasm_bindgen_test]
async fn unknown_link_keys_go_to_the_summary_and_the_rest_is_kept() {
    let page = mount_with_hash(&format!("{IRSA}&colour=red")).await;
    let summary = page.texts(".error-summary .error");
    assert!(
        summary
            .iter()
            .any(|m| m.starts_with("dropped from the link: unknown key colour")),
        "{summary:?}"
    );
    assert!(page.query(r#"[data-artifact-id="permission-policy"]"#).is_some());
}

#[wasm_bindgen_test]
async fn a_pasted_link_replaces_the_setup() {
    let page = mount_with_hash(IRSA).await;
    web_sys::window()
        .unwrap()
        .location()
        .set_hash("target=stackgres&auth=static-keys&region=eu-west-1&bucket=pasted-bucket")
        .unwrap();
    // `hashchange` is dispatched asynchronously; wait for it and the re-render.
    let mut permission = String::new();
    for _ in 0..50 {
        settle().await;
        if let Some(code) = page.query(r#"[data-artifact-id="permission-policy"] pre code"#) {
            permission = code.text_content().unwrap_or_default();
            if permission.contains("pasted-bucket") {
                break;
            }
        }
        gloo_timeout().await;
    }
    assert!(permission.contains("arn:aws:s3:::pasted-bucket"), "{permission}");
    assert!(page.query("input#oidcIssuer").is_none());
}

/// Waits a few milliseconds, long enough for the browser to dispatch queued events.
async fn gloo_timeout() {
    let promise = web_sys::js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn switching_to_palette_offers_its_auth_and_fields_and_keeps_the_shared_values() {
    let page = mount_with_hash(IRSA).await;
    page.choose("target", "palette-backup-location").await;
    // The vendor documents STS only, so that is the one method offered.
    let auths = page.texts("select#auth option");
    assert!(auths.iter().any(|a| a.contains("STS")), "{auths:?}");
    assert!(!auths.iter().any(|a| a.contains("IRSA")), "{auths:?}");
    page.choose("auth", "sts").await;
    // The bucket and region typed for StackGres still apply.
    let bucket: HtmlInputElement = page.query("input#bucket").unwrap().unchecked_into();
    assert_eq!(bucket.value(), "my-stackgres-bucket");
    // The certificate is several lines of PEM, so it gets a text area with its help.
    assert!(page.query("textarea#caCertificate").is_some());
    assert!(!page.text("#caCertificate-help").is_empty());
    page.type_into("platformAccountId", "012345678901").await;
    page.type_into("externalId", "tenant-7").await;
    let steps = page.text(r#"[data-artifact-kind="console-steps"] pre code"#);
    assert!(steps.contains("my-stackgres-bucket"), "{steps}");
    assert!(steps.contains("us-west-2"), "{steps}");
    let trust = page.text(r#"[data-artifact-id="trust-policy"] pre code"#);
    assert!(trust.contains("arn:aws:iam::012345678901:root"), "{trust}");
    assert!(trust.contains("tenant-7"), "{trust}");
}

impl Page {
    fn click(&self, selector: &str) {
        let element: HtmlElement = self
            .query(selector)
            .unwrap_or_else(|| panic!("no element matches {selector}"))
            .unchecked_into();
        element.click();
    }

    fn is_hidden(&self, selector: &str) -> bool {
        self.query(selector)
            .unwrap_or_else(|| panic!("no element matches {selector}"))
            .has_attribute("hidden")
    }

    fn textarea(&self) -> HtmlTextAreaElement {
        self.query("textarea#lint-text").unwrap().unchecked_into()
    }

    async fn paste_policy(&self, text: &str) {
        let textarea = self.textarea();
        textarea.set_value(text);
        dispatch(&textarea, "input");
        settle().await;
    }
}

/// Waits until `ready` holds, giving the renderer and the browser's frames time in between.
async fn until(mut ready: impl FnMut() -> bool) {
    for _ in 0..50 {
        if ready() {
            return;
        }
        settle().await;
        gloo_timeout().await;
    }
}

#[wasm_bindgen_test]
async fn a_clean_generated_policy_says_so_under_its_block() {
    let page = mount_with_hash(IRSA).await;
    for id in ["permission-policy", "trust-policy"] {
        let block = format!(r#"[data-artifact-id="{id}"]"#);
        assert!(
            page.query(&format!("{block} .artifact-lint")).is_some(),
            "{id} has no linter section"
        );
        for severity in ["error", "security-warning", "warning"] {
            assert!(
                page.query(&format!(r#"{block} .finding[data-severity="{severity}"]"#))
                    .is_none(),
                "{id}: {:?}",
                page.texts(&format!("{block} .finding"))
            );
        }
    }
    // Scripts and manifests are not policies, so they have no linter section.
    assert!(page.query(r#"[data-artifact-kind="aws-cli"] .artifact-lint"#).is_none());
    assert!(page
        .query(r#"[data-artifact-kind="kubernetes-manifest"] .artifact-lint"#)
        .is_none());
}

#[wasm_bindgen_test]
async fn the_setup_checks_say_what_they_compared_and_lead_to_their_docs() {
    let page = mount_with_hash(IRSA).await;
    assert_eq!(
        page.text(".setup-checks .lint-summary"),
        "The artifacts agree with each other."
    );
    assert!(page.query(".setup-checks .finding").is_none());
    // The trust against two bindings (eksctl, the SGCluster patch), two buckets, two role
    // ARNs, two documents, and the SGCluster that backs up to the object storage.
    let compared: Vec<(String, String)> = ["BR701", "BR702", "BR703", "BR704", "BR706"]
        .iter()
        .map(|code| {
            let line = page
                .query(&format!(r#".setup-check-list li[data-code="{code}"]"#))
                .unwrap();
            ((*code).to_owned(), line.get_attribute("data-compared").unwrap())
        })
        .collect();
    assert_eq!(
        compared,
        [
            ("BR701", "2"),
            ("BR702", "2"),
            ("BR703", "2"),
            ("BR704", "2"),
            ("BR706", "1")
        ]
        .map(|(c, n)| (c.to_owned(), n.to_owned()))
    );
    assert_eq!(
        page.query(".setup-checks .backups-verdict")
            .and_then(|p| p.get_attribute("data-backups-on"))
            .as_deref(),
        Some("true")
    );
    // A changed field changes every artifact alike, so the checks still agree.
    page.type_into("namespace", "backups").await;
    assert_eq!(
        page.text(".setup-checks .lint-summary"),
        "The artifacts agree with each other."
    );
    assert!(page
        .text(".setup-checks .backups-verdict")
        .starts_with("Backups are on"));
    page.click(r#".setup-check-list li[data-code="BR701"] button.rule-link"#);
    until(|| !page.is_hidden("#view-rules")).await;
    let docs = page.text("#rule-BR701");
    assert!(docs.contains("What it does"), "{docs}");
    assert!(page.query("#rule-BR701").unwrap().class_list().contains("targeted"));
}

#[wasm_bindgen_test]
async fn a_palette_pod_identity_policy_shows_its_documented_security_warning_and_its_rule() {
    let page = mount_with_hash(PALETTE_POD_IDENTITY).await;
    let finding = r#"[data-artifact-id="palette-permission-policy"] .finding[data-code="BR205"]"#;
    let item = page.query(finding).expect("the pass-role-on-wildcard finding");
    assert_eq!(item.get_attribute("data-severity").as_deref(), Some("security-warning"));
    assert!(page.text(finding).contains("iam:PassRole"), "{}", page.text(finding));
    let before = hash();
    assert!(page.is_hidden("#view-rules"));
    page.click(&format!("{finding} button.rule-link"));
    until(|| !page.is_hidden("#view-rules")).await;
    assert!(!page.is_hidden("#view-rules"));
    assert!(page.is_hidden("#view-setup"));
    let rule = page.query("#rule-BR205").expect("the rule's section");
    assert!(rule.class_list().contains("targeted"));
    let docs = page.text("#rule-BR205");
    for heading in ["What it does", "Why it matters", "Example", "Use instead", "References"] {
        assert!(docs.contains(heading), "{docs}");
    }
    // The rule's docs are the registry's, the same text as docs/rules.md.
    let registry = bucketrust_core::lint::rules::find("BR205").unwrap().docs();
    assert!(page.text("#rule-BR205 pre code").contains(registry.example.trim()));
    // Each reference links to the page it cites.
    for title in registry.references {
        let url = bucketrust_core::references::url(title).expect("every reference has a page");
        let link = format!(r#"#rule-BR205 .rule-references a[href="{url}"]"#);
        assert!(page.query(&link).is_some(), "no link to {url} for `{title}`");
    }
    // The link keeps the setup and names the view and the rule after it; the way back leads
    // to the setup and its link.
    assert_eq!(hash(), format!("{before}&view=rules&rule=BR205"));
    page.click("#view-rules button.back");
    settle().await;
    assert!(!page.is_hidden("#view-setup"));
    assert_eq!(hash(), before);
}

#[wasm_bindgen_test]
async fn a_pasted_policy_shows_its_findings_and_a_finding_moves_the_cursor() {
    let page = mount_with_hash(IRSA).await;
    page.click("#tab-lint");
    settle().await;
    assert!(!page.is_hidden("#view-lint"));
    assert!(page.is_hidden("#view-setup"));
    assert_eq!(
        page.query("#tab-lint")
            .unwrap()
            .get_attribute("aria-selected")
            .as_deref(),
        Some("true")
    );
    // The textarea and the picker have labels.
    assert!(page.query(r#"label[for="lint-text"]"#).is_some());
    assert!(page.query(r#"label[for="lint-kind"]"#).is_some());

    page.paste_policy(MISMATCHED_POLICY).await;
    let selector = r#"#view-lint .finding[data-code="BR104"]"#;
    let finding = page.query(selector).expect("the action-resource-mismatch finding");
    assert_eq!(finding.get_attribute("data-severity").as_deref(), Some("error"));
    let line: usize = finding.get_attribute("data-line").unwrap().parse().unwrap();
    let column: usize = finding.get_attribute("data-column").unwrap().parse().unwrap();
    assert_eq!(line, 6, "{}", page.text(selector));
    assert!(
        page.text(selector).starts_with(&format!("error{line}:{column}")),
        "{}",
        page.text(selector)
    );
    // The line-numbered rendering marks the finding's line.
    let marked = page.query(&format!(r#".lint-lines li[data-line="{line}"]"#)).unwrap();
    assert!(marked.class_list().contains("marked"));
    assert!(marked.class_list().contains("severity-error"));

    page.click(&format!("{selector} button.finding-go"));
    settle().await;
    let textarea = page.textarea();
    let start = textarea.selection_start().unwrap().unwrap() as usize;
    let value = textarea.value();
    let before: Vec<&str> = value[..start].split('\n').collect();
    assert_eq!(before.len(), line, "the cursor is on the finding's line");
    assert_eq!(before.last().unwrap().chars().count() + 1, column, "and at its column");
    let selected = &value[start..textarea.selection_end().unwrap().unwrap() as usize];
    assert_eq!(selected, "\"s3:ListBucket\"", "the offending value is selected");
    let active = document().active_element().unwrap();
    assert_eq!(active.id(), "lint-text", "the textarea has the focus");
    let current = page.query(".lint-lines li.current").expect("a current line");
    assert_eq!(current.get_attribute("data-line"), Some(line.to_string()));

    // Editing the text clears the current line, which may no longer be the finding's.
    page.paste_policy(&format!("{MISMATCHED_POLICY}\n")).await;
    assert!(page.query(".lint-lines li.current").is_none());
}

#[wasm_bindgen_test]
async fn the_kind_picker_decides_how_a_policy_is_checked() {
    let page = mount_with_hash(IRSA).await;
    page.paste_policy(MISMATCHED_POLICY).await;
    assert!(
        page.text("#lint-kind-help").contains("identity (permission) policy"),
        "{}",
        page.text("#lint-kind-help")
    );
    let select: HtmlSelectElement = page.query("select#lint-kind").unwrap().unchecked_into();
    select.set_value("trust");
    dispatch(&select, "change");
    settle().await;
    assert!(
        page.text("#lint-kind-help").contains("role trust policy"),
        "{}",
        page.text("#lint-kind-help")
    );
    // As a trust policy it lacks a principal.
    assert!(page.query(r#"#view-lint .finding[data-code="BR010"]"#).is_some());
}

#[wasm_bindgen_test]
async fn the_pasted_policy_stays_out_of_the_link_and_storage() {
    let page = mount_with_hash(IRSA).await;
    let before = hash();
    page.click("#tab-lint");
    page.paste_policy(MISMATCHED_POLICY).await;
    assert!(page.query("#view-lint .finding").is_some());
    assert_eq!(hash(), format!("{before}&view=lint"));
    assert!(!hash().contains("ListBucket"), "{}", hash());
    let window = web_sys::window().unwrap();
    for storage in [
        window.local_storage().unwrap().unwrap(),
        window.session_storage().unwrap().unwrap(),
    ] {
        assert_eq!(storage.length().unwrap(), 0);
    }
    // Switching back to the setup shows the same setup, its link intact.
    page.click("#tab-setup");
    settle().await;
    assert!(!page.is_hidden("#view-setup"));
    assert_eq!(hash(), before);
    let bucket: HtmlInputElement = page.query("input#bucket").unwrap().unchecked_into();
    assert_eq!(bucket.value(), "my-stackgres-bucket");
}

#[wasm_bindgen_test]
async fn an_embed_link_shows_the_form_and_the_asked_artifacts_only() {
    let page = mount_with_hash(&format!(
        "#embed&{}&lock=target,auth&show=trust-policy,nope",
        &IRSA[1..]
    ))
    .await;
    assert!(page.query(".site-header").is_none());
    assert!(page.query("[role=tablist]").is_none());
    assert_eq!(page.texts("section[data-artifact-id]").len(), 1);
    assert!(page.query(r#"section[data-artifact-id="trust-policy"]"#).is_some());
    // The setup checks' verdict stays, and so do the policy's findings.
    assert!(page.query(".setup-checks .backups-verdict").is_some());
    assert!(page
        .query(r#"[data-artifact-id="trust-policy"] .artifact-lint"#)
        .is_some());
    // An id the setup does not have is said, not ignored.
    assert!(page.query(r#"[data-missing-artifacts="nope"]"#).is_some());
    let target: HtmlSelectElement = page.query("select#target").unwrap().unchecked_into();
    assert!(target.disabled());
    let bucket: HtmlInputElement = page.query("input#bucket").unwrap().unchecked_into();
    assert!(!bucket.read_only());
    assert!(page.query(".setup-actions").is_none());
    // The full page's link carries the setup and nothing of the embed.
    let open = page.query("a.open-full").unwrap().get_attribute("href").unwrap();
    let fragment = open.split_once('#').unwrap().1;
    assert_eq!(fragment, &IRSA[1..]);
    // A rule link opens the full page's rules view in a new tab.
    let rule = page.query(r#".setup-checks a.rule-link"#).unwrap();
    assert_eq!(rule.get_attribute("target").as_deref(), Some("_blank"));
    assert!(rule.get_attribute("href").unwrap().contains("&view=rules&rule=BR70"));
    assert!(document().document_element().unwrap().class_list().contains("embed"));
    drop(page);
    set_hash("");
}

#[wasm_bindgen_test]
async fn the_tab_title_names_the_scenario_and_the_theme_comes_from_the_link() {
    let page = mount_with_hash(&format!("{IRSA}&theme=dark")).await;
    assert_eq!(
        document().title(),
        "StackGres (Postgres backups), IAM roles for service accounts (IRSA) · bucketrust"
    );
    let root = document().document_element().unwrap();
    assert_eq!(root.get_attribute("data-theme").as_deref(), Some("dark"));
    assert!(hash().ends_with("&theme=dark"), "{}", hash());
    page.click("#tab-rules");
    settle().await;
    assert_eq!(document().title(), "Linter rules · bucketrust");
    assert!(hash().ends_with("&theme=dark&view=rules"), "{}", hash());
    drop(page);
    set_hash("");
}

#[wasm_bindgen_test]
async fn a_rule_link_opens_that_rule() {
    let page = mount_with_hash(&format!("{IRSA}&view=rules&rule=BR201")).await;
    assert!(!page.is_hidden("#view-rules"));
    assert!(page.is_hidden("#view-setup"));
    assert!(page.query("#rule-BR201").unwrap().class_list().contains("targeted"));
    // Unknown page keys are reported with the setup's link problems, and dropped.
    drop(page);
    let page = mount_with_hash(&format!("{IRSA}&view=settings")).await;
    let summary = page.text(".error-summary");
    assert!(
        summary.contains("dropped from the link: view settings: the views are"),
        "{summary}"
    );
    assert!(!hash().contains("view="), "{}", hash());
}
