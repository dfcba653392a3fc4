import { Foundation1764140000000 } from './1764140000000-Foundation.js';
import { Courses1764150000000 } from './1764150000000-Courses.js';
import { ServiceTargets1764160000000 } from './1764160000000-ServiceTargets.js';
import { Extracts1764170000000 } from './1764170000000-Extracts.js';
import { Monitoring1764180000000 } from './1764180000000-Monitoring.js';
import { KlDelivery1764291700000 } from './1764291700000-KlDelivery.js';
import { KlCourseFacts1764291800000 } from './1764291800000-KlCourseFacts.js';

/** Every migration, in order. Listed explicitly so no glob or loader decides what runs. */
export const MIGRATIONS = [
  Foundation1764140000000,
  Courses1764150000000,
  ServiceTargets1764160000000,
  Extracts1764170000000,
  Monitoring1764180000000,
  KlDelivery1764291700000,
  KlCourseFacts1764291800000,
];
