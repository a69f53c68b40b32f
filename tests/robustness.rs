//! Robustness: arbitrary Unicode, bounded work, concurrency, custom data that cannot
//! break the shared default, and the behavioural invariants of the classifier.

use std::sync::Arc;

use proptest::prelude::*;
use zh_emotion::{Classifier, ClassifierBuilder, Emotion, EmotionResult, Lexicon, LinearModel};

fn check_well_formed(text: &str, r: &EmotionResult) {
    let sum: f32 = r.scores.iter().map(|(_, s)| s).sum();
    assert!(
        r.scores.iter().all(|(_, s)| s.is_finite()),
        "{:?}",
        r.scores
    );
    assert!((sum - 1.0).abs() < 1e-4, "sum {sum}");
    assert!((0.0..=1.0).contains(&r.intensity), "{}", r.intensity);
    assert!((-1.0..=1.0).contains(&r.polarity), "{}", r.polarity);
    for e in &r.evidence {
        assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end) && e.start <= e.end);
        for m in &e.modifiers {
            assert!(
                text.is_char_boundary(m.start) && text.is_char_boundary(m.end) && m.start <= m.end
            );
        }
    }
}

/// Pieces of awkward Unicode to glue together.
fn awkward_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("\u{0}".to_string()),
        Just("\u{7}\u{1b}[31m".to_string()),
        Just("e\u{301}\u{302}\u{303}".to_string()), // combining marks
        Just("\u{202e}مرحبا\u{202c}שלום".to_string()), // right-to-left text and overrides
        Just("👨‍👩‍👧‍👦👍🏽🏳️‍🌈".to_string()),                 // ZWJ sequences and skin tones
        Just("\u{e000}\u{f8ff}\u{10fffd}".to_string()), // private use
        Just("！？。，…~".to_string()),
        Just("\u{feff}\u{200b}\u{200d}".to_string()),
        Just("ＡＢＣ１２３".to_string()),
        Just("https://例子.cn/?q=满意".to_string()),
        "[\u{4e00}-\u{9fff}]{1,12}",
        "[满意不很非常太急死了但是呵呵难道谢谢失望恶心]{1,8}",
        any::<String>(),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn awkward_unicode_never_panics(pieces in prop::collection::vec(awkward_piece(), 0..8)) {
        let text: String = pieces.concat();
        let r = Classifier::default().classify(&text);
        check_well_formed(&text, &r);
    }

    #[test]
    fn arbitrary_bytes_are_either_classified_or_a_typed_error(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        match Classifier::default().classify_bytes(&bytes) {
            Ok(r) => check_well_formed(std::str::from_utf8(&bytes).unwrap(), &r),
            Err(zh_emotion::Error::InvalidUtf8 { position }) => {
                prop_assert!(std::str::from_utf8(&bytes).is_err());
                prop_assert_eq!(std::str::from_utf8(&bytes).unwrap_err().valid_up_to(), position);
            }
            Err(e) => prop_assert!(false, "unexpected error {}", e),
        }
    }
}

#[test]
fn very_long_inputs_are_bounded_and_flagged() {
    let text = "东西不错但是物流太慢了！".repeat(10_000); // 120,000 characters
    let r = Classifier::default().classify(&text);
    check_well_formed(&text, &r);
    assert!(r.truncated);
    let small = ClassifierBuilder::new().max_chars(100).build();
    let r = small.classify(&text);
    assert!(r.truncated);
    assert!(r
        .evidence
        .iter()
        .all(|e| e.end <= text.char_indices().nth(100).unwrap().0));
    assert!(!small.classify("好评").truncated);
}

#[test]
fn many_threads_get_exactly_the_serial_results() {
    let messages: Vec<String> = [
        "快递三天了还没到，急死了！",
        "谢谢客服，辛苦了",
        "什么破服务！！！",
        "请问怎么开发票",
        "東西質量太差了，很不滿意",
        "",
        "😡😡😡",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let classifier = Classifier::default();
    let serial: Vec<EmotionResult> = messages.iter().map(|m| classifier.classify(m)).collect();
    let messages = Arc::new(messages);
    let serial = Arc::new(serial);
    let threads: Vec<_> = (0..16)
        .map(|t| {
            let (classifier, messages, serial) =
                (classifier.clone(), messages.clone(), serial.clone());
            std::thread::spawn(move || {
                for round in 0..20 {
                    let i = (t + round) % messages.len();
                    assert_eq!(classifier.classify(&messages[i]), serial[i]);
                }
                assert_eq!(&classifier.classify_batch(&messages), serial.as_ref());
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
}

#[test]
fn custom_lexicon_entries_do_not_touch_the_shared_default() {
    let text = "这个客服太拖拖拉拉了";
    let before = Classifier::default().classify(text);
    let mut lexicon = Lexicon::embedded();
    lexicon
        .add_emotion_word("拖拖拉拉", Emotion::Anger, 3.0)
        .unwrap();
    let custom = ClassifierBuilder::new().lexicon(lexicon).build();
    let with_word = custom.classify(text);
    assert!(with_word.evidence.iter().any(|e| e.text == "拖拖拉拉"));
    assert_eq!(Classifier::default().classify(text), before);
    assert!(!Classifier::default()
        .classify(text)
        .evidence
        .iter()
        .any(|e| e.text == "拖拖拉拉" && e.emotion == Emotion::Anger && e.weight >= 3.0));
}

#[test]
fn corrupt_model_files_are_typed_errors_through_the_builder() {
    let dir = std::env::temp_dir().join(format!("zh-emotion-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("bad.bin");
    std::fs::write(&path, b"ZHEMOMDL\x02\x00\x00\x00garbage").unwrap();
    assert!(matches!(
        ClassifierBuilder::new().model_file(&path),
        Err(zh_emotion::Error::Model { .. })
    ));
    // A file of the format before the verdict and intensity heads.
    std::fs::write(&path, b"ZHEMOMDL\x01\x00\x00\x00garbage").unwrap();
    assert!(matches!(
        ClassifierBuilder::new().model_file(&path),
        Err(zh_emotion::Error::ModelVersion {
            found: 1,
            supported: 2
        })
    ));
    assert!(matches!(
        ClassifierBuilder::new().model_file(dir.join("missing.bin")),
        Err(zh_emotion::Error::Io(_))
    ));
    assert!(ClassifierBuilder::new().model_bytes(&[]).is_err());
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---- invariants -------------------------------------------------------------

/// Neutral context for the invariants, written for these tests.
const PREFIXES: [&str; 6] = [
    "",
    "这次",
    "我觉得",
    "说实话，这个",
    "今天收到的东西",
    "客服的回复",
];
const SUFFIXES: [&str; 5] = ["", "。", "！", "，就这样", "了"];
const NEUTRAL_TAILS: [&str; 5] = [
    "我明天在家。",
    "订单是上周下的。",
    " ",
    "\n",
    "我住在北京。",
];

/// Single-label lexicon words of `label` that jieba keeps apart from a preceding `modifier`.
fn words_of(label: Emotion, modifier: &str) -> Vec<String> {
    let classifier = Classifier::default();
    let lexicon = classifier.lexicon();
    let mut words: Vec<String> = lexicon
        .iter()
        .filter(|(w, info)| {
            info.emotions.len() == 1
                && info.emotions[0].0 == label
                && info.negation.is_none()
                && info.degree.is_none()
                && info.contrast.is_none()
                && info.sarcasm.is_none()
                && info.rhetorical.is_none()
                && w.chars().count() >= 2
                && w.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
        })
        .map(|(w, _)| w.to_string())
        // Not 太一般了 after 太: that makes a repetition (太太), a signal of its own.
        // Nor a word that opens with a degree word of its own (很好, 非常好): two
        // degree words in a row (非常很好) are no Chinese, and the property is about
        // adding one.
        .filter(|w| {
            lexicon.get(&format!("{modifier}{w}")).is_none()
                && !w.starts_with(modifier.chars().last().unwrap_or(' '))
                && !w.char_indices().skip(1).any(|(i, _)| {
                    lexicon
                        .get(&w[..i])
                        .is_some_and(|info| info.degree.is_some())
                })
        })
        .collect();
    words.sort();
    words
}

/// True when the modifier and the word come out as separate tokens in `text`.
fn separately_segmented(text: &str, modifier: &str, word: &str) -> bool {
    let classifier = Classifier::default();
    let mut tokens = Vec::new();
    classifier
        .segmenter()
        .segment_into(text, classifier.lexicon(), &mut tokens);
    let words: Vec<&str> = tokens.iter().map(|t| &text[t.clone()]).collect();
    words.windows(2).any(|w| w[0] == modifier && w[1] == word)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(120))]

    /// 非常/太 before an emotion word never lowers that emotion's score or the intensity.
    #[test]
    fn degree_words_never_lower_score_or_intensity(
        label in prop::sample::select(vec![Emotion::Anger, Emotion::Disappointment, Emotion::Anxiety, Emotion::Sadness, Emotion::Disgust, Emotion::Joy, Emotion::Gratitude]),
        degree in prop::sample::select(vec!["非常", "太"]),
        pick in any::<prop::sample::Index>(),
        prefix in prop::sample::select(PREFIXES.to_vec()),
        suffix in prop::sample::select(SUFFIXES.to_vec()),
    ) {
        let words = words_of(label, degree);
        let word = pick.get(&words);
        let plain = format!("{prefix}{word}{suffix}");
        let strong = format!("{prefix}{degree}{word}{suffix}");
        prop_assume!(separately_segmented(zh_emotion::normalize::normalize(&strong).as_str(), degree, word));
        let c = Classifier::default();
        let (a, b) = (c.classify(&plain), c.classify(&strong));
        prop_assert!(b.scores.get(label) >= a.scores.get(label) - 1e-6,
            "{plain} {} -> {strong} {}", a.scores.get(label), b.scores.get(label));
        if a.emotion == label && b.emotion == label {
            prop_assert!(b.intensity >= a.intensity - 1e-6, "{plain} {} -> {strong} {}", a.intensity, b.intensity);
        }
    }

    /// 不 before a joy word never raises joy's score.
    #[test]
    fn negated_joy_words_never_raise_joy(
        pick in any::<prop::sample::Index>(),
        prefix in prop::sample::select(PREFIXES.to_vec()),
        suffix in prop::sample::select(SUFFIXES.to_vec()),
    ) {
        let words = words_of(Emotion::Joy, "不");
        let word = pick.get(&words);
        let plain = format!("{prefix}{word}{suffix}");
        let negated = format!("{prefix}不{word}{suffix}");
        prop_assume!(separately_segmented(zh_emotion::normalize::normalize(&negated).as_str(), "不", word));
        let c = Classifier::default();
        let (a, b) = (c.classify(&plain), c.classify(&negated));
        prop_assert!(b.scores.get(Emotion::Joy) <= a.scores.get(Emotion::Joy) + 1e-6,
            "{plain} {} -> {negated} {}", a.scores.get(Emotion::Joy), b.scores.get(Emotion::Joy));
    }

    /// Appending a neutral sentence or whitespace keeps the label of a clearly emotional message.
    #[test]
    fn neutral_tails_keep_clear_labels(
        message in prop::sample::select(vec![
            "你们这什么破服务，一群骗子！气死我了！！！",
            "太失望了，收到的东西跟描述完全不符，下次不会再买了",
            "快递三天了还没到，急死了！",
            "等了一个月的生日礼物被弄丢了，好难过，我都哭了",
            "外卖里吃出一只虫子，太恶心了，想吐",
            "质量很好，非常满意，超喜欢！",
            "谢谢客服耐心解答，辛苦了！",
        ]),
        tail in prop::sample::select(NEUTRAL_TAILS.to_vec()),
    ) {
        let c = Classifier::default();
        let a = c.classify(message);
        let b = c.classify(&format!("{message}{tail}"));
        prop_assert_eq!(a.emotion, b.emotion, "{} + {:?}", message, tail);
    }
}

#[test]
fn results_do_not_depend_on_hash_order_across_classifiers() {
    // Two independently built classifiers (separate lexicon maps, separate hash seeds)
    // agree exactly.
    let a = ClassifierBuilder::new()
        .lexicon(Lexicon::embedded())
        .build();
    let b = ClassifierBuilder::new()
        .lexicon(Lexicon::embedded())
        .build();
    for text in [
        "东西不错，但是物流太慢了",
        "呵呵，真是太“好”了",
        "不是很满意",
    ] {
        assert_eq!(a.classify(text), b.classify(text));
        assert_eq!(a.classify(text), Classifier::default().classify(text));
    }
}

// ---- regressions found by fuzzing (fuzz/README.md) ----------------------------

/// Writes the FNV-1a 64 checksum of the model format (`src/pipeline/model.rs`) at the end of
/// `bytes`, so that a hand-edited model passes the checksum.
fn with_checksum(mut bytes: Vec<u8>) -> Vec<u8> {
    let body_end = bytes.len() - 8;
    let sum = bytes[..body_end]
        .iter()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
        });
    bytes[body_end..].copy_from_slice(&sum.to_le_bytes());
    bytes
}

/// A model with 2^8 hashed features whose weights for `label` are set by `weight(row)`.
fn extreme_model(label: Emotion, weight: impl Fn(usize) -> f32) -> LinearModel {
    use zh_emotion::intensity::INTENSITY_FEATURES;
    let zeros = LinearModel::zeros(8).unwrap();
    let rows = zeros.feature_count();
    let mut bytes = zeros.to_bytes();
    // After the 28-byte header and the nine length-prefixed label ids: biases,
    // intensity coefficients, then one row of weights per feature.
    let floats_at = (0..Emotion::COUNT).fold(28, |at, _| at + 1 + usize::from(bytes[at]));
    let weights_at = floats_at + 4 * (Emotion::COUNT + INTENSITY_FEATURES);
    for row in 0..rows {
        let at = weights_at + 4 * (row * Emotion::COUNT + label.index());
        bytes[at..at + 4].copy_from_slice(&weight(row).to_le_bytes());
    }
    LinearModel::from_bytes(&with_checksum(bytes)).expect("finite weights load")
}

/// Found by the `model_bytes` fuzz target: finite weights of both signs at the edge
/// of the f32 range (which `from_bytes` accepts) made one logit ∞ − ∞ = NaN, and the
/// softmax turned every score into NaN (and the polarity with them).
#[test]
fn extreme_finite_weights_still_give_a_distribution() {
    use zh_emotion::features::SparseFeatures;
    // The fuzzer's case, reduced: two features at 4 with weights f32::MAX and f32::MIN.
    let model = extreme_model(Emotion::Surprise, |row| match row {
        0 => f32::MAX,
        1 => f32::MIN,
        _ => 0.0,
    });
    let features = SparseFeatures {
        entries: vec![(0, 4.0), (1, 4.0)],
    };
    let p = model.probabilities(&features);
    let sum: f32 = p.iter().sum();
    assert!(
        p.iter().all(|v| v.is_finite()) && (sum - 1.0).abs() < 1e-4,
        "{p:?}"
    );

    // Through the classifier: every weight of one label at ±f32::MAX in turn.
    let model = extreme_model(Emotion::Anger, |row| {
        if row % 2 == 0 {
            f32::MAX
        } else {
            f32::MIN
        }
    });
    let classifier = ClassifierBuilder::new().model(model).build();
    for text in [
        "什么破服务！！！等了一个小时客服都不回，你们是不是不想干了？",
        "谢谢客服小姐姐耐心解答，问题已经解决了，辛苦啦🙏",
        "请问发票怎么开？",
    ] {
        check_well_formed(text, &classifier.classify(text));
    }
}
