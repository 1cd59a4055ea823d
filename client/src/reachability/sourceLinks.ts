// How a source location reads for people (`policies.yaml:12`) and as a markdown
// link that VS Code opens at the line (`file:///…/policies.yaml#L12`).
import type { SourceRef } from '../../../server/src/protocol';

/** Last path segment of a URI, decoded: what a person recognises in a tooltip. */
export function fileName(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  const segment = path.slice(path.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** How a file is named for people: its name alone, or a workspace-relative path (the tree passes VS Code's). */
export type FileNamer = (uri: string) => string;

/** `file.yaml:12`, 1-based like editors and the CLI print lines. */
export function locationLabel(location: SourceRef, name: FileNamer = fileName): string {
  return `${name(location.uri)}:${location.range.start.line + 1}`;
}

/**
 * The URI with a `#L<line>` fragment: VS Code's link opener (markdown previews,
 * hovers, tooltips) reads that fragment as the line to reveal.
 */
export function locationTarget(location: SourceRef): string {
  return `${location.uri.replace(/#.*$/, '')}#L${location.range.start.line + 1}`;
}

/** `[file.yaml:12](file:///…/file.yaml#L12)`; spaces and parentheses would end the link target, so they are percent-encoded. */
export function locationLink(location: SourceRef, name: FileNamer = fileName): string {
  return `[${escapeMarkdown(locationLabel(location, name))}](${locationTarget(location).replace(/[ ()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)})`;
}

/** Text from the server or from manifests, shown literally inside markdown. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+!|~]/g, (c) => `\\${c}`);
}

/** A ref or value in markdown inline code; backticks inside cannot close it early. */
export function inlineCode(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text.includes('`') ? ` ${text} ` : text}${fence}`;
}
