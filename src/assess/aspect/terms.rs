//! The aspect lexicon (`data/aspects.tsv`): target and cue terms with their categories,
//! and finding them on token boundaries.

use std::ops::Range;

use once_cell::sync::Lazy;

use crate::pipeline::normalize::normalize;
use crate::pipeline::segment::Token;
use crate::types::aspect::AspectCategory;
use crate::types::error::Error;

/// How an aspect term counts (the `role` column of `data/aspects.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TermRole {
    /// The thing an opinion is about (快递, 客服).
    Target,
    /// An opinion word that implies its category (贵, 闪退).
    Cue,
    /// An opinion word that implies no category (恰到好处, 不到位): it makes its clause
    /// an opinion, as an emotion word of the lexicon does, where the emotion lexicon
    /// lacks it.
    Opinion,
}

#[derive(Debug, Clone)]
pub(super) struct Term {
    pub(super) category: AspectCategory,
    pub(super) role: TermRole,
    pub(super) weight: f32,
}

impl Term {
    /// Whether the term names a topic of its message for the category head: a target
    /// or cue of a category other than `general` (这次 and 公司 name none).
    pub(super) fn names_topic(&self) -> bool {
        self.role != TermRole::Opinion && self.category != AspectCategory::General
    }
}

/// The aspect lexicon: target and cue terms with their categories, in the format of
/// `data/aspects.tsv` (documented in its header).
///
/// ```
/// use zh_emotion::aspect::AspectTerms;
/// let terms = AspectTerms::parse("mine", "骑手\tdelivery\ttarget\t1\n").unwrap();
/// assert_eq!(terms.len(), 1);
/// let err = AspectTerms::parse("mine", "骑手\tcourier\ttarget\t1\n").unwrap_err();
/// assert!(matches!(err, zh_emotion::Error::AspectTerms { line: 1, .. }));
/// assert!(AspectTerms::embedded().len() > 1000);
/// ```
#[derive(Debug, Clone, Default)]
pub struct AspectTerms {
    texts: Vec<String>,
    pub(super) terms: Vec<Term>,
    trie: Trie,
}

/// The terms' texts as a character trie: walked from a place in the text, it gives
/// every term that starts there, and stops at the first character no term continues
/// with (usually the first or second).
#[derive(Debug, Clone, Default)]
struct Trie {
    nodes: Vec<TrieNode>,
    /// One bit per character below U+10000, set when some term starts with it, and
    /// per 64 of them the number of such characters below: a term's first character
    /// is found among the root's children without a search (most are none).
    first: Vec<u64>,
    first_rank: Vec<u32>,
}

/// Characters the `first` bitset covers.
const FIRST_CHARS: usize = 1 << 16;

#[derive(Debug, Clone, Default)]
struct TrieNode {
    /// Sorted by character.
    children: Vec<(char, u32)>,
    /// The terms that end here, in file order.
    terms: Vec<u32>,
}

impl Trie {
    fn insert(&mut self, text: &str, term: u32) {
        if self.nodes.is_empty() {
            self.nodes.push(TrieNode::default());
            self.first = vec![0; FIRST_CHARS / 64];
        }
        if let Some(c) = text.chars().next() {
            let c = c as usize;
            if c < FIRST_CHARS {
                self.first[c / 64] |= 1 << (c % 64);
            }
        }
        let mut node = 0usize;
        for c in text.chars() {
            let next = self.nodes.len() as u32;
            let children = &mut self.nodes[node].children;
            node = match children.binary_search_by_key(&c, |&(k, _)| k) {
                Ok(i) => children[i].1 as usize,
                Err(i) => {
                    children.insert(i, (c, next));
                    self.nodes.push(TrieNode::default());
                    next as usize
                }
            };
        }
        self.nodes[node].terms.push(term);
    }

    /// Counts the first characters, once every term is in.
    fn finish(&mut self) {
        let mut below = 0;
        self.first_rank.clear();
        for w in &self.first {
            self.first_rank.push(below);
            below += w.count_ones();
        }
    }

    /// The node of the root's child for `c`, if any.
    #[inline]
    fn root_child(&self, c: char) -> Option<&TrieNode> {
        let root = self.nodes.first()?;
        let i = c as usize;
        let k = if i < FIRST_CHARS {
            let word = *self.first.get(i / 64)?;
            let bit = 1u64 << (i % 64);
            if word & bit == 0 {
                return None;
            }
            *self.first_rank.get(i / 64)? as usize + (word & (bit - 1)).count_ones() as usize
        } else {
            root.children.binary_search_by_key(&c, |&(k, _)| k).ok()?
        };
        self.nodes.get(root.children.get(k)?.1 as usize)
    }

    /// Calls `found(end, term)` for every term that starts at byte `at` of `s`, by
    /// increasing `end`, then in file order.
    #[inline]
    fn starting_at(&self, s: &str, at: usize, mut found: impl FnMut(usize, usize)) {
        let Some(rest) = s.get(at..) else {
            return;
        };
        let mut chars = rest.char_indices();
        let Some((_, c)) = chars.next() else {
            return;
        };
        let Some(mut node) = self.root_child(c) else {
            return;
        };
        for &term in &node.terms {
            found(at + c.len_utf8(), term as usize);
        }
        for (i, c) in chars {
            let Ok(k) = node.children.binary_search_by_key(&c, |&(k, _)| k) else {
                return;
            };
            let Some(next) = self.nodes.get(node.children[k].1 as usize) else {
                return;
            };
            node = next;
            for &term in &node.terms {
                found(at + i + c.len_utf8(), term as usize);
            }
        }
    }
}

pub(super) const EMBEDDED_TERMS: &str = include_str!("../../../data/aspects.tsv");

static EMBEDDED: Lazy<AspectTerms> = Lazy::new(|| {
    // Parsed by a unit test on every build: a failure here is a packaging defect.
    AspectTerms::parse("aspects.tsv", EMBEDDED_TERMS).unwrap_or_default()
});

impl AspectTerms {
    /// The shipped terms, parsed once per process.
    pub fn embedded() -> &'static AspectTerms {
        &EMBEDDED
    }

    /// Parses terms in the format of `data/aspects.tsv`; `origin` names the source in
    /// errors.
    pub fn parse(origin: &str, text: &str) -> Result<Self, Error> {
        let mut terms = Self::default();
        let mut seen = std::collections::HashSet::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let error = |reason: String| Error::AspectTerms {
                origin: origin.to_string(),
                line: i + 1,
                reason,
            };
            let fields: Vec<&str> = line.split('\t').collect();
            let [term, category, role, weight] = fields.as_slice() else {
                return Err(error(format!(
                    "expected 4 tab-separated fields (term, category, role, weight), found {}",
                    fields.len()
                )));
            };
            let text = normalize(term.trim()).as_str().to_string();
            if text.is_empty() {
                return Err(error("empty term".to_string()));
            }
            let category = category
                .parse::<AspectCategory>()
                .map_err(|e| error(e.to_string()))?;
            let role = match role.trim() {
                "target" => TermRole::Target,
                "cue" => TermRole::Cue,
                "opinion" => TermRole::Opinion,
                other => {
                    return Err(error(format!(
                        "unknown role {other:?} (target, cue or opinion)"
                    )))
                }
            };
            let weight: f32 = weight
                .trim()
                .parse()
                .map_err(|_| error(format!("weight {weight:?} is not a number")))?;
            if !(weight > 0.0 && weight <= 3.0) {
                return Err(error(format!("weight {weight} outside (0, 3]")));
            }
            if !seen.insert((text.clone(), role)) {
                return Err(error(format!("duplicate term {text:?} with this role")));
            }
            terms.texts.push(text);
            terms.terms.push(Term {
                category,
                role,
                weight,
            });
        }
        for (i, text) in terms.texts.iter().enumerate() {
            terms.trie.insert(text, i as u32);
        }
        terms.trie.finish();
        Ok(terms)
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.terms.len()
    }

    /// True when there are no terms.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The category and role of `term` (normalised like input), if it is listed; a
    /// term listed in both roles answers with its target row.
    pub fn get(&self, term: &str) -> Option<(AspectCategory, TermRole)> {
        let text = normalize(term);
        let mut found = None;
        for (t, info) in self.texts.iter().zip(&self.terms) {
            if t == text.as_str() && (found.is_none() || info.role == TermRole::Target) {
                found = Some((info.category, info.role));
            }
        }
        found
    }

    /// The terms found in `s` whose ends fall on token boundaries, not contained in a
    /// longer such term, in text order.
    ///
    /// A term may also lie inside one token that is a lexicon word (服务 in 服务差),
    /// when it starts or ends that token: `words` are those tokens' spans, sorted.
    #[cfg(test)]
    pub(super) fn find(&self, s: &str, tokens: &[Token], words: &[Range<usize>]) -> Vec<Match> {
        let (mut starts, mut flags) = (Vec::new(), Vec::new());
        let mut found = Vec::new();
        let mut kept = Vec::new();
        let buffers = (&mut starts, &mut flags);
        self.find_into(s, tokens, words, buffers, &mut found, &mut kept);
        kept
    }

    /// The categories of the target and cue terms anywhere in `s` (normalised like
    /// input; at every character, token boundaries or not), `general` left out (its
    /// terms, 这次 and 公司, name no topic): the message's context that the category
    /// head is trained to read beside a span's characters. (A classification reads
    /// the categories of the terms it found on token boundaries instead, which it has
    /// at no cost: the same terms less those inside other words.)
    ///
    /// ```
    /// use zh_emotion::aspect::AspectTerms;
    /// use zh_emotion::AspectCategory;
    /// let seen = AspectTerms::embedded().categories_in("退款三天了还没到");
    /// assert!(seen[AspectCategory::Refund.index()]);
    /// ```
    pub fn categories_in(&self, s: &str) -> [bool; AspectCategory::COUNT] {
        let mut seen = [false; AspectCategory::COUNT];
        for (at, _) in s.char_indices() {
            self.trie.starting_at(s, at, |_, t| {
                let term = &self.terms[t];
                if term.names_topic() {
                    seen[term.category.index()] = true;
                }
            });
        }
        seen
    }

    /// Calls `found(end, term)` for every term that starts at byte `at` of `s`, by
    /// increasing `end`, then in file order.
    pub(super) fn each_starting_at(&self, s: &str, at: usize, found: impl FnMut(usize, usize)) {
        self.trie.starting_at(s, at, found);
    }

    /// The matches that `find` (the allocating form the tests use) returns, written
    /// into `kept`, with `starts` and `found` as buffers (all cleared).
    ///
    /// A term can only start where a token starts or inside a lexicon word, so the
    /// trie is walked from those places alone (a character or two each), where a
    /// search of the whole text would visit every byte and report every term in it.
    /// The places come in text order (tokens and words are both sorted), so the terms
    /// are found in the order they are kept in, without a sort.
    pub(super) fn find_into(
        &self,
        s: &str,
        tokens: &[Token],
        words: &[Range<usize>],
        (starts, flags): (&mut Vec<usize>, &mut Vec<u8>),
        found: &mut Vec<Match>,
        kept: &mut Vec<Match>,
    ) {
        starts.clear();
        found.clear();
        kept.clear();
        if self.terms.is_empty() {
            return;
        }
        // Where tokens start (bit 0) and end (bit 1), per byte of `s` and one after.
        flags.clear();
        flags.resize(s.len() + 1, 0);
        for t in tokens {
            if let Some(f) = flags.get_mut(t.start) {
                *f |= 1;
            }
            if let Some(f) = flags.get_mut(t.end) {
                *f |= 2;
            }
        }
        let flag = |at: usize, bit: u8| flags.get(at).is_some_and(|&f| f & bit != 0);
        // The characters of the lexicon words, then merged with the token starts.
        for w in words {
            if let Some(word) = s.get(w.clone()) {
                starts.extend(word.char_indices().map(|(i, _)| w.start + i));
            }
        }
        // Token starts in text order (as the segmenter gives them) are merged with
        // these; any other order is sorted in with them.
        let mut merged = tokens;
        if !tokens.windows(2).all(|p| p[0].start < p[1].start) {
            starts.extend(tokens.iter().map(|t| t.start));
            merged = &[];
        }
        if !starts.windows(2).all(|p| p[0] < p[1]) {
            starts.sort_unstable();
            starts.dedup();
        }
        let (mut t, mut w) = (0usize, 0usize);
        let mut last = None;
        loop {
            let token_at = merged.get(t).map(|t| t.start);
            let word_at = starts.get(w).copied();
            let start = match (token_at, word_at) {
                (Some(a), Some(b)) if b < a => {
                    w += 1;
                    b
                }
                (Some(a), Some(b)) => {
                    t += 1;
                    w += usize::from(a == b);
                    a
                }
                (Some(a), None) => {
                    t += 1;
                    a
                }
                (None, Some(b)) => {
                    w += 1;
                    b
                }
                (None, None) => break,
            };
            if last == Some(start) {
                continue;
            }
            last = Some(start);
            let group = found.len();
            let starts_token = flag(start, 1);
            self.trie.starting_at(s, start, |end, term| {
                let on_tokens = starts_token && flag(end, 2);
                let in_word = || {
                    let i = words.partition_point(|w| w.start <= start);
                    i > 0 && {
                        let w = &words[i - 1];
                        end <= w.end && (w.start == start || w.end == end)
                    }
                };
                if on_tokens || in_word() {
                    found.push(Match {
                        span: start..end,
                        term,
                    });
                }
            });
            // Found by increasing end then term: kept by decreasing end then term.
            let here = &mut found[group..];
            if here.len() > 1 {
                here.reverse();
                let mut i = 0;
                while i < here.len() {
                    let end = here[i].span.end;
                    let j = i + here[i..].iter().take_while(|m| m.span.end == end).count();
                    here[i..j].reverse();
                    i = j;
                }
            }
        }
        for m in found.drain(..) {
            // Inside a longer term of its role kept before it (a target inside a cue,
            // 服务 in 服务差, stays)?
            let role = self.terms[m.term].role;
            if kept.iter().rev().take(8).any(|k| {
                self.terms[k.term].role == role
                    && k.span.start <= m.span.start
                    && m.span.end <= k.span.end
                    && k.span != m.span
            }) {
                continue;
            }
            kept.push(m);
        }
    }
}

#[derive(Debug, Clone)]
pub(super) struct Match {
    pub(super) span: Range<usize>,
    pub(super) term: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plain search: every place sorted, every term of the trie from each, every
    /// match sorted, then the same filter.
    fn find_plainly(
        terms: &AspectTerms,
        s: &str,
        tokens: &[Token],
        words: &[Range<usize>],
    ) -> Vec<(Range<usize>, usize)> {
        let mut starts: Vec<usize> = tokens.iter().map(|t| t.start).collect();
        for w in words {
            if let Some(word) = s.get(w.clone()) {
                starts.extend(word.char_indices().map(|(i, _)| w.start + i));
            }
        }
        starts.sort_unstable();
        starts.dedup();
        let starts_token = |at: usize| tokens.iter().any(|t| t.start == at);
        let ends_token = |at: usize| tokens.iter().any(|t| t.end == at);
        let mut found = Vec::new();
        for &start in &starts {
            let Some(rest) = s.get(start..) else { continue };
            for (i, text) in terms.texts.iter().enumerate() {
                if !rest.starts_with(text.as_str()) {
                    continue;
                }
                let end = start + text.len();
                let i_word = words.partition_point(|w| w.start <= start);
                let in_word = i_word > 0 && {
                    let w = &words[i_word - 1];
                    end <= w.end && (w.start == start || w.end == end)
                };
                if (starts_token(start) && ends_token(end)) || in_word {
                    found.push((start..end, i));
                }
            }
        }
        found.sort_unstable_by_key(|(r, t)| (r.start, std::cmp::Reverse(r.end), *t));
        let mut kept: Vec<(Range<usize>, usize)> = Vec::new();
        for (r, t) in found {
            let role = terms.terms[t].role;
            if kept.iter().rev().take(8).any(|(k, kt)| {
                terms.terms[*kt].role == role && k.start <= r.start && r.end <= k.end && *k != r
            }) {
                continue;
            }
            kept.push((r, t));
        }
        kept
    }

    #[test]
    fn finds_what_the_plain_search_finds() {
        let terms = AspectTerms::embedded();
        let texts = [
            "菜很好吃，但是上菜太慢，服务员态度也差",
            "快递员很好很好很好，快递很慢很慢😡",
            "客服客服客服不理我，价格太贵了！！",
            "房间和卫生间都很干净，价格也不贵，下次还来",
            "The food was great but 服务员态度很差",
            "物流速度快，包装完好，质量不错，性价比高",
        ];
        // A small generator, so that the test is the same on every run.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        let mut total = 0;
        for round in 0..400 {
            let s = texts[round % texts.len()];
            let bounds: Vec<usize> = s.char_indices().map(|(i, _)| i).chain([s.len()]).collect();
            // Tokens of 1 to 3 characters, in order; every 7th round out of order.
            let mut tokens = Vec::new();
            let mut at = 0;
            while at + 1 < bounds.len() {
                let end = (at + 1 + next(3)).min(bounds.len() - 1);
                tokens.push(bounds[at]..bounds[end]);
                at = end;
            }
            if round % 7 == 6 {
                let last = tokens.len() - 1;
                tokens.swap(0, last);
            }
            // Words: some tokens and some spans across them, sorted by start, at
            // times overlapping.
            let mut words: Vec<Range<usize>> = Vec::new();
            for _ in 0..next(5) {
                let a = next(bounds.len() - 1);
                let b = (a + 1 + next(4)).min(bounds.len() - 1);
                words.push(bounds[a]..bounds[b]);
            }
            words.sort_by_key(|w| w.start);
            let mut sorted_tokens = tokens.clone();
            sorted_tokens.sort_by_key(|t| t.start);
            let got: Vec<(Range<usize>, usize)> = terms
                .find(s, &tokens, &words)
                .into_iter()
                .map(|m| (m.span, m.term))
                .collect();
            total += got.len();
            assert_eq!(
                got,
                find_plainly(terms, s, &sorted_tokens, &words),
                "{s} {tokens:?} {words:?}"
            );
        }
        assert!(total > 400, "{total}");
    }
}
