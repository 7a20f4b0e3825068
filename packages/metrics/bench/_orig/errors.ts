import { SignalError } from '@speechsr/core';

/** Why a pair cannot be scored by PESQ (see {@link PesqError}). */
export type PesqErrorCode =
  | 'too-short'
  | 'silent-reference'
  | 'silent-degraded'
  | 'no-utterances'
  | 'too-many-utterances';

/**
 * A signal pair that P.862 cannot score. `code` says why; `evaluatePair` / `evaluateFiles` record
 * such a file's PESQ as NaN, count it and leave it out of the mean.
 */
export class PesqError extends SignalError {
  /** Why the pair cannot be scored; one of {@link PesqErrorCode}, stable for programmatic handling. */
  readonly code: PesqErrorCode;
  constructor(code: PesqErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
