import type { FileProfile, Sidecar } from '../../../shared/records/fieldMapping';
import type { FileFormat } from '../reader/detectFormat';
import { scanJsonArrayElements } from '../reader/jsonArrayScanner';
import { scanJsonlLines } from '../reader/jsonlScanner';
import { PROFILE_SAMPLE, detectProfile } from '../records/detectProfile';
import { parseRecord } from '../records/parseRecord';

export function scannerFor(format: FileFormat): typeof scanJsonlLines {
  return format === 'json-array' ? scanJsonArrayElements : scanJsonlLines;
}

/** Reads just the first records of a file to detect its kind and key mapping. */
export function profileFile(filePath: string, format: FileFormat, override: Sidecar = {}, maxRecordBytes?: number): FileProfile {
  const samples: unknown[] = [];
  scannerFor(format)(
    filePath,
    (raw) => {
      const parsed = parseRecord(raw);
      if (parsed.value !== undefined) samples.push(parsed.value);
      return samples.length < PROFILE_SAMPLE;
    },
    // Small chunks: a profile should cost milliseconds even when records are large.
    { chunkSize: 256 * 1024, maxRecordBytes },
  );
  return detectProfile(samples, override);
}
