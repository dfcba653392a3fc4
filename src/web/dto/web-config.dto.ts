import { ApiProperty } from '@nestjs/swagger';

export class WebOidcConfigDto {
  @ApiProperty({ example: 'https://login.example.dk/realms/kommune', description: 'OIDC_ISSUER_URL' })
  issuer: string;

  @ApiProperty({ example: 'ltt-web', description: 'OIDC_CLIENT_ID: a public client (authorization code with PKCE)' })
  clientId: string;

  @ApiProperty({ example: 'openid', description: 'OIDC_SCOPE' })
  scope: string;
}

export class WebConfigDto {
  @ApiProperty({ type: WebOidcConfigDto, nullable: true, description: 'The issuer to log in with; null with the local development issuer' })
  oidc: WebOidcConfigDto | null;

  @ApiProperty({ description: 'Whether the development login (POST /api/dev-login) exists on this instance' })
  devLogin: boolean;
}
