import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/roles.decorator.js';
import { MunicipalityCodePipe } from '../common/municipality-code.pipe.js';
import { ApiProblems, invalid, type ProblemSpec } from '../common/openapi.js';
import { DeliveriesQueryDto, HeldBackQueryDto, RedeliveryDto, SetReportingDto } from './dto/kl-delivery.dto.js';
import { DeliveriesPage, HeldBackPage, RedeliveryOutcome, ReportingView } from './dto/kl-delivery.response.js';
import { KlDeliveriesService } from './kl-deliveries.service.js';
import { KlReportingSettingsService } from './kl-reporting-settings.service.js';

const NOT_YOURS: ProblemSpec = {
  description: 'Your role does not allow this, or (a manager) you do not work for the municipality asked about',
  detail: 'You do not work for municipality 101',
};
const PERIOD: ProblemSpec = {
  description: 'The query is invalid (errors names each field and the rule), or from is after to',
  code: 'invalid_input',
  detail: 'from must not be after to',
  errors: [{ field: 'from', code: 'period', message: 'from must not be after to' }],
};
const NO_MUNICIPALITY: ProblemSpec = { description: 'No municipality has this code', detail: 'Municipality was not found' };

@ApiTags('kl-delivery')
@Controller('api/v1')
export class KlDeliveriesController {
  constructor(
    private readonly deliveries: KlDeliveriesService,
    private readonly settings: KlReportingSettingsService,
  ) {}

  @Get('municipalities/:code/reporting')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'The municipality’s KL reporting settings: the SOR code it reports under (null: everything held back)' })
  @ApiOkResponse({ description: 'The settings', type: ReportingView })
  @ApiProblems({ 400: invalid('code', 'matches', 'code must be a 3-digit municipality code'), 403: NOT_YOURS, 404: NO_MUNICIPALITY })
  getReporting(@Param('code', MunicipalityCodePipe) code: string) {
    return this.settings.get(code);
  }

  @Put('municipalities/:code/reporting')
  @Roles('admin')
  @ApiOperation({
    summary:
      'Set the municipality’s reporting SOR code (KL-LTT: dk-core min-digits-sor); its courses are planned again, releasing what was held back',
  })
  @ApiOkResponse({ description: 'The settings as stored', type: ReportingView })
  @ApiProblems({ 400: invalid('sorCode', 'matches', 'sorCode must be digits only (dk-core min-digits-sor)'), 404: NO_MUNICIPALITY })
  setReporting(@Param('code', MunicipalityCodePipe) code: string, @Body() dto: SetReportingDto) {
    return this.settings.set(code, dto.sorCode);
  }

  @Get('kl/deliveries')
  @Roles('admin', 'manager')
  @ApiOperation({
    summary: 'The KL delivery ledger: every report with its state, tries, last error and the gateway’s reasons, and counts per state',
  })
  @ApiOkResponse({
    description: 'One page of reports (or of held-back courses, state=held_back), newest first, with the counts',
    type: DeliveriesPage,
  })
  @ApiProblems({ 400: PERIOD, 403: NOT_YOURS })
  ledger(@Query() query: DeliveriesQueryDto) {
    return this.deliveries.ledger(query);
  }

  @Get('kl/held-back')
  @Roles('admin', 'manager')
  @ApiOperation({ summary: 'What is held back from KL and why: municipalities without a SOR code, courses without CPR' })
  @ApiOkResponse({ description: 'The municipalities without a SOR code, counts, and one page of held-back courses', type: HeldBackPage })
  @ApiProblems({ 400: PERIOD, 403: NOT_YOURS })
  heldBack(@Query() query: HeldBackQueryDto) {
    return this.deliveries.heldBack(query);
  }

  @Post('kl/deliveries/redeliveries')
  @HttpCode(200)
  @Roles('admin', 'manager')
  @ApiOperation({
    summary:
      'Re-deliver after a fix: the rejected reports’ courses, or every course with a report made in a period, sent again with everything KL should hold now (new Bundle ids); their older undelivered reports are superseded',
  })
  @ApiOkResponse({ description: 'What was planned again', type: RedeliveryOutcome })
  @ApiProblems({
    400: { ...PERIOD, description: 'The body is invalid (errors names each field), from is after to, or a period lacks from or to' },
    403: NOT_YOURS,
    404: NO_MUNICIPALITY,
    422: {
      description: 'More courses than one re-delivery plans at a time: ask for a shorter period',
      code: 'redelivery_too_large',
      detail: '6210 courses would be planned again; at most 5000 at a time: ask for a shorter period',
    },
  })
  redeliver(@Body() dto: RedeliveryDto) {
    return this.deliveries.redeliver(dto);
  }
}
