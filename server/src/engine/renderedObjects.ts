// A renderer's output -> the objects the cluster would get, each placed in the file
// people edit. kustomize says where an object came from in the annotations it adds
// when asked (buildMetadata: [originAnnotations, transformerAnnotations],
// kubectl.docs.kubernetes.io/references/kustomize/kustomization/buildmetadata/);
// helm writes `# Source: <chart>/<path>` above each document of `helm template`.
// The annotations are ours, not the user's: they are stripped before analysis.
import { describeFile } from './applyOrder';
import { resolveRelative } from './kustomizations';
import { parseManifest, type KubeObject, type Location, type ManifestFile } from './manifests';
import type { RenderedBuild, RenderedFrom } from './renderedBuilds';
import type { JsonPath, Range } from './types';
import { isPlainObject, valueAt } from './values';

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';
export const TRANSFORMATIONS_ANNOTATION = 'alpha.config.kubernetes.io/transformations';

/** A renderer's output read: its objects placed in their origin files, and what could not be read. */
export interface RenderedObjects {
  objects: KubeObject[];
  /** Problems of the output as a whole (a document that does not parse), at the build's anchor. */
  problems: { range: Range; message: string }[];
}

/** How the origin files of a build are read: the workspace's own parse when it has one. */
export type OriginReader = (uri: string) => ManifestFile | undefined;

export const rangeKey = (range: Range): string =>
  `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}`;

const FIRST_LINE: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };

/** Reads a build's output into objects located in the files they came from. */
export function readRenderedBuild(build: RenderedBuild, readOrigin: OriginReader): RenderedObjects {
  const documents = build.tool === 'helm' ? helmDocuments(build) : [{ text: build.output, source: undefined, firstLine: 0 }];
  const objects: KubeObject[] = [];
  const problems: RenderedObjects['problems'] = [];
  const claimed = new Map<string, Set<KubeObject>>();
  for (const document of documents) {
    const parsed = parseManifest(`${build.anchorUri}#rendered`, document.text, { maxFileSize: Number.MAX_SAFE_INTEGER });
    // The tools print valid YAML: its syntax tree (what diagnostics need) is built only when no object came out of a text.
    const unread = parsed.objects.length === 0 && /^[^#\s-]/m.test(document.text) ? parsed.diagnostics : [];
    for (const diagnostic of unread.filter((d) => d.severity === 'error'))
      problems.push({
        range: FIRST_LINE,
        message: `${build.label} printed output that could not be read: ${diagnostic.message}`,
      });
    for (const rendered of parsed.objects) {
      const originUri = build.tool === 'helm' ? helmOriginUri(build, document.source) : kustomizeOriginUri(build, rendered.value);
      const origin = readOrigin(originUri ?? build.anchorUri);
      // The reader may know the file under its own spelling of the URI (an editor escapes more): that one is the file's.
      const uri = origin?.uri ?? originUri ?? build.anchorUri;
      objects.push(placeInOrigin(build, rendered, uri, origin, claimedIn(claimed, uri)));
    }
  }
  return { objects, problems };
}

const claimedIn = (claimed: Map<string, Set<KubeObject>>, uri: string): Set<KubeObject> => {
  let set = claimed.get(uri);
  if (!set) claimed.set(uri, (set = new Set()));
  return set;
};

/** helm template prints `---` then `# Source: <chart>/templates/<file>` before each document. */
function helmDocuments(build: RenderedBuild): { text: string; source: string | undefined; firstLine: number }[] {
  const documents: { text: string; source: string | undefined; firstLine: number }[] = [];
  const lines = build.output.split('\n');
  let start = 0;
  const flush = (end: number) => {
    const text = lines.slice(start, end).join('\n');
    const source = /^# Source: (.+?)\s*$/m.exec(text)?.[1];
    if (text.trim() !== '') documents.push({ text, source, firstLine: start });
  };
  lines.forEach((line, index) => {
    if (!/^---(\s|$)/.test(line)) return;
    flush(index);
    start = index + 1;
  });
  flush(lines.length);
  return documents;
}

/** `<chart>/templates/x.yaml` -> the file under the chart folder; a subchart's `<chart>/charts/<sub>/...` too. */
function helmOriginUri(build: RenderedBuild, source: string | undefined): string | undefined {
  if (source === undefined) return undefined;
  const below = source.split('/').slice(1).join('/');
  return below === '' ? undefined : resolveRelative(`${build.originBase.replace(/\/+$/, '')}/Chart.yaml`, encodePath(below));
}

/** The origin annotation's `path:` (a file of the user's), relative to the folder that was built; `configuredIn:` for generated objects. */
function kustomizeOriginUri(build: RenderedBuild, value: Record<string, unknown>): string | undefined {
  const origin = annotation(value, ORIGIN_ANNOTATION);
  if (origin === undefined) return undefined;
  // A remote resource (`repo:`) has no file here: its kustomization stands for it.
  if (/^repo:/m.test(origin)) return undefined;
  const path = /^path:\s*(.+?)\s*$/m.exec(origin)?.[1] ?? /^configuredIn:\s*(.+?)\s*$/m.exec(origin)?.[1];
  return path === undefined ? undefined : resolveFromBase(build, unquote(path));
}

/**
 * A path the tool printed (a file path relative to the build) resolved against the build's
 * folder URI, and escaped as that URI is (node's pathToFileURL): a folder named `shop #1` is
 * `shop%20%231` in the URIs of the files the workspace reads, and must be here too.
 */
const resolveFromBase = (build: RenderedBuild, path: string): string =>
  resolveRelative(`${build.originBase.replace(/\/+$/, '')}/kustomization.yaml`, encodePath(path));

/** What pathToFileURL leaves as it is in a path; every other character is percent-escaped (UTF-8). */
const URI_PATH_CHARACTER = /[A-Za-z0-9!$&'()*+,\-.:;=@_/]/;

function encodePath(path: string): string {
  let encoded = '';
  for (const character of path) {
    if (URI_PATH_CHARACTER.test(character)) encoded += character;
    else if (character.charCodeAt(0) < 0x80) encoded += `%${character.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`;
    // A lone surrogate has no UTF-8: U+FFFD, as the URL parser writes it.
    else encoded += character.length === 1 && /[\uD800-\uDFFF]/.test(character) ? '%EF%BF%BD' : encodeURIComponent(character);
  }
  return encoded;
}

/** A YAML scalar as kustomize prints it: plain, or quoted where the path needs it (`'it''s #1/a.yaml'`). */
function unquote(text: string): string {
  if (/^'.*'$/.test(text)) return text.slice(1, -1).replace(/''/g, "'");
  if (/^".*"$/.test(text)) {
    try {
      return JSON.parse(text) as string;
    } catch {
      return text.slice(1, -1);
    }
  }
  return text;
}

function annotation(value: Record<string, unknown>, key: string): string | undefined {
  const annotations = valueAt(value, ['metadata', 'annotations']);
  const text = isPlainObject(annotations) ? annotations[key] : undefined;
  return typeof text === 'string' ? text : undefined;
}

/** The kustomization files named by `configuredIn:` in the transformations annotation. */
function transformedBy(build: RenderedBuild, value: Record<string, unknown>): string[] {
  const text = annotation(value, TRANSFORMATIONS_ANNOTATION);
  if (text === undefined) return [];
  const paths = [...text.matchAll(/configuredIn:\s*(.+?)\s*$/gm)].map((match) => resolveFromBase(build, unquote(match[1])));
  return [...new Set(paths)];
}

/** The value without the annotations we asked kustomize for; an annotations map left empty goes too. */
function withoutRenderMarks(value: Record<string, unknown>): Record<string, unknown> {
  const metadata = value.metadata;
  if (!isPlainObject(metadata) || !isPlainObject(metadata.annotations)) return value;
  const { [ORIGIN_ANNOTATION]: _origin, [TRANSFORMATIONS_ANNOTATION]: _transformations, ...rest } = metadata.annotations;
  if (_origin === undefined && _transformations === undefined) return value;
  const { annotations: _annotations, ...otherMetadata } = metadata;
  return {
    ...value,
    metadata: Object.keys(rest).length > 0 ? { ...otherMetadata, annotations: rest } : otherMetadata,
  };
}

/** The rendered object, with the uri and ranges of the document it came from. */
function placeInOrigin(
  build: RenderedBuild,
  rendered: KubeObject,
  uri: string,
  origin: ManifestFile | undefined,
  claimed: Set<KubeObject>,
): KubeObject {
  const value = withoutRenderMarks(rendered.value);
  const twin = origin && matchingDocument(origin.objects, rendered, claimed);
  if (twin) claimed.add(twin);
  const fallback = twin ? twin.range : origin ? kindLine(origin, rendered.kind) : FIRST_LINE;
  const settledElsewhere = new Set<string>();
  const from: RenderedFrom = {
    build: build.id,
    label: build.label,
    matched: twin !== undefined,
    changedBy: build.tool === 'kustomize' ? transformedBy(build, rendered.value) : [],
    settledElsewhere,
  };
  const elsewhere = (location: Location): Location => {
    settledElsewhere.add(rangeKey(location.keyRange ?? location.valueRange));
    settledElsewhere.add(rangeKey(location.valueRange));
    return { ...location, exact: false };
  };
  return {
    uri,
    apiVersion: rendered.apiVersion,
    kind: rendered.kind,
    value,
    documentIndex: twin?.documentIndex ?? 0,
    itemIndex: twin?.itemIndex,
    range: fallback,
    rendered: from,
    locate(path: JsonPath): Location {
      if (!twin) return elsewhere({ valueRange: fallback, exact: false });
      const location = twin.locate(path);
      if (!location.exact || !sameValue(valueAt(twin.value, path), valueAt(value, path))) return elsewhere(location);
      return location;
    },
  };
}

/**
 * The origin document a rendered object was made from: same kind, and the same name,
 * or the name a prefix/suffix was added to (the longest such), or the only one of its
 * kind left. Documents already matched are taken last, so two objects from one file
 * find their own documents.
 */
function matchingDocument(
  candidates: readonly KubeObject[],
  rendered: KubeObject,
  claimed: Set<KubeObject>,
): KubeObject | undefined {
  const sameKind = candidates.filter((c) => c.kind === rendered.kind);
  const name = nameOf(rendered.value);
  const free = sameKind.filter((c) => !claimed.has(c));
  const byName = (list: readonly KubeObject[]) =>
    list.find((c) => nameOf(c.value) === name) ??
    list
      .filter((c) => name !== undefined && nameOf(c.value) !== undefined && name.includes(nameOf(c.value)!))
      .sort((a, b) => nameOf(b.value)!.length - nameOf(a.value)!.length)[0];
  return byName(free) ?? byName(sameKind) ?? (free.length === 1 ? free[0] : sameKind.length === 1 ? sameKind[0] : undefined);
}

function nameOf(value: Record<string, unknown>): string | undefined {
  const name = valueAt(value, ['metadata', 'name']);
  return typeof name === 'string' && name !== '' ? name : undefined;
}

/** In a file with no object to match (a Helm template), the line that writes the object's kind, else line 1. */
function kindLine(origin: ManifestFile, kind: string): Range {
  const match = new RegExp(`^[ \\t]*kind:[ \\t]*["']?${kind.replace(/[^\w]/g, '')}["']?[ \\t]*$`, 'm').exec(origin.source.text);
  if (!match) return FIRST_LINE;
  const start = match.index + match[0].length - match[0].trimStart().length;
  return origin.source.rangeOf(start, match.index + match[0].trimEnd().length);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && sameValue(a[key], b[key]));
  }
  return false;
}

/**
 * What a finding on a rendered object adds to its message when it sits where the origin
 * file does not write the value: which build set it, and from which kustomizations.
 */
export function settledElsewhereNote(from: RenderedFrom, seenFrom: string): string {
  // A template's lines are not the object's fields: the finding can only stand on the object.
  if (!from.matched)
    return ` [in the output of ${from.label}: placed on the object, as the template's lines do not map to its fields]`;
  const files = from.changedBy.map((uri) => describeFile(uri, seenFrom));
  const by = files.length > 0 ? `, from ${files.join(', ')}` : '';
  return ` [in the output of ${from.label}: the value there is set by the build${by}, not written here]`;
}
