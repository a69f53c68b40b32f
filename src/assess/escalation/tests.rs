//! Unit tests of the escalation rules, the matcher and the context.

use super::*;
use std::ops::Range;

use super::matcher::*;
use super::rules::*;
use crate::types::emotion::Emotion;
use crate::types::error::Error;

fn rules() -> &'static EscalationRules {
    EscalationRules::embedded()
}

fn kinds(text: &str) -> Vec<EscalationKind> {
    rules().assess(text, None).kinds()
}

#[test]
fn embedded_rules_parse_and_cover_every_kind() {
    let parsed = EscalationRules::parse("escalation.tsv", EMBEDDED_RULES).unwrap();
    assert!(parsed.pattern_count() > 200, "{}", parsed.pattern_count());
    for kind in EscalationKind::ALL {
        assert!(
            parsed.patterns.iter().any(|p| p.kind == kind),
            "no pattern for {kind}"
        );
    }
    assert_eq!(rules().pattern_count(), parsed.pattern_count());
}

#[test]
fn kinds_round_trip() {
    for (i, k) in EscalationKind::ALL.into_iter().enumerate() {
        assert_eq!(k.index(), i);
        assert_eq!(k.id().parse::<EscalationKind>().unwrap(), k);
        assert_eq!(k.zh().parse::<EscalationKind>().unwrap(), k);
        assert_eq!(k.to_string(), k.id());
    }
    assert!(matches!(
        "gas".parse::<EscalationKind>(),
        Err(Error::UnknownEscalationKind(_))
    ));
}

#[test]
fn malformed_rules_report_line() {
    for bad in [
        "safety_risk\tcue",
        "safety\tcue\t煤气",
        "safety_risk\tfoo\t煤气",
        "*\tcue\t煤气",
        "safety_risk\tthreat\t要",
        "safety_risk\tcount\t第#次",
        "repeated_contact\tcount\t#第#次",
        "legal_action\tconsequence\t住院",
        "safety_risk\tcue\t ",
    ] {
        let err = EscalationRules::parse("t.tsv", &format!("# c\n{bad}")).unwrap_err();
        assert!(err.to_string().contains("line 2"), "{bad:?}: {err}");
    }
}

#[test]
fn health_consequences_count_only_where_something_went_wrong() {
    let rules = EscalationRules::parse(
        "t.tsv",
        "safety_risk\tconsequence\t住院\nsafety_risk\tblock_sentence\t报销\n*\tquestion\t怎么",
    )
    .unwrap();
    let safety = |text: &str, emotion| rules.assess(text, emotion).has(EscalationKind::SafetyRisk);
    assert!(safety("吃了你们的外卖，全家都住院了", None));
    assert!(safety("吃了你们的外卖，全家都住院了", Some(Emotion::Anger)));
    // Not in a neutral message, a question, or beside a claim in its sentence.
    assert!(!safety("我爸住院了", Some(Emotion::Neutral)));
    assert!(!safety("住院要带什么？", None));
    assert!(!safety("住院花的钱怎么报销", Some(Emotion::Anxiety)));
    assert!(!safety("住院花的钱还没报销", Some(Emotion::Anger)));
    // A claim in another sentence does not block it.
    assert!(safety(
        "吃了你们的外卖住院了。报销的事以后再说",
        Some(Emotion::Anger)
    ));
}

#[test]
fn numbers_in_both_numeral_systems() {
    let values = |s: &str| -> Vec<u32> { find_numbers(s).iter().map(|n| n.value).collect() };
    assert_eq!(values("第3次"), vec![3]);
    assert_eq!(values("第三次"), vec![3]);
    assert_eq!(values("打了十五次"), vec![15]);
    assert_eq!(values("二十多次"), vec![20]);
    assert_eq!(values("十几次"), vec![13]);
    assert_eq!(values("两次"), vec![2]);
    assert_eq!(values("第n次"), vec![3]);
    assert!(values("no").is_empty());
    assert_eq!(values("第12次"), vec![12]);
    let n = &find_numbers("联系了好几次")[0];
    assert_eq!(&"联系了好几次"[n.span.clone()], "好几");
    assert_eq!(values("9999999999999999"), vec![u32::MAX]);
    assert_eq!(values("三n次"), vec![3, 3]);
    assert!(values("abn次").is_empty());
    assert_eq!(values("二十多n"), vec![20, 3]);
}

#[test]
fn repeated_contacts_need_three_and_a_contact_verb() {
    assert_eq!(
        kinds("这是我第3次打电话了"),
        vec![EscalationKind::RepeatedContact]
    );
    assert_eq!(
        kinds("联系了好几次都没解决"),
        vec![EscalationKind::RepeatedContact]
    );
    assert!(kinds("这是我第二次打电话了").is_empty());
    assert!(kinds("三天了还没到").is_empty());
    assert!(kinds("第三次回购了").is_empty());
}

#[test]
fn threats_and_enquiries() {
    assert_eq!(
        kinds("我要去12315投诉"),
        vec![EscalationKind::ExternalComplaint]
    );
    assert!(kinds("12315上说的规定是什么").is_empty());
    assert!(kinds("请问投诉电话是多少").is_empty());
    assert!(kinds("怎么注销账号").is_empty());
    assert_eq!(
        kinds("帮我把账号注销了"),
        vec![EscalationKind::CancelService]
    );
    assert_eq!(kinds("我要发微博"), vec![EscalationKind::MediaExposure]);
    assert!(kinds("我在微博上看到你们的新品").is_empty());
    assert!(kinds("曝光补偿怎么调").is_empty());
    assert!(kinds("《打官司》这本书有货").is_empty());
}

#[test]
fn tokens_need_a_word_of_their_own() {
    assert_eq!(kinds("滚!"), vec![EscalationKind::AbusiveLanguage]);
    assert!(kinds("滚筒洗衣机").is_empty());
}

#[test]
fn safety_blockers() {
    assert_eq!(kinds("插座冒烟了"), vec![EscalationKind::SafetyRisk]);
    assert!(kinds("漏电保护器多少钱").is_empty());
    assert!(kinds("怕碰倒了起火").is_empty());
    assert!(kinds("差点被骗").is_empty());
}

#[test]
fn positive_messages_never_escalate() {
    let text = "第三次联系你们，终于解决了";
    assert!(rules().assess(text, None).escalate);
    assert!(!rules().assess(text, Some(Emotion::Gratitude)).escalate);
}

#[test]
fn spans_point_into_the_input() {
    let text = "ＯＫ，我現在就報警！";
    let e = rules().assess(text, None);
    assert_eq!(e.reasons.len(), 1);
    let r = &e.reasons[0];
    assert_eq!(&text[r.start..r.end], r.text);
    assert_eq!(r.text, "報警");
}

#[test]
fn serialises_with_snake_case_ids() {
    let e = rules().assess("12315见", None);
    let json = serde_json::to_string(&e).unwrap();
    assert_eq!(
        json,
        r#"{"escalate":true,"reasons":[{"kind":"external_complaint","text":"12315见","start":0,"end":8}]}"#
    );
    let back: Escalation = serde_json::from_str(&json).unwrap();
    assert_eq!(back, e);
}

#[test]
fn long_repetitive_input_stays_bounded() {
    let text = "微博".repeat(25_000) + "我要去12315投诉";
    let e = rules().assess(&text, None);
    assert!(e.reasons.len() <= MAX_MATCHES);
    let text = "第三次联系".repeat(10_000);
    assert!(rules().assess(&text, None).escalate);
}

#[test]
fn cue_matcher_finds_what_match_indices_finds() {
    let rules = rules();
    let plain: Vec<&str> = rules
        .patterns
        .iter()
        .filter(|p| p.number.is_none())
        .map(|p| p.text.as_str())
        .collect();
    // Every cue, cues run together (overlaps across texts) and repeated (overlaps
    // of a text with itself), inside other text.
    let mut texts: Vec<String> = plain.iter().map(|t| format!("我{t}了")).collect();
    texts.push(plain.concat());
    texts.push(plain.iter().map(|t| t.repeat(3)).collect());
    texts.push(plain.iter().rev().copied().collect::<Vec<_>>().join("，"));
    for text in &texts {
        let mut naive: Vec<(usize, Range<usize>)> = Vec::new();
        for (i, p) in rules.patterns.iter().enumerate() {
            if p.number.is_none() {
                naive.extend(
                    text.match_indices(p.text.as_str())
                        .map(|(at, m)| (i, at..at + m.len())),
                );
            }
        }
        let mut found = Vec::new();
        rules
            .cues
            .for_each_match(text, |i, span| found.push((i, span)));
        let key = |(i, span): &(usize, Range<usize>)| (*i, span.start, span.end);
        naive.sort_by_key(key);
        found.sort_by_key(key);
        assert_eq!(found, naive);
    }
}

#[test]
fn empty_and_odd_input() {
    assert!(!rules().assess("", None).escalate);
    assert!(!rules().assess("《", None).escalate);
    assert!(!rules().assess("第", None).escalate);
    let _ = rules().assess("n", None);
    let _ = rules().assess("十百千几多n", None);
}

#[test]
fn char_masks_never_skip_a_word_that_occurs() {
    let text = "快递员骂人，我要投诉到12315，找你们经理😡";
    let mask = CharMask::of(text);
    for word in ["投诉", "12315", "经理", "😡", "骂人，我", ""] {
        assert!(mask.may_hold(CharMask::of(word)), "{word}");
    }
    let mut words = MaskedWords::default();
    for w in ["投诉", "曝光", "经理", "律师"] {
        words.push(w.to_string());
    }
    let possible: Vec<&str> = words.possibly_in(mask).collect();
    assert!(possible.contains(&"投诉") && possible.contains(&"经理"));
    // Every substring of the text passes its mask.
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(a, _)) in chars.iter().enumerate() {
        for &(b, c) in &chars[i..] {
            let sub = &text[a..b + c.len_utf8()];
            assert!(mask.may_hold(CharMask::of(sub)), "{sub}");
        }
    }
}
