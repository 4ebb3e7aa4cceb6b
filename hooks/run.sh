#!/bin/sh
# batchgate's launcher: starts batchgate with ONE interpreter, the Python of batchgate's environment
# when it exists (no `python3` on PATH, which may be a slow version-manager shim, in between).
#
#   sh .../hooks/run.sh EVENT_MODULE            a hook, as settings.json and hooks/hooks.json write it
#   sh .../hooks/run.sh --cli LAUNCHER ARGS...  the CLI (bin/batchgate and scripts/batchgate come here)
#
# Without an environment a hook runs on `python3 -S` (standard library only: it answers what it can and
# names the set-up command when it needs the engine); the CLI runs on python3, which creates the
# environment first. The environment's place follows what this copy of batchgate is (bootstrap.py's
# environment_dir says the same in Python):
#   $BATCHGATE_VENV                  when set;
#   HOME/.venv                       a clone of batchgate itself (pyproject.toml and .git beside it);
#   <git common dir>/batchgate/venv  an install.py copy in REPO/.claude/batchgate (per clone, never committed);
#   $XDG_DATA_HOME/batchgate/venv    anything else, a plugin above all (per user; ~/.local/share by default).
# Nothing from the payload or the repository reaches this script: only what settings.json names.
case $0 in */*) home=${0%/*}/.. ;; *) home=.. ;; esac
if [ -n "$BATCHGATE_VENV" ]; then
    env=$BATCHGATE_VENV
elif [ -f "$home/pyproject.toml" ] && [ -e "$home/.git" ] && case $home in */plugins/cache/*) false ;; esac; then
    env=$home/.venv
elif [ -f "$home/batchgate.pyz" ] && [ -e "$home/../../.git" ]; then
    git=$home/../../.git
    if [ -f "$git" ]; then  # a linked worktree: .git names its git dir, whose commondir names the shared one
        read -r git <"$git"
        git=${git#gitdir:}
        git=${git# }
        case $git in /*) ;; *) git=$home/../../$git ;; esac
        if [ -f "$git/commondir" ]; then
            read -r common <"$git/commondir"
            case $common in /*) git=$common ;; *) git=$git/$common ;; esac
        fi
    fi
    env=$git/batchgate/venv
else
    case $XDG_DATA_HOME in /*) env=$XDG_DATA_HOME/batchgate/venv ;; *) env=$HOME/.local/share/batchgate/venv ;; esac
fi
python=$env/bin/python
if [ "$1" = --cli ]; then
    launcher=$2
    shift 2
    set -- "$launcher" "$@"
    if [ -x "$python" ]; then exec "$python" "$@"; fi
    if ! command -v python3 >/dev/null 2>&1; then
        echo "batchgate: python3 is not on PATH" >&2
        echo "fix: install Python 3.10 or newer (python3), then run the command again" >&2
        exit 3
    fi
    exec python3 "$@"
fi
if [ -f "$home/batchgate.pyz" ]; then set -- "$home/bin/batchgate" --hook "$1"; else set -- "$home/hooks/$1.py"; fi
if [ -x "$python" ]; then exec "$python" "$@"; fi
exec python3 -S "$@"
