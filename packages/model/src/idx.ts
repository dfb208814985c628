/**
 * Parser for the IDX format of the MNIST files (big-endian header: magic 0x0000 + type byte
 * + rank, then one uint32 per dimension, then the data). Only unsigned-byte data is used by
 * MNIST, so only that type (0x08) is accepted.
 */
export interface IdxArray {
  shape: number[];
  data: Uint8Array;
}

export class IdxFormatError extends Error {
  override name = 'IdxFormatError';
}

export function parseIdx(bytes: Uint8Array): IdxArray {
  if (bytes.length < 4) throw new IdxFormatError('IDX file shorter than its magic number');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(0) !== 0) throw new IdxFormatError('IDX magic must start with two zero bytes');
  const type = view.getUint8(2);
  if (type !== 0x08) throw new IdxFormatError(`IDX data type 0x${type.toString(16)} is not unsigned byte`);
  const rank = view.getUint8(3);
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) throw new IdxFormatError('IDX header truncated');
  const shape: number[] = [];
  for (let i = 0; i < rank; i++) shape.push(view.getUint32(4 + 4 * i));
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== headerBytes + count) {
    throw new IdxFormatError(`IDX body has ${bytes.length - headerBytes} bytes, shape needs ${count}`);
  }
  return { shape, data: bytes.subarray(headerBytes) };
}
