"""Installing batchgate into a git repository, and out again (install.py is the surface).

- `wiring`: the five hook entries and how batchgate recognises its own;
- `bundle`: the files a checkout installs; `archive`: the engine packed into batchgate.pyz;
- `plugin`: the plugin's copies of the commands and agents (scripts/sync_plugin.py writes them);
- `target`, `settingsfile`, `manifest`: what is there now;
- `merge`, `plan`: what would change; `apply`: changing it; `render`: saying so;
- `run`: the whole install, upgrade or uninstall.

Standard library only (jsonschema is used when it happens to be importable).
"""
