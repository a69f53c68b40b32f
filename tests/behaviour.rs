//! What users rely on: clear examples of every label, negation, degree words,
//! Traditional input, batch = one by one, evidence offsets.

use zh_emotion::{classify, Classifier, Emotion, ModifierKind, Polarity};

/// One clear message per label, written for these tests.
const CLEAR: [(&str, Emotion); 9] = [
    ("你们这什么破服务，一群骗子！气死我了！！！", Emotion::Anger),
    (
        "太失望了，收到的东西跟描述完全不符，下次不会再买了",
        Emotion::Disappointment,
    ),
    ("快递三天了还没到，急死了！", Emotion::Anxiety),
    (
        "等了一个月的生日礼物被弄丢了，好难过，我都哭了",
        Emotion::Sadness,
    ),
    ("外卖里吃出一只虫子，太恶心了，想吐", Emotion::Disgust),
    ("质量很好，非常满意，超喜欢！", Emotion::Joy),
    ("谢谢客服耐心解答，辛苦了！", Emotion::Gratitude),
    ("没想到居然第二天就到了，天哪", Emotion::Surprise),
    ("请问发票怎么开？", Emotion::Neutral),
];

#[test]
fn clear_examples_of_every_label() {
    for (text, expected) in CLEAR {
        let r = classify(text);
        assert_eq!(r.emotion, expected, "{text}: {:?}", r.scores);
        assert_eq!(r.emotion.polarity(), expected.polarity());
    }
}

#[test]
fn results_are_well_formed() {
    for (text, _) in CLEAR {
        let r = classify(text);
        let sum: f32 = r.scores.iter().map(|(_, s)| s).sum();
        assert!((sum - 1.0).abs() < 1e-4, "{text}: sum {sum}");
        assert!((0.0..=1.0).contains(&r.intensity));
        assert!((-1.0..=1.0).contains(&r.polarity));
        for e in &r.evidence {
            assert_eq!(&text[e.start..e.end], e.text);
            for m in &e.modifiers {
                assert_eq!(&text[m.start..m.end], m.text);
            }
        }
    }
    let neutral = classify("请问发票怎么开？");
    assert_eq!(neutral.intensity, 0.0);
}

#[test]
fn the_issue_example_is_anxiety_with_evidence() {
    let text = "快递三天了还没到，急死了！";
    let r = classify(text);
    assert_eq!(r.emotion, Emotion::Anxiety);
    assert!(r.polarity < 0.0);
    assert!(r.evidence.iter().any(|e| e.text.contains('急')));
    let r = classify("我真的非常着急");
    let degree = r
        .evidence
        .iter()
        .flat_map(|e| &e.modifiers)
        .find(|m| m.kind == ModifierKind::Degree);
    assert!(
        degree.is_some(),
        "非常 should be the degree of 着急: {:?}",
        r.evidence
    );
}

#[test]
fn negation_turns_satisfaction_negative() {
    let plain = classify("这次的服务我很满意");
    let negated = classify("这次的服务我不满意");
    assert_eq!(plain.emotion.polarity(), Polarity::Positive);
    assert_eq!(
        negated.emotion.polarity(),
        Polarity::Negative,
        "{:?}",
        negated.scores
    );
    assert!(negated.polarity < 0.0);
    // Either 满意 negated by 不, or the lexicon's own 不满意 entry: negative either way.
    assert!(negated
        .evidence
        .iter()
        .any(|e| e.text.contains("满意") && e.emotion.polarity() == Polarity::Negative));
    let separate = classify("说实话我对这个结果并不满意");
    assert_eq!(
        separate.emotion.polarity(),
        Polarity::Negative,
        "{:?}",
        separate.evidence
    );
    assert!(negated.scores.get(Emotion::Joy) < plain.scores.get(Emotion::Joy));
}

#[test]
fn never_again_negates_the_complaint_after_it() {
    // 再也没有 and its kin negate the word after them: 再也没有闪退了 praises the app
    // rather than complaining of crashes (the shipped lexicon's entries).
    for (text, word) in [
        ("这次更新后再也没有闪退了", "闪退"),
        ("装了新路由器，再也不掉线了", "掉线"),
        ("换了新版本再没卡顿过", "卡顿"),
    ] {
        let r = classify(text);
        let hit = r.evidence.iter().find(|e| e.text.contains(word));
        let hit = hit.unwrap_or_else(|| panic!("{text}: {:?}", r.evidence));
        assert!(hit.negated, "{text}: {hit:?}");
        assert_ne!(
            hit.emotion.polarity(),
            Polarity::Negative,
            "{text}: {hit:?}"
        );
        assert!(
            hit.modifiers
                .iter()
                .any(|m| m.kind == ModifierKind::Negation),
            "{text}: {hit:?}"
        );
    }
    // 再也不来了 is a word of its own: a letdown, not a negated 来.
    let r = classify("菜太难吃了，再也不来了");
    assert_eq!(r.emotion.polarity(), Polarity::Negative, "{:?}", r.evidence);
}

#[test]
fn everyday_praise_and_running_costs_are_emotion_words() {
    // Words of use and running costs that the lexicon lacked: 方便 and 省油 praise,
    // 费油 and 硬伤 are letdowns (evidence with the lexicon's side).
    for (text, word, side) in [
        ("这个APP操作方便", "方便", Polarity::Positive),
        ("这车省油，开着也平顺", "省油", Polarity::Positive),
        ("这车太费油了", "费油", Polarity::Negative),
        ("内饰是硬伤", "硬伤", Polarity::Negative),
    ] {
        let r = classify(text);
        let hit = r.evidence.iter().find(|e| e.text.contains(word));
        let hit = hit.unwrap_or_else(|| panic!("{text}: {:?}", r.evidence));
        assert_eq!(hit.emotion.polarity(), side, "{text}: {hit:?}");
    }
    // Negated, 不方便 is a letdown.
    let r = classify("退货流程太不方便了");
    assert_eq!(r.emotion.polarity(), Polarity::Negative, "{:?}", r.evidence);
}

#[test]
fn degree_words_raise_intensity() {
    for (weak, strong) in [
        ("有点失望", "非常失望"),
        ("满意", "极其满意"),
        ("我很生气", "我非常非常生气！！！"),
    ] {
        let (w, s) = (classify(weak), classify(strong));
        assert!(
            s.intensity > w.intensity,
            "{weak} {} vs {strong} {}",
            w.intensity,
            s.intensity
        );
    }
}

#[test]
fn traditional_input_gives_the_same_result() {
    for (traditional, simplified) in [
        ("謝謝你們的耐心解答", "谢谢你们的耐心解答"),
        ("東西質量太差了，很不滿意", "东西质量太差了，很不满意"),
        ("快遞怎麼還沒到，急死了", "快递怎么还没到，急死了"),
    ] {
        let (t, s) = (classify(traditional), classify(simplified));
        assert_eq!(t.emotion, s.emotion);
        assert_eq!(t.scores, s.scores);
        assert_eq!(t.intensity, s.intensity);
        // Same offsets, because Traditional and Simplified characters have the same length.
        let spans = |r: &zh_emotion::EmotionResult| {
            r.evidence
                .iter()
                .map(|e| (e.start, e.end))
                .collect::<Vec<_>>()
        };
        assert_eq!(spans(&t), spans(&s));
    }
}

#[test]
fn batch_equals_one_by_one() {
    let texts: Vec<String> = CLEAR
        .iter()
        .map(|(t, _)| t.to_string())
        .chain(["".to_string(), "😡😡😡".to_string(), "ok".repeat(500)])
        .collect();
    let classifier = Classifier::default();
    let batch = classifier.classify_batch(&texts);
    assert_eq!(batch.len(), texts.len());
    for (text, result) in texts.iter().zip(&batch) {
        assert_eq!(result, &classifier.classify(text));
    }
}

#[test]
fn bytes_entry_point_reports_the_bad_byte() {
    let classifier = Classifier::default();
    let mut bytes = "谢谢".as_bytes().to_vec();
    bytes.push(0xFF);
    match classifier.classify_bytes(&bytes) {
        Err(zh_emotion::Error::InvalidUtf8 { position }) => assert_eq!(position, 6),
        other => panic!("expected InvalidUtf8, got {other:?}"),
    }
    assert_eq!(
        classifier.classify_bytes("谢谢".as_bytes()).unwrap(),
        classifier.classify("谢谢")
    );
}

#[test]
fn results_serialise_with_label_ids() {
    let json = serde_json::to_value(classify("谢谢！")).unwrap();
    assert_eq!(json["emotion"], "gratitude");
    let scores = json["scores"].as_object().unwrap();
    assert_eq!(scores.len(), 9);
    for e in Emotion::ALL {
        assert!(scores.contains_key(e.id()));
    }
    let back: zh_emotion::EmotionResult = serde_json::from_value(json).unwrap();
    assert_eq!(back.emotion, Emotion::Gratitude);
}

/// Classes of error found in error analysis, each fixed in the lexicon rather than
/// sentence by sentence: amusement slang is joy, worried questions about safety and
/// symptoms are anxiety, threats to move money and close the account are anger.
#[test]
fn amusement_worry_and_cancellation_classes() {
    let cases = [
        ("笑死我了，客服小哥的回复太逗了", Emotion::Joy),
        ("手机充电的时候有点烫，这样正常吗", Emotion::Anxiety),
        ("用了你们的面霜脸上起红疹了，会不会有事", Emotion::Anxiety),
        ("再不处理我就把钱全转走，销户", Emotion::Anger),
    ];
    for (text, expected) in cases {
        let r = classify(text);
        assert_eq!(r.emotion, expected, "{text}: {:?}", r.scores);
    }
}

#[test]
fn a_make_good_done_is_no_complaint() {
    // The customer reports the problem solved, the money back, the service restored.
    for text in [
        "上次投诉的问题已经解决了",
        "投诉之后很快就解决了",
        "十分钟就给我全额退款了",
        "问题终于解决了",
    ] {
        let r = classify(text);
        assert!(r.polarity > 0.0, "{text:?}: {}", r.polarity);
        assert_ne!(r.emotion.polarity(), Polarity::Negative, "{text:?}: {r:?}");
    }
    // An apology that changes nothing, and a refund still awaited, are complaints.
    for text in ["道歉有什么用", "只会道歉", "申请了退款还没到账"] {
        let r = classify(text);
        assert!(r.polarity < 0.0, "{text:?}: {}", r.polarity);
        assert_eq!(r.emotion.polarity(), Polarity::Negative, "{text:?}: {r:?}");
    }
}

#[test]
fn my_mothers_is_no_curse() {
    let r = classify("我妈的卡被盗刷了，怎么办啊");
    assert!(
        r.evidence.iter().all(|e| e.text != "妈的"),
        "{:?}",
        r.evidence
    );
    assert!(r
        .evidence
        .iter()
        .any(|e| e.text == "被盗刷" && e.emotion == Emotion::Anxiety));
    let curse = classify("你妈的，什么破服务");
    assert!(curse.evidence.iter().any(|e| e.text == "妈的"));
}

#[test]
fn a_problem_that_is_gone_is_no_complaint() {
    // A follow-up that the fault is over (闪退没有了) and an expectation that did not
    // come true (原以为会很麻烦) are no complaints.
    for text in [
        "更新之后闪退没有了",
        "换了配件以后异响没了",
        "原以为会很麻烦，没想到十分钟就办好了",
    ] {
        let r = classify(text);
        assert!(r.polarity > 0.0, "{text:?}: {r:?}");
        assert_ne!(r.emotion.polarity(), Polarity::Negative, "{text:?}: {r:?}");
    }
    // A fault that is still there is.
    for text in ["闪退的问题还是没有解决", "本以为很好吃，结果难吃死了"] {
        let r = classify(text);
        assert!(r.polarity < 0.0, "{text:?}: {r:?}");
    }
}
