"""The window fits a laptop screen with what a researcher opens at once."""


def test_three_panes_and_the_compare_view_fit_a_laptop_screen(window, qtbot):
    """Each pane's article chooser asked for room for 20 bold characters: with Compare open, a
    third pane made the window wider than a 1400 px screen, and it could not be made narrower
    again."""
    window.show()
    window.compare_dock.show()
    window.add_pane()
    qtbot.wait(50)
    assert len(window.panes) == 3
    assert window.minimumSizeHint().width() <= 1280
