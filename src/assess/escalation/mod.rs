//! Escalation: whether a message must go to a supervisor now, and why.
//!
//! The label guide (`docs/emotions.md` of the project) escalates a message that threatens
//! an external complaint (12315, the consumer association, a regulator), media exposure
//! or legal action, or a payment dispute through the bank (拒付), that cancels an account
//! or service, that demands a supervisor, that is abusive, that reports misconduct by
//! staff, that describes a risk to health, safety or property (also without a threat:
//! a charger that smokes, a door lock that fails at night), or that is the third or
//! later contact about the same problem. Each of
//! these is an [`EscalationKind`]; a message escalates when at least one reason is found,
//! and every reason carries its evidence span in the caller's text.
//!
//! The cues are data, in `data/escalation.tsv` (embedded; its header documents the
//! format). Words alone are not enough: 请问投诉电话是多少, 煤气费怎么交 and
//! 我在微博上看到你们的活动 mention the same words as real escalations. So the rules
//! look at the context of each match, in this order:
//!
//! 1. A match inside a book title (《…》) never counts.
//! 2. A `block_before` word of the same kind (or a shared one) at most
//!    [`BLOCK_BEFORE_CHARS`] characters before the match in its clause blocks it
//!    (不至于, 差点, 没打算; 防, 怕 and 如果, 万一 for safety risks). An `other_party`
//!    word anywhere before it in its clause blocks it too: the cue is about someone
//!    else (邻居家的热水器漏电了, 听说有快递员骂人). So does a `negation` right before
//!    it: the cue is denied (没有冒烟, 不会拒付, 没人受伤).
//! 3. A `block_after` word right after the match blocks it (报警**器**, 曝光**补偿**,
//!    12315**上说**, 携号转网**过来**).
//! 4. For threats (external complaint, media, legal action, cancelling, payment
//!    disputes), a question
//!    blocks the match: the sentence ends in a question mark or has 吗/请问, or a question
//!    word (怎么, 多少, 可以 …) comes before the match in its clause. Safety risks,
//!    abuse, supervisor demands, staff misconduct and repeated contacts are not blocked
//!    by questions (闻到煤气味，怎么办？; 能不能让你们经理联系我？).
//! 5. An institution, platform, person or thing (`target`: 12315, 微博, 主管, 快递员,
//!    电梯) counts only when armed: an action word (`act`) of its kind is in the same
//!    clause (投诉, 举报, 发, 卡在), or in the same sentence for staff misconduct and
//!    payment disputes (客服不耐烦，还挂我电话); or a `lead` word of its kind comes
//!    before it in the clause (让/叫/找 你们主管, but not 主管让我等); or, for the
//!    kinds that [`EscalationKind::armed_by_threats`], a threat marker (要, 会, 去, 准备,
//!    等着 …) comes before it in the clause. A negated act or lead (快递员没骂我, 不用叫
//!    主管) does not arm.
//! 6. A `token` cue (滚, sb) counts only where segmentation kept it as a word of its own
//!    (so 滚 counts, 滚筒 does not).
//! 7. A count (`第三次`, `打了5次`, `好几次`; numbers in Arabic or Chinese numerals, at
//!    least [`MIN_REPEATED_CONTACTS`]) counts when a contact verb (联系, 打电话, 反映, 问 …)
//!    is in the same clause (多次出现故障 counts faults, not contacts), or, for a count
//!    used as the predicate (今天第三次了), in the same sentence. Repeated contacts escalate only when the message is
//!    negative or says the contacts failed (没, 还是, 一直 …): 第三次回购了 is loyalty.
//! 8. A health `consequence` (住院, 输液, 急诊, 在医院) is a safety risk only where
//!    something went wrong: it counts in a negative message (or when no label is
//!    given) that is no question, and a `block_sentence` word of its kind anywhere in
//!    its sentence blocks it (报销, 理赔, 挂号: 住院报销需要哪些材料 is a claim, not a
//!    risk). The causes themselves (上吐下泻, 过敏, 摔伤) are plain cues.
//! 9. When the classifier says the message is positive (`joy` or `gratitude`, with the
//!    scores leaning positive as a whole), nothing
//!    escalates: 差点被骗，幸好你们提醒了我，谢谢 reports a resolved risk, and
//!    孩子住院的理赔三天就到账了 is praise.
//!
//! ```
//! use zh_emotion::escalation::EscalationKind;
//! let r = zh_emotion::classify("再不退款，我明天就去12315投诉你们！");
//! assert!(r.escalation.escalate);
//! assert_eq!(r.escalation.reasons[0].kind, EscalationKind::ExternalComplaint);
//! assert!(!zh_emotion::classify("请问投诉电话是多少？").escalation.escalate);
//! ```

mod context;
mod matcher;
mod rules;
#[cfg(test)]
mod tests;

pub use crate::types::escalation::{Escalation, EscalationKind, EscalationReason};
pub use rules::EscalationRules;

/// How far back (in characters, within the clause) a `block_before` word reaches.
pub const BLOCK_BEFORE_CHARS: usize = 8;

/// How far (in characters, each side) the context of a match reaches: clauses and
/// sentences are cut there, which keeps the cost linear on long unpunctuated input.
pub const MAX_CONTEXT_CHARS: usize = 80;

/// Matches examined per message, in text order; a message with more cue matches than
/// this (only ever a pathological one) is judged on its first ones.
pub const MAX_MATCHES: usize = 256;

/// The smallest number of contacts that counts as repeated (the third contact).
pub const MIN_REPEATED_CONTACTS: u32 = 3;
