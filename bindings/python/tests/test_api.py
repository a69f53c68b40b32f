"""The Python API: classify, batches, typed results, conversation, escalation, guidance."""

import math
import sysconfig
from pathlib import Path

import pytest

import zh_emotion
from zh_emotion import Classifier

ANXIOUS = "快递三天了还没到，急死了！"
THREAT = "再不退款我就去12315投诉你们"


def test_imports_the_installed_wheel_not_the_source_tree():
    installed = Path(zh_emotion.__file__).resolve()
    site = Path(sysconfig.get_paths()["purelib"]).resolve()
    assert site in installed.parents, installed


def test_module_constants():
    assert zh_emotion.EMOTIONS == [
        "anger", "disappointment", "anxiety", "sadness", "disgust",
        "joy", "gratitude", "surprise", "neutral",
    ]
    assert zh_emotion.ESCALATION_KINDS == [
        "external_complaint", "media_exposure", "legal_action", "cancel_service",
        "abusive_language", "safety_risk", "repeated_contact", "supervisor_request",
        "payment_dispute", "staff_misconduct",
    ]
    assert zh_emotion.RESULT_FIELDS == ["emotion", "intensity", "polarity", "escalate"] + zh_emotion.EMOTIONS
    assert zh_emotion.DEFAULT_MAX_CHARS == 50_000
    assert zh_emotion.__version__.count(".") == 2


def test_classify_gives_a_typed_result():
    r = zh_emotion.classify(ANXIOUS)
    assert isinstance(r, zh_emotion.EmotionResult)
    assert r.emotion == "anxiety"
    assert r.emotion_zh == "焦虑"
    assert isinstance(r.intensity, float) and 0.0 < r.intensity <= 1.0
    assert r.intensity_level in (1, 2, 3)
    assert -1.0 <= r.polarity < 0.0
    assert list(r.scores) == zh_emotion.EMOTIONS
    assert math.isclose(sum(r.scores.values()), 1.0, abs_tol=1e-4)
    assert r.confidence == r.scores["anxiety"] == max(r.scores.values())
    assert r.truncated is False
    assert isinstance(r.escalation, zh_emotion.Escalation)
    assert not r.escalation and r.escalation.reasons == []


def test_evidence_offsets_are_python_string_indices():
    r = zh_emotion.classify(ANXIOUS)
    assert r.evidence, "the anxious message has lexicon evidence"
    for e in r.evidence:
        assert isinstance(e, zh_emotion.Evidence)
        assert ANXIOUS[e.start : e.end] == e.text
        assert e.emotion in zh_emotion.EMOTIONS and e.lexicon_emotion in zh_emotion.EMOTIONS
        assert isinstance(e.weight, float) and isinstance(e.negated, bool)
    negated = zh_emotion.classify("这家店的服务一点也不好，😊不推荐")
    for e in negated.evidence:
        assert "这家店的服务一点也不好，😊不推荐"[e.start : e.end] == e.text
        for m in e.modifiers:
            assert isinstance(m, zh_emotion.Modifier)
            assert "这家店的服务一点也不好，😊不推荐"[m.start : m.end] == m.text


def test_escalation_reasons_and_kinds():
    r = zh_emotion.classify(THREAT)
    assert r.escalation.escalate and bool(r.escalation)
    assert "external_complaint" in r.escalation.kinds()
    assert r.escalation.has("external_complaint") and r.escalation.has("外部投诉")
    for reason in r.escalation.reasons:
        assert isinstance(reason, zh_emotion.EscalationReason)
        assert THREAT[reason.start : reason.end] == reason.text
        assert reason.kind in zh_emotion.ESCALATION_KINDS
    with pytest.raises(ValueError, match="unknown escalation kind"):
        r.escalation.has("no_such_kind")
    alone = zh_emotion.detect_escalation(THREAT)
    assert alone.kinds() == r.escalation.kinds()
    assert [x.to_dict() for x in alone.reasons] == [x.to_dict() for x in r.escalation.reasons]
    assert not zh_emotion.detect_escalation("请问发票怎么开？")


def test_to_dict_has_the_crates_json_shape():
    r = zh_emotion.classify(THREAT)
    d = r.to_dict()
    assert list(d) == ["emotion", "scores", "intensity", "polarity", "evidence", "truncated", "escalation", "aspects"]
    assert d["emotion"] == r.emotion and d["scores"] == r.scores
    assert d["intensity"] == r.intensity and d["polarity"] == r.polarity
    assert d["evidence"] == [e.to_dict() for e in r.evidence]
    assert d["escalation"] == r.escalation.to_dict()
    assert d["escalation"]["escalate"] is True
    assert set(d["evidence"][0]) == {"text", "start", "end", "emotion", "lexicon_emotion", "weight", "negated", "modifiers"}


def test_results_compare_by_value_and_print():
    a, b = zh_emotion.classify(ANXIOUS), zh_emotion.classify(ANXIOUS)
    assert a == b and a is not b
    assert a != zh_emotion.classify(THREAT)
    assert repr(a).startswith('EmotionResult(emotion="anxiety"')
    assert "Evidence(" in repr(a.evidence[0])


def test_empty_and_whitespace_are_neutral():
    for text in ["", "   ", "\n\t"]:
        r = zh_emotion.classify(text)
        assert r.emotion == "neutral" and r.intensity == 0.0 and r.polarity == 0.0
        assert r.scores["neutral"] == 1.0 and r.evidence == []


def test_batch_equals_one_by_one_in_input_order():
    texts = [ANXIOUS, THREAT, "", "好评！", "请问发票怎么开？"] * 20
    one_by_one = [zh_emotion.classify(t) for t in texts]
    assert zh_emotion.classify_batch(texts) == one_by_one
    c = Classifier()
    for threads in (None, 1, 2, 3):
        assert c.classify_batch(texts, threads=threads) == one_by_one
    assert c.classify_batch(tuple(texts)) == one_by_one
    assert c.classify_batch(t for t in texts) == one_by_one
    assert c.classify_batch([]) == []


def test_max_chars_truncates_and_flags():
    c = Classifier(max_chars=5, preload=True)
    assert c.max_chars == 5
    assert c.classify("气死我了气死我了气死我了").truncated
    assert not c.classify("气死我了").truncated
    assert "max_chars=5" in repr(c)


def test_classify_bytes():
    c = Classifier()
    assert c.classify_bytes(ANXIOUS.encode()) == c.classify(ANXIOUS)
    with pytest.raises(ValueError, match="invalid UTF-8 at byte 2"):
        c.classify_bytes(b"ok\xff")


def test_custom_model_bytes_and_lexicon_file(tmp_path):
    # The shipped model file read from disk and as bytes gives the embedded model's results.
    from conftest import REPO

    model = REPO / "data" / "model.bin"
    default = zh_emotion.classify(ANXIOUS)
    assert Classifier(model=str(model)).classify(ANXIOUS) == default
    assert Classifier(model=model).classify(ANXIOUS) == default
    assert Classifier(model=model.read_bytes()).classify(ANXIOUS) == default
    lexicon = tmp_path / "user.tsv"
    lexicon.write_text("# a user word\n拖拖拉拉\tanger\t3\n", encoding="utf-8")
    c = Classifier(lexicon=lexicon)
    r = c.classify("你们办事拖拖拉拉")
    assert any(e.text == "拖拖拉拉" and e.lexicon_emotion == "anger" for e in r.evidence)
    assert not any(e.text == "拖拖拉拉" for e in zh_emotion.classify("你们办事拖拖拉拉").evidence)


def test_conversation():
    turns = [
        zh_emotion.Turn.customer("你好，我的快递还没到，帮忙查一下"),
        zh_emotion.Turn.agent("好的，正在为您查询。"),
        ("customer", "怎么还没查到？我很着急"),
        {"role": "customer", "text": "你们到底管不管！！！气死我了，太过分了！"},
    ]
    r = zh_emotion.analyse_conversation(turns)
    assert isinstance(r, zh_emotion.ConversationResult)
    assert r.trajectory == "escalating"
    assert [t.turn for t in r.turns] == [0, 2, 3]
    assert r.final_state is not None and r.final_state.turn == 3
    assert r.peak is not None and r.peak.emotion in zh_emotion.EMOTIONS
    assert isinstance(r.turns[0], zh_emotion.CustomerTurn)
    assert r.turns[2].result == zh_emotion.classify("你们到底管不管！！！气死我了，太过分了！")
    assert r.turns[2].negativity == zh_emotion.negativity(r.turns[2].result)
    assert isinstance(r.escalate, bool) and isinstance(r.rising, bool)
    assert -2.0 <= r.satisfaction < 0.0  # an angry, unresolved conversation
    assert 0.5 < r.dissatisfaction_risk <= 1.0
    assert r.turns[2].exclamations == 4 and r.turns[2].chars == len("你们到底管不管！！！气死我了，太过分了！")
    assert r.to_dict()["trajectory"] == "escalating"
    assert Classifier().analyse_conversation(turns) == r
    assert zh_emotion.analyse_conversation(turns, classifier=Classifier()) == r
    threat = zh_emotion.analyse_conversation([("customer", "你好"), ("customer", THREAT)])
    assert threat.escalate and threat.reasons
    reason = threat.reasons[0]
    assert isinstance(reason, zh_emotion.TurnReason) and reason.turn == 1
    assert THREAT[reason.start : reason.end] == reason.text
    empty = zh_emotion.analyse_conversation([])
    assert empty.turns == [] and empty.peak is None and empty.changed_at is None
    t = zh_emotion.Turn("agent", "您好")
    assert (t.role, t.text) == ("agent", "您好") and t.to_dict() == {"role": "agent", "text": "您好"}


def test_conversation_input_errors():
    with pytest.raises(ValueError, match="unknown role"):
        zh_emotion.Turn("boss", "x")
    with pytest.raises(ValueError, match=r"turns\[1\]"):
        zh_emotion.analyse_conversation([("customer", "a"), ("boss", "b")])
    with pytest.raises(TypeError, match=r"turns\[1\] is int"):
        zh_emotion.analyse_conversation([("customer", "a"), 5])
    with pytest.raises(TypeError):
        zh_emotion.analyse_conversation("customer")


def test_guidance():
    anxious = zh_emotion.classify(ANXIOUS)
    g = zh_emotion.guidance_for_result(anxious)
    assert isinstance(g, zh_emotion.Guidance)
    assert g == zh_emotion.guidance_for_emotion("anxiety") == zh_emotion.guidance_for_emotion("焦虑")
    assert g.applies_to == "anxiety" and g.zh and g.en
    assert g.steps and all(isinstance(s, zh_emotion.Step) and s.zh and s.en for s in g.steps)
    assert zh_emotion.guidance_for_result(zh_emotion.classify(THREAT)).id == "hand_to_supervisor"
    assert zh_emotion.guidance_for_escalation(["safety_risk", "abusive_language"]).applies_to == "safety_risk"
    assert zh_emotion.guidance_for_escalation([]).applies_to == "escalation"
    everything = zh_emotion.all_guidance()
    assert len(everything) == 11
    assert [x.applies_to for x in everything[:9]] == zh_emotion.EMOTIONS
    assert zh_emotion.guidance_by_id(g.id) == g
    assert zh_emotion.guidance_by_id("no_such_strategy") is None
    assert g.to_dict()["steps"] == [s.to_dict() for s in g.steps]
    with pytest.raises(ValueError, match="unknown emotion label"):
        zh_emotion.guidance_for_emotion("happy")
    with pytest.raises(ValueError, match="unknown escalation kind"):
        zh_emotion.guidance_for_escalation(["nope"])


def test_results_are_immutable():
    r = zh_emotion.classify(ANXIOUS)
    with pytest.raises(AttributeError):
        r.emotion = "joy"


def test_aspects_are_opt_in_typed_and_in_python_string_indices():
    text = "菜很好吃，但是上菜太慢，服务员态度也差"
    assert zh_emotion.classify(text).aspects == []
    c = zh_emotion.Classifier(aspects=True)
    r = c.classify(text)
    assert len(r.aspects) >= 2
    for a in r.aspects:
        assert isinstance(a, zh_emotion.Aspect)
        assert text[a.start:a.end] == a.text
        assert all(t in a.text for t in a.targets)
        assert -1.0 <= a.polarity <= 1.0 and 0.0 <= a.intensity <= 1.0
    assert r.aspects[0].category == "quality" and r.aspects[0].polarity > 0
    assert any(a.category == "service" and a.polarity < 0 for a in r.aspects)
    d = r.to_dict()["aspects"][0]
    assert list(d) == ["text", "start", "end", "targets", "category", "emotion", "polarity", "intensity"]
    assert d["start"] == r.aspects[0].start and d["text"] == r.aspects[0].text
    # The batch path gives the same aspects.
    assert [x.aspects for x in c.classify_batch([text, "请问发票怎么开？"], threads=2)] == [r.aspects, c.classify("请问发票怎么开？").aspects]
