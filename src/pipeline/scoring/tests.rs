//! Tests of the lexicon scoring rules.

use super::*;
use crate::pipeline::normalize::normalize;
use crate::pipeline::segment::Segmenter;

fn lexicon() -> Lexicon {
    let mut l = Lexicon::empty();
    l.add_emotion_word("满意", Emotion::Joy, 2.0).unwrap();
    l.add_emotion_word("好", Emotion::Joy, 1.0).unwrap();
    l.add_emotion_word("急", Emotion::Anxiety, 2.0).unwrap();
    l.add_emotion_word("失望", Emotion::Disappointment, 2.0)
        .unwrap();
    l.add_emotion_word("不错", Emotion::Joy, 1.5).unwrap();
    l.add_emotion_word("慢", Emotion::Disappointment, 1.0)
        .unwrap();
    l.load_modifiers(
        "test",
        "negation\t不\t2\nnegation\t不是\t3\ndegree\t非常\t1.8\ndegree\t太\t1.8\ndegree\t有点\t0.6\n\
         degree\t很\t1.3\ndegree\t死了\t2\ncontrast\t但是\t1.6\nsarcasm\t呵呵\t2\nrhetorical\t难道\t2",
    )
    .unwrap();
    l
}

fn run(text: &str) -> LexiconAnalysis {
    run_with(&lexicon(), text)
}

/// Segments and scores `text` with the lexicon `l`.
fn run_with(l: &Lexicon, text: &str) -> LexiconAnalysis {
    let seg = Segmenter::new(l);
    let n = normalize(text);
    let mut tokens = Vec::new();
    seg.segment_into(n.as_str(), l, &mut tokens);
    analyse(&n, &tokens, l)
}

fn w(a: &LexiconAnalysis, e: Emotion) -> f32 {
    a.label_weights[e.index()]
}

#[test]
fn plain_hit() {
    let a = run("我很满意");
    assert_eq!(a.hits.len(), 1);
    assert!(w(&a, Emotion::Joy) > 2.0);
}

#[test]
fn negation_turns_satisfaction_into_disappointment() {
    let a = run("我不满意");
    assert_eq!(w(&a, Emotion::Joy), 0.0);
    assert!(w(&a, Emotion::Disappointment) > 0.0);
    assert!(a.hits[0].negated);
    assert_eq!(a.negations, 1);
}

#[test]
fn negation_stops_at_clause_end() {
    let a = run("不行，满意");
    assert!(w(&a, Emotion::Joy) > 0.0, "{a:?}");
}

#[test]
fn not_as_bad_as_imagined_is_praise() {
    // 没有想象中 negates the word after it and is a letdown only on its own (the
    // shipped lexicon's entries).
    let l = Lexicon::embedded();
    let run = |text: &str| run_with(&l, text);
    let a = run("整体没有想象中差");
    assert_eq!(w(&a, Emotion::Disappointment), 0.0, "{a:?}");
    assert!(a.hits.iter().all(|h| h.negated), "{a:?}");
    let a = run("没有想象中好吃");
    assert!(w(&a, Emotion::Disappointment) > 0.0, "{a:?}");
    let a = run("没有想象中");
    assert!(w(&a, Emotion::Disappointment) > 0.0, "{a:?}");
}

#[test]
fn a_negated_worry_negates_what_it_is_about() {
    // The shipped lexicon: 担心 is a worry, 烧机油 and 坏 are complaints.
    let l = Lexicon::embedded();
    let run = |text: &str| run_with(&l, text);
    for text in ["还不担心烧机油", "不用担心烧机油"] {
        let a = run(text);
        assert_eq!(w(&a, Emotion::Disappointment), 0.0, "{text}: {a:?}");
        assert!(w(&a, Emotion::Joy) > 0.0, "{text}: {a:?}");
    }
    // Without a complaint after it, the negated worry is calm, not praise, and a
    // worry that is not negated leaves the complaint after it alone.
    let a = run("不担心");
    assert_eq!(w(&a, Emotion::Joy), 0.0, "{a:?}");
    let a = run("担心烧机油");
    assert!(w(&a, Emotion::Disappointment) > 0.0, "{a:?}");
    // 不容易 and 不见 negate the complaint after them.
    for text in ["不容易坏", "不容易过时", "也不见烧机油"] {
        let a = run(text);
        assert!(a.hits.iter().all(|h| h.negated), "{text}: {a:?}");
        assert!(w(&a, Emotion::Joy) > 0.0, "{text}: {a:?}");
    }
}

#[test]
fn a_negation_the_segmenter_kept_with_its_word_negates_it() {
    // jieba keeps 不差, 不吵 and 没坏 whole; the lexicon knows 差, 吵 and 坏.
    let l = Lexicon::embedded();
    for text in ["味道不差", "房间不吵", "东西没坏"] {
        let a = run_with(&l, text);
        assert_eq!(a.hits.len(), 1, "{text}: {a:?}");
        let hit = &a.hits[0];
        assert!(hit.negated && hit.is_negated_complaint(), "{text}: {a:?}");
        assert_eq!(hit.emotion, Emotion::Joy, "{text}: {a:?}");
        // The negation's span is the 不 or 没 at the token's start.
        let negation = &hit.modifiers[0];
        assert_eq!(negation.kind, ModifierKind::Negation);
        assert_eq!(negation.span, hit.span.start..hit.span.start + 3);
        assert_eq!(a.negations, 1);
    }
    // A second negation turns it back (不是不差), and a lexicon word is read as it
    // stands (不满意 is one word of complaint).
    let a = run_with(&l, "不是不差");
    assert!(
        !a.hits[0].negated && a.hits[0].emotion == Emotion::Disappointment,
        "{a:?}"
    );
    let a = run_with(&l, "不满意");
    assert!(!a.hits[0].negated, "{a:?}");
}

#[test]
fn a_degree_word_the_segmenter_kept_with_its_word_grades_it() {
    // jieba keeps 很丑, 挺脏 and 超坑 whole; the lexicon knows 丑, 脏 and 坑, and the
    // degree words 很, 挺 and 超.
    let l = Lexicon::embedded();
    for (text, emotion) in [
        ("很丑", Emotion::Disappointment),
        ("挺脏", Emotion::Disgust),
        ("超坑", Emotion::Anger),
    ] {
        let a = run_with(&l, text);
        assert_eq!(a.hits.len(), 1, "{text}: {a:?}");
        let hit = &a.hits[0];
        assert_eq!(hit.emotion, emotion, "{text}: {a:?}");
        assert!(!hit.negated, "{text}: {a:?}");
        assert!(hit.weight > hit.strength, "{text}: {a:?}");
        assert_eq!(hit.modifiers[0].kind, ModifierKind::Degree, "{text}: {a:?}");
        assert_eq!(hit.modifiers[0].span, 0..3, "{text}: {a:?}");
    }
    // Not with praise, where the degree can mean excess: 太甜 of a dessert.
    let a = run_with(&l, "太甜");
    assert!(a.hits.iter().all(|h| h.emotion != Emotion::Joy), "{a:?}");
}

#[test]
fn hedged_negation_is_milder() {
    let plain = run("不满意");
    let hedged = run("不是很满意");
    assert!(w(&hedged, Emotion::Disappointment) > 0.0);
    assert!(w(&hedged, Emotion::Disappointment) < w(&plain, Emotion::Disappointment));
}

#[test]
fn degree_words_scale() {
    let base = w(&run("满意"), Emotion::Joy);
    assert!(w(&run("非常满意"), Emotion::Joy) > base);
    assert!(w(&run("有点满意"), Emotion::Joy) < base);
    assert!(run("有点满意").hedged);
    assert!(w(&run("急死了"), Emotion::Anxiety) > w(&run("急"), Emotion::Anxiety));
}

#[test]
fn contrast_favours_the_later_clause() {
    let a = run("东西不错，但是我很失望");
    assert!(a.contrast);
    assert!(
        w(&a, Emotion::Disappointment) > w(&a, Emotion::Joy),
        "{a:?}"
    );
}

#[test]
fn contrast_reaches_to_the_end_of_its_clause_only() {
    // 但是 strengthens the clause it opens, even across a comma before its first
    // emotion word; the verdict in the next clause keeps its own weight.
    let a = run("满意，但是，有点慢，慢，满意");
    let weights: Vec<f32> = a.hits.iter().map(|h| h.weight).collect();
    assert_eq!(weights, vec![2.0 * 0.5, 1.0 * 0.6 * 1.6, 1.0, 2.0]);
    let contrasted: Vec<bool> = a
        .hits
        .iter()
        .map(|h| h.modifiers.iter().any(|m| m.kind == ModifierKind::Contrast))
        .collect();
    assert_eq!(contrasted, vec![false, true, false, false]);
}

#[test]
fn each_contrast_word_halves_the_hits_before_it() {
    let a = run("满意，但是满意，但是满意");
    let weights: Vec<f32> = a.hits.iter().map(|h| h.weight).collect();
    assert_eq!(weights, vec![2.0 * 0.25, 2.0 * 1.6 * 0.5, 2.0 * 1.6]);
    assert_eq!(contrast_scale(3.0, 2), 0.75);
    for w in ["", "a", "满意", "a满😀é", "!!!"] {
        assert_eq!(char_count(w) as usize, w.chars().count());
    }
    // Many contrast words (a very long text) end at zero, as halving each time did.
    assert_eq!(contrast_scale(3.0, 100_000), 0.0);
    let one_at_a_time = |mut w: f32, times: u32| {
        for _ in 0..times {
            w *= BEFORE_CONTRAST;
        }
        w
    };
    for w in [3.0, 1.7, 0.123, f32::MIN_POSITIVE * 11.0, 1e-40, 77e-45] {
        for times in 0..300 {
            let (fast, slow) = (contrast_scale(w, times), one_at_a_time(w, times));
            assert_eq!(fast.to_bits(), slow.to_bits(), "{w} {times}");
        }
    }
}

#[test]
fn sarcasm_turns_praise_negative() {
    let a = run("呵呵，真是太满意了");
    assert_eq!(w(&a, Emotion::Joy), 0.0);
    assert!(w(&a, Emotion::Anger) > 0.0);
    let quoted = run("真是“好”服务");
    assert_eq!(w(&quoted, Emotion::Joy), 0.0, "{quoted:?}");
    assert!(quoted.sarcasm > 0.0);
}

#[test]
fn punctuation_is_counted() {
    let p = run("怎么还没到？？？急死了！！！……").punctuation;
    assert_eq!((p.questions, p.longest_question_run), (3, 3));
    assert_eq!((p.exclamations, p.longest_exclamation_run), (3, 3));
    assert_eq!(p.ellipses, 1);
    assert_eq!(run("太太太好了").punctuation.longest_char_repeat, 3);
}

#[test]
fn rhetorical_cue_is_counted() {
    assert!(run("难道你们不用负责吗？").rhetorical > 0.0);
}

#[test]
fn a_complaint_that_is_gone_is_negated() {
    let l = Lexicon::embedded();
    for text in [
        "更新之后闪退没有了",
        "换了配件以后异响没了",
        "卡顿的问题终于没有了",
        "异响消失了",
        "闪退没再出现过",
    ] {
        let a = run_with(&l, text);
        let hit = a.hits.first().unwrap_or_else(|| panic!("{text}: no hit"));
        assert!(hit.negated, "{text}: {a:?}");
        assert_eq!(hit.emotion, Emotion::Joy, "{text}: {a:?}");
        assert!(
            hit.modifiers
                .iter()
                .any(|m| m.kind == ModifierKind::Negation),
            "{text}: {a:?}"
        );
    }
    // The 没 of 没了 negates nothing after it; a question negates nothing; a
    // problem not solved stays a complaint.
    let after = run_with(&l, "异响没了好开心");
    assert!(
        after.hits.iter().all(|h| h.emotion == Emotion::Joy),
        "{after:?}"
    );
    for text in ["异响没有了吗？", "问题没有解决"] {
        let a = run_with(&l, text);
        assert!(w(&a, Emotion::Joy) == 0.0, "{text}: {a:?}");
    }
}

#[test]
fn yiban_closing_a_simile_is_no_complaint() {
    let l = Lexicon::embedded();
    for text in ["操控犹如宝马一般", "如同新车一般"] {
        let a = run_with(&l, text);
        assert!(
            a.hits.iter().all(|h| &text[h.span.clone()] != "一般"),
            "{text}: {a:?}"
        );
    }
    // 好像一般 (seems mediocre) opens no simile: nothing stands between.
    let a = run_with(&l, "好像一般");
    assert!(w(&a, Emotion::Disappointment) > 0.0, "{a:?}");
}

#[test]
fn what_was_expected_is_not_felt() {
    let l = Lexicon::embedded();
    let text = normalize("原以为会很麻烦，没想到十分钟就办好了");
    let a = run_with(&l, text.as_str());
    let words = |a: &LexiconAnalysis, t: &str| -> Vec<String> {
        a.hits
            .iter()
            .map(|h| t[h.span.clone()].to_string())
            .collect()
    };
    assert!(
        !words(&a, text.as_str()).iter().any(|w| w.contains("麻烦")),
        "{a:?}"
    );
    let a = run_with(&l, "本来以为服务会很好，结果让人失望");
    assert_eq!(w(&a, Emotion::Joy), 0.0, "{a:?}");
    let normalized = normalize("本以为很好吃，结果难吃死了");
    let text = normalized.as_str();
    let a = run_with(&l, text);
    assert_eq!(w(&a, Emotion::Joy), 0.0, "{a:?}");
    assert!(w(&a, Emotion::Disappointment) > 0.0, "{a:?}");
    // The clause after the expectation's is felt again.
    assert!(
        a.hits.iter().any(|h| text[h.span.clone()].contains("难吃")),
        "{a:?}"
    );
}

#[test]
fn lihai_after_de_says_how_much() {
    let l = Lexicon::embedded();
    for text in ["晃得厉害", "牙疼得很厉害", "抖得太厉害了"] {
        let a = run_with(&l, text);
        assert_eq!(w(&a, Emotion::Joy), 0.0, "{text}: {a:?}");
    }
    assert!(w(&run_with(&l, "这个师傅很厉害"), Emotion::Joy) > 0.0);
}
