/** An IDX file (the MNIST format): magic 0 0 type ndims, each dimension as a big-endian uint32, then the values. */
export function idx(type: number, dims: number[], values: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header[2] = type;
  header[3] = dims.length;
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, values]);
}
