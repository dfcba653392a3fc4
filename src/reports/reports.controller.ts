import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/roles.decorator.js';
import { ApiProblems, INVALID_REQUEST, type ProblemSpec } from '../common/openapi.js';
import { complianceCsv } from './compliance-csv.js';
import { ComplianceReport, FlowReport } from './dto/report.response.js';
import { ReportQueryDto } from './dto/report-query.dto.js';
import { ReportsService } from './reports.service.js';

const PROBLEMS: Partial<Record<400 | 403, ProblemSpec>> = {
  400: {
    ...INVALID_REQUEST,
    description: 'A parameter is invalid, to is before from, or more than one of municipality, region and national is given',
    code: 'invalid_input',
    detail: 'to must be on or after from',
    errors: [{ field: 'to', code: 'after_from', message: 'to must be on or after from' }],
  },
  403: {
    description:
      'Your role does not allow this (manager or evaluator), or a manager asked for another municipality, a region or the nation',
    detail: 'Managers see reports for their own municipalities',
  },
};

const CSV_EXAMPLE =
  'target,group,met,breached,overdue,pending,not_applicable,rate,completed_n,completed_median,completed_p90,open_n,open_median,open_p90,' +
  'adjusted_met,adjusted_breached,adjusted_overdue,adjusted_rate,adjusted_completed_n,adjusted_completed_median,adjusted_completed_p90\n' +
  'pre_conversation_14d,all,35,5,0,2,0,0.875,40,9,15,2,4,6,36,4,0,0.9,40,8,14\n';

@ApiTags('reports')
@Roles('manager', 'evaluator')
@ApiExtraModels(ComplianceReport)
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('compliance')
  @ApiOperation({ summary: 'Service-target compliance for the cohort of first contacts in [from, to]; Accept: text/csv for CSV' })
  @ApiOkResponse({
    description: 'The report: JSON, or with Accept: text/csv one line per target and group with the same figures (empty where null)',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(ComplianceReport) } },
      'text/csv': { schema: { type: 'string' }, example: CSV_EXAMPLE },
    },
    headers: {
      'Content-Disposition': {
        description: 'CSV only: attachment, with the file name',
        schema: { type: 'string', example: 'attachment; filename="compliance-2026-01-01-2026-06-30.csv"' },
      },
    },
  })
  @ApiProblems(PROBLEMS)
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
  @ApiOkResponse({ description: 'The report', type: FlowReport })
  @ApiProblems(PROBLEMS)
  flow(@Query() query: ReportQueryDto) {
    return this.reports.flow(query);
  }
}
