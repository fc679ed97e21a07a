import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveVideo, videoCandidates, type VideoLookup } from '../../../src/core/video/resolveVideo';

const lookup = (patch: Partial<VideoLookup> = {}): VideoLookup => ({
  video: 'clips/a.mp4',
  source: 'Vript',
  datasetDir: '/data/set',
  workspaceDirs: ['/ws1', '/ws2'],
  videoRoots: [],
  sourceRoots: {},
  ...patch,
});
const home = os.homedir();

describe('resolveVideo', () => {
  describe('videoCandidates', () => {
    const cases: [string, Partial<VideoLookup>, string[]][] = [
      ['an absolute video: only itself', { video: '/abs/a.mp4', videoRoots: ['/roots'], sourceRoots: { Vript: '/vript' } }, ['/abs/a.mp4']],
      ['a video under ~: only itself', { video: '~/videos/a.mp4', videoRoots: ['/roots'] }, [path.join(home, 'videos/a.mp4')]],
      ['a relative video: the dataset folder', {}, ['/data/set/clips/a.mp4']],
      ['a ".." in the video is allowed', { video: '../videos/a.mp4' }, ['/data/videos/a.mp4']],
      [
        'an absolute source root first',
        { sourceRoots: { Vript: '/vript', Other: '/other' }, videoRoots: ['/roots'] },
        ['/vript/clips/a.mp4', '/data/set/clips/a.mp4', '/roots/clips/a.mp4'],
      ],
      [
        'a relative source root against the dataset, then each workspace',
        { sourceRoots: { Vript: 'vript' } },
        ['/data/set/vript/clips/a.mp4', '/ws1/vript/clips/a.mp4', '/ws2/vript/clips/a.mp4', '/data/set/clips/a.mp4'],
      ],
      ['a source root under ~', { sourceRoots: { Vript: '~/vript' } }, [path.join(home, 'vript/clips/a.mp4'), '/data/set/clips/a.mp4']],
      ['no source: no source root', { source: null, sourceRoots: { Vript: '/vript' } }, ['/data/set/clips/a.mp4']],
      ['an unknown source', { source: 'Other', sourceRoots: { Vript: '/vript' } }, ['/data/set/clips/a.mp4']],
      ['a source named like an Object property', { source: 'constructor' }, ['/data/set/clips/a.mp4']],
      [
        'video roots in order: absolute, then relative against the dataset and each workspace',
        { videoRoots: ['/roots', 'media'] },
        ['/data/set/clips/a.mp4', '/roots/clips/a.mp4', '/data/set/media/clips/a.mp4', '/ws1/media/clips/a.mp4', '/ws2/media/clips/a.mp4'],
      ],
      ['a relative root with ".."', { videoRoots: ['../videos'] }, ['/data/set/clips/a.mp4', '/data/videos/clips/a.mp4', '/videos/clips/a.mp4']],
      [
        'duplicates dropped, first kept',
        { videoRoots: ['.', '/data/set', '/ws1'], workspaceDirs: ['/ws1', '/data/set'] },
        ['/data/set/clips/a.mp4', '/ws1/clips/a.mp4'],
      ],
      ['no workspace', { workspaceDirs: [], videoRoots: ['v'] }, ['/data/set/clips/a.mp4', '/data/set/v/clips/a.mp4']],
    ];
    for (const [name, patch, expected] of cases) {
      it(name, () => assert.deepEqual(videoCandidates(lookup(patch)), expected));
    }
  });

  describe('resolveVideo', () => {
    const input = lookup({ sourceRoots: { Vript: 'vript' }, videoRoots: ['/roots'] });
    const all = ['/data/set/vript/clips/a.mp4', '/ws1/vript/clips/a.mp4', '/ws2/vript/clips/a.mp4', '/data/set/clips/a.mp4', '/roots/clips/a.mp4'];
    const cases: [string, string | undefined, string[]][] = [
      ['found under the source root in the second workspace', '/ws2/vript/clips/a.mp4', all.slice(0, 3)],
      ['found beside the dataset', '/data/set/clips/a.mp4', all.slice(0, 4)],
      ['found under the last root', '/roots/clips/a.mp4', all],
      ['found first', '/data/set/vript/clips/a.mp4', all.slice(0, 1)],
      ['missing everywhere', undefined, all],
    ];
    for (const [name, present, tried] of cases) {
      it(name, () => {
        const checked: string[] = [];
        const result = resolveVideo(input, (p) => {
          checked.push(p);
          return p === present;
        });
        assert.deepEqual(result, { path: present, tried });
        assert.deepEqual(checked, tried);
      });
    }

    it('checks the real file system by default', () => {
      const result = resolveVideo(lookup({ video: path.basename(__filename), datasetDir: __dirname }));
      assert.deepEqual(result, { path: __filename, tried: [__filename] });
      assert.equal(resolveVideo(lookup({ video: 'absent.mp4', datasetDir: __dirname, workspaceDirs: [] })).path, undefined);
    });
  });
});
