//! Unit tests of the aspect terms, spans and opinions.

use super::terms::*;
use super::*;
use crate::classifier::Classifier;
use crate::types::emotion::Polarity;
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
fn a_target_after_its_opinion_with_none_following_is_the_noun_described() {
    // 好吃的蔬菜: the opinion describes the target after it, which stays in its span.
    let a = aspects("鲜味十足的粥。");
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0].text, "鲜味十足的粥");
    assert!(a[0].targets.iter().any(|t| t == "粥"), "{a:?}");
    // A target followed by an opinion of its own is still cut off (菜好吃服务差).
    assert_eq!(aspects("菜好吃服务差").len(), 2);
}

#[test]
fn opinion_terms_make_a_clause_an_opinion_without_a_category() {
    let terms = AspectTerms::parse(
        "t",
        "咸度\tquality\ttarget\t1\n恰到好处\tgeneral\topinion\t1\n",
    )
    .unwrap();
    assert_eq!(
        terms.get("恰到好处"),
        Some((AspectCategory::General, TermRole::Opinion))
    );
    // 恰到好处 is no emotion word of the lexicon: the opinion term makes the clause an
    // aspect, and the target decides its category.
    let a = aspects("咸度也恰到好处。");
    assert_eq!(a.len(), 1, "{a:?}");
    assert_eq!(a[0].category, AspectCategory::Quality, "{a:?}");
    assert!(matches!(
        AspectTerms::parse("t", "好\tgeneral\topinions\t1\n"),
        Err(Error::AspectTerms { line: 1, .. })
    ));
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

#[test]
fn embedded_head_parses_and_round_trips() {
    let head = head::CategoryHead::parse(head::EMBEDDED_HEAD).unwrap();
    assert_eq!(head.bits(), 14);
    let bytes = head.to_bytes();
    assert_eq!(bytes, head::EMBEDDED_HEAD);
    let p = head.probabilities("送餐太慢了");
    assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-4);
    // Traditional characters read as simplified ones.
    assert_eq!(
        head.probabilities("價格太貴"),
        head.probabilities("价格太贵")
    );
}

#[test]
fn bad_head_files_are_typed_errors() {
    let good = head::EMBEDDED_HEAD.to_vec();
    let mut bad_magic = good.clone();
    bad_magic[0] = b'X';
    let mut bad_bits = good.clone();
    bad_bits[4] = 30;
    let mut bad_count = good.clone();
    bad_count[5] = 9;
    let mut nan_scale = good.clone();
    nan_scale[8..12].copy_from_slice(&f32::NAN.to_le_bytes());
    let mut inf_bias = good.clone();
    inf_bias[12..16].copy_from_slice(&f32::INFINITY.to_le_bytes());
    let truncated = good[..good.len() - 1].to_vec();
    let mut longer = good.clone();
    longer.push(0);
    for (name, bytes) in [
        ("empty", Vec::new()),
        ("magic", bad_magic),
        ("bits", bad_bits),
        ("count", bad_count),
        ("scale", nan_scale),
        ("bias", inf_bias),
        ("truncated", truncated),
        ("longer", longer),
        ("header only", good[..20].to_vec()),
    ] {
        match head::CategoryHead::parse(&bytes) {
            Err(Error::AspectHead { reason }) => assert!(!reason.is_empty(), "{name}"),
            other => panic!("{name}: {other:?}"),
        }
    }
    assert!(matches!(
        head::CategoryHead::from_weights(8, [0.0; AspectCategory::COUNT], &[0.0; 3]),
        Err(Error::AspectHead { .. })
    ));
}

#[test]
fn head_weights_quantise_and_decide() {
    // A head that knows one character: 慢 → delivery.
    let bits = 8;
    let mut w = vec![0.0f32; (1 << bits) * AspectCategory::COUNT];
    for (bucket, _) in head::CategoryHead::features(bits, "慢") {
        w[bucket * AspectCategory::COUNT + AspectCategory::Delivery.index()] = 4.0;
    }
    let h = head::CategoryHead::from_weights(bits, [0.0; AspectCategory::COUNT], &w).unwrap();
    let again = head::CategoryHead::parse(&h.to_bytes()).unwrap();
    let p = again.probabilities("慢");
    let best = (0..AspectCategory::COUNT)
        .max_by(|&a, &b| p[a].total_cmp(&p[b]))
        .unwrap();
    assert_eq!(AspectCategory::ALL[best], AspectCategory::Delivery);
    assert!(p[best] > 0.5);
}

#[test]
fn head_decides_only_where_terms_do_not() {
    let head = head::CategoryHead::embedded();
    let likeliest = |text: &str| {
        let p = head.probabilities(text);
        let c = (0..AspectCategory::COUNT)
            .max_by(|&a, &b| p[a].total_cmp(&p[b]))
            .unwrap();
        (AspectCategory::ALL[c], p[c])
    };
    // No aspect term in the span: the head's category (or general when it is unsure).
    let found = aspects("等了整整两个小时才拿到，气死我了");
    let first = found.first().expect("an aspect");
    let (c, p) = likeliest(&first.text);
    let expected = if p >= category::HEAD_MIN {
        c
    } else {
        AspectCategory::General
    };
    assert!(first.targets.is_empty(), "{first:?}");
    assert_eq!(first.category, expected, "{first:?}");
    // A target term decides, whatever the head reads in the span.
    let found = aspects("客服态度太差了");
    assert_eq!(found[0].category, AspectCategory::Service);
    let found = aspects("手机银行一转账就闪退");
    assert_eq!(found[0].category, AspectCategory::Technical);
}

/// `text` has exactly one aspect, and `target` is among its targets.
fn assert_one_aspect_naming(text: &str, target: &str) {
    let found = aspects(text);
    assert_eq!(found.len(), 1, "{text}: {found:?}");
    assert!(found[0].targets.iter().any(|t| t == target), "{found:?}");
}

#[test]
fn target_with_degree_word_is_a_judgement() {
    // No emotion word, but the target is judged (有点 + predicate, 很大 in one token).
    for (text, target) in [("口感有点微妙。", "口感"), ("份量很大。", "份量")] {
        assert_one_aspect_naming(text, target);
    }
    // A target without a judgement is still no aspect.
    assert!(aspects("房间在三楼。").is_empty());
}

#[test]
fn a_target_and_its_level_is_a_judgement() {
    // 高 and 下降 are no emotion words, but a target's level judges it.
    for (text, target) in [("油耗也高吧", "油耗"), ("动力下降。", "动力")] {
        assert_one_aspect_naming(text, target);
    }
    // More of a target is praise or blame by the target (油耗 is better low), and a
    // negation turns it.
    for (text, side) in [
        ("油耗很高", -1.0),
        ("油耗也不高", 1.0),
        ("动力下降了", -1.0),
        ("空间也大", 1.0),
    ] {
        let found = aspects(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert!(found[0].polarity * side > 0.0, "{text}: {found:?}");
    }
    // Too much of a good thing is no praise.
    for text in ["份量有点太多", "空间太大了"] {
        assert!(aspects(text).iter().all(|a| a.polarity < 0.5), "{text}");
    }
    // A level that goes on into more words is no judgement of the target.
    assert!(aspects("人多的时候排队。").is_empty());
}

#[test]
fn a_leaning_verdict_is_no_neutral_aspect() {
    use super::opinion::opinion_label;
    let mut p = [0.0f32; Emotion::COUNT];
    p[Emotion::Neutral.index()] = 0.6;
    p[Emotion::Joy.index()] = 0.1;
    p[Emotion::Gratitude.index()] = 0.2;
    p[Emotion::Anger.index()] = 0.1;
    assert_eq!(opinion_label(&p, 0.8), Emotion::Gratitude);
    assert_eq!(opinion_label(&p, -0.5), Emotion::Anger);
    assert_eq!(opinion_label(&p, 0.3), Emotion::Gratitude);
    assert_eq!(opinion_label(&p, -0.2), Emotion::Anger);
    // A verdict without a lean keeps the head's label.
    assert_eq!(opinion_label(&p, 0.1), Emotion::Neutral);
    assert_eq!(opinion_label(&p, -0.19), Emotion::Neutral);
    p[Emotion::Surprise.index()] = 0.7;
    assert_eq!(opinion_label(&p, 0.9), Emotion::Surprise);
    // Whole messages: no aspect of a leaning opinion is neutral.
    for text in [
        "咸度也恰到好处。",
        "菜很好吃，但是上菜太慢",
        "价格公道，服务一般",
    ] {
        for a in aspects(text) {
            assert!(
                a.emotion != Emotion::Neutral || a.polarity.abs() < super::opinion::ASPECT_SIDE,
                "{text}: {a:?}"
            );
        }
    }
}

#[test]
fn opinion_words_holding_a_target_do_not_cut_their_clause() {
    // 耐心 and 解答 are targets inside the opinion words 很耐心 and 耐心解答: the
    // clause is one judgement of the staff, not a target and then a second opinion.
    for text in ["维修接待很耐心", "谢谢客服小姐姐耐心解答"] {
        let a = aspects(text);
        assert_eq!(a.len(), 1, "{text}: {a:?}");
        assert_eq!(a[0].text, text);
        assert_eq!(a[0].category, AspectCategory::Service, "{a:?}");
        assert!(a[0].polarity >= 0.0, "{a:?}");
    }
    // A target after an opinion with one of its own is still cut off.
    assert_eq!(aspects("菜好吃服务差").len(), 2);
}

#[test]
fn a_span_the_head_cannot_place_takes_the_topic_of_its_sentence() {
    use super::category::category_of;
    use super::spans::Segment;
    let terms = AspectTerms::embedded();
    let none = Segment::default();
    // No terms and no letter, digit or Han character: the head is unsure.
    let p = CategoryHead::embedded().probabilities("😅!!");
    assert!(p.iter().all(|&v| v < category::HEAD_MIN), "{p:?}");
    let unsure = |topic| category_of(terms, &[], &none, "😅!!", (topic, &[false; 11]));
    let topic = Some(AspectCategory::Delivery);
    assert_eq!(unsure(topic), topic);
    assert_eq!(unsure(None), None);
    // A head between the two thresholds names the category only without a topic.
    let likeliest = |p: [f32; 11]| (0..11).fold(0, |b, c| if p[c] > p[b] { c } else { b });
    let (text, best) = ["真不错", "很给力", "速度很快", "靠谱"]
        .into_iter()
        .find_map(|text| {
            let p = CategoryHead::embedded().probabilities(text);
            let b = likeliest(p);
            let between = (category::HEAD_MIN..category::TOPIC_HEAD_MIN).contains(&p[b]);
            (between && b != AspectCategory::Location.index()).then_some((text, b))
        })
        .expect("a span the head is fairly but not very sure of");
    let read = |topic| category_of(terms, &[], &none, text, (topic, &[false; 11]));
    let topic = Some(AspectCategory::Location);
    assert_eq!(read(topic), topic, "{text}");
    assert_eq!(read(None), Some(AspectCategory::ALL[best]), "{text}");
}

#[test]
fn the_polite_your_is_no_price() {
    // 贵公司 is "your company": no price aspect, and the clause naming it holds no
    // opinion.
    let found = aspects("我是贵公司的老客户，这次的服务太差了");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].category, AspectCategory::Service);
    assert!(aspects("贵行的手续费太贵了")
        .iter()
        .any(|a| a.category == AspectCategory::Price));
}

#[test]
fn a_negated_complaint_is_praise_unless_asked() {
    // Its label is no complaint either, however faint the head's praise of the span
    // (再也没有闪退了 reads +0.02 with `anger` the likeliest label).
    for text in [
        "理赔不刁难",
        "快递一点都不慢",
        "这次更新后再也没有闪退了",
        "2T不烧机油",
    ] {
        let found = aspects(text);
        assert!(!found.is_empty(), "{text}");
        assert!(found.iter().all(|a| a.polarity > 0.0), "{text}: {found:?}");
        let complaint = |a: &Aspect| a.emotion.polarity() == Polarity::Negative;
        assert!(!found.iter().any(complaint), "{text}: {found:?}");
    }
    // A rhetorical question asks: 这不是坑人吗 is a complaint.
    for text in ["这不是坑人吗", "这不是坑人吗？", "难道不是欺诈"] {
        let found = aspects(text);
        assert!(found.iter().all(|a| a.polarity < 0.0), "{text}: {found:?}");
    }
}

#[test]
fn a_span_without_a_topic_follows_the_message() {
    // 太棒了 names nothing, the head cannot place it, and it has a sentence of its
    // own: it is about what the rest of the message is about, the delivery.
    let found = aspects("骑手很准时，送得也快。太棒了");
    let last = found.last().expect("aspects");
    assert_eq!(last.text, "太棒了", "{found:?}");
    assert!(
        found.iter().all(|a| a.category == AspectCategory::Delivery),
        "{found:?}"
    );
    // A message about two things leaves a span that nothing places `general` (a span
    // of words is placed by the head, which reads the message's terms beside it).
    let two = aspects("骑手很准时，饭菜也好吃。👍👍");
    let last = two.last().expect("aspects");
    assert_eq!(last.text, "👍👍", "{two:?}");
    assert_eq!(last.category, AspectCategory::General, "{two:?}");
}

#[test]
fn the_head_reads_a_span_with_its_message() {
    // 很给力 names nothing: the categories of the message's terms, which the head reads
    // beside the span's characters, place it.
    for (text, category) in [
        ("快递第二天就到了，很给力", AspectCategory::Delivery),
        ("退款第二天就到了，很给力", AspectCategory::Refund),
        ("客服回复得很及时，很给力", AspectCategory::Service),
    ] {
        let found = aspects(text);
        let last = found.last().expect("aspects");
        assert_eq!(
            (last.text.as_str(), last.category),
            ("很给力", category),
            "{found:?}"
        );
    }
    let seen = AspectTerms::embedded().categories_in("快递很快，客服也好");
    let named: Vec<AspectCategory> = AspectCategory::ALL
        .into_iter()
        .filter(|c| seen[c.index()])
        .collect();
    assert!(named.contains(&AspectCategory::Delivery) && named.contains(&AspectCategory::Service));
    assert!(!named.contains(&AspectCategory::Billing), "{named:?}");
}

#[test]
fn a_greeting_is_no_aspect() {
    // 您好 is a neutral word of the lexicon: no opinion, however the model leans on it.
    let found = aspects("您好：酒店的位置和早餐都很好");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].category, AspectCategory::Location);
    assert!(aspects("好的，谢谢").iter().all(|a| a.text != "好的"));
}

#[test]
fn a_span_without_opinion_words_leans_with_its_message() {
    // 清楚 is no emotion word: the span's verdict takes part of the message's.
    let praise = aspects("菜品图片和口味说明都很清楚，好评");
    let complaint = aspects("菜品图片和口味说明都很清楚，差评");
    assert_eq!(
        praise[0].text, complaint[0].text,
        "{praise:?} {complaint:?}"
    );
    assert!(
        praise[0].polarity > complaint[0].polarity + 0.2,
        "{praise:?} {complaint:?}"
    );
}

#[test]
fn a_concession_without_complaint_is_praise() {
    for text in ["房间很小，早餐倒是丰富", "等了一周，退款倒是很快"] {
        let found = aspects(text);
        let conceded = found.iter().find(|a| a.text.contains('倒')).expect(text);
        assert!(conceded.polarity > 0.0, "{text}: {found:?}");
    }
    // Urging is no concession.
    assert!(!opinion::conceded("你倒是说话啊"));
    assert!(opinion::conceded("早餐倒是丰富"));
}

#[test]
fn a_neutral_message_read_as_praise_holds_aspects() {
    // No word of either lexicon, the label `neutral`, the verdict praise: the spans are
    // read as a labelled message's are.
    let text = "如果讲究四驱跟操控，森林人好点";
    let result = Classifier::builder().aspects(true).build().classify(text);
    assert_eq!(result.emotion, Emotion::Neutral, "{result:?}");
    assert!(result.polarity >= MODEL_OPINION_MIN_POLARITY, "{result:?}");
    assert!(!result.aspects.is_empty(), "{result:?}");
    assert!(
        result.aspects.iter().all(|a| a.polarity > 0.0),
        "{result:?}"
    );
    // So is one leaning to complaint by COMPLAINT_GATE that does not ask.
    let text = "那我换过刹车片 过几天就又开始响了";
    let result = Classifier::builder().aspects(true).build().classify(text);
    assert_eq!(result.emotion, Emotion::Neutral, "{result:?}");
    assert!(result.polarity <= -COMPLAINT_GATE, "{result:?}");
    assert!(
        result
            .aspects
            .iter()
            .any(|a| a.text.contains("又开始响了") && a.polarity < 0.0),
        "{result:?}"
    );
    // Plain requests stay without aspects, whichever way they lean.
    for request in [
        "请问一下我现在的套餐还剩多少流量？",
        "订单号JD8837261990，麻烦帮我改成周六送货",
        "请问这款有没有白色的？",
    ] {
        let result = Classifier::builder()
            .aspects(true)
            .build()
            .classify(request);
        assert!(result.aspects.is_empty(), "{result:?}");
    }
}

#[test]
fn comparisons_and_weak_points_are_opinions() {
    let terms = AspectTerms::embedded();
    for word in ["比不了", "强于", "短板", "通病"] {
        assert_eq!(
            terms.get(word),
            Some((AspectCategory::General, TermRole::Opinion)),
            "{word}"
        );
    }
    let found = aspects("动力上，森林人肯定比不了途观");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].category, AspectCategory::Features, "{found:?}");
}

#[test]
fn navigation_is_read_by_what_it_guides() {
    // 导航 is a car's feature, an app's function or the way to a shop: its weight
    // leaves the words and the message around it to decide.
    let category = |text: &str| {
        let found = aspects(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found[0].category
    };
    assert_eq!(category("这车导航做得不错"), AspectCategory::Features);
    assert_eq!(
        category("导航到了还得绕两圈才找到店"),
        AspectCategory::Location
    );
    assert_eq!(
        category("地图导航把我带进了死胡同"),
        AspectCategory::Technical
    );
}
