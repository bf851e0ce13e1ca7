"""The window as a researcher meets it: it fits a laptop screen with what one opens at once, and
each menu's underlined keys are its own, and the keyboard reaches the span's menu."""

from PySide6.QtCore import Qt


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


def test_each_menus_underlined_keys_are_its_own(window):
    """Two items of one menu underlining the same letter: the key does neither (View had 'Show
    &suggestions' and '&Standard text size', 'Switch &pane' and '&Previous annotation')."""
    import re

    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        menu.aboutToShow.emit()  # (menus filled as they open)
        keys = [m.group(1).lower() for a in menu.actions() if not a.isSeparator()
                for m in [re.search(r"&([^&])", a.text())] if m]
        doubled = sorted({k for k in keys if keys.count(k) > 1})
        assert doubled == [], (menu_action.text(), doubled)


def test_shift_f10_opens_the_span_menu_as_the_menu_key_does(window, qtbot, monkeypatch):
    window.show()
    qtbot.waitExposed(window)
    view = window.active_pane().view
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    asked = []
    monkeypatch.setattr(window.ops, "context_menu", lambda pane, point: asked.append(pane))
    qtbot.keyClick(view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert asked == [window.active_pane()]


def test_a_long_status_message_never_runs_into_the_selection_and_counts(window):
    """Cut at the first permanent field's edge, a long message read on into it ('Tab
    nexSelection 1,564–1,571'): each field keeps a gap before it."""
    line = window.status_line
    assert line.selection.contentsMargins().left() >= 12
    assert line.counts.contentsMargins().left() >= 12


def test_ctrl_tab_goes_from_the_panes_to_the_panels_and_back(window, qtbot):
    """Tab is taken inside a pane (suggestions) and F6 goes from pane to pane: Ctrl+Tab reaches
    the panels (Articles' filter, the Actors', the table below) and comes back round."""
    from PySide6.QtWidgets import QApplication

    window.show()
    qtbot.waitExposed(window)
    first = window.panes[0].view
    first.setFocus()
    qtbot.waitUntil(first.hasFocus)
    seen = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab,
                       Qt.KeyboardModifier.ControlModifier)
        seen.append(QApplication.focusWidget())
        if seen[-1] is first:
            break
    assert seen[0] is window.panes[1].view and seen[-1] is first
    assert window.articles_panel.filter in seen
    assert any(window.annotations_dock.isAncestorOf(x) or window.linking.panel.isAncestorOf(x)
               for x in seen)
    qtbot.keyClick(first, Qt.Key.Key_Tab,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is seen[-2]
