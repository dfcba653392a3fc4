import { Foundation1764140000000 } from './1764140000000-Foundation.js';

/** Every migration, in order. Listed explicitly so no glob or loader decides what runs. */
export const MIGRATIONS = [Foundation1764140000000];
