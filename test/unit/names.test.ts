import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  dns1123LabelErrors,
  dns1123SubdomainErrors,
  generateNameErrors,
  labelValueErrors,
  portNameErrors,
  qualifiedNameErrors,
} from '../../server/src/engine/validate/names';

const v136 = { major: 1, minor: 36 };
const v134 = { major: 1, minor: 34 };

const SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const NAME_PART_MESSAGE =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

describe('names: DNS subdomains and labels (M2-M4, M6-M8)', () => {
  it('M2/M3: object names are lowercase RFC 1123 subdomains of at most 253 characters', () => {
    assert.deepEqual(dns1123SubdomainErrors('web.example-1'), []);
    assert.deepEqual(dns1123SubdomainErrors('Web'), [SUBDOMAIN_MESSAGE]);
    assert.deepEqual(dns1123SubdomainErrors('a..b'), [SUBDOMAIN_MESSAGE]);
    assert.deepEqual(dns1123SubdomainErrors('a'.repeat(254)), ['must be no more than 253 characters']);
    assert.deepEqual(dns1123SubdomainErrors(`${'a'.repeat(253)}-`), ['must be no more than 253 characters', SUBDOMAIN_MESSAGE]);
  });

  it('M4: generateName may end in "-": its last two characters are checked as "a"', () => {
    assert.deepEqual(generateNameErrors('web-'), []);
    assert.deepEqual(generateNameErrors('web.-'), []);
    assert.deepEqual(generateNameErrors('-'), [SUBDOMAIN_MESSAGE]);
    assert.deepEqual(generateNameErrors('Web-'), [SUBDOMAIN_MESSAGE]);
  });

  it('M6-M8: namespaces are RFC 1123 labels; a valid subdomain with dots gets "must not contain dots"', () => {
    assert.deepEqual(dns1123LabelErrors('shop-1'), []);
    assert.deepEqual(dns1123LabelErrors('a'.repeat(64)), ['must be no more than 63 characters']);
    assert.deepEqual(dns1123LabelErrors('shop.prod'), ['must not contain dots']);
    assert.deepEqual(dns1123LabelErrors('Shop'), [
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
  });
});

describe('names: qualified names (Q1-Q6)', () => {
  it('accepts names with and without a prefix, either case in the name part', () => {
    for (const key of ['app', 'App.Name_1', 'app.kubernetes.io/name', 'kubernetes.io/metadata.name', 'a']) {
      assert.deepEqual(qualifiedNameErrors(key, v136), [], key);
    }
  });

  it('Q1: more than one "/" gives the single whole-key message, worded per version', () => {
    assert.deepEqual(qualifiedNameErrors('a/b/c', v136), [
      "a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]);
    assert.match(qualifiedNameErrors('a/b/c', v134)[0], /^a qualified name must consist of /);
  });

  it('Q2: an empty prefix', () => {
    assert.deepEqual(qualifiedNameErrors('/app', v136), ['prefix part must be non-empty']);
  });

  it('Q3/Q4: the prefix must be a subdomain of at most 253 bytes (characters up to 1.34)', () => {
    assert.deepEqual(qualifiedNameErrors('Example.com/app', v136), [`prefix part ${SUBDOMAIN_MESSAGE}`]);
    assert.deepEqual(qualifiedNameErrors(`${'a'.repeat(254)}/app`, v136), ['prefix part must be no more than 253 bytes']);
    assert.deepEqual(qualifiedNameErrors(`${'a'.repeat(254)}/app`, v134), ['prefix part must be no more than 253 characters']);
  });

  it('Q5: an empty name part gives the empty message and the regex message', () => {
    assert.deepEqual(qualifiedNameErrors('example.com/', v136), ['name part must be non-empty', NAME_PART_MESSAGE]);
    assert.deepEqual(qualifiedNameErrors('', v136), ['name part must be non-empty', NAME_PART_MESSAGE]);
  });

  it('Q5b: a name part longer than 63 bytes (characters up to 1.34)', () => {
    assert.deepEqual(qualifiedNameErrors('a'.repeat(64), v136), ['name part must be no more than 63 bytes']);
    assert.deepEqual(qualifiedNameErrors('a'.repeat(64), v134), ['name part must be no more than 63 characters']);
  });

  it('Q6: the name part must start and end with an alphanumeric character', () => {
    assert.deepEqual(qualifiedNameErrors('-app', v136), [NAME_PART_MESSAGE]);
    assert.deepEqual(qualifiedNameErrors('app_', v136), [NAME_PART_MESSAGE]);
    assert.deepEqual(qualifiedNameErrors('ä', v136), [NAME_PART_MESSAGE]);
  });

  it('Q2-Q6 are independent: a bad prefix and a bad name part give two messages', () => {
    assert.equal(qualifiedNameErrors('Bad/-bad', v136).length, 2);
  });
});

describe('names: label values (V1-V2)', () => {
  it('the empty string is valid', () => {
    assert.deepEqual(labelValueErrors('', v136), []);
    assert.deepEqual(labelValueErrors('My_Value-1.2', v136), []);
  });

  it('V1: more than 63 bytes; the unit is "characters" up to 1.34 (§3.2)', () => {
    assert.deepEqual(labelValueErrors('a'.repeat(64), v136), ['must be no more than 63 bytes']);
    assert.deepEqual(labelValueErrors('a'.repeat(64), { major: 1, minor: 35 }), ['must be no more than 63 bytes']);
    assert.deepEqual(labelValueErrors('a'.repeat(64), v134), ['must be no more than 63 characters']);
    // Lengths are bytes: 32 two-byte characters are 64 bytes.
    assert.equal(labelValueErrors('é'.repeat(32), v136)[0], 'must be no more than 63 bytes');
  });

  it('V2: must start and end with an alphanumeric character', () => {
    assert.deepEqual(labelValueErrors('x y', v136), [
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
  });
});

describe('names: IANA service names (P6)', () => {
  it('accepts lowercase names with a letter, at most 15 characters', () => {
    for (const name of ['http', 'web-8080', 'a', 'abcdefghijklmno']) assert.deepEqual(portNameErrors(name), [], name);
  });

  it('reports every failed condition as its own message', () => {
    assert.deepEqual(portNameErrors('abcdefghijklmnop'), ['must be no more than 15 characters']);
    assert.deepEqual(portNameErrors('HTTP'), [
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'must contain at least one letter (a-z)',
    ]);
    assert.deepEqual(portNameErrors('80'), ['must contain at least one letter (a-z)']);
    assert.deepEqual(portNameErrors('a--b'), ['must not contain consecutive hyphens']);
    assert.deepEqual(portNameErrors('-web-'), ['must not begin or end with a hyphen']);
    assert.deepEqual(portNameErrors(''), [
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'must contain at least one letter (a-z)',
    ]);
    assert.deepEqual(portNameErrors('my_port'), ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']);
  });
});
