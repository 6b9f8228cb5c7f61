"""The database: its tables, the read-only connection, and the queries the schema asks.

`db.tables` defines the file `seeds` builds; `db.queries` reads it. Nothing here knows
about GraphQL or HTTP, and no other package of the project is imported.
"""
