/** A model file is missing or does not match the manifest's size and SHA-256: never used. */
export class ModelIntegrityError extends Error {
  override name = 'ModelIntegrityError';
  constructor(
    readonly path: string,
    reason: 'missing' | 'size' | 'sha256',
  ) {
    super(
      reason === 'missing'
        ? `The model file ${path} is missing. Download the model again.`
        : `The model file ${path} does not match its ${reason === 'size' ? 'size' : 'SHA-256'} in the manifest: it was not used. Download the model again, or clear the cached model.`,
    );
  }
}

/** The model uses a layer or option the fused execution plan does not implement. */
export class UnsupportedModelError extends Error {
  override name = 'UnsupportedModelError';
  constructor(detail: string) {
    super(
      `This model cannot run in Cifra's inference core: ${detail}. Export a Sequential model of Conv2D, MaxPooling2D, Flatten, Dropout and Dense layers (channels-last).`,
    );
  }
}

/** An input is not one 28x28 model input (784 values). */
export class InvalidInputError extends Error {
  override name = 'InvalidInputError';
  constructor(index: number, length: number, expected: number) {
    super(
      `Input ${index} has ${length} values; the model takes ${expected} (a 28x28 grey picture from toModelInput).`,
    );
  }
}

/** A personal head trained on another model version (or shape) than the one loaded. */
export class PersonalHeadMismatchError extends Error {
  override name = 'PersonalHeadMismatchError';
  constructor(
    readonly headVersion: string,
    readonly modelVersion: string,
  ) {
    super(
      `This personal model was trained on model ${headVersion}, not on ${modelVersion}: it cannot be used with it. Teach again from your samples (they are kept).`,
    );
  }
}
