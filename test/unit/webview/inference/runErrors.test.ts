import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InferenceErrorCode, settingForFailure } from '../../../../shared/inference/inference';
import { errorDisplay, requestFailure } from '../../../../webview/inference/runErrors';

describe('errorDisplay', () => {
  it('gives every code a title and keeps the host’s message and fix', () => {
    for (const code of InferenceErrorCode.options) {
      const shown = errorDisplay({ code, message: `message of ${code}`, fix: `fix of ${code}` });
      assert.equal(shown.code, code);
      assert.ok(shown.title.length > 0, code);
      assert.equal(shown.message, `message of ${code}`);
      assert.equal(shown.fix, `fix of ${code}`);
    }
  });

  it('titles are distinct', () => {
    const titles = InferenceErrorCode.options.map((code) => errorDisplay({ code, message: 'm', fix: 'f' }).title);
    assert.equal(new Set(titles).size, titles.length);
  });

  it('a missing fix gets a default one for its code', () => {
    for (const code of InferenceErrorCode.options) assert.ok(errorDisplay({ code, message: 'm', fix: '  ' }).fix.length > 0, code);
    assert.match(errorDisplay({ code: 'missing-packages', message: 'no torch', fix: '' }).fix, /pip install/);
  });

  it('a missing message falls back to the title', () => {
    const shown = errorDisplay({ code: 'out-of-memory', message: '', fix: 'f' });
    assert.equal(shown.message, shown.title);
  });

  it('offers the log on every failure, the setting the fix is about where there is one, and the server command when the server is unreachable', () => {
    // Nothing set up is not a failure: its card offers the two ways to set a model up, not the log.
    for (const code of InferenceErrorCode.options.filter((c) => c !== 'not-configured')) {
      const actions = errorDisplay({ code, message: 'm', fix: 'f' }).actions;
      assert.equal(actions.at(-1)?.action, 'showLog', code);
      assert.equal(
        actions.some((a) => a.action === 'openSettings'),
        settingForFailure(code) !== undefined,
        code,
      );
      assert.ok(actions.every((a) => a.label.length > 0));
    }
    assert.deepEqual(
      errorDisplay({ code: 'not-configured', message: 'm', fix: 'f' }).actions.map((a) => a.label),
      ['Choose checkpoint folder…', 'Use a server URL…'],
    );
    assert.deepEqual(
      errorDisplay({ code: 'server-unreachable', message: 'm', fix: 'f' }).actions.map((a) => a.action),
      ['startServer', 'openSettings', 'showLog'],
    );
    assert.deepEqual(
      errorDisplay({ code: 'internal', message: 'm', fix: 'f' }).actions.map((a) => a.action),
      ['showLog'],
    );
  });

  it('names settings the extension contributes', () => {
    const contributed = Object.keys(
      (
        JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../../package.json'), 'utf8')) as {
          contributes: { configuration: { properties: Record<string, unknown> } };
        }
      ).contributes.configuration.properties,
    );
    for (const code of InferenceErrorCode.options) {
      const setting = settingForFailure(code);
      if (setting !== undefined)
        assert.ok(
          contributed.some((key) => key === setting || key.startsWith(`${setting}.`)),
          `${code}: ${setting}`,
        );
    }
  });
});

describe('requestFailure', () => {
  it('an InferenceError as JSON', () =>
    assert.deepEqual(requestFailure('{"code":"untrusted","message":"Restricted Mode","fix":"Trust the workspace"}'), {
      code: 'untrusted',
      message: 'Restricted Mode',
      fix: 'Trust the workspace',
    }));
  it('"code: message"', () => {
    const error = requestFailure('model-missing: /models/x does not exist');
    assert.equal(error.code, 'model-missing');
    assert.equal(error.message, '/models/x does not exist');
    assert.ok(error.fix.length > 0);
  });
  it('an unknown prefix is plain text', () => {
    const error = requestFailure('weird: thing');
    assert.equal(error.code, 'internal');
    assert.equal(error.message, 'weird: thing');
  });
  it('broken JSON is plain text', () => assert.equal(requestFailure('{"code": ').code, 'internal'));
  it('JSON of another shape is plain text', () => assert.equal(requestFailure('{"code":"nope","message":"x","fix":"y"}').code, 'internal'));
  it('plain text', () =>
    assert.deepEqual(requestFailure('A run is already going'), { code: 'internal', message: 'A run is already going', fix: 'Look at the log for details.' }));
  it('an empty message', () => assert.ok(requestFailure('').message.length > 0));
});
