"""Benchmarks: synthetic data at scale, a hand-written baseline, and one command that times them.

`python -m bench.run` builds the databases, starts jingwang, the hand-written endpoint and
datasette-graphql on loopback, checks they answer alike, drives each with wrk and prints
one table. Nothing here is imported by the app; it only reads the app's modules.
"""
