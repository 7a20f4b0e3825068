/**
 * Base class of every error speechsr throws on purpose. `name` is the concrete class name,
 * so `err.name === 'ParameterError'` works across package copies where `instanceof` may not.
 */
export class SpeechSrError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** A function argument or option is out of its documented range. */
export class ParameterError extends SpeechSrError {}

/** A signal cannot be processed as asked (empty, non-finite, too short, silent). */
export class SignalError extends SpeechSrError {}

/** A file is missing, truncated or in a format we do not read. The message starts with the file. */
export class FileFormatError extends SpeechSrError {
  /** The file that could not be read or written, as the caller named it. */
  readonly file: string;
  constructor(file: string, detail: string, options?: ErrorOptions) {
    super(`${file}: ${detail}`, options);
    this.file = file;
  }
}

/** A requested backend or optional dependency cannot be loaded here. */
export class BackendError extends SpeechSrError {}
