"""The clinical review pack: every spoken line, the screening, ice and heat, routines and dialogs on one page."""
