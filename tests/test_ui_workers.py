"""Background tasks (ui/workers.py): results reach the GUI thread, and an owner deleted while its
task runs drops the result without crashing the app."""

from __future__ import annotations

import threading

import pytest

pytest.importorskip("PySide6.QtWidgets")

import shiboken6  # noqa: E402
from PySide6.QtCore import QObject, QThread  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from recap_editor.ui import workers  # noqa: E402


def test_results_and_progress_arrive_on_the_gui_thread(qtbot):
    owner = QObject()
    seen = []

    def work(progress, token):
        progress(1, 2)
        return threading.current_thread().name

    task = workers.Task(work, wants_progress=True, parent=owner)
    task.progress.connect(lambda done, total: seen.append(("progress", done, total, QThread.currentThread())))
    task.finished.connect(lambda result: seen.append(("finished", result, QThread.currentThread())))
    with qtbot.waitSignal(task.finished, timeout=5000):
        workers.submit(task)
    gui = QApplication.instance().thread()
    assert seen[0] == ("progress", 1, 2, gui)
    assert seen[1][0] == "finished" and seen[1][2] is gui and seen[1][1] != threading.current_thread().name
    assert task not in workers._IN_FLIGHT


def test_a_task_is_not_deleted_with_its_owner_while_a_worker_emits(qtbot):
    """The owner was the task's Qt parent: deleting a window deleted its tasks on the GUI thread
    while a worker could be emitting from one (a segfault, seen once in a full test run). Now the
    owner only decides whether the result is still wanted."""
    owner = QObject()
    started, release = threading.Event(), threading.Event()
    delivered = []

    def work():
        started.set()
        release.wait(5)
        return "stale"

    task = workers.Task(work, parent=owner)
    task.finished.connect(delivered.append)
    task.failed.connect(delivered.append)
    assert task.parent() is None
    workers.submit(task)
    assert started.wait(5)
    shiboken6.delete(owner)           # the window closes while the worker runs
    assert shiboken6.isValid(task)    # the task lives on until its outcome has been relayed
    release.set()
    qtbot.waitUntil(lambda: task not in workers._IN_FLIGHT, timeout=5000)
    qtbot.wait(50)
    assert delivered == []            # nobody is left for it: dropped, not delivered to the dead


def test_owners_deleted_while_many_tasks_finish_never_crash(qtbot):
    delivered = []
    for _round in range(20):
        owners = [QObject() for _ in range(10)]
        tasks = [workers.Task(lambda n=n: n, parent=owner) for n, owner in enumerate(owners)]
        for task in tasks:
            task.finished.connect(delivered.append)
            workers.submit(task)
        for owner in owners:          # racing the workers' emits
            shiboken6.delete(owner)
        qtbot.waitUntil(lambda: not any(t in workers._IN_FLIGHT for t in tasks), timeout=5000)
    assert delivered == []
