"""Type stubs of zh_emotion (checked against the compiled module by the tests)."""

import os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union, final

__version__: str
DEFAULT_MAX_CHARS: int
EMOTIONS: List[str]
"""The nine label ids, in score order: anger, disappointment, anxiety, sadness,
disgust, joy, gratitude, surprise, neutral."""
ESCALATION_KINDS: List[str]
"""The seven escalation kinds, in their fixed order."""
RESULT_FIELDS: List[str]
"""The fields of classify_arrow's struct array: emotion, intensity, polarity, escalate,
then one score per label id (and ``aspects`` after them for a classifier made with
``aspects=True``)."""

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

_TurnLike = Union["Turn", Tuple[str, str], Mapping[str, str]]

@final
class Classifier:
    """Classifies Chinese customer messages. Immutable and safe to share between
    threads; every method releases the GIL while it classifies."""

    def __new__(
        cls,
        lexicon: Optional[Union[str, os.PathLike[str]]] = None,
        model: Optional[Union[str, os.PathLike[str], bytes]] = None,
        max_chars: int = ...,
        preload: bool = False,
        aspects: bool = False,
    ) -> Classifier:
        """The embedded lexicon and model, or ``lexicon`` (a file of
        ``word<TAB>label<TAB>strength`` lines added to the embedded lexicon) and
        ``model`` (a model file or its bytes). ``aspects=True`` gives every result
        its aspects (about twice the time per message). Raises ValueError naming the file and
        position for malformed files, FileNotFoundError for missing ones."""
    @property
    def max_chars(self) -> int:
        """The maximum message length in characters."""
    @property
    def aspects(self) -> bool:
        """Whether the classifier finds aspects (``aspects=True``)."""
    def preload(self) -> None:
        """Loads the dictionary, lexicon, model and escalation rules now."""
    def classify(self, text: str) -> EmotionResult:
        """Classifies one message."""
    def classify_bytes(self, data: bytes) -> EmotionResult:
        """Classifies UTF-8 bytes; invalid UTF-8 raises ValueError with the position."""
    def classify_batch(
        self, texts: Iterable[str], threads: Optional[int] = None
    ) -> List[EmotionResult]:
        """Classifies many messages in parallel, in input order. A non-str element
        raises TypeError naming its index."""
    def classify_arrow(self, array: Any, threads: Optional[int] = None) -> Any:
        """Classifies a pyarrow string array (pyarrow.StructArray out) or chunked
        array (pyarrow.ChunkedArray out), or any object with ``__arrow_c_array__`` /
        ``__arrow_c_stream__``. Accepts string, large_string and string_view values,
        and dictionaries of them with any integer indices (pandas ``category``, Polars
        ``Categorical``/``Enum``, dictionary-encoded Parquet columns): each distinct
        value is classified once, and each row gets the result of its value, the same
        rows the decoded strings would give. Nulls stay nulls; anything else is a
        TypeError.

        With ``aspects=True`` the struct has one more field after ``RESULT_FIELDS``,
        ``aspects``: ``list<struct<text: string, start: int64, end: int64,
        targets: list<string>, category: string, emotion: string, polarity: float,
        intensity: float>>``, the row's ``EmotionResult.aspects``. ``start`` and
        ``end`` are character offsets (Python string indices, as ``Aspect.start`` /
        ``Aspect.end``), so ``s[start:end] == text`` for the row's string ``s`` in
        Python, pandas or Polars. A null row has a null list, a message without
        opinions an empty list. Without ``aspects=True`` there is no such field."""
    def analyse_conversation(self, turns: Iterable[_TurnLike]) -> ConversationResult:
        """Follows a customer's emotion over the turns of one conversation."""

@final
class EmotionResult:
    """The result of classifying one message. Offsets are character indices."""

    @property
    def emotion(self) -> str:
        """The dominant emotion's id (one of EMOTIONS)."""
    @property
    def emotion_zh(self) -> str:
        """The dominant emotion's Chinese name."""
    @property
    def intensity(self) -> float:
        """How strong the emotion is, in [0, 1]; 0 for neutral."""
    @property
    def intensity_level(self) -> int:
        """Intensity on the 0–3 scale."""
    @property
    def polarity(self) -> float:
        """The overall verdict, in [-1, 1]: 2p − 1 for the verdict head's probability p that the message is positive."""
    @property
    def confidence(self) -> float:
        """The probability of the winning label."""
    @property
    def scores(self) -> Dict[str, float]:
        """One probability per label id, in label order; they sum to 1."""
    @property
    def evidence(self) -> List[Evidence]:
        """The lexicon words that fired."""
    @property
    def truncated(self) -> bool:
        """True when only the first max_chars characters were classified."""
    @property
    def aspects(self) -> List[Aspect]:
        """What each opinion is about, in text order (empty unless the classifier
        was made with ``aspects=True``)."""
    @property
    def worst_aspect(self) -> Optional[Aspect]:
        """The most negative aspect (the first in text order on ties), or None when
        no aspect is negative (always without ``aspects=True``)."""
    @property
    def escalation(self) -> Escalation:
        """Whether the message must go to a supervisor, and why."""
    def to_dict(self) -> Dict[str, Any]:
        """The result as plain Python values."""

@final
class Aspect:
    """One opinion of a message: its span (character offsets), target words,
    category (``delivery``, ``quality``, ``features``, ``service``, ``price``,
    ``billing``, ``refund``, ``technical``, ``environment``, ``location``,
    ``general``) and its own emotion, polarity and intensity."""

    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def targets(self) -> List[str]: ...
    @property
    def category(self) -> str: ...
    @property
    def emotion(self) -> str: ...
    @property
    def polarity(self) -> float: ...
    @property
    def intensity(self) -> float: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class Evidence:
    """One lexicon word that contributed to a result."""

    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def emotion(self) -> str: ...
    @property
    def lexicon_emotion(self) -> str: ...
    @property
    def weight(self) -> float: ...
    @property
    def negated(self) -> bool: ...
    @property
    def modifiers(self) -> List[Modifier]: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class Modifier:
    """A modifier word (negation, degree, contrast, sarcasm, rhetorical, stakes)."""

    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def factor(self) -> float: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class Escalation:
    """Whether a message escalates, and the reasons found. True in a boolean context
    when it escalates."""

    @property
    def escalate(self) -> bool: ...
    @property
    def reasons(self) -> List[EscalationReason]: ...
    def kinds(self) -> List[str]:
        """The distinct kinds found, in ESCALATION_KINDS order."""
    def has(self, kind: str) -> bool:
        """True when a reason of this kind was found; unknown kinds raise ValueError."""
    def to_dict(self) -> Dict[str, Any]: ...
    def __bool__(self) -> bool: ...

@final
class EscalationReason:
    """One reason to escalate, with its cue in the text."""

    @property
    def kind(self) -> str: ...
    @property
    def kind_zh(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class Guidance:
    """A response strategy for an emotion or an escalation (fixed data)."""

    @property
    def id(self) -> str: ...
    @property
    def applies_to(self) -> str:
        """An emotion id, "escalation" or "safety_risk"."""
    @property
    def zh(self) -> str: ...
    @property
    def en(self) -> str: ...
    @property
    def steps(self) -> List[Step]: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class Step:
    """One step of a strategy."""

    @property
    def zh(self) -> str: ...
    @property
    def en(self) -> str: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class CategoryAdvice:
    """The steps to add to the strategy when the worst complaint of a message is
    about one aspect category (fixed data)."""

    @property
    def id(self) -> str: ...
    @property
    def category(self) -> str:
        """The aspect category id (``delivery``, ``service``, …; never ``general``)."""
    @property
    def zh(self) -> str: ...
    @property
    def en(self) -> str: ...
    @property
    def steps(self) -> List[Step]:
        """The steps, to take after the first steps of the strategy."""
    def to_dict(self) -> Dict[str, Any]: ...

@final
class Turn:
    """One turn of a conversation."""

    def __new__(cls, role: str, text: str) -> Turn:
        """``role`` is "customer" or "agent"; others raise ValueError."""
    @staticmethod
    def customer(text: str) -> Turn: ...
    @staticmethod
    def agent(text: str) -> Turn: ...
    @property
    def role(self) -> str: ...
    @property
    def text(self) -> str: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class ConversationResult:
    """What a conversation amounts to."""

    @property
    def turns(self) -> List[CustomerTurn]: ...
    @property
    def trajectory(self) -> str:
        """"escalating", "calming" or "stable"."""
    @property
    def changed_at(self) -> Optional[int]: ...
    @property
    def peak(self) -> Optional[TurnState]: ...
    @property
    def final_state(self) -> Optional[TurnState]: ...
    @property
    def escalate(self) -> bool: ...
    @property
    def rising(self) -> bool: ...
    @property
    def satisfaction(self) -> float:
        """Predicted satisfaction, -2 (very dissatisfied) to 2 (very satisfied)."""
    @property
    def dissatisfaction_risk(self) -> float:
        """The risk that the customer leaves dissatisfied, in [0, 1]."""
    @property
    def reasons(self) -> List[TurnReason]: ...
    @property
    def unhappy_about(self) -> List[Complaint]:
        """One Complaint per aspect category of the customer's negative aspects, the
        worst first (empty unless the classifier was made with ``aspects=True``)."""
    def to_dict(self) -> Dict[str, Any]: ...

@final
class Complaint:
    """One aspect category the customer complained about over a conversation."""

    @property
    def category(self) -> str: ...
    @property
    def count(self) -> int:
        """Number of negative aspects of this category over the customer turns."""
    @property
    def first_turn(self) -> int:
        """The turn where the category first came up negatively."""
    @property
    def worst_turn(self) -> int:
        """The turn of the most negative aspect."""
    @property
    def text(self) -> str:
        """The most negative aspect's text, as it appears in its turn."""
    @property
    def polarity(self) -> float:
        """Its polarity, in [-1, 0)."""
    def to_dict(self) -> Dict[str, Any]: ...

@final
class CustomerTurn:
    """The result of one customer turn."""

    @property
    def turn(self) -> int: ...
    @property
    def negativity(self) -> float: ...
    @property
    def chars(self) -> int: ...
    @property
    def exclamations(self) -> int: ...
    @property
    def result(self) -> EmotionResult: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class TurnState:
    """The emotional state at one turn."""

    @property
    def turn(self) -> int: ...
    @property
    def emotion(self) -> str: ...
    @property
    def intensity(self) -> float: ...
    @property
    def negativity(self) -> float: ...
    def to_dict(self) -> Dict[str, Any]: ...

@final
class TurnReason:
    """An escalation reason found in one turn."""

    @property
    def turn(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    def to_dict(self) -> Dict[str, Any]: ...

def classify(text: str) -> EmotionResult:
    """Classifies one message with the default classifier."""

def classify_batch(texts: Iterable[str], threads: Optional[int] = None) -> List[EmotionResult]:
    """Classifies many messages with the default classifier."""

def classify_arrow(array: Any, threads: Optional[int] = None) -> Any:
    """Classifies an Arrow string array (or dictionary-encoded strings) with the default
    classifier; see Classifier.classify_arrow."""

def analyse_conversation(
    turns: Iterable[_TurnLike], classifier: Optional[Classifier] = None
) -> ConversationResult:
    """Analyses a conversation with the default classifier, or with ``classifier``."""

def negativity(result: EmotionResult) -> float:
    """Intensity signed by polarity (negative labels count up); 1 when it escalates."""

def detect_escalation(text: str) -> Escalation:
    """The escalation check alone, without the emotion."""

def guidance_for_emotion(emotion: str) -> Guidance: ...
def guidance_for_escalation(kinds: Sequence[str]) -> Guidance: ...
def guidance_for_result(result: EmotionResult) -> Guidance: ...
def guidance_by_id(id: str) -> Optional[Guidance]: ...
def all_guidance() -> List[Guidance]: ...
def guidance_for_category(category: str) -> Optional[CategoryAdvice]:
    """The advice for complaints about a category (an id or Chinese name); None for
    ``general``; unknown categories raise ValueError."""
def guidance_for_complaint(result: EmotionResult) -> Optional[Tuple[Aspect, CategoryAdvice]]:
    """The worst aspect of the result that has advice of its own, and that advice;
    None without one (also without ``aspects=True``)."""
def all_category_advice() -> List[CategoryAdvice]:
    """The advice for every aspect category but ``general``, in category order."""
def result_arrow_type(aspects: bool = False) -> Any:
    """The pyarrow struct type that classify_arrow returns; with ``aspects=True``,
    that of ``Classifier(aspects=True).classify_arrow`` (an ``aspects`` field more)."""
