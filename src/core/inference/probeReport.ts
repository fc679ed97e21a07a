/**
 * What "ReWatch: Check Inference Setup" says about the worker's interpreter: a one-line summary for
 * the notification and the full report for the log. Pure; no `vscode`.
 */
import type { WorkerProbe } from './workerProtocol';

const DEVICE_WORDS = { cuda: 'the CUDA GPU', mps: "Apple's Metal (MPS)", cpu: 'the CPU' } as const;

export interface ProbeReport {
  summary: string;
  /** Whether a run can start at all (torch and transformers are there and usable). */
  ready: boolean;
  lines: string[];
}

export function probeReport(probe: WorkerProbe): ProbeReport {
  const versions = Object.entries(probe.packages);
  const present = versions.filter((entry): entry is [string, string] => entry[1] !== null).map(([name, version]) => `${name} ${version}`);
  const absent = versions.filter(([, version]) => version === null).map(([name]) => name);
  const broken = Object.entries(probe.broken ?? {});
  const lines = [
    `Python ${probe.python}${probe.executable ? ` (${probe.executable})` : ''}`,
    `Installed: ${present.length > 0 ? present.join(', ') : 'none of the packages the worker uses'}`,
    ...(absent.length > 0 ? [`Not installed: ${absent.join(', ')}`] : []),
    ...broken.map(([name, why]) => `Unusable: ${name} ${why}`),
    probe.cuda.available
      ? `CUDA ${probe.cuda.version ?? ''}: ${probe.cuda.devices.map((d) => `${d.name} (${d.total_mib} MiB)`).join(', ')}`.replace(/ +:/, ':')
      : `CUDA: ${probe.cuda.error ?? 'not available'}`,
  ];
  const device = probe.device;
  if (device?.selected) lines.push(`Device "auto" picks ${DEVICE_WORDS[device.selected]}: ${device.name} (${device.reason})`);
  const has = (name: string) => typeof probe.packages[name] === 'string';
  const ready = has('torch') && has('transformers') && typeof device?.selected === 'string';
  let summary: string;
  if (!ready) {
    const missing = ['torch', 'transformers'].filter((name) => !has(name));
    summary =
      missing.length > 0
        ? `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not installed for Python ${probe.python}: the local model cannot run.`
        : `torch cannot be used: ${probe.cuda.error ?? 'see the log'}.`;
  } else {
    const where = device?.selected === 'cpu' ? `the CPU (${device.name}), slowly` : `${DEVICE_WORDS[device!.selected!]} (${device!.name})`;
    summary = `The local model runs on ${where}, with torch ${probe.packages.torch} and transformers ${probe.packages.transformers}.`;
  }
  if (broken.length > 0) summary += ` ${broken.map(([name]) => name).join(', ')} cannot be imported (see the log).`;
  return { summary, ready, lines };
}
