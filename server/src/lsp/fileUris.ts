// The one place where file URIs and file-system paths meet. URIs of files found
// on disk are built like VS Code builds them (every character but A-Z a-z 0-9
// - . _ ~ percent-encoded per segment), so that a file read from disk and the same
// file opened in the editor have the same URI and are indexed once.
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The path of a `file:` URI; undefined for other schemes (untitled, git, ...). */
export function fileUriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** The URI of an absolute path, encoded as {@link childUri} encodes segments. */
export function pathToFileUri(path: string): string {
  return `file://${pathToFileURL(path).pathname.split('/').map(decodeSegment).map(encodeSegment).join('/')}`;
}

/** A child of a folder URI, one path segment per name. */
export function childUri(folderUri: string, ...names: string[]): string {
  return [folderUri.replace(/\/+$/, ''), ...names.map(encodeSegment)].join('/');
}

/**
 * A path a setting gives relative to a workspace folder (`overlays/prod`, `./charts/web/`,
 * `../shared`), or absolute, as a URI encoded like the scan's; `.` and `..` resolved.
 */
export function resolveSettingPath(folderUri: string, path: string): string {
  if (path.startsWith('/')) return pathToFileUri(path).replace(/\/+$/, '');
  const folder = folderUri.replace(/\/+$/, '');
  const authority = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(folder)?.[0] ?? '';
  const segments = folder.slice(authority.length).split('/');
  for (const name of path.split('/')) {
    if (name === '' || name === '.') continue;
    if (name === '..') {
      if (segments.length > 1) segments.pop();
    } else segments.push(encodeSegment(name));
  }
  return authority + (segments.length === 1 ? '/' : segments.join('/'));
}

/** Whether `uri` is `folderUri` itself or lies under it. */
export function isUnder(uri: string, folderUri: string): boolean {
  const folder = folderUri.replace(/\/+$/, '');
  return uri === folder || uri.startsWith(`${folder}/`);
}

/** The path of `uri` relative to `folderUri`, `/`-separated and decoded; undefined when outside. */
export function relativePath(uri: string, folderUri: string): string | undefined {
  const folder = folderUri.replace(/\/+$/, '');
  if (!uri.startsWith(`${folder}/`)) return undefined;
  return uri
    .slice(folder.length + 1)
    .split('/')
    .map(decodeSegment)
    .join('/');
}

function encodeSegment(name: string): string {
  return encodeURIComponent(name).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
