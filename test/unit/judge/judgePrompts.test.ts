import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultPromptsPath, fillTemplate, loadPrompts } from '../../../src/core/judge/judgePrompts';
import { cleanTempFiles, tempFile } from '../helpers/tempFiles';

const repoRoot = path.resolve(__dirname, '../../../..');
const DEFAULT = defaultPromptsPath(repoRoot);

describe('judge prompts', () => {
  after(cleanTempFiles);

  describe('fillTemplate', () => {
    const table: [string, string, Record<string, string>, string][] = [
      ['fills every occurrence', 'Q: {{question}} / {{question}}', { question: 'why?' }, 'Q: why? / why?'],
      ['spaces inside the braces', '{{ answer }}!', { answer: 'B' }, 'B!'],
      ['unknown placeholders kept', '{{caption}} {{nope}}', { caption: 'c' }, 'c {{nope}}'],
      ['no recursive expansion', '{{a}} {{b}}', { a: '{{b}}', b: 'B' }, '{{b}} B'],
      ['values inserted literally ($ patterns)', '{{a}}', { a: "$& $1 $$ $'" }, "$& $1 $$ $'"],
      ['empty value', '[{{a}}]', { a: '' }, '[]'],
      ['inherited names are not values', '{{toString}}', {}, '{{toString}}'],
      ['single braces untouched', '{a} {{ a }}', { a: 'x' }, '{a} x'],
    ];
    for (const [name, template, values, expected] of table) {
      it(name, () => assert.equal(fillTemplate(template, values), expected));
    }
  });

  describe('loadPrompts', () => {
    it('the shipped resources/judge-prompts.json validates and uses every placeholder', async () => {
      const { prompts, path: used } = await loadPrompts(undefined, DEFAULT);
      assert.equal(used, DEFAULT);
      assert.equal(prompts.version, 1);
      assert.match(prompts.about ?? '', /Inspector's own/);
      const all = (pair: { system: string; user: string }) => `${pair.system}\n${pair.user}`;
      for (const name of ['caption', 'action', 'observation', 'interval']) assert.ok(all(prompts.observation).includes(`{{${name}}}`), name);
      for (const name of ['question', 'options', 'pairs']) assert.ok(all(prompts.reasoningAnswer).includes(`{{${name}}}`), name);
      for (const name of ['question', 'options', 'truth', 'answer']) assert.ok(all(prompts.reasoningJudge).includes(`{{${name}}}`), name);
      assert.match(prompts.observation.system, /"verdict"/);
      assert.match(prompts.reasoningJudge.system, /"verdict"/);
      assert.match(prompts.reasoningAnswer.system, /<answer>/);
    });

    it('an override file replaces the default', async () => {
      const custom = JSON.parse(fs.readFileSync(DEFAULT, 'utf8')) as Record<string, unknown>;
      (custom.observation as { user: string }).user = 'CUSTOM {{observation}}';
      const file = tempFile('prompts.json', JSON.stringify(custom));
      const { prompts, path: used } = await loadPrompts(file, DEFAULT);
      assert.equal(used, file);
      assert.equal(prompts.observation.user, 'CUSTOM {{observation}}');
    });

    it('a blank override means the default', async () => {
      assert.equal((await loadPrompts('  ', DEFAULT)).path, DEFAULT);
    });

    it('a broken override throws naming the file and the issue', async () => {
      const custom = JSON.parse(fs.readFileSync(DEFAULT, 'utf8')) as Record<string, unknown>;
      delete (custom.reasoningJudge as Record<string, unknown>).user;
      const file = tempFile('broken.json', JSON.stringify(custom));
      await assert.rejects(loadPrompts(file, DEFAULT), (error: Error) => {
        assert.ok(error.message.includes(file), error.message);
        assert.match(error.message, /reasoningJudge\.user/);
        return true;
      });
    });

    it('a wrong version, bad JSON and a missing file are named too', async () => {
      const wrongVersion = tempFile('v2.json', JSON.stringify({ ...JSON.parse(fs.readFileSync(DEFAULT, 'utf8')), version: 2 }));
      await assert.rejects(loadPrompts(wrongVersion, DEFAULT), (error: Error) => error.message.includes(wrongVersion) && /version/.test(error.message));
      const notJson = tempFile('bad.json', '{ "version": 1, ');
      await assert.rejects(loadPrompts(notJson, DEFAULT), (error: Error) => error.message.includes(notJson) && /not valid JSON/.test(error.message));
      const missing = path.join(path.dirname(notJson), 'absent.json');
      await assert.rejects(loadPrompts(missing, DEFAULT), (error: Error) => error.message.includes(missing) && /does not exist/.test(error.message));
    });
  });
});
