"""A long build names its stages on a terminal, and says nothing when it is not on one or runs in CI.

The delay before the bar shows (2 s by default) is set to 0 here, so the test does not depend
on how fast the machine is."""
from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios

STAGES = ["load the sources", "expand statement citations", "materialise the alignment",
          "validate: SHACL shapes and QC checks (started beside)", "sort N-Triples", "write paris-kg.nt", "write Turtle, RDF 1.2",
          "write TriG", "gzip paris-kg.nt", "write JSON-LD (second process)", "describe (VoID, ontology page)", "write the store",
          "wait for the checks"]


def _build(dist, *, terminal: bool, env_extra: dict) -> tuple[int, str, str]:
    """``paris-kg build`` with stderr on a pseudo-terminal (120 columns) or a pipe; (exit, stdout, stderr)."""
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PARIS_KG_DIST")}
    env.update(PARIS_KG_PROGRESS_DELAY="0", **env_extra)
    cmd = [sys.executable, "-m", "paris_kg", "--dist", str(dist), "build"]
    if not terminal:
        run = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
        return run.returncode, run.stdout, run.stderr
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    out = proc.stdout.read().decode("utf-8")
    proc.stdout.close()
    return proc.wait(timeout=600), out, b"".join(chunks).decode("utf-8", "replace")


def test_a_build_on_a_terminal_names_every_stage(tmp_path):
    code, out, err = _build(tmp_path / "dist", terminal=True, env_extra={})
    assert code == 0, err
    assert out.startswith("built 9743 triples (4401 from alignment)")
    for stage in STAGES:
        assert f"build: {stage} " in err, stage
    assert "/13 stages" in err and "triples" in err  # counts inside the long stages
    assert "\r" in err  # one line, redrawn in place


def test_a_build_is_silent_when_stderr_is_not_a_terminal(tmp_path):
    code, out, err = _build(tmp_path / "dist", terminal=False, env_extra={})
    assert code == 0
    assert err == ""
    assert out.startswith("built 9743 triples (4401 from alignment)")


def test_a_build_in_ci_is_silent_even_on_a_terminal(tmp_path):
    code, out, err = _build(tmp_path / "dist", terminal=True, env_extra={"CI": "true"})
    assert code == 0
    assert err == ""
    assert out.startswith("built 9743 triples")
