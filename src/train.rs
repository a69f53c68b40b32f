//! Training: fits the linear model and the intensity coefficients from labelled
//! messages. Deterministic: the same examples and configuration give the same model,
//! bit for bit (fixed seed, fixed order, single-threaded updates).
//!
//! Targets may be a single label or a set of labels: binary review corpora say only
//! "negative", which is [`Target::AnyOf`] the five negative labels. For a set, the
//! loss is the negative log of the probability mass the model puts on the set, so
//! polarity-only data teaches polarity without forcing a particular negative label.

use rayon::prelude::*;

use crate::features::{SparseFeatures, DENSE_FEATURES, NEGATIONS_FEATURE};
use crate::intensity::{constrain, intensity_features, INTENSITY_FEATURES, PRIOR_COEFFICIENTS};
use crate::model::{softmax, LinearModel};
use crate::{Classifier, Emotion, Error};

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
    /// Gold intensity level 0–3, when known; used to fit the intensity coefficients.
    pub intensity: Option<f32>,
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
            hash_bits: crate::features::DEFAULT_HASH_BITS,
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
    for epoch in 0..config.epochs {
        shuffle(&mut order, &mut rng);
        let lr = config.learning_rate / (1.0 + epoch as f32);
        for &i in &order {
            sgd_step(&mut model, &features[i], &examples[i], lr, config.l2);
        }
    }
    model
}

fn sgd_step(model: &mut LinearModel, f: &SparseFeatures, example: &Example, lr: f32, l2: f32) {
    let p = softmax(model.logits(f));
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
    let mut gradient = [0.0f32; Emotion::COUNT];
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
    let (weights, bias) = model.parameters_mut();
    for &(index, value) in &f.entries {
        let mut row = weights.row_mut(index as usize);
        for (w, g) in row.iter_mut().zip(gradient) {
            *w -= lr * (g * value + l2 * *w);
        }
    }
    for (b, g) in bias.iter_mut().zip(gradient) {
        *b -= lr * g;
    }
    let base = weights.nrows() - DENSE_FEATURES;
    keep_lexicon_monotone(weights, base);
}

/// Projects the weights of the lexicon features onto the set where the lexicon acts
/// monotonically, whatever the data says:
/// - more lexicon weight for label k raises k's logit at least as much as any other
///   label's, so a degree word before a k word never lowers k's probability;
/// - more weight for a negative label, or one more negation, raises `joy`'s logit
///   least of all, so negating a `joy` word never raises `joy`'s probability.
///
/// Together with leaving negation and degree words out of the n-gram features, this
/// is what makes those guarantees hold for the trained model (tests/robustness.rs).
pub(crate) fn keep_lexicon_monotone(weights: &mut ndarray::Array2<f32>, base: usize) {
    let joy = Emotion::Joy.index();
    for e in Emotion::ALL {
        let mut row = weights.row_mut(base + e.index());
        let own = row[e.index()];
        row.mapv_inplace(|w| w.min(own));
        if e.polarity() == crate::Polarity::Negative {
            let lowest = row.iter().copied().fold(f32::INFINITY, f32::min);
            row[joy] = lowest;
        }
    }
    let mut negations = weights.row_mut(base + NEGATIONS_FEATURE);
    let lowest = negations.iter().copied().fold(f32::INFINITY, f32::min);
    negations[joy] = lowest;
}

/// Least squares of gold intensity on the intensity signals, by projected gradient
/// descent so that the sign constraints of [`crate::intensity`] hold. Falls back to
/// the prior when fewer than 20 examples carry an emotional gold intensity.
fn fit_intensity<'m>(
    classifier: &Classifier,
    model_for: impl Fn(usize) -> &'m LinearModel + Sync,
    examples: &[Example],
    features: &[SparseFeatures],
) -> [f32; INTENSITY_FEATURES] {
    let rows: Vec<([f32; INTENSITY_FEATURES], f32)> = examples
        .par_iter()
        .zip(features.par_iter())
        .enumerate()
        .filter_map(|(i, (e, f))| {
            let gold = e.intensity?;
            if gold <= 0.0 {
                return None;
            }
            let model = model_for(i);
            let p = model.probabilities(f);
            let scores = crate::result::Scores::new(p);
            let label = scores.best();
            let analysis = classifier.analyse_with_hash_bits(&e.text, model.hash_bits());
            let escalation = crate::classifier::escalation_of(
                &e.text,
                &analysis.normalized,
                &analysis.lexicon,
                label,
                crate::classifier::polarity_of(&scores),
            );
            let signals =
                intensity_features(&analysis.lexicon, label, p[label.index()], &escalation);
            Some((signals, gold))
        })
        .collect();
    if rows.len() < 20 {
        return PRIOR_COEFFICIENTS;
    }
    let mut c = PRIOR_COEFFICIENTS;
    let n = rows.len() as f32;
    for _ in 0..3000 {
        let mut grad = [0.0f32; INTENSITY_FEATURES];
        for (x, y) in &rows {
            let err: f32 = c.iter().zip(x).map(|(a, b)| a * b).sum::<f32>() - y;
            for (g, xi) in grad.iter_mut().zip(x) {
                *g += err * xi / n;
            }
        }
        for (ci, g) in c.iter_mut().zip(grad) {
            *ci -= 0.05 * g;
        }
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
    use crate::Lexicon;

    fn tiny() -> (Classifier, Vec<Example>) {
        let mut lexicon = Lexicon::empty();
        lexicon
            .add_emotion_word("谢谢", Emotion::Gratitude, 2.0)
            .unwrap();
        lexicon
            .add_emotion_word("生气", Emotion::Anger, 2.0)
            .unwrap();
        let classifier = Classifier::builder().lexicon(lexicon).build();
        let ex = |t: &str, target: Target| Example {
            text: t.into(),
            target,
            weight: 1.0,
            intensity: Some(2.0),
        };
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
