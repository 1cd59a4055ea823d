// The borders of the house (docs/design.md "Who may import what"), checked by `npm run lint:deps`.
// A module never imports one above it; no import loops, type-only imports included.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import loop (type-only ones too) hides which module is the lower one.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'engine-is-pure',
      severity: 'error',
      comment: 'The engine knows nothing of editors, terminals or the protocol: the LSP server and the CLI adapt it.',
      from: { path: '^server/src/engine/' },
      to: {
        path: ['^server/src/(lsp|cli|render)/', '^server/src/(protocol|server)\\.ts$', '^client/', '(^|/)node_modules/vscode'],
      },
    },
    {
      name: 'render-runs-tools-with-building-blocks-only',
      severity: 'error',
      comment:
        'Rendering runs kustomize and helm for the LSP server and the CLI alike: it may use engine building blocks and node built-ins, never a feature folder, an adapter, the protocol or a package.',
      from: { path: '^server/src/render/' },
      to: { pathNot: ['^server/src/render/', '^server/src/engine/[^/]+\\.ts$'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'engine-building-blocks-stay-below',
      severity: 'error',
      comment: 'Top-level engine modules are the building blocks the feature folders (validate, reach, insight) share.',
      from: { path: '^server/src/engine/[^/]+\\.ts$' },
      to: { path: '^server/src/engine/(validate|reach|expectations|insight)/' },
    },
    {
      name: 'validate-below-reach-and-insight',
      severity: 'error',
      from: { path: '^server/src/engine/validate/' },
      to: { path: '^server/src/engine/(reach|expectations|insight)/' },
    },
    {
      name: 'reach-below-insight',
      severity: 'error',
      from: { path: '^server/src/engine/reach/' },
      to: { path: '^server/src/engine/(expectations|insight)/' },
    },
    {
      name: 'expectations-above-reach-below-insight',
      severity: 'error',
      comment: 'Expectations are evaluated on a reach analysis; the editor answers (insight) may show them, never the other way.',
      from: { path: '^server/src/engine/expectations/' },
      to: { path: '^server/src/engine/insight/' },
    },
    {
      name: 'diff-above-reach',
      severity: 'error',
      comment:
        'The what-if diff compares two reach analyses (and the expectations of both versions): building blocks, validate/, reach/ and expectations/ never import it.',
      from: { path: ['^server/src/engine/[^/]+\\.ts$', '^server/src/engine/(validate|reach|expectations)/'] },
      to: { path: '^server/src/engine/diff/' },
    },
    {
      name: 'diff-below-insight',
      severity: 'error',
      from: { path: '^server/src/engine/diff/' },
      to: { path: '^server/src/engine/insight/' },
    },
    {
      name: 'lsp-and-cli-are-separate-doors',
      severity: 'error',
      comment: 'Both adapt the engine; what they share belongs in the engine.',
      from: { path: '^server/src/(lsp|cli)/' },
      to: { path: '^server/src/(lsp|cli)/', pathNot: ['^server/src/$1/'] },
    },
    {
      name: 'cli-without-lsp',
      severity: 'error',
      from: { path: '^server/src/cli/' },
      to: { path: '(^|/)node_modules/vscode-language' },
    },
    {
      name: 'client-only-through-the-protocol',
      severity: 'error',
      comment:
        'The client renders what the server answers. It bundles the protocol and, on purpose, the dependency-free parsers that check its input boxes (ports, CIDR, workload refs).',
      from: { path: '^client/' },
      to: {
        path: '^server/',
        pathNot: ['^server/src/protocol\\.ts$', '^server/src/engine/(ports|cidr|workloadRef)\\.ts$'],
      },
    },
    {
      name: 'client-bundled-helpers-stay-dependency-free',
      severity: 'error',
      comment: 'What the client bundles from the server side imports nothing else from it.',
      from: { path: '^server/src/(protocol|engine/(ports|cidr|workloadRef))\\.ts$' },
      to: { path: '^server/', pathNot: ['^server/src/engine/types\\.ts$'] },
    },
    {
      name: 'production-code-without-tests',
      severity: 'error',
      from: { path: '^(server|client)/src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    combinedDependencies: false,
    exclude: { path: '^server/src/engine/(validate|expectations)/generated/' },
  },
};
