"""Results equal the Rust crate's for the shipped samples, computed now by the crate."""

import json
import struct

import pyarrow as pa

import zh_emotion

from conftest import CONVERSATIONS, SAMPLES, read_lines


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


def normalise_state(state):
    if state is None:
        return None
    return dict(state, intensity=f32(state["intensity"]), negativity=f32(state["negativity"]))


def test_sample_conversations_equal_the_rust_crate(rust_conversations):
    conversations = [json.loads(line) for line in read_lines(CONVERSATIONS)]
    assert len(rust_conversations) == len(conversations) >= 8
    for conversation, rust in zip(conversations, rust_conversations):
        texts = [t["text"] for t in conversation["turns"]]
        want = dict(
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
        )
        got = zh_emotion.analyse_conversation(conversation["turns"]).to_dict()
        got = dict(
            got,
            satisfaction=f32(got["satisfaction"]),
            dissatisfaction_risk=f32(got["dissatisfaction_risk"]),
            turns=[dict(t, negativity=f32(t["negativity"]), result=normalise_python(t["result"])) for t in got["turns"]],
            peak=normalise_state(got["peak"]),
            final_state=normalise_state(got["final_state"]),
        )
        assert got == want, conversation.get("id")
