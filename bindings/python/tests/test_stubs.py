"""The .pyi stub describes every public name of the compiled module, and type-checks."""

import ast
import inspect
import subprocess
import sys
from pathlib import Path

import zh_emotion

STUB = Path(zh_emotion.__file__).with_name("__init__.pyi")


def stub_tree():
    return ast.parse(STUB.read_text(encoding="utf-8"))


def test_stub_and_py_typed_are_installed():
    assert STUB.is_file()
    assert STUB.with_name("py.typed").is_file()


def test_every_public_name_is_in_the_stub():
    tree = stub_tree()
    top = set()
    classes = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            top.add(node.name)
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            top.add(node.target.id)
        if isinstance(node, ast.ClassDef):
            classes[node.name] = {n.name for n in node.body if isinstance(n, ast.FunctionDef)}
    public = {n for n in dir(zh_emotion) if not n.startswith("_")} | {"__version__"}
    public -= {m for m in public if inspect.ismodule(getattr(zh_emotion, m))}
    assert public == set(zh_emotion.__all__)
    assert public - top == set(), "names missing from the stub"
    assert {n for n in top if not n.startswith("_")} - public == set(), "stub names the module lacks"
    for name, members in classes.items():
        cls = getattr(zh_emotion, name)
        runtime = {m for m in vars(cls) if not m.startswith("_")}
        assert runtime - members == set(), f"{name}: members missing from the stub"
        assert members - runtime - {"__new__", "__bool__"} == set(), f"{name}: stub members the class lacks"


def test_mypy_accepts_typed_use(tmp_path):
    program = tmp_path / "use.py"
    program.write_text(
        "import zh_emotion\n"
        "r: zh_emotion.EmotionResult = zh_emotion.classify('好评')\n"
        "label: str = r.emotion\n"
        "score: float = r.scores['joy']\n"
        "spans: list[tuple[int, int]] = [(e.start, e.end) for e in r.evidence]\n"
        "kinds: list[str] = r.escalation.kinds()\n"
        "c = zh_emotion.Classifier(max_chars=100)\n"
        "batch: list[zh_emotion.EmotionResult] = c.classify_batch(['a'], threads=2)\n"
        "g = zh_emotion.guidance_for_result(r)\n"
        "steps: list[str] = [s.en for s in g.steps]\n"
        "conv = zh_emotion.analyse_conversation([('customer', '你好')])\n"
        "end: int | None = conv.changed_at\n"
        "a = zh_emotion.Classifier(aspects=True)\n"
        "worst: zh_emotion.Aspect | None = a.classify('快递太慢了').worst_aspect\n"
        "found = zh_emotion.guidance_for_complaint(a.classify('快递太慢了'))\n"
        "advice: list[str] = [] if found is None else [s.zh for s in found[1].steps]\n"
        "about: list[str] = [c.category for c in a.analyse_conversation([('customer', '太慢')]).unhappy_about]\n"
        "cat: zh_emotion.CategoryAdvice | None = zh_emotion.guidance_for_category('delivery')\n",
        encoding="utf-8",
    )
    wrong = tmp_path / "wrong.py"
    wrong.write_text("import zh_emotion\nx: int = zh_emotion.classify('好评').emotion\n", encoding="utf-8")
    ok = subprocess.run([sys.executable, "-m", "mypy", "--strict", str(program)], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = subprocess.run([sys.executable, "-m", "mypy", str(wrong)], capture_output=True, text=True)
    assert bad.returncode == 1 and "Incompatible types" in bad.stdout, bad.stdout


def test_stubtest_finds_the_stub_consistent_with_the_module():
    # mypy's stubtest imports the compiled module and compares every name, signature
    # and default with the stub.
    run = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "zh_emotion"], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr
