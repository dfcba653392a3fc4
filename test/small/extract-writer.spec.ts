import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CHUNK_BYTES, ChunkingHashWriter } from '../../src/extracts/extract-writer.js';

describe(ChunkingHashWriter.name, () => {
  /** Writes `pieces` through the writer; `store` looks at each chunk only after a pause, as a slow query would. */
  async function written(pieces: (string | Buffer)[]) {
    const chunks: Buffer[] = [];
    const writer = new ChunkingHashWriter(async (seq, data) => {
      expect(seq).toBe(chunks.length);
      await new Promise((resolve) => setTimeout(resolve, 1));
      chunks.push(Buffer.from(data)); // a copy: the writer reuses its buffer once this settles
    });
    await pipeline(Readable.from(pieces, { objectMode: true }), writer);
    return { chunks, writer };
  }

  it('stores the file in whole chunks (the last one shorter), byte for byte, with its size and SHA-256', async () => {
    const line = 'æøå,101,worry|sadness\r\n'; // multi-byte characters, so pieces and chunks do not share boundaries
    const pieces: (string | Buffer)[] = ['\ufeffheader\r\n'];
    for (let i = 0; i < 2500; i++) pieces.push(line.repeat(i % 97), Buffer.from(line.repeat(i % 13)));
    pieces.push('x'.repeat(CHUNK_BYTES + 17)); // a piece larger than a chunk
    const expected = Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));

    const { chunks, writer } = await written(pieces);
    expect(chunks.length).toBe(Math.ceil(expected.length / CHUNK_BYTES));
    expect(chunks.slice(0, -1).every((c) => c.length === CHUNK_BYTES)).toBe(true);
    expect(Buffer.concat(chunks).equals(expected)).toBe(true);
    expect(writer.bytes).toBe(expected.length);
    expect(writer.digest).toBe(createHash('sha256').update(expected).digest('hex'));
  });

  it('stores nothing for an empty file, and gives the empty file’s SHA-256', async () => {
    const { chunks, writer } = await written(['']);
    expect(chunks).toEqual([]);
    expect(writer.digest).toBe(createHash('sha256').digest('hex'));
  });
});
