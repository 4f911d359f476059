import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NeuriteError } from '../src/index.js';
import { ProtoWriter } from '../src/onnx/protobuf.js';

// Expected bytes from the Protocol Buffers encoding guide's examples, and from the wire format's rules.
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

test('varints: 150 is 96 01, negatives take ten bytes, large safe integers keep every bit', () => {
  assert.equal(hex(new ProtoWriter().int(1, 150).finish()), '089601');
  assert.equal(hex(new ProtoWriter().int(1, 0).finish()), '0800');
  assert.equal(hex(new ProtoWriter().int(1, 127).finish()), '087f');
  assert.equal(hex(new ProtoWriter().int(1, 128).finish()), '088001');
  assert.equal(hex(new ProtoWriter().int(1, -1).finish()), '08ffffffffffffffffff01');
  assert.equal(hex(new ProtoWriter().int(1, -2).finish()), '08feffffffffffffffff01');
  // 2^53 − 1 = 0x1fffffffffffff: seven full groups of 7 bits, then 0x0f.
  assert.equal(hex(new ProtoWriter().int(1, 2 ** 53 - 1).finish()), '08ffffffffffffff0f');
  assert.equal(hex(new ProtoWriter().int(1, 2 ** 32).finish()), '088080808010');
});

test('keys: field numbers from 16 take two bytes; wire types 0, 2 and 5', () => {
  assert.equal(hex(new ProtoWriter().int(20, 7).finish()), 'a00107');
  assert.equal(hex(new ProtoWriter().string(2, 'testing').finish()), '120774657374696e67');
  assert.equal(hex(new ProtoWriter().float(2, 1.5).finish()), '150000c03f');
  assert.equal(hex(new ProtoWriter().string(1, 'é').finish()), '0a02c3a9'); // UTF-8, length in bytes
});

test('embedded messages and large byte arrays nest with correct lengths', () => {
  assert.equal(hex(new ProtoWriter().message(3, new ProtoWriter().int(1, 150)).finish()), '1a03089601');
  const big = new Uint8Array(100_000).map((_, i) => i % 251);
  const inner = new ProtoWriter().string(1, 'w').bytes(9, big);
  const outer = new ProtoWriter().int(1, 7).message(5, new ProtoWriter().message(2, inner));
  const bytes = outer.finish();
  assert.equal(bytes.length, outer.length);
  // 08 07 | 2a len(mid) | 12 len(inner) | 0a 01 77 | 4a a0 8d 06 (100000 as a varint) | data
  const innerLength = 3 + 1 + 3 + 100_000;
  assert.equal(innerLength, inner.length);
  const midLength = 1 + 3 + innerLength;
  assert.equal(hex(bytes.subarray(0, 2)), '0807');
  assert.equal(bytes[2], 0x2a);
  assert.equal(hex(bytes.subarray(3, 6)), Buffer.from([(midLength & 0x7f) | 0x80, ((midLength >> 7) & 0x7f) | 0x80, midLength >> 14]).toString('hex'));
  assert.equal(hex(bytes.subarray(10, 17)), '0a01774aa08d06');
  assert.deepEqual(bytes.subarray(17), big);
  assert.equal(bytes.length, 17 + 100_000);
});

test('a value that is no safe integer is refused', () => {
  assert.throws(() => new ProtoWriter().int(1, 2 ** 53), NeuriteError);
  assert.throws(() => new ProtoWriter().int(1, 1.5), NeuriteError);
  assert.throws(() => new ProtoWriter().int(1, NaN), NeuriteError);
});
