/** The weeks the demo's 举一反三 campaigns asked for (2023-02-13 to 2023-04-09), newest first, as the form offers them. */
export const DEMO_CAMPAIGN_WEEKS = [
  '2023-W14',
  '2023-W13',
  '2023-W12',
  '2023-W11',
  '2023-W10',
  '2023-W09',
  '2023-W08',
  '2023-W07',
];
