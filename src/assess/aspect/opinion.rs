//! One candidate span made an aspect: its category from its terms, its emotion,
//! polarity and intensity from the message's own heads on the span's features.

use super::category::{category_of, design_if_praised};
use super::levels::level_side;
use super::spans::Segment;
use super::terms::Match;
use super::{MessageParts, MODEL_OPINION_MAX_NEUTRAL, MODEL_OPINION_MIN_POLARITY};
use std::ops::Range;

use crate::assess::intensity::{intensity, intensity_features_with};
use crate::pipeline::features::{dense_features_with, extract_facts_into, SparseFeatures};
use crate::pipeline::model::{agree_with_verdict, CLEAR_VERDICT, HEADS};
use crate::pipeline::punctuation::punctuation;
use crate::pipeline::scoring::{Hit, LexiconAnalysis};
use crate::pipeline::segment::Token;
use crate::pipeline::tokens::TokenFacts;
use crate::pipeline::verdict::{agree_with_side, ends_in_ma};
use crate::types::aspect::{Aspect, AspectCategory};
use crate::types::emotion::{Emotion, Polarity};
use crate::types::modifier::ModifierKind;

pub(super) fn aspect_of(
    parts: &MessageParts<'_>,
    facts: &[TokenFacts<'_>],
    matches: &[Match],
    seg: &Segment,
    (topic, context): (Option<AspectCategory>, &[bool; AspectCategory::COUNT]),
    (features, sums): (&mut SparseFeatures, &mut Vec<[f32; HEADS]>),
) -> Option<(Aspect, bool)> {
    let tokens = parts.tokens.get(seg.tokens.clone())?;
    let span = tokens.first()?.start..tokens.last()?.end;
    let s = parts.normalized.as_str();

    let worded = seg.opinions > 0 || !seg.cues.is_empty();
    let han = s[span.clone()]
        .chars()
        .any(crate::pipeline::lexicon::is_han);
    if !(worded || han) {
        return None;
    }

    // The span's own analysis: the message's hits inside it, its punctuation (with the
    // punctuation that closes it), and the message's context cues.
    let all = &parts.analysis.hits;
    let lo = all.partition_point(|h| h.span.start < span.start);
    let hi = lo + all[lo..].partition_point(|h| h.span.start < span.end);
    let collected: Vec<Hit>;
    let hits: &[Hit] = match all.get(lo..hi) {
        Some(inside) if inside.iter().all(|h| h.span.end <= span.end) => inside,
        _ => {
            collected = all
                .iter()
                .filter(|h| h.span.start >= span.start && h.span.end <= span.end)
                .cloned()
                .collect();
            &collected
        }
    };
    let closing_end = parts.tokens[seg.tokens.end..]
        .iter()
        .zip(&facts[seg.tokens.end..])
        .take_while(|(_, f)| f.clause_break)
        .last()
        .map_or(span.end, |(t, _)| t.end);
    let message = parts.analysis;
    let mut sub = LexiconAnalysis {
        max_degree: 1.0,
        punctuation: punctuation(s.get(span.start..closing_end).unwrap_or_default()),
        stakes: message.stakes,
        ..LexiconAnalysis::default()
    };
    for hit in hits {
        sub.label_weights[hit.emotion.index()] += hit.weight;
        sub.negations += u32::from(hit.negated);
        for m in &hit.modifiers {
            match m.kind {
                ModifierKind::Degree => {
                    sub.max_degree = sub.max_degree.max(m.factor);
                    sub.hedged |= m.factor < 1.0;
                }
                ModifierKind::Contrast => sub.contrast = true,
                ModifierKind::Sarcasm => sub.sarcasm = message.sarcasm,
                _ => {}
            }
        }
    }
    if sub.punctuation.questions > 0 {
        sub.rhetorical = message.rhetorical;
    }
    for (token, fact) in tokens.iter().zip(&facts[seg.tokens.clone()]) {
        if !fact.clause_break {
            sub.content_tokens += 1;
            sub.content_chars += s[token.clone()].chars().count() as u32;
        }
    }
    // The span through the same three heads as the whole message: the verdict head's
    // polarity, the emotion head's label (agreeing with a clear verdict), the
    // intensity head. Its features are those of the message's tokens inside it, so
    // the heads' sums over each token's entries, found once per message, give the
    // span's at a fraction of the cost; where the cut cannot be exact the span's
    // features are extracted afresh.
    let dense = dense_features_with(&sub, !hits.is_empty());
    let hash_bits = parts.model.hash_bits();
    let heads = if parts
        .entries
        .cut_is_exact(parts.tokens, seg.tokens.clone(), hits)
    {
        if sums.is_empty() {
            parts.model.token_sums(parts.features, parts.entries, sums);
        }
        parts.model.span_heads(
            parts.features,
            parts.entries,
            sums,
            seg.tokens.clone(),
            &dense,
        )
    } else {
        sub.hits = hits.to_vec();
        extract_facts_into(
            parts.normalized,
            tokens,
            &facts[seg.tokens.clone()],
            &sub,
            hash_bits,
            features,
            None,
        );
        sub.hits = Vec::new();
        parts.model.heads(features)
    };
    // A negated complaint judges its target well, except in a question, where the
    // negation asks (这不是欺诈吗, 难道不该退吗); the question is looked for only then.
    let negated = hits.iter().any(Hit::is_negated_complaint);
    let question = negated
        && (sub.punctuation.questions > 0
            || ends_in_ma(&s[span.clone()])
            || facts[seg.tokens.clone()]
                .iter()
                .any(|f| f.info.is_some_and(|i| i.rhetorical.is_some())));
    // A span without opinion words of its own takes part of its verdict from the
    // message's (骑手小哥送到了还帮我把垃圾带下楼, in a message of thanks, is praise).
    let wordless = !hits
        .iter()
        .any(|h| h.emotion != Emotion::Neutral || h.negated);
    let head_polarity = if wordless && parts.polarity.is_finite() {
        (1.0 - MESSAGE_CONTEXT) * heads.polarity + MESSAGE_CONTEXT * parts.polarity
    } else {
        heads.polarity
    };
    // The side the span's own words give when they all lean one way; a level or a
    // concession below may give it instead.
    let mut side = words_side(hits, question);
    let polarity = side.map_or(head_polarity, |side| decide(side, head_polarity));
    // A target judged by its level (油耗高, 动力下降) takes the side its level gives
    // when the span has no other opinion words to say otherwise.
    // (A target that is itself a lexicon word, 退款, does not count as an opinion word.)
    let only_targets = hits.iter().all(|h| {
        (h.emotion == Emotion::Neutral && !h.negated)
            || seg.targets.iter().any(|&i| {
                let t = &matches[i].span;
                t.start <= h.span.start && h.span.end <= t.end
            })
    });
    let level = if only_targets {
        let targets = seg.targets.iter().map(|&i| &matches[i].span);
        level_side(s, tokens, &facts[seg.tokens.clone()], targets)
    } else {
        None
    };
    side = level.or(side);
    let polarity = level.map_or(polarity, |side| decide(side, polarity));
    // A concession (退款倒是很快, 早餐倒是丰富) grants the good in a message that
    // complains of the rest: without a word of complaint it is praise.
    let polarity = if tokens.iter().any(|t| s[t.clone()].starts_with('倒'))
        && conceded(&s[span.clone()])
        && !question
        && hits
            .iter()
            .all(|h| word_side(h, question) != Polarity::Negative)
    {
        side = Some(Polarity::Positive);
        decide(Polarity::Positive, polarity)
    } else {
        polarity
    };
    // The label agrees with a clear verdict, and with the side the words decided even
    // where the head's agreement with them is faint (再也没有闪退了 at +0.02 is no
    // `anger`).
    let mut probabilities = agree_with_verdict(heads.probabilities, polarity);
    if let Some(side) = side.filter(|s| s.sign() * polarity > 0.0) {
        probabilities = agree_with_side(probabilities, side);
    }
    // In a message the verdict head reads as praise, a span naming a target and
    // leaning one way is an opinion whatever probability the emotion head gives
    // `neutral` (森林人好点, 可玩性很高), unless it asks or requests (请问这款有没有白色的,
    // 麻烦帮我改成周六送货). In a complaint it is not: a fact there (我昨天下的单) leans
    // with its message.
    let praised = parts.polarity >= MODEL_OPINION_MIN_POLARITY
        && !seg.targets.is_empty()
        && !asks(&s[span.clone()], sub.punctuation.questions);
    let leans = (probabilities[Emotion::Neutral.index()] < MODEL_OPINION_MAX_NEUTRAL || praised)
        && polarity.abs() >= MODEL_OPINION_MIN_POLARITY;
    if !(worded
        || (negated && !question)
        || (han
            && leans
            && !introduces_self(&s[span.clone()])
            && !greeting(tokens, &facts[seg.tokens.clone()], hits, seg)))
    {
        return None;
    }
    // A target blamed by its level alone (屏幕有点小, 油耗高) falls short of what the
    // customer expected: `disappointment`, whatever negative label the head likes.
    let emotion = if level == Some(Polarity::Negative) && wordless && polarity < 0.0 {
        Emotion::Disappointment
    } else {
        opinion_label(&probabilities, polarity)
    };
    let signals = intensity_features_with(
        &sub,
        hits,
        emotion,
        probabilities[emotion.index()],
        &crate::assess::escalation::Escalation::none(),
        heads.intensity,
    );
    let level = intensity(parts.model.intensity_coefficients(), &signals, emotion);

    let decided = category_of(
        parts.terms,
        matches,
        seg,
        &s[span.clone()],
        (topic, context),
    );
    let decided = design_if_praised(
        decided,
        polarity >= ASPECT_SIDE,
        parts.terms,
        matches,
        seg,
        s,
    );
    let original = |r: Range<usize>| parts.normalized.original_span(r);
    let mut targets: Vec<String> = Vec::with_capacity(seg.targets.len());
    for &i in &seg.targets {
        let r = original(matches[i].span.clone());
        if let Some(word) = parts.text.get(r) {
            if !targets.iter().any(|t| t == word) {
                targets.push(word.to_string());
            }
        }
    }
    let whole = original(span);
    let text = parts.text.get(whole.clone())?.to_string();
    let aspect = Aspect {
        text,
        start: whole.start,
        end: whole.end,
        targets,
        category: decided.unwrap_or(AspectCategory::General),
        emotion,
        polarity: if polarity.is_finite() { polarity } else { 0.0 },
        intensity: level,
    };
    Some((aspect, decided.is_some()))
}

/// Words that make a span a question or a request to the business. (The enquiries of
/// the neutral lexicon were tried in their place: it also holds 好的 and 了解, and BDCI
/// training coverage fell 0.811 -> 0.809.)
const ASKING: &[&str] = &[
    "请问",
    "麻烦",
    "帮我",
    "帮忙",
    "能否",
    "能不能",
    "可不可以",
    "有没有",
    "我想",
    "想要",
];

/// The first characters of the words of [`ASKING`]: [`asks`] compares the words only
/// where one of these begins (a test keeps the two lists in step).
const ASKING_FIRST: &[char] = &['请', '麻', '帮', '能', '可', '有', '我', '想'];

/// Whether `span`, with `questions` question marks after it, asks or requests.
pub(super) fn asks(span: &str, questions: u32) -> bool {
    questions > 0
        || ends_in_ma(span)
        || span.char_indices().any(|(at, c)| {
            ASKING_FIRST.contains(&c) && ASKING.iter().any(|w| span[at..].starts_with(w))
        })
}

/// The share of the message's verdict in the verdict of a span without opinion words
/// of its own (0.35): the rest is the verdict head's reading of the span alone.
///
/// A span without opinion words gives the head few n-grams, and facts read alone lean
/// to complaint (most customer messages are complaints): 一个都没碎, 二话不说就同意换了
/// and 还帮忙搬上了六楼 are praise in the messages that hold them. Chosen on the
/// training folds over five models: from 0 to 0.35 the dimABSA polarity rose
/// 0.953–0.956 → 0.966–0.968, the BDCI polarity sign 0.774–0.793 → 0.806–0.817 and
/// the own aspect polarity 0.943–0.944 → 0.951–0.953 at every seed (0.2, 0.3, 0.4 and
/// 0.5 gave figures within 0.005 of these at the shipped seed).
pub(super) const MESSAGE_CONTEXT: f32 = 0.35;

/// How far from 0 an aspect's polarity must be for the aspect to take its side's label
/// rather than `neutral` (0.2: the verdict head at least 60% sure of the side). An
/// aspect holds an opinion, and `neutral` is for text without emotional load.
///
/// Chosen on the dimABSA training folds, where the Spearman correlation of the aspects'
/// intensity with the readers' arousal rose from 0.48–0.53 to 0.59–0.60 over five
/// training seeds of the model against [`CLEAR_VERDICT`] (0.5; 0.3 gave 0.57, 0.15
/// 0.60): an opinion read as `neutral` has intensity 0, below every mild one.
pub(super) const ASPECT_SIDE: f32 = 0.2;

/// The label of an aspect: the likeliest of `probabilities` (already agreeing with a
/// clear verdict), except that a span whose verdict leans (|polarity| at least
/// [`ASPECT_SIDE`]) is not `neutral`: it takes the likeliest label of its verdict's
/// side.
pub(super) fn opinion_label(probabilities: &[f32; Emotion::COUNT], polarity: f32) -> Emotion {
    let best = crate::types::result::Scores::new(*probabilities).best();
    let side = Polarity::of_clear_verdict(polarity, ASPECT_SIDE);
    let Some(side) = side.filter(|_| best == Emotion::Neutral) else {
        return best;
    };
    Emotion::ALL
        .into_iter()
        .filter(|e| e.polarity() == side)
        .fold(None, |b: Option<Emotion>, e| match b {
            Some(b) if probabilities[b.index()] >= probabilities[e.index()] => Some(b),
            _ => Some(e),
        })
        .unwrap_or(best)
}

/// The side every lexicon word inside a span leans to (after negation and sarcasm;
/// [`word_side`]), `None` when they lean both ways or there are none. Where there is
/// one, it decides the span's polarity ([`decide`]) and label: a short span gives the
/// verdict head few n-grams to go on, and those of complaints weigh on praise in their
/// words (发货倒是挺快, 平台处理投诉很公正).
fn words_side(hits: &[Hit], question: bool) -> Option<Polarity> {
    let mut sides = hits.iter().map(|h| word_side(h, question));
    let first = sides.find(|p| *p != Polarity::Neutral)?;
    sides
        .all(|p| p == first || p == Polarity::Neutral)
        .then_some(first)
}

/// `head` when it lies on `side` (or is not a number), else `side` with at least a
/// clear verdict's strength, so that the label follows.
fn decide(side: Polarity, head: f32) -> f32 {
    let sign = side.sign();
    if head * sign >= 0.0 || !head.is_finite() {
        return head;
    }
    sign * head.abs().max(CLEAR_VERDICT)
}

/// Concessive adverbs: the clause grants something good (浇头倒是给得挺多).
const CONCESSIONS: &[&str] = &["倒是", "倒也", "倒还", "倒挺"];

/// Whether `text` holds a concessive adverb of [`CONCESSIONS`] after its first
/// character (你倒是说话啊 urges rather than grants, and 倒是 opening a clause is
/// often "rather").
pub(super) fn conceded(text: &str) -> bool {
    CONCESSIONS.iter().any(|c| {
        text.find(c).is_some_and(|at| {
            at > 0 && !text[..at].ends_with(['你', '您']) && !text[..at].ends_with("你们")
        })
    })
}

/// The side a lexicon word takes in its span: its label's, except that a negated
/// complaint ([`Hit::is_negated_complaint`]) outside a question judges its target well, though
/// the message's label for it is a weak `neutral` or `joy`.
fn word_side(hit: &Hit, question: bool) -> Polarity {
    if !question && hit.is_negated_complaint() {
        Polarity::Positive
    } else {
        hit.emotion.polarity()
    }
}

/// How a customer introduces themself (我是贵公司的老客户, 本人是你们的会员): what
/// follows such an opening without an opinion word is who they are, not a judgement,
/// however the model leans on it (complaints open so more often than praise does).
const SELF_INTRODUCTIONS: &[&str] = &["我是", "本人是", "我们是", "我也是", "我一直是"];

/// Whether `span` opens with a self-introduction of [`SELF_INTRODUCTIONS`].
fn introduces_self(span: &str) -> bool {
    let span = span.trim_start_matches(|c: char| !c.is_alphanumeric());
    SELF_INTRODUCTIONS.iter().any(|w| span.starts_with(w))
}

/// Whether a span names no target and every word of it is a lexicon word of the
/// `neutral` label (您好, 好的): the lexicon says it carries no emotion, whichever way
/// the model leans on so few n-grams (a letter's 您好： opens complaints and praise
/// alike). A target that is a neutral word (流量, 油耗) is still judged by the lean.
fn greeting(tokens: &[Token], facts: &[TokenFacts<'_>], hits: &[Hit], seg: &Segment) -> bool {
    if !seg.targets.is_empty() {
        return false;
    }
    let mut words = tokens
        .iter()
        .zip(facts)
        .filter(|(_, f)| !f.clause_break)
        .map(|(t, _)| t)
        .peekable();
    words.peek().is_some()
        && words.all(|t| {
            hits.iter().any(|h| {
                h.emotion == Emotion::Neutral && h.span.start <= t.start && t.end <= h.span.end
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The span's polarity from its words and the head's (as `aspect_of` finds it).
    fn span_polarity(hits: &[Hit], head: f32, question: bool) -> f32 {
        words_side(hits, question).map_or(head, |side| decide(side, head))
    }

    fn hit(emotion: Emotion) -> Hit {
        Hit {
            emotion,
            lexicon_emotion: emotion,
            strength: 1.0,
            weight: 1.0,
            span: 0..3,
            negated: false,
            modifiers: Vec::new(),
        }
    }

    #[test]
    fn unanimous_words_decide_against_the_head() {
        let praise = [hit(Emotion::Joy), hit(Emotion::Gratitude)];
        assert_eq!(span_polarity(&praise, -0.2, false), CLEAR_VERDICT);
        assert_eq!(span_polarity(&praise, -0.8, false), 0.8);
        assert_eq!(span_polarity(&praise, 0.3, false), 0.3);
        let complaint = [hit(Emotion::Anger), hit(Emotion::Neutral)];
        assert_eq!(span_polarity(&complaint, 0.7, false), -0.7);
    }

    #[test]
    fn asking_words_are_found_where_they_begin() {
        for w in ASKING {
            let first = w.chars().next().unwrap_or_default();
            assert!(ASKING_FIRST.contains(&first), "{w}");
            assert!(asks(&format!("那个{w}改一下"), 0), "{w}");
        }
        assert!(!asks("菜很好吃", 0));
        assert!(asks("菜好吃吗", 0) && asks("菜", 1));
    }

    #[test]
    fn mixed_or_no_words_leave_the_head() {
        let mixed = [hit(Emotion::Joy), hit(Emotion::Disappointment)];
        assert_eq!(span_polarity(&mixed, -0.4, false), -0.4);
        assert_eq!(span_polarity(&[], -0.4, false), -0.4);
        assert_eq!(span_polarity(&[hit(Emotion::Surprise)], -0.4, false), -0.4);
        assert!(span_polarity(&[hit(Emotion::Joy)], f32::NAN, false).is_nan());
    }
}
