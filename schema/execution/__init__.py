"""A compiled executor for the one schema: plan an operation once, then run the plan per request.

`schema.execution.executor.CompiledExecutor` is the graphql-core executor class the schema uses;
the plan (`planner`) knows each field's resolver, its converted arguments and how to complete
its value (`values`), and `fields` walks it with graphql-core's error semantics.
"""
