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

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use once_cell::sync::Lazy;
use serde::{Deserialize, Serialize};

use crate::normalize::{normalize, NormalizedText};
use crate::{Emotion, Error, Polarity};

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

/// Why a message escalates.
///
/// ```
/// use zh_emotion::escalation::EscalationKind;
/// let k: EscalationKind = "media_exposure".parse().unwrap();
/// assert_eq!(k, EscalationKind::MediaExposure);
/// assert_eq!(k.zh(), "媒体曝光");
/// assert_eq!(serde_json::to_string(&k).unwrap(), "\"media_exposure\"");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EscalationKind {
    /// A complaint to an outside body: 12315, 消协, 市场监管局, 银保监, 通信管理局.
    ExternalComplaint,
    /// Exposure in the media or on social networks: 曝光, 发微博, 抖音, 找媒体.
    MediaExposure,
    /// Legal action or the police: 起诉, 律师函, 法院, 报警.
    LegalAction,
    /// Cancelling an account or service as a threat or a decision: 销户, 注销, 携号转网.
    CancelService,
    /// Insults and abuse: 傻X, 废物, 滚, 他妈的.
    AbusiveLanguage,
    /// A risk to safety, health or money: 煤气味, 漏电, 起火, 受伤, 被骗, 盗刷.
    SafetyRisk,
    /// The third or later contact about the same problem: 第三次, 打了五次电话, 三番五次.
    RepeatedContact,
    /// A demand to speak to a supervisor or manager: 让你们主管来处理, 叫经理出来.
    SupervisorRequest,
    /// A payment dispute through the bank or payment platform: 拒付, 争议交易, 止付.
    PaymentDispute,
    /// A report of misconduct by staff: insults, rudeness, theft or fraud by an
    /// employee (快递员骂人, 师傅顺走东西, 工作人员私自开通业务).
    StaffMisconduct,
}

impl EscalationKind {
    /// Number of kinds.
    pub const COUNT: usize = 10;

    /// Every kind, in a fixed order.
    pub const ALL: [EscalationKind; EscalationKind::COUNT] = [
        EscalationKind::ExternalComplaint,
        EscalationKind::MediaExposure,
        EscalationKind::LegalAction,
        EscalationKind::CancelService,
        EscalationKind::AbusiveLanguage,
        EscalationKind::SafetyRisk,
        EscalationKind::RepeatedContact,
        EscalationKind::SupervisorRequest,
        EscalationKind::PaymentDispute,
        EscalationKind::StaffMisconduct,
    ];

    /// The kind's id, as used in files and JSON (`"external_complaint"`).
    pub fn id(self) -> &'static str {
        match self {
            EscalationKind::ExternalComplaint => "external_complaint",
            EscalationKind::MediaExposure => "media_exposure",
            EscalationKind::LegalAction => "legal_action",
            EscalationKind::CancelService => "cancel_service",
            EscalationKind::AbusiveLanguage => "abusive_language",
            EscalationKind::SafetyRisk => "safety_risk",
            EscalationKind::RepeatedContact => "repeated_contact",
            EscalationKind::SupervisorRequest => "supervisor_request",
            EscalationKind::PaymentDispute => "payment_dispute",
            EscalationKind::StaffMisconduct => "staff_misconduct",
        }
    }

    /// The kind's Chinese name (`"外部投诉"`).
    pub fn zh(self) -> &'static str {
        match self {
            EscalationKind::ExternalComplaint => "外部投诉",
            EscalationKind::MediaExposure => "媒体曝光",
            EscalationKind::LegalAction => "法律行动",
            EscalationKind::CancelService => "销户退网",
            EscalationKind::AbusiveLanguage => "辱骂",
            EscalationKind::SafetyRisk => "安全风险",
            EscalationKind::RepeatedContact => "重复联系",
            EscalationKind::SupervisorRequest => "要求主管",
            EscalationKind::PaymentDispute => "支付争议",
            EscalationKind::StaffMisconduct => "员工不当行为",
        }
    }

    /// The position of the kind in [`EscalationKind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// True for the threats that a question turns into an enquiry (怎么注销账号？).
    pub fn blocked_by_questions(self) -> bool {
        matches!(
            self,
            EscalationKind::ExternalComplaint
                | EscalationKind::MediaExposure
                | EscalationKind::LegalAction
                | EscalationKind::CancelService
                | EscalationKind::PaymentDispute
        )
    }

    /// True for the kinds whose targets a threat marker (要, 会, 去) arms. Supervisors,
    /// banks and staff are mentioned with 要 and 去 in plain requests (我要找一下客服),
    /// so their targets need an action of their own kind.
    pub fn armed_by_threats(self) -> bool {
        !matches!(
            self,
            EscalationKind::SupervisorRequest
                | EscalationKind::PaymentDispute
                | EscalationKind::StaffMisconduct
        )
    }

    /// True for the kinds whose target's action may stand anywhere in the sentence,
    /// not only in the target's clause (客服不耐烦，我话没说完就挂我电话;
    /// 打给发卡行，说这笔消费有争议).
    pub fn acts_in_sentence(self) -> bool {
        matches!(
            self,
            EscalationKind::StaffMisconduct | EscalationKind::PaymentDispute
        )
    }
}

impl fmt::Display for EscalationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl FromStr for EscalationKind {
    type Err = Error;

    /// Parses an id (`safety_risk`), case-insensitively, or a Chinese name (`安全风险`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim();
        EscalationKind::ALL
            .into_iter()
            .find(|k| k.id().eq_ignore_ascii_case(wanted) || k.zh() == wanted)
            .ok_or_else(|| Error::UnknownEscalationKind(s.to_string()))
    }
}

/// One reason to escalate, with its evidence in the caller's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationReason {
    /// What kind of reason it is.
    pub kind: EscalationKind,
    /// The cue as it appears in the input.
    pub text: String,
    /// Byte offset of the cue in the input (a char boundary).
    pub start: usize,
    /// Byte offset just past the cue (a char boundary).
    pub end: usize,
}

/// Whether a message escalates, and why. Serialises as
/// `{"escalate": true, "reasons": [{"kind": "external_complaint", "text": "12315", "start": 0, "end": 5}]}`.
///
/// ```
/// let e = zh_emotion::classify("这已经是我第三次打电话了，问题还是没解决").escalation;
/// assert!(e.escalate);
/// assert!(e.has(zh_emotion::escalation::EscalationKind::RepeatedContact));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escalation {
    /// True when at least one reason was found.
    pub escalate: bool,
    /// The reasons, in text order (one per kind and cue; a message may have several).
    pub reasons: Vec<EscalationReason>,
}

impl Escalation {
    /// No escalation.
    pub fn none() -> Self {
        Self::default()
    }

    /// Builds an escalation from its reasons (`escalate` is true when there are any).
    pub fn from_reasons(reasons: Vec<EscalationReason>) -> Self {
        Self {
            escalate: !reasons.is_empty(),
            reasons,
        }
    }

    /// True when a reason of `kind` was found.
    pub fn has(&self, kind: EscalationKind) -> bool {
        self.reasons.iter().any(|r| r.kind == kind)
    }

    /// The distinct kinds found, in [`EscalationKind::ALL`] order.
    pub fn kinds(&self) -> Vec<EscalationKind> {
        EscalationKind::ALL
            .into_iter()
            .filter(|k| self.has(*k))
            .collect()
    }
}

/// What a pattern in the rules file does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Cue,
    Token,
    Target,
    Count,
    Consequence,
}

/// A pattern that can fire.
#[derive(Debug, Clone)]
struct Pattern {
    kind: EscalationKind,
    role: Role,
    /// Normalised text; with a number, the parts before and after `#`.
    text: String,
    number: Option<(String, String)>,
}

/// A context word that applies to one kind or to all (`None`).
type ContextWord = (Option<EscalationKind>, String);

/// The escalation rules: cues and the context words that arm or block them.
/// [`EscalationRules::embedded`] are the shipped ones (`data/escalation.tsv`).
///
/// ```
/// use zh_emotion::escalation::{EscalationKind, EscalationRules};
/// let rules = EscalationRules::parse("user.tsv", "safety_risk\tcue\t漏水\n").unwrap();
/// let e = rules.assess("楼上漏水了", None);
/// assert!(e.has(EscalationKind::SafetyRisk));
/// assert!(EscalationRules::parse("bad.tsv", "safety\tcue\t漏水").is_err());
/// ```
#[derive(Debug, Clone, Default)]
pub struct EscalationRules {
    patterns: Vec<Pattern>,
    acts: [Vec<String>; EscalationKind::COUNT],
    leads: [Vec<String>; EscalationKind::COUNT],
    block_before: Vec<ContextWord>,
    other_party: Vec<String>,
    negations: Vec<String>,
    block_after: Vec<ContextWord>,
    block_right_before: Vec<ContextWord>,
    block_sentence: Vec<ContextWord>,
    threats: Vec<String>,
    questions: Vec<String>,
    failures: Vec<String>,
    /// Finds the plain (number-free) patterns; built once the rules are read.
    cues: CueMatcher,
}

/// All plain pattern texts in one Aho-Corasick automaton, so that a message is
/// scanned once for all of them.
#[derive(Debug, Clone, Default)]
struct CueMatcher {
    /// Over the distinct texts; `None` when there are no plain patterns.
    automaton: Option<AhoCorasick>,
    /// For each distinct text (automaton pattern id), the patterns with that text.
    patterns: Vec<Vec<usize>>,
}

impl CueMatcher {
    fn new(patterns: &[Pattern]) -> Self {
        let mut texts: Vec<&str> = Vec::new();
        let mut by_text: Vec<Vec<usize>> = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            if p.number.is_some() {
                continue;
            }
            match texts.iter().position(|t| *t == p.text) {
                Some(j) => by_text[j].push(i),
                None => {
                    texts.push(&p.text);
                    by_text.push(vec![i]);
                }
            }
        }
        // A DFA: a few hundred short patterns make a small one, and it is the
        // fastest kind to search.
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .build(&texts)
            .or_else(|_| AhoCorasick::new(&texts))
            .ok()
            .filter(|_| !texts.is_empty());
        Self {
            automaton,
            patterns: by_text,
        }
    }

    /// Calls `found(pattern index, span)` for every match of every plain pattern in
    /// `s`, with the matches of each text those of `str::match_indices`: left to right,
    /// not overlapping one another (occurrences of different texts may overlap).
    fn for_each_match(&self, s: &str, mut found: impl FnMut(usize, Range<usize>)) {
        let Some(automaton) = &self.automaton else {
            return;
        };
        // (text, end of its last match kept) for the texts seen so far (few per
        // message): an occurrence that overlaps that match is one `match_indices` skips.
        let mut last_end: Vec<(usize, usize)> = Vec::new();
        for m in automaton.find_overlapping_iter(s) {
            let text = m.pattern().as_usize();
            match last_end.iter_mut().find(|(t, _)| *t == text) {
                Some((_, end)) if m.start() < *end => continue,
                Some((_, end)) => *end = m.end(),
                None => last_end.push((text, m.end())),
            }
            for &pattern in &self.patterns[text] {
                found(pattern, m.start()..m.end());
            }
        }
    }
}

const EMBEDDED_RULES: &str = include_str!("../data/escalation.tsv");

static EMBEDDED: Lazy<EscalationRules> = Lazy::new(|| {
    // Parsed by a unit test on every build: a failure here is a packaging defect.
    EscalationRules::parse("escalation.tsv", EMBEDDED_RULES).unwrap_or_default()
});

impl EscalationRules {
    /// The shipped rules, parsed once per process.
    pub fn embedded() -> &'static EscalationRules {
        &EMBEDDED
    }

    /// Parses rules in the format of `data/escalation.tsv`; `origin` names the source
    /// in errors.
    pub fn parse(origin: &str, text: &str) -> Result<Self, Error> {
        let mut rules = Self::default();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            rules
                .add_line(line)
                .map_err(|reason| Error::EscalationRules {
                    origin: origin.to_string(),
                    line: i + 1,
                    reason,
                })?;
        }
        rules.cues = CueMatcher::new(&rules.patterns);
        Ok(rules)
    }

    fn add_line(&mut self, line: &str) -> Result<(), String> {
        let fields: Vec<&str> = line.split('\t').collect();
        let [kind, role, pattern] = fields.as_slice() else {
            return Err(format!(
                "expected 3 tab-separated fields (kind, role, pattern), found {}",
                fields.len()
            ));
        };
        let kind = match kind.trim() {
            "*" => None,
            k => Some(k.parse::<EscalationKind>().map_err(|e| e.to_string())?),
        };
        let text = normalize(pattern.trim()).as_str().to_string();
        if text.is_empty() {
            return Err("empty pattern".to_string());
        }
        let role = role.trim();
        let shared_only = matches!(
            role,
            "threat" | "question" | "failure" | "other_party" | "negation"
        );
        if shared_only != kind.is_none()
            && !matches!(
                role,
                "block_before" | "block_after" | "block_right_before" | "block_sentence"
            )
        {
            return Err(if shared_only {
                format!("role {role:?} belongs to kind *")
            } else {
                format!("role {role:?} needs a kind other than *")
            });
        }
        let pattern_role = match role {
            "cue" => Some(Role::Cue),
            "token" => Some(Role::Token),
            "target" => Some(Role::Target),
            "count" => Some(Role::Count),
            "consequence" => Some(Role::Consequence),
            _ => None,
        };
        if let (Some(role), Some(kind)) = (pattern_role, kind) {
            if role == Role::Count && kind != EscalationKind::RepeatedContact {
                return Err("role \"count\" is for repeated_contact only".to_string());
            }
            if role == Role::Consequence && kind != EscalationKind::SafetyRisk {
                return Err("role \"consequence\" is for safety_risk only".to_string());
            }
            let number = match text.split_once('#') {
                Some((before, after)) if !after.contains('#') => {
                    Some((before.to_string(), after.to_string()))
                }
                Some(_) => return Err(format!("more than one # in {text:?}")),
                None => None,
            };
            self.patterns.push(Pattern {
                kind,
                role,
                text,
                number,
            });
            return Ok(());
        }
        match (role, kind) {
            ("act", Some(k)) => self.acts[k.index()].push(text),
            ("lead", Some(k)) => self.leads[k.index()].push(text),
            ("other_party", None) => self.other_party.push(text),
            ("negation", None) => self.negations.push(text),
            ("block_before", k) => self.block_before.push((k, text)),
            ("block_after", k) => self.block_after.push((k, text)),
            ("block_right_before", k) => self.block_right_before.push((k, text)),
            ("block_sentence", k) => self.block_sentence.push((k, text)),
            ("threat", None) => self.threats.push(text),
            ("question", None) => self.questions.push(text),
            ("failure", None) => self.failures.push(text),
            _ => return Err(format!("unknown role {role:?}")),
        }
        Ok(())
    }

    /// Number of patterns that can fire (cues, tokens, targets and counts).
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }

    /// Assesses `text` on its own, without the classifier. `emotion`, when given, is
    /// the message's label (it gates positive messages and repeated contacts, see the
    /// module docs); `token` cues count where no Han character touches them.
    /// [`crate::Classifier`] calls the full version, with its segmentation.
    pub fn assess(&self, text: &str, emotion: Option<Emotion>) -> Escalation {
        let normalized = normalize(text);
        self.assess_normalized(text, &normalized, None, emotion)
    }

    /// The full assessment: `text` is the input, `normalized` its normalisation,
    /// `words` (when known) the normalised spans of the lexicon words the analysis
    /// found, used to confirm `token` cues.
    pub(crate) fn assess_normalized(
        &self,
        text: &str,
        normalized: &NormalizedText,
        words: Option<&[Range<usize>]>,
        emotion: Option<Emotion>,
    ) -> Escalation {
        if emotion.is_some_and(|e| e.polarity() == Polarity::Positive) {
            return Escalation::none();
        }
        let s = normalized.as_str();
        // (pattern index, span): the plain patterns in one pass, then the counts.
        let mut candidates: Vec<(usize, Range<usize>)> = Vec::new();
        self.cues
            .for_each_match(s, |pattern, span| candidates.push((pattern, span)));
        if self.patterns.iter().any(|p| p.number.is_some()) {
            let numbers = find_numbers(s);
            for (i, pattern) in self.patterns.iter().enumerate() {
                if let Some(number) = &pattern.number {
                    candidates.extend(count_matches(s, number, &numbers).map(|span| (i, span)));
                }
            }
        }
        // Text order, then kind, then rule order: what a stable sort by (start, kind)
        // of the matches of each pattern in turn gives. The key is unique.
        candidates.sort_unstable_by_key(|(i, span)| (span.start, self.patterns[*i].kind, *i));
        candidates.truncate(MAX_MATCHES);
        let mut found: Vec<(EscalationKind, Range<usize>)> = candidates
            .into_iter()
            .map(|(i, span)| (&self.patterns[i], span))
            .filter(|(pattern, span)| self.accepts(s, pattern, span, words, emotion))
            .map(|(pattern, span)| (pattern.kind, span))
            .collect();
        // Longest first, then keep one match per overlapping region and kind.
        found.sort_by_key(|(kind, span)| (std::cmp::Reverse(span.len()), span.start, *kind));
        let mut kept: Vec<(EscalationKind, Range<usize>)> = Vec::new();
        for (kind, span) in found {
            let overlaps = kept
                .iter()
                .any(|(k, s)| *k == kind && s.start < span.end && span.start < s.end);
            if !overlaps {
                kept.push((kind, span));
            }
        }
        kept.sort_by_key(|(kind, span)| (span.start, *kind));
        let reasons = kept
            .into_iter()
            .map(|(kind, span)| {
                let original = normalized.original_span(span);
                EscalationReason {
                    kind,
                    text: text.get(original.clone()).unwrap_or_default().to_string(),
                    start: original.start,
                    end: original.end,
                }
            })
            .collect();
        Escalation::from_reasons(reasons)
    }

    /// Applies the context rules of the module docs to one match.
    fn accepts(
        &self,
        s: &str,
        pattern: &Pattern,
        span: &Range<usize>,
        words: Option<&[Range<usize>]>,
        emotion: Option<Emotion>,
    ) -> bool {
        let kind = pattern.kind;
        if in_title(s, span.start) {
            return false;
        }
        let clause = bounds(s, span, is_clause_break);
        let sentence = bounds(s, span, is_sentence_break);
        let before = &s[clause.start..span.start];
        let near_before = last_chars(before, BLOCK_BEFORE_CHARS);
        let applies = |k: &Option<EscalationKind>| k.is_none_or(|k| k == kind);
        if self
            .block_before
            .iter()
            .any(|(k, w)| applies(k) && near_before.contains(w.as_str()))
        {
            return false;
        }
        // Someone else's experience (邻居家的热水器漏电了), anywhere before in the clause.
        if self.other_party.iter().any(|w| before.contains(w.as_str())) {
            return false;
        }
        // Denied (没有冒烟, 不会拒付): a negation right before the match; or another
        // word of its kind that changes its sense right before it (我妈的 is "my
        // mother's").
        if self.negated(s, span.start)
            || self
                .block_right_before
                .iter()
                .any(|(k, w)| applies(k) && s[..span.start].ends_with(w.as_str()))
        {
            return false;
        }
        let after = &s[span.end..];
        if self
            .block_after
            .iter()
            .any(|(k, w)| applies(k) && after.starts_with(w.as_str()))
        {
            return false;
        }
        if kind.blocked_by_questions() && self.is_question(s, &sentence, before) {
            return false;
        }
        let acts = &self.acts[kind.index()];
        let leads = &self.leads[kind.index()];
        let sentence_text = &s[sentence.clone()];
        // Act words inside the match itself (the 投诉 of 黑猫投诉) do not arm it, nor
        // do negated ones (快递员没骂我).
        let act_outside = |region: &Range<usize>| {
            acts.iter().any(|a| {
                s[region.clone()].match_indices(a.as_str()).any(|(i, m)| {
                    let at = region.start + i;
                    (at + m.len() <= span.start || at >= span.end) && !self.negated(s, at)
                })
            })
        };
        // Lead words arm only from before the match (让你们主管, not 主管让我等).
        let lead_before = || {
            leads.iter().any(|w| {
                before
                    .match_indices(w.as_str())
                    .any(|(i, _)| !self.negated(s, clause.start + i))
            })
        };
        let act_region = if kind.acts_in_sentence() {
            &sentence
        } else {
            &clause
        };
        // No label counts as negative: the rules alone cannot tell.
        let negative = emotion.is_none_or(|e| e.polarity() == Polarity::Negative);
        let accepted = match pattern.role {
            Role::Cue => true,
            Role::Token => match words {
                Some(words) => words.iter().any(|w| w == span),
                None => {
                    !s[..span.start].chars().next_back().is_some_and(is_han_char)
                        && !s[span.end..].chars().next().is_some_and(is_han_char)
                }
            },
            Role::Target => {
                act_outside(act_region)
                    || lead_before()
                    || (kind.armed_by_threats()
                        && self.threats.iter().any(|t| before.contains(t.as_str())))
            }
            // 今天第三次了: a count used as the predicate refers to the contacts of
            // the sentence.
            Role::Count if after.starts_with('了') => act_outside(&sentence),
            Role::Count => act_outside(&clause),
            // 住院, 输液: a risk only in a negative message, not in a question, and not
            // beside a claim or an appointment (报销, 理赔, 挂号) in its sentence.
            Role::Consequence => {
                negative
                    && !self.is_question(s, &sentence, before)
                    && !self
                        .block_sentence
                        .iter()
                        .any(|(k, w)| applies(k) && sentence_text.contains(w.as_str()))
            }
        };
        if !accepted {
            return false;
        }
        if kind == EscalationKind::RepeatedContact {
            let failed = self
                .failures
                .iter()
                .any(|f| sentence_text.contains(f.as_str()));
            return negative || failed;
        }
        true
    }

    /// True when a `negation` word ends right before byte `at` of `s`.
    fn negated(&self, s: &str, at: usize) -> bool {
        let before = &s[..at];
        self.negations.iter().any(|n| before.ends_with(n.as_str()))
    }

    /// A question: the sentence ends in `?` or has 吗/请问, or a question word comes
    /// before the match in its clause.
    fn is_question(&self, s: &str, sentence: &Range<usize>, before: &str) -> bool {
        let ends_in_question = s[sentence.end..]
            .chars()
            .take_while(|c| is_sentence_break(*c) || c.is_whitespace())
            .any(|c| c == '?');
        let sentence_text = &s[sentence.clone()];
        ends_in_question
            || sentence_text.contains('吗')
            || sentence_text.contains("请问")
            || self.questions.iter().any(|q| before.contains(q.as_str()))
    }
}

/// Characters that end a clause (in normalised text, where full-width ASCII
/// punctuation is already half-width).
fn is_clause_break(c: char) -> bool {
    is_sentence_break(c) || matches!(c, ',' | ':' | '、' | ' ' | '~' | '—' | '\t')
}

/// Characters that end a sentence.
fn is_sentence_break(c: char) -> bool {
    matches!(
        c,
        '。' | '.' | '!' | '?' | ';' | '\n' | '…' | '\r' | '｡' | '！' | '？'
    )
}

fn is_han_char(c: char) -> bool {
    crate::lexicon::is_han(c)
}

/// The byte range of the clause or sentence around `span`. A space between two ASCII
/// characters separates words of an English sentence, not clauses.
fn bounds(s: &str, span: &Range<usize>, is_break: fn(char) -> bool) -> Range<usize> {
    let breaks_at = |i: usize, c: char| {
        is_break(c)
            && !(c == ' '
                && s[..i].chars().next_back().is_some_and(|p| p.is_ascii())
                && s[i + 1..].chars().next().is_some_and(|n| n.is_ascii()))
    };
    let mut start = span.start;
    for (i, c) in s[..span.start].char_indices().rev().take(MAX_CONTEXT_CHARS) {
        if breaks_at(i, c) {
            break;
        }
        start = i;
    }
    let mut end = span.end;
    for (i, c) in s[span.end..].char_indices().take(MAX_CONTEXT_CHARS) {
        if breaks_at(span.end + i, c) {
            break;
        }
        end = span.end + i + c.len_utf8();
    }
    start..end
}

/// The last `n` characters of `s`.
fn last_chars(s: &str, n: usize) -> &str {
    match s.char_indices().rev().nth(n.saturating_sub(1)) {
        Some((i, _)) if n > 0 => &s[i..],
        _ if n == 0 => "",
        _ => s,
    }
}

/// True when byte `at` is inside a book title 《…》.
fn in_title(s: &str, at: usize) -> bool {
    let before = last_chars(&s[..at], MAX_CONTEXT_CHARS);
    match before.rfind('《') {
        Some(open) => !before[open..].contains('》'),
        None => false,
    }
}

/// A number in the text: its byte span and value.
#[derive(Debug, Clone, PartialEq)]
struct Number {
    span: Range<usize>,
    value: u32,
}

fn chinese_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' => 0,
        '一' => 1,
        '二' | '两' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        // "A few" (几次, 好几次) and "the nth" (第n次) count as three.
        '几' | 'n' => 3,
        _ => return None,
    })
}

fn chinese_unit(c: char) -> Option<u32> {
    Some(match c {
        '十' => 10,
        '百' => 100,
        '千' => 1000,
        _ => return None,
    })
}

/// Finds the numbers of `s`: runs of ASCII digits, or of Chinese numerals (三, 十五,
/// 二十多, 好几, 十几), with their values. An `n` counts only alone (第n次), not in words.
fn find_numbers(s: &str) -> Vec<Number> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut at = 0;
    while let Some(c) = s[at..].chars().next() {
        if c.is_ascii_digit() {
            let len = bytes[at..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let value = bytes[at..at + len].iter().fold(0u32, |v, b| {
                v.saturating_mul(10).saturating_add(u32::from(b - b'0'))
            });
            out.push(Number {
                span: at..at + len,
                value,
            });
            at += len;
            continue;
        }
        let starts_number = if c == 'n' {
            let prev_alpha = s[..at]
                .chars()
                .next_back()
                .is_some_and(|p| p.is_ascii_alphabetic());
            let next_alpha = s[at + 1..]
                .chars()
                .next()
                .is_some_and(|n| n.is_ascii_alphabetic());
            !prev_alpha && !next_alpha
        } else {
            chinese_digit(c).is_some() || chinese_unit(c).is_some()
        };
        if !starts_number {
            at += c.len_utf8();
            continue;
        }
        // The number runs to just before the first character that is not part of it.
        let mut end = at;
        let (mut total, mut current) = (0u32, 0u32);
        for (offset, c) in s[at..].char_indices() {
            if c == 'n' && offset > 0 {
                break;
            }
            if let Some(d) = chinese_digit(c) {
                current = d;
            } else if let Some(u) = chinese_unit(c) {
                total = total.saturating_add(current.max(1).saturating_mul(u));
                current = 0;
            } else if c == '多' && offset > 0 {
                // 十多, 二十多: "more than"; the value is the lower bound.
            } else {
                break;
            }
            end = at + offset + c.len_utf8();
        }
        total = total.saturating_add(current);
        // 好几 is one number with 几.
        let begin = if c == '几' && s[..at].ends_with('好') {
            at - '好'.len_utf8()
        } else {
            at
        };
        out.push(Number {
            span: begin..end,
            value: total,
        });
        at = end.max(at + c.len_utf8());
    }
    out
}

/// The spans where a count pattern (`before`#`after`, as in 第#次) matches `s`: a
/// number of at least [`MIN_REPEATED_CONTACTS`] between the two parts.
fn count_matches<'a>(
    s: &'a str,
    (before, after): &'a (String, String),
    numbers: &'a [Number],
) -> impl Iterator<Item = Range<usize>> + 'a {
    numbers
        .iter()
        .filter(|n| n.value >= MIN_REPEATED_CONTACTS)
        .filter(|n| s[..n.span.start].ends_with(before.as_str()))
        .filter(|n| s[n.span.end..].starts_with(after.as_str()))
        .map(|n| n.span.start - before.len()..n.span.end + after.len())
}

/// Assesses one message with the embedded rules and the default classifier's label.
///
/// ```
/// let e = zh_emotion::escalation::detect("家里闻到很重的煤气味，怎么办？");
/// assert!(e.escalate);
/// assert_eq!(e.reasons[0].text, "煤气味");
/// assert!(!zh_emotion::escalation::detect("煤气费怎么交？").escalate);
/// ```
pub fn detect(text: &str) -> Escalation {
    crate::classify(text).escalation
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> &'static EscalationRules {
        EscalationRules::embedded()
    }

    fn kinds(text: &str) -> Vec<EscalationKind> {
        rules().assess(text, None).kinds()
    }

    #[test]
    fn embedded_rules_parse_and_cover_every_kind() {
        let parsed = EscalationRules::parse("escalation.tsv", EMBEDDED_RULES).unwrap();
        assert!(parsed.pattern_count() > 200, "{}", parsed.pattern_count());
        for kind in EscalationKind::ALL {
            assert!(
                parsed.patterns.iter().any(|p| p.kind == kind),
                "no pattern for {kind}"
            );
        }
        assert_eq!(rules().pattern_count(), parsed.pattern_count());
    }

    #[test]
    fn kinds_round_trip() {
        for (i, k) in EscalationKind::ALL.into_iter().enumerate() {
            assert_eq!(k.index(), i);
            assert_eq!(k.id().parse::<EscalationKind>().unwrap(), k);
            assert_eq!(k.zh().parse::<EscalationKind>().unwrap(), k);
            assert_eq!(k.to_string(), k.id());
        }
        assert!(matches!(
            "gas".parse::<EscalationKind>(),
            Err(Error::UnknownEscalationKind(_))
        ));
    }

    #[test]
    fn malformed_rules_report_line() {
        for bad in [
            "safety_risk\tcue",
            "safety\tcue\t煤气",
            "safety_risk\tfoo\t煤气",
            "*\tcue\t煤气",
            "safety_risk\tthreat\t要",
            "safety_risk\tcount\t第#次",
            "repeated_contact\tcount\t#第#次",
            "legal_action\tconsequence\t住院",
            "safety_risk\tcue\t ",
        ] {
            let err = EscalationRules::parse("t.tsv", &format!("# c\n{bad}")).unwrap_err();
            assert!(err.to_string().contains("line 2"), "{bad:?}: {err}");
        }
    }

    #[test]
    fn health_consequences_count_only_where_something_went_wrong() {
        let rules = EscalationRules::parse(
            "t.tsv",
            "safety_risk\tconsequence\t住院\nsafety_risk\tblock_sentence\t报销\n*\tquestion\t怎么",
        )
        .unwrap();
        let safety =
            |text: &str, emotion| rules.assess(text, emotion).has(EscalationKind::SafetyRisk);
        assert!(safety("吃了你们的外卖，全家都住院了", None));
        assert!(safety("吃了你们的外卖，全家都住院了", Some(Emotion::Anger)));
        // Not in a neutral message, a question, or beside a claim in its sentence.
        assert!(!safety("我爸住院了", Some(Emotion::Neutral)));
        assert!(!safety("住院要带什么？", None));
        assert!(!safety("住院花的钱怎么报销", Some(Emotion::Anxiety)));
        assert!(!safety("住院花的钱还没报销", Some(Emotion::Anger)));
        // A claim in another sentence does not block it.
        assert!(safety(
            "吃了你们的外卖住院了。报销的事以后再说",
            Some(Emotion::Anger)
        ));
    }

    #[test]
    fn numbers_in_both_numeral_systems() {
        let values = |s: &str| -> Vec<u32> { find_numbers(s).iter().map(|n| n.value).collect() };
        assert_eq!(values("第3次"), vec![3]);
        assert_eq!(values("第三次"), vec![3]);
        assert_eq!(values("打了十五次"), vec![15]);
        assert_eq!(values("二十多次"), vec![20]);
        assert_eq!(values("十几次"), vec![13]);
        assert_eq!(values("两次"), vec![2]);
        assert_eq!(values("第n次"), vec![3]);
        assert!(values("no").is_empty());
        assert_eq!(values("第12次"), vec![12]);
        let n = &find_numbers("联系了好几次")[0];
        assert_eq!(&"联系了好几次"[n.span.clone()], "好几");
        assert_eq!(values("9999999999999999"), vec![u32::MAX]);
        assert_eq!(values("三n次"), vec![3, 3]);
        assert!(values("abn次").is_empty());
        assert_eq!(values("二十多n"), vec![20, 3]);
    }

    #[test]
    fn repeated_contacts_need_three_and_a_contact_verb() {
        assert_eq!(
            kinds("这是我第3次打电话了"),
            vec![EscalationKind::RepeatedContact]
        );
        assert_eq!(
            kinds("联系了好几次都没解决"),
            vec![EscalationKind::RepeatedContact]
        );
        assert!(kinds("这是我第二次打电话了").is_empty());
        assert!(kinds("三天了还没到").is_empty());
        assert!(kinds("第三次回购了").is_empty());
    }

    #[test]
    fn threats_and_enquiries() {
        assert_eq!(
            kinds("我要去12315投诉"),
            vec![EscalationKind::ExternalComplaint]
        );
        assert!(kinds("12315上说的规定是什么").is_empty());
        assert!(kinds("请问投诉电话是多少").is_empty());
        assert!(kinds("怎么注销账号").is_empty());
        assert_eq!(
            kinds("帮我把账号注销了"),
            vec![EscalationKind::CancelService]
        );
        assert_eq!(kinds("我要发微博"), vec![EscalationKind::MediaExposure]);
        assert!(kinds("我在微博上看到你们的新品").is_empty());
        assert!(kinds("曝光补偿怎么调").is_empty());
        assert!(kinds("《打官司》这本书有货").is_empty());
    }

    #[test]
    fn tokens_need_a_word_of_their_own() {
        assert_eq!(kinds("滚!"), vec![EscalationKind::AbusiveLanguage]);
        assert!(kinds("滚筒洗衣机").is_empty());
    }

    #[test]
    fn safety_blockers() {
        assert_eq!(kinds("插座冒烟了"), vec![EscalationKind::SafetyRisk]);
        assert!(kinds("漏电保护器多少钱").is_empty());
        assert!(kinds("怕碰倒了起火").is_empty());
        assert!(kinds("差点被骗").is_empty());
    }

    #[test]
    fn positive_messages_never_escalate() {
        let text = "第三次联系你们，终于解决了";
        assert!(rules().assess(text, None).escalate);
        assert!(!rules().assess(text, Some(Emotion::Gratitude)).escalate);
    }

    #[test]
    fn spans_point_into_the_input() {
        let text = "ＯＫ，我現在就報警！";
        let e = rules().assess(text, None);
        assert_eq!(e.reasons.len(), 1);
        let r = &e.reasons[0];
        assert_eq!(&text[r.start..r.end], r.text);
        assert_eq!(r.text, "報警");
    }

    #[test]
    fn serialises_with_snake_case_ids() {
        let e = rules().assess("12315见", None);
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"escalate":true,"reasons":[{"kind":"external_complaint","text":"12315见","start":0,"end":8}]}"#
        );
        let back: Escalation = serde_json::from_str(&json).unwrap();
        assert_eq!(back, e);
    }

    #[test]
    fn long_repetitive_input_stays_bounded() {
        let text = "微博".repeat(25_000) + "我要去12315投诉";
        let e = rules().assess(&text, None);
        assert!(e.reasons.len() <= MAX_MATCHES);
        let text = "第三次联系".repeat(10_000);
        assert!(rules().assess(&text, None).escalate);
    }

    #[test]
    fn cue_matcher_finds_what_match_indices_finds() {
        let rules = rules();
        let plain: Vec<&str> = rules
            .patterns
            .iter()
            .filter(|p| p.number.is_none())
            .map(|p| p.text.as_str())
            .collect();
        // Every cue, cues run together (overlaps across texts) and repeated (overlaps
        // of a text with itself), inside other text.
        let mut texts: Vec<String> = plain.iter().map(|t| format!("我{t}了")).collect();
        texts.push(plain.concat());
        texts.push(plain.iter().map(|t| t.repeat(3)).collect());
        texts.push(plain.iter().rev().copied().collect::<Vec<_>>().join("，"));
        for text in &texts {
            let mut naive: Vec<(usize, Range<usize>)> = Vec::new();
            for (i, p) in rules.patterns.iter().enumerate() {
                if p.number.is_none() {
                    naive.extend(
                        text.match_indices(p.text.as_str())
                            .map(|(at, m)| (i, at..at + m.len())),
                    );
                }
            }
            let mut found = Vec::new();
            rules
                .cues
                .for_each_match(text, |i, span| found.push((i, span)));
            let key = |(i, span): &(usize, Range<usize>)| (*i, span.start, span.end);
            naive.sort_by_key(key);
            found.sort_by_key(key);
            assert_eq!(found, naive);
        }
    }

    #[test]
    fn empty_and_odd_input() {
        assert!(!rules().assess("", None).escalate);
        assert!(!rules().assess("《", None).escalate);
        assert!(!rules().assess("第", None).escalate);
        let _ = rules().assess("n", None);
        let _ = rules().assess("十百千几多n", None);
    }
}
