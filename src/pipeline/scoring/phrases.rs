//! Phrases that change what an emotion word says: a word that it is gone
//! (闪退没有了), an expectation before it (原以为会很麻烦), a simile that 一般 closes
//! (犹如宝马一般). The scoring loop asks these; see the rules in the parent module.

use std::ops::Range;

use crate::pipeline::segment::Token;
use crate::pipeline::tokens::TokenFacts;

/// Words that may stand between an emotion word and the words saying it is gone
/// (卡顿的问题终于没有了, 卡顿现象基本没有了), at most [`GONE_BRIDGE`] of them.
pub(super) const GONE_BRIDGES: &[&str] = &[
    "的",
    "问题",
    "情况",
    "现象",
    "毛病",
    "终于",
    "已经",
    "都",
    "也",
    "基本",
    "基本上",
    "就",
    "完全",
    "彻底",
    "现在",
    "貌似",
    "好像",
    "似乎",
    "总算",
    "早就",
    "再也",
];
/// How many [`GONE_BRIDGES`] words may stand before the words saying it is gone.
pub(super) const GONE_BRIDGE: usize = 4;
/// Words that say what the customer expected (原以为会很麻烦): the emotion words after
/// them in their clause are not felt.
pub(super) const EXPECTATIONS: &[&str] = &[
    "原以为",
    "本以为",
    "还以为",
    "我还以为",
    "本来以为",
    "满以为",
    "原本以为",
    "我以为",
];
/// Words before 以为 that make it an expectation when the segmenter cuts them apart
/// (本来 | 以为).
pub(super) const EXPECTATION_HEADS: &[&str] = &["本来", "原本", "原来", "还", "我还", "满心"];
/// Words that open a simile closed by 一般 (犹如宝马一般).
pub(super) const SIMILE_OPENERS: &[&str] = &[
    "像", "就像", "好像", "犹如", "如同", "宛如", "仿佛", "好比", "恍如", "似",
];
/// Whether the tokens after the emotion word at `i`, in its clause, say that it is
/// gone: up to [`GONE_BRIDGE`] of [`GONE_BRIDGES`], then 没有了, 没了, 消失了 or
/// 不见了, or 没(有)(再)出现 or 发生 (过, 了), not followed by a question word (吗).
/// Gives the span of the words saying it (for the evidence) and the index of the
/// token after them.
pub(super) fn gone_after(
    s: &str,
    tokens: &[Token],
    facts: &[TokenFacts<'_>],
    i: usize,
) -> Option<(Range<usize>, usize)> {
    let word = |j: usize| -> Option<&str> {
        let t = tokens.get(j)?;
        (!facts.get(j)?.clause_break).then(|| &s[t.clone()])
    };
    let mut j = i + 1;
    while j <= i + GONE_BRIDGE && word(j).is_some_and(|w| GONE_BRIDGES.contains(&w)) {
        j += 1;
    }
    let start = tokens.get(j)?.start;
    let mut end = match word(j)? {
        "没有了" | "没了" | "消失了" | "不见了" => j + 1,
        "没有" | "没" | "消失" | "不见" if word(j + 1) == Some("了") => j + 2,
        first @ ("没有" | "没" | "没再" | "没有再") => {
            let mut k = j + 1;
            if !first.ends_with('再') && word(k) == Some("再") {
                k += 1;
            }
            if !matches!(word(k), Some("出现" | "发生" | "出现过" | "发生过")) {
                return None;
            }
            k += 1;
            if matches!(word(k), Some("过" | "了")) {
                k += 1;
            }
            k
        }
        _ => return None,
    };
    if matches!(word(end), Some("吗" | "么" | "嘛" | "没" | "没有")) {
        return None;
    }
    if word(end) == Some("了") {
        end += 1;
    }
    Some((start..tokens[end - 1].end, end))
}

/// Degree words between 得 and 厉害 (疼得很厉害), or kept with either (得很, 太厉害了).
const DEGREES: &[&str] = &["很", "太", "特别", "非常", "挺", "更"];

/// Whether the token at `i` is 厉害 (or 很厉害, 太厉害了: kept with a degree word and
/// 了) after 得, directly or after one degree word (晃得厉害, 疼得很厉害, 得很 | 厉害):
/// a complement of degree, saying how much.
pub(super) fn grades_a_verb(s: &str, tokens: &[Token], i: usize) -> bool {
    let word = |j: usize| tokens.get(j).and_then(|t| s.get(t.clone()));
    let this = word(i).unwrap_or_default();
    let this = this.strip_suffix('了').unwrap_or(this);
    let graded = |w: &str| DEGREES.iter().any(|d| w.strip_prefix(d) == Some("厉害"));
    if !(this == "厉害" || graded(this)) {
        return false;
    }
    // 得 ends the token before (晃得) or begins it before a degree word (得很).
    let de = |j: Option<usize>| {
        j.and_then(word).is_some_and(|w| {
            w.ends_with('得') || w.strip_prefix('得').is_some_and(|d| DEGREES.contains(&d))
        })
    };
    let before = i.checked_sub(1);
    de(before)
        || (before.and_then(word).is_some_and(|w| DEGREES.contains(&w)) && de(i.checked_sub(2)))
}
