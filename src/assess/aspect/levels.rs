//! Targets judged by their level: 油耗高 is blame and 动力足 praise, though neither 高
//! nor 足 is an emotion word. Whether more of a target is better is a fact about the
//! target, kept as data (`data/aspect_levels.tsv`, mined from the training data by
//! `scripts/mine_aspect_levels.py`); the words of level and their direction are here.

use std::collections::HashMap;

use once_cell::sync::Lazy;

use super::spans::Segment;
use super::terms::Match;
use crate::pipeline::segment::Token;
use crate::pipeline::tokens::TokenFacts;
use crate::types::emotion::Polarity;

/// Words that say a target has more (油耗高, 空间大, 动力提升).
pub(super) const MORE: &[&str] = &[
    "高", "大", "多", "强", "足", "快", "够", "充足", "提升", "增加", "长", "厚",
];
/// Words that say a target has less (价格低, 份量少, 动力下降).
pub(super) const LESS: &[&str] = &[
    "低", "小", "少", "弱", "慢", "下降", "不足", "减少", "短", "薄",
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

/// The side a span takes from a target judged by its level: the first target of the
/// segment that [`LEVELS`] knows, followed in its clause only by linking adverbs
/// (`links`), degree words and negations, then a word of level, then at most final
/// particles (`particles`). More of a better target is praise, a negation turns it
/// (油耗不高 is praise); after a degree word of [`EXCESS`], only blame is decided.
pub(super) fn level_side(
    s: &str,
    tokens: &[Token],
    facts: &[TokenFacts<'_>],
    matches: &[Match],
    seg: &Segment,
    (links, particles): (&[&str], &[&str]),
) -> Option<Polarity> {
    seg.targets.iter().find_map(|&i| {
        let target = &matches[i].span;
        let after = tokens[seg.tokens.clone()]
            .iter()
            .zip(&facts[seg.tokens.clone()])
            .skip_while(|(t, _)| t.start < target.end);
        let mut sign = 1.0;
        let mut level = None;
        let mut excess = false;
        for (token, fact) in after {
            if fact.clause_break {
                break;
            }
            let word = s.get(token.clone())?;
            if level.is_some() {
                if particles.contains(&word) {
                    continue;
                }
                return None;
            }
            if let Some((d, glued_excess)) = direction(word) {
                // Speed is praise for any target the levels do not know (退款倒是很快,
                // 上门慢): other levels judge only the targets they know.
                let known = LEVELS.get(s.get(target.clone())?).copied();
                if known.is_none() && !SPEED.iter().any(|w| word.ends_with(w)) {
                    return None;
                }
                level = Some(d);
                sign *= if known.unwrap_or(true) { d } else { -d };
                excess |= glued_excess;
            } else if fact.info.is_some_and(|i| i.negation.is_some()) {
                sign = -sign;
            } else if EXCESS.contains(&word) {
                excess = true;
            } else if !(links.contains(&word) || fact.info.is_some_and(|i| i.degree.is_some())) {
                return None;
            }
        }
        level?;
        // Too much of a good thing is no praise (份量有点太多).
        if excess && sign > 0.0 {
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
