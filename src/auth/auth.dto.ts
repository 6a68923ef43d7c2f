import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'admin' })
  @IsString()
  @Length(1, 100)
  username: string;

  @ApiProperty({ example: 'secret123' })
  @IsString()
  @Length(1, 200)
  password: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @Length(1, 200)
  currentPassword: string;

  @ApiProperty({
    description:
      'At least 10 characters, not a common password, not containing the user name, not the current password',
  })
  @IsString()
  @Length(1, 200)
  newPassword: string;
}

export class TokenResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'Seconds until the token expires' }) expiresIn: number;
  @ApiPropertyOptional({
    description:
      'Present (true) when an administrator set the password: every call but POST /auth/password answers 403 ' +
      'PASSWORD_CHANGE_REQUIRED until the user chooses their own',
  })
  mustChangePassword?: true;
}

export class FailedLoginsQuery {
  @ApiPropertyOptional({ description: 'Failures of the last … hours (default 24, at most 720)' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(720)
  hours?: number;
}
