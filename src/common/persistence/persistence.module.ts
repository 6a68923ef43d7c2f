import { Global, Module } from '@nestjs/common';
import { Transactions } from './transactions';

/** Transactions for every module's services (repositories are provided by the module that owns the tables). */
@Global()
@Module({ providers: [Transactions], exports: [Transactions] })
export class PersistenceModule {}
