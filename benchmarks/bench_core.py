"""Core speed: question-set load (with and without the never-fires check), assessment, summary TOML.

Prints numbers; asserts nothing. Run: python benchmarks/bench_core.py
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time

from ldnwizard.core.answering.assess import assess
from ldnwizard.core.content.load import load_bank
from ldnwizard.core.report.summary import build_summary, to_toml


def timed(fn, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def line(name: str, samples: list[float]) -> str:
    samples = sorted(samples)
    p90 = samples[int(len(samples) * 0.9) - 1]
    return f"{name:<44} median {statistics.median(samples):7.2f} ms   p90 {p90:7.2f} ms   (n={len(samples)})"


def random_answers(bank, rng: random.Random) -> dict:
    answers = {}
    for q in bank.questions:
        if q.patient_field or rng.random() < 0.2:
            continue
        if q.kind == "single":
            answers[q.id] = rng.choice(q.choices).value
        elif q.kind == "multi":
            answers[q.id] = [rng.choice([c for c in q.choices if not c.exclusive]).value]
        elif q.kind == "number":
            answers[q.id] = rng.choice([0.25, 0.5, 1, 2, 10])
    return answers


def main() -> None:
    import_ms = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import ldnwizard.core.content.bank, ldnwizard.core.answering.assess"], check=True)
        import_ms.append((time.perf_counter() - start) * 1000)
    bare = timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), 5)
    print(line("python -c pass (baseline process)", bare))
    print(line("process importing the core", import_ms))
    print(line("load question set, all checks", timed(lambda: load_bank(), 30)))
    print(line("load question set, without never-fires check", timed(lambda: load_bank(check_reach=False), 30)))
    bank = load_bank()
    rng = random.Random(7)
    sets = [random_answers(bank, rng) for _ in range(300)]
    it = iter(sets * 2)
    print(line("assess one answer set", timed(lambda: assess(bank, next(it)), 300)))
    print(line("assess + build + TOML one summary", timed(lambda: to_toml(build_summary(bank, assess(bank, next(it)))), 300)))


if __name__ == "__main__":
    main()
