#!/bin/sh
# Claude Code runs every batchgate hook through this launcher:  sh .../hooks/run.sh EVENT_MODULE
#
# It starts the hook with the Python of batchgate's environment when this clone
# has one, so a hook that must verify costs one interpreter start, not two.
# Without one it uses `python3 -S` (standard library only, site-packages
# skipped); the hook then hands over to the environment if it needs the engine.
# Nothing from the payload or the repository reaches this script: only the
# module name written in settings.json.
here=$(dirname "$0")
hook="$here/$1.py"
for python in \
    "${BATCHGATE_VENV:+$BATCHGATE_VENV/bin/python}" \
    "$here/../.venv/bin/python" \
    "${CLAUDE_PROJECT_DIR:+$CLAUDE_PROJECT_DIR/.git/batchgate/venv/bin/python}"; do
    if [ -n "$python" ] && [ -x "$python" ]; then
        exec "$python" "$hook"
    fi
done
exec python3 -S "$hook"
