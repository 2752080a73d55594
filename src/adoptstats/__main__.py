"""``python -m adoptstats``: the same as the ``adoptstats`` command."""

from adoptstats.cli import main

if __name__ == "__main__":
    main()
