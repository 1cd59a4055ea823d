// The reason a renderer gives for failing, without the logging around it. kubectl reports through
// klog (`E1206 08:56:38.290724 19704 run.go:72] "command failed" err="..."`, or `err=<` followed by
// tab-indented lines and ` >` when the text spans lines; older kubectl: `error: ...`); kustomize
// and helm print cobra's `Error: ...`.

export function toolErrorText(stderr: string): string {
  const klog = klogErrText(stderr);
  if (klog !== undefined) return klog.trim();
  const lines = stderr.split(/\r?\n/);
  const first = lines.findIndex((line) => /^(error|Error): /.test(line));
  if (first >= 0) {
    const rest = lines.slice(first);
    // cobra may follow the error with the usage text.
    const usage = rest.findIndex((line) => /^Usage:/.test(line));
    const message = (usage > 0 ? rest.slice(0, usage) : rest).join('\n');
    return message.replace(/^(error|Error): /, '').trim();
  }
  return stderr.trim();
}

function klogErrText(stderr: string): string | undefined {
  const quoted = /^[EWIF]\d{4} [\d:.]+\s+\d+ [^\]]*\] .*? err="((?:[^"\\]|\\.)*)"/m.exec(stderr);
  if (quoted?.[1] !== undefined) return unquoteGo(quoted[1]);
  const block = /^[EWIF]\d{4} [\d:.]+\s+\d+ [^\]]*\] .*? err=<\n((?:\t.*(?:\n|$))*)/m.exec(stderr);
  if (block?.[1] !== undefined) {
    return block[1]
      .split('\n')
      .map((line) => line.replace(/^\t/, ''))
      .join('\n');
  }
  return undefined;
}

/** The text of a Go double-quoted string literal's body (strconv.Quote's escapes). */
function unquoteGo(body: string): string {
  const simple: Record<string, string> = {
    n: '\n',
    t: '\t',
    r: '\r',
    '"': '"',
    '\\': '\\',
    a: '\x07',
    b: '\b',
    f: '\f',
    v: '\v',
  };
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (escape: string, code: string) => {
    if (/^[xuU]/.test(code) && code.length > 1) return String.fromCodePoint(parseInt(code.slice(1), 16));
    return simple[code] ?? escape;
  });
}
