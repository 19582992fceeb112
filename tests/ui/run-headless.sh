#!/bin/sh
# Run a UI test program on a private Xvfb server with its own session bus.
#
# Usage: run-headless.sh PROGRAM [ARGS...]
#
# Exits 77 (skip) when xvfb-run is missing. dbus-run-session is optional but
# keeps GLib from autolaunching a session bus (and GTK from starting the
# accessibility bus) that would outlive the test.

command -v xvfb-run >/dev/null 2>&1 || { echo "xvfb-run not found; skipping"; exit 77; }

if command -v dbus-run-session >/dev/null 2>&1; then
    set -- dbus-run-session -- "$@"
fi

exec xvfb-run -a -s "-screen 0 1280x1024x24" "$@"
