//! Response guidance: for each emotion, and for escalations, the strategy that
//! customer-emotion practice recommends to the agent answering the message.
//!
//! The strategies are fixed data: an id, a one-line description in Chinese and English,
//! and a few ordered steps. Nothing is generated, so what an agent sees can be reviewed
//! and translated like any other text of a product. Where the practice comes from is
//! documented in `docs/guidance.md`.
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
//! ```

use serde::Serialize;

use crate::assess::escalation::EscalationKind;
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
}
