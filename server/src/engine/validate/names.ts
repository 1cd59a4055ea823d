// Name checks of kube-apiserver, each returning the API server's detail messages
// (rules M2-M4, M6-M8, Q1-Q6, V1-V2, P6 of kubernetes-validation-rules.md).
//
// Lengths are Go's len(): UTF-8 bytes. Two generations of wording exist: up to
// 1.34 label keys and values were checked by apimachinery's util/validation
// ("characters", "a qualified name ..."); from 1.35 by its content package
// ("bytes", "a valid label key ..."). Object names, namespaces and port names
// still go through util/validation and say "characters" in 1.36.
import { atLeast, type KubernetesVersion } from '../kubernetesVersion';

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const LABEL_KEY = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = `(${LABEL_KEY})?`;

const dns1123LabelPattern = new RegExp(`^${DNS1123_LABEL}$`);
const dns1123SubdomainPattern = new RegExp(`^${DNS1123_SUBDOMAIN}$`);
const labelKeyPattern = new RegExp(`^${LABEL_KEY}$`);
const labelValuePattern = new RegExp(`^${LABEL_VALUE}$`);

const LABEL_KEY_RULE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

type LengthUnit = 'bytes' | 'characters';

const utf8 = new TextEncoder();

/** Go's len() of a string. */
export const byteLength = (text: string): number => utf8.encode(text).length;

const maxLengthError = (max: number, unit: LengthUnit): string => `must be no more than ${max} ${unit}`;

/** Go's RegexError: the rule, examples joined by " or " after a comma (hence the double spaces), then the regex. */
function regexError(rule: string, regex: string, ...examples: string[]): string {
  const shown = examples.map((example) => `'${example}', `).join(' or ');
  return `${rule} (e.g. ${shown}regex used for validation is '${regex}')`;
}

const labelUnit = (version: KubernetesVersion): LengthUnit => (atLeast(version, 1, 35) ? 'bytes' : 'characters');

function subdomainErrors(value: string, unit: LengthUnit): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 253) errors.push(maxLengthError(253, unit));
  if (!dns1123SubdomainPattern.test(value)) {
    errors.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN,
        'example.com',
      ),
    );
  }
  return errors;
}

/** IsDNS1123Subdomain (M2, M3): object names. */
export const dns1123SubdomainErrors = (value: string): string[] => subdomainErrors(value, 'characters');

/** NameIsDNSSubdomain with prefix=true (M4): a trailing "-" of generateName is allowed, so its last two characters become "a". */
export function generateNameErrors(value: string): string[] {
  const masked = value.length > 1 && value.endsWith('-') ? `${value.slice(0, -2)}a` : value;
  return dns1123SubdomainErrors(masked);
}

/** IsDNS1123Label (M6-M8): namespaces. */
export function dns1123LabelErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push(maxLengthError(63, 'characters'));
  if (!dns1123LabelPattern.test(value)) {
    if (dns1123SubdomainPattern.test(value)) {
      errors.push('must not contain dots');
    } else {
      errors.push(
        regexError(
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
          DNS1123_LABEL,
          'my-name',
          '123-abc',
        ),
      );
    }
  }
  return errors;
}

/** IsQualifiedName (Q1-Q6): label, selector and annotation keys, finalizers. Each message is its own field error. */
export function qualifiedNameErrors(value: string, version: KubernetesVersion): string[] {
  const unit = labelUnit(version);
  const parts = value.split('/');
  if (parts.length > 2) {
    const subject = atLeast(version, 1, 35) ? 'a valid label key' : 'a qualified name';
    return [
      `${subject} ${regexError(LABEL_KEY_RULE, LABEL_KEY, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  const errors: string[] = [];
  const name = parts.length === 2 ? parts[1] : parts[0];
  if (parts.length === 2) {
    const prefix = parts[0];
    if (prefix.length === 0) errors.push('prefix part must be non-empty');
    else errors.push(...subdomainErrors(prefix, unit).map((message) => `prefix part ${message}`));
  }
  if (name.length === 0) errors.push('name part must be non-empty');
  else if (byteLength(name) > 63) errors.push(`name part ${maxLengthError(63, unit)}`);
  if (!labelKeyPattern.test(name))
    errors.push(`name part ${regexError(LABEL_KEY_RULE, LABEL_KEY, 'MyName', 'my.name', '123-abc')}`);
  return errors;
}

/** IsValidLabelValue (V1, V2): label values and selector values. The empty string is valid. */
export function labelValueErrors(value: string, version: KubernetesVersion): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 63) errors.push(maxLengthError(63, labelUnit(version)));
  if (!labelValuePattern.test(value)) {
    errors.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errors;
}

/** IsValidPortName (P6): an IANA service name. Every failed condition is its own message. */
export function portNameErrors(value: string): string[] {
  const errors: string[] = [];
  if (byteLength(value) > 15) errors.push(maxLengthError(15, 'characters'));
  if (!/^[-a-z0-9]+$/.test(value)) errors.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(value)) errors.push('must contain at least one letter (a-z)');
  if (value.includes('--')) errors.push('must not contain consecutive hyphens');
  if (value.startsWith('-') || value.endsWith('-')) errors.push('must not begin or end with a hyphen');
  return errors;
}
