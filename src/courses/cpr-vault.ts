import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config.js';

export interface SealedCpr {
  ciphertext: Buffer;
  keyId: string;
  index: string;
}

/**
 * CPR numbers at rest: AES-256-GCM with a key id (for rotation), plus a keyed blind index
 * (HMAC-SHA-256) for look-ups and de-duplication, so no column holds a plaintext CPR.
 */
@Injectable()
export class CprVault {
  constructor(private readonly config: AppConfig) {}

  blindIndex(digits: string): string {
    return createHmac('sha256', this.config.crypto.cprIndexKey).update(digits).digest('hex');
  }

  seal(digits: string): SealedCpr {
    const keyId = this.config.crypto.currentKeyId;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key(keyId), iv);
    cipher.setAAD(Buffer.from(keyId));
    const body = Buffer.concat([cipher.update(digits, 'utf8'), cipher.final()]);
    return { ciphertext: Buffer.concat([iv, cipher.getAuthTag(), body]), keyId, index: this.blindIndex(digits) };
  }

  open(ciphertext: Buffer, keyId: string): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key(keyId), ciphertext.subarray(0, 12));
    decipher.setAAD(Buffer.from(keyId));
    decipher.setAuthTag(ciphertext.subarray(12, 28));
    return Buffer.concat([decipher.update(ciphertext.subarray(28)), decipher.final()]).toString('utf8');
  }

  private key(keyId: string): Buffer {
    const key = this.config.crypto.cprKeys.get(keyId);
    if (!key) throw new Error(`No CPR encryption key with id ${keyId} is configured`);
    return key;
  }
}
