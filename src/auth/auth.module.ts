import { Module } from '@nestjs/common';
import { MeController } from './me.controller.js';

/** The caller's own identity (GET /api/v1/me). Token verification and the guard are global (app.module.ts). */
@Module({ controllers: [MeController] })
export class AuthModule {}
