"""``python -m reportgen ...`` runs the command line."""

from .cli import main

if __name__ == "__main__":  # the chart worker process imports this module too
    main()
