import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator.js';
import { AppConfig } from '../config/app-config.js';
import { WebConfigDto } from './dto/web-config.dto.js';
import { webConfigOf } from './web-config.js';

/** Public: the browser reads it before anyone has logged in, so one build serves every municipality. */
@ApiTags('web')
@Controller()
export class WebConfigController {
  constructor(private readonly config: AppConfig) {}

  @Get('web-config.json')
  @Public()
  @Header('Cache-Control', 'no-cache')
  @ApiOperation({ summary: 'How the web front logs in here: the OpenID Connect issuer and client, or the development login' })
  @ApiOkResponse({ description: 'How to log in', type: WebConfigDto })
  get(): WebConfigDto {
    return webConfigOf(this.config);
  }
}
