// Operations in Relay's style, compiled by relay-compiler against schema.graphql (npx relay-compiler).
graphql`
  fragment CaseCard_case on Case {
    title
    occurredOn {
      iso
    }
    region {
      name
    }
  }
`;
