//! The kinds of modifier word (negation, degree, contrast, sarcasm, rhetorical
//! question, stakes): the lexicon defines the words, evidence names their kind.

use serde::{Deserialize, Serialize};

/// What a modifier word does to the emotion words near it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ModifierKind {
    /// Negates the emotion words within its scope (不, 没有, 一点都不).
    Negation,
    /// Multiplies the strength of the next emotion word (非常 ×1.8, 有点 ×0.6), or of
    /// the previous one for suffixes (急死了).
    Degree,
    /// Shifts weight to the clause after it (但是, 不过).
    Contrast,
    /// Marks praise as ironic (呵呵, 真行).
    Sarcasm,
    /// Marks a rhetorical question (难道, 凭什么).
    Rhetorical,
    /// Marks high stakes for the customer (孩子, 工资, 最后一天): raises intensity only.
    Stakes,
}

impl ModifierKind {
    /// Every kind, in file order.
    pub const ALL: [ModifierKind; 6] = [
        ModifierKind::Negation,
        ModifierKind::Degree,
        ModifierKind::Contrast,
        ModifierKind::Sarcasm,
        ModifierKind::Rhetorical,
        ModifierKind::Stakes,
    ];

    /// The kind's id as written in `modifiers.tsv`.
    pub fn id(self) -> &'static str {
        match self {
            ModifierKind::Negation => "negation",
            ModifierKind::Degree => "degree",
            ModifierKind::Contrast => "contrast",
            ModifierKind::Sarcasm => "sarcasm",
            ModifierKind::Rhetorical => "rhetorical",
            ModifierKind::Stakes => "stakes",
        }
    }
}
