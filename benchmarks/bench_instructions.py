"""Start-up counted in CPU instructions (valgrind), next to a bare Textual app: the same every run.

``bench_start.py`` times start-up on the wall clock, which a busy or throttled machine
moves by 10-20 % from run to run. This counts the instructions each process runs
(``valgrind --tool=callgrind``, all threads) from exec until a given text is on the
terminal, so one run of each app is enough and a change of 1 % shows. Counted:

1. first paint: the wizard's welcome heading; the bare app's one line;
2. first question: Enter as soon as the first screen shows, until the first question's
   prompt (the bare app: until its second screen). The question set loads in between,
   so this counts everything the first question needs.

The app runs unchanged under a small launcher that ends the process (``os._exit``) at the
moment the text is written; the count then covers exactly the work up to it. Both apps run
from bytecode, as in ``bench_start.py``. Without valgrind it says so and exits 0.
Run: ``python benchmarks/bench_instructions.py``.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parent))  # beside this script

from bench_start import BARE_APP, drain_until, needles, spawn, stop, wait_for  # noqa: E402

#: Runs a program (``sys.argv[1]``, a file) and ends the process once ``sys.argv[2]`` is visible on the terminal.
LAUNCHER = r'''
import os, re, sys
program, needle = sys.argv[1], sys.argv[2]
sys.argv = [program, *sys.argv[3:]]
import textual.drivers.linux_driver as driver
ansi = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")
written = []
write = driver.LinuxDriver.write
def write_and_watch(self, data):
    write(self, data)
    written.append(data)
    if needle in ansi.sub("", "".join(written)):
        os._exit(0)
driver.LinuxDriver.write = write_and_watch
exec(compile(open(program).read(), program, "exec"), {"__name__": "__main__"})
'''

WIZARD = """
import sys
from ldnwizard.cli import main
sys.exit(main(sys.argv[1:]))
"""

_COLLECTED = re.compile(rb"Collected : (\d+)")


def count(program: Path, needle: str, env: dict[str, str], work: Path, *, enter_after: str | None = None, args: tuple[str, ...] = ()) -> int:
    """Instructions run by ``program`` until ``needle`` is on the terminal (Enter first, once ``enter_after`` shows)."""
    argv = [
        "valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", "--trace-children=no",
        sys.executable, str(work / "launcher.py"), str(program), needle, *args,
    ]
    pid, fd = spawn(argv, env)
    start = time.perf_counter()
    seen = bytearray()
    try:
        if enter_after is not None:
            wait_for(fd, enter_after.encode(), seen, start, timeout=600)
            os.write(fd, b"\r")
        while True:  # until the launcher ends the process and valgrind reports
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        drain_until(fd, time.perf_counter())
        stop(pid, fd)
    found = _COLLECTED.findall(bytes(seen))
    if not found:
        raise RuntimeError(f"valgrind reported no count for {program.name}; last output: {bytes(seen)[-300:]!r}")
    return int(found[-1])


def main() -> None:
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: no instruction counts (apt-get install valgrind)")
        return
    work = Path(tempfile.mkdtemp(prefix="ldnwizard-bench-instr-"))
    (work / "launcher.py").write_text(LAUNCHER)
    (work / "bare.py").write_text(BARE_APP)
    (work / "wizard.py").write_text(WIZARD)
    env = dict(os.environ, TERM="xterm-256color", XDG_CACHE_HOME=str(work / "cache"), LDNWIZARD_DATA_DIR=str(work / "data"))
    env["PYTHONPYCACHEPREFIX"] = str(work / "bytecode")
    for name in ("PYTHONDONTWRITEBYTECODE", "TEXTUAL_ANIMATIONS", "LDNWIZARD_NO_CACHE"):
        env.pop(name, None)
    heading, prompt = (n.decode() for n in needles())
    wizard = (work / "wizard.py", ("--no-draft",))
    bare = (work / "bare.py", ())
    # Once each without counting what follows: bytecode and the question-set cache, as from the second start on.
    for program, args in (wizard, bare):
        first = heading if program == wizard[0] else "BARE-FIRST-SCREEN"
        count(program, first, env, work, args=args)
    paint = count(wizard[0], heading, env, work, args=wizard[1])
    bare_paint = count(bare[0], "BARE-FIRST-SCREEN", env, work)
    question = count(wizard[0], prompt, env, work, enter_after=heading, args=wizard[1])
    bare_second = count(bare[0], "BARE-SECOND-SCREEN", env, work, enter_after="BARE-FIRST-SCREEN")
    shutil.rmtree(work, ignore_errors=True)

    def m(n: int) -> str:
        return f"{n / 1e6:8.1f} M"

    print("start-up in instructions (valgrind callgrind, all threads, exec to the text on the terminal; 80x24 pty)")
    print(f"  first paint      ldnwizard {m(paint)}  bare app {m(bare_paint)}  ratio {paint / bare_paint:5.3f}x (goal: within 1.10x)")
    print(f"  first question   ldnwizard {m(question)}  bare second screen {m(bare_second)}")
    print(f"                   first question / bare first paint {question / bare_paint:5.3f}x (goal: within 1.8x)")
    print(f"  the wizard's own share of its first paint: {m(paint - bare_paint)} ({(paint - bare_paint) / paint:.0%})")


if __name__ == "__main__":
    main()
