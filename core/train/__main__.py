"""``python -m core.train NAME [NAME ...]``: reproduce shipped checkpoints from their seeds."""
from __future__ import annotations

import argparse
import json


def main(argv: list[str] | None = None) -> None:
    from core.runtime.device import configure_threads
    from core.train.registry import all_recipes

    parser = argparse.ArgumentParser(prog="python -m core.train", description=__doc__)
    parser.add_argument("names", nargs="*", help="checkpoint names, or 'all'")
    parser.add_argument("--list", action="store_true", help="list the checkpoint names and exit")
    args = parser.parse_args(argv)
    RECIPES = all_recipes()
    if args.list or not args.names:
        print("\n".join(RECIPES))
        return
    names = list(RECIPES) if args.names == ["all"] else args.names
    unknown = [n for n in names if n not in RECIPES]
    if unknown:
        parser.error(f"unknown checkpoint(s) {unknown}; choose from {list(RECIPES)}")
    configure_threads()
    for name in names:
        quality = RECIPES[name]()
        print(name, json.dumps(quality, indent=1, default=str))


if __name__ == "__main__":
    main()
