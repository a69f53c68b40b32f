//! Aspects of whole results: spans inside the input on char boundaries, none for factual,
//! empty or garbage text, the praise-and-complaint example of the aspect guide, and the
//! serialised shape.

use zh_emotion::{AspectCategory, Classifier, EmotionResult};

fn classify(text: &str) -> EmotionResult {
    Classifier::builder().aspects(true).build().classify(text)
}

fn assert_spans_inside(text: &str, r: &EmotionResult) {
    let mut last_end = 0;
    for a in &r.aspects {
        assert!(a.start < a.end && a.end <= text.len(), "{a:?} in {text:?}");
        assert!(text.is_char_boundary(a.start) && text.is_char_boundary(a.end));
        assert_eq!(&text[a.start..a.end], a.text);
        assert!(
            a.start >= last_end,
            "aspects overlap or are out of order: {r:?}"
        );
        last_end = a.end;
        for t in &a.targets {
            assert!(
                a.text.contains(t.as_str()),
                "target {t:?} outside {:?}",
                a.text
            );
        }
        assert!((-1.0..=1.0).contains(&a.polarity));
        assert!((0.0..=1.0).contains(&a.intensity));
    }
}

#[test]
fn spans_are_inside_the_input_on_char_boundaries() {
    for text in [
        "菜很好吃，但是上菜太慢，服务员态度也差",
        "ＡＰＰ一直閃退，客服態度也很差！！",
        "快递三天了还没到，急死了！订单号1234567890",
        "房间很干净😊，位置也好，就是隔音差了点…总体满意",
        "  \t话费被乱扣了，打了三次客服都没人管\r\n退款也不给退",
        "https://example.com 这个网站太卡了",
    ] {
        let r = classify(text);
        assert!(!r.aspects.is_empty(), "{text:?}");
        assert_spans_inside(text, &r);
    }
}

#[test]
fn factual_empty_and_garbage_input_has_no_aspects() {
    for text in [
        "",
        " \n\t ",
        "我昨天下的单",
        "请问发票怎么开？",
        "订单号是1234567890",
        "qwerty asdf zxcv",
        "。。。，，，！！！",
        "\u{200d}\u{202e}\u{0}",
        "#### $$$ %%% @@@",
    ] {
        let r = classify(text);
        assert!(r.aspects.is_empty(), "{text:?}: {:?}", r.aspects);
    }
}

#[test]
fn praise_for_the_food_and_complaints_about_the_service() {
    let text = "菜很好吃，但是上菜太慢，服务员态度也差";
    let r = classify(text);
    let food = &r.aspects[0];
    assert_eq!(food.category, AspectCategory::Quality, "{:?}", r.aspects);
    assert!(food.polarity > 0.0, "{food:?}");
    assert_eq!(food.targets, vec!["菜"]);
    let service: Vec<_> = r.aspects[1..].iter().collect();
    assert!(!service.is_empty());
    for a in service {
        assert_eq!(a.category, AspectCategory::Service, "{a:?}");
        assert!(a.polarity < 0.0, "{a:?}");
        assert!(
            a.emotion.polarity() == zh_emotion::Polarity::Negative,
            "{a:?}"
        );
    }
}

#[test]
fn customer_service_categories() {
    for (text, category) in [
        ("快递太慢了，一个星期还没到", AspectCategory::Delivery),
        ("话费莫名其妙被扣了五十，太过分了", AspectCategory::Billing),
        ("退款申请了半个月还没退，气死了", AspectCategory::Refund),
        ("APP总是闪退，根本没法用", AspectCategory::Technical),
        ("价格太贵了，不值这个钱", AspectCategory::Price),
        ("房间很脏，卫生太差", AspectCategory::Environment),
    ] {
        let r = classify(text);
        assert!(
            r.aspects
                .iter()
                .any(|a| a.category == category && a.polarity < 0.0),
            "{text:?}: {:?}",
            r.aspects
        );
    }
}

#[test]
fn evidence_belongs_to_its_aspect() {
    let r = classify("菜很好吃，服务员态度很差");
    let owned: usize = r
        .aspects
        .iter()
        .map(|a| a.evidence_in(&r.evidence).count())
        .sum();
    assert!(owned > 0);
    for a in &r.aspects {
        for e in a.evidence_in(&r.evidence) {
            assert!(e.start >= a.start && e.end <= a.end);
        }
    }
}

#[test]
fn serialised_shape() {
    let r = classify("菜很好吃，但是上菜太慢");
    let json = serde_json::to_value(&r).unwrap();
    let aspects = json["aspects"].as_array().unwrap();
    assert!(!aspects.is_empty());
    let keys: Vec<&str> = aspects[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = vec![
        "text",
        "start",
        "end",
        "targets",
        "category",
        "emotion",
        "polarity",
        "intensity",
    ];
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    expected.sort_unstable();
    assert_eq!(sorted, expected);
    assert_eq!(aspects[0]["category"], "quality");
    assert!(aspects[0]["targets"].is_array());
    // Round trip, and results serialised before aspects existed still read.
    let back: EmotionResult = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(back, r);
    let mut old = json;
    old.as_object_mut().unwrap().remove("aspects");
    let old: EmotionResult = serde_json::from_value(old).unwrap();
    assert!(old.aspects.is_empty());
}

#[test]
fn aspects_can_be_turned_off() {
    let text = "菜很好吃，但是上菜太慢";
    let without = Classifier::builder().aspects(false).build().classify(text);
    let with = classify(text);
    assert!(without.aspects.is_empty());
    assert_eq!(without.emotion, with.emotion);
    assert_eq!(without.evidence, with.evidence);
}

#[test]
fn a_hedged_level_blames_any_target_and_the_rest_is_general() {
    // 有点 before a level complains of a target whose better side no data gives.
    let r = classify("其它方面都不错，就是屏幕有点小");
    let screen = r
        .aspects
        .iter()
        .find(|a| a.targets.iter().any(|t| t == "屏幕"))
        .unwrap_or_else(|| panic!("{r:?}"));
    assert!(screen.polarity < 0.0, "{screen:?}");
    assert_eq!(screen.emotion, zh_emotion::Emotion::Disappointment);
    // 功能太强了 is praise, not too much of a thing.
    assert!(classify("功能太强了")
        .aspects
        .iter()
        .all(|a| a.polarity >= 0.0));
    // Beside an exception, the rest is the whole.
    let r = classify("除了价格有点贵，其他都挺满意的");
    let cats: Vec<AspectCategory> = r.aspects.iter().map(|a| a.category).collect();
    assert_eq!(
        cats,
        [AspectCategory::Price, AspectCategory::General],
        "{r:?}"
    );
}

#[test]
fn an_app_praised_is_its_design_and_its_faults_are_technical() {
    let category = |text: &str| {
        let r = classify(text);
        assert_eq!(r.aspects.len(), 1, "{text}: {r:?}");
        r.aspects[0].category
    };
    assert_eq!(category("这个app做得真不错"), AspectCategory::Features);
    assert_eq!(category("app老是闪退"), AspectCategory::Technical);
    assert_eq!(category("网速很快"), AspectCategory::Technical);
}

#[test]
fn more_words_of_level_judge_their_targets() {
    // 降低 and 上升 are levels; 略有 links, 明显 and 而已 may close the clause.
    for (text, side) in [
        ("动力会略有降低", -1.0),
        ("油耗会上升", -1.0),
        ("动力下降比较明显", -1.0),
    ] {
        let r = classify(text);
        assert_eq!(r.aspects.len(), 1, "{text}: {r:?}");
        assert!(r.aspects[0].polarity * side > 0.0, "{text}: {r:?}");
    }
}
