//! Response guidance: for each emotion, and for escalations, the strategy that
//! customer-emotion practice recommends to the agent answering the message.
//!
//! The strategies are fixed data: an id, a one-line description in Chinese and English,
//! and a few ordered steps. Nothing is generated, so what an agent sees can be reviewed
//! and translated like any other text of a product. Where the practice comes from is
//! documented in `docs/guidance.md`.
//!
//! What the customer complains about changes the advice too: a late parcel needs a
//! tracking check and a delivery time, a rude agent an apology for the conduct and a
//! review of it. [`CATEGORY_ADVICE`] holds, for each aspect category but `general`, the
//! steps to add to the strategy when the worst complaint of a message (its most
//! negative aspect with a category of its own) is about that category;
//! [`for_complaint`] picks them for a result classified with aspects.
//!
//! ```
//! use zh_emotion::guidance;
//! let result = zh_emotion::classify("快递三天了还没到，急死了！");
//! let g = guidance::for_result(&result);
//! assert_eq!(g.id, "reassure_with_timeline");
//! assert!(!g.steps.is_empty());
//! // An escalation takes precedence over the emotion.
//! let g = guidance::for_result(&zh_emotion::classify("再不退款我就去12315投诉你们"));
//! assert_eq!(g.id, "hand_to_supervisor");
//! // With aspects, the worst complaint's category adds its own steps.
//! let classifier = zh_emotion::ClassifierBuilder::new().aspects(true).build();
//! let r = classifier.classify("东西不错，就是快递太慢了，等了一个星期");
//! let (aspect, advice) = guidance::for_complaint(&r).unwrap();
//! assert_eq!(advice.category, zh_emotion::AspectCategory::Delivery);
//! assert!(aspect.polarity < 0.0);
//! ```

use serde::Serialize;

use crate::assess::escalation::EscalationKind;
use crate::types::aspect::{Aspect, AspectCategory};
use crate::types::emotion::Emotion;
use crate::types::result::EmotionResult;

/// One step of a strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The step in Chinese.
    pub zh: &'static str,
    /// The step in English.
    pub en: &'static str,
}

/// What a strategy is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "value")]
pub enum AppliesTo {
    /// A message whose dominant emotion is this one.
    Emotion(Emotion),
    /// A message or conversation that escalates (for any reason but a safety risk).
    Escalation,
    /// A message that reports a safety risk.
    SafetyRisk,
}

/// A response strategy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Guidance {
    /// Stable snake_case id (`"defuse_anger"`).
    pub id: &'static str,
    /// What the strategy is for.
    pub applies_to: AppliesTo,
    /// The strategy in one line, in Chinese.
    pub zh: &'static str,
    /// The strategy in one line, in English.
    pub en: &'static str,
    /// The steps, in the order to take them.
    pub steps: &'static [Step],
}

const fn step(zh: &'static str, en: &'static str) -> Step {
    Step { zh, en }
}

/// Every strategy: one per emotion in [`Emotion::ALL`] order, then escalation and
/// safety risk.
pub static ALL: [Guidance; 11] = [
    Guidance {
        id: "defuse_anger",
        applies_to: AppliesTo::Emotion(Emotion::Anger),
        zh: "先道歉，让客户把话说完，表示理解，再解决问题",
        en: "Apologise, let the customer vent, show understanding, then solve",
        steps: &[
            step("为给客户带来的麻烦真诚道歉，不辩解、不推责", "Apologise sincerely for the trouble; do not argue or shift blame"),
            step("让客户把话说完，不打断", "Let the customer finish; do not interrupt"),
            step("复述问题并表示理解客户的感受", "Restate the problem and acknowledge how the customer feels"),
            step("提出具体的解决方案和完成时间", "Offer a concrete solution and when it will be done"),
            step("确认客户是否接受，并跟进到底", "Check that the customer accepts it, and follow through"),
        ],
    },
    Guidance {
        id: "acknowledge_and_make_good",
        applies_to: AppliesTo::Emotion(Emotion::Disappointment),
        zh: "承认与期望的差距，并做出补救",
        en: "Acknowledge the gap between promise and delivery, and make good",
        steps: &[
            step("承认实际情况与客户期望不符", "Acknowledge that what was delivered fell short of what was expected"),
            step("为差距道歉，不淡化问题", "Apologise for the gap without playing it down"),
            step("提供补救：退换、补发、补偿中客户能选的方案", "Offer a remedy the customer can choose: return, replacement, redelivery or compensation"),
            step("说明如何避免再次发生", "Say how it will be prevented from happening again"),
        ],
    },
    Guidance {
        id: "reassure_with_timeline",
        applies_to: AppliesTo::Emotion(Emotion::Anxiety),
        zh: "用具体的时间和下一步安抚客户",
        en: "Reassure with a concrete time and the next step",
        steps: &[
            step("先回应客户的担心：问题已经在处理", "Answer the worry first: the matter is being handled"),
            step("给出具体的时间点（不是“尽快”）", "Give a concrete time (not \"as soon as possible\")"),
            step("说明下一步由谁做什么", "Say what happens next and who does it"),
            step("约定主动通知客户进展", "Commit to updating the customer without being asked"),
        ],
    },
    Guidance {
        id: "empathy_first",
        applies_to: AppliesTo::Emotion(Emotion::Sadness),
        zh: "先共情，再处理事情",
        en: "Empathy first, then the matter at hand",
        steps: &[
            step("用自己的话表达对客户处境的同情", "Express sympathy for the customer's situation in your own words"),
            step("放慢节奏，不急于推进流程", "Slow down; do not rush the customer through the process"),
            step("在能力范围内主动提供帮助", "Offer the help you can give without being asked"),
            step("告诉客户还有哪些支持渠道", "Tell the customer which other support is available"),
        ],
    },
    Guidance {
        id: "apologise_and_replace",
        applies_to: AppliesTo::Emotion(Emotion::Disgust),
        zh: "道歉，撤下或更换，并说明卫生与质量措施",
        en: "Apologise, remove or replace, and explain the hygiene or quality measures",
        steps: &[
            step("立即道歉，认真对待客户的反馈", "Apologise at once and take the report seriously"),
            step("撤下、退款或更换相关商品或服务", "Remove, refund or replace the product or service"),
            step("请客户提供照片等信息以便追查", "Ask for photos or details so the cause can be traced"),
            step("说明已采取的卫生或质量改进措施", "Explain the hygiene or quality measures taken"),
        ],
    },
    Guidance {
        id: "thank_and_reinforce",
        applies_to: AppliesTo::Emotion(Emotion::Joy),
        zh: "感谢客户，强化好的体验",
        en: "Thank the customer and reinforce the good experience",
        steps: &[
            step("感谢客户的认可", "Thank the customer for the kind words"),
            step("具体回应客户喜欢的地方", "Respond to the specific thing the customer liked"),
            step("欢迎客户再次光临或分享体验", "Invite the customer back, or to share the experience"),
        ],
    },
    Guidance {
        id: "thank_back",
        applies_to: AppliesTo::Emotion(Emotion::Gratitude),
        zh: "回谢客户，并确认问题已完全解决",
        en: "Thank the customer back and confirm nothing is left open",
        steps: &[
            step("回谢客户的感谢", "Return the customer's thanks"),
            step("确认问题已经完全解决", "Confirm that the matter is fully settled"),
            step("告诉客户以后如何再联系", "Say how to get in touch again"),
        ],
    },
    Guidance {
        id: "clarify_and_confirm",
        applies_to: AppliesTo::Emotion(Emotion::Surprise),
        zh: "澄清情况并确认客户的理解",
        en: "Clarify what happened and confirm the customer's understanding",
        steps: &[
            step("弄清客户意外的是什么", "Find out what took the customer by surprise"),
            step("用简单的话解释原因", "Explain the reason in plain words"),
            step("确认客户理解，是否还需要处理", "Confirm the customer understands and whether anything needs doing"),
        ],
    },
    Guidance {
        id: "answer_efficiently",
        applies_to: AppliesTo::Emotion(Emotion::Neutral),
        zh: "准确、高效地回答问题",
        en: "Answer accurately and efficiently",
        steps: &[
            step("直接回答问题或办理请求", "Answer the question or carry out the request directly"),
            step("补充客户下一步可能需要的信息", "Add what the customer is likely to need next"),
            step("确认是否还有其他问题", "Ask whether there is anything else"),
        ],
    },
    Guidance {
        id: "hand_to_supervisor",
        applies_to: AppliesTo::Escalation,
        zh: "升级给主管处理，并告诉客户谁会在何时联系",
        en: "Hand over to a supervisor, and tell the customer who will contact them and when",
        steps: &[
            step("道歉并认真对待客户提出的诉求", "Apologise and take the customer's demand seriously"),
            step("不争辩、不威胁、不承诺做不到的事", "Do not argue, threaten back, or promise what you cannot deliver"),
            step("把完整记录转给主管或专门团队", "Pass the full record to a supervisor or the specialist team"),
            step("告诉客户由谁、在什么时间回复", "Tell the customer who will reply and by when"),
            step("在约定时间内跟进并记录结果", "Follow up within that time and record the outcome"),
        ],
    },
    Guidance {
        id: "safety_first",
        applies_to: AppliesTo::SafetyRisk,
        zh: "先保障人身和财产安全，再处理业务问题",
        en: "Safety of people and money first, then the business matter",
        steps: &[
            step("告诉客户立即可采取的安全措施（如远离危险、断开电源、冻结账户）", "Tell the customer the immediate safety steps (move away from the hazard, cut the power, freeze the account)"),
            step("紧急情况请客户拨打119、120或110", "In an emergency, ask the customer to call the emergency services (119, 120 or 110)"),
            step("立刻升级给应急或风控团队", "Escalate at once to the emergency or fraud team"),
            step("告诉客户由谁、在什么时间联系", "Tell the customer who will contact them and when"),
        ],
    },
];

/// The strategy for a message whose dominant emotion is `emotion`.
pub fn for_emotion(emotion: Emotion) -> &'static Guidance {
    &ALL[emotion.index()]
}

/// The strategy for an escalation with reasons of these kinds: `safety_first` when
/// one of them is a safety risk, else `hand_to_supervisor`.
pub fn for_escalation(kinds: &[EscalationKind]) -> &'static Guidance {
    if kinds.contains(&EscalationKind::SafetyRisk) {
        &ALL[Emotion::COUNT + 1]
    } else {
        &ALL[Emotion::COUNT]
    }
}

/// The strategy for a classified message: the escalation strategy when it escalates,
/// else that of its emotion.
pub fn for_result(result: &EmotionResult) -> &'static Guidance {
    if result.escalation.escalate {
        for_escalation(&result.escalation.kinds())
    } else {
        for_emotion(result.emotion)
    }
}

/// The strategy with this id, if any.
pub fn by_id(id: &str) -> Option<&'static Guidance> {
    ALL.iter().find(|g| g.id == id)
}

/// Steps to add to the strategy when a complaint is about one aspect category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CategoryAdvice {
    /// Stable snake_case id (`"track_and_commit_delivery"`).
    pub id: &'static str,
    /// The category the complaint is about.
    pub category: AspectCategory,
    /// The advice in one line, in Chinese.
    pub zh: &'static str,
    /// The advice in one line, in English.
    pub en: &'static str,
    /// The steps, in the order to take them, after the first steps of the strategy.
    pub steps: &'static [Step],
}

/// The advice for complaints about each category, in [`AspectCategory::ALL`] order;
/// `general` (a complaint about the business as a whole) has none: the strategy of
/// the emotion is the advice.
pub static CATEGORY_ADVICE: [CategoryAdvice; AspectCategory::COUNT - 1] = [
    CategoryAdvice {
        id: "track_and_commit_delivery",
        category: AspectCategory::Delivery,
        zh: "查清物流，给出确定的送达时间，延误或损坏的主动补救",
        en: "Check the tracking, give a firm delivery time, and make good a delay or damage",
        steps: &[
            step("当场查询物流或配送状态，告诉客户包裹现在在哪里", "Check the tracking or courier status now and tell the customer where the parcel is"),
            step("给出确定的送达时间；送不到就安排补发或加急", "Give a firm delivery time; if it cannot be met, arrange redelivery or express shipping"),
            step("运输中损坏或送错的，直接补发或退款，不让客户举证", "For damage in transit or a wrong item, replace or refund without making the customer prove it"),
            step("骑手或快递员有过错的，向承运方反馈并告知客户结果", "Where the courier was at fault, report it to the carrier and tell the customer the outcome"),
        ],
    },
    CategoryAdvice {
        id: "replace_and_record_quality",
        category: AspectCategory::Quality,
        zh: "退换或补发有问题的商品，并登记质量问题",
        en: "Replace or refund the faulty item, and record the quality problem",
        steps: &[
            step("请客户描述或拍照说明问题，不质疑客户", "Ask the customer to describe or photograph the problem, without doubting them"),
            step("提供退货、换货或补发，由客户选择", "Offer a return, an exchange or a replacement, the customer's choice"),
            step("登记批次和问题，转给质量部门", "Record the batch and the fault and pass them to quality control"),
        ],
    },
    CategoryAdvice {
        id: "explain_or_log_feature",
        category: AspectCategory::Features,
        zh: "说明功能的正确用法，做不到的如实告知并记录需求",
        en: "Explain how the feature is meant to work; where it cannot, say so and log the request",
        steps: &[
            step("确认客户想做的事，给出可行的用法或替代办法", "Confirm what the customer wants to do and give a way or an alternative that works"),
            step("产品确实做不到的，如实说明，不夸大", "Where the product cannot do it, say so plainly, without overselling"),
            step("把需求记录给产品团队，并告诉客户已记录", "Log the request for the product team and tell the customer it was logged"),
        ],
    },
    CategoryAdvice {
        id: "own_staff_conduct",
        category: AspectCategory::Service,
        zh: "为员工的态度或失职道歉，核实后反馈处理结果",
        en: "Apologise for the staff's conduct or neglect, review it, and report back",
        steps: &[
            step("代表公司为员工的态度或失职道歉，不替员工辩解", "Apologise on the company's behalf for the staff's attitude or neglect; do not defend them"),
            step("记录时间、人员和经过，说明会核实", "Record when, who and what happened, and say it will be reviewed"),
            step("由你本人跟进到底，不再让客户转接或等待", "Follow it through yourself; do not pass the customer on or make them wait again"),
            step("约定时间反馈核实和处理结果", "Agree when you will report the outcome of the review"),
        ],
    },
    CategoryAdvice {
        id: "explain_charges_and_offers",
        category: AspectCategory::Price,
        zh: "说明价格和费用的构成，有适用的优惠就主动告知",
        en: "Explain what the price and fees are made of, and offer any discount that applies",
        steps: &[
            step("逐项说明价格或费用的构成", "Explain the price or fees item by item"),
            step("主动告知客户能用的优惠、套餐或价保", "Point out the discounts, plans or price protection the customer can use"),
            step("不承诺做不到的价格", "Do not promise a price you cannot give"),
        ],
    },
    CategoryAdvice {
        id: "check_bill_and_reverse",
        category: AspectCategory::Billing,
        zh: "核对账单明细，错扣的立即退回，并说明以后如何避免",
        en: "Go through the bill, reverse a wrong charge at once, and say how it will not recur",
        steps: &[
            step("和客户一起核对账单或扣费明细", "Go through the bill or the charges with the customer"),
            step("错扣、重复扣费的立即发起退回，并给出到账时间", "Reverse a wrong or double charge at once and say when the money will be back"),
            step("关闭客户不要的订阅或自动续费，并确认已关闭", "Cancel subscriptions or auto-renewals the customer did not want, and confirm it"),
        ],
    },
    CategoryAdvice {
        id: "give_refund_status_and_date",
        category: AspectCategory::Refund,
        zh: "告知退款或售后的进度和确定的到账时间，卡住的当场推进",
        en: "Give the refund or after-sales status and a firm date, and unblock a stuck case now",
        steps: &[
            step("查到这笔退款或售后单的当前进度并告诉客户", "Look up where the refund or after-sales case stands and tell the customer"),
            step("给出确定的到账或完成时间", "Give a firm date for the money or the repair"),
            step("超时或卡住的，当场升级处理，不让客户再次申请", "Where it is late or stuck, escalate it now instead of asking the customer to apply again"),
        ],
    },
    CategoryAdvice {
        id: "workaround_and_fix_time",
        category: AspectCategory::Technical,
        zh: "收集故障信息，先给临时办法，再给修复时间",
        en: "Collect the details of the fault, give a workaround first, then a time for the fix",
        steps: &[
            step("问清设备、版本、时间和报错信息", "Ask for the device, version, time and error message"),
            step("先给能马上用的临时解决办法", "Give a workaround the customer can use right away"),
            step("告知修复或上门的时间，修好后回访确认", "Say when it will be fixed or an engineer will come, and check back afterwards"),
        ],
    },
    CategoryAdvice {
        id: "fix_the_premises",
        category: AspectCategory::Environment,
        zh: "为环境问题道歉，马上安排清洁、维修或换房",
        en: "Apologise for the premises, and arrange cleaning, a repair or another room at once",
        steps: &[
            step("为卫生、噪音或设施问题道歉", "Apologise for the cleanliness, noise or facilities"),
            step("马上安排清洁、维修或更换房间、座位", "Arrange cleaning, a repair, or another room or table at once"),
            step("无法当场解决的，提供补偿", "Where it cannot be fixed on the spot, offer compensation"),
        ],
    },
    CategoryAdvice {
        id: "guide_the_way",
        category: AspectCategory::Location,
        zh: "给出准确的位置和路线，必要时安排接送或改地点",
        en: "Give the exact location and route, and arrange a pick-up or another place if needed",
        steps: &[
            step("给出准确的地址、入口和路线", "Give the exact address, entrance and route"),
            step("找不到或太远的，提供接送、代取或更近的网点", "Where it is hard to find or far, offer a pick-up, collection or a nearer branch"),
            step("把位置信息有误的地方反馈给负责人更正", "Report wrong location information so that it is corrected"),
        ],
    },
];

/// The advice for complaints about `category`; `None` for [`AspectCategory::General`].
pub fn for_category(category: AspectCategory) -> Option<&'static CategoryAdvice> {
    CATEGORY_ADVICE.iter().find(|a| a.category == category)
}

/// The worst complaint of a result that has advice of its own, and that advice: the
/// most negative aspect whose category is not `general` (the first in text order on
/// ties). `None` without such an aspect (also for a result classified without
/// aspects).
pub fn for_complaint(result: &EmotionResult) -> Option<(&Aspect, &'static CategoryAdvice)> {
    result
        .aspects
        .iter()
        .filter(|a| a.polarity < 0.0)
        .filter_map(|a| Some((a, for_category(a.category)?)))
        .fold(None, |worst, (a, advice)| match worst {
            Some((w, _)) if w.polarity <= a.polarity => worst,
            _ => Some((a, advice)),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_emotion_has_its_own_guidance() {
        for e in Emotion::ALL {
            assert_eq!(for_emotion(e).applies_to, AppliesTo::Emotion(e));
        }
        assert_eq!(for_escalation(&[]).applies_to, AppliesTo::Escalation);
        assert_eq!(
            for_escalation(&[EscalationKind::LegalAction, EscalationKind::SafetyRisk]).id,
            "safety_first"
        );
    }

    #[test]
    fn ids_are_unique_snake_case_and_steps_complete() {
        for (i, g) in ALL.iter().enumerate() {
            assert!(ALL[i + 1..].iter().all(|o| o.id != g.id), "{}", g.id);
            assert!(g.id.chars().all(|c| c.is_ascii_lowercase() || c == '_'));
            assert!(!g.zh.is_empty() && !g.en.is_empty());
            assert!((3..=6).contains(&g.steps.len()), "{}", g.id);
            assert!(g.steps.iter().all(|s| !s.zh.is_empty() && !s.en.is_empty()));
            assert_eq!(by_id(g.id), Some(g));
        }
        assert!(by_id("nope").is_none());
    }

    #[test]
    fn serialises_with_ids() {
        let json = serde_json::to_value(for_emotion(Emotion::Anger)).unwrap();
        assert_eq!(json["id"], "defuse_anger");
        assert_eq!(json["applies_to"]["type"], "emotion");
        assert_eq!(json["applies_to"]["value"], "anger");
        assert_eq!(
            json["steps"][0]["en"].as_str().unwrap().split(' ').next(),
            Some("Apologise")
        );
    }

    #[test]
    fn every_specific_category_has_its_own_advice() {
        for c in AspectCategory::ALL {
            let advice = for_category(c);
            assert_eq!(advice.is_none(), c == AspectCategory::General, "{c}");
            if let Some(a) = advice {
                assert_eq!(a.category, c);
                assert!(a.id.chars().all(|ch| ch.is_ascii_lowercase() || ch == '_'));
                assert!(CATEGORY_ADVICE.iter().filter(|o| o.id == a.id).count() == 1);
                assert!(ALL.iter().all(|g| g.id != a.id), "{}", a.id);
                assert!((3..=5).contains(&a.steps.len()), "{}", a.id);
                assert!(!a.zh.is_empty() && !a.en.is_empty());
            }
        }
    }

    #[test]
    fn the_worst_complaint_decides_the_advice() {
        let classifier = crate::classifier::ClassifierBuilder::new()
            .aspects(true)
            .build();
        let late = classifier.classify("东西不错，就是快递太慢了，等了一个星期");
        let rude = classifier.classify("东西不错，就是客服态度太差了，爱答不理");
        let (_, a) = for_complaint(&late).unwrap();
        let (_, b) = for_complaint(&rude).unwrap();
        assert_eq!(a.category, AspectCategory::Delivery);
        assert_eq!(b.category, AspectCategory::Service);
        assert_ne!(a.id, b.id);
        // No aspects asked for, or nothing negative: no complaint.
        assert!(for_complaint(&crate::classifier::classify("快递太慢了")).is_none());
        assert!(for_complaint(&classifier.classify("菜很好吃，服务也周到")).is_none());
    }
}
