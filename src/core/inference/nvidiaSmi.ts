import { runTool } from '../video/runTool';

export interface GpuMemory {
  usedMiB: number;
  totalMiB: number;
}

/** Parses `nvidia-smi --query-gpu=memory.used,memory.total --format=csv,noheader,nounits`: the sum over GPUs. */
export function parseGpuMemory(csv: string): GpuMemory | null {
  let used = 0;
  let total = 0;
  let rows = 0;
  for (const line of csv.split(/\r?\n/)) {
    const [u, t] = line.split(',').map((v) => Number(v.trim()));
    if (line.trim() === '' || !Number.isFinite(u) || !Number.isFinite(t)) continue;
    used += u;
    total += t;
    rows++;
  }
  return rows === 0 ? null : { usedMiB: used, totalMiB: total };
}

/** GPU memory in use from nvidia-smi; null where there is no nvidia-smi (or no NVIDIA GPU). */
export async function queryGpuMemory(signal?: AbortSignal): Promise<GpuMemory | null> {
  try {
    const result = await runTool('nvidia-smi', ['--query-gpu=memory.used,memory.total', '--format=csv,noheader,nounits'], { signal, timeoutMs: 5000 });
    return parseGpuMemory(result.stdout.toString('utf8'));
  } catch {
    return null;
  }
}
