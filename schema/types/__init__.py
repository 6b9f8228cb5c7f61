"""The GraphQL object types, one concept per module, each built from db rows by `from_row`.

Types refer to each other both ways (a case has a region, a region has cases), so the modules
import each other in one order: catalogs, outcome, case, region, then statistic and measure. A
module imports those before it as usual; a type from a later one is Strawberry's lazy type,
`Annotated[Region, strawberry.lazy("schema.types.region")]` with `Region` imported under
`TYPE_CHECKING`, and a resolver that builds one imports its class inside. The order keeps the
relations that common queries ask row by row (region → cases → outcomes → penalty; statistic →
category, region) on plain imports, since an import inside a resolver runs at every call.
"""
