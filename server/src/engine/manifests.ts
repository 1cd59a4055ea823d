// YAML/JSON text -> documents with source ranges -> Kubernetes objects.
//
// Scalars are read the way kubectl reads them: sigs.k8s.io/yaml decodes YAML 1.1
// (go-yaml v2), so unquoted yes/no/on/off/y/n are booleans and 0777 is octal;
// yaml11.ts holds the details, for both decoders.
import * as YAML from 'yaml';
import { SourceText } from './sourceText';
import { makeDiagnostic } from './diagnosticCodes';
import { DEFAULT_MAX_FILE_SIZE, fileTooLargeDiagnostic, utf8Length } from './manifestFiles';
import { DOCUMENT_MARKER_LINE, flowDepth, goTemplateActionOffset, MAX_FLOW_DEPTH, scanDocumentRanges } from './manifestScans';
import { childNode, collectDuplicateKeys, nodeRange } from './yamlNodes';
import { fastDecodeDocuments, yaml11Tags } from './yaml11';
import type { RenderedFrom } from './renderedBuilds';
import type { EngineDiagnostic, JsonPath, Range } from './types';
import { isPlainObject } from './values';

/** Aliases resolved per document before it is treated as a resource-exhaustion attack. */
export const DEFAULT_MAX_ALIAS_COUNT = 100;

export interface ParseOptions {
  /** Larger texts are refused with NP0002. */
  maxFileSize?: number;
  maxAliasCount?: number;
  /** The URI of the Helm chart folder whose `templates/` holds the file (helmCharts.ts): it is a template, whatever its text. */
  helmChart?: string;
}

/** Where a JSON path lands in the source. */
export interface Location {
  /** Range of the mapping key, when the path ends in an object key that exists. */
  keyRange?: Range;
  /** Range of the value at the path, or of the nearest existing ancestor. */
  valueRange: Range;
  /** False when the path does not exist and an ancestor was used instead. */
  exact: boolean;
}

/** A Kubernetes object found in a manifest: a document, or an item of a List. */
export interface KubeObject {
  uri: string;
  apiVersion: string;
  kind: string;
  /** The decoded value, as kubectl would send it. */
  value: Record<string, unknown>;
  /** Index of the document among the file's non-empty YAML documents. */
  documentIndex: number;
  /** Index in the `items` of a List, when the object came from one. */
  itemIndex?: number;
  /** Range of the whole object. */
  readonly range: Range;
  /** Maps a path relative to the object (e.g. ['spec','podSelector']) to source ranges. */
  locate(path: JsonPath): Location;
  /** Set on an object a renderer made (renderedObjects.ts): `uri` and ranges are those of the document it came from. */
  readonly rendered?: RenderedFrom;
}

export interface ManifestFile {
  uri: string;
  source: SourceText;
  objects: KubeObject[];
  /** Problems with the file itself: syntax errors, size, aliases, duplicate keys. */
  readonly diagnostics: EngineDiagnostic[];
  /** Set when the file is a template, not a manifest: it has no objects, and only NP0008 as a diagnostic. */
  readonly template?: TemplateFile;
}

/** Why a file is a template: it lies in a Helm chart's `templates/`, or a Go template action breaks its YAML. */
export type TemplateFile = { kind: 'helm-chart'; chart: string } | { kind: 'go-template'; action: Range };

const yamlOptions: YAML.ParseOptions & YAML.DocumentOptions & YAML.SchemaOptions = {
  version: '1.1',
  uniqueKeys: false,
  prettyErrors: false,
  // Problems are reported as diagnostics; the library must not print to stderr.
  logLevel: 'error',
  customTags: yaml11Tags,
};

const wholeFile = (source: SourceText): Range => source.rangeOf(0, Math.min(source.text.length, source.text.indexOf('\n') >>> 0));

export function parseManifest(uri: string, text: string, options: ParseOptions = {}): ManifestFile {
  const source = new SourceText(text);
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  // Every character is at least one byte: only a text that might be over the limit is counted.
  const size = text.length > maxFileSize / 3 ? utf8Length(text, maxFileSize) : text.length;
  if (size > maxFileSize) {
    return {
      uri,
      source,
      objects: [],
      diagnostics: [fileTooLargeDiagnostic(utf8Length(text, Infinity), maxFileSize, wholeFile(source))],
    };
  }
  if (options.helmChart !== undefined) return templateFile(uri, source, { kind: 'helm-chart', chart: options.helmChart });
  const depth = flowDepth(text);
  if (depth > MAX_FLOW_DEPTH) {
    const diagnostic = makeDiagnostic(
      'NP0001',
      wholeFile(source),
      `File not analysed: brackets nest ${depth} levels deep, more than the ${MAX_FLOW_DEPTH} any manifest needs.`,
    );
    return { uri, source, objects: [], diagnostics: [diagnostic] };
  }
  // js-yaml decodes values about ten times faster than `yaml`; the syntax tree
  // with ranges is built only when a range or the file's diagnostics are asked for.
  const fastValues = fastDecodeDocuments(text);
  // js-yaml reads the flow mapping a `{{` opens as the key "[object Object]": a text it decoded
  // without such a key holds no template action where YAML reads structure, and is not lexed.
  const action = !text.includes('{{') || (fastValues && !hasObjectKey(fastValues)) ? undefined : goTemplateActionOffset(text);
  if (action !== undefined) return templateFile(uri, source, { kind: 'go-template', action: source.rangeOf(action, action + 2) });
  return fastValues ? new LazyManifestFile(uri, source, fastValues, options) : fullParse(uri, source, options);
}

/**
 * A template: no objects, and one NP0008 saying why, which validation shows only when the
 * file mentions a NetworkPolicy (as any diagnostic of a file that is not ours).
 */
function templateFile(uri: string, source: SourceText, template: TemplateFile): ManifestFile {
  const message =
    template.kind === 'go-template'
      ? 'Not analysed: a Go template action stands here where YAML expects a value, so this is a template, not a manifest (kubectl cannot read it). Render it (helm template) and check the output.'
      : `Not analysed: a template of the Helm chart ${lastSegment(template.chart)} (its templates/ folder). Render the chart (helm template) and check the output.`;
  const range = template.kind === 'go-template' ? template.action : wholeFile(source);
  return { uri, source, objects: [], diagnostics: [makeDiagnostic('NP0008', range, message)], template };
}

function lastSegment(uri: string): string {
  const segment = uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Whether decoded values hold a mapping key js-yaml made of a mapping ("[object Object]"); iterative, as block nesting has no bound. */
function hasObjectKey(values: readonly unknown[]): boolean {
  const stack: unknown[] = [...values];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) stack.push(...(value as unknown[]));
    else if (isPlainObject(value)) {
      if (Object.hasOwn(value, '[object Object]')) return true;
      stack.push(...Object.values(value));
    }
  }
  return false;
}

/** Values decoded by js-yaml; the `yaml` syntax tree is made on first use of ranges or diagnostics. */
class LazyManifestFile implements ManifestFile {
  private readonly fastObjects: KubeObject[] = [];
  private full: { file: ManifestFile; objectsByKey: Map<string, KubeObject>; confirmed: KubeObject[] } | undefined;
  /**
   * Syntax trees of single documents, parsed alone when ranges were asked inside them
   * before the whole file was parsed (a hover costs its document, not the file); null
   * for a document that must be left to the full parse.
   */
  private readonly documents = new Map<number, Map<string, KubeObject> | null>();
  /** Lines parsed in single documents so far: past half the file, parsing it whole is cheaper than going on. */
  private linesParsedAlone = 0;
  /** Ranges of the non-empty documents from a line scan; null when the scan cannot be trusted. */
  private documentRanges: Array<Range> | null | undefined;
  private documentCount = 0;

  constructor(
    readonly uri: string,
    readonly source: SourceText,
    values: unknown[],
    private readonly options: ParseOptions,
  ) {
    const nonEmpty = values.filter((value) => value !== null && value !== undefined);
    this.documentCount = nonEmpty.length;
    nonEmpty.forEach((value, documentIndex) => {
      for (const found of objectsOf(value)) {
        this.fastObjects.push(this.lazyObject(found.value, documentIndex, found.itemIndex));
      }
    });
  }

  /**
   * Once the full parse exists, only the objects it confirms: a document js-yaml
   * read but the `yaml` package (like go-yaml) refuses has a syntax error instead,
   * and no object to validate with made-up ranges.
   */
  get objects(): KubeObject[] {
    return this.full ? this.full.confirmed : this.fastObjects;
  }

  get diagnostics(): EngineDiagnostic[] {
    return this.fullParse().file.diagnostics;
  }

  private fullParse(): NonNullable<LazyManifestFile['full']> {
    if (!this.full) {
      this.documents.clear();
      const file = fullParse(this.uri, this.source, this.options);
      const objectsByKey = new Map(file.objects.map((object) => [objectKey(object.documentIndex, object.itemIndex), object]));
      const confirmed = this.fastObjects.filter((object) => objectsByKey.has(objectKey(object.documentIndex, object.itemIndex)));
      this.full = { file, objectsByKey, confirmed };
    }
    return this.full;
  }

  /** The object of the syntax tree that `(documentIndex, itemIndex)` names: from its document parsed alone, or from the whole file once parsed. */
  private twinOf(documentIndex: number, itemIndex: number | undefined): KubeObject | undefined {
    if (!this.full) {
      let alone = this.documents.get(documentIndex);
      if (alone === undefined) this.documents.set(documentIndex, (alone = this.parseOneDocument(documentIndex) ?? null));
      if (alone) return alone.get(objectKey(0, itemIndex));
    }
    return this.fullParse().objectsByKey.get(objectKey(documentIndex, itemIndex));
  }

  /**
   * Parses one document cut from the file, its positions placed at its lines in the
   * file. Undefined when the line scan cannot be trusted, when documents parsed alone
   * would add up to half the file (an answer that touches every document is cheaper
   * with one parse of the file), or when the document alone does not come out as the
   * fast decoder read it: then the full parse decides.
   */
  private parseOneDocument(documentIndex: number): Map<string, KubeObject> | undefined {
    const range = this.documentRange(documentIndex);
    if (!range) return undefined;
    this.linesParsedAlone += range.end.line - range.start.line + 1;
    if (this.linesParsedAlone > this.source.lineCount / 2) return undefined;
    const start = this.source.offsetAt({ line: range.start.line, character: 0 });
    // Up to the next document marker, not the last content line of the scan: a block
    // scalar's last lines may start with `#`, which the scan takes for comments.
    const afterContent = this.source.offsetAt(range.end);
    const marker = DOCUMENT_MARKER_LINE.exec(this.source.text.slice(afterContent));
    const text = this.source.text.slice(start, marker ? afterContent + marker.index : undefined);
    const file = fullParse(this.uri, new SourceText(text, range.start.line), this.options);
    const expected = this.fastObjects
      .filter((object) => object.documentIndex === documentIndex)
      .map((object) => objectKey(0, object.itemIndex));
    const found = file.objects.map((object) => objectKey(object.documentIndex, object.itemIndex));
    if (file.diagnostics.length > 0 || found.join() !== expected.join()) return undefined;
    return new Map(file.objects.map((object) => [objectKey(0, object.itemIndex), object]));
  }

  /**
   * A document's range without the syntax tree: a hover that links twenty workloads
   * must not parse twenty files again. Items of Lists need the tree.
   */
  private documentRange(documentIndex: number): Range | undefined {
    if (this.documentRanges === undefined) this.documentRanges = scanDocumentRanges(this.source.text, this.documentCount);
    return this.documentRanges?.[documentIndex];
  }

  private lazyObject(value: KubeValue, documentIndex: number, itemIndex: number | undefined): KubeObject {
    // Both decoders agree on which documents are non-empty and on List items,
    // so the same (document, item) pair names the same object in the full parse.
    const twin = (): KubeObject | undefined => this.twinOf(documentIndex, itemIndex);
    const unknownRange: Range = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    const cheapRange = (): Range | undefined => (itemIndex === undefined ? this.documentRange(documentIndex) : undefined);
    return {
      uri: this.uri,
      apiVersion: value.apiVersion,
      kind: value.kind,
      value,
      documentIndex,
      itemIndex,
      get range(): Range {
        return cheapRange() ?? twin()?.range ?? unknownRange;
      },
      locate: (path: JsonPath): Location => twin()?.locate(path) ?? { valueRange: unknownRange, exact: false },
    };
  }
}

const objectKey = (documentIndex: number, itemIndex: number | undefined): string => `${documentIndex}:${itemIndex ?? ''}`;

function fullParse(uri: string, source: SourceText, options: ParseOptions): ManifestFile {
  const file: ManifestFile = { uri, source, objects: [], diagnostics: [] };
  const { text } = source;
  let documents: YAML.Document.Parsed[];
  try {
    const parsed = YAML.parseAllDocuments(text, yamlOptions);
    documents = Array.isArray(parsed) ? parsed : [];
  } catch (error) {
    file.diagnostics.push(
      makeDiagnostic('NP0001', wholeFile(source), `YAML could not be parsed: ${describeParseFailure(error)}`),
    );
    return file;
  }

  let documentIndex = -1;
  for (const document of documents) {
    // Empty documents are not counted, as in the fast path, so indexes agree.
    if (document.errors.length === 0 && isEmptyDocument(document)) continue;
    documentIndex++;
    if (document.errors.length > 0) {
      // Later errors of one document are nearly always echoes of the first.
      const first = document.errors[0];
      const detail = /call stack/i.test(first.message)
        ? describeParseFailure(new RangeError(first.message))
        : firstLine(first.message);
      file.diagnostics.push(makeDiagnostic('NP0001', source.rangeOf(first.pos[0], first.pos[1]), `YAML syntax error: ${detail}`));
      continue;
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: options.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT });
    } catch (error) {
      const range = source.rangeOf(document.range[0], document.range[1]);
      const unresolved = error instanceof ReferenceError ? firstUnresolvedAlias(document) : undefined;
      if (unresolved) {
        // An alias whose anchor is missing is a syntax error to go-yaml ("unknown anchor ... referenced"), not an alias bomb.
        file.diagnostics.push(
          makeDiagnostic(
            'NP0001',
            nodeRange(source, unresolved),
            `YAML syntax error: unknown anchor '${unresolved.source}' referenced; an alias (*${unresolved.source}) must come after its anchor (&${unresolved.source}) in the same document.`,
          ),
        );
      } else if (error instanceof ReferenceError && /alias/i.test(error.message)) {
        file.diagnostics.push(
          makeDiagnostic(
            'NP0004',
            range,
            'Document not analysed: it expands too many aliases (a YAML "billion laughs" pattern).',
          ),
        );
      } else {
        file.diagnostics.push(makeDiagnostic('NP0001', range, `YAML could not be read: ${describeParseFailure(error)}`));
      }
      continue;
    }
    for (const duplicate of collectDuplicateKeys(document.contents)) {
      file.diagnostics.push(
        makeDiagnostic(
          'NP0005',
          nodeRange(source, duplicate.key),
          `Duplicate key "${duplicate.name}": this value is ignored, kubectl keeps only the last one.`,
        ),
      );
    }
    const root = document.contents;
    if (!root) continue;
    const itemsNode = childNode(document, root, 'items')?.value;
    for (const found of objectsOf(value)) {
      const node = found.itemIndex === undefined ? root : itemsNode && childNode(document, itemsNode, found.itemIndex)?.value;
      file.objects.push(makeObject(file, document, documentIndex, node ?? root, found.value, found.itemIndex));
    }
  }
  return file;
}

function firstUnresolvedAlias(document: YAML.Document.Parsed): YAML.Alias | undefined {
  let found: YAML.Alias | undefined;
  YAML.visit(document, {
    Alias(_, alias) {
      if (alias.resolve(document) !== undefined) return undefined;
      found = alias;
      return YAML.visit.BREAK;
    },
  });
  return found;
}

function isEmptyDocument(document: YAML.Document.Parsed): boolean {
  const contents = document.contents;
  return contents === null || (YAML.isScalar(contents) && contents.value === null);
}

type KubeValue = Record<string, unknown> & { apiVersion: string; kind: string };

/** The Kubernetes objects of one decoded document: itself, or the items of a List. */
function objectsOf(value: unknown): { value: KubeValue; itemIndex?: number }[] {
  if (!isKubeObject(value)) return [];
  const listKind = /List$/.test(value.kind) ? value.kind : undefined;
  if (!listKind || !Array.isArray(value.items)) return [{ value }];
  // Typed lists written by the API server (PodList, ...) omit apiVersion/kind on their items.
  const impliedKind = listKind === 'List' ? undefined : listKind.slice(0, -'List'.length);
  const found: { value: KubeValue; itemIndex?: number }[] = [];
  value.items.forEach((item, itemIndex) => {
    if (!isPlainObject(item)) return;
    const apiVersion = typeof item.apiVersion === 'string' ? item.apiVersion : impliedKind ? value.apiVersion : undefined;
    const kind = typeof item.kind === 'string' ? item.kind : impliedKind;
    if (apiVersion && kind) found.push({ value: { ...item, apiVersion, kind }, itemIndex });
  });
  return found;
}

function makeObject(
  file: ManifestFile,
  document: YAML.Document.Parsed,
  documentIndex: number,
  node: YAML.Node,
  value: KubeValue,
  itemIndex?: number,
): KubeObject {
  const { source } = file;
  return {
    uri: file.uri,
    apiVersion: value.apiVersion,
    kind: value.kind,
    value,
    documentIndex,
    itemIndex,
    range: nodeRange(source, node),
    locate(path: JsonPath): Location {
      let current: YAML.Node = node;
      let keyRange: Range | undefined;
      for (const segment of path) {
        const child = childNode(document, current, segment);
        if (!child) return { valueRange: nodeRange(source, current), exact: false };
        current = child.value;
        keyRange = child.key ? nodeRange(source, child.key) : undefined;
      }
      return { keyRange, valueRange: nodeRange(source, current), exact: true };
    },
  };
}

function isKubeObject(value: unknown): value is Record<string, unknown> & { apiVersion: string; kind: string } {
  return isPlainObject(value) && typeof value.apiVersion === 'string' && typeof value.kind === 'string';
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/:$/, '');
}

/** The parsers recurse on nesting depth: running out of stack means the text nests deeper than they can follow. */
function describeParseFailure(error: unknown): string {
  if (error instanceof RangeError && /call stack/i.test(error.message))
    return 'it nests deeper than this analyser can follow; no manifest needs such depth.';
  return describe(error);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const isNetworkPolicy = (object: KubeObject): boolean =>
  object.kind === 'NetworkPolicy' && /^(networking\.k8s\.io|extensions)\//.test(object.apiVersion);
