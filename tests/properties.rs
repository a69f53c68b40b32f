//! Properties over arbitrary input: no panic, scores sum to 1, values in range,
//! evidence and aspects on char boundaries inside the input, deterministic results.

use proptest::prelude::*;
use zh_emotion::Classifier;

fn check(classifier: &Classifier, text: &str) {
    let r = classifier.classify(text);
    let sum: f32 = r.scores.iter().map(|(_, s)| s).sum();
    assert!(r
        .scores
        .iter()
        .all(|(_, s)| s.is_finite() && (0.0..=1.0).contains(&s)));
    assert!((sum - 1.0).abs() < 1e-4, "sum {sum}");
    assert!((0.0..=1.0).contains(&r.intensity));
    assert!((-1.0..=1.0).contains(&r.polarity));
    for e in &r.evidence {
        assert!(e.start <= e.end && e.end <= text.len());
        assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
        assert_eq!(&text[e.start..e.end], e.text);
    }
    let mut last_end = 0;
    for a in &r.aspects {
        assert!(a.start < a.end && a.end <= text.len(), "{a:?}");
        assert!(text.is_char_boundary(a.start) && text.is_char_boundary(a.end));
        assert_eq!(&text[a.start..a.end], a.text);
        assert!(a.start >= last_end, "aspects overlap or are out of order");
        last_end = a.end;
        assert!(a.polarity.is_finite() && (-1.0..=1.0).contains(&a.polarity));
        assert!((0.0..=1.0).contains(&a.intensity));
        assert!(a.targets.iter().all(|t| a.text.contains(t.as_str())));
    }
    if text.trim().is_empty() {
        assert!(r.aspects.is_empty());
    }
    assert_eq!(r, classifier.classify(text), "not deterministic");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_string(text in any::<String>()) {
        check(&Classifier::builder().aspects(true).build(), &text);
    }

    #[test]
    fn chinese_with_punctuation_and_emoji(
        text in "[\u{4e00}-\u{4fff}满意不很非常太急死了但是呵呵！？!?。，…😡😭👍 a-zA-Z0-9\u{200d}\u{0}\u{202e}]{0,80}"
    ) {
        check(&Classifier::builder().aspects(true).build(), &text);
    }
}
