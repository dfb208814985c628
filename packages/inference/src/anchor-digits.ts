/**
 * The built-in MNIST digits personal fine-tuning trains beside and checks on, as one small
 * binary file (public/personal/anchor-digits.bin, made by `npm run anchors -w packages/model`):
 * the app fetches it when a person first teaches, the CLI reads it from disk, so both train on
 * the very same digits.
 *
 * Layout: "CFAD", format 1, three zero bytes, train count and check count (uint32 LE), then a
 * label byte per digit (train first), then 784 bytes per digit (ink-high, as MNIST).
 */
import type { AnchorDigits, LabelledInput } from './personalise.ts';

const MAGIC = [0x43, 0x46, 0x41, 0x44]; // "CFAD"
const FORMAT = 1;
const HEADER = 16;
const PIXELS = 784;

/** The file is not an anchor-digits file of a format this code reads. */
export class AnchorDigitsFormatError extends Error {
  override name = 'AnchorDigitsFormatError';
  constructor(detail: string) {
    super(`The built-in digits file cannot be read (${detail}). Reload the app to fetch it again.`);
  }
}

export function writeAnchorDigits(anchors: AnchorDigits): Uint8Array {
  const all = [...anchors.train, ...anchors.check];
  const bytes = new Uint8Array(HEADER + all.length * (1 + PIXELS));
  bytes.set(MAGIC, 0);
  bytes[4] = FORMAT;
  const view = new DataView(bytes.buffer);
  view.setUint32(8, anchors.train.length, true);
  view.setUint32(12, anchors.check.length, true);
  all.forEach((digit, i) => {
    if (!(digit.input instanceof Uint8Array) || digit.input.length !== PIXELS)
      throw new RangeError(`digit ${i} is not 784 bytes`);
    bytes[HEADER + i] = digit.digit;
    bytes.set(digit.input, HEADER + all.length + i * PIXELS);
  });
  return bytes;
}

export function readAnchorDigits(data: ArrayBuffer | Uint8Array): AnchorDigits {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.length < HEADER || MAGIC.some((byte, i) => bytes[i] !== byte))
    throw new AnchorDigitsFormatError('not an anchor-digits file');
  if (bytes[4] !== FORMAT) throw new AnchorDigitsFormatError(`format ${bytes[4]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const trainCount = view.getUint32(8, true);
  const total = trainCount + view.getUint32(12, true);
  if (bytes.length !== HEADER + total * (1 + PIXELS)) throw new AnchorDigitsFormatError('wrong size');
  const digits: LabelledInput[] = [];
  for (let i = 0; i < total; i++) {
    const digit = bytes[HEADER + i] as number;
    if (digit > 9) throw new AnchorDigitsFormatError(`label ${digit}`);
    const from = HEADER + total + i * PIXELS;
    digits.push({ digit, input: bytes.slice(from, from + PIXELS) });
  }
  return { train: digits.slice(0, trainCount), check: digits.slice(trainCount) };
}
