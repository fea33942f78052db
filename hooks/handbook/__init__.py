"""The handbook's rules: plain Python, no MkDocs import, so they survive a move to another builder.

The modules registered under `hooks:` in mkdocs.yml (hooks/*_hook.py) are thin adapters around these.
"""
