//! Arbitrary bytes through the classification entry points.
//!
//! `classify_bytes` must classify valid UTF-8 and give `InvalidUtf8` with the right
//! position otherwise; `classify` (method and free function) must agree with it; a
//! classifier with a tiny `max_chars` exercises truncation; every result must satisfy
//! `zh_emotion_fuzz::check_result`. The main classifier computes aspects, so the
//! contract on aspects (spans inside the input, on char boundaries, in order, values in
//! range) is checked on every input; without them the result is the free function's.

#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;
use zh_emotion::{Classifier, Error};
use zh_emotion_fuzz::check_result;

/// Short enough that most fuzz inputs are cut, so truncation is exercised cheaply.
const SMALL_MAX_CHARS: usize = 7;

static DEFAULT: LazyLock<Classifier> =
    LazyLock::new(|| Classifier::builder().aspects(true).preload().build());
static SMALL: LazyLock<Classifier> = LazyLock::new(|| {
    Classifier::builder()
        .max_chars(SMALL_MAX_CHARS)
        .preload()
        .build()
});

fuzz_target!(|data: &[u8]| {
    let max = DEFAULT.max_chars();
    match DEFAULT.classify_bytes(data) {
        Ok(r) => {
            let text = std::str::from_utf8(data).expect("classify_bytes accepted invalid UTF-8");
            check_result(text, &r, max);
            // Same answer through every door, and no state carried between calls.
            assert_eq!(DEFAULT.classify(text), r, "classify != classify_bytes");
            // The free function has no aspects: everything else must be the same.
            let mut without_aspects = r.clone();
            without_aspects.aspects.clear();
            assert_eq!(zh_emotion::classify(text), without_aspects, "free classify differs");

            let small = SMALL.classify(text);
            check_result(text, &small, SMALL_MAX_CHARS);
            assert_eq!(SMALL.classify_bytes(data).unwrap(), small);
        }
        Err(Error::InvalidUtf8 { position }) => {
            let valid_up_to = std::str::from_utf8(data).unwrap_err().valid_up_to();
            assert_eq!(position, valid_up_to, "InvalidUtf8 position");
            // The valid prefix classifies like any text.
            let prefix = std::str::from_utf8(&data[..valid_up_to]).unwrap();
            check_result(prefix, &DEFAULT.classify(prefix), max);
            check_result(prefix, &SMALL.classify(prefix), SMALL_MAX_CHARS);
        }
        Err(e) => panic!("classify_bytes gave an unexpected error: {e}"),
    }
});
