//! Lexicon scoring: finds the emotion words of a segmented message and applies
//! negation, degree words, contrast, sarcasm and rhetorical-question cues to them,
//! and counts the punctuation signals.
//!
//! The rules, in the order they act:
//! - A clause ends at punctuation, a newline or a space; negation and degree words
//!   reach only within their clause.
//! - A negation word negates emotion words within its scope (in tokens). An even
//!   number of negations cancels out. A negated positive word becomes
//!   `disappointment` (不满意); a negated negative word becomes a weak opposite
//!   (不难吃 → weak `joy`, 不着急 → weak `neutral`). A negated worry passes the
//!   negation on to the complaint it is about (不担心烧机油 is praise).
//! - A word that something is gone after an emotion word in its clause (闪退没有了,
//!   异响没了, 卡顿的问题终于没有了, 漏水的情况已经没有了, 闪退没再出现过) negates it
//!   as a negation before it would: the complaint is over, and a follow-up that says
//!   so is no complaint. A question (异响没有了吗) asks and negates nothing.
//! - The emotion words after an expectation (原以为, 本以为, 还以为) in its clause are
//!   what the customer expected, not what they felt: 原以为会很麻烦，没想到十分钟就办好了
//!   holds no complaint about trouble, 本以为很好吃 no praise of the food. The
//!   expectation word keeps its own entry (a surprise, and a let-down unless what was
//!   expected was a complaint: 原以为会很麻烦 is no let-down).
//! - 一般 closing a simile (犹如宝马一般, 像飞一般: a simile word, then at least one
//!   token, then 一般) means "like", not "mediocre", and 厉害 after 得 (晃得厉害,
//!   疼得很厉害) says how much, not "awesome": neither is an emotion word there.
//! - Degree words multiply the next emotion word (非常满意); suffix degree words
//!   multiply the previous one (急死了). Negation before a degree word hedges the
//!   negation (不太满意 is a mild complaint).
//! - A token the segmenter kept whole from a one-character negation or degree word
//!   and an emotion word the lexicon knows, but that the lexicon does not know itself
//!   (不差, 没坏; 很丑, 挺脏), is that word negated or graded.
//! - After a contrast word (但是; 可惜, which is also a word of let-down), earlier hits count half and the hits of the clause
//!   it introduces (up to the punctuation after its first emotion word) are multiplied
//!   by the conjunction's weight; later clauses keep their own weight (下次还来).
//! - Sarcasm cues (呵呵) or praise in quotation marks (真是“好”) turn positive hits into
//!   `anger` (with exclamations or a strong cue) or `disappointment`.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use crate::pipeline::lexicon::{Lexicon, WordInfo, GLUED_HEAD_BYTES};
use crate::pipeline::normalize::NormalizedText;
use crate::pipeline::punctuation::punctuation;
pub use crate::pipeline::punctuation::Punctuation;
use crate::pipeline::segment::Token;
use crate::pipeline::tokens::{token_facts, TokenFacts};
use crate::types::emotion::Emotion;
use crate::types::modifier::ModifierKind;
use phrases::{gone_after, grades_a_verb, EXPECTATIONS, EXPECTATION_HEADS, SIMILE_OPENERS};

/// Degree product bounds, so that chains of degree words stay sane.
const DEGREE_RANGE: (f32, f32) = (0.25, 3.0);
/// How far (in tokens) a degree word reaches forward.
const DEGREE_SCOPE: usize = 3;
/// How far (in tokens) the negation of a worry reaches on to the complaint it is
/// about (不担心烧机油).
const WORRY_SCOPE: usize = 2;
/// Weight of hits before a contrast word.
const BEFORE_CONTRAST: f32 = 0.5;
/// Degree factor when a negation comes before the degree word (不太, 不是很).
const HEDGED_NEGATION: f32 = 0.7;

/// A modifier that acted on a hit, in normalised byte offsets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AppliedModifier {
    /// What kind of modifier it was.
    pub kind: ModifierKind,
    /// Where the modifier word is (normalised text).
    pub span: Range<usize>,
    /// The factor it applied (degree multiplier, contrast weight; 1 for negation and sarcasm).
    pub factor: f32,
}

/// One emotion word found in the message.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// The label the hit counts for, after negation and sarcasm.
    pub emotion: Emotion,
    /// The label of the word in the lexicon, before negation and sarcasm.
    pub lexicon_emotion: Emotion,
    /// The lexicon strength of the word.
    pub strength: f32,
    /// The weight after all modifiers.
    pub weight: f32,
    /// Where the word is (normalised text).
    pub span: Range<usize>,
    /// True when an odd number of negations reached the word.
    pub negated: bool,
    /// The modifiers that acted on it.
    pub modifiers: Vec<AppliedModifier>,
}

impl Hit {
    /// Whether this is a negated word of complaint (理赔不刁难, 一点都不难吃): of
    /// anger, disgust, disappointment or sadness. A negated worry (不着急, 不担心) is
    /// calm, not praise.
    pub fn is_negated_complaint(&self) -> bool {
        self.negated
            && matches!(
                self.lexicon_emotion,
                Emotion::Anger | Emotion::Disgust | Emotion::Disappointment | Emotion::Sadness
            )
    }
}

/// What the lexicon found in one message.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LexiconAnalysis {
    /// The hits, in text order.
    pub hits: Vec<Hit>,
    /// Sum of hit weights per label, indexed like [`Emotion::ALL`].
    pub label_weights: [f32; Emotion::COUNT],
    /// Number of negation words that reached an emotion word.
    pub negations: u32,
    /// Strongest degree factor applied (1 when none).
    pub max_degree: f32,
    /// True when a hedge (degree < 1) acted on a hit.
    pub hedged: bool,
    /// True when the message has a contrast word after some text.
    pub contrast: bool,
    /// Summed strength of sarcasm cues (including quoted praise).
    pub sarcasm: f32,
    /// Summed strength of rhetorical-question cues.
    pub rhetorical: f32,
    /// Summed strength of high-stakes cues (孩子, 工资, 最后).
    pub stakes: f32,
    /// Punctuation signals.
    pub punctuation: Punctuation,
    /// Number of content tokens (not punctuation or space).
    pub content_tokens: u32,
    /// Number of characters in content tokens.
    pub content_chars: u32,
}

/// Scores a segmented message against the lexicon.
pub fn analyse(text: &NormalizedText, tokens: &[Token], lexicon: &Lexicon) -> LexiconAnalysis {
    let mut facts = Vec::new();
    token_facts(text, tokens, Some(lexicon), &mut facts);
    analyse_facts(text, tokens, &facts)
}

/// [`analyse`] with the tokens' facts already found (`facts[i]` is about
/// `tokens[i]`, looked up in the lexicon).
pub(crate) fn analyse_facts(
    text: &NormalizedText,
    tokens: &[Token],
    facts: &[TokenFacts<'_>],
) -> LexiconAnalysis {
    let s = text.as_str();
    let mut out = LexiconAnalysis {
        max_degree: 1.0,
        punctuation: punctuation(s),
        ..LexiconAnalysis::default()
    };
    let mut negation: Option<PendingNegation> = None;
    let mut degrees: Vec<(Range<usize>, f32, usize)> = Vec::new(); // span, factor, tokens left
    let mut contrast_weight: Option<AppliedModifier> = None;
    let mut sarcasm_cue: Option<Range<usize>> = None;
    let mut last_hit_token: Option<usize> = None;

    // Hits before the last contrast word count `BEFORE_CONTRAST` times less for each
    // contrast word after them. Applied once at the end (see `contrast_scale`), not
    // to every earlier hit at each contrast word, which is quadratic in long text.
    let mut contrasts = 0u32;
    let mut contrasts_before: Vec<u32> = Vec::new(); // per hit: contrast words before it
    let info_at = |i: usize| -> Option<&WordInfo> { facts.get(i)?.info };
    let is_break = |i: usize| facts.get(i).is_none_or(|f| f.clause_break);
    // True when an emotion word follows within `reach` tokens of the same clause.
    let emotion_ahead = |i: usize, reach: usize| {
        (i + 1..=i + reach)
            .take_while(|&j| !is_break(j))
            .any(|j| info_at(j).is_some_and(WordInfo::is_emotion))
    };

    // Whether the pending contrast weight has strengthened a hit yet: it reaches to the
    // end of the clause where it first does (就是隔音差了点), not to the end of the
    // message, so that a verdict after it (下次还来) keeps its own weight.
    let mut contrast_used = false;
    // The tokens up to here say that the emotion word before them is gone (闪退没有了):
    // they negated it, and their 没 negates nothing after them.
    let mut gone_until = 0usize;
    // Where the last simile opener of the clause is (犹如 in 犹如宝马一般).
    let mut simile_at: Option<usize> = None;
    // An expectation word came earlier in the clause (原以为会很麻烦).
    let mut expecting = false;
    // The hits of the clause's expectation word (their indices in `out.hits`), and
    // the let-downs among all of them to drop: those of an expected complaint.
    let mut expectation_hits = 0..0;
    let mut dropped: Vec<usize> = Vec::new();
    for (i, (token, fact)) in tokens.iter().zip(facts).enumerate() {
        if i < gone_until && !fact.clause_break {
            out.content_tokens += 1;
            out.content_chars += char_count(&s[token.clone()]);
            continue;
        }
        if fact.clause_break {
            negation = None;
            degrees.clear();
            simile_at = None;
            expecting = false;
            if contrast_used {
                contrast_weight = None;
                contrast_used = false;
            }
            continue;
        }
        out.content_tokens += 1;
        out.content_chars += char_count(&s[token.clone()]);
        let word = &s[token.clone()];
        if SIMILE_OPENERS.contains(&word) {
            simile_at = Some(i);
        }
        // 一般 closing a simile, 厉害 after 得: no opinion words here.
        let no_opinion_here = (word == "一般" && simile_at.is_some_and(|at| at + 1 < i))
            || ((word.ends_with("厉害") || word.ends_with("厉害了"))
                && grades_a_verb(s, tokens, i));
        let expected = expecting;
        let expectation = EXPECTATIONS.contains(&word)
            || (word == "以为"
                && i.checked_sub(1)
                    .is_some_and(|j| EXPECTATION_HEADS.contains(&&s[tokens[j].clone()])));
        expecting |= expectation;
        if expectation {
            expectation_hits = out.hits.len()..out.hits.len();
        }
        if expected
            && fact.info.is_some_and(|i| {
                i.emotions
                    .iter()
                    .any(|(e, _)| e.polarity() == crate::types::emotion::Polarity::Negative)
            })
        {
            dropped.extend(
                expectation_hits
                    .clone()
                    .filter(|&h| out.hits[h].emotion == Emotion::Disappointment),
            );
        }
        let Some(info) = fact
            .info
            .filter(|i| !(no_opinion_here || (expected && i.is_emotion())))
        else {
            age_modifiers(&mut negation, &mut degrees);
            continue;
        };

        if let Some(weight) = info.contrast {
            if out.content_tokens > 1 {
                out.contrast = true;
                contrasts += 1;
                contrast_weight = Some(AppliedModifier {
                    kind: ModifierKind::Contrast,
                    span: token.clone(),
                    factor: weight,
                });
                // 可惜 is a turn and a let-down: it is scored as a word too.
                if !info.is_emotion() {
                    continue;
                }
            }
        }
        if let Some(strength) = info.sarcasm {
            out.sarcasm += strength;
            sarcasm_cue.get_or_insert(token.clone());
            if !info.is_emotion() {
                continue;
            }
        }
        if let Some(strength) = info.stakes {
            out.stakes += strength;
        }
        if let Some(strength) = info.rhetorical {
            out.rhetorical += strength;
            if !info.is_emotion() {
                continue;
            }
        }
        if let Some(scope) = info.negation {
            if !info.is_emotion() || emotion_ahead(i, usize::from(scope)) {
                let count = negation.as_ref().map_or(0, |n| n.count) + 1;
                negation = Some(PendingNegation {
                    span: token.clone(),
                    tokens_left: usize::from(scope),
                    count,
                    before_degree: true,
                });
                continue;
            }
        }
        if let Some(factor) = info.degree {
            let follows_hit = last_hit_token == Some(i.wrapping_sub(1));
            if follows_hit && !emotion_ahead(i, 1) {
                // A suffix such as 死了 in 急死了: strengthens the word before it.
                if let Some(hit) = out.hits.last_mut() {
                    // (No contrast word can stand between a hit and its suffix, so the
                    // hit's pending contrast scale is 1 here.)
                    apply_degree(
                        hit,
                        token.clone(),
                        factor,
                        &mut out.max_degree,
                        &mut out.hedged,
                    );
                }
                continue;
            }
            if !info.is_emotion() || emotion_ahead(i, DEGREE_SCOPE) {
                if let Some(n) = negation.as_mut() {
                    n.before_degree = false;
                }
                degrees.push((token.clone(), factor, DEGREE_SCOPE));
                continue;
            }
        }
        if !info.is_emotion() {
            age_modifiers(&mut negation, &mut degrees);
            continue;
        }

        // 不差 kept whole by the segmenter is a negation and its word; 闪退没有了 says
        // that the word is gone.
        let gone = gone_after(s, tokens, facts, i);
        if let Some((_, end)) = &gone {
            gone_until = *end;
        }
        let negated = (negation.as_ref().is_some_and(|n| n.count % 2 == 1) != fact.negated_word)
            != gone.is_some();
        let glued = fact.negated_word.then(|| AppliedModifier {
            kind: ModifierKind::Negation,
            span: token.start..token.start + GLUED_HEAD_BYTES,
            factor: 1.0,
        });
        for &(lexicon_emotion, strength) in &info.emotions {
            let mut hit = Hit {
                emotion: lexicon_emotion,
                lexicon_emotion,
                strength,
                weight: strength,
                span: token.clone(),
                negated,
                modifiers: Vec::new(),
            };
            for (span, factor, _) in &degrees {
                apply_degree(
                    &mut hit,
                    span.clone(),
                    *factor,
                    &mut out.max_degree,
                    &mut out.hedged,
                );
            }
            if let Some(factor) = fact.glued_degree {
                // 很丑 kept whole by the segmenter: its 很 is the word's degree.
                let span = token.start..token.start + GLUED_HEAD_BYTES;
                apply_degree(&mut hit, span, factor, &mut out.max_degree, &mut out.hedged);
            }
            if negated {
                let (emotion, factor) = negate(lexicon_emotion);
                hit.emotion = emotion;
                hit.weight *= factor;
                if negation.as_ref().is_some_and(|n| !n.before_degree) {
                    // 不太满意: the degree word softens the complaint instead.
                    hit.weight = strength * factor * HEDGED_NEGATION;
                    out.hedged = true;
                }
            }
            if let Some(n) = negation.as_ref() {
                hit.modifiers.push(AppliedModifier {
                    kind: ModifierKind::Negation,
                    span: n.span.clone(),
                    factor: 1.0,
                });
            }
            hit.modifiers.extend(glued.clone());
            if let Some((span, _)) = &gone {
                hit.modifiers.push(AppliedModifier {
                    kind: ModifierKind::Negation,
                    span: span.clone(),
                    factor: 1.0,
                });
            }
            if let Some(contrast) = &contrast_weight {
                hit.weight *= contrast.factor;
                hit.modifiers.push(contrast.clone());
                contrast_used = true;
            }
            if is_quoted(s, token)
                && hit.emotion.polarity() == crate::types::emotion::Polarity::Positive
            {
                out.sarcasm += 1.5;
                sarcasm_cue.get_or_insert(token.clone());
            }
            out.hits.push(hit);
            contrasts_before.push(contrasts);
        }
        if negated {
            out.negations += 1;
        }
        last_hit_token = Some(i);
        if expectation {
            expectation_hits.end = out.hits.len();
        }
        // A negated worry passes its negation on to what it is about: in 不担心烧机油
        // and 不用担心烧机油 the complaint after it is not feared, so it is negated too.
        let worry = info.emotions.iter().any(|&(e, _)| e == Emotion::Anxiety);
        match negation.as_mut() {
            Some(n) if negated && worry && emotion_ahead(i, WORRY_SCOPE) => {
                n.tokens_left = WORRY_SCOPE;
            }
            _ => negation = None,
        }
        degrees.clear();
    }

    if !dropped.is_empty() {
        dropped.sort_unstable();
        dropped.dedup();
        // One pass, however many are dropped.
        let keep = |k: &usize| dropped.binary_search(k).is_err();
        let mut k = 0;
        out.hits.retain(|_| {
            k += 1;
            keep(&(k - 1))
        });
        let mut k = 0;
        contrasts_before.retain(|_| {
            k += 1;
            keep(&(k - 1))
        });
    }
    for (hit, before) in out.hits.iter_mut().zip(contrasts_before) {
        hit.weight = contrast_scale(hit.weight, contrasts - before);
    }
    if let Some(cue) = sarcasm_cue {
        let angry = out.sarcasm >= 2.0 || out.punctuation.exclamations > 0;
        for hit in out
            .hits
            .iter_mut()
            .filter(|h| h.emotion.polarity() == crate::types::emotion::Polarity::Positive)
        {
            hit.emotion = if angry {
                Emotion::Anger
            } else {
                Emotion::Disappointment
            };
            hit.modifiers.push(AppliedModifier {
                kind: ModifierKind::Sarcasm,
                span: cue.clone(),
                factor: 1.0,
            });
        }
    }
    for hit in &out.hits {
        out.label_weights[hit.emotion.index()] += hit.weight;
    }
    out
}

struct PendingNegation {
    span: Range<usize>,
    tokens_left: usize,
    count: u32,
    /// False once a degree word followed the negation (不太, 不是很).
    before_degree: bool,
}

/// A content token that is no emotion word uses up one token of each modifier's reach.
fn age_modifiers(
    negation: &mut Option<PendingNegation>,
    degrees: &mut Vec<(Range<usize>, f32, usize)>,
) {
    if let Some(n) = negation.as_mut() {
        n.tokens_left = n.tokens_left.saturating_sub(1);
        if n.tokens_left == 0 {
            *negation = None;
        }
    }
    degrees.retain_mut(|(_, _, left)| {
        *left = left.saturating_sub(1);
        *left > 0
    });
}

fn apply_degree(
    hit: &mut Hit,
    span: Range<usize>,
    factor: f32,
    max_degree: &mut f32,
    hedged: &mut bool,
) {
    let before = hit.weight / hit.strength.max(f32::EPSILON);
    let after = (before * factor).clamp(DEGREE_RANGE.0, DEGREE_RANGE.1);
    hit.weight = hit.strength * after;
    *max_degree = max_degree.max(factor);
    *hedged |= factor < 1.0;
    hit.modifiers.push(AppliedModifier {
        kind: ModifierKind::Degree,
        span,
        factor,
    });
}

/// `weight` multiplied by [`BEFORE_CONTRAST`] (one half) `times` times, equal to what
/// multiplying at each contrast word gave. Halving a normal number into a normal one
/// only lowers its exponent (exact), so those halvings are one subtraction on the
/// exponent bits; the rest (subnormals, where each halving rounds) go one at a time,
/// at most about 25 before zero. The cost is bounded whatever `times` is.
fn contrast_scale(mut weight: f32, mut times: u32) -> f32 {
    const _: () = assert!(BEFORE_CONTRAST == 0.5);
    if weight.is_normal() {
        let exponent = (weight.to_bits() >> 23) & 0xff; // biased, at least 1
        let exact = times.min(exponent - 1);
        weight = f32::from_bits(weight.to_bits() - (exact << 23));
        times -= exact;
    }
    while times > 0 && weight != 0.0 {
        weight *= BEFORE_CONTRAST;
        times -= 1;
    }
    weight
}

/// The label a negated word counts for, and the factor on its weight.
fn negate(emotion: Emotion) -> (Emotion, f32) {
    match emotion {
        Emotion::Joy => (Emotion::Disappointment, 0.9),
        Emotion::Gratitude => (Emotion::Disappointment, 0.6),
        Emotion::Disappointment | Emotion::Disgust => (Emotion::Joy, 0.4),
        Emotion::Anger | Emotion::Anxiety | Emotion::Sadness => (Emotion::Neutral, 0.4),
        Emotion::Surprise | Emotion::Neutral => (Emotion::Neutral, 0.5),
    }
}

/// Number of characters of a short string (a token): its bytes that start a UTF-8
/// sequence. `str::chars().count()` is built for long text; this is cheaper on a few
/// bytes.
fn char_count(word: &str) -> u32 {
    word.bytes().filter(|&b| (b as i8) >= -0x40).count() as u32
}

/// Praise in quotation marks, as in 真是“好”服务.
fn is_quoted(s: &str, token: &Token) -> bool {
    let before = s[..token.start].chars().next_back();
    let after = s[token.end..].chars().next();
    matches!(before, Some('"' | '“' | '「' | '\'' | '‘'))
        && matches!(after, Some('"' | '”' | '」' | '\'' | '’'))
}

mod phrases;
#[cfg(test)]
mod tests;
