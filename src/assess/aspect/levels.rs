//! Targets judged by their level: 油耗高 is blame and 动力足 praise, though neither 高
//! nor 足 is an emotion word. Whether more of a target is better is a fact about the
//! target, kept as data (`data/aspect_levels.tsv`, mined from the training data by
//! `scripts/mine_aspect_levels.py`); the words of level and their direction are here.

use std::collections::HashMap;

use once_cell::sync::Lazy;

use std::ops::Range;

use crate::pipeline::segment::Token;
use crate::pipeline::tokens::TokenFacts;
use crate::types::emotion::Polarity;

/// Words that say a target has more (油耗高, 空间大, 动力提升).
pub(super) const MORE: &[&str] = &[
    "高", "大", "多", "强", "足", "快", "够", "充足", "提升", "增加", "长", "厚", "上升", "变大",
    "增大", "提高", "加大", "变多", "升高",
];
/// Words that say a target has less (价格低, 份量少, 动力下降).
pub(super) const LESS: &[&str] = &[
    "低", "小", "少", "弱", "慢", "下降", "不足", "减少", "短", "薄", "降低", "变小", "减小",
    "变少", "缩小",
];

/// Adverbs that may stand between a target and the word that judges it (油耗也高,
/// 价格确实低, 退款倒是很快).
const LINKS: &[&str] = &[
    "也", "都", "还", "确实", "真", "真的", "就是", "还是", "倒是", "倒", "又", "会", "是", "也是",
    "明显", "的确", "实在", "当然", "肯定", "应该", "可能", "略有", "有所", "稍有", "略微",
];
/// Particles that may follow that word at the end of its clause (油耗也高吧).
const FINAL_PARTICLES: &[&str] = &[
    "的",
    "了",
    "啊",
    "呀",
    "吧",
    "呢",
    "哦",
    "哟",
    "哈",
    "嘛",
    "啦",
    "些",
    "一些",
    "一点",
    "点",
    "了点",
    "了些",
    "了一点",
    "一点点",
    "不少",
    "很多",
    "许多",
    "得多",
    "而已",
    "罢了",
    "明显",
    "比较明显",
    "很明显",
    "非常明显",
];

/// Words of level that judge any target the same way: faster is better (发货快,
/// 退款倒是很快, 上门太慢).
const SPEED: &[&str] = &["快", "慢"];

/// Degree words the segmenter may keep with the word of level (很高, 偏少, 太大).
const GLUED_DEGREES: &[&str] = &[
    "很", "太", "超", "偏", "较", "蛮", "挺", "有点", "有些", "比较", "非常", "相当", "十分",
    "特别", "略", "稍", "更", "最",
];
/// The last characters of the words of [`MORE`] and [`LESS`].
const LEVEL_ENDS: &[char] = &[
    '高', '大', '多', '强', '足', '快', '够', '升', '加', '长', '厚', '低', '小', '少', '弱', '慢',
    '降', '短', '薄',
];

/// Degree words of excess: 份量有点太多 and 声音偏大 are complaints whichever way the
/// target is better, so that a level after them decides no praise.
const EXCESS: &[&str] = &["太", "过于", "太过", "有点", "有些", "偏", "有点太", "过"];
/// The degree words of [`EXCESS`] that complain of any target, whichever way it is
/// better (屏幕有点小, 声音偏大, 房间过小): a hedge before a level. 太 is not one of
/// them: 功能太强了 and 优惠力度太大了 are praise.
const COMPLAINING: &[&str] = &["有点", "有些", "偏", "有点太", "过于", "过"];
/// Negations the segmenter may keep with it (不高, 不大).
const GLUED_NEGATIONS: &[&str] = &["不", "没"];

pub(super) const EMBEDDED_LEVELS: &str = include_str!("../../../data/aspect_levels.tsv");

/// Whether more of each target is better, from [`EMBEDDED_LEVELS`]. A line that does
/// not parse is skipped (a unit test parses every line of the shipped file).
static LEVELS: Lazy<HashMap<String, bool>> = Lazy::new(|| parse(EMBEDDED_LEVELS).0);

/// The targets of a levels file, and the number of lines that did not parse.
fn parse(text: &str) -> (HashMap<String, bool>, usize) {
    let mut out = HashMap::new();
    let mut bad = 0;
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut fields = line.split('\t');
        match (fields.next(), fields.next()) {
            (Some(term), Some("better")) if !term.is_empty() => {
                out.insert(term.to_string(), true);
            }
            (Some(term), Some("worse")) if !term.is_empty() => {
                out.insert(term.to_string(), false);
            }
            _ => bad += 1,
        }
    }
    (out, bad)
}

/// The direction of a word of level (1 for more, −1 for less), with a glued degree
/// word or negation (很高, 不大) read through, and whether a glued degree word is one
/// of [`EXCESS`] (太大).
pub(super) fn direction(word: &str) -> Option<(f32, bool)> {
    // Every word of level ends in one of these (the cheap test first).
    if !word.ends_with(LEVEL_ENDS) {
        return None;
    }
    let plain = |w: &str| {
        if MORE.contains(&w) {
            Some(1.0)
        } else if LESS.contains(&w) {
            Some(-1.0)
        } else {
            None
        }
    };
    plain(word)
        .map(|d| (d, false))
        .or_else(|| {
            GLUED_DEGREES.iter().find_map(|p| {
                let d = word.strip_prefix(p).and_then(plain)?;
                Some((d, EXCESS.contains(p)))
            })
        })
        .or_else(|| {
            GLUED_NEGATIONS
                .iter()
                .find_map(|p| word.strip_prefix(p).and_then(plain).map(|d| (-d, false)))
        })
}

/// A word that judges the target before it, found by [`judging_word`].
pub(super) struct Judging {
    /// Its index in the tokens searched.
    pub index: usize,
    /// An odd number of negations stood before it (油耗不高).
    pub negated: bool,
    /// A degree word of [`EXCESS`] stood before it (份量有点太多).
    pub excess: bool,
    /// ... and it was one of [`COMPLAINING`] (屏幕有点小).
    pub complains: bool,
}

/// The first token from `from` on in its clause that `judges` accepts, when only
/// [`LINKS`] adverbs, degree words and negations stand before it and only final
/// particles after it (油耗也高吧, 油耗真不高, 动力还是弱了点; not 人多的时候).
pub(super) fn judging_word(
    s: &str,
    tokens: &[Token],
    facts: &[TokenFacts<'_>],
    from: usize,
    judges: impl Fn(&str) -> bool,
) -> Option<Judging> {
    let (mut negated, mut excess, mut complains) = (false, false, false);
    for k in from..tokens.len().min(facts.len()) {
        let fact = &facts[k];
        if fact.clause_break {
            return None;
        }
        let word = s.get(tokens[k].clone())?;
        if judges(word) {
            let ends = tokens[k + 1..]
                .iter()
                .zip(&facts[k + 1..])
                .take_while(|(_, f)| !f.clause_break)
                .all(|(t, _)| {
                    s.get(t.clone())
                        .is_some_and(|w| FINAL_PARTICLES.contains(&w))
                });
            return ends.then_some(Judging {
                index: k,
                negated,
                excess,
                complains,
            });
        }
        let info = fact.info;
        if info.is_some_and(|i| i.negation.is_some()) {
            negated = !negated;
        } else if EXCESS.contains(&word) {
            excess = true;
            complains |= COMPLAINING.contains(&word);
        } else if !(LINKS.contains(&word) || info.is_some_and(|i| i.degree.is_some())) {
            return None;
        }
    }
    None
}

/// The side a span takes from a target judged by its level: the first of `targets`
/// followed in the span's `tokens` by a word of level ([`judging_word`]) that judges
/// it. More of a better target is praise, a negation turns it (油耗不高 is praise);
/// after a degree word of [`EXCESS`], only blame is decided. Speed judges any target
/// (退款倒是很快, 上门慢); the other levels only the targets of [`LEVELS`], except
/// after a degree word of [`COMPLAINING`], which blames any target (屏幕有点小).
pub(super) fn level_side<'a>(
    s: &str,
    tokens: &[Token],
    facts: &[TokenFacts<'_>],
    mut targets: impl Iterator<Item = &'a Range<usize>>,
) -> Option<Polarity> {
    targets.find_map(|target| {
        let from = tokens.partition_point(|t| t.start < target.end);
        let found = judging_word(s, tokens, facts, from, |w| direction(w).is_some())?;
        let word = s.get(tokens[found.index].clone())?;
        let (d, glued_excess) = direction(word)?;
        let known = LEVELS.get(s.get(target.clone())?).copied();
        if known.is_none() && !SPEED.iter().any(|w| word.ends_with(w)) {
            let glued = COMPLAINING
                .iter()
                .any(|p| word.strip_prefix(p).is_some_and(|w| direction(w).is_some()));
            return ((found.complains || glued) && !found.negated).then_some(Polarity::Negative);
        }
        let mut sign = if known.unwrap_or(true) { d } else { -d };
        if found.negated {
            sign = -sign;
        }
        // Too much of a good thing is no praise (份量有点太多).
        if (found.excess || glued_excess) && sign > 0.0 {
            return None;
        }
        Some(if sign > 0.0 {
            Polarity::Positive
        } else {
            Polarity::Negative
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_levels_parse() {
        let (levels, bad) = parse(EMBEDDED_LEVELS);
        assert_eq!(bad, 0);
        assert_eq!(levels.get("油耗"), Some(&false));
        assert_eq!(levels.get("动力"), Some(&true));
    }

    #[test]
    fn every_word_of_level_ends_in_a_level_end() {
        for w in MORE.iter().chain(LESS) {
            assert!(w.ends_with(LEVEL_ENDS), "{w}");
        }
    }

    #[test]
    fn bad_lines_are_skipped() {
        let (levels, bad) = parse("# note\n油耗\tworse\t3\t0.9\n价格\tcheap\n\t\n动力\n");
        assert_eq!(levels.len(), 1);
        assert_eq!(bad, 2);
    }

    #[test]
    fn words_of_level_read_through_glued_degrees_and_negations() {
        assert_eq!(direction("高"), Some((1.0, false)));
        assert_eq!(direction("偏少"), Some((-1.0, true)));
        assert_eq!(direction("很多"), Some((1.0, false)));
        assert_eq!(direction("不大"), Some((-1.0, false)));
        assert_eq!(direction("高兴"), None);
        assert_eq!(direction(""), None);
    }
}
