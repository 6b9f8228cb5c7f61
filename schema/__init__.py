"""The GraphQL schema: Strawberry types over the database, resolvers, and batch loaders.

Types in `schema.types` are plain dataclasses built from db rows; resolvers are a few
lines that ask `schema.loaders` for data; `schema.root` assembles the one `schema`.
"""
