// Exclude patterns (netpol.exclude, files.exclude) as regular expressions.
// The subset VS Code users write: `**` (any number of folders), `*` and `?` (within
// one path segment), `{a,b}` (alternatives, not nested), `[...]` is taken literally.
// Patterns match paths relative to the workspace folder, with `/` separators.

/** One glob as an anchored RegExp over a relative path. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  let inAlternatives = false;
  const pattern = glob.replace(/^\.\//, '').replace(/\/+$/, '');
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '*' && pattern[i + 1] === '*') {
      // `**/` matches no folder or any; a trailing `**` matches whatever is left.
      const slash = pattern[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '{' && !inAlternatives) {
      inAlternatives = true;
      source += '(?:';
    } else if (char === '}' && inAlternatives) {
      inAlternatives = false;
      source += ')';
    } else if (char === ',' && inAlternatives) source += '|';
    else source += char.replace(/[.+^$()|[\]\\{}]/g, '\\$&');
  }
  if (inAlternatives) source += ')';
  return new RegExp(`^${source}$`);
}

/** Several globs; a path is excluded when a pattern matches it or one of its parent folders. */
export class GlobSet {
  private readonly patterns: RegExp[];

  constructor(globs: readonly string[]) {
    this.patterns = globs.filter((g) => g.trim() !== '').map(globToRegExp);
  }

  /** `relativePath` uses `/` and has no leading `/`. */
  matches(relativePath: string): boolean {
    if (this.patterns.length === 0) return false;
    const segments = relativePath.split('/');
    for (let end = 1; end <= segments.length; end++) {
      const prefix = segments.slice(0, end).join('/');
      if (this.patterns.some((pattern) => pattern.test(prefix))) return true;
    }
    return false;
  }
}
