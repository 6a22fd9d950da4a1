"""python -m nenbib."""

from nenbib.cli import main

main()
