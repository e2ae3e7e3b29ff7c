/** A refusal by the companion itself, with a code and a sentence that says what to do. */
export class CompanionError extends Error {
  override readonly name = "CompanionError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
