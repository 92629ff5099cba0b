"""The core's messages in the agent's language, for the window and the command line alike.

Why gettext (through Babel) and not Qt's translation files: the notices are born in the
Qt-free core and the command line must word them without loading Qt, so they need a
catalogue both front ends can read. gettext is the standard one for Python, with plural
rules per language and `.po` files any translator's tool opens; Babel reads and compiles
them in-process (no build step) and formats numbers, dates and sizes by locale. The
window's own labels stay in Qt's `.ts` files, where Qt Linguist and `lupdate` expect them.
"""
