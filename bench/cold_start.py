"""Cold start to an interactive main window on a big cache, against an empty QMainWindow.

    .venv/bin/python bench/cold_start.py [DATA_DIR] [--runs 5]

Each start is a new process of the same Python, offscreen, with its own settings folder.
- The console: `python -m console --data-dir DATA_DIR` (the real entry point), on the data
  dir of `make_dataset.py` (100k contacts, 1M messages), where the last selection is the
  contact with the 50k-message conversation.
- The floor: a script that imports PySide6, opens an empty QMainWindow and shows it.
"Interactive" means: the window is shown, the inbox's first page and the conversation's
newest page are in their models, each view has painted since, and the event loop has
turned once more after those paints (so a click would be handled now). The time runs
from just before the process is started to that turn.
The console's resident memory is read at that moment and once more a second later
(peak resident size, VmHWM): the "1M messages cached, biggest conversation open" figure.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import Figure, median, report
from make_dataset import DEFAULT_DIR, build

from console.store.database import DATABASE_FILE

HERE = Path(__file__).parent
CHILD = HERE / "cold_start_child.py"
NO_KEYRING = "keyring.backends.fail.Keyring"  # no D-Bus here: as on a headless machine


def environment(config_home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        XDG_CONFIG_HOME=str(config_home),
        PYTHON_KEYRING_BACKEND=NO_KEYRING,
        PYTHONPATH=os.pathsep.join((str(HERE), str(HERE.parent))),  # this checkout's console, not an installed one
    )
    return env


def start(mode: str, data_dir: Path, config_home: Path) -> dict[str, float]:
    started = time.time()
    finished = subprocess.run(
        [sys.executable, str(CHILD), mode, str(data_dir), repr(started)],
        env=environment(config_home),
        capture_output=True,
        text=True,
        timeout=120,
    )
    lines = [line for line in finished.stdout.splitlines() if line.startswith("{")]
    if finished.returncode != 0 or not lines:
        raise RuntimeError(f"{mode} start failed:\n{finished.stdout}\n{finished.stderr}")
    return json.loads(lines[-1])


def measure(data_dir: Path, runs: int) -> tuple[list[float], list[float], list[float]]:
    """`runs` starts of the console on `data_dir` and of an empty QMainWindow, one after the
    other: the console's seconds, the empty window's seconds, the console's peak memory (MB)."""
    consoles, empties, memory = [], [], []
    with tempfile.TemporaryDirectory() as folder:
        config_home = Path(folder)
        subprocess.run([sys.executable, str(CHILD), "prepare", str(data_dir), "0"], env=environment(config_home), check=True)
        start("console", data_dir, config_home)  # warms the OS file cache and compiles translations
        for _ in range(runs):
            empties.append(start("empty", data_dir, config_home)["seconds"])
            result = start("console", data_dir, config_home)
            consoles.append(result["seconds"])
            memory.append(result["peak_rss_mb"])
    return consoles, empties, memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    if not (options.data_dir / DATABASE_FILE).exists():
        build(options.data_dir, 100_000, 1_000_000, 50_000)
    consoles, empties, memory = measure(options.data_dir, options.runs)
    console, empty = median(consoles), median(empties)
    print("console starts (s): " + " ".join(f"{s:.2f}" for s in consoles))
    print("empty QMainWindow starts (s): " + " ".join(f"{s:.2f}" for s in empties))
    report(
        Figure(
            "cold start to interactive main window (100k contacts, 1M messages)",
            console,
            "s",
            "≤ 1.5 × an empty QMainWindow",
            console <= 1.5 * empty,
            floor=empty,
            ratio=console / empty,
            note=f"median of {options.runs}, offscreen",
        )
    )
    rss = median(memory)
    report(
        Figure(
            "resident memory, 1M messages cached and the 50k conversation open",
            rss,
            "MB",
            "≤ 300 MB",
            rss <= 300,
            note="peak resident size (VmHWM) one second after the window is interactive",
        )
    )


if __name__ == "__main__":
    main()
