import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { FindingSimilarityRepository } from './finding-similarity.repository';
import { synonymRows } from './rules/safety-synonyms';

/**
 * At start, the similarity_synonyms table is made equal to the synonym file (findings/rules/safety-synonym-table.json);
 * when the file changed, every finding's text is read again through it. Editing the file is all a change needs.
 */
@Injectable()
export class SimilaritySynonymsSync implements OnApplicationBootstrap {
  constructor(private readonly similarity: FindingSimilarityRepository) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.similarity.syncSynonyms(synonymRows());
  }
}
