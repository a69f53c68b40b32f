//! Segmentation: jieba-rs with the lexicon's multi-character words added, so that
//! emotion words and phrases (跟描述不符, 下次不会再买了) stay whole, and emoji or
//! emoticons (`[怒]`, `T_T`) cut out before jieba sees them.

use std::ops::Range;

use jieba_rs::Jieba;

use crate::pipeline::lexicon::Lexicon;

/// Dictionary frequency given to lexicon words: high enough that jieba keeps them
/// whole against the usual split, as `suggest_freq` would, without its cost per word.
const LEXICON_WORD_FREQ: usize = 20_000;

/// One token: a byte range of the normalised text.
pub type Token = Range<usize>;

/// Length of the UTF-8 sequence that `lead` (a char boundary byte) starts.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// A jieba segmenter that knows a lexicon's words.
#[derive(Clone)]
pub struct Segmenter {
    jieba: Jieba,
}

impl std::fmt::Debug for Segmenter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Segmenter").finish_non_exhaustive()
    }
}

impl Segmenter {
    /// jieba's embedded dictionary plus the lexicon's multi-character words.
    pub fn new(lexicon: &Lexicon) -> Self {
        let mut jieba = Jieba::new();
        // Sorted so that the dictionary is built the same way on every run.
        let mut words: Vec<&str> = lexicon.segmenter_words().collect();
        words.sort_unstable();
        for word in words {
            jieba.add_word(word, Some(LEXICON_WORD_FREQ), None);
        }
        Self { jieba }
    }

    /// Segments `text` into `out` (cleared first): lexicon symbols as single tokens,
    /// the rest cut by jieba with its HMM for unknown words.
    pub fn segment_into(&self, text: &str, lexicon: &Lexicon, out: &mut Vec<Token>) {
        out.clear();
        let bytes = text.as_bytes();
        let mut piece_start = 0;
        let mut at = 0;
        while at < bytes.len() {
            // Symbols start with a non-Han character; skip the lookup for Han text.
            // Lead bytes 0xE5..=0xE9 start U+5000..U+9FFF, all Han: no decoding there.
            let lead = bytes[at];
            let symbol = if (0xE5..=0xE9).contains(&lead)
                || text[at..]
                    .chars()
                    .next()
                    .is_some_and(crate::pipeline::lexicon::is_han)
            {
                None
            } else {
                lexicon.symbol_at(text, at)
            };
            match symbol {
                Some(len) => {
                    self.cut_piece(text, piece_start..at, out);
                    out.push(at..at + len);
                    at += len;
                    piece_start = at;
                }
                None => at += utf8_len(lead),
            }
        }
        self.cut_piece(text, piece_start..text.len(), out);
    }

    fn cut_piece(&self, text: &str, piece: Range<usize>, out: &mut Vec<Token>) {
        if piece.is_empty() {
            return;
        }
        let base = piece.start;
        for token in self.jieba.cut(&text[piece], true) {
            out.push(base + token.byte_start..base + token.byte_end);
        }
    }

    /// jieba's `cut` of `text` alone, without lexicon symbols: the baseline the
    /// benchmarks compare the whole classifier against.
    pub fn jieba(&self) -> &Jieba {
        &self.jieba
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::types::emotion::Emotion;

    fn words<'a>(text: &'a str, tokens: &[Token]) -> Vec<&'a str> {
        tokens.iter().map(|t| &text[t.clone()]).collect()
    }

    #[test]
    fn lexicon_phrases_stay_whole_and_symbols_are_tokens() {
        let mut lexicon = Lexicon::empty();
        lexicon
            .add_emotion_word("跟描述不符", Emotion::Disappointment, 2.0)
            .unwrap();
        lexicon
            .add_emotion_word("[怒]", Emotion::Anger, 2.0)
            .unwrap();
        let segmenter = Segmenter::new(&lexicon);
        let text = "衣服跟描述不符[怒][怒]";
        let mut tokens = Vec::new();
        segmenter.segment_into(text, &lexicon, &mut tokens);
        let w = words(text, &tokens);
        assert!(w.contains(&"跟描述不符"), "{w:?}");
        assert_eq!(w.iter().filter(|t| **t == "[怒]").count(), 2, "{w:?}");
        // Tokens tile the text.
        assert_eq!(w.concat(), text);
    }

    #[test]
    fn empty_and_odd_input() {
        let lexicon = Lexicon::empty();
        let segmenter = Segmenter::new(&lexicon);
        let mut tokens: Vec<Token> = std::iter::once(0..1).collect();
        segmenter.segment_into("", &lexicon, &mut tokens);
        assert!(tokens.is_empty());
        let text = "a\u{200d}😀\u{202e}x ";
        segmenter.segment_into(text, &lexicon, &mut tokens);
        assert_eq!(words(text, &tokens).concat(), text);
    }
}
