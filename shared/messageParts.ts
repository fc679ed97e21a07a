/** Pieces every feature's messages use (shared/protocol.ts puts the features' messages together). */
import { z } from 'zod';

/** A request's id; its one response carries it back. */
export const RequestId = z.number().int().min(0);

/** A record's 0-based position in the file. */
export const Position = z.number().int().min(0);

/** Rollouts: which completion's chain (0 for records with one chain). */
export const CompletionIndex = z.number().int().min(0).max(10_000).default(0);
