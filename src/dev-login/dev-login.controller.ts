import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../auth/roles.decorator.js';
import { DevLoginDto } from './dev-login.dto.js';
import { DevLoginService } from './dev-login.service.js';

/**
 * POST /api/dev-login: a token from the local development issuer for the chosen roles,
 * municipalities and name. Registered only where devLoginAvailable() holds; left out of the
 * API document, which describes the production API.
 */
@ApiExcludeController()
@Controller('api/dev-login')
export class DevLoginController {
  constructor(private readonly service: DevLoginService) {}

  @Post()
  @Public()
  @HttpCode(200)
  login(@Body() dto: DevLoginDto) {
    return this.service.mint(dto);
  }
}
