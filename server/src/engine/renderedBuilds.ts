// What a renderer (kustomize, helm) produced, as the engine takes it: the tool's output
// text, still carrying the marks that say where each object came from, and the files
// the build read. Running the tools is I/O and lives at the edges (server/src/render/);
// reading their output and mapping it back to the files people edit happens here.
export type RenderTool = 'kustomize' | 'helm';

export interface RenderedBuild {
  /**
   * The build's identity: the URI of the kustomization file (kustomize), or of the
   * chart folder followed by `#` and the release name (helm).
   */
  id: string;
  tool: RenderTool;
  /** The build as messages name it, e.g. `kustomize build overlays/prod` or `helm template web charts/web`. */
  label: string;
  /** Where problems of the build as a whole are reported: the kustomization file, or the chart's Chart.yaml. */
  anchorUri: string;
  /** The tool's output: kustomize's with `config.kubernetes.io/origin` annotations, helm's with `# Source:` comments. */
  output: string;
  /**
   * The folder URI that the output's origins are relative to: kustomize's origin paths are
   * relative to the (wrapper) kustomization that was built; helm's `# Source: <chart>/<path>`
   * is resolved against the chart folder, after its first segment.
   */
  originBase: string;
  /** The files the build read (kustomizations, resources, patches, components; a chart's files): while the build is analysed, they are not read as objects of their own. */
  inputs: readonly string[];
}

/** What a rendered object says of the build that made it, for answers and messages. */
export interface RenderedFrom {
  /** The build's id (RenderedBuild.id). */
  build: string;
  /** The build as messages name it: `kustomize build overlays/prod`. */
  label: string;
  /** False when no document of the origin file could be matched: ranges are then the file's first line. */
  matched: boolean;
  /** Kustomization files whose transformers (patches, namespace, prefixes, labels) changed the object. */
  changedBy: readonly string[];
  /**
   * Ranges this object's `locate` gave for a path whose rendered value is not what the
   * origin file writes there (a patch or transformer set it): findings at such a range
   * say where the value came from. Keyed by `rangeKey`.
   */
  readonly settledElsewhere: ReadonlySet<string>;
}
