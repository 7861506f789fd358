"""The scale bench's peak memory counts every process of the build, not only the largest.

The build starts a second interpreter (JSON-LD and TriG); ``os.wait4`` reports only the
largest process. ``bench/tree_memory.py`` sums the PSS of the tree, and the verdict takes that sum.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from scale import run_child  # noqa: E402
from scale_report import verdicts  # noqa: E402

MIB = 2**20
# a parent holding 120 MiB that starts a child holding 200 MiB, both alive together for a second
TWO_PROCESSES = """
import subprocess, sys, time
held = bytearray(120 * 2**20)
child = subprocess.Popen([sys.executable, "-c", "import time; b = bytearray(200 * 2**20); time.sleep(1.5)"])
child.wait()
"""


@pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux /proc")
def test_peak_of_a_process_tree_is_the_sum_of_its_processes():
    usage = run_child([sys.executable, "-c", TWO_PROCESSES])
    assert 190 * MIB <= usage["rss"] < 300 * MIB  # the largest process alone: the child
    assert usage["tree"] >= 310 * MIB  # both together
    assert usage["tree"] < 450 * MIB


def _run(rss: int, tree: int | None) -> dict:
    build = {"wall": 1.0, "rss": rss, **({"tree": tree} if tree is not None else {})}
    return {"label": "1M", "target": 1_000_000, "authored": 1_000_000, "floor": {"wall": 1.0}, "build": build,
            "dump_load": {"total": 1.0}, "queries": {"queries": {"q": {"rows": 1, "seconds": 0.1}}}}


def test_memory_verdict_uses_the_whole_tree():
    lines, failed = verdicts([_run(2 * 2**30, int(3.5 * 2**30))])
    memory = next(line for line in lines if "peak memory" in line)
    assert memory.startswith("  FAIL") and "3.50 GiB" in memory and "largest alone 2.00 GiB" in memory and failed
    lines, _ = verdicts([_run(2 * 2**30, int(2.5 * 2**30))])
    assert next(line for line in lines if "peak memory" in line).startswith("  PASS")
    lines, _ = verdicts([_run(int(2.9 * 2**30), None)])  # results from before the sampler
    assert "2.90 GiB" in next(line for line in lines if "peak memory" in line)
