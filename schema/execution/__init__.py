"""An executor for Strawberry schemas with synchronous resolvers: plan an operation once, run the plan per request.

`executor` holds the executor classes (`CompiledExecutor`, and `GuardedExecutor`, Strawberry's own);
`planner` decides per operation what each field calls (`resolvers`), how its value is completed
(`values`) and what `info` its resolver gets (`info`); `fields` runs the plan with graphql-core's
error semantics and `compiler` makes each selection set one function; `guard` is the one hook an
application has. Nothing here knows the application's types.
"""
