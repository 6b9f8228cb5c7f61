"""One typed, batch-shaped function per question the schema asks of the database.

Every function takes the connection and a batch of ids (or one filter and a page window)
and answers with frozen rows from db.rows in a single statement. Values travel only as
parameters; table and column names only come from db.tables and these modules.
"""
