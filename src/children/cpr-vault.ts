import { createHmac } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { openAesGcm, sealAesGcm } from '../common/aes-gcm.js';
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
    // The key id is authenticated with the ciphertext, so a row cannot be opened as another key's.
    return { ciphertext: sealAesGcm(this.key(keyId), digits, Buffer.from(keyId)), keyId, index: this.blindIndex(digits) };
  }

  open(ciphertext: Buffer, keyId: string): string {
    return openAesGcm(this.key(keyId), ciphertext, Buffer.from(keyId)).toString('utf8');
  }

  private key(keyId: string): Buffer {
    const key = this.config.crypto.cprKeys.get(keyId);
    if (!key) throw new Error(`No CPR encryption key with id ${keyId} is configured`);
    return key;
  }
}
