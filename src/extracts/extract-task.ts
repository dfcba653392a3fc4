/** The job queue's task that makes an extract (payload `{ extractId }`). */
export const EXTRACT_TASK = 'extract_build';
