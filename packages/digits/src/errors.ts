/** Typed errors, so callers (app, edge, CLI) can tell "nothing drawn" from "broken input". */
export class DigitsError extends Error {
  constructor(
    readonly code: 'no_ink' | 'invalid_image' | 'invalid_input' | 'too_many_digits',
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The picture has no stroke that stands out from its background: never guess a digit. */
export class NoInkError extends DigitsError {
  constructor(message = 'no ink found in the picture') {
    super('no_ink', message);
  }
}

/** Dimensions or buffer length do not describe a picture. */
export class InvalidImageError extends DigitsError {
  constructor(message: string) {
    super('invalid_image', message);
  }
}

/** A number picture holds more separate marks than any number Cifra reads (a page of text, noise). */
export class TooManyDigitsError extends DigitsError {
  constructor(
    readonly found: number,
    readonly limit: number,
  ) {
    super('too_many_digits', `${found} marks found; a number may have at most ${limit} digits`);
  }
}
