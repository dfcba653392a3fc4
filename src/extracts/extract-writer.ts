import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';

export const CHUNK_BYTES = 1024 * 1024;

/**
 * The end of an extract's pipeline: hashes every byte (SHA-256 for the manifest), counts them,
 * and hands the file on in 1 MiB chunks to `store`, awaiting each, so memory stays flat.
 */
export class ChunkingHashWriter extends Writable {
  private readonly hash = createHash('sha256');
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private seq = 0;
  bytes = 0;
  digest = '';

  constructor(private readonly store: (seq: number, data: Buffer) => Promise<void>) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < CHUNK_BYTES) return callback();
    this.flush().then(() => callback(), callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.digest = this.hash.digest('hex');
    this.flush().then(() => callback(), callback);
  }

  private async flush(): Promise<void> {
    if (!this.pendingBytes) return;
    const data = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    await this.store(this.seq++, data);
  }
}
