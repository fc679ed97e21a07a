import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { JudgeCache } from '../../../src/core/judge/judgeCache';
import { openDatabase } from '../../../src/core/store/sqlite/openDatabase';
import { cleanTempFiles, tempDir } from '../helpers/tempFiles';
import { FAKE_EPOCH, useFakeClock } from '../../support/clock';

const E = 'http://127.0.0.1:8000/v1/chat/completions';

describe('JudgeCache', () => {
  after(cleanTempFiles);
  const clock = useFakeClock(['Date']);

  it('keys are sha256 hex, stable, and change with the endpoint, the model or any message', () => {
    const messages = [
      { role: 'system' as const, content: 'S' },
      { role: 'user' as const, content: 'U' },
    ];
    const key = JudgeCache.key(E, 'm', messages);
    assert.match(key, /^[0-9a-f]{64}$/);
    assert.equal(
      JudgeCache.key(E, 'm', [
        { content: 'S', role: 'system' },
        { role: 'user', content: 'U' },
      ]),
      key,
      'key order does not matter',
    );
    assert.notEqual(JudgeCache.key(E, 'm2', messages), key);
    assert.notEqual(JudgeCache.key(E, 'm', [messages[0], { role: 'user', content: 'U ' }]), key);
    assert.notEqual(JudgeCache.key(E, 'm', [{ role: 'user', content: 'S' }, messages[1]]), key);
    assert.notEqual(JudgeCache.key(E, 'm', [messages[1], messages[0]]), key);
    // Another server's (a hostile one's) verdict never stands in for this one's.
    assert.notEqual(JudgeCache.key('http://evil.example/v1/chat/completions', 'm', messages), key);
  });

  it('stores replies across reopenings, stamped with the time of the last put, in a WAL SQLite file (folder created)', () => {
    const file = path.join(tempDir(), 'nested', 'judge.sqlite');
    const cache = new JudgeCache(file);
    assert.equal(cache.get('k'), undefined);
    cache.put('k', 'reply one');
    clock().tick(1234);
    cache.put('k', 'reply two');
    assert.equal(cache.get('k'), 'reply two');
    cache.close();
    cache.close();

    const again = new JudgeCache(file);
    assert.equal(again.get('k'), 'reply two');
    again.close();

    const db = openDatabase(file, { readonly: true });
    try {
      assert.deepEqual(db.prepare('PRAGMA journal_mode').get(), { journal_mode: 'wal' });
      const columns = (db.prepare('SELECT name, type, pk FROM pragma_table_info(?)').all('judge_replies') as { name: string; type: string; pk: number }[]).map(
        (c) => `${c.name}:${c.type}:${c.pk}`,
      );
      assert.deepEqual(columns, ['key:TEXT:1', 'reply:TEXT:0', 'created:INTEGER:0']);
      const row = db.prepare('SELECT created FROM judge_replies WHERE key = ?').get('k') as { created: number };
      assert.equal(row.created, FAKE_EPOCH + 1234, 'ms since the epoch when "reply two" was put');
    } finally {
      db.close();
    }
  });
});
