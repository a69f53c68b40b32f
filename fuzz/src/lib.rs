//! Invariants shared by the fuzz targets: what every [`EmotionResult`] must satisfy,
//! whatever the input, lexicon or model.

use zh_emotion::{Emotion, EmotionResult};

/// Messages classified with every custom model or lexicon the fuzzers load.
pub const FIXED_MESSAGES: [&str; 4] = [
    "什么破服务！！！等了一个小时客服都不回，你们是不是不想干了？",
    "呵呵，说好的24小时发货，一周了还没动静，你们可真行😡",
    "谢谢客服小姐姐耐心解答，问题已经解决了，辛苦啦🙏",
    "衣服质量还行，但是颜色跟图片差太多了，有点失望。",
];

/// Panics unless `r`, the result of classifying `text` with a classifier whose
/// maximum length is `max_chars`, satisfies the documented contract:
/// scores finite in [0, 1] summing to 1 (±1e-4), `emotion` the best score, intensity
/// in [0, 1] (0 for neutral), polarity in [-1, 1], `truncated` exactly when `text`
/// has more than `max_chars` characters, and evidence spans that are char boundaries
/// inside the classified part of `text` whose text is that slice; aspects likewise, in
/// order and not overlapping, with finite polarity and intensity in range.
pub fn check_result(text: &str, r: &EmotionResult, max_chars: usize) {
    let scores = r.scores.as_array();
    assert!(
        scores
            .iter()
            .all(|s| s.is_finite() && (0.0..=1.0).contains(s)),
        "scores {scores:?} for {text:?}"
    );
    let sum: f32 = scores.iter().sum();
    assert!(
        (sum - 1.0).abs() <= 1e-4,
        "scores sum to {sum} for {text:?}"
    );
    assert_eq!(r.emotion, r.scores.best(), "emotion is not the best score");
    assert!(
        r.intensity.is_finite() && (0.0..=1.0).contains(&r.intensity),
        "intensity {} for {text:?}",
        r.intensity
    );
    if r.emotion == Emotion::Neutral {
        assert_eq!(r.intensity, 0.0, "neutral with intensity for {text:?}");
    }
    assert!(
        r.polarity.is_finite() && (-1.0..=1.0).contains(&r.polarity),
        "polarity {} for {text:?}",
        r.polarity
    );

    // The classified part: the first `max_chars` characters.
    let (classified, truncated) = match text.char_indices().nth(max_chars) {
        Some((cut, _)) => (&text[..cut], true),
        None => (text, false),
    };
    assert_eq!(r.truncated, truncated, "truncated flag for {text:?}");
    if classified.trim().is_empty() {
        assert_eq!(r.emotion, Emotion::Neutral, "blank input not neutral");
        assert_eq!(r.scores.get(Emotion::Neutral), 1.0);
        assert_eq!(r.polarity, 0.0);
        assert!(r.evidence.is_empty());
    }
    let check_span = |start: usize, end: usize, word: &str| {
        assert!(
            start <= end && end <= classified.len(),
            "span {start}..{end} outside the {} classified bytes of {text:?}",
            classified.len()
        );
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "span {start}..{end} not on char boundaries of {text:?}"
        );
        assert_eq!(&text[start..end], word, "evidence text != input slice");
    };
    let mut last_end = 0;
    for a in &r.aspects {
        check_span(a.start, a.end, &a.text);
        assert!(a.start < a.end && a.start >= last_end, "aspects overlap or are empty");
        last_end = a.end;
        assert!(
            a.polarity.is_finite() && (-1.0..=1.0).contains(&a.polarity),
            "aspect polarity {}",
            a.polarity
        );
        assert!(
            a.intensity.is_finite() && (0.0..=1.0).contains(&a.intensity),
            "aspect intensity {}",
            a.intensity
        );
        for t in &a.targets {
            assert!(a.text.contains(t.as_str()), "target {t:?} outside its aspect");
        }
    }
    if classified.trim().is_empty() {
        assert!(r.aspects.is_empty(), "blank input with aspects");
    }
    for e in &r.evidence {
        check_span(e.start, e.end, &e.text);
        assert!(e.weight.is_finite(), "evidence weight {}", e.weight);
        for m in &e.modifiers {
            check_span(m.start, m.end, &m.text);
            assert!(m.factor.is_finite(), "modifier factor {}", m.factor);
        }
    }
}
