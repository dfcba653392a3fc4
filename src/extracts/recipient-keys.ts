import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
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
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.config.crypto.extractKeyEncryptionKey, iv);
    const body = Buffer.concat([cipher.update(key), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  open(sealed: Buffer): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.config.crypto.extractKeyEncryptionKey, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
  }
}
