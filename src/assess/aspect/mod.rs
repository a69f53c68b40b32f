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
//!   and newlines (not at the enumeration comma 、, which lists targets sharing one
//!   opinion), and before a contrast word that acted on an emotion word (菜好吃但上菜慢).
//! - **Targets.** The terms of the aspect lexicon (`data/aspects.tsv`, [`AspectTerms`])
//!   are found where tokens begin and end. A clause naming a second target after an
//!   opinion about the first is cut before it (菜好吃服务差 is two aspects); two targets
//!   sharing one opinion stay one aspect (房间和卫生间都很干净), and so does a target
//!   after an opinion that no opinion follows: it is the noun the opinion describes
//!   (好吃的蔬菜, 鲜味十足的粥). A token the
//!   segmenter kept whole that is a target then a cue (皮脆, 肉嫩) holds both.
//! - **Opinions.** A clause is an aspect only when it holds an opinion: a lexicon emotion
//!   word that counts for a non-neutral label (after negation and sarcasm), or a `cue`
//!   term of the aspect lexicon (贵, 闪退), or an `opinion` term (evaluative words the
//!   emotion lexicon lacks, naming no category: 恰到好处, 不到位), or a target followed by a degree word and
//!   the predicate it grades (口感有点微妙, 份量不算少, 肉质蛮嫩: the target is judged
//!   even when the emotion lexicon knows none of the words; 很大 or 偏咸 kept as one
//!   token counts too), or a target followed, after linking adverbs (也, 确实), degree
//!   words and negations only, by a word of its level or a plain adjective that ends
//!   its clause (油耗也高吧, 动力下降, 油耗真不高, 车漆软). 我昨天下的单 is no aspect; a factual message has none. A clause that
//!   names targets but no opinion lends them to the next clause of its sentence when
//!   that one holds an opinion without a target (上菜速度，太慢了).
//! - **Category.** The weights of the span's target terms, per category, then those of
//!   its cue terms at half weight, plus the probabilities of the [`CategoryHead`] on
//!   the span's text (so that 超时 after the food target 外卖 makes it `delivery`): a
//!   small linear model over the span's hashed characters and character bigrams and
//!   the categories of the terms of its whole message (`data/aspect_head.bin`,
//!   trained by `examples/train_aspects.rs` on the public corpora's training folds
//!   and the project's own training sets). The highest wins;
//!   without any term, the category of the aspect before it in its sentence (the
//!   complaint goes on about the same thing) unless the head's likeliest category
//!   has at least 0.55 of the probability; without such an aspect, the head's
//!   likeliest when it has at least 0.4, else that of the message's other
//!   aspects when they all share one (太棒了 after two sentences about a courier is
//!   about the delivery), and [`AspectCategory::General`] otherwise.
//! - **Emotion.** The message's own linear model applied to the span's features (its
//!   n-grams and the lexicon hits inside it, as the message analysis found them, so
//!   that negation, contrast and sarcasm reaching into the span count), and the
//!   message's intensity coefficients on the span's signals. A span without opinion
//!   words of its own takes part of its verdict from the message's (`MESSAGE_CONTEXT`,
//!   0.35): read alone, facts lean to complaint, and 一个都没碎 is praise in a
//!   message of praise. A target judged by its level without such words (油耗很高,
//!   动力下降, 油耗也不高) takes the side that the level of that target gives: whether
//!   more of it is better is data (`data/aspect_levels.tsv`, mined from the training
//!   data), and a negation turns it.
//!
//! Decisions where `aspects.md` is silent, as a support lead would take them:
//! - a span whose opinion comes only from a cue term still gets the model's label; when
//!   the model reads it as `neutral` or `surprise` it is kept, with polarity near 0, so
//!   that the team still sees the topic;
//! - an aspect holds an opinion, and `neutral` is for text without emotional load: a
//!   span whose verdict leans (|polarity| at least `ASPECT_SIDE`, 0.2: the verdict head
//!   60% sure) but that the emotion head reads as `neutral` takes the likeliest label
//!   of its verdict's side (咸度也恰到好处: `joy`), and with it an intensity above 0;
//! - when every emotion word inside a span leans one way (after negation and sarcasm)
//!   and the verdict head reads the span the other way, the words decide, with at
//!   least a clear verdict's strength: a short span gives the head few n-grams, and
//!   those of complaints weigh on praise in their words (发货倒是挺快); where the head
//!   agrees with them, however faintly, the label is of their side too (再也没有闪退了
//!   at +0.02 is `joy`, not the emotion head's likeliest `anger`);
//! - a negated word of complaint (理赔不刁难, 快递一点都不慢) judges its target well:
//!   it makes its span an opinion, and its side is the positive one when the words
//!   decide against the head; in a question (这不是欺诈吗, 难道不该退吗) the negation
//!   asks and the word keeps its label's side, and a negated worry (不着急) is calm,
//!   not praise;
//! - a concession without a word of complaint (早餐倒是丰富, 退款倒是很快) is praise,
//!   however the message around it complains; urging (你倒是说话啊) is no concession;
//! - 贵 before an institution (贵公司, 贵行, 贵平台) is the polite "your" of a letter
//!   to a company, not a price cue;
//! - carrying people is a service, not a delivery (which carries goods): a driver (司机,
//!   代驾), boarding and pick-up (登机, 接机) and a delayed flight (航班延误, 延误: the
//!   operator not keeping its promise) are `service`; a train or the ride-hailing
//!   platform named as a whole (高铁, 网约车) is `general` at a low weight, so that the
//!   words around it decide; changing a ticket (改签) is an exchange, `refund`; 晚点
//!   stays `delivery` at a low weight, since late food and parcels are as common;
//! - a message that the emotion head reads as `neutral` but the verdict head as praise
//!   (polarity at least `MODEL_OPINION_MIN_POLARITY`, 0.3), without a word of the
//!   lexicons (如果讲究四驱跟操控，森林人好点), holds praise: its spans are read as those
//!   of a labelled message are; so does one leaning to complaint by at least 0.5
//!   (`COMPLAINT_GATE`) that neither asks nor requests (欧蓝德那内饰，我都懒得坐进去;
//!   but not 请问一下我现在的套餐还剩多少流量？ at -0.6: read alone, requests lean to
//!   complaint); and in any message read as praise, a span naming a target that leans
//!   one way at least 0.3 is an opinion even where the emotion head reads it as
//!   `neutral` (可玩性很高), unless it asks or requests (请问, 麻烦, 帮我, 有没有, 我想,
//!   a question mark). A span leaning to complaint in a complaint is not (我昨天下的单
//!   leans with its message);
//! - an app, a site or a system praised as a whole (这个app做得真不错, 手机银行的新版本
//!   很清爽) is praised for its design and goes to the product team: `features`; its
//!   faults (闪退), the network (网速, 信号) and its repairs stay `technical`;
//! - beside an exception (除了价格有点贵), the rest (其他都挺满意的, 别的都没毛病) is
//!   the whole: `general`;
//! - a target blamed by a hedged level (屏幕有点小, 声音偏大: 有点, 有些, 偏, 过于 before a
//!   word of level) is blamed whichever way the target is better, and falls short of
//!   what was expected: `disappointment`;
//! - questions and requests without an opinion word (请问发票怎么开) are no aspect, nor
//!   is a span without a target whose every word is a `neutral` word of the lexicon
//!   (您好, 好的): a letter's 您好： opens complaints and praise alike;
//! - the message's verdict stays the verdict head's reading of the whole message, which
//!   weighs its explicit summaries (总体, 下次还来) and its opinions itself; aspects do
//!   not override it. Of the 460 mixed reviews of `data/train/mixed_verdict_reviews.jsonl`
//!   and `mixed_reviews.jsonl` (training data of that head, so in sample), 7 verdicts
//!   are wrong, and none has a summary aspect whose polarity would put it right.

mod category;
mod glued;
mod head;
mod levels;
mod opinion;
mod spans;
mod terms;
#[cfg(test)]
mod tests;

use std::ops::Range;

use crate::pipeline::features::{SparseFeatures, TokenEntries};
use crate::pipeline::model::{LinearModel, HEADS};
use crate::pipeline::normalize::NormalizedText;
use crate::pipeline::scoring::{Hit, LexiconAnalysis};
use crate::pipeline::segment::Token;
use crate::pipeline::tokens::TokenFacts;
use crate::types::emotion::Emotion;
use opinion::aspect_of;
use spans::{evaluates, has_targets, segments};
use terms::Match;

pub use crate::types::aspect::{Aspect, AspectCategory};
pub use head::CategoryHead;
pub use terms::{AspectTerms, TermRole};

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
    /// words and without a leaning verdict, has aspects only where a clause judges a
    /// target.
    pub emotion: Emotion,
    /// The message's verdict.
    pub polarity: f32,
}

/// A span without opinion words holds an opinion when the model gives `neutral` less
/// than this probability on it.
pub(super) const MODEL_OPINION_MAX_NEUTRAL: f32 = 0.5;
/// ... and leans at least this far to one side.
pub(super) const MODEL_OPINION_MIN_POLARITY: f32 = 0.3;

/// How far a message without opinion words, read as `neutral`, must lean to complaint
/// for its spans to be read (0.5; a lean to praise needs only
/// [`MODEL_OPINION_MIN_POLARITY`]): read alone, facts and requests lean to complaint.
/// On the training folds 0.4, 0.5 and 0.65 gave BDCI coverage 0.820, 0.816 and 0.812
/// and own factual messages without aspects 122, 124 and 125 of 148 (125 without the
/// gate).
const COMPLAINT_GATE: f32 = 0.5;

/// Buffers reused across the messages one thread reads.
#[derive(Debug, Default)]
pub(crate) struct AspectScratch {
    words: Vec<Range<usize>>,
    starts: Vec<usize>,
    flags: Vec<u8>,
    found: Vec<Match>,
    matches: Vec<Match>,
    features: SparseFeatures,
    /// The model's per-token sums for the message, computed at its first span.
    sums: Vec<[f32; HEADS]>,
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
        (&mut scratch.starts, &mut scratch.flags),
        &mut scratch.found,
        &mut matches,
    );
    parts
        .terms
        .split_glued(s, parts.tokens, parts.facts, &mut matches);
    // Targets and cues inside a masked span (URL, long number) are no words, and 贵
    // before an institution is the polite "your" (贵公司, 贵行), not a price.
    matches.retain(|m| {
        let polite = &s[m.span.clone()] == "贵" && names_institution(&s[m.span.end..]);
        !(polite || parts.normalized.is_masked(&m.span))
    });
    // A negated complaint (理赔不刁难) counts as an opinion, as it does in its span.
    let opinion_hit = |h: &Hit| h.emotion != Emotion::Neutral || h.is_negated_complaint();
    let has_opinion = hits.iter().any(opinion_hit)
        || matches
            .iter()
            .any(|m| parts.terms.terms[m.term].role != TermRole::Target);
    let mut out = Vec::new();
    let facts = parts.facts;
    // A message without opinion words and read as neutral has aspects only where a
    // clause judges a target (see [`evaluates`]), unless its verdict leans: to praise
    // at least MODEL_OPINION_MIN_POLARITY (森林人好点 at +0.7), or to complaint at
    // least COMPLAINT_GATE without asking or requesting (欧蓝德那内饰，我都懒得坐进去
    // at -0.55; 请问一下我现在的套餐还剩多少流量？ at -0.6 asks). Such a message holds
    // an opinion somewhere: its spans are read as a labelled message's are. Its
    // segments are cut once.
    let questions = parts.analysis.punctuation.questions;
    let leans = parts.polarity >= MODEL_OPINION_MIN_POLARITY
        || (parts.polarity <= -COMPLAINT_GATE && !opinion::asks(s, questions));
    let segs = if has_opinion || parts.emotion != Emotion::Neutral || leans {
        Some(segments(parts, facts, &matches))
    } else {
        has_targets(parts, &matches)
            .then(|| segments(parts, facts, &matches))
            .filter(|segs| evaluates(segs))
    };
    if let Some(segs) = segs {
        scratch.sums.clear();
        out.reserve_exact(segs.len());
        // The category of the aspect before, while its sentence goes on.
        let mut topic = None;
        // The categories of the message's terms, which the category head reads
        // beside each span (`AspectTerms::categories_in` for training, the terms found
        // on token boundaries here).
        let mut context = [false; AspectCategory::COUNT];
        for m in &matches {
            let term = &parts.terms.terms[m.term];
            if term.names_topic() {
                context[term.category.index()] = true;
            }
        }
        let mut undecided = Vec::new();
        for seg in segs {
            let buffers = (&mut scratch.features, &mut scratch.sums);
            if let Some((aspect, decided)) =
                aspect_of(parts, facts, &matches, &seg, (topic, &context), buffers)
            {
                if decided {
                    topic = Some(aspect.category);
                } else {
                    undecided.push(out.len());
                }
                out.push(aspect);
            }
            if seg.sentence_end {
                topic = None;
            }
        }
        follow_the_message(&mut out, &undecided);
    }
    scratch.matches = matches;
    out
}

/// Gives each aspect at `undecided` (no term, the head unsure, no topic in its
/// sentence) the category of the message's decided aspects when they all share one:
/// the message is about one thing. [`AspectCategory::General`] stays otherwise.
fn follow_the_message(out: &mut [Aspect], undecided: &[usize]) {
    let decided = |i: &usize| undecided.binary_search(i).is_err();
    let mut categories = (0..out.len()).filter(decided).map(|i| out[i].category);
    let Some(first) = categories.next() else {
        return;
    };
    if categories.all(|c| c == first) {
        for &i in undecided {
            out[i].category = first;
        }
    }
}

/// Institutions that the polite 贵 ("your") comes before in letters to a company
/// (贵公司, 贵行, 贵司): 贵 there is no price cue.
const HONORIFIC_NOUNS: &[&str] = &[
    "公司",
    "司",
    "行",
    "店",
    "方",
    "平台",
    "酒店",
    "单位",
    "院",
    "校",
    "部门",
    "处",
    "社",
    "台",
    "馆",
    "站",
    "所",
    "厂",
    "银行",
    "网站",
    "医院",
    "小区",
    "集团",
    "中心",
    "机构",
    "商家",
    "客服",
    "品牌",
    "门店",
    "营业厅",
    "物业",
    "航空",
    "企业",
    "店铺",
    "工作人员",
];

/// Whether `rest`, the text after a 贵, begins with an institution of
/// [`HONORIFIC_NOUNS`].
fn names_institution(rest: &str) -> bool {
    HONORIFIC_NOUNS.iter().any(|n| rest.starts_with(n))
}
