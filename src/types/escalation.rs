//! What an escalation is: its kinds, its reasons with their evidence spans, and the
//! verdict for one message. The rules that find them are in `assess::escalation`.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::types::error::Error;

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
