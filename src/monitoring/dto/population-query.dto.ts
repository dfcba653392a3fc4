import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';

export class PopulationQueryDto {
  @ApiPropertyOptional({
    example: 2026,
    description: 'The year summarised (population on 1 January); default: the current year in Denmark',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @Max(2100)
  year?: number;
}

export class PopulationLoadQueryDto {
  @ApiPropertyOptional({
    example: 'Danmarks Statistik, FOLK1A, udtrukket 2026-02-11',
    description: 'Where the file came from; stored with every row',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  source?: string;
}
