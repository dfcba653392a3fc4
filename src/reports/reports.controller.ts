import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Roles } from '../auth/roles.decorator.js';
import { complianceCsv } from './compliance-csv.js';
import { ComparisonQueryDto } from './dto/comparison-query.dto.js';
import { ComparisonResponseDto } from './dto/comparison.response.js';
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

  @Get('comparison')
  @ApiOperation({
    summary:
      "Comparison of municipalities: each one's compliance rate and courses judged for a national target and half-year, the national rate and the funnel plot's 95 % and 99.8 % control limits",
  })
  @ApiOkResponse({ type: ComparisonResponseDto })
  comparison(@Query() query: ComparisonQueryDto) {
    return this.reports.comparison(query);
  }

  @Get('flow')
  @ApiOperation({ summary: 'How far the cohort got: steps reached, where the others left, waits between steps' })
  flow(@Query() query: ReportQueryDto) {
    return this.reports.flow(query);
  }
}
