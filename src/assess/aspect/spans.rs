//! Cutting a message into candidate spans: clauses, second targets, and targets lent
//! to the next clause (see the module docs).

use std::ops::Range;

use super::levels::{direction as level_direction, judging_word};
use super::terms::{Match, TermRole};
use super::MessageParts;
use crate::pipeline::segment::Token;
use crate::pipeline::tokens::TokenFacts;
use crate::types::emotion::Emotion;
use crate::types::modifier::ModifierKind;

/// A candidate span: token range, and the matches and hits inside it.
#[derive(Debug, Clone, Default)]
pub(super) struct Segment {
    pub(super) tokens: Range<usize>,
    pub(super) targets: Vec<usize>,
    pub(super) cues: Vec<usize>,
    pub(super) opinions: usize,
    /// The break after the segment ends its sentence (。!? or a newline).
    pub(super) sentence_end: bool,
    /// The segment begins at a target its clause was cut before (not at a clause break).
    pub(super) cut_before_target: bool,
}

/// Cuts the message into candidate spans (see the module docs).
pub(super) fn segments(
    parts: &MessageParts<'_>,
    facts: &[TokenFacts<'_>],
    matches: &[Match],
) -> Vec<Segment> {
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
        // The enumeration comma lists targets that share the opinion after them
        // (叉烧面、糖心蛋都很好): it does not end a clause.
        let listing = start.is_some() && s.get(token.clone()) == Some("、");
        if fact.clause_break && !listing {
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
    // (byte, order at one byte: targets, then cues, then hits; is a match, index)
    let mut events: Vec<(usize, u8, bool, usize)> = Vec::new();
    let mut opinions: Vec<(usize, Option<usize>)> = Vec::new();
    // A segment's opinion count and cues, from its opinions.
    let fill = |seg: &mut Segment, opinions: &[(usize, Option<usize>)]| {
        seg.opinions = opinions.iter().filter(|o| o.1.is_none()).count();
        seg.cues = opinions.iter().filter_map(|o| o.1).collect();
    };
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
        let mut last_target_at = 0;
        let mut opinion_end = 0;
        let mut first_token = range.start;
        events.clear();
        while m < matches.len() && matches[m].span.end <= byte_end {
            // Targets first, then cues, then opinion terms with the lexicon's hits.
            let order = match parts.terms.terms[matches[m].term].role {
                TermRole::Target => 0,
                TermRole::Cue => 1,
                TermRole::Opinion => 2,
            };
            events.push((matches[m].span.start, order, true, m));
            m += 1;
        }
        while h < hits.len() && hits[h].span.end <= byte_end {
            events.push((hits[h].span.start, 2, false, h));
            h += 1;
        }
        events.sort_unstable_by_key(|&(at, order, _, index)| (at, order, index));
        // The opinions of the segment being filled: where each starts, and the cue's
        // match (None for an emotion word or an opinion term).
        opinions.clear();
        for &(at, _, is_match, index) in &events {
            if is_match {
                let term = &parts.terms.terms[matches[index].term];
                match term.role {
                    // An opinion word the emotion lexicon lacks counts as one of its.
                    TermRole::Opinion | TermRole::Cue => {
                        let cue = (term.role == TermRole::Cue).then_some(index);
                        opinions.push((at, cue));
                        opinion_end = opinion_end.max(matches[index].span.end);
                    }
                    TermRole::Target => {
                        // Opinions come in text order: the last is the latest.
                        let since = opinions.last().is_some_and(|o| o.0 >= last_target_at);
                        // A target inside an opinion word (解答 in 耐心解答) is judged
                        // by it, not after it.
                        let inside = at < opinion_end;
                        if since && !seg.targets.is_empty() && !inside {
                            // Cut before this target's token, when an opinion lies
                            // before that token (not only inside it: 很耐心 holds a
                            // target); the opinions from that token on go with it.
                            let cut = token_index(tokens, at).max(first_token + 1);
                            let cut_at = tokens.get(cut).map_or(usize::MAX, |t| t.start);
                            let before = opinions.partition_point(|o| o.0 < cut_at);
                            if cut < range.end && before > 0 {
                                let mut done = std::mem::take(&mut seg);
                                fill(&mut done, &opinions[..before]);
                                done.tokens = first_token..cut;
                                segs.push(done);
                                opinions.drain(..before);
                                first_token = cut;
                                seg.tokens = cut..range.end;
                                seg.cut_before_target = true;
                            }
                        }
                        seg.targets.push(index);
                        last_target_at = at;
                    }
                }
            } else if parts.analysis.hits[index].emotion != Emotion::Neutral {
                opinions.push((at, None));
                opinion_end = opinion_end.max(parts.analysis.hits[index].span.end);
            }
        }
        fill(&mut seg, &opinions);
        seg.tokens = first_token..range.end;
        seg.sentence_end = sentence_end;
        segs.push(seg);
    }
    for seg in &mut segs {
        if seg.opinions == 0 && seg.cues.is_empty() && evaluated(parts, facts, matches, seg) {
            seg.opinions = 1;
        }
    }

    // A clause naming targets without an opinion lends them to the next clause of its
    // sentence that holds an opinion without a target; a target cut off after an
    // opinion that none follows is the noun that opinion describes (好吃的蔬菜, 鲜味
    // 十足的粥) and goes back to it.
    let mut merged: Vec<Segment> = Vec::with_capacity(segs.len());
    let mut segs = segs.into_iter().peekable();
    while let Some(seg) = segs.next() {
        let opinion = |s: &Segment| s.opinions > 0 || !s.cues.is_empty();
        // Whether `seg`, naming targets without an opinion, lends them to the next.
        let will_lend = !seg.sentence_end
            && segs
                .peek()
                .is_some_and(|next| next.targets.is_empty() && opinion(next));
        if let Some(prev) = merged.last_mut() {
            if seg.cut_before_target && !opinion(&seg) && !will_lend {
                prev.tokens.end = seg.tokens.end;
                prev.targets.extend(seg.targets);
                prev.sentence_end = seg.sentence_end;
                continue;
            }
            let lends = !opinion(prev) && !prev.targets.is_empty() && !prev.sentence_end;
            if lends && seg.targets.is_empty() && opinion(&seg) {
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

/// Words that, after a target, make what follows a judgement of it (肉质偏硬, 份量不算少)
/// besides the lexicon's degree words.
const EVALUATIVE: &[&str] = &[
    "偏",
    "不算",
    "不太",
    "不够",
    "够",
    "满",
    "算",
    "算是",
    "还算",
    "没什么",
    "不怎么",
    "不是很",
    "并不",
];
/// Predicates that judge the target before them on their own (店面不大, 面没味道).
const PREDICATES: &[&str] = &[
    "不大",
    "不多",
    "不少",
    "好多",
    "一般",
    "普通",
    "还行",
    "还可以",
    "没味道",
    "偏少",
    "偏多",
    "算多",
    "算少",
    "略少",
    "够味",
    "到位",
];
/// Adjectives that judge the target right before them (车漆软, 动力可以), besides the
/// words of level of [`super::levels`] (油耗高, 动力下降, 空间也大吧): a target's level
/// is its judgement, though the lexicon gives such words no emotion.
const SCALARS: &[&str] = &[
    "省", "费", "重", "轻", "硬", "软", "稳", "好", "差", "可以", "一般", "不错",
];
/// Degree words that begin a token holding its adjective too (很大, 偏咸, 超快).
const PREFIXES: &[&str] = &[
    "很", "太", "超", "偏", "较", "蛮", "挺", "满", "有点", "有些", "比较", "非常", "相当", "十分",
    "特别", "不太", "不算", "不够", "颇", "略", "稍", "算", "够",
];
/// Degree words of the lexicon that more often mean something else after a noun
/// (好几天, 老是, 这么说).
const NOT_EVALUATIVE: &[&str] = &["好", "老", "这么", "那么", "怪", "特", "更", "最", "如此"];

/// A segment naming a target, then a degree word and a word after it in the segment
/// (口感有点微妙, 肉质蛮嫩的, 份量不算少), or a word of its level or one of [`SCALARS`]
/// ending its clause ([`judging_word`]: 油耗也高吧, 车漆软): a judgement of the target
/// even when the emotion lexicon knows none of its words.
fn evaluated(
    parts: &MessageParts<'_>,
    facts: &[TokenFacts<'_>],
    matches: &[Match],
    seg: &Segment,
) -> bool {
    let Some(target_end) = seg.targets.iter().map(|&i| matches[i].span.end).min() else {
        return false;
    };
    let s = parts.normalized.as_str();
    let range = seg.tokens.clone();
    let (Some(tokens), Some(facts)) = (parts.tokens.get(range.clone()), facts.get(range)) else {
        return false;
    };
    let n = tokens.len();
    (0..n).any(|k| {
        let (token, fact) = (&tokens[k], &facts[k]);
        if token.start < target_end || fact.clause_break {
            return false;
        }
        let word = &s[token.clone()];
        let degree =
            fact.info.is_some_and(|info| info.degree.is_some()) && !NOT_EVALUATIVE.contains(&word);
        let next_word = facts[k + 1..].first().is_some_and(|f| !f.clause_break);
        // A degree word the segmenter kept with its adjective (很大, 超快, 有点咸).
        let glued = || {
            fact.info.is_none()
                && PREFIXES
                    .iter()
                    .any(|p| word.len() > p.len() && word.starts_with(p))
        };
        ((degree || EVALUATIVE.contains(&word)) && next_word)
            || PREDICATES.contains(&word)
            || glued()
    }) || seg.targets.iter().any(|&i| {
        // A target followed by a word of its level or a plain adjective (油耗也高吧).
        let from = tokens.partition_point(|t| t.start < matches[i].span.end);
        judging_word(s, tokens, facts, from, |w| {
            SCALARS.contains(&w) || level_direction(w).is_some()
        })
        .is_some()
    })
}

/// Whether the matches hold a target term (without one no clause can judge a target).
pub(super) fn has_targets(parts: &MessageParts<'_>, matches: &[Match]) -> bool {
    matches
        .iter()
        .any(|m| parts.terms.terms[m.term].role == TermRole::Target)
}

/// Whether any segment of a message without opinion words holds a judgement of a
/// target found by [`evaluated`] (the aspects step runs on such a message then).
pub(super) fn evaluates(segs: &[Segment]) -> bool {
    segs.iter().any(|seg| seg.opinions > 0)
}

/// Index of the token that starts at byte `at` (or the one containing it).
pub(super) fn token_index(tokens: &[Token], at: usize) -> usize {
    match tokens.binary_search_by_key(&at, |t| t.start) {
        Ok(i) => i,
        Err(i) => i.saturating_sub(1),
    }
}
