//! Tokens the segmenter kept as one word that are a target then a cue (皮脆, 肉嫩):
//! both terms are found in them, as in 皮很脆.

use std::ops::Range;

use super::terms::{AspectTerms, Match, TermRole};
use crate::pipeline::segment::Token;
use crate::pipeline::tokens::TokenFacts;

/// Longest token, in characters, that [`AspectTerms::split_glued`] tries to split.
const GLUED_MAX_CHARS: usize = 4;

impl AspectTerms {
    /// Adds the target and the cue of tokens the segmenter kept as one word, a target
    /// then a cue (皮脆, 肉嫩: target 皮 and cue 脆), where no match touches the token:
    /// such a token judges its target, as 皮很脆 would. `matches` stays in the order of
    /// [`AspectTerms::find_into`] (by start, then decreasing end).
    pub(super) fn split_glued(
        &self,
        s: &str,
        tokens: &[Token],
        facts: &[TokenFacts<'_>],
        matches: &mut Vec<Match>,
    ) {
        let mut m = 0;
        for (token, fact) in tokens.iter().zip(facts) {
            // A word of the emotion lexicon is one word, not a target and a cue.
            if fact.info.is_some() || fact.clause_break {
                continue;
            }
            while m < matches.len() && matches[m].span.end <= token.start {
                m += 1;
            }
            // At most four characters of at most four bytes (the cheapest test first).
            if !(2..=4 * GLUED_MAX_CHARS).contains(&token.len()) {
                continue;
            }
            // Every match before `m` ends before the token; of the rest, those that
            // start before its end are the ones that could overlap it.
            let touched = matches[m..]
                .iter()
                .take_while(|k| k.span.start < token.end)
                .any(|k| k.span.end > token.start);
            if touched {
                continue;
            }
            let Some(word) = s.get(token.clone()) else {
                continue;
            };
            if !(2..=GLUED_MAX_CHARS).contains(&word.chars().count()) {
                continue;
            }
            if let Some((target, cue)) = self.glued_pair(s, token) {
                let at = matches.partition_point(|k| k.span.start < token.start);
                matches.splice(at..at, [target, cue]);
                m = at + 2;
            }
        }
    }

    /// The longest target that begins `token` and is followed by a cue ending it.
    fn glued_pair(&self, s: &str, token: &Range<usize>) -> Option<(Match, Match)> {
        // The first target in file order at each end inside the token (fewer than
        // GLUED_MAX_CHARS ends), found by increasing end.
        let mut targets = [(0usize, 0usize); GLUED_MAX_CHARS];
        let mut n = 0;
        self.each_starting_at(s, token.start, |end, term| {
            let new_end = n == 0 || targets[n - 1].0 != end;
            let target = self.terms[term].role == TermRole::Target;
            if end < token.end && new_end && n < GLUED_MAX_CHARS && target {
                targets[n] = (end, term);
                n += 1;
            }
        });
        // The longest first.
        for &(split, target) in targets[..n].iter().rev() {
            let mut cue = None;
            self.each_starting_at(s, split, |end, term| {
                if end == token.end && cue.is_none() && self.terms[term].role == TermRole::Cue {
                    cue = Some(term);
                }
            });
            if let Some(cue) = cue {
                return Some((
                    Match {
                        span: token.start..split,
                        term: target,
                    },
                    Match {
                        span: split..token.end,
                        term: cue,
                    },
                ));
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_glued_from_a_target_and_a_cue_holds_both() {
        let terms = AspectTerms::parse(
            "test",
            "皮\tquality\ttarget\t1\n脆\tquality\tcue\t1\n饼皮\tquality\ttarget\t1\n",
        )
        .unwrap();
        let found = |s: &str, tokens: &[Token]| {
            let mut matches = terms.find(s, tokens, &[]);
            let plain = TokenFacts {
                info: None,
                clause_break: false,
                space: false,
                masked: false,
                negated_word: false,
                glued_degree: None,
            };
            let facts = vec![plain; tokens.len()];
            terms.split_glued(s, tokens, &facts, &mut matches);
            let words: Vec<String> = matches
                .iter()
                .map(|m| s[m.span.clone()].to_string())
                .collect();
            words
        };
        // 皮脆 is one token: its target and its cue.
        assert_eq!(
            found("皮脆，饼皮", &[0..6, 6..9, 9..15]),
            ["皮", "脆", "饼皮"]
        );
        // A token a match already covers, or one that is only a target, is left alone.
        assert_eq!(found("饼皮", std::slice::from_ref(&(0..6))), ["饼皮"]);
        assert!(found("皮皮", std::slice::from_ref(&(0..6))).is_empty());
        // Mixed scripts, emoji and out-of-range tokens never panic.
        assert!(found("皮😡脆", &[0..4, 4..11, 11..99]).is_empty());
    }
}
