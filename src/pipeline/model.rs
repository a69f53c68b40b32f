//! The linear model: three linear heads over the same features of
//! [`crate::pipeline::features`], each trained on the evidence for its own question:
//!
//! - the **emotion head**, a multinomial logistic regression over the nine labels;
//! - the **verdict head**, a binary logistic regression whose probability that the
//!   message is positive overall gives the polarity (`2p − 1`, in [-1, 1]);
//! - the **intensity head**, a linear regression of how strongly the message is felt
//!   (fitted to human ratings and the project's own levels), which the intensity
//!   coefficients of [`crate::assess::intensity`] combine with the lexicon's signals.
//!
//! The heads share one weight matrix, a row per feature and a column per head output
//! ([`HEADS`] columns: the nine labels, then [`VERDICT`], then [`INTENSITY`]), so one
//! pass over a message's features computes all three.
//!
//! ## File format (version 2, little-endian)
//! | bytes | content |
//! |---|---|
//! | 8 | magic `ZHEMOMDL` |
//! | 4 | format version (u32) = 2 |
//! | 4 | hash bits (u32), 8–24 |
//! | 4 | dense feature count (u32), must equal this crate's |
//! | 4 | intensity coefficient count (u32), must equal this crate's |
//! | 4 | label count (u32) = 9, then each label id as u8 length + UTF-8 |
//! | 4 | head output count (u32) = 11: the nine labels, verdict, intensity |
//! | 4 × 11 | biases (f32) |
//! | 4 × k | intensity coefficients (f32) |
//! | 4 × 11 × (2^bits + dense) | weights (f32), row-major: one row of 11 per feature |
//! | 8 | FNV-1a 64 checksum of everything before it |

use ndarray::{Array1, Array2};

use crate::pipeline::features::{fnv1a, SparseFeatures, TokenEntries, DENSE_FEATURES};
pub use crate::pipeline::verdict::{agree_with_verdict, CLEAR_VERDICT};
use crate::types::emotion::Emotion;
use crate::types::error::Error;

/// Number of intensity signals (including the constant term): the model file carries
/// one coefficient for each (`assess::intensity` computes the signals).
pub const INTENSITY_FEATURES: usize = 15;

/// Coefficients used before any training: a hand-set prior with the same signs.
pub const PRIOR_COEFFICIENTS: [f32; INTENSITY_FEATURES] = [
    0.6, 0.8, 0.5, -0.4, 0.3, 0.2, 0.4, 0.2, 0.2, 0.5, -0.2, 0.1, 0.2, 0.3, 0.5,
];

const MAGIC: &[u8; 8] = b"ZHEMOMDL";
/// The model format version this crate reads and writes.
pub const FORMAT_VERSION: u32 = 2;
/// Outputs of the heads, one column of the weight matrix each: the nine labels'
/// logits, then the verdict logit, then the intensity regression.
pub const HEADS: usize = Emotion::COUNT + 2;
/// Column of the verdict head's logit.
pub const VERDICT: usize = Emotion::COUNT;
/// Column of the intensity head's output.
pub const INTENSITY: usize = Emotion::COUNT + 1;

/// What the three heads say about one message.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeadOutputs {
    /// The emotion head's probability for each label (in [`Emotion::ALL`] order); they sum to 1.
    pub probabilities: [f32; Emotion::COUNT],
    /// The verdict head's polarity: `2p − 1` for its probability `p` that the message
    /// is positive overall, in [-1, 1].
    pub polarity: f32,
    /// The intensity head's raw output, on the scale of the project's levels divided
    /// by 3 (about 0 for none, 1 for strong); not clamped.
    pub intensity: f32,
}
const HASH_BITS_RANGE: std::ops::RangeInclusive<u32> = 8..=24;
const CHECKSUM_SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// A trained linear model. Cheap to share behind an `Arc`; immutable once built.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearModel {
    hash_bits: u32,
    /// One row per feature, one column per head output ([`HEADS`]).
    weights: Array2<f32>,
    bias: Array1<f32>,
    intensity: [f32; INTENSITY_FEATURES],
}

impl LinearModel {
    /// A model with all weights zero (uniform scores) and the prior intensity
    /// coefficients: the starting point of training.
    pub fn zeros(hash_bits: u32) -> Result<Self, Error> {
        if !HASH_BITS_RANGE.contains(&hash_bits) {
            return Err(Error::Training(format!(
                "hash bits {hash_bits} outside {HASH_BITS_RANGE:?}"
            )));
        }
        Ok(Self {
            hash_bits,
            weights: Array2::zeros((feature_count(hash_bits), HEADS)),
            bias: Array1::zeros(HEADS),
            intensity: PRIOR_COEFFICIENTS,
        })
    }

    /// The model shipped with the crate (`data/model.bin`).
    pub fn embedded() -> Result<Self, Error> {
        Self::from_bytes(include_bytes!("../../data/model.bin"))
    }

    /// Number of hash bits of the n-gram features.
    pub fn hash_bits(&self) -> u32 {
        self.hash_bits
    }

    /// Total number of features (hashed + dense).
    pub fn feature_count(&self) -> usize {
        self.weights.nrows()
    }

    /// The intensity coefficients.
    pub fn intensity_coefficients(&self) -> &[f32; INTENSITY_FEATURES] {
        &self.intensity
    }

    pub(crate) fn set_intensity_coefficients(&mut self, c: [f32; INTENSITY_FEATURES]) {
        self.intensity = c;
    }

    pub(crate) fn parameters_mut(&mut self) -> (&mut Array2<f32>, &mut Array1<f32>) {
        (&mut self.weights, &mut self.bias)
    }

    /// Raw outputs of every head for a feature vector: the nine labels' logits, the
    /// verdict logit, the intensity regression (columns as [`HEADS`]). Out-of-range
    /// indices are ignored.
    pub fn head_values(&self, features: &SparseFeatures) -> [f32; HEADS] {
        let mut z = [0.0f32; HEADS];
        for (k, b) in self.bias.iter().enumerate() {
            z[k] = *b;
        }
        let rows = self.weights.nrows();
        // Rows read straight from the contiguous buffer: an ndarray row view per
        // feature costs more than the multiply-adds it feeds.
        if let Some(weights) = self.weights.as_slice() {
            for &(index, value) in &features.entries {
                let start = index as usize * HEADS;
                if let Some(row) = weights.get(start..start + HEADS) {
                    for (zk, w) in z.iter_mut().zip(row) {
                        *zk += value * w;
                    }
                }
            }
            return z;
        }
        for &(index, value) in &features.entries {
            let index = index as usize;
            if index < rows {
                for (zk, w) in z.iter_mut().zip(self.weights.row(index)) {
                    *zk += value * w;
                }
            }
        }
        z
    }

    /// Raw scores (logits) of the emotion head per label for a feature vector.
    pub fn logits(&self, features: &SparseFeatures) -> [f32; Emotion::COUNT] {
        emotion_logits(&self.head_values(features))
    }

    /// Probabilities per label (softmax of the emotion head's logits); they sum to 1.
    pub fn probabilities(&self, features: &SparseFeatures) -> [f32; Emotion::COUNT] {
        softmax(self.logits(features))
    }

    /// What all three heads say, from one pass over the features.
    pub fn heads(&self, features: &SparseFeatures) -> HeadOutputs {
        heads_of(self.head_values(features))
    }

    /// The weight row of feature `index`, if the model has it.
    fn row(&self, index: usize) -> Option<&[f32]> {
        let start = index.checked_mul(HEADS)?;
        self.weights.as_slice()?.get(start..start + HEADS)
    }

    /// Per token of a message, the sum of the weight rows of its entries among the
    /// message's `features` (where `entries` says they lie), into `out`.
    pub(crate) fn token_sums(
        &self,
        features: &SparseFeatures,
        entries: &TokenEntries,
        out: &mut Vec<[f32; HEADS]>,
    ) {
        out.clear();
        for rec in entries.records() {
            let mut z = [0.0f32; HEADS];
            let own = features
                .entries
                .get(rec.start as usize..rec.end as usize)
                .unwrap_or_default();
            for &(index, _) in own {
                if let Some(row) = self.row(index as usize) {
                    for (zk, w) in z.iter_mut().zip(row) {
                        *zk += w;
                    }
                }
            }
            out.push(z);
        }
    }

    /// What the heads say on a span of tokens of a message, from the message's
    /// per-token sums ([`LinearModel::token_sums`]) and the span's own dense features:
    /// the same as [`LinearModel::heads`] on the span's features (up to rounding),
    /// without a weight lookup per entry. The span's cut must be exact
    /// ([`TokenEntries::cut_is_exact`]).
    pub(crate) fn span_heads(
        &self,
        features: &SparseFeatures,
        entries: &TokenEntries,
        sums: &[[f32; HEADS]],
        span: std::ops::Range<usize>,
        dense: &[f32; DENSE_FEATURES],
    ) -> HeadOutputs {
        let mut z = [0.0f32; HEADS];
        let mut n = 0usize;
        let first = span.start as u32;
        let records = entries.records().get(span.clone()).unwrap_or_default();
        for (rec, sum) in records.iter().zip(sums.get(span).unwrap_or_default()) {
            for (zk, w) in z.iter_mut().zip(sum) {
                *zk += w;
            }
            n += rec.end.saturating_sub(rec.start) as usize;
            for at in rec.crossing(first) {
                n = n.saturating_sub(1);
                let index = features
                    .entries
                    .get(at)
                    .map_or(usize::MAX, |e| e.0 as usize);
                if let Some(row) = self.row(index) {
                    for (zk, w) in z.iter_mut().zip(row) {
                        *zk -= w;
                    }
                }
            }
        }
        let scale = if n > 0 { 1.0 / (n as f32).sqrt() } else { 0.0 };
        for (zk, b) in z.iter_mut().zip(self.bias.iter()) {
            *zk = *zk * scale + b;
        }
        let base = 1usize << self.hash_bits;
        for (i, &value) in dense.iter().enumerate() {
            if value != 0.0 {
                if let Some(row) = self.row(base + i) {
                    for (zk, w) in z.iter_mut().zip(row) {
                        *zk += value * w;
                    }
                }
            }
        }
        heads_of(z)
    }

    /// Serialises the model in the format documented on this module.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(64 + 4 * self.weights.len());
        out.extend_from_slice(MAGIC);
        for v in [
            FORMAT_VERSION,
            self.hash_bits,
            DENSE_FEATURES as u32,
            INTENSITY_FEATURES as u32,
            Emotion::COUNT as u32,
        ] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        for e in Emotion::ALL {
            out.push(e.id().len() as u8);
            out.extend_from_slice(e.id().as_bytes());
        }
        out.extend_from_slice(&(HEADS as u32).to_le_bytes());
        let floats = self
            .bias
            .iter()
            .chain(self.intensity.iter())
            .chain(self.weights.iter());
        for f in floats {
            out.extend_from_slice(&f.to_le_bytes());
        }
        let checksum = fnv1a(&out, CHECKSUM_SEED);
        out.extend_from_slice(&checksum.to_le_bytes());
        out
    }

    /// Reads a model written by [`LinearModel::to_bytes`]. Every malformed input
    /// gives a typed error saying what is wrong and where: wrong magic or version,
    /// truncation, bad checksum, dimensions that do not match this crate, unknown or
    /// misordered labels, non-finite numbers.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let mut r = Reader { bytes, at: 0 };
        if r.take(8)? != MAGIC {
            return Err(model_error(0, "not a zh-emotion model (wrong magic bytes)"));
        }
        let version = r.u32()?;
        if version != FORMAT_VERSION {
            return Err(Error::ModelVersion {
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        let (bits_at, hash_bits) = (r.at, r.u32()?);
        if !HASH_BITS_RANGE.contains(&hash_bits) {
            return Err(model_error(
                bits_at,
                format!("hash bits {hash_bits} outside {HASH_BITS_RANGE:?}"),
            ));
        }
        expect_dimension(&mut r, "dense feature count", DENSE_FEATURES)?;
        expect_dimension(&mut r, "intensity coefficient count", INTENSITY_FEATURES)?;
        expect_dimension(&mut r, "label count", Emotion::COUNT)?;
        for expected in Emotion::ALL {
            let at = r.at;
            let len = r.take(1)?[0] as usize;
            let id = r.take(len)?;
            let id =
                std::str::from_utf8(id).map_err(|_| model_error(at, "label id is not UTF-8"))?;
            match id.parse::<Emotion>() {
                Ok(e) if e == expected => {}
                Ok(e) => {
                    return Err(model_error(
                        at,
                        format!("label {e} where {expected} was expected"),
                    ))
                }
                Err(_) => return Err(model_error(at, format!("unknown label {id:?}"))),
            }
        }
        expect_dimension(&mut r, "head output count", HEADS)?;
        let rows = feature_count(hash_bits);
        let float_count = HEADS + INTENSITY_FEATURES + rows * HEADS;
        let floats_at = r.at;
        let expected_len = floats_at + 4 * float_count + 8;
        if bytes.len() != expected_len {
            return Err(model_error(
                bytes.len().min(expected_len),
                format!(
                    "file is {} bytes, the header implies {expected_len}",
                    bytes.len()
                ),
            ));
        }
        let body_end = expected_len - 8;
        let stored = u64::from_le_bytes(
            bytes[body_end..]
                .try_into()
                .map_err(|_| model_error(body_end, "truncated"))?,
        );
        let actual = fnv1a(&bytes[..body_end], CHECKSUM_SEED);
        if stored != actual {
            return Err(model_error(
                body_end,
                format!("checksum mismatch (stored {stored:016x}, computed {actual:016x})"),
            ));
        }
        let mut floats = Vec::with_capacity(float_count);
        for (i, chunk) in bytes[floats_at..body_end].chunks_exact(4).enumerate() {
            let f = f32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
            if !f.is_finite() {
                return Err(model_error(
                    floats_at + 4 * i,
                    format!("non-finite number {f}"),
                ));
            }
            floats.push(f);
        }
        let weights_start = HEADS + INTENSITY_FEATURES;
        let bias = Array1::from(floats[..HEADS].to_vec());
        let mut intensity = [0.0f32; INTENSITY_FEATURES];
        intensity.copy_from_slice(&floats[HEADS..weights_start]);
        floats.drain(..weights_start);
        let weights = Array2::from_shape_vec((rows, HEADS), floats)
            .map_err(|e| model_error(floats_at, format!("weight matrix: {e}")))?;
        Ok(Self {
            hash_bits,
            weights,
            bias,
            intensity,
        })
    }
}

/// Number of features for `hash_bits`.
pub fn feature_count(hash_bits: u32) -> usize {
    (1usize << hash_bits) + DENSE_FEATURES
}

/// The emotion head's logits among all head outputs.
/// The three heads' outputs from their raw values.
fn heads_of(z: [f32; HEADS]) -> HeadOutputs {
    HeadOutputs {
        probabilities: softmax(emotion_logits(&z)),
        polarity: verdict_polarity(z[VERDICT]),
        intensity: if z[INTENSITY].is_finite() {
            z[INTENSITY]
        } else {
            0.0
        },
    }
}

pub(crate) fn emotion_logits(z: &[f32; HEADS]) -> [f32; Emotion::COUNT] {
    let mut e = [0.0f32; Emotion::COUNT];
    e.copy_from_slice(&z[..Emotion::COUNT]);
    e
}

/// Polarity in [-1, 1] from the verdict head's logit: `2σ(z) − 1`, which is `tanh(z/2)`.
/// A non-finite logit gives 0.
pub fn verdict_polarity(z: f32) -> f32 {
    if z.is_nan() {
        return 0.0;
    }
    (z / 2.0).tanh()
}

/// Softmax, stable against large logits; non-finite logits give a uniform result.
pub fn softmax(z: [f32; Emotion::COUNT]) -> [f32; Emotion::COUNT] {
    let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    // `f32::max` skips NaN, so a NaN logit (∞ − ∞ from extreme finite weights) must be
    // looked for: it would make every probability NaN.
    if !max.is_finite() || z.iter().any(|v| v.is_nan()) {
        return [1.0 / Emotion::COUNT as f32; Emotion::COUNT];
    }
    let mut p = z.map(|v| (v - max).exp());
    let sum: f32 = p.iter().sum();
    for v in &mut p {
        *v /= sum;
    }
    p
}

fn model_error(offset: usize, reason: impl Into<String>) -> Error {
    Error::Model {
        offset,
        reason: reason.into(),
    }
}

fn expect_dimension(r: &mut Reader<'_>, what: &str, expected: usize) -> Result<(), Error> {
    let at = r.at;
    let found = r.u32()? as usize;
    if found != expected {
        return Err(model_error(
            at,
            format!("{what} is {found}, this crate needs {expected}"),
        ));
    }
    Ok(())
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.bytes.len());
        match end {
            Some(end) => {
                let s = &self.bytes[self.at..end];
                self.at = end;
                Ok(s)
            }
            None => Err(model_error(
                self.bytes.len(),
                format!("truncated: needed {n} more bytes at byte {}", self.at),
            )),
        }
    }

    fn u32(&mut self) -> Result<u32, Error> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small_model() -> LinearModel {
        let mut m = LinearModel::zeros(8).unwrap();
        let (w, b) = m.parameters_mut();
        w[[3, 2]] = 1.5;
        b[0] = -0.25;
        m
    }

    #[test]
    fn round_trip() {
        let m = small_model();
        let bytes = m.to_bytes();
        assert_eq!(LinearModel::from_bytes(&bytes).unwrap(), m);
    }

    #[test]
    fn probabilities_sum_to_one() {
        let m = small_model();
        let f = SparseFeatures {
            entries: vec![(3, 2.0), (u32::MAX, 5.0)],
        };
        let p = m.probabilities(&f);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        assert!(p[2] > p[1]);
        assert_eq!(softmax([f32::NAN; 9]), [1.0 / 9.0; 9]);
    }

    #[test]
    fn corrupt_files_give_typed_errors() {
        let good = small_model().to_bytes();
        let err = |bytes: &[u8]| LinearModel::from_bytes(bytes).unwrap_err().to_string();

        let mut magic = good.clone();
        magic[0] = b'X';
        assert!(err(&magic).contains("magic"));

        let mut version = good.clone();
        version[8] = 9;
        assert!(matches!(
            LinearModel::from_bytes(&version),
            Err(Error::ModelVersion { found: 9, .. })
        ));

        assert!(err(&good[..good.len() - 1]).contains("bytes"));
        assert!(err(&good[..5]).contains("truncated"));
        assert!(err(&[]).contains("truncated"));

        let mut flipped = good.clone();
        let mid = good.len() / 2;
        flipped[mid] ^= 0x55;
        assert!(err(&flipped).contains("checksum"));

        let mut dense = good.clone();
        dense[16] = 3;
        assert!(err(&dense).contains("dense feature count"));

        let mut label = good.clone();
        label[29] = b'x'; // first byte of "anger"
        assert!(err(&label).contains("label"));
    }

    #[test]
    fn non_finite_weights_are_refused_even_with_a_valid_checksum() {
        let mut m = small_model();
        m.parameters_mut().0[[0, 0]] = f32::NAN;
        let bytes = m.to_bytes();
        assert!(LinearModel::from_bytes(&bytes)
            .unwrap_err()
            .to_string()
            .contains("non-finite"));
    }
}
