import { Module } from '@nestjs/common';
import { ChildrenRepository } from './children.repository.js';
import { ChildrenService } from './children.service.js';
import { CprVault } from './cpr-vault.js';

/** The child register and the CPR vault, for the courses and for whatever must open a stored CPR (extracts). */
@Module({
  providers: [ChildrenRepository, ChildrenService, CprVault],
  exports: [ChildrenService, CprVault],
})
export class ChildrenModule {}
