//! The stream fast path (`Document::read_str_fast`: top-level keys scanned from the text, the
//! document decoded straight from it) gives exactly what the ordinary path gives, or steps
//! aside: over generated documents, mutated ones and ones with a duplicate key.

use proptest::prelude::*;
use versori::model::arbitrary::{self, mutate};
use versori::model::{Document, Hint, json};

/// What the ordinary path reads from `text` (None when it reads nothing, or a duplicate key
/// makes the text unsafe to read).
fn ordinary(text: &str, hint: Hint) -> Option<Document> {
    let parsed = json::from_str(text).ok()?;
    if !parsed.duplicates.is_empty() {
        return None;
    }
    Document::read_as(parsed.value, hint).ok()
}

fn agrees(text: &str, hint: Hint) -> Result<bool, TestCaseError> {
    // Detection from the text names what detection from the value names.
    if let Some(found) = Document::detect_str_fast(text, hint) {
        let parsed = json::from_str(text);
        prop_assert!(
            parsed.as_ref().is_ok_and(|p| p.duplicates.is_empty()),
            "detected from text the ordinary reader refuses: {}",
            text
        );
        let value = parsed.expect("checked").value;
        prop_assert_eq!(Document::detect_as(&value, hint), Ok(found), "{}", text);
    }
    let fast = Document::read_str_fast(text, hint);
    if let Some(fast) = &fast {
        let slow = ordinary(text, hint);
        prop_assert!(
            slow.is_some(),
            "the fast path read what the ordinary one refuses: {}",
            text
        );
        let slow = slow.expect("checked");
        prop_assert_eq!(fast, &slow, "the fast path read something else: {}", text);
        // And it writes back the same bytes.
        prop_assert_eq!(
            serde_json::to_string(fast).expect("serializes"),
            serde_json::to_string(&slow).expect("serializes")
        );
    }
    Ok(fast.is_some())
}

proptest! {
    #[test]
    fn generated_documents_take_the_fast_path_when_they_can(doc in arbitrary::document()) {
        let text = serde_json::to_string(&doc).expect("serializes");
        agrees(&text, Hint::default())?;
        // Given version and kind, a generated document always decodes on the fast path unless
        // its keys fit another shape equally well or it holds an escaped or repeated key.
        let exact = Hint::default().version(doc.api_version()).kind(doc.kind());
        agrees(&text, exact)?;
    }

    #[test]
    fn mutated_documents_agree_or_step_aside(case in mutate::mutated()) {
        let text = serde_json::to_string(&case.value).expect("serializes");
        agrees(&text, Hint::default())?;
        agrees(&text, Hint::default().version(case.original.api_version()))?;
    }

    #[test]
    fn a_duplicate_key_always_takes_the_ordinary_path(case in mutate::with_duplicate_key()) {
        let (doc, text, _) = case;
        prop_assert!(Document::read_str_fast(&text, Hint::default()).is_none());
        let exact = Hint::default().version(doc.api_version()).kind(doc.kind());
        prop_assert!(Document::read_str_fast(&text, exact).is_none(), "{}", text);
    }
}

/// Most generated documents do take the fast path (else it would be a path in name only).
#[test]
fn the_fast_path_is_taken_for_most_documents() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let (mut fast, mut detected, mut total) = (0, 0, 0);
    for _ in 0..256 {
        let doc = arbitrary::document()
            .new_tree(&mut runner)
            .expect("a tree")
            .current();
        let text = serde_json::to_string(&doc).expect("serializes");
        let exact = Hint::default().version(doc.api_version()).kind(doc.kind());
        total += 1;
        fast += usize::from(Document::read_str_fast(&text, exact).is_some());
        detected += usize::from(Document::read_str_fast(&text, Hint::default()).is_some());
    }
    assert!(
        fast * 10 >= total * 9,
        "only {fast} of {total} generated documents took the fast path"
    );
    // Without a hint some shapes are ambiguous by nature (a v1 connection and a v1alpha1
    // environment), but tied shapes are decoded from the text, not sent to the ordinary path.
    assert!(
        detected * 10 >= total * 9,
        "only {detected} of {total} generated documents took the fast path without a hint"
    );
}

/// Every line of the bundled v1 credential stream ties between a v1 and a v2 credential on its
/// keys; the fast path breaks the tie from the text exactly as detection does from a value.
#[test]
fn tied_credentials_take_the_fast_path_and_agree() {
    let stream = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/streams/v1-credentials.ndjson"
    ))
    .expect("the bundled stream");
    let mut lines = 0;
    for line in stream.lines().filter(|line| !line.trim().is_empty()) {
        lines += 1;
        let fast = Document::read_str_fast(line, Hint::default());
        assert!(fast.is_some(), "the fast path stepped aside: {line}");
        assert_eq!(fast, ordinary(line, Hint::default()), "{line}");
        let found = Document::detect_str_fast(line, Hint::default()).expect("detected");
        let value: serde_json::Value = serde_json::from_str(line).expect("JSON");
        assert_eq!(Some(found), Document::detect(&value).ok(), "{line}");
    }
    assert!(lines >= 10, "only {lines} lines in the bundled stream");
}
