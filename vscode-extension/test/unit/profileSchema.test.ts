import * as assert from 'assert/strict';
import * as path from 'path';
import { describe, it } from 'node:test';
import { fallbackSchema, globToRegExp, isProfilePath, PROFILE_FILE_MATCH, ruleSetPaths, SCHEMA_SCHEME, SCHEMA_URI, schemaArgs, schemaFromOutput } from '../../src/profileSchema';
import { manifest } from '../support/paths';

describe('profile files', () => {
  it('are the files the jsonValidation contribution points at the schema', () => {
    const [contribution] = manifest.contributes.jsonValidation;
    assert.deepEqual(contribution.fileMatch, PROFILE_FILE_MATCH);
    assert.equal(contribution.url, SCHEMA_URI);
    assert.ok(SCHEMA_URI.startsWith(`${SCHEMA_SCHEME}://`));
    assert.ok(manifest.activationEvents.includes(`onFileSystem:${SCHEMA_SCHEME}`));
  });

  it('are JSON files in a profiles folder and *.profile.json, but not expected outputs', () => {
    assert.equal(isProfilePath('/ws/examples/profiles/pregnant-runner.json'), true);
    assert.equal(isProfilePath('C:\\ws\\profiles\\runner.json'), true);
    assert.equal(isProfilePath('/ws/club/anna.profile.json'), true);
    assert.equal(isProfilePath('anna.profile.json'), true);
    assert.equal(isProfilePath('/ws/examples/profiles/pregnant-runner.expected.json'), false);
    assert.equal(isProfilePath('/ws/examples/profiles/sub/deeper.json'), false);
    assert.equal(isProfilePath('/ws/package.json'), false);
    assert.equal(isProfilePath('/ws/profiles/club.ndjson'), false);
    assert.equal(isProfilePath('/ws/myprofiles/a.json'), false);
  });

  it('globs follow the JSON fileMatch conventions', () => {
    assert.ok(globToRegExp('**/profiles/*.json').test('profiles/a.json'));
    assert.ok(globToRegExp('**/profiles/*.json').test('x/y/profiles/a.json'));
    assert.ok(!globToRegExp('**/profiles/*.json').test('x/profiles/a/b.json'));
    assert.ok(globToRegExp('a?c.json').test('abc.json'));
  });
});

describe('the rule set', () => {
  const ws = path.join(path.sep, 'ws');
  it('is the rules.ruleSet setting, relative to the workspace folder', () => {
    assert.deepEqual(ruleSetPaths(['rules/main.rules', ' /abs/vocab.rules '], ws), [path.join(ws, 'rules/main.rules'), '/abs/vocab.rules']);
  });
  it('else the whole workspace folder, else the folder of the file at hand', () => {
    assert.deepEqual(ruleSetPaths([], ws), [ws]);
    assert.deepEqual(ruleSetPaths(['', '  '], ws), [ws]);
    assert.deepEqual(ruleSetPaths(undefined, undefined, '/tmp/x/a.rules'), ['/tmp/x']);
    assert.deepEqual(ruleSetPaths(undefined, undefined), []);
  });
  it('is passed to rules schema with --rules', () => {
    assert.deepEqual(schemaArgs(['/a', '/b c']), ['schema', '--rules', '/a', '--rules', '/b c']);
  });
});

describe('the schema text', () => {
  it('is the object schema printed by rules schema', () => {
    const text = schemaFromOutput('{"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","properties":{"pregnant":{"type":["boolean","null"]}}}');
    assert.equal(JSON.parse(text).properties.pregnant.type[0], 'boolean');
    assert.throws(() => schemaFromOutput('[]'));
    assert.throws(() => schemaFromOutput('{"type":"string"}'));
    assert.throws(() => schemaFromOutput('error'));
  });
  it('falls back to a permissive schema that says why', () => {
    const schema = JSON.parse(fallbackSchema('broken.rules:3:4: error BPR005: syntax error'));
    assert.equal(schema.type, 'object');
    assert.match(schema.description, /BPR005/);
    assert.equal(schema.additionalProperties, undefined);
  });
});
