import type { DemoCast } from './demo-cast';
import { at, DemoServices } from './demo-context';

/**
 * The statutory 隐患排查治理 statistics of the first quarter of 2023: 中铝山西新材料's table prepared (2023-04-10),
 * checked (04-11) and locked with its 主要负责人's name (04-12), before the 15 April deadline. 中铝山西铝业 has not
 * filed, so it appears in the not-filed list. The 主要负责人's name is invented.
 */
export class DemoStatutory {
  constructor(
    private readonly s: DemoServices,
    private readonly cast: DemoCast,
  ) {}

  async seed(): Promise<void> {
    const office = this.cast.actor('han.jingyi');
    const company = this.cast.unit('XCL');
    const prepared = await this.s.clock.replayAt(at('2023-04-10'), () =>
      this.s.statutory.prepare(office, { unitId: company.id, period: '2023-Q1' }),
    );
    const checked = await this.s.clock.replayAt(at('2023-04-11'), () =>
      this.s.statutory.check(office, prepared.id, prepared.version),
    );
    await this.s.clock.replayAt(at('2023-04-12'), () =>
      this.s.statutory.lock(office, prepared.id, {
        version: checked.version,
        principalName: '赵建国',
        signedOn: '2023-04-12',
        preparerName: office.displayName,
        phone: '0359-5261234',
      }),
    );
  }
}
