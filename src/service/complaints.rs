//! What a customer was unhappy about over a conversation: the categories of the
//! negative aspects of the customer turns, one [`Complaint`] each, worst first.

use serde::{Deserialize, Serialize};

use crate::types::aspect::AspectCategory;
use crate::types::result::EmotionResult;

/// One category the customer complained about over a conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Complaint {
    /// What the complaints are about.
    pub category: AspectCategory,
    /// Number of negative aspects of this category over the customer turns.
    pub count: usize,
    /// The turn where the category first came up negatively.
    pub first_turn: usize,
    /// The turn of the most negative aspect.
    pub worst_turn: usize,
    /// The most negative aspect's text (in its turn's text).
    pub text: String,
    /// Its polarity, in [-1, 0).
    pub polarity: f32,
}

/// The complaints of the customer turns, given as (turn index, result) in order: one
/// per category, the worst first (lowest polarity; then the most complaints; then the
/// earliest).
///
/// ```
/// use zh_emotion::service::complaints::complaints;
/// let c = zh_emotion::ClassifierBuilder::new().aspects(true).build();
/// let first = c.classify("快递太慢了");
/// let second = c.classify("客服态度也太差了！");
/// let found = complaints([(0, &first), (2, &second)]);
/// assert!(found.iter().all(|c| c.polarity < 0.0));
/// ```
pub fn complaints<'a>(
    turns: impl IntoIterator<Item = (usize, &'a EmotionResult)>,
) -> Vec<Complaint> {
    let mut by_category: Vec<Complaint> = Vec::new();
    for (turn, result) in turns {
        for a in result.aspects.iter().filter(|a| a.polarity < 0.0) {
            match by_category.iter_mut().find(|c| c.category == a.category) {
                Some(c) => {
                    c.count += 1;
                    if a.polarity < c.polarity {
                        (c.worst_turn, c.text, c.polarity) = (turn, a.text.clone(), a.polarity);
                    }
                }
                None => by_category.push(Complaint {
                    category: a.category,
                    count: 1,
                    first_turn: turn,
                    worst_turn: turn,
                    text: a.text.clone(),
                    polarity: a.polarity,
                }),
            }
        }
    }
    by_category.sort_by(|a, b| {
        a.polarity
            .total_cmp(&b.polarity)
            .then(b.count.cmp(&a.count))
            .then(a.first_turn.cmp(&b.first_turn))
    });
    by_category
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classifier::ClassifierBuilder;
    use crate::service::conversation::{analyse, Turn};

    #[test]
    fn one_complaint_per_category_worst_first() {
        let classifier = ClassifierBuilder::new().aspects(true).build();
        let r = analyse(
            &classifier,
            &[
                Turn::customer("快递太慢了，等了一个星期"),
                Turn::agent("非常抱歉，我帮您查一下"),
                Turn::customer("物流也不更新，客服态度还特别差，气死我了！"),
            ],
        );
        let categories: Vec<_> = r.unhappy_about.iter().map(|c| c.category).collect();
        assert!(
            categories.contains(&AspectCategory::Delivery),
            "{categories:?}"
        );
        assert!(
            categories.contains(&AspectCategory::Service),
            "{categories:?}"
        );
        let mut unique = categories.clone();
        unique.dedup();
        assert_eq!(unique.len(), categories.len());
        assert!(r
            .unhappy_about
            .windows(2)
            .all(|w| w[0].polarity <= w[1].polarity));
        for c in &r.unhappy_about {
            assert!(c.polarity < 0.0 && c.count >= 1 && c.first_turn <= c.worst_turn);
            let turn = r.turns.iter().find(|t| t.turn == c.worst_turn).unwrap();
            assert!(turn.result.aspects.iter().any(|a| a.text == c.text));
        }
        let delivery = r
            .unhappy_about
            .iter()
            .find(|c| c.category == AspectCategory::Delivery);
        assert_eq!(delivery.unwrap().first_turn, 0);
    }

    #[test]
    fn nothing_without_aspects_or_complaints() {
        let turns = [Turn::customer("快递太慢了，客服态度也差")];
        assert!(analyse(&crate::classifier::Classifier::default(), &turns)
            .unhappy_about
            .is_empty());
        let praise = [Turn::customer("菜很好吃，服务也周到，谢谢")];
        let classifier = ClassifierBuilder::new().aspects(true).build();
        assert!(analyse(&classifier, &praise).unhappy_about.is_empty());
        assert!(complaints([]).is_empty());
    }
}
