//! Unit tests of the aspect terms, spans and opinions.

use super::terms::*;
use super::*;
use crate::classifier::Classifier;
use crate::types::error::Error;

fn aspects(text: &str) -> Vec<Aspect> {
    Classifier::builder()
        .aspects(true)
        .build()
        .classify(text)
        .aspects
}

#[test]
fn embedded_terms_parse() {
    let terms = AspectTerms::parse("aspects.tsv", EMBEDDED_TERMS).unwrap();
    assert!(terms.len() > 1000);
    assert_eq!(
        terms.get("快递"),
        Some((AspectCategory::Delivery, TermRole::Target))
    );
    assert_eq!(
        terms.get("贵"),
        Some((AspectCategory::Price, TermRole::Cue))
    );
    // Every category has terms.
    for c in AspectCategory::ALL {
        assert!(terms.terms.iter().any(|t| t.category == c), "{c}");
    }
}

#[test]
fn bad_term_files_are_typed_errors() {
    for (text, line) in [
        ("快递\tdelivery\ttarget\n", 1),
        (
            "# c\n快递\tdelivery\ttarget\t1\n快递\tquality\ttarget\t1\n",
            3,
        ),
        ("快递\tdelivery\tthing\t1\n", 1),
        ("快递\tdelivery\ttarget\t9\n", 1),
        ("快递\tdelivery\ttarget\tx\n", 1),
        (" \tdelivery\ttarget\t1\n", 1),
    ] {
        match AspectTerms::parse("t", text) {
            Err(Error::AspectTerms { line: l, .. }) => assert_eq!(l, line, "{text:?}"),
            other => panic!("{text:?}: {other:?}"),
        }
    }
    // One term may be a target and a cue.
    assert!(AspectTerms::parse("t", "卡\tbilling\ttarget\t1\n卡\ttechnical\tcue\t1").is_ok());
}

#[test]
fn categories_round_trip() {
    for (i, c) in AspectCategory::ALL.into_iter().enumerate() {
        assert_eq!(c.index(), i);
        assert_eq!(c.id().parse::<AspectCategory>().unwrap(), c);
        assert_eq!(c.zh().parse::<AspectCategory>().unwrap(), c);
        assert_eq!(c.to_string(), c.id());
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            format!("\"{}\"", c.id())
        );
    }
    assert!(matches!(
        "courier".parse::<AspectCategory>(),
        Err(Error::UnknownAspectCategory(_))
    ));
}

#[test]
#[allow(clippy::single_range_in_vec_init)] // one token of one word
fn terms_match_on_token_boundaries_only() {
    let terms = AspectTerms::parse("t", "面\tquality\ttarget\t1\n").unwrap();
    let s = "方面";
    // 方面 as one token: 面 is inside it.
    assert!(terms.find(s, &[0..6], &[]).is_empty());
    assert_eq!(terms.find("面", &[0..3], &[]).len(), 1);
    // Inside a lexicon word, at its start or end.
    assert_eq!(terms.find("面好", &[0..6], &[0..6]).len(), 1);
    assert!(terms.find("方面好", &[0..9], &[0..9]).is_empty());
}

#[test]
fn praise_and_complaint_are_two_aspects() {
    let a = aspects("菜很好吃，但是上菜太慢，服务员态度也差");
    assert!(a.len() >= 2, "{a:?}");
    assert_eq!(a[0].category, AspectCategory::Quality, "{a:?}");
    assert!(a[0].polarity > 0.0, "{a:?}");
    assert!(a[1..]
        .iter()
        .all(|x| x.category == AspectCategory::Service && x.polarity < 0.0));
}

#[test]
fn two_opinions_in_one_clause_are_cut_at_the_second_target() {
    let a = aspects("菜好吃服务差");
    assert_eq!(a.len(), 2, "{a:?}");
    assert_eq!(a[0].targets, vec!["菜"]);
    assert_eq!(a[1].category, AspectCategory::Service);
}

#[test]
fn two_targets_one_opinion_stay_one_aspect() {
    let a = aspects("房间和卫生间都很干净");
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0].targets, vec!["房间", "卫生间"]);
    assert_eq!(a[0].category, AspectCategory::Environment);
}

#[test]
fn a_target_clause_lends_its_target_to_the_opinion_after_it() {
    let a = aspects("上菜速度，实在太慢了");
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0].text, "上菜速度，实在太慢了");
    assert_eq!(a[0].category, AspectCategory::Service);
}

#[test]
fn facts_and_garbage_have_no_aspects() {
    for text in [
        "",
        "   ",
        "我昨天下的单",
        "请问发票怎么开？",
        "asdf qwer 1234",
        "。。。！！！",
    ] {
        assert!(aspects(text).is_empty(), "{text:?}: {:?}", aspects(text));
    }
}

#[test]
fn offsets_point_into_the_input_with_traditional_and_full_width_text() {
    let text = "ＡＰＰ一直閃退，客服態度也很差！";
    let a = aspects(text);
    assert!(!a.is_empty());
    for x in &a {
        assert_eq!(&text[x.start..x.end], x.text);
    }
    assert_eq!(a[0].category, AspectCategory::Technical, "{a:?}");
}
