/**
 * The error every inference backend rejects with: an `InferenceError` (code, message, fix) the host
 * can send to the webview as is. Plain Node; no `vscode`.
 */
import type { InferenceError, InferenceErrorCode } from '../../../shared/inference/inference';

export class InferenceFailure extends Error {
  override readonly name = 'InferenceFailure';
  constructor(
    readonly error: InferenceError,
    options?: { cause?: unknown },
  ) {
    super(error.message, options);
  }

  get code(): InferenceErrorCode {
    return this.error.code;
  }
}

/** Shorthand: `new InferenceFailure({ code, message, fix })`. */
export function inferenceFailure(code: InferenceErrorCode, message: string, fix: string, cause?: unknown): InferenceFailure {
  return new InferenceFailure({ code, message, fix }, cause === undefined ? undefined : { cause });
}
