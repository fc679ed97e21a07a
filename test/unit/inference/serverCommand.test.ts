import { strict as assert } from 'node:assert';
import { quoteForShell, serverCommandLine, videoRootFor } from '../../../src/core/inference/serverCommand';

describe('the inference server command', () => {
  it('quotes a path with spaces and quotes as one word for each shell', () => {
    const value = "/models/Re Watch's R1";
    assert.equal(quoteForShell(value, '/bin/bash'), "'/models/Re Watch'\\''s R1'");
    assert.equal(quoteForShell(value, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe'), "'/models/Re Watch''s R1'");
    assert.equal(quoteForShell('C:\\m "x"', 'C:\\Windows\\System32\\cmd.exe'), '"C:\\m ""x"""');
    assert.equal(quoteForShell('a', 'pwsh'), "'a'");
  });

  it('lets vLLM read videos from the folder holding the dataset and its video roots, never / or the home folder', () => {
    assert.equal(videoRootFor('/data/set', ['videos', '/data/raw'], '/home/ann'), '/data');
    assert.equal(videoRootFor('/data/set', [], '/home/ann'), '/data/set');
    // Roots on two disks would make the common folder /: the dataset's folder instead.
    assert.equal(videoRootFor('/data/set', ['/mnt/videos'], '/home/ann'), '/data/set');
    assert.equal(videoRootFor('/home/ann/set', ['/home/ann/clips'], '/home/ann'), '/home/ann/set');
  });

  it('fills both placeholders', () => {
    assert.equal(
      serverCommandLine('vllm serve ${modelPath} --allowed-local-media-path ${videoRoot}', { modelPath: '/m', videoRoot: '/data' }, '/bin/zsh'),
      "vllm serve '/m' --allowed-local-media-path '/data'",
    );
  });
});
