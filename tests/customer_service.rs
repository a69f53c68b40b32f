//! The customer-service layer end to end: escalation reasons, hard negatives,
//! conversation trajectories and response guidance. Every message here was written
//! for these tests.

use zh_emotion::conversation::{analyse, Trajectory, Turn};
use zh_emotion::escalation::EscalationKind::{self, *};
use zh_emotion::escalation::EscalationRules;
use zh_emotion::guidance::{self, AppliesTo};
use zh_emotion::{Classifier, Emotion};

fn classifier() -> Classifier {
    Classifier::default()
}

/// Asserts that every message escalates with a reason of `kind` whose evidence text
/// is found at its offsets.
fn assert_escalates(kind: EscalationKind, messages: &[&str]) {
    let c = classifier();
    for text in messages {
        let r = c.classify(text);
        assert!(
            r.escalation.has(kind),
            "{text:?}: expected {kind}, got {:?}",
            r.escalation
        );
        for reason in &r.escalation.reasons {
            assert_eq!(&text[reason.start..reason.end], reason.text, "{text:?}");
        }
    }
}

/// Asserts that the escalation rules alone (no label gate: see rule 8 of
/// `src/assess/escalation/mod.rs`) find a reason of `kind` in every message, with its evidence at
/// its offsets. The sharpened-rule classes are tested this way so that the tests do not
/// depend on how a given model labels the message.
fn assert_rules_find(kind: EscalationKind, messages: &[&str]) {
    let rules = EscalationRules::embedded();
    for text in messages {
        let e = rules.assess(text, None);
        assert!(e.has(kind), "{text:?}: expected {kind}, got {e:?}");
        for reason in &e.reasons {
            assert_eq!(&text[reason.start..reason.end], reason.text, "{text:?}");
        }
    }
}

#[test]
fn external_complaints() {
    assert_escalates(
        ExternalComplaint,
        &[
            "三天之内不给答复，我就去12315投诉你们",
            "多收的钱再不退，我直接打12315",
            "我已经把你们的情况反映给市场监管局了",
            "保险公司拖着不赔，我准备向银保监投诉",
            "這種霸王條款，我會向消委會舉報",
            "话费乱扣，我要找通信管理局申诉",
            "乱扣流量不给解释 @工信部 @中国消费者协会",
        ],
    );
}

#[test]
fn media_exposure() {
    assert_escalates(
        MediaExposure,
        &[
            "你们不处理，我就把这件事发到微博上",
            "我会把整个经过拍成视频发抖音",
            "已经联系了报社记者，等着被曝光吧",
            "这事我一定要让大家都知道，到小红书上发帖",
        ],
    );
}

#[test]
fn legal_action() {
    assert_escalates(
        LegalAction,
        &[
            "我会起诉你们公司",
            "律师函明天就到，你们自己掂量",
            "东西被人冒领了，我已经去派出所报案了",
            "欠我的工钱不给，咱们法院见",
            "I will sue you if the money is not back by Monday.",
        ],
    );
}

#[test]
fn cancel_service() {
    assert_escalates(
        CancelService,
        &[
            "这种网速还收这么贵，我下个月就携号转网",
            "马上帮我销户，一分钟都不想等",
            "把我名下的所有套餐退订全部，号码也注销",
            "以后再也不会用你们的软件了，账号我也不要了",
        ],
    );
}

#[test]
fn abusive_language() {
    assert_escalates(
        AbusiveLanguage,
        &[
            "你们这帮饭桶，干什么都干不好",
            "滚！再也别打过来",
            "你是白痴吗？我说了三遍地址了",
            "他妈的到底什么时候发货",
        ],
    );
}

#[test]
fn safety_risk() {
    assert_escalates(
        SafetyRisk,
        &[
            "刚买的电暖器插上没多久就冒烟了",
            "楼道里一股燃气味，是不是管道漏了？",
            "孩子玩你们的玩具被割伤了手",
            "信用卡昨晚被盗刷了三笔，我人在家里睡觉",
            "吃了你们的海鲜以后全身过敏，现在在急诊",
            "电梯卡在十二楼不动了，我们三个人被困在里面",
        ],
    );
}

#[test]
fn repeated_contact() {
    assert_escalates(
        RepeatedContact,
        &[
            "这已经是我第4次打电话了，还是没人处理",
            "为了这个退款我前后联系了七次客服",
            "同样的问题反映过好几次，一直没有结果",
            "三番五次催你们发货，到现在还没发",
            "第三次上门维修了，空调还是不制冷",
        ],
    );
}

#[test]
fn supervisor_requests() {
    assert_rules_find(
        SupervisorRequest,
        &[
            "你做不了主就别耽误时间了，叫你们经理来处理",
            "麻烦转接你们的值班主管，这件事必须今天有个结果",
            "我要求跟你们负责人通电话",
            "能不能让你们店长出面？一线客服只会复制粘贴",
        ],
    );
}

#[test]
fn payment_disputes() {
    assert_rules_find(
        PaymentDispute,
        &[
            "你们不退钱，我就去信用卡中心申请拒付",
            "这笔扣款我没授权，已经让银行把交易撤销了",
            "已经在支付宝发起交易投诉，等平台判吧",
            "I have filed a chargeback with my card issuer",
        ],
    );
}

#[test]
fn staff_misconduct() {
    assert_rules_find(
        StaffMisconduct,
        &[
            "送水的配送员嫌楼层高，对着我爆粗口",
            "你们的安装师傅抽着烟在我家里乱弹烟灰，我说了一句他就吼我",
            "营业厅员工私自把我的套餐改成了贵的那个",
            "外卖员把我的奶茶偷喝了一口，封口都破了，还威胁我不许给差评",
        ],
    );
}

#[test]
fn described_safety_risks_without_a_threat() {
    assert_rules_find(
        SafetyRisk,
        &[
            "新买的取暖器开了十分钟就有焦糊味",
            "电动牙刷充电座摸着麻手",
            "昨晚十二点门锁失灵，我们一家在楼道里等开锁师傅",
            "自行车下坡时刹车失灵，膝盖摔破了",
            "面包里咬到一颗螺丝，牙都崩了",
            "吃了你们的外卖，全家都住院了",
            "宝宝高烧抽搐了一下，现在在去医院的路上",
        ],
    );
}

#[test]
fn someone_else_denied_and_hypothetical_cues_do_not_escalate() {
    let c = classifier();
    for text in [
        // About someone else.
        "听说别人的充电宝在车里自燃了，你们的充电宝有安全认证吗",
        "邻居家的门锁失灵过，你们这款有应急钥匙吗",
        "我同事说他申请了拒付，这个流程复杂吗",
        "网友说你们有骑手偷吃外卖，希望别是真的",
        // Denied.
        "不用找主管，你帮我把地址改一下就行",
        "我不会拒付的，你们尽快退款就好",
        "暖风机没有焦糊味，就是声音有点大",
        "快递员没骂人，只是没打电话就放驿站了",
        "还好没人受伤，就是门框撞掉了漆",
        // Hypothetical, without intent.
        "如果刹车失灵了，保修包括吗？",
        "万一门锁没电了，能用机械钥匙开吗",
        "请问怎么申请拒付？我先了解一下",
        "你们主管几点下班？想当面感谢一下",
        // A cue inside other words: 我妈的 is "my mother's".
        "我妈的手机号欠费停机了，帮忙查一下",
        // Praise that mentions a hospital stay.
        "孩子住院的理赔三天就到账了，太省心了，谢谢你们",
    ] {
        let r = c.classify(text);
        assert!(
            !r.escalation.escalate,
            "{text:?} escalated: {:?}",
            r.escalation
        );
    }
}

#[test]
fn several_reasons_in_one_message() {
    let r = classifier().classify("第五次打电话了还不解决，我要去消协投诉，再发微博曝光你们");
    let kinds = r.escalation.kinds();
    for kind in [RepeatedContact, ExternalComplaint, MediaExposure] {
        assert!(kinds.contains(&kind), "{kind} missing from {kinds:?}");
    }
    let starts: Vec<usize> = r.escalation.reasons.iter().map(|r| r.start).collect();
    assert!(starts.windows(2).all(|w| w[0] <= w[1]), "not in text order");
}

#[test]
fn hard_negatives_do_not_escalate() {
    let c = classifier();
    for text in [
        // Questions about the channel, not threats.
        "请问你们的投诉渠道有哪些？",
        "12315的电话是多少来着？",
        "怎么注销我的旧账号？新账号还要用",
        "会员到期后怎么取消自动续费？",
        "我是刚携号转网过来的，套餐怎么选？",
        "律师事务所可以开专票吗",
        // Mentions of media and platforms without a threat.
        "我在抖音上刷到你们的新品，好想买",
        "看到你们微博的抽奖了，请问什么时候开奖？",
        "相机的曝光时间怎么调长一点",
        // Words that contain a cue.
        "煤气费可以线上缴吗",
        "滚筒洗衣机和波轮的哪个好",
        "家里要装个燃气报警器，你们有卖吗",
        "有没有带漏电保护的插线板",
        "想买点防诈骗的宣传册发给老人",
        "送给妈妈的生日礼物，拆开发现有划痕，心情一下就没了",
        "姨妈的快递地址填错了，能帮忙改一下吗",
        // A stay in hospital in a claim, an appointment or a plain question.
        "住院报销需要哪些材料？",
        "住院期间的护工费能报吗",
        "儿科晚上有急诊吗",
        "我爸住院了，理赔什么时候能到账",
        // Small numbers, and repeats that are loyalty.
        "第二次联系你们了，麻烦再看一下",
        "这是我第五次来你们店了，每次都很满意！",
        "回购三次了，真的好用",
        // Internal complaints, and complaints below the bar.
        "我要投诉一下昨天那个快递员，送货太慢了",
        "东西一般般吧，不太满意",
        // Resolved risks and thanks.
        "差点被骗了，多亏你们客服提醒，谢谢！",
    ] {
        let r = c.classify(text);
        assert!(
            !r.escalation.escalate,
            "{text:?} escalated: {:?}",
            r.escalation
        );
    }
}

#[test]
fn escalation_json_shape() {
    let r = classifier().classify("明天就去12315投诉");
    let json = serde_json::to_value(&r.escalation).unwrap();
    assert_eq!(json["escalate"], true);
    let reason = &json["reasons"][0];
    assert_eq!(reason["kind"], "external_complaint");
    assert!(reason["text"].as_str().unwrap().contains("12315"));
    assert!(reason["start"].is_u64() && reason["end"].is_u64());
    // The result carries it too, and reads back.
    let whole = serde_json::to_string(&r).unwrap();
    let back: zh_emotion::EmotionResult = serde_json::from_str(&whole).unwrap();
    assert_eq!(back.escalation, r.escalation);
}

#[test]
fn escalating_conversation() {
    let turns = [
        Turn::customer("你好，我上周寄的包裹一直没有物流信息"),
        Turn::agent("您好，我帮您查一下。"),
        Turn::customer("都一个星期了，怎么还查不到？我有点着急"),
        Turn::agent("请您再耐心等两天。"),
        Turn::customer("还要等？！你们到底在干什么！！太过分了，气死我了！！！"),
    ];
    let r = analyse(&classifier(), &turns);
    assert_eq!(r.trajectory, Trajectory::Escalating);
    assert!(r.changed_at.is_some());
    assert_eq!(r.peak.unwrap().turn, 4);
    assert_eq!(r.final_state.unwrap().turn, 4);
    assert_eq!(r.turns.len(), 3);
    assert!(
        r.escalate,
        "{:?}",
        r.turns.iter().map(|t| t.negativity).collect::<Vec<_>>()
    );
}

#[test]
fn calming_conversation() {
    let turns = [
        Turn::customer("收到的杯子是碎的，气死了！你们怎么包装的！！"),
        Turn::agent("非常抱歉，马上为您补发一个新的，今天就发出。"),
        Turn::customer("好的，那就补发吧"),
        Turn::agent("已经安排好了，单号稍后短信发您。"),
        Turn::customer("收到短信了，谢谢你，处理得很快"),
    ];
    let r = analyse(&classifier(), &turns);
    assert_eq!(r.trajectory, Trajectory::Calming);
    assert_eq!(r.peak.unwrap().turn, 0);
    assert_eq!(r.final_state.unwrap().emotion, Emotion::Gratitude);
    assert!(!r.escalate);
}

#[test]
fn stable_conversation() {
    let turns = [
        Turn::customer("请问这款耳机支持无线充电吗？"),
        Turn::agent("支持的。"),
        Turn::customer("续航大概多久？"),
        Turn::agent("单次八小时左右。"),
        Turn::customer("有几种颜色可以选？"),
    ];
    let r = analyse(&classifier(), &turns);
    assert_eq!(r.trajectory, Trajectory::Stable);
    assert_eq!(r.changed_at, None);
    assert!(!r.escalate);
}

#[test]
fn conversation_escalates_on_a_single_threat() {
    let turns = [
        Turn::customer("订单显示已签收，可我没收到"),
        Turn::customer("我已经联系了第三次了，还是没人管"),
    ];
    let r = analyse(&classifier(), &turns);
    assert!(r.escalate);
    assert_eq!(r.reasons[0].turn, 1);
    assert_eq!(r.reasons[0].reason.kind, RepeatedContact);
}

#[test]
fn satisfaction_orders_conversations() {
    let c = classifier();
    let resolved = analyse(
        &c,
        &[
            Turn::customer("宽带从昨晚开始连不上，麻烦看一下"),
            Turn::agent("您好，已为您重置端口，请重启光猫试试。"),
            Turn::customer("重启后可以上网了，谢谢你们，处理得真快！"),
        ],
    );
    let unresolved = analyse(
        &c,
        &[
            Turn::customer("宽带从昨晚开始连不上，麻烦看一下"),
            Turn::agent("您好，请您私信提供账号。"),
            Turn::customer("账号早就私信了，到现在都没人理，什么破服务！！"),
            Turn::agent("请您耐心等待。"),
            Turn::customer("等等等，就知道让我等，垃圾公司，气死我了"),
        ],
    );
    assert!(
        resolved.satisfaction > unresolved.satisfaction,
        "{} <= {}",
        resolved.satisfaction,
        unresolved.satisfaction
    );
    assert!(resolved.satisfaction > 0.0 && unresolved.satisfaction < 0.0);
    assert!(resolved.dissatisfaction_risk < unresolved.dissatisfaction_risk);
    for r in [&resolved, &unresolved] {
        assert!((-2.0..=2.0).contains(&r.satisfaction));
        assert!((0.0..=1.0).contains(&r.dissatisfaction_risk));
        let back: zh_emotion::conversation::ConversationResult =
            serde_json::from_str(&serde_json::to_string(r).unwrap()).unwrap();
        assert_eq!(back.satisfaction, r.satisfaction);
        assert_eq!(back.dissatisfaction_risk, r.dissatisfaction_risk);
    }
    let json = serde_json::to_value(&resolved).unwrap();
    assert!(json["satisfaction"].is_f64() && json["dissatisfaction_risk"].is_f64());
}

#[test]
fn satisfaction_without_customer_turns_is_neutral() {
    let r = analyse(&classifier(), &[Turn::agent("您好，请问有什么可以帮您？")]);
    assert_eq!(r.satisfaction, 0.0);
    assert_eq!(r.dissatisfaction_risk, 0.5);
}

#[test]
fn every_emotion_has_guidance_and_ids_are_unique() {
    for e in Emotion::ALL {
        let g = guidance::for_emotion(e);
        assert_eq!(g.applies_to, AppliesTo::Emotion(e));
        assert!(!g.steps.is_empty());
    }
    let ids: Vec<&str> = guidance::ALL.iter().map(|g| g.id).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len(), "duplicate ids in {ids:?}");
}

#[test]
fn guidance_follows_the_result() {
    let c = classifier();
    assert_eq!(
        guidance::for_result(&c.classify("我家燃气管道漏气了，怎么办")).id,
        "safety_first"
    );
    assert_eq!(
        guidance::for_result(&c.classify("你们再这样我就去法院起诉")).id,
        "hand_to_supervisor"
    );
    assert_eq!(
        guidance::for_result(&c.classify("请问发票怎么开？")).id,
        "answer_efficiently"
    );
}
