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

use once_cell::sync::Lazy;

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
    /// The offset map, kept sparse: every character that shrank in normalisation
    /// (full-width forms, U+3000, two-byte controls; each becomes one byte) adds
    /// `(normalised offset, input offset)` just past it. Between entries both texts
    /// advance byte for byte, so most messages need no entry at all and the map
    /// costs nothing per byte.
    shifts: Vec<(usize, usize)>,
    masked: Vec<Range<usize>>,
}

/// Digits needed in an ASCII run before it is taken for a phone or order number.
const MIN_NUMBER_DIGITS: usize = 5;

/// Normalises `input`. Never fails; the result is never longer than three times
/// the input.
pub fn normalize(input: &str) -> NormalizedText {
    let mut normalized = NormalizedText::default();
    normalized.set(input);
    normalized
}

impl NormalizedText {
    /// Replaces the content with the normalisation of `input`, reusing the buffers
    /// (the classifier keeps one per thread, so that a message costs no allocation).
    pub(crate) fn set(&mut self, input: &str) {
        self.text.clear();
        self.text.reserve(input.len());
        self.shifts.clear();
        let mut traditional = false;
        // Runs of characters that stay as they are are copied whole; only ASCII capitals
        // and controls, two-byte characters (Latin-1 controls), and three-byte
        // characters led by 0xE3 (U+3000) or 0xEF (full-width forms) go through
        // `map_char`. Four-byte characters never change.
        let bytes = input.as_bytes();
        let table = traditional_table();
        let mut run = 0;
        let mut at = 0;
        while at < bytes.len() {
            let lead = bytes[at];
            if (0xE4..=0xE9).contains(&lead) {
                // U+4000..U+9FFF (Han, most of the text): never mapped, only checked
                // for Traditional until one is found.
                if !traditional {
                    traditional = in_table(table, three_byte_code(bytes, at));
                }
                at += 3;
                continue;
            }
            let len = match lead {
                0x00..=0x7F => 1,
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            let may_map = match len {
                1 => lead.is_ascii_uppercase() || (lead.is_ascii_control() && lead != b'\n'),
                2 => true,
                3 => lead == 0xE3 || lead == 0xEF,
                _ => false,
            };
            if len == 3 && !traditional {
                traditional = in_table(table, three_byte_code(bytes, at));
            }
            if may_map {
                if let Some(c) = input[at..].chars().next() {
                    let mapped = map_char(c);
                    if mapped != c {
                        self.text.push_str(&input[run..at]);
                        self.text.push(mapped);
                        run = at + len;
                        if mapped.len_utf8() != len {
                            self.shifts.push((self.text.len(), at + len));
                        }
                    }
                }
            }
            at += len;
        }
        self.text.push_str(&input[run..]);
        // Conversion only where a character could change: most messages are pure
        // Simplified Chinese and skip fast2s (and its copy of the text) entirely.
        if traditional {
            to_simplified(&mut self.text);
        }
        find_masked(&self.text, &mut self.masked);
    }

    /// Input byte offset of the character at normalised byte `at` (or of the end).
    fn origin(&self, at: usize) -> usize {
        let at = at.min(self.text.len());
        // Offsets inside a character map to the character's start, as for a boundary.
        let at = (0..=at)
            .rev()
            .find(|&i| self.text.is_char_boundary(i))
            .unwrap_or(0);
        let entry = self.shifts.partition_point(|&(norm, _)| norm <= at);
        match entry.checked_sub(1).map(|i| self.shifts[i]) {
            Some((norm, input)) => input + (at - norm),
            None => at,
        }
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
///
/// fast2s decides each character from the character itself and its two neighbours,
/// so converting the three-character window around each character it may change
/// gives what converting the whole text would, without copying the whole text.
fn to_simplified(text: &mut String) {
    let mut changes: Vec<(usize, char)> = Vec::new();
    let mut window = String::with_capacity(12);
    let mut chars = text.char_indices().peekable();
    let mut prev: Option<char> = None;
    let table = traditional_table();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        if c.len_utf8() == 3 && in_table(table, c as usize) {
            window.clear();
            window.extend(prev);
            window.push(c);
            window.extend(next);
            let converted = fast2s::convert(&window);
            let middle = converted.chars().nth(usize::from(prev.is_some()));
            match middle {
                Some(m) if m.len_utf8() != c.len_utf8() => return,
                Some(m) if m != c => changes.push((at, m)),
                _ => {}
            }
        }
        prev = Some(c);
    }
    for (at, m) in changes {
        let mut buf = [0u8; 4];
        text.replace_range(at..at + m.len_utf8(), m.encode_utf8(&mut buf));
    }
}

/// The code point of the three-byte UTF-8 character at `at` of `bytes`.
fn three_byte_code(bytes: &[u8], at: usize) -> usize {
    (usize::from(bytes[at] & 0x0F) << 12)
        | (usize::from(bytes[at + 1] & 0x3F) << 6)
        | usize::from(bytes[at + 2] & 0x3F)
}

/// True when bit `code` of `table` is set.
fn in_table(table: &[u64], code: usize) -> bool {
    table
        .get(code / 64)
        .is_some_and(|word| word & (1 << (code % 64)) != 0)
}

/// One bit per BMP code point, set for the three-byte characters fast2s may change
/// (in some context). The table of the characters it maps is computed once per
/// process by asking fast2s itself, plus the characters it converts only next to
/// certain neighbours (which it leaves alone when alone).
fn traditional_table() -> &'static [u64] {
    static TABLE: Lazy<Vec<u64>> = Lazy::new(|| {
        let mut bits = vec![0u64; 0x1_0000 / 64];
        let chars: String = (0x800u32..0x1_0000).filter_map(char::from_u32).collect();
        let converted = fast2s::convert(&chars);
        let changed = chars
            .chars()
            .zip(converted.chars())
            .filter(|(a, b)| a != b)
            .map(|(a, _)| a);
        for c in changed.chain(FAST2S_CONTEXT_CHARS.chars()) {
            bits[c as usize / 64] |= 1 << (c as usize % 64);
        }
        bits
    });
    &TABLE
}

/// Characters fast2s 0.3 converts or keeps depending on their neighbours
/// (its `T2S_EXCLUDE` and `T2S_SPECIAL_CONVERT_TYPE` tables): the conversion of a
/// lone character cannot reveal them.
const FAST2S_CONTEXT_CHARS: &str = "兒覆夥藉瞭麽幺於乾著苧闔鍾讎畫";

/// Finds URLs and long digit runs (phones, order and tracking numbers).
fn find_masked(text: &str, masked: &mut Vec<Range<usize>>) {
    masked.clear();
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        let url = match bytes[i] {
            b'h' => rest.starts_with(b"http://") || rest.starts_with(b"https://"),
            b'w' => rest.starts_with(b"www."),
            _ => false,
        };
        if url {
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
            // Not ASCII alphanumeric: step over the whole character (`i` is always on
            // a character boundary).
            i += match bytes[i] {
                0xF0.. => 4,
                0xE0.. => 3,
                0xC0.. => 2,
                _ => 1,
            };
        }
    }
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
        let start = self.origin(span.start);
        let end = self.origin(span.end);
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

    /// The offset map as it was first written: one input offset per normalised byte.
    fn dense_origin(input: &str) -> Vec<usize> {
        let mut text = String::new();
        let mut origin = Vec::new();
        for (offset, c) in input.char_indices() {
            let before = text.len();
            text.push(map_char(c));
            origin.extend(std::iter::repeat_n(offset, text.len() - before));
        }
        origin.push(input.len());
        origin
    }

    proptest::proptest! {
        #[test]
        fn sparse_offset_map_matches_a_dense_one(
            input in "[a-zA-Z0-9 ！？ＡＢ１\u{3000}\u{0}\u{85}\t\n你好謝謝著看😀～｟、éÀ\\u{7f}\\u{80}\\u{9f}𠀀]{0,24}"
        ) {
            let n = normalize(&input);
            let dense = dense_origin(&input);
            proptest::prop_assert_eq!(dense.len(), n.len() + 1);
            for (i, &o) in dense.iter().enumerate() {
                proptest::prop_assert_eq!(n.origin(i), o, "byte {}", i);
            }
            // Whole-text conversion, as the first version did it.
            let mapped: String = input.chars().map(map_char).collect();
            let expected = if mapped.is_ascii() { mapped.clone() } else { fast2s::convert(&mapped) };
            proptest::prop_assert_eq!(n.as_str(), expected.as_str());
        }
    }

    #[test]
    fn context_dependent_conversions_still_happen() {
        // fast2s converts 著 only after 看; a lone-character table would miss it.
        assert_eq!(normalize("看著").as_str(), fast2s::convert("看著"));
        assert_ne!(normalize("看著").as_str(), "看著");
        let mut reused = normalize("ＯＫ謝謝");
        reused.set("好的");
        assert_eq!(reused.as_str(), "好的");
        assert_eq!(reused.original_span(0..6), 0..6);
    }

    #[test]
    fn every_three_byte_character_keeps_its_length_in_conversion() {
        // Guards the offset map: the Traditional→Simplified step must not change lengths.
        let all: String = (0x800u32..0x10000).filter_map(char::from_u32).collect();
        assert_eq!(fast2s::convert(&all).len(), all.len());
    }
}
