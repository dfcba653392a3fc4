import { Module } from '@nestjs/common';
import { ChildrenModule } from '../children/children.module.js';
import { CourseChangesModule } from '../courses/course-changes.module.js';
import { JobsModule } from '../jobs/jobs.module.js';
import { MunicipalitiesModule } from '../municipalities/municipalities.module.js';
import { DeliveryExport } from './delivery-export.js';
import { KlDeliveriesController } from './kl-deliveries.controller.js';
import { KlDeliveriesService } from './kl-deliveries.service.js';
import { KlDeliveryRepository } from './kl-delivery.repository.js';
import { KlDeliveryWorker } from './delivery.worker.js';
import { KlGateway } from './kl-gateway.js';
import { KlPlanner } from './kl-planner.js';
import { KlReplanner } from './kl-replanner.js';
import { KlReportingSettingsService } from './kl-reporting-settings.service.js';

/**
 * The KL delivery (docs/kl-reporting.md): the outbox writer (`KlPlanner`, registered with
 * the courses' change hooks, so that courses depend on nothing here), the delivery queue's tasks (run by the shared job runner of `jobs/`), the ledger, the reporting settings, re-delivery,
 * export and backfill. The mapping itself is the pure core in `kl-reporting/`.
 */
@Module({
  imports: [ChildrenModule, CourseChangesModule, JobsModule, MunicipalitiesModule],
  controllers: [KlDeliveriesController],
  providers: [
    KlDeliveryRepository,
    KlPlanner,
    KlReplanner,
    KlGateway,
    KlDeliveryWorker,
    KlDeliveriesService,
    KlReportingSettingsService,
    DeliveryExport,
  ],
})
export class KlDeliveryModule {}
