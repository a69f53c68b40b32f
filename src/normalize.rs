//! Text normalisation: the first step of the pipeline.
//!
//! Full-width ASCII becomes half-width (`！` → `!`), ASCII letters become lower case,
//! control characters become spaces and Traditional characters become Simplified.
//! Punctuation runs and emoji are kept as they are: they are signals. URLs and long
//! digit runs (phone and order numbers) are kept in the text but marked, so that
//! the lexicon never reads them as emotion words.
//!
//! Every normalised byte remembers the byte offset of the input character it came
//! from, so evidence found in the normalised text points back into the caller's text.

use std::ops::Range;

/// Text after normalisation, with the way back to the input's byte offsets.
///
/// ```
/// use zh_emotion::normalize::normalize;
/// let n = normalize("謝謝！ＯＫ");
/// assert_eq!(n.as_str(), "谢谢!ok");
/// // "!" came from the full-width "！" at input bytes 6..9.
/// assert_eq!(n.original_span(6..7), 6..9);
/// ```
#[derive(Debug, Clone, Default)]
pub struct NormalizedText {
    text: String,
    /// `origin[i]`: input byte offset of the character that produced normalised
    /// byte `i`; one extra entry at the end holds the input's length.
    origin: Vec<usize>,
    masked: Vec<Range<usize>>,
}

/// Digits needed in an ASCII run before it is taken for a phone or order number.
const MIN_NUMBER_DIGITS: usize = 5;

/// Normalises `input`. Never fails; the result is never longer than three times
/// the input.
pub fn normalize(input: &str) -> NormalizedText {
    let mut text = String::with_capacity(input.len());
    let mut origin = Vec::with_capacity(input.len() + 1);
    for (offset, c) in input.char_indices() {
        let mapped = map_char(c);
        let before = text.len();
        text.push(mapped);
        origin.extend(std::iter::repeat_n(offset, text.len() - before));
    }
    origin.push(input.len());
    let text = to_simplified(text);
    let masked = find_masked(&text);
    NormalizedText {
        text,
        origin,
        masked,
    }
}

/// Maps one character; the result may be shorter in UTF-8 than the input char.
fn map_char(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => {
            // Full-width forms sit at a fixed distance from ASCII.
            char::from_u32(c as u32 - 0xFEE0).map_or(c, |a| a.to_ascii_lowercase())
        }
        'A'..='Z' => c.to_ascii_lowercase(),
        '\n' => '\n',
        c if c.is_control() => ' ',
        c => c,
    }
}

/// Traditional → Simplified. fast2s maps each three-byte character to a three-byte
/// character, so byte offsets are unchanged; should a mapping ever change the length,
/// the text is kept unconverted rather than letting offsets drift.
fn to_simplified(text: String) -> String {
    if text.is_ascii() {
        return text;
    }
    let converted = fast2s::convert(&text);
    if converted.len() == text.len() {
        converted
    } else {
        text
    }
}

/// Finds URLs and long digit runs (phones, order and tracking numbers).
fn find_masked(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut masked = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        if rest.starts_with(b"http://")
            || rest.starts_with(b"https://")
            || rest.starts_with(b"www.")
        {
            let end = i + rest
                .iter()
                .position(|b| !b.is_ascii_graphic())
                .unwrap_or(rest.len());
            masked.push(i..end);
            i = end;
        } else if bytes[i].is_ascii_alphanumeric() {
            let len = rest
                .iter()
                .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_'))
                .unwrap_or(rest.len());
            let digits = rest[..len].iter().filter(|b| b.is_ascii_digit()).count();
            if digits >= MIN_NUMBER_DIGITS {
                masked.push(i..i + len);
            }
            i += len;
        } else {
            i += 1;
        }
    }
    masked
}

impl NormalizedText {
    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Length of the normalised text in bytes.
    pub fn len(&self) -> usize {
        self.text.len()
    }

    /// True when the normalised text is empty.
    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The input byte range that produced the normalised byte range `span`.
    /// `span` must lie on character boundaries of the normalised text; the result
    /// then lies on character boundaries of the input.
    pub fn original_span(&self, span: Range<usize>) -> Range<usize> {
        let last = self.origin.len() - 1;
        let start = self.origin[span.start.min(last)];
        let end = self.origin[span.end.min(last)];
        start..end.max(start)
    }

    /// True when `span` overlaps a URL or a long number.
    pub fn is_masked(&self, span: &Range<usize>) -> bool {
        self.masked
            .iter()
            .any(|m| m.start < span.end && span.start < m.end)
    }

    /// The masked ranges (URLs, phone and order numbers), in normalised byte offsets.
    pub fn masked(&self) -> &[Range<usize>] {
        &self.masked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_case_are_folded() {
        assert_eq!(normalize("ＡＢＣ１２３！？").as_str(), "abc123!?");
        assert_eq!(normalize("YYDS").as_str(), "yyds");
        assert_eq!(normalize("你好\u{3000}世界").as_str(), "你好 世界");
    }

    #[test]
    fn traditional_becomes_simplified_with_same_offsets() {
        let n = normalize("不滿意，謝謝");
        assert_eq!(n.as_str(), "不满意,谢谢");
        assert_eq!(n.original_span(0..9), 0..9);
        assert_eq!(n.original_span(10..16), 12..18);
    }

    #[test]
    fn punctuation_runs_and_emoji_are_kept() {
        assert_eq!(normalize("急死了！！！😡……").as_str(), "急死了!!!😡……");
    }

    #[test]
    fn control_characters_become_spaces_but_newlines_stay() {
        assert_eq!(normalize("a\u{0}b\tc\nd").as_str(), "a b c\nd");
    }

    #[test]
    fn offsets_map_back_through_width_changes() {
        let input = "ＯＫ好";
        let n = normalize(input);
        assert_eq!(n.as_str(), "ok好");
        assert_eq!(n.original_span(2..5), 6..9);
        assert_eq!(&input[n.original_span(0..2)], "ＯＫ");
    }

    #[test]
    fn urls_and_long_numbers_are_masked() {
        let n = normalize("订单号SF1234567890，见https://x.cn/a?b=1 电话13800138000，三天");
        let masked: Vec<&str> = n.masked().iter().map(|r| &n.as_str()[r.clone()]).collect();
        assert_eq!(
            masked,
            vec!["sf1234567890", "https://x.cn/a?b=1", "13800138000"]
        );
        assert!(normalize("等了3天").masked().is_empty());
    }

    #[test]
    fn empty_input() {
        let n = normalize("");
        assert!(n.is_empty());
        assert_eq!(n.original_span(0..0), 0..0);
    }

    #[test]
    fn every_three_byte_character_keeps_its_length_in_conversion() {
        // Guards the offset map: the Traditional→Simplified step must not change lengths.
        let all: String = (0x800u32..0x10000).filter_map(char::from_u32).collect();
        assert_eq!(fast2s::convert(&all).len(), all.len());
    }
}
