"""Emotion, intensity, polarity, escalation and response guidance for Chinese customer
messages: the zh-emotion Rust crate for Python.

>>> import zh_emotion
>>> r = zh_emotion.classify("快递三天了还没到，急死了！")
>>> r.emotion, r.escalation.escalate
('anxiety', False)

The classifier releases the GIL while it works; ``classify_batch`` and
``classify_arrow`` run on a pool of ``threads`` threads (default: one per core).
``classify_arrow`` takes a pyarrow string array or chunked array (or anything with
``__arrow_c_array__`` / ``__arrow_c_stream__``, such as a Polars Series) and returns a
struct array with the fields in ``RESULT_FIELDS``; nulls stay nulls. A
``Classifier(aspects=True)`` adds a last field, ``aspects`` (a list of structs per row,
with character offsets).

With aspects, ``EmotionResult.worst_aspect`` is the most negative opinion,
``guidance_for_complaint`` gives the steps for what the worst complaint is about, and a
conversation's ``unhappy_about`` lists the categories the customer complained about.
"""

from ._zh_emotion import (
    DEFAULT_MAX_CHARS,
    EMOTIONS,
    ESCALATION_KINDS,
    RESULT_FIELDS,
    Aspect,
    CategoryAdvice,
    Classifier,
    Complaint,
    ConversationResult,
    CustomerTurn,
    EmotionResult,
    Escalation,
    EscalationReason,
    Evidence,
    Guidance,
    Modifier,
    Step,
    Turn,
    TurnReason,
    TurnState,
    __version__,
    all_category_advice,
    all_guidance,
    analyse_conversation,
    classify,
    classify_arrow,
    classify_batch,
    detect_escalation,
    guidance_by_id,
    guidance_for_category,
    guidance_for_complaint,
    guidance_for_emotion,
    guidance_for_escalation,
    guidance_for_result,
    negativity,
)


def result_arrow_type(aspects=False):
    """The pyarrow struct type that ``classify_arrow`` returns (needs pyarrow): the
    fields of ``RESULT_FIELDS``, and ``aspects`` after them for ``aspects=True`` (what
    ``Classifier(aspects=True).classify_arrow`` returns)."""
    import pyarrow as pa

    empty = pa.array([], pa.string())
    if aspects:
        return Classifier(aspects=True).classify_arrow(empty).type
    return classify_arrow(empty).type


__all__ = [
    "DEFAULT_MAX_CHARS",
    "EMOTIONS",
    "ESCALATION_KINDS",
    "RESULT_FIELDS",
    "Aspect",
    "CategoryAdvice",
    "Classifier",
    "Complaint",
    "ConversationResult",
    "CustomerTurn",
    "EmotionResult",
    "Escalation",
    "EscalationReason",
    "Evidence",
    "Guidance",
    "Modifier",
    "Step",
    "Turn",
    "TurnReason",
    "TurnState",
    "__version__",
    "all_category_advice",
    "all_guidance",
    "analyse_conversation",
    "classify",
    "classify_arrow",
    "classify_batch",
    "detect_escalation",
    "guidance_by_id",
    "guidance_for_category",
    "guidance_for_complaint",
    "guidance_for_emotion",
    "guidance_for_escalation",
    "guidance_for_result",
    "negativity",
    "result_arrow_type",
]
