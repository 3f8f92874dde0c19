"""Language identification: letter and script evidence first, langdetect for the rest."""
