"""The GraphQL object types, one concept per module, each built from db rows by `from_row`."""
