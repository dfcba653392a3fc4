import { ApiProperty } from '@nestjs/swagger';

export class MunicipalityView {
  @ApiProperty({ pattern: '^\\d{3}$', example: '751' })
  code: string;

  @ApiProperty({ example: 'Aarhus' })
  name: string;

  @ApiProperty({ example: '1082' })
  regionCode: string;

  @ApiProperty({ example: 'Region Midtjylland' })
  regionName: string;

  @ApiProperty({ type: 'integer', nullable: true, example: 367095, description: 'The latest population known' })
  population: number | null;

  @ApiProperty({ type: 'integer', nullable: true, example: 2025, description: 'The year of that population' })
  populationYear: number | null;
}

export class MunicipalityList {
  @ApiProperty({ type: () => [MunicipalityView], description: 'By code' })
  items: MunicipalityView[];
}
