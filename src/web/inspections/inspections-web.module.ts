import { Module } from '@nestjs/common';
import { InspectionsModule } from '../../inspections/inspections.module';
import { ReportsModule } from '../../reports/reports.module';
import { InspectionsHomeCard } from './inspections-home-card';
import { InspectionPages } from './inspections.pages';

/** Pages of the 重要危险源 register and its inspections (phone first). */
@Module({
  imports: [InspectionsModule, ReportsModule],
  controllers: [InspectionPages],
  providers: [InspectionsHomeCard],
  exports: [InspectionsHomeCard],
})
export class InspectionsWebModule {}
