// The required properties and constraints of SARIF 2.1.0 (OASIS standard, sections 3.13-3.30) that our output uses,
// checked offline: the JSON schema is not fetched. Returns one line per violation.

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isPositiveInteger = (value: unknown) => Number.isInteger(value) && (value as number) >= 1;
const LEVELS = ['none', 'note', 'warning', 'error'];

export function sarifProblems(log: unknown): string[] {
  const problems: string[] = [];
  const need = (condition: boolean, message: string) => {
    if (!condition) problems.push(message);
  };
  if (!isObject(log)) return ['log is not an object'];
  need(log.version === '2.1.0', 'sarifLog.version must be "2.1.0" (3.13.2)');
  need(typeof log.$schema === 'string' && /sarif.*2\.1\.0/.test(log.$schema), 'sarifLog.$schema must name SARIF 2.1.0 (3.13.3)');
  if (!Array.isArray(log.runs)) return [...problems, 'sarifLog.runs must be an array (3.13.4)'];
  log.runs.forEach((run: unknown, r) => {
    if (!isObject(run) || !isObject(run.tool) || !isObject(run.tool.driver))
      return need(false, `runs[${r}].tool.driver is required (3.14.6, 3.18.2)`);
    const driver = run.tool.driver;
    need(typeof driver.name === 'string' && driver.name.length > 0, `runs[${r}].tool.driver.name is required (3.19.8)`);
    const rules = Array.isArray(driver.rules) ? driver.rules : [];
    const ruleIds = new Set<string>();
    rules.forEach((rule: unknown, i) => {
      if (!isObject(rule) || typeof rule.id !== 'string') return need(false, `rules[${i}].id is required (3.49.3)`);
      need(!ruleIds.has(rule.id), `rules[${i}].id ${rule.id} is not unique`);
      ruleIds.add(rule.id);
      for (const key of ['shortDescription', 'fullDescription', 'help']) {
        if (key in rule)
          need(isObject(rule[key]) && typeof rule[key].text === 'string', `rules[${i}].${key}.text is required (3.12.3)`);
      }
      if ('defaultConfiguration' in rule) {
        const level = isObject(rule.defaultConfiguration) ? rule.defaultConfiguration.level : undefined;
        need(
          LEVELS.includes(String(level)),
          `rules[${i}].defaultConfiguration.level must be one of ${LEVELS.join(', ')} (3.50.3)`,
        );
      }
    });
    if ('columnKind' in run)
      need(
        run.columnKind === 'utf16CodeUnits' || run.columnKind === 'unicodeCodePoints',
        `runs[${r}].columnKind is not a SARIF value (3.14.17)`,
      );
    const baseIds = isObject(run.originalUriBaseIds) ? run.originalUriBaseIds : {};
    for (const [id, base] of Object.entries(baseIds)) {
      need(
        isObject(base) && typeof base.uri === 'string' && base.uri.endsWith('/'),
        `originalUriBaseIds.${id}.uri must be a URI ending in "/" (3.14.14)`,
      );
    }
    if (!Array.isArray(run.results)) return need(false, `runs[${r}].results must be an array`);
    run.results.forEach((result: unknown, i) => {
      const at = `runs[${r}].results[${i}]`;
      if (!isObject(result)) return need(false, `${at} is not an object`);
      need(
        isObject(result.message) && typeof result.message.text === 'string',
        `${at}.message.text is required (3.27.11, 3.11.8)`,
      );
      need(
        typeof result.ruleId === 'string' && ruleIds.has(result.ruleId),
        `${at}.ruleId must name a rule of the driver (3.27.5)`,
      );
      if ('ruleIndex' in result)
        need(
          rules[result.ruleIndex as number]?.id === result.ruleId,
          `${at}.ruleIndex must point at the rule with ruleId (3.27.6)`,
        );
      need(LEVELS.includes(String(result.level)), `${at}.level must be one of ${LEVELS.join(', ')} (3.27.10)`);
      const locations = Array.isArray(result.locations) ? result.locations : [];
      need(locations.length > 0, `${at}.locations must not be empty for a file finding`);
      locations.forEach((location: unknown, l) => {
        const physical = isObject(location) ? location.physicalLocation : undefined;
        if (!isObject(physical) || !isObject(physical.artifactLocation))
          return need(false, `${at}.locations[${l}].physicalLocation.artifactLocation is required (3.29.3)`);
        const artifact = physical.artifactLocation;
        need(typeof artifact.uri === 'string' && artifact.uri.length > 0, `${at} artifactLocation.uri is required (3.4.3)`);
        if ('uriBaseId' in artifact) {
          need(
            typeof artifact.uriBaseId === 'string' && artifact.uriBaseId in baseIds,
            `${at} uriBaseId must be declared in originalUriBaseIds (3.4.4)`,
          );
          need(!/^[a-z][a-z0-9+.-]*:/i.test(String(artifact.uri)), `${at} a uri with a uriBaseId must be relative (3.4.4)`);
        }
        const region = physical.region;
        if (!isObject(region)) return need(false, `${at} region is required for a positioned finding`);
        need(
          isPositiveInteger(region.startLine) && isPositiveInteger(region.startColumn),
          `${at} region start must be 1-based (3.30.5, 3.30.6)`,
        );
        need(
          isPositiveInteger(region.endLine) && isPositiveInteger(region.endColumn),
          `${at} region end must be 1-based (3.30.7, 3.30.8)`,
        );
        need(
          (region.endLine as number) > (region.startLine as number) ||
            ((region.endLine as number) === region.startLine && (region.endColumn as number) >= (region.startColumn as number)),
          `${at} region must not end before it starts (3.30.2)`,
        );
      });
    });
  });
  return problems;
}
