"""`spasm-coach content review --out DIR`: writes DIR/index.html, the clinical review pack, and checks it."""
from __future__ import annotations

import sys


def add_commands(content_subparsers) -> None:
    """Register `review` under the `content` command group."""
    review = content_subparsers.add_parser(
        "review", help="write the clinical review pack (static HTML)",
        description="Write DIR/index.html: every spoken line per locale with its sources and review status, the "
                    "screening, ice and heat rules, routines, and transcripts of every scripted dialog.")
    review.add_argument("--out", required=True, metavar="DIR")
    review.add_argument("--dialogs", nargs="*", metavar="FILE",
                        help="dialog files to transcribe (default: every tests/dialogs/*.yaml)")
    review.set_defaults(func=run_review)


def run_review(args) -> int:
    import content
    from review.check import count_keys, problems
    from review.pack import build

    c = content.load()
    target = build(args.out, dialogs=args.dialogs, content=c)
    found = problems(target, c)
    for p in found:
        print(f"spasm-coach content review: {p}", file=sys.stderr)
    size = target.stat().st_size
    print(f"{target} ({size // 1024} KiB, {count_keys(target, c)} of {len(c.responses)} response keys)")
    return 1 if found else 0
