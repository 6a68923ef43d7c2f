/** The migrated, empty template of this run (named and dropped by the global setup and teardown). */
export const baseTemplate = () => process.env.RECTIFY_TEST_TEMPLATE!;
/** The template that also holds the demo data. */
export const demoTemplateFor = (base: string) => `${base}_demo`;
