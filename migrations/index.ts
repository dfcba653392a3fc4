import { Foundation1764140000000 } from './1764140000000-Foundation.js';
import { Courses1764150000000 } from './1764150000000-Courses.js';
import { ServiceTargets1764160000000 } from './1764160000000-ServiceTargets.js';
import { Extracts1764170000000 } from './1764170000000-Extracts.js';
import { Monitoring1764180000000 } from './1764180000000-Monitoring.js';
import { IdempotencyScope1764213370000 } from './1764213370000-IdempotencyScope.js';
import { AuditOutcome1764213380000 } from './1764213380000-AuditOutcome.js';
import { TextLimits1764213390000 } from './1764213390000-TextLimits.js';
import { KlDelivery1764291700000 } from './1764291700000-KlDelivery.js';
import { KlCourseFacts1764291800000 } from './1764291800000-KlCourseFacts.js';
import { ExtractJobs1764601874000 } from './1764601874000-ExtractJobs.js';
import { JobQueue1764601873000 } from './1764601873000-JobQueue.js';
import { PseudonymScheme1764601875000 } from './1764601875000-PseudonymScheme.js';
import { ExtractChunkStorage1764601876000 } from './1764601876000-ExtractChunkStorage.js';
import { KlReportedResources1764700000000 } from './1764700000000-KlReportedResources.js';
import { ResponsibleWorker1764325510000 } from './1764325510000-ResponsibleWorker.js';

/** Every migration, in order. Listed explicitly so no glob or loader decides what runs. */
export const MIGRATIONS = [
  Foundation1764140000000,
  Courses1764150000000,
  ServiceTargets1764160000000,
  Extracts1764170000000,
  Monitoring1764180000000,
  IdempotencyScope1764213370000,
  AuditOutcome1764213380000,
  TextLimits1764213390000,
  KlDelivery1764291700000,
  KlCourseFacts1764291800000,
  ResponsibleWorker1764325510000,
  JobQueue1764601873000,
  ExtractJobs1764601874000,
  PseudonymScheme1764601875000,
  ExtractChunkStorage1764601876000,
  KlReportedResources1764700000000,
];
