/** Model runs: start, stream, end, cancel, and the fixes offered beside a failed run. */
import { z } from 'zod';
import { CompletionIndex, Position, RequestId } from '../messageParts';
import { InferenceErrorCode, InferenceFixAction, InferencePhase, InferenceStats, RunEnd, RunSnapshot, RunStarted } from './inference';

const RunId = z.number().int().min(0);

/** Runs the configured model on the sample; progress and the end arrive as notifications with the run id. */
export const RunModelRequest = z.object({ type: z.literal('runModel'), id: RequestId, position: Position, completion: CompletionIndex });

export const inferenceMessages = {
  requests: [RunModelRequest],
  responses: { runModel: RunStarted },
  toHost: [
    /** Stop a model run at once. */
    z.object({ type: z.literal('cancelModel'), runId: RunId }),
    /** The panel's Close: the host forgets the finished run too (it would come back after a reload). */
    z.object({ type: z.literal('forgetRun'), runId: RunId }),
    /** A button beside a failed run's fix: show the log, open the setting the failure is about, or start the server. */
    z.object({ type: z.literal('inferenceFix'), action: InferenceFixAction, code: InferenceErrorCode }),
  ],
  toWebview: [
    /** A model run advanced: its phase, the text generated so far (`delta` is what is new), its stats. */
    z.object({ type: z.literal('inferenceProgress'), runId: RunId, position: Position, phase: InferencePhase, delta: z.string(), stats: InferenceStats }),
    /** "ReWatch: Run Model on This Sample" from the palette: the webview runs it on the sample it shows. */
    z.object({ type: z.literal('runModelRequested') }),
    /** A model run ended (done, cancelled or failed); exactly one per run. */
    z.object({ type: z.literal('inferenceEnd'), end: RunEnd }),
    /** After `ready`: the runs this panel's host still remembers (running, and the last few finished). */
    z.object({ type: z.literal('inferenceRuns'), runs: z.array(RunSnapshot) }),
  ],
} as const;
