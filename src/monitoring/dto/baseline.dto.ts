import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';

const HALF_YEAR = /^\d{4}H[12]$/;

export class BaselineDto {
  @ApiProperty({ example: '2024H2', description: 'First half-year of the baseline period (YYYYH1 or YYYYH2)' })
  @Matches(HALF_YEAR, { message: 'from must be a half-year written YYYYH1 or YYYYH2' })
  from: string;

  @ApiProperty({ example: '2025H1', description: 'Last half-year of the baseline period, inclusive' })
  @Matches(HALF_YEAR, { message: 'to must be a half-year written YYYYH1 or YYYYH2' })
  to: string;
}
