import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/roles.decorator.js';
import { complianceCsv } from './compliance-csv.js';
import { ReportQueryDto } from './dto/report-query.dto.js';
import { ReportsService } from './reports.service.js';

@ApiTags('reports')
@ApiBearerAuth()
@Roles('manager', 'evaluator')
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('compliance')
  @ApiProduces('application/json', 'text/csv')
  @ApiOperation({ summary: 'Service-target compliance for the cohort of first contacts in [from, to]; Accept: text/csv for CSV' })
  async compliance(
    @Query() query: ReportQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const report = await this.reports.compliance(query);
    if (accept?.includes('text/csv')) {
      res.type('text/csv; charset=utf-8');
      res.setHeader('Content-Disposition', `attachment; filename="compliance-${query.from}-${query.to}.csv"`);
      return complianceCsv(report.targets);
    }
    return report;
  }

  @Get('flow')
  @ApiOperation({ summary: 'How far the cohort got: steps reached, where the others left, waits between steps' })
  flow(@Query() query: ReportQueryDto) {
    return this.reports.flow(query);
  }
}
