import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/roles.decorator.js';
import { ApiProblems, INVALID_REQUEST, type ProblemSpec } from '../common/openapi.js';
import { complianceCsv } from './compliance-csv.js';
import { ComplianceReport, FlowReport } from './dto/report.response.js';
import { ComparisonQueryDto } from './dto/comparison-query.dto.js';
import { ComparisonResponseDto } from './dto/comparison.response.js';
import { ReportQueryDto } from './dto/report-query.dto.js';
import { ReportsService } from './reports.service.js';

const PROBLEMS: Partial<Record<400 | 403 | 422, ProblemSpec>> = {
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
  422: {
    description:
      'An evaluator asked below national level for a period that is not a whole calendar half-year (whole_half_year), or for a grouping published only nationally (grouping_below_national)',
    code: 'whole_half_year',
    detail:
      'Below national level, figures are published for whole calendar half-years only (from YYYY-01-01 to YYYY-06-30, or YYYY-07-01 to YYYY-12-31)',
    errors: [
      {
        field: 'from',
        code: 'whole_half_year',
        message:
          'Below national level, figures are published for whole calendar half-years only (from YYYY-01-01 to YYYY-06-30, or YYYY-07-01 to YYYY-12-31)',
      },
    ],
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

  @Get('comparison')
  @ApiOperation({
    summary:
      "Comparison of municipalities: each one's compliance rate and courses judged for a national target and half-year, the national rate and the funnel plot's 95 % and 99.8 % control limits",
  })
  @ApiOkResponse({ description: 'The points, the national rate and the control limits', type: ComparisonResponseDto })
  @ApiProblems({
    400: {
      ...INVALID_REQUEST,
      description: 'A parameter is invalid',
      code: 'validation',
      detail: 'period must be a half-year written YYYYH1 or YYYYH2',
      errors: [{ field: 'period', code: 'matches', message: 'period must be a half-year written YYYYH1 or YYYYH2' }],
    },
    403: { description: 'Your role does not allow this (manager or evaluator)', detail: 'Reports are for managers and evaluators' },
    422: {
      description: 'The half-year has not begun',
      code: 'period_in_future',
      detail: 'The period 2027H1 has not begun (today is 2026-12-01)',
      errors: [{ field: 'period', code: 'period_in_future', message: 'The period 2027H1 has not begun (today is 2026-12-01)' }],
    },
  })
  comparison(@Query() query: ComparisonQueryDto) {
    return this.reports.comparison(query);
  }

  @Get('flow')
  @ApiOperation({ summary: 'How far the cohort got: steps reached, where the others left, waits between steps' })
  @ApiOkResponse({ description: 'The report', type: FlowReport })
  @ApiProblems(PROBLEMS)
  flow(@Query() query: ReportQueryDto) {
    return this.reports.flow(query);
  }
}
