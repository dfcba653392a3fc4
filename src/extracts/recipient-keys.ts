import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { openAesGcm, sealAesGcm } from '../common/aes-gcm.js';
import { AppConfig } from '../config/app-config.js';

/**
 * Each extract recipient's pseudonymisation key: 32 random bytes made by the service, stored
 * only encrypted (AES-256-GCM under EXTRACT_KEY_ENCRYPTION_KEY), never shown to anyone.
 */
@Injectable()
export class RecipientKeys {
  constructor(private readonly config: AppConfig) {}

  generate(): { key: Buffer; sealed: Buffer } {
    const key = randomBytes(32);
    return { key, sealed: this.seal(key) };
  }

  seal(key: Buffer): Buffer {
    return sealAesGcm(this.config.crypto.extractKeyEncryptionKey, key);
  }

  open(sealed: Buffer): Buffer {
    return openAesGcm(this.config.crypto.extractKeyEncryptionKey, sealed);
  }
}
