"""The seed: the article, the curated fact files, and the build that checks and writes them.

Every fact carries its source span; `seeds.checks` verifies each one against the article
before `seeds.build` writes the database atomically.
"""
