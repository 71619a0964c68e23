"""`python -m acdplan`: the same command line as the `acdplan` console script."""

from acdplan.cli import main

if __name__ == "__main__":
    main(prog_name="acdplan")
