import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';

export const CHUNK_BYTES = 1024 * 1024;

/**
 * The end of an extract's pipeline: hashes every byte (SHA-256 for the manifest), counts them,
 * and hands the file on in 1 MiB chunks to `store`, awaiting each, so memory stays flat. Text is
 * written straight into one buffer kept for the writer's life, and `store` gets that same buffer
 * each time: it must be done with `data` when its promise settles (a query has sent it by then).
 * A national extract is tens of MiB; a new buffer for each piece and each chunk would be garbage
 * that the process holds until a full collection.
 */
export class ChunkingHashWriter extends Writable {
  private readonly hash = createHash('sha256');
  private readonly chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private filled = 0;
  private seq = 0;
  bytes = 0;
  digest = '';

  constructor(private readonly store: (seq: number, data: Buffer) => Promise<void>) {
    super({ decodeStrings: false });
  }

  override _write(piece: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.take(piece).then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.digest = this.hash.digest('hex');
    this.flush().then(() => callback(), callback);
  }

  private async take(piece: Buffer | string): Promise<void> {
    if (typeof piece === 'string') {
      const length = Buffer.byteLength(piece, 'utf8');
      if (length <= CHUNK_BYTES - this.filled) {
        this.hash.update(piece, 'utf8');
        this.bytes += length;
        this.filled += this.chunk.write(piece, this.filled, 'utf8');
        if (this.filled === CHUNK_BYTES) await this.flush();
        return;
      }
      piece = Buffer.from(piece, 'utf8'); // it spans chunks: once per chunk at most, for the piece that crosses
    }
    this.hash.update(piece);
    this.bytes += piece.length;
    for (let at = 0; at < piece.length;) {
      const n = piece.copy(this.chunk, this.filled, at);
      at += n;
      this.filled += n;
      if (this.filled === CHUNK_BYTES) await this.flush();
    }
  }

  private async flush(): Promise<void> {
    if (!this.filled) return;
    const data = this.filled === CHUNK_BYTES ? this.chunk : this.chunk.subarray(0, this.filled);
    this.filled = 0;
    await this.store(this.seq++, data);
  }
}
