"""Errors are Python exceptions with the crate's message; no panic reaches Python."""

import pytest

import zh_emotion
from zh_emotion import Classifier

from conftest import REPO


def test_bad_model_file_names_the_file_and_the_byte(tmp_path):
    bad = tmp_path / "broken.bin"
    bad.write_bytes(b"NOTAMODEL" + bytes(64))
    with pytest.raises(ValueError) as err:
        Classifier(model=bad)
    message = str(err.value)
    assert str(bad) in message and "at byte 0" in message and "wrong magic" in message


def test_truncated_and_corrupted_model_files(tmp_path):
    good = (REPO / "data" / "model.bin").read_bytes()
    short = tmp_path / "short.bin"
    short.write_bytes(good[: len(good) // 2])
    with pytest.raises(ValueError, match=r"short\.bin.*at byte \d+"):
        Classifier(model=short)
    flipped = bytearray(good)
    flipped[len(good) // 2] ^= 0xFF
    with pytest.raises(ValueError, match="checksum mismatch"):
        Classifier(model=bytes(flipped))
    with pytest.raises(ValueError, match="model bytes"):
        Classifier(model=b"")


def test_bad_lexicon_file_names_the_file_and_the_line(tmp_path):
    bad = tmp_path / "user.tsv"
    bad.write_text("蜗牛速度吧\tanger\t2\n慢吞吞吞\tfury\t2\n", encoding="utf-8")
    with pytest.raises(ValueError) as err:
        Classifier(lexicon=bad)
    message = str(err.value)
    assert str(bad) in message and "line 2" in message and "fury" in message
    fields = tmp_path / "fields.tsv"
    fields.write_text("蜗牛速度吧\tjoy\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"fields\.tsv, line 1: expected 3 tab-separated fields"):
        Classifier(lexicon=fields)
    binary = tmp_path / "binary.tsv"
    binary.write_bytes(b"ok\tjoy\t1\n\xff\n")
    with pytest.raises(ValueError, match=r"binary\.tsv: invalid UTF-8 at byte 9"):
        Classifier(lexicon=binary)


def test_missing_files_are_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match="nope.bin"):
        Classifier(model=tmp_path / "nope.bin")
    with pytest.raises(FileNotFoundError, match="nope.tsv"):
        Classifier(lexicon=tmp_path / "nope.tsv")


def test_argument_types():
    with pytest.raises(TypeError, match="model must be a path"):
        Classifier(model=42)
    with pytest.raises(ValueError, match="max_chars"):
        Classifier(max_chars=0)
    with pytest.raises(TypeError):
        zh_emotion.classify(None)
    with pytest.raises(TypeError):
        zh_emotion.classify(b"bytes")


def test_non_string_element_names_the_index():
    with pytest.raises(TypeError, match=r"texts\[2\] is int, not str"):
        zh_emotion.classify_batch(["好", "差", 3])
    with pytest.raises(TypeError, match=r"texts\[0\] is NoneType, not str"):
        Classifier().classify_batch([None])
    with pytest.raises(TypeError, match=r"texts\[1\] is bytes, not str"):
        Classifier().classify_batch(("好", b"x"))
    with pytest.raises(TypeError, match=r"texts\[1\] is float"):
        Classifier().classify_batch(iter(["好", 1.5]))
    with pytest.raises(TypeError, match="not a single str"):
        zh_emotion.classify_batch("好评")
    with pytest.raises(TypeError, match="iterable of str"):
        zh_emotion.classify_batch(7)


def test_threads_argument():
    with pytest.raises(ValueError, match="at least 1"):
        zh_emotion.classify_batch(["好"], threads=0)
    with pytest.raises(ValueError, match="at most"):
        zh_emotion.classify_batch(["好"], threads=100_000)
    with pytest.raises(OverflowError):
        zh_emotion.classify_batch(["好"], threads=-1)


def test_hostile_text_never_raises():
    # Control characters, lone surrogates cannot be str in Rust; these can.
    for text in ["\x00" * 100, "\u202e\u200d" * 50, "🙂" * 10_000, "a" * 200_000, "\ufeff\r\n"]:
        r = zh_emotion.classify(text)
        assert r.emotion in zh_emotion.EMOTIONS


def test_lone_surrogates_are_a_python_error_not_a_crash():
    with pytest.raises(UnicodeEncodeError):
        zh_emotion.classify("\ud800")
    with pytest.raises(UnicodeEncodeError):
        zh_emotion.classify_batch(["好", "\udfff"])
