/**
 * A query as text and its parameters. Repositories build their SQL through plain functions that
 * return one, so the rendered text can be reviewed without a database (`npm run queries` writes
 * every query to docs/queries/).
 */
export interface Query {
  text: string;
  values: unknown[];
}
