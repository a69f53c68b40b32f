//! The rules file (`data/escalation.tsv`): its patterns and context words, parsed into
//! [`EscalationRules`], and what each kind's rules allow.

use once_cell::sync::Lazy;

use super::matcher::{CueMatcher, MaskedWords};
use crate::pipeline::normalize::normalize;
use crate::types::error::Error;
use crate::types::escalation::EscalationKind;

impl EscalationKind {
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

/// What a pattern in the rules file does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    Cue,
    Token,
    Target,
    Count,
    Consequence,
}

/// A pattern that can fire.
#[derive(Debug, Clone)]
pub(super) struct Pattern {
    pub(super) kind: EscalationKind,
    pub(super) role: Role,
    /// Normalised text; with a number, the parts before and after `#`.
    pub(super) text: String,
    pub(super) number: Option<(String, String)>,
}

/// A context word that applies to one kind or to all (`None`).
pub(super) type ContextWord = (Option<EscalationKind>, String);

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
    pub(super) patterns: Vec<Pattern>,
    pub(super) acts: [MaskedWords; EscalationKind::COUNT],
    pub(super) leads: [MaskedWords; EscalationKind::COUNT],
    pub(super) block_before: MaskedWords<Option<EscalationKind>>,
    pub(super) other_party: MaskedWords,
    pub(super) negations: Vec<String>,
    pub(super) block_after: Vec<ContextWord>,
    pub(super) block_right_before: Vec<ContextWord>,
    pub(super) block_sentence: MaskedWords<Option<EscalationKind>>,
    pub(super) threats: MaskedWords,
    pub(super) questions: MaskedWords,
    pub(super) failures: MaskedWords,
    /// Finds the plain (number-free) patterns; built once the rules are read.
    pub(super) cues: CueMatcher,
}

pub(super) const EMBEDDED_RULES: &str = include_str!("../../../data/escalation.tsv");

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
            ("block_before", k) => self.block_before.push_tagged(k, text),
            ("block_after", k) => self.block_after.push((k, text)),
            ("block_right_before", k) => self.block_right_before.push((k, text)),
            ("block_sentence", k) => self.block_sentence.push_tagged(k, text),
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
}
