/** Base of the decoding errors, each with a stable code the edge maps to a status. */
export class ImageError extends Error {
  constructor(
    readonly code: 'unsupported_type' | 'bad_image' | 'too_large',
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Not an image format Cifra decodes (decided by magic bytes, never by name or MIME type). */
export class UnsupportedImageError extends ImageError {
  constructor(message = 'not a PNG, JPEG or GIF image') {
    super('unsupported_type', message);
  }
}

/** The right format, but the file is damaged. */
export class CorruptImageError extends ImageError {
  constructor(message: string) {
    super('bad_image', message);
  }
}

/** Declared dimensions over the limits; refused before any pixel is decoded. */
export class ImageTooLargeError extends ImageError {
  constructor(message: string) {
    super('too_large', message);
  }
}
