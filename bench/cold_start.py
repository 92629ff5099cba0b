"""Cold start to the window painted with cached content, and to it being interactive, on a
big cache, each against an empty QMainWindow.

    .venv/bin/python bench/cold_start.py [DATA_DIR] [--runs 5]

Each start is a new process of the same Python, offscreen, with its own settings folder.
- The console: `python -m console --data-dir DATA_DIR` (the real entry point), on the data
  dir of `make_dataset.py` (100k contacts, 1M messages), where the last selection is the
  contact with the 50k-message conversation.
- The floor: a script that imports PySide6, opens an empty QMainWindow and shows it.
"Painted" means: the window is shown with the cached rows (the inbox's first page and the
last conversation's newest messages, read from the database before the rest of the
program loads) and both lists have painted them, and the loop has turned once more.
"Interactive" means: the agent has done something and it is done. Once painted, the probe
acts as the agent in the window on screen (the cached one, while the rest of the program
loads): it presses Down in the inbox list (the next conversation, not the cached one) and
types a key into the composer, both as real key events. Interactive is when that window's
chat holds the newest messages of the conversation Down opened (read from the database at
that moment), the composer holds the key, the chat has painted since and the loop has
turned once more. Should the live window take the place of the cached one meanwhile, the
same must hold in the live window.
"Live" (the previous definition of interactive): the live main window, with every service
attached, is shown with the inbox's first page and the newest page of the conversation the
agent opened in its models, each view has painted since, and the loop has turned once more.
Each time runs from just before the process is started.
The console's resident memory is read one second after the live moment (peak resident
size, VmHWM), with 1M messages cached: the 50k-message conversation was painted at start,
the one the agent opened with Down is open then.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from figures import Figure, median, report
from make_dataset import DEFAULT_DIR, build

from console.store.database import DATABASE_FILE

HERE = Path(__file__).parent
CHILD = HERE / "cold_start_child.py"
NO_KEYRING = "keyring.backends.fail.Keyring"  # no D-Bus here: as on a headless machine


def environment(config_home: Path) -> dict[str, str]:
    env = dict(os.environ)
    # An installed console has its bytecode compiled (pip does it): let the warm-up start write it.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
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


@dataclass
class Starts:
    """Seconds (and processor seconds) of each start: the console to its first paint, to
    interactive and to the live window, an empty QMainWindow, a plain window with the same
    rows; the console's memory (MB)."""

    consoles: list[float] = field(default_factory=list)  # interactive
    painted: list[float] = field(default_factory=list)
    lives: list[float] = field(default_factory=list)
    empties: list[float] = field(default_factory=list)
    plains: list[float] = field(default_factory=list)
    memory: list[float] = field(default_factory=list)
    cpu_painted: list[float] = field(default_factory=list)
    cpu_empty: list[float] = field(default_factory=list)
    cpu_plain: list[float] = field(default_factory=list)
    cpu_interactive: list[float] = field(default_factory=list)
    cpu_live: list[float] = field(default_factory=list)
    holds: list[float] = field(default_factory=list)  # longest the loop did not turn, first paint to live window


def measure(data_dir: Path, runs: int) -> Starts:
    """`runs` starts of the console on `data_dir`, of an empty QMainWindow and of a plain window
    with the same rows, one after the other."""
    seen = Starts()
    with tempfile.TemporaryDirectory() as folder:
        config_home = Path(folder)
        prepare = [sys.executable, str(CHILD), "prepare", str(data_dir), "0"]
        subprocess.run(prepare, env=environment(config_home), check=True)
        start("console", data_dir, config_home)  # warms the OS file cache and compiles translations
        for _ in range(runs):
            # Each start opens on the same selection: the agent's Down in the previous one moved it.
            subprocess.run(prepare, env=environment(config_home), check=True)
            floor_start = start("empty", data_dir, config_home)
            seen.empties.append(floor_start["seconds"])
            seen.cpu_empty.append(floor_start["cpu"])
            plain_start = start("plain", data_dir, config_home)
            seen.plains.append(plain_start["seconds"])
            seen.cpu_plain.append(plain_start["cpu"])
            result = start("console", data_dir, config_home)
            seen.consoles.append(result["seconds"])
            seen.painted.append(result["painted"])
            seen.cpu_painted.append(result["painted_cpu"])
            seen.lives.append(result["live"])
            seen.cpu_interactive.append(result["interactive_cpu"])
            seen.cpu_live.append(result["live_cpu"])
            seen.holds.append(result["longest_hold"])
            seen.memory.append(result["peak_rss_mb"])
    return seen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    if not (options.data_dir / DATABASE_FILE).exists():
        build(options.data_dir, 100_000, 1_000_000, 50_000)
    seen = measure(options.data_dir, options.runs)
    consoles, painted, empties, plains, memory = seen.consoles, seen.painted, seen.empties, seen.plains, seen.memory
    cpu_painted, cpu_empty, cpu_plain = seen.cpu_painted, seen.cpu_empty, seen.cpu_plain
    console, first, empty = median(consoles), median(painted), median(empties)
    print("console painted with cached content (s): " + " ".join(f"{s:.3f}" for s in painted))
    print("console interactive (s): " + " ".join(f"{s:.3f}" for s in consoles))
    print("console live window, every service attached (s): " + " ".join(f"{s:.3f}" for s in seen.lives))
    print(
        "longest the loop did not turn between the first paint and the live window (ms): "
        + " ".join(f"{s * 1000:.0f}" for s in seen.holds)
    )
    print("empty QMainWindow starts (s): " + " ".join(f"{s:.3f}" for s in empties))
    print("plain window with the same rows (s): " + " ".join(f"{s:.3f}" for s in plains))
    print(
        f"processor time to the first paint: console {median(cpu_painted):.3f} s, plain window with the same rows "
        f"{median(cpu_plain):.3f} s, empty QMainWindow {median(cpu_empty):.3f} s "
        f"(ratios {median(cpu_painted) / median(cpu_empty):.2f} and {median(cpu_plain) / median(cpu_empty):.2f})"
    )
    print(
        f"processor time to interactive {median(seen.cpu_interactive):.3f} s "
        f"(ratio {median(seen.cpu_interactive) / median(cpu_empty):.2f}), to the live window {median(seen.cpu_live):.3f} s "
        f"(ratio {median(seen.cpu_live) / median(cpu_empty):.2f})"
    )
    report(
        Figure(
            "cold start to the window painted with cached content (100k contacts, 1M messages)",
            first,
            "s",
            "≤ 2 × an empty QMainWindow",
            first <= 2 * empty,
            floor=empty,
            ratio=first / empty,
            note=f"median of {options.runs}, offscreen; the inbox's first page and the conversation's newest messages",
        )
    )
    report(
        Figure(
            "cold start to interactive: the agent's first keys answered (100k contacts, 1M messages)",
            console,
            "s",
            "≤ 5 × an empty QMainWindow",
            console <= 5 * empty,
            floor=empty,
            ratio=console / empty,
            note=f"median of {options.runs}, offscreen; Down in the inbox and a key in the composer done: the next "
            "conversation's messages read and painted, the key in the composer, loop turned",
        )
    )
    live = median(seen.lives)
    report(
        Figure(
            "cold start to the live window with every service attached (100k contacts, 1M messages)",
            live,
            "s",
            "≤ 5 × an empty QMainWindow (the previous definition of interactive)",
            live <= 5 * empty,
            floor=empty,
            ratio=live / empty,
            note=f"median of {options.runs}, offscreen; live models loaded for the opened conversation, views painted, "
            "loop turned",
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
            note="peak resident size (VmHWM) one second after the live window is up; the 50k conversation "
            "painted at start, then the one the agent opened",
        )
    )


if __name__ == "__main__":
    main()
