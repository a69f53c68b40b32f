//! The category of an aspect: its terms, the category head where they do not decide,
//! and the decisions a support lead takes on top of them (an app praised is its
//! design).

use super::head::CategoryHead;
use super::spans::Segment;
use super::terms::{AspectTerms, Match};
use crate::types::aspect::AspectCategory;

/// The category of a span: the weights of its target terms per category, then those
/// of its cue terms at half weight, plus [`HEAD_BLEND`] times the category head's
/// probabilities on the span's text; the highest wins (the first in text order on a
/// tie). Without terms, `topic`, the category of the aspect before it in its
/// sentence, unless the head's likeliest category is at least [`TOPIC_HEAD_MIN`]
/// likely; without a topic, the head's likeliest when at least [`HEAD_MIN`] likely,
/// and `None` otherwise (the message's other aspects decide then).
pub(super) fn category_of(
    terms: &AspectTerms,
    matches: &[Match],
    seg: &Segment,
    text: &str,
    (topic, context): (Option<AspectCategory>, &[bool; AspectCategory::COUNT]),
) -> Option<AspectCategory> {
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
    let top = score.iter().copied().fold(0.0f32, f32::max);
    if top > 0.0 {
        // The head adds at most HEAD_BLEND to one category: a lead larger than that
        // is decided by the terms alone (and the head need not run).
        // A tie leaves `second` equal to `top`, so a tie never skips the head.
        let best =
            (0..AspectCategory::COUNT).fold(0, |b, c| if score[c] > score[b] { c } else { b });
        let second = (0..AspectCategory::COUNT)
            .filter(|&c| c != best)
            .map(|c| score[c])
            .fold(0.0f32, f32::max);
        if top - second > HEAD_BLEND + HEAD_SLACK {
            return Some(AspectCategory::ALL[best]);
        }
    }
    let p = CategoryHead::embedded().probabilities_normalized(text, context);
    if top <= 0.0 {
        let best = (0..AspectCategory::COUNT).fold(0, |b, c| if p[c] > p[b] { c } else { b });
        let least = if topic.is_some() {
            TOPIC_HEAD_MIN
        } else {
            HEAD_MIN
        };
        return if p[best] >= least {
            Some(AspectCategory::ALL[best])
        } else {
            topic
        };
    }
    // The head's probabilities added to the term weights: the words around the terms
    // (超时 after 外卖) count too.
    for (sc, pc) in score.iter_mut().zip(p) {
        *sc += HEAD_BLEND * pc;
    }
    let top = score.iter().copied().fold(0.0f32, f32::max);
    let tied = (0..AspectCategory::COUNT).filter(|&c| score[c] == top);
    // The first in text order among the highest, a named category before `general`
    // (这次的服务太差了 is about the service; 这次 names only the occasion).
    let general = AspectCategory::General.index();
    let best = tied.min_by_key(|&c| (c == general, first[c])).unwrap_or(0);
    Some(AspectCategory::ALL[best])
}

/// The least probability at which the category head names the category of a span
/// without terms (0.4: the best of 0.15, 0.25, 0.4 and 0.55 in the five-fold
/// cross-validation of `scripts/aspect_cv.sh` on the own training set).
pub(super) const HEAD_MIN: f32 = 0.4;

/// The least probability at which the category head overrules the topic of a span
/// without terms, the category of the aspect before it in its sentence (0.55: the
/// five-fold cross-validation of `scripts/aspect_cv.sh` gave mean category F1 0.761
/// at [`HEAD_MIN`], 0.765 at 0.55, higher in every fold, 0.764 at 0.7 and 0.762 at
/// 0.85). A short span that only goes on judging (真不错) is weak evidence against
/// the thing its sentence is about.
pub(super) const TOPIC_HEAD_MIN: f32 = 0.55;

/// How much the category head's probabilities add to the term weights of a span with
/// terms (1.0: the five-fold cross-validation of `scripts/aspect_cv.sh` on the own
/// training set gave mean category F1 0.682 without, 0.687, 0.699, 0.707, 0.707 and
/// 0.708 at 0.3, 0.6, 1.0, 1.5 and 2.5).
pub(super) const HEAD_BLEND: f32 = 1.0;

/// Rounding room above [`HEAD_BLEND`] (the head's probabilities sum to 1 only to
/// within a few ulps).
const HEAD_SLACK: f32 = 1e-3;

/// The targets that name an app, a site or a system as a whole (not a fault, not the
/// network): praised, it is for what it does and how it is designed.
const APP_TARGETS: &[&str] = &[
    "app",
    "客户端",
    "小程序",
    "公众号",
    "网站",
    "官网",
    "页面",
    "程序",
    "软件",
    "手机银行",
    "网银",
    "保险app",
    "打车软件",
    "掌上营业厅",
    "网上营业厅",
    "网页",
    "网页版",
    "电脑版",
    "系统",
    "车机系统",
    "版本",
    "新版本",
    "更新",
    "升级",
    "地图",
    "导航",
    "地图导航",
];

/// `decided`, except that a span of praise (`praised`) whose category is `technical`
/// only through the apps or systems it names ([`praises_design`]) is `features`: an
/// app praised is praised for its design; its faults and the network stay `technical`.
pub(super) fn design_if_praised(
    decided: Option<AspectCategory>,
    praised: bool,
    terms: &AspectTerms,
    matches: &[Match],
    seg: &Segment,
    s: &str,
) -> Option<AspectCategory> {
    match decided {
        Some(AspectCategory::Technical) if praised && praises_design(terms, matches, seg, s) => {
            Some(AspectCategory::Features)
        }
        other => other,
    }
}

/// Whether the `technical` terms of `seg` all name an app or system as a whole
/// ([`APP_TARGETS`]), and there is one: a span of praise (这个app做得真不错, 手机银行的
/// 新版本很清爽) is then about its design, `features`, as a support lead routes it to
/// the product team and not to IT. A fault term (闪退, 卡顿) or the network (网速,
/// 信号) keeps it `technical`, and so does a repair (更新就修好了).
fn praises_design(terms: &AspectTerms, matches: &[Match], seg: &Segment, s: &str) -> bool {
    let mut any = false;
    for &i in seg.targets.iter().chain(&seg.cues) {
        let m = &matches[i];
        match terms.terms[m.term].category {
            AspectCategory::Technical => {}
            // A repair (第二天更新就修好了) is a fault put right.
            AspectCategory::Refund => return false,
            _ => continue,
        }
        if !s
            .get(m.span.clone())
            .is_some_and(|w| APP_TARGETS.contains(&w))
        {
            return false;
        }
        any = true;
    }
    any
}
