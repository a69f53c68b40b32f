//! The verdict and the label: a clear verdict rules out the labels of the other side
//! ([`agree_with_verdict`]), and the lexicon corrects the verdict head where it is
//! surer (a short statement whose only opinion words are negated complaints,
//! 快递一点都不慢, 理赔不刁难, is praise).

use crate::pipeline::scoring::{Hit, LexiconAnalysis};
use crate::types::emotion::{Emotion, Polarity};
use crate::types::modifier::ModifierKind;

/// How far from 0 the verdict's polarity must be for the verdict to be *clear*: a
/// polarity of at least this (the verdict head at least 75% sure the message is
/// positive overall) rules out the negative labels, and one of at most its opposite
/// rules out the positive labels.
pub const CLEAR_VERDICT: f32 = 0.5;

/// The emotion head's probabilities made to agree with a clear verdict: the labels of
/// the side the verdict rules out get probability 0 and the rest are renormalised, so
/// that the label never contradicts the verdict (a clearly positive review with one
/// fault is not `disappointment`). `neutral` and `surprise` stay: a clear verdict on a
/// message with no emotional load is no contradiction. Probabilities are unchanged
/// when the verdict is not clear, or when every label left would have probability 0.
pub fn agree_with_verdict(
    probabilities: [f32; Emotion::COUNT],
    polarity: f32,
) -> [f32; Emotion::COUNT] {
    match Polarity::of_clear_verdict(polarity, CLEAR_VERDICT) {
        Some(side) => agree_with_side(probabilities, side),
        None => probabilities,
    }
}

/// The probabilities with the labels of the side other than `side` at 0 and the rest
/// renormalised (`neutral` and `surprise` stay; unchanged when every label left would
/// have probability 0, or when `side` is neutral).
pub(crate) fn agree_with_side(
    probabilities: [f32; Emotion::COUNT],
    side: Polarity,
) -> [f32; Emotion::COUNT] {
    if side == Polarity::Neutral {
        return probabilities;
    }
    rule_out(probabilities, |e| {
        e.polarity() != side && e.polarity() != Polarity::Neutral
    })
}

/// The verdict of a short statement whose only opinion words are negated complaints
/// ([`Hit::is_negated_complaint`]: 快递一点都不慢, 理赔不刁难, 不难吃): praise, with at
/// least a clear verdict's strength, so that the label follows. `None` when the
/// message is not such a one, or the verdict already says so.
///
/// The verdict head reads the complaint's n-grams (慢, 刁难) more than the negation
/// before them. The rule keeps to one clause of at most [`LITOTES_MAX_CHARS`]
/// characters, where the negation's reach is sure (in 没有保护膜十分失望 it is not), and
/// leaves out what asks (a question mark, a final 吗, a rhetorical cue) and what bids
/// (别这么坑, 不要再拖了).
pub(crate) fn litotes_verdict(
    analysis: &LexiconAnalysis,
    text: &str,
    polarity: f32,
) -> Option<f32> {
    let statement = analysis.content_chars <= LITOTES_MAX_CHARS && one_clause(analysis, text);
    if !(polarity.is_finite() && polarity < CLEAR_VERDICT && statement) {
        return None;
    }
    let bids = |h: &Hit| {
        h.modifiers.iter().any(|m| {
            m.kind == ModifierKind::Negation
                && text
                    .get(m.span.clone())
                    .is_some_and(|w| w.starts_with('别') || w.starts_with("不要"))
        })
    };
    let mut opinions = opinion_hits(analysis).peekable();
    let litotes =
        opinions.peek().is_some() && opinions.all(|h| h.is_negated_complaint() && !bids(h));
    litotes.then_some(CLEAR_VERDICT)
}

/// Whether a statement of one clause that does not ask has only praise for opinion
/// words, none of them negated or sarcastic (态度很耐心, 班主任太负责了, 客服秒回): its
/// label is then of the positive side, however the emotion head reads the n-grams of
/// complaints in it (态度, 负责, 客服). Its verdict stays the head's: such short
/// sentences of restaurant reviews are rated lower than their words say, and giving
/// them a clear verdict as well cost the dimABSA Spearman(valence, polarity) 0.3 to
/// 0.4 points at three training seeds. No length limit, unlike [`litotes_verdict`]
/// (no negation's reach to be sure of), so that a degree word added to the clause
/// never takes the rule away (非常专业耐心).
pub(crate) fn praise_only(analysis: &LexiconAnalysis, text: &str) -> bool {
    let mut opinions = opinion_hits(analysis).peekable();
    // The hits first: most messages fail there, before the scan of the text.
    analysis.sarcasm == 0.0
        && opinions.peek().is_some()
        && opinions.all(|h| !h.negated && h.emotion.polarity() == Polarity::Positive)
        && one_clause(analysis, text)
}

/// One clause that does not ask (a question mark, a final 吗, a rhetorical cue).
fn one_clause(analysis: &LexiconAnalysis, text: &str) -> bool {
    if analysis.punctuation.questions > 0 || analysis.rhetorical > 0.0 || ends_in_ma(text) {
        return false;
    }
    // One clause: no punctuation or space between its words.
    let words = text.trim_matches(|c: char| !c.is_alphanumeric());
    !words.chars().any(|c| !c.is_alphanumeric())
}

/// The hits that hold an opinion: every hit but those of `neutral` words that stay
/// neutral.
fn opinion_hits(analysis: &LexiconAnalysis) -> impl Iterator<Item = &Hit> {
    analysis
        .hits
        .iter()
        .filter(|h| h.lexicon_emotion != Emotion::Neutral || h.emotion != Emotion::Neutral)
}

/// `probabilities` with every label but the positive ones at 0 and the rest
/// renormalised (unchanged when they would all be 0, as under a clear negative
/// verdict).
pub(crate) fn positive_only(probabilities: [f32; Emotion::COUNT]) -> [f32; Emotion::COUNT] {
    rule_out(probabilities, |e| e.polarity() != Polarity::Positive)
}

/// The longest statement, in characters, that [`litotes_verdict`] reads.
pub(crate) const LITOTES_MAX_CHARS: u32 = 12;

/// `probabilities` without `neutral`, the rest scaled to sum to 1 (unchanged when
/// nothing else has probability): for a message that states an opinion.
pub(crate) fn without_neutral(probabilities: [f32; Emotion::COUNT]) -> [f32; Emotion::COUNT] {
    rule_out(probabilities, |e| e == Emotion::Neutral)
}

/// `probabilities` with the labels `ruled_out` at 0 and the rest renormalised to sum
/// to 1; unchanged when every label left would have probability 0.
pub(crate) fn rule_out(
    mut probabilities: [f32; Emotion::COUNT],
    ruled_out: impl Fn(Emotion) -> bool,
) -> [f32; Emotion::COUNT] {
    let kept: f32 = Emotion::ALL
        .iter()
        .filter(|e| !ruled_out(**e))
        .map(|e| probabilities[e.index()])
        .sum();
    if !(kept > 0.0 && kept.is_finite()) {
        return probabilities;
    }
    for e in Emotion::ALL {
        let p = &mut probabilities[e.index()];
        *p = if ruled_out(e) { 0.0 } else { *p / kept };
    }
    probabilities
}

/// Whether a text asks without a question mark by its last Han character, 吗.
pub(crate) fn ends_in_ma(text: &str) -> bool {
    text.trim_end_matches(|c: char| !crate::pipeline::lexicon::is_han(c))
        .ends_with('吗')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_neutral_keeps_the_rest_in_proportion() {
        let mut p = [0.0; Emotion::COUNT];
        p[Emotion::Neutral.index()] = 0.5;
        p[Emotion::Joy.index()] = 0.3;
        p[Emotion::Anger.index()] = 0.2;
        let q = without_neutral(p);
        assert_eq!(q[Emotion::Neutral.index()], 0.0);
        assert!((q[Emotion::Joy.index()] - 0.6).abs() < 1e-6);
        assert!((q[Emotion::Anger.index()] - 0.4).abs() < 1e-6);
        // Nothing but neutral: unchanged.
        let mut only = [0.0; Emotion::COUNT];
        only[Emotion::Neutral.index()] = 1.0;
        assert_eq!(without_neutral(only), only);
    }

    /// The shipped lexicon's analysis of a text.
    fn analyser() -> impl Fn(&str) -> LexiconAnalysis {
        use crate::pipeline::lexicon::Lexicon;
        use crate::pipeline::normalize::normalize;
        use crate::pipeline::segment::Segmenter;
        let l = Lexicon::embedded();
        let segmenter = Segmenter::new(&l);
        move |text| {
            let n = normalize(text);
            let mut tokens = Vec::new();
            segmenter.segment_into(n.as_str(), &l, &mut tokens);
            crate::pipeline::scoring::analyse(&n, &tokens, &l)
        }
    }

    #[test]
    fn only_plain_praise_in_one_clause_is_praise_only() {
        let analysis = analyser();
        for text in [
            "态度很耐心",
            "班主任太负责了",
            "客服秒回",
            "这次客服态度真的很耐心很专业",
        ] {
            assert!(praise_only(&analysis(text), text), "{text}");
        }
        for text in [
            "态度很耐心吗",       // asks
            "呵呵，态度很耐心",   // sarcasm, and two clauses
            "态度很耐心但是很慢", // a complaint too
            "态度不耐心",         // negated praise
            "请问发票怎么开",     // no opinion word
        ] {
            assert!(!praise_only(&analysis(text), text), "{text}");
        }
    }

    #[test]
    fn positive_only_rules_out_the_rest_unless_nothing_is_left() {
        let mut p = [0.0; Emotion::COUNT];
        p[Emotion::Disappointment.index()] = 0.5;
        p[Emotion::Joy.index()] = 0.3;
        p[Emotion::Gratitude.index()] = 0.1;
        p[Emotion::Surprise.index()] = 0.1;
        let q = positive_only(p);
        assert!((q[Emotion::Joy.index()] - 0.75).abs() < 1e-6);
        assert!((q[Emotion::Gratitude.index()] - 0.25).abs() < 1e-6);
        assert_eq!(q[Emotion::Disappointment.index()], 0.0);
        // A clear negative verdict has ruled the positive labels out: unchanged.
        let mut negative = [0.0; Emotion::COUNT];
        negative[Emotion::Anger.index()] = 1.0;
        assert_eq!(positive_only(negative), negative);
    }

    #[test]
    fn a_final_ma_asks() {
        assert!(ends_in_ma("一点都不慢吗"));
        assert!(ends_in_ma("一点都不慢吗？？"));
        assert!(!ends_in_ma("一点都不慢"));
    }
}
