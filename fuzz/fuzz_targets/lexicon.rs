//! Lexicon loading: `Lexicon::load_tsv`, `load_modifiers` and `load_label_file` on
//! arbitrary UTF-8 text must give `Ok` or a typed `Error::Lexicon` naming the origin
//! and a line that exists, and never panic. Whatever got loaded (also the lines
//! before an error) must then be usable: every entry well-formed, and the pipeline
//! over the fixed messages, the input text and the loaded words must not panic and
//! must give finite weights and probabilities that sum to 1.
//!
//! The first byte picks what happens to the rest (the text):
//!
//! | bits of `data[0]` | meaning |
//! |---|---|
//! | `& 3` | 0 `load_tsv`, 1 `load_modifiers`, 2 `load_label_file`, 3 all three in turn |
//! | `& 4` | start from the shipped lexicon (duplicates of real entries) instead of an empty one |
//! | `>> 4` | the label of `load_label_file` (mod 9) |
//! | `& 0xf8 == 8` | also build a real `Classifier` with the lexicon (when it loaded without error and is not empty) and classify with it |
//!
//! Building a classifier rebuilds jieba's dictionary (about 0.6 s under the sanitizer),
//! so only one mode byte in 32 asks for it: with a wider gate the inputs that take
//! that path come to fill the corpus and the run slows to about 130 inputs a second.
//!
//! Every input runs the pipeline with the default classifier's segmenter and
//! model and the fuzzed lexicon (`segment_into`, `scoring::analyse`,
//! `features::extract_into`, `probabilities`), which is fast.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use zh_emotion::features::{extract_into, SparseFeatures};
use zh_emotion::lexicon::MAX_STRENGTH;
use zh_emotion::normalize::normalize;
use zh_emotion::scoring::analyse;
use zh_emotion::{Classifier, ClassifierBuilder, Emotion, Error, Lexicon, ModifierKind};
use zh_emotion_fuzz::{check_result, FIXED_MESSAGES};

static SHIPPED: LazyLock<Lexicon> = LazyLock::new(Lexicon::embedded);
static DEFAULT: LazyLock<Classifier> = LazyLock::new(|| Classifier::builder().preload().build());

fn check_entries(lexicon: &Lexicon) {
    for (word, info) in lexicon.iter() {
        assert!(!word.is_empty(), "empty word in the lexicon");
        assert!(
            !word.chars().any(char::is_whitespace),
            "word {word:?} has whitespace"
        );
        assert_eq!(lexicon.get(word), Some(info));
        for (_, strength) in &info.emotions {
            assert!(
                strength.is_finite() && *strength > 0.0 && *strength <= MAX_STRENGTH,
                "strength {strength} of {word:?}"
            );
        }
        for kind in ModifierKind::ALL {
            if let Some(v) = info.modifier(kind) {
                assert!(v.is_finite() && v > 0.0, "{kind:?} value {v} of {word:?}");
            }
        }
    }
}

/// The classifier's pipeline with the default segmenter and model and `lexicon`.
fn pipeline(lexicon: &Lexicon, text: &str) {
    let normalized = normalize(text);
    let s = normalized.as_str();
    let mut tokens = Vec::new();
    DEFAULT.segmenter().segment_into(s, lexicon, &mut tokens);
    let mut at = 0;
    for t in &tokens {
        assert_eq!(t.start, at, "tokens do not tile {s:?}: {tokens:?}");
        assert!(
            t.start < t.end && s.is_char_boundary(t.end),
            "token {t:?} of {s:?}"
        );
        at = t.end;
    }
    assert_eq!(at, s.len(), "tokens do not cover {s:?}");

    let analysis = analyse(&normalized, &tokens, lexicon);
    assert!(analysis.label_weights.iter().all(|w| w.is_finite()));
    let spans = analysis
        .hits
        .iter()
        .flat_map(|h| std::iter::once(&h.span).chain(h.modifiers.iter().map(|m| &m.span)));
    for span in spans {
        assert!(s.get(span.clone()).is_some(), "hit span {span:?} of {s:?}");
        let original = normalized.original_span(span.clone());
        assert!(
            text.get(original.clone()).is_some(),
            "span {original:?} of {text:?}"
        );
    }
    for h in &analysis.hits {
        assert!(h.weight.is_finite() && h.strength.is_finite());
    }

    let model = DEFAULT.model();
    let mut features = SparseFeatures::default();
    extract_into(
        &normalized,
        &tokens,
        &analysis,
        model.hash_bits(),
        &mut features,
    );
    assert!(features.entries.iter().all(|(_, v)| v.is_finite()));
    let p = model.probabilities(&features);
    let sum: f32 = p.iter().sum();
    assert!(
        p.iter().all(|v| v.is_finite()) && (sum - 1.0).abs() <= 1e-4,
        "{p:?}"
    );
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let mut lexicon = if mode & 4 != 0 {
        SHIPPED.clone()
    } else {
        Lexicon::empty()
    };
    let label = Emotion::ALL[usize::from(mode >> 4) % Emotion::COUNT];
    let loaded = match mode & 3 {
        0 => lexicon.load_tsv("fuzz.tsv", text),
        1 => lexicon.load_modifiers("fuzz-modifiers.tsv", text),
        2 => lexicon.load_label_file("fuzz-label.tsv", label, text),
        _ => {
            // Each loader keeps going on what the previous ones added.
            let tsv = lexicon.load_tsv("fuzz.tsv", text);
            let modifiers = lexicon.load_modifiers("fuzz-modifiers.tsv", text);
            let labels = lexicon.load_label_file("fuzz-label.tsv", label, text);
            tsv.and(modifiers).and(labels)
        }
    };
    match &loaded {
        Ok(()) => {}
        Err(Error::Lexicon { origin, line, .. }) => {
            assert!(origin.starts_with("fuzz"), "origin {origin:?}");
            assert!(
                (1..=text.lines().count()).contains(line),
                "line {line} of a {}-line text",
                text.lines().count()
            );
        }
        Err(other) => panic!("unexpected error type: {other:?}"),
    }
    check_entries(&lexicon);

    // The loaded words side by side, so that the fuzzed entries fire.
    let mut words: Vec<&str> = if mode & 4 != 0 {
        Vec::new() // the shipped lexicon's 4,000 words: too slow for every input
    } else {
        lexicon.iter().map(|(w, _)| w).collect()
    };
    words.sort_unstable();
    let joined = words.join("");
    let messages = FIXED_MESSAGES.into_iter().chain([text, joined.as_str()]);
    for message in messages.clone() {
        pipeline(&lexicon, message);
    }

    if mode & 0xf8 == 8 && loaded.is_ok() && !lexicon.is_empty() {
        let classifier = ClassifierBuilder::new().lexicon(lexicon).build();
        for message in messages {
            check_result(
                message,
                &classifier.classify(message),
                classifier.max_chars(),
            );
        }
    }
});
