// graphql-codegen: typed documents for the queries in example/, from the running server's schema.
// JINGWANG_URL=http://127.0.0.1:8000/graphql npm run codegen
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: process.env.JINGWANG_URL ?? "http://127.0.0.1:8000/graphql",
  documents: ["example/**/*.ts", "!example/gql/**"],
  generates: {
    "example/gql/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        // Every custom scalar of schema.graphql; strictScalars fails the run when a new one has no mapping.
        scalars: { Date: "string", DateTime: "string" },
        strictScalars: true,
        enumsAsTypes: true,
        useTypeImports: true,
        emitLegacyCommonJSImports: false,
      },
    },
    // Apollo's InMemoryCache needs the members of each interface and union (Node, SearchTarget).
    "example/gql/possible-types.ts": { plugins: ["fragment-matcher"] },
  },
};

export default config;
