"""Output safety (issue 19): what the writer does with links, modes, devices, FIFOs,
sockets and interrupts, and that ``reproduce`` never leaves a JSON/PNG pair from two runs.

Every test writes only inside its own ``tmp_path``.  The subprocess tests
send real signals to a child process; the in-process ones simulate an
interrupt by raising ``KeyboardInterrupt`` (or sending SIGINT to the test
process while :func:`symtheory.interrupts.catching_signals` is in force).
"""

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import threading

import pytest

from symtheory import io as sio
from symtheory.interrupts import Interrupted, catching_signals, held
from symtheory.io import (OutputError, atomic_write_bytes, atomic_write_files, atomic_write_text,
                          write_figure_files)


def listing(folder):
    return sorted(p.name for p in folder.iterdir())


# -- what the target is --------------------------------------------------------

def test_symlink_target_is_written_and_link_kept(tmp_path):
    target = tmp_path / "data" / "result.json"
    target.parent.mkdir()
    target.write_text("old\n")
    link = tmp_path / "link.json"
    link.symlink_to(os.path.join("data", "result.json"))        # a relative link
    atomic_write_text(link, "new\n")
    assert link.is_symlink() and os.readlink(link) == os.path.join("data", "result.json")
    assert target.read_text() == "new\n"
    assert listing(target.parent) == ["result.json"] and listing(tmp_path) == ["data", "link.json"]


def test_link_chain_and_dangling_link(tmp_path):
    final = tmp_path / "final.txt"
    (tmp_path / "b").symlink_to(final)                 # dangling: final does not exist yet
    (tmp_path / "a").symlink_to(tmp_path / "b")
    atomic_write_text(tmp_path / "a", "x")
    assert final.read_text() == "x" and not final.is_symlink()
    assert (tmp_path / "a").is_symlink() and (tmp_path / "b").is_symlink()


def test_link_to_a_folder_is_refused(tmp_path):
    (tmp_path / "d").mkdir()
    (tmp_path / "l").symlink_to(tmp_path / "d")
    with pytest.raises(OutputError, match="folder"):
        atomic_write_text(tmp_path / "l", "x")


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o755])
def test_existing_file_keeps_its_mode(tmp_path, mode):
    f = tmp_path / "f"
    f.write_text("old")
    os.chmod(f, mode)
    atomic_write_text(f, "new")
    assert f.read_text() == "new" and stat.S_IMODE(f.stat().st_mode) == mode


@pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another owner needs root")
def test_root_keeps_the_owner_of_an_existing_file(tmp_path):
    f = tmp_path / "f"
    f.write_text("old")
    os.chown(f, 1234, 5678)
    atomic_write_text(f, "new")
    st = f.stat()
    assert (st.st_uid, st.st_gid, f.read_text()) == (1234, 5678, "new")


def test_new_file_gets_the_umask_mode(tmp_path):
    old = os.umask(0o027)
    try:
        atomic_write_text(tmp_path / "f", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "f").stat().st_mode) == 0o640


def test_read_only_file_is_refused_not_replaced(tmp_path):
    f = tmp_path / "f"
    f.write_text("keep")
    os.chmod(f, 0o444)
    inode = f.stat().st_ino
    with pytest.raises(OutputError) as info:
        atomic_write_text(f, "new")
    msg = str(info.value)
    assert "\n" not in msg and "read-only (mode 0444)" in msg and "chmod" in msg
    assert f.read_text() == "keep" and f.stat().st_ino == inode
    assert listing(tmp_path) == ["f"]


def test_fifo_is_written_directly(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got = []
    reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()))
    reader.start()
    atomic_write_bytes(fifo, b"through the pipe\n")
    reader.join(timeout=30)
    assert got == [b"through the pipe\n"]
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert listing(tmp_path) == ["pipe"]


def test_socket_is_refused(tmp_path):
    path = str(tmp_path / "sock")
    s = socket.socket(socket.AF_UNIX)
    try:
        s.bind(path)
        with pytest.raises(OutputError, match="socket"):
            atomic_write_text(path, "x")
        assert stat.S_ISSOCK(os.lstat(path).st_mode)
    finally:
        s.close()


@pytest.mark.skipif(os.geteuid() != 0, reason="os.mknod of a character device needs root")
def test_character_device_is_written_not_replaced(tmp_path):
    dev = tmp_path / "fakenull"
    os.mknod(dev, 0o666 | stat.S_IFCHR, os.makedev(1, 3))       # the null device's numbers
    atomic_write_text(dev, "into the null device\n")
    st = os.lstat(dev)
    assert stat.S_ISCHR(st.st_mode) and st.st_rdev == os.makedev(1, 3)
    assert listing(tmp_path) == ["fakenull"]


@pytest.mark.skipif(os.geteuid() != 0, reason="os.mknod of a block device needs root")
def test_block_device_is_refused_and_left_alone(tmp_path):
    dev = tmp_path / "fakedisk"
    os.mknod(dev, 0o660 | stat.S_IFBLK, os.makedev(7, 200))      # a loop device number, never opened
    with pytest.raises(OutputError, match="block device"):
        atomic_write_text(dev, "a table\n")
    assert stat.S_ISBLK(os.lstat(dev).st_mode) and listing(tmp_path) == ["fakedisk"]


# -- interrupts and failures ---------------------------------------------------

def test_interrupt_while_writing_keeps_old_content(tmp_path, monkeypatch):
    f = tmp_path / "f"
    f.write_text("old")
    real = sio._write_all

    def half_then_interrupt(fd, data):
        real(fd, data[: len(data) // 2])
        raise KeyboardInterrupt

    monkeypatch.setattr(sio, "_write_all", half_then_interrupt)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(f, "new content " * 1000)
    assert f.read_text() == "old" and listing(tmp_path) == ["f"]


def test_disk_full_is_one_line_and_keeps_old_content(tmp_path, monkeypatch):
    f = tmp_path / "f"
    f.write_text("old")

    def full(fd, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sio, "_write_all", full)
    with pytest.raises(OutputError, match="No space left on device"):
        atomic_write_text(f, "new")
    assert f.read_text() == "old" and listing(tmp_path) == ["f"]


def test_signal_during_commit_is_held_until_all_renames_are_done(tmp_path, monkeypatch):
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_text("old a")
    b.write_text("old b")
    real = os.replace
    calls = []

    def replace_then_signal(src, dst):
        real(src, dst)
        calls.append(dst)
        if len(calls) == 1:
            os.kill(os.getpid(), signal.SIGINT)   # arrives between the two renames

    monkeypatch.setattr(sio.os, "replace", replace_then_signal)
    with pytest.raises(Interrupted):
        atomic_write_files({a: b"new a", b: b"new b"})
    assert len(calls) == 2
    assert (a.read_text(), b.read_text()) == ("new a", "new b")
    assert listing(tmp_path) == ["a", "b"]


def test_failed_second_rename_restores_the_first(tmp_path, monkeypatch):
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_text("old a")
    real = os.replace
    calls = []

    def fail_second(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(5, "Input/output error", str(dst))
        real(src, dst)

    monkeypatch.setattr(sio.os, "replace", fail_second)
    with pytest.raises(OutputError, match="Input/output error"):
        atomic_write_files({a: b"new a", b: b"new b"})
    assert a.read_text() == "old a" and not b.exists()   # b did not exist before
    assert listing(tmp_path) == ["a"]


# -- reproduce: the JSON/PNG pair ----------------------------------------------

def fake_figure():
    plt = sio.require_matplotlib()
    fig, ax = plt.subplots(figsize=(1, 1))
    return fig


def test_pair_interrupted_between_the_two_writes_keeps_old_pair(tmp_path, monkeypatch):
    write_figure_files(tmp_path, "fig", {"seed": 0}, fake_figure)
    old_png = (tmp_path / "fig.png").read_bytes()
    real = sio._stage
    staged = []

    def interrupt_after_first(target, data, temporaries):
        if staged:
            raise KeyboardInterrupt       # between the PNG's write and the JSON's
        staged.append(target)
        return real(target, data, temporaries)

    monkeypatch.setattr(sio, "_stage", interrupt_after_first)
    with pytest.raises(KeyboardInterrupt):
        write_figure_files(tmp_path, "fig", {"seed": 1}, fake_figure)
    assert staged, "the first file was staged before the interrupt"
    assert json.loads((tmp_path / "fig.json").read_text()) == {"seed": 0}
    assert (tmp_path / "fig.png").read_bytes() == old_png
    assert listing(tmp_path) == ["fig.json", "fig.png"]


def test_reproduce_pair_consistent_after_interrupt_between_renames(tmp_path, monkeypatch):
    """fig4 of seed 0, then seed 1 interrupted (a bare exception, not a held signal)
    right after the PNG's rename: the rollback leaves seed 0's pair, byte for byte."""
    from symtheory.paper import reproduce
    reproduce("fig4", seed=0, out=tmp_path, grid_points=11)
    old = {n: (tmp_path / n).read_bytes() for n in ("fig4.json", "fig4.png")}
    real = os.replace
    renamed = []

    def interrupt_after_png(src, dst):
        real(src, dst)
        renamed.append(os.path.basename(dst))
        if renamed == ["fig4.png"]:       # once: the rollback renames the old PNG back
            raise KeyboardInterrupt

    monkeypatch.setattr(sio.os, "replace", interrupt_after_png)
    with pytest.raises(KeyboardInterrupt):
        reproduce("fig4", seed=1, out=tmp_path, grid_points=11)
    assert renamed == ["fig4.png", "fig4.png"]       # the new PNG, then the old one back
    assert {n: (tmp_path / n).read_bytes() for n in old} == old
    assert json.loads(old["fig4.json"])["seed"] == 0
    assert listing(tmp_path) == ["fig4.json", "fig4.png"]
    monkeypatch.undo()
    reproduce("fig4", seed=1, out=tmp_path, grid_points=11, plot=False)  # JSON alone:
    assert listing(tmp_path) == ["fig4.json"]        # the PNG of seed 0 went with its JSON
    assert json.loads((tmp_path / "fig4.json").read_text())["seed"] == 1


def test_reproduce_into_a_file_is_one_line(tmp_path):
    from symtheory.paper import reproduce
    (tmp_path / "f").write_text("")
    with pytest.raises(OutputError, match="is an existing file; pass a folder"):
        reproduce("fig4", out=tmp_path / "f", grid_points=5, plot=False)
    assert (tmp_path / "f").read_text() == ""


# -- real signals, in a child process ------------------------------------------

LONG_WRITE = textwrap.dedent("""
    import signal, sys, time
    import symtheory.io as sio
    # importing symtheory as a library leaves Python's handlers alone
    print(signal.getsignal(signal.SIGINT) is signal.default_int_handler,
          signal.getsignal(signal.SIGTERM) is signal.SIG_DFL, flush=True)
    real = sio._write_all
    def slow(fd, data):
        real(fd, data[:131072])
        print("writing", flush=True)
        time.sleep(60)
    sio._write_all = slow
    if sys.argv[1] == "cli":
        from symtheory.cli import main
        sys.exit(main(["subgroups", "S3", "--format", "json", "--out", sys.argv[2]]))
    sio.atomic_write_text(sys.argv[2], "new " * 100000)
""")


@pytest.mark.parametrize("via", ["cli", "library"])
def test_sigterm_during_a_long_write_leaves_no_temporary(tmp_path, via):
    """The child writes 128 KiB of the temporary, then stalls; SIGTERM then."""
    target = tmp_path / "out.json"
    target.write_text("old\n")
    child = subprocess.Popen([sys.executable, "-c", LONG_WRITE, via, str(target)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "True True\n"
        assert child.stdout.readline() == "writing\n"
        assert any(n.startswith(".tmp-") for n in listing(tmp_path))  # mid-write
        child.send_signal(signal.SIGTERM)
        _, err = child.communicate(timeout=60)
    finally:
        child.kill()
    if via == "cli":
        assert child.returncode == 143 and err == "symtheory: interrupted\n"
    else:  # SIGTERM at its default still ends the process, after the clean-up
        assert child.returncode == -signal.SIGTERM and "Traceback" not in err
    assert target.read_text() == "old\n"
    assert listing(tmp_path) == ["out.json"]


# -- the interrupt helpers themselves ------------------------------------------

def test_catching_signals_restores_handlers_and_held_defers():
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    order = []
    with catching_signals():
        try:
            with held():
                os.kill(os.getpid(), signal.SIGTERM)
                order.append("held block finished")
            order.append("not reached")
        except Interrupted as exc:   # caught inside: SIGTERM leaving the block would be re-sent
            order.append(exc.exit_status)
    assert order == ["held block finished", 143]
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc/self/fd")
@pytest.mark.parametrize("name", ["/dev/fd/{}", "/proc/self/fd/{}"])
def test_a_name_for_an_open_file_is_appended_to_not_replaced(tmp_path, name):
    """`--out /dev/stdout >> log`: /dev/stdout (a link to /proc/self/fd/1) names the open
    file; it is written through the descriptor, appending, so the log keeps its first
    line and its inode (a rename would have replaced the file the shell opened)."""
    log = tmp_path / "log"
    log.write_text("first line\n")
    inode = log.stat().st_ino
    with open(log, "a") as fh:
        atomic_write_text(name.format(fh.fileno()), "x\n")
    assert log.read_text() == "first line\nx\n" and log.stat().st_ino == inode
    assert listing(tmp_path) == ["log"]
