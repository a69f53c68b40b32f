"""What the customer is unhappy about: the worst aspect of a message, the advice for its
category, and a conversation's complaints."""

import pytest

import zh_emotion
from zh_emotion import Classifier

DELIVERY = "东西不错，就是快递太慢了，等了一个星期"
RUDE_AGENT = "东西不错，就是客服态度太差了，爱答不理"
CONVERSATION = [
    ("customer", "快递太慢了，等了一个星期"),
    ("agent", "抱歉，我帮您查一下"),
    ("customer", "客服态度还特别差，气死我了！"),
]


@pytest.fixture(scope="module")
def aspects():
    return Classifier(aspects=True)


def test_worst_aspect_is_the_most_negative_aspect_with_string_indices(aspects):
    r = aspects.classify(DELIVERY)
    worst = r.worst_aspect
    assert isinstance(worst, zh_emotion.Aspect)
    assert worst.polarity < 0.0
    assert worst.polarity == min(a.polarity for a in r.aspects)
    assert worst in r.aspects
    assert DELIVERY[worst.start : worst.end] == worst.text
    # The advice goes to the worst aspect whose category has advice of its own.
    found = zh_emotion.guidance_for_complaint(r)
    assert found is not None and found[0].category != "general"
    with_advice = [a for a in r.aspects if a.polarity < 0.0 and a.category != "general"]
    assert found[0].polarity == min(a.polarity for a in with_advice)
    # Emoji before the span: the indices stay Python string indices.
    text = "😊😊" + DELIVERY
    shifted = aspects.classify(text).worst_aspect
    assert shifted is not None and text[shifted.start : shifted.end] == shifted.text


def test_worst_aspect_is_none_without_aspects_or_complaints(aspects):
    assert zh_emotion.classify(DELIVERY).worst_aspect is None
    assert Classifier().classify(DELIVERY).worst_aspect is None
    praise = aspects.classify("菜很好吃，服务也周到，谢谢")
    assert praise.aspects and praise.worst_aspect is None


def test_delivery_and_rude_agent_complaints_get_different_advice(aspects):
    found = zh_emotion.guidance_for_complaint(aspects.classify(DELIVERY))
    assert found is not None
    aspect, advice = found
    assert isinstance(aspect, zh_emotion.Aspect) and isinstance(advice, zh_emotion.CategoryAdvice)
    assert aspect.category == advice.category == "delivery"
    assert advice.id == "track_and_commit_delivery"
    assert aspect.polarity < 0.0 and DELIVERY[aspect.start : aspect.end] == aspect.text

    rude = zh_emotion.guidance_for_complaint(aspects.classify(RUDE_AGENT))
    assert rude is not None
    rude_aspect, rude_advice = rude
    assert rude_aspect.category == rude_advice.category == "service"
    assert rude_advice.id == "own_staff_conduct"
    assert rude_advice != advice
    assert [s.zh for s in rude_advice.steps] != [s.zh for s in advice.steps]
    # The advice complements the strategy of the emotion, which stays available.
    assert isinstance(zh_emotion.guidance_for_result(aspects.classify(RUDE_AGENT)), zh_emotion.Guidance)


def test_no_advice_without_aspects_or_complaints(aspects):
    assert zh_emotion.guidance_for_complaint(zh_emotion.classify(DELIVERY)) is None
    assert zh_emotion.guidance_for_complaint(aspects.classify("菜很好吃，服务也周到，谢谢")) is None


def test_guidance_for_category_by_id_or_chinese_name():
    delivery = zh_emotion.guidance_for_category("delivery")
    assert isinstance(delivery, zh_emotion.CategoryAdvice)
    assert delivery.category == "delivery" and delivery.id == "track_and_commit_delivery"
    assert zh_emotion.guidance_for_category("物流配送") == delivery
    assert zh_emotion.guidance_for_category(" Delivery ") == delivery
    assert zh_emotion.guidance_for_category("服务态度").category == "service"
    # A complaint about the business as a whole has no advice of its own.
    assert zh_emotion.guidance_for_category("general") is None
    assert zh_emotion.guidance_for_category("整体评价") is None
    for unknown in ("no_such_category", "", "快递"):
        with pytest.raises(ValueError, match="unknown aspect category"):
            zh_emotion.guidance_for_category(unknown)
    with pytest.raises(TypeError):
        zh_emotion.guidance_for_category(3)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        zh_emotion.guidance_for_complaint("快递太慢了")  # type: ignore[arg-type]


def test_all_category_advice_is_fixed_data_in_category_order():
    advice = zh_emotion.all_category_advice()
    assert [a.category for a in advice] == [
        "delivery", "quality", "features", "service", "price",
        "billing", "refund", "technical", "environment", "location",
    ]
    assert len({a.id for a in advice}) == len(advice) == 10
    for a in advice:
        assert zh_emotion.guidance_for_category(a.category) == a
        assert a.zh and a.en and a.steps
        assert all(isinstance(s, zh_emotion.Step) and s.zh and s.en for s in a.steps)
        d = a.to_dict()
        assert d == {
            "id": a.id,
            "category": a.category,
            "zh": a.zh,
            "en": a.en,
            "steps": [{"zh": s.zh, "en": s.en} for s in a.steps],
        }
        assert repr(a) == f'CategoryAdvice(id="{a.id}", category="{a.category}", steps={len(a.steps)})'


def test_conversation_lists_delivery_and_service_complaints(aspects):
    result = aspects.analyse_conversation(CONVERSATION)
    assert result == zh_emotion.analyse_conversation(CONVERSATION, classifier=aspects)
    complaints = result.unhappy_about
    assert all(isinstance(c, zh_emotion.Complaint) for c in complaints)
    by_category = {c.category: c for c in complaints}
    assert len(by_category) == len(complaints), "one complaint per category"
    assert {"delivery", "service"} <= set(by_category)
    assert [c.polarity for c in complaints] == sorted(c.polarity for c in complaints)
    texts = [t for _, t in CONVERSATION]
    for c in complaints:
        assert -1.0 <= c.polarity < 0.0
        assert c.count >= 1 and c.first_turn <= c.worst_turn
        assert c.text in texts[c.worst_turn]
        assert c.to_dict() == {
            "category": c.category,
            "count": c.count,
            "first_turn": c.first_turn,
            "worst_turn": c.worst_turn,
            "text": c.text,
            "polarity": c.polarity,
        }
        assert repr(c).startswith(f'Complaint(category="{c.category}", count={c.count}, ')
    assert by_category["delivery"].first_turn == 0
    assert by_category["service"].first_turn == 2
    # Turn 2 names the agent; its worst service aspect may be the outburst after it
    # (气死我了 is about the service the turn complains of).
    turn2 = next(t for t in result.turns if t.turn == 2).result.aspects
    assert any(a.category == "service" and "客服" in a.text for a in turn2)
    assert by_category["service"].text in [a.text for a in turn2 if a.category == "service"]
    # The complaints are the ones of the turns' own aspects.
    turn_aspects = [(t.turn, a.text) for t in result.turns for a in t.result.aspects if a.polarity < 0]
    assert all((c.worst_turn, c.text) in turn_aspects for c in complaints)
    assert result.to_dict()["unhappy_about"] == [c.to_dict() for c in complaints]


def test_conversation_without_aspects_has_no_complaints():
    assert zh_emotion.analyse_conversation(CONVERSATION).unhappy_about == []
    assert Classifier().analyse_conversation(CONVERSATION).to_dict()["unhappy_about"] == []


def test_complaints_compare_by_value(aspects):
    first = aspects.analyse_conversation(CONVERSATION).unhappy_about
    second = aspects.analyse_conversation(CONVERSATION).unhappy_about
    assert first == second and first is not second
    assert first[0] != first[1]
    with pytest.raises(AttributeError):
        first[0].count = 5  # type: ignore[misc]
