// Exclude patterns (netpol.exclude, files.exclude) over paths relative to a
// workspace folder, with `/` separators, matched by minimatch with the features
// VS Code globs have: `**`, `*`, `?`, `{a,b}`, `[...]`; no extglobs, no negation.
import { Minimatch } from 'minimatch';

const options = { dot: true, noext: true, nonegate: true, nocomment: true } as const;

/** Several globs; a path is excluded when a pattern matches it or one of its parent folders. */
export class GlobSet {
  private readonly patterns: Minimatch[];

  constructor(globs: readonly string[]) {
    this.patterns = globs
      .map((glob) => glob.trim().replace(/^\.\//, '').replace(/\/+$/, ''))
      .filter((glob) => glob !== '')
      .map((glob) => new Minimatch(glob, options));
  }

  /** `relativePath` uses `/` and has no leading `/`. */
  matches(relativePath: string): boolean {
    if (this.patterns.length === 0) return false;
    const segments = relativePath.split('/');
    for (let end = 1; end <= segments.length; end++) {
      const prefix = segments.slice(0, end).join('/');
      if (this.patterns.some((pattern) => pattern.match(prefix))) return true;
    }
    return false;
  }
}
