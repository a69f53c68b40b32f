//! Model loading: `ClassifierBuilder::model_bytes` (which is `LinearModel::from_bytes`
//! behind the builder) must give `Ok` or a typed error (`Model` with an offset inside
//! the input, or `ModelVersion`), and never panic. A model that loads must survive a
//! `to_bytes` round trip (checked for models under 100 kB), classify the fixed
//! messages within the result contract, and give finite probabilities summing to 1
//! for the feature vector with every feature set (to 1, then 4), so that every weight
//! of the model counts, not only those the fixed messages hit.
//!
//! Random bytes rarely get past the magic and the checksum, so the first byte picks
//! a mode, and most modes start from a valid model (the shipped `data/model.bin`, or
//! a small all-zero model with 2^8 hashed features) and change it:
//!
//! | `data[0] & 3` | what the rest of the input does |
//! |---|---|
//! | 0 | is the model, as is |
//! | 1 | byte edits: 5-byte chunks (u32 LE position mod length, new byte) |
//! | 2 | float edits: 8-byte chunks (u32 LE index mod float count, f32 LE value); with `data[0] & 4`, 5-byte chunks (u32 LE index, u8 picking one of the `EXTREMES`) |
//! | 3 | cut: a u32 LE new length mod (length + 1), the remaining bytes appended |
//!
//! `data[0] & 0xd8 == 0x10` picks the shipped model as the base (else the small one;
//! loading the 2.4 MB shipped model costs about 25 ms under the sanitizer, so only one
//! mode byte in sixteen pays it);
//! `data[0] & 0x20` recomputes the FNV-1a checksum after the edits (the format is
//! documented in `src/pipeline/model.rs`), so that the edits reach the checks behind it.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use zh_emotion::features::SparseFeatures;
use zh_emotion::{ClassifierBuilder, Error, LinearModel};
use zh_emotion_fuzz::{check_result, FIXED_MESSAGES};

static EMBEDDED: &[u8] = include_bytes!("../../data/model.bin");
static SMALL: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let bytes = LinearModel::zeros(8).unwrap().to_bytes();
    // The harness's checksum must be the format's, or mode 0x20 tests nothing.
    for model in [EMBEDDED, &bytes[..]] {
        let mut copy = model.to_vec();
        fix_checksum(&mut copy);
        assert_eq!(
            copy, model,
            "harness FNV-1a disagrees with the model format"
        );
    }
    bytes
});

/// Float values that random bytes rarely spell: the edges of the f32 range, where
/// sums of weights overflow (non-finite values themselves are refused on loading).
const EXTREMES: [f32; 16] = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    f32::MAX,
    f32::MIN,
    f32::MIN_POSITIVE,
    -f32::MIN_POSITIVE,
    1e-45, // the smallest subnormal
    f32::EPSILON,
    1e20,
    -1e20,
    1e38,
    -1e38,
    3.0,
    -3.0,
];

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fix_checksum(bytes: &mut [u8]) {
    if let Some(body_end) = bytes.len().checked_sub(8) {
        let sum = bytes[..body_end].iter().fold(FNV_OFFSET, |h, &b| {
            (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
        });
        bytes[body_end..].copy_from_slice(&sum.to_le_bytes());
    }
}

/// Byte offset of the first float (bias) in a valid model: after the 28-byte
/// header and the nine length-prefixed label ids.
fn floats_start(model: &[u8]) -> usize {
    (0..9).fold(28, |at, _| at + 1 + usize::from(model[at]))
}

fn u32_at(bytes: &[u8]) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?))
}

fn load(bytes: &[u8]) {
    // `model_bytes` is `LinearModel::from_bytes` behind the builder: one call covers
    // both, which matters for the 2.4 MB shipped model.
    match ClassifierBuilder::new().model_bytes(bytes) {
        Ok(builder) => {
            let classifier = builder.build();
            let model = classifier.model();
            if bytes.len() < 100_000 {
                let again =
                    LinearModel::from_bytes(&model.to_bytes()).expect("to_bytes unreadable");
                assert_eq!(&again, model, "to_bytes/from_bytes round trip");
            }
            for text in FIXED_MESSAGES {
                check_result(text, &classifier.classify(text), classifier.max_chars());
            }
            // `probabilities` promises a distribution for any features: try every
            // feature at once, so that every weight counts.
            for value in [1.0, 4.0] {
                let features = SparseFeatures {
                    entries: (0..model.feature_count() as u32)
                        .map(|i| (i, value))
                        .collect(),
                };
                let p = model.probabilities(&features);
                let sum: f32 = p.iter().sum();
                assert!(
                    p.iter().all(|v| v.is_finite()) && (sum - 1.0).abs() <= 1e-4,
                    "probabilities {p:?} with every feature at {value}"
                );
            }
        }
        Err(Error::Model { offset, .. }) => {
            assert!(offset <= bytes.len(), "error offset {offset} past the end")
        }
        Err(Error::ModelVersion { .. }) => {}
        Err(other) => panic!("unexpected error type: {other:?}"),
    }
}

fuzz_target!(|data: &[u8]| {
    LazyLock::force(&SMALL); // runs the checksum self-check on the first input
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode & 3 == 0 {
        load(rest);
        return;
    }
    let base: &[u8] = if mode & 0xd8 == 0x10 {
        EMBEDDED
    } else {
        &SMALL
    };
    let mut model = base.to_vec();
    match mode & 3 {
        1 => {
            for edit in rest.chunks_exact(5) {
                let at = u32_at(edit).unwrap() as usize % model.len();
                model[at] = edit[4];
            }
        }
        2 => {
            let start = floats_start(base);
            let count = (model.len() - start - 8) / 4;
            let (size, extreme) = if mode & 4 != 0 { (5, true) } else { (8, false) };
            for edit in rest.chunks_exact(size) {
                let at = start + 4 * (u32_at(edit).unwrap() as usize % count);
                let value = if extreme {
                    EXTREMES[usize::from(edit[4]) % EXTREMES.len()].to_le_bytes()
                } else {
                    [edit[4], edit[5], edit[6], edit[7]]
                };
                model[at..at + 4].copy_from_slice(&value);
            }
        }
        _ => {
            let len = u32_at(rest).unwrap_or(0) as usize % (model.len() + 1);
            model.truncate(len);
            model.extend_from_slice(rest.get(4..).unwrap_or_default());
        }
    }
    if mode & 0x20 != 0 {
        fix_checksum(&mut model);
    }
    load(&model);
});
