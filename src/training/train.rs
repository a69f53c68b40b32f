//! Training: fits the three heads of the linear model and the intensity coefficients
//! from labelled messages. Deterministic: the same examples and configuration give the
//! same model, bit for bit (fixed seed, fixed order, single-threaded updates).
//!
//! Each head learns only from the examples that carry evidence for its question:
//! the emotion head from [`Example::target`] (nothing for [`Target::Unlabelled`]), the
//! verdict head from [`Example::verdict`], the intensity head from
//! [`Example::intensity`] (the project's own 0–3 levels) and [`Example::rated_intensity`]
//! (readers' ratings of other text, with an intercept of their own, so that each scale
//! speaks only for how messages rank on it).
//!
//! Targets may be a single label or a set of labels: binary review corpora say only
//! "negative", which is [`Target::AnyOf`] the five negative labels. For a set, the
//! loss is the negative log of the probability mass the model puts on the set, so
//! polarity-only data teaches polarity without forcing a particular negative label.

use rayon::prelude::*;

use crate::assess::intensity::{
    constrain, intensity_features, INTENSITY_FEATURES, PRIOR_COEFFICIENTS,
};
use crate::classifier::Classifier;
use crate::pipeline::features::{SparseFeatures, DENSE_FEATURES, NEGATIONS_FEATURE};
use crate::pipeline::model::{emotion_logits, softmax, LinearModel, HEADS, INTENSITY, VERDICT};
use crate::types::emotion::Emotion;
use crate::types::error::Error;

/// What an example should be classified as.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// Exactly this label.
    Label(Emotion),
    /// Any of these labels (e.g. the positive or negative ones, for polarity data).
    AnyOf(Vec<Emotion>),
    /// Any of these labels, the first preferred: a corpus label that covers several of
    /// ours, with the first as its usual reading (SMP2020-EWECT's `happy` is `joy`, and
    /// `gratitude` when the post thanks someone). The loss asks for the set's mass plus
    /// a pull of [`PREFERENCE_PULL`] toward the first label, so the split inside the set
    /// is learnt from the sources that annotate it, and the first label wins where
    /// nothing else speaks.
    Preferring(Vec<Emotion>),
    /// No evidence about the emotion: the example teaches the other heads only (a
    /// review sentence rated for valence and arousal).
    Unlabelled,
}

/// Share of a [`Target::Preferring`] example's loss that asks for its first label.
pub const PREFERENCE_PULL: f32 = 0.3;

impl Target {
    /// Any positive label (`joy`, `gratitude`).
    pub fn positive() -> Self {
        Target::AnyOf(Emotion::POSITIVE.to_vec())
    }

    /// Any negative label.
    pub fn negative() -> Self {
        Target::AnyOf(Emotion::NEGATIVE.to_vec())
    }

    fn contains(&self, e: Emotion) -> bool {
        match self {
            Target::Label(l) => *l == e,
            Target::AnyOf(set) | Target::Preferring(set) => set.contains(&e),
            Target::Unlabelled => false,
        }
    }

    /// The verdict a target implies: 1 for positive labels, 0 for negative ones, 0.5
    /// for `neutral`; none for `surprise` (either way) or an unlabelled example.
    pub fn verdict(&self) -> Option<f32> {
        let first = match self {
            Target::Label(e) => Some(*e),
            Target::AnyOf(set) | Target::Preferring(set) => set.first().copied(),
            Target::Unlabelled => None,
        }?;
        match (first, first.polarity()) {
            (Emotion::Neutral, _) => Some(0.5),
            (_, crate::types::emotion::Polarity::Positive) => Some(1.0),
            (_, crate::types::emotion::Polarity::Negative) => Some(0.0),
            _ => None,
        }
    }

    /// The label the loss pulls toward, beside the set's mass.
    fn preferred(&self) -> Option<Emotion> {
        match self {
            Target::Preferring(set) => set.first().copied(),
            _ => None,
        }
    }
}

/// One training message.
#[derive(Debug, Clone, PartialEq)]
pub struct Example {
    /// The message.
    pub text: String,
    /// What it should be classified as.
    pub target: Target,
    /// Weight of the example in the loss (1 for ordinary examples).
    pub weight: f32,
    /// Gold intensity level 0–3 on the project's scale, when known: teaches the
    /// intensity head and fits the intensity coefficients.
    pub intensity: Option<f32>,
    /// The overall verdict, when known, as the probability that the message is
    /// positive: 1 positive, 0 negative, 0.5 neither (a factual message), or a rating
    /// mapped to [0, 1] (mean valence 1–9 as `(v − 1) / 8`). Teaches the verdict head.
    pub verdict: Option<f32>,
    /// Weight of the example in the verdict head's loss.
    pub verdict_weight: f32,
    /// How strongly readers rated the message, mapped to [0, 1] (arousal 1–9 as
    /// `(a − 1) / 8`), when known: teaches the intensity head's ranking, with an
    /// intercept of its own.
    pub rated_intensity: Option<f32>,
}

impl Example {
    /// An example with a target, weight and gold level, and the verdict that its
    /// target implies ([`Target::verdict`]) at the same weight.
    pub fn new(
        text: impl Into<String>,
        target: Target,
        weight: f32,
        intensity: Option<f32>,
    ) -> Self {
        let verdict = target.verdict();
        Self {
            text: text.into(),
            target,
            weight,
            intensity,
            verdict,
            verdict_weight: weight,
            rated_intensity: None,
        }
    }
}

/// Training settings. The defaults are the ones the shipped model was trained with.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainConfig {
    /// Bits of the n-gram hash space (2^bits buckets).
    pub hash_bits: u32,
    /// Passes over the data.
    pub epochs: usize,
    /// Initial learning rate; it decays as 1 / (1 + epoch).
    pub learning_rate: f32,
    /// L2 penalty, applied to the weights an example touches.
    pub l2: f32,
    /// Seed of the example shuffling.
    pub seed: u64,
    /// Folds of the cross-fitting of the intensity coefficients (example `i` is in fold
    /// `i mod k`): each example's intensity signals come from a model trained without
    /// its fold, so that the coefficients see the confidences of unseen text. 0 or 1
    /// fits them with the final model's confidences on its own training data.
    pub intensity_folds: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        Self {
            hash_bits: crate::pipeline::features::DEFAULT_HASH_BITS,
            epochs: 25,
            learning_rate: 0.5,
            l2: 1e-5,
            seed: 20_261_122,
            intensity_folds: 2,
        }
    }
}

/// Trains a model. `classifier` supplies the lexicon and segmenter (its own model is
/// not used). Errors when there are no examples or a weight is not positive.
pub fn train(
    classifier: &Classifier,
    examples: &[Example],
    config: &TrainConfig,
) -> Result<LinearModel, Error> {
    if examples.is_empty() {
        return Err(Error::Training("no training examples".into()));
    }
    if let Some(bad) = examples
        .iter()
        .find(|e| !(e.weight.is_finite() && e.weight > 0.0))
    {
        return Err(Error::Training(format!(
            "example {:?} has weight {}",
            bad.text, bad.weight
        )));
    }
    if let Some(bad) = examples.iter().find(|e| {
        !(e.verdict_weight.is_finite() && e.verdict_weight >= 0.0)
            || e.verdict.is_some_and(|v| !(0.0..=1.0).contains(&v))
            || e.rated_intensity.is_some_and(|v| !(0.0..=1.0).contains(&v))
            || e.intensity.is_some_and(|v| !(0.0..=3.0).contains(&v))
    }) {
        return Err(Error::Training(format!(
            "example {:?} has a verdict, verdict weight or intensity out of range",
            bad.text
        )));
    }
    if let Some(bad) = examples
        .iter()
        .find(|e| matches!(&e.target, Target::AnyOf(s) | Target::Preferring(s) if s.is_empty()))
    {
        return Err(Error::Training(format!(
            "example {:?} has an empty label set",
            bad.text
        )));
    }
    let zeros = LinearModel::zeros(config.hash_bits)?;
    let features: Vec<SparseFeatures> = examples
        .par_iter()
        .map(|e| {
            classifier
                .analyse_with_hash_bits(&e.text, config.hash_bits)
                .features
        })
        .collect();

    let all: Vec<usize> = (0..examples.len()).collect();
    let mut model = fit_weights(zeros.clone(), examples, &features, &all, config);
    // Intensity is fitted on confidences the model gives to text it has not seen, as
    // at inference: each example's signals come from a model trained without its fold.
    let coefficients = if config.intensity_folds >= 2 {
        let k = config.intensity_folds;
        let fold_models: Vec<LinearModel> = (0..k)
            .map(|fold| {
                let rest: Vec<usize> = all.iter().copied().filter(|i| i % k != fold).collect();
                fit_weights(zeros.clone(), examples, &features, &rest, config)
            })
            .collect();
        fit_intensity(classifier, |i| &fold_models[i % k], examples, &features)
    } else {
        fit_intensity(classifier, |_| &model, examples, &features)
    };
    model.set_intensity_coefficients(coefficients);
    Ok(model)
}

/// `model` (all zeros) fitted on the examples of `indices`, in a shuffled order per
/// epoch.
fn fit_weights(
    mut model: LinearModel,
    examples: &[Example],
    features: &[SparseFeatures],
    indices: &[usize],
    config: &TrainConfig,
) -> LinearModel {
    let mut order = indices.to_vec();
    let mut rng = SplitMix64(config.seed);
    // The intercept of readers' ratings on the intensity head: training only.
    let mut rated_offset = 0.0f32;
    for epoch in 0..config.epochs {
        shuffle(&mut order, &mut rng);
        let lr = config.learning_rate / (1.0 + epoch as f32);
        for &i in &order {
            sgd_step(
                &mut model,
                &features[i],
                &examples[i],
                lr,
                config.l2,
                &mut rated_offset,
            );
        }
    }
    model
}

/// Share of the intensity head's squared error in an example's loss, beside the
/// emotion and verdict heads' log-losses.
pub const INTENSITY_LOSS_WEIGHT: f32 = 1.0;

fn sgd_step(
    model: &mut LinearModel,
    f: &SparseFeatures,
    example: &Example,
    lr: f32,
    l2: f32,
    rated_offset: &mut f32,
) {
    let z = model.head_values(f);
    let mut gradient = [0.0f32; HEADS];
    if example.target != Target::Unlabelled {
        let p = softmax(emotion_logits(&z));
        let mass: f32 = Emotion::ALL
            .iter()
            .filter(|e| example.target.contains(**e))
            .map(|e| p[e.index()])
            .sum();
        // The gradient of -log(mass of the target set) is p - q, with q the model's own
        // distribution renormalised inside the set; a preferred label mixes in one-hot.
        let preferred = example.target.preferred();
        let pull = if preferred.is_some() {
            PREFERENCE_PULL
        } else {
            0.0
        };
        for e in Emotion::ALL {
            let k = e.index();
            let mut q = if example.target.contains(e) {
                (1.0 - pull) * p[k] / mass.max(1e-12)
            } else {
                0.0
            };
            if preferred == Some(e) {
                q += pull;
            }
            gradient[k] = (p[k] - q) * example.weight;
        }
    }
    if let Some(t) = example.verdict {
        // Log-loss of a logistic output with a soft target: gradient σ(z) − t.
        let p = 1.0 / (1.0 + (-z[VERDICT]).exp());
        gradient[VERDICT] = (p - t) * example.verdict_weight;
    }
    if example.intensity.is_some() || example.rated_intensity.is_some() {
        // Squared error, in normalised steps (the error divided by 1 + |x|², as
        // normalised least mean squares does): a plain step on dense features of a few
        // units each would overshoot and diverge at the learning rates the logistic
        // heads use.
        let step = INTENSITY_LOSS_WEIGHT * example.weight
            / (1.0 + f.entries.iter().map(|(_, v)| v * v).sum::<f32>());
        if let Some(level) = example.intensity {
            gradient[INTENSITY] += (z[INTENSITY] - level / 3.0).clamp(-1.0, 1.0) * step;
        }
        if let Some(rating) = example.rated_intensity {
            gradient[INTENSITY] += (z[INTENSITY] + *rated_offset - rating).clamp(-1.0, 1.0) * step;
        }
    }
    let (weights, bias) = model.parameters_mut();
    for &(index, value) in &f.entries {
        let mut row = weights.row_mut(index as usize);
        for (w, g) in row.iter_mut().zip(gradient) {
            *w -= lr * (g * value + l2 * *w);
        }
    }
    // The rated intercept absorbs the ratings' own level; the shared bias learns the
    // project's.
    let rated_only = example.intensity.is_none() && example.rated_intensity.is_some();
    for (k, (b, g)) in bias.iter_mut().zip(gradient).enumerate() {
        if rated_only && k == INTENSITY {
            *rated_offset -= lr * g;
        } else {
            *b -= lr * g;
        }
    }
    let base = weights.nrows() - DENSE_FEATURES;
    keep_lexicon_monotone(weights, base);
}

/// Projects the weights of the lexicon features onto the set where the lexicon acts
/// monotonically, whatever the data says:
/// - more lexicon weight for label k raises k's logit at least as much as any other
///   label's, so a degree word before a k word never lowers k's probability;
/// - more weight for a negative label, or one more negation, raises `joy`'s logit
///   least of all, so negating a `joy` word never raises `joy`'s probability;
/// - more weight for a negative label, or one more negation, never raises the verdict,
///   and more weight for a positive label never lowers it;
/// - more weight for any emotional label never lowers the intensity head.
///
/// Together with leaving negation and degree words out of the n-gram features, this
/// is what makes those guarantees hold for the trained model (tests/robustness.rs).
pub(crate) fn keep_lexicon_monotone(weights: &mut ndarray::Array2<f32>, base: usize) {
    let joy = Emotion::Joy.index();
    for e in Emotion::ALL {
        let mut row = weights.row_mut(base + e.index());
        let own = row[e.index()];
        for k in 0..Emotion::COUNT {
            row[k] = row[k].min(own);
        }
        match e.polarity() {
            crate::types::emotion::Polarity::Negative => {
                let lowest = (0..Emotion::COUNT)
                    .map(|k| row[k])
                    .fold(f32::INFINITY, f32::min);
                row[joy] = lowest;
                row[VERDICT] = row[VERDICT].min(0.0);
            }
            crate::types::emotion::Polarity::Positive => row[VERDICT] = row[VERDICT].max(0.0),
            crate::types::emotion::Polarity::Neutral => {}
        }
        if e != Emotion::Neutral {
            row[INTENSITY] = row[INTENSITY].max(0.0);
        }
    }
    let mut negations = weights.row_mut(base + NEGATIONS_FEATURE);
    let lowest = (0..Emotion::COUNT)
        .map(|k| negations[k])
        .fold(f32::INFINITY, f32::min);
    negations[joy] = lowest;
    negations[VERDICT] = negations[VERDICT].min(0.0);
}

/// Share of the intensity coefficients' loss that readers' ratings carry when the
/// project's own levels are present too: the levels are the scale users see, the
/// ratings a second voice on how messages rank.
const RATED_SHARE: f32 = 0.2;

/// Least squares of gold intensity on the intensity signals, by projected gradient
/// descent so that the sign constraints of [`crate::assess::intensity`] hold. Two kinds of
/// gold speak, each for its own scale: the project's levels 0–3 (`intensity`), and
/// readers' ratings (`rated_intensity`, as `3 × rating`) with an intercept of their own
/// that is not kept, so that the ratings teach how messages rank, not where the
/// project's levels lie. The ratings carry [`RATED_SHARE`] of the loss when both are
/// present. Rows whose label is `neutral` are left out (their intensity is 0 by
/// definition). Falls back to the prior when fewer than 20 examples carry an emotional
/// gold level.
fn fit_intensity<'m>(
    classifier: &Classifier,
    model_for: impl Fn(usize) -> &'m LinearModel + Sync,
    examples: &[Example],
    features: &[SparseFeatures],
) -> [f32; INTENSITY_FEATURES] {
    // (signals, gold level, rated)
    let rows: Vec<([f32; INTENSITY_FEATURES], f32, bool)> = examples
        .par_iter()
        .zip(features.par_iter())
        .enumerate()
        .filter_map(|(i, (e, f))| {
            let (gold, rated) = match (e.intensity, e.rated_intensity) {
                (Some(level), _) if level > 0.0 => (level, false),
                (None, Some(rating)) => (3.0 * rating, true),
                _ => return None,
            };
            let model = model_for(i);
            let heads = model.heads(f);
            let scores = crate::types::result::Scores::new(
                crate::pipeline::model::agree_with_verdict(heads.probabilities, heads.polarity),
            );
            let label = scores.best();
            if rated && label == Emotion::Neutral {
                return None;
            }
            let analysis = classifier.analyse_with_hash_bits(&e.text, model.hash_bits());
            let escalation = crate::classifier::escalation_of(
                &e.text,
                &analysis.normalized,
                &analysis.lexicon,
                label,
                heads.polarity,
            );
            let signals = intensity_features(
                &analysis.lexicon,
                label,
                scores.get(label),
                &escalation,
                heads.intensity,
            );
            Some((signals, gold, rated))
        })
        .collect();
    let own = rows.iter().filter(|r| !r.2).count();
    let rated = rows.len() - own;
    if own < 20 {
        return PRIOR_COEFFICIENTS;
    }
    // Each kind of gold carries its share of the loss, spread over its rows.
    let weight = |is_rated: bool| match (is_rated, rated) {
        (_, 0) => 1.0 / own as f32,
        (false, _) => (1.0 - RATED_SHARE) / own as f32,
        (true, r) => RATED_SHARE / r as f32,
    };
    let mut c = PRIOR_COEFFICIENTS;
    let mut rated_intercept = 0.0f32;
    for _ in 0..3000 {
        let mut grad = [0.0f32; INTENSITY_FEATURES];
        let mut grad_intercept = 0.0f32;
        for (x, y, is_rated) in &rows {
            let mut prediction: f32 = c.iter().zip(x).map(|(a, b)| a * b).sum();
            if *is_rated {
                prediction += rated_intercept;
            }
            let err = (prediction - y) * weight(*is_rated);
            for (g, xi) in grad.iter_mut().zip(x) {
                *g += err * xi;
            }
            if *is_rated {
                grad_intercept += err;
            }
        }
        for (ci, g) in c.iter_mut().zip(grad) {
            *ci -= 0.05 * g;
        }
        rated_intercept -= 0.05 * grad_intercept;
        constrain(&mut c);
    }
    c
}

/// SplitMix64: a tiny, well-known generator; enough for shuffling, and the same on
/// every platform.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// Fisher–Yates.
fn shuffle(v: &mut [usize], rng: &mut SplitMix64) {
    for i in (1..v.len()).rev() {
        let j = (rng.next() % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::lexicon::Lexicon;

    fn tiny() -> (Classifier, Vec<Example>) {
        let mut lexicon = Lexicon::empty();
        lexicon
            .add_emotion_word("谢谢", Emotion::Gratitude, 2.0)
            .unwrap();
        lexicon
            .add_emotion_word("生气", Emotion::Anger, 2.0)
            .unwrap();
        let classifier = Classifier::builder().lexicon(lexicon).build();
        let ex = |t: &str, target: Target| Example::new(t, target, 1.0, Some(2.0));
        let examples = vec![
            ex("谢谢你", Target::Label(Emotion::Gratitude)),
            ex("非常谢谢", Target::Label(Emotion::Gratitude)),
            ex("我很生气", Target::Label(Emotion::Anger)),
            ex("太生气了", Target::Label(Emotion::Anger)),
            ex("东西很差", Target::negative()),
        ];
        (classifier, examples)
    }

    #[test]
    fn training_learns_and_is_deterministic() {
        let (classifier, examples) = tiny();
        let config = TrainConfig {
            hash_bits: 10,
            epochs: 20,
            ..TrainConfig::default()
        };
        let a = train(&classifier, &examples, &config).unwrap();
        let b = train(&classifier, &examples, &config).unwrap();
        assert_eq!(a.to_bytes(), b.to_bytes());
        let trained = Classifier::builder()
            .lexicon(classifier.lexicon().clone())
            .model(a)
            .build();
        assert_eq!(trained.classify("谢谢你").emotion, Emotion::Gratitude);
        assert_eq!(trained.classify("我很生气").emotion, Emotion::Anger);
        let negative: f32 = Emotion::NEGATIVE
            .iter()
            .map(|e| trained.classify("东西很差").scores.get(*e))
            .sum();
        assert!(negative > 0.5);
    }

    #[test]
    fn bad_input_is_an_error() {
        let (classifier, mut examples) = tiny();
        let config = TrainConfig::default();
        assert!(train(&classifier, &[], &config).is_err());
        examples[0].weight = f32::NAN;
        assert!(train(&classifier, &examples, &config).is_err());
        examples[0].weight = 1.0;
        examples[0].target = Target::AnyOf(vec![]);
        assert!(train(&classifier, &examples, &config).is_err());
        let config = TrainConfig {
            hash_bits: 40,
            ..TrainConfig::default()
        };
        assert!(train(&classifier, &examples[1..], &config).is_err());
    }
}
