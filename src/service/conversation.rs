//! Conversations: how a customer's emotion moves over the turns of one conversation,
//! and whether the conversation must go to a supervisor.
//!
//! Each customer turn is classified on its own (agent turns are kept for their
//! position but not classified). A turn's **negativity** is its intensity when its
//! emotion is negative, minus its intensity when positive, and 0 for `neutral` and
//! `surprise`; it lies in [-1, 1]. A turn that escalates (a threat, abuse, a safety
//! risk, a third contact) has negativity 1 whatever its label: it is the most urgent
//! state a customer can be in, and the classifier's intensity for a calm but firm
//! threat (明天我就去12315) would understate it.
//!
//! **Trajectory.** Between two consecutive customer turns, negativity moves up or
//! down when it changes by at least [`STEP`], else it stays flat.
//! - No move at all: `stable` (`changed_at` is `None`).
//! - The last move is followed by [`SETTLED_STEPS`] or more flat steps: `stable`,
//!   since the first turn after that move.
//! - Otherwise the last move gives the direction (`escalating` up, `calming` down), and
//!   `changed_at` is the turn where the current run of moves in that direction (flat
//!   steps allowed inside it) began.
//!
//! **Peak.** The turn with the highest negativity when some turn is negative, else the
//! turn with the highest intensity (earliest on ties).
//!
//! **Escalate** when any customer turn escalates (see [`crate::assess::escalation`]), or when
//! the conversation is escalating and its last customer turn has a negativity of at
//! least [`RISING_THRESHOLD`] after a rise of at least [`RISING_DELTA`] since the
//! start of the run: a customer getting angrier turn after turn needs a supervisor
//! before the threat comes.
//!
//! **What the customer was unhappy about.** With a classifier built with
//! `ClassifierBuilder::aspects(true)`, [`ConversationResult::unhappy_about`] lists the
//! categories of the customer's negative aspects over all turns, one [`Complaint`] per
//! category: how many negative aspects it had, the most negative of them (its text,
//! polarity and turn) and the turn where it first came up, the worst category first
//! (lowest polarity; then the most complaints; then the earliest). Without aspects the
//! list is empty.
//!
//! **Satisfaction.** [`satisfaction_features`] sums the conversation up in
//! [`SATISFACTION_FEATURES`] signals (the customer's lowest, last and later polarity,
//! the strongest thanks and anger, the number of agent turns, the length of the
//! opening and of the last message, the highest intensity, the last turn's
//! negativity, the number of exclamation marks and the anger after the opening), and a
//! linear model with the constant [`SATISFACTION_COEFFICIENTS`] turns them into a
//! predicted satisfaction on the scale of the NTCIR-14 STC-3 annotations, -2 (very
//! dissatisfied) to 2 (very satisfied). [`ConversationResult::dissatisfaction_risk`]
//! is the same prediction mapped onto [0, 1], 1 being the most dissatisfied.
//!
//! ```
//! use zh_emotion::conversation::{analyse, Role, Trajectory, Turn};
//! let turns = [
//!     Turn::customer("你好，我的快递还没到，帮忙查一下"),
//!     Turn::agent("好的，正在为您查询。"),
//!     Turn::customer("怎么还没查到？我很着急"),
//!     Turn::customer("你们到底管不管！！！气死我了，太过分了！"),
//! ];
//! let r = analyse(&zh_emotion::Classifier::default(), &turns);
//! assert_eq!(r.trajectory, Trajectory::Escalating);
//! assert_eq!(r.turns.len(), 3);
//! assert_eq!(r.final_state.unwrap().turn, 3);
//! ```

use serde::{Deserialize, Serialize};

use crate::assess::escalation::EscalationReason;
use crate::classifier::Classifier;
use crate::service::complaints::complaints;
pub use crate::service::complaints::Complaint;
use crate::types::emotion::{Emotion, Polarity};
use crate::types::result::EmotionResult;

/// The smallest change of negativity between two customer turns that counts as a move.
pub const STEP: f32 = 0.1;

/// Flat steps after the last move after which a conversation counts as stable again.
pub const SETTLED_STEPS: usize = 2;

/// Negativity of the last customer turn from which a rising conversation escalates.
pub const RISING_THRESHOLD: f32 = 0.6;

/// Rise of negativity, over the current escalating run, from which a conversation
/// escalates (together with [`RISING_THRESHOLD`]).
pub const RISING_DELTA: f32 = 0.3;

/// Number of satisfaction signals (including the constant term).
pub const SATISFACTION_FEATURES: usize = 13;

/// Names of the satisfaction signals, in order.
pub const SATISFACTION_FEATURE_NAMES: [&str; SATISFACTION_FEATURES] = [
    "constant",
    "min_polarity",
    "last_polarity",
    "later_polarity",
    "max_gratitude",
    "max_anger",
    "log_agent_turns",
    "log_first_length",
    "max_intensity",
    "last_negativity",
    "log_exclamations",
    "log_last_length",
    "later_anger",
];

/// Coefficients of the satisfaction model, one per signal of
/// [`SATISFACTION_FEATURE_NAMES`].
///
/// Fitted by `cargo run --release --example satisfaction_eval -- --fit --model M`
/// (ridge least squares, penalty 1 on every coefficient but the constant) on the 1,894
/// STC-3 dialogues that the project may tune on (NTCIR-14 STC-3, Chinese training
/// dialogues), with their annotated satisfaction (the mean of 19 annotators, -2 to 2)
/// as the target, and `M` the model that `scripts/train.sh` builds from the project's
/// data. The signals depend on the model's scores, so refit these whenever the model is
/// retrained. The same example reports the fit in sample and by 10-fold
/// cross-validation over dialogues.
pub const SATISFACTION_COEFFICIENTS: [f32; SATISFACTION_FEATURES] = [
    0.6040, -0.3359, 0.4225, 0.2868, 0.2822, -0.6212, 0.1189, -0.1074, 0.0337, 0.0905, -0.0237,
    -0.0139, -0.2563,
];

/// The lowest and highest satisfaction the model predicts (the annotation scale).
pub const SATISFACTION_RANGE: (f32, f32) = (-2.0, 2.0);

/// Who speaks a turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The customer: these turns are classified.
    Customer,
    /// The agent (or a bot): kept for turn positions, not classified.
    Agent,
}

/// One turn of a conversation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Turn {
    /// Who speaks.
    pub role: Role,
    /// What was said.
    pub text: String,
}

impl Turn {
    /// A customer turn.
    pub fn customer(text: impl Into<String>) -> Self {
        Self {
            role: Role::Customer,
            text: text.into(),
        }
    }

    /// An agent turn.
    pub fn agent(text: impl Into<String>) -> Self {
        Self {
            role: Role::Agent,
            text: text.into(),
        }
    }
}

/// Which way the customer's emotion is moving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trajectory {
    /// Negativity is rising.
    Escalating,
    /// Negativity is falling.
    Calming,
    /// No clear movement.
    Stable,
}

impl Trajectory {
    /// The trajectory's id (`"escalating"`).
    pub fn id(self) -> &'static str {
        match self {
            Trajectory::Escalating => "escalating",
            Trajectory::Calming => "calming",
            Trajectory::Stable => "stable",
        }
    }
}

/// The result of one customer turn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CustomerTurn {
    /// Index of the turn in the conversation (0-based, counting agent turns).
    pub turn: usize,
    /// Negativity in [-1, 1] (see the module docs).
    pub negativity: f32,
    /// Length of the turn's text in characters.
    #[serde(default)]
    pub chars: usize,
    /// Number of exclamation marks (`!`, `！`) in the turn's text.
    #[serde(default)]
    pub exclamations: usize,
    /// The classification of the turn.
    pub result: EmotionResult,
}

/// The emotional state at one turn.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct TurnState {
    /// Index of the turn in the conversation (0-based, counting agent turns).
    pub turn: usize,
    /// The emotion of the turn.
    pub emotion: Emotion,
    /// Its intensity in [0, 1].
    pub intensity: f32,
    /// Its negativity in [-1, 1].
    pub negativity: f32,
}

/// An escalation reason found in one turn.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TurnReason {
    /// Index of the turn in the conversation.
    pub turn: usize,
    /// The reason, with offsets into that turn's text.
    #[serde(flatten)]
    pub reason: EscalationReason,
}

/// What a conversation amounts to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ConversationResult {
    /// Each customer turn's result, in order.
    pub turns: Vec<CustomerTurn>,
    /// Which way the customer's emotion is moving at the end.
    pub trajectory: Trajectory,
    /// The turn where the current trajectory began; `None` when it never changed.
    pub changed_at: Option<usize>,
    /// The most negative (or, without negative turns, the most intense) turn.
    pub peak: Option<TurnState>,
    /// The state at the last customer turn.
    pub final_state: Option<TurnState>,
    /// Whether the conversation must go to a supervisor.
    pub escalate: bool,
    /// True when the conversation escalates because negativity kept rising
    /// (see the module docs), whether or not a turn escalated too.
    pub rising: bool,
    /// The escalation reasons of all customer turns, in order.
    pub reasons: Vec<TurnReason>,
    /// Predicted satisfaction with the whole conversation, from -2 (very dissatisfied)
    /// to 2 (very satisfied); see the module docs. 0 without customer turns.
    #[serde(default)]
    pub satisfaction: f32,
    /// The predicted satisfaction mapped onto [0, 1]: 0 at 2 (very satisfied), 1 at -2
    /// (very dissatisfied). 0.5 without customer turns.
    #[serde(default)]
    pub dissatisfaction_risk: f32,
    /// What the customer was unhappy about, worst first (see the module docs); empty
    /// when the turns were classified without aspects.
    #[serde(default)]
    pub unhappy_about: Vec<Complaint>,
}

/// Negativity of a result: intensity signed by polarity (negative labels count up),
/// and 1 when the message escalates.
pub fn negativity(result: &EmotionResult) -> f32 {
    if result.escalation.escalate {
        return 1.0;
    }
    match result.emotion.polarity() {
        Polarity::Negative => result.intensity,
        Polarity::Positive => -result.intensity,
        Polarity::Neutral => 0.0,
    }
}

/// Analyses the turns of one conversation, in order.
pub fn analyse(classifier: &Classifier, turns: &[Turn]) -> ConversationResult {
    let customer: Vec<(usize, &str)> = turns
        .iter()
        .enumerate()
        .filter(|(_, t)| t.role == Role::Customer)
        .map(|(i, t)| (i, t.text.as_str()))
        .collect();
    let texts: Vec<&str> = customer.iter().map(|(_, t)| *t).collect();
    let results = classifier.classify_batch(&texts);
    let agent_turns = turns.len() - customer.len();
    let turns: Vec<CustomerTurn> = customer
        .iter()
        .zip(results)
        .map(|((i, text), result)| CustomerTurn {
            turn: *i,
            negativity: negativity(&result),
            chars: text.chars().count(),
            exclamations: text.chars().filter(|c| matches!(c, '!' | '！')).count(),
            result,
        })
        .collect();
    summarise_with_agent_turns(turns, agent_turns)
}

/// Builds the conversation result from already classified customer turns. The number
/// of agent turns (a satisfaction signal) is taken to be the number of turns before
/// the last customer turn that are not customer turns; [`summarise_with_agent_turns`]
/// takes it as given.
pub fn summarise(turns: Vec<CustomerTurn>) -> ConversationResult {
    let agent_turns = turns
        .last()
        .map_or(0, |t| (t.turn + 1).saturating_sub(turns.len()));
    summarise_with_agent_turns(turns, agent_turns)
}

/// Builds the conversation result from already classified customer turns and the
/// number of agent turns in the conversation.
pub fn summarise_with_agent_turns(
    turns: Vec<CustomerTurn>,
    agent_turns: usize,
) -> ConversationResult {
    let satisfaction = if turns.is_empty() {
        0.0
    } else {
        predict_satisfaction(
            &SATISFACTION_COEFFICIENTS,
            &satisfaction_features(&turns, agent_turns),
        )
    };
    let values: Vec<f32> = turns.iter().map(|t| t.negativity).collect();
    let (trajectory, run_start) = trajectory(&values);
    let changed_at = run_start.and_then(|i| turns.get(i)).map(|t| t.turn);
    let state = |t: &CustomerTurn| TurnState {
        turn: t.turn,
        emotion: t.result.emotion,
        intensity: t.result.intensity,
        negativity: t.negativity,
    };
    let any_negative = values.iter().any(|v| *v > 0.0);
    let peak = turns
        .iter()
        .fold(None::<&CustomerTurn>, |best, t| {
            let key = |t: &CustomerTurn| {
                if any_negative {
                    t.negativity
                } else {
                    t.result.intensity
                }
            };
            match best {
                Some(b) if key(b) >= key(t) => Some(b),
                _ => Some(t),
            }
        })
        .map(state);
    let final_state = turns.last().map(state);
    let rising = trajectory == Trajectory::Escalating
        && match (run_start.and_then(|i| i.checked_sub(1)), values.last()) {
            (Some(before), Some(last)) => {
                *last >= RISING_THRESHOLD && last - values[before] >= RISING_DELTA
            }
            _ => false,
        };
    let reasons: Vec<TurnReason> = turns
        .iter()
        .flat_map(|t| {
            t.result.escalation.reasons.iter().map(|r| TurnReason {
                turn: t.turn,
                reason: r.clone(),
            })
        })
        .collect();
    let (low, high) = SATISFACTION_RANGE;
    ConversationResult {
        unhappy_about: complaints(turns.iter().map(|t| (t.turn, &t.result))),
        satisfaction,
        dissatisfaction_risk: ((high - satisfaction) / (high - low)).clamp(0.0, 1.0),
        escalate: rising || turns.iter().any(|t| t.result.escalation.escalate),
        rising,
        reasons,
        turns,
        trajectory,
        changed_at,
        peak,
        final_state,
    }
}

/// The satisfaction signals of a conversation (see [`SATISFACTION_FEATURE_NAMES`]):
/// its classified customer turns and the number of agent turns. All signals are 0
/// except the constant when there are no customer turns.
///
/// ```
/// use zh_emotion::conversation::{analyse, satisfaction_features, Turn};
/// let r = analyse(
///     &zh_emotion::Classifier::default(),
///     &[Turn::customer("话费扣错了"), Turn::agent("已为您退回"), Turn::customer("好的，谢谢！")],
/// );
/// let f = satisfaction_features(&r.turns, 1);
/// assert_eq!(f[0], 1.0);
/// assert!(f.iter().all(|x| x.is_finite()));
/// ```
pub fn satisfaction_features(
    turns: &[CustomerTurn],
    agent_turns: usize,
) -> [f32; SATISFACTION_FEATURES] {
    let mut f = [0.0f32; SATISFACTION_FEATURES];
    f[0] = 1.0;
    let (Some(first), Some(last)) = (turns.first(), turns.last()) else {
        return f;
    };
    let max = |value: fn(&CustomerTurn) -> f32| turns.iter().map(value).fold(f32::MIN, f32::max);
    let polarity = |t: &CustomerTurn| finite(t.result.polarity);
    let later = &turns[1..];
    f[1] = turns.iter().map(polarity).fold(f32::MAX, f32::min);
    f[2] = polarity(last);
    f[3] = if later.is_empty() {
        0.0
    } else {
        later.iter().map(polarity).sum::<f32>() / later.len() as f32
    };
    f[4] = max(|t| finite(t.result.scores.get(Emotion::Gratitude)));
    f[5] = max(|t| finite(t.result.scores.get(Emotion::Anger)));
    f[6] = (agent_turns as f32).ln_1p();
    f[7] = (first.chars as f32).ln_1p();
    f[8] = max(|t| finite(t.result.intensity));
    f[9] = finite(last.negativity);
    f[10] = (turns.iter().map(|t| t.exclamations).sum::<usize>() as f32).ln_1p();
    f[11] = (last.chars as f32).ln_1p();
    f[12] = if later.is_empty() {
        0.0
    } else {
        later
            .iter()
            .map(|t| finite(t.result.scores.get(Emotion::Anger)))
            .sum::<f32>()
            / later.len() as f32
    };
    f
}

/// The satisfaction that `coefficients` predict from `features`, clamped to
/// [`SATISFACTION_RANGE`]; 0 when it is not finite.
pub fn predict_satisfaction(
    coefficients: &[f32; SATISFACTION_FEATURES],
    features: &[f32; SATISFACTION_FEATURES],
) -> f32 {
    let (low, high) = SATISFACTION_RANGE;
    let value: f32 = coefficients.iter().zip(features).map(|(c, x)| c * x).sum();
    if value.is_finite() {
        value.clamp(low, high)
    } else {
        0.0
    }
}

fn finite(x: f32) -> f32 {
    if x.is_finite() {
        x
    } else {
        0.0
    }
}

/// The trajectory of a negativity series and the index (into the series) of the
/// value where the current trajectory began. For a moving trajectory that is the
/// value the run started from plus one: the first value that moved.
fn trajectory(values: &[f32]) -> (Trajectory, Option<usize>) {
    // dirs[i]: the step from values[i] to values[i + 1].
    let dirs: Vec<i8> = values
        .windows(2)
        .map(|w| {
            let d = w[1] - w[0];
            if d >= STEP {
                1
            } else if d <= -STEP {
                -1
            } else {
                0
            }
        })
        .collect();
    let Some(last_move) = dirs.iter().rposition(|d| *d != 0) else {
        return (Trajectory::Stable, None);
    };
    if dirs.len() - 1 - last_move >= SETTLED_STEPS {
        return (Trajectory::Stable, Some(last_move + 2));
    }
    let dir = dirs[last_move];
    let mut start = last_move;
    for j in (0..last_move).rev() {
        if dirs[j] == -dir {
            break;
        }
        if dirs[j] == dir {
            start = j;
        }
    }
    let trajectory = if dir > 0 {
        Trajectory::Escalating
    } else {
        Trajectory::Calming
    };
    (trajectory, Some(start + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trajectory_rules() {
        assert_eq!(trajectory(&[]), (Trajectory::Stable, None));
        assert_eq!(trajectory(&[0.5]), (Trajectory::Stable, None));
        assert_eq!(trajectory(&[0.1, 0.15, 0.2]), (Trajectory::Stable, None));
        assert_eq!(
            trajectory(&[0.0, 0.3, 0.7]),
            (Trajectory::Escalating, Some(1))
        );
        assert_eq!(
            trajectory(&[0.8, 0.2, 0.25, 0.9]),
            (Trajectory::Escalating, Some(3))
        );
        assert_eq!(
            trajectory(&[0.9, 0.5, 0.5, -0.3]),
            (Trajectory::Calming, Some(1))
        );
        assert_eq!(
            trajectory(&[0.0, 0.8, 0.8, 0.8]),
            (Trajectory::Stable, Some(2))
        );
    }

    fn turn(i: usize, emotion: Emotion, intensity: f32) -> CustomerTurn {
        let mut result = crate::classifier::classify("");
        result.emotion = emotion;
        result.intensity = intensity;
        CustomerTurn {
            turn: i,
            negativity: negativity(&result),
            chars: 10,
            exclamations: 0,
            result,
        }
    }

    #[test]
    fn rising_negativity_escalates_without_a_cue() {
        let r = summarise(vec![
            turn(0, Emotion::Neutral, 0.0),
            turn(2, Emotion::Anxiety, 0.4),
            turn(4, Emotion::Anger, 0.8),
        ]);
        assert_eq!(r.trajectory, Trajectory::Escalating);
        assert_eq!(r.changed_at, Some(2));
        assert!(r.rising && r.escalate);
        assert_eq!(r.peak.unwrap().turn, 4);

        let mild = summarise(vec![
            turn(0, Emotion::Neutral, 0.0),
            turn(1, Emotion::Anxiety, 0.4),
        ]);
        assert_eq!(mild.trajectory, Trajectory::Escalating);
        assert!(!mild.escalate);
    }

    #[test]
    fn positive_peak_without_negative_turns() {
        let r = summarise(vec![
            turn(0, Emotion::Joy, 0.3),
            turn(1, Emotion::Gratitude, 0.7),
        ]);
        assert_eq!(r.peak.unwrap().emotion, Emotion::Gratitude);
        assert_eq!(r.trajectory, Trajectory::Calming);
        assert!(!r.escalate);
    }

    #[test]
    fn empty_conversation() {
        let r = analyse(&Classifier::default(), &[Turn::agent("您好")]);
        assert!(r.turns.is_empty());
        assert_eq!(r.trajectory, Trajectory::Stable);
        assert!(r.peak.is_none() && r.final_state.is_none() && !r.escalate);
    }
}
