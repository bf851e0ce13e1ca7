def test_a_closed_window_reads_its_project_no_more(window, qtbot):
    """Panels refresh a moment after a change; once the window is closed and its project
    closed, no timer may open a new connection to the file (it would hold it open)."""
    project = window.session.project
    project.add_actor("Someone")  # schedules the Actors panel's refresh
    window.close()
    window.wait_for_workers()
    project.close_database()
    qtbot.wait(800)
    assert project._connections == []
