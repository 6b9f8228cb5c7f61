// A page's query: the region's first cases, and search hits whose targets are read through the Node interface.
graphql`
  query RegionPageQuery($name: String!) {
    region(name: $name) {
      ...RegionCases_region
    }
    search(text: "枪", first: 3) {
      edges {
        node {
          target {
            __typename
            ... on Node {
              id
            }
            ... on Case {
              ...CaseCard_case @alias
            }
          }
        }
      }
    }
  }
`;
