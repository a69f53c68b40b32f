"""Results equal the Rust crate's for the shipped samples, computed now by the crate."""

import json
import struct

import pyarrow as pa

import zh_emotion

from conftest import CONVERSATIONS, SAMPLES, read_lines, run_reference


def f32(x):
    """Rounds a float to the nearest f32, as both sides compute in f32."""
    return struct.unpack("f", struct.pack("f", x))[0]


def char_offset(text, byte_offset):
    return len(text.encode("utf-8")[:byte_offset].decode("utf-8"))


def normalise_rust(text, r):
    """The crate's JSON with character offsets and f32 floats, as Python gives it."""
    out = {
        "emotion": r["emotion"],
        "scores": {k: f32(v) for k, v in r["scores"].items()},
        "intensity": f32(r["intensity"]),
        "polarity": f32(r["polarity"]),
        "truncated": r["truncated"],
        "evidence": [],
        "escalation": {
            "escalate": r["escalation"]["escalate"],
            "reasons": [
                dict(x, start=char_offset(text, x["start"]), end=char_offset(text, x["end"]))
                for x in r["escalation"]["reasons"]
            ],
        },
    }
    out["aspects"] = [
        dict(
            a,
            start=char_offset(text, a["start"]),
            end=char_offset(text, a["end"]),
            polarity=f32(a["polarity"]),
            intensity=f32(a["intensity"]),
        )
        for a in r.get("aspects", [])
    ]
    for e in r["evidence"]:
        out["evidence"].append(
            dict(
                e,
                weight=f32(e["weight"]),
                start=char_offset(text, e["start"]),
                end=char_offset(text, e["end"]),
                modifiers=[
                    dict(m, factor=f32(m["factor"]), start=char_offset(text, m["start"]), end=char_offset(text, m["end"]))
                    for m in e["modifiers"]
                ],
            )
        )
    return out


def normalise_python(d):
    d = dict(d)
    d["scores"] = {k: f32(v) for k, v in d["scores"].items()}
    d["intensity"], d["polarity"] = f32(d["intensity"]), f32(d["polarity"])
    d["evidence"] = [
        dict(e, weight=f32(e["weight"]), modifiers=[dict(m, factor=f32(m["factor"])) for m in e["modifiers"]])
        for e in d["evidence"]
    ]
    d["aspects"] = [dict(a, polarity=f32(a["polarity"]), intensity=f32(a["intensity"])) for a in d["aspects"]]
    return d


def test_samples_equal_the_rust_crate(rust_results):
    lines = read_lines(SAMPLES)
    assert len(rust_results) == len(lines) >= 50
    expected = [normalise_rust(t, r) for t, r in zip(lines, rust_results)]
    assert [normalise_python(r.to_dict()) for r in (zh_emotion.classify(t) for t in lines)] == expected
    assert [normalise_python(r.to_dict()) for r in zh_emotion.classify_batch(lines, threads=2)] == expected
    arrow = zh_emotion.classify_arrow(pa.array(lines)).to_pylist()
    for row, want in zip(arrow, expected):
        assert row["emotion"] == want["emotion"]
        assert f32(row["intensity"]) == want["intensity"] and f32(row["polarity"]) == want["polarity"]
        assert row["escalate"] == want["escalation"]["escalate"]
        assert {k: f32(row[k]) for k in zh_emotion.EMOTIONS} == want["scores"]


def arrow_aspects(classifier, lines):
    """The aspects field of classify_arrow, plain and dictionary-encoded (which must
    agree), with f32 floats."""
    plain = classifier.classify_arrow(pa.array(lines), threads=2)
    encoded = classifier.classify_arrow(pa.array(lines).dictionary_encode())
    assert encoded.equals(plain)
    return [
        [dict(a, polarity=f32(a["polarity"]), intensity=f32(a["intensity"])) for a in row]
        for row in plain.field("aspects").to_pylist()
    ]


def test_samples_with_aspects_equal_the_rust_crate(rust_aspect_results):
    lines = read_lines(SAMPLES)
    assert len(rust_aspect_results) == len(lines)
    expected = [normalise_rust(t, r) for t, r in zip(lines, rust_aspect_results)]
    assert sum(len(r["aspects"]) for r in expected) >= len(lines)
    classifier = zh_emotion.Classifier(aspects=True)
    assert [normalise_python(classifier.classify(t).to_dict()) for t in lines] == expected
    assert [normalise_python(r.to_dict()) for r in classifier.classify_batch(lines, threads=2)] == expected
    assert arrow_aspects(classifier, lines) == [r["aspects"] for r in expected]


def test_arrow_aspects_of_mixed_emoji_empty_and_factual_messages_equal_the_rust_crate(tmp_path):
    from test_arrow_aspects import TEXTS

    # Every non-null message, one a line (the empty and blank ones too).
    lines = [t for t in TEXTS if t is not None]
    path = tmp_path / "messages.txt"
    path.write_text("".join(t + "\n" for t in lines), encoding="utf-8")
    rust = run_reference("results", str(path), "--aspects")
    assert len(rust) == len(lines)
    want = [normalise_rust(t, r)["aspects"] for t, r in zip(lines, rust)]
    assert [] in want and any(len(a) >= 2 for a in want)
    got = arrow_aspects(zh_emotion.Classifier(aspects=True), lines)
    assert got == want
    # The byte offsets of the crate are character offsets here.
    emoji = lines.index(TEXTS[4])
    assert [a["start"] for a in rust[emoji]["aspects"]] != [a["start"] for a in got[emoji]]


def normalise_state(state):
    if state is None:
        return None
    return dict(state, intensity=f32(state["intensity"]), negativity=f32(state["negativity"]))


def normalise_rust_conversation(conversation, rust):
    """The crate's ConversationResult with character offsets and f32 floats."""
    texts = [t["text"] for t in conversation["turns"]]
    return dict(
        rust,
        satisfaction=f32(rust["satisfaction"]),
        dissatisfaction_risk=f32(rust["dissatisfaction_risk"]),
        turns=[
            dict(t, negativity=f32(t["negativity"]), result=normalise_rust(texts[t["turn"]], t["result"]))
            for t in rust["turns"]
        ],
        peak=normalise_state(rust["peak"]),
        final_state=normalise_state(rust["final_state"]),
        reasons=[
            dict(r, start=char_offset(texts[r["turn"]], r["start"]), end=char_offset(texts[r["turn"]], r["end"]))
            for r in rust["reasons"]
        ],
        unhappy_about=[dict(c, polarity=f32(c["polarity"])) for c in rust["unhappy_about"]],
    )


def normalise_python_conversation(got):
    return dict(
        got,
        satisfaction=f32(got["satisfaction"]),
        dissatisfaction_risk=f32(got["dissatisfaction_risk"]),
        turns=[dict(t, negativity=f32(t["negativity"]), result=normalise_python(t["result"])) for t in got["turns"]],
        peak=normalise_state(got["peak"]),
        final_state=normalise_state(got["final_state"]),
        unhappy_about=[dict(c, polarity=f32(c["polarity"])) for c in got["unhappy_about"]],
    )


def test_sample_conversations_equal_the_rust_crate(rust_conversations):
    conversations = [json.loads(line) for line in read_lines(CONVERSATIONS)]
    assert len(rust_conversations) == len(conversations) >= 8
    for conversation, rust in zip(conversations, rust_conversations):
        want = normalise_rust_conversation(conversation, rust)
        assert want["unhappy_about"] == []
        got = normalise_python_conversation(zh_emotion.analyse_conversation(conversation["turns"]).to_dict())
        assert got == want, conversation.get("id")


def test_sample_conversations_with_aspects_equal_the_rust_crate(rust_aspect_conversations):
    conversations = [json.loads(line) for line in read_lines(CONVERSATIONS)]
    assert len(rust_aspect_conversations) == len(conversations)
    classifier = zh_emotion.Classifier(aspects=True)
    complaints = 0
    for conversation, rust in zip(conversations, rust_aspect_conversations):
        want = normalise_rust_conversation(conversation, rust)
        complaints += len(want["unhappy_about"])
        result = classifier.analyse_conversation(conversation["turns"])
        assert normalise_python_conversation(result.to_dict()) == want, conversation.get("id")
        # The function with classifier= gives the same, and the typed complaints are
        # the dict's.
        same = zh_emotion.analyse_conversation(conversation["turns"], classifier=classifier)
        assert same == result
        assert [c.to_dict() for c in result.unhappy_about] == result.to_dict()["unhappy_about"]
    assert complaints >= 3, "the sample conversations have complaints to compare"
