//! The category head: a small linear model over a span's characters, for the spans
//! whose terms do not decide their category (no target or cue term, or a tie).
//!
//! Its features are the span's characters and character bigrams (letters, digits and
//! Han characters, after normalisation) and, beside them, one feature for each category
//! of the aspect terms in the span's message (`general` left out; in training
//! `AspectTerms::categories_in`, in a classification the terms found on token
//! boundaries), so that 很给力 after 退款 reads as a refund and after 快递 as a
//! delivery. They are hashed into `2^bits` buckets, each occurrence counting
//! `1/sqrt(n)` for a span of `n` features; its output is a softmax over the eleven
//! categories. The shipped weights (`data/aspect_head.bin`) are trained by
//! `examples/train_aspects.rs` (provenance in `data/README.md`).
//!
//! File format, little-endian: the magic `ZAH1`, one byte `bits` (8–20), one byte the
//! number of categories (11), two zero bytes, an `f32` scale, eleven `f32` biases, then
//! `2^bits × 11` signed bytes, bucket by bucket: weight = byte × scale.

use once_cell::sync::Lazy;

use crate::pipeline::normalize::normalize;
use crate::types::aspect::AspectCategory;
use crate::types::error::Error;

const MAGIC: &[u8; 4] = b"ZAH1";
const HEADER: usize = 4 + 4 + 4 + 4 * AspectCategory::COUNT;
const COUNT: usize = AspectCategory::COUNT;
/// The width of a stored row.
const LANES: usize = 16;

/// Rows of `LANES` from weights stored bucket by bucket, `COUNT` a bucket.
fn padded_rows(flat: impl Iterator<Item = i8>) -> Vec<[i8; LANES]> {
    let flat: Vec<i8> = flat.collect();
    flat.chunks_exact(COUNT)
        .map(|chunk| {
            let mut row = [0i8; LANES];
            row[..COUNT].copy_from_slice(chunk);
            row
        })
        .collect()
}

/// A linear category head over hashed character features of a span (see the module
/// docs of `zh_emotion::aspect`).
///
/// ```
/// use zh_emotion::aspect::CategoryHead;
/// let head = CategoryHead::embedded();
/// assert!(head.bits() >= 8);
/// let p = head.probabilities("等了一个半小时还没送到");
/// assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-4);
/// assert!(matches!(
///     CategoryHead::parse(b"ZAH1\x10"),
///     Err(zh_emotion::Error::AspectHead { .. })
/// ));
/// ```
#[derive(Debug, Clone, Default)]
pub struct CategoryHead {
    bits: u8,
    scale: f32,
    bias: [f32; COUNT],
    /// One row a bucket, the categories' weights padded with zeros to [`LANES`] (a
    /// row sum is then a few whole-register adds).
    weights: Vec<[i8; LANES]>,
}

pub(super) const EMBEDDED_HEAD: &[u8] = include_bytes!("../../../data/aspect_head.bin");

static EMBEDDED: Lazy<CategoryHead> = Lazy::new(|| {
    // Parsed by a unit test on every build: a failure here is a packaging defect, and
    // the empty head decides nothing.
    CategoryHead::parse(EMBEDDED_HEAD).unwrap_or_default()
});

const FNV_START: u32 = 0x811c_9dc5;

/// FNV-1a of `tag` then the bytes of `text`.
fn fnv(tag: u8, text: &str) -> u32 {
    fnv_more(fnv_more(FNV_START, &[tag]), text.as_bytes())
}

/// FNV-1a continued from `h` over `bytes`.
#[inline]
fn fnv_more(mut h: u32, bytes: &[u8]) -> u32 {
    for &b in bytes {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Whether a character is a feature: letters, digits and Han characters
/// (`char::is_alphanumeric`, with the common cases decided without a table lookup).
#[inline]
fn kept(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        // CJK Unified Ideographs: all alphabetic.
        true
    } else {
        c.is_alphanumeric()
    }
}

impl CategoryHead {
    /// The shipped head, parsed once per process.
    pub fn embedded() -> &'static CategoryHead {
        &EMBEDDED
    }

    /// Parses a head in the format of `data/aspect_head.bin` (module docs).
    pub fn parse(bytes: &[u8]) -> Result<Self, Error> {
        let error = |reason: String| Error::AspectHead { reason };
        if bytes.len() < HEADER {
            return Err(error(format!(
                "{} bytes, shorter than the {HEADER}-byte header",
                bytes.len()
            )));
        }
        if &bytes[..4] != MAGIC {
            return Err(error(
                "not an aspect category head (magic ZAH1)".to_string(),
            ));
        }
        let bits = bytes[4];
        if !(8..=20).contains(&bits) {
            return Err(error(format!("bits {bits} outside 8-20")));
        }
        if usize::from(bytes[5]) != COUNT || bytes[6] != 0 || bytes[7] != 0 {
            return Err(error(format!(
                "{} categories (expected {COUNT}) or reserved bytes not zero",
                bytes[5]
            )));
        }
        let f32_at = |at: usize| {
            f32::from_le_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
        };
        let scale = f32_at(8);
        if !(scale.is_finite() && scale > 0.0) {
            return Err(error(format!("scale {scale} is not a positive number")));
        }
        let mut bias = [0.0f32; COUNT];
        for (c, b) in bias.iter_mut().enumerate() {
            *b = f32_at(12 + 4 * c);
            if !b.is_finite() {
                return Err(error(format!("bias {c} is not finite")));
            }
        }
        let expected = (1usize << bits) * COUNT;
        let body = &bytes[HEADER..];
        if body.len() != expected {
            return Err(error(format!(
                "{} weight bytes, expected {expected} for {bits} bits",
                body.len()
            )));
        }
        Ok(Self {
            bits,
            scale,
            bias,
            weights: padded_rows(body.iter().map(|&b| b as i8)),
        })
    }

    /// A head from float weights (`2^bits × 11`, bucket by bucket), quantised to
    /// signed bytes as the file stores them.
    pub fn from_weights(bits: u8, bias: [f32; COUNT], weights: &[f32]) -> Result<Self, Error> {
        let error = |reason: String| Error::AspectHead { reason };
        if !(8..=20).contains(&bits) || weights.len() != (1usize << bits) * COUNT {
            return Err(error(format!(
                "{} weights for {bits} bits (8-20 bits, 2^bits × {COUNT} weights)",
                weights.len()
            )));
        }
        if weights.iter().chain(&bias).any(|w| !w.is_finite()) {
            return Err(error("weights not finite".to_string()));
        }
        let max = weights.iter().fold(0.0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
        let weights = padded_rows(
            weights
                .iter()
                .map(|w| (w / scale).round().clamp(-127.0, 127.0) as i8),
        );
        Ok(Self {
            bits,
            scale,
            bias,
            weights,
        })
    }

    /// The head in the format [`CategoryHead::parse`] reads.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER + self.weights.len() * COUNT);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&[self.bits, COUNT as u8, 0, 0]);
        out.extend_from_slice(&self.scale.to_le_bytes());
        for b in self.bias {
            out.extend_from_slice(&b.to_le_bytes());
        }
        for row in &self.weights {
            out.extend(row[..COUNT].iter().map(|&w| w as u8));
        }
        out
    }

    /// The biases, the weight scale and the quantised weights (bucket by bucket).
    #[cfg(test)]
    pub(super) fn parts(&self) -> ([f32; COUNT], f32, Vec<i8>) {
        let flat = self.weights.iter().flat_map(|row| row[..COUNT].to_vec());
        (self.bias, self.scale, flat.collect())
    }

    /// Number of hash bits of the features.
    pub fn bits(&self) -> u8 {
        self.bits
    }

    /// The features of `text` (normalised like input) for a head of `bits` bits:
    /// bucket and value, in text order (a bucket may repeat).
    pub fn features(bits: u8, text: &str) -> Vec<(usize, f32)> {
        Self::features_in_context(bits, text, &[false; COUNT])
    }

    /// [`CategoryHead::features`] of a span with its message's `context`: the
    /// categories of the aspect terms anywhere in the message
    /// ([`crate::aspect::AspectTerms::categories_in`]), one feature each.
    pub fn features_in_context(bits: u8, text: &str, context: &[bool; COUNT]) -> Vec<(usize, f32)> {
        let mut out = Vec::new();
        features_normalized(bits, normalize(text).as_str(), context, &mut out);
        out
    }

    /// The probability of each category (in [`AspectCategory::ALL`] order) for `text`.
    pub fn probabilities(&self, text: &str) -> [f32; COUNT] {
        self.probabilities_normalized(normalize(text).as_str(), &[false; COUNT])
    }

    /// [`CategoryHead::probabilities`] of a span in a message whose terms have the
    /// categories of `context` (see [`CategoryHead::features_in_context`]).
    pub fn probabilities_in_context(&self, text: &str, context: &[bool; COUNT]) -> [f32; COUNT] {
        self.probabilities_normalized(normalize(text).as_str(), context)
    }

    /// [`CategoryHead::probabilities`] of text already normalised.
    ///
    /// One pass over the characters, without a feature list: the bytes of each
    /// bucket's row are summed as integers and scaled once at the end (every feature
    /// has the same value `1/sqrt(n)`, so the sum is linear in the rows).
    pub(super) fn probabilities_normalized(
        &self,
        s: &str,
        context: &[bool; COUNT],
    ) -> [f32; COUNT] {
        let mut z = self.bias;
        if self.weights.is_empty() {
            return Self::softmax(z);
        }
        let mask = (1u32 << self.bits) - 1;
        let mut sums = [0i32; LANES];
        let mut n = 0u32;
        let mut add = |h: u32| {
            let bucket = (h & mask) as usize;
            if let Some(row) = self.weights.get(bucket) {
                for (sc, &w) in sums.iter_mut().zip(row) {
                    *sc += i32::from(w);
                }
            }
            n += 1;
        };
        // The bigram hash of the character before, up to its last byte.
        let mut pair: Option<u32> = None;
        let mut buf = [0u8; 4];
        let mut any = false;
        for c in s.chars() {
            if !kept(c) {
                pair = None;
                continue;
            }
            let bytes = c.encode_utf8(&mut buf).as_bytes();
            add(fnv_more(fnv_more(FNV_START, &[1]), bytes));
            if let Some(h) = pair {
                add(fnv_more(h, bytes));
            }
            pair = Some(fnv_more(fnv_more(FNV_START, &[2]), bytes));
            any = true;
        }
        // The message's context counts only beside characters of the span.
        if any {
            for c in (0..COUNT).filter(|&c| context[c]) {
                add(context_hash(c));
            }
        }
        if n > 0 {
            let v = self.scale / (n as f32).sqrt();
            for (zc, &sc) in z.iter_mut().zip(&sums) {
                *zc += sc as f32 * v;
            }
        }
        Self::softmax(z)
    }

    /// Softmax of per-category scores (uniform when they cannot be normalised).
    pub fn softmax(z: [f32; COUNT]) -> [f32; COUNT] {
        let max = z.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let mut p = z.map(|v| (v - max).exp());
        let sum: f32 = p.iter().sum();
        if sum > 0.0 && sum.is_finite() {
            p.iter_mut().for_each(|v| *v /= sum);
        } else {
            p = [1.0 / COUNT as f32; COUNT];
        }
        p
    }
}

/// The hash of the context feature of category `c`.
fn context_hash(c: usize) -> u32 {
    fnv_more(fnv_more(FNV_START, &[3]), &[c as u8])
}

fn features_normalized(bits: u8, s: &str, context: &[bool; COUNT], out: &mut Vec<(usize, f32)>) {
    out.clear();
    let mask = (1u32 << bits) - 1;
    let mut prev: Option<(usize, char)> = None;
    let mut buf = [0u8; 8];
    for (i, c) in s.char_indices() {
        if !kept(c) {
            prev = None;
            continue;
        }
        out.push(((fnv(1, c.encode_utf8(&mut buf)) & mask) as usize, 1.0));
        if let Some((at, _)) = prev {
            let pair = &s[at..i + c.len_utf8()];
            out.push(((fnv(2, pair) & mask) as usize, 1.0));
        }
        prev = Some((i, c));
    }
    if !out.is_empty() {
        for c in (0..COUNT).filter(|&c| context[c]) {
            out.push(((context_hash(c) & mask) as usize, 1.0));
        }
        let v = 1.0 / (out.len() as f32).sqrt();
        out.iter_mut().for_each(|f| f.1 = v);
    }
}

#[cfg(test)]
mod tests {
    use super::{kept, CategoryHead};
    use crate::types::aspect::AspectCategory;

    #[test]
    fn kept_is_is_alphanumeric() {
        let differs = (0..0x3_0000u32)
            .filter_map(char::from_u32)
            .find(|&c| kept(c) != c.is_alphanumeric());
        assert_eq!(differs, None);
    }

    #[test]
    fn head_probabilities_are_the_softmax_of_its_features() {
        // The one-pass scoring gives what the feature list the trainer uses gives.
        let head = CategoryHead::embedded();
        let (bias, scale, rows) = head.parts();
        for text in [
            "等了一个半小时还没送到",
            "客服态度太差，APP还老闪退！",
            "價格偏貴 but 味道不错 👍",
            "",
            "!!!",
            "a",
        ] {
            let none = [false; AspectCategory::COUNT];
            let mut some = none;
            some[AspectCategory::Delivery.index()] = true;
            some[AspectCategory::Price.index()] = true;
            for context in [none, some] {
                let mut z = bias;
                for (bucket, value) in
                    CategoryHead::features_in_context(head.bits(), text, &context)
                {
                    for (c, zc) in z.iter_mut().enumerate() {
                        *zc += f32::from(rows[bucket * AspectCategory::COUNT + c]) * scale * value;
                    }
                }
                let want = CategoryHead::softmax(z);
                let got = head.probabilities_in_context(text, &context);
                for (g, w) in got.iter().zip(&want) {
                    assert!((g - w).abs() < 1e-5, "{text}: {got:?} vs {want:?}");
                }
            }
            assert_eq!(
                head.probabilities(text),
                head.probabilities_in_context(text, &none)
            );
        }
    }
}
