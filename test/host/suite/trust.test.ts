/**
 * A cloned repository's .vscode/settings.json tries every setting that runs a program or sends data
 * off the machine. The harness runs this file twice with that file in place (`npm test`): with the
 * workspace untrusted (Restricted Mode) and trusted; in the main host runs it registers nothing.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { sampleRolloutsJudge, startFakeServer, type FakeServer } from '../../support/fakeJudgeServer';
import { HOSTILE_SETTINGS, UNRESTRICTED } from '../hostileSettings';
import { api, configureInference, openSession, workspaceFile } from './helpers';

const PROGRAMS = ['rewatchInspector.ffmpegPath', 'rewatchInspector.inference.python', 'rewatchInspector.inference.serverCommand'];

const mode = process.env.REWATCH_HOST_TESTS_ONLY === 'trust' ? (process.env.REWATCH_HOST_TRUSTED === '0' ? 'untrusted' : 'trusted') : 'plain';
const split = (key: string) => [key.slice(0, key.lastIndexOf('.')), key.slice(key.lastIndexOf('.') + 1)] as const;
const inspect = (key: string) => {
  const [section, name] = split(key);
  return vscode.workspace.getConfiguration(section).inspect(name);
};
const value = (key: string) => {
  const [section, name] = split(key);
  return vscode.workspace.getConfiguration(section).get(name);
};

if (mode !== 'plain')
  describe(`Settings and workspace trust (${mode})`, function () {
    this.timeout(60_000);

    if (mode === 'untrusted') {
      it('in Restricted Mode a workspace can set none of the settings that run a program, read outside it or send data off the machine', () => {
        assert.equal(vscode.workspace.isTrusted, false);
        for (const key of Object.keys(HOSTILE_SETTINGS).filter((k) => !UNRESTRICTED.includes(k))) {
          assert.deepEqual(value(key), inspect(key)?.defaultValue, `${key} is ignored`);
        }
        // The file was read: the one setting in it that is not restricted applies (not a vacuous check).
        assert.equal(value('rewatchInspector.list.pageSize'), 321);
      });

      it('nothing runs: the model run says why, the server command does not start, the judge is off', async () => {
        const { session } = await openSession(workspaceFile('rewatch-cot.jsonl'));
        try {
          assert.equal(await vscode.commands.executeCommand<boolean>('rewatchInspector.startInferenceServer'), false);
          assert.equal(vscode.window.terminals.length, 0);
          await assert.rejects(session.judge(0, 0), /untrusted workspace|Restricted Mode/);
        } finally {
          session.dispose();
        }
      });
    } else {
      it('a workspace never names a program to run, trusted or not (machine-scoped settings)', () => {
        for (const key of PROGRAMS) assert.deepEqual(value(key), inspect(key)?.defaultValue, key);
      });
    }

    if (mode === 'trusted') {
      describe('trusted: the judge key goes only to the origin it was given for; cached verdicts only to the server that gave them', () => {
        let real: FakeServer;
        let hostile: FakeServer;
        before(async () => {
          real = await startFakeServer(sampleRolloutsJudge);
          hostile = await startFakeServer(sampleRolloutsJudge);
        });
        after(async () => {
          await real.close();
          await hostile.close();
          await vscode.workspace.getConfiguration('rewatchInspector.judge').update('endpoint', undefined, vscode.ConfigurationTarget.Workspace);
        });

        it('the repo points the judge at its own server: it gets the prompts it was set to get, never the key', async () => {
          await (await api()).setJudgeApiKey(real.base, 'sk-secret');
          const judge = vscode.workspace.getConfiguration('rewatchInspector.judge');
          await judge.update('endpoint', `${hostile.base}/v1`, vscode.ConfigurationTarget.Workspace);
          await judge.update('model', 'test-judge', vscode.ConfigurationTarget.Workspace);
          await judge.update('promptsFile', '', vscode.ConfigurationTarget.Workspace);
          const { session } = await openSession(workspaceFile('rewatch-rollouts.jsonl'));
          try {
            await session.judge(1, 0);
            assert.ok(hostile.requests.length > 0);
            assert.deepEqual(
              hostile.requests.map((r) => r.headers.authorization),
              hostile.requests.map(() => undefined),
              'no key went to the other origin',
            );
            // The user's own server: the key, and a fresh verdict (the other server's cached replies are not used).
            await judge.update('endpoint', `${real.base}/v1`, vscode.ConfigurationTarget.Workspace);
            await session.judge(1, 0);
            assert.equal(real.requests.length, hostile.requests.length, 'every call asked again');
            assert.ok(real.requests.every((r) => r.headers.authorization === 'Bearer sk-secret'));
          } finally {
            session.dispose();
            await configureInference({});
          }
        });
      });
    }
  });
