//! Aspects: what each opinion of a message is about.
//!
//! 菜很好吃，但是上菜太慢，服务员态度也差 holds praise for the kitchen and complaints
//! about the service. An [`Aspect`] is one such opinion: a span of the message, its
//! target words, one [`AspectCategory`], and the emotion, polarity and intensity of the
//! span alone. A classifier built with `ClassifierBuilder::aspects(true)` gives every
//! [`crate::EmotionResult`] its aspects, in text order (the default leaves them out: the
//! step costs about as much again as the rest of a classification today).
//!
//! How they are found, from what the pipeline already computed for the whole message
//! (no second segmentation):
//! - **Clauses.** The segmenter's tokens are cut into clauses at punctuation, spaces
//!   and newlines, and before a contrast word that acted on an emotion word (菜好吃但上菜慢).
//! - **Targets.** The terms of the aspect lexicon (`data/aspects.tsv`, [`AspectTerms`])
//!   are found where tokens begin and end. A clause naming a second target after an
//!   opinion about the first is cut before it (菜好吃服务差 is two aspects); two targets
//!   sharing one opinion stay one aspect (房间和卫生间都很干净).
//! - **Opinions.** A clause is an aspect only when it holds an opinion: a lexicon emotion
//!   word that counts for a non-neutral label (after negation and sarcasm), or a `cue`
//!   term of the aspect lexicon (贵, 闪退). 我昨天下的单 is no aspect; a factual message
//!   has none. A clause that names targets but no opinion lends them to the next clause
//!   of its sentence when that one holds an opinion without a target (上菜速度，太慢了).
//! - **Category.** The weights of the span's target terms, per category, then those of
//!   its cue terms at half weight; the highest wins (the first in text order on ties).
//!   With neither, the category is [`AspectCategory::General`].
//! - **Emotion.** The message's own linear model applied to the span's features (its
//!   n-grams and the lexicon hits inside it, as the message analysis found them, so
//!   that negation, contrast and sarcasm reaching into the span count), and the
//!   message's intensity coefficients on the span's signals.
//!
//! Decisions where `aspects.md` is silent, as a support lead would take them:
//! - a span whose opinion comes only from a cue term still gets the model's label; when
//!   the model reads it as `neutral` or `surprise` it is kept, with polarity near 0, so
//!   that the team still sees the topic;
//! - questions and requests without an opinion word (请问发票怎么开) are no aspect;
//! - the message's verdict is not derived from its aspects here (see `aspects.md`).

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use once_cell::sync::Lazy;
use serde::{Deserialize, Serialize};

use crate::features::{dense_features_with, extract_facts_into, SparseFeatures, TokenEntries};
use crate::intensity::{intensity, intensity_features_with};
use crate::lexicon::ModifierKind;
use crate::model::LinearModel;
use crate::normalize::{normalize, NormalizedText};
use crate::result::Evidence;
use crate::scoring::{punctuation, Hit, LexiconAnalysis};
use crate::segment::Token;
use crate::tokens::TokenFacts;
use crate::{Emotion, Error};

/// What an aspect is about: the eleven categories of the project's aspect guide.
///
/// ```
/// use zh_emotion::aspect::AspectCategory;
/// let c: AspectCategory = "delivery".parse().unwrap();
/// assert_eq!(c, AspectCategory::Delivery);
/// assert_eq!(c.zh(), "物流配送");
/// assert_eq!("售后退款".parse::<AspectCategory>().unwrap(), AspectCategory::Refund);
/// assert_eq!(AspectCategory::ALL.len(), 11);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AspectCategory {
    /// 物流配送: shipping, couriers, delivery time, damage in transit.
    Delivery,
    /// 商品质量: whether the product, food or drink is as promised.
    Quality,
    /// 功能设计: design, features and performance of a product.
    Features,
    /// 服务态度: staff and agents: attitude, competence, response time, promises.
    Service,
    /// 价格费用: price level, fees, value for money, promotions.
    Price,
    /// 账户账单: accounts, bills, payments, deductions, subscriptions, logins.
    Billing,
    /// 售后退款: returns, refunds, exchanges, repairs, warranty, compensation.
    Refund,
    /// 系统网络: apps, websites, systems, network and signal.
    Technical,
    /// 环境卫生: premises and rooms: cleanliness, noise, comfort, ambience.
    Environment,
    /// 位置交通: where it is and how to get there.
    Location,
    /// 整体评价: the business or the experience as a whole, or no target.
    General,
}

impl AspectCategory {
    /// Number of categories.
    pub const COUNT: usize = 11;

    /// Every category, in a fixed order.
    pub const ALL: [AspectCategory; AspectCategory::COUNT] = [
        AspectCategory::Delivery,
        AspectCategory::Quality,
        AspectCategory::Features,
        AspectCategory::Service,
        AspectCategory::Price,
        AspectCategory::Billing,
        AspectCategory::Refund,
        AspectCategory::Technical,
        AspectCategory::Environment,
        AspectCategory::Location,
        AspectCategory::General,
    ];

    /// The category's id, as used in files and JSON (`"delivery"`).
    pub fn id(self) -> &'static str {
        match self {
            AspectCategory::Delivery => "delivery",
            AspectCategory::Quality => "quality",
            AspectCategory::Features => "features",
            AspectCategory::Service => "service",
            AspectCategory::Price => "price",
            AspectCategory::Billing => "billing",
            AspectCategory::Refund => "refund",
            AspectCategory::Technical => "technical",
            AspectCategory::Environment => "environment",
            AspectCategory::Location => "location",
            AspectCategory::General => "general",
        }
    }

    /// The category's Chinese name (`"物流配送"`).
    pub fn zh(self) -> &'static str {
        match self {
            AspectCategory::Delivery => "物流配送",
            AspectCategory::Quality => "商品质量",
            AspectCategory::Features => "功能设计",
            AspectCategory::Service => "服务态度",
            AspectCategory::Price => "价格费用",
            AspectCategory::Billing => "账户账单",
            AspectCategory::Refund => "售后退款",
            AspectCategory::Technical => "系统网络",
            AspectCategory::Environment => "环境卫生",
            AspectCategory::Location => "位置交通",
            AspectCategory::General => "整体评价",
        }
    }

    /// Position of the category in [`AspectCategory::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for AspectCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for AspectCategory {
    type Err = Error;

    /// Parses an id (`delivery`), case-insensitively and ignoring surrounding spaces,
    /// or a Chinese name (`物流配送`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        AspectCategory::ALL
            .into_iter()
            .find(|c| c.id().eq_ignore_ascii_case(wanted) || c.zh() == wanted)
            .ok_or_else(|| Error::UnknownAspectCategory(s.to_string()))
    }
}

/// One opinion of a message: where it is, what it is about, and what the customer
/// feels about it.
///
/// ```
/// use zh_emotion::aspect::AspectCategory;
/// let text = "菜很好吃，但是上菜太慢";
/// let r = zh_emotion::ClassifierBuilder::new().aspects(true).build().classify(text);
/// let food = &r.aspects[0];
/// assert_eq!(&text[food.start..food.end], food.text);
/// assert_eq!(food.category, AspectCategory::Quality);
/// assert!(food.polarity > 0.0);
/// assert!(r.aspects.iter().any(|a| a.polarity < 0.0));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Aspect {
    /// The span as it appears in the input.
    pub text: String,
    /// Byte offset of the span in the input (a char boundary).
    pub start: usize,
    /// Byte offset just past the span (a char boundary).
    pub end: usize,
    /// The target words in the span, as they appear in the input, in text order
    /// (empty when the span names none).
    pub targets: Vec<String>,
    /// What the opinion is about.
    pub category: AspectCategory,
    /// The emotion of the span, judged in the context of the message.
    pub emotion: Emotion,
    /// Which way the span leans, in [-1, 1].
    pub polarity: f32,
    /// How strong the span's emotion is, in [0, 1]; 0 for `neutral`.
    pub intensity: f32,
}

impl Aspect {
    /// The evidence words of `evidence` (a result's) that lie in this aspect's span.
    ///
    /// ```
    /// let c = zh_emotion::ClassifierBuilder::new().aspects(true).build();
    /// let r = c.classify("菜很好吃，服务员态度差");
    /// for aspect in &r.aspects {
    ///     assert!(aspect.evidence_in(&r.evidence).all(|e| e.start >= aspect.start));
    /// }
    /// ```
    pub fn evidence_in<'a>(&self, evidence: &'a [Evidence]) -> impl Iterator<Item = &'a Evidence> {
        let span = self.start..self.end;
        evidence
            .iter()
            .filter(move |e| e.start >= span.start && e.end <= span.end)
    }
}

/// How an aspect term counts (the `role` column of `data/aspects.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TermRole {
    /// The thing an opinion is about (快递, 客服).
    Target,
    /// An opinion word that implies its category (贵, 闪退).
    Cue,
}

#[derive(Debug, Clone)]
struct Term {
    category: AspectCategory,
    role: TermRole,
    weight: f32,
}

/// The aspect lexicon: target and cue terms with their categories, in the format of
/// `data/aspects.tsv` (documented in its header).
///
/// ```
/// use zh_emotion::aspect::AspectTerms;
/// let terms = AspectTerms::parse("mine", "骑手\tdelivery\ttarget\t1\n").unwrap();
/// assert_eq!(terms.len(), 1);
/// let err = AspectTerms::parse("mine", "骑手\tcourier\ttarget\t1\n").unwrap_err();
/// assert!(matches!(err, zh_emotion::Error::AspectTerms { line: 1, .. }));
/// assert!(AspectTerms::embedded().len() > 1000);
/// ```
#[derive(Debug, Clone, Default)]
pub struct AspectTerms {
    texts: Vec<String>,
    terms: Vec<Term>,
    trie: Trie,
}

/// The terms' texts as a character trie: walked from a place in the text, it gives
/// every term that starts there, and stops at the first character no term continues
/// with (usually the first or second).
#[derive(Debug, Clone, Default)]
struct Trie {
    nodes: Vec<TrieNode>,
}

#[derive(Debug, Clone, Default)]
struct TrieNode {
    /// Sorted by character.
    children: Vec<(char, u32)>,
    /// The terms that end here, in file order.
    terms: Vec<u32>,
}

impl Trie {
    fn insert(&mut self, text: &str, term: u32) {
        if self.nodes.is_empty() {
            self.nodes.push(TrieNode::default());
        }
        let mut node = 0usize;
        for c in text.chars() {
            let next = self.nodes.len() as u32;
            let children = &mut self.nodes[node].children;
            node = match children.binary_search_by_key(&c, |&(k, _)| k) {
                Ok(i) => children[i].1 as usize,
                Err(i) => {
                    children.insert(i, (c, next));
                    self.nodes.push(TrieNode::default());
                    next as usize
                }
            };
        }
        self.nodes[node].terms.push(term);
    }

    /// Calls `found(end, term)` for every term that starts at byte `at` of `s`.
    fn starting_at(&self, s: &str, at: usize, mut found: impl FnMut(usize, usize)) {
        let (Some(mut node), Some(rest)) = (self.nodes.first(), s.get(at..)) else {
            return;
        };
        for (i, c) in rest.char_indices() {
            let Ok(k) = node.children.binary_search_by_key(&c, |&(k, _)| k) else {
                return;
            };
            let Some(next) = self.nodes.get(node.children[k].1 as usize) else {
                return;
            };
            node = next;
            for &term in &node.terms {
                found(at + i + c.len_utf8(), term as usize);
            }
        }
    }
}

const EMBEDDED_TERMS: &str = include_str!("../data/aspects.tsv");

static EMBEDDED: Lazy<AspectTerms> = Lazy::new(|| {
    // Parsed by a unit test on every build: a failure here is a packaging defect.
    AspectTerms::parse("aspects.tsv", EMBEDDED_TERMS).unwrap_or_default()
});

impl AspectTerms {
    /// The shipped terms, parsed once per process.
    pub fn embedded() -> &'static AspectTerms {
        &EMBEDDED
    }

    /// Parses terms in the format of `data/aspects.tsv`; `origin` names the source in
    /// errors.
    pub fn parse(origin: &str, text: &str) -> Result<Self, Error> {
        let mut terms = Self::default();
        let mut seen = std::collections::HashSet::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let error = |reason: String| Error::AspectTerms {
                origin: origin.to_string(),
                line: i + 1,
                reason,
            };
            let fields: Vec<&str> = line.split('\t').collect();
            let [term, category, role, weight] = fields.as_slice() else {
                return Err(error(format!(
                    "expected 4 tab-separated fields (term, category, role, weight), found {}",
                    fields.len()
                )));
            };
            let text = normalize(term.trim()).as_str().to_string();
            if text.is_empty() {
                return Err(error("empty term".to_string()));
            }
            let category = category
                .parse::<AspectCategory>()
                .map_err(|e| error(e.to_string()))?;
            let role = match role.trim() {
                "target" => TermRole::Target,
                "cue" => TermRole::Cue,
                other => return Err(error(format!("unknown role {other:?} (target or cue)"))),
            };
            let weight: f32 = weight
                .trim()
                .parse()
                .map_err(|_| error(format!("weight {weight:?} is not a number")))?;
            if !(weight > 0.0 && weight <= 3.0) {
                return Err(error(format!("weight {weight} outside (0, 3]")));
            }
            if !seen.insert((text.clone(), role)) {
                return Err(error(format!("duplicate term {text:?} with this role")));
            }
            terms.texts.push(text);
            terms.terms.push(Term {
                category,
                role,
                weight,
            });
        }
        for (i, text) in terms.texts.iter().enumerate() {
            terms.trie.insert(text, i as u32);
        }
        Ok(terms)
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// True when there are no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The category and role of `term` (normalised like input), if it is listed; a
    /// term listed in both roles answers with its target row.
    pub fn get(&self, term: &str) -> Option<(AspectCategory, TermRole)> {
        let text = normalize(term);
        let mut found = None;
        for (t, info) in self.texts.iter().zip(&self.terms) {
            if t == text.as_str() && (found.is_none() || info.role == TermRole::Target) {
                found = Some((info.category, info.role));
            }
        }
        found
    }

    /// The terms found in `s` whose ends fall on token boundaries, not contained in a
    /// longer such term, in text order.
    ///
    /// A term may also lie inside one token that is a lexicon word (服务 in 服务差),
    /// when it starts or ends that token: `words` are those tokens' spans, sorted.
    #[cfg(test)]
    fn find(&self, s: &str, tokens: &[Token], words: &[Range<usize>]) -> Vec<Match> {
        let mut starts = Vec::new();
        let mut found = Vec::new();
        let mut kept = Vec::new();
        self.find_into(s, tokens, words, &mut starts, &mut found, &mut kept);
        kept
    }

    /// [`AspectTerms::find`] into `kept`, with `starts` and `found` as buffers (all
    /// cleared).
    ///
    /// A term can only start where a token starts or inside a lexicon word, so the
    /// trie is walked from those places alone (a character or two each), where a
    /// search of the whole text would visit every byte and report every term in it.
    fn find_into(
        &self,
        s: &str,
        tokens: &[Token],
        words: &[Range<usize>],
        starts: &mut Vec<usize>,
        found: &mut Vec<Match>,
        kept: &mut Vec<Match>,
    ) {
        starts.clear();
        found.clear();
        kept.clear();
        if self.terms.is_empty() {
            return;
        }
        starts.extend(tokens.iter().map(|t| t.start));
        for w in words {
            if let Some(word) = s.get(w.clone()) {
                starts.extend(word.char_indices().map(|(i, _)| w.start + i));
            }
        }
        starts.sort_unstable();
        starts.dedup();
        let starts_token = |at: usize| tokens.binary_search_by_key(&at, |t| t.start).is_ok();
        let ends_token = |at: usize| tokens.binary_search_by_key(&at, |t| t.end).is_ok();
        for &start in starts.iter() {
            self.trie.starting_at(s, start, |end, term| {
                let on_tokens = starts_token(start) && ends_token(end);
                let in_word = || {
                    let i = words.partition_point(|w| w.start <= start);
                    i > 0 && {
                        let w = &words[i - 1];
                        end <= w.end && (w.start == start || w.end == end)
                    }
                };
                if on_tokens || in_word() {
                    found.push(Match {
                        span: start..end,
                        term,
                    });
                }
            });
        }
        found.sort_unstable_by_key(|m| (m.span.start, std::cmp::Reverse(m.span.end), m.term));
        for m in found.drain(..) {
            // Inside a longer term of its role kept before it (a target inside a cue,
            // 服务 in 服务差, stays)?
            let role = self.terms[m.term].role;
            if kept.iter().rev().take(8).any(|k| {
                self.terms[k.term].role == role
                    && k.span.start <= m.span.start
                    && m.span.end <= k.span.end
                    && k.span != m.span
            }) {
                continue;
            }
            kept.push(m);
        }
    }
}

#[derive(Debug, Clone)]
struct Match {
    span: Range<usize>,
    term: usize,
}

/// The pieces of the message analysis the aspects are computed from.
pub(crate) struct MessageParts<'a> {
    /// The caller's text (after truncation).
    pub text: &'a str,
    pub normalized: &'a NormalizedText,
    pub tokens: &'a [Token],
    /// The facts of each token.
    pub facts: &'a [TokenFacts<'a>],
    pub analysis: &'a LexiconAnalysis,
    /// The message's model features, and where each token's entries lie in them.
    pub features: &'a SparseFeatures,
    pub entries: &'a TokenEntries,
    pub model: &'a LinearModel,
    pub terms: &'a AspectTerms,
    /// The message's label: a message the model reads as neutral, without opinion
    /// words, has no aspects.
    pub emotion: Emotion,
}

/// A span without opinion words holds an opinion when the model gives `neutral` less
/// than this probability on it.
const MODEL_OPINION_MAX_NEUTRAL: f32 = 0.5;
/// ... and leans at least this far to one side.
const MODEL_OPINION_MIN_POLARITY: f32 = 0.3;

/// A candidate span: token range, and the matches and hits inside it.
#[derive(Debug, Clone, Default)]
struct Segment {
    tokens: Range<usize>,
    targets: Vec<usize>,
    cues: Vec<usize>,
    opinions: usize,
    /// The break after the segment ends its sentence (。!? or a newline).
    sentence_end: bool,
}

/// Buffers reused across the messages one thread reads.
#[derive(Debug, Default)]
pub(crate) struct AspectScratch {
    words: Vec<Range<usize>>,
    starts: Vec<usize>,
    found: Vec<Match>,
    matches: Vec<Match>,
    features: SparseFeatures,
    /// The model's per-token sums for the message, computed at its first span.
    sums: Vec<[f32; crate::model::HEADS]>,
}

/// The aspects of one message, in text order.
pub(crate) fn aspects(parts: &MessageParts<'_>, scratch: &mut AspectScratch) -> Vec<Aspect> {
    let s = parts.normalized.as_str();
    if parts.text.trim().is_empty() || parts.tokens.is_empty() {
        return Vec::new();
    }
    let hits = &parts.analysis.hits;
    scratch.words.clear();
    scratch.words.extend(hits.iter().map(|h| h.span.clone()));
    let mut matches = std::mem::take(&mut scratch.matches);
    parts.terms.find_into(
        s,
        parts.tokens,
        &scratch.words,
        &mut scratch.starts,
        &mut scratch.found,
        &mut matches,
    );
    // Targets and cues inside a masked span (URL, long number) are no words.
    matches.retain(|m| !parts.normalized.is_masked(&m.span));
    let opinion_hit = |h: &Hit| h.emotion != Emotion::Neutral;
    let has_opinion = hits.iter().any(opinion_hit)
        || matches
            .iter()
            .any(|m| parts.terms.terms[m.term].role == TermRole::Cue);
    let mut out = Vec::new();
    if has_opinion || parts.emotion != Emotion::Neutral {
        let facts = parts.facts;
        scratch.sums.clear();
        for seg in segments(parts, facts, &matches) {
            let buffers = (&mut scratch.features, &mut scratch.sums);
            if let Some(aspect) = aspect_of(parts, facts, &matches, &seg, buffers) {
                out.push(aspect);
            }
        }
    }
    scratch.matches = matches;
    out
}

/// Cuts the message into candidate spans (see the module docs).
fn segments(parts: &MessageParts<'_>, facts: &[TokenFacts<'_>], matches: &[Match]) -> Vec<Segment> {
    let s = parts.normalized.as_str();
    let tokens = parts.tokens;
    let hits = &parts.analysis.hits;
    // Contrast words that acted on an emotion word start a new clause.
    let mut contrast_starts: Vec<usize> = hits
        .iter()
        .flat_map(|h| &h.modifiers)
        .filter(|m| m.kind == ModifierKind::Contrast)
        .map(|m| m.span.start)
        .collect();
    contrast_starts.sort_unstable();
    contrast_starts.dedup();

    // Clauses as token ranges.
    let mut clauses: Vec<(Range<usize>, bool)> = Vec::new();
    let mut start: Option<usize> = None;
    for (i, (token, fact)) in tokens.iter().zip(facts).enumerate() {
        if fact.clause_break {
            if let Some(st) = start.take() {
                let word = &s[token.clone()];
                let sentence_end = word
                    .chars()
                    .any(|c| matches!(c, '。' | '.' | '!' | '?' | '\n' | '…'));
                clauses.push((st..i, sentence_end));
            }
            continue;
        }
        if let Some(st) = start {
            if st < i && contrast_starts.binary_search(&token.start).is_ok() {
                clauses.push((st..i, false));
                start = Some(i);
            }
        } else {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        clauses.push((st..tokens.len(), true));
    }

    // Each clause cut before a second target that follows an opinion, and filled with
    // its targets, cues and opinions.
    let mut segs: Vec<Segment> = Vec::new();
    let mut m = 0;
    let mut h = 0;
    for (range, sentence_end) in clauses {
        let byte_start = tokens[range.start].start;
        let byte_end = tokens[range.end - 1].end;
        while m < matches.len() && matches[m].span.start < byte_start {
            m += 1;
        }
        while h < hits.len() && hits[h].span.start < byte_start {
            h += 1;
        }
        let mut seg = Segment {
            tokens: range.clone(),
            ..Segment::default()
        };
        let mut opinion_since_target = false;
        let mut first_token = range.start;
        // (byte, order at one byte: targets, then cues, then hits; is a match, index)
        let mut events: Vec<(usize, u8, bool, usize)> = Vec::new();
        while m < matches.len() && matches[m].span.end <= byte_end {
            let cue = parts.terms.terms[matches[m].term].role == TermRole::Cue;
            events.push((matches[m].span.start, u8::from(cue), true, m));
            m += 1;
        }
        while h < hits.len() && hits[h].span.end <= byte_end {
            events.push((hits[h].span.start, 2, false, h));
            h += 1;
        }
        events.sort_unstable_by_key(|&(at, order, _, index)| (at, order, index));
        for (at, _, is_match, index) in events {
            if is_match {
                let term = &parts.terms.terms[matches[index].term];
                if term.role == TermRole::Target {
                    if opinion_since_target && !seg.targets.is_empty() {
                        // Cut before this target's token.
                        let cut = token_index(tokens, at).max(first_token + 1);
                        if cut < range.end {
                            let mut done = std::mem::take(&mut seg);
                            done.tokens = first_token..cut;
                            segs.push(done);
                            first_token = cut;
                            seg.tokens = cut..range.end;
                        }
                    }
                    seg.targets.push(index);
                    opinion_since_target = false;
                } else {
                    seg.cues.push(index);
                    opinion_since_target = true;
                }
            } else if parts.analysis.hits[index].emotion != Emotion::Neutral {
                seg.opinions += 1;
                opinion_since_target = true;
            }
        }
        seg.tokens = first_token..range.end;
        seg.sentence_end = sentence_end;
        segs.push(seg);
    }

    // A clause naming targets without an opinion lends them to the next clause of its
    // sentence that holds an opinion without a target.
    let mut merged: Vec<Segment> = Vec::with_capacity(segs.len());
    for seg in segs {
        if let Some(prev) = merged.last_mut() {
            let lends = prev.opinions == 0
                && prev.cues.is_empty()
                && !prev.targets.is_empty()
                && !prev.sentence_end;
            if lends && seg.targets.is_empty() && (seg.opinions > 0 || !seg.cues.is_empty()) {
                prev.tokens.end = seg.tokens.end;
                prev.cues = seg.cues;
                prev.opinions = seg.opinions;
                prev.sentence_end = seg.sentence_end;
                continue;
            }
        }
        merged.push(seg);
    }
    merged
}

/// Index of the token that starts at byte `at` (or the one containing it).
fn token_index(tokens: &[Token], at: usize) -> usize {
    match tokens.binary_search_by_key(&at, |t| t.start) {
        Ok(i) => i,
        Err(i) => i.saturating_sub(1),
    }
}

fn aspect_of(
    parts: &MessageParts<'_>,
    facts: &[TokenFacts<'_>],
    matches: &[Match],
    seg: &Segment,
    (features, sums): (&mut SparseFeatures, &mut Vec<[f32; crate::model::HEADS]>),
) -> Option<Aspect> {
    let tokens = parts.tokens.get(seg.tokens.clone())?;
    let span = tokens.first()?.start..tokens.last()?.end;
    let s = parts.normalized.as_str();

    let worded = seg.opinions > 0 || !seg.cues.is_empty();
    let han = s[span.clone()].chars().any(crate::lexicon::is_han);
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
    let polarity = heads.polarity;
    let probabilities = crate::classifier::agree_with_verdict(heads.probabilities, polarity);
    let leans = probabilities[Emotion::Neutral.index()] < MODEL_OPINION_MAX_NEUTRAL
        && polarity.abs() >= MODEL_OPINION_MIN_POLARITY;
    if !(worded || (han && leans)) {
        return None;
    }
    let emotion = crate::result::Scores::new(probabilities).best();
    let signals = intensity_features_with(
        &sub,
        hits,
        emotion,
        probabilities[emotion.index()],
        &crate::escalation::Escalation::none(),
        heads.intensity,
    );
    let level = intensity(parts.model.intensity_coefficients(), &signals, emotion);

    let category = category_of(parts.terms, matches, seg);
    let original = |r: Range<usize>| parts.normalized.original_span(r);
    let mut targets: Vec<String> = Vec::new();
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
    Some(Aspect {
        text,
        start: whole.start,
        end: whole.end,
        targets,
        category,
        emotion,
        polarity: if polarity.is_finite() { polarity } else { 0.0 },
        intensity: level,
    })
}

fn category_of(terms: &AspectTerms, matches: &[Match], seg: &Segment) -> AspectCategory {
    let mut score = [0.0f32; AspectCategory::COUNT];
    let mut first = [usize::MAX; AspectCategory::COUNT];
    for (&i, factor) in seg
        .targets
        .iter()
        .map(|i| (i, 1.0))
        .chain(seg.cues.iter().map(|i| (i, 0.5)))
    {
        let term = &terms.terms[matches[i].term];
        let c = term.category.index();
        score[c] += term.weight * factor;
        first[c] = first[c].min(matches[i].span.start);
    }
    let mut best: Option<usize> = None;
    for c in 0..AspectCategory::COUNT {
        if score[c] <= 0.0 {
            continue;
        }
        best = match best {
            Some(b) if score[b] > score[c] || (score[b] == score[c] && first[b] <= first[c]) => {
                Some(b)
            }
            _ => Some(c),
        };
    }
    best.map_or(AspectCategory::General, |c| AspectCategory::ALL[c])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Classifier;

    fn aspects(text: &str) -> Vec<Aspect> {
        Classifier::builder()
            .aspects(true)
            .build()
            .classify(text)
            .aspects
    }

    #[test]
    fn embedded_terms_parse() {
        let terms = AspectTerms::parse("aspects.tsv", EMBEDDED_TERMS).unwrap();
        assert!(terms.len() > 1000);
        assert_eq!(
            terms.get("快递"),
            Some((AspectCategory::Delivery, TermRole::Target))
        );
        assert_eq!(
            terms.get("贵"),
            Some((AspectCategory::Price, TermRole::Cue))
        );
        // Every category has terms.
        for c in AspectCategory::ALL {
            assert!(terms.terms.iter().any(|t| t.category == c), "{c}");
        }
    }

    #[test]
    fn bad_term_files_are_typed_errors() {
        for (text, line) in [
            ("快递\tdelivery\ttarget\n", 1),
            (
                "# c\n快递\tdelivery\ttarget\t1\n快递\tquality\ttarget\t1\n",
                3,
            ),
            ("快递\tdelivery\tthing\t1\n", 1),
            ("快递\tdelivery\ttarget\t9\n", 1),
            ("快递\tdelivery\ttarget\tx\n", 1),
            (" \tdelivery\ttarget\t1\n", 1),
        ] {
            match AspectTerms::parse("t", text) {
                Err(Error::AspectTerms { line: l, .. }) => assert_eq!(l, line, "{text:?}"),
                other => panic!("{text:?}: {other:?}"),
            }
        }
        // One term may be a target and a cue.
        assert!(AspectTerms::parse("t", "卡\tbilling\ttarget\t1\n卡\ttechnical\tcue\t1").is_ok());
    }

    #[test]
    fn categories_round_trip() {
        for (i, c) in AspectCategory::ALL.into_iter().enumerate() {
            assert_eq!(c.index(), i);
            assert_eq!(c.id().parse::<AspectCategory>().unwrap(), c);
            assert_eq!(c.zh().parse::<AspectCategory>().unwrap(), c);
            assert_eq!(c.to_string(), c.id());
            assert_eq!(
                serde_json::to_string(&c).unwrap(),
                format!("\"{}\"", c.id())
            );
        }
        assert!(matches!(
            "courier".parse::<AspectCategory>(),
            Err(Error::UnknownAspectCategory(_))
        ));
    }

    #[test]
    #[allow(clippy::single_range_in_vec_init)] // one token of one word
    fn terms_match_on_token_boundaries_only() {
        let terms = AspectTerms::parse("t", "面\tquality\ttarget\t1\n").unwrap();
        let s = "方面";
        // 方面 as one token: 面 is inside it.
        assert!(terms.find(s, &[0..6], &[]).is_empty());
        assert_eq!(terms.find("面", &[0..3], &[]).len(), 1);
        // Inside a lexicon word, at its start or end.
        assert_eq!(terms.find("面好", &[0..6], &[0..6]).len(), 1);
        assert!(terms.find("方面好", &[0..9], &[0..9]).is_empty());
    }

    #[test]
    fn praise_and_complaint_are_two_aspects() {
        let a = aspects("菜很好吃，但是上菜太慢，服务员态度也差");
        assert!(a.len() >= 2, "{a:?}");
        assert_eq!(a[0].category, AspectCategory::Quality, "{a:?}");
        assert!(a[0].polarity > 0.0, "{a:?}");
        assert!(a[1..]
            .iter()
            .all(|x| x.category == AspectCategory::Service && x.polarity < 0.0));
    }

    #[test]
    fn two_opinions_in_one_clause_are_cut_at_the_second_target() {
        let a = aspects("菜好吃服务差");
        assert_eq!(a.len(), 2, "{a:?}");
        assert_eq!(a[0].targets, vec!["菜"]);
        assert_eq!(a[1].category, AspectCategory::Service);
    }

    #[test]
    fn two_targets_one_opinion_stay_one_aspect() {
        let a = aspects("房间和卫生间都很干净");
        assert_eq!(a.len(), 1, "{a:?}");
        assert_eq!(a[0].targets, vec!["房间", "卫生间"]);
        assert_eq!(a[0].category, AspectCategory::Environment);
    }

    #[test]
    fn a_target_clause_lends_its_target_to_the_opinion_after_it() {
        let a = aspects("上菜速度，实在太慢了");
        assert_eq!(a.len(), 1, "{a:?}");
        assert_eq!(a[0].text, "上菜速度，实在太慢了");
        assert_eq!(a[0].category, AspectCategory::Service);
    }

    #[test]
    fn facts_and_garbage_have_no_aspects() {
        for text in [
            "",
            "   ",
            "我昨天下的单",
            "请问发票怎么开？",
            "asdf qwer 1234",
            "。。。！！！",
        ] {
            assert!(aspects(text).is_empty(), "{text:?}: {:?}", aspects(text));
        }
    }

    #[test]
    fn offsets_point_into_the_input_with_traditional_and_full_width_text() {
        let text = "ＡＰＰ一直閃退，客服態度也很差！";
        let a = aspects(text);
        assert!(!a.is_empty());
        for x in &a {
            assert_eq!(&text[x.start..x.end], x.text);
        }
        assert_eq!(a[0].category, AspectCategory::Technical, "{a:?}");
    }
}
