//! What an aspect is: one opinion of a message, with its span, targets, category and
//! own emotion. `assess::aspect` finds them.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::types::emotion::Emotion;
use crate::types::error::Error;
use crate::types::evidence::Evidence;

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
