"""``python -m seoultrain_i18n`` runs the command line."""

from seoultrain_i18n.cli import main

if __name__ == "__main__":
    main()
