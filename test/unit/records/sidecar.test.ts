import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectProfile } from '../../../src/core/records/detectProfile';
import { readSidecar, sidecarPath, withFieldOverrides } from '../../../src/core/records/sidecar';
import { cleanTempFiles, tempDir, tempFile } from '../helpers/tempFiles';

/** A dataset file with a sidecar next to it holding `content` (none when undefined). */
function dataset(content?: string): string {
  const file = tempFile('data.jsonl', '{"prompt_text": "Q?", "answer": "B"}\n');
  if (content !== undefined) fs.writeFileSync(sidecarPath(file), content);
  return file;
}

describe('sidecar', () => {
  after(cleanTempFiles);

  describe('readSidecar', () => {
    it('names the sidecar after the dataset', () => {
      assert.equal(sidecarPath('/d/caption.json'), '/d/caption.json.rewatch.json');
    });

    it('returns no overrides and no error when there is no sidecar', () => {
      assert.deepEqual(readSidecar(dataset()), { sidecar: {} });
      assert.deepEqual(readSidecar(path.join(tempDir(), 'absent.jsonl')), { sidecar: {} });
    });

    it('reads a valid sidecar', () => {
      const result = readSidecar(dataset(JSON.stringify({ kind: 'qa', fields: { question: 'prompt_text', video: 'meta.video' } })));
      assert.equal(result.error, undefined);
      assert.deepEqual(result.sidecar, { kind: 'qa', fields: { question: 'prompt_text', video: 'meta.video' } });
    });

    it('reports a sidecar that is not JSON and falls back to detection', () => {
      const file = dataset('{ "kind": "qa", ');
      const result = readSidecar(file);
      assert.deepEqual(result.sidecar, {});
      assert.match(result.error ?? '', /is not valid JSON/);
      assert.ok(result.error?.includes(sidecarPath(file)));
    });

    const invalid: [string, unknown, RegExp][] = [
      ['an unknown kind', { kind: 'video' }, /: kind: /],
      ['an unknown role', { fields: { bogus: 'x' } }, /: fields: .*bogus/],
      ['an empty key', { fields: { chain: '' } }, /: fields\.chain: /],
      ['a key that is not a string', { fields: { chain: 3 } }, /: fields\.chain: /],
      ['an array', [], /: \(root\): /],
    ];
    for (const [name, content, error] of invalid) {
      it(`reports a sidecar with ${name}`, () => {
        const result = readSidecar(dataset(JSON.stringify(content)));
        assert.deepEqual(result.sidecar, {});
        assert.match(result.error ?? '', error);
      });
    }

    it('reports a sidecar that cannot be read', () => {
      const file = dataset();
      fs.mkdirSync(sidecarPath(file)); // a folder where the file should be
      const result = readSidecar(file);
      assert.deepEqual(result.sidecar, {});
      assert.match(result.error ?? '', /^Cannot read /);
    });
  });

  describe('withFieldOverrides', () => {
    it('merges role=key pairs over the sidecar, the pairs winning', () => {
      const merged = withFieldOverrides({ kind: 'cot', fields: { chain: 'cot', question: 'q' } }, ['chain=trace', 'video=meta.video']);
      assert.deepEqual(merged, { kind: 'cot', fields: { chain: 'trace', question: 'q', video: 'meta.video' } });
    });

    it('does not change the sidecar it is given', () => {
      const sidecar = { fields: { chain: 'cot' } };
      withFieldOverrides(sidecar, ['chain=trace']);
      assert.deepEqual(sidecar, { fields: { chain: 'cot' } });
    });

    it('keeps everything after the first "=" as the key', () => {
      assert.deepEqual(withFieldOverrides({}, ['answer=a=b']).fields, { answer: 'a=b' });
    });

    it('returns the sidecar fields unchanged with no pairs', () => {
      assert.deepEqual(withFieldOverrides({}, []), { fields: {} });
    });

    it('rejects an unknown role and lists the roles', () => {
      assert.throws(() => withFieldOverrides({}, ['steps=cot']), /Unknown field role in "steps=cot"; roles: id, video, .*advantage\./);
    });

    for (const pair of ['chain', '=cot', 'chain=', '']) {
      it(`rejects "${pair}"`, () => {
        assert.throws(() => withFieldOverrides({}, [pair]), /Expected ROLE=KEY/);
      });
    }

    it('feeds detection: an overridden role is marked and its key is not reused', () => {
      const override = withFieldOverrides(readSidecar(dataset(JSON.stringify({ kind: 'qa' }))).sidecar, ['question=prompt_text']);
      const profile = detectProfile([{ prompt_text: 'Q?', question: 'other', answer: 'B' }], override);
      assert.equal(profile.kind, 'qa');
      assert.equal(profile.kindOverridden, true);
      assert.deepEqual(profile.overridden, ['question']);
      assert.equal(profile.fields.question, 'prompt_text');
      assert.equal(profile.fields.answer, 'answer');
    });
  });
});
