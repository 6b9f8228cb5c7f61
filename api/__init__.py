"""The HTTP side of jingwang: the Starlette app serving GraphQL and GraphiQL, and the CLI.

Everything about requests and responses (status codes, caching headers, the playground's
files) lives here; the data comes from `schema`, which gets it from `db`.
"""
